//! A keystroke inside one key's value, applied to the [`Header`] in place instead of parsing the
//! head again.
//!
//! Re-parsing a 10 KB head for a keystroke in `model: sonnet` reads the whole description a dozen
//! times (copy, lenient scan, Claude Code's loader, the description's map and examples), though
//! the edit cannot change any of it. [`Header::patch`] reads again only the lines of the key the
//! edit is in, the way the whole parse reads them: the lenient scan of those lines, the loader's
//! reading of their chunk ([`load::Chunk`], the part of the block a top-level key starts), the
//! description's map and examples when the key is `description`; it moves every span after them
//! and leaves the rest as it is.
//!
//! It applies only where that is certainly the whole parse: an edit within one line (no line
//! break typed or deleted), after the first character of a value, of a key written once, whose
//! lines read the same alone (nothing open at their end, no anchor, no new `---` that would end
//! the block), in a head the last parse read chunk by chunk; and where the loader's verdict
//! cannot move to another key (the first error stays where it was, or stays absent).
//! Anything else returns `false` and the caller parses. The property tests compare every patched
//! header with a fresh parse after keystrokes in every key of every corpus head.

use super::frontmatter::{self, Entry, Parsed, Problem, ValueKind};
use super::load::{self, Chunk, Node, Outcome, YamlError};
use super::{HeadCache, Header, Span, Strict, examples};

/// Moves `s` by `delta` when it starts at or after `at`.
fn mv(s: &mut Span, at: usize, delta: isize) {
    if s.start >= at {
        *s = s.shifted(delta);
    }
}

fn shift_entry(e: &mut Entry, delta: isize) {
    let s = |sp: &mut Span| *sp = sp.shifted(delta);
    s(&mut e.key_span);
    s(&mut e.span);
    s(&mut e.value.span);
    match &mut e.value.kind {
        ValueKind::Scalar(sc) => sc.text.shift(delta),
        ValueKind::List(list) => {
            s(&mut list.inner);
            list.items.iter_mut().for_each(|i| s(&mut i.span));
        }
        ValueKind::Null | ValueKind::Mapping { .. } | ValueKind::Other => {}
    }
}

/// Whether `at` starts a line as the loader cuts lines (after a `\n` only: `text::line_start_of`
/// also breaks at a lone `\r`, where the loader's chunks do not).
fn is_line_start(text: &str, at: usize) -> bool {
    at == 0 || text.as_bytes().get(at - 1) == Some(&b'\n')
}

/// Where the edited key's lines are in the text before the edit.
struct Lines {
    /// The index of the key's entry.
    entry: usize,
    /// Its first line's start, and where the next key (or the closing delimiter) starts.
    start: usize,
    next: usize,
    /// The problems of the lenient scan on those lines: `problems[first..first + count]`.
    first_problem: usize,
    problems: usize,
}

/// What the key's lines read as after the edit.
struct Reading {
    entry: Entry,
    problems: Vec<Problem>,
    chunk: Chunk,
    /// The value in Claude Code's metadata.
    node: Node,
    /// The loader's outcome after the edit.
    outcome: Outcome,
}

impl Header {
    /// Applies the edit that replaces the bytes `start..end` of the document with `inserted` to
    /// this header, when it lies inside one key's value (see the module's documentation);
    /// `false`, with nothing changed, when it does not (parse again then).
    pub fn patch(
        &mut self,
        start: usize,
        end: usize,
        inserted: &str,
        cache: &mut HeadCache,
    ) -> bool {
        let Some(lines) = self.lines_of_edit(start, end, inserted, &cache.load) else {
            return false;
        };
        let delta = inserted.len() as isize - (end - start) as isize;
        let old_chunk = self.text[lines.start..lines.next].to_string();
        let deleted = self.text[start..end].to_string();
        self.text.replace_range(start..end, inserted);
        let next = lines.next.saturating_add_signed(delta);
        let Some(reading) = self.read_again(&lines, next, end) else {
            self.text
                .replace_range(start..start + inserted.len(), &deleted);
            return false;
        };
        self.apply(lines, reading, end, delta, &old_chunk, cache);
        true
    }

