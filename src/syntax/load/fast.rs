//! Shortcut parsers (fast paths): the commonest one-line chunks (`key: word`, a plain value
//! holding `: `, a flow list of quoted names, a line the fallback rewrite quotes) read without
//! running the YAML parser. Each answers only where it is sure to give what the parser gives
//! (`None` elsewhere), and each is tested against the parser.

use saphyr::ScalarOwned;

use super::verdict::{Node, YamlError, quoted_by_rewrite, scalar};

/// Whether the parser reads `key` as the string it is (not a number, boolean or null): it starts
/// with a letter or `_` and is no word the core schema resolves.
fn string_key(key: &str) -> bool {
    key.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
        && !matches!(
            key.to_ascii_lowercase().as_str(),
            "true" | "false" | "null" | "yes" | "no" | "on" | "off" | "y" | "n"
        )
}

/// A key of word characters that the parser reads as the string it is.
fn word_key(key: &str) -> bool {
    string_key(key)
        && key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

/// Whether a value starting with these bytes can start nothing but a plain scalar.
fn starts_plain(value: &[u8]) -> bool {
    match value {
        [b'-' | b'+' | b'.', next, ..] => *next != b' ',
        [first, ..] => first.is_ascii_alphanumeric() || matches!(first, b'_' | b'/' | b'~'),
        [] => false,
    }
}

/// What the parse of a chunk that is one plain line gives, without running the parser (the most
/// common keystroke edits `name: my-agent` or `model: sonnet`): `key: value` with a key of word
/// characters that the core schema leaves a string, and a value of letters, digits, spaces and
/// `_-./()+=;~` that cannot start anything but a plain scalar. The value is resolved as the
/// loader resolves an untagged plain scalar. `None` for anything else (the tests compare it
/// with the parser).
pub(super) fn simple_line_value(chunk: &str) -> Option<Node> {
    let line = chunk.strip_suffix('\n').unwrap_or(chunk);
    let (key, rest) = line.split_once(": ")?;
    let value = rest.trim_matches(' ');
    let vb = value.as_bytes();
    let plain_value = vb.iter().all(|b| {
        b.is_ascii_alphanumeric()
            || matches!(
                b,
                b' ' | b'_' | b'-' | b'.' | b'/' | b'(' | b')' | b'+' | b'=' | b';' | b'~'
            )
    });
    if !(word_key(key) && starts_plain(vb) && plain_value) {
        return None;
    }
    let v = ScalarOwned::parse_from_cow_and_metadata(
        std::borrow::Cow::Borrowed(value),
        saphyr::ScalarStyle::Plain,
        None,
    )?;
    Some(Node::Map(vec![(key.to_string(), scalar(v))]))
}

/// What the parse of a chunk that is a key and a one-line flow list gives, without running the
/// parser (a keystroke in `allowed-tools: ["Read", "Bash(git:*)"]`, on the key's line or the next
/// one, indented): items double-quoted without escapes, or plain words of letters, digits, `_`
/// and `-` (resolved as the loader resolves a plain scalar), separated by commas. `None` for
/// anything else (the tests compare it with the parser).
pub(super) fn flow_list_value(chunk: &str) -> Option<Node> {
    let line = chunk.strip_suffix('\n').unwrap_or(chunk);
    let (key, rest) = line.split_once(':')?;
    if !word_key(key) {
        return None;
    }
    // on the key's line after a space, or on the next line after an indentation of spaces
    let list = match rest.strip_prefix('\n') {
        Some(next) => {
            let t = next.trim_start_matches(' ');
            (t.len() < next.len()).then_some(t)?
        }
        None => {
            let t = rest.trim_start_matches(' ');
            (t.len() < rest.len()).then_some(t)?
        }
    };
    let mut b = list.strip_prefix('[')?.trim_start_matches(' ').as_bytes();
    let mut items = Vec::new();
    if let Some(after) = b.strip_prefix(b"]") {
        b = after;
    } else {
        loop {
            let (item, after) = match b.first()? {
                b'"' => {
                    let end = memchr::memchr(b'"', &b[1..])? + 1;
                    let text = &b[1..end];
                    if !text.iter().all(|c| (b' '..0x7f).contains(c) && *c != b'\\') {
                        return None;
                    }
                    (
                        Node::Str(String::from_utf8_lossy(text).into_owned()),
                        &b[end + 1..],
                    )
                }
                c if c.is_ascii_alphabetic() => {
                    let n = b
                        .iter()
                        .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, b'_' | b'-'))
                        .count();
                    let word = std::str::from_utf8(&b[..n]).ok()?;
                    let v = ScalarOwned::parse_from_cow_and_metadata(
                        std::borrow::Cow::Borrowed(word),
                        saphyr::ScalarStyle::Plain,
                        None,
                    )?;
                    (scalar(v), &b[n..])
                }
                _ => return None,
            };
            items.push(item);
            let after = after.trim_ascii_start();
            match after.first()? {
                b',' => b = after[1..].trim_ascii_start(),
                b']' => {
                    b = &after[1..];
                    break;
                }
                _ => return None,
            }
        }
    }
    if !b.iter().all(|c| *c == b' ') || b.contains(&b'\t') {
        return None;
    }
    Some(Node::Map(vec![(key.to_string(), Node::Seq(items))]))
}

