//! Workspace knowledge through the protocol: the background index, diagnostics across files,
//! navigation, rename, workspace symbols and `.mcp.json`.

mod common;

use std::path::Path;

use common::*;
use serde_json::{Value, json};

fn write(root: &Path, rel: &str, text: &str) {
    let p = root.join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, text).unwrap();
}

fn uri(p: &Path) -> String {
    format!("file://{}", p.display())
}

const LEAD: &str = "---
name: lead
description: \"Use this agent to plan. <example>Context: a feature. user: 'Plan it' assistant: 'I will hand the work to the worker agent' </example>\"
tools: Read, Agent(worker, helper), mcp__github__create_issue, mcp__gitlab
skills: deploy
---
Split the work and delegate to `worker`. A worker is any helper.
";

const WORKER: &str = "---\nname: worker\ndescription: Does the work.\n---\nWork.\n";

struct Ws {
    _dir: tempfile::TempDir,
    root: std::path::PathBuf,
    home: std::path::PathBuf,
}

fn workspace() -> Ws {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("proj");
    let home = dir.path().join("home");
    write(&root, ".claude/agents/lead.md", LEAD);
    write(&root, ".claude/agents/worker.md", WORKER);
    write(
        &root,
        ".claude/agents/dup-a.md",
        "---\nname: twin\ndescription: A.\n---\nA.\n",
    );
    write(
        &root,
        ".claude/agents/dup-b.md",
        "---\nname: twin\ndescription: B.\n---\nB.\n",
    );
    write(
        &root,
        ".mcp.json",
        r#"{ "mcpServers": { "github": { "command": "gh-mcp" } } }"#,
    );
    write(
        &root,
        ".claude/skills/deploy/SKILL.md",
        "---\nname: deploy\ndescription: Deploys.\n---\n",
    );
    write(&home, ".claude/agents/worker.md", WORKER);
    Ws {
        _dir: dir,
        root,
        home,
    }
}

fn start(ws: &Ws) -> Client {
    start_indexed(ws, "indexed 6 agent files (5 agents, 1 skill)")
}

/// Starts the server on `ws` and waits for its index, whose log line holds `indexed`.
fn start_indexed(ws: &Ws, indexed: &str) -> Client {
    let mut c = Client::spawn_with(&[("HOME", ws.home.to_str().unwrap())]);
    let r = c.request(
        "initialize",
        json!({
            "processId": null,
            "rootUri": uri(&ws.root),
            "workspaceFolders": [{ "uri": uri(&ws.root), "name": "proj" }],
            "capabilities": {
                "workspace": { "workspaceEdit": { "documentChanges": true, "resourceOperations": ["rename"] } },
                "textDocument": { "publishDiagnostics": { "relatedInformation": true } }
            }
        }),
    );
    for cap in [
        "definitionProvider",
        "referencesProvider",
        "workspaceSymbolProvider",
    ] {
        assert_eq!(r["capabilities"][cap], true, "{cap}");
    }
    assert_eq!(r["capabilities"]["renameProvider"]["prepareProvider"], true);
    c.notify("initialized", json!({}));
    let log = c.wait_indexed();
    assert!(log.contains(indexed), "{log}");
    c
}

fn pos_of(text: &str, needle: &str, n: usize) -> Value {
    let (l, ch) = find_pos(text, needle, n);
    json!({ "line": l, "character": ch + 1 })
}

