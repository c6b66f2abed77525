//! Outline, folding and semantic tokens through the protocol, on a real corpus file: a copy of
//! `../shared/corpus/seeds/seed-3-backend-architect.md` kept in `tests/fixtures/corpus/`, since
//! the assertions below pin its line numbers.

mod common;

use common::*;
use serde_json::{Value, json};

fn seed() -> String {
    std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/corpus/seed-3-backend-architect.md"
    ))
    .unwrap()
}

fn open_seed(c: &mut Client) -> (String, String) {
    let text = seed();
    let uri = agent_uri("backend-architect.md");
    c.open(&uri, &text);
    c.diagnostics(&uri, 1);
    (uri, text)
}

#[test]
fn outline_has_keys_examples_and_headings() {
    let mut c = Client::start_default();
    let (uri, text) = open_seed(&mut c);
    let syms = c.request(
        "textDocument/documentSymbol",
        json!({ "textDocument": { "uri": uri } }),
    );
    let syms = syms.as_array().unwrap();
    assert_eq!(syms[0]["name"], "frontmatter");
    assert_eq!(
        syms[0]["range"]["start"],
        json!({ "line": 0, "character": 0 })
    );
    assert_eq!(
        syms[0]["range"]["end"],
        json!({ "line": 5, "character": 3 })
    );
    let keys: Vec<_> = syms[0]["children"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k["name"].as_str().unwrap())
        .collect();
    assert_eq!(keys, ["name", "description", "color", "tools"]);
    let desc = &syms[0]["children"][1];
    let examples: Vec<_> = desc["children"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        examples,
        [
            "Example: Designing a new API",
            "Example: Database design and optimization",
            "Example: Implementing authentication system"
        ]
    );
    assert_eq!(
        desc["children"][0]["selectionRange"],
        range_of(&text, "<example>", 0)
    );
    assert_eq!(
        syms[0]["children"][3]["detail"],
        "Write, Read, MultiEdit, Bash, Grep"
    );
    // body headings, nested: `## Memory Integration Protocol` holds its `###` sections
    let mem = syms
        .iter()
        .find(|s| s["name"] == "Memory Integration Protocol")
        .expect("heading");
    let subs: Vec<_> = mem["children"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        subs,
        ["Direct Memory Updates", "Your Section in Insights.md"]
    );
    assert_eq!(
        mem["selectionRange"]["start"],
        json!({ "line": 92, "character": 0 })
    );
    // the `##` lines inside the fenced block at line 106 are code, not headings
    assert_eq!(
        mem["range"]["end"],
        json!({ "line": 140, "character": 0 }),
        "the section runs to the next `##`"
    );
}

#[test]
fn folding_ranges_for_frontmatter_and_sections() {
    let mut c = Client::start_default();
    let (uri, _) = open_seed(&mut c);
    let ranges = c.folds(&uri);
    assert!(ranges.contains(&(0, 5)), "frontmatter: {ranges:?}");
    assert!(
        ranges.contains(&(92, 139)),
        "## Memory Integration Protocol: {ranges:?}"
    );
    assert!(
        ranges.contains(&(94, 101)),
        "### Direct Memory Updates: {ranges:?}"
    );
}

fn decode(data: &[Value]) -> Vec<(u32, u32, u32, u32)> {
    let mut out = Vec::new();
    let (mut line, mut ch) = (0u32, 0u32);
    for t in data.chunks(5) {
        let dl = t[0].as_u64().unwrap() as u32;
        let ds = t[1].as_u64().unwrap() as u32;
        line += dl;
        ch = if dl == 0 { ch + ds } else { ds };
        out.push((
            line,
            ch,
            t[2].as_u64().unwrap() as u32,
            t[3].as_u64().unwrap() as u32,
        ));
    }
    out
}

#[test]
fn semantic_tokens_inside_the_description() {
    let (mut c, init) = Client::start(json!({}));
    let legend: Vec<_> = init["capabilities"]["semanticTokensProvider"]["legend"]["tokenTypes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t.as_str().unwrap().to_string())
        .collect();
    assert_eq!(
        legend,
        [
            "keyword",
            "decorator",
            "comment",
            "function",
            "enumMember",
            "property",
            "parameter",
            "macro"
        ]
    );
    let (uri, text) = open_seed(&mut c);
    let r = c.request(
        "textDocument/semanticTokens/full",
        json!({ "textDocument": { "uri": uri } }),
    );
    let toks = decode(r["data"].as_array().unwrap());
    let tok = |needle: &str, n: usize| {
        let (l, ch) = find_pos(&text, needle, n);
        toks.iter().find(|t| t.0 == l && t.1 == ch).copied()
    };
    assert_eq!(tok("<example>", 0).map(|t| (t.2, t.3)), Some((9, 0)));
    assert_eq!(tok("</commentary>", 2).map(|t| (t.2, t.3)), Some((13, 0)));
    assert_eq!(tok("Context:", 0).map(|t| (t.2, t.3)), Some((7, 1)));
    assert_eq!(tok("assistant:", 1).map(|t| (t.2, t.3)), Some((9, 1)));
    assert_eq!(tok("MultiEdit", 0).map(|t| (t.2, t.3)), Some((9, 3)));
    assert_eq!(tok("purple", 0).map(|t| (t.2, t.3)), Some((6, 4)));
    assert_eq!(tok("tools", 0).map(|t| (t.2, t.3)), Some((5, 5)));
    // the commentary text, between its tags
    let comment = "\\nAPI design requires";
    assert_eq!(tok(comment, 0).map(|t| t.3), Some(2));
    // range: only the tools line
    let r = c.request(
        "textDocument/semanticTokens/range",
        json!({ "textDocument": { "uri": uri }, "range": { "start": { "line": 4, "character": 0 }, "end": { "line": 5, "character": 0 } } }),
    );
    let toks = decode(r["data"].as_array().unwrap());
    assert_eq!(toks.len(), 6, "the key and five tools: {toks:?}");
    assert!(toks.iter().all(|t| t.0 == 4));
}
