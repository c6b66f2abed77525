//! An open document: its text in a rope, its version, the negotiated position encoding, and the
//! parse of its head, kept current edit by edit.
//!
//! Positions are LSP positions (line, character) where `character` counts UTF-16 code units by
//! default and bytes when the client and server agreed on UTF-8. Lines end at `\n`, `\r\n` or
//! `\r`, as the LSP specification says. A position past the end of a line or of the document is
//! clamped; one inside a character (half a surrogate pair, inside a UTF-8 sequence) or between
//! the `\r` and `\n` of a line break moves back to the boundary before it.
//!
//! - `diagnostics.rs`: [`DiagnosticsInput`] and [`Document::diagnostics_with`].
//! - `cache.rs`: what the document keeps between requests (suppression markers, the body's
//!   references, the head's findings and their [`Stamp`]).

use std::path::PathBuf;

use ropey::Rope;

use crate::analysis::project::{self, Project};
use crate::analysis::{self, classify, suppress};
use crate::catalog::Kind;
use crate::syntax::refs_cache::RefsCache;
use crate::syntax::{HeadCache, Header, Span, body};
use crate::text;

pub use crate::text::Encoding;

mod cache;
mod diagnostics;

pub use cache::Stamp;
use cache::{KeptFindings, MarkerLines};
pub use diagnostics::DiagnosticsInput;

/// A position: zero-based line and character offset in the negotiated encoding.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Pos {
    pub line: u32,
    pub character: u32,
}

/// One content change of `didChange`: a range and its replacement, or a whole new text.
#[derive(Clone, Debug)]
pub struct Change {
    pub range: Option<(Pos, Pos)>,
    pub text: String,
}

#[derive(Clone, Debug)]
pub struct Document {
    rope: Rope,
    pub version: i32,
    pub encoding: Encoding,
    /// The file's path, fixed when the document is made (its kind is decided from it).
    pub path: Option<PathBuf>,
    header: Header,
    /// How many times the head was re-parsed (observable in tests of incrementality).
    pub head_parses: u64,
    /// The starts of the lines that hold the suppression marker, kept current edit by edit (a
    /// keystroke rescans only the lines it touched).
    marker_lines: MarkerLines,
    /// The frontmatter's suppression comments, read again only when the head is.
    head_suppressions: Vec<suppress::Suppression>,
    /// What the last parse of the head found, reused by the next where the text is unchanged.
    head_cache: HeadCache,
    /// The references of the body (placeholders, shell lines, links, imports) of kinds whose
    /// diagnostics read it, kept current edit by edit.
    body_refs: Option<RefsCache>,
    /// [`classify::kind_of`] the path and the head, decided again when the head is read.
    kind: Option<Kind>,
    /// The findings of the head from the last diagnostics pass, with what they were made from.
    head_findings: KeptFindings,
}

impl Document {
    pub fn new(text: &str, version: i32, encoding: Encoding, path: Option<PathBuf>) -> Self {
        let rope = Rope::from_str(text);
        let mut head_cache = HeadCache::default();
        let header = Header::parse_with(text, &mut head_cache);
        let mut doc = Document {
            rope,
            version,
            encoding,
            path,
            header,
            head_parses: 1,
            marker_lines: MarkerLines::default(),
            head_suppressions: Vec::new(),
            head_cache,
            body_refs: None,
            kind: None,
            head_findings: KeptFindings::default(),
        };
        doc.kind = classify::kind_of(doc.path.as_deref(), &doc.header);
        doc.marker_lines = MarkerLines::of(&doc.rope);
        doc.head_suppressions = suppress::in_head(&doc.header);
        doc.sync_body_refs();
        doc
    }

    /// Where the line holding `offset` starts, and where the line after it starts.
    fn line_bounds_at(&self, offset: usize) -> (usize, usize) {
        let line = self.rope.byte_to_line(offset.min(self.rope.len_bytes()));
        let start = self.rope.line_to_byte(line);
        let next = if line + 1 < self.rope.len_lines() {
            self.rope.line_to_byte(line + 1)
        } else {
            self.rope.len_bytes()
        };
        (start, next)
    }

    pub fn text(&self) -> String {
        self.rope.to_string()
    }