#[test]
fn duplicate_names_and_shadowing_across_files() {
    let ws = workspace();
    let mut c = start(&ws);
    let a = ws.root.join(".claude/agents/dup-a.md");
    c.open(&uri(&a), &std::fs::read_to_string(&a).unwrap());
    let d = c.diagnostics(&uri(&a), 1);
    let dup = with_code(&d, "duplicate-agent-name");
    assert_eq!(dup.len(), 1, "{d:#?}");
    assert!(dup[0]["message"].as_str().unwrap().contains("dup-b.md"));
    let rel = &dup[0]["relatedInformation"][0]["location"];
    assert_eq!(rel["uri"], uri(&ws.root.join(".claude/agents/dup-b.md")));
    assert_eq!(
        rel["range"],
        json!({ "start": { "line": 1, "character": 6 }, "end": { "line": 1, "character": 10 } })
    );
    assert_eq!(
        dup[0]["range"],
        json!({ "start": { "line": 1, "character": 6 }, "end": { "line": 1, "character": 10 } })
    );
    // the project worker shadows the user's worker
    let w = ws.root.join(".claude/agents/worker.md");
    c.open(&uri(&w), WORKER);
    let d = c.diagnostics(&uri(&w), 1);
    let sh = with_code(&d, "shadowed-agent");
    assert_eq!(sh.len(), 1, "{d:#?}");
    assert!(
        sh[0]["message"]
            .as_str()
            .unwrap()
            .contains(ws.home.to_str().unwrap())
    );
    // renaming dup-a in the editor clears the duplicate, live
    c.change(&uri(&a), 2, json!([{ "range": { "start": { "line": 1, "character": 6 }, "end": { "line": 1, "character": 10 } }, "text": "single" }]));
    assert!(with_code(&c.diagnostics(&uri(&a), 2), "duplicate-agent-name").is_empty());
}

/// An edit that changes what other files are told (a name) publishes the edited file first, then
/// the other open files: with many open, the file being typed in does not wait for them.
#[test]
fn a_name_edit_publishes_the_edited_file_before_the_others() {
    let ws = workspace();
    let mut c = start(&ws);
    let a = ws.root.join(".claude/agents/dup-a.md");
    let b = ws.root.join(".claude/agents/dup-b.md");
    let others = [
        b.clone(),
        ws.root.join(".claude/agents/lead.md"),
        ws.root.join(".claude/agents/worker.md"),
        ws.root.join(".claude/skills/deploy/SKILL.md"),
    ];
    for p in others.iter().chain([&a]) {
        c.open(&uri(p), &std::fs::read_to_string(p).unwrap());
        c.diagnostics(&uri(p), 1);
    }
    for round in 0..6 {
        c.backlog.clear();
        let v = 2 + round;
        let name = if round % 2 == 0 { "single" } else { "twin" };
        c.change(
            &uri(&a),
            v,
            json!([{ "text": format!("---\nname: {name}\ndescription: A.\n---\nA.\n") }]),
        );
        let first = c.wait_for(|m| m["method"] == "textDocument/publishDiagnostics");
        assert_eq!(first["params"]["uri"], uri(&a), "round {round}: {first}");
        assert_eq!(first["params"]["version"], v);
        // then each other file, once; the one with the same name is told
        for p in &others {
            let told = c.wait_for(|m| {
                m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri(p)
            });
            if p == &b {
                let dup = with_code(
                    told["params"]["diagnostics"].as_array().unwrap(),
                    "duplicate-agent-name",
                );
                assert_eq!(
                    dup.len(),
                    usize::from(name == "twin"),
                    "round {round}: {told}"
                );
            }
        }
    }
}

#[test]
fn watched_files_keep_the_index_current() {
    let ws = workspace();
    let mut c = start(&ws);
    let a = ws.root.join(".claude/agents/dup-a.md");
    let text = std::fs::read_to_string(&a).unwrap();
    c.open(&uri(&a), &text);
    c.diagnostics(&uri(&a), 1);
    std::fs::remove_file(ws.root.join(".claude/agents/dup-b.md")).unwrap();
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [{ "uri": uri(&ws.root.join(".claude/agents/dup-b.md")), "type": 3 }] }),
    );
    let m = c.wait_for(|m| {
        m["method"] == "textDocument/publishDiagnostics"
            && m["params"]["uri"] == uri(&a)
            && m["params"]["diagnostics"]
                .as_array()
                .is_some_and(|d| d.iter().all(|d| d["code"] != "duplicate-agent-name"))
    });
    assert_eq!(m["params"]["version"], 1);
    write(
        &ws.root,
        ".claude/agents/third.md",
        "---\nname: twin\ndescription: C.\n---\nC.\n",
    );
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [{ "uri": uri(&ws.root.join(".claude/agents/third.md")), "type": 1 }] }),
    );
    let m = c.wait_for(|m| {
        m["method"] == "textDocument/publishDiagnostics"
            && m["params"]["uri"] == uri(&a)
            && m["params"]["diagnostics"]
                .as_array()
                .is_some_and(|d| d.iter().any(|d| d["code"] == "duplicate-agent-name"))
    });
    assert!(m["params"]["diagnostics"].to_string().contains("third.md"));
}

