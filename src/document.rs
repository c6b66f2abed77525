//! An open document: its text in a rope, its version, the negotiated position encoding, and the
//! parse of its head, kept current edit by edit.
//!
//! Positions are LSP positions (line, character) where `character` counts UTF-16 code units by
//! default and bytes when the client and server agreed on UTF-8. Lines end at `\n`, `\r\n` or
//! `\r`, as the LSP specification says. A position past the end of a line or of the document is
//! clamped; one inside a character (half a surrogate pair, inside a UTF-8 sequence) or between
//! the `\r` and `\n` of a line break moves back to the boundary before it.

use std::path::PathBuf;

use ropey::Rope;

use crate::analysis::config::Config;
use crate::analysis::project::{self, Project};
use crate::analysis::{self, Diagnostic, classify, diagnostics, suppress};
use crate::catalog::Kind;
use crate::syntax::refs_cache::RefsCache;
use crate::syntax::{HeadCache, Header, Span, body};
use crate::text;

pub use crate::text::Encoding;

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
    marker_lines: Vec<usize>,
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

/// What the caller of [`Document::diagnostics_stamped`] promises about everything outside the
/// document that the head's findings read: equal stamps, the same project (index) and the same
/// configuration. The server numbers each index and each configuration it loads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Stamp {
    pub project: u64,
    pub config: u64,
}

/// The head's findings and their key: the head's parse count (the kind is decided with the head;
/// the path never changes) and the stamp. A copy of the document keeps nothing.
#[derive(Default)]
struct KeptFindings {
    slot: std::sync::Mutex<Option<((u64, Stamp), diagnostics::HeadFindings)>>,
    /// How many times they were made rather than reused (observable in tests).
    made: std::sync::atomic::AtomicU64,
}

impl KeptFindings {
    fn slot(&self) -> std::sync::MutexGuard<'_, Option<((u64, Stamp), diagnostics::HeadFindings)>> {
        // a panic while the slot was held leaves it whole (it is only ever swapped)
        self.slot.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The kept findings if they were made under `key`.
    fn take(&self, key: (u64, Stamp)) -> Option<diagnostics::HeadFindings> {
        self.slot()
            .take()
            .filter(|(k, _)| *k == key)
            .map(|(_, f)| f)
    }

    fn keep(&self, key: (u64, Stamp), found: diagnostics::HeadFindings) {
        *self.slot() = Some((key, found));
    }
}

impl Clone for KeptFindings {
    fn clone(&self) -> Self {
        KeptFindings::default()
    }
}

