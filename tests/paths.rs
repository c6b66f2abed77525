//! One project, four ways in: `check .` (run inside it), `check /abs/DIR`, `check FILE...` (each
//! file named) and the server opened on the folder give the same findings, on the same ranges,
//! with the same messages. Relative paths once made an import "point outside the project (.)"
//! and named files lost the findings that need the rest of the project.

mod common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use common::*;
use serde_json::{Value, json};

/// Every kind, each with findings, some of them across files.
const FILES: &[(&str, &str)] = &[
    (
        ".claude/agents/reviewer.md",
        "---\nname: reviewer\ndescription: Use when code changed. Reviews it\ntools: Read, MultiEdit\nskills: [deploy, nosuch]\n---\nReview.\n",
    ),
    (
        ".claude/agents/reviewer-two.md",
        "---\nname: reviewer\ndescription: Use when code changed. Reviews it too\n---\nReview again.\n",
    ),
    (
        ".claude/skills/deploy/SKILL.md",
        "---\nname: deploy-it\ndescription: Deploys the app. Use when asked to ship\n---\nRun `scripts/deploy.sh`.\n",
    ),
    (
        ".claude/commands/skills/tmpl.md",
        "---\ndescription: {{SKILL_DESCRIPTION}}\n---\nDo $0 then $1.\n",
    ),
    (
        ".claude/output-styles/terse.md",
        "---\nname: terse\ndescription: Short answers\nkeep-coding-instructions: bogus\n---\nBe brief.\n",
    ),
    (
        "CLAUDE.md",
        "# Project\n\nStyle: @docs/style.md\nGone: @docs/missing.md\n",
    ),
    ("docs/style.md", "Use tabs.\n"),
    (
        ".claude/rules/ts.md",
        "---\npaths: [\"src/**/*.ts\"]\n---\nTypeScript rules.\n",
    ),
];

fn project() -> (tempfile::TempDir, PathBuf, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("proj");
    let home = dir.path().join("home");
    std::fs::create_dir_all(root.join(".git")).unwrap();
    std::fs::create_dir_all(&home).unwrap();
    for (rel, text) in FILES {
        let p = root.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    (dir, root, home)
}

/// (path relative to the project, code, severity, start line, start column, end line, end
/// column, message); lines and columns 0-based (the files are ASCII: characters are UTF-16 units).
type Finding = (String, String, String, u64, u64, u64, u64, String);

fn check(cwd: &Path, home: &Path, root: &Path, args: &[&str]) -> BTreeSet<Finding> {
    let out = Command::new(env!("CARGO_BIN_EXE_agent-ls"))
        .current_dir(cwd)
        .env("HOME", home)
        .args(["check", "--format", "json", "--hints"])
        .args(args)
        .output()
        .unwrap();
    let diags: Vec<Value> = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stdout)));
    diags
        .iter()
        .map(|d| {
            let path = PathBuf::from(d["path"].as_str().unwrap());
            let abs = if path.is_absolute() {
                path
            } else {
                cwd.join(path)
            };
            let n = |v: &Value| v.as_u64().unwrap() - 1;
            (
                abs.strip_prefix(root).unwrap().display().to_string(),
                d["code"].as_str().unwrap().to_string(),
                d["severity"].as_str().unwrap().to_string(),
                n(&d["range"]["start"]["line"]),
                n(&d["range"]["start"]["column"]),
                n(&d["range"]["end"]["line"]),
                n(&d["range"]["end"]["column"]),
                norm(root, d["message"].as_str().unwrap()),
            )
        })
        .collect()
}

/// A message with the project's paths written one way: `check .` writes them through `./`, the
/// others in full.
fn norm(root: &Path, message: &str) -> String {
    message
        .replace(&format!("{}/", root.display()), "<root>/")
        .replace("./.claude/", "<root>/.claude/")
        .replace("./docs/", "<root>/docs/")
}

fn uri(p: &Path) -> String {
    format!("file://{}", p.display())
}

fn server(root: &Path, home: &Path) -> BTreeSet<Finding> {
    let mut c = Client::spawn_with(&[("HOME", home.to_str().unwrap())]);
    c.request(
        "initialize",
        json!({ "processId": null, "rootUri": uri(root), "capabilities": {} }),
    );
    c.notify("initialized", json!({}));
    c.wait_indexed();
    let severity = |n: i64| ["", "error", "warning", "info", "hint"][n as usize].to_string();
    let mut out = BTreeSet::new();
    for (rel, text) in FILES {
        let u = uri(&root.join(rel));
        c.open(&u, text);
        for d in c.diagnostics(&u, 1) {
            let n = |v: &Value| v.as_u64().unwrap();
            out.insert((
                rel.to_string(),
                d["code"].as_str().unwrap().to_string(),
                severity(d["severity"].as_i64().unwrap()),
                n(&d["range"]["start"]["line"]),
                n(&d["range"]["start"]["character"]),
                n(&d["range"]["end"]["line"]),
                n(&d["range"]["end"]["character"]),
                norm(root, d["message"].as_str().unwrap()),
            ));
        }
    }
    out
}

#[test]
fn dot_absolute_named_files_and_the_server_agree() {
    let (_dir, root, home) = project();
    let dot = check(&root, &home, &root, &["."]);
    let codes: BTreeSet<(&str, &str)> = dot.iter().map(|f| (f.0.as_str(), f.1.as_str())).collect();
    // the findings that went wrong or missing before: none about the import that exists, the
    // command below `commands/skills/` is a command, and the ones across files are there
    for want in [
        (".claude/agents/reviewer.md", "removed-tool"),
        (".claude/agents/reviewer.md", "unknown-skill"),
        (".claude/agents/reviewer.md", "duplicate-agent-name"),
        (".claude/commands/skills/tmpl.md", "invalid-type"),
        ("CLAUDE.md", "missing-import"),
        (".claude/rules/ts.md", "paths-match-nothing"),
    ] {
        assert!(codes.contains(&want), "{want:?} missing from {dot:#?}");
    }
    assert!(
        !codes.iter().any(|(_, c)| *c == "import-outside-project"),
        "{dot:#?}"
    );
    assert!(
        !dot.iter()
            .any(|f| f.2 == "error" && f.0.contains("commands")),
        "{dot:#?}"
    );

    let absolute = check(Path::new("/"), &home, &root, &[root.to_str().unwrap()]);
    assert_eq!(dot, absolute);

    let named: Vec<String> = FILES
        .iter()
        .filter(|(rel, _)| !rel.starts_with("docs/"))
        .map(|(rel, _)| rel.to_string())
        .collect();
    let named_refs: Vec<&str> = named.iter().map(String::as_str).collect();
    let files = check(&root, &home, &root, &named_refs);
    assert_eq!(dot, files);

    // one file named alone is checked in its project too
    let one = check(&root, &home, &root, &[".claude/agents/reviewer.md"]);
    let dot_one: BTreeSet<Finding> = dot
        .iter()
        .filter(|f| f.0 == ".claude/agents/reviewer.md")
        .cloned()
        .collect();
    assert_eq!(dot_one, one);

    assert_eq!(dot, server(&root, &home));
}
