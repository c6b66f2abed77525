//! Fidelity: agent-ls's verdict on every file of `tests/fixtures/fidelity/` agrees with the real
//! Claude Code's. `ORACLE.json` there records what Claude Code (the version it names, 2.1.330)
//! did with each file, as `../shared/tools/cc-oracle` printed it: loaded or not, and what it
//! read. The rule: agent-ls reports an error exactly when Claude Code drops the file (or, for
//! `tools-unresolved`, lists the agent but refuses to spawn it).
//!
//! With `CLAUDE_BIN` set (README, "Re-verifying against Claude Code"), `live_oracle_agrees`
//! runs every fixture through the real Claude Code again and compares all three: the live
//! verdict, the recorded one and agent-ls's.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/fidelity");
/// Claude Code skips agent files over this many bytes.
const LIMIT: usize = 1_048_576;

fn oracle_record() -> serde_json::Map<String, Value> {
    let text = std::fs::read_to_string(Path::new(FIXTURES).join("ORACLE.json")).unwrap();
    match serde_json::from_str(&text).unwrap() {
        Value::Object(m) => m,
        _ => panic!("ORACLE.json is an object"),
    }
}

/// A file of exactly `size` bytes that is otherwise a valid agent (kept out of the repository).
fn sized_agent(stem: &str, size: usize) -> String {
    let mut s = format!(
        "---\nname: {stem}\ndescription: A test agent for fidelity checks.\n---\nYou are a test agent.\n"
    );
    while s.len() + 100 <= size {
        s.push_str(&"x".repeat(99));
        s.push('\n');
    }
    while s.len() < size {
        s.push('y');
    }
    s
}

/// The fixtures placed where Claude Code reads agents: `<tmp>/.claude/agents/`.
fn stage() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let agents = dir.path().join(".claude/agents");
    std::fs::create_dir_all(&agents).unwrap();
    for e in std::fs::read_dir(FIXTURES).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x == "md") {
            std::fs::copy(&p, agents.join(p.file_name().unwrap())).unwrap();
        }
    }
    std::fs::write(
        agents.join("size-at-limit.md"),
        sized_agent("size-at-limit", LIMIT),
    )
    .unwrap();
    std::fs::write(
        agents.join("too-large.md"),
        sized_agent("too-large", LIMIT + 1),
    )
    .unwrap();
    (dir, agents)
}

/// agent-ls's findings per file name: (code, severity).
fn agent_ls(dir: &Path) -> BTreeMap<String, Vec<(String, String)>> {
    let out = Command::new(env!("CARGO_BIN_EXE_agent-ls"))
        .args(["check", "--format", "json", "--hints"])
        .arg(dir)
        .output()
        .unwrap();
    let diags: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    let mut by: BTreeMap<String, Vec<(String, String)>> = BTreeMap::new();
    for d in diags {
        let file = Path::new(d["path"].as_str().unwrap())
            .file_name()
            .unwrap()
            .to_string_lossy()
            .into_owned();
        by.entry(file).or_default().push((
            d["code"].as_str().unwrap().to_string(),
            d["severity"].as_str().unwrap().to_string(),
        ));
    }
    by
}

/// agent-ls says Claude Code drops the file (an error other than a refused spawn).
fn drops(findings: &[(String, String)]) -> bool {
    findings
        .iter()
        .any(|(code, sev)| sev == "error" && code != "tools-unresolved")
}

#[test]
fn recorded_oracle_verdicts_hold() {
    let record = oracle_record();
    assert_eq!(
        record["claude_version"],
        agent_ls::catalog::get().verified_with.as_str(),
        "the record and the catalog name the same Claude Code"
    );
    let (_dir, agents) = stage();
    let found = agent_ls(&agents);
    let mut mismatches = Vec::new();
    let mut files = 0;
    for (file, v) in &record {
        if !file.ends_with(".md") {
            continue;
        }
        files += 1;
        assert!(
            agents.join(file).exists(),
            "{file} is recorded but not in the fixtures"
        );
        let loaded = v["loaded"].as_bool().unwrap();
        let mine = found.get(file).cloned().unwrap_or_default();
        if drops(&mine) == loaded {
            mismatches.push(format!(
                "{file}: Claude Code {}, agent-ls {mine:?}",
                if loaded { "loads it" } else { "drops it" }
            ));
        }
    }
    assert!(mismatches.is_empty(), "{}", mismatches.join("\n"));
    // every fixture is in the record
    let staged = std::fs::read_dir(&agents).unwrap().count();
    assert_eq!(files, staged, "every fixture has a recorded verdict");
    assert!(files >= 100, "{files}");
}