/// A request whose answer waits for the disk (references read the files of the index on the
/// blocking pool) is still running when the `$/cancelRequest` written with it is read: it is
/// answered as cancelled, once, and the next one is answered in full.
#[test]
fn a_request_still_running_is_cancelled() {
    let ws = workspace();
    for i in 0..400 {
        write(
            &ws.root,
            &format!(".claude/agents/caller-{i}.md"),
            &format!(
                "---\nname: caller-{i}\ndescription: Calls.\ntools: Agent(worker)\n---\nAsk `worker`.\n"
            ),
        );
    }
    let mut c = start_indexed(&ws, "indexed 406 agent files (405 agents, 1 skill)");
    let w = ws.root.join(".claude/agents/worker.md");
    c.open(&uri(&w), WORKER);
    c.diagnostics(&uri(&w), 1);
    let params = json!({ "textDocument": { "uri": uri(&w) }, "position": { "line": 1, "character": 7 }, "context": { "includeDeclaration": false } });
    let burst: Vec<u8> = [
        json!({ "jsonrpc": "2.0", "id": "refs", "method": "textDocument/references", "params": params }),
        json!({ "jsonrpc": "2.0", "method": "$/cancelRequest", "params": { "id": "refs" } }),
    ]
    .iter()
    .flat_map(|m| frame(&m.to_string()))
    .collect();
    c.send_raw(&burst);
    let cancelled = c.wait_for(|m| m["id"] == "refs");
    assert_eq!(cancelled["error"]["code"], -32800, "{cancelled}");
    let refs = c.request("textDocument/references", params);
    assert_eq!(
        refs.as_array().map(Vec::len),
        Some(803),
        "two in each caller, three in lead"
    );
    let seen = c.backlog.iter().filter(|m| m["id"] == "refs").count();
    assert_eq!(seen, 0, "answered once: {:?}", c.backlog);
}

#[test]
fn definition_references_and_skills() {
    let ws = workspace();
    let mut c = start(&ws);
    let lead = ws.root.join(".claude/agents/lead.md");
    c.open(&uri(&lead), LEAD);
    c.diagnostics(&uri(&lead), 1);
    let defs = c.request("textDocument/definition", json!({ "textDocument": { "uri": uri(&lead) }, "position": pos_of(LEAD, "worker, helper", 0) }));
    let targets: Vec<_> = defs
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["uri"].as_str().unwrap().to_string())
        .collect();
    assert!(
        targets.contains(&uri(&ws.root.join(".claude/agents/worker.md"))),
        "{targets:?}"
    );
    assert_eq!(defs[0]["range"]["start"]["line"], 1);
    // skills: to SKILL.md
    let skill = c.request(
        "textDocument/definition",
        json!({ "textDocument": { "uri": uri(&lead) }, "position": pos_of(LEAD, "deploy", 0) }),
    );
    assert_eq!(
        skill[0]["uri"],
        uri(&ws.root.join(".claude/skills/deploy/SKILL.md"))
    );
    // references to worker, from its own name
    let w = ws.root.join(".claude/agents/worker.md");
    c.open(&uri(&w), WORKER);
    c.diagnostics(&uri(&w), 1);
    let refs = c.request(
        "textDocument/references",
        json!({ "textDocument": { "uri": uri(&w) }, "position": { "line": 1, "character": 7 }, "context": { "includeDeclaration": false } }),
    );
    let in_lead: Vec<_> = refs
        .as_array()
        .unwrap()
        .iter()
        .filter(|l| l["uri"] == uri(&lead))
        .map(|l| l["range"].clone())
        .collect();
    assert_eq!(
        in_lead.len(),
        3,
        "Agent(...), the example's assistant turn, the backticked body name: {refs:#}"
    );
    assert!(
        in_lead.contains(&range_of(LEAD, "worker", 2)),
        "`worker` in the body"
    );
    assert!(
        !in_lead.contains(&range_of(LEAD, "worker", 3)),
        "an unquoted `worker` in prose is not a reference"
    );
    assert!(
        refs.as_array()
            .unwrap()
            .iter()
            .all(|l| !(l["uri"] == uri(&w) && l["range"]["start"]["line"] == 1)),
        "no declaration"
    );
}