    /// The checks on the text before the edit.
    fn lines_of_edit(
        &self,
        start: usize,
        end: usize,
        inserted: &str,
        cache: &load::Cache,
    ) -> Option<Lines> {
        let fm = self.frontmatter()?;
        let close = fm.close?;
        let load = self.load.as_ref()?;
        let plain = |s: &str| !s.contains(['\n', '\r', '\u{feff}']);
        if fm.close_inline
            || !cache.chunked()
            || end > self.text.len()
            || !self.text.is_char_boundary(start)
            || !self.text.is_char_boundary(end)
            || !plain(inserted)
            || !plain(&self.text[start..end])
            || is_line_start(&self.text, start)
            || matches!(load.outcome, Outcome::Failed { .. })
            || matches!(self.strict, Strict::NotRun)
        {
            return None;
        }
        let entry = fm
            .entries
            .iter()
            .position(|e| e.value.span.start < start && end <= e.value.span.end)?;
        let e = &fm.entries[entry];
        let line_start = e.key_span.start;
        let next = fm
            .entries
            .get(entry + 1)
            .map_or(close.start, |n| n.key_span.start);
        let in_root = match &load.root {
            Node::Map(keys) => keys.iter().filter(|(k, _)| *k == e.key).count(),
            _ => 0,
        };
        if !is_line_start(&self.text, line_start)
            || !is_line_start(&self.text, next)
            || fm.entries.iter().filter(|x| x.key == e.key).count() != 1
            || in_root != 1
        {
            return None;
        }
        // the problems on these lines, one run of the list, none reaching across their bounds
        let inside = |s: Span| s.start >= line_start && s.end <= next;
        let outside = |s: Span| s.end <= line_start || s.start >= next;
        let first_problem = fm
            .problems
            .iter()
            .position(|p| inside(p.span))
            .unwrap_or_else(|| fm.problems.partition_point(|p| p.span.start < line_start));
        let problems = fm.problems[first_problem..]
            .iter()
            .take_while(|p| inside(p.span))
            .count();
        let rest_outside = fm
            .problems
            .iter()
            .enumerate()
            .filter(|(k, _)| !(first_problem..first_problem + problems).contains(k))
            .all(|(_, p)| outside(p.span));
        rest_outside.then_some(Lines {
            entry,
            start: line_start,
            next,
            first_problem,
            problems,
        })
    }

    /// The key's lines read again in the edited text (`next`: where the next key starts now;
    /// `end`: where the edit ended before it).
    fn read_again(&self, lines: &Lines, next: usize, end: usize) -> Option<Reading> {
        let fm = self.frontmatter()?;
        let old = &fm.entries[lines.entry];
        let text = &self.text[lines.start..next];
        // a `---` anywhere ends the block (Claude Code); anchors tie chunks together
        if memchr::memmem::find(text.as_bytes(), b"---").is_some()
            || text.starts_with("...")
            || load::anchors_or_aliases(text)
        {
            return None;
        }
        let (mut entries, problems) = frontmatter::scan_lines(&self.text, lines.start, next);
        let entry = entries.pop()?;
        if !entries.is_empty() || entry.key != old.key {
            return None;
        }
        let mut chunk = Chunk::new(text);
        if !chunk.alone() {
            return None;
        }
        let load = self.load.as_ref()?;
        let delta = next as isize - lines.next as isize;
        let (node, outcome) = match &load.outcome {
            Outcome::Parsed => (chunk.first().clone().ok()?, Outcome::Parsed),
            Outcome::Fallback { first, quoted } => {
                let first = if first.at >= lines.start && first.at < lines.next {
                    // this key failed first, and must still
                    let e = chunk.first().as_ref().err()?;
                    YamlError {
                        at: lines.start + e.at,
                        message: e.message.clone(),
                    }
                } else if first.at < lines.start {
                    first.clone()
                } else {
                    // a later key failed first: this one must still parse
                    chunk.first().as_ref().ok()?;
                    YamlError {
                        at: first.at.saturating_add_signed(delta),
                        message: first.message.clone(),
                    }
                };
                let (node, here) = chunk.second().clone().ok()?;
                let mut quoted: Vec<Span> = quoted
                    .iter()
                    .filter(|q| q.end <= lines.start || q.start >= lines.next)
                    .map(|q| {
                        let mut q = *q;
                        mv(&mut q, end, delta);
                        q
                    })
                    .collect();
                quoted.extend(here.iter().map(|q| q.shifted(lines.start as isize)));
                quoted.sort_by_key(|q| q.start);
                (node, Outcome::Fallback { first, quoted })
            }
            Outcome::Failed { .. } => return None,
        };
        let Node::Map(mut pairs) = node else {
            return None;
        };
        let (key, node) = pairs.pop()?;
        if !pairs.is_empty() || key != old.key {
            return None;
        }
        Some(Reading {
            entry,
            problems,
            chunk,
            node,
            outcome,
        })
    }

