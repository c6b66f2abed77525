//! Text decoded from source (a YAML scalar with its escapes and folding), with a map from every
//! byte of the decoded text back to the source, so that findings in a description point at the
//! exact characters the user typed even when the value is quoted or uses `\n` escapes.

use super::Span;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Segment {
    text: usize,
    text_len: usize,
    src: usize,
    src_len: usize,
}

/// Decoded text plus its source map.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MappedText {
    pub text: String,
    segments: Vec<Segment>,
}

impl MappedText {
    pub fn new() -> Self {
        Self::default()
    }

    /// Appends `s`, which appears verbatim in the source at `src`.
    pub fn push_verbatim(&mut self, src: usize, s: &str) {
        if s.is_empty() {
            return;
        }
        if let Some(last) = self.segments.last_mut()
            && last.text_len == last.src_len
            && last.text + last.text_len == self.text.len()
            && last.src + last.src_len == src
        {
            last.text_len += s.len();
            last.src_len += s.len();
            self.text.push_str(s);
            return;
        }
        self.segments.push(Segment {
            text: self.text.len(),
            text_len: s.len(),
            src,
            src_len: s.len(),
        });
        self.text.push_str(s);
    }

    /// Appends `decoded`, which stands for the `src_len` source bytes at `src` (an escape
    /// sequence, a folded line break).
    pub fn push_replaced(&mut self, src: usize, src_len: usize, decoded: &str) {
        self.segments.push(Segment {
            text: self.text.len(),
            text_len: decoded.len(),
            src,
            src_len,
        });
        self.text.push_str(decoded);
    }

    /// How far `other` is this same text moved in the source: `Some(delta)` when the decoded
    /// texts are equal and every segment maps `delta` bytes further.
    pub fn shift_to(&self, other: &MappedText) -> Option<isize> {
        if self.text != other.text || self.segments.len() != other.segments.len() {
            return None;
        }
        let delta = match (self.segments.first(), other.segments.first()) {
            (Some(a), Some(b)) => b.src as isize - a.src as isize,
            _ => 0,
        };
        self.segments
            .iter()
            .zip(&other.segments)
            .all(|(a, b)| {
                a.text == b.text
                    && a.text_len == b.text_len
                    && a.src_len == b.src_len
                    && b.src as isize - a.src as isize == delta
            })
            .then_some(delta)
    }

    /// This text `delta` bytes further in the source (what [`MappedText::shift_to`] measured).
    pub fn shifted(&self, delta: isize) -> MappedText {
        let mut out = self.clone();
        out.shift(delta);
        out
    }

    /// [`MappedText::shifted`] in place.
    pub fn shift(&mut self, delta: isize) {
        for s in &mut self.segments {
            s.src = s.src.saturating_add_signed(delta);
        }
    }

    /// The source offset of decoded offset `at` (clamped to the text).
    pub fn source_offset(&self, at: usize) -> usize {
        let Some(first) = self.segments.first() else {
            return 0;
        };
        if at <= first.text {
            return first.src;
        }
        let idx = self
            .segments
            .partition_point(|s| s.text <= at)
            .saturating_sub(1);
        let seg = self.segments[idx];
        let within = at - seg.text;
        if within >= seg.text_len {
            return seg.src + seg.src_len;
        }
        if seg.text_len == seg.src_len {
            seg.src + within
        } else {
            seg.src
        }
    }

    /// The source span of the decoded range `start..end`. The end of a replaced segment maps to
    /// the end of its source, so a range covering an escape covers all of it.
    pub fn source_span(&self, start: usize, end: usize) -> Span {
        let s = self.source_offset(start);
        let e = if end > start {
            self.source_offset_end(end)
        } else {
            s
        };
        Span::new(s, e.max(s))
    }

