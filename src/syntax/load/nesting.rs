//! The nesting guard: the YAML parser's loader recurses, so a block nested deeper than
//! [`MAX_DEPTH`] (brackets, or indentation) is never handed to it; its parse fails there instead.

use super::byte_set;

/// Nesting deeper than this is not handed to the YAML parser, whose loader recurses.
pub(super) const MAX_DEPTH: usize = 256;

/// The byte offset where bracket or indentation nesting passes [`MAX_DEPTH`], if it does.
pub(super) fn too_deep(s: &str) -> Option<usize> {
    scan_nesting(s).0
}

/// [`too_deep`], and the bracket depth and open quote at the end of `s`.
fn scan_nesting(s: &str) -> (Option<usize>, usize, bool) {
    let bytes = s.as_bytes();
    let mut depth = 0usize;
    // the last byte that was not a space: a quote after one of these opens a quoted scalar
    let mut prev = b'\n';
    let mut i = 0;
    while i < bytes.len() {
        // a run of bytes that only move `prev` (spaces do not even do that)
        let run = bytes[i..]
            .iter()
            .position(|&c| NESTING_STOPS[usize::from(c)])
            .unwrap_or(bytes.len() - i);
        if run > 0 {
            if let Some(&last) = bytes[i..i + run]
                .iter()
                .rev()
                .find(|&&c| c != b' ' && c != b'\t')
            {
                prev = last;
            }
            i += run;
            continue;
        }
        let b = bytes[i];
        if (b == b'"' || b == b'\'') && matches!(prev, b'\n' | b':' | b'-' | b'[' | b'{' | b',') {
            // a quoted scalar: up to its closing quote (`\"` does not close a double-quoted one)
            let mut from = i + 1;
            loop {
                match memchr::memchr(b, &bytes[from..]) {
                    None => return (None, depth, true),
                    Some(k) if b == b'"' && bytes[from + k - 1] == b'\\' => from += k + 1,
                    Some(k) => {
                        i = from + k + 1;
                        break;
                    }
                }
            }
            continue;
        }
        prev = b;
        match b {
            b'[' | b'{' => {
                depth += 1;
                if depth > MAX_DEPTH {
                    return (Some(i), depth, false);
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            b'\n' => {
                let ind = bytes[i + 1..]
                    .iter()
                    .take_while(|c| **c == b' ' || **c == b'-')
                    .count();
                if ind > MAX_DEPTH * 2 {
                    return (Some(i + 1), depth, false);
                }
            }
            _ => {}
        }
        i += 1;
    }
    (None, depth, false)
}

/// The bytes [`scan_nesting`] looks at: brackets, quotes, line breaks.
static NESTING_STOPS: [bool; 256] = byte_set(b"[]{}\"'\n");

/// A chunk's brackets and indentation as [`too_deep`] counts them: where it passes the limit,
/// and whether the count carries into the next chunk (a bracket or quote left open).
#[derive(Clone, Copy, Debug)]
pub(super) struct Nesting {
    pub(super) too_deep: Option<usize>,
    pub(super) carries: bool,
}

pub(super) fn nesting(s: &str) -> Nesting {
    let (too_deep, depth, quote) = scan_nesting(s);
    Nesting {
        too_deep,
        carries: depth > 0 || quote || !s.ends_with('\n'),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// [`scan_nesting`] as a byte-by-byte loop: the definition the fast one must agree with.
    fn scan_nesting_bytewise(s: &str) -> (Option<usize>, usize, bool) {
        let bytes = s.as_bytes();
        let mut depth = 0usize;
        let mut quote: Option<u8> = None;
        let mut prev = b'\n';
        for (i, &b) in bytes.iter().enumerate() {
            if let Some(q) = quote {
                if b == q && !(q == b'"' && i > 0 && bytes[i - 1] == b'\\') {
                    quote = None;
                }
                continue;
            }
            if b != b' ' && b != b'\t' {
                let opens = matches!(prev, b'\n' | b':' | b'-' | b'[' | b'{' | b',');
                if (b == b'"' || b == b'\'') && opens {
                    quote = Some(b);
                    continue;
                }
                prev = b;
            }
            match b {
                b'[' | b'{' => {
                    depth += 1;
                    if depth > MAX_DEPTH {
                        return (Some(i), depth, false);
                    }
                }
                b']' | b'}' => depth = depth.saturating_sub(1),
                b'\n' => {
                    let ind = s[i + 1..]
                        .bytes()
                        .take_while(|c| *c == b' ' || *c == b'-')
                        .count();
                    if ind > MAX_DEPTH * 2 {
                        return (Some(i + 1), depth, false);
                    }
                }
                _ => {}
            }
        }
        (None, depth, quote.is_some())
    }

    #[test]
    fn nesting_scan_agrees_with_a_byte_by_byte_scan() {
        let alphabet = ['a', ' ', '"', '\'', '[', '}', '\n', '\\', ':', '-'];
        let base = alphabet.len();
        for t in crate::text::all_strings(&alphabet, 6) {
            assert_eq!(scan_nesting(&t), scan_nesting_bytewise(&t), "{t:?}");
        }
        // long texts past the depth limits, from a fixed pseudo-random sequence
        let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut deep = 0;
        for _ in 0..2000 {
            let mut t = String::new();
            for _ in 0..900 {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                let pick = (x % 40) as usize;
                t.push(if pick < base { alphabet[pick] } else { '[' });
            }
            assert_eq!(scan_nesting(&t), scan_nesting_bytewise(&t), "{t:?}");
            deep += usize::from(scan_nesting(&t).0.is_some());
        }
        assert!(deep > 100, "{deep} of the long texts pass the limit");
        for t in [
            format!("a:\n{}x", " ".repeat(600)),
            format!("a: \"[\n{}", "-".repeat(600)),
        ] {
            assert_eq!(scan_nesting(&t), scan_nesting_bytewise(&t), "{t:?}");
        }
    }
}
