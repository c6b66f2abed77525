//! The server through the real protocol: the built binary over stdio.

mod common;

use common::*;
use serde_json::{Value, json};

const VALID: &str = "---
name: code-reviewer
description: \"Use this agent when code was written. Examples: <example>Context: a PR. user: 'Review it' assistant: 'I will use the code-reviewer agent' <commentary>review</commentary></example>\"
model: sonnet
color: blue
tools: Read, Grep, Bash
---

You are a code reviewer.
";

fn labels(items: &[Value]) -> Vec<String> {
    items
        .iter()
        .map(|i| i["label"].as_str().unwrap_or("").to_string())
        .collect()
}

#[test]
fn initialize_advertises_incremental_sync_and_utf16_by_default() {
    let (c, result) = Client::start(json!({}));
    let caps = &result["capabilities"];
    assert_eq!(caps["textDocumentSync"]["change"], 2, "incremental");
    assert_eq!(caps["textDocumentSync"]["openClose"], true);
    assert_eq!(caps["positionEncoding"], "utf-16");
    assert_eq!(caps["hoverProvider"], true);
    assert!(caps["completionProvider"].is_object());
    assert_eq!(result["serverInfo"]["name"], "agent-ls");
    assert_eq!(c.shutdown(), Some(0));
}

#[test]
fn utf8_is_chosen_when_offered() {
    let (mut c, result) =
        Client::start(json!({ "general": { "positionEncodings": ["utf-8", "utf-16"] } }));
    assert_eq!(result["capabilities"]["positionEncoding"], "utf-8");
    // An astral character before an unknown tool: byte columns, not UTF-16 units.
    let text = "---\nname: a\ndescription: 😀 x\ntools: 😀, Nope\n---\nbody\n";
    let uri = agent_uri("a.md");
    c.open(&uri, text);
    let d = c.diagnostics(&uri, 1);
    let tool = with_code(&d, "unknown-tool");
    assert_eq!(tool.len(), 2, "{d:#?}");
    let nope = tool
        .iter()
        .find(|d| d["message"].as_str().unwrap().contains("Nope"))
        .unwrap();
    let col = "tools: 😀, ".len() as u64;
    assert_eq!(
        nope["range"]["start"],
        json!({ "line": 3, "character": col })
    );
    assert_eq!(
        nope["range"]["end"],
        json!({ "line": 3, "character": col + 4 })
    );
    // and an incremental edit in UTF-8 units: replace "Nope" with "Read"
    c.change(
        &uri,
        2,
        json!([{ "range": { "start": { "line": 3, "character": col }, "end": { "line": 3, "character": col + 4 } }, "text": "Read" }]),
    );
    let d = c.diagnostics(&uri, 2);
    assert_eq!(with_code(&d, "unknown-tool").len(), 1);
}

#[test]
fn utf16_ranges_count_surrogate_pairs() {
    let mut c = Client::start_default();
    let text = "---\nname: a\ndescription: x\ntools: [😀, Nope]\n---\nbody\n";
    let uri = agent_uri("a.md");
    c.open(&uri, text);
    let d = c.diagnostics(&uri, 1);
    let nope = with_code(&d, "unknown-tool")
        .into_iter()
        .find(|d| d["message"].as_str().unwrap().contains("Nope"))
        .unwrap()
        .clone();
    assert_eq!(nope["range"], range_of(text, "Nope", 0));
    // "tools: [😀, " is 12 UTF-16 units (the emoji counts 2)
    assert_eq!(nope["range"]["start"]["character"], 12);
}

#[test]
fn valid_agent_has_no_errors_or_warnings() {
    let mut c = Client::start_default();
    let uri = agent_uri("code-reviewer.md");
    c.open(&uri, VALID);
    let d = c.diagnostics(&uri, 1);
    assert!(d.is_empty(), "{d:#?}");
}

