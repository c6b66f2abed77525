//! Target 1: the whole parse and analysis on arbitrary bytes (lossily decoded, as an editor
//! would hand them over), with completion and hover at every position of the head.
#![no_main]

use agent_ls::analysis::{completion, diagnostics, hover};
use agent_ls::catalog::Kind;
use agent_ls::document::{Document, Encoding, Pos};
use agent_ls::syntax::Header;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let header = Header::parse(&text);
    let body = &text[header.body_start().min(text.len())..];
    for &kind in Kind::ALL {
        let _ = diagnostics::compute(
            &header,
            diagnostics::Context {
                kind,
                file_stem: Some("x"),
                body: Some((body, header.body_start())),
                ..Default::default()
            },
        );
        for offset in 0..=header.text.len() + 1 {
            let _ = completion::complete(&header, kind, offset, true);
            let _ = hover::hover(&header, kind, offset);
        }
    }
    let doc = Document::new(&text, 1, Encoding::Utf16, None);
    let _ = doc.diagnostics();
    // the same bytes as a skill, a command and an output style (their body is read too)
    for path in ["/p/.claude/skills/x/SKILL.md", "/p/.claude/commands/x.md", "/p/.claude/output-styles/x.md"] {
        let d = Document::new(&text, 1, Encoding::Utf16, Some(path.into()));
        let _ = d.diagnostics();
        let _ = d.links();
    }
    let _ = doc.headings();
    for line in 0..(doc.rope().len_lines() as u32).min(40) {
        for character in [0, 1, 3, 200] {
            let o = doc.offset(Pos { line, character });
            let _ = doc.position(o);
        }
    }
});