    fn source_offset_end(&self, end: usize) -> usize {
        // The segment holding the last decoded byte of the range decides.
        let last = end - 1;
        let idx = self
            .segments
            .partition_point(|s| s.text <= last)
            .saturating_sub(1);
        match self.segments.get(idx) {
            Some(seg) if seg.text_len == seg.src_len => seg.src + (end - seg.text).min(seg.src_len),
            Some(seg) => seg.src + seg.src_len,
            None => 0,
        }
    }

    /// A copy in which every literal backslash-n (`\n` as two characters, which YAML leaves
    /// alone in plain and single-quoted scalars) becomes a line break, keeping the map.
    pub fn with_literal_newlines(&self) -> MappedText {
        let mut out = MappedText::new();
        let bytes = self.text.as_bytes();
        let mut run_start = 0;
        for i in memchr::memmem::find_iter(bytes, b"\\n") {
            self.copy_range(&mut out, run_start, i);
            let src = self.source_offset(i);
            let src_end = self.source_offset_end(i + 2);
            out.push_replaced(src, src_end.saturating_sub(src), "\n");
            run_start = i + 2;
        }
        self.copy_range(&mut out, run_start, bytes.len());
        out
    }

    fn copy_range(&self, out: &mut MappedText, start: usize, end: usize) {
        if start >= end {
            return;
        }
        let mut idx = self
            .segments
            .partition_point(|s| s.text <= start)
            .saturating_sub(1);
        let mut pos = start;
        while pos < end && idx < self.segments.len() {
            let seg = self.segments[idx];
            let seg_end = seg.text + seg.text_len;
            let take_end = seg_end.min(end);
            if take_end > pos {
                let piece = &self.text[pos..take_end];
                if seg.text_len == seg.src_len {
                    out.push_verbatim(seg.src + (pos - seg.text), piece);
                } else {
                    out.push_replaced(seg.src, seg.src_len, piece);
                }
                pos = take_end;
            }
            idx += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every string of up to 6 bytes over `a`, `\\`, `n`: each `\\n` pair, left to right,
    /// becomes a line break that maps back to both source bytes.
    #[test]
    fn literal_newlines_replace_every_backslash_n_pair() {
        for t in crate::text::all_strings(&['a', '\\', 'n'], 6) {
            let mut m = MappedText::new();
            m.push_verbatim(5, &t);
            let lit = m.with_literal_newlines();
            assert_eq!(lit.text, t.replace("\\n", "\n"), "{t:?}");
            for (i, _) in lit.text.match_indices('\n') {
                let src = lit.source_offset(i) - 5;
                assert_eq!(&t[src..src + 2], "\\n", "{t:?} at {i}");
            }
            // moved in the source, the same text maps the same way shifted
            let mut moved = MappedText::new();
            moved.push_verbatim(9, &t);
            let delta = m.shift_to(&moved);
            assert_eq!(delta, Some(if t.is_empty() { 0 } else { 4 }), "{t:?}");
            assert_eq!(
                lit.shifted(delta.unwrap_or(0)),
                moved.with_literal_newlines(),
                "{t:?}"
            );
        }
    }

    #[test]
    fn maps_verbatim_and_escapes() {
        // source: "a\tb" at offset 10 (with quotes), decoded a<TAB>b
        let mut m = MappedText::new();
        m.push_verbatim(11, "a");
        m.push_replaced(12, 2, "\t");
        m.push_verbatim(14, "b");
        assert_eq!(m.text, "a\tb");
        assert_eq!(m.source_offset(0), 11);
        assert_eq!(m.source_offset(1), 12);
        assert_eq!(m.source_offset(2), 14);
        assert_eq!(m.source_span(1, 2), Span::new(12, 14));
        assert_eq!(m.source_span(0, 3), Span::new(11, 15));
    }

    #[test]
    fn literal_newlines_keep_positions() {
        let mut m = MappedText::new();
        m.push_verbatim(100, "x\\ny");
        let n = m.with_literal_newlines();
        assert_eq!(n.text, "x\ny");
        assert_eq!(n.source_offset(2), 103);
        assert_eq!(n.source_span(1, 2), Span::new(101, 103));
    }
}
