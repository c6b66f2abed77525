//! `agent-ls check`, run as a user runs it.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_agent-ls"));
    c.env("NO_COLOR", "1");
    c
}

fn run(args: &[&str]) -> Output {
    bin().args(args).output().expect("run agent-ls")
}

fn repo(p: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join(p)
        .to_string_lossy()
        .into_owned()
}

fn json(out: &Output) -> Vec<Value> {
    serde_json::from_slice::<Value>(&out.stdout)
        .expect("json output")
        .as_array()
        .cloned()
        .expect("an array")
}

#[test]
fn corpus_has_no_error_and_reports_its_real_problems() {
    let corpus = repo("../shared/corpus");
    assert!(
        Path::new(&corpus).is_dir(),
        "../shared/corpus must sit beside the checkout"
    );
    let out = run(&["check", "--format", "json", "--hints", &corpus]);
    let diags = json(&out);
    // errors exactly on the plugin manifests Claude Code 2.1.332 rejects (json-oracle
    // `--corpus-plugins`, CORPUS-PLUGINS.json): every other file of the corpus loads
    let record: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(repo("tests/fixtures/json-oracle/CORPUS-PLUGINS.json")).unwrap(),
    )
    .unwrap();
    let rejected: Vec<String> = record["plugins"]
        .as_object()
        .unwrap()
        .iter()
        .filter(|(_, p)| p["verdict"] == "rejected")
        .map(|(name, _)| format!("wshobson-plugins/{name}/.claude-plugin/plugin.json"))
        .collect();
    assert_eq!(rejected.len(), 1, "{rejected:?}");
    let mut with_errors: Vec<String> = diags
        .iter()
        .filter(|d| d["severity"] == "error")
        .map(|d| {
            let p = d["path"].as_str().unwrap();
            p[p.find("wshobson-plugins").unwrap_or(0)..].to_string()
        })
        .collect();
    with_errors.dedup();
    assert_eq!(with_errors, rejected, "{diags:#?}");
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let has = |code: &str, file: &str, msg: &str| {
        diags.iter().any(|d| {
            d["code"] == code
                && d["path"].as_str().unwrap().ends_with(file)
                && d["message"].as_str().unwrap().contains(msg)
        })
    };
    assert!(has(
        "unknown-tool",
        "04-quality-security__ui-ux-tester.md",
        "`chrome-mcp`"
    ));
    assert!(has(
        "unknown-tool",
        "09-meta-orchestration__codebase-orchestrator.md",
        "`pied-piper`"
    ));
    // Claude Code 2.1.330 drops these names silently: the agents lose the capability
    assert!(has(
        "removed-tool",
        "seed-3-backend-architect.md",
        "`MultiEdit` no longer exists: Claude Code 2.1.337 drops it silently, so this agent cannot edit files"
    ));
    assert!(has(
        "removed-tool",
        "agent-teams__team-lead.md",
        "`TeamCreate`"
    ));
    let removed: Vec<_> = diags
        .iter()
        .filter(|d| d["code"] == "removed-tool")
        .collect();
    assert_eq!(removed.len(), 3, "{removed:#?}");
    // `fable` is a model alias of 2.1.330
    assert!(!has(
        "unknown-model",
        "agent-teams__team-lead.md",
        "`fable`"
    ));
    for i in 0..5 {
        let seed = format!("seed-{i}-backend-architect.md");
        assert!(
            has(
                "yaml-lenient-only",
                &seed,
                "Claude Code's fallback rewrite accepts it"
            ),
            "{seed}"
        );
    }
    // the plugins' skills and commands: what Claude Code 2.1.330 silently loses in them
    assert!(has(
        "skill-name-mismatch",
        "database-design/skills/postgresql/SKILL.md",
        "it lists `postgresql (postgresql-table-design)`"
    ));
    assert!(has(
        "unknown-key",
        "database-migrations/commands/sql-migrations.md",
        "unknown key `tool_access`: Claude Code does not read it in a slash command"
    ));
    assert!(has(
        "broken-link",
        "cicd-automation/skills/secrets-management/SKILL.md",
        "`references/vault-setup.md` is not in the skill's folder"
    ));
    assert!(has(
        "broken-link",
        "security-scanning/skills/sast-configuration/SKILL.md",
        "`../owasp-top10-checklist/SKILL.md` does not exist"
    ));
    let in_plugins =
        |d: &&serde_json::Value| d["path"].as_str().unwrap().contains("wshobson-plugins");
    let broken: Vec<_> = diags
        .iter()
        .filter(in_plugins)
        .filter(|d| d["code"] == "broken-link")
        .collect();
    assert_eq!(broken.len(), 30, "{broken:#?}");
    let mut kinds: Vec<_> = diags
        .iter()
        .filter(in_plugins)
        .map(|d| d["kind"].as_str().unwrap())
        .collect();
    kinds.sort();
    kinds.dedup();
    assert_eq!(kinds, ["command", "plugin-manifest", "skill"]);
    let text = run(&["check", &corpus]);
    assert!(
        String::from_utf8_lossy(&text.stdout).trim_end().ends_with(
            "in 742 agent files (365 agents, 181 skills, 105 slash commands, 91 plugin manifests)"
        ),
        "{}",
        String::from_utf8_lossy(&text.stdout)
    );
    // every file of the corpus was checked: the seeds by content, the rest too
    let files: std::collections::BTreeSet<_> = diags
        .iter()
        .map(|d| d["path"].as_str().unwrap().to_string())
        .collect();
    assert!(files.len() >= 360, "{} files reported", files.len());
}

