//! The scanner over the frontmatter's lines: the top-level loop (keys, entries, duplicates,
//! stray lines) and the choice of what kind of value follows a key. The values themselves are
//! read in `scalars` and `lists`, in further `impl Scanner` blocks.

use std::collections::HashMap;

use super::is_turn_label;
use super::lines::{Line, indent_of, is_blank_or_comment, split_lines};
use super::{Entry, MappedText, Problem, ProblemKind, Scalar, ScalarStyle, Span, Value, ValueKind};

/// A tab used as indentation, and its fix (reported by the top-level loop, `key:` values on the
/// next lines, and block scalars).
const TAB: &str = "tab used for indentation";
const TAB_FIX: &str = "indent with spaces";

pub(super) struct Scanner<'a> {
    pub(super) text: &'a str,
    pub(super) lines: Vec<Line>,
    /// The line the top-level loop is at.
    i: usize,
    /// The entries read so far.
    entries: Vec<Entry>,
    /// The problems found so far, in the order they were found.
    problems: Vec<Problem>,
}

impl<'a> Scanner<'a> {
    /// A scanner over the lines of `text[from..to]`.
    pub(super) fn new(text: &'a str, from: usize, to: usize) -> Self {
        Scanner {
            text,
            lines: split_lines(text, from, to),
            i: 0,
            entries: Vec::new(),
            problems: Vec::new(),
        }
    }

