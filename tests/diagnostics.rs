//! Every diagnostic rule, through the protocol, with its exact range and severity.

mod common;

use common::*;
use serde_json::json;

struct Case {
    code: &'static str,
    /// The file name (in an agents folder), or a path below the project (`.claude/skills/...`).
    file: &'static str,
    text: &'static str,
    /// The range is `sub` inside the first occurrence of `within` (at occurrence `n` of `sub`).
    within: &'static str,
    sub: &'static str,
    severity: u64,
}

const fn case(
    code: &'static str,
    text: &'static str,
    within: &'static str,
    sub: &'static str,
    severity: u64,
) -> Case {
    Case {
        code,
        file: "a.md",
        text,
        within,
        sub,
        severity,
    }
}

/// A case for a file at `path` below the project (a skill, a command, ...).
const fn case_at(
    code: &'static str,
    path: &'static str,
    text: &'static str,
    within: &'static str,
    sub: &'static str,
    severity: u64,
) -> Case {
    Case {
        code,
        file: path,
        text,
        within,
        sub,
        severity,
    }
}

const ERROR: u64 = 1;
const WARNING: u64 = 2;
const HINT: u64 = 4;

const CASES: &[Case] = &[
    case_at(
        "missing-import",
        "proj/CLAUDE.md",
        "# Memory\nRead @docs/none.md first\n",
        "@docs/none.md",
        "@docs/none.md",
        WARNING,
    ),
    case_at(
        "import-in-code",
        "proj/CLAUDE.md",
        "# Memory\nType `@docs/none.md` to import\n",
        "@docs/none.md",
        "@docs/none.md",
        HINT,
    ),
    case_at(
        "ignored-in-plugin",
        "my-plugin/agents/planner.md",
        "---\nname: planner\ndescription: Plans.\nmcpServers: [github]\n---\nPlan.\n",
        "mcpServers",
        "mcpServers",
        WARNING,
    ),
    case_at(
        "file-not-loaded",
        ".claude/commands/deploy.MD",
        "---\ndescription: Deploys\n---\nDeploy.\n",
        "---",
        "---",
        ERROR,
    ),
    case_at(
        "description-truncated",
        ".claude/commands/deploy.md",
        "---\ndescription: Deploys\nwhen_to_use: xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n---\nDeploy.\n",
        "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
        "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
        WARNING,
    ),
    case_at(
        "never-invoked",
        ".claude/skills/hidden/SKILL.md",
        "---\nname: hidden\ndescription: Hidden\ndisable-model-invocation: yes\nuser-invocable: no\n---\nDo.\n",
        "invocable: no",
        "no",
        WARNING,
    ),
    case_at(
        "plugin-only-key",
        ".claude/output-styles/terse.md",
        "---\nname: Terse\nforce-for-plugin: true\n---\nShort.\n",
        "force-for-plugin",
        "force-for-plugin",
        WARNING,
    ),
    case_at(
        "invalid-tool-specifier",
        ".claude/commands/fetch.md",
        "---\ndescription: Fetches\nallowed-tools: Read, WebFetch(example.com)\n---\nFetch.\n",
        "WebFetch(example.com)",
        "WebFetch(example.com)",
        WARNING,
    ),
    case_at(
        "skill-name-mismatch",
        ".claude/skills/pdf/SKILL.md",
        "---\nname: pdf-tools\ndescription: Fills PDF forms.\n---\nFill.\n",
        "pdf-tools",
        "pdf-tools",
        WARNING,
    ),
    case_at(
        "skill-standard",
        ".claude/skills/pdf/SKILL.md",
        "---\nname: pdf\n---\nFill.\n",
        "---",
        "---",
        WARNING,
    ),
    case_at(
        "unknown-placeholder",
        ".claude/commands/fix.md",
        "---\ndescription: Fixes\narguments: issue\n---\nFix $issue and $isue.\n",
        "$isue",
        "$isue",
        WARNING,
    ),
    case_at(
        "unused-argument",
        ".claude/skills/fix/SKILL.md",
        "---\nname: fix\ndescription: Fixes\narguments: issue depth\n---\nFix $issue.\n",
        "issue depth",
        "depth",
        WARNING,
    ),
    case_at(
        "argument-numbered-from-one",
        ".claude/commands/review.md",
        "---\ndescription: Reviews\n---\nReview #$1 on $2.\n",
        "#$1 on",
        "$1",
        WARNING,
    ),
    case_at(
        "placeholder-in-code",
        ".claude/skills/migrate/SKILL.md",
        "---\nname: migrate\ndescription: Migrates\n---\nRun:\n\n```bash\nVERSION=$1\n```\n",
        "VERSION=$1",
        "$1",
        WARNING,
    ),
    case_at(
        "yaml-value-changed",
        ".claude/skills/pin/SKILL.md",
        "---\nname: pin\ndescription: &pinned Pins a version. Use when asked\n---\nPin.\n",
        "&pinned Pins a version. Use when asked",
        "&pinned Pins a version. Use when asked",
        WARNING,
    ),
    case_at(
        "json-syntax",
        ".claude/settings.json",
        "{\n  // hooks\n  \"model\": \"sonnet\"\n}\n",
        "// hooks",
        "// hooks",
        ERROR,
    ),
    case_at(
        "config-dropped",
        ".claude-plugin/plugin.json",
        "{\"name\": \"tools\", \"version\": 1}\n",
        "1}",
        "1",
        ERROR,
    ),
    case_at(
        "config-entry-skipped",
        ".mcp.json",
        "{\"mcpServers\": {\"db\": {\"command\": 42}}}\n",
        "42",
        "42",
        WARNING,
    ),
    case_at(
        "hook-matcher-no-tool",
        ".claude/settings.json",
        "{\"hooks\": {\"PreToolUse\": [{\"matcher\": \"Bsh\", \"hooks\": [{\"type\": \"command\", \"command\": \"true\"}]}]}}\n",
        "Bsh",
        "Bsh",
        WARNING,
    ),
    case_at(
        "hook-matcher-invalid",
        ".claude/settings.json",
        "{\"hooks\": {\"PreToolUse\": [{\"matcher\": \"[Bash\", \"hooks\": [{\"type\": \"command\", \"command\": \"true\"}]}]}}\n",
        "\"[Bash\"",
        "\"[Bash\"",
        WARNING,
    ),
    case_at(
        "hook-script-missing",
        ".claude/settings.json",
        "{\"hooks\": {\"Stop\": [{\"hooks\": [{\"type\": \"command\", \"command\": \"./absent.sh --now\"}]}]}}\n",
        "./absent.sh",
        "./absent.sh",
        WARNING,
    ),
    case_at(
        "hook-type-not-run",
        ".claude/settings.json",
        "{\"hooks\": {\"Setup\": [{\"hooks\": [{\"type\": \"http\", \"url\": \"http://127.0.0.1:9/h\"}]}]}}\n",
        "\"http\"",
        "\"http\"",
        WARNING,
    ),
    case_at(
        "plugin-path-missing",
        "plug/.claude-plugin/plugin.json",
        "{\"name\": \"plug\", \"hooks\": \"./hooks/extra.json\"}\n",
        "\"./hooks/extra.json\"",
        "\"./hooks/extra.json\"",
        WARNING,
    ),
    case_at(
        "unknown-setting",
        ".claude/settings.json",
        "{\"modle\": \"opus\"}\n",
        "\"modle\"",
        "\"modle\"",
        WARNING,
    ),
    case_at(
        "name-not-offered",
        ".claude/commands/re%E2%80%8Bview.md",
        "---\ndescription: Reviews\n---\nReview.\n",
        "---",
        "---",
        ERROR,
    ),
    case_at(
        "frontmatter-not-read",
        ".claude/skills/deploy/SKILL.md",
        "---yaml\nname: deploy\ndescription: Deploys\n---\nDeploy.\n",
        "---yaml",
        "---yaml",
        WARNING,
    ),
    case_at(
        "shell-without-bash",
        ".claude/commands/setup.md",
        "---\ndescription: Sets up\n---\nRun !`npm install` first.\n",
        "!`npm install`",
        "!`npm install`",
        WARNING,
    ),
    case_at(
        "broken-link",
        ".claude/skills/pdf/SKILL.md",
        "---\nname: pdf\ndescription: Fills PDF forms.\n---\nSee [it](references/forms.md).\n",
        "references/forms.md",
        "references/forms.md",
        WARNING,
    ),
    case(
        "missing-frontmatter",
        "# Notes\nname: a\n",
        "# Notes",
        "# Notes",
        ERROR,
    ),
    case(
        "unclosed-frontmatter",
        "---\nname: a\ndescription: b\n",
        "---",
        "---",
        ERROR,
    ),
    case(
        "yaml-lenient-only",
        "---\nname: a\ndescription: Use it: now\n---\nBody\n",
        "it: now",
        ":",
        WARNING,
    ),
    case(
        "yaml-error",
        "---\nname: a\ndescription: Use it\n  when: now\n---\nBody\n",
        "when: now",
        ":",
        ERROR,
    ),
    case(
        "yaml-strict-error",
        "---\nname: a\ndescription: b\nmodel: *nowhere\n---\nBody\n",
        "*nowhere",
        "*",
        WARNING,
    ),
    case(
        "unindented-continuation",
        "---\nname: a\ndescription: Use this agent when.\n<example>\nuser: hi\n---\nBody\n",
        "<example>",
        "<example>",
        ERROR,
    ),
    case(
        "invalid-flow-collection",
        "---\nname: a\ndescription: b\nskills: [a] [b]\n---\nBody\n",
        "[a] [b]",
        "[b]",
        WARNING,
    ),
    case(
        "tab-indentation",
        "---\nname: a\ndescription: b\ntools:\n\t- Read\n---\nBody\n",
        "\t- Read",
        "\t",
        WARNING,
    ),
    case(
        "duplicate-key",
        "---\nname: a\ndescription: b\nname: c\n---\nBody\n",
        "name: c",
        "name",
        WARNING,
    ),
    case(
        "hooks-empty-list",
        "---\nname: a\ndescription: b\nhooks: []\n---\nBody\n",
        "hooks: []",
        "[]",
        ERROR,
    ),
    case(
        "missing-name",
        "---\ndescription: b\n---\nBody\n",
        "---",
        "---",
        ERROR,
    ),
    case(
        "missing-description",
        "---\nname: a\n---\nBody\n",
        "---",
        "---",
        ERROR,
    ),
    case(
        "name-style",
        "---\nname: My_Agent\ndescription: b\n---\nBody\n",
        "My_Agent",
        "My_Agent",
        HINT,
    ),
    // Claude Code 2.1.330 drops an agent whose name starts with `-`, holds `:` or is too long
    case(
        "invalid-name",
        "---\nname: team:reviewer\ndescription: b\n---\nBody\n",
        "team:reviewer",
        "team:reviewer",
        ERROR,
    ),
    Case {
        code: "name-mismatch",
        file: "reviewer.md",
        text: "---\nname: code-reviewer\ndescription: b\n---\nBody\n",
        within: "code-reviewer",
        sub: "code-reviewer",
        severity: HINT,
    },
    case(
        "unknown-key",
        "---\nname: a\ndescription: b\ncolr: red\n---\nBody\n",
        "colr",
        "colr",
        WARNING,
    ),
    case(
        "invalid-type",
        "---\nname: a\ndescription: b\nmaxTurns: many\n---\nBody\n",
        "many",
        "many",
        WARNING,
    ),
    case(
        "unknown-tool",
        "---\nname: a\ndescription: b\ntools:\n  - Read\n  - bash\n---\nBody\n",
        "- bash",
        "bash",
        WARNING,
    ),
    case(
        "legacy-tool",
        "---\nname: a\ndescription: b\ntools: [Read, Task]\n---\nBody\n",
        "Task]",
        "Task",
        HINT,
    ),
    // Claude Code 2.1.330 drops `MultiEdit` silently: the agent cannot edit files
    case(
        "removed-tool",
        "---\nname: a\ndescription: b\ntools: Read, MultiEdit\n---\nBody\n",
        "MultiEdit",
        "MultiEdit",
        WARNING,
    ),
    // none resolves: listed, but the spawn is refused
    case(
        "tools-unresolved",
        "---\nname: a\ndescription: b\ntools: MultiEdit, LS\n---\nBody\n",
        "MultiEdit, LS",
        "MultiEdit, LS",
        ERROR,
    ),
    case(
        "no-tools",
        "---\nname: a\ndescription: b\ntools: \"\"\n---\nBody\n",
        "\"\"",
        "\"\"",
        WARNING,
    ),
    case(
        "tool-specifier",
        "---\nname: a\ndescription: b\ntools: Read, Bash(git:*)\n---\nBody\n",
        "Bash(git:*)",
        "Bash(git:*)",
        WARNING,
    ),
    case(
        "unknown-model",
        "---\nname: a\ndescription: b\nmodel: gpt-4\n---\nBody\n",
        "gpt-4",
        "gpt-4",
        WARNING,
    ),
    case(
        "unknown-color",
        "---\nname: a\ndescription: b\ncolor: teal\n---\nBody\n",
        "teal",
        "teal",
        WARNING,
    ),
    case(
        "invalid-value",
        "---\nname: a\ndescription: b\npermissionMode: yolo\n---\nBody\n",
        "yolo",
        "yolo",
        WARNING,
    ),
    case(
        "empty-body",
        "---\nname: a\ndescription: b\n---\n\n  \n",
        "\n---\n",
        "---",
        WARNING,
    ),
    case(
        "example-unclosed",
        "---\nname: a\ndescription: \"Use it. <example>user: a assistant: b\"\n---\nBody\n",
        "<example>",
        "<example>",
        WARNING,
    ),
    case(
        "example-stray-close",
        "---\nname: a\ndescription: Use it. user, then</example>\n---\nBody\n",
        "</example>",
        "</example>",
        WARNING,
    ),
    case(
        "example-nested",
        "---\nname: a\ndescription: |\n  <example>\n  user: a\n  <example>\n  assistant: b\n  </example>\n---\nBody\n",
        "  <example>\n  assistant",
        "<example>",
        WARNING,
    ),
    case(
        "commentary-outside-example",
        "---\nname: a\ndescription: 'Use it. <commentary>why</commentary>'\n---\nBody\n",
        "<commentary>",
        "<commentary>",
        WARNING,
    ),
    case(
        "example-missing-turn",
        "---\nname: a\ndescription: Use it.\\n<example>\\nuser: \"hi\"\\n</example>\n---\nBody\n",
        "<example>",
        "<example>",
        WARNING,
    ),
    case(
        "example-turn-order",
        "---\nname: a\ndescription: \"Use it.\\n<example>\\nassistant: ok\\nuser: hi\\n</example>\"\n---\nBody\n",
        "assistant: ok",
        "assistant",
        WARNING,
    ),
    case(
        "example-empty",
        "---\nname: a\ndescription: \"Use it. <example> </example>\"\n---\nBody\n",
        "<example> </example>",
        "<example> </example>",
        WARNING,
    ),
    case(
        "frontmatter-ends-early",
        "---\nname: a\ndescription: Before---after\nmodel: x\n---\nBody\n",
        "---after",
        "---",
        WARNING,
    ),
    case(
        "comment-in-value",
        "---\nname: a\ndescription: Use it: now\ntools: Read, Bash # read and run\n---\nBody\n",
        "# read and run",
        "# read and run",
        WARNING,
    ),
    case(
        "invalid-hooks",
        "---\nname: a\ndescription: b\nhooks: \"x\"\n---\nBody\n",
        "\"x\"",
        "\"x\"",
        ERROR,
    ),
    case(
        "hook-at-top-level",
        "---\nname: a\ndescription: b\nPreToolUse:\n  - matcher: Bash\n---\nBody\n",
        "PreToolUse",
        "PreToolUse",
        ERROR,
    ),
    case(
        "unknown-hook-event",
        "---\nname: a\ndescription: b\nhooks:\n  PreToolUs: []\n---\nBody\n",
        "PreToolUs",
        "PreToolUs",
        WARNING,
    ),
    case(
        "no-examples",
        "---\nname: a\ndescription: Reviews code.\n---\nBody\n",
        "description",
        "description",
        HINT,
    ),
    case(
        "unused-suppression",
        "---\nname: a\ndescription: b\n# agent-ls-disable-next-line color\ncolor: teal\n---\nBody\n<!-- agent-ls-disable unknown-color -->\n",
        "line color",
        "color",
        WARNING,
    ),
];