    pub fn rope(&self) -> &Rope {
        &self.rope
    }

    pub fn header(&self) -> &Header {
        &self.header
    }

    /// Applies the changes of one `didChange`, in order, and re-parses the head only if an edit
    /// touched it.
    pub fn apply(&mut self, version: i32, changes: &[Change]) {
        let mut head_dirty = false;
        for change in changes {
            match change.range {
                None => {
                    self.body_refs = None;
                    self.rope = Rope::from_str(&change.text);
                    self.marker_lines = MarkerLines::of(&self.rope);
                    head_dirty = true;
                }
                Some((a, b)) => {
                    let (a, b) = if b < a { (b, a) } else { (a, b) };
                    let start = self.offset(a);
                    let end = self.offset(b).max(start);
                    // a keystroke inside a one-line value is applied to the head in place
                    let mut patched = false;
                    if !self.header.unaffected_by_edit_at(start) {
                        // (not on a header that an earlier change of the batch left stale)
                        patched = !head_dirty
                            && self
                                .header
                                .patch(start, end, &change.text, &mut self.head_cache);
                        head_dirty = !patched;
                    }
                    // marker lines: drop the touched ones, shift the later ones, rescan
                    let (line_start, _) = self.line_bounds_at(start);
                    let delta = change.text.len() as isize - (end - start) as isize;
                    self.marker_lines.edit(line_start, end, delta);
                    let cs = self.rope.byte_to_char(start);
                    let ce = self.rope.byte_to_char(end);
                    self.rope.remove(cs..ce);
                    self.rope.insert(cs, &change.text);
                    if let Some(c) = self.body_refs.as_mut() {
                        let rope = &self.rope;
                        let read = |r: std::ops::Range<usize>| rope.byte_slice(r).to_string();
                        if !c.edited(start, end, change.text.len(), &read) {
                            self.body_refs = None;
                        }
                    }
                    let (_, rescan_end) = self.line_bounds_at(start + change.text.len());
                    self.marker_lines.rescan(&self.rope, line_start, rescan_end);
                    if head_dirty {
                        // later edits of this batch must be judged against the new text
                        self.reparse_head();
                        head_dirty = false;
                    } else if patched {
                        // (the kind cannot change: it follows the path and whether there is a
                        // frontmatter, which a patch keeps)
                        self.head_changed();
                    }
                }
            }
        }
        if head_dirty {
            self.reparse_head();
        }
        self.sync_body_refs();
        self.version = version;
    }

    fn reparse_head(&mut self) {
        let head = self.head_text();
        let read = head.len();
        let header = Header::parse_owned(head, &mut self.head_cache);
        // The head stops at the first `---` line, but Claude Code may not take the opening line
        // as a delimiter at all (`---` then a lone `\r`): an unclosed frontmatter reads to the end.
        let unclosed = header.frontmatter().is_some_and(|f| f.close.is_none());
        self.header = if unclosed && read < self.rope.len_bytes() {
            Header::parse_with(&self.text(), &mut self.head_cache)
        } else {
            header
        };
        self.head_changed();
        self.kind = classify::kind_of(self.path.as_deref(), &self.header);
    }

    /// What follows a new parse of the head: its count (which the kept head findings are
    /// stamped with) and the suppressions written in it.
    fn head_changed(&mut self) {
        self.head_parses += 1;
        self.head_suppressions = suppress::in_head(&self.header);
    }

    /// The head of the document: lines up to and including the closing frontmatter delimiter
    /// (the whole text when there is none), read from the rope without copying the body.
    fn head_text(&self) -> String {
        /// Whether line `i` (without its line break) ends the head.
        fn ends_head(l: &str, i: usize) -> bool {
            let l = if i == 0 {
                l.trim_start_matches('\u{feff}')
            } else {
                l
            };
            let delimiter = l.trim_end_matches([' ', '\t']) == "---";
            (i == 0) != delimiter
        }
        let mut out = String::with_capacity(self.header.text.len() + 64);
        let (mut line, mut start) = (0, 0);
        for chunk in self.rope.chunks() {
            out.push_str(chunk);
            // each line complete so far; a `\r` at the end may be half of a `\r\n`
            loop {
                let l = text::line_at(&out, start);
                let at_end = l.end == out.len() || (l.end + 1 == out.len() && out.ends_with('\r'));
                if at_end {
                    break;
                }
                if ends_head(&out[l.start..l.end], line) {
                    out.truncate(l.next);
                    return out;
                }
                line += 1;
                start = l.next;
            }
        }
        out
    }

