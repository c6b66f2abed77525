//! Memory files and rules through the protocol and `check`: a `CLAUDE.md` that imports a missing
//! file, a file that imports it back and a file inside code; a rule whose `paths` match nothing.
//! Diagnostics on their exact ranges, go to definition into the imported file, references from
//! the imported file back to its importer, hover (the target's first lines; on the first line,
//! what Claude Code loads), completion of paths after `@`, and `check` reporting the same.

mod common;

use std::path::{Path, PathBuf};

use common::*;
use serde_json::{Value, json};

const CLAUDE: &str = "# Project\n\nRead @docs/style.md and @docs/missing.md before you start.\nNot this one: `@docs/in-code.md`.\n";
const STYLE: &str = "Style: short sentences.\nThe project's memory: @../CLAUDE.md\n";
const RULE: &str = "---\npaths: src/**/*.ts\ndescription: TypeScript\n---\nUse strict mode.\n";

fn uri(p: &Path) -> String {
    format!("file://{}", p.display())
}

struct Ws {
    _dir: tempfile::TempDir,
    root: PathBuf,
}

fn workspace() -> Ws {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("proj");
    let write = |rel: &str, text: &str| {
        let p = root.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    };
    write("CLAUDE.md", CLAUDE);
    write("docs/style.md", STYLE);
    write("docs/guide.md", "A guide.\n");
    write(".claude/rules/ts.md", RULE);
    write("lib/main.rs", "fn main() {}\n");
    Ws { _dir: dir, root }
}

fn start(ws: &Ws) -> Client {
    let home = ws.root.parent().unwrap().join("home");
    std::fs::create_dir_all(&home).unwrap();
    let mut c = Client::spawn_with(&[("HOME", home.to_str().unwrap())]);
    c.request(
        "initialize",
        json!({
            "processId": null,
            "rootUri": uri(&ws.root),
            "capabilities": { "textDocument": {
                "hover": { "contentFormat": ["markdown"] },
                "publishDiagnostics": { "relatedInformation": true }
            } }
        }),
    );
    c.notify("initialized", json!({}));
    let log = c.wait_indexed();
    assert!(
        log.contains("indexed 2 agent files (1 memory file, 1 rule)"),
        "{log}"
    );
    c
}

/// (path below `root`, code, line, column) of each finding of `check --format json`, sorted.
fn placed(diags: &[Value], root: &Path) -> Vec<(String, String, u64, u64)> {
    let mut got: Vec<(String, String, u64, u64)> = diags
        .iter()
        .map(|d| {
            (
                Path::new(d["path"].as_str().unwrap())
                    .strip_prefix(root)
                    .unwrap()
                    .display()
                    .to_string(),
                d["code"].as_str().unwrap().to_string(),
                d["range"]["start"]["line"].as_u64().unwrap(),
                d["range"]["start"]["column"].as_u64().unwrap(),
            )
        })
        .collect();
    got.sort();
    got
}

/// (code, severity, range) of each diagnostic, sorted.
fn summary(diags: &[Value]) -> Vec<(String, i64, Value)> {
    let mut out: Vec<_> = diags
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_string(),
                d["severity"].as_i64().unwrap(),
                d["range"].clone(),
            )
        })
        .collect();
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

