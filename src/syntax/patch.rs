//! A keystroke inside a key's one-line plain value (`name: my-agent`, `model: sonnet`,
//! `color: blue`), applied to the [`Header`] in place instead of parsing the head again.
//!
//! Re-parsing a 10 KB head for such a keystroke reads the whole description a dozen times
//! (copy, lenient scan, Claude Code's loader, the description's map and examples); the edit
//! cannot change any of it. [`Header::patch`] changes the one value, moves every span after it,
//! and leaves the rest as it is. It applies only where the result is certainly the parse's:
//! the edit replaces word characters (letters, digits, `_`, `-`, `.`) with word characters,
//! strictly inside a plain scalar that is its line's whole value, of a key written once (not the
//! description), and the line stays one [`super::load`] reads without its parser. Anything else
//! returns `false` and the caller parses. The property tests compare every patched header with a
//! fresh parse after random keystrokes in every corpus head.

use super::frontmatter::{Entry, Parsed, ScalarStyle, ValueKind};
use super::load::{self, Node, Outcome};
use super::mapped::MappedText;
use super::{Header, Span, Strict};

/// Moves `s` by `delta` when it starts at or after `at` (the end of the edit).
fn mv(s: &mut Span, at: usize, delta: isize) {
    if s.start >= at {
        *s = s.shifted(delta);
    }
}

/// Whether `s` holds only the characters a patch may insert or delete.
fn word_chars(s: &str) -> bool {
    s.bytes()
        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.'))
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

impl Header {
    /// Applies the edit that replaces the bytes `start..end` of the document with `inserted` to
    /// this header, when it lies inside one key's plain one-line value (see the module's
    /// documentation); `false`, with nothing changed, when it does not (parse again then).
    pub fn patch(&mut self, start: usize, end: usize, inserted: &str) -> bool {
        let Some(plan) = self.plan(start, end, inserted) else {
            return false;
        };
        let Parsed::Present(fm) = &mut self.parsed else {
            return false; // `plan` found a frontmatter
        };
        let delta = inserted.len() as isize - (end - start) as isize;
        self.text.replace_range(start..end, inserted);
        let entry = &mut fm.entries[plan.entry];
        entry.value.span.end = entry.value.span.end.saturating_add_signed(delta);
        entry.span.end = entry.span.end.saturating_add_signed(delta);
        let value = &self.text[entry.value.span.start..entry.value.span.end];
        if let ValueKind::Scalar(sc) = &mut entry.value.kind {
            sc.text = MappedText::verbatim(entry.value.span.start, value);
        }
        fm.entries[plan.entry + 1..]
            .iter_mut()
            .for_each(|e| shift_entry(e, delta));
        for p in &mut fm.problems {
            mv(&mut p.span, end, delta);
            if let super::frontmatter::ProblemKind::DuplicateKey { first } = &mut p.kind {
                mv(first, end, delta);
            }
        }
        if let Some(c) = fm.close.as_mut() {
            mv(c, end, delta);
        }
        fm.content.end = fm.content.end.saturating_add_signed(delta);
        fm.body_start = fm.body_start.saturating_add_signed(delta);
        if let Strict::Rejected(e) = &mut self.strict {
            mv(&mut e.span, end, delta);
        }
        if plan.description_after {
            if let Some(d) = self.description.as_mut() {
                d.shift(delta);
            }
            if let Some(x) = self.examples.as_mut() {
                x.shift(delta);
            }
        }
        if let Some(l) = self.load.as_mut() {
            l.block.content.end = l.block.content.end.saturating_add_signed(delta);
            mv(&mut l.block.close, end, delta);
            if let Outcome::Fallback { first, quoted } = &mut l.outcome {
                if first.at >= end {
                    first.at = first.at.saturating_add_signed(delta);
                }
                quoted.iter_mut().for_each(|q| mv(q, end, delta));
            }
            if let Node::Map(keys) = &mut l.root
                && let Some((_, v)) = keys.iter_mut().find(|(k, _)| *k == plan.key)
            {
                *v = plan.node;
            }
        }
        true
    }

    /// What [`Header::patch`] needs, when it applies.
    fn plan(&self, start: usize, end: usize, inserted: &str) -> Option<Plan> {
        let fm = self.frontmatter()?;
        let close = fm.close?;
        let load = self.load.as_ref()?;
        if fm.close_inline
            || end > self.text.len()
            || !self.text.is_char_boundary(start)
            || !self.text.is_char_boundary(end)
            || !word_chars(inserted)
            || !word_chars(&self.text[start..end])
            || matches!(load.outcome, Outcome::Failed { .. })
            || matches!(self.strict, Strict::NotRun)
        {
            return None;
        }
        let i = fm
            .entries
            .iter()
            .position(|e| e.value.span.start < start && end <= e.value.span.end)?;
        let entry = &fm.entries[i];
        let ValueKind::Scalar(sc) = &entry.value.kind else {
            return None;
        };
        let old = &self.text[entry.value.span.start..entry.value.span.end];
        if entry.key == "description"
            || sc.style != ScalarStyle::Plain
            || sc.multiline
            || sc.text != MappedText::verbatim(entry.value.span.start, old)
            || fm.entries.iter().filter(|e| e.key == entry.key).count() != 1
        {
            return None;
        }
        // the line is the entry's alone: the next line starts the next key or closes the block
        let line_start = crate::text::line_start_of(&self.text, entry.key_span.start);
        let line_end = self.text[entry.value.span.end..]
            .find('\n')
            .map(|n| entry.value.span.end + n)?;
        let next = fm
            .entries
            .get(i + 1)
            .map_or(close.start, |e| e.key_span.start);
        if line_start != entry.key_span.start || next != line_end + 1 {
            return None;
        }
        // no structural finding on the line, and no finding or quoted line across it
        let touches = |s: Span| s.start <= line_end && s.end >= line_start;
        if fm.problems.iter().any(|p| touches(p.span))
            || matches!(&load.outcome, Outcome::Fallback { first, quoted }
                if (line_start..=line_end).contains(&first.at) || quoted.iter().any(|q| touches(*q)))
            || matches!(&self.strict, Strict::Rejected(e) if touches(e.span))
        {
            return None;
        }
        // the new line as the loader reads it; a new `---` would end the block there
        let mut line = String::with_capacity(line_end - line_start + inserted.len() + 1);
        line.push_str(&self.text[line_start..start]);
        line.push_str(inserted);
        line.push_str(&self.text[end..line_end]);
        if line.contains("---") {
            return None;
        }
        line.push('\n');
        let Node::Map(mut kv) = load::simple_line_value(&line)? else {
            return None;
        };
        let (key, node) = kv.pop()?;
        let in_root = match &load.root {
            Node::Map(keys) => keys.iter().filter(|(k, _)| *k == key).count(),
            _ => 0,
        };
        if key != entry.key || in_root != 1 {
            return None;
        }
        let description_after = fm
            .entry("description")
            .is_some_and(|d| d.key_span.start > entry.key_span.start);
        Some(Plan {
            entry: i,
            key,
            node,
            description_after,
        })
    }
}

struct Plan {
    /// The index of the edited entry.
    entry: usize,
    key: String,
    /// The value's new node in Claude Code's metadata.
    node: Node,
    description_after: bool,
}
