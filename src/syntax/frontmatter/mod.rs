//! The frontmatter block, read the way Claude Code reads it.
//!
//! This is a span-preserving scanner for the subset of YAML that agent frontmatter uses: one
//! top-level mapping whose values are scalars (plain, quoted, block), flow or block lists, or
//! nested mappings. Every key, value and list item keeps its exact byte range. It is *lenient*
//! where Claude Code is lenient (an unquoted `: ` inside a one-line value is part of the value)
//! and records a [`Problem`] for everything that either breaks strict YAML tools or makes Claude
//! Code drop the file. Whether strict YAML accepts the block is decided separately by
//! [`super::strict`], with a real YAML 1.2 parser.
//!
//! This file holds the public types and [`parse`]; the scan itself is split by what it reads:
//! - `lines`: splitting the block into lines, indentation, comments;
//! - `scanner`: the `Scanner` and its top-level loop (keys, entries, which kind of value);
//! - `scalars`: plain, quoted and block scalars, escapes;
//! - `lists`: flow collections (`[a, b]`, `{}`), block lists (`- a`), comma strings (`a, b`).

mod lines;
mod lists;
mod scalars;
mod scanner;
#[cfg(test)]
mod tests;

use super::Span;
use super::mapped::MappedText;
use lines::{is_delimiter, line_at, line_start_of};
use lists::split_comma_list;
use scanner::Scanner;

/// The frontmatter of a document, or the reason there is none.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Frontmatter {
    /// The opening `---` (without its line break).
    pub open: Span,
    /// The closing `---`, if any.
    pub close: Option<Span>,
    /// The YAML text between the delimiters.
    pub content: Span,
    /// Where the body starts: after the closing delimiter's line break, or the document end.
    pub body_start: usize,
    /// The closing `---` is not a line of its own: Claude Code ended the block inside a line (a
    /// value holding `---`, or a `----` line), and the rest of that line is body.
    pub close_inline: bool,
    /// Top-level entries in source order.
    pub entries: Vec<Entry>,
    /// Structural findings of the lenient scan.
    pub problems: Vec<Problem>,
    /// Whether the frontmatter's lines end in CRLF.
    pub crlf: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    pub key: String,
    pub key_span: Span,
    /// From the key to the end of the value's last line (without the final line break).
    pub span: Span,
    pub value: Value,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Value {
    /// The value's source text (for an empty value, an empty span right after the colon).
    pub span: Span,
    pub kind: ValueKind,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ValueKind {
    /// Nothing after the colon (YAML null).
    Null,
    Scalar(Scalar),
    List(List),
    /// A nested mapping; `empty` for `{}`.
    Mapping {
        empty: bool,
    },
    /// Anything else (aliases, tags, broken syntax).
    Other,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ScalarStyle {
    Plain,
    SingleQuoted,
    DoubleQuoted,
    Literal,
    Folded,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Scalar {
    pub style: ScalarStyle,
    /// The decoded value, mapped back to the source.
    pub text: MappedText,
    /// Plain scalar spread over several lines.
    pub multiline: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ListStyle {
    Flow,
    Block,
    /// A comma-separated plain string (`tools: Read, Grep`).
    Comma,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct List {
    pub style: ListStyle,
    pub items: Vec<Item>,
    /// The span of the list's inside, where a new item could be typed (for completion).
    pub inner: Span,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Item {
    /// The item's text (unquoted).
    pub text: String,
    /// The item's text in the source (inside quotes, if quoted).
    pub span: Span,
    /// The item is itself a collection (e.g. an inline server config).
    pub nested: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ProblemKind {
    /// Strict YAML rejects this, Claude Code's lenient one-line fallback accepts it.
    LenientOnly,
    /// Like [`ProblemKind::LenientOnly`], on a CRLF line, where the fallback does not apply.
    LenientCrlf,
    /// A value continued on a line at column 0.
    UnindentedContinuation,
    /// A value starting with `[` or `{` that is not a valid flow collection.
    InvalidFlow,
    /// A tab used as indentation.
    TabIndentation,
    /// The second occurrence of a key; `first` is the first.
    DuplicateKey { first: Span },
    /// Other YAML syntax Claude Code cannot load.
    Syntax,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub kind: ProblemKind,
    pub span: Span,
    /// What is wrong, without its consequence (which depends on Claude Code's verdict).
    pub what: String,
    /// How to repair it.
    pub fix: String,
}

/// Where the frontmatter stands in the document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Parsed {
    /// The first line is not `---`.
    Missing,
    Present(Frontmatter),
}

impl Parsed {
    pub fn frontmatter(&self) -> Option<&Frontmatter> {
        match self {
            Parsed::Present(fm) => Some(fm),
            Parsed::Missing => None,
        }
    }
}

impl Frontmatter {
    /// The entry of `key`; of a repeated key, the last one (Claude Code keeps the last value).
    pub fn entry(&self, key: &str) -> Option<&Entry> {
        self.entries.iter().rev().find(|e| e.key == key)
    }
}

impl Value {
    /// The items of a list-valued key, whatever its form: a flow list, a block list, or a comma
    /// string (`Read, Agent(a, b), Grep`; commas inside parentheses do not split).
    pub fn list_items(&self) -> Option<List> {
        match &self.kind {
            ValueKind::List(list) => Some(list.clone()),
            ValueKind::Scalar(s) if s.style == ScalarStyle::Plain || !s.multiline => {
                Some(split_comma_list(s, self.span))
            }
            ValueKind::Null => Some(List {
                style: ListStyle::Comma,
                items: Vec::new(),
                inner: self.span,
            }),
            _ => None,
        }
    }
}

/// Finds the frontmatter delimiters in `text` (a prefix of the document is enough as long as it
/// contains the closing delimiter line) and parses the block between them.
pub fn parse(text: &str) -> Parsed {
    let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let first = line_at(text, bom);
    if !is_delimiter(&text[first.start..first.end]) {
        return Parsed::Missing;
    }
    let crlf = text[first.end..first.next].starts_with("\r\n");
    let content_start = first.next;
    // Claude Code ends the block at the first `---` after the opening line, anywhere
    let close = super::load::delimit(text).map(|b| b.close);
    let (content_end, body_start, close_span, close_inline) = match close {
        Some(c) if c.start >= content_start => {
            let line = line_at(text, c.start);
            let own_line = line_start_of(text, c.start) == c.start
                && text[c.end..line.end].trim_matches([' ', '\t']).is_empty();
            let body = if own_line { line.next } else { c.end };
            (c.start, body, Some(c), !own_line)
        }
        _ => (text.len(), text.len(), None, false),
    };
    let (entries, problems) = if close_span.is_some() {
        Scanner::new(text, content_start, content_end).run()
    } else {
        (Vec::new(), Vec::new())
    };
    Parsed::Present(Frontmatter {
        open: Span::new(first.start, first.start + 3),
        close: close_span,
        content: Span::new(content_start, content_end),
        body_start,
        close_inline,
        entries,
        problems,
        crlf,
    })
}

/// The entries and problems of the lines `text[from..to]` alone (the lines of one top-level key,
/// read again after an edit inside them).
pub(crate) fn scan_lines(text: &str, from: usize, to: usize) -> (Vec<Entry>, Vec<Problem>) {
    Scanner::new(text, from, to).run()
}

/// Labels of the `<example>` convention that people leave at column 0 by mistake.
pub fn is_turn_label(key: &str) -> bool {
    [
        "user",
        "assistant",
        "context",
        "examples",
        "example",
        "commentary",
    ]
    .iter()
    .any(|l| key.eq_ignore_ascii_case(l))
}
