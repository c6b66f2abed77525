//! The parse of an agent file: frontmatter (with exact spans, strict and Claude-lenient),
//! the `<example>` blocks of the description, and the markdown body.
//!
//! Everything here works on byte offsets into the document text; converting them to LSP
//! positions is the job of [`crate::document`]. Nothing here knows about the LSP.

pub mod body;
pub mod examples;
pub mod frontmatter;
pub mod json;
pub mod load;
pub mod mapped;
mod patch;
pub mod refs;
pub mod refs_cache;
pub mod strict;

pub use crate::text::Span;

use examples::Examples;
use frontmatter::{Parsed, ValueKind};
use load::{Load, Outcome};
use mapped::MappedText;
use strict::StrictError;

/// What [`Header::parse_with`] keeps between parses of one document.
#[derive(Clone, Debug, Default)]
pub struct HeadCache {
    load: load::Cache,
    examples: Option<(MappedText, Examples)>,
    /// The description's scalar as scanned, and what [`MappedText::with_literal_newlines`] made
    /// of it.
    description: Option<(MappedText, MappedText)>,
}

/// `make(text)`, or what it made last time for the same text, perhaps moved by an edit of an
/// earlier key (shifted with it). `kept` holds the text it was last made from and what it made;
/// a reuse leaves it as it is (the next parse measures its move from there), so a keystroke in
/// another key copies neither the text nor the result into it.
fn reuse_moved<T: Clone>(
    kept: &mut Option<(MappedText, T)>,
    text: &MappedText,
    shift: impl Fn(&T, isize) -> T,
    make: impl Fn(&MappedText) -> T,
) -> T {
    if let Some((old, made)) = kept.as_ref()
        && let Some(delta) = old.shift_to(text)
    {
        return shift(made, delta);
    }
    let out = make(text);
    *kept = Some((text.clone(), out.clone()));
    out
}

/// The strict verdict on a frontmatter.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Strict {
    /// A strict YAML 1.2 parser accepts it.
    Accepted,
    /// It rejects it, for this reason.
    Rejected(StrictError),
    /// The lenient scan already found what strict YAML rejects (so the parser is not run).
    KnownToFail,
    /// There is no closed frontmatter to parse.
    NotRun,
}

impl Strict {
    /// The verdict on the frontmatter `fm` of `text`, from the loader's first parse `load`.
    fn of(text: &str, fm: &frontmatter::Frontmatter, load: Option<&Load>) -> Strict {
        match (load, fm.close) {
            (_, None) | (None, _) => Strict::NotRun,
            // every problem the lenient scan records is one strict YAML rejects too
            _ if !fm.problems.is_empty() => Strict::KnownToFail,
            (Some(l), _) => match &l.outcome {
                Outcome::Parsed => Strict::Accepted,
                Outcome::Fallback { first, .. } | Outcome::Failed { first, .. } => {
                    Strict::Rejected(StrictError::at(text, first.at, first.message.clone()))
                }
            },
        }
    }

    pub fn fails(&self) -> bool {
        matches!(self, Strict::Rejected(_) | Strict::KnownToFail)
    }
}

/// Everything parsed from the head of a document: the frontmatter with its spans, the strict
/// verdict, and the description's examples. It owns the head's text (up to the body), so that
/// completion and hover can read lines without the rest of the document; the body is never read
/// here, which is what keeps a keystroke in a large body cheap.
#[derive(Clone, Debug, PartialEq)]
pub struct Header {
    /// The document text from the start to where the body begins.
    pub text: String,
    /// The end of the first line (for diagnostics about the whole frontmatter).
    pub first_line_end: usize,
    pub parsed: Parsed,
    /// What a strict YAML parser says of the frontmatter.
    pub strict: Strict,
    /// The description as a reader sees it (`\n` escapes as line breaks), mapped to the source.
    pub description: Option<MappedText>,
    pub examples: Option<Examples>,
    /// What Claude Code itself makes of the head (`None`: it finds no frontmatter).
    pub load: Option<Load>,
}

impl Header {
    /// Parses the head of `text` (the whole document, or any prefix of it that contains the
    /// closing delimiter line).
    pub fn parse(text: &str) -> Header {
        Header::parse_in(text.into(), None)
    }

