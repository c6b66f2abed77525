//! One fixture per rule code, and the checks that the table covers the catalog.

use super::*;

/// One fixture per rule code that a single file can raise.
struct Rule {
    code: &'static str,
    /// The file name without `.md` (of an agent), or the file's whole path.
    name: &'static str,
    fixture: &'static str,
}

const fn rule(code: &'static str, name: &'static str, fixture: &'static str) -> Rule {
    Rule {
        code,
        name,
        fixture,
    }
}

const RULES: &[Rule] = &[
    rule(
        "missing-import",
        "/p/CLAUDE.md",
        r#"
# Project
Follow @docs/style.md. Ask @alice about it.
       ^^^^^^^^^^^^^^^ warning missing-import: `@docs/style.md.` points to no file
"#,
    ),
    rule(
        "import-in-code",
        "/p/CLAUDE.md",
        r#"
# Project
Write `@docs/style.md` to import a file.
       ^^^^^^^^^^^^^^ hint import-in-code: `@docs/style.md` is inside code
"#,
    ),
    rule(
        "ignored-in-plugin",
        "/p/my-plugin/agents/planner.md",
        r#"
---
name: planner
description: "Plans the work. <example>user: plan it assistant: I'll use the planner agent</example>"
permissionMode: plan
^^^^^^^^^^^^^^ warning ignored-in-plugin: `permissionMode` is ignored in a plugin's agents
hooks: []
^^^^^ warning ignored-in-plugin: `hooks` is ignored in a plugin's agents
---
Plan the work.
"#,
    ),
    rule(
        "yaml-value-changed",
        "/p/.claude/commands/release.md",
        r#"
---
description: 1.10
             ^^^^ warning yaml-value-changed: YAML does not read `1.10` as written: Claude Code 2.1.337 shows `description` as `1.1`
---
Release.
"#,
    ),
    rule(
        "json-syntax",
        "/p/.claude/settings.json",
        r#"
{
  "model": "sonnet",
                   ^ error json-syntax: a trailing comma: Claude Code 2.1.337 reads this file as strict JSON
}
"#,
    ),
    rule(
        "config-dropped",
        "/p/.claude/settings.json",
        r#"
{
  "cleanupPeriodDays": "30"
                       ^^^^ error config-dropped: `cleanupPeriodDays` must be an integer, not a string: Claude Code 2.1.337 ignores the whole file
}
"#,
    ),
    rule(
        "config-entry-skipped",
        "/p/.claude/settings.json",
        r#"
{
  "permissions": { "allow": ["Bash(git:*"] }
                             ^^^^^^^^^^^^ warning config-entry-skipped: `Bash(git:*` has no closing `)`: Claude Code 2.1.337 skips this entry
}
"#,
    ),
    rule(
        "hook-matcher-no-tool",
        "/p/.claude/settings.json",
        r#"
{
  "hooks": { "PreToolUse": [{ "matcher": "Edit|Wrte", "hooks": [{ "type": "command", "command": "echo" }] }] }
                                               ^^^^ warning hook-matcher-no-tool: `Wrte` names no tool of Claude Code 2.1.337, which compares these names exactly, case included: this name never matches; did you mean `Write`?
}
"#,
    ),
    rule(
        "hook-matcher-invalid",
        "/p/.claude/settings.json",
        r#"
{
  "hooks": { "PostToolUse": [{ "matcher": "Bash(", "hooks": [{ "type": "command", "command": "echo" }] }] }
                                          ^^^^^^^ warning hook-matcher-invalid: `Bash(` is no valid regular expression (unbalanced parenthesis): Claude Code 2.1.337 loads the hook and never fires it
}
"#,
    ),
    rule(
        "hook-script-missing",
        "/p/.claude/settings.json",
        r#"
{
  "hooks": { "Stop": [{ "hooks": [{ "type": "command", "command": "\"$CLAUDE_PROJECT_DIR\"/.claude/hooks/done.sh" }] }] }
                                                                   ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ warning hook-script-missing: `$CLAUDE_PROJECT_DIR/.claude/hooks/done.sh` does not exist (`/p/.claude/hooks/done.sh`): Claude Code 2.1.337 loads the hook, and each time it runs the shell fails (status 127
}
"#,
    ),
    rule(
        "hook-type-not-run",
        "/p/.claude/settings.json",
        r#"
{
  "hooks": { "SessionStart": [{ "hooks": [{ "type": "prompt", "prompt": "Say hi" }] }] }
                                                    ^^^^^^^^ warning hook-type-not-run: a `prompt` hook on `SessionStart` never does its work: Claude Code 2.1.337 loads it but does not run it on this event: no conversation context (error at run time); use a `command` hook here
}
"#,
    ),
    rule(
        "plugin-path-missing",
        "/p/plug/.claude-plugin/plugin.json",
        r#"
{
  "name": "plug",
  "skills": ["./skill-folder"]
             ^^^^^^^^^^^^^^^^ warning plugin-path-missing: `./skill-folder` points at nothing (`/p/plug/skill-folder`): Claude Code 2.1.337 loads the plugin without these skills
}
"#,
    ),
    rule(
        "unknown-setting",
        "/p/.claude/settings.local.json",
        r#"
{
  "permisions": { "allow": ["Read"] }
  ^^^^^^^^^^^^ warning unknown-setting: `permisions` is no setting of Claude Code 2.1.337: it ignores the key without a word; did you mean `permissions`?
}
"#,
    ),
    rule(
        "name-not-offered",
        "/p/.claude/commands/git/re\u{200b}view.md",
        r#"
---
^^^ error name-not-offered: Claude Code 2.1.337 does not offer the slash command `git:re\u{200b}view` (the character U+200B)
description: Reviews code. Use when asked for a review.
---
Review.
"#,
    ),
    rule(
        "frontmatter-not-read",
        "/p/.claude/commands/deploy.md",
        r#"
----
^^^^ warning frontmatter-not-read: Claude Code 2.1.337 reads no frontmatter here (`----` is not `---`)
description: Deploys
----
Deploy.
"#,
    ),
    rule(
        "file-not-loaded",
        "/p/.claude/skills/pdf/skill.md",
        r#"
---
^^^ error file-not-loaded: Claude Code 2.1.337 never loads this skill: a skill's file must be named `SKILL.md` exactly
name: pdf
description: Fills PDF forms.
---
Fill the form.
"#,
    ),
    rule(
        "never-invoked",
        "/p/.claude/commands/secret.md",
        r#"
---
description: Does something
disable-model-invocation: true
user-invocable: false
                ^^^^^ warning never-invoked: with `disable-model-invocation` too, nothing can run this slash command
---
Do it.
"#,
    ),
    rule(
        "plugin-only-key",
        "/p/.claude/output-styles/terse.md",
        r#"
---
name: Terse
force-for-plugin: true
^^^^^^^^^^^^^^^^ warning plugin-only-key: `force-for-plugin` only applies to a plugin's output styles
keep-coding-instructions: enabled
                          ^^^^^^^ warning invalid-value: Claude Code 2.1.337 reads `enabled` as false
---
Answer in one line.
"#,
    ),
    rule(
        "invalid-tool-specifier",
        "/p/.claude/commands/fetch.md",
        r#"
---
description: Fetches the docs
allowed-tools: WebFetch(example.com), Bash(git add:*), Read(./src/**), Bash(npm:* run)
               ^^^^^^^^^^^^^^^^^^^^^ warning invalid-tool-specifier: `WebFetch(example.com)`: `WebFetch` rules take `domain:HOST`
                                                                       ^^^^^^^^^^^^^^^ warning invalid-tool-specifier: `Bash(npm:* run)`: `:*` (prefix match) is only allowed at the end
---
Fetch the docs.
"#,
    ),
    rule(
        "skill-name-mismatch",
        "/p/.claude/skills/pdf/SKILL.md",
        r#"
---
name: pdf-tools
      ^^^^^^^^^ warning skill-name-mismatch: `name` is `pdf-tools` but the folder is `pdf`
description: Fills PDF forms. Use when the user asks to fill a PDF.
---
Fill the form.
"#,
    ),
    rule(
        "skill-standard",
        "/p/.claude/skills/PDF/SKILL.md",
        r#"
---
name: PDF
      ^^^ warning skill-standard: `PDF` is not a valid skill name under the Agent Skills standard
description: Fills PDF forms.
metadata:
  version: 2
  ^^^^^^^^^^ warning skill-standard: `metadata.version` is a number
---
Fill the form.
"#,
    ),
    rule(
        "unknown-placeholder",
        "/p/.claude/commands/fix.md",
        r#"
---
description: Fixes an issue
arguments: [issue]
            ^^^^^ warning unused-argument: the argument `issue` is never used
---
Fix issue $isue now.
          ^^^^^ warning unknown-placeholder: `$isue` names no argument
"#,
    ),
    rule(
        "unused-argument",
        "/p/.claude/commands/fix.md",
        r#"
---
description: Fixes an issue
arguments: [issue, depth]
                   ^^^^^ warning unused-argument: the argument `depth` is never used
---
Fix issue $issue.
"#,
    ),
    rule(
        "argument-numbered-from-one",
        "/p/.claude/commands/review.md",
        r#"
---
description: Reviews a pull request
argument-hint: <pr> <branch>
---
Review PR #$1 on branch $2.
           ^^ warning argument-numbered-from-one: Claude Code 2.1.337 numbers arguments from `$0`: `$1` is the second argument, so `/review A B` puts `B` here and uses `A` nowhere, and `$2` stays as written unless 3 arguments are given (`argument-hint` names 2 arguments)
"#,
    ),
    rule(
        "placeholder-in-code",
        "/p/.claude/commands/migrate.md",
        r#"
---
description: Runs a migration
---
Migrate to version $ARGUMENTS:

```bash
VERSION=$1
        ^^ warning placeholder-in-code: `$1` is inside code, and Claude Code 2.1.337 replaces it there too: `/migrate A B` turns it into `B`
```
"#,
    ),
    rule(
        "shell-without-bash",
        "/p/.claude/commands/setup.md",
        r#"
---
description: Sets the project up
allowed-tools: Read, Bash(git status)
---
Status: !`git status`, echo: !`echo hi`
Install: !`npm install`
         ^^^^^^^^^^^^^^ warning shell-without-bash: `allowed-tools` does not allow `Bash` for `npm install`
Not run: `!npm test`, but in a fence it runs all the same:
```sh
!`rm -rf /`
^^^^^^^^^^^ warning shell-without-bash: `allowed-tools` does not allow `Bash` for `rm -rf /`, and it is not a read-only command: Claude Code 2.1.337 checks shell lines before it runs the slash command (inside code too)
```
"#,
    ),
    rule(
        "broken-link",
        "/p/.claude/skills/pdf/SKILL.md",
        r#"
---
name: pdf
description: Fills PDF forms. Use when the user asks to fill a PDF.
---
Read [the guide](references/guide.md#forms) and `references/fields.md`.
                 ^^^^^^^^^^^^^^^^^^^ warning broken-link: `references/guide.md` does not exist
                                                 ^^^^^^^^^^^^^^^^^^^^ warning broken-link: `references/fields.md` is not in the skill's folder
Also @notes/todo.md, [the site](https://example.com) and `./run.sh`.
     ^^^^^^^^^^^^^^ warning broken-link: `@notes/todo.md` points to no file
"#,
    ),
    rule(
        "missing-frontmatter",
        "a",
        r#"
# Notes
^^^^^^^ error missing-frontmatter: no frontmatter
name: a
"#,
    ),
    rule(
        "unclosed-frontmatter",
        "a",
        r#"
---
^^^ error unclosed-frontmatter: the frontmatter is never closed
name: a
description: b
"#,
    ),
    rule(
        "yaml-lenient-only",
        "a",
        r#"
---
name: a
description: Use it: now
^^^^^^^^^^^ hint no-examples
                   ^ warning yaml-lenient-only: `: ` inside an unquoted value
---
Body
"#,
    ),
    rule(
        "yaml-error",
        "a",
        r#"
---
name: a
description: Use it
  when: now
      ^ error yaml-error: `: ` inside an unquoted value that spans several lines
---
Body
"#,
    ),
    rule(
        "yaml-strict-error",
        "a",
        r#"
---
name: a
description: b
^^^^^^^^^^^ hint no-examples
model: *nowhere
       ^ warning yaml-strict-error: strict YAML parsers reject the frontmatter here (while parsing node, found unknown anchor)
       ^^^^^^^^ warning unknown-model: unknown model `*nowhere`
---
Body
"#,
    ),
    rule(
        "unindented-continuation",
        "a",
        r#"
---
name: a
description: Use this agent when.
<example>
^^^^^^^^^ error unindented-continuation: this line continues `description` at column 1
user: hi
---
Body
"#,
    ),
    rule(
        "invalid-flow-collection",
        "a",
        r#"
---
name: a
description: b
^^^^^^^^^^^ hint no-examples
skills: [a] [b]
            ^^^ warning invalid-flow-collection: text after a flow collection
---
Body
"#,
    ),
    rule(
        "tab-indentation",
        "a",
        r#"
---
name: a
description: b
^^^^^^^^^^^ hint no-examples
tools:
	- Read
^ warning tab-indentation: tab used for indentation
---
Body
"#,
    ),
    rule(
        "duplicate-key",
        "a",
        r#"
---
name: a
description: b
^^^^^^^^^^^ hint no-examples
name: c
^^^^ warning duplicate-key: duplicate key `name`
      ^ hint name-mismatch: `name` is `c` but the file is `a.md`
---
Body
"#,
    ),
    rule(
        "hooks-empty-list",
        "a",
        r#"
---
name: a
description: b
^^^^^^^^^^^ hint no-examples
hooks: []
       ^^ error hooks-empty-list: `hooks: []` makes Claude Code 2.1.337 drop the agent (`Invalid hooks`)
---
Body
"#,
    ),
    rule(
        "missing-name",
        "a",
        r#"
---
^^^ error missing-name: missing `name`
description: b
^^^^^^^^^^^ hint no-examples
---
Body
"#,
    ),
    rule(
        "missing-description",
        "a",
        r#"
---
^^^ error missing-description: missing `description`
name: a
---
Body
"#,
    ),
    rule(
        "name-style",
        "a",
        r#"
---
name: My_Agent
      ^^^^^^^^ hint name-mismatch: `name` is `My_Agent` but the file is `a.md`
      ^^^^^^^^ hint name-style: `My_Agent` loads as written
description: b
^^^^^^^^^^^ hint no-examples
---
Body
"#,
    ),
    rule(
        "invalid-name",
        "a",
        r#"
---
name: team:reviewer
      ^^^^^^^^^^^^^ error invalid-name: Claude Code 2.1.337 drops this agent
description: b
^^^^^^^^^^^ hint no-examples
---
Body
"#,
    ),
    rule(
        "name-mismatch",
        "reviewer",
        r#"
---
name: code-reviewer
      ^^^^^^^^^^^^^ hint name-mismatch: `name` is `code-reviewer` but the file is `reviewer.md`
description: b
^^^^^^^^^^^ hint no-examples
---
Body
"#,
    ),
    rule(
        "unknown-key",
        "a",
        r#"
---
name: a
description: b
^^^^^^^^^^^ hint no-examples
colr: red
^^^^ warning unknown-key: unknown key `colr`
---
Body
"#,
    ),
    rule(
        "invalid-type",
        "a",
        r#"
---
name: a
description: b
^^^^^^^^^^^ hint no-examples
maxTurns: many
          ^^^^ warning invalid-type: `maxTurns` must be a positive whole number
---
Body
"#,
    ),
    rule(
        "unknown-tool",
        "a",
        r#"
---
name: a
description: b
^^^^^^^^^^^ hint no-examples
tools:
  - Read
  - bash
    ^^^^ warning unknown-tool: unknown tool `bash`, which Claude Code drops silently
---
Body
"#,
    ),
    rule(
        "legacy-tool",
        "a",
        r#"
---
name: a
description: b
^^^^^^^^^^^ hint no-examples
tools: [Read, Task]
              ^^^^ hint legacy-tool: `Task` is an old name
---
Body
"#,
    ),
    rule(
        "removed-tool",
        "a",
        r#"
---
name: a
description: b
^^^^^^^^^^^ hint no-examples
tools: Read, MultiEdit
             ^^^^^^^^^ warning removed-tool: `MultiEdit` no longer exists
---
Body
"#,
    ),
    rule(
        "tools-unresolved",
        "a",
        r#"
---
name: a
description: b
^^^^^^^^^^^ hint no-examples
tools: MultiEdit, LS
       ^^^^^^^^^ warning removed-tool: `MultiEdit` no longer exists
       ^^^^^^^^^^^^^ error tools-unresolved: none of the listed tools exists in Claude Code 2.1.337
                  ^^ warning removed-tool: `LS` no longer exists
---
Body
"#,
    ),
    rule(
        "no-tools",
        "a",
        r#"
---
name: a
description: b
^^^^^^^^^^^ hint no-examples
tools: ""
       ^^ warning no-tools: `tools` is an empty string
---
Body
"#,
    ),
    rule(
        "tool-specifier",
        "a",
        r#"
---
name: a
description: b
^^^^^^^^^^^ hint no-examples
tools: Read, Bash(git:*)
             ^^^^^^^^^^^ warning tool-specifier: `Bash(git:*)`
---
Body
"#,
    ),
    rule(
        "unknown-model",
        "a",
        r#"
---
name: a
description: b
^^^^^^^^^^^ hint no-examples
model: gpt-4
       ^^^^^ warning unknown-model: unknown model `gpt-4`, which Claude Code sends to the API as written
---
Body
"#,
    ),
    rule(
        "unknown-color",
        "a",
        r#"
---
name: a
description: b
^^^^^^^^^^^ hint no-examples
color: teal
       ^^^^ warning unknown-color: unknown color `teal`, which Claude Code ignores
---
Body
"#,
    ),
    rule(
        "invalid-value",
        "a",
        r#"
---
name: a
description: b
^^^^^^^^^^^ hint no-examples
permissionMode: yolo
                ^^^^ warning invalid-value: `yolo` is not a valid `permissionMode`, so Claude Code ignores it
---
Body
"#,
    ),
    rule(
        "empty-body",
        "a",
        r#"
---
name: a
description: b
^^^^^^^^^^^ hint no-examples
---
^^^ warning empty-body: the body is empty

  
"#,
    ),
    rule(
        "example-unclosed",
        "a",
        r#"
---
name: a
description: "Use it. <example>user: a assistant: b"
                      ^^^^^^^^^ warning example-unclosed: `<example>` is never closed
---
Body
"#,
    ),
    rule(
        "example-stray-close",
        "a",
        r#"
---
name: a
description: Use it. user, then</example>
                               ^^^^^^^^^^ warning example-stray-close: `</example>` without a matching `<example>`
---
Body
"#,
    ),
    rule(
        "example-nested",
        "a",
        r#"
---
name: a
description: |
  <example>
  user: a
  <example>
  ^^^^^^^^^ warning example-nested: `<example>` inside another `<example>`
  assistant: b
  </example>
---
Body
"#,
    ),
    rule(
        "commentary-outside-example",
        "a",
        r#"
---
name: a
description: 'Use it. <commentary>why</commentary>'
                      ^^^^^^^^^^^^ warning commentary-outside-example: `<commentary>` outside an `<example>`
---
Body
"#,
    ),
    rule(
        "example-missing-turn",
        "a",
        r#"
---
name: a
description: Use it.\n<example>\nuser: "hi"\n</example>
                      ^^^^^^^^^ warning example-missing-turn: this `<example>` has no `assistant:` turn
                                     ^ warning yaml-lenient-only: `: ` inside an unquoted value
---
Body
"#,
    ),
    rule(
        "example-turn-order",
        "a",
        r#"
---
name: a
description: "Use it.\n<example>\nassistant: ok\nuser: hi\n</example>"
                                  ^^^^^^^^^ warning example-turn-order: `assistant:` comes before the first `user:` turn
---
Body
"#,
    ),
    rule(
        "example-empty",
        "a",
        r#"
---
name: a
description: "Use it. <example> </example>"
                      ^^^^^^^^^^^^^^^^^^^^ warning example-empty: empty `<example>`
---
Body
"#,
    ),
    rule(
        "frontmatter-ends-early",
        "a",
        r#"
---
name: a
description: Before---after
^^^^^^^^^^^ hint no-examples
                   ^^^ warning frontmatter-ends-early: Claude Code ends the frontmatter at the first `---` after
model: x
---
Body
"#,
    ),
    rule(
        "comment-in-value",
        "a",
        r#"
---
name: a
description: Use it: now
^^^^^^^^^^^ hint no-examples
                   ^ warning yaml-lenient-only: `: ` inside an unquoted value
initialPrompt: Start with the tests # then the code
                                    ^^^^^^^^^^^^^^^ warning comment-in-value: Claude Code's fallback rewrite quoted this line
---
Body
"#,
    ),
    rule(
        "invalid-hooks",
        "a",
        r#"
---
name: a
description: b
^^^^^^^^^^^ hint no-examples
hooks: "x"
       ^^^ error invalid-hooks: `hooks` is a string, not a mapping of hook events
---
Body
"#,
    ),
    rule(
        "hook-at-top-level",
        "a",
        r#"
---
name: a
description: b
^^^^^^^^^^^ hint no-examples
PreToolUse:
^^^^^^^^^^ error hook-at-top-level: `PreToolUse` is declared at the top level of the frontmatter
  - matcher: Bash
---
Body
"#,
    ),
    rule(
        "unknown-hook-event",
        "a",
        r#"
---
name: a
description: b
^^^^^^^^^^^ hint no-examples
hooks:
  PreToolUs: []
  ^^^^^^^^^ warning unknown-hook-event: `PreToolUs` is not a hook event
---
Body
"#,
    ),
    rule(
        "unused-suppression",
        "a",
        r#"
---
name: a
description: Reviews code.
^^^^^^^^^^^ hint no-examples
# agent-ls-disable-next-line unknown-tool
                             ^^^^^^^^^^^^ warning unused-suppression: `unknown-tool` is suppressed here but nothing reports it
tools: Read
---
Body
"#,
    ),
    rule(
        "no-examples",
        "a",
        r#"
---
name: a
description: Reviews code.
^^^^^^^^^^^ hint no-examples: the description has no `<example>` blocks
---
Body
"#,
    ),
];

#[test]
fn every_rule_fixture() {
    let mut failures = Vec::new();
    for r in RULES {
        // a name with a `/` is the file's path (a skill, a command, ...)
        let config = Config {
            name: r.name,
            path: r.name.contains('/').then_some(r.name),
            ..Config::default()
        };
        if let Err(e) = try_check_diagnostics(&config, r.fixture) {
            failures.push(format!("== {}\n{e}", r.code));
        }
        let f = Fixture::parse(r.fixture);
        if !f.annotations.iter().any(|a| a.code == r.code) {
            failures.push(format!(
                "the fixture of {} is not annotated with it",
                r.code
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The tool names of a comment that Claude Code's fallback kept inside the value point at the
/// comment's words (the search for each name runs on to the end of the value's line).
#[test]
fn tool_names_from_a_comment_point_at_the_comment() {
    check_diagnostics(
        r#"
---
name: a
description: Use it: now
^^^^^^^^^^^ hint no-examples
                   ^ warning yaml-lenient-only: `: ` inside an unquoted value
tools: Read, Bash # read and run
                  ^ warning unknown-tool: unknown tool `#`, which Claude Code drops silently
                  ^^^^^^^^^^^^^^ warning comment-in-value: Claude Code's fallback rewrite quoted this line
                    ^^^^ warning unknown-tool: unknown tool `read`, which Claude Code drops silently
                         ^^^ warning unknown-tool: unknown tool `and`, which Claude Code drops silently
                             ^^^ warning unknown-tool: unknown tool `run`, which Claude Code drops silently
---
Body
"#,
    );
}

/// Rules a single fixture with the default configuration cannot raise, and where they are
/// tested instead.
const OTHER_RULES: &[(&str, &str)] = &[
    ("file-too-large", "file_too_large (a large body appended)"),
    (
        "unreadable-file",
        "check_text_output (only `check` reads bytes; a Document holds text)",
    ),
    (
        "duplicate-agent-name",
        "duplicate_names_* (a Project of other agents)",
    ),
    ("shadowed-agent", "a_project_agent_shadows_a_user_agent"),
    ("unknown-mcp-server", "mcp_servers_from_the_project"),
    (
        "import-cycle",
        "tests/memory.rs a_claude_md_with_a_missing_import_and_a_cycle (a workspace)",
    ),
    (
        "import-too-deep",
        "tests/memory.rs imports_that_claude_code_drops (a workspace)",
    ),
    (
        "import-outside-project",
        "tests/memory.rs imports_that_claude_code_drops (a workspace with .git)",
    ),
    (
        "agents-md-not-loaded",
        "tests/memory.rs imports_that_claude_code_drops (a CLAUDE.md on disk)",
    ),
    (
        "memory-excluded",
        "tests/memory.rs excluded_files_and_the_imports_of_a_conditional_rule (settings on disk)",
    ),
    (
        "import-loads-at-start",
        "tests/memory.rs excluded_files_and_the_imports_of_a_conditional_rule (a workspace)",
    ),
    (
        "paths-match-nothing",
        "tests/memory.rs a_rule_whose_paths_match_nothing (the workspace's files)",
    ),
    (
        "memory-too-large",
        "a_memory_file_over_the_size_claude_code_warns_about",
    ),
    (
        "description-truncated",
        "a_skill_description_longer_than_the_listing (a long text)",
    ),
    (
        "unknown-skill",
        "tests/kinds.rs agents_and_skills_navigate_to_each_other (a workspace)",
    ),
    (
        "unknown-agent",
        "tests/kinds.rs a_command_body_is_checked_against_its_frontmatter (a workspace)",
    ),
    (
        "duplicate-skill-name",
        "tests/kinds.rs a_corpus_skill_and_command_get_diagnostics_completion_hover_and_links (a workspace)",
    ),
    (
        "unknown-marketplace",
        "tests/json_hooks.rs scripts_and_matchers_of_hooks_through_check (the settings of a workspace)",
    ),
    (
        "hook-script-not-executable",
        "tests/json_hooks.rs scripts_and_matchers_of_hooks_through_check (a file's mode)",
    ),
    (
        "invalid-config",
        "tests/check.rs config_mistakes_are_reported_on_their_characters (a config file is not an agent file)",
    ),
];

#[test]
fn every_catalog_rule_has_a_fixture() {
    let rules = &agent_ls::catalog::get().rules;
    for rule in rules {
        let here = RULES.iter().filter(|r| r.code == rule.code).count();
        let other = OTHER_RULES.iter().any(|(c, _)| *c == rule.code);
        assert!(
            (here == 1) != other,
            "rule {}: one fixture in RULES, or a test named in OTHER_RULES",
            rule.code
        );
    }
    for code in RULES
        .iter()
        .map(|r| r.code)
        .chain(OTHER_RULES.iter().map(|(c, _)| *c))
    {
        assert!(
            rules.iter().any(|r| r.code == code),
            "{code} is not a rule of the catalog"
        );
    }
}

/// The README's rule table is `agent-ls rules` (the library twin is in tests/diagnostics.rs).
#[test]
fn rules_command_prints_the_catalog_table() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_agent-ls"))
        .arg("rules")
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        agent_ls::catalog::rules_markdown()
    );
}

/// Claude Code cuts `description - when_to_use` at 1,536 characters in the list the model reads.
#[test]
fn a_skill_description_longer_than_the_listing() {
    let long = "Use it. ".repeat(200);
    let text = format!(
        "---\nname: pdf\ndescription: {}\nwhen_to_use: When asked.\n---\nFill.\n",
        long.trim_end()
    );
    let d = doc_at("/p/.claude/skills/pdf/SKILL.md", &text);
    let diags = d.diagnostics();
    let codes: Vec<&str> = diags.iter().map(|d| d.code.as_str()).collect();
    assert_eq!(
        codes,
        ["description-truncated", "skill-standard"],
        "{diags:#?}"
    );
    assert!(
        diags[0]
            .message
            .contains("(this has 1613, counted as it counts them"),
        "{}",
        diags[0].message
    );
    assert_eq!(
        &text[diags[0].span.start..diags[0].span.end],
        long.trim_end()
    );
    // at the limit: nothing
    let fits = format!(
        "---\nname: pdf\ndescription: {}\n---\nFill.\n",
        "x".repeat(1536)
    );
    let codes: Vec<String> = doc_at("/p/.claude/commands/pdf.md", &fits)
        .diagnostics()
        .iter()
        .map(|d| d.code.as_str().to_string())
        .collect();
    assert_eq!(codes, ["unknown-key"], "`name` is not a command key");
}

/// In a plugin, broken YAML still registers the agent (Claude Code 2.1.330, section V): a
/// warning that says what it loads as, where a project agent gets an error.
#[test]
fn a_plugin_agent_with_broken_yaml_still_loads() {
    let text = "---\nname: a\ndescription: Use it\n  when: now\n---\nBody\n";
    let plugin = doc_at("/p/my-plugin/agents/a.md", text).diagnostics();
    let yaml: Vec<_> = plugin
        .iter()
        .filter(|d| d.code.as_str() == "yaml-error")
        .collect();
    assert_eq!(yaml.len(), 1, "{plugin:#?}");
    assert_eq!(yaml[0].severity, agent_ls::catalog::Severity::Warning);
    assert!(
        yaml[0].message.contains("`Agent from PLUGIN plugin`"),
        "{}",
        yaml[0].message
    );
    let project = doc_at("/p/.claude/agents/a.md", text).diagnostics();
    assert!(project.iter().any(
        |d| d.code.as_str() == "yaml-error" && d.severity == agent_ls::catalog::Severity::Error
    ));
}

/// Claude Code's `/doctor` warns past 40,000 characters in one memory file.
#[test]
fn a_memory_file_over_the_size_claude_code_warns_about() {
    let big = format!("# Notes\n{}", "x".repeat(40_001));
    let diags = doc_at("/p/CLAUDE.md", &big).diagnostics();
    let codes: Vec<&str> = diags.iter().map(|d| d.code.as_str()).collect();
    assert_eq!(codes, ["memory-too-large"], "{diags:#?}");
    assert_eq!(
        diags[0].span,
        agent_ls::syntax::Span::new(0, "# Notes".len())
    );
    assert!(
        diags[0].message.contains("40009 characters"),
        "{}",
        diags[0].message
    );
    let small = format!("# Notes\n{}", "x".repeat(39_000));
    assert!(doc_at("/p/CLAUDE.md", &small).diagnostics().is_empty());
}