#[test]
fn key_completion_offers_missing_keys_with_docs() {
    let mut c = Client::start_default();
    let text = "---\nname: a\ndescription: b\n\n---\nbody\n";
    let uri = agent_uri("a.md");
    c.open(&uri, text);
    let items = c.completion(&uri, 3, 0);
    let l = labels(&items);
    for k in ["color", "permissionMode", "tools", "model", "maxTurns"] {
        assert!(l.contains(&k.to_string()), "{k} missing from {l:?}");
    }
    assert!(
        !l.contains(&"name".to_string()),
        "present keys are left out"
    );
    let color = items.iter().find(|i| i["label"] == "color").unwrap();
    assert_eq!(color["insertTextFormat"], 2, "snippet");
    assert!(
        color["textEdit"]["newText"]
            .as_str()
            .unwrap()
            .starts_with("color: ${1|red,blue")
    );
    assert_eq!(
        color["textEdit"]["range"]["start"],
        json!({ "line": 3, "character": 0 })
    );
    assert!(
        color["documentation"]["value"]
            .as_str()
            .unwrap()
            .contains("/agents")
    );
    // a prefix narrows nothing server-side but sets the replace range
    c.change(&uri, 2, json!([{ "range": { "start": { "line": 3, "character": 0 }, "end": { "line": 3, "character": 0 } }, "text": "perm" }]));
    let items = c.completion(&uri, 3, 4);
    let pm = items
        .iter()
        .find(|i| i["label"] == "permissionMode")
        .unwrap();
    assert_eq!(
        pm["textEdit"]["range"],
        json!({ "start": { "line": 3, "character": 0 }, "end": { "line": 3, "character": 4 } })
    );
}

#[test]
fn plain_text_completion_without_snippet_support() {
    let (mut c, _) = Client::start(json!({}));
    let text = "---\nname: a\ndescription: b\n\n---\nbody\n";
    let uri = agent_uri("a.md");
    c.open(&uri, text);
    let items = c.completion(&uri, 3, 0);
    let color = items.iter().find(|i| i["label"] == "color").unwrap();
    assert_eq!(color["insertTextFormat"], 1);
    assert_eq!(color["textEdit"]["newText"], "color: ");
}

#[test]
fn value_completion_for_color_model_and_enums() {
    let mut c = Client::start_default();
    let text = "---\nname: a\ndescription: b\ncolor: \nmodel: so\npermissionMode: \n---\nbody\n";
    let uri = agent_uri("a.md");
    c.open(&uri, text);
    let colors = labels(&c.completion(&uri, 3, 7));
    assert_eq!(
        colors,
        [
            "red", "blue", "green", "yellow", "purple", "orange", "pink", "cyan"
        ]
    );
    let models = c.completion(&uri, 4, 9);
    assert!(labels(&models).contains(&"sonnet".to_string()));
    let sonnet = models.iter().find(|i| i["label"] == "sonnet").unwrap();
    assert_eq!(
        sonnet["textEdit"]["range"],
        json!({ "start": { "line": 4, "character": 7 }, "end": { "line": 4, "character": 9 } })
    );
    let modes = labels(&c.completion(&uri, 5, 16));
    assert!(
        modes.contains(&"acceptEdits".to_string()) && modes.contains(&"plan".to_string()),
        "{modes:?}"
    );
}

#[test]
fn tool_completion_in_every_list_form_leaves_out_listed_tools() {
    let mut c = Client::start_default();
    let text = "---\nname: a\ndescription: b\ntools: Read, \ndisallowedTools: [Bash, ]\nskills: x\n---\nbody\n";
    let uri = agent_uri("a.md");
    c.open(&uri, text);
    let comma = labels(&c.completion(&uri, 3, 13));
    assert!(comma.contains(&"Grep".to_string()));
    assert!(!comma.contains(&"Read".to_string()), "already listed");
    let flow = labels(&c.completion(&uri, 4, 24));
    assert!(flow.contains(&"Read".to_string()));
    assert!(!flow.contains(&"Bash".to_string()));
    // block list
    let text2 = "---\nname: a\ndescription: b\ntools:\n  - Glob\n  - \n---\nbody\n";
    let uri2 = agent_uri("b.md");
    c.open(&uri2, text2);
    let block = c.completion(&uri2, 5, 4);
    let l = labels(&block);
    assert!(
        l.contains(&"Edit".to_string()) && !l.contains(&"Glob".to_string()),
        "{l:?}"
    );
    let legacy = block.iter().find(|i| i["label"] == "MultiEdit").unwrap();
    assert_eq!(legacy["deprecated"], true);
}

