//! The [`BodyRefs`] of a body kept current edit by edit: the body is cut into segments that
//! markdown reads the same alone as in the whole text, each segment's references are kept, and an
//! edit scans again only the segments it touched (and the next ones, while a code fence or HTML
//! block it opened runs on). The result always equals [`refs::scan`] of the whole body: the
//! property tests compare them after random edits.
//!
//! A segment starts at a line that begins at column 0 with anything but whitespace, after a
//! blank line, outside any fenced code or HTML block that can hold blank lines: such a line starts
//! a block at the top level whatever came before (a blank line ends paragraphs and block quotes,
//! and an unindented line ends list items and indented code; see [`starts_block`]). Where a fence or HTML block opens inside
//! a container, or a link reference definition could be used elsewhere, the cut stops: the rest
//! is one segment.

use std::ops::Range;

use super::refs::{self, BodyRefs, FileRef, LinkRef, Placeholder, ShellLine};

#[derive(Clone, Debug, Default)]
pub struct RefsCache {
    /// Where the body starts in the document.
    base: usize,
    /// Where each segment starts (document offsets, the first is `base`) and ends.
    starts: Vec<usize>,
    end: usize,
    /// Each segment's references, relative to its start.
    segs: Vec<Segment>,
    /// Everything, in document offsets.
    all: BodyRefs,
}

#[derive(Clone, Debug, Default)]
struct Segment {
    refs: BodyRefs,
    /// It holds what could be a link reference definition, which links elsewhere may use.
    definitions: bool,
}

impl RefsCache {
    /// Scans `body`, which starts at `base` in the document.
    pub fn new(body: &str, base: usize) -> RefsCache {
        let c = RefsCache::cut_at(body, base, &split(body).starts);
        if c.needs_one_segment() {
            return RefsCache::cut_at(body, base, &[0]);
        }
        c
    }

    /// `body` cut into segments at `starts` (relative to `base`), each scanned.
    fn cut_at(body: &str, base: usize, starts: &[usize]) -> RefsCache {
        let segs = segments(body, starts);
        let starts: Vec<usize> = starts.iter().map(|s| base + s).collect();
        RefsCache {
            base,
            end: base + body.len(),
            all: gather(&segs, &starts),
            starts,
            segs,
        }
    }

    /// A link reference definition may serve links of other segments: then the body is scanned
    /// as one.
    fn needs_one_segment(&self) -> bool {
        self.segs.len() > 1 && self.segs.iter().any(|s| s.definitions)
    }

    /// Where the body ends.
    pub fn end(&self) -> usize {
        self.end
    }

    /// Where the body starts.
    pub fn base(&self) -> usize {
        self.base
    }

    /// The references of the whole body, in document offsets.
    pub fn refs(&self) -> &BodyRefs {
        &self.all
    }

    /// Follows an edit of the document: bytes `start..old_end` became `new_len` bytes. `text`
    /// reads the document after the edit. Returns false when the edit crosses the start of the
    /// body: the caller scans it again.
    pub fn edited(
        &mut self,
        start: usize,
        old_end: usize,
        new_len: usize,
        text: &dyn Fn(Range<usize>) -> String,
    ) -> bool {
        let delta = new_len as isize - (old_end - start) as isize;
        let shift = |x: usize| (x as isize + delta) as usize;
        if old_end <= self.base && start < self.base {
            // an edit of the head moves the body
            self.base = shift(self.base);
            self.end = shift(self.end);
            for s in &mut self.starts {
                *s = shift(*s);
            }
            shift_refs(&mut self.all, delta);
            return true;
        }
        if start < self.base || old_end > self.end {
            return false;
        }
        // the segments the edit touches, and the one before (the cut before the edited line
        // depends on the line before it)
        let first = self
            .starts
            .partition_point(|&s| s <= start)
            .saturating_sub(2);
        let mut last = self
            .starts
            .partition_point(|&s| s <= old_end)
            .saturating_sub(1);
        let new_end = shift(self.end);
        let definitions;
        loop {
            let from = self.starts[first];
            let to_old = self.starts.get(last + 1).copied().unwrap_or(self.end);
            let to = shift(to_old);
            let region = text(from..to);
            let cut = split(&region);
            // the cut after the region still holds if nothing runs on into the next segment and
            // the region ends with a blank line (the next segment's first line did not change)
            let holds = to == new_end || (cut.clear && ends_blank(&region));
            if !holds {
                last += 1;
                continue;
            }
            let segs = segments(&region, &cut.starts);
            // before the edit no segment held a definition, or there was one segment (replaced
            // here): only the new segments can hold one
            definitions = segs.iter().any(|s| s.definitions);
            let starts: Vec<usize> = cut.starts.iter().map(|s| from + s).collect();
            for s in &mut self.starts[last + 1..] {
                *s = shift(*s);
            }
            // the references of the region replace the old ones; those after it move
            splice_refs(&mut self.all, from..to_old, delta, gather(&segs, &starts));
            self.starts.splice(first..=last, starts);
            self.segs.splice(first..=last, segs);
            self.end = new_end;
            break;
        }
        if definitions && self.segs.len() > 1 {
            let body = text(self.base..self.end);
            *self = RefsCache::cut_at(&body, self.base, &[0]);
        }
        true
    }
}

