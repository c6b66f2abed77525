//! An independent, naive model of the document semantics that `src/document.rs` implements
//! with a rope: lines, position clamping, and applying changes to a plain `String`.
#![allow(dead_code)]

/// Byte ranges of each line's content (without the line break). A text that is empty or ends
/// with a line break has a final empty line.
pub fn lines(text: &str) -> Vec<(usize, usize)> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'\n' {
            out.push((start, i));
            start = i + 1;
        } else if b[i] == b'\r' {
            out.push((start, i));
            if b.get(i + 1) == Some(&b'\n') {
                i += 1;
            }
            start = i + 1;
        }
        i += 1;
    }
    out.push((start, b.len()));
    out
}

/// The byte offset of (line, character): clamped to the line's content and to the document,
/// and moved back to a character boundary.
pub fn offset(text: &str, utf8: bool, line: u32, character: u32) -> usize {
    let ls = lines(text);
    let Some(&(start, end)) = ls.get(line as usize) else {
        return text.len();
    };
    let mut units = 0usize;
    for (i, ch) in text[start..end].char_indices() {
        let w = if utf8 { ch.len_utf8() } else { ch.len_utf16() };
        if units + w > character as usize {
            return start + i;
        }
        units += w;
    }
    end
}

pub fn apply(text: &mut String, utf8: bool, range: Option<(u32, u32, u32, u32)>, new: &str) {
    match range {
        None => *text = new.to_string(),
        Some((l1, c1, l2, c2)) => {
            let mut a = offset(text, utf8, l1, c1);
            let mut b = offset(text, utf8, l2, c2);
            if (l2, c2) < (l1, c1) {
                std::mem::swap(&mut a, &mut b);
            }
            let b = b.max(a);
            text.replace_range(a..b, new);
        }
    }
}
