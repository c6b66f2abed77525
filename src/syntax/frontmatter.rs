//! The frontmatter block, read the way Claude Code reads it.
//!
//! This is a span-preserving scanner for the subset of YAML that agent frontmatter uses: one
//! top-level mapping whose values are scalars (plain, quoted, block), flow or block lists, or
//! nested mappings. Every key, value and list item keeps its exact byte range. It is *lenient*
//! where Claude Code is lenient (an unquoted `: ` inside a one-line value is part of the value)
//! and records a [`Problem`] for everything that either breaks strict YAML tools or makes Claude
//! Code drop the file. Whether strict YAML accepts the block is decided separately by
//! [`super::strict`], with a real YAML 1.2 parser.

use super::Span;
use super::mapped::MappedText;

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

/// One physical line: `start..end` without its line break; `next` is where the next line starts.
#[derive(Clone, Copy, Debug)]
struct Line {
    start: usize,
    end: usize,
    next: usize,
}

fn split_lines(text: &str, from: usize, to: usize) -> Vec<Line> {
    let bytes = text.as_bytes();
    let mut lines = Vec::new();
    let mut start = from;
    let mut i = from;
    while i < to {
        match bytes[i] {
            b'\n' => {
                let end = if i > start && bytes[i - 1] == b'\r' {
                    i - 1
                } else {
                    i
                };
                lines.push(Line {
                    start,
                    end,
                    next: i + 1,
                });
                start = i + 1;
            }
            b'\r' if bytes.get(i + 1) != Some(&b'\n') => {
                lines.push(Line {
                    start,
                    end: i,
                    next: i + 1,
                });
                start = i + 1;
            }
            _ => {}
        }
        i += 1;
    }
    if start < to {
        lines.push(Line {
            start,
            end: to,
            next: to,
        });
    }
    lines
}

/// The byte length of the first line of `text` including its line break, and whether it was
/// complete; used to find the delimiters without splitting the whole document.
fn line_at(text: &str, start: usize) -> Line {
    let bytes = text.as_bytes();
    let mut i = start;
    while i < bytes.len() {
        match bytes[i] {
            b'\n' => {
                let end = if i > start && bytes[i - 1] == b'\r' {
                    i - 1
                } else {
                    i
                };
                return Line {
                    start,
                    end,
                    next: i + 1,
                };
            }
            b'\r' if bytes.get(i + 1) != Some(&b'\n') => {
                return Line {
                    start,
                    end: i,
                    next: i + 1,
                };
            }
            _ => i += 1,
        }
    }
    Line {
        start,
        end: bytes.len(),
        next: bytes.len(),
    }
}

const TAB: &str = "tab used for indentation";

/// Where the line holding byte `at` starts.
fn line_start_of(text: &str, at: usize) -> usize {
    text[..at].rfind(['\n', '\r']).map(|i| i + 1).unwrap_or(0)
}

fn is_delimiter(s: &str) -> bool {
    s.trim_end_matches([' ', '\t']) == "---"
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
    let mut fm = Frontmatter {
        open: Span::new(first.start, first.start + 3),
        close: close_span,
        content: Span::new(content_start, content_end),
        body_start,
        close_inline,
        entries: Vec::new(),
        problems: Vec::new(),
        crlf,
    };
    if close_span.is_some() {
        Scanner::new(text, content_start, content_end).run(&mut fm);
    }
    Parsed::Present(fm)
}

struct Scanner<'a> {
    text: &'a str,
    lines: Vec<Line>,
    i: usize,
}

fn indent_of(s: &str) -> usize {
    s.len() - s.trim_start_matches(' ').len()
}

fn is_blank_or_comment(s: &str) -> bool {
    let t = s.trim_start_matches([' ', '\t']);
    t.is_empty() || t.starts_with('#')
}

impl<'a> Scanner<'a> {
    fn new(text: &'a str, from: usize, to: usize) -> Self {
        Scanner {
            text,
            lines: split_lines(text, from, to),
            i: 0,
        }
    }

