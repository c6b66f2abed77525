//! The big workspace: time to a complete index, memory after it, and the workspace-wide
//! features (rename of a skill listed by 1,000 agents, go to definition, workspace symbols).

use std::path::Path;
use std::time::Duration;

use serde_json::{Value, json};

use crate::fixtures::BigWorkspace;
use crate::lsp::{Server, Stats, uri_of};

/// How long a server may take to index the big workspace.
pub const INDEX_TIMEOUT: Duration = Duration::from_secs(120);
/// The log message (its start) with which agent-ls says that its index is complete.
pub const INDEXED: &str = "agent-ls: indexed";

pub const RENAMES: usize = 5;
pub const DEFINITIONS: usize = 50;
pub const SYMBOLS: usize = 20;
pub const SYMBOL_QUERY: &str = "skill-0001";

/// One workspace feature of one server.
#[derive(Default)]
pub struct Feature {
    /// The server advertised it.
    pub supported: bool,
    pub stats: Stats,
    /// What the last answer held, in words.
    pub answer: String,
    /// Agents the rename edits, symbols answered.
    pub count: Option<usize>,
}

pub struct WorkspaceReport {
    pub name: String,
    pub init_ms: f64,
    /// `None`: the server gives no sign of an index (or it did not finish in time: `index_note`).
    pub index_ms: Option<f64>,
    pub index_note: String,
    pub rss_kb: u64,
    pub rename: Feature,
    pub definition: Feature,
    pub symbols: Feature,
}

pub fn bench_workspace(name: &str, cmd: &str, root: &Path, big: &BigWorkspace) -> WorkspaceReport {
    let mut s = Server::start(cmd, root);
    let init_ms = s.init_ms;
    let (index_ms, index_note) = if s.info_name == "agent-ls" {
        let m = s.wait_for(
            |m| {
                m["method"] == "window/logMessage"
                    && m["params"]["message"]
                        .as_str()
                        .is_some_and(|t| t.starts_with(INDEXED))
            },
            INDEX_TIMEOUT,
        );
        match m {
            Some(m) => (
                Some(s.initialized_at.elapsed().as_secs_f64() * 1000.0),
                m["params"]["message"].as_str().unwrap_or("").to_string(),
            ),
            None => (
                None,
                format!(
                    "timeout: no `{INDEXED}` within {} s",
                    INDEX_TIMEOUT.as_secs()
                ),
            ),
        }
    } else {
        (None, "n/a: no index completion observable".to_string())
    };
    std::thread::sleep(Duration::from_millis(500));
    let rss_kb = s.rss_kb();

    let mut rename = Feature::default();
    if s.supports("renameProvider") {
        rename.supported = true;
        let uri = uri_of(&big.skill);
        open(&mut s, &uri, &big.skill);
        let (line, character) = big.skill_name_at;
        let mut last = Value::Null;
        for _ in 0..RENAMES {
            let (r, d) = s.timed(
                "textDocument/rename",
                json!({ "textDocument": { "uri": uri }, "position": { "line": line, "character": character }, "newName": "skill-renamed" }),
            );
            rename.stats.push(d);
            last = r;
        }
        let (answer, agents) = describe_edit(&last);
        rename.answer = answer;
        rename.count = agents;
    }

    let mut definition = Feature::default();
    if s.supports("definitionProvider") {
        definition.supported = true;
        let uri = uri_of(&big.agent);
        open(&mut s, &uri, &big.agent);
        let (line, character) = big.agent_skill_at;
        let mut last = Value::Null;
        for _ in 0..DEFINITIONS {
            let (r, d) = s.timed(
                "textDocument/definition",
                json!({ "textDocument": { "uri": uri }, "position": { "line": line, "character": character } }),
            );
            definition.stats.push(d);
            last = r;
        }
        definition.answer = describe_locations(&last, root);
    }

    let mut symbols = Feature::default();
    if s.supports("workspaceSymbolProvider") {
        symbols.supported = true;
        let mut last = Value::Null;
        for _ in 0..SYMBOLS {
            let (r, d) = s.timed("workspace/symbol", json!({ "query": SYMBOL_QUERY }));
            symbols.stats.push(d);
            last = r;
        }
        symbols.count = last["result"].as_array().map(Vec::len);
        symbols.answer = answer_or(&last, || match symbols.count {
            Some(n) => format!("{n} symbols"),
            None => "null".into(),
        });
    }
    s.stop();
    WorkspaceReport {
        name: name.to_string(),
        init_ms,
        index_ms,
        index_note,
        rss_kb,
        rename,
        definition,
        symbols,
    }
}

/// Opens a file of the workspace and waits for its diagnostics (or gives up after the timeout).
fn open(s: &mut Server, uri: &str, path: &Path) {
    let text = std::fs::read_to_string(path).unwrap();
    s.open(uri, &text);
    let _ = s.diagnostics(uri, 1);
}

/// `error: ...` or `no answer` for a failed request, else `ok()`.
fn answer_or(r: &Value, ok: impl FnOnce() -> String) -> String {
    if let Some(e) = r.get("error") {
        format!("error: {}", e["message"].as_str().unwrap_or("?"))
    } else if r.get("result").is_none() {
        "no answer".into()
    } else {
        ok()
    }
}

/// The text edits and file operations of a rename's `WorkspaceEdit` in words, and how many
/// agent files it edits.
fn describe_edit(r: &Value) -> (String, Option<usize>) {
    let result = &r["result"];
    if r.get("result").is_none() || result.is_null() {
        return (answer_or(r, || "null".into()), None);
    }
    let (mut edits, mut ops) = (0, 0);
    let mut files = std::collections::BTreeSet::new();
    if let Some(changes) = result["changes"].as_object() {
        for (uri, e) in changes {
            edits += e.as_array().map(Vec::len).unwrap_or(0);
            files.insert(uri.clone());
        }
    }
    for c in result["documentChanges"].as_array().into_iter().flatten() {
        if let Some(e) = c["edits"].as_array() {
            edits += e.len();
            files.insert(c["textDocument"]["uri"].as_str().unwrap_or("").to_string());
        } else if c.get("kind").is_some() {
            ops += 1;
        }
    }
    let agents = files
        .iter()
        .filter(|u| u.contains("/.claude/agents/"))
        .count();
    (
        format!(
            "{edits} text edits in {} files ({agents} agents) + {ops} file operation{}",
            files.len(),
            if ops == 1 { "" } else { "s" }
        ),
        Some(agents),
    )
}

/// The targets of a definition answer, relative to the workspace.
fn describe_locations(r: &Value, root: &Path) -> String {
    answer_or(r, || {
        let result = &r["result"];
        let list: Vec<&Value> = match result {
            Value::Array(a) => a.iter().collect(),
            Value::Null => return "null".into(),
            v => vec![v],
        };
        let prefix = format!("{}/", uri_of(root));
        let targets: Vec<String> = list
            .iter()
            .map(|l| {
                let u = l["targetUri"].as_str().or(l["uri"].as_str()).unwrap_or("?");
                u.strip_prefix(&prefix).unwrap_or(u).to_string()
            })
            .collect();
        if targets.is_empty() {
            "no location".into()
        } else {
            format!("-> {}", targets.join(", "))
        }
    })
}