#[test]
fn rename_an_agent_everywhere() {
    let ws = workspace();
    let mut c = start(&ws);
    let w = ws.root.join(".claude/agents/worker.md");
    c.open(&uri(&w), WORKER);
    c.diagnostics(&uri(&w), 1);
    let prep = c.request(
        "textDocument/prepareRename",
        json!({ "textDocument": { "uri": uri(&w) }, "position": { "line": 1, "character": 8 } }),
    );
    assert_eq!(
        prep,
        json!({ "start": { "line": 1, "character": 6 }, "end": { "line": 1, "character": 12 } })
    );
    let bad = c.request_raw("textDocument/rename", json!({ "textDocument": { "uri": uri(&w) }, "position": { "line": 1, "character": 8 }, "newName": "Not Valid" }));
    assert_eq!(bad["error"]["code"], -32602);
    let edit = c.request("textDocument/rename", json!({ "textDocument": { "uri": uri(&w) }, "position": { "line": 1, "character": 8 }, "newName": "builder" }));
    let ops = edit["documentChanges"].as_array().unwrap();
    let lead_edit = ops
        .iter()
        .find(|o| o["textDocument"]["uri"] == uri(&ws.root.join(".claude/agents/lead.md")))
        .unwrap();
    let renamed = apply_edits(LEAD, lead_edit["edits"].as_array().unwrap());
    assert!(
        renamed.contains("Agent(builder, helper)")
            && renamed.contains("the builder agent")
            && renamed.contains("`builder`"),
        "{renamed}"
    );
    assert!(
        renamed.contains("A worker is any helper"),
        "prose untouched"
    );
    let own = ops
        .iter()
        .find(|o| o["textDocument"]["uri"] == uri(&w))
        .unwrap();
    assert_eq!(
        own["textDocument"]["version"], 1,
        "open documents are versioned"
    );
    assert_eq!(
        apply_edits(WORKER, own["edits"].as_array().unwrap()),
        WORKER.replace("name: worker", "name: builder")
    );
    let file = ops
        .iter()
        .find(|o| o["kind"] == "rename" && o["oldUri"] == uri(&w))
        .expect("file rename");
    assert_eq!(
        file["newUri"],
        uri(&ws.root.join(".claude/agents/builder.md"))
    );
    let last_edit = ops
        .iter()
        .rposition(|o| o.get("textDocument").is_some())
        .unwrap();
    let first_rename = ops.iter().position(|o| o["kind"] == "rename").unwrap();
    assert!(
        last_edit < first_rename,
        "edits come before the renames that move their files"
    );
}

#[test]
fn workspace_symbols_and_mcp_servers() {
    let ws = workspace();
    let mut c = start(&ws);
    let syms = c.request("workspace/symbol", json!({ "query": "plan" }));
    let names: Vec<_> = syms
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["lead"]);
    assert_eq!(
        syms[0]["location"]["uri"],
        uri(&ws.root.join(".claude/agents/lead.md"))
    );
    let lead = ws.root.join(".claude/agents/lead.md");
    c.open(&uri(&lead), LEAD);
    let d = c.diagnostics(&uri(&lead), 1);
    let mcp = with_code(&d, "unknown-mcp-server");
    assert_eq!(mcp.len(), 1, "{d:#?}");
    assert_eq!(mcp[0]["range"], range_of(LEAD, "gitlab", 0));
    assert!(
        mcp[0]["message"]
            .as_str()
            .unwrap()
            .contains("did you mean `github`?"),
        "{}",
        mcp[0]["message"]
    );
    let (l, ch) = find_pos(LEAD, "mcp__gitlab", 0);
    let items = c.completion(&uri(&lead), l, ch + 5);
    assert!(
        items.iter().any(|i| i["label"] == "mcp__github"),
        "{items:#?}"
    );
}