#[test]
fn hover_on_tool_model_and_key() {
    let mut c = Client::start_default();
    let uri = agent_uri("code-reviewer.md");
    c.open(&uri, VALID);
    let (l, ch) = find_pos(VALID, "Bash", 0);
    let h = c.hover(&uri, l, ch + 1);
    assert!(
        h["contents"]["value"].as_str().unwrap().contains("shell"),
        "{h}"
    );
    assert_eq!(h["range"], range_of(VALID, "Bash", 0));
    let (l, ch) = find_pos(VALID, "sonnet", 0);
    let h = c.hover(&uri, l, ch);
    assert!(
        h["contents"]["value"].as_str().unwrap().contains("Sonnet"),
        "{h}"
    );
    assert_eq!(h["range"], range_of(VALID, "sonnet", 0));
    let h = c.hover(&uri, 4, 2);
    assert!(
        h["contents"]["value"].as_str().unwrap().contains("`color`"),
        "{h}"
    );
    assert_eq!(h["contents"]["kind"], "markdown");
}

#[test]
fn hover_on_legacy_tool_names_current() {
    let mut c = Client::start_default();
    let text = "---\nname: a\ndescription: b\ntools: MultiEdit, Agent(x, y), mcp__github__create_issue\n---\nbody\n";
    let uri = agent_uri("a.md");
    c.open(&uri, text);
    let (l, ch) = find_pos(text, "MultiEdit", 0);
    let v = c.hover(&uri, l, ch)["contents"]["value"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(
        v.contains("Removed") && v.contains("drops this name silently") && v.contains("`Edit`"),
        "{v}"
    );
    let (l, ch) = find_pos(text, "Agent(", 0);
    let h = c.hover(&uri, l, ch);
    assert!(
        h["contents"]["value"].as_str().unwrap().contains("Task"),
        "{h}"
    );
    assert_eq!(h["range"], range_of(text, "Agent", 0));
    let (l, ch) = find_pos(text, "mcp__", 0);
    let v = c.hover(&uri, l, ch)["contents"]["value"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(v.contains("create_issue") && v.contains("github"), "{v}");
}

#[test]
fn malformed_example_and_unknown_tool_are_diagnosed_on_exact_ranges() {
    let mut c = Client::start_default();
    let text = "---\nname: a\ndescription: Use this agent when needed.\\n<example>\\nContext: x\\nassistant: \"I will\"\\n</example>\ntools: Read, Bassh, Grep\n---\nbody\n";
    let uri = agent_uri("a.md");
    c.open(&uri, text);
    let d = c.diagnostics(&uri, 1);
    let ex = with_code(&d, "example-missing-turn");
    assert_eq!(ex.len(), 1, "{d:#?}");
    assert_eq!(ex[0]["range"], range_of(text, "<example>", 0));
    let tool = with_code(&d, "unknown-tool");
    assert_eq!(tool.len(), 1);
    assert_eq!(tool[0]["range"], range_of(text, "Bassh", 0));
    assert_eq!(tool[0]["severity"], 2);
    assert!(
        tool[0]["message"]
            .as_str()
            .unwrap()
            .contains("did you mean `Bash`")
    );
    assert_eq!(tool[0]["source"], "agent-ls");
}

#[test]
fn incremental_edits_update_diagnostics_in_order() {
    let mut c = Client::start_default();
    let uri = agent_uri("code-reviewer.md");
    c.open(&uri, VALID);
    assert!(c.diagnostics(&uri, 1).is_empty());
    // two changes in one notification: break the model, then fix a later line's tool
    let (l, ch) = find_pos(VALID, "sonnet", 0);
    let (tl, tch) = find_pos(VALID, "Grep", 0);
    c.change(
        &uri,
        2,
        json!([
            { "range": { "start": { "line": l, "character": ch }, "end": { "line": l, "character": ch + 6 } }, "text": "sonet" },
            { "range": { "start": { "line": tl, "character": tch }, "end": { "line": tl, "character": tch + 4 } }, "text": "grep" }
        ]),
    );
    let d = c.diagnostics(&uri, 2);
    let codes: Vec<_> = d.iter().map(|d| d["code"].as_str().unwrap()).collect();
    assert_eq!(codes, ["unknown-model", "unknown-tool"], "{d:#?}");
    assert!(
        d[0]["message"]
            .as_str()
            .unwrap()
            .contains("did you mean `sonnet`")
    );
    assert!(d[1]["message"].as_str().unwrap().contains("case-sensitive"));
    // a body edit, then a whole-document replacement
    c.change(&uri, 3, json!([{ "range": { "start": { "line": 8, "character": 0 }, "end": { "line": 8, "character": 0 } }, "text": "More. " }]));
    assert_eq!(c.diagnostics(&uri, 3).len(), 2);
    c.change(&uri, 4, json!([{ "text": VALID }]));
    assert!(c.diagnostics(&uri, 4).is_empty());
}

#[test]
fn close_clears_diagnostics() {
    let mut c = Client::start_default();
    let uri = agent_uri("a.md");
    c.open(&uri, "---\nname: a\n");
    assert_eq!(
        with_code(&c.diagnostics(&uri, 1), "unclosed-frontmatter").len(),
        1
    );
    c.notify(
        "textDocument/didClose",
        json!({ "textDocument": { "uri": uri } }),
    );
    let m = c.wait_for(|m| {
        m["method"] == "textDocument/publishDiagnostics"
            && m["params"]["uri"] == uri
            && m["params"].get("version").is_none()
    });
    assert_eq!(m["params"]["diagnostics"], json!([]));
    assert_eq!(c.shutdown(), Some(0));
}

#[test]
fn silent_on_markdown_that_is_not_an_agent_file() {
    let mut c = Client::start_default();
    let readme = "file:///project/README.md";
    c.open(readme, "# Project\n\nSome docs: nothing here.\n");
    assert_eq!(c.diagnostics(readme, 1), Vec::<Value>::new());
    assert!(c.completion(readme, 0, 0).is_empty());
    // the same text in an agents folder is an agent file missing its frontmatter
    let agent = agent_uri("notes.md");
    c.open(&agent, "# Project\n");
    assert_eq!(
        with_code(&c.diagnostics(&agent, 1), "missing-frontmatter").len(),
        1
    );
}

#[test]
fn seed_file_loads_with_warnings_only() {
    let seed = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/corpus/seeds/seed-3-backend-architect.md"
    ))
    .expect("../shared/corpus beside the checkout");
    let mut c = Client::start_default();
    let uri = agent_uri("backend-architect.md");
    c.open(&uri, &seed);
    let d = c.diagnostics(&uri, 1);
    assert!(d.iter().all(|d| d["severity"] != 1), "{d:#?}");
    let lenient = with_code(&d, "yaml-lenient-only");
    assert_eq!(lenient.len(), 1);
    // the first `: ` of the description ("Examples:\n" is followed by a backslash, not a space)
    let (l, ch) = find_pos(&seed, "Context: ", 0);
    assert_eq!(
        lenient[0]["range"]["start"],
        json!({ "line": l, "character": ch + 7 })
    );
    assert_eq!(
        lenient[0]["range"]["end"],
        json!({ "line": l, "character": ch + 8 })
    );
    // Claude Code 2.1.330 drops `MultiEdit` silently: a warning, struck through
    let removed = with_code(&d, "removed-tool");
    assert_eq!(removed[0]["range"], range_of(&seed, "MultiEdit", 0));
    assert_eq!(removed[0]["severity"], 2);
}

