//! Lines of the frontmatter block: splitting, indentation, comments, delimiters.

/// One physical line: `start..end` without its line break; `next` is where the next line starts.
#[derive(Clone, Copy, Debug)]
pub(super) struct Line {
    pub(super) start: usize,
    pub(super) end: usize,
    pub(super) next: usize,
}

/// The lines of `text[from..to]`; a line ends at `\n`, `\r\n` or a lone `\r`.
pub(super) fn split_lines(text: &str, from: usize, to: usize) -> Vec<Line> {
    let bytes = text.as_bytes();
    let mut lines = Vec::new();
    let mut start = from;
    let mut i = from;
    while i < to {
        match bytes[i] {
            b'\n' => {
                let end = if i > start && bytes[i - 1] == b'\r' {
                    i - 1
                } else {
                    i
                };
                lines.push(Line {
                    start,
                    end,
                    next: i + 1,
                });
                start = i + 1;
            }
            b'\r' if bytes.get(i + 1) != Some(&b'\n') => {
                lines.push(Line {
                    start,
                    end: i,
                    next: i + 1,
                });
                start = i + 1;
            }
            _ => {}
        }
        i += 1;
    }
    if start < to {
        lines.push(Line {
            start,
            end: to,
            next: to,
        });
    }
    lines
}

/// The line of `text` that starts at `start`; used to find the delimiters without splitting the
/// whole document.
pub(super) fn line_at(text: &str, start: usize) -> Line {
    let bytes = text.as_bytes();
    let mut i = start;
    while i < bytes.len() {
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
            b'\r' if bytes.get(i + 1) != Some(&b'\n') => {
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
        start,
        end: bytes.len(),
        next: bytes.len(),
    }
}

/// Where the line holding byte `at` starts.
pub(super) fn line_start_of(text: &str, at: usize) -> usize {
    text[..at].rfind(['\n', '\r']).map(|i| i + 1).unwrap_or(0)
}

/// A `---` line (trailing blanks allowed).
pub(super) fn is_delimiter(s: &str) -> bool {
    s.trim_end_matches([' ', '\t']) == "---"
}

/// The number of leading spaces (tabs do not count: YAML forbids them as indentation).
pub(super) fn indent_of(s: &str) -> usize {
    s.len() - s.trim_start_matches(' ').len()
}

/// A line with nothing but blanks, or a comment.
pub(super) fn is_blank_or_comment(s: &str) -> bool {
    let t = s.trim_start_matches([' ', '\t']);
    t.is_empty() || t.starts_with('#')
}

/// `s` without a trailing ` # comment`.
pub(super) fn strip_comment(s: &str) -> &str {
    let b = s.as_bytes();
    if b.first() == Some(&b'#') {
        return "";
    }
    for i in 1..b.len() {
        if b[i] == b'#' && matches!(b[i - 1], b' ' | b'\t') {
            return &s[..i];
        }
    }
    s
}

/// The byte index of the first `:` that strict YAML would read as a mapping indicator inside a
/// plain scalar: a colon followed by a space or ending the value.
pub(super) fn find_mapping_colon(s: &str) -> Option<usize> {
    let b = s.as_bytes();
    (0..b.len()).find(|&i| b[i] == b':' && matches!(b.get(i + 1), None | Some(b' ') | Some(b'\t')))
}