#[test]
fn examples_folder_prints_rustc_style_reports_and_fails() {
    let out = bin()
        .args(["check", "examples"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    let expected = "examples/.claude/agents/release-helper.md:6:8: warning[unknown-color]: unknown color `teal`, which Claude Code ignores: the `/agents` palette is red, blue, green, yellow, purple, orange, pink, cyan
  |
6 | color: teal
  |        ^^^^
";
    assert!(text.contains(expected), "{text}");
    assert!(text.contains("examples/.claude/agents/hook-runner.md:4:8: error[hooks-empty-list]"));
    // a skill, a command and a memory file beside the agents
    assert!(
        text.contains(
            "examples/.claude/skills/pdf-forms/SKILL.md:2:7: warning[skill-name-mismatch]"
        )
    );
    assert!(
        text.contains(
            "examples/.claude/commands/release/notes.md:11:25: warning[shell-without-bash]"
        )
    );
    assert!(text.contains(
        "examples/CLAUDE.md:5:73: warning[missing-import]: `@docs/style.md.` points to no file"
    ));
    assert!(text.contains("examples/.claude/agents/doc-writer.md:4:1: error[unindented-continuation]: this line continues `description`"));
    assert!(
        text.trim_end()
            .ends_with(
                "2 errors, 13 warnings in 8 agent files (5 agents, 1 skill, 1 slash command, 1 memory file)"
            ),
        "{text}"
    );
    assert!(
        !text.contains("code-reviewer.md"),
        "the clean agent has nothing to report"
    );
    assert!(
        !text.contains("README.md"),
        "README without frontmatter is not an agent"
    );
    assert!(!text.contains('\x1b'), "no colour when NO_COLOR is set");
}

#[test]
fn long_lines_keep_the_caret_under_the_span() {
    let out = bin()
        .args(["check", "examples/.claude/agents/backend-architect.md"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    let src = lines
        .iter()
        .position(|l| l.starts_with("3 | "))
        .expect("source line");
    let caret_col = lines[src + 1].find('^').expect("caret");
    let shown: Vec<char> = lines[src].chars().collect();
    let under = lines[src + 1][..caret_col].chars().count();
    assert_eq!(shown[under], ':', "{}\n{}", lines[src], lines[src + 1]);
}

#[test]
fn colour_when_asked() {
    let out = bin()
        .args(["check", "--color", "always", "examples"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains("\x1b[1;31merror\x1b[0m"));
}

fn temp_tree(files: &[(&str, &[u8])]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (p, content) in files {
        let path: PathBuf = dir.path().join(p);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, content).unwrap();
    }
    dir
}

#[test]
fn json_gitignore_unreadable_files_and_no_writes() {
    let dir = temp_tree(&[
        (".gitignore", b"ignored/\n"),
        (
            ".claude/agents/good.md",
            b"---\nname: good\ndescription: Reviews code.\n---\nBody\n",
        ),
        (
            ".claude/agents/bad.md",
            b"---\nname: bad\ndescription: x\ncolor: teal\n---\nBody\n",
        ),
        (".claude/agents/binary.md", b"---\nname: \xff\xfe\n---\n"),
        ("ignored/.claude/agents/x.md", b"---\nname: x\n"),
        ("docs/guide.md", b"# Guide\n\nNot an agent.\n"),
    ]);
    let before: Vec<_> = walk(dir.path());
    let out = run(&["check", "--format", "json", dir.path().to_str().unwrap()]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "the unreadable file is an error"
    );
    let diags = json(&out);
    let paths: Vec<_> = diags.iter().map(|d| d["path"].as_str().unwrap()).collect();
    assert!(paths.iter().all(|p| !p.contains("ignored")), "{paths:?}");
    assert!(paths.iter().all(|p| !p.contains("guide.md")));
    let teal = diags.iter().find(|d| d["code"] == "unknown-color").unwrap();
    assert_eq!(
        teal["range"],
        serde_json::json!({ "start": { "line": 4, "column": 8 }, "end": { "line": 4, "column": 12 } })
    );
    assert_eq!(teal["severity"], "warning");
    let bin = diags
        .iter()
        .find(|d| d["path"].as_str().unwrap().ends_with("binary.md"))
        .unwrap();
    assert_eq!(bin["code"], "unreadable-file");
    assert!(bin["message"].as_str().unwrap().contains("UTF-8"));
    assert_eq!(walk(dir.path()), before, "check writes nothing");
}

fn walk(p: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(p).unwrap() {
        let e = e.unwrap();
        let path = e.path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push((path.clone(), std::fs::read(&path).unwrap()));
        }
    }
    out.sort();
    out
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(run(&["check", "--format", "xml"]).status.code(), Some(2));
    assert_eq!(run(&["frobnicate"]).status.code(), Some(2));
    let missing = run(&["check", "/definitely/not/here"]);
    assert_eq!(missing.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("no such file"));
}

#[test]
fn fix_rewrites_only_when_asked_and_says_what_changed() {
    let dir = temp_tree(&[(
        ".claude/agents/a.md",
        b"---\nname: a\ndescription: Use it: now\ntools: Read, LS\n---\nBody\n",
    )]);
    let path = dir.path().join(".claude/agents/a.md");
    let before = std::fs::read(&path).unwrap();
    let out = run(&["check", dir.path().to_str().unwrap()]);
    assert_eq!(std::fs::read(&path).unwrap(), before, "no --fix, no write");
    assert!(String::from_utf8_lossy(&out.stdout).contains("yaml-lenient-only"));
    let out = run(&["check", "--fix", "--hints", dir.path().to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("fixed ")
            && stderr.contains("Quote the value of `description`")
            && stderr.contains("Replace with `Glob`"),
        "{stderr}"
    );
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        "---\nname: a\ndescription: 'Use it: now'\ntools: Read, Glob\n---\nBody\n"
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        !stdout.contains("yaml-lenient-only") && !stdout.contains("legacy-tool"),
        "{stdout}"
    );
    assert_eq!(out.status.code(), Some(0));
}

/// Claude Code 2.1.330: of two agents with one name in one folder, the path that sorts last by
/// UTF-16 code units is active (`Z.md` sorts before `a.md`); the diagnostic says which.
#[test]
fn duplicate_names_say_which_file_claude_code_keeps() {
    let agent = b"---\nname: x\ndescription: d\n---\nbody\n";
    let dir = temp_tree(&[
        (".claude/agents/a.md", agent),
        (".claude/agents/Z.md", agent),
    ]);
    let out = run(&["check", "--format", "json", dir.path().to_str().unwrap()]);
    let diags = json(&out);
    let msg = |file: &str| {
        diags
            .iter()
            .find(|d| {
                d["code"] == "duplicate-agent-name" && d["path"].as_str().unwrap().ends_with(file)
            })
            .map(|d| d["message"].as_str().unwrap().to_string())
            .unwrap()
    };
    assert!(
        msg("a.md").contains("Claude Code keeps this file"),
        "{}",
        msg("a.md")
    );
    assert!(
        msg("Z.md").contains("a.md (`Duplicate agent name")
            && msg("Z.md").contains("ignores this file"),
        "{}",
        msg("Z.md")
    );
}

/// Every occurrence of a broken link or `@path` is reported, the same target many times over
/// (the check resolves and describes each target once).
#[test]
fn each_occurrence_of_a_broken_link_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    let skill = dir.path().join(".claude/skills/s/SKILL.md");
    std::fs::create_dir_all(skill.parent().unwrap()).unwrap();
    std::fs::write(dir.path().join(".claude/skills/s/there.md"), "x\n").unwrap();
    std::fs::write(
        &skill,
        "---\nname: s\ndescription: Does s.\n---\nSee [a](missing.md), [b](missing.md), [c](there.md).\nRead @nofile.md and @nofile.md, [d](gone.md).\n",
    )
    .unwrap();
    let out = run(&["check", "--format", "json", dir.path().to_str().unwrap()]);
    let broken: Vec<(u64, u64, String)> = json(&out)
        .iter()
        .filter(|d| d["code"] == "broken-link")
        .map(|d| {
            (
                d["range"]["start"]["line"].as_u64().unwrap(),
                d["range"]["start"]["column"].as_u64().unwrap(),
                d["message"]
                    .as_str()
                    .unwrap()
                    .split(' ')
                    .next()
                    .unwrap()
                    .to_string(),
            )
        })
        .collect();
    assert_eq!(
        broken,
        [
            (5, 9, "`missing.md`".to_string()),
            (5, 26, "`missing.md`".to_string()),
            (6, 6, "`@nofile.md`".to_string()),
            (6, 21, "`@nofile.md`".to_string()),
            (6, 37, "`gone.md`".to_string()),
        ]
    );
}

/// `agent-ls preview FILE ARGS...` prints the prompt Claude Code 2.1.330 sends for the command:
/// `$N` counted from `$0`, substituted inside code too, `\$1` kept as `$1`, an argument holding
/// a space kept whole; a file that is no skill or command is refused with 2.
#[test]
fn preview_prints_the_prompt_claude_code_sends() {
    let dir = tempfile::tempdir().unwrap();
    let cmd = dir.path().join(".claude/commands/git/review.md");
    std::fs::create_dir_all(cmd.parent().unwrap()).unwrap();
    std::fs::write(
        &cmd,
        "---\ndescription: Review\n---\nReview $0 on $1 ($2).\n```bash\nb=$1; keep=\\$1\n```\n",
    )
    .unwrap();
    let out = bin()
        .args(["preview", cmd.to_str().unwrap(), "42", "my branch"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "Review 42 on my branch ($2).\n```bash\nb=my branch; keep=$1\n```\n"
    );
    let memory = dir.path().join("CLAUDE.md");
    std::fs::write(&memory, "# Notes\n").unwrap();
    let out = bin()
        .args(["preview", memory.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not a skill or a slash command"));
}

/// Claude Code 2.1.332's additions and the facts the release check found: `PreSkillShellCommand`
/// is a hook event, and a guard one (at an agent's top level it drops the agent); `McpTaskCheck`,
/// new in 2.1.332's tool registry but behind a feature flag, is no tool an agent can list (its
/// spawn is refused: "unrecognized [McpTaskCheck]", cc-oracle --use); `YES` is true for a lenient boolean; `effort: med` and `context: inline` are valid.
#[test]
fn claude_code_2_1_332_facts() {
    let dir = tempfile::tempdir().unwrap();
    let write = |rel: &str, text: &str| {
        let p = dir.path().join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    };
    write(
        ".claude/agents/hooked.md",
        "---\nname: hooked\ndescription: Runs with a hook. Use when asked\ntools: Read, McpTaskCheck\nhooks:\n  PreSkillShellCommand:\n    - hooks:\n        - type: command\n          command: echo ok\n---\nBody.\n",
    );
    write(
        ".claude/agents/guard.md",
        "---\nname: guard\ndescription: Guarded. Use when asked\nPreSkillShellCommand:\n  - hooks:\n      - type: command\n        command: echo ok\n---\nBody.\n",
    );
    write(
        ".claude/skills/quiet/SKILL.md",
        "---\nname: quiet\ndescription: Quiet. Use when asked\ndisable-model-invocation: YES\neffort: med\ncontext: inline\n---\nBody.\n",
    );
    let out = bin()
        .args(["check", "--format", "json", "--hints"])
        .arg(dir.path())
        .output()
        .unwrap();
    let diags = json(&out);
    let codes = |file: &str| -> Vec<String> {
        diags
            .iter()
            .filter(|d| d["path"].as_str().unwrap().ends_with(file))
            .map(|d| {
                format!(
                    "{}:{}",
                    d["code"].as_str().unwrap(),
                    d["severity"].as_str().unwrap()
                )
            })
            .collect()
    };
    let hooked = codes("hooked.md");
    assert!(
        !hooked.iter().any(|c| c.starts_with("unknown-hook-event")),
        "{hooked:?}"
    );
    assert!(
        hooked.contains(&"unknown-tool:warning".to_string()),
        "{hooked:?}"
    );
    assert!(
        codes("guard.md").contains(&"hook-at-top-level:error".to_string()),
        "{diags:?}"
    );
    let quiet = codes("SKILL.md");
    assert!(
        !quiet.iter().any(|c| c.starts_with("invalid-value")),
        "{quiet:?}"
    );
}

/// The five broken JSON files of the issue, in one project: `check .` reports each problem on
/// its characters, with what Claude Code 2.1.330 does (tests/fixtures/json-oracle).
#[test]
fn the_json_configuration_is_checked() {
    let dir = tempfile::tempdir().unwrap();
    let write = |rel: &str, text: &str| {
        let p = dir.path().join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    };
    write(
        ".claude/settings.json",
        r#"{
  "hooks": {
    "UserPromptSubmit": [{"hooks": [{"type": "comand", "command": "echo hi"}]}],
    "Stop": [{"hooks": [{"type": "command", "command": 42}]}]
  },
  "permissions": {"allow": ["Bash(git:*"]}
}
"#,
    );
    write(
        ".claude-plugin/plugin.json",
        r#"{"name": "tools", "version": 1}"#,
    );
    write(".mcp.json", r#"{"mcpServers": {"db": {"command": 7}}}"#);
    write("docs/package.json", r#"{"name": 1}"#);
    let out = bin()
        .current_dir(dir.path())
        .args(["check", "--format", "json", "."])
        .output()
        .unwrap();
    let found: Vec<(String, String, u64, u64, String)> = json(&out)
        .iter()
        .map(|d| {
            (
                d["path"]
                    .as_str()
                    .unwrap()
                    .trim_start_matches("./")
                    .to_string(),
                d["code"].as_str().unwrap().to_string(),
                d["range"]["start"]["line"].as_u64().unwrap(),
                d["range"]["start"]["column"].as_u64().unwrap(),
                d["message"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let has = |path: &str, code: &str, line: u64, col: u64, words: &str| {
        found
            .iter()
            .any(|f| f.0 == path && f.1 == code && f.2 == line && f.3 == col && f.4.contains(words))
    };
    assert!(
        has(
            ".claude/settings.json",
            "config-entry-skipped",
            3,
            46,
            "did you mean `command`?"
        ),
        "{found:#?}"
    );
    assert!(
        has(
            ".claude/settings.json",
            "config-entry-skipped",
            4,
            56,
            "`command` must be a string"
        ),
        "{found:#?}"
    );
    assert!(
        has(
            ".claude/settings.json",
            "config-entry-skipped",
            6,
            29,
            "no closing `)`"
        ),
        "{found:#?}"
    );
    assert!(
        has(
            ".claude-plugin/plugin.json",
            "config-dropped",
            1,
            30,
            "rejects the whole plugin"
        ),
        "{found:#?}"
    );
    assert!(
        has(".mcp.json", "config-entry-skipped", 1, 35, "never started"),
        "{found:#?}"
    );
    // other JSON is left alone
    assert!(
        !found.iter().any(|f| f.0.contains("package.json")),
        "{found:#?}"
    );
    assert_eq!(found.len(), 5, "{found:#?}");
}