impl std::fmt::Debug for KeptFindings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("KeptFindings")
    }
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
            marker_lines: Vec::new(),
            head_suppressions: Vec::new(),
            head_cache,
            body_refs: None,
            kind: None,
            head_findings: KeptFindings::default(),
        };
        doc.kind = classify::kind_of(doc.path.as_deref(), &doc.header);
        doc.marker_lines = doc.scan_markers(0, doc.rope.len_bytes());
        doc.head_suppressions = suppress::in_head(&doc.header);
        doc.sync_body_refs();
        doc
    }

    /// Keeps [`Document::body_refs`] for the kinds that read the body, from where they read it
    /// to the end; scans it again when that start moved other than by an edit of the head.
    fn sync_body_refs(&mut self) {
        let from = self
            .kind()
            .and_then(|k| diagnostics::checked_from(k, self.body_offset()));
        let len = self.rope.len_bytes();
        match (from, &self.body_refs) {
            (None, _) => self.body_refs = None,
            (Some(at), Some(c)) if c.base() == at && c.end() == len => {}
            (Some(at), _) => {
                let (body, at) = self.text_from(at);
                self.body_refs = Some(RefsCache::new(&body, at));
            }
        }
    }

    /// The starts of the lines in `from..to` (whole lines) that hold the suppression marker,
    /// found in the rope's chunks without copying them.
    fn scan_markers(&self, from: usize, to: usize) -> Vec<usize> {
        static FINDER: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
            std::sync::LazyLock::new(|| memchr::memmem::Finder::new(suppress::MARKER));
        let finder = &*FINDER;
        let marker = suppress::MARKER.as_bytes();
        let mut out: Vec<usize> = Vec::new();
        let slice = self.rope.byte_slice(from..to);
        if let Some(s) = slice.as_str() {
            // the usual keystroke: one line, inside one chunk
            for i in finder.find_iter(s.as_bytes()) {
                let line = self.rope.line_to_byte(self.rope.byte_to_line(from + i));
                if out.last() != Some(&line) {
                    out.push(line);
                }
            }
            return out;
        }
        // each chunk searched where it lies; a marker across chunks is found in the last
        // `marker.len() - 1` bytes before a chunk joined to the first ones of it
        let mut push = |at: usize| {
            let line = self.rope.line_to_byte(self.rope.byte_to_line(at));
            if out.last() != Some(&line) {
                out.push(line);
            }
        };
        let tail = marker.len() - 1;
        let mut carry: Vec<u8> = Vec::with_capacity(2 * tail);
        let mut at = from;
        for chunk in slice.chunks() {
            let bytes = chunk.as_bytes();
            let kept = carry.len();
            if kept > 0 {
                carry.extend_from_slice(&bytes[..bytes.len().min(tail)]);
                // only the ones that start before this chunk: the rest are found in it
                for i in finder.find_iter(&carry).filter(|&i| i < kept) {
                    push(at - kept + i);
                }
                carry.truncate(kept);
            }
            for i in finder.find_iter(bytes) {
                push(at + i);
            }
            if bytes.len() >= tail {
                carry.clear();
                carry.extend_from_slice(&bytes[bytes.len() - tail..]);
            } else {
                carry.extend_from_slice(bytes);
                carry.drain(..carry.len().saturating_sub(tail));
            }
            at += bytes.len();
        }
        out
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
                    self.marker_lines = self.scan_markers(0, self.rope.len_bytes());
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
                    self.marker_lines.retain(|&l| l < line_start || l > end);
                    for l in self.marker_lines.iter_mut().filter(|l| **l > end) {
                        *l = (*l as isize + delta) as usize;
                    }
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
                    let found = self.scan_markers(line_start, rescan_end);
                    if !found.is_empty() {
                        self.marker_lines.extend(found);
                        self.marker_lines.sort_unstable();
                        self.marker_lines.dedup();
                    }
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

    pub fn diagnostics(&self) -> Vec<Diagnostic> {
        self.diagnostics_in(None)
    }

    /// Diagnostics, with the rest of the project for those across files, inline suppressions
    /// applied.
    pub fn diagnostics_in(&self, project: Option<&Project>) -> Vec<Diagnostic> {
        self.diagnostics_with(project, None, true)
    }

    /// Diagnostics with everything that decides them: the project, the configuration (levels,
    /// known names) and whether inline suppressions count.
    pub fn diagnostics_with(
        &self,
        project: Option<&Project>,
        config: Option<&Config>,
        inline_suppressions: bool,
    ) -> Vec<Diagnostic> {
        self.diagnostics_using(project, config, inline_suppressions, &|p| p.exists())
    }

    /// [`Document::diagnostics_with`], asking `exists` whether the files the body names exist.
    pub fn diagnostics_using(
        &self,
        project: Option<&Project>,
        config: Option<&Config>,
        inline_suppressions: bool,
        exists: &dyn Fn(&std::path::Path) -> bool,
    ) -> Vec<Diagnostic> {
        self.diagnostics_stamped(project, config, inline_suppressions, exists, None)
    }

    /// [`Document::diagnostics_using`], where `stamp` names the project and the configuration:
    /// the findings of the head are kept, and reused by the next call with the same stamp while
    /// the head was not parsed again (a keystroke in the body cannot change them).
    pub fn diagnostics_stamped(
        &self,
        project: Option<&Project>,
        config: Option<&Config>,
        inline_suppressions: bool,
        exists: &dyn Fn(&std::path::Path) -> bool,
        stamp: Option<Stamp>,
    ) -> Vec<Diagnostic> {
        let kind = self.kind().unwrap_or_default();
        // with the body's references kept, nothing reads the body whole: no copy of it
        let refs = self.body_refs.as_ref();
        let body = match refs {
            Some(_) => None,
            None => {
                diagnostics::checked_from(kind, self.body_offset()).map(|at| self.text_from(at))
            }
        };
        let read = |s: Span| {
            let len = self.rope.len_bytes();
            self.rope
                .byte_slice(s.start.min(len)..s.end.min(len).max(s.start.min(len)))
                .to_string()
        };
        let body_chars = refs.map(|c| {
            let len = self.rope.len_bytes();
            self.rope.byte_to_char(len) - self.rope.byte_to_char(c.base().min(len))
        });
        let cx = diagnostics::Context {
            kind,
            file_stem: self.file_stem(),
            body_blank: self.body_blank(),
            file_len: self.rope.len_bytes(),
            path: self.path.as_deref(),
            project,
            known: None,
            plugin: false,
            body: body.as_ref().map(|(b, at)| (b.as_str(), *at)),
            refs: refs.map(|c| c.refs()),
            read: Some(&read),
            body_chars,
            exists: Some(exists),
        };
        let suppressions = inline_suppressions.then(|| self.suppressions());
        let key = stamp.map(|stamp| (self.head_parses, stamp));
        let mut kept = key.and_then(|k| self.head_findings.take(k));
        if kept.is_none() {
            (self.head_findings.made).fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        }
        let found = diagnostics::shown_keeping(
            &self.header,
            cx,
            config,
            suppressions.as_deref(),
            &mut kept,
        );
        if let (Some(k), Some(head)) = (key, kept)
            && !head.asked_disk
        {
            self.head_findings.keep(k, head);
        }
        found
    }

    /// How many times the findings of the head were made rather than reused.
    pub fn head_checks(&self) -> u64 {
        (self.head_findings.made).load(std::sync::atomic::Ordering::Relaxed)
    }

    /// The inline suppressions: the frontmatter's comment lines, and the body's HTML comments
    /// (on the marker lines kept current by `apply`).
    pub fn suppressions(&self) -> Vec<suppress::Suppression> {
        let mut out = self.head_suppressions.clone();
        let body_start = self.body_offset();
        let span_of = |l: usize| {
            if l >= self.rope.len_lines() {
                let end = self.rope.len_bytes();
                return Span::new(end, end);
            }
            let start = self.rope.line_to_byte(l);
            Span::new(start, start + text::rope_content_len(&self.rope, l))
        };
        for &start in self.marker_lines.iter().filter(|&&l| l >= body_start) {
            let line = self.rope.byte_to_line(start);
            let span = span_of(line);
            let text = self.rope.byte_slice(span.start..span.end).to_string();
            if let Some(s) = suppress::in_body_line(&text, span, span_of(line + 1)) {
                out.push(s);
            }
        }
        out
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

    /// The marker lines of long lines that span many of the rope's chunks, with markers across
    /// chunk boundaries, are those a search of the whole text finds.
    #[test]
    fn markers_are_found_across_chunks() {
        let marker = suppress::MARKER;
        for step in [1, 7, 15, 16, 17, 500, 1023, 1024, 1025] {
            let mut text = String::from("---\nname: a\n---\n");
            let mut line = String::new();
            while line.len() < 6000 {
                line.push_str(&"x".repeat(step));
                line.push_str(marker);
            }
            for _ in 0..3 {
                text.push_str(&line);
                text.push_str("\nplain line\n");
            }
            let d = doc(&text, Encoding::Utf16);
            let mut want: Vec<usize> = text
                .match_indices(marker)
                .map(|(i, _)| text[..i].rfind('\n').map_or(0, |n| n + 1))
                .collect();
            want.dedup();
            assert_eq!(d.marker_lines, want, "step {step}");
            assert!(d.rope.chunks().count() > 10);
            // and the scan of one line from the middle of a chunk to the middle of another
            let start = want[1];
            let end = text[start..]
                .find('\n')
                .map_or(text.len(), |n| start + n + 1);
            assert_eq!(d.scan_markers(start, end), vec![start], "step {step}");
        }
        // one marker per short line: chunk boundaries fall inside markers
        let mut text = String::from("---\nname: a\n---\n");
        for i in 0..3000 {
            text.push_str(&"x".repeat(i % 5));
            text.push_str(marker);
            text.push('\n');
        }
        let d = doc(&text, Encoding::Utf16);
        let want: Vec<usize> = text
            .match_indices(marker)
            .map(|(i, _)| text[..i].rfind('\n').map_or(0, |n| n + 1))
            .collect();
        assert_eq!(d.marker_lines, want);
    }

    #[test]
    fn marker_lines_follow_edits() {
        let text = "---\nname: a\ndescription: b\n---\nBody\n\nmore\n";
        let mut d = doc(text, Encoding::Utf16);
        let comment = "<!-- agent-ls-disable-next-line no-examples -->\n";
        // type a suppression one character at a time on line 5, then a line break before it,
        // then delete it again: after every step the kept lines equal a fresh scan
        let mut v = 2;
        for (i, ch) in comment.chars().enumerate() {
            let p = Pos {
                line: 5,
                character: i as u32,
            };
            d.apply(
                v,
                &[Change {
                    range: Some((p, p)),
                    text: ch.to_string(),
                }],
            );
            v += 1;
            let fresh = Document::new(&d.text(), 0, Encoding::Utf16, None);
            assert_eq!(d.marker_lines, fresh.marker_lines, "after {i} characters");
            assert_eq!(d.suppressions(), fresh.suppressions());
        }
        assert_eq!(d.suppressions().len(), 1);
        let p = Pos {
            line: 4,
            character: 4,
        };
        d.apply(
            v,
            &[Change {
                range: Some((p, p)),
                text: "\n\nx".into(),
            }],
        );
        let fresh = Document::new(&d.text(), 0, Encoding::Utf16, None);
        assert_eq!(d.marker_lines, fresh.marker_lines);
        assert_eq!(d.suppressions(), fresh.suppressions());
        let (a, b) = (
            Pos {
                line: 7,
                character: 3,
            },
            Pos {
                line: 8,
                character: 0,
            },
        );
        d.apply(
            v + 1,
            &[Change {
                range: Some((a, b)),
                text: String::new(),
            }],
        );
        let fresh = Document::new(&d.text(), 0, Encoding::Utf16, None);
        assert_eq!(d.marker_lines, fresh.marker_lines);
        assert!(d.suppressions().is_empty());
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

    #[test]
    fn body_edits_reuse_the_head_findings_made_with_the_same_stamp() {
        let text = "---\nname: Bad_Name\ndescription: b\ntools: Reed\n---\nbody\n";
        let mut d = Document::new(text, 1, Encoding::Utf16, Some(".claude/agents/x.md".into()));
        let stamp = Stamp {
            project: 7,
            config: 0,
        };
        let fresh = |d: &Document| Document::new(&d.text(), 0, Encoding::Utf16, d.path.clone());
        let shown = |d: &Document, stamp| {
            d.diagnostics_stamped(None, None, true, &|_: &std::path::Path| false, Some(stamp))
        };
        let first = shown(&d, stamp);
        assert!(
            first
                .iter()
                .any(|f| f.code == crate::catalog::Code::NameStyle)
        );
        assert_eq!(first, fresh(&d).diagnostics_in(None));
        assert_eq!(d.head_checks(), 1);
        let at = |line, character| Pos { line, character };
        let edit = |d: &mut Document, v, a: Pos, b: Pos, t: &str| {
            d.apply(
                v,
                &[Change {
                    range: Some((a, b)),
                    text: t.into(),
                }],
            )
        };
        // a keystroke in the body: the head's findings are reused, the body's made again
        edit(&mut d, 2, at(5, 0), at(5, 4), "");
        let blank = shown(&d, stamp);
        assert_eq!(d.head_checks(), 1);
        assert!(
            blank
                .iter()
                .any(|f| f.code == crate::catalog::Code::EmptyBody)
        );
        assert_eq!(blank, fresh(&d).diagnostics_in(None));
        // another stamp (the index or the configuration changed): made again
        let other = Stamp {
            project: 8,
            config: 0,
        };
        assert_eq!(shown(&d, other), blank);
        assert_eq!(d.head_checks(), 2);
        // a keystroke in the head: made again
        edit(&mut d, 3, at(1, 6), at(1, 14), "good-name");
        let fixed = shown(&d, other);
        assert_eq!(d.head_checks(), 3);
        assert!(
            !fixed
                .iter()
                .any(|f| f.code == crate::catalog::Code::NameStyle)
        );
        assert_eq!(fixed, fresh(&d).diagnostics_in(None));
        // no stamp: nothing kept or reused
        d.diagnostics_using(None, None, true, &|_: &std::path::Path| false);
        d.diagnostics_using(None, None, true, &|_: &std::path::Path| false);
        assert_eq!(d.head_checks(), 5);
    }
}
