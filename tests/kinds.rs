//! Skills, slash commands and output styles through the protocol: real files of the corpus
//! (`../shared/corpus/wshobson-plugins`) placed in a project's `.claude` folder, opened by a
//! stdio client that checks their diagnostics, key and tool completion, hover, document links,
//! semantic tokens, and the navigation between agents and skills (definition, references,
//! rename with the skill's folder).

mod common;

use std::path::{Path, PathBuf};

use common::*;
use serde_json::{Value, json};

const PLUGINS: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../shared/corpus/wshobson-plugins"
);

const ARCHITECT: &str = "---\nname: architect\ndescription: \"Designs APIs. <example>user: design it assistant: I'll use the architect agent</example>\"\nskills: [api-design-principles, postgresql, pdf-tools]\n---\nYou design APIs.\n";

const RUNNER: &str = "---\ndescription: Runs a review in a forked context\ncontext: fork\nagent: architct\nallowed-tools: Bash(git diff:*), WebFetch(example.com)\narguments: [target, depth]\nargument-hint: <target> [depth]\n---\nReview $target now.\n\n!`git diff --stat`\n!`git status`\n!`npm install`\n\nSee @notes/missing.md and [the guide](docs/guide.md).\n";

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let p = e.unwrap().path();
        let dest = to.join(p.file_name().unwrap());
        if p.is_dir() {
            copy_dir(&p, &dest);
        } else {
            std::fs::copy(&p, &dest).unwrap();
        }
    }
}

fn uri(p: &Path) -> String {
    format!("file://{}", p.display())
}

struct Ws {
    _dir: tempfile::TempDir,
    root: PathBuf,
}

impl Ws {
    fn path(&self, rel: &str) -> PathBuf {
        self.root.join(rel)
    }
    fn text(&self, rel: &str) -> String {
        std::fs::read_to_string(self.path(rel)).unwrap()
    }
}

fn workspace() -> Ws {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("proj");
    let plugins = Path::new(PLUGINS);
    copy_dir(
        &plugins.join("backend-development/skills/api-design-principles"),
        &root.join(".claude/skills/api-design-principles"),
    );
    copy_dir(
        &plugins.join("database-design/skills/postgresql"),
        &root.join(".claude/skills/postgresql"),
    );
    std::fs::create_dir_all(root.join(".claude/commands/db")).unwrap();
    std::fs::copy(
        plugins.join("database-migrations/commands/sql-migrations.md"),
        root.join(".claude/commands/db/sql-migrations.md"),
    )
    .unwrap();
    std::fs::write(root.join(".claude/commands/runner.md"), RUNNER).unwrap();
    // a command that answers to the same `/postgresql` as the skill
    std::fs::write(
        root.join(".claude/commands/postgresql.md"),
        "---\ndescription: Opens psql\n---\nOpen psql.\n",
    )
    .unwrap();
    std::fs::create_dir_all(root.join(".claude/agents")).unwrap();
    std::fs::write(root.join(".claude/agents/architect.md"), ARCHITECT).unwrap();
    std::fs::create_dir_all(root.join(".claude/output-styles")).unwrap();
    std::fs::write(
        root.join(".claude/output-styles/terse.md"),
        "---\nname: Terse\nkeep-coding-instructions: yes\n---\nAnswer in one line.\n",
    )
    .unwrap();
    Ws { _dir: dir, root }
}

