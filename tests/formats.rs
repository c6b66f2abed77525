//! `agent-ls check` for CI: the SARIF and GitHub formats, `--fail-on` and the exit codes, baselines
//! and `--only-agent-files`, run as a user runs them.

use std::path::Path;
use std::process::{Command, Output};

use serde_json::{Value, json};

fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_agent-ls"));
    c.env("NO_COLOR", "1");
    c
}

/// Runs `agent-ls ARGS` in `dir`.
fn run_in(dir: &Path, args: &[&str]) -> Output {
    bin()
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run agent-ls")
}

fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).expect("utf-8 stdout")
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn temp_tree(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    for (p, content) in files {
        write(dir.path(), p, content);
    }
    dir
}

fn write(dir: &Path, p: &str, content: &str) {
    let path = dir.join(p);
    std::fs::create_dir_all(path.parent().expect("a parent")).expect("mkdir");
    std::fs::write(path, content).expect("write");
}

/// An astral character before a finding (columns differ between characters and UTF-16), a
/// warning with a safe fix, a hint with a safe fix, a warning with a related location, and
/// a hint without a fix.
const FIXTURE: &str = "---\nname: fixture\ndescription: 🦀 Use it: now\ntools: Read, Task\ncolor: teal\ncolor: red\n---\nBody\n";
const FIXTURE_PATH: &str = ".claude/agents/fixture.md";

fn fixture() -> tempfile::TempDir {
    temp_tree(&[(FIXTURE_PATH, FIXTURE)])
}

#[test]
fn github_format_is_one_workflow_command_per_finding() {
    let dir = fixture();
    let out = run_in(dir.path(), &["check", "--format", "github", "--hints", "."]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "warnings do not fail by default"
    );
    assert_eq!(
        stdout(&out),
        "::notice file=.claude/agents/fixture.md,line=3,col=1,endLine=3,endColumn=12,title=agent-ls no-examples::the description has no `<example>` blocks: 2 to 4 examples (Context, user, assistant, commentary) help Claude decide when to delegate
::warning file=.claude/agents/fixture.md,line=3,col=22,endLine=3,endColumn=23,title=agent-ls yaml-lenient-only::`: ` inside an unquoted value: Claude Code's fallback rewrite accepts it, but strict YAML parsers (GitHub, other agent tools, CI linters) reject the whole frontmatter; quote the value or use a block scalar
::notice file=.claude/agents/fixture.md,line=4,col=14,endLine=4,endColumn=18,title=agent-ls legacy-tool::`Task` is an old name: Claude Code 2.1.337 still resolves it, to `Agent`; write `Agent`
::warning file=.claude/agents/fixture.md,line=6,col=1,endLine=6,endColumn=6,title=agent-ls duplicate-key::duplicate key `color`: Claude Code keeps this later value and ignores the first, and strict YAML parsers reject the frontmatter; remove one of them%0Anote: first defined here (Claude Code keeps the later value) at .claude/agents/fixture.md:5:1
"
    );
}

#[test]
fn github_format_escapes_properties_and_data() {
    let dir = temp_tree(&[
        (
            ".claude/agents/a,b:c%.md",
            "---\nname: x\ndescription: d\ncolor: teal\n---\nBody\n",
        ),
        (".claude/agents/latin1.md", ""),
    ]);
    std::fs::write(
        dir.path().join(".claude/agents/latin1.md"),
        b"---\nname: \xe9\n",
    )
    .expect("write");
    let out = run_in(dir.path(), &["check", "--format", "github", ".claude"]);
    assert_eq!(out.status.code(), Some(1), "an unreadable file is an error");
    assert_eq!(
        stdout(&out),
        "::warning file=.claude/agents/a%2Cb%3Ac%25.md,line=4,col=8,endLine=4,endColumn=12,title=agent-ls unknown-color::unknown color `teal`, which Claude Code ignores: the `/agents` palette is red, blue, green, yellow, purple, orange, pink, cyan
::error file=.claude/agents/latin1.md,title=agent-ls unreadable-file::not valid UTF-8 (invalid byte at offset 10): Claude Code cannot read it as text
"
    );
}

fn sarif(out: &Output) -> Value {
    serde_json::from_slice(&out.stdout).expect("SARIF is JSON")
}