fn expected_range(text: &str, within: &str, sub: &str) -> serde_json::Value {
    let base = text.find(within).expect("within");
    let at = base + within.find(sub).expect("sub");
    let before = &text[..at];
    let line = before.matches('\n').count();
    let line_start = before.rfind('\n').map(|p| p + 1).unwrap_or(0);
    let ch = text[line_start..at].encode_utf16().count();
    let end = ch + sub.encode_utf16().count();
    json!({ "start": { "line": line, "character": ch }, "end": { "line": line, "character": end } })
}

#[test]
fn every_rule_has_its_exact_range_and_severity() {
    let mut c = Client::start_default();
    for (i, case) in CASES.iter().enumerate() {
        let uri = if case.file.contains('/') {
            format!("file:///project/case{i}/{}", case.file)
        } else {
            format!("file:///project/.claude/agents/case{i}/{}", case.file)
        };
        c.open(&uri, case.text);
        let d = c.diagnostics(&uri, 1);
        let found = with_code(&d, case.code);
        assert_eq!(found.len(), 1, "{}: {d:#?}", case.code);
        let want = expected_range(case.text, case.within, case.sub);
        assert_eq!(found[0]["range"], want, "{}", case.code);
        assert_eq!(found[0]["severity"], case.severity, "{}", case.code);
        assert!(
            found[0]["message"].as_str().is_some_and(|m| m.len() > 20),
            "{}: a message that says what to do",
            case.code
        );
    }
}