#[test]
fn corpus_workspace_indexes_in_the_background() {
    let corpus =
        std::fs::canonicalize(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus")).unwrap();
    let home = tempfile::tempdir().unwrap();
    let mut c = Client::spawn_with(&[("HOME", home.path().to_str().unwrap())]);
    c.request("initialize", json!({ "processId": null, "rootUri": uri(&corpus), "capabilities": { "textDocument": { "publishDiagnostics": { "relatedInformation": true } } } }));
    c.notify("initialized", json!({}));
    let seed = corpus.join("seeds/seed-0-backend-architect.md");
    c.open(&uri(&seed), &std::fs::read_to_string(&seed).unwrap());
    // the first diagnostics come without waiting for the index
    c.diagnostics(&uri(&seed), 1);
    let log = c.wait_indexed();
    assert!(
        log.contains("indexed 651 agent files (365 agents, 181 skills, 105 slash commands)"),
        "{log}"
    );
    let m = c.wait_for(|m| {
        m["method"] == "textDocument/publishDiagnostics"
            && m["params"]["uri"] == uri(&seed)
            && m["params"]["diagnostics"]
                .as_array()
                .is_some_and(|d| d.iter().any(|d| d["code"] == "duplicate-agent-name"))
    });
    let dups: Vec<_> = m["params"]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "duplicate-agent-name")
        .collect();
    assert_eq!(
        dups.len(),
        1,
        "one diagnostic naming the other files: {dups:#?}"
    );
    let msg = dups[0]["message"].as_str().unwrap();
    assert!(
        msg.contains("seed-1-backend-architect.md") && msg.contains("seed-2-backend-architect.md"),
        "{msg}"
    );
    let related: Vec<_> = dups[0]["relatedInformation"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["location"]["uri"].as_str().unwrap().to_string())
        .collect();
    for i in 1..5 {
        assert!(
            related.contains(&uri(
                &corpus.join(format!("seeds/seed-{i}-backend-architect.md"))
            )),
            "{related:?}"
        );
    }
}

/// A hostile workspace: a FIFO named like an agent file, a huge sparse file and a symlink loop,
/// announced as watched-file changes, and an indexed agent file swapped for a FIFO behind the
/// server's back. None of it may block the protocol loop: the next document still gets its
/// diagnostics and every request is answered.
#[cfg(unix)]
#[test]
fn hostile_files_block_nothing() {
    let ws = workspace();
    let mut c = start(&ws);
    let agents = ws.root.join(".claude/agents");
    let fifo = agents.join("x.md");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    let huge = agents.join("huge.md");
    let f = std::fs::File::create(&huge).unwrap();
    f.set_len(4 << 30).unwrap(); // 4 GiB, sparse
    std::os::unix::fs::symlink(agents.join("loop-b.md"), agents.join("loop-a.md")).unwrap();
    std::os::unix::fs::symlink(agents.join("loop-a.md"), agents.join("loop-b.md")).unwrap();
    // the worker's file, indexed at start, is now a FIFO nobody writes to
    let worker = agents.join("worker.md");
    std::fs::remove_file(&worker).unwrap();
    let made = std::process::Command::new("mkfifo")
        .arg(&worker)
        .status()
        .unwrap();
    assert!(made.success());
    let changes: Vec<Value> = ["x.md", "huge.md", "loop-a.md", "loop-b.md"]
        .iter()
        .map(|n| json!({ "uri": uri(&agents.join(n)), "type": 1 }))
        .collect();
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": changes }),
    );

    let other = ws.root.join(".claude/agents/new.md");
    let text = "---\nname: new\ndescription: D.\ntools: Reed\n---\nBody.\n";
    c.open(&uri(&other), text);
    let d = c.diagnostics(&uri(&other), 1);
    assert_eq!(with_code(&d, "unknown-tool").len(), 1, "{d:#?}");

    // references read every indexed file: the FIFO is skipped, not waited on
    let lead = ws.root.join(".claude/agents/lead.md");
    let lead_text = std::fs::read_to_string(&lead).unwrap();
    c.open(&uri(&lead), &lead_text);
    c.diagnostics(&uri(&lead), 1);
    let refs = c.request(
        "textDocument/references",
        json!({
            "textDocument": { "uri": uri(&lead) },
            "position": pos_of(&lead_text, "worker", 1),
            "context": { "includeDeclaration": true }
        }),
    );
    let files: Vec<&str> = refs
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|l| l["uri"].as_str())
        .collect();
    assert!(!files.contains(&uri(&worker).as_str()), "{files:?}");
    let home_worker = uri(&ws.home.join(".claude/agents/worker.md"));
    assert!(files.contains(&home_worker.as_str()), "{files:?}");
    assert!(files.contains(&uri(&lead).as_str()), "{files:?}");
    let symbols = c.request("workspace/symbol", json!({ "query": "" }));
    let names: Vec<&str> = symbols
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|s| s["name"].as_str())
        .collect();
    assert!(names.contains(&"lead"), "{names:?}");
    assert!(!names.contains(&"x"), "{names:?}");
}

