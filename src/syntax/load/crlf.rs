//! Claude Code 2.1.337's second chance for a CRLF frontmatter (`irr` in its JS). The fallback
//! rewrite quotes no CRLF line (its `.` stops at the `\r`), so until 2.1.332 a CRLF frontmatter
//! that needed it was dropped. When the rewrite of the text as written fails too, 2.1.337 tries
//! the text with LF line endings, rewritten, and keeps that reading if every line it quoted is
//! provably read the same: no more than 8 such lines, no value that YAML reads otherwise when
//! quoted (an anchor, a tag, a block indicator, an alias, a comment, an unclosed bracket or
//! quote), and neither the line alone nor the rewrite with that line as written parses to another
//! value. It is tried only on text of at most 65,536 bytes, with CRLF and no lone CR, and without
//! what its YAML guards refuse (over 256 brackets or block indicators, merge keys, escaped `<`,
//! an alias of an anchor).

use super::verdict::{Node, YamlError, is_js_space, key_line, parse, rewrite};
use crate::syntax::Span;

/// The limits of the retry (`z`, `W` and `X` in 2.1.337's JS, `$Q` for the text).
const MAX_QUOTED_LINES: usize = 8;
const MAX_BYTES: usize = 65_536;
const MAX_INDICATORS: usize = 256;

/// The LF text to try when the rewrite of `content` failed, if 2.1.337 tries one.
pub(super) fn lf_candidate(content: &str) -> Option<String> {
    let b = content.as_bytes();
    let crlf = memchr::memmem::find(b, b"\r\n").is_some();
    let lone_cr = memchr::memchr_iter(b'\r', b).any(|i| b.get(i + 1) != Some(&b'\n'));
    (crlf
        && !lone_cr
        && content.len() <= MAX_BYTES
        && !too_many_indicators(content)
        && !merge_or_alias(content))
    .then(|| content.replace("\r\n", "\n"))
}

/// Whether the rewrite of `lf` (the LF text, `original`'s length given) reads every line it
/// quoted as written: the condition on which 2.1.337 keeps the retry's reading.
pub(super) fn provable(lf: &str, rewritten: &str, original_len: usize) -> bool {
    let new_lines: Vec<&str> = rewritten.split('\n').collect();
    let mut quoted = 0;
    let mut bytes = original_len;
    for (h, line) in lf.split('\n').enumerate() {
        let Some((key, value)) = key_value(line) else {
            continue;
        };
        if new_lines.get(h) == Some(&line) {
            continue;
        }
        quoted += 1;
        bytes += rewritten.len();
        if quoted > MAX_QUOTED_LINES || bytes > MAX_BYTES || lossy(value) {
            return false;
        }
        let with_line = new_lines
            .iter()
            .enumerate()
            .map(|(g, l)| if g == h { line } else { l })
            .collect::<Vec<_>>()
            .join("\n");
        let reads_otherwise = |text: &str| match parse(text) {
            // a root that is no mapping reads as `{}`: the key is then missing
            Ok(Node::Map(m)) => m
                .iter()
                .rev()
                .find(|(k, _)| k == key)
                .is_none_or(|(_, v)| v.as_str() != Some(value)),
            Ok(_) => true,
            Err(_) => false,
        };
        if reads_otherwise(line) || reads_otherwise(&with_line) {
            return false;
        }
    }
    true
}

/// A line of the key-value form the rewrite quotes (see [`key_line`]): the key and the value
/// with its end trimmed (JavaScript's `trimEnd`).
fn key_value(line: &str) -> Option<(&str, &str)> {
    key_line(line).map(|(n, value)| (&line[..n], value.trim_end_matches(is_js_space)))
}

/// 2.1.337's `P`: a value whose quoting changes how YAML reads it.
fn lossy(v: &str) -> bool {
    let starts = |c: char| v.starts_with(c);
    let alias = v.strip_prefix('*').is_some_and(|rest| {
        let name = rest
            .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '-'))
            .unwrap_or(rest.len());
        name > 0
            && rest[name..]
                .chars()
                .next()
                .is_none_or(|c| c.is_whitespace() || c == ',')
    });
    let comment = v.starts_with('#') || v.contains([' ', '\t']) && has_spaced_hash(v);
    let unclosed = |open: char, close: char| starts(open) && !(v.len() > 1 && v.ends_with(close));
    starts('&')
        || starts('!')
        || starts('|')
        || starts('>')
        || alias
        || comment
        || unclosed('[', ']')
        || (starts('{') && !v[1..].contains('}'))
        || unclosed('"', '"')
        || unclosed('\'', '\'')
}

/// A `#` after whitespace.
fn has_spaced_hash(v: &str) -> bool {
    v.as_bytes()
        .windows(2)
        .any(|w| w[1] == b'#' && w[0].is_ascii_whitespace())
}

