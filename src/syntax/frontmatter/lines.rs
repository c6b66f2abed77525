//! Lines of the frontmatter block: splitting, indentation, comments, delimiters.

pub(super) use crate::text::{Line, line_at, line_start_of, lines as split_lines};

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
    match memchr::memchr_iter(b'#', b).find(|&i| i > 0 && matches!(b[i - 1], b' ' | b'\t')) {
        Some(i) => &s[..i],
        None => s,
    }
}

/// The byte index of the first `:` that strict YAML would read as a mapping indicator inside a
/// plain scalar: a colon followed by a space or ending the value.
pub(super) fn find_mapping_colon(s: &str) -> Option<usize> {
    let b = s.as_bytes();
    memchr::memchr_iter(b':', b).find(|&i| matches!(b.get(i + 1), None | Some(b' ') | Some(b'\t')))
}
