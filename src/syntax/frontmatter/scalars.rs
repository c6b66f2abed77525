//! Scalars: plain (one line, or folded over several), single- and double-quoted (with escapes),
//! and block scalars (`|`, `>`). Each is decoded into a `MappedText` that maps back to the
//! source, and what strict YAML or Claude Code rejects becomes a `Problem`.

use super::lines::{find_mapping_colon, indent_of, line_at, strip_comment};
use super::scanner::Scanner;
use super::{MappedText, ProblemKind, Scalar, ScalarStyle, Span, Value, ValueKind};

/// A `: ` in a plain value over several lines, which the fallback rewrite cannot repair.
const MULTILINE_COLON: &str = "`: ` inside an unquoted value that spans several lines (Claude Code's fallback rewrite only repairs one-line values)";
const MULTILINE_COLON_FIX: &str = "quote the value or use a block scalar (`|`)";
/// The fix for text after a closing quote.
const QUOTE_WHOLE_VALUE: &str = "quote the whole value";

impl Scanner<'_> {
    pub(super) fn plain(&mut self, idx: usize, vstart: usize) -> (Value, usize) {
        let line = self.lines[idx];
        let end = self.continuation_end(idx + 1, false);
        let multiline = end > idx + 1;
        let first = strip_comment(&self.text[vstart..line.end]).trim_end();
        // Reserved indicators cannot start a plain scalar.
        if first.starts_with('@') || first.starts_with('`') || first.starts_with('%') {
            let kind = self.lenient_kind(idx);
            self.problem(
                kind,
                Span::new(vstart, vstart + 1),
                format!("`{}` cannot start an unquoted YAML value", &first[..1]),
                "quote the value",
            );
        } else if let Some(colon) = find_mapping_colon(first) {
            let span = Span::new(vstart + colon, vstart + colon + 1);
            if multiline {
                self.problem(
                    ProblemKind::Syntax,
                    span,
                    MULTILINE_COLON,
                    MULTILINE_COLON_FIX,
                );
            } else if self.line_is_crlf(idx) {
                self.problem(ProblemKind::LenientCrlf,
                    span,
                    "`: ` inside an unquoted value on a CRLF line (Claude Code's fallback rewrite quotes such a line only when it tries the text again with LF line endings, which 2.1.337 does)",
                    "quote the value or convert the file to LF line endings",
                );
            } else {
                self.problem(
                    ProblemKind::LenientOnly,
                    span,
                    "`: ` inside an unquoted value",
                    "quote the value or use a block scalar",
                );
            }
        }
        let mut text = MappedText::new();
        text.push_verbatim(vstart, first);
        if multiline {
            // fold the continuation lines
            self.fold_plain_lines(&mut text, idx + 1, end, false);
        }
        let last = if multiline { end - 1 } else { idx };
        let span_end = if multiline {
            self.lines[last].end
        } else {
            vstart + first.len()
        };
        (
            Value {
                span: Span::new(vstart, span_end),
                kind: ValueKind::Scalar(Scalar {
                    style: ScalarStyle::Plain,
                    text,
                    multiline,
                }),
            },
            last,
        )
    }

    /// Folds plain-scalar lines `from..end` into `text`: a line break between two lines becomes a
    /// space, each blank line a `\n`. `first` says whether `text` is still empty.
    pub(super) fn fold_plain_lines(
        &mut self,
        text: &mut MappedText,
        from: usize,
        end: usize,
        first: bool,
    ) {
        let mut pending_breaks = 0usize;
        let mut started = !first;
        for j in from..end {
            let l = self.lines[j];
            let s = self.line_text(j);
            let t = s.trim_start_matches([' ', '\t']);
            if t.trim_end().is_empty() {
                pending_breaks += 1;
                continue;
            }
            let t = strip_comment(t).trim_end();
            if t.is_empty() {
                continue;
            }
            let at = l.start + (s.len() - s.trim_start_matches([' ', '\t']).len());
            if let Some(colon) = find_mapping_colon(t) {
                self.problem(
                    ProblemKind::Syntax,
                    Span::new(at + colon, at + colon + 1),
                    MULTILINE_COLON,
                    MULTILINE_COLON_FIX,
                );
            }
            if started {
                let sep = if pending_breaks == 0 {
                    " ".to_string()
                } else {
                    "\n".repeat(pending_breaks)
                };
                text.push_replaced(at.saturating_sub(1), 1, &sep);
            }
            text.push_verbatim(at, t);
            started = true;
            pending_breaks = 0;
        }
    }

    pub(super) fn quoted(&mut self, idx: usize, vstart: usize) -> (Value, usize) {
        let bytes = self.text.as_bytes();
        let q = bytes[vstart];
        let limit = self.lines.last().map(|l| l.end).unwrap_or(vstart);
        let mut text = MappedText::new();
        let mut i = vstart + 1;
        let mut closed = None;
        let mut run = i;
        while i < limit {
            let c = bytes[i];
            if q == b'\'' && c == b'\'' {
                if bytes.get(i + 1) == Some(&b'\'') {
                    text.push_verbatim(run, &self.text[run..i]);
                    text.push_replaced(i, 2, "'");
                    i += 2;
                    run = i;
                    continue;
                }
                closed = Some(i);
                break;
            }
            if q == b'"' && c == b'"' {
                closed = Some(i);
                break;
            }
            if q == b'"' && c == b'\\' && i + 1 < limit {
                text.push_verbatim(run, &self.text[run..i]);
                let (decoded, len) = decode_escape(&self.text[i..limit]);
                text.push_replaced(i, len, &decoded);
                i += len;
                run = i;
                continue;
            }
            if c == b'\n' || c == b'\r' {
                // fold a line break inside a quoted scalar
                let before = self.text[run..i].trim_end_matches([' ', '\t']);
                text.push_verbatim(run, before);
                let mut k = i;
                let mut breaks = 0;
                while k < limit && matches!(bytes[k], b'\n' | b'\r' | b' ' | b'\t') {
                    if bytes[k] == b'\n' || (bytes[k] == b'\r' && bytes.get(k + 1) != Some(&b'\n'))
                    {
                        breaks += 1;
                    }
                    k += 1;
                }
                // a continuation line at column 0 breaks the block
                let line_start = self.text[..k]
                    .rfind(['\n', '\r'])
                    .map(|p| p + 1)
                    .unwrap_or(0);
                if k == line_start && k < limit && !self.text[k..].starts_with(q as char) {
                    let le = line_at(self.text, k);
                    self.problem(
                        ProblemKind::UnindentedContinuation,
                        Span::new(k, le.end),
                        "this line continues a quoted value at column 1",
                        "indent it",
                    );
                }
                let sep = if breaks <= 1 {
                    " ".to_string()
                } else {
                    "\n".repeat(breaks - 1)
                };
                text.push_replaced(before.len() + run, k - (before.len() + run), &sep);
                i = k;
                run = i;
                continue;
            }
            i += 1;
        }
        let style = if q == b'"' {
            ScalarStyle::DoubleQuoted
        } else {
            ScalarStyle::SingleQuoted
        };
        let Some(close) = closed else {
            self.problem(
                ProblemKind::Syntax,
                Span::new(vstart, vstart + 1),
                "this quote is never closed",
                "close the quote",
            );
            let last = self.lines.len() - 1;
            return (
                Value {
                    span: Span::new(vstart, limit),
                    kind: ValueKind::Other,
                },
                last,
            );
        };
        text.push_verbatim(run, &self.text[run..close]);
        let last = self.line_index_of(close, idx);
        let after_line_end = self.lines[last].end;
        let after = &self.text[close + 1..after_line_end];
        let trailing = strip_comment(after).trim();
        if !trailing.is_empty() {
            let at = close + 1 + (after.len() - after.trim_start().len());
            let span = Span::new(at, at + trailing.len());
            if last == idx {
                let kind = self.lenient_kind(idx);
                self.problem(
                    kind,
                    span,
                    "text after the closing quote",
                    QUOTE_WHOLE_VALUE,
                );
            } else {
                self.problem(
                    ProblemKind::Syntax,
                    span,
                    "text after the closing quote of a multi-line value",
                    QUOTE_WHOLE_VALUE,
                );
            }
        }
        // indented lines after a closed quoted value are an error too
        let end = self.continuation_end(last + 1, false);
        if end > last + 1 {
            let l = self.lines[last + 1];
            self.problem(
                ProblemKind::Syntax,
                Span::new(l.start, self.lines[end - 1].end),
                "unexpected text after a quoted value",
                "quote the whole value, or remove the extra lines",
            );
        }
        let last = end.max(last + 1) - 1;
        (
            Value {
                span: Span::new(vstart, close + 1),
                kind: ValueKind::Scalar(Scalar {
                    style,
                    text,
                    multiline: false,
                }),
            },
            last,
        )
    }

    pub(super) fn block_scalar(&mut self, idx: usize, vstart: usize) -> (Value, usize) {
        let line = self.lines[idx];
        let header = strip_comment(&self.text[vstart..line.end]).trim_end();
        let folded = header.starts_with('>');
        let mut keep = false;
        let mut strip = false;
        let mut explicit_indent = None;
        for c in header[1..].chars() {
            match c {
                '-' => strip = true,
                '+' => keep = true,
                '1'..='9' => explicit_indent = c.to_digit(10).map(|d| d as usize),
                _ => {
                    self.problem(
                        ProblemKind::Syntax,
                        Span::new(vstart, vstart + header.len()),
                        "invalid block scalar header",
                        "write `|`, `>`, `|-` or `>-`",
                    );
                    break;
                }
            }
        }
        let end = self.continuation_end(idx + 1, false);
        let mut text = MappedText::new();
        // content indent: explicit, or the first non-blank line's
        let content_indent = explicit_indent.unwrap_or_else(|| {
            (idx + 1..end)
                .map(|j| self.line_text(j))
                .find(|s| !s.trim().is_empty())
                .map(indent_of)
                .unwrap_or(1)
        });
        let mut pending = String::new();
        let mut prev_more_indented = false;
        let mut started = false;
        for j in idx + 1..end {
            let l = self.lines[j];
            let s = self.line_text(j);
            if s.starts_with('\t') {
                self.tab_problem(Span::new(l.start, l.start + 1));
            }
            if s.trim().is_empty() {
                pending.push('\n');
                continue;
            }
            let ind = indent_of(s);
            if ind < content_indent {
                self.problem(
                    ProblemKind::Syntax,
                    Span::new(l.start, l.start + s.trim_end().len()),
                    "this line is indented less than the block scalar's first line",
                    "indent it like the first line",
                );
                continue;
            }
            let content = &s[content_indent..];
            let more_indented = content.starts_with(' ') || content.starts_with('\t');
            if started {
                if folded && pending.is_empty() && !more_indented && !prev_more_indented {
                    text.push_replaced(l.start.saturating_sub(1), 1, " ");
                } else if folded && !more_indented && !prev_more_indented {
                    // the break before blank lines is folded away
                    text.push_replaced(l.start.saturating_sub(1), 1, &pending);
                } else {
                    pending.insert(0, '\n');
                    text.push_replaced(l.start.saturating_sub(1), 1, &pending);
                }
            } else if !pending.is_empty() {
                text.push_replaced(l.start.saturating_sub(1), 1, &pending);
            }
            pending.clear();
            text.push_verbatim(l.start + content_indent, content);
            started = true;
            prev_more_indented = more_indented;
        }
        if started && !strip {
            text.push_replaced(self.lines[end.max(idx + 1) - 1].end, 0, "\n");
            if keep {
                text.push_replaced(self.lines[end.max(idx + 1) - 1].end, 0, &pending);
            }
        }
        let last = end.max(idx + 1) - 1;
        (
            Value {
                span: Span::new(vstart, self.lines[last].end),
                kind: ValueKind::Scalar(Scalar {
                    style: if folded {
                        ScalarStyle::Folded
                    } else {
                        ScalarStyle::Literal
                    },
                    text,
                    multiline: true,
                }),
            },
            last,
        )
    }
}