#[test]
fn a_claude_md_with_a_missing_import_and_a_cycle() {
    let ws = workspace();
    let mut c = start(&ws);
    let claude = ws.root.join("CLAUDE.md");
    c.open(&uri(&claude), CLAUDE);
    let diags = c.diagnostics(&uri(&claude), 1);
    assert_eq!(
        summary(&diags),
        [
            (
                "import-cycle".to_string(),
                4,
                range_of(CLAUDE, "@docs/style.md", 0)
            ),
            (
                "import-in-code".to_string(),
                4,
                range_of(CLAUDE, "@docs/in-code.md", 0)
            ),
            (
                "missing-import".to_string(),
                2,
                range_of(CLAUDE, "@docs/missing.md", 0)
            ),
        ],
        "{diags:#?}"
    );
    let cycle = diags.iter().find(|d| d["code"] == "import-cycle").unwrap();
    assert!(
        cycle["message"]
            .as_str()
            .unwrap()
            .contains("CLAUDE.md → style.md → CLAUDE.md"),
        "{cycle}"
    );

    // go to definition on the import lands in the imported file
    let (line, ch) = find_pos(CLAUDE, "docs/style.md", 0);
    let def = c.request(
        "textDocument/definition",
        json!({ "textDocument": { "uri": uri(&claude) }, "position": { "line": line, "character": ch + 2 } }),
    );
    assert_eq!(def[0]["uri"], uri(&ws.root.join("docs/style.md")));

    // hover on the import shows the first lines of the target
    let h = c.hover(&uri(&claude), line, ch + 2);
    let md = h["contents"]["value"].as_str().unwrap();
    assert!(md.contains("Style: short sentences."), "{md}");
    // and what Claude Code does with it
    assert!(
        md.starts_with("Claude Code 2.1.337 loads it at start, 1 import deep (it follows 4)."),
        "{md}"
    );
    assert_eq!(h["range"], range_of(CLAUDE, "@docs/style.md", 0));
    // hover on the first line: what Claude Code loads with it
    let h = c.hover(&uri(&claude), 0, 2);
    let md = h["contents"]["value"].as_str().unwrap();
    let total = CLAUDE.chars().count() + STYLE.chars().count();
    assert!(
        md.starts_with(&format!(
            "**memory file** · Claude Code 2.1.337 loads {total} characters (about {} tokens) from 2 files",
            total / 4
        )),
        "{md}"
    );

    // completion after `@docs/`
    c.change(
        &uri(&claude),
        2,
        json!([{ "range": { "start": { "line": 1, "character": 0 }, "end": { "line": 1, "character": 0 } }, "text": "@docs/gu" }]),
    );
    let items = c.completion(&uri(&claude), 1, 8);
    let labels: Vec<&str> = items.iter().map(|i| i["label"].as_str().unwrap()).collect();
    assert_eq!(labels, ["guide.md"]);
    assert_eq!(
        items[0]["textEdit"]["range"],
        json!({ "start": { "line": 1, "character": 6 }, "end": { "line": 1, "character": 8 } })
    );

    // outline and folding from the headings
    let symbols = c.request(
        "textDocument/documentSymbol",
        json!({ "textDocument": { "uri": uri(&claude) } }),
    );
    let names: Vec<&str> = symbols
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert!(names.contains(&"Project"), "{symbols:#}");
    // references from the imported file: the import in CLAUDE.md
    let style = ws.root.join("docs/style.md");
    c.open(&uri(&style), STYLE);
    let refs = c.request(
        "textDocument/references",
        json!({ "textDocument": { "uri": uri(&style) }, "position": { "line": 0, "character": 1 }, "context": { "includeDeclaration": true } }),
    );
    assert_eq!(refs.as_array().unwrap().len(), 1, "{refs:#}");
    assert_eq!(refs[0]["uri"], uri(&claude));
    assert_eq!(refs[0]["range"], range_of(CLAUDE, "@docs/style.md", 0));
}

#[test]
fn a_rule_whose_paths_match_nothing() {
    let ws = workspace();
    let mut c = start(&ws);
    let rule = ws.root.join(".claude/rules/ts.md");
    c.open(&uri(&rule), RULE);
    let diags = c.diagnostics(&uri(&rule), 1);
    assert_eq!(
        summary(&diags),
        [(
            "paths-match-nothing".to_string(),
            4,
            range_of(RULE, "src/**/*.ts", 0)
        )],
        "{diags:#?}"
    );
    // a glob that matches a file of the project is fine
    c.change(
        &uri(&rule),
        2,
        json!([{ "range": range_of(RULE, "src/**/*.ts", 0), "text": "lib/**/*.rs" }]),
    );
    assert_eq!(c.diagnostics(&uri(&rule), 2), Vec::<Value>::new());
    // completion and hover of the rule's keys
    let h = c.hover(&uri(&rule), 1, 2);
    assert!(
        h["contents"]["value"]
            .as_str()
            .unwrap()
            .starts_with("**`paths`**"),
        "{h}"
    );
}

