//! Lists: flow collections (`[a, b]`, and `{...}` read as a mapping), block lists (`- a`), and
//! comma strings (`tools: Read, Grep`), each item with its exact span.

use super::lines::{is_blank_or_comment, strip_comment};
use super::scanner::Scanner;
use super::{Item, List, ListStyle, ProblemKind, Scalar, ScalarStyle, Span, Value, ValueKind};

/// The fix for a broken flow collection.
const FLOW_FIX: &str = "quote the value if it is text (e.g. `\"[a] [b]\"`), or fix the brackets";

impl Scanner<'_> {
    /// The block list on lines `from..end`: `- ` lines at the first item's indentation, deeper
    /// lines belong to the item above.
    pub(super) fn block_list(&mut self, from: usize, end: usize, span: Span) -> Value {
        let mut items = Vec::new();
        // indentation as Claude Code's fallback reads it: a leading tab is two spaces
        let lead = |s: &str| {
            let t = s.trim_start_matches([' ', '\t']);
            let ws = &s[..s.len() - t.len()];
            (
                ws.len(),
                ws.chars()
                    .map(|c| if c == '\t' { 2 } else { 1 })
                    .sum::<usize>(),
            )
        };
        let item_indent = lead(self.line_text(from)).1;
        for j in from..end {
            let s = self.line_text(j);
            let (bytes, ind) = lead(s);
            let t = &s[bytes..];
            if ind != item_indent || !(t.starts_with("- ") || t.trim_end() == "-") {
                // nested content of an item, or a comment
                if ind < item_indent && !is_blank_or_comment(s) {
                    let l = self.lines[j];
                    self.problem(
                        ProblemKind::Syntax,
                        Span::new(l.start, l.start + s.trim_end().len()),
                        "this line is indented less than the list items above it",
                        "indent it like the items above",
                    );
                } else if let Some(last) = items.last_mut()
                    && !is_blank_or_comment(s)
                {
                    let last: &mut Item = last;
                    last.nested = true;
                }
                continue;
            }
            let l = self.lines[j];
            let body = t[1..].trim_start_matches(' ');
            let body_start = l.start + bytes + (t.len() - body.len());
            items.push(self.item(body, body_start));
        }
        Value {
            span,
            kind: ValueKind::List(List {
                style: ListStyle::Block,
                items,
                inner: span,
            }),
        }
    }

    /// One scalar item (of a block list, or between commas): strips quotes and comments.
    fn item(&self, raw: &str, at: usize) -> Item {
        let raw_trim = strip_comment(raw).trim_end();
        let lead = raw_trim.len() - raw_trim.trim_start().len();
        let raw_trim = raw_trim.trim_start();
        let at = at + lead;
        let nested = raw_trim.starts_with('[')
            || raw_trim.starts_with('{')
            || self.looks_like_mapping(raw_trim);
        for q in ['"', '\''] {
            if raw_trim.len() >= 2 && raw_trim.starts_with(q) && raw_trim.ends_with(q) {
                let inner = &raw_trim[1..raw_trim.len() - 1];
                return Item {
                    text: inner.to_string(),
                    span: Span::new(at + 1, at + 1 + inner.len()),
                    nested: false,
                };
            }
        }
        Item {
            text: raw_trim.to_string(),
            span: Span::new(at, at + raw_trim.len()),
            nested,
        }
    }

    /// A flow list or mapping, possibly over several lines.
    pub(super) fn flow(&mut self, idx: usize, vstart: usize) -> (Value, usize) {
        let bytes = self.text.as_bytes();
        let limit = self.lines.last().map(|l| l.end).unwrap_or(vstart);
        let open = bytes[vstart];
        let mut depth = 0usize;
        let mut i = vstart;
        let mut close = None;
        let mut items: Vec<Item> = Vec::new();
        let mut item_start = vstart + 1;
        let mut item_nested = false;
        let mut in_quote: Option<u8> = None;
        let mut bad: Option<(Span, &str)> = None;
        while i < limit {
            let c = bytes[i];
            if let Some(q) = in_quote {
                if c == b'\\' && q == b'"' {
                    i += 2;
                    continue;
                }
                if c == q {
                    if q == b'\'' && bytes.get(i + 1) == Some(&b'\'') {
                        i += 2;
                        continue;
                    }
                    in_quote = None;
                }
                i += 1;
                continue;
            }
            match c {
                b'"' | b'\'' => in_quote = Some(c),
                b'[' | b'{' => {
                    depth += 1;
                    if depth > 1 {
                        item_nested = true;
                    }
                }
                b']' | b'}' => {
                    let expected = if depth == 1 { open } else { 0 };
                    if depth == 0 {
                        bad = Some((Span::new(i, i + 1), "unbalanced closing bracket"));
                        break;
                    }
                    if depth == 1 && ((c == b']') != (expected == b'[')) {
                        bad = Some((Span::new(i, i + 1), "mismatched closing bracket"));
                        break;
                    }
                    depth -= 1;
                    if depth == 0 {
                        self.push_flow_item(&mut items, item_start, i, item_nested);
                        close = Some(i);
                        break;
                    }
                }
                b',' if depth == 1 => {
                    self.push_flow_item(&mut items, item_start, i, item_nested);
                    item_start = i + 1;
                    item_nested = false;
                }
                b'#' if i > 0 && matches!(bytes[i - 1], b' ' | b'\t') => {
                    // a comment runs to the end of the line
                    while i < limit && bytes[i] != b'\n' && bytes[i] != b'\r' {
                        i += 1;
                    }
                    continue;
                }
                _ => {}
            }
            i += 1;
        }
        let Some(close) = close else {
            let (span, what) = bad.unwrap_or((Span::new(vstart, vstart + 1), "never closed"));
            self.problem(
                ProblemKind::InvalidFlow,
                span,
                format!("invalid flow collection ({what})"),
                FLOW_FIX,
            );
            let last = self.line_index_of(span.end.min(limit), idx);
            let end = self.continuation_end(last + 1, false);
            let last = end.max(last + 1) - 1;
            return (
                Value {
                    span: Span::new(vstart, self.lines[last].end),
                    kind: ValueKind::Other,
                },
                last,
            );
        };
        let last = self.line_index_of(close, idx);
        let after = &self.text[close + 1..self.lines[last].end];
        let trailing = strip_comment(after).trim();
        if !trailing.is_empty() {
            let at = close + 1 + (after.len() - after.trim_start().len());
            self.problem(
                ProblemKind::InvalidFlow,
                Span::new(at, at + trailing.len()),
                "text after a flow collection",
                FLOW_FIX,
            );
        }
        let end = self.continuation_end(last + 1, false);
        let last = end.max(last + 1) - 1;
        let span = Span::new(vstart, close + 1);
        let kind = if open == b'[' {
            // `[]` yields one empty pseudo-item; drop empties
            items.retain(|it| !it.text.is_empty() || it.nested);
            ValueKind::List(List {
                style: ListStyle::Flow,
                items,
                inner: Span::new(vstart + 1, close),
            })
        } else {
            ValueKind::Mapping {
                empty: self.text[vstart + 1..close].trim().is_empty(),
            }
        };
        (Value { span, kind }, last)
    }

    fn push_flow_item(&self, items: &mut Vec<Item>, start: usize, end: usize, nested: bool) {
        let raw = &self.text[start..end];
        let mut item = self.item(raw.trim_end(), start);
        // a multi-line item: collapse inner whitespace for its text
        if item.text.contains('\n') {
            item.text = item.text.split_whitespace().collect::<Vec<_>>().join(" ");
        }
        item.nested |= nested;
        items.push(item);
    }
}

