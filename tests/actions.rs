//! Quick fixes and "fix all", through the protocol, with exact edits.

mod common;

use common::*;
use saphyr::{LoadableYamlNode, Yaml};
use serde_json::{Value, json};

fn action<'a>(actions: &'a [Value], title: &str) -> &'a Value {
    actions
        .iter()
        .find(|a| a["title"] == title)
        .unwrap_or_else(|| panic!("no action {title:?} in {actions:#?}"))
}

/// The text edits of an action for `uri`: from `changes`, or from the versioned edit of
/// `documentChanges` (used for clients that support it).
fn edits_for<'a>(a: &'a Value, uri: &str) -> &'a [Value] {
    let versioned = a["edit"]["documentChanges"].as_array().and_then(|ops| {
        ops.iter()
            .find(|op| op["textDocument"]["uri"] == uri)
            .and_then(|op| op["edits"].as_array())
    });
    versioned
        .or_else(|| a["edit"]["changes"][uri].as_array())
        .map(Vec::as_slice)
        .unwrap_or(&[])
}

fn at(text: &str, needle: &str) -> (u32, u32, u32, u32) {
    let (l, c) = find_pos(text, needle, 0);
    (l, c, l, c + needle.encode_utf16().count() as u32)
}

#[test]
fn replacements_for_unknown_and_legacy_names() {
    let mut c = Client::start_default();
    let text = "---\nname: a\ndescription: b\ntools: Read, bash, MultiEdit, Bash(git:*)\nmodel: sonet\ncolor: purpel\ncolr: red\npermissionMode: plna\nhooks: []\n---\nBody\n";
    let uri = agent_uri("a.md");
    c.open(&uri, text);
    c.diagnostics(&uri, 1);
    for (needle, title, expected) in [
        (
            "bash",
            "Replace with `Bash`",
            "tools: Read, Bash, MultiEdit, Bash(git:*)",
        ),
        (
            "MultiEdit",
            "Replace with `Edit`",
            "tools: Read, bash, Edit, Bash(git:*)",
        ),
        (
            "Bash(git:*)",
            "Replace with `Bash`",
            "tools: Read, bash, MultiEdit, Bash",
        ),
        ("sonet", "Replace with `sonnet`", "model: sonnet"),
        ("purpel", "Replace with `purple`", "color: purple"),
        ("colr", "Replace with `color`", "color: red"),
        ("plna", "Replace with `plan`", "permissionMode: plan"),
        ("[]", "Replace `[]` with `{}`", "hooks: {}"),
    ] {
        let actions = c.code_actions(&uri, at(text, needle), None);
        let a = action(&actions, title);
        assert_eq!(a["kind"], "quickfix");
        assert_eq!(a["diagnostics"].as_array().unwrap().len(), 1);
        let fixed = apply_edits(text, edits_for(a, &uri));
        assert!(
            fixed.contains(&format!("\n{expected}\n")),
            "{needle}: {fixed}"
        );
    }
}

#[test]
fn add_missing_name_and_description() {
    let mut c = Client::start_default();
    let uri = agent_uri("code-reviewer.md");
    let text = "---\nmodel: sonnet\n---\nBody\n";
    c.open(&uri, text);
    c.diagnostics(&uri, 1);
    let actions = c.code_actions(&uri, (0, 0, 0, 3), Some(&["quickfix"]));
    let name = apply_edits(text, edits_for(action(&actions, "Add `name`"), &uri));
    assert_eq!(name, "---\nname: code-reviewer\nmodel: sonnet\n---\nBody\n");
    let desc = apply_edits(text, edits_for(action(&actions, "Add `description`"), &uri));
    assert!(
        desc.starts_with("---\ndescription: \"Use this agent when ... Examples: <example>Context:"),
        "{desc}"
    );
    assert!(desc.contains("I will use the code-reviewer agent"));
    // the inserted skeleton is itself clean: no example problems, strict YAML
    let uri2 = agent_uri("code-reviewer2.md");
    c.open(&uri2, &desc);
    let d = c.diagnostics(&uri2, 1);
    assert!(
        d.iter()
            .all(|d| !d["code"].as_str().unwrap().starts_with("example")
                && d["code"] != "yaml-strict-error"),
        "{d:#?}"
    );
}

fn strict_description(text: &str) -> String {
    let body = text.strip_prefix("---\n").unwrap();
    let end = body.find("\n---\n").unwrap();
    let docs =
        Yaml::load_from_str(&body[..end]).expect("strict YAML accepts the fixed frontmatter");
    docs[0]["description"]
        .as_str()
        .expect("description string")
        .to_string()
}