#[test]
fn check_reports_the_same() {
    let ws = workspace();
    let diags: Vec<Value> = check_json(&[&ws.root], &["--hints"], None);
    let got = placed(&diags, &ws.root);
    let col = |needle: &str| CLAUDE.lines().nth(2).unwrap().find(needle).unwrap() as u64 + 1;
    assert_eq!(
        got,
        [
            (
                ".claude/rules/ts.md".into(),
                "paths-match-nothing".into(),
                2,
                8
            ),
            (
                "CLAUDE.md".into(),
                "import-cycle".into(),
                3,
                col("@docs/style.md")
            ),
            ("CLAUDE.md".into(), "import-in-code".into(), 4, 16),
            (
                "CLAUDE.md".into(),
                "missing-import".into(),
                3,
                col("@docs/missing.md")
            ),
            // the imported file is checked too: its import back closes the cycle
            ("docs/style.md".into(), "import-cycle".into(), 2, 23),
        ]
    );
    assert!(
        diags
            .iter()
            .all(|d| d["kind"] == "memory" || d["kind"] == "rule" || d["kind"] == "imported")
    );
}

/// What Claude Code 2.1.330 drops silently: an import chain past 4 levels, an import outside the
/// project (the folder with `.git`), an `AGENTS.md` beside a `CLAUDE.md`.
#[test]
fn imports_that_claude_code_drops() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("proj");
    std::fs::create_dir_all(root.join(".git")).unwrap();
    let write = |rel: &str, text: &str| {
        let p = root.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    };
    write(
        "CLAUDE.md",
        "# Memory\n@c1.md\n@../outside.md\n@notes/ok.md\n@~/mine.md\n",
    );
    let home = dir.path().join("home");
    std::fs::create_dir_all(home.join(".claude")).unwrap();
    std::fs::write(home.join("mine.md"), "mine\n").unwrap();
    // the user's own memory may import from anywhere
    std::fs::write(home.join(".claude/CLAUDE.md"), "@~/mine.md\n").unwrap();
    for i in 1..6 {
        write(&format!("c{i}.md"), &format!("level {i}\n@c{}.md\n", i + 1));
    }
    write("c6.md", "level 6\n");
    write("notes/ok.md", "fine\n");
    write("AGENTS.md", "# For other agents\n");
    std::fs::write(dir.path().join("outside.md"), "outside\n").unwrap();
    let diags: Vec<Value> = check_json(
        &[root.clone(), home.join(".claude/CLAUDE.md")],
        &["--hints"],
        Some(home.as_path()),
    );
    let mut got: Vec<(String, String, u64)> = diags
        .iter()
        .map(|d| {
            (
                Path::new(d["path"].as_str().unwrap())
                    .file_name()
                    .unwrap()
                    .to_string_lossy()
                    .into_owned(),
                d["code"].as_str().unwrap().to_string(),
                d["range"]["start"]["line"].as_u64().unwrap(),
            )
        })
        .collect();
    got.sort();
    assert_eq!(
        got,
        [
            ("AGENTS.md".into(), "agents-md-not-loaded".into(), 1),
            ("CLAUDE.md".into(), "import-outside-project".into(), 3),
            ("CLAUDE.md".into(), "import-outside-project".into(), 5),
            // on the import that is cut: c4.md is the last level Claude Code follows
            ("c4.md".into(), "import-too-deep".into(), 2),
        ],
        "{diags:#?}"
    );
    let deep = diags
        .iter()
        .find(|d| d["code"] == "import-too-deep")
        .unwrap();
    assert!(
        deep["message"]
            .as_str()
            .unwrap()
            .contains("(CLAUDE.md → c1.md → c2.md → c3.md → c4.md)"),
        "{deep}"
    );
    assert!(
        deep["message"]
            .as_str()
            .unwrap()
            .contains("never loads `c5.md`")
    );
}