/// Rules about the whole workspace, tested with a workspace in `tests/workspace.rs`; and rules
/// about whole files, tested through `check` in `tests/fidelity.rs` (a file over 1 MiB) and
/// `tests/check.rs` (a file that is not UTF-8).
const WORKSPACE_RULES: &[&str] = &[
    "invalid-config",
    // tests/json_hooks.rs (a file's mode on disk)
    "hook-script-not-executable",
    "unknown-marketplace",
    "file-too-large",
    "unreadable-file",
    "duplicate-agent-name",
    "shadowed-agent",
    "unknown-mcp-server",
    // tests/analysis/rules.rs (a 40,000-character text)
    "memory-too-large",
    // tests/memory.rs
    "import-cycle",
    "import-too-deep",
    "import-outside-project",
    "agents-md-not-loaded",
    "paths-match-nothing",
    "memory-excluded",
    "import-loads-at-start",
    // tests/kinds.rs
    "unknown-skill",
    "unknown-agent",
    "duplicate-skill-name",
];

#[test]
fn every_catalog_rule_is_tested_here() {
    for rule in &agent_ls::catalog::get().rules {
        assert!(
            CASES.iter().any(|c| c.code == rule.code)
                || WORKSPACE_RULES.contains(&rule.code.as_str()),
            "rule {} has no protocol test",
            rule.code
        );
    }
}