fn start(ws: &Ws) -> Client {
    let home = ws.root.parent().unwrap().join("home");
    std::fs::create_dir_all(&home).unwrap();
    let mut c = Client::spawn_with(&[("HOME", home.to_str().unwrap())]);
    let r = c.request(
        "initialize",
        json!({
            "processId": null,
            "rootUri": uri(&ws.root),
            "capabilities": {
                "workspace": { "workspaceEdit": { "documentChanges": true, "resourceOperations": ["rename"] } },
                "textDocument": {
                    "completion": { "completionItem": { "snippetSupport": false, "documentationFormat": ["markdown"] } },
                    "hover": { "contentFormat": ["markdown"] },
                    "publishDiagnostics": { "relatedInformation": true }
                }
            }
        }),
    );
    assert_eq!(
        r["capabilities"]["documentLinkProvider"]["resolveProvider"],
        false
    );
    c.notify("initialized", json!({}));
    let log = c.wait_indexed();
    assert!(
        log.contains("indexed 7 agent files (1 agent, 2 skills, 3 slash commands, 1 output style)"),
        "{log}"
    );
    c
}

/// (code, severity, start line, start character, end character) of each diagnostic.
fn summary(diags: &[Value]) -> Vec<(String, i64, u64, u64, u64)> {
    let mut out: Vec<_> = diags
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_string(),
                d["severity"].as_i64().unwrap(),
                d["range"]["start"]["line"].as_u64().unwrap(),
                d["range"]["start"]["character"].as_u64().unwrap(),
                d["range"]["end"]["character"].as_u64().unwrap(),
            )
        })
        .collect();
    out.sort();
    out
}