/// Typing in a memory file or rule changes its size, which counts only in the files that import
/// it: a keystroke in the rule (imported by nothing) re-checks the rule alone, one in
/// `docs/style.md` (imported by `CLAUDE.md`) re-checks `CLAUDE.md` too.
#[test]
fn a_keystroke_re_checks_the_files_that_import_the_edited_one() {
    let ws = workspace();
    let mut c = start(&ws);
    let claude = uri(&ws.root.join("CLAUDE.md"));
    let rule = uri(&ws.root.join(".claude/rules/ts.md"));
    let style = uri(&ws.root.join("docs/style.md"));
    c.open(&claude, CLAUDE);
    c.diagnostics(&claude, 1);
    c.open(&rule, RULE);
    c.diagnostics(&rule, 1);
    let type_at = |c: &mut Client, uri: &str, version: i64, line: u32| {
        c.change(
            uri,
            version,
            json!([{ "range": { "start": { "line": line, "character": 0 }, "end": { "line": line, "character": 0 } }, "text": "x" }]),
        );
    };
    let republished = |c: &Client, uri: &str| {
        c.backlog
            .iter()
            .filter(|m| {
                m["method"] == "textDocument/publishDiagnostics"
                    && m["params"]["uri"] == uri
                    && m["params"]["version"] == 1
            })
            .count()
    };
    // the rule, then CLAUDE.md itself: notifications are handled in order, so whatever the
    // rule's keystroke published for CLAUDE.md (at version 1) arrives before its version 2
    type_at(&mut c, &rule, 2, 4);
    c.diagnostics(&rule, 2);
    type_at(&mut c, &claude, 2, 0);
    c.diagnostics(&claude, 2);
    assert_eq!(republished(&c, &claude), 0, "{:#?}", c.backlog);

    // docs/style.md, which CLAUDE.md imports: CLAUDE.md is checked again
    c.open(&style, STYLE);
    c.diagnostics(&style, 1);
    c.backlog.clear();
    type_at(&mut c, &style, 2, 0);
    c.diagnostics(&style, 2);
    c.diagnostics(&claude, 2);
}