    fn line_text(&self, idx: usize) -> &'a str {
        let l = self.lines[idx];
        &self.text[l.start..l.end]
    }

    fn line_is_crlf(&self, idx: usize) -> bool {
        let l = self.lines[idx];
        self.text[l.end..l.next].starts_with("\r\n")
    }

    fn problem(
        fm: &mut Frontmatter,
        kind: ProblemKind,
        span: Span,
        what: impl Into<String>,
        fix: impl Into<String>,
    ) {
        fm.problems.push(Problem {
            kind,
            span,
            what: what.into(),
            fix: fix.into(),
        });
    }

    fn run(mut self, fm: &mut Frontmatter) {
        let mut seen: std::collections::HashMap<String, Span> = std::collections::HashMap::new();
        while self.i < self.lines.len() {
            let idx = self.i;
            let line = self.lines[idx];
            let s = self.line_text(idx);
            if is_blank_or_comment(s) {
                // blank lines and comments (a tab before a comment is harmless)
                self.i += 1;
                continue;
            }
            if s.starts_with('\t') {
                let tabs = s.len() - s.trim_start_matches('\t').len();
                Self::problem(
                    fm,
                    ProblemKind::TabIndentation,
                    Span::new(line.start, line.start + tabs),
                    TAB,
                    "indent with spaces",
                );
                self.i += 1;
                continue;
            }
            if s.starts_with(' ') {
                let ind = indent_of(s);
                Self::problem(
                    fm,
                    ProblemKind::Syntax,
                    Span::new(line.start, line.start + ind),
                    "unexpected indentation: top-level keys start at column 1",
                    "remove the indentation",
                );
                self.i += 1;
                continue;
            }
            match self.key_at(idx) {
                Some((key, key_span, after_colon)) => {
                    let entry = self.entry(fm, key, key_span, after_colon);
                    if let Some(&first) = seen.get(&entry.key) {
                        Self::problem(
                            fm,
                            ProblemKind::DuplicateKey { first },
                            entry.key_span,
                            format!("duplicate key `{}`", entry.key),
                            "remove one of them",
                        );
                    }
                    seen.entry(entry.key.clone()).or_insert(entry.key_span);
                    fm.entries.push(entry);
                }
                None => {
                    let trimmed = s.trim_end();
                    let span = Span::new(line.start, line.start + trimmed.len());
                    if fm.entries.is_empty() {
                        Self::problem(
                            fm,
                            ProblemKind::Syntax,
                            span,
                            "expected `key: value`",
                            "write `key: value`, or remove the line",
                        );
                    } else {
                        // name the real key being continued, not a stray `user:` read as a key
                        let key = fm
                            .entries
                            .iter()
                            .rev()
                            .find(|e| !is_turn_label(&e.key))
                            .or(fm.entries.last())
                            .map(|e| e.key.clone())
                            .unwrap_or_default();
                        Self::problem(
                            fm,
                            ProblemKind::UnindentedContinuation,
                            span,
                            format!("this line continues `{key}` at column 1"),
                            format!(
                                "indent the continuation lines, or use a block scalar (`{key}: |`)"
                            ),
                        );
                    }
                    self.i += 1;
                }
            }
        }
    }

    /// A top-level `key:` at the start of line `idx`: the key, its span, and the offset right
    /// after the colon.
    fn key_at(&self, idx: usize) -> Option<(String, Span, usize)> {
        let line = self.lines[idx];
        let s = self.line_text(idx);
        let first = s.chars().next()?;
        if let Some(q) = ['"', '\''].into_iter().find(|q| *q == first) {
            let close = s[1..].find(q)? + 1;
            let rest = &s[close + 1..];
            let rest_trim = rest.trim_start_matches(' ');
            if !rest_trim.starts_with(':') {
                return None;
            }
            let colon = close + 1 + (rest.len() - rest_trim.len());
            if !matches!(s.as_bytes().get(colon + 1), None | Some(b' ') | Some(b'\t')) {
                return None;
            }
            return Some((
                s[1..close].to_string(),
                Span::new(line.start, line.start + close + 1),
                line.start + colon + 1,
            ));
        }
        if "-[]{}#&*!|>%@`?,".contains(first) {
            // `- item`, `[`, `{`, ... at column 0 cannot start a key (`-` only as `- `).
            if first != '-' || s.starts_with("- ") || s == "-" {
                return None;
            }
        }
        let bytes = s.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            if bytes[i] == b':' && matches!(bytes.get(i + 1), None | Some(b' ') | Some(b'\t')) {
                let key = s[..i].trim_end();
                if key.is_empty() {
                    return None;
                }
                return Some((
                    key.to_string(),
                    Span::new(line.start, line.start + key.len()),
                    line.start + i + 1,
                ));
            }
            if bytes[i] == b'#' && i > 0 && bytes[i - 1] == b' ' {
                return None;
            }
            i += 1;
        }
        None
    }

    /// Lines after `from` that belong to the current value: blank or comment lines, lines
    /// indented by at least one space, and (when `seq` is set) `- ` lines at column 0.
    /// Returns the index one past the last such line that is not blank.
    fn continuation_end(&self, from: usize, seq: bool) -> usize {
        let mut last = from;
        let mut j = from;
        while j < self.lines.len() {
            let s = self.line_text(j);
            if s.trim().is_empty() {
                j += 1;
                continue;
            }
            let belongs = s.starts_with(' ')
                || s.starts_with('\t')
                || (seq && (s.starts_with("- ") || s.trim_end() == "-"))
                || s.starts_with('#');
            if !belongs {
                break;
            }
            j += 1;
            if !s.trim_start().starts_with('#') || s.starts_with(' ') {
                last = j;
            }
        }
        last
    }

    fn entry(&mut self, fm: &mut Frontmatter, key: String, key_span: Span, after: usize) -> Entry {
        let idx = self.i;
        let line = self.lines[idx];
        let rest_raw = &self.text[after..line.end];
        let lead = rest_raw.len() - rest_raw.trim_start_matches([' ', '\t']).len();
        let vstart = after + lead;
        let rest = &self.text[vstart..line.end];
        let first = rest.chars().next();
        let (value, last_line) = match first {
            None | Some('#') => self.value_on_next_lines(fm, idx, vstart),
            Some('"') | Some('\'') => self.quoted(fm, idx, vstart),
            Some('|') | Some('>') => self.block_scalar(fm, idx, vstart),
            Some('[') | Some('{') => self.flow(fm, idx, vstart),
            Some('&') | Some('*') | Some('!') => {
                let end = self.continuation_end(idx + 1, false);
                let last = end.max(idx + 1) - 1;
                (
                    Value {
                        span: Span::new(vstart, self.lines[last].end),
                        kind: ValueKind::Other,
                    },
                    last,
                )
            }
            Some(_) => self.plain(fm, idx, vstart),
        };
        self.i = last_line + 1;
        Entry {
            key,
            key_span,
            span: Span::new(
                key_span.start,
                self.lines[last_line].end.max(value.span.end),
            ),
            value,
        }
    }

    /// `key:` with nothing more on the line: null, a block list, a nested mapping, or a plain
    /// scalar that starts on the next line.
    fn value_on_next_lines(
        &mut self,
        fm: &mut Frontmatter,
        idx: usize,
        vstart: usize,
    ) -> (Value, usize) {
        let vend_line = self.lines[idx].end;
        let empty_at = {
            // an empty value sits right after the colon (before any comment)
            let s = &self.text[vstart..vend_line];
            if s.starts_with('#') {
                vstart
            } else {
                vend_line
            }
        };
        let end = self.continuation_end(idx + 1, true);
        if end <= idx + 1 {
            return (
                Value {
                    span: Span::new(empty_at, empty_at),
                    kind: ValueKind::Null,
                },
                idx,
            );
        }
        // the first non-blank line decides
        let mut j = idx + 1;
        while j < end && is_blank_or_comment(self.line_text(j)) {
            j += 1;
        }
        if j >= end {
            return (
                Value {
                    span: Span::new(empty_at, empty_at),
                    kind: ValueKind::Null,
                },
                end - 1,
            );
        }
        let s = self.line_text(j);
        if s.starts_with('\t') {
            let l = self.lines[j];
            let tabs = s.len() - s.trim_start_matches('\t').len();
            Self::problem(
                fm,
                ProblemKind::TabIndentation,
                Span::new(l.start, l.start + tabs),
                TAB,
                "indent with spaces",
            );
        }
        let t = s.trim_start_matches([' ', '\t']);
        let start = self.lines[j].start + (s.len() - t.len());
        let span = Span::new(start, self.lines[end - 1].end);
        if t.starts_with("- ") || t.trim_end() == "-" {
            return (self.block_list(fm, j, end, span), end - 1);
        }
        if self.looks_like_mapping(t) {
            return (
                Value {
                    span,
                    kind: ValueKind::Mapping { empty: false },
                },
                end - 1,
            );
        }
        // a plain scalar starting on the next line
        let mut text = MappedText::new();
        self.fold_plain_lines(fm, &mut text, j, end, true);
        (
            Value {
                span,
                kind: ValueKind::Scalar(Scalar {
                    style: ScalarStyle::Plain,
                    text,
                    multiline: true,
                }),
            },
            end - 1,
        )
    }

    fn looks_like_mapping(&self, t: &str) -> bool {
        let b = t.as_bytes();
        if matches!(b.first(), Some(b'"') | Some(b'\'')) {
            return false;
        }
        (0..b.len()).any(|i| b[i] == b':' && matches!(b.get(i + 1), None | Some(b' ')))
    }

    fn block_list(&mut self, fm: &mut Frontmatter, from: usize, end: usize, span: Span) -> Value {
        let mut items = Vec::new();
        let item_indent = indent_of(self.line_text(from));
        for j in from..end {
            let s = self.line_text(j);
            let ind = indent_of(s);
            let t = &s[ind..];
            if ind != item_indent || !(t.starts_with("- ") || t.trim_end() == "-") {
                // nested content of an item, or a comment
                if ind < item_indent && !is_blank_or_comment(s) {
                    let l = self.lines[j];
                    Self::problem(
                        fm,
                        ProblemKind::Syntax,
                        Span::new(l.start, l.start + s.trim_end().len()),
                        "this line is indented less than the list items above it",
                        "indent it like the items above",
                    );
                } else if let Some(last) = items.last_mut()
                    && !is_blank_or_comment(s)
                {
                    let last: &mut Item = last;
                    last.nested = true;
                }
                continue;
            }
            let l = self.lines[j];
            let body = t[1..].trim_start_matches(' ');
            let body_start = l.start + ind + (t.len() - body.len());
            items.push(self.item(body, body_start));
        }
        Value {
            span,
            kind: ValueKind::List(List {
                style: ListStyle::Block,
                items,
                inner: span,
            }),
        }
    }

    /// One scalar item (of a block list, or between commas): strips quotes and comments.
    fn item(&self, raw: &str, at: usize) -> Item {
        let raw_trim = strip_comment(raw).trim_end();
        let lead = raw_trim.len() - raw_trim.trim_start().len();
        let raw_trim = raw_trim.trim_start();
        let at = at + lead;
        let nested = raw_trim.starts_with('[')
            || raw_trim.starts_with('{')
            || self.looks_like_mapping(raw_trim);
        for q in ['"', '\''] {
            if raw_trim.len() >= 2 && raw_trim.starts_with(q) && raw_trim.ends_with(q) {
                let inner = &raw_trim[1..raw_trim.len() - 1];
                return Item {
                    text: inner.to_string(),
                    span: Span::new(at + 1, at + 1 + inner.len()),
                    nested: false,
                };
            }
        }
        Item {
            text: raw_trim.to_string(),
            span: Span::new(at, at + raw_trim.len()),
            nested,
        }
    }

    fn plain(&mut self, fm: &mut Frontmatter, idx: usize, vstart: usize) -> (Value, usize) {
        let line = self.lines[idx];
        let end = self.continuation_end(idx + 1, false);
        let multiline = end > idx + 1;
        let first = strip_comment(&self.text[vstart..line.end]).trim_end();
        // Reserved indicators cannot start a plain scalar.
        if first.starts_with('@') || first.starts_with('`') || first.starts_with('%') {
            let kind = if self.line_is_crlf(idx) {
                ProblemKind::LenientCrlf
            } else {
                ProblemKind::LenientOnly
            };
            Self::problem(
                fm,
                kind,
                Span::new(vstart, vstart + 1),
                format!("`{}` cannot start an unquoted YAML value", &first[..1]),
                "quote the value",
            );
        } else if let Some(colon) = find_mapping_colon(first) {
            let span = Span::new(vstart + colon, vstart + colon + 1);
            if multiline {
                Self::problem(
                    fm,
                    ProblemKind::Syntax,
                    span,
                    "`: ` inside an unquoted value that spans several lines (Claude Code's fallback rewrite only repairs one-line values)",
                    "quote the value or use a block scalar (`|`)",
                );
            } else if self.line_is_crlf(idx) {
                Self::problem(
                    fm,
                    ProblemKind::LenientCrlf,
                    span,
                    "`: ` inside an unquoted value on a CRLF line (Claude Code's fallback rewrite skips CRLF lines)",
                    "quote the value or convert the file to LF line endings",
                );
            } else {
                Self::problem(
                    fm,
                    ProblemKind::LenientOnly,
                    span,
                    "`: ` inside an unquoted value",
                    "quote the value or use a block scalar",
                );
            }
        }
        let mut text = MappedText::new();
        text.push_verbatim(vstart, first);
        if multiline {
            // fold the continuation lines
            self.fold_plain_lines(fm, &mut text, idx + 1, end, false);
        }
        let last = if multiline { end - 1 } else { idx };
        let span_end = if multiline {
            self.lines[last].end
        } else {
            vstart + first.len()
        };
        (
            Value {
                span: Span::new(vstart, span_end),
                kind: ValueKind::Scalar(Scalar {
                    style: ScalarStyle::Plain,
                    text,
                    multiline,
                }),
            },
            last,
        )
    }

    /// Folds plain-scalar lines `from..end` into `text`: a line break between two lines becomes a
    /// space, each blank line a `\n`. `first` says whether `text` is still empty.
    fn fold_plain_lines(
        &self,
        fm: &mut Frontmatter,
        text: &mut MappedText,
        from: usize,
        end: usize,
        first: bool,
    ) {
        let mut pending_breaks = 0usize;
        let mut started = !first;
        for j in from..end {
            let l = self.lines[j];
            let s = self.line_text(j);
            let t = s.trim_start_matches([' ', '\t']);
            if t.trim_end().is_empty() {
                pending_breaks += 1;
                continue;
            }
            let t = strip_comment(t).trim_end();
            if t.is_empty() {
                continue;
            }
            let at = l.start + (s.len() - s.trim_start_matches([' ', '\t']).len());
            if let Some(colon) = find_mapping_colon(t) {
                Self::problem(
                    fm,
                    ProblemKind::Syntax,
                    Span::new(at + colon, at + colon + 1),
                    "`: ` inside an unquoted value that spans several lines (Claude Code's fallback rewrite only repairs one-line values)",
                    "quote the value or use a block scalar (`|`)",
                );
            }
            if started {
                let sep = if pending_breaks == 0 {
                    " ".to_string()
                } else {
                    "\n".repeat(pending_breaks)
                };
                text.push_replaced(at.saturating_sub(1), 1, &sep);
            }
            text.push_verbatim(at, t);
            started = true;
            pending_breaks = 0;
        }
    }

    fn quoted(&mut self, fm: &mut Frontmatter, idx: usize, vstart: usize) -> (Value, usize) {
        let bytes = self.text.as_bytes();
        let q = bytes[vstart];
        let limit = self.lines.last().map(|l| l.end).unwrap_or(vstart);
        let mut text = MappedText::new();
        let mut i = vstart + 1;
        let mut closed = None;
        let mut run = i;
        while i < limit {
            let c = bytes[i];
            if q == b'\'' && c == b'\'' {
                if bytes.get(i + 1) == Some(&b'\'') {
                    text.push_verbatim(run, &self.text[run..i]);
                    text.push_replaced(i, 2, "'");
                    i += 2;
                    run = i;
                    continue;
                }
                closed = Some(i);
                break;
            }
            if q == b'"' && c == b'"' {
                closed = Some(i);
                break;
            }
            if q == b'"' && c == b'\\' && i + 1 < limit {
                text.push_verbatim(run, &self.text[run..i]);
                let (decoded, len) = decode_escape(&self.text[i..limit]);
                text.push_replaced(i, len, &decoded);
                i += len;
                run = i;
                continue;
            }
            if c == b'\n' || c == b'\r' {
                // fold a line break inside a quoted scalar
                let before = self.text[run..i].trim_end_matches([' ', '\t']);
                text.push_verbatim(run, before);
                let mut k = i;
                let mut breaks = 0;
                while k < limit && matches!(bytes[k], b'\n' | b'\r' | b' ' | b'\t') {
                    if bytes[k] == b'\n' || (bytes[k] == b'\r' && bytes.get(k + 1) != Some(&b'\n'))
                    {
                        breaks += 1;
                    }
                    k += 1;
                }
                // a continuation line at column 0 breaks the block
                let line_start = self.text[..k]
                    .rfind(['\n', '\r'])
                    .map(|p| p + 1)
                    .unwrap_or(0);
                if k == line_start && k < limit && !self.text[k..].starts_with(q as char) {
                    let le = line_at(self.text, k);
                    Self::problem(
                        fm,
                        ProblemKind::UnindentedContinuation,
                        Span::new(k, le.end),
                        "this line continues a quoted value at column 1",
                        "indent it",
                    );
                }
                let sep = if breaks <= 1 {
                    " ".to_string()
                } else {
                    "\n".repeat(breaks - 1)
                };
                text.push_replaced(before.len() + run, k - (before.len() + run), &sep);
                i = k;
                run = i;
                continue;
            }
            i += 1;
        }
        let style = if q == b'"' {
            ScalarStyle::DoubleQuoted
        } else {
            ScalarStyle::SingleQuoted
        };
        let Some(close) = closed else {
            Self::problem(
                fm,
                ProblemKind::Syntax,
                Span::new(vstart, vstart + 1),
                "this quote is never closed",
                "close the quote",
            );
            let last = self.lines.len() - 1;
            return (
                Value {
                    span: Span::new(vstart, limit),
                    kind: ValueKind::Other,
                },
                last,
            );
        };
        text.push_verbatim(run, &self.text[run..close]);
        let last = self.line_index_of(close, idx);
        let after_line_end = self.lines[last].end;
        let after = &self.text[close + 1..after_line_end];
        let trailing = strip_comment(after).trim();
        if !trailing.is_empty() {
            let at = close + 1 + (after.len() - after.trim_start().len());
            let span = Span::new(at, at + trailing.len());
            if last == idx {
                let kind = if self.line_is_crlf(idx) {
                    ProblemKind::LenientCrlf
                } else {
                    ProblemKind::LenientOnly
                };
                Self::problem(
                    fm,
                    kind,
                    span,
                    "text after the closing quote",
                    "quote the whole value",
                );
            } else {
                Self::problem(
                    fm,
                    ProblemKind::Syntax,
                    span,
                    "text after the closing quote of a multi-line value",
                    "quote the whole value",
                );
            }
        }
        // indented lines after a closed quoted value are an error too
        let end = self.continuation_end(last + 1, false);
        if end > last + 1 {
            let l = self.lines[last + 1];
            Self::problem(
                fm,
                ProblemKind::Syntax,
                Span::new(l.start, self.lines[end - 1].end),
                "unexpected text after a quoted value",
                "quote the whole value, or remove the extra lines",
            );
        }
        let last = end.max(last + 1) - 1;
        (
            Value {
                span: Span::new(vstart, close + 1),
                kind: ValueKind::Scalar(Scalar {
                    style,
                    text,
                    multiline: false,
                }),
            },
            last,
        )
    }

    fn line_index_of(&self, offset: usize, from: usize) -> usize {
        let mut j = from;
        while j + 1 < self.lines.len() && self.lines[j + 1].start <= offset {
            j += 1;
        }
        j
    }

    fn block_scalar(&mut self, fm: &mut Frontmatter, idx: usize, vstart: usize) -> (Value, usize) {
        let line = self.lines[idx];
        let header = strip_comment(&self.text[vstart..line.end]).trim_end();
        let folded = header.starts_with('>');
        let mut keep = false;
        let mut strip = false;
        let mut explicit_indent = None;
        for c in header[1..].chars() {
            match c {
                '-' => strip = true,
                '+' => keep = true,
                '1'..='9' => explicit_indent = c.to_digit(10).map(|d| d as usize),
                _ => {
                    Self::problem(
                        fm,
                        ProblemKind::Syntax,
                        Span::new(vstart, vstart + header.len()),
                        "invalid block scalar header",
                        "write `|`, `>`, `|-` or `>-`",
                    );
                    break;
                }
            }
        }
        let end = self.continuation_end(idx + 1, false);
        let mut text = MappedText::new();
        // content indent: explicit, or the first non-blank line's
        let content_indent = explicit_indent.unwrap_or_else(|| {
            (idx + 1..end)
                .map(|j| self.line_text(j))
                .find(|s| !s.trim().is_empty())
                .map(indent_of)
                .unwrap_or(1)
        });
        let mut pending = String::new();
        let mut prev_more_indented = false;
        let mut started = false;
        for j in idx + 1..end {
            let l = self.lines[j];
            let s = self.line_text(j);
            if s.starts_with('\t') {
                Self::problem(
                    fm,
                    ProblemKind::TabIndentation,
                    Span::new(l.start, l.start + 1),
                    TAB,
                    "indent with spaces",
                );
            }
            if s.trim().is_empty() {
                pending.push('\n');
                continue;
            }
            let ind = indent_of(s);
            if ind < content_indent {
                Self::problem(
                    fm,
                    ProblemKind::Syntax,
                    Span::new(l.start, l.start + s.trim_end().len()),
                    "this line is indented less than the block scalar's first line",
                    "indent it like the first line",
                );
                continue;
            }
            let content = &s[content_indent..];
            let more_indented = content.starts_with(' ') || content.starts_with('\t');
            if started {
                if folded && pending.is_empty() && !more_indented && !prev_more_indented {
                    text.push_replaced(l.start.saturating_sub(1), 1, " ");
                } else if folded && !more_indented && !prev_more_indented {
                    // the break before blank lines is folded away
                    text.push_replaced(l.start.saturating_sub(1), 1, &pending);
                } else {
                    pending.insert(0, '\n');
                    text.push_replaced(l.start.saturating_sub(1), 1, &pending);
                }
            } else if !pending.is_empty() {
                text.push_replaced(l.start.saturating_sub(1), 1, &pending);
            }
            pending.clear();
            text.push_verbatim(l.start + content_indent, content);
            started = true;
            prev_more_indented = more_indented;
        }
        if started && !strip {
            text.push_replaced(self.lines[end.max(idx + 1) - 1].end, 0, "\n");
            if keep {
                text.push_replaced(self.lines[end.max(idx + 1) - 1].end, 0, &pending);
            }
        }
        let last = end.max(idx + 1) - 1;
        (
            Value {
                span: Span::new(vstart, self.lines[last].end),
                kind: ValueKind::Scalar(Scalar {
                    style: if folded {
                        ScalarStyle::Folded
                    } else {
                        ScalarStyle::Literal
                    },
                    text,
                    multiline: true,
                }),
            },
            last,
        )
    }

    /// A flow list or mapping, possibly over several lines.
    fn flow(&mut self, fm: &mut Frontmatter, idx: usize, vstart: usize) -> (Value, usize) {
        let bytes = self.text.as_bytes();
        let limit = self.lines.last().map(|l| l.end).unwrap_or(vstart);
        let open = bytes[vstart];
        let mut depth = 0usize;
        let mut i = vstart;
        let mut close = None;
        let mut items: Vec<Item> = Vec::new();
        let mut item_start = vstart + 1;
        let mut item_nested = false;
        let mut in_quote: Option<u8> = None;
        let mut bad: Option<(Span, &str)> = None;
        while i < limit {
            let c = bytes[i];
            if let Some(q) = in_quote {
                if c == b'\\' && q == b'"' {
                    i += 2;
                    continue;
                }
                if c == q {
                    if q == b'\'' && bytes.get(i + 1) == Some(&b'\'') {
                        i += 2;
                        continue;
                    }
                    in_quote = None;
                }
                i += 1;
                continue;
            }
            match c {
                b'"' | b'\'' => in_quote = Some(c),
                b'[' | b'{' => {
                    depth += 1;
                    if depth > 1 {
                        item_nested = true;
                    }
                }
                b']' | b'}' => {
                    let expected = if depth == 1 { open } else { 0 };
                    if depth == 0 {
                        bad = Some((Span::new(i, i + 1), "unbalanced closing bracket"));
                        break;
                    }
                    if depth == 1 && ((c == b']') != (expected == b'[')) {
                        bad = Some((Span::new(i, i + 1), "mismatched closing bracket"));
                        break;
                    }
                    depth -= 1;
                    if depth == 0 {
                        self.push_flow_item(&mut items, item_start, i, item_nested);
                        close = Some(i);
                        break;
                    }
                }
                b',' if depth == 1 => {
                    self.push_flow_item(&mut items, item_start, i, item_nested);
                    item_start = i + 1;
                    item_nested = false;
                }
                b'#' if i > 0 && matches!(bytes[i - 1], b' ' | b'\t') => {
                    // a comment runs to the end of the line
                    while i < limit && bytes[i] != b'\n' && bytes[i] != b'\r' {
                        i += 1;
                    }
                    continue;
                }
                _ => {}
            }
            i += 1;
        }
        let fix = "quote the value if it is text (e.g. `\"[a] [b]\"`), or fix the brackets";
        let Some(close) = close else {
            let (span, what) = bad.unwrap_or((Span::new(vstart, vstart + 1), "never closed"));
            Self::problem(
                fm,
                ProblemKind::InvalidFlow,
                span,
                format!("invalid flow collection ({what})"),
                fix,
            );
            let last = self.line_index_of(span.end.min(limit), idx);
            let end = self.continuation_end(last + 1, false);
            let last = end.max(last + 1) - 1;
            return (
                Value {
                    span: Span::new(vstart, self.lines[last].end),
                    kind: ValueKind::Other,
                },
                last,
            );
        };
        let last = self.line_index_of(close, idx);
        let after = &self.text[close + 1..self.lines[last].end];
        let trailing = strip_comment(after).trim();
        if !trailing.is_empty() {
            let at = close + 1 + (after.len() - after.trim_start().len());
            Self::problem(
                fm,
                ProblemKind::InvalidFlow,
                Span::new(at, at + trailing.len()),
                "text after a flow collection",
                fix,
            );
        }
        let end = self.continuation_end(last + 1, false);
        let last = end.max(last + 1) - 1;
        let span = Span::new(vstart, close + 1);
        let kind = if open == b'[' {
            // `[]` yields one empty pseudo-item; drop empties
            items.retain(|it| !it.text.is_empty() || it.nested);
            ValueKind::List(List {
                style: ListStyle::Flow,
                items,
                inner: Span::new(vstart + 1, close),
            })
        } else {
            ValueKind::Mapping {
                empty: self.text[vstart + 1..close].trim().is_empty(),
            }
        };
        (Value { span, kind }, last)
    }

    fn push_flow_item(&self, items: &mut Vec<Item>, start: usize, end: usize, nested: bool) {
        let raw = &self.text[start..end];
        let mut item = self.item(raw.trim_end(), start);
        // a multi-line item: collapse inner whitespace for its text
        if item.text.contains('\n') {
            item.text = item.text.split_whitespace().collect::<Vec<_>>().join(" ");
        }
        item.nested |= nested;
        items.push(item);
    }
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

