//! What a hook, a plugin path or an enabled plugin refers to: the script a command runs (asked
//! of the disk, resolved as the shell resolves it), the tools a matcher names, the MCP servers
//! and marketplaces named in settings, the folders a plugin manifest and a marketplace name.
//! Facts from the json-oracle cases recorded on Claude Code 2.1.332 (`FACTS.md`, "Cases added
//! with the 2.1.332 re-record").

mod common;

use std::path::Path;

use common::*;
use serde_json::{Value, json};

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/json-oracle");

fn write(root: &Path, rel: &str, text: &str) {
    let p = root.join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, text).unwrap();
}

/// (path relative to `root`, line, column, code) of each finding of `check` on `root`.
fn findings(root: &Path, home: &Path) -> Vec<(String, u64, u64, String)> {
    let mut out: Vec<_> = check_json(&[root], &[], Some(home))
        .iter()
        .map(|d| {
            let path = d["path"].as_str().unwrap();
            let rel = Path::new(path)
                .strip_prefix(root)
                .unwrap_or(Path::new(path))
                .display()
                .to_string();
            (
                rel,
                d["range"]["start"]["line"].as_u64().unwrap(),
                d["range"]["start"]["column"].as_u64().unwrap(),
                d["code"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    out.sort();
    out
}

/// A temporary folder with a project `p` whose `.mcp.json` configures `server`, and an empty
/// home folder beside it.
fn project_with_server(
    server: &str,
) -> (tempfile::TempDir, std::path::PathBuf, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("p");
    let home = dir.path().join("home");
    std::fs::create_dir_all(&home).unwrap();
    write(
        &root,
        ".mcp.json",
        &format!(r#"{{"mcpServers": {{"{server}": {{"command": "{server}-mcp"}}}}}}"#),
    );
    (dir, root, home)
}

#[cfg(unix)]
fn chmod(p: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(p, std::fs::Permissions::from_mode(mode)).unwrap();
}

#[cfg(unix)]
#[test]
fn scripts_and_matchers_of_hooks_through_check() {
    let (_dir, root, home) = project_with_server("github");
    write(&root, ".claude/hooks/ok.sh", "#!/bin/sh\n");
    write(&root, ".claude/hooks/plain.sh", "#!/bin/sh\n");
    chmod(&root.join(".claude/hooks/ok.sh"), 0o755);
    chmod(&root.join(".claude/hooks/plain.sh"), 0o644);
    // one finding per line, at the column written in the comment of the expectation below
    write(
        &root,
        ".claude/settings.json",
        r#"{
  "hooks": {
    "PreToolUse": [
      {"matcher": "Read, Bsh", "hooks": [{"type": "command", "command": "\"$CLAUDE_PROJECT_DIR\"/.claude/hooks/ok.sh"}]},
      {"matcher": "[Bash", "hooks": [{"type": "command", "command": ".claude/hooks/plain.sh"}]},
      {"matcher": "Ba.h", "hooks": [{"type": "command", "command": "bash .claude/hooks/plain.sh"}]},
      {"matcher": "mcp__gihub__.*", "hooks": [{"type": "command", "command": "${CLAUDE_PROJECT_DIR}/.claude/hooks/gone.sh"}]},
      {"matcher": "Edit|MultiEdit", "hooks": [{"type": "command", "command": "python3 .claude/hooks/gone.py"}]}
    ],
    "SessionStart": [{"matcher": "startup", "hooks": [{"type": "command", "command": "bash -c 'echo hi'"}]}]
  },
  "permissions": {"allow": ["mcp__github__get_issue", "mcp__gitlab"]},
  "enabledPlugins": {"fmt@team-tools": true, "lint@known-market": true, "old@gone-market": false},
  "extraKnownMarketplaces": {"known-market": {"source": {"source": "github", "repo": "o/r"}}},
  "statusLine": {"type": "command", "command": "~/.claude/status.sh"}
}
"#,
    );
    // a plugin: its root is `${CLAUDE_PLUGIN_ROOT}`
    write(
        &root,
        "plug/.claude-plugin/plugin.json",
        r#"{"name": "plug", "skills": ["./skills/here", "./skills/gone"], "commands": "./cmds"}"#,
    );
    write(
        &root,
        "plug/skills/here/SKILL.md",
        "---\nname: here\ndescription: d\n---\nx\n",
    );
    write(&root, "plug/scripts/run.sh", "#!/bin/sh\n");
    chmod(&root.join("plug/scripts/run.sh"), 0o755);
    write(
        &root,
        "plug/hooks/hooks.json",
        r#"{"hooks": {"Stop": [{"hooks": [
  {"type": "command", "command": "${CLAUDE_PLUGIN_ROOT}/scripts/run.sh"},
  {"type": "command", "command": "${CLAUDE_PLUGIN_ROOT}/scripts/absent.sh"}
]}]}}
"#,
    );
    write(
        &root,
        "market/.claude-plugin/marketplace.json",
        r#"{"name": "m", "owner": {"name": "o"}, "plugins": [
  {"name": "a", "source": "./plugins/a"},
  {"name": "b", "source": "./plugins/b"}
]}
"#,
    );
    write(
        &root,
        "market/plugins/a/.claude-plugin/plugin.json",
        r#"{"name": "a"}"#,
    );
    let f = |p: &str, l, c, code: &str| (p.to_string(), l, c, code.to_string());
    let s = ".claude/settings.json";
    assert_eq!(
        findings(&root, &home),
        vec![
            // `Bsh` in a list: no such tool
            f(s, 4, 26, "hook-matcher-no-tool"),
            // not an expression
            f(s, 5, 19, "hook-matcher-invalid"),
            // run directly without the execute bit (through `bash` it is fine: line 6)
            f(s, 5, 70, "hook-script-not-executable"),
            // the server is `github`
            f(s, 7, 25, "unknown-mcp-server"),
            f(s, 7, 79, "hook-script-missing"),
            // through an interpreter, the file must exist; `MultiEdit` beside `Edit` costs nothing
            f(s, 8, 87, "hook-script-missing"),
            f(s, 12, 61, "unknown-mcp-server"),
            // a marketplace nobody declared (`false` entries stay off anyway)
            f(s, 13, 27, "unknown-marketplace"),
            f(
                "market/.claude-plugin/marketplace.json",
                3,
                27,
                "plugin-path-missing"
            ),
            f(
                "plug/.claude-plugin/plugin.json",
                1,
                46,
                "plugin-path-missing"
            ),
            f(
                "plug/.claude-plugin/plugin.json",
                1,
                76,
                "plugin-path-missing"
            ),
            f("plug/hooks/hooks.json", 3, 35, "hook-script-missing"),
        ]
    );
    // `~` in the project's shared settings is whoever runs it: not looked for (above); in the
    // user's own settings it is this user's home
    write(
        &home,
        ".claude/settings.json",
        r#"{"statusLine": {"type": "command", "command": "~/.claude/status.sh"}}"#,
    );
    let user = check_json(&[home.join(".claude/settings.json")], &[], Some(&home));
    assert_eq!(user.len(), 1, "{user:#?}");
    assert_eq!(user[0]["code"], "hook-script-missing");
    assert!(
        user[0]["message"]
            .as_str()
            .unwrap()
            .contains(&format!("{}/.claude/status.sh", home.display())),
        "{user:#?}"
    );
}