#[test]
fn quoting_and_block_scalars_preserve_what_claude_code_reads() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus/seeds");
    let mut c = Client::start_default();
    for i in 0..5 {
        let path = format!("{dir}/seed-{i}-backend-architect.md");
        let text = std::fs::read_to_string(&path).unwrap();
        // what Claude Code's lenient loader reads: the line after `description: `
        let line = text
            .lines()
            .find(|l| l.starts_with("description: "))
            .unwrap();
        let lenient = line["description: ".len()..].trim_end().to_string();
        let uri = agent_uri(&format!("seed{i}/backend-architect.md"));
        c.open(&uri, &text);
        let d = c.diagnostics(&uri, 1);
        let warn = with_code(&d, "yaml-lenient-only")[0].clone();
        let r = &warn["range"];
        let range = (
            r["start"]["line"].as_u64().unwrap() as u32,
            r["start"]["character"].as_u64().unwrap() as u32,
            r["end"]["line"].as_u64().unwrap() as u32,
            r["end"]["character"].as_u64().unwrap() as u32,
        );
        let actions = c.code_actions(&uri, range, None);
        let quoted = apply_edits(
            &text,
            edits_for(action(&actions, "Quote the value of `description`"), &uri),
        );
        assert_eq!(strict_description(&quoted), lenient, "seed-{i} quoted");
        let block = apply_edits(
            &text,
            edits_for(
                action(&actions, "Make `description` a block scalar (`|-`)"),
                &uri,
            ),
        );
        assert_eq!(strict_description(&block), lenient, "seed-{i} block");
        // and agent-ls agrees: no YAML diagnostic, same examples found
        let uri2 = agent_uri(&format!("seed{i}q/backend-architect.md"));
        c.open(&uri2, &quoted);
        let d2 = c.diagnostics(&uri2, 1);
        assert!(with_code(&d2, "yaml-lenient-only").is_empty(), "{d2:#?}");
    }
}

#[test]
fn close_unclosed_tags() {
    let mut c = Client::start_default();
    let text = "---\nname: a\ndescription: \"Use it. <example>user: a assistant: b <commentary>why\"\n---\nBody\n";
    let uri = agent_uri("a.md");
    c.open(&uri, text);
    c.diagnostics(&uri, 1);
    let all = c.code_actions(&uri, (0, 0, 5, 0), Some(&["source.fixAll"]));
    assert_eq!(all.len(), 1);
    assert_eq!(all[0]["kind"], "source.fixAll");
    let fixed = apply_edits(text, edits_for(&all[0], &uri));
    assert!(
        fixed.contains("<commentary>why</commentary></example>\"\n"),
        "{fixed}"
    );
    let uri2 = agent_uri("b.md");
    c.open(&uri2, &fixed);
    let d = c.diagnostics(&uri2, 1);
    assert!(with_code(&d, "example-unclosed").is_empty(), "{d:#?}");
}

#[test]
fn name_and_file_name_fixes() {
    let (mut c, _) = Client::start(
        json!({ "workspace": { "workspaceEdit": { "documentChanges": true, "resourceOperations": ["create", "rename", "delete"] } } }),
    );
    let uri = agent_uri("reviewer.md");
    let text = "---\nname: code-reviewer\ndescription: b\n---\nBody\n";
    c.open(&uri, text);
    c.diagnostics(&uri, 1);
    let actions = c.code_actions(&uri, at(text, "code-reviewer"), None);
    let rename = action(&actions, "Rename the file to `code-reviewer.md`");
    let op = &rename["edit"]["documentChanges"][0];
    assert_eq!(op["kind"], "rename");
    assert_eq!(op["oldUri"], uri);
    assert_eq!(op["newUri"], agent_uri("code-reviewer.md"));
    let fixed = apply_edits(
        text,
        edits_for(action(&actions, "Change `name` to `reviewer`"), &uri),
    );
    assert!(fixed.contains("name: reviewer\n"));
    // without resource operations, no rename is offered
    let mut c2 = Client::start_default();
    c2.open(&uri, text);
    c2.diagnostics(&uri, 1);
    let actions = c2.code_actions(&uri, at(text, "code-reviewer"), None);
    assert!(
        actions
            .iter()
            .all(|a| !a["title"].as_str().unwrap().starts_with("Rename the file"))
    );
}

#[test]
fn fix_all_applies_only_safe_fixes() {
    let mut c = Client::start_default();
    let text = "---\nname: a\ndescription: Use it: now\ntools: Read, grep, LS, Bssh\nhooks: []\n---\nBody\n";
    let uri = agent_uri("a.md");
    c.open(&uri, text);
    c.diagnostics(&uri, 1);
    let all = c.code_actions(&uri, (0, 0, 0, 0), Some(&["source.fixAll"]));
    assert_eq!(all[0]["title"], "Fix all safe problems (4)");
    let fixed = apply_edits(text, edits_for(&all[0], &uri));
    assert_eq!(
        fixed,
        "---\nname: a\ndescription: 'Use it: now'\ntools: Read, Grep, Glob, Bssh\nhooks: {}\n---\nBody\n"
    );
}
