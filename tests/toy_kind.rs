//! A kind added through the catalog alone: a profile in TOML (the format of
//! `src/catalog/kinds/`), named by `AGENT_LS_KINDS`, and no code. Its files are found by its
//! `paths` (before the folder rules and the loose-agent rule, which would read this file as a
//! Claude Code agent), and its keys are checked, completed and hovered as a shipped kind's are,
//! by `check` and over the protocol.

mod common;

use std::path::Path;
use std::process::Command;

use common::*;
use serde_json::{Value, json};

const TOY: &str = r#"
id = "toy"
noun = "toy"
folder = ".toys"
paths = ["**/.toys/*.toy.md"]
body = "what the toy says"
unreadable = "drop"
name = "required"
description = "required"
warns_unknown_keys = true
tool_specifiers = false
refuses_zero_tools = false
hooks_list_drops = false
examples = false
name_from = "frontmatter"
symbol = "object"
keys = [
  { name = "name", required = true, kind = "name", doc = "The toy's name." },
  { name = "description", required = true, kind = "text", doc = "What the toy does." },
  { name = "flavour", kind = "enum", values = ["sweet", "sour"], doc = "How the toy tastes." },
]
values = [
  { key = "flavour", value = "sweet", doc = "Sugar." },
  { key = "flavour", value = "sour", doc = "Lemon." },
]
"#;

/// Written so that, without the profile, it is a loose Claude Code agent (`name` and
/// `description`).
const FILE: &str =
    "---\nname: lolly\ndescription: A toy.\nflavour: salty\ncolour: red\n---\nHello.\n";

struct Ws {
    _dir: tempfile::TempDir,
    root: std::path::PathBuf,
    profile: std::path::PathBuf,
}

fn workspace() -> Ws {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("proj");
    std::fs::create_dir_all(root.join(".toys")).unwrap();
    std::fs::write(root.join(".toys/lolly.toy.md"), FILE).unwrap();
    let profile = dir.path().join("toy.toml");
    std::fs::write(&profile, TOY).unwrap();
    Ws {
        _dir: dir,
        root,
        profile,
    }
}

/// `check --format json` on the workspace: the kind of its one file, and (code, line) of each
/// finding.
fn check(root: &Path, profile: Option<&Path>) -> (String, Vec<(String, u64)>) {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_agent-ls"));
    cmd.args(["check", "--format", "json"])
        .arg(root)
        .env_remove("AGENT_LS_KINDS");
    if let Some(p) = profile {
        cmd.env("AGENT_LS_KINDS", p);
    }
    let out = cmd.output().unwrap();
    let findings: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    let kinds: Vec<&str> = findings.iter().filter_map(|d| d["kind"].as_str()).collect();
    assert!(
        !kinds.is_empty() && kinds.iter().all(|k| *k == kinds[0]),
        "{findings:#?}"
    );
    let codes = findings
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_string(),
                d["range"]["start"]["line"].as_u64().unwrap(),
            )
        })
        .collect();
    (kinds[0].to_string(), codes)
}

#[test]
fn a_kind_added_through_the_catalog_alone_is_checked_by_its_profile() {
    let ws = workspace();
    // without the profile: a loose agent, whose keys these are not
    let (kind, codes) = check(&ws.root, None);
    assert_eq!(kind, "agent");
    assert_eq!(
        codes,
        [
            ("unknown-key".to_string(), 4),
            ("unknown-key".to_string(), 5)
        ]
    );
    // with it: a toy, whose `flavour` takes `sweet` or `sour`, and which has no `colour`
    let (kind, codes) = check(&ws.root, Some(&ws.profile));
    assert_eq!(kind, "toy");
    assert_eq!(
        codes,
        [
            ("invalid-value".to_string(), 4),
            ("unknown-key".to_string(), 5)
        ]
    );
}

#[test]
fn a_kind_added_through_the_catalog_alone_is_served_by_its_profile() {
    let ws = workspace();
    let mut c = Client::spawn_with(&[("AGENT_LS_KINDS", ws.profile.to_str().unwrap())]);
    c.request(
        "initialize",
        json!({ "processId": null, "rootUri": format!("file://{}", ws.root.display()),
                "capabilities": { "textDocument": { "hover": { "contentFormat": ["markdown"] } } } }),
    );
    c.notify("initialized", json!({}));
    let uri = format!("file://{}", ws.root.join(".toys/lolly.toy.md").display());
    c.open(&uri, FILE);
    let d = c.diagnostics(&uri, 1);
    let codes: Vec<(&str, u64)> = d
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap(),
                d["range"]["start"]["line"].as_u64().unwrap(),
            )
        })
        .collect();
    assert!(codes.contains(&("invalid-value", 3)), "{d:#?}");
    assert!(codes.contains(&("unknown-key", 4)), "{d:#?}");
    let hover = c.hover(&uri, 3, 2);
    assert!(
        hover["contents"]["value"]
            .as_str()
            .is_some_and(|v| v.contains("How the toy tastes.")),
        "{hover}"
    );
    // the values of `flavour`, from the profile
    let items = c.completion(&uri, 3, 9);
    let labels: Vec<&str> = items.iter().filter_map(|i| i["label"].as_str()).collect();
    assert!(
        labels.contains(&"sweet") && labels.contains(&"sour"),
        "{labels:?}"
    );
}

#[test]
fn a_broken_profile_is_reported_and_left_out() {
    let ws = workspace();
    std::fs::write(&ws.profile, "id = \"toy\"\nnoun = 3\n").unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_agent-ls"))
        .args(["check", "--format", "json"])
        .arg(&ws.root)
        .env("AGENT_LS_KINDS", &ws.profile)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("AGENT_LS_KINDS") && err.contains("toy.toml"),
        "{err}"
    );
    let findings: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(findings[0]["kind"], "agent", "{findings:#}");
}