/// Every matcher of the recorded cases with a marker hook: one that fired gets no finding, one
/// that never fired gets one (the stand-in model calls Bash alone, so only matchers that cannot
/// match it stay silent).
#[test]
fn matchers_fire_as_claude_code_fired_them() {
    let record: Value = serde_json::from_str(
        &std::fs::read_to_string(Path::new(FIXTURES).join("ORACLE.json")).unwrap(),
    )
    .unwrap();
    // (matcher, why no finding although it never fired)
    let silent = [
        (
            "mcp__nowhere__.*",
            "no .mcp.json in the case: no server list to compare with",
        ),
        ("Read", "Read names a tool; the stand-in model never reads"),
    ];
    let dir = tempfile::tempdir().unwrap();
    let mut seen = 0;
    let mut wrong = Vec::new();
    for (case, rec) in record["cases"].as_object().unwrap() {
        if !case.starts_with("settings/matcher-") {
            continue;
        }
        let text = std::fs::read_to_string(Path::new(FIXTURES).join("cases").join(case)).unwrap();
        let dest = dir.path().join(case).join(".claude/settings.json");
        std::fs::create_dir_all(dest.parent().unwrap()).unwrap();
        std::fs::write(&dest, &text).unwrap();
        let found: Vec<u64> = check_json(&[&dest], &[], None)
            .iter()
            .filter(|d| d["code"].as_str().unwrap().starts_with("hook-matcher"))
            .map(|d| d["range"]["start"]["line"].as_u64().unwrap())
            .collect();
        let fired: Vec<&str> = rec["effects"]["hooks"]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| h.as_str().unwrap())
            .collect();
        let lines: Vec<&str> = text.lines().collect();
        for (i, line) in lines.iter().enumerate() {
            let Some(m) = line.trim().strip_prefix("\"matcher\": \"") else {
                continue;
            };
            let m = m.trim_end_matches(',').trim_end_matches('"');
            let Some(marker) = lines[i..].iter().find_map(|l| {
                l.split(".marks/")
                    .nth(1)
                    .map(|r| r.split(['"', '\\']).next().unwrap())
            }) else {
                continue;
            };
            seen += 1;
            let flagged = found.contains(&(i as u64 + 1));
            let ok = if fired.contains(&marker) {
                !flagged
            } else {
                flagged || silent.iter().any(|(s, _)| *s == m)
            };
            if !ok {
                wrong.push(format!(
                    "{case}: matcher `{m}` {} in Claude Code 2.1.337, agent-ls {}",
                    if fired.contains(&marker) {
                        "fired"
                    } else {
                        "never fired"
                    },
                    if flagged { "flags it" } else { "says nothing" }
                ));
            }
        }
    }
    assert!(seen >= 12, "{seen}");
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// In the editor: go to definition from a hook's command to its script, the outline of the
/// settings, their folds.
#[test]
fn a_hook_command_leads_to_its_script_and_settings_have_an_outline() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, ".claude/hooks/lint.sh", "#!/bin/sh\n");
    let text = "{\n  \"hooks\": {\n    \"PostToolUse\": [\n      {\n        \"matcher\": \"Edit\",\n        \"hooks\": [{\"type\": \"command\", \"command\": \"\\\"$CLAUDE_PROJECT_DIR\\\"/.claude/hooks/lint.sh\"}]\n      }\n    ]\n  },\n  \"model\": \"opus\"\n}\n";
    write(root, ".claude/settings.json", text);
    let uri = format!("file://{}", root.join(".claude/settings.json").display());
    let mut c = Client::start_default();
    c.open(&uri, text);
    let (l, ch) = find_pos(text, "lint.sh", 0);
    let def = c.request(
        "textDocument/definition",
        json!({"textDocument": {"uri": uri}, "position": {"line": l, "character": ch}}),
    );
    assert_eq!(
        def[0]["uri"],
        format!("file://{}", root.join(".claude/hooks/lint.sh").display()),
        "{def}"
    );
    // elsewhere: nothing
    let none = c.request(
        "textDocument/definition",
        json!({"textDocument": {"uri": uri}, "position": {"line": 9, "character": 4}}),
    );
    assert!(none.is_null(), "{none}");

    let symbols = c.request(
        "textDocument/documentSymbol",
        json!({"textDocument": {"uri": uri}}),
    );
    let names: Vec<&str> = symbols
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["hooks", "model"]);
    let post = &symbols[0]["children"][0];
    assert_eq!(post["name"], "PostToolUse");
    assert_eq!(post["kind"], 18, "an array");
    assert_eq!(post["children"][0]["name"], "[0] Edit");
    assert_eq!(symbols[1]["detail"], "opus");
    assert_eq!(symbols[1]["selectionRange"], range_of(text, "\"model\"", 0));

    assert_eq!(c.folds(&uri), [(0, 10), (1, 8), (2, 7), (3, 6)]);
}