#[test]
fn crlf_and_bom_documents_map_positions() {
    let mut c = Client::start_default();
    let text = "\u{feff}---\r\nname: a\r\ndescription: b\r\ncolor: teal\r\n---\r\nbody\r\n";
    let uri = agent_uri("a.md");
    c.open(&uri, text);
    let d = c.diagnostics(&uri, 1);
    let col = with_code(&d, "unknown-color");
    assert_eq!(
        col[0]["range"],
        json!({ "start": { "line": 3, "character": 7 }, "end": { "line": 3, "character": 11 } })
    );
}

/// Requests answered on the loop (`on_sync` in `server/dispatch.rs`) keep JSON-RPC: a string id
/// comes back as it was sent, with the same result as a numeric one; parameters that do not
/// decode get "invalid params"; after `shutdown`, "invalid request".
#[test]
fn requests_answered_as_they_are_read_keep_json_rpc() {
    let mut c = Client::start_default();
    let uri = agent_uri("code-reviewer.md");
    c.open(&uri, VALID);
    c.diagnostics(&uri, 1);
    let params = json!({ "textDocument": { "uri": uri } });
    let numeric = c.request("textDocument/documentSymbol", params.clone());
    assert_eq!(
        numeric[0]["children"][0]["detail"], "code-reviewer",
        "{numeric}"
    );
    c.send(json!({ "jsonrpc": "2.0", "id": "symbols-1", "method": "textDocument/documentSymbol", "params": params }));
    let by_string = c.wait_for(|m| m.get("id") == Some(&json!("symbols-1")));
    assert_eq!(by_string["result"], numeric, "{by_string}");
    assert_eq!(by_string["jsonrpc"], "2.0");
    // no position: not a definition request the handler can take
    let bad = c.request_raw(
        "textDocument/definition",
        json!({ "textDocument": { "uri": uri } }),
    );
    assert_eq!(bad["error"]["code"], -32602, "{bad}");
    let folds = c.request_raw("textDocument/foldingRange", params.clone());
    assert!(folds["result"].is_array(), "{folds}");
    let down = c.request_raw("shutdown", Value::Null);
    assert!(down.get("error").is_none(), "{down}");
    let late = c.request_raw("textDocument/documentSymbol", params);
    assert_eq!(late["error"]["code"], -32600, "{late}");
}

