//! Diagnostics beyond one case per rule: variants, files across a project, and the fixture
//! format itself.

use super::*;

// ---------------------------------------------------------------------------------------------
// Diagnostics: variants beyond one case per rule

#[test]
fn tools_unresolved_over_a_block_list_spans_lines() {
    check_diagnostics(
        r#"
---
name: a
description: b
^^^^^^^^^^^ hint no-examples
tools:
  - MultiEdit
  ^^^^^^^^^^^ error tools-unresolved (to +1:6): none of the listed tools exists in Claude Code 2.1.337
    ^^^^^^^^^ warning removed-tool: `MultiEdit` no longer exists: Claude Code 2.1.337 drops it silently, so this agent cannot edit files; use `Edit`
  - LS
    ^^ warning removed-tool: `LS` no longer exists
---
Body
"#,
    );
}

#[test]
fn empty_tools_variants() {
    check_diagnostics(
        r#"
---
name: a
description: b
^^^^^^^^^^^ hint no-examples
tools:
^^^^^ warning no-tools: `tools` is empty
---
Body
"#,
    );
    // an explicit empty flow list is a deliberate choice: a hint
    check_diagnostics(
        r#"
---
name: a
description: b
^^^^^^^^^^^ hint no-examples
tools: []
       ^^ hint no-tools: `tools` is an empty list
---
Body
"#,
    );
}

#[test]
fn quoted_names_inside_a_comma_string() {
    check_diagnostics(
        r#"
---
name: a
description: b
^^^^^^^^^^^ hint no-examples
tools: Read, "Grep"
             ^^^^^^ warning unknown-tool: `"Grep"`: inside a comma-separated string the quotes are part of the name
---
Body
"#,
    );
}

#[test]
fn malformed_mcp_names_and_case() {
    check_diagnostics(
        r#"
---
name: a
description: b
^^^^^^^^^^^ hint no-examples
tools: read, mcp__a__b__c, mcp__github
       ^^^^ warning unknown-tool: unknown tool `read`, which Claude Code drops silently: did you mean `Read`? Tool names are case-sensitive
             ^^^^^^^^^^^^ warning unknown-tool: malformed MCP tool name `mcp__a__b__c`
---
Body
"#,
    );
}

/// Claude Code 2.1.337 reads a CRLF line with an unquoted `: ` after it tried the text again with
/// LF line endings (2.1.332 dropped the agent; fidelity `crlf-colon-space*.md`); a value that
/// quoting would change (here a comment) still drops it.
#[test]
fn crlf_line_with_unquoted_colon_loads_unless_quoting_changes_it() {
    let crlf = Config {
        crlf: true,
        ..Config::default()
    };
    check_diagnostics_with(
        &crlf,
        r#"
---
name: a
description: Use it: now
^^^^^^^^^^^ hint no-examples: the description has no `<example>` blocks: 2 to 4 examples (Context, user, assistant, commentary) help Claude decide when to delegate
                   ^ warning yaml-strict-error
---
Body
"#,
    );
    check_diagnostics_with(
        &crlf,
        r#"
---
name: a
description: Use it: now #1
                   ^ error yaml-error
---
Body
"#,
    );
}

#[test]
fn bom_and_crlf_keep_columns() {
    // the BOM is a character of line 0; columns on the other lines do not move
    check_diagnostics_with(
        &Config {
            crlf: true,
            ..Config::default()
        },
        "\u{feff}---
name: a
description: b
^^^^^^^^^^^ hint no-examples
color: teal
       ^^^^ warning unknown-color: unknown color `teal`
---
body
",
    );
}

#[test]
fn columns_count_characters_and_tabs_line_up() {
    check_diagnostics(
        r#"
---
name: a
description: 😀 Use it: now
^^^^^^^^^^^ hint no-examples
                     ^ warning yaml-lenient-only
tools:
	- bash
^ warning tab-indentation: tab used for indentation
	^^^^^^ error tools-unresolved: none of the listed tools exists
	  ^^^^ warning unknown-tool: unknown tool `bash`
---
Body
"#,
    );
}

