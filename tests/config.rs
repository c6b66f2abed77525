//! `agent-ls.toml` and inline suppressions, through `check` and through the protocol.

mod common;

use std::path::Path;
use std::process::{Command, Output};

use common::*;
use serde_json::{Value, json};

fn write(root: &Path, rel: &str, text: &str) {
    let p = root.join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, text).unwrap();
}

fn check(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_agent-ls"))
        .env("NO_COLOR", "1")
        .current_dir(dir)
        .arg("check")
        .args(args)
        .output()
        .expect("run agent-ls")
}

fn findings(out: &Output) -> Vec<(String, String, String)> {
    let v: Value = serde_json::from_slice(&out.stdout).expect("json output");
    v.as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["path"].as_str().unwrap().to_string(),
                d["code"].as_str().unwrap().to_string(),
                d["severity"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

const AGENT: &str = "---\nname: a\ndescription: Reviews code.\ntools: Read, MyTool, mcp__corp__x\nmodel: corp-model\ncolor: teal\n---\nBody\n";

/// A repository with a config at its root, an agent in `.claude/agents` and one in a plugin.
fn repo(config: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join(".git")).unwrap();
    write(dir.path(), "agent-ls.toml", config);
    write(dir.path(), ".claude/agents/a.md", AGENT);
    write(dir.path(), "plugins/p/agents/a.md", AGENT);
    dir
}

#[test]
fn levels_overrides_and_known_names() {
    let dir = repo(
        r#"
[rules]
unknown-color = "error"

[[overrides]]
files = ["plugins/**/*.md"]
rules = { unknown-color = "off", unknown-tool = "hint" }

[known]
tools = ["MyTool"]
models = ["corp-model"]
mcp-servers = ["corp"]
"#,
    );
    let out = check(dir.path(), &["--format", "json", "--hints", "."]);
    let got = findings(&out);
    // the configured error fails the run; the plugin has the rule off
    assert_eq!(out.status.code(), Some(1));
    let codes: Vec<(&str, &str, &str)> = got
        .iter()
        .map(|(p, c, s)| (p.as_str(), c.as_str(), s.as_str()))
        .filter(|(_, c, _)| *c != "no-examples")
        .collect();
    assert_eq!(
        codes,
        [("./.claude/agents/a.md", "unknown-color", "error")],
        "MyTool, corp-model and mcp__corp are known; teal is off in plugins"
    );
    // without the config, the same files raise every one of them
    std::fs::remove_file(dir.path().join("agent-ls.toml")).unwrap();
    let out = check(dir.path(), &["--format", "json", "."]);
    let mut codes: Vec<String> = findings(&out).into_iter().map(|f| f.1).collect();
    codes.sort();
    codes.dedup();
    assert_eq!(codes, ["unknown-color", "unknown-model", "unknown-tool"]);
}

#[test]
fn config_mistakes_are_reported_on_their_characters() {
    let dir = repo("[rules]\nunknown-tol = \"off\"\nname-style = \"loud\"\n");
    let out = check(dir.path(), &["."]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(2), "{stdout}");
    assert!(
        stdout.contains(
            "./agent-ls.toml:2:1: error[invalid-config]: unknown rule code `unknown-tol`: did you mean `unknown-tool`?"
        ),
        "{stdout}"
    );
    assert!(
        stdout.contains("./agent-ls.toml:3:14: error[invalid-config]: unknown level `loud`"),
        "{stdout}"
    );
    // a TOML syntax error, and a setting that does not exist
    let dir = repo("[rules\n");
    let out = check(dir.path(), &["."]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("./agent-ls.toml:1:"),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let dir = repo("[[overrides]]\nfiles = [\"a/[b\"]\nrules = { name-style = \"off\" }\n");
    let out = check(dir.path(), &["."]);
    assert_eq!(out.status.code(), Some(2));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("./agent-ls.toml:2:10: error[invalid-config]: bad glob `a/[b`"),
        "{stdout}"
    );
    let dir = repo("[known]\nagents = [\"x\"]\n");
    let out = check(dir.path(), &["."]);
    assert_eq!(out.status.code(), Some(2));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains(
            "./agent-ls.toml:2:1: error[invalid-config]: agent-ls.toml: unknown field `agents`"
        ),
        "{stdout}"
    );
}

#[test]
fn the_nearest_config_applies_and_the_search_stops_at_the_repository() {
    let outer = tempfile::tempdir().unwrap();
    write(
        outer.path(),
        "agent-ls.toml",
        "[rules]\nunknown-color = \"off\"\n",
    );
    let repo = outer.path().join("repo");
    std::fs::create_dir_all(repo.join(".git")).unwrap();
    write(&repo, ".claude/agents/a.md", AGENT);
    write(
        &repo,
        "sub/agent-ls.toml",
        "[rules]\nunknown-tool = \"off\"\n",
    );
    write(&repo, "sub/agents/b.md", AGENT);
    let out = check(&repo, &["--format", "json", "."]);
    let got: Vec<(String, String)> = findings(&out)
        .into_iter()
        .map(|(p, c, _)| (p, c))
        .filter(|(_, c)| c == "unknown-color" || c == "unknown-tool")
        .collect();
    assert!(
        got.contains(&("./.claude/agents/a.md".into(), "unknown-color".into())),
        "the config above the repository does not apply: {got:?}"
    );
    assert!(
        !got.contains(&("./sub/agents/b.md".into(), "unknown-tool".into())),
        "{got:?}"
    );
    assert!(
        got.contains(&("./sub/agents/b.md".into(), "unknown-color".into())),
        "{got:?}"
    );
}