/// A description strict YAML cannot read (`**` starts an alias) that Claude Code 2.1.330 loads
/// through its fallback rewrite: hover shows it as Claude Code reads it, the whole line.
#[test]
fn hover_on_a_description_read_through_the_fallback() {
    let text = "---\nname: bold\ndescription: **Use** when the tests fail. Fix them\n---\nbody\n";
    let mut c = Client::start_default();
    let uri = agent_uri("bold.md");
    c.open(&uri, text);
    let (l, ch) = find_pos(text, "when the", 0);
    let h = c.hover(&uri, l, ch);
    let v = h["contents"]["value"].as_str().unwrap_or_default();
    assert!(
        v.starts_with("**description** as Claude reads it (0 examples)"),
        "{h}"
    );
    assert!(v.ends_with("**Use** when the tests fail. Fix them"), "{h}");
    assert_eq!(
        h["range"],
        range_of(text, "**Use** when the tests fail. Fix them", 0)
    );
}

/// `description:<TAB>text` loads in Claude Code 2.1.330 (Bun reads the tab as the separator):
/// no error, and the description is read.
#[test]
fn a_tab_after_the_colon_is_a_separator() {
    let text = "---\nname: tabbed\ndescription:\tUse when tabs. Do it\n---\nbody\n";
    let mut c = Client::start_default();
    let uri = agent_uri("tabbed.md");
    c.open(&uri, text);
    let diags = c.diagnostics(&uri, 1);
    assert!(
        diags.iter().all(|d| d["severity"] != 1),
        "no error expected: {diags:?}"
    );
    let (l, ch) = find_pos(text, "when tabs", 0);
    let h = c.hover(&uri, l, ch);
    let v = h["contents"]["value"].as_str().unwrap_or_default();
    assert!(v.ends_with("Use when tabs. Do it"), "{h}");
}