#[test]
fn accepted_forms_raise_only_hints() {
    check_diagnostics(
        r#"
---
name: a
description: b
^^^^^^^^^^^ hint no-examples
tools: Read, Agent(worker, researcher), Task(x), mcp__github, mcp__github__create_issue
                                        ^^^^ hint legacy-tool: `Task` is an old name: Claude Code 2.1.337 still resolves it, to `Agent`; write `Agent`
model: claude-sonnet-4-5-20250929
color: pink
hooks: {}
mcpServers:
  - github
  - slack: {command: x}
background: true
maxTurns: 12
effort: max
memory: project
isolation: worktree
initialPrompt: Go
---
Body
"#,
    );
    check_diagnostics(
        r#"
---
name: a
description: >-
  Use this agent when x.
  <example>
  Context: c
  user: "u"
  assistant: "a"
  </example>
tools:
- Read
- Grep
model: inherit
---
Body
"#,
    );
    check_diagnostics(
        r#"
---
name: a
description: 'It''s fine. <example>user: x assistant: y</example>'
tools: []
       ^^ hint no-tools: `tools` is an empty list
---
Body
"#,
    );
}

#[test]
fn duplicate_key_keeps_the_last_value() {
    // the related information points at the first `name`
    let text = "---\nname: a\ndescription: b\nname: c\n---\nBody\n";
    let d = doc(text).diagnostics();
    let dup = d.iter().find(|d| d.code == "duplicate-key").unwrap();
    assert_eq!(
        dup.related,
        vec![(
            agent_ls::analysis::Related::Here(agent_ls::syntax::Span::new(4, 8)),
            "first defined here (Claude Code keeps the later value)".to_string()
        )]
    );
}

#[test]
fn file_too_large() {
    check_diagnostics_with(
        &Config {
            append: "x".repeat(1 << 20),
            ..Config::default()
        },
        r#"
---
^^^ error file-too-large: this file is 1048607 bytes, over Claude Code's limit of 1048576 bytes (1 MiB)
name: a
description: b
^^^^^^^^^^^ hint no-examples
---
"#,
    );
}

// ---------------------------------------------------------------------------------------------
// Diagnostics across files, with a Project

fn project(home: Option<&str>, files: &[(&str, &str)]) -> Project {
    use agent_ls::analysis::project;
    let home = home.map(std::path::PathBuf::from);
    let agents = files
        .iter()
        .filter_map(|(path, text)| {
            let path = std::path::Path::new(path);
            let header = agent_ls::syntax::Header::parse(text);
            let kind = agent_ls::analysis::classify::kind_of(Some(path), &header)?;
            project::record(kind, path, text, &header, home.as_deref())
        })
        .collect();
    let mut p = Project::default();
    p.home = home;
    p.with_agents(agents)
}

const OTHER_A: &str = "---\nname: a\ndescription: Another one.\n---\nBody\n";

#[test]
fn duplicate_names_the_later_path_wins() {
    check_diagnostics_with(
        &Config {
            project: Some(project(None, &[("/p/.claude/agents/z.md", OTHER_A)])),
            ..Config::default()
        },
        r#"
---
name: a
      ^ warning duplicate-agent-name: agent `a` is also defined in /p/.claude/agents/z.md: Claude Code keeps /p/.claude/agents/z.md (`Duplicate agent name ... active: ...`) and ignores this file
description: b
^^^^^^^^^^^ hint no-examples
---
Body
"#,
    );
}

#[test]
fn duplicate_names_this_file_wins() {
    // `A.md` sorts before `a.md` by UTF-16 code units
    check_diagnostics_with(
        &Config {
            project: Some(project(None, &[("/p/.claude/agents/A.md", OTHER_A)])),
            ..Config::default()
        },
        r#"
---
name: a
      ^ warning duplicate-agent-name: agent `a` is also defined in /p/.claude/agents/A.md: Claude Code keeps this file and ignores the others
description: b
^^^^^^^^^^^ hint no-examples
---
Body
"#,
    );
}

#[test]
fn duplicate_names_the_nearest_agents_folder_wins() {
    check_diagnostics_with(
        &Config {
            project: Some(project(None, &[("/p/sub/.claude/agents/a.md", OTHER_A)])),
            ..Config::default()
        },
        r#"
---
name: a
      ^ warning duplicate-agent-name: agent `a` is also defined in /p/sub/.claude/agents/a.md: Claude Code keeps /p/sub/.claude/agents/a.md
description: b
^^^^^^^^^^^ hint no-examples
---
Body
"#,
    );
}

