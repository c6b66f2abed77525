//! Text positions, in one place: where lines start and end, and the column of a byte offset in
//! every unit a reader may want (UTF-8 bytes and UTF-16 code units for LSP clients, characters for
//! people reading `check`). Lines end at `\n`, `\r\n` or a lone `\r`, as the LSP specification
//! says. Byte offsets (`Span`s) are the currency of the analysis; this module is the only place
//! that turns them into lines and columns, for plain strings ([`LineIndex`], [`TextRange`]) and
//! for the rope of an open document ([`rope_offset`], [`rope_position`]).
//!
//! (`syntax::load` splits on `\n` alone on purpose: that is what Claude Code's JavaScript does.)

use ropey::Rope;

/// A half-open byte range into the document text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default, PartialOrd, Ord)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub const fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }
    pub fn len(&self) -> usize {
        self.end.saturating_sub(self.start)
    }
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
    /// True when `offset` lies inside the span or touches its end (a cursor right after a word).
    pub fn touches(&self, offset: usize) -> bool {
        self.start <= offset && offset <= self.end
    }
    /// The same span `delta` bytes further (the text before it grew or shrank by `delta`).
    pub fn shifted(self, delta: isize) -> Span {
        let at = |x: usize| x.checked_add_signed(delta).unwrap_or(0);
        Span::new(at(self.start), at(self.end))
    }
}

/// The unit of a column.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Encoding {
    /// UTF-16 code units: the LSP default.
    #[default]
    Utf16,
    /// Bytes: when client and server agreed on UTF-8.
    Utf8,
}

/// One physical line: `start..end` without its line break; `next` is where the next line starts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Line {
    pub start: usize,
    pub end: usize,
    pub next: usize,
}