/// Imports that exist but that Claude Code 2.1.330 does not read as a text file (memory-oracle
/// load-folder, load-size-exact, load-utf16): a folder, a file over 4 MiB, a UTF-16 file. Each
/// is `missing-import`, saying why; a file of exactly 4 MiB loads.
#[test]
fn imports_that_exist_but_do_not_load() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("proj");
    std::fs::create_dir_all(root.join(".git")).unwrap();
    std::fs::create_dir_all(root.join("docs")).unwrap();
    let claude = "# P\n\n@docs\n@big.md\n@exact.md\n@u16.md\n";
    std::fs::write(root.join("CLAUDE.md"), claude).unwrap();
    std::fs::write(root.join("big.md"), vec![b'a'; 4 * 1024 * 1024 + 1]).unwrap();
    std::fs::write(root.join("exact.md"), vec![b'a'; 4 * 1024 * 1024]).unwrap();
    let mut u16 = vec![0xFF, 0xFE];
    for c in "Hello".encode_utf16() {
        u16.extend_from_slice(&c.to_le_bytes());
    }
    std::fs::write(root.join("u16.md"), u16).unwrap();
    let diags: Vec<Value> = check_json(&[&root.join("CLAUDE.md")], &[], Some(dir.path()));
    let found: Vec<(u64, String)> = diags
        .iter()
        .filter(|d| d["code"] == "missing-import")
        .map(|d| {
            (
                d["range"]["start"]["line"].as_u64().unwrap(),
                d["message"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(found.len(), 3, "{diags:#?}");
    assert!(
        found[0].0 == 3 && found[0].1.contains("is a folder"),
        "{found:?}"
    );
    assert!(
        found[1].0 == 4 && found[1].1.contains("is 4194305 bytes"),
        "{found:?}"
    );
    assert!(
        found[2].0 == 6 && found[2].1.contains("is not UTF-8"),
        "{found:?}"
    );
}

/// A file that a memory file imports is no agent file by its path, but Claude Code follows its
/// imports: opened in the editor, it gets the findings on them (here the import back to
/// `CLAUDE.md`, which closes a cycle); an ordinary markdown file that nothing imports gets none.
#[test]
fn an_imported_file_gets_the_findings_on_its_own_imports() {
    let ws = workspace();
    let mut c = start(&ws);
    let style = uri(&ws.root.join("docs/style.md"));
    c.open(&style, STYLE);
    let diags = c.diagnostics(&style, 1);
    assert_eq!(
        summary(&diags),
        [(
            "import-cycle".to_string(),
            4,
            range_of(STYLE, "@../CLAUDE.md", 0)
        )],
        "{diags:#?}"
    );
    // a typo in the import: the file it names does not exist
    c.change(
        &style,
        2,
        json!([{ "range": range_of(STYLE, "CLAUDE", 0), "text": "CLAUDX" }]),
    );
    let diags = c.diagnostics(&style, 2);
    assert_eq!(
        diags
            .iter()
            .map(|d| d["code"].as_str().unwrap())
            .collect::<Vec<_>>(),
        ["missing-import"],
        "{diags:#?}"
    );
    let lib = uri(&ws.root.join("docs/guide.md"));
    c.open(&lib, "A guide. @nowhere.md\n");
    assert_eq!(c.diagnostics(&lib, 1), Vec::<Value>::new());
}

/// What the settings and a rule's `paths` change (Claude Code 2.1.330, memory-oracle
/// `excludes-*` and `rule-paths-*`): an import that `claudeMdExcludes` matches is not loaded,
/// said on the import and on the excluded memory file, with the settings file; a conditional
/// rule's import of a file without `paths` is loaded at start, in every conversation.
#[test]
fn excluded_files_and_the_imports_of_a_conditional_rule() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("proj");
    let write = |rel: &str, text: &str| {
        let p = root.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    };
    write("CLAUDE.md", "# Memory\n@docs/old.md\n@docs/new.md\n");
    write("CLAUDE.local.md", "Mine.\n");
    write("docs/old.md", "old\n");
    write("docs/new.md", "new\n");
    write(
        ".claude/settings.json",
        "{ \"claudeMdExcludes\": [\"**/old.md\", \"**/CLAUDE.local.md\"] }\n",
    );
    write(
        ".claude/rules/ts.md",
        "---\npaths: src/**/*.ts\n---\nUse strict mode.\n@../../guide.md\n@../../ts-only.md\n",
    );
    write("guide.md", "Always.\n");
    write(
        "ts-only.md",
        "---\npaths: src/**/*.ts\n---\nOnly for TypeScript.\n",
    );
    write("src/app.ts", "\n");
    let home = dir.path().join("home");
    std::fs::create_dir_all(&home).unwrap();
    let diags: Vec<Value> = check_json(&[&root], &["--hints"], Some(home.as_path()));
    let got = placed(&diags, &root);
    assert_eq!(
        got,
        [
            (
                ".claude/rules/ts.md".into(),
                "import-loads-at-start".into(),
                5,
                1
            ),
            ("CLAUDE.local.md".into(), "memory-excluded".into(), 1, 1),
            ("CLAUDE.md".into(), "memory-excluded".into(), 2, 1),
            // and on the excluded file itself
            ("docs/old.md".into(), "memory-excluded".into(), 1, 1),
        ],
        "{diags:#?}"
    );
    let excluded = diags
        .iter()
        .find(|d| {
            d["code"] == "memory-excluded" && d["path"].as_str().unwrap().ends_with("CLAUDE.md")
        })
        .unwrap();
    let message = excluded["message"].as_str().unwrap();
    assert!(message.contains("`**/old.md`"), "{message}");
    assert!(message.contains(".claude/settings.json"), "{message}");
    assert_eq!(excluded["severity"], "info");
}

/// The user's settings decide when Claude Code reads `AGENTS.md` (its built-in `agents-md`
/// plugin, option `instructionFiles`): `claude-md-and-agents-md` reads it beside `CLAUDE.md`,
/// `claude-md` never; the default reads it only without a `CLAUDE.md`.
#[test]
fn the_agents_md_option_of_the_user_settings() {
    let run = |option: Option<&str>, files: &[&str]| {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("proj");
        std::fs::create_dir_all(&root).unwrap();
        for f in files {
            std::fs::write(root.join(f), "# Notes\n").unwrap();
        }
        let home = dir.path().join("home");
        std::fs::create_dir_all(home.join(".claude")).unwrap();
        if let Some(option) = option {
            std::fs::write(
                home.join(".claude/settings.json"),
                format!("{{\"pluginConfigs\": {{\"agents-md@builtin\": {{\"options\": {{\"instructionFiles\": \"{option}\"}}}}}}}}"),
            )
            .unwrap();
        }
        let diags: Vec<Value> = check_json(&[&root], &[], Some(home.as_path()));
        diags
            .iter()
            .filter(|d| d["code"] == "agents-md-not-loaded")
            .map(|d| d["message"].as_str().unwrap().to_string())
            .collect::<Vec<_>>()
    };
    assert_eq!(run(None, &["CLAUDE.md", "AGENTS.md"]).len(), 1);
    assert_eq!(run(None, &["AGENTS.md"]).len(), 0);
    assert_eq!(
        run(Some("claude-md-and-agents-md"), &["CLAUDE.md", "AGENTS.md"]).len(),
        0
    );
    let never = run(Some("claude-md"), &["AGENTS.md"]);
    assert_eq!(never.len(), 1, "{never:?}");
    assert!(never[0].contains("settings.json"), "{never:?}");
}

/// An import whose real path lies outside the project is dropped like one written outside
/// (memory-oracle `load-symlink-outside`), and neither is reported once the user approved
/// external imports for the project in `~/.claude.json` (`imports-external-approved`).
#[test]
#[cfg(unix)]
fn imports_outside_through_links_and_approved_ones() {
    let dir = tempfile::tempdir().unwrap();
    let base = dir.path().canonicalize().unwrap();
    let root = base.join("proj");
    std::fs::create_dir_all(root.join(".git")).unwrap();
    std::fs::write(
        root.join("CLAUDE.md"),
        "# Memory\n@link.md\n@../other.md\n@inside.md\n",
    )
    .unwrap();
    std::fs::write(root.join("inside.md"), "inside\n").unwrap();
    std::fs::write(base.join("outside.md"), "outside\n").unwrap();
    std::fs::write(base.join("other.md"), "other\n").unwrap();
    std::os::unix::fs::symlink(base.join("outside.md"), root.join("link.md")).unwrap();
    let home = base.join("home");
    std::fs::create_dir_all(&home).unwrap();
    let run = |home: &Path| {
        let diags: Vec<Value> = check_json(&[&root], &[], Some(home));
        diags
            .iter()
            .map(|d| {
                (
                    d["code"].as_str().unwrap().to_string(),
                    d["range"]["start"]["line"].as_u64().unwrap(),
                    d["message"].as_str().unwrap().to_string(),
                )
            })
            .collect::<Vec<_>>()
    };
    let found = run(&home);
    let lines: Vec<(String, u64)> = found.iter().map(|(c, l, _)| (c.clone(), *l)).collect();
    assert_eq!(
        lines,
        [
            ("import-outside-project".to_string(), 2),
            ("import-outside-project".to_string(), 3)
        ],
        "{found:#?}"
    );
    assert!(
        found[0].2.contains("through a symbolic link"),
        "{}",
        found[0].2
    );
    std::fs::write(
        home.join(".claude.json"),
        format!(
            "{{\"projects\": {{\"{}\": {{\"hasClaudeMdExternalIncludesApproved\": true}}}}}}",
            root.display()
        ),
    )
    .unwrap();
    assert_eq!(run(&home), Vec::new());
}