#[test]
fn a_project_agent_shadows_a_user_agent() {
    check_diagnostics_with(
        &Config {
            project: Some(project(
                Some("/home/u"),
                &[("/home/u/.claude/agents/a.md", OTHER_A)],
            )),
            ..Config::default()
        },
        r#"
---
name: a
      ^ hint shadowed-agent: this project agent shadows the user agent `a` in /home/u/.claude/agents/a.md: Claude Code uses this one
description: b
^^^^^^^^^^^ hint no-examples
---
Body
"#,
    );
}

#[test]
fn plugin_agents_never_clash() {
    check_diagnostics_with(
        &Config {
            project: Some(project(None, &[("/p/plugins/x/agents/a.md", OTHER_A)])),
            ..Config::default()
        },
        r#"
---
name: a
description: b
^^^^^^^^^^^ hint no-examples
---
Body
"#,
    );
}

#[test]
fn mcp_servers_from_the_project() {
    let mut p = Project::default();
    p.mcp_servers = Some(["github".to_string()].into_iter().collect());
    check_diagnostics_with(
        &Config {
            project: Some(p),
            ..Config::default()
        },
        r#"
---
name: a
description: b
^^^^^^^^^^^ hint no-examples
tools: mcp__github__create_issue, mcp__gihtub__create_issue, mcp__slack
                                       ^^^^^^ warning unknown-mcp-server: MCP server `gihtub` is not configured in the project's `.mcp.json`: did you mean `github`?
                                                                  ^^^^^ warning unknown-mcp-server: MCP server `slack` is not configured in the project's `.mcp.json`: configured: github
---
Body
"#,
    );
}

// ---------------------------------------------------------------------------------------------
// The fixture format itself

#[test]
fn a_failing_fixture_prints_what_to_paste() {
    let err = try_check_diagnostics(
        &Config::default(),
        r#"
---
name: a
description: b
color: teal
       ^^^ warning unknown-color
---
Body
"#,
    )
    .unwrap_err();
    let paste = "---
name: a
description: b
^^^^^^^^^^^ hint no-examples: the description has no `<example>` blocks: 2 to 4 examples (Context, user, assistant, commentary) help Claude decide when to delegate
color: teal
       ^^^^ warning unknown-color: unknown color `teal`, which Claude Code ignores: the `/agents` palette is red, blue, green, yellow, purple, orange, pink, cyan
---
Body
";
    assert!(err.ends_with(paste), "{err}");
    assert!(
        err.contains("-        ^^^ warning unknown-color\n"),
        "{err}"
    );
}

#[test]
fn a_message_is_a_prefix() {
    let err = try_check_diagnostics(
        &Config::default(),
        r#"
---
name: a
description: b
^^^^^^^^^^^ hint no-examples
color: teal
       ^^^^ warning unknown-color: which Claude Code ignores
---
Body
"#,
    )
    .unwrap_err();
    assert!(
        err.contains("+        ^^^^ warning unknown-color: unknown color"),
        "{err}"
    );
}

#[test]
#[should_panic(expected = "malformed annotation (unknown severity)")]
fn a_malformed_annotation_is_an_error() {
    Fixture::parse("---\nname: a\n^^^^ warn name-style\n");
}

#[test]
fn annotations_are_removed_with_their_line_breaks() {
    let f = Fixture::parse(
        "
a: b
   ^ error x (empty)
\t^^^ hint y-z (to +1:2): msg: with colon
c
",
    );
    assert_eq!(f.text, "a: b\nc\n");
    assert_eq!(f.annotations.len(), 2);
    assert_eq!(f.annotations[0].start, (0, 3));
    assert_eq!(f.annotations[0].end, (0, 3));
    assert_eq!(f.annotations[1].start, (0, 1));
    assert_eq!(f.annotations[1].end, (1, 2));
    assert_eq!(f.annotations[1].message.as_deref(), Some("msg: with colon"));
    let f = Fixture::parse("a: $0b\n");
    assert_eq!((f.text.as_str(), f.cursor), ("a: b\n", Some(3)));
}