/// The parser's error on a chunk that is one line `key: value` whose plain value holds a `: `
/// (a description that reads `Use this: ...`), without running the parser: it stops at the first
/// `:` followed by a space or the end of the line. Only when nothing before that colon could end
/// the scalar or fail first (a `#`, a tab or another control character, a character YAML does not
/// allow in a stream) and the value cannot start anything but a plain scalar; `None` otherwise
/// (the tests compare it with the parser).
pub(super) fn plain_line_error(chunk: &str) -> Option<YamlError> {
    let line = chunk.strip_suffix('\n').unwrap_or(chunk);
    let (key, rest) = line.split_once(": ")?;
    let value = rest.trim_start_matches(' ');
    let vb = value.as_bytes();
    if !(word_key(key) && starts_plain(vb)) {
        return None;
    }
    let colon =
        memchr::memchr_iter(b':', vb).find(|&i| matches!(vb.get(i + 1), None | Some(b' ')))?;
    let before = &value[..colon];
    (printable(before) && memchr::memchr(b'#', before.as_bytes()).is_none()).then(|| YamlError {
        at: line.len() - value.len() + colon,
        message: "mapping values are not allowed in this context".into(),
    })
}

/// Whether every character of `s` is one YAML allows in a stream and no control character (a
/// tab included): none below a space, DEL, U+0080 to U+009F, U+FEFF, U+FFFE or U+FFFF. Byte by
/// byte, in one pass the compiler vectorises, then the two lead bytes of the non-ASCII ones.
fn printable(s: &str) -> bool {
    let b = s.as_bytes();
    let controls = b
        .iter()
        .fold(false, |any, &c| any | (c < b' ') | (c == 0x7f));
    // valid UTF-8: 0xC2 and 0xEF only ever lead a character, and a continuation follows
    !controls
        && memchr::memchr2_iter(0xC2, 0xEF, b).all(|i| match b[i] {
            0xC2 => !(0x80..=0x9f).contains(&b[i + 1]),
            _ => !matches!(
                (b[i + 1], b[i + 2]),
                (0xBB, 0xBF) | (0xBF, 0xBE) | (0xBF, 0xBF)
            ),
        })
}