#[test]
fn sarif_driver_lists_every_rule_of_the_catalog() {
    let dir = fixture();
    let log = sarif(&run_in(dir.path(), &["check", "--format", "sarif", "."]));
    assert_eq!(log["version"], "2.1.0");
    assert_eq!(
        log["$schema"],
        "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
    );
    let run = &log["runs"][0];
    assert_eq!(run["columnKind"], "utf16CodeUnits");
    let driver = &run["tool"]["driver"];
    assert_eq!(driver["name"], "agent-ls");
    assert_eq!(driver["version"], env!("CARGO_PKG_VERSION"));
    let rules = driver["rules"].as_array().expect("rules");
    let catalog = &agent_ls::catalog::get().rules;
    assert_eq!(rules.len(), catalog.len());
    for (r, c) in rules.iter().zip(catalog) {
        assert_eq!(r["id"], c.code.as_str());
        assert_eq!(r["shortDescription"]["text"], c.summary.as_str());
        assert_eq!(r["fullDescription"]["text"], c.summary.as_str());
        let help = format!("{} Example: {}.", c.summary, c.example);
        assert_eq!(r["help"]["text"], help.as_str());
    }
    let rule = |id: &str| rules.iter().find(|r| r["id"] == id).expect("a rule");
    assert_eq!(
        rule("unknown-color"),
        &json!({
            "id": "unknown-color",
            "name": "UnknownColor",
            "shortDescription": { "text": "A colour outside the `/agents` palette: Claude Code ignores it." },
            "fullDescription": { "text": "A colour outside the `/agents` palette: Claude Code ignores it." },
            "help": {
                "text": "A colour outside the `/agents` palette: Claude Code ignores it. Example: `color: teal`.",
                "markdown": "A colour outside the `/agents` palette: Claude Code ignores it.\n\nExample: `color: teal`",
            },
            "defaultConfiguration": { "level": "warning" },
        })
    );
    assert_eq!(rule("yaml-error")["defaultConfiguration"]["level"], "error");
    assert_eq!(rule("name-style")["defaultConfiguration"]["level"], "note");
}

#[test]
fn sarif_results_have_regions_in_utf16_related_locations_and_fixes() {
    let dir = fixture();
    let out = run_in(dir.path(), &["check", "--format", "sarif", "--hints", "."]);
    assert_eq!(out.status.code(), Some(0));
    let log = sarif(&out);
    let index = |code: &str| {
        agent_ls::catalog::get()
            .rules
            .iter()
            .position(|r| r.code.as_str() == code)
            .expect("a rule")
    };
    let uri = json!({ "uri": FIXTURE_PATH });
    let region = |sl: u32, sc: u32, el: u32, ec: u32| json!({ "startLine": sl, "startColumn": sc, "endLine": el, "endColumn": ec });
    let location =
        |r: Value| json!([{ "physicalLocation": { "artifactLocation": uri, "region": r } }]);
    let fix = |title: &str, r: Value, text: &str| {
        json!([{
            "description": { "text": title },
            "artifactChanges": [{
                "artifactLocation": uri,
                "replacements": [{ "deletedRegion": r, "insertedContent": { "text": text } }],
            }],
        }])
    };
    let mut results = log["runs"][0]["results"].clone();
    // the fingerprints are checked apart (they are hashes)
    let mut fingerprints = Vec::new();
    for r in results.as_array_mut().expect("results") {
        let f = r
            .as_object_mut()
            .and_then(|o| o.remove("partialFingerprints"))
            .expect("fingerprints");
        fingerprints.push(f["agentLsContent/v1"].as_str().expect("a hash").to_string());
    }
    assert_eq!(
        results,
        json!([
            {
                "ruleId": "no-examples",
                "ruleIndex": index("no-examples"),
                "level": "note",
                "message": { "text": "the description has no `<example>` blocks: 2 to 4 examples (Context, user, assistant, commentary) help Claude decide when to delegate" },
                "locations": location(region(3, 1, 3, 12)),
            },
            {
                "ruleId": "yaml-lenient-only",
                "ruleIndex": index("yaml-lenient-only"),
                "level": "warning",
                "message": { "text": "`: ` inside an unquoted value: Claude Code's fallback rewrite accepts it, but strict YAML parsers (GitHub, other agent tools, CI linters) reject the whole frontmatter; quote the value or use a block scalar" },
                // column 22 in characters, 23 in UTF-16: the crab is two code units
                "locations": location(region(3, 23, 3, 24)),
                "fixes": fix("Quote the value of `description`", region(3, 14, 3, 28), "'🦀 Use it: now'"),
            },
            {
                "ruleId": "legacy-tool",
                "ruleIndex": index("legacy-tool"),
                "level": "note",
                "message": { "text": "`Task` is an old name: Claude Code 2.1.337 still resolves it, to `Agent`; write `Agent`" },
                "locations": location(region(4, 14, 4, 18)),
                "fixes": fix("Replace with `Agent`", region(4, 14, 4, 18), "Agent"),
            },
            {
                "ruleId": "duplicate-key",
                "ruleIndex": index("duplicate-key"),
                "level": "warning",
                "message": { "text": "duplicate key `color`: Claude Code keeps this later value and ignores the first, and strict YAML parsers reject the frontmatter; remove one of them" },
                "locations": location(region(6, 1, 6, 6)),
                "relatedLocations": [{
                    "id": 0,
                    "message": { "text": "first defined here (Claude Code keeps the later value)" },
                    "physicalLocation": { "artifactLocation": uri, "region": region(5, 1, 5, 6) },
                }],
            },
        ])
    );
    assert!(
        fingerprints
            .iter()
            .all(|f| f.len() == 16 && f.chars().all(|c| c.is_ascii_hexdigit())),
        "{fingerprints:?}"
    );
    // without --hints the notes are left out, as in the other formats
    let log = sarif(&run_in(dir.path(), &["check", "--format", "sarif", "."]));
    let ids: Vec<&str> = log["runs"][0]["results"]
        .as_array()
        .expect("results")
        .iter()
        .filter_map(|r| r["ruleId"].as_str())
        .collect();
    assert_eq!(ids, ["yaml-lenient-only", "duplicate-key"]);
}