/// Hover on a placeholder says what Claude Code 2.1.330 puts there for `/name A B` (it counts
/// from `$0`; the substitution reaches into code).
#[test]
fn hover_on_placeholders_shows_what_they_become() {
    let text = "---\ndescription: Reviews a PR\narguments: [pr]\n---\nReview $pr, all: $ARGUMENTS, first $0, second $ARGUMENTS[1], third $2.\n\n```bash\nlocal branch=$1\n```\n";
    let mut c = Client::start_default();
    let uri = "file:///project/.claude/commands/git/review.md";
    c.open(uri, text);
    let hover = |c: &mut Client, needle: &str| {
        let (l, ch) = find_pos(text, needle, 0);
        let h = c.hover(uri, l, ch + 1);
        assert_eq!(h["range"], range_of(text, needle, 0), "{h}");
        h["contents"]["value"]
            .as_str()
            .unwrap_or_default()
            .to_string()
    };
    let v = hover(&mut c, "$pr");
    assert!(v.contains("the first argument"), "{v}");
    assert!(v.contains("`/git:review A B` puts `A` here"), "{v}");
    let v = hover(&mut c, "$ARGUMENTS");
    assert!(v.contains("puts `A B` here"), "{v}");
    let v = hover(&mut c, "$0");
    assert!(
        v.contains("the first argument (Claude Code 2.1.337 counts from `$0`)"),
        "{v}"
    );
    let v = hover(&mut c, "$ARGUMENTS[1]");
    assert!(
        v.contains("the second argument") && v.contains("puts `B` here"),
        "{v}"
    );
    let v = hover(&mut c, "$2");
    assert!(
        v.contains("`$2`, left as written") && v.contains("fewer than 3 arguments"),
        "{v}"
    );
    let v = hover(&mut c, "$1");
    assert!(
        v.contains("puts `B` here") && v.contains("Inside code too"),
        "{v}"
    );
}