    /// True when the body is blank.
    pub fn body_blank(&self) -> bool {
        let start = self.body_offset();
        if self.header.frontmatter().is_none() {
            return false;
        }
        body::is_blank(self.rope.chars_at(self.rope.byte_to_char(start)))
    }

    pub fn file_stem(&self) -> Option<&str> {
        self.path
            .as_ref()
            .and_then(|p| p.file_stem())
            .and_then(|s| s.to_str())
    }

    /// The kind of agent file, `None` for ordinary markdown.
    pub fn kind(&self) -> Option<Kind> {
        self.kind
    }

    pub fn is_agent_file(&self) -> bool {
        self.kind().is_some()
    }

    /// Where the body starts (after a closed frontmatter), clamped to the text.
    fn body_offset(&self) -> usize {
        self.header.body_start().min(self.rope.len_bytes())
    }

    /// The text from byte `start` to the end, copied out of the rope, with its offset.
    fn text_from(&self, start: usize) -> (String, usize) {
        (self.rope.byte_slice(start..).to_string(), start)
    }

    /// Semantic tokens: the head's, then the body's (placeholders and shell commands of skills
    /// and commands).
    pub fn semantic_tokens(&self) -> Vec<(Span, analysis::semantic::TokenType)> {
        let kind = self.kind().unwrap_or_default();
        let mut out = analysis::semantic::tokens(&self.header, kind);
        if kind.spec().expands_body {
            let (body, start) = self.text_from(self.body_offset());
            out.extend(analysis::semantic::body_tokens(kind, &body, start));
        }
        out
    }

    /// The links of the body to other files (relative links; `@path` in skills, commands and
    /// memory files), `~/` unresolved.
    pub fn links(&self) -> Vec<analysis::links::Link> {
        self.links_with(None)
    }

    /// [`Document::links`], with the home folder that `~/` names.
    pub fn links_with(&self, home: Option<&std::path::Path>) -> Vec<analysis::links::Link> {
        let (Some(kind), Some(path)) = (self.kind(), self.path.as_deref()) else {
            return Vec::new();
        };
        // a memory file's head is text too
        let start = if kind.spec().frontmatter {
            self.body_offset()
        } else {
            0
        };
        let (body, start) = self.text_from(start);
        analysis::links::links(kind, path, &body, start, home)
    }

    /// The `@path` imports of the whole text, as [`project::imports_of`] reads them, from the
    /// references kept edit by edit where the document keeps them (memory files and rules).
    pub fn imports(&self, home: Option<&std::path::Path>) -> Option<Vec<project::Import>> {
        let path = self.path.as_deref()?;
        Some(match &self.body_refs {
            Some(c) if c.base() == 0 => {
                project::imports_in(path, &c.refs().imports, home, &|s| self.text_range(s))
            }
            _ => project::imports_of(path, &self.text(), home),
        })
    }

    /// The number of characters of the text.
    pub fn chars(&self) -> usize {
        self.rope.len_chars()
    }

    /// The body's headings (parses the body: for the outline, not for every keystroke).
    pub fn headings(&self) -> Vec<body::Heading> {
        let (body, start) = self.text_from(self.body_offset());
        body::headings(&body, start)
    }

    pub fn complete(&self, pos: Pos, snippets: bool) -> Vec<analysis::Completion> {
        self.complete_in(pos, snippets, None)
    }

    pub fn complete_in(
        &self,
        pos: Pos,
        snippets: bool,
        project: Option<&Project>,
    ) -> Vec<analysis::Completion> {
        if let Some(kind) = self.kind().filter(|k| k.spec().json) {
            return analysis::json::complete(kind, &self.text(), self.offset(pos));
        }
        analysis::completion::complete_in(
            &self.header,
            self.kind().unwrap_or_default(),
            self.offset(pos),
            snippets,
            project,
        )
    }