    /// Puts what the key's lines read as in place and moves every span after them.
    fn apply(
        &mut self,
        lines: Lines,
        reading: Reading,
        end: usize,
        delta: isize,
        old_chunk: &str,
        cache: &mut HeadCache,
    ) {
        let Parsed::Present(fm) = &mut self.parsed else {
            return;
        };
        let key = reading.entry.key.clone();
        fm.entries[lines.entry] = reading.entry;
        fm.entries[lines.entry + 1..]
            .iter_mut()
            .for_each(|e| shift_entry(e, delta));
        for p in &mut fm.problems {
            mv(&mut p.span, end, delta);
            if let frontmatter::ProblemKind::DuplicateKey { first } = &mut p.kind {
                mv(first, end, delta);
            }
        }
        fm.problems.splice(
            lines.first_problem..lines.first_problem + lines.problems,
            reading.problems,
        );
        if let Some(c) = fm.close.as_mut() {
            mv(c, end, delta);
        }
        fm.content.end = fm.content.end.saturating_add_signed(delta);
        fm.body_start = fm.body_start.saturating_add_signed(delta);
        let description_key = fm
            .entry("description")
            .map(|d| d.key_span.start.cmp(&lines.start));
        if let Some(l) = self.load.as_mut() {
            l.block.content.end = l.block.content.end.saturating_add_signed(delta);
            mv(&mut l.block.close, end, delta);
            l.outcome = reading.outcome;
            if let Node::Map(keys) = &mut l.root
                && let Some((_, v)) = keys.iter_mut().find(|(k, _)| *k == key)
            {
                *v = reading.node;
            }
        }
        if let Some(fm) = self.frontmatter() {
            self.strict = Strict::of(&self.text, fm, self.load.as_ref());
        }
        match description_key {
            // the description itself: its map and examples made again
            Some(std::cmp::Ordering::Equal) => {
                self.description = self.frontmatter().and_then(|fm| {
                    let e = fm.entry("description")?;
                    match &e.value.kind {
                        ValueKind::Scalar(s) => Some(s.text.with_literal_newlines()),
                        ValueKind::Other => super::fallback_description(
                            &self.text,
                            e.value.span,
                            self.load.as_ref(),
                        ),
                        _ => None,
                    }
                });
                self.examples = self.description.as_ref().map(examples::scan);
            }
            Some(std::cmp::Ordering::Greater) => {
                if let Some(d) = self.description.as_mut() {
                    d.shift(delta);
                }
                if let Some(x) = self.examples.as_mut() {
                    x.shift(delta);
                }
            }
            _ => {}
        }
        cache.load.replace(old_chunk, reading.chunk);
    }
}