/// Hover on an agent's `tools` shows the tools Claude Code 2.1.330 spawns it with: `MultiEdit`
/// no longer exists and is dropped, `Task` is `Agent`, a specifier grants the whole tool.
#[test]
fn hover_on_tools_shows_the_tools_the_agent_is_spawned_with() {
    let text = "---\nname: fixer\ndescription: Fixes things\ntools: Read, MultiEdit, Task, Bash(git:*)\n---\nFix.\n";
    let mut c = Client::start_default();
    let uri = agent_uri("fixer.md");
    c.open(&uri, text);
    let want = "spawns this agent with exactly: `Read`, `Agent`, `Bash`. Dropped, silently: `MultiEdit` (no such tool).";
    for needle in ["tools", "MultiEdit", "Read"] {
        let (l, ch) = find_pos(text, needle, 0);
        let h = c.hover(&uri, l, ch + 1);
        let v = h["contents"]["value"].as_str().unwrap_or_default();
        assert!(v.contains(want), "{needle}: {v}");
    }
    let text = "---\nname: lost\ndescription: Lost\ntools: MultiEdit, LS\n---\nFix.\n";
    let uri = agent_uri("lost.md");
    c.open(&uri, text);
    let (l, ch) = find_pos(text, "LS", 0);
    let v = c.hover(&uri, l, ch)["contents"]["value"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    assert!(
        v.contains(
            "No tool resolves: Claude Code 2.1.337 lists this agent but refuses to spawn it."
        ),
        "{v}"
    );
}

/// `workspace/executeCommand` `agent-ls.preview` answers the prompt Claude Code would send for
/// the open command with the given arguments (the editor's preview).
#[test]
fn the_preview_command_expands_the_open_command() {
    let (mut c, init) = Client::start(json!({}));
    assert_eq!(
        init["capabilities"]["executeCommandProvider"]["commands"],
        json!(["agent-ls.preview"])
    );
    let text = "---\ndescription: Review\n---\nReview $0 against $ARGUMENTS[1], not $2.\n";
    let uri = "file:///project/.claude/commands/review.md";
    c.open(uri, text);
    let got = c.request(
        "workspace/executeCommand",
        json!({ "command": "agent-ls.preview", "arguments": [uri, "42 main"] }),
    );
    assert_eq!(got, json!("Review 42 against main, not $2.\n"));
    let bad = c.request_raw(
        "workspace/executeCommand",
        json!({ "command": "agent-ls.preview", "arguments": [] }),
    );
    assert_eq!(bad["error"]["code"], -32602, "{bad}");
}

/// One problem, one finding: a description whose continuation lines start at column 1 is
/// reported once, on its first such line, with the other lines (and the turn labels among them
/// that strict YAML reads as repeated keys) as related places.
#[test]
fn column_one_continuation_lines_are_one_finding() {
    let text = "---\nname: plugin-helper\ndescription: Use this agent when asked.\n<example>\nuser: one\nassistant: two\n</example>\n<example>\nuser: three\nassistant: four\n</example>\n---\nHelp.\n";
    let (mut c, _) = Client::start(json!({
        "textDocument": { "publishDiagnostics": { "relatedInformation": true } }
    }));
    let uri = "file:///project/plugin/agents/plugin-helper.md";
    c.open(uri, text);
    let diags = c.diagnostics(uri, 1);
    let yaml: Vec<&Value> = diags
        .iter()
        .filter(|d| {
            let code = d["code"].as_str().unwrap_or("");
            code.starts_with("yaml") || code == "unindented-continuation" || code == "duplicate-key"
        })
        .collect();
    assert_eq!(yaml.len(), 1, "{diags:#?}");
    let d = yaml[0];
    assert_eq!(d["range"], range_of(text, "<example>", 0), "{d}");
    assert!(
        d["message"]
            .as_str()
            .unwrap_or("")
            .contains("(and 3 more lines below)"),
        "{d}"
    );
    let related: Vec<(u64, &str)> = d["relatedInformation"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["location"]["range"]["start"]["line"].as_u64().unwrap(),
                r["message"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        related,
        [
            (6, "continues it too"),
            (7, "continues it too"),
            (8, "a turn label at column 1, read as a repeated key"),
            (9, "a turn label at column 1, read as a repeated key"),
            (10, "continues it too"),
        ],
        "{d}"
    );
}

/// `initializationOptions.minimumSeverity` (what the Claude Code plugin passes): findings less
/// severe than it are not published; a value it does not know is said in a message, and then
/// every finding is published.
#[test]
fn minimum_severity_from_initialization_options() {
    // an agent with a warning (unknown key) and a hint (no examples in the description)
    let text = "---\nname: a\ndescription: Reviews code\ncolour: red\n---\nbody\n";
    let codes = |options: Value| {
        let mut c = Client::spawn();
        c.request(
            "initialize",
            json!({ "processId": null, "rootUri": null, "capabilities": {}, "initializationOptions": options }),
        );
        c.notify("initialized", json!({}));
        let uri = agent_uri("a.md");
        c.open(&uri, text);
        let mut codes: Vec<String> = c
            .diagnostics(&uri, 1)
            .iter()
            .map(|d| format!("{}:{}", d["severity"], d["code"].as_str().unwrap_or("")))
            .collect();
        codes.sort();
        (c, codes)
    };
    let (_, all) = codes(json!(null));
    assert!(all.iter().any(|c| c.starts_with("4:")), "{all:?}");
    assert!(all.iter().any(|c| c.starts_with("2:")), "{all:?}");
    let (_, warnings) = codes(json!({ "minimumSeverity": "warning" }));
    let expected: Vec<String> = all.iter().filter(|c| c.as_str() < "3").cloned().collect();
    assert_eq!(warnings, expected);
    let (mut c, bad) = codes(json!({ "minimumSeverity": "loud" }));
    assert_eq!(bad, all);
    let message = c.wait_for(|m| m["method"] == "window/showMessage");
    assert!(
        message["params"]["message"]
            .as_str()
            .unwrap()
            .contains("minimumSeverity is \"loud\""),
        "{message}"
    );
}