    pub(super) fn line_text(&self, idx: usize) -> &'a str {
        let l = self.lines[idx];
        &self.text[l.start..l.end]
    }

    pub(super) fn line_is_crlf(&self, idx: usize) -> bool {
        let l = self.lines[idx];
        self.text[l.end..l.next].starts_with("\r\n")
    }

    /// What a problem that only Claude Code's one-line fallback repairs is on line `idx`: the
    /// fallback skips CRLF lines (2.1.337 repairs them only in its retry with LF line endings).
    pub(super) fn lenient_kind(&self, idx: usize) -> ProblemKind {
        if self.line_is_crlf(idx) {
            ProblemKind::LenientCrlf
        } else {
            ProblemKind::LenientOnly
        }
    }

    pub(super) fn problem(
        &mut self,
        kind: ProblemKind,
        span: Span,
        what: impl Into<String>,
        fix: impl Into<String>,
    ) {
        self.problems.push(Problem {
            kind,
            span,
            what: what.into(),
            fix: fix.into(),
        });
    }

    /// A tab used as indentation at `span`.
    pub(super) fn tab_problem(&mut self, span: Span) {
        self.problem(ProblemKind::TabIndentation, span, TAB, TAB_FIX);
    }

    /// Scans every line: the top-level entries in source order, and the problems found.
    pub(super) fn run(mut self) -> (Vec<Entry>, Vec<Problem>) {
        let mut seen: HashMap<String, Span> = HashMap::new();
        while self.i < self.lines.len() {
            let idx = self.i;
            let line = self.lines[idx];
            let s = self.line_text(idx);
            if is_blank_or_comment(s) {
                // blank lines and comments (a tab before a comment is harmless)
                self.i += 1;
                continue;
            }
            if s.starts_with('\t') {
                let tabs = s.len() - s.trim_start_matches('\t').len();
                self.tab_problem(Span::new(line.start, line.start + tabs));
                self.i += 1;
                continue;
            }
            if s.starts_with(' ') {
                let ind = indent_of(s);
                self.problem(
                    ProblemKind::Syntax,
                    Span::new(line.start, line.start + ind),
                    "unexpected indentation: top-level keys start at column 1",
                    "remove the indentation",
                );
                self.i += 1;
                continue;
            }
            match self.key_at(idx) {
                Some((key, key_span, after_colon)) => {
                    let entry = self.entry(key, key_span, after_colon);
                    if let Some(&first) = seen.get(&entry.key) {
                        self.problem(
                            ProblemKind::DuplicateKey { first },
                            entry.key_span,
                            format!("duplicate key `{}`", entry.key),
                            "remove one of them",
                        );
                    }
                    seen.entry(entry.key.clone()).or_insert(entry.key_span);
                    self.entries.push(entry);
                }
                None => {
                    let trimmed = s.trim_end();
                    let span = Span::new(line.start, line.start + trimmed.len());
                    if self.entries.is_empty() {
                        self.problem(
                            ProblemKind::Syntax,
                            span,
                            "expected `key: value`",
                            "write `key: value`, or remove the line",
                        );
                    } else {
                        // name the real key being continued, not a stray `user:` read as a key
                        let key = self
                            .entries
                            .iter()
                            .rev()
                            .find(|e| !is_turn_label(&e.key))
                            .or(self.entries.last())
                            .map(|e| e.key.clone())
                            .unwrap_or_default();
                        self.problem(
                            ProblemKind::UnindentedContinuation,
                            span,
                            format!("this line continues `{key}` at column 1"),
                            format!(
                                "indent the continuation lines, or use a block scalar (`{key}: |`)"
                            ),
                        );
                    }
                    self.i += 1;
                }
            }
        }
        (self.entries, self.problems)
    }

    /// A top-level `key:` at the start of line `idx`: the key, its span, and the offset right
    /// after the colon.
    fn key_at(&self, idx: usize) -> Option<(String, Span, usize)> {
        let line = self.lines[idx];
        let s = self.line_text(idx);
        let first = s.chars().next()?;
        if let Some(q) = ['"', '\''].into_iter().find(|q| *q == first) {
            let close = s[1..].find(q)? + 1;
            let rest = &s[close + 1..];
            let rest_trim = rest.trim_start_matches(' ');
            if !rest_trim.starts_with(':') {
                return None;
            }
            let colon = close + 1 + (rest.len() - rest_trim.len());
            if !matches!(s.as_bytes().get(colon + 1), None | Some(b' ') | Some(b'\t')) {
                return None;
            }
            return Some((
                s[1..close].to_string(),
                Span::new(line.start, line.start + close + 1),
                line.start + colon + 1,
            ));
        }
        if "-[]{}#&*!|>%@`?,".contains(first) {
            // `- item`, `[`, `{`, ... at column 0 cannot start a key (`-` only as `- `).
            if first != '-' || s.starts_with("- ") || s == "-" {
                return None;
            }
        }
        let bytes = s.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            if bytes[i] == b':' && matches!(bytes.get(i + 1), None | Some(b' ') | Some(b'\t')) {
                let key = s[..i].trim_end();
                if key.is_empty() {
                    return None;
                }
                return Some((
                    key.to_string(),
                    Span::new(line.start, line.start + key.len()),
                    line.start + i + 1,
                ));
            }
            if bytes[i] == b'#' && i > 0 && bytes[i - 1] == b' ' {
                return None;
            }
            i += 1;
        }
        None
    }

    /// Lines after `from` that belong to the current value: blank or comment lines, lines
    /// indented by at least one space, and (when `seq` is set) `- ` lines at column 0.
    /// Returns the index one past the last such line that is not blank.
    pub(super) fn continuation_end(&self, from: usize, seq: bool) -> usize {
        let mut last = from;
        let mut j = from;
        while j < self.lines.len() {
            let s = self.line_text(j);
            if s.trim().is_empty() {
                j += 1;
                continue;
            }
            let belongs = s.starts_with(' ')
                || s.starts_with('\t')
                || (seq && (s.starts_with("- ") || s.trim_end() == "-"))
                || s.starts_with('#');
            if !belongs {
                break;
            }
            j += 1;
            if !s.trim_start().starts_with('#') || s.starts_with(' ') {
                last = j;
            }
        }
        last
    }

    fn entry(&mut self, key: String, key_span: Span, after: usize) -> Entry {
        let idx = self.i;
        let line = self.lines[idx];
        let rest_raw = &self.text[after..line.end];
        let lead = rest_raw.len() - rest_raw.trim_start_matches([' ', '\t']).len();
        let vstart = after + lead;
        let rest = &self.text[vstart..line.end];
        let first = rest.chars().next();
        let (value, last_line) = match first {
            None | Some('#') => self.value_on_next_lines(idx, vstart),
            Some('"') | Some('\'') => self.quoted(idx, vstart),
            Some('|') | Some('>') => self.block_scalar(idx, vstart),
            Some('[') | Some('{') => self.flow(idx, vstart),
            Some('&') | Some('*') | Some('!') => {
                let end = self.continuation_end(idx + 1, false);
                let last = end.max(idx + 1) - 1;
                (
                    Value {
                        span: Span::new(vstart, self.lines[last].end),
                        kind: ValueKind::Other,
                    },
                    last,
                )
            }
            Some(_) => self.plain(idx, vstart),
        };
        self.i = last_line + 1;
        Entry {
            key,
            key_span,
            span: Span::new(
                key_span.start,
                self.lines[last_line].end.max(value.span.end),
            ),
            value,
        }
    }

    /// `key:` with nothing more on the line: null, a block list, a nested mapping, or a plain
    /// scalar that starts on the next line.
    fn value_on_next_lines(&mut self, idx: usize, vstart: usize) -> (Value, usize) {
        let vend_line = self.lines[idx].end;
        let empty_at = {
            // an empty value sits right after the colon (before any comment)
            let s = &self.text[vstart..vend_line];
            if s.starts_with('#') {
                vstart
            } else {
                vend_line
            }
        };
        let end = self.continuation_end(idx + 1, true);
        if end <= idx + 1 {
            return (
                Value {
                    span: Span::new(empty_at, empty_at),
                    kind: ValueKind::Null,
                },
                idx,
            );
        }
        // the first non-blank line decides
        let mut j = idx + 1;
        while j < end && is_blank_or_comment(self.line_text(j)) {
            j += 1;
        }
        if j >= end {
            return (
                Value {
                    span: Span::new(empty_at, empty_at),
                    kind: ValueKind::Null,
                },
                end - 1,
            );
        }
        let s = self.line_text(j);
        if s.starts_with('\t') {
            let l = self.lines[j];
            let tabs = s.len() - s.trim_start_matches('\t').len();
            self.tab_problem(Span::new(l.start, l.start + tabs));
        }
        let t = s.trim_start_matches([' ', '\t']);
        let start = self.lines[j].start + (s.len() - t.len());
        let span = Span::new(start, self.lines[end - 1].end);
        if t.starts_with("- ") || t.trim_end() == "-" {
            return (self.block_list(j, end, span), end - 1);
        }
        if self.looks_like_mapping(t) {
            return (
                Value {
                    span,
                    kind: ValueKind::Mapping { empty: false },
                },
                end - 1,
            );
        }
        // a plain scalar starting on the next line
        let mut text = MappedText::new();
        self.fold_plain_lines(&mut text, j, end, true);
        (
            Value {
                span,
                kind: ValueKind::Scalar(Scalar {
                    style: ScalarStyle::Plain,
                    text,
                    multiline: true,
                }),
            },
            end - 1,
        )
    }

    pub(super) fn looks_like_mapping(&self, t: &str) -> bool {
        let b = t.as_bytes();
        if matches!(b.first(), Some(b'"') | Some(b'\'')) {
            return false;
        }
        (0..b.len()).any(|i| b[i] == b':' && matches!(b.get(i + 1), None | Some(b' ')))
    }

    pub(super) fn line_index_of(&self, offset: usize, from: usize) -> usize {
        let mut j = from;
        while j + 1 < self.lines.len() && self.lines[j + 1].start <= offset {
            j += 1;
        }
        j
    }
}