/// Scans each segment of `text` (cut at `starts`) on its own.
fn segments(text: &str, starts: &[usize]) -> Vec<Segment> {
    starts
        .iter()
        .enumerate()
        .map(|(i, &s)| {
            let e = starts.get(i + 1).copied().unwrap_or(text.len());
            let t = &text[s..e];
            Segment {
                refs: refs::scan(t, 0),
                definitions: t.lines().any(looks_like_definition),
            }
        })
        .collect()
}

fn looks_like_definition(line: &str) -> bool {
    let t = line.trim_start_matches([' ', '\t', '>']);
    t.starts_with('[') && t.contains("]:")
}

fn ends_blank(region: &str) -> bool {
    let Some(body) = region.strip_suffix('\n') else {
        return false;
    };
    let last = body.rfind('\n').map(|i| &body[i + 1..]).unwrap_or(body);
    last.trim().is_empty()
}

/// A reference of the body: where it starts, and how it moves when the text before it changes.
trait Movable {
    fn start(&self) -> usize;
    fn shift(&mut self, delta: isize);
}

impl Movable for Placeholder {
    fn start(&self) -> usize {
        self.span.start
    }
    fn shift(&mut self, delta: isize) {
        self.span = self.span.shifted(delta);
    }
}

impl Movable for ShellLine {
    fn start(&self) -> usize {
        self.span.start
    }
    fn shift(&mut self, delta: isize) {
        self.span = self.span.shifted(delta);
        self.command = self.command.shifted(delta);
    }
}

impl Movable for FileRef {
    fn start(&self) -> usize {
        self.span.start
    }
    fn shift(&mut self, delta: isize) {
        self.span = self.span.shifted(delta);
        self.path = self.path.shifted(delta);
    }
}

impl Movable for LinkRef {
    fn start(&self) -> usize {
        self.span.start
    }
    fn shift(&mut self, delta: isize) {
        self.span = self.span.shifted(delta);
    }
}

/// Replaces the references that start in `old` (document offsets before the edit) with
/// `fresh`, and moves those after it by `delta`. Every list is in source order.
fn splice_refs(all: &mut BodyRefs, old: Range<usize>, delta: isize, fresh: BodyRefs) {
    fn splice<T: Movable>(list: &mut Vec<T>, old: &Range<usize>, delta: isize, fresh: Vec<T>) {
        let a = list.partition_point(|x| x.start() < old.start);
        let b = list.partition_point(|x| x.start() < old.end);
        for x in &mut list[b..] {
            x.shift(delta);
        }
        list.splice(a..b, fresh);
    }
    splice(&mut all.placeholders, &old, delta, fresh.placeholders);
    splice(&mut all.shell, &old, delta, fresh.shell);
    splice(&mut all.files, &old, delta, fresh.files);
    splice(&mut all.links, &old, delta, fresh.links);
    splice(&mut all.imports, &old, delta, fresh.imports);
    splice(&mut all.code_paths, &old, delta, fresh.code_paths);
}