/// `check` on the JSON kinds: `--fix` applies the certain fixes (a trailing comma, a lower-case
/// tool), `agent-ls.toml`'s overrides stand in for the suppression comments JSON has no room
/// for, SARIF names the rules, and a baseline hides what it recorded.
#[test]
fn fix_overrides_sarif_and_baseline_cover_json() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let settings = root.join(".claude/settings.json");
    write(
        root,
        ".claude/settings.json",
        "{\n  \"permissions\": {\"deny\": [\"bash(rm:*)\", \"Read\",]},\n  \"permisions\": {}\n}\n",
    );
    let bin = env!("CARGO_BIN_EXE_agent-ls");
    let run = |args: &[&str]| {
        std::process::Command::new(bin)
            .args(args)
            .current_dir(root)
            .env("HOME", root.join("home"))
            .output()
            .unwrap()
    };
    // SARIF: the rules of the findings, on the settings file
    let sarif: Value =
        serde_json::from_slice(&run(&["check", "--format", "sarif", "."]).stdout).unwrap();
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    let ids: Vec<&str> = results
        .iter()
        .map(|r| r["ruleId"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        ["config-entry-skipped", "json-syntax", "unknown-setting"],
        "{sarif}"
    );
    assert!(
        results[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            .as_str()
            .unwrap()
            .ends_with(".claude/settings.json")
    );
    // a baseline records them; with it, nothing is new
    let out = run(&["check", "--write-baseline", "base.json", "."]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let out = run(&["check", "--format", "json", "--baseline", "base.json", "."]);
    assert_eq!(
        serde_json::from_slice::<Value>(&out.stdout).unwrap(),
        json!([])
    );
    // an override turns a rule off for the settings files
    write(
        root,
        "agent-ls.toml",
        "[[overrides]]\nfiles = [\".claude/settings*.json\"]\nrules = { unknown-setting = \"off\" }\n",
    );
    let codes = |out: &std::process::Output| -> Vec<String> {
        serde_json::from_slice::<Value>(&out.stdout)
            .unwrap()
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["code"].as_str().unwrap().to_string())
            .collect()
    };
    let out = run(&["check", "--format", "json", "."]);
    assert_eq!(codes(&out), ["config-entry-skipped", "json-syntax"]);
    // --fix: the comma goes, `bash` becomes `Bash`; the misspelt key stays (a guess)
    let out = run(&["check", "--fix", "."]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert_eq!(
        std::fs::read_to_string(&settings).unwrap(),
        "{\n  \"permissions\": {\"deny\": [\"Bash(rm:*)\", \"Read\"]},\n  \"permisions\": {}\n}\n"
    );
    std::fs::remove_file(root.join("agent-ls.toml")).unwrap();
    let out = run(&["check", "--format", "json", "."]);
    assert_eq!(codes(&out), ["unknown-setting"]);
}

/// Quick fixes through the protocol on a settings file.
#[test]
fn json_findings_offer_their_fixes_as_code_actions() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let text = "{\n  \"hooks\": {\"Stop\": [{\"hooks\": [{\"type\": \"comand\", \"command\": \"true\"}]}]},\n  \"modle\": \"opus\",\n}\n";
    write(root, ".claude/settings.json", text);
    let uri = format!("file://{}", root.join(".claude/settings.json").display());
    let mut c = Client::start_default();
    c.open(&uri, text);
    let d = c.diagnostics(&uri, 1);
    assert_eq!(
        d.iter()
            .map(|d| d["code"].as_str().unwrap())
            .collect::<Vec<_>>(),
        ["config-entry-skipped", "unknown-setting", "json-syntax"],
        "{d:#?}"
    );
    let whole = (0, 0, 4, 0);
    let actions = c.code_actions(&uri, whole, Some(&["quickfix"]));
    let titles: Vec<&str> = actions
        .iter()
        .map(|a| a["title"].as_str().unwrap())
        .collect();
    for want in [
        "Replace with `command`",
        "Replace with `model`",
        "Remove the trailing comma",
    ] {
        assert!(titles.contains(&want), "{want}: {titles:?}");
    }
    let fixed = actions
        .iter()
        .filter(|a| a["title"] != "Remove the trailing comma")
        .fold(text.to_string(), |t, a| {
            let edits = a["edit"]["changes"][&uri]
                .as_array()
                .cloned()
                .or_else(|| a["edit"]["documentChanges"][0]["edits"].as_array().cloned())
                .unwrap();
            apply_edits(&t, &edits)
        });
    assert!(fixed.contains("\"type\": \"command\""), "{fixed}");
}

/// An agent's `mcpServers` (Claude Code 2.1.332, json-oracle FACTS.md "Agent frontmatter
/// mcpServers"): a name no configuration defines, an inline server that is not valid, an item
/// with two servers; a configured name and a valid inline server are fine.
#[test]
fn an_agents_mcp_servers_as_claude_code_reads_them() {
    let (_dir, root, home) = project_with_server("alpha");
    write(
        &root,
        ".claude/agents/reviewer.md",
        "---\nname: reviewer\ndescription: Reviews code. Use when asked for a review.\nmcpServers:\n  - alpha\n  - alpa\n  - beta:\n      command: 42\n  - gamma:\n      command: gamma-mcp\n    delta:\n      command: delta-mcp\n  - local:\n      command: sh\n      args: [\"-c\", \"serve\"]\n---\nReview the change.\n",
    );
    let found: Vec<(u64, String)> = check_json(&[&root], &[], Some(&home))
        .iter()
        .filter(|d| d["path"].as_str().unwrap().ends_with("reviewer.md"))
        .map(|d| {
            (
                d["range"]["start"]["line"].as_u64().unwrap(),
                d["code"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            (6, "unknown-mcp-server".to_string()),
            (7, "config-entry-skipped".to_string()),
            (9, "config-entry-skipped".to_string()),
        ]
    );
}