/// The items of a comma string (`Read, Agent(a, b), Grep`): commas inside parentheses do not
/// split, quotes around an item are dropped.
pub(super) fn split_comma_list(s: &Scalar, span: Span) -> List {
    let text = &s.text.text;
    let mut items = Vec::new();
    let mut depth = 0i32;
    let mut start = 0;
    let bytes = text.as_bytes();
    let push = |a: usize, b: usize, items: &mut Vec<Item>| {
        let piece = &text[a..b];
        let mut lead = piece.len() - piece.trim_start().len();
        let mut t = piece.trim();
        if t.is_empty() {
            return;
        }
        for q in ['"', '\''] {
            if t.len() >= 2 && t.starts_with(q) && t.ends_with(q) {
                t = &t[1..t.len() - 1];
                lead += 1;
            }
        }
        let src = s.text.source_span(a + lead, a + lead + t.len());
        items.push(Item {
            text: t.to_string(),
            span: src,
            nested: false,
        });
    };
    for (i, &c) in bytes.iter().enumerate() {
        match c {
            b'(' => depth += 1,
            b')' => depth = (depth - 1).max(0),
            b',' if depth == 0 => {
                push(start, i, &mut items);
                start = i + 1;
            }
            _ => {}
        }
    }
    push(start, bytes.len(), &mut items);
    let inner = match s.style {
        ScalarStyle::SingleQuoted | ScalarStyle::DoubleQuoted => Span::new(
            span.start + 1,
            span.end.saturating_sub(1).max(span.start + 1),
        ),
        _ => span,
    };
    List {
        style: ListStyle::Comma,
        items,
        inner,
    }
}
