//! Claude Code's JSON configuration in the editor, through the protocol: completion of keys and
//! values from the schema Claude Code validates with (settings, hooks, permission rules, MCP
//! servers, plugin files), and hover with each key's description.

mod common;

use common::*;
use serde_json::{Value, json};

fn labels(items: &[Value]) -> Vec<String> {
    items
        .iter()
        .map(|i| i["label"].as_str().unwrap().to_string())
        .collect()
}

/// A position (line, character) of the `n`th `needle`, moved `by` characters.
fn at(text: &str, needle: &str, by: u32) -> (u32, u32) {
    let (l, c) = find_pos(text, needle, 0);
    (l, c + by)
}

fn uri_of(rel: &str) -> String {
    format!("file:///tmp/agent-ls-json-editor/{rel}")
}

#[test]
fn settings_keys_values_rules_and_hooks_complete_from_the_schema() {
    let mut c = Client::start_default();
    let uri = uri_of(".claude/settings.json");
    let text = "{\n  \"permissions\": { \"allow\": [\"Ba\"], \"defaultMode\": \"\" },\n  \"hooks\": {\n    \"PreToolUse\": [\n      { \"matcher\": \"\", \"hooks\": [ { \"type\": \"command\", \"command\": \"x\" } ] }\n    ]\n  },\n  \"model\": \"\",\n  \n}\n";
    c.open(&uri, text);

    // a key of the top level, on the empty line: every setting not written yet
    let (l, _) = at(text, "  \n}", 0);
    let items = c.completion(&uri, l, 2);
    let keys = labels(&items);
    assert!(keys.contains(&"env".to_string()), "{keys:?}");
    assert!(keys.contains(&"outputStyle".to_string()), "{keys:?}");
    assert!(
        !keys.contains(&"permissions".to_string()),
        "already written: {keys:?}"
    );
    let env = items.iter().find(|i| i["label"] == "env").unwrap();
    assert_eq!(env["textEdit"]["newText"], "\"env\": ");
    assert!(
        env["documentation"]["value"]
            .as_str()
            .unwrap_or_else(|| env["documentation"].as_str().unwrap_or(""))
            .contains("Environment variables"),
        "{env}"
    );

    // a permission rule: the tools
    let (l, ch) = at(text, "\"Ba\"", 2);
    let items = c.completion(&uri, l, ch);
    let bash = items.iter().find(|i| i["label"] == "Bash").expect("Bash");
    assert_eq!(bash["textEdit"]["newText"], "\"Bash\"");
    assert_eq!(bash["textEdit"]["range"], range_of(text, "\"Ba\"", 0));

    // an enum value: the permission modes
    let (l, ch) = at(text, "\"defaultMode\": \"\"", 16);
    let modes = labels(&c.completion(&uri, l, ch));
    assert!(modes.contains(&"acceptEdits".to_string()), "{modes:?}");
    assert!(modes.contains(&"plan".to_string()), "{modes:?}");

    // a matcher: tool names; a hook's type: the hook kinds
    let (l, ch) = at(text, "\"matcher\": \"\"", 12);
    assert!(labels(&c.completion(&uri, l, ch)).contains(&"Write".to_string()));
    let (l, ch) = at(text, "\"type\": \"command\"", 10);
    let types = labels(&c.completion(&uri, l, ch));
    assert!(
        types.contains(&"prompt".to_string()) && types.contains(&"http".to_string()),
        "{types:?}"
    );

    // the model: its aliases
    let (l, ch) = at(text, "\"model\": \"\"", 10);
    assert!(labels(&c.completion(&uri, l, ch)).contains(&"sonnet".to_string()));

    // hook events, on the key of one
    let (l, ch) = at(text, "\"PreToolUse\"", 3);
    let events = labels(&c.completion(&uri, l, ch));
    assert!(events.contains(&"PostToolUse".to_string()), "{events:?}");

    // hover on a key: what it does
    let (l, ch) = at(text, "\"permissions\"", 3);
    let h = c.hover(&uri, l, ch);
    let md = h["contents"]["value"].as_str().unwrap();
    assert!(md.starts_with("**`permissions`**"), "{md}");
    assert_eq!(h["range"], range_of(text, "\"permissions\"", 0));
    let (l, ch) = at(text, "\"command\": \"x\"", 3);
    let md = c.hover(&uri, l, ch)["contents"]["value"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(md.contains("Shell command"), "{md}");
}

#[test]
fn mcp_servers_plugin_files_and_marketplaces_complete_and_hover() {
    let mut c = Client::start_default();
    let mcp = uri_of(".mcp.json");
    let text = "{ \"mcpServers\": { \"docs\": {  } } }\n";
    c.open(&mcp, text);
    let (l, ch) = at(text, "{  }", 2);
    let keys = labels(&c.completion(&mcp, l, ch));
    for k in ["command", "args", "env", "url"] {
        assert!(keys.contains(&k.to_string()), "{k}: {keys:?}");
    }

    let manifest = uri_of("plug/.claude-plugin/plugin.json");
    let text = "{ \"name\": \"p\", \"version\": \"1.0.0\" }\n";
    c.open(&manifest, text);
    let (l, ch) = at(text, "\"name\"", 2);
    let md = c.hover(&manifest, l, ch)["contents"]["value"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(md.starts_with("**`name`**"), "{md}");

    let lsp = uri_of("plug/.lsp.json");
    let text = "{ \"ts\": { \"command\": \"tsls\", \"extensionToLanguage\": { \".ts\": \"typescript\" }, \"transport\": \"\" } }\n";
    c.open(&lsp, text);
    let (l, ch) = at(text, "\"transport\": \"\"", 14);
    let transports = labels(&c.completion(&lsp, l, ch));
    assert_eq!(transports, ["stdio", "socket"]);

    let market = uri_of("m/.claude-plugin/marketplace.json");
    let text = "{ \"name\": \"m\", \"owner\": { \"name\": \"o\" }, \"plugins\": [ { \"name\": \"p\", \"source\": \"./p\" } ] }\n";
    c.open(&market, text);
    let (l, ch) = at(text, "\"source\"", 3);
    let md = c.hover(&market, l, ch)["contents"]["value"]
        .as_str()
        .unwrap_or("")
        .to_string();
    assert!(md.starts_with("**`source`**"), "{md}");

    // ordinary JSON stays untouched
    let other = uri_of("package.json");
    c.open(&other, "{ \"name\": \"x\" }\n");
    assert_eq!(c.completion(&other, 0, 3), Vec::<Value>::new());
    let _ = json!(null);
}