/// 2.1.337's `N`: more than 256 flow brackets or block indicators (`-` or `?` between blanks).
fn too_many_indicators(s: &str) -> bool {
    let b = s.as_bytes();
    let blank_before = |i: usize| {
        i == 0 || matches!(b[i - 1], b' ' | b'\t' | b'\r' | b'\n') || s[..i].ends_with('\u{feff}')
    };
    let blank_after = |i: usize| matches!(b.get(i + 1), None | Some(b' ' | b'\t' | b'\r' | b'\n'));
    b.iter()
        .enumerate()
        .filter(|&(i, &c)| {
            c == b'['
                || c == b'{'
                || (matches!(c, b'-' | b'?') && blank_before(i) && blank_after(i))
        })
        .nth(MAX_INDICATORS)
        .is_some()
}

/// 2.1.337's `V`, closely: a merge key, an escaped `<`, or an alias of an anchor the text
/// defines.
fn merge_or_alias(s: &str) -> bool {
    let lower = s.to_ascii_lowercase();
    let merge = lower.match_indices("<<").any(|(i, _)| {
        let rest = lower[i + 2..].trim_start_matches(['"', '\'']);
        rest.trim_start().starts_with([':', '#'])
    });
    let escaped = ["\\x3c", "\\u003c", "\\u0000003c"]
        .iter()
        .any(|e| lower.contains(e));
    merge || escaped || alias_of_anchor(s)
}

fn alias_of_anchor(s: &str) -> bool {
    if !s.contains('&') || !s.contains('*') {
        return false;
    }
    let names = |sigil: char| -> Vec<&str> {
        s.match_indices(sigil)
            .filter_map(|(i, _)| {
                let rest = &s[i + 1..];
                let end = rest
                    .find(|c: char| c.is_whitespace() || ",[]{}".contains(c))
                    .unwrap_or(rest.len());
                (end > 0).then(|| &rest[..end])
            })
            .collect()
    };
    let anchors = names('&');
    names('*').iter().any(|a| anchors.contains(a))
}

/// What the retry gave: the reading to keep, with the lines it quoted (byte spans of
/// `content`), or the error of the LF text's rewrite with that rewrite (for the error's place).
pub(super) enum Retry {
    Read(Node, Vec<Span>),
    Failed(YamlError, String),
}

/// The retry of `content` (whose rewrite failed), if 2.1.337 makes one and it decides anything:
/// `None` leaves the failure of the text as written.
pub(super) fn retry(content: &str) -> Option<Retry> {
    let lf = lf_candidate(content)?;
    let (rewritten, quoted) = rewrite(&lf);
    match parse(&rewritten) {
        Ok(node) if provable(&lf, &rewritten, content.len()) => {
            Some(Retry::Read(node, in_original(content, &lf, &quoted)))
        }
        // read, but not provably as written: the failure of the text as written stands
        Ok(_) => None,
        Err(e) => Some(Retry::Failed(e, rewritten)),
    }
}

/// Spans of lines of `lf` as the same lines of `content` (without their `\r`).
fn in_original(content: &str, lf: &str, spans: &[Span]) -> Vec<Span> {
    let starts: Vec<usize> = std::iter::once(0)
        .chain(content.match_indices('\n').map(|(i, _)| i + 1))
        .collect();
    spans
        .iter()
        .filter_map(|sp| {
            let line = lf[..sp.start].matches('\n').count();
            let start = *starts.get(line)?;
            Some(Span::new(start, start + sp.len()))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_crlf_line_with_a_colon_is_read_after_the_retry() {
        let content = "name: a\r\ndescription: Use it when: testing.\r\n";
        let Some(Retry::Read(node, quoted)) = retry(content) else {
            panic!("no retry");
        };
        assert_eq!(
            node.get("description").and_then(Node::as_str),
            Some("Use it when: testing.")
        );
        // the quoted line, in the text as written (its `\r` left out)
        assert_eq!(quoted, [Span::new(9, 9 + 34)]);
        assert_eq!(&content[9..43], "description: Use it when: testing.");
    }

    #[test]
    fn what_the_retry_leaves_alone() {
        // LF only, a lone CR, a value quoting would change (a comment), more than 8 lines quoted
        assert!(retry("description: a: b\n").is_none());
        assert!(retry("description: a: b\r\nx: y\rz\r\n").is_none());
        assert!(retry("description: a: b #c\r\n").is_none());
        let many: String = (0..9)
            .map(|i| format!("k{}: a: b\r\n", "x".repeat(i)))
            .collect();
        assert!(retry(&many).is_none(), "{many}");
        // an alias of an anchor, a merge key
        assert!(lf_candidate("a: &x 1\r\nb: *x\r\n").is_none());
        assert!(lf_candidate("<<: {a: 1}\r\n").is_none());
        assert!(lossy("*ref") && lossy("&a b") && lossy("[a, b") && lossy("\"a"));
        assert!(!lossy("a: b") && !lossy("[a]") && !lossy("\"a\""));
    }
}
