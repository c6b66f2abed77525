//! The strict verdict: does a real YAML 1.2 parser (saphyr) accept the frontmatter?
//!
//! Claude Code's own loader is lenient (see [`super::frontmatter`]), but GitHub, other agent tools
//! and most CI linters are strict. The answer decides between "no parse diagnostic" and "works in
//! Claude Code, breaks elsewhere".

use saphyr::{LoadableYamlNode, Yaml};

use super::Span;

/// Nesting deeper than this is not handed to the YAML parser, whose loader recurses.
const MAX_DEPTH: usize = 256;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StrictError {
    /// Where the parser stopped, as a byte span in the document (one character wide).
    pub span: Span,
    pub message: String,
}

/// Parses `content` (the YAML between the delimiters, which starts at byte `base` of the
/// document) strictly. `None` means strict YAML accepts it.
pub fn check(content: &str, base: usize) -> Option<StrictError> {
    if let Some(at) = too_deep(content) {
        return Some(StrictError {
            span: Span::new(base + at, base + at + 1),
            message: format!("nesting deeper than {MAX_DEPTH} levels"),
        });
    }
    let result = std::panic::catch_unwind(|| Yaml::load_from_str(content).map(|_| ()));
    match result {
        Ok(Ok(())) => None,
        Ok(Err(e)) => {
            let at = char_to_byte(content, e.marker().index());
            let len = content[at..]
                .chars()
                .next()
                .map(char::len_utf8)
                .unwrap_or(0);
            Some(StrictError {
                span: Span::new(base + at, base + at + len),
                message: e.info().to_string(),
            })
        }
        Err(_) => Some(StrictError {
            span: Span::new(base, base),
            message: "the YAML parser failed on this input".into(),
        }),
    }
}

fn char_to_byte(s: &str, chars: usize) -> usize {
    s.char_indices()
        .nth(chars)
        .map(|(b, _)| b)
        .unwrap_or(s.len())
}

/// The byte offset where bracket or indentation nesting passes [`MAX_DEPTH`], if it does.
fn too_deep(s: &str) -> Option<usize> {
    let mut depth = 0usize;
    for (i, b) in s.bytes().enumerate() {
        match b {
            b'[' | b'{' => {
                depth += 1;
                if depth > MAX_DEPTH {
                    return Some(i);
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            b'\n' => {
                let ind = s[i + 1..]
                    .bytes()
                    .take_while(|c| *c == b' ' || *c == b'-')
                    .count();
                if ind > MAX_DEPTH * 2 {
                    return Some(i + 1);
                }
            }
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_valid_and_locates_errors() {
        assert_eq!(check("name: a\ndescription: b\n", 4), None);
        let e = check("name: a\ndescription: x: y\n", 4).unwrap();
        assert_eq!(e.span.start, 4 + "name: a\ndescription: x".len());
        assert!(
            check("a: 1\na: 2\n", 0).is_some(),
            "duplicate keys are errors"
        );
    }

    #[test]
    fn deep_nesting_is_refused_without_recursing() {
        let deep = format!("a: {}", "[".repeat(100_000));
        assert!(check(&deep, 0).is_some());
    }
}
