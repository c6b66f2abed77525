//! Huge and hostile files: each is answered (with a diagnostic where one applies), never a
//! panic, a stack overflow or a hang. Time is bounded by the test harness, not asserted.

mod common;

use std::process::Command;

use common::*;
use serde_json::{Value, json};

fn check_json(dir: &std::path::Path) -> (Option<i32>, Vec<Value>) {
    let out = Command::new(env!("CARGO_BIN_EXE_agent-ls"))
        .args(["check", "--format", "json", "--hints"])
        .arg(dir)
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).expect("json");
    (out.status.code(), v.as_array().cloned().unwrap_or_default())
}

fn write(dir: &std::path::Path, name: &str, content: &[u8]) {
    let p = dir.join(".claude/agents").join(name);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, content).unwrap();
}

fn count(diags: &[Value], file: &str, code: &str) -> usize {
    diags
        .iter()
        .filter(|d| d["path"].as_str().unwrap().ends_with(file) && d["code"] == code)
        .count()
}

#[test]
fn hostile_files_through_check() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "nul.md", &vec![0u8; 1 << 20]);
    let mut keys = String::from("---\nname: many\ndescription: d\n");
    for i in 0..100_000 {
        keys.push_str(&format!("key{i}: v\n"));
    }
    keys.push_str("---\nbody\n");
    write(dir.path(), "many.md", keys.as_bytes());
    let deep_flow = format!(
        "---\nname: deep\ndescription: d\nskills: {}\n---\nbody\n",
        "[".repeat(100_000)
    );
    write(dir.path(), "deep.md", deep_flow.as_bytes());
    let mut deep_block = String::from("---\nname: deepblock\ndescription: d\nhooks:\n");
    for i in 0..3_000 {
        deep_block.push_str(&" ".repeat(i + 1));
        deep_block.push_str("a:\n");
    }
    deep_block.push_str("---\nbody\n");
    write(dir.path(), "deepblock.md", deep_block.as_bytes());
    let mut bomb = String::from(
        "---\nname: bomb\ndescription: d\nhooks:\n  a: &a [\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\"]\n",
    );
    for (i, prev) in ["b", "c", "d", "e", "f", "g", "h", "i"]
        .iter()
        .zip(["a", "b", "c", "d", "e", "f", "g", "h"])
    {
        bomb.push_str(&format!("  {i}: &{i} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]\n"));
    }
    bomb.push_str("---\nbody\n");
    write(dir.path(), "bomb.md", bomb.as_bytes());
    let nested = format!(
        "---\nname: nested\ndescription: \"Use it. {}user: a assistant: b{}\"\n---\nbody\n",
        "<example>".repeat(10_000),
        "</example>".repeat(10_000)
    );
    write(dir.path(), "nested.md", nested.as_bytes());

    let (code, diags) = check_json(dir.path());
    assert_eq!(code, Some(1));
    assert_eq!(count(&diags, "nul.md", "missing-frontmatter"), 1);
    assert_eq!(count(&diags, "many.md", "unknown-key"), 100_000);
    assert_eq!(count(&diags, "deep.md", "invalid-flow-collection"), 1);
    assert_eq!(
        count(&diags, "deep.md", "yaml-error") + count(&diags, "deep.md", "yaml-strict-error"),
        0
    );
    // Claude Code 2.1.330 refuses it too ("YAML Parse error: Excessive aliasing") and drops it
    assert_eq!(
        count(&diags, "bomb.md", "yaml-error"),
        1,
        "past the alias budget the frontmatter does not load"
    );
    assert_eq!(count(&diags, "nested.md", "example-nested"), 9_999);
    assert_eq!(count(&diags, "nested.md", "example-stray-close"), 9_999);
    assert!(
        diags
            .iter()
            .any(|d| d["path"].as_str().unwrap().ends_with("deepblock.md"))
    );
}

#[test]
fn fifty_megabyte_agent_file_over_the_protocol() {
    let mut text = String::from("---\nname: big\ndescription: d\ncolor: teal\n---\n");
    let line = "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor.\n";
    while text.len() < 50 << 20 {
        text.push_str(line);
    }
    let mut c = Client::start_default();
    let uri = agent_uri("big.md");
    c.open(&uri, &text);
    let d = c.diagnostics(&uri, 1);
    assert_eq!(with_code(&d, "unknown-color").len(), 1);
    // a keystroke in the middle of the body, then one in the frontmatter
    let body_line = 300_000;
    c.change(&uri, 2, json!([{ "range": { "start": { "line": body_line, "character": 5 }, "end": { "line": body_line, "character": 5 } }, "text": "x" }]));
    assert_eq!(with_code(&c.diagnostics(&uri, 2), "unknown-color").len(), 1);
    c.change(&uri, 3, json!([{ "range": { "start": { "line": 3, "character": 7 }, "end": { "line": 3, "character": 11 } }, "text": "red" }]));
    assert!(with_code(&c.diagnostics(&uri, 3), "unknown-color").is_empty());
    let h = c.hover(&uri, 3, 8);
    assert!(h["contents"]["value"].as_str().unwrap().contains("red"));
    assert_eq!(c.shutdown(), Some(0));
}