/// A client opens its document right after `initialized`: the index waits until that document's
/// first diagnostics are out (they do not share the machine with it), then runs and re-checks it.
#[test]
fn the_index_starts_after_the_first_document_is_published() {
    let ws = workspace();
    let mut c = Client::spawn_with(&[("HOME", ws.home.to_str().unwrap())]);
    c.request(
        "initialize",
        json!({ "processId": null, "rootUri": uri(&ws.root), "capabilities": {} }),
    );
    c.notify("initialized", json!({}));
    let lead = uri(&ws.root.join(".claude/agents/lead.md"));
    c.open(&lead, LEAD);
    c.diagnostics(&lead, 1);
    let early: Vec<_> = c
        .backlog
        .iter()
        .filter(|m| {
            m["params"]["message"]
                .as_str()
                .is_some_and(|s| s.contains("indexed"))
        })
        .collect();
    assert!(
        early.is_empty(),
        "indexed before the first publish: {early:#?}"
    );
    let log = c.wait_indexed();
    assert!(
        log.contains("indexed 6 agent files (5 agents, 1 skill)"),
        "{log}"
    );
    // and the document is checked again against the index
    c.diagnostics(&lead, 1);
}

/// A hook's script created on disk, a marketplace declared in the local settings: the open
/// settings file's findings go as the watcher reports the files.
#[cfg(unix)]
#[test]
fn watched_scripts_and_settings_update_the_settings_findings() {
    use std::os::unix::fs::PermissionsExt;
    let ws = workspace();
    let mut c = start(&ws);
    let settings = ws.root.join(".claude/settings.json");
    let text = "{\n  \"hooks\": {\"Stop\": [{\"hooks\": [{\"type\": \"command\", \"command\": \".claude/hooks/done.sh\"}]}]},\n  \"enabledPlugins\": {\"fmt@team-tools\": true}\n}\n";
    write(&ws.root, ".claude/settings.json", text);
    c.open(&uri(&settings), text);
    let codes = |m: &Value| -> Vec<String> {
        m["params"]["diagnostics"]
            .as_array()
            .map(|d| {
                d.iter()
                    .map(|d| d["code"].as_str().unwrap_or("").to_string())
                    .collect()
            })
            .unwrap_or_default()
    };
    let m = c.wait_for(|m| {
        m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri(&settings)
    });
    assert_eq!(
        codes(&m),
        ["hook-script-missing", "unknown-marketplace"],
        "{m}"
    );
    let script = ws.root.join(".claude/hooks/done.sh");
    write(&ws.root, ".claude/hooks/done.sh", "#!/bin/sh\n");
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [{ "uri": uri(&script), "type": 1 }] }),
    );
    c.wait_for(|m| {
        m["method"] == "textDocument/publishDiagnostics"
            && m["params"]["uri"] == uri(&settings)
            && codes(m) == ["unknown-marketplace"]
    });
    let local = ws.root.join(".claude/settings.local.json");
    write(
        &ws.root,
        ".claude/settings.local.json",
        r#"{"extraKnownMarketplaces": {"team-tools": {"source": {"source": "github", "repo": "o/r"}}}}"#,
    );
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [{ "uri": uri(&local), "type": 1 }] }),
    );
    c.wait_for(|m| {
        m["method"] == "textDocument/publishDiagnostics"
            && m["params"]["uri"] == uri(&settings)
            && codes(m).is_empty()
    });
}