#[test]
fn inline_suppressions_and_the_flag_that_ignores_them() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        ".claude/agents/a.md",
        "---\nname: a\ndescription: Reviews code.\n# agent-ls-disable-next-line unknown-tool\ntools: Read, Reed\n# agent-ls-disable-next-line unknown-model\ncolor: teal\n---\n<!-- agent-ls-disable unknown-color -->\nBody\n",
    );
    let out = check(dir.path(), &["--format", "json", "."]);
    let codes: Vec<String> = findings(&out).into_iter().map(|f| f.1).collect();
    assert_eq!(
        codes,
        ["unused-suppression"],
        "only the one that hides nothing"
    );
    let out = check(
        dir.path(),
        &["--format", "json", "--no-inline-suppressions", "."],
    );
    let codes: Vec<String> = findings(&out).into_iter().map(|f| f.1).collect();
    assert_eq!(codes, ["unknown-tool", "unknown-color"]);
}

fn start_in(root: &Path) -> Client {
    let mut c = Client::spawn();
    let uri = format!("file://{}", root.display());
    c.request(
        "initialize",
        json!({
            "processId": null,
            "rootUri": uri,
            "workspaceFolders": [{ "uri": uri, "name": "r" }],
            "capabilities": {}
        }),
    );
    c.notify("initialized", json!({}));
    c.wait_indexed();
    c
}

fn published(c: &mut Client, uri: &str, pred: impl Fn(&[Value]) -> bool) -> Vec<Value> {
    let m = c.wait_for(|m| {
        m["method"] == "textDocument/publishDiagnostics"
            && m["params"]["uri"] == uri
            && m["params"]["diagnostics"]
                .as_array()
                .is_some_and(|d| pred(d))
    });
    m["params"]["diagnostics"].as_array().cloned().unwrap()
}

#[test]
fn the_server_reads_the_config_reports_its_mistakes_and_reloads_it() {
    let dir = repo("[rules]\nunknown-color = \"off\"\nunknown-tol = \"off\"\n");
    let root = dir.path().canonicalize().unwrap();
    let mut c = start_in(&root);
    let agent = format!("file://{}", root.join(".claude/agents/a.md").display());
    let config = format!("file://{}", root.join("agent-ls.toml").display());
    c.open(&agent, AGENT);
    let d = c.diagnostics(&agent, 1);
    assert!(with_code(&d, "unknown-color").is_empty(), "{d:#?}");
    assert_eq!(with_code(&d, "unknown-tool").len(), 1, "{d:#?}");
    let problems = published(&mut c, &config, |d| !d.is_empty());
    assert_eq!(problems.len(), 1);
    assert_eq!(problems[0]["code"], "invalid-config");
    assert_eq!(
        problems[0]["range"],
        json!({ "start": { "line": 2, "character": 0 }, "end": { "line": 2, "character": 11 } })
    );
    // fixed on disk: the problems are cleared and the new levels apply
    write(&root, "agent-ls.toml", "[rules]\nunknown-tool = \"off\"\n");
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [{ "uri": config, "type": 2 }] }),
    );
    published(&mut c, &config, |d| d.is_empty());
    let d = published(&mut c, &agent, |d| {
        d.iter().any(|x| x["code"] == "unknown-color")
    });
    assert!(with_code(&d, "unknown-tool").is_empty(), "{d:#?}");
}

#[test]
fn a_quick_fix_inserts_a_suppression() {
    let (mut c, _) = Client::start(json!({}));
    let uri = agent_uri("a.md");
    let text = "---\nname: a\ndescription: b\ntools:\n  - Reed\n---\nBody\n";
    c.open(&uri, text);
    c.diagnostics(&uri, 1);
    let (l, ch) = find_pos(text, "Reed", 0);
    let actions = c.code_actions(&uri, (l, ch, l, ch + 4), None);
    let action = actions
        .iter()
        .find(|a| a["title"] == "Suppress `unknown-tool` here")
        .unwrap_or_else(|| panic!("{actions:#?}"));
    let edits = action["edit"]["changes"][&uri].as_array().unwrap();
    let fixed = apply_edits(text, edits);
    assert_eq!(
        fixed,
        "---\nname: a\ndescription: b\n# agent-ls-disable-next-line unknown-tool\ntools:\n  - Reed\n---\nBody\n"
    );
    c.change(&uri, 2, json!([{ "text": fixed }]));
    let d = c.diagnostics(&uri, 2);
    assert!(with_code(&d, "unknown-tool").is_empty(), "{d:#?}");
    assert!(with_code(&d, "unused-suppression").is_empty(), "{d:#?}");
}