    /// [`Header::parse`], reusing what the last parse of the same document found where the text
    /// is unchanged (the YAML of each key, the description's examples); the result is the same.
    pub fn parse_with(text: &str, cache: &mut HeadCache) -> Header {
        Header::parse_in(text.into(), Some(cache))
    }

    /// [`Header::parse_with`] of a text the header may keep as its own (no copy of the head).
    pub fn parse_owned(text: String, cache: &mut HeadCache) -> Header {
        Header::parse_in(text.into(), Some(cache))
    }

    fn parse_in(source: std::borrow::Cow<'_, str>, mut cache: Option<&mut HeadCache>) -> Header {
        let text: &str = &source;
        let parsed = frontmatter::parse(text);
        let first_line_end = text.find(['\n', '\r']).unwrap_or(text.len());
        let load = match (&parsed, cache.as_deref_mut()) {
            (Parsed::Present(fm), Some(c)) if fm.close.is_some() => {
                load::load_cached(text, &mut c.load)
            }
            (Parsed::Present(fm), None) if fm.close.is_some() => load::load(text),
            _ => None,
        };
        let (head_len, strict, description) = match &parsed {
            Parsed::Missing => (first_line_end, Strict::NotRun, None),
            Parsed::Present(fm) => {
                let strict = Strict::of(text, fm, load.as_ref());
                let description = fm.entry("description").and_then(|e| match &e.value.kind {
                    ValueKind::Scalar(s) => Some(match cache.as_deref_mut() {
                        Some(c) => reuse_moved(
                            &mut c.description,
                            &s.text,
                            MappedText::shifted,
                            MappedText::with_literal_newlines,
                        ),
                        None => s.text.with_literal_newlines(),
                    }),
                    // a one-line value strict YAML cannot read (`**Bold** text`, `*alias`) that
                    // Claude Code's fallback rewrite quotes whole: the description is the line
                    ValueKind::Other => fallback_description(text, e.value.span, load.as_ref()),
                    _ => None,
                });
                (fm.body_start, strict, description)
            }
        };
        let examples = description.as_ref().map(|d| match cache {
            Some(c) => reuse_moved(&mut c.examples, d, Examples::shifted, examples::scan),
            None => examples::scan(d),
        });
        let text = match source {
            std::borrow::Cow::Owned(mut t) => {
                t.truncate(head_len);
                t
            }
            std::borrow::Cow::Borrowed(t) => t[..head_len].to_string(),
        };
        Header {
            text,
            first_line_end,
            parsed,
            strict,
            description,
            examples,
            load,
        }
    }

    pub fn frontmatter(&self) -> Option<&frontmatter::Frontmatter> {
        self.parsed.frontmatter()
    }

    /// The metadata Claude Code reads (the root mapping of [`Header::load`]) when its YAML
    /// loads; `None` when it reads no frontmatter or both of its parses fail.
    pub fn metadata(&self) -> Option<&load::Node> {
        self.load.as_ref().filter(|l| !l.failed()).map(|l| &l.root)
    }

    /// Where the body starts (0 when there is no frontmatter).
    pub fn body_start(&self) -> usize {
        self.frontmatter().map(|f| f.body_start).unwrap_or(0)
    }

    /// True when an edit starting at byte `at` cannot change this parse: it lies in the body,
    /// after a closed frontmatter whose closing line is complete.
    pub fn unaffected_by_edit_at(&self, at: usize) -> bool {
        match self.frontmatter() {
            Some(fm) => match fm.close {
                Some(close) => at >= fm.body_start && fm.body_start > close.end,
                None => false,
            },
            None => at > self.first_line_end,
        }
    }
}

/// The description Claude Code reads through its fallback rewrite, mapped to the source, when
/// it is the value's text as written on its one line (the rewrite quotes the whole value).
fn fallback_description(text: &str, span: Span, load: Option<&load::Load>) -> Option<MappedText> {
    let written = text.get(span.start..span.end)?;
    if written.contains(['\n', '\r']) {
        return None;
    }
    let load::Node::Str(read) = load?.root.get("description")? else {
        return None;
    };
    let written = written.trim_end_matches([' ', '\t']);
    (read == written).then(|| {
        let mut m = MappedText::new();
        m.push_verbatim(span.start, written);
        m.with_literal_newlines()
    })
}