/// Beyond load verdicts: what Claude Code silently changes or loses, each with its rule and
/// severity (verified on the version in ORACLE.json).
#[test]
fn silent_changes_are_warnings_with_their_rule() {
    let (_dir, agents) = stage();
    let found = agent_ls(&agents);
    let cases = [
        // the last value wins; the file loads
        ("duplicate-name.md", "duplicate-key", "warning"),
        // the fallback turns tabs into spaces
        ("tab-indented-tools.md", "tab-indentation", "warning"),
        // read as the text `[a] [b]`
        (
            "invalid-flow-skills.md",
            "invalid-flow-collection",
            "warning",
        ),
        // the keys after `Before---` are lost
        (
            "description-triple-dash.md",
            "frontmatter-ends-early",
            "warning",
        ),
        // `# read and run` becomes tools
        ("tools-comment-fallback.md", "comment-in-value", "warning"),
        ("tools-multiedit.md", "removed-tool", "warning"),
        ("tools-quoted-in-comma-string.md", "unknown-tool", "warning"),
        ("tools-empty.md", "no-tools", "warning"),
        ("tools-empty-string.md", "no-tools", "warning"),
        ("tools-empty-list.md", "no-tools", "hint"),
        ("tools-all-removed.md", "tools-unresolved", "error"),
        (
            "hooks-map-posttooluse-string.md",
            "unknown-hook-event",
            "warning",
        ),
        ("posttooluse-top-level.md", "unknown-key", "warning"),
        ("unknown-key-colour.md", "unknown-key", "warning"),
        ("color-magenta.md", "unknown-color", "warning"),
        ("model-gpt-4.md", "unknown-model", "warning"),
        ("name-upper-underscore.md", "name-style", "hint"),
        ("too-large.md", "file-too-large", "error"),
        ("pretooluse-top-level.md", "hook-at-top-level", "error"),
        ("hooks-map-pretooluse-string.md", "invalid-hooks", "error"),
        ("name-fullwidth-colon.md", "invalid-name", "error"),
        ("name-number.md", "missing-name", "error"),
        ("description-list.md", "missing-description", "error"),
        // Claude Code 2.1.337 reads it after converting the line endings (2.1.332 dropped it)
        ("crlf-colon-space.md", "yaml-strict-error", "warning"),
        ("crlf-colon-space-twice.md", "yaml-strict-error", "warning"),
        ("crlf-colon-space-comment.md", "yaml-error", "error"),
    ];
    for (file, code, severity) in cases {
        let mine = found.get(file).cloned().unwrap_or_default();
        assert!(
            mine.iter().any(|(c, s)| c == code && s == severity),
            "{file}: expected {severity}[{code}], found {mine:?}"
        );
    }
    // what loads untouched raises nothing above a hint
    for file in [
        "plain-valid.md",
        "crlf-valid.md",
        "bom-valid.md",
        "model-inherit-upper.md",
        "permission-mode-manual.md",
        "tools-space-separated.md",
        "tools-agent-parens.md",
        "hooks-zero.md",
        "hooks-false.md",
        "size-at-limit.md",
    ] {
        let mine = found.get(file).cloned().unwrap_or_default();
        assert!(mine.iter().all(|(_, s)| s == "hint"), "{file}: {mine:?}");
    }
}

/// Opt-in: the real Claude Code, now, through the repository's own harness
/// (`tests/fixtures/fidelity/oracle-agents.py`). Set `CLAUDE_BIN` to its binary.
#[test]
fn live_oracle_agrees() {
    let Some(bin) = std::env::var_os("CLAUDE_BIN") else {
        eprintln!("CLAUDE_BIN is not set: the live comparison with Claude Code is skipped");
        return;
    };
    let oracle =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/fidelity/oracle-agents.py");
    let (_dir, agents) = stage();
    let mut files: Vec<PathBuf> = std::fs::read_dir(&agents)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    let out = Command::new("python3")
        .arg(&oracle)
        .args(&files)
        .env("CLAUDE_BIN", &bin)
        .output()
        .expect("python3 runs oracle-agents.py");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let record = oracle_record();
    let found = agent_ls(&agents);
    let mut mismatches = Vec::new();
    for line in String::from_utf8_lossy(&out.stdout).lines() {
        let v: Value = serde_json::from_str(line).unwrap();
        let file = Path::new(v["file"].as_str().unwrap())
            .file_name()
            .unwrap()
            .to_string_lossy()
            .into_owned();
        let live = v["loaded"].as_bool().unwrap();
        if record.get(&file).and_then(|r| r["loaded"].as_bool()) != Some(live) {
            mismatches.push(format!(
                "{file}: Claude Code now {} it, unlike ORACLE.json",
                if live { "loads" } else { "drops" }
            ));
        }
        let mine = found.get(&file).cloned().unwrap_or_default();
        if drops(&mine) == live {
            mismatches.push(format!(
                "{file}: Claude Code {}, agent-ls {mine:?}",
                if live { "loads it" } else { "drops it" }
            ));
        }
    }
    assert!(mismatches.is_empty(), "{}", mismatches.join("\n"));
}