/// The line that starts at byte `start` of `text` (which must be a line start).
pub fn line_at(text: &str, start: usize) -> Line {
    let bytes = text.as_bytes();
    let mut i = start.min(bytes.len());
    while let Some(k) = memchr::memchr2(b'\n', b'\r', &bytes[i..]) {
        i += k;
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
            _ if bytes.get(i + 1) != Some(&b'\n') => {
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
        start: start.min(bytes.len()),
        end: bytes.len(),
        next: bytes.len(),
    }
}

/// The lines of `text[from..to]` (`from` a line start; a line cut by `to` ends there).
pub fn lines(text: &str, from: usize, to: usize) -> Vec<Line> {
    let to = to.min(text.len());
    let mut out = Vec::new();
    let mut start = from;
    while start < to {
        let mut line = line_at(&text[..to], start);
        if line.next <= start {
            break;
        }
        line.end = line.end.min(to);
        out.push(line);
        start = line.next;
    }
    out
}

/// Where the line holding byte `at` starts.
pub fn line_start_of(text: &str, at: usize) -> usize {
    let at = floor_boundary(text, at);
    let b = text.as_bytes();
    (0..at)
        .rev()
        .find(|&i| is_break(b, i))
        .map(|i| i + 1)
        .unwrap_or(0)
}

/// True when byte `i` ends a line: a `\n`, or a `\r` not followed by `\n`.
fn is_break(b: &[u8], i: usize) -> bool {
    b[i] == b'\n' || (b[i] == b'\r' && b.get(i + 1) != Some(&b'\n'))
}

/// The line holding byte `at`, without its line break.
pub fn line_span(text: &str, at: usize) -> Span {
    let start = line_start_of(text, at);
    let line = line_at(text, start);
    Span::new(line.start, line.end)
}

fn floor_boundary(text: &str, mut at: usize) -> usize {
    at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// A position: a 0-based line and the column in every unit.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, PartialOrd, Ord)]
pub struct Point {
    pub line: u32,
    pub utf16: u32,
    pub utf8: u32,
    pub chars: u32,
}

impl Point {
    /// The column in an LSP encoding.
    pub fn column(&self, enc: Encoding) -> u32 {
        match enc {
            Encoding::Utf16 => self.utf16,
            Encoding::Utf8 => self.utf8,
        }
    }
}

/// The positions of both ends of a span.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct TextRange {
    pub start: Point,
    pub end: Point,
}

impl TextRange {
    /// The range of `span` in `text` (for one span; build a [`LineIndex`] for many).
    pub fn of(text: &str, span: Span) -> TextRange {
        let point = |offset: usize| {
            let offset = floor_boundary(text, offset);
            let bytes = &text.as_bytes()[..offset];
            let breaks = bytes
                .iter()
                .enumerate()
                .filter(|&(i, _)| is_break(text.as_bytes(), i))
                .count();
            let before = &text[line_start_of(text, offset)..offset];
            Point {
                line: breaks as u32,
                utf16: before.encode_utf16().count() as u32,
                utf8: before.len() as u32,
                chars: before.chars().count() as u32,
            }
        };
        TextRange {
            start: point(span.start),
            end: point(span.end.max(span.start)),
        }
    }
}

/// Where every line of a text starts, for many positions in one text in O(log n + line length).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let bytes = text.as_bytes();
        let mut starts = vec![0];
        for i in 0..bytes.len() {
            if is_break(bytes, i) {
                starts.push(i + 1);
            }
        }
        LineIndex { starts }
    }

    /// The number of lines (a text ending in a line break has an empty last line).
    pub fn len(&self) -> usize {
        self.starts.len()
    }

    pub fn is_empty(&self) -> bool {
        false
    }

    /// The 0-based line holding `offset`.
    pub fn line_of(&self, offset: usize) -> usize {
        self.starts
            .partition_point(|&s| s <= offset)
            .saturating_sub(1)
    }

    /// The bytes of line `line` (0-based, clamped to the last line), without its line break.
    pub fn line_bounds(&self, text: &str, line: usize) -> (usize, usize) {
        let line = line.min(self.starts.len() - 1);
        let start = self.starts[line].min(text.len());
        let l = line_at(text, start);
        (l.start, l.end)
    }

    /// The position of byte `offset` (clamped to the text, rounded down to a character).
    pub fn point(&self, text: &str, offset: usize) -> Point {
        let offset = floor_boundary(text, offset);
        let line = self.line_of(offset);
        let start = self.starts[line].min(offset);
        let before = &text[start..offset];
        Point {
            line: line as u32,
            utf16: before.encode_utf16().count() as u32,
            utf8: before.len() as u32,
            chars: before.chars().count() as u32,
        }
    }

    pub fn range(&self, text: &str, span: Span) -> TextRange {
        TextRange {
            start: self.point(text, span.start),
            end: self.point(text, span.end.max(span.start)),
        }
    }

    /// The byte offset of a line and column in `enc` (clamped to the line; inside a character it
    /// moves back to the character's start).
    pub fn offset(&self, text: &str, line: u32, column: u32, enc: Encoding) -> usize {
        if line as usize >= self.starts.len() {
            return text.len();
        }
        let (start, end) = self.line_bounds(text, line as usize);
        let mut units = 0usize;
        for (i, c) in text[start..end].char_indices() {
            let w = match enc {
                Encoding::Utf16 => c.len_utf16(),
                Encoding::Utf8 => c.len_utf8(),
            };
            if units + w > column as usize {
                return start + i;
            }
            units += w;
        }
        end
    }
}

/// The byte offset of an LSP position in a rope: clamped past the end of a line or of the text;
/// inside a character (half a surrogate pair, inside a UTF-8 sequence) or between the `\r` and
/// `\n` of a line break it moves back to the boundary before it.
pub fn rope_offset(rope: &Rope, line: u32, character: u32, enc: Encoding) -> usize {
    let lines = rope.len_lines();
    let line = line as usize;
    if line >= lines {
        return rope.len_bytes();
    }
    let line_start = rope.line_to_byte(line);
    if let Some(offset) = offset_in_chunk(rope, line_start, character as usize, enc) {
        return offset;
    }
    let line_end = line_start + rope_content_len(rope, line);
    match enc {
        Encoding::Utf8 => {
            let b = (line_start + character as usize).min(line_end);
            rope.char_to_byte(rope.byte_to_char(b))
        }
        Encoding::Utf16 => {
            let first_char = rope.byte_to_char(line_start);
            let base = rope.char_to_utf16_cu(first_char);
            let end_char = rope.byte_to_char(line_end);
            let target = (base + character as usize).min(rope.char_to_utf16_cu(end_char));
            let c = rope.utf16_cu_to_char(target);
            rope.char_to_byte(c.min(end_char))
        }
    }
}