#[test]
fn duplicate_key_points_at_the_first_definition() {
    let mut c = Client::start_default();
    let text = "---\nname: a\ndescription: b\nname: c\n---\nBody\n";
    let uri = agent_uri("a.md");
    c.open(&uri, text);
    let d = c.diagnostics(&uri, 1);
    let dup = with_code(&d, "duplicate-key");
    let rel = &dup[0]["relatedInformation"][0];
    assert_eq!(rel["location"]["uri"], uri);
    assert_eq!(rel["location"]["range"], range_of(text, "name", 0));
}

/// A CRLF line with an unquoted `: `: Claude Code 2.1.337 loads it (its retry with LF line
/// endings), so a warning that says strict YAML fails; with a comment that quoting would keep in
/// the value, it still drops the agent.
#[test]
fn crlf_line_with_unquoted_colon_loads_unless_quoting_changes_it() {
    let mut c = Client::start_default();
    let text = "---\r\nname: a\r\ndescription: Use it: now\r\n---\r\nBody\r\n";
    let uri = agent_uri("a.md");
    c.open(&uri, text);
    let d = c.diagnostics(&uri, 1);
    assert!(with_code(&d, "yaml-error").is_empty(), "{d:#?}");
    let w = with_code(&d, "yaml-strict-error");
    assert_eq!(w.len(), 1, "{d:#?}");
    assert!(w[0]["message"].as_str().unwrap().contains("CRLF"));
    assert_eq!(
        w[0]["range"]["start"],
        json!({ "line": 2, "character": 19 })
    );
    let text = "---\r\nname: b\r\ndescription: Use it: now #1\r\n---\r\nBody\r\n";
    let uri = agent_uri("b.md");
    c.open(&uri, text);
    let d = c.diagnostics(&uri, 1);
    let e = with_code(&d, "yaml-error");
    assert_eq!(e.len(), 1, "{d:#?}");
    assert_eq!(
        e[0]["range"]["start"],
        json!({ "line": 2, "character": 19 })
    );
}

