//! The strict verdict: would a real YAML 1.2 parser accept the frontmatter as written?
//!
//! Claude Code's own loader is lenient (see [`super::load`]), but GitHub, other agent tools and
//! most CI linters are strict. The answer decides between "no parse diagnostic" and "works in
//! Claude Code, breaks elsewhere". It comes from the first parse of [`super::load`], which is
//! Claude Code's own first attempt; duplicate keys, which that parse allows, are found by the
//! lenient scanner.

use super::Span;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StrictError {
    /// Where the parser stopped, as a byte span in the document (one character wide).
    pub span: Span,
    pub message: String,
}

impl StrictError {
    /// The error at byte `at` of `text`, one character wide.
    pub fn at(text: &str, at: usize, message: String) -> Self {
        let at = at.min(text.len());
        let len = text[at..].chars().next().map(char::len_utf8).unwrap_or(0);
        StrictError {
            span: Span::new(at, at + len),
            message,
        }
    }
}