/// [`rope_offset`] within the chunk where the line starts, when the column or the line's end is
/// in that chunk (one descent of the rope instead of eight). `None` when the line goes on into
/// the next chunk before either.
fn offset_in_chunk(
    rope: &Rope,
    line_start: usize,
    character: usize,
    enc: Encoding,
) -> Option<usize> {
    let (chunk, chunk_start, _, _) = rope.chunk_at_byte(line_start);
    let rest = chunk.get(line_start - chunk_start..)?;
    let mut units = 0;
    for (i, c) in rest.char_indices() {
        if units == character || c == '\n' || c == '\r' {
            return Some(line_start + i);
        }
        units += match enc {
            Encoding::Utf8 => c.len_utf8(),
            Encoding::Utf16 => c.len_utf16(),
        };
        if units > character {
            // inside the character: its start
            return Some(line_start + i);
        }
    }
    None
}

/// The LSP position (line, character in `enc`) of a byte offset in a rope, clamped to the text.
pub fn rope_position(rope: &Rope, offset: usize, enc: Encoding) -> (u32, u32) {
    let offset = offset.min(rope.len_bytes());
    position_in_chunk(rope.chunk_at_byte(offset), offset, enc)
        .unwrap_or_else(|| position_by_lines(rope, offset, enc))
}

/// [`rope_position`] from the rope's line index, where the chunk of `offset` cannot tell.
fn position_by_lines(rope: &Rope, offset: usize, enc: Encoding) -> (u32, u32) {
    let line = rope.byte_to_line(offset);
    let line_start = rope.line_to_byte(line);
    let character = match enc {
        Encoding::Utf8 => offset - line_start,
        // the usual case: counted in the line's own text, without walking the rope again
        Encoding::Utf16 => match rope.get_byte_slice(line_start..offset) {
            Some(before) if offset - line_start <= 512 => before
                .chunks()
                .map(|c| {
                    if c.is_ascii() {
                        c.len()
                    } else {
                        c.encode_utf16().count()
                    }
                })
                .sum(),
            _ => {
                let c = rope.byte_to_char(offset);
                let c0 = rope.byte_to_char(line_start);
                rope.char_to_utf16_cu(c) - rope.char_to_utf16_cu(c0)
            }
        },
    };
    (line as u32, character as u32)
}

/// [`rope_position`] of both ends of a span: the end is counted on from the start when both lie
/// on one line of one chunk (the usual range of a finding), one descent of the rope instead of two.
pub fn rope_range(
    rope: &Rope,
    start: usize,
    end: usize,
    enc: Encoding,
) -> ((u32, u32), (u32, u32)) {
    let len = rope.len_bytes();
    let (start, end) = (start.min(len), end.min(len));
    let chunk = rope.chunk_at_byte(start);
    let a =
        position_in_chunk(chunk, start, enc).unwrap_or_else(|| position_by_lines(rope, start, enc));
    let (text, chunk_start, _, _) = chunk;
    let on = (end >= start)
        .then(|| text.as_bytes().get(start - chunk_start..end - chunk_start))
        .flatten()
        .filter(|b| memchr::memchr2(b'\n', b'\r', b).is_none())
        // not whole characters: the end's own rules apply
        .and_then(|b| units(b, enc));
    match on {
        Some(n) => (a, (a.0, a.1 + n as u32)),
        None => (a, rope_position(rope, end, enc)),
    }
}

/// How many units of `enc` the bytes of one line hold; `None`, counting UTF-16, when they are not
/// whole characters.
fn units(bytes: &[u8], enc: Encoding) -> Option<usize> {
    match enc {
        Encoding::Utf8 => Some(bytes.len()),
        Encoding::Utf16 if bytes.is_ascii() => Some(bytes.len()),
        Encoding::Utf16 => Some(std::str::from_utf8(bytes).ok()?.encode_utf16().count()),
    }
}

/// [`rope_position`] from `chunk`, the rope's chunk that holds `offset` (`Rope::chunk_at_byte`),
/// when its line starts in that chunk (one descent of the rope instead of three; the usual case,
/// a diagnostic in a paragraph). `None` where the chunk cannot tell: the line starts in an
/// earlier chunk, a `\r` (a line break of its own to the rope) comes before, or, counting UTF-16,
/// `offset` is inside a character.
fn position_in_chunk(
    chunk: (&str, usize, usize, usize),
    offset: usize,
    enc: Encoding,
) -> Option<(u32, u32)> {
    let (text, chunk_start, _, chunk_line) = chunk;
    let before = text.as_bytes().get(..offset - chunk_start)?;
    let line_start = memchr::memrchr(b'\n', before)? + 1;
    if memchr::memchr(b'\r', before).is_some() {
        return None;
    }
    let lines = memchr::memchr_iter(b'\n', before).count();
    let character = units(&before[line_start..], enc)?;
    Some(((chunk_line + lines) as u32, character as u32))
}