/// Decodes one double-quoted escape at the start of `s` (which starts with `\`).
fn decode_escape(s: &str) -> (String, usize) {
    let b = s.as_bytes();
    let Some(&c) = b.get(1) else {
        return ("\\".into(), 1);
    };
    let simple = match c {
        b'n' => Some('\n'),
        b't' | b'\t' => Some('\t'),
        b'r' => Some('\r'),
        b'0' => Some('\0'),
        b'a' => Some('\u{7}'),
        b'b' => Some('\u{8}'),
        b'e' => Some('\u{1b}'),
        b'f' => Some('\u{c}'),
        b'v' => Some('\u{b}'),
        b' ' => Some(' '),
        b'"' => Some('"'),
        b'/' => Some('/'),
        b'\\' => Some('\\'),
        b'N' => Some('\u{85}'),
        b'_' => Some('\u{a0}'),
        b'L' => Some('\u{2028}'),
        b'P' => Some('\u{2029}'),
        _ => None,
    };
    if let Some(ch) = simple {
        return (ch.to_string(), 2);
    }
    let hex_len = match c {
        b'x' => 2,
        b'u' => 4,
        b'U' => 8,
        b'\n' | b'\r' => {
            // escaped line break: joins lines
            let mut k = 2;
            if c == b'\r' && b.get(2) == Some(&b'\n') {
                k = 3;
            }
            while matches!(b.get(k), Some(b' ') | Some(b'\t')) {
                k += 1;
            }
            return (String::new(), k);
        }
        _ => {
            let len = s[1..].chars().next().map(|ch| ch.len_utf8()).unwrap_or(0) + 1;
            return (s[..len].to_string(), len);
        }
    };
    let digits = s.get(2..2 + hex_len).unwrap_or("");
    match u32::from_str_radix(digits, 16)
        .ok()
        .and_then(char::from_u32)
    {
        Some(ch) if digits.len() == hex_len => (ch.to_string(), 2 + hex_len),
        _ => ("\\".into(), 1),
    }
}
