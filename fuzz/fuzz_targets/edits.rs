//! Target 2: sequences of incremental edits, in an agent, a skill, a command or an output style
//! (the first byte picks). After every batch the rope equals a naive replay on a String, and the
//! incremental parse (diagnostics, links, tokens) equals a fresh parse of the same text.
#![no_main]

#[path = "../../tests/common/reference.rs"]
mod reference;

use agent_ls::document::{Change, Document, Encoding, Pos};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&flags, rest)) = data.split_first() else { return };
    let utf8 = flags & 1 == 1;
    let enc = if utf8 { Encoding::Utf8 } else { Encoding::Utf16 };
    // bits 1-2: where the document lives, which decides its kind
    let path = [
        None,
        Some("/p/.claude/skills/x/SKILL.md"),
        Some("/p/.claude/commands/git/x.md"),
        Some("/p/.claude/output-styles/x.md"),
    ][usize::from((flags >> 1) & 3)]
    .map(std::path::PathBuf::from);
    // layout: initial text up to the first 0xFF, then edits of 5 bytes + text up to 0xFE
    let mut parts = rest.split(|b| *b == 0xFF);
    let initial = String::from_utf8_lossy(parts.next().unwrap_or_default()).into_owned();
    let mut doc = Document::new(&initial, 1, enc, path.clone());
    let mut naive = initial.clone();
    for (v, part) in parts.enumerate().take(64) {
        if part.len() < 5 {
            continue;
        }
        let (h, t) = part.split_at(5);
        let text = String::from_utf8_lossy(t).into_owned();
        let range = (h[0] != 0xFD).then(|| {
            (u32::from(h[1] % 16), u32::from(h[2] % 64), u32::from(h[3] % 16), u32::from(h[4] % 64))
        });
        let change = Change {
            range: range.map(|(a, b, c, d)| (Pos { line: a, character: b }, Pos { line: c, character: d })),
            text: text.clone(),
        };
        doc.apply(v as i32 + 2, &[change]);
        reference::apply(&mut naive, utf8, range, &text);
        assert_eq!(doc.text(), naive);
        let fresh = Document::new(&naive, 0, enc, path.clone());
        assert_eq!(doc.header(), fresh.header());
        assert_eq!(doc.diagnostics(), fresh.diagnostics());
        assert_eq!(doc.links(), fresh.links());
        assert_eq!(doc.semantic_tokens(), fresh.semantic_tokens());
    }
});
