//! Snapshots of "fix all" (as `check --fix` applies it) and of `agent-ls check` as a user
//! reads it.

use super::*;

// ---------------------------------------------------------------------------------------------
// Snapshots: fix all (the safe fixes, as `check --fix` applies them)

#[test]
fn fix_all() {
    expect![[r#"
        fix: Quote the value of `description`
        fix: Replace with `Glob`
        fix: Replace with `Agent`
        fix: Replace with `Bash`
        fix: Replace with `Grep`
        fix: Replace with `Bash`
        edit 2:13..2:24 "Use it: now" -> "'Use it: now'"
        edit 3:13..3:15 "LS" -> "Glob"
        edit 3:17..3:21 "Task" -> "Agent"
        edit 3:23..3:27 "bash" -> "Bash"
        edit 3:29..3:35 "\"Grep\"" -> "Grep"
        edit 3:37..3:48 "Bash(git:*)" -> "Bash"
        left after fixing: ["no-examples"]
        ---- fixed:
        ---
        name: a
        description: 'Use it: now'
        tools: Read, Glob, Agent, Bash, Grep, Bash
        ---
        Body
    "#]]
    .assert_eq(&fix_all_dump(
        r#"
---
name: a
description: Use it: now
tools: Read, LS, Task, bash, "Grep", Bash(git:*)
---
Body
"#,
    ));
}

#[test]
fn fix_all_closes_tags_inside_the_quotes() {
    expect![[r#"
        fix: Insert `</example>`
        fix: Insert `</commentary>`
        edit 2:67..2:67 "" -> "</commentary>"
        edit 2:67..2:67 "" -> "</example>"
        left after fixing: []
        ---- fixed:
        ---
        name: a
        description: "Use it. <example>user: a assistant: b <commentary>why</commentary></example>"
        ---
        Body
    "#]]
    .assert_eq(&fix_all_dump(
        r#"
---
name: a
description: "Use it. <example>user: a assistant: b <commentary>why"
---
Body
"#,
    ));
}

/// Quoting a value and closing a tag at its end are two safe fixes whose edits touch (the
/// replacement of the whole value, an insertion at its end): applied together the closing tags
/// would land after the new closing quote. One round applies the first and leaves the other;
/// `check --fix` runs rounds until nothing safe is left, so the tags land inside the quotes.
#[test]
fn fix_all_of_quote_and_unclosed_tags_leaves_a_clean_file() {
    let dump = fix_all_dump(
        r#"
---
name: a
description: Use it: now <example>user: a assistant: b <commentary>why
---
Body
"#,
    );
    assert!(!dump.contains("</example>\n---"), "{dump}");
    let text = "---\nname: a\ndescription: Use it: now <example>user: a assistant: b <commentary>why\n---\nBody\n";
    let (fixed, titles) = agent_ls::analysis::fixes::fix_all(text, |t| doc(t).diagnostics())
        .expect("something to fix");
    assert_eq!(
        fixed,
        "---\nname: a\ndescription: 'Use it: now <example>user: a assistant: b <commentary>why</commentary></example>'\n---\nBody\n",
        "{titles:?}"
    );
    assert_eq!(doc(&fixed).diagnostics(), Vec::new());
}

#[test]
fn fix_all_leaves_unsafe_fixes() {
    // a did-you-mean guess is not safe: it could change what the user meant
    expect![[r#"
        left after fixing: ["no-examples", "unknown-key", "unknown-model", "unknown-tool", "tools-unresolved"]
        ---- fixed:
        ---
        name: a
        description: b
        colr: red
        model: sonet
        tools: Reed
        ---
        Body
    "#]]
    .assert_eq(&fix_all_dump(
        r#"
---
name: a
description: b
colr: red
model: sonet
tools: Reed
---
Body
"#,
    ));
}

#[test]
fn fix_all_has_nothing_safe_for_a_dropped_file() {
    expect![[r#"
        left after fixing: ["yaml-error"]
        ---- fixed:
        ---
        name: a
        description: Use it when: you need it
          and more
        ---
        Body
    "#]]
    .assert_eq(&fix_all_dump(
        r#"
---
name: a
description: Use it when: you need it
  and more
---
Body
"#,
    ));
}

/// Claude Code's fallback turns a leading tab into two spaces and reads this list as
/// `[Read, Grep]`; the span scanner reads the items the same way (hover, semantic tokens and
/// completion know them).
#[test]
fn tab_indented_list_items_are_scanned() {
    expect![[r#"
        4:3..4:7 "Read"
    "#]]
    .assert_eq(&first_line(&hover_dump(
        "---\nname: a\ndescription: b\ntools:\n\t- Re$0ad\n\t- Grep\n---\nBody\n",
    )));
}

/// Inside a flow list the word a tool completion replaces stops at the brackets (they are word
/// characters only in a model value such as `sonnet[1m]`): accepting `Write` in `[Read, $0]`
/// keeps the `]`.
#[test]
fn tool_completion_in_a_flow_list_keeps_the_bracket() {
    expect![[r#"
        Tool replacing 2:14..2:14 "":
    "#]]
    .assert_eq(&first_line(&completion_dump(
        "---\nname: a\ntools: [Read, $0]\n---\n",
    )));
}

fn first_line(s: &str) -> String {
    format!("{}\n", s.lines().next().unwrap_or(""))
}

// ---------------------------------------------------------------------------------------------
// Snapshot: `agent-ls check` as a user reads it

#[test]
fn check_text_output() {
    let dir = tempfile::tempdir().unwrap();
    let home = tempfile::tempdir().unwrap();
    let files: &[(&str, &[u8])] = &[
        (
            ".claude/agents/good.md",
            b"---\nname: good\ndescription: Reviews code.\n---\nBody\n",
        ),
        (
            ".claude/agents/broken.md",
            b"---\nname: broken\ndescription: Use it: now\ntools: Read, MultiEdit, Task\ncolor: teal\n---\nBody\n",
        ),
        (
            ".claude/agents/dropped.md",
            b"---\nname: dropped\ndescription: Use this agent when.\n<example>\n---\nBody\n",
        ),
        (".claude/agents/twin-a.md", b"---\nname: twin\ndescription: One.\n---\nBody\n"),
        (".claude/agents/twin-b.md", b"---\nname: twin\ndescription: Two.\n---\nBody\n"),
        (".claude/agents/latin1.md", b"---\nname: caf\xe9\n---\n"),
        (".claude/agents/README.md", b"# Our agents\n"),
        ("docs/guide.md", b"# Guide\n"),
    ];
    for (p, content) in files {
        let path = dir.path().join(p);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, content).unwrap();
    }
    let run = |args: &[&str]| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_agent-ls"))
            .arg("check")
            .args(args)
            .arg(".")
            .current_dir(dir.path())
            .env("NO_COLOR", "1")
            .env("HOME", home.path())
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "errors were found");
        String::from_utf8(out.stdout).unwrap()
    };
    expect![[r#"
        ./.claude/agents/broken.md:3:20: warning[yaml-lenient-only]: `: ` inside an unquoted value: Claude Code's fallback rewrite accepts it, but strict YAML parsers (GitHub, other agent tools, CI linters) reject the whole frontmatter; quote the value or use a block scalar
          |
        3 | description: Use it: now
          |                    ^

        ./.claude/agents/broken.md:4:14: warning[removed-tool]: `MultiEdit` no longer exists: Claude Code 2.1.337 drops it silently, so this agent cannot edit files; use `Edit`
          |
        4 | tools: Read, MultiEdit, Task
          |              ^^^^^^^^^

        ./.claude/agents/broken.md:5:8: warning[unknown-color]: unknown color `teal`, which Claude Code ignores: the `/agents` palette is red, blue, green, yellow, purple, orange, pink, cyan
          |
        5 | color: teal
          |        ^^^^

        ./.claude/agents/dropped.md:4:1: error[unindented-continuation]: this line continues `description` at column 1: Claude Code cannot parse the frontmatter, even after its fallback rewrite, so it reads no metadata and drops the agent (Claude Code 2.1.337); indent the continuation lines, or use a block scalar (`description: |`)
          |
        4 | <example>
          | ^^^^^^^^^

        ./.claude/agents/latin1.md: error: not valid UTF-8 (invalid byte at offset 13): Claude Code cannot read it as text

        ./.claude/agents/twin-a.md:2:7: warning[duplicate-agent-name]: agent `twin` is also defined in ./.claude/agents/twin-b.md: Claude Code keeps ./.claude/agents/twin-b.md (`Duplicate agent name ... active: ...`) and ignores this file (the nearest `.claude/agents` folder wins, then the path that sorts last); rename all but one
          |
        2 | name: twin
          |       ^^^^
          = note: `twin` is also defined here at ./.claude/agents/twin-b.md:2:7

        ./.claude/agents/twin-b.md:2:7: warning[duplicate-agent-name]: agent `twin` is also defined in ./.claude/agents/twin-a.md: Claude Code keeps this file and ignores the others (the nearest `.claude/agents` folder wins, then the path that sorts last); rename all but one
          |
        2 | name: twin
          |       ^^^^
          = note: `twin` is also defined here at ./.claude/agents/twin-a.md:2:7

        2 errors, 5 warnings in 6 agent files
    "#]]
    .assert_eq(&run(&[]));
    expect![[r#"
        ./.claude/agents/broken.md:3:1: hint[no-examples]: the description has no `<example>` blocks: 2 to 4 examples (Context, user, assistant, commentary) help Claude decide when to delegate
          |
        3 | description: Use it: now
          | ^^^^^^^^^^^

        ./.claude/agents/broken.md:3:20: warning[yaml-lenient-only]: `: ` inside an unquoted value: Claude Code's fallback rewrite accepts it, but strict YAML parsers (GitHub, other agent tools, CI linters) reject the whole frontmatter; quote the value or use a block scalar
          |
        3 | description: Use it: now
          |                    ^

        ./.claude/agents/broken.md:4:14: warning[removed-tool]: `MultiEdit` no longer exists: Claude Code 2.1.337 drops it silently, so this agent cannot edit files; use `Edit`
          |
        4 | tools: Read, MultiEdit, Task
          |              ^^^^^^^^^

        ./.claude/agents/broken.md:4:25: hint[legacy-tool]: `Task` is an old name: Claude Code 2.1.337 still resolves it, to `Agent`; write `Agent`
          |
        4 | tools: Read, MultiEdit, Task
          |                         ^^^^

        ./.claude/agents/broken.md:5:8: warning[unknown-color]: unknown color `teal`, which Claude Code ignores: the `/agents` palette is red, blue, green, yellow, purple, orange, pink, cyan
          |
        5 | color: teal
          |        ^^^^

        ./.claude/agents/dropped.md:4:1: error[unindented-continuation]: this line continues `description` at column 1: Claude Code cannot parse the frontmatter, even after its fallback rewrite, so it reads no metadata and drops the agent (Claude Code 2.1.337); indent the continuation lines, or use a block scalar (`description: |`)
          |
        4 | <example>
          | ^^^^^^^^^

        ./.claude/agents/good.md:3:1: hint[no-examples]: the description has no `<example>` blocks: 2 to 4 examples (Context, user, assistant, commentary) help Claude decide when to delegate
          |
        3 | description: Reviews code.
          | ^^^^^^^^^^^

        ./.claude/agents/latin1.md: error: not valid UTF-8 (invalid byte at offset 13): Claude Code cannot read it as text

        ./.claude/agents/twin-a.md:2:7: warning[duplicate-agent-name]: agent `twin` is also defined in ./.claude/agents/twin-b.md: Claude Code keeps ./.claude/agents/twin-b.md (`Duplicate agent name ... active: ...`) and ignores this file (the nearest `.claude/agents` folder wins, then the path that sorts last); rename all but one
          |
        2 | name: twin
          |       ^^^^
          = note: `twin` is also defined here at ./.claude/agents/twin-b.md:2:7

        ./.claude/agents/twin-a.md:2:7: hint[name-mismatch]: `name` is `twin` but the file is `twin-a.md`: Claude Code uses `name`, and a matching file name makes the agent easy to find
          |
        2 | name: twin
          |       ^^^^

        ./.claude/agents/twin-a.md:3:1: hint[no-examples]: the description has no `<example>` blocks: 2 to 4 examples (Context, user, assistant, commentary) help Claude decide when to delegate
          |
        3 | description: One.
          | ^^^^^^^^^^^

        ./.claude/agents/twin-b.md:2:7: warning[duplicate-agent-name]: agent `twin` is also defined in ./.claude/agents/twin-a.md: Claude Code keeps this file and ignores the others (the nearest `.claude/agents` folder wins, then the path that sorts last); rename all but one
          |
        2 | name: twin
          |       ^^^^
          = note: `twin` is also defined here at ./.claude/agents/twin-a.md:2:7

        ./.claude/agents/twin-b.md:2:7: hint[name-mismatch]: `name` is `twin` but the file is `twin-b.md`: Claude Code uses `name`, and a matching file name makes the agent easy to find
          |
        2 | name: twin
          |       ^^^^

        ./.claude/agents/twin-b.md:3:1: hint[no-examples]: the description has no `<example>` blocks: 2 to 4 examples (Context, user, assistant, commentary) help Claude decide when to delegate
          |
        3 | description: Two.
          | ^^^^^^^^^^^

        2 errors, 5 warnings, 7 hints in 6 agent files
    "#]]
    .assert_eq(&run(&["--hints"]));
    // the text format names no rule for a file it cannot read; the JSON does
    let json = run(&["--format", "json"]);
    let diags: serde_json::Value = serde_json::from_str(&json).unwrap();
    let latin1 = diags
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["path"] == "./.claude/agents/latin1.md")
        .unwrap();
    assert_eq!(latin1["code"], "unreadable-file");
}