fn labels(items: &[Value]) -> Vec<String> {
    items
        .iter()
        .map(|i| i["label"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn a_corpus_skill_and_command_get_diagnostics_completion_hover_and_links() {
    let ws = workspace();
    let mut c = start(&ws);

    // the skill whose `name` is not its folder: Claude Code runs it as `/postgresql`
    let pg = ws.path(".claude/skills/postgresql/SKILL.md");
    let pg_text = ws.text(".claude/skills/postgresql/SKILL.md");
    c.open(&uri(&pg), &pg_text);
    let diags = c.diagnostics(&uri(&pg), 1);
    assert_eq!(
        summary(&diags),
        [
            ("duplicate-skill-name".to_string(), 2, 1, 6, 29),
            ("skill-name-mismatch".to_string(), 2, 1, 6, 29)
        ],
        "{diags:#?}"
    );
    let dup = diags
        .iter()
        .find(|d| d["code"] == "duplicate-skill-name")
        .unwrap();
    assert!(
        dup["message"].as_str().unwrap().contains("runs this one"),
        "{dup}"
    );
    let diags: Vec<Value> = with_code(&diags, "skill-name-mismatch")
        .into_iter()
        .cloned()
        .collect();
    assert!(
        diags[0]["message"]
            .as_str()
            .unwrap()
            .contains("it lists `postgresql (postgresql-table-design)`")
    );

    // a command with the skill's name: Claude Code runs the skill
    let cmd = ws.path(".claude/commands/postgresql.md");
    c.open(&uri(&cmd), &ws.text(".claude/commands/postgresql.md"));
    let diags = c.diagnostics(&uri(&cmd), 1);
    assert_eq!(
        summary(&diags),
        [("duplicate-skill-name".to_string(), 2, 0, 0, 3)],
        "{diags:#?}"
    );
    let msg = diags[0]["message"].as_str().unwrap();
    assert!(
        msg.contains("runs")
            && msg.contains("skills/postgresql/SKILL.md")
            && msg.contains("never used"),
        "{msg}"
    );
    assert_eq!(
        diags[0]["relatedInformation"][0]["location"]["uri"],
        uri(&pg)
    );

    // the command from the corpus: two keys Claude Code does not read in a command, and a
    // placeholder in its shell script
    let sql = ws.path(".claude/commands/db/sql-migrations.md");
    let sql_text = ws.text(".claude/commands/db/sql-migrations.md");
    c.open(&uri(&sql), &sql_text);
    let diags = c.diagnostics(&uri(&sql), 1);
    assert_eq!(
        summary(&diags),
        [
            // a shell script's `MIGRATION_VERSION=$1`, which `/db:sql-migrations A B` rewrites
            ("placeholder-in-code".to_string(), 2, 340, 18, 20),
            ("unknown-key".to_string(), 2, 3, 0, 4),
            ("unknown-key".to_string(), 2, 15, 0, 11)
        ],
        "{diags:#?}"
    );
    assert!(
        diags[1]["message"]
            .as_str()
            .unwrap()
            .contains("`tool_access`")
    );

    // key completion on a new line of the command's frontmatter: the command's keys only
    c.change(
        &uri(&sql),
        2,
        json!([{ "range": { "start": { "line": 2, "character": 0 }, "end": { "line": 2, "character": 0 } }, "text": "al\n" }]),
    );
    let keys = labels(&c.completion(&uri(&sql), 2, 2));
    for k in [
        "allowed-tools",
        "argument-hint",
        "arguments",
        "context",
        "agent",
        "model",
    ] {
        assert!(keys.contains(&k.to_string()), "{k} in {keys:?}");
    }
    for k in ["tools", "color", "name", "paths", "description"] {
        assert!(!keys.contains(&k.to_string()), "{k} not in {keys:?}");
    }
    // tool completion inside `allowed-tools`
    c.change(
        &uri(&sql),
        3,
        json!([{ "range": { "start": { "line": 2, "character": 0 }, "end": { "line": 2, "character": 2 } }, "text": "allowed-tools: Read, Gr" }]),
    );
    let tools = c.completion(&uri(&sql), 2, 23);
    let grep = tools.iter().find(|i| i["label"] == "Grep").expect("Grep");
    assert_eq!(grep["textEdit"]["range"]["start"]["character"], 21);
    assert!(
        !labels(&tools).contains(&"Read".to_string()),
        "listed already"
    );
    // permission rules: a template per tool that takes a specifier
    let rule = tools
        .iter()
        .find(|i| i["label"] == "Bash(…)")
        .expect("Bash(…)");
    assert_eq!(rule["textEdit"]["newText"], "Bash(git status:*)");
    assert_eq!(rule["detail"], "permission rule");
    let fetch = tools
        .iter()
        .find(|i| i["label"] == "WebFetch(…)")
        .expect("WebFetch(…)");
    assert_eq!(fetch["textEdit"]["newText"], "WebFetch(domain:example.com)");
    // hover on a permission rule says what it allows
    c.change(
        &uri(&sql),
        4,
        json!([{ "range": { "start": { "line": 2, "character": 0 }, "end": { "line": 2, "character": 23 } }, "text": "allowed-tools: Bash(git add:*)" }]),
    );
    let h = c.hover(&uri(&sql), 2, 16);
    let md = h["contents"]["value"].as_str().unwrap();
    assert!(
        md.contains(
            "*Permission rule* `Bash(git add:*)`: allowed without asking while it runs, for `git add:*`"
        ),
        "{md}"
    );
    assert_eq!(h["range"]["start"]["character"], 15);
    assert_eq!(h["range"]["end"]["character"], 30);

    // hover on the command's first line: how to invoke it
    let h = c.hover(&uri(&sql), 0, 1);
    let md = h["contents"]["value"].as_str().unwrap();
    assert!(
        md.starts_with("**`/db:sql-migrations`** · slash command"),
        "{md}"
    );
    assert!(
        md.contains("SQL database migrations with zero-downtime"),
        "{md}"
    );
    // hover on a skill key
    let h = c.hover(&uri(&pg), 2, 3);
    assert!(
        h["contents"]["value"]
            .as_str()
            .unwrap()
            .starts_with("**`description`** · optional"),
        "{h}"
    );

    // document links of a corpus skill: its `references/` files, resolved in the skill's folder
    let api = ws.path(".claude/skills/api-design-principles/SKILL.md");
    let api_text = ws.text(".claude/skills/api-design-principles/SKILL.md");
    c.open(&uri(&api), &api_text);
    assert_eq!(c.diagnostics(&uri(&api), 1), Vec::<Value>::new());
    let links = c.request(
        "textDocument/documentLink",
        json!({ "textDocument": { "uri": uri(&api) } }),
    );
    let targets: Vec<&str> = links
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["target"].as_str().unwrap())
        .collect();
    let details = uri(&ws.path(".claude/skills/api-design-principles/references/details.md"));
    assert!(targets.contains(&details.as_str()), "{targets:?}");
    let at = links
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["target"] == details)
        .unwrap();
    assert_eq!(
        at["range"],
        range_of(&api_text, "references/details.md", 0),
        "the path's own characters"
    );
}

#[test]
fn a_command_body_is_checked_against_its_frontmatter() {
    let ws = workspace();
    let mut c = start(&ws);
    let runner = ws.path(".claude/commands/runner.md");
    c.open(&uri(&runner), RUNNER);
    let diags = c.diagnostics(&uri(&runner), 1);
    let got = summary(&diags);
    let expect = |code: &str, needle: &str, n: usize| {
        let r = range_of(RUNNER, needle, n);
        (
            code.to_string(),
            2,
            r["start"]["line"].as_u64().unwrap(),
            r["start"]["character"].as_u64().unwrap(),
            r["end"]["character"].as_u64().unwrap(),
        )
    };
    let mut want = vec![
        expect("unknown-agent", "architct", 0),
        expect("invalid-tool-specifier", "WebFetch(example.com)", 0),
        expect("unused-argument", "depth", 0),
        expect("shell-without-bash", "!`npm install`", 0),
        expect("broken-link", "@notes/missing.md", 0),
        expect("broken-link", "docs/guide.md", 0),
    ];
    want.sort();
    assert_eq!(got, want, "{diags:#?}");
    let unknown = diags.iter().find(|d| d["code"] == "unknown-agent").unwrap();
    assert!(
        unknown["message"]
            .as_str()
            .unwrap()
            .contains("did you mean `architect`?"),
        "{unknown}"
    );
    // the missing file appears: the watched-file event brings fresh diagnostics without it
    std::fs::create_dir_all(ws.path("notes")).unwrap();
    std::fs::write(ws.path("notes/missing.md"), "now here\n").unwrap();
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [{ "uri": uri(&ws.path("notes/missing.md")), "type": 1 }] }),
    );
    let fixed = c.wait_for(|m| {
        m["method"] == "textDocument/publishDiagnostics"
            && m["params"]["uri"] == uri(&runner)
            && m["params"]["diagnostics"]
                .as_array()
                .is_some_and(|d| d.iter().filter(|d| d["code"] == "broken-link").count() == 1)
    });
    let left = with_code(
        fixed["params"]["diagnostics"].as_array().unwrap(),
        "broken-link",
    );
    assert_eq!(left[0]["range"], range_of(RUNNER, "docs/guide.md", 0));
    // placeholders and shell commands are semantic tokens (parameter = 6, macro = 7)
    let tokens = c.request(
        "textDocument/semanticTokens/full",
        json!({ "textDocument": { "uri": uri(&runner) } }),
    );
    let data: Vec<u64> = tokens["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_u64().unwrap())
        .collect();
    let types: Vec<u64> = data.chunks(5).map(|t| t[3]).collect();
    assert_eq!(types.iter().filter(|t| **t == 6).count(), 1, "$target");
    assert_eq!(
        types.iter().filter(|t| **t == 7).count(),
        3,
        "three shell commands"
    );
}