/// The position of a byte offset in a rope, in every unit.
pub fn rope_point(rope: &Rope, offset: usize) -> Point {
    let offset = rope.char_to_byte(rope.byte_to_char(offset.min(rope.len_bytes())));
    let (line, utf16) = rope_position(rope, offset, Encoding::Utf16);
    let (_, utf8) = rope_position(rope, offset, Encoding::Utf8);
    let chars = rope.byte_to_char(offset) - rope.byte_to_char(rope.line_to_byte(line as usize));
    Point {
        line,
        utf16,
        utf8,
        chars: chars as u32,
    }
}

/// The byte length of line `line` of a rope without its line break.
pub fn rope_content_len(rope: &Rope, line: usize) -> usize {
    let slice = rope.line(line);
    let mut len = slice.len_bytes();
    let n = slice.len_chars();
    if n > 0 && slice.char(n - 1) == '\n' {
        len -= 1;
        if n > 1 && slice.char(n - 2) == '\r' {
            len -= 1;
        }
    } else if n > 0 && slice.char(n - 1) == '\r' {
        len -= 1;
    }
    len
}

/// Every string of up to `max_len` characters over `alphabet`, for tests that try them all.
#[cfg(test)]
pub(crate) fn all_strings(alphabet: &[char], max_len: u32) -> Vec<String> {
    let base = alphabet.len();
    let mut out = Vec::new();
    for len in 0..=max_len {
        for mut n in 0..base.pow(len) {
            let mut t = String::new();
            for _ in 0..len {
                t.push(alphabet[n % base]);
                n /= base;
            }
            out.push(t);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// [`rope_range`] gives what [`rope_position`] gives for each end: every span of every
    /// string of up to 4 characters over ASCII, a two-byte and a four-byte character and both
    /// line breaks, and spans of up to 24 bytes from every 5th offset of a 4 KB text of them
    /// (several chunks, spans across their edges), in both encodings.
    #[test]
    fn ranges_agree_with_the_positions_of_their_ends() {
        let alphabet = ['a', '\n', '\r', 'é', '😀'];
        let check = |t: &str, starts: &mut dyn Iterator<Item = usize>, span: usize| {
            let rope = Rope::from_str(t);
            for a in starts {
                for b in a.saturating_sub(2)..=(a + span).min(t.len() + 1) {
                    for enc in [Encoding::Utf8, Encoding::Utf16] {
                        assert_eq!(
                            rope_range(&rope, a, b, enc),
                            (rope_position(&rope, a, enc), rope_position(&rope, b, enc)),
                            "{a}..{b} {enc:?} of {:?}",
                            t.get(a.saturating_sub(8)..(b + 8).min(t.len()))
                        );
                    }
                }
            }
        };
        for t in all_strings(&alphabet, 4) {
            check(&t, &mut (0..=t.len() + 1), t.len() + 1);
        }
        let long: String = (0..3_000usize)
            .map(|i| match i * 7919 % 31 {
                0 => '\n',
                1 => '\r',
                2 => 'é',
                3 => '😀',
                _ => 'a',
            })
            .collect();
        assert!(Rope::from_str(&long).chunks().count() > 2);
        check(&long, &mut (0..=long.len()).step_by(5), 24);
    }

    /// Every string of up to 7 bytes over `a`, `\r`, `\n`: [`lines`] splits it where the LSP
    /// does (a byte loop, the definition [`line_at`]'s search must agree with).
    #[test]
    fn lines_agree_with_a_byte_by_byte_split() {
        fn naive(t: &str) -> Vec<(usize, usize, usize)> {
            let b = t.as_bytes();
            let (mut out, mut start, mut i) = (Vec::new(), 0, 0);
            while i < b.len() {
                match b[i] {
                    b'\r' if b.get(i + 1) == Some(&b'\n') => {
                        out.push((start, i, i + 2));
                        i += 2;
                        start = i;
                    }
                    b'\r' | b'\n' => {
                        out.push((start, i, i + 1));
                        i += 1;
                        start = i;
                    }
                    _ => i += 1,
                }
            }
            if start < b.len() {
                out.push((start, b.len(), b.len()));
            }
            out
        }
        for t in all_strings(&['a', '\r', '\n'], 7) {
            let got: Vec<_> = lines(&t, 0, t.len())
                .iter()
                .map(|l| (l.start, l.end, l.next))
                .collect();
            assert_eq!(got, naive(&t), "{t:?}");
        }
    }

    #[test]
    fn lines_end_at_every_lsp_break() {
        let t = "a\r\nb\rc\nd";
        let ls = lines(t, 0, t.len());
        let spans: Vec<_> = ls.iter().map(|l| &t[l.start..l.end]).collect();
        assert_eq!(spans, ["a", "b", "c", "d"]);
        assert_eq!(ls[0].next, 3);
        let idx = LineIndex::new(t);
        assert_eq!(idx.len(), 4);
        assert_eq!(idx.line_of(4), 1);
        assert_eq!(idx.line_bounds(t, 1), (3, 4));
        for off in 0..=t.len() {
            let s = Span::new(off, t.len());
            assert_eq!(TextRange::of(t, s), idx.range(t, s), "{off}");
        }
        assert_eq!(line_span(t, 5), Span::new(5, 6));
        assert_eq!(
            line_span(t, 2),
            Span::new(0, 1),
            "inside the CRLF: its line"
        );
    }

    #[test]
    fn columns_in_every_unit() {
        let t = "x\né😀b";
        let idx = LineIndex::new(t);
        let p = idx.point(t, t.len() - 1);
        assert_eq!(
            p,
            Point {
                line: 1,
                utf16: 3,
                utf8: 6,
                chars: 2
            }
        );
        assert_eq!(idx.offset(t, 1, 3, Encoding::Utf16), t.len() - 1);
        assert_eq!(idx.offset(t, 1, 2, Encoding::Utf16), 4, "half a pair: back");
        assert_eq!(idx.offset(t, 1, 99, Encoding::Utf8), t.len());
        assert_eq!(idx.offset(t, 9, 0, Encoding::Utf8), t.len());
        // inside a character: rounds down
        assert_eq!(idx.point(t, 3).utf8, 0);
    }

    #[test]
    fn rope_positions_across_chunks() {
        // long enough for many chunks, with lines that start in one chunk and end in another
        let long = "x".repeat(1500);
        let mut t = String::new();
        for i in 0..400 {
            t.push_str(match i % 7 {
                0 => "plain ascii line of some length\n",
                1 => "é😀 wide characters é😀\r\n",
                2 => "a lone carriage return\rthen more\n",
                3 => &long,
                4 => "\n",
                5 => "ü\n",
                _ => "- item `code` [link](a.md)\n",
            });
        }
        let rope = Rope::from_str(&t);
        assert!(rope.chunks().count() > 20);
        let idx = LineIndex::new(&t);
        for off in 0..=t.len() {
            let floor = (0..=off)
                .rev()
                .find(|&o| t.is_char_boundary(o))
                .unwrap_or(0);
            let p = idx.point(&t, floor);
            assert_eq!(
                rope_position(&rope, off, Encoding::Utf16),
                (p.line, p.utf16),
                "{off}"
            );
            assert_eq!(
                rope_position(&rope, off, Encoding::Utf8),
                (p.line, p.utf8 + (off - floor) as u32),
                "{off}"
            );
        }
        // and back: every column of every line (past the end, inside a character), as the
        // string's index computes it
        for line in 0..=idx.len() as u32 + 1 {
            for col in (0..40).chain(1495..1510) {
                for enc in [Encoding::Utf16, Encoding::Utf8] {
                    assert_eq!(
                        rope_offset(&rope, line, col, enc),
                        idx.offset(&t, line, col, enc),
                        "{line}:{col} {enc:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn rope_and_string_agree() {
        let t = "a😀b\r\nc\rdé\n";
        let rope = Rope::from_str(t);
        let idx = LineIndex::new(t);
        for off in 0..=t.len() {
            if !t.is_char_boundary(off) {
                continue;
            }
            // between \r and \n the rope's line is the one before; so is ours
            let p = idx.point(t, off);
            for enc in [Encoding::Utf16, Encoding::Utf8] {
                assert_eq!(
                    rope_position(&rope, off, enc),
                    (p.line, p.column(enc)),
                    "{off} {enc:?}"
                );
                assert_eq!(rope_point(&rope, off), p, "{off}");
                assert_eq!(
                    rope_offset(&rope, p.line, p.column(enc), enc),
                    idx.offset(t, p.line, p.column(enc), enc),
                    "{off} {enc:?}"
                );
            }
        }
    }
}