/// The references of segments `segs` that start at `starts`, in document offsets.
fn gather(segs: &[Segment], starts: &[usize]) -> BodyRefs {
    let mut all = BodyRefs::default();
    for (seg, &at) in segs.iter().zip(starts) {
        let mut f = seg.refs.clone();
        shift_refs(&mut f, at as isize);
        all.placeholders.extend(f.placeholders);
        all.shell.extend(f.shell);
        all.files.extend(f.files);
        all.links.extend(f.links);
        all.imports.extend(f.imports);
        all.code_paths.extend(f.code_paths);
    }
    all
}

fn shift_refs(r: &mut BodyRefs, delta: isize) {
    fn shift<T: Movable>(list: &mut [T], delta: isize) {
        list.iter_mut().for_each(|x| x.shift(delta));
    }
    shift(&mut r.placeholders, delta);
    shift(&mut r.shell, delta);
    shift(&mut r.files, delta);
    shift(&mut r.links, delta);
    shift(&mut r.imports, delta);
    shift(&mut r.code_paths, delta);
}

/// Where the segments of `text` start (the first at 0), and whether nothing that can hold a
/// blank line is open at its end.
struct Cut {
    starts: Vec<usize>,
    clear: bool,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Open {
    Nothing,
    /// A fenced code block: its character and length.
    Fence(u8, usize),
    /// An HTML block that ends at a line holding this.
    Html(&'static str),
    /// A fence or HTML block inside a container, or anything not followed exactly: no more cuts.
    Unsure,
}

fn split(text: &str) -> Cut {
    let mut starts = vec![0];
    let mut open = Open::Nothing;
    let mut prev_blank = false;
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        let first = line.as_bytes().first().copied();
        if at > 0 && prev_blank && open == Open::Nothing && first.is_some_and(starts_block) {
            starts.push(at);
        }
        open = next_state(open, line);
        prev_blank = line.trim().is_empty();
        at += line.len();
    }
    Cut {
        starts,
        clear: open == Open::Nothing,
    }
}

/// Whether a line starting with this byte, at column 0 after a blank line with no fence or HTML
/// block open, starts a block at the top level whatever came before: anything but whitespace.
/// A blank line has ended every paragraph, block quote and HTML block of types 6 and 7, and an
/// unindented line cannot continue a list item (its content is indented) or an indented code
/// block. A list item there may continue the list before it, but what its own lines are does
/// not depend on that; a heading, a thematic break, a quote, a fence or HTML block opening (then
/// followed by [`next_state`]) or a paragraph starts afresh. (A link reference definition is
/// the exception, handled by [`RefsCache::needs_one_segment`].)
fn starts_block(first: u8) -> bool {
    !matches!(first, b' ' | b'\t' | b'\r' | b'\n' | b'\x0b' | b'\x0c')
}

fn next_state(open: Open, line: &str) -> Open {
    match open {
        Open::Unsure => Open::Unsure,
        Open::Fence(ch, n) => {
            // pulldown-cmark takes only spaces after a closing fence, not a tab
            let t = line.trim_end_matches(['\n', '\r', ' ']);
            let indent = t.len() - t.trim_start_matches(' ').len();
            let rest = &t[indent..];
            let run = rest.bytes().take_while(|b| *b == ch).count();
            if indent <= 3 && run >= n && run == rest.len() {
                Open::Nothing
            } else {
                open
            }
        }
        Open::Html(end) => {
            if line.to_ascii_lowercase().contains(end) {
                Open::Nothing
            } else {
                open
            }
        }
        Open::Nothing => opens(line),
    }
}

/// What a line opens when nothing is open.
fn opens(line: &str) -> Open {
    let indent = line.len() - line.trim_start_matches(' ').len();
    // behind container markers (`>`, list markers) or deeper indentation, where the block ends
    // is not followed here
    let bare = line.trim_start_matches([' ', '\t', '>', '-', '*', '+']);
    let bare = bare.trim_start_matches(|c: char| c.is_ascii_digit() || c == '.' || c == ')');
    let bare = bare.trim_start_matches([' ', '\t', '>']);
    let plain = &line[indent..];
    for ch in [b'`', b'~'] {
        let run = bare.bytes().take_while(|b| *b == ch).count();
        if run >= 3 {
            // indented, it may sit in a list item and end with it
            if indent == 0 && plain.as_bytes().first() == Some(&ch) && !line.contains('\t') {
                return Open::Fence(ch, run);
            }
            return Open::Unsure;
        }
    }
    let lower = bare.to_ascii_lowercase();
    const HTML: [(&str, &str); 8] = [
        ("<script", "</script>"),
        ("<pre", "</pre>"),
        ("<style", "</style>"),
        ("<textarea", "</textarea>"),
        ("<!--", "-->"),
        ("<?", "?>"),
        ("<![cdata[", "]]>"),
        ("<!", ">"),
    ];
    for (start, end) in HTML {
        if let Some(rest) = lower.strip_prefix(start) {
            if !(indent <= 3 && plain.starts_with('<')) {
                return Open::Unsure;
            }
            // type 1 ends at any of its four closing tags: wait for the one it opened, and be
            // unsure if another comes first
            if start.len() > 2 && start.as_bytes()[1].is_ascii_alphabetic() {
                let closes = ["</script>", "</pre>", "</style>", "</textarea>"];
                if closes.iter().any(|c| rest.contains(c)) {
                    return Open::Nothing;
                }
                return Open::Unsure;
            }
            if rest.contains(end) {
                return Open::Nothing;
            }
            return Open::Html(end);
        }
    }
    Open::Nothing
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every one-character insertion and deletion at every offset of these bodies, followed as
    /// an edit: the kept references equal a scan of the whole new body.
    #[test]
    fn edits_anywhere_equal_a_whole_scan() {
        let bodies = [
            "Intro $ARGUMENTS and @a.md\n\nSecond `!ls` para\n\n# Head\n\n```\ncode @x\n\nText in fence\n```\n\nAfter [l](./x.md) $1\n",
            "A\n\n- item\n\n  ```\n  in list\n\nB after\n```\n\nC `references/a.md`\n\n<!-- c\n\nD inside\n-->\n\nE !`git status`\n",
            "X\n\n[d]: ./defs.md\n\nY [l][d]\n\nZ\n\n> q\n> ```\n\nW\n",
            "- a @b.md\n\n  $1 in a\n\n- c\n\n      ```\n\n**d** `e.md`\n\n1. f\n   ```\n\n2) g !`ls`\n\n---\n\n> h\n\n    code @i\n\n* j\n",
            "***\n\n+ k\n\n  <!--\n\n+ l\n\n-->\n\n9 m @n.md\n\n<div>\n\n=o\n\n_p_ $ARGUMENTS\n",
        ];
        let inserts = [
            "a", "\n", "`", "~", "<", "-", " ", "[", "@", "!", "$", ">", "*", "1.", "#", "\t",
        ];
        for body in bodies {
            let base = 7;
            let doc = format!("{}{body}", "h".repeat(base));
            for at in base..=doc.len() {
                let mut variants: Vec<(usize, usize, String)> =
                    inserts.iter().map(|s| (at, at, s.to_string())).collect();
                if at < doc.len() {
                    variants.push((at, at + 1, String::new()));
                }
                for (s, e, ins) in variants {
                    let mut c = RefsCache::new(&doc[base..], base);
                    let mut new = doc.clone();
                    new.replace_range(s..e, &ins);
                    let read = |r: Range<usize>| new[r].to_string();
                    assert!(c.edited(s, e, ins.len(), &read));
                    assert_eq!(
                        c.refs(),
                        &refs::scan(&new[base..], base),
                        "{ins:?} at {s} in {body:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn cuts_only_where_markdown_starts_afresh() {
        let t = "a\n\nb\n\n  c\n\n```\n\nd\n```\n\ne\n";
        assert_eq!(split(t).starts, vec![0, 3, 11, 23]);
        // list items, emphasis and quotes at column 0 after a blank line; not an indented line
        // or one inside a fence
        let t = "- a\n\n**b**\n\n1. c\n\n   d\n\n> e\n\n~~~\n\n- f\n~~~\n";
        assert_eq!(split(t).starts, vec![0, 5, 12, 24, 29]);
    }
}