#[test]
fn agents_and_skills_navigate_to_each_other() {
    let ws = workspace();
    let mut c = start(&ws);
    let architect = ws.path(".claude/agents/architect.md");
    c.open(&uri(&architect), ARCHITECT);
    let diags = c.diagnostics(&uri(&architect), 1);
    let r = range_of(ARCHITECT, "pdf-tools", 0);
    assert_eq!(
        summary(&diags),
        [(
            "unknown-skill".to_string(),
            2,
            3,
            r["start"]["character"].as_u64().unwrap(),
            r["end"]["character"].as_u64().unwrap()
        )],
        "{diags:#?}"
    );
    // go to definition from a `skills:` entry lands in the skill's SKILL.md
    let defs = c.request(
        "textDocument/definition",
        json!({ "textDocument": { "uri": uri(&architect) }, "position": pos_of(ARCHITECT, "postgresql") }),
    );
    assert_eq!(
        defs[0]["uri"],
        uri(&ws.path(".claude/skills/postgresql/SKILL.md"))
    );
    // completion of skill names in `skills:`: the project's skills not listed yet
    let at = range_of(ARCHITECT, "postgresql", 0);
    c.change(&uri(&architect), 2, json!([{ "range": at, "text": "po" }]));
    let line = at["start"]["line"].as_u64().unwrap() as u32;
    let col = at["start"]["character"].as_u64().unwrap() as u32 + 2;
    assert_eq!(
        labels(&c.completion(&uri(&architect), line, col)),
        ["postgresql"]
    );
    // references to the skill, from its own `name:` (its folder is its identity)
    let api = ws.path(".claude/skills/api-design-principles/SKILL.md");
    let api_text = ws.text(".claude/skills/api-design-principles/SKILL.md");
    c.open(&uri(&api), &api_text);
    c.diagnostics(&uri(&api), 1);
    let refs = c.request(
        "textDocument/references",
        json!({ "textDocument": { "uri": uri(&api) }, "position": { "line": 1, "character": 8 }, "context": { "includeDeclaration": true } }),
    );
    let mut found: Vec<(String, u64)> = refs
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            (
                l["uri"].as_str().unwrap().to_string(),
                l["range"]["start"]["line"].as_u64().unwrap(),
            )
        })
        .collect();
    found.sort();
    assert_eq!(found, [(uri(&architect), 3), (uri(&api), 1)]);
    // rename the skill: every reference, and the folder
    let edit = c.request(
        "textDocument/rename",
        json!({ "textDocument": { "uri": uri(&architect) }, "position": pos_of(ARCHITECT, "api-design-principles"), "newName": "api-design" }),
    );
    let changes = edit["documentChanges"].as_array().unwrap();
    let renames: Vec<&Value> = changes.iter().filter(|c| c["kind"] == "rename").collect();
    assert_eq!(renames.len(), 1, "{edit:#}");
    assert_eq!(
        renames[0]["oldUri"],
        uri(&ws.path(".claude/skills/api-design-principles"))
    );
    assert_eq!(
        renames[0]["newUri"],
        uri(&ws.path(".claude/skills/api-design"))
    );
    let in_agent = changes
        .iter()
        .find(|c| c["textDocument"]["uri"] == uri(&architect))
        .unwrap();
    assert_eq!(
        apply_edits(ARCHITECT, in_agent["edits"].as_array().unwrap()),
        ARCHITECT.replace("[api-design-principles,", "[api-design,")
    );
    // workspace symbols list every kind
    let symbols = c.request("workspace/symbol", json!({ "query": "" }));
    let mut kinds: Vec<(String, u64)> = symbols
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["name"].as_str().unwrap().to_string(),
                s["kind"].as_u64().unwrap(),
            )
        })
        .collect();
    kinds.sort();
    assert_eq!(
        kinds,
        [
            ("Terse".to_string(), 15),
            ("api-design-principles".to_string(), 12),
            ("architect".to_string(), 5),
            ("db:sql-migrations".to_string(), 24),
            ("postgresql".to_string(), 12),
            ("postgresql".to_string(), 24),
            ("runner".to_string(), 24),
        ]
    );
}

fn pos_of(text: &str, needle: &str) -> Value {
    let (line, character) = find_pos(text, needle, 0);
    json!({ "line": line, "character": character + 1 })
}