#[test]
fn sarif_reports_unreadable_files_and_encodes_uris() {
    let dir = temp_tree(&[(".claude/agents/my agent#1.md", "")]);
    std::fs::write(
        dir.path().join(".claude/agents/my agent#1.md"),
        b"---\nname: \xff\n",
    )
    .expect("write");
    let out = run_in(dir.path(), &["check", "--format", "sarif", "."]);
    assert_eq!(out.status.code(), Some(1));
    let log = sarif(&out);
    let index = agent_ls::catalog::get()
        .rules
        .iter()
        .position(|r| r.code.as_str() == "unreadable-file");
    assert_eq!(
        log["runs"][0]["results"],
        json!([{
            "ruleId": "unreadable-file",
            "ruleIndex": index,
            "level": "error",
            "message": { "text": "not valid UTF-8 (invalid byte at offset 10): Claude Code cannot read it as text" },
            "locations": [{ "physicalLocation": {
                "artifactLocation": { "uri": ".claude/agents/my%20agent%231.md" },
                "region": { "startLine": 1, "startColumn": 1, "endLine": 1, "endColumn": 1 },
            } }],
        }])
    );
}

#[test]
fn fail_on_sets_the_threshold_of_exit_1() {
    let dir = fixture(); // warnings and hints, no error
    let code = |args: &[&str]| {
        let mut all = vec!["check"];
        all.extend_from_slice(args);
        all.push(".");
        run_in(dir.path(), &all).status.code()
    };
    assert_eq!(code(&[]), Some(0));
    assert_eq!(code(&["--fail-on", "error"]), Some(0));
    assert_eq!(code(&["--fail-on", "warning"]), Some(1));
    assert_eq!(code(&["--fail-on=warning", "--format", "json"]), Some(1));
    assert_eq!(code(&["--fail-on", "hint"]), Some(1));
    assert_eq!(code(&["--fail-on", "never"]), Some(2));
    assert_eq!(code(&["--fail-on"]), Some(2));

    // hints only: they fail the run with --fail-on hint, which also prints them
    let hints = temp_tree(&[(
        ".claude/agents/reviewer.md",
        "---\nname: reviewer\ndescription: Reviews code.\n---\nBody\n",
    )]);
    let out = run_in(hints.path(), &["check", "--fail-on", "warning", "."]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(stdout(&out), "0 errors, 0 warnings in 1 agent file\n");
    let out = run_in(hints.path(), &["check", "--fail-on", "hint", "."]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stdout(&out),
        "./.claude/agents/reviewer.md:3:1: hint[no-examples]: the description has no `<example>` blocks: 2 to 4 examples (Context, user, assistant, commentary) help Claude decide when to delegate
  |
3 | description: Reviews code.
  | ^^^^^^^^^^^

0 errors, 0 warnings, 1 hint in 1 agent file
"
    );

    // an error fails at every threshold
    let broken = temp_tree(&[(".claude/agents/x.md", "---\nname: x\nhooks: []\n---\n")]);
    for t in ["error", "warning", "hint"] {
        let out = run_in(broken.path(), &["check", "--fail-on", t, "."]);
        assert_eq!(out.status.code(), Some(1), "--fail-on {t}");
    }
}

#[test]
fn usage_and_configuration_errors_exit_2() {
    let dir = fixture();
    let p = dir.path();
    write(p, "not-json.json", "{ nope");
    write(p, "future.json", r#"{ "version": 9, "findings": [] }"#);
    let cases: &[(&[&str], &str)] = &[
        (&["check", "--format", "xml", "."], "unknown format `xml`"),
        (
            &["check", "--frobnicate", "."],
            "unknown option `--frobnicate`",
        ),
        (&["check", "--baseline"], "--baseline needs a value"),
        (
            &["check", "--baseline", "missing.json", "."],
            "cannot read baseline missing.json",
        ),
        (
            &["check", "--baseline", "not-json.json", "."],
            "not-json.json: not a baseline file",
        ),
        (
            &["check", "--baseline", "future.json", "."],
            "baseline version 9 is not supported",
        ),
        (
            &["check", "--write-baseline", "no/such/dir/b.json", "."],
            "no/such/dir",
        ),
        (
            &[
                "check",
                "--baseline",
                "a.json",
                "--write-baseline",
                "b.json",
            ],
            "cannot be used together",
        ),
    ];
    for (args, message) in cases {
        let out = run_in(p, args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(stderr(&out).contains(message), "{args:?}: {}", stderr(&out));
        assert!(out.stdout.is_empty(), "{args:?}");
    }
}

#[test]
fn baseline_reports_only_new_findings_and_survives_moved_lines() {
    let dir = temp_tree(&[(
        ".claude/agents/a.md",
        "---\nname: a\ndescription: Reviews code.\ncolor: teal\ntools: Read, bash\n---\nBody\n",
    )]);
    let p = dir.path();
    let out = run_in(
        p,
        &["check", "--write-baseline", "agent-ls-baseline.json", "."],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(out.stdout.is_empty());
    assert_eq!(
        stderr(&out),
        "agent-ls check: wrote 3 findings to agent-ls-baseline.json\n"
    );
    let written: Value = serde_json::from_str(
        &std::fs::read_to_string(p.join("agent-ls-baseline.json")).expect("baseline"),
    )
    .expect("json");
    assert_eq!(written["version"], 1);
    let findings = written["findings"].as_array().expect("findings");
    let fields: Vec<(&str, &str)> = findings
        .iter()
        .map(|f| {
            (
                f["path"].as_str().unwrap_or_default(),
                f["code"].as_str().unwrap_or_default(),
            )
        })
        .collect();
    // sorted, paths relative to the baseline's folder, hints included
    assert_eq!(
        fields,
        [
            (".claude/agents/a.md", "no-examples"),
            (".claude/agents/a.md", "unknown-color"),
            (".claude/agents/a.md", "unknown-tool"),
        ]
    );
    assert!(
        findings[1]["message"]
            .as_str()
            .is_some_and(|m| m.starts_with("unknown color `teal`"))
    );

    // lines inserted above the findings: nothing new
    write(
        p,
        ".claude/agents/a.md",
        "---\nname: a\nmodel: sonnet\n\ndescription: Reviews code.\nmaxTurns: 3\ncolor: teal\ntools: Read, bash\n---\nBody\n",
    );
    let out = run_in(
        p,
        &[
            "check",
            "--baseline",
            "agent-ls-baseline.json",
            "--fail-on",
            "hint",
            ".",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert_eq!(
        stdout(&out),
        "0 errors, 0 warnings, 0 hints in 1 agent file\n"
    );
    assert_eq!(
        stderr(&out),
        "agent-ls check: 3 findings suppressed by the baseline agent-ls-baseline.json\n"
    );

    // the same baseline from another folder, with the tree given by its absolute path
    let elsewhere = tempfile::tempdir().expect("temp dir");
    let baseline = p.join("agent-ls-baseline.json");
    let out = run_in(
        elsewhere.path(),
        &[
            "check",
            "--format",
            "json",
            "--baseline",
            baseline.to_str().expect("utf-8 path"),
            p.to_str().expect("utf-8 path"),
        ],
    );
    assert_eq!(stdout(&out), "[]\n");

    // a new problem: only it is reported; one that changed is new too, and the old one is gone
    write(
        p,
        ".claude/agents/a.md",
        "---\nname: a\nmodel: sonnet\n\ndescription: Reviews code.\nmaxTurns: 3\ncolor: teal\ntools: Read, bash\npermissionMode: yolo\n---\nBody\n",
    );
    let out = run_in(
        p,
        &[
            "check",
            "--baseline",
            "agent-ls-baseline.json",
            "--format",
            "github",
            ".",
        ],
    );
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        stdout(&out),
        "::warning file=.claude/agents/a.md,line=9,col=17,endLine=9,endColumn=21,title=agent-ls invalid-value::`yolo` is not a valid `permissionMode`, so Claude Code ignores it: use one of default, acceptEdits, auto, dontAsk, bypassPermissions, plan, manual\n"
    );
    write(
        p,
        ".claude/agents/a.md",
        "---\nname: a\ndescription: Reviews code.\ncolor: teal\ntools: Read, bassh\n---\nBody\n",
    );
    let out = run_in(
        p,
        &[
            "check",
            "--baseline",
            "agent-ls-baseline.json",
            "--format",
            "json",
            ".",
        ],
    );
    let codes: Vec<Value> = serde_json::from_slice::<Vec<Value>>(&out.stdout)
        .expect("json")
        .into_iter()
        .map(|d| d["code"].clone())
        .collect();
    assert_eq!(codes, [json!("unknown-tool")]);
    assert_eq!(
        stderr(&out),
        "agent-ls check: 2 findings suppressed by the baseline agent-ls-baseline.json (1 of its findings no longer occurs)\n"
    );
}

#[test]
fn baseline_matches_as_a_multiset() {
    // identical findings: same code, same text, same line text, same message
    let agent = |n: usize| {
        format!(
            "---\nname: a\ndescription: |\n  Reviews code.\n{}---\nBody\n",
            "  <commentary>why</commentary>\n".repeat(n)
        )
    };
    let dir = temp_tree(&[(".claude/agents/a.md", &agent(2))]);
    let p = dir.path();
    let out = run_in(p, &["check", "--write-baseline", "b.json", "."]);
    assert_eq!(stderr(&out), "agent-ls check: wrote 2 findings to b.json\n");
    // the two in the baseline absorb two of today's three, not more
    write(p, ".claude/agents/a.md", &agent(3));
    let out = run_in(
        p,
        &["check", "--baseline", "b.json", "--format", "json", "."],
    );
    let found: Vec<(String, u64)> = serde_json::from_slice::<Vec<Value>>(&out.stdout)
        .expect("json")
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap_or_default().to_string(),
                d["range"]["start"]["line"].as_u64().unwrap_or_default(),
            )
        })
        .collect();
    assert_eq!(found, [("commentary-outside-example".to_string(), 7)]);
    assert_eq!(
        stderr(&out),
        "agent-ls check: 2 findings suppressed by the baseline b.json\n"
    );
}

#[test]
fn only_agent_files_skips_named_files_that_are_not_agents() {
    let dir = temp_tree(&[
        ("README.md", "# Readme\n\nNot an agent.\n"),
        (
            "docs/agent.md",
            "---\nname: helper\ndescription: Helps.\ncolor: teal\n---\nBody\n",
        ),
    ]);
    let p = dir.path();
    let out = run_in(
        p,
        &["check", "--format", "json", "README.md", "docs/agent.md"],
    );
    assert_eq!(
        out.status.code(),
        Some(1),
        "named files are linted as agents"
    );
    assert!(stdout(&out).contains("missing-frontmatter"));
    let out = run_in(
        p,
        &[
            "check",
            "--only-agent-files",
            "--format",
            "json",
            "README.md",
            "docs/agent.md",
        ],
    );
    assert_eq!(out.status.code(), Some(0));
    let paths: Vec<String> = serde_json::from_slice::<Vec<Value>>(&out.stdout)
        .expect("json")
        .iter()
        .map(|d| format!("{} {}", d["path"].as_str().unwrap_or_default(), d["code"]))
        .collect();
    assert_eq!(paths, ["docs/agent.md \"unknown-color\""]);
}