    pub fn hover(&self, pos: Pos) -> Option<analysis::HoverInfo> {
        let kind = self.kind().unwrap_or_default();
        if kind.spec().json {
            return analysis::json::hover(kind, &self.text(), self.offset(pos));
        }
        if pos.line == 0
            && let Some(path) = self.path.as_deref()
            && let Some(h) = analysis::hover::invocation(kind, path, &self.header)
        {
            return Some(h);
        }
        let offset = self.offset(pos);
        if let Some(c) = &self.body_refs
            && let Some(h) = analysis::hover::placeholder(
                &self.header,
                kind,
                self.path.as_deref(),
                c.refs(),
                offset,
            )
        {
            return Some(h);
        }
        analysis::hover::hover(&self.header, kind, offset)
    }

    /// The byte offset of a position (clamped, see the module docs).
    pub fn offset(&self, pos: Pos) -> usize {
        text::rope_offset(&self.rope, pos.line, pos.character, self.encoding)
    }

    /// The position of a byte offset (clamped to the document).
    pub fn position(&self, offset: usize) -> Pos {
        let (line, character) = text::rope_position(&self.rope, offset, self.encoding);
        Pos { line, character }
    }

    /// The lines and columns (every unit) of a span.
    pub fn text_range(&self, span: Span) -> text::TextRange {
        text::TextRange {
            start: text::rope_point(&self.rope, span.start),
            end: text::rope_point(&self.rope, span.end.max(span.start)),
        }
    }

    pub fn range(&self, span: Span) -> (Pos, Pos) {
        let ((l0, c0), (l1, c1)) =
            text::rope_range(&self.rope, span.start, span.end, self.encoding);
        (
            Pos {
                line: l0,
                character: c0,
            },
            Pos {
                line: l1,
                character: c1,
            },
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(t: &str, enc: Encoding) -> Document {
        Document::new(t, 1, enc, None)
    }

    #[test]
    fn utf16_positions_with_astral_chars_and_crlf() {
        let d = doc("a😀b\r\nc", Encoding::Utf16);
        assert_eq!(
            d.offset(Pos {
                line: 0,
                character: 3
            }),
            "a😀".len()
        );
        // inside the surrogate pair: back to the boundary before
        assert_eq!(
            d.offset(Pos {
                line: 0,
                character: 2
            }),
            1
        );
        // past the line end: clamped before the CRLF
        assert_eq!(
            d.offset(Pos {
                line: 0,
                character: 99
            }),
            "a😀b".len()
        );
        assert_eq!(
            d.offset(Pos {
                line: 1,
                character: 0
            }),
            "a😀b\r\n".len()
        );
        assert_eq!(
            d.offset(Pos {
                line: 7,
                character: 0
            }),
            "a😀b\r\nc".len()
        );
        assert_eq!(
            d.position("a😀".len()),
            Pos {
                line: 0,
                character: 3
            }
        );
    }

    #[test]
    fn utf8_positions() {
        let d = doc("é😀x", Encoding::Utf8);
        assert_eq!(
            d.offset(Pos {
                line: 0,
                character: 6
            }),
            6
        );
        assert_eq!(
            d.offset(Pos {
                line: 0,
                character: 3
            }),
            2,
            "inside a sequence rounds down"
        );
        assert_eq!(
            d.position(6),
            Pos {
                line: 0,
                character: 6
            }
        );
    }

    #[test]
    fn body_edits_do_not_reparse_the_head() {
        let mut d = doc("---\nname: a\ndescription: b\n---\nbody\n", Encoding::Utf16);
        let p = Pos {
            line: 4,
            character: 4,
        };
        d.apply(
            2,
            &[Change {
                range: Some((p, p)),
                text: " more".into(),
            }],
        );
        assert_eq!(d.head_parses, 1);
        assert_eq!(d.text(), "---\nname: a\ndescription: b\n---\nbody more\n");
        let p = Pos {
            line: 1,
            character: 6,
        };
        d.apply(
            3,
            &[Change {
                range: Some((
                    p,
                    Pos {
                        line: 1,
                        character: 7,
                    },
                )),
                text: "xy".into(),
            }],
        );
        assert_eq!(d.head_parses, 2);
        let fm = d.header().frontmatter().unwrap();
        assert_eq!(fm.entry("name").unwrap().value.span, Span::new(10, 12));
    }
}
