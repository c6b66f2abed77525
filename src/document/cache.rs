//! What an open document keeps between requests so that a keystroke does not start over: the
//! starts of the lines that hold a suppression marker (and the inline suppressions read from
//! them), the body's references ([`RefsCache`], kept for the kinds whose diagnostics read the
//! body) and the head's findings with the [`Stamp`] they were made under. The fourth cache, the
//! head's [`HeadCache`](crate::syntax::HeadCache), is the syntax layer's.

use ropey::Rope;

use super::Document;
use crate::analysis::{diagnostics, suppress};
use crate::syntax::Span;
use crate::syntax::refs_cache::RefsCache;
use crate::text;

/// What the caller of [`Document::diagnostics_with`] promises (in
/// [`DiagnosticsInput::stamp`](super::DiagnosticsInput::stamp)) about everything outside the
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
pub(super) struct KeptFindings {
    slot: std::sync::Mutex<Option<((u64, Stamp), diagnostics::HeadFindings)>>,
    /// How many times they were made rather than reused (observable in tests).
    pub(super) made: std::sync::atomic::AtomicU64,
}

impl KeptFindings {
    fn slot(&self) -> std::sync::MutexGuard<'_, Option<((u64, Stamp), diagnostics::HeadFindings)>> {
        // a panic while the slot was held leaves it whole (it is only ever swapped)
        self.slot.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The kept findings if they were made under `key`.
    pub(super) fn take(&self, key: (u64, Stamp)) -> Option<diagnostics::HeadFindings> {
        self.slot()
            .take()
            .filter(|(k, _)| *k == key)
            .map(|(_, f)| f)
    }

    pub(super) fn keep(&self, key: (u64, Stamp), found: diagnostics::HeadFindings) {
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

/// The starts of the lines that hold the suppression marker, kept current edit by edit (a
/// keystroke rescans only the lines it touched).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(super) struct MarkerLines(Vec<usize>);

impl MarkerLines {
    /// The marker lines of the whole of `rope`.
    pub(super) fn of(rope: &Rope) -> MarkerLines {
        MarkerLines(scan(rope, 0, rope.len_bytes()))
    }

    /// Before an edit that replaces the text up to `end`, from the line that starts at
    /// `line_start`, with one `delta` bytes longer: drops the lines it touches and shifts the
    /// later ones.
    pub(super) fn edit(&mut self, line_start: usize, end: usize, delta: isize) {
        self.0.retain(|&l| l < line_start || l > end);
        for l in self.0.iter_mut().filter(|l| **l > end) {
            *l = (*l as isize + delta) as usize;
        }
    }

    /// After the edit: the lines in `from..to` of the edited `rope` scanned again.
    pub(super) fn rescan(&mut self, rope: &Rope, from: usize, to: usize) {
        let found = scan(rope, from, to);
        if !found.is_empty() {
            self.0.extend(found);
            self.0.sort_unstable();
            self.0.dedup();
        }
    }
}

/// The starts of the lines in `from..to` (whole lines) that hold the suppression marker,
/// found in the rope's chunks without copying them.
fn scan(rope: &Rope, from: usize, to: usize) -> Vec<usize> {
    static FINDER: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
        std::sync::LazyLock::new(|| memchr::memmem::Finder::new(suppress::MARKER));
    let finder = &*FINDER;
    let marker = suppress::MARKER.as_bytes();
    let mut out: Vec<usize> = Vec::new();
    let slice = rope.byte_slice(from..to);
    if let Some(s) = slice.as_str() {
        // the usual keystroke: one line, inside one chunk
        for i in finder.find_iter(s.as_bytes()) {
            let line = rope.line_to_byte(rope.byte_to_line(from + i));
            if out.last() != Some(&line) {
                out.push(line);
            }
        }
        return out;
    }
    // each chunk searched where it lies; a marker across chunks is found in the last
    // `marker.len() - 1` bytes before a chunk joined to the first ones of it
    let mut push = |at: usize| {
        let line = rope.line_to_byte(rope.byte_to_line(at));
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

impl Document {
    /// Keeps [`Document::body_refs`] for the kinds that read the body, from where they read it
    /// to the end; scans it again when that start moved other than by an edit of the head.
    pub(super) fn sync_body_refs(&mut self) {
        // a JSON document's diagnostics read its text whole: no markdown references to keep
        let from = self
            .kind()
            .filter(|k| !k.spec().json)
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
        for &start in self.marker_lines.0.iter().filter(|&&l| l >= body_start) {
            let line = self.rope.byte_to_line(start);
            let span = span_of(line);
            let text = self.rope.byte_slice(span.start..span.end).to_string();
            if let Some(s) = suppress::in_body_line(&text, span, span_of(line + 1)) {
                out.push(s);
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{Change, Encoding, Pos};

    fn doc(t: &str, enc: Encoding) -> Document {
        Document::new(t, 1, enc, None)
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
            assert_eq!(d.marker_lines.0, want, "step {step}");
            assert!(d.rope.chunks().count() > 10);
            // and the scan of one line from the middle of a chunk to the middle of another
            let start = want[1];
            let end = text[start..]
                .find('\n')
                .map_or(text.len(), |n| start + n + 1);
            assert_eq!(scan(&d.rope, start, end), vec![start], "step {step}");
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
        assert_eq!(d.marker_lines.0, want);
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
}