/// `s` without a trailing ` # comment`.
fn strip_comment(s: &str) -> &str {
    let b = s.as_bytes();
    if b.first() == Some(&b'#') {
        return "";
    }
    for i in 1..b.len() {
        if b[i] == b'#' && matches!(b[i - 1], b' ' | b'\t') {
            return &s[..i];
        }
    }
    s
}

/// The byte index of the first `:` that strict YAML would read as a mapping indicator inside a
/// plain scalar: a colon followed by a space or ending the value.
fn find_mapping_colon(s: &str) -> Option<usize> {
    let b = s.as_bytes();
    (0..b.len()).find(|&i| b[i] == b':' && matches!(b.get(i + 1), None | Some(b' ') | Some(b'\t')))
}

/// Decodes one double-quoted escape at the start of `s` (which starts with `\`).
fn decode_escape(s: &str) -> (String, usize) {
    let b = s.as_bytes();
    let Some(&c) = b.get(1) else {
        return ("\\".into(), 1);
    };
    let simple = match c {
        b'n' => Some('\n'),
        b't' | b'\t' => Some('\t'),
        b'r' => Some('\r'),
        b'0' => Some('\0'),
        b'a' => Some('\u{7}'),
        b'b' => Some('\u{8}'),
        b'e' => Some('\u{1b}'),
        b'f' => Some('\u{c}'),
        b'v' => Some('\u{b}'),
        b' ' => Some(' '),
        b'"' => Some('"'),
        b'/' => Some('/'),
        b'\\' => Some('\\'),
        b'N' => Some('\u{85}'),
        b'_' => Some('\u{a0}'),
        b'L' => Some('\u{2028}'),
        b'P' => Some('\u{2029}'),
        _ => None,
    };
    if let Some(ch) = simple {
        return (ch.to_string(), 2);
    }
    let hex_len = match c {
        b'x' => 2,
        b'u' => 4,
        b'U' => 8,
        b'\n' | b'\r' => {
            // escaped line break: joins lines
            let mut k = 2;
            if c == b'\r' && b.get(2) == Some(&b'\n') {
                k = 3;
            }
            while matches!(b.get(k), Some(b' ') | Some(b'\t')) {
                k += 1;
            }
            return (String::new(), k);
        }
        _ => {
            let len = s[1..].chars().next().map(|ch| ch.len_utf8()).unwrap_or(0) + 1;
            return (s[..len].to_string(), len);
        }
    };
    let digits = s.get(2..2 + hex_len).unwrap_or("");
    match u32::from_str_radix(digits, 16)
        .ok()
        .and_then(char::from_u32)
    {
        Some(ch) if digits.len() == hex_len => (ch.to_string(), 2 + hex_len),
        _ => ("\\".into(), 1),
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

fn split_comma_list(s: &Scalar, span: Span) -> List {
    let text = &s.text.text;
    let mut items = Vec::new();
    let mut depth = 0i32;
    let mut start = 0;
    let bytes = text.as_bytes();
    let push = |a: usize, b: usize, items: &mut Vec<Item>| {
        let piece = &text[a..b];
        let mut lead = piece.len() - piece.trim_start().len();
        let mut t = piece.trim();
        if t.is_empty() {
            return;
        }
        for q in ['"', '\''] {
            if t.len() >= 2 && t.starts_with(q) && t.ends_with(q) {
                t = &t[1..t.len() - 1];
                lead += 1;
            }
        }
        let src = s.text.source_span(a + lead, a + lead + t.len());
        items.push(Item {
            text: t.to_string(),
            span: src,
            nested: false,
        });
    };
    for (i, &c) in bytes.iter().enumerate() {
        match c {
            b'(' => depth += 1,
            b')' => depth = (depth - 1).max(0),
            b',' if depth == 0 => {
                push(start, i, &mut items);
                start = i + 1;
            }
            _ => {}
        }
    }
    push(start, bytes.len(), &mut items);
    let inner = match s.style {
        ScalarStyle::SingleQuoted | ScalarStyle::DoubleQuoted => Span::new(
            span.start + 1,
            span.end.saturating_sub(1).max(span.start + 1),
        ),
        _ => span,
    };
    List {
        style: ListStyle::Comma,
        items,
        inner,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fm(text: &str) -> Frontmatter {
        match parse(text) {
            Parsed::Present(f) => f,
            Parsed::Missing => panic!("no frontmatter"),
        }
    }

    fn src(text: &str, s: Span) -> &str {
        &text[s.start..s.end]
    }

    #[test]
    fn keys_and_values_with_spans() {
        let t =
            "---\nname: foo\ndescription: \"a \\\"b\\\"\"\ntools: Read, Agent(a, b)\n---\nbody\n";
        let f = fm(t);
        assert!(f.problems.is_empty(), "{:?}", f.problems);
        assert_eq!(f.entries.len(), 3);
        assert_eq!(src(t, f.entries[0].key_span), "name");
        assert_eq!(src(t, f.entries[0].value.span), "foo");
        let ValueKind::Scalar(d) = &f.entries[1].value.kind else {
            panic!()
        };
        assert_eq!(d.text.text, "a \"b\"");
        let tools = f.entries[2].value.list_items().unwrap();
        let names: Vec<_> = tools.items.iter().map(|i| i.text.as_str()).collect();
        assert_eq!(names, ["Read", "Agent(a, b)"]);
        assert_eq!(src(t, tools.items[1].span), "Agent(a, b)");
        assert_eq!(&t[f.body_start..], "body\n");
    }

    #[test]
    fn block_and_flow_lists() {
        let t = "---\ntools:\n  - Read\n  - \"Grep\"\nskills: [a, 'b c']\n---\n";
        let f = fm(t);
        assert!(f.problems.is_empty(), "{:?}", f.problems);
        let tools = f.entries[0].value.list_items().unwrap();
        assert_eq!(tools.style, ListStyle::Block);
        assert_eq!(src(t, tools.items[1].span), "Grep");
        let skills = f.entries[1].value.list_items().unwrap();
        assert_eq!(skills.style, ListStyle::Flow);
        assert_eq!(skills.items[1].text, "b c");
        assert_eq!(src(t, skills.items[1].span), "b c");
    }

    #[test]
    fn colon_in_plain_value_is_lenient() {
        let t = "---\nname: x\ndescription: Examples: here\n---\n";
        let f = fm(t);
        assert_eq!(f.problems.len(), 1);
        assert_eq!(f.problems[0].kind, ProblemKind::LenientOnly);
        assert_eq!(f.problems[0].span.start, t.find("s: ").unwrap() + 1);
    }

    #[test]
    fn crlf_colon_is_fatal() {
        let t = "---\r\nname: x\r\ndescription: Examples: here\r\n---\r\nbody";
        let f = fm(t);
        assert_eq!(f.problems[0].kind, ProblemKind::LenientCrlf);
        assert_eq!(src(t, f.entries[1].value.span), "Examples: here");
    }

    #[test]
    fn unindented_continuation() {
        let t = "---\nname: x\ndescription: Use this\n<example>\n---\n";
        let f = fm(t);
        assert_eq!(f.problems[0].kind, ProblemKind::UnindentedContinuation);
        assert_eq!(src(t, f.problems[0].span), "<example>");
    }

    #[test]
    fn block_scalar_literal_and_folded() {
        let t = "---\na: |\n  one\n  two\nb: >-\n  x\n  y\n\n  z\n---\n";
        let f = fm(t);
        let ValueKind::Scalar(a) = &f.entries[0].value.kind else {
            panic!()
        };
        assert_eq!(a.text.text, "one\ntwo\n");
        let ValueKind::Scalar(b) = &f.entries[1].value.kind else {
            panic!()
        };
        assert_eq!(b.text.text, "x y\nz");
    }

    #[test]
    fn unclosed_and_missing() {
        assert_eq!(parse("hello"), Parsed::Missing);
        let f = fm("---\nname: x\n");
        assert!(f.close.is_none());
    }

    #[test]
    fn bad_flow_and_duplicates() {
        let t = "---\nhint: [a] [b]\nname: a\nname: b\n---\n";
        let f = fm(t);
        assert!(
            f.problems
                .iter()
                .any(|p| p.kind == ProblemKind::InvalidFlow)
        );
        let dup = f
            .problems
            .iter()
            .find(|p| matches!(p.kind, ProblemKind::DuplicateKey { .. }))
            .unwrap();
        assert_eq!(dup.span.start, t.rfind("name").unwrap());
    }
}