#[test]
fn accepted_forms_raise_nothing() {
    let mut c = Client::start_default();
    let texts = [
        "---\nname: a\ndescription: b\ntools: Read, Agent(worker, researcher), Task(x), mcp__github, mcp__github__create_issue\nmodel: claude-sonnet-4-5-20250929\ncolor: pink\nhooks: {}\nmcpServers:\n  - github\n  - slack: {command: x}\nbackground: true\nmaxTurns: 12\neffort: max\nmemory: project\nisolation: worktree\ninitialPrompt: Go\n---\nBody\n",
        "---\nname: a\ndescription: >-\n  Use this agent when x.\n  <example>\n  Context: c\n  user: \"u\"\n  assistant: \"a\"\n  </example>\ntools:\n- Read\n- Grep\nmodel: inherit\n---\nBody\n",
        "---\nname: a\ndescription: 'It''s fine. <example>user: x assistant: y</example>'\ntools: []\n---\nBody\n",
    ];
    for (i, t) in texts.iter().enumerate() {
        // one name per file: agents open together form one project
        let t = t.replacen("name: a\n", &format!("name: a{i}\n"), 1);
        let uri = agent_uri(&format!("a{i}.md"));
        c.open(&uri, &t);
        let d = c.diagnostics(&uri, 1);
        let d: Vec<_> = d
            .into_iter()
            .filter(|d| {
                d["code"] != "no-examples" && d["code"] != "legacy-tool" && d["code"] != "no-tools"
            })
            .collect();
        assert!(d.is_empty(), "text {i}: {d:#?}");
    }
}

#[test]
fn readme_table_is_the_catalog() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let start = readme.find("-->\n").map(|i| i + 4).unwrap();
    let end = readme.find("<!-- rules:end -->").unwrap();
    assert_eq!(
        &readme[start..end],
        agent_ls::catalog::rules_markdown(),
        "README's rule table is stale: paste the output of `agent-ls rules`"
    );
}