/// What the parse of a chunk that is one line the rewrite quotes gives, without running the
/// parser: `key: "value"`, the value as it was (the rewrite escaped every `\` and `"`, which the
/// double-quoted scalar reads back). `None` where the parser could read it otherwise: a key the
/// core schema resolves to a boolean or null, a character YAML does not allow in a stream.
pub(super) fn quoted_line_value(chunk: &str) -> Option<Node> {
    let line = chunk.strip_suffix('\n').unwrap_or(chunk);
    if line.contains('\n') || line.contains('\t') {
        return None;
    }
    let (key_len, value) = quoted_by_rewrite(line)?;
    let key = &line[..key_len];
    let plain_key = string_key(key);
    (plain_key && printable(value))
        .then(|| Node::Map(vec![(key.to_string(), Node::Str(value.to_string()))]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::load::verdict::parse_unchecked;

    /// A fast path's reading of `chunk` is the parser's (compared as printed: NaN is not equal
    /// to itself).
    fn assert_reads_as_the_parser(chunk: &str, fast: &Node) {
        let parsed = parse_unchecked(chunk).map(|n| format!("{n:?}"));
        assert_eq!(
            Ok(format!("{fast:?}")),
            parsed.map_err(|e| e.message),
            "{chunk:?}"
        );
    }

    /// Every one-line chunk [`simple_line_value`] reads, it reads as the parser does.
    #[test]
    fn simple_lines_read_as_the_parser_reads_them() {
        let mut values: Vec<String> = [
            "true",
            "True",
            "TRUE",
            "false",
            "null",
            "Null",
            "NULL",
            "~",
            "0x1F",
            "0o17",
            "1e3",
            "1.5",
            ".5",
            "-.5",
            "+1",
            "-1",
            "1_000",
            ".inf",
            "-.inf",
            "+.inf",
            ".nan",
            ".NaN",
            "yes",
            "no",
            "on",
            "off",
            "0",
            "00",
            "-0",
            "1.",
            "1e",
            "e1",
            "0x",
            "0o8",
            "sonnet",
            "backend-architect",
            "a b  c",
            "claude-opus-4-1",
            "x(y)",
            "a=b;c",
            "~x",
            "/path/to",
            "9223372036854775808",
            "-9223372036854775809",
            "1e400",
            "- a",
            "-a",
            "+ 1",
            ". x",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        // and a fixed pseudo-random sample over the allowed characters
        let alphabet = b"aZ019 _-./()+=;~xoeEnultrf";
        let mut x: u64 = 0x2545_f491_4f6c_dd1d;
        for _ in 0..3000 {
            let len = 1 + (x % 7) as usize;
            let mut v = String::new();
            for _ in 0..len {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                v.push(char::from(alphabet[(x % alphabet.len() as u64) as usize]));
            }
            values.push(v);
        }
        let mut read = 0;
        for key in ["name", "model", "a_b", "x-1", "True", "null", "1a", "on"] {
            for v in &values {
                for chunk in [
                    format!("{key}: {v}\n"),
                    format!("{key}:   {v}  \n"),
                    format!("{key}: {v}"),
                ] {
                    if let Some(fast) = simple_line_value(&chunk) {
                        read += 1;
                        assert_reads_as_the_parser(&chunk, &fast);
                    }
                }
            }
        }
        assert!(read > 20_000, "only {read} chunks took the fast path");
    }

    #[test]
    fn printable_agrees_with_a_character_by_character_check() {
        let by_char = |s: &str| {
            s.chars().all(|c| {
                !(c < ' '
                    || ('\u{7f}'..='\u{9f}').contains(&c)
                    || matches!(c, '\u{feff}' | '\u{fffe}' | '\u{ffff}'))
            })
        };
        let alphabet = [
            'a',
            ' ',
            '\t',
            '\u{1f}',
            '\u{7f}',
            '\u{80}',
            '\u{9f}',
            '\u{a0}',
            'é',
            '\u{feff}',
            '\u{fefe}',
            '\u{fffd}',
            '\u{fffe}',
            '\u{ffff}',
            '\u{10000}',
            '—',
            '\u{ef}',
            '\u{c2}',
        ];
        for s in crate::text::all_strings(&alphabet, 3) {
            assert_eq!(printable(&s), by_char(&s), "{s:?}");
        }
    }

    /// Every chunk [`flow_list_value`] reads, it reads as the parser does.
    #[test]
    fn flow_lists_read_as_the_parser_reads_them() {
        let pieces = [
            "\"Read\"",
            "\"Bash(git add:*)\"",
            "\"a b\"",
            "\"\"",
            "\"x,y\"",
            "\"#c\"",
            "\"é\"",
            "\"a\\\"b\"",
            "\"a\\nb\"",
            "\"\\t\"",
            "Read",
            "true",
            "null",
            "No",
            "x-1",
            "a_b",
            "1",
            ".5",
            ", ",
            ",",
            " , ",
            "  ",
            " ",
            "[",
            "]",
            "\"",
            "#",
            "\t",
            "Bash(x)",
            ":",
            "'q'",
        ];
        let mut x: u64 = 0x2545_f491_4f6c_dd1d;
        let mut next = |n: u64| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x % n
        };
        let mut read = 0;
        for round in 0..300_000 {
            let mut list = String::from("[");
            for _ in 0..next(8) {
                list.push_str(pieces[next(pieces.len() as u64) as usize]);
            }
            if next(4) > 0 {
                list.push(']');
            }
            let key = ["allowed-tools", "tools", "true", "a b"][round % 4];
            let lead = ["\n  ", " ", "\n ", "  ", "\n", "\n\t"][(round / 4) % 6];
            let tail = ["\n", "", "  \n", " # c\n"][(round / 24) % 4];
            let chunk = format!("{key}:{lead}{list}{tail}");
            if let Some(fast) = flow_list_value(&chunk) {
                read += 1;
                assert_reads_as_the_parser(&chunk, &fast);
            }
        }
        assert!(read > 10_000, "only {read} chunks took the fast path");
    }

    /// Every one-line chunk [`plain_line_error`] answers for, the parser fails on at the same
    /// place with the same message.
    #[test]
    fn plain_line_errors_are_the_parsers() {
        let alphabet = [
            "a", "Z", "0", " ", " ", ":", ":", ": ", "#", " #", "\t", ",", "[", "]", "{", "}", "'",
            "\"", "\\", "\\n", "&", "*", "!", "|", ">", "%", "@", "`", "-", "?", "é", "—", "😀",
            "\u{85}", "\u{a0}", "\u{feff}", "\u{2028}", "\u{7f}", "\r", "\u{1}", "~", "/", ".",
        ];
        let mut x: u64 = 0x2545_f491_4f6c_dd1d;
        let mut next = |n: u64| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x % n
        };
        let mut answered = 0;
        for round in 0..200_000 {
            let mut value = String::new();
            for _ in 0..1 + next(10) {
                value.push_str(alphabet[next(alphabet.len() as u64) as usize]);
            }
            let key = ["description", "name", "x-y_1", "true", "1a"][round % 5];
            let spaces = [" ", "  ", " "][round % 3];
            for chunk in [
                format!("{key}:{spaces}{value}\n"),
                format!("{key}:{spaces}{value}"),
                format!("{key}:{spaces}Use it{value}\n"),
            ] {
                if let Some(fast) = plain_line_error(&chunk) {
                    answered += 1;
                    assert_eq!(parse_unchecked(&chunk).map(|_| ()), Err(fast), "{chunk:?}");
                }
            }
        }
        assert!(
            answered > 15_000,
            "only {answered} chunks took the fast path"
        );
    }
}
