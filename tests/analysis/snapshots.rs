//! Snapshots of the outline, folding, semantic tokens, the frontmatter parse, completion and
//! hover.

use super::*;

// ---------------------------------------------------------------------------------------------
// Snapshots: outline, folding, semantic tokens, the frontmatter parse

const SHAPED: &str = r#"
---
name: reviewer
description: "Use this agent to review code.\n<example>\nContext: A pull request is ready\nuser: \"Review it\"\nassistant: \"I'll use the reviewer agent\"\n<commentary>\nReviews are its job.\n</commentary>\n</example>\n<example>\nuser: \"Check this\"\nassistant: \"Launching reviewer\"\n</example>"
tools: Read, Grep, Bash(git diff:*), MultiEdit
model: sonnet
color: purple
permissionMode: plan
background: false
hooks:
  Stop: []
---
# Reviewer

Intro.

## Steps

### First

```md
## not a heading
```

### Second

## Output
"#;

#[test]
fn outline() {
    let d = plain(SHAPED);
    expect![[r####"
        Frontmatter "frontmatter" @ 0:0..10:3 select 0:0..0:3 "---"
          Key "name" (reviewer) @ 1:0..1:14 select 1:0..1:4 "name"
          Key "description" (Use this agent to review code. <example> Context: A pull re…) @ 2:0..2:298 select 2:0..2:11 "description"
            Example "Example: A pull request is ready" @ 2:46..2:217 select 2:46..2:55 "<example>"
            Example "Example 2" @ 2:219..2:297 select 2:219..2:228 "<example>"
          Key "tools" (Read, Grep, Bash(git diff:*), MultiEdit) @ 3:0..3:46 select 3:0..3:5 "tools"
          Key "model" (sonnet) @ 4:0..4:13 select 4:0..4:5 "model"
          Key "color" (purple) @ 5:0..5:13 select 5:0..5:5 "color"
          Key "permissionMode" (plan) @ 6:0..6:20 select 6:0..6:14 "permissionMode"
          Key "background" (false) @ 7:0..7:17 select 7:0..7:10 "background"
          Key "hooks" ({…}) @ 8:0..9:10 select 8:0..8:5 "hooks"
        Heading "Reviewer" @ 11:0..26:0 select 11:0..12:0 "# Reviewer\n"
          Heading "Steps" @ 15:0..25:0 select 15:0..16:0 "## Steps\n"
            Heading "First" @ 17:0..23:0 select 17:0..18:0 "### First\n"
            Heading "Second" @ 23:0..25:0 select 23:0..24:0 "### Second\n"
          Heading "Output" @ 25:0..26:0 select 25:0..26:0 "## Output\n"
    "####]]
    .assert_eq(&outline_dump(&d));
}

#[test]
fn folding() {
    let d = plain(SHAPED);
    expect![[r####"
        0:0..10:3 "---"
        2:46..2:217 "<example>\\nContext: A pull request is r"…
        2:219..2:297 "<example>\\nuser: \\\"Check this\\\"\\nassist"…
        11:0..26:0 "# Reviewer"
        15:0..25:0 "## Steps"
        17:0..23:0 "### First"
        23:0..25:0 "### Second"
        25:0..26:0 "## Output"
    "####]]
    .assert_eq(&folding_dump(&d));
}

#[test]
fn semantic_tokens() {
    let d = plain(SHAPED);
    expect![[r#"
        Key 1:0..1:4 "name"
        Key 2:0..2:11 "description"
        Tag 2:46..2:55 "<example>"
        Label 2:57..2:64 "Context"
        Label 2:91..2:95 "user"
        Label 2:112..2:121 "assistant"
        Tag 2:156..2:168 "<commentary>"
        Commentary 2:168..2:192 "\\nReviews are its job.\\n"
        Tag 2:192..2:205 "</commentary>"
        Tag 2:207..2:217 "</example>"
        Tag 2:219..2:228 "<example>"
        Label 2:230..2:234 "user"
        Label 2:252..2:261 "assistant"
        Tag 2:287..2:297 "</example>"
        Key 3:0..3:5 "tools"
        Tool 3:7..3:11 "Read"
        Tool 3:13..3:17 "Grep"
        Tool 3:19..3:23 "Bash"
        Tool 3:37..3:46 "MultiEdit"
        Key 4:0..4:5 "model"
        Value 4:7..4:13 "sonnet"
        Key 5:0..5:5 "color"
        Value 5:7..5:13 "purple"
        Key 6:0..6:14 "permissionMode"
        Value 6:16..6:20 "plan"
        Key 7:0..7:10 "background"
        Value 7:12..7:17 "false"
        Key 8:0..8:5 "hooks"
    "#]]
    .assert_eq(&tokens_dump(&d));
}

#[test]
fn outline_without_frontmatter_is_the_headings() {
    let d = plain("# Notes\n\n## A\n\ntext\n");
    expect![[r###"
        Heading "Notes" @ 0:0..5:0 select 0:0..1:0 "# Notes\n"
          Heading "A" @ 2:0..5:0 select 2:0..3:0 "## A\n"
    "###]]
    .assert_eq(&outline_dump(&d));
}

#[test]
fn parse_of_a_clean_frontmatter() {
    let d = plain(
        r#"
---
name: a
description: |
  Use it.
  <example>user: hi assistant: ok</example>
tools: Read, Agent(worker, helper), mcp__github
disallowedTools: [Bash, "Write"]
skills:
  - one
  - 'two'
mcpServers:
  - github
  - slack: {command: x}
hooks: {}
maxTurns: 3
model:
---
Body
"#,
    );
    expect![[r#"
        open 0:0..0:3 "---" close 16:0..16:3 "---"
        strict: accepted
        claude code: parsed
        entry 1:0..1:4 "name" = Plain "a" @ 1:6..1:7
        entry 2:0..2:11 "description" = Literal multiline "Use it.\n<example>user: hi assistant: ok"… @ 2:13..4:43
        entry 5:0..5:5 "tools" = Plain "Read, Agent(worker, helper), mcp__github" @ 5:7..5:47
          item "Read" @ 5:7..5:11 "Read"
          item "Agent(worker, helper)" @ 5:13..5:34 "Agent(worker, helper)"
          item "mcp__github" @ 5:36..5:47 "mcp__github"
        entry 6:0..6:15 "disallowedTools" = flow list @ 6:17..6:32
          item "Bash" @ 6:18..6:22 "Bash"
          item "Write" @ 6:25..6:30 "Write"
        entry 7:0..7:6 "skills" = block list @ 8:2..9:9
          item "one" @ 8:4..8:7 "one"
          item "two" @ 9:5..9:8 "two"
        entry 10:0..10:10 "mcpServers" = block list @ 11:2..12:23
          item "github" @ 11:4..11:10 "github"
          item "slack: {command: x}" nested @ 12:4..12:23 "slack: {command: x}"
        entry 13:0..13:5 "hooks" = mapping (empty) @ 13:7..13:9
        entry 14:0..14:8 "maxTurns" = Plain "3" @ 14:10..14:11
        entry 15:0..15:5 "model" = null @ 15:6..15:6
        example 4:2..4:43 context None, 2 turns, 0 commentary
    "#]]
    .assert_eq(&header_dump(&d));
}

#[test]
fn parse_of_a_frontmatter_claude_code_repairs() {
    let d = plain(
        "
---
name: a
description: Use it: now
tools:
\t- Read
name: b
skills: [a] [b]
---
Body
",
    );
    expect![[r#"
        open 0:0..0:3 "---" close 7:0..7:3 "---"
        strict: known to fail
        claude code: fallback, quoted lines [2, 6]
        entry 1:0..1:4 "name" = Plain "a" @ 1:6..1:7
        entry 2:0..2:11 "description" = Plain "Use it: now" @ 2:13..2:24
        entry 3:0..3:5 "tools" = block list @ 4:1..4:7
          item "Read" @ 4:3..4:7 "Read"
        entry 5:0..5:4 "name" = Plain "b" @ 5:6..5:7
        entry 6:0..6:6 "skills" = flow list @ 6:8..6:11
          item "a" @ 6:9..6:10 "a"
        problem LenientOnly at 2:19..2:20 ":": `: ` inside an unquoted value / fix: quote the value or use a block scalar
        problem TabIndentation at 4:0..4:1 "\t": tab used for indentation / fix: indent with spaces
        problem DuplicateKey { first: Span { start: 4, end: 8 } } at 5:0..5:4 "name": duplicate key `name` / fix: remove one of them
        problem InvalidFlow at 6:12..6:15 "[b]": text after a flow collection / fix: quote the value if it is text (e.g. `"[a] [b]"`), or fix the brackets
    "#]]
    .assert_eq(&header_dump(&d));
}

#[test]
fn parse_of_a_frontmatter_claude_code_drops() {
    let d = plain(
        r#"
---
name: a
description: Use this agent when.
<example>
user: hi
---
Body
"#,
    );
    expect![[r#"
        open 0:0..0:3 "---" close 5:0..5:3 "---"
        strict: known to fail
        claude code: failed at 4:0..4:0: simple key expect ':'
        entry 1:0..1:4 "name" = Plain "a" @ 1:6..1:7
        entry 2:0..2:11 "description" = Plain "Use this agent when." @ 2:13..2:33
        entry 4:0..4:4 "user" = Plain "hi" @ 4:6..4:8
        problem UnindentedContinuation at 3:0..3:9 "<example>": this line continues `description` at column 1 / fix: indent the continuation lines, or use a block scalar (`description: |`)
    "#]]
    .assert_eq(&header_dump(&d));
}

#[test]
fn parse_of_a_frontmatter_that_ends_early() {
    let d = plain(
        r#"
---
name: a
description: Before---after
model: x
---
Body
"#,
    );
    expect![[r#"
        open 0:0..0:3 "---" close 2:19..2:22 "---" inline
        strict: accepted
        claude code: parsed
        entry 1:0..1:4 "name" = Plain "a" @ 1:6..1:7
        entry 2:0..2:11 "description" = Plain "Before" @ 2:13..2:19
    "#]]
    .assert_eq(&header_dump(&d));
}

#[test]
fn parse_without_frontmatter() {
    expect![[r#"
        no frontmatter
    "#]]
    .assert_eq(&header_dump(&plain("# Notes\n")));
    expect![[r#"
        open 0:0..0:3 "---" close none
        strict: not run
        claude code: no frontmatter
    "#]]
    .assert_eq(&header_dump(&plain("---\nname: a\n")));
}

// ---------------------------------------------------------------------------------------------
// Snapshots: completion at `$0`

#[test]
fn complete_keys_at_the_start_of_a_line() {
    expect![[r#"
        Key replacing 3:0..3:2 "mo":
          tools disallowedTools model color permissionMode maxTurns autoCompactWindow skills
          mcpServers hooks memory background effort isolation initialPrompt omitClaudeMd observer
          observerMessage observeToolResults observeSubagents experimental
    "#]]
    .assert_eq(&completion_dump(
        r#"
---
name: a
description: b
mo$0
---
Body
"#,
    ));
}

#[test]
fn complete_models_colors_and_enum_values() {
    expect![[r#"
        Model replacing 2:7..2:9 "so":
          inherit sonnet opus haiku opusplan sonnet[1m] opus[1m] fable fable[1m] best
    "#]]
    .assert_eq(&completion_dump("---\nname: a\nmodel: so$0\n---\n"));
    expect![[r#"
        Color replacing 2:7..2:7 "":
          red blue green yellow purple orange pink cyan
    "#]]
    .assert_eq(&completion_dump("---\nname: a\ncolor: $0\n---\n"));
    expect![[r#"
        Value replacing 2:16..2:17 "a":
          default acceptEdits auto dontAsk bypassPermissions plan manual
    "#]]
    .assert_eq(&completion_dump("---\nname: a\npermissionMode: a$0\n---\n"));
    expect![[r#"
        Value replacing 2:12..2:12 "":
          true false
    "#]]
    .assert_eq(&completion_dump("---\nname: a\nbackground: $0\n---\n"));
}

#[test]
fn complete_tools_in_every_list_form() {
    expect![[r#"
        Tool replacing 2:13..2:15 "Gr":
          Write Edit NotebookEdit Glob Grep Bash PowerShell WebFetch WebSearch Agent TodoWrite
          TaskCreate TaskGet TaskList TaskUpdate TaskStop AskUserQuestion Skill EnterPlanMode
          ExitPlanMode EnterWorktree ExitWorktree CronCreate CronDelete CronList
          ListMcpResourcesTool ReadMcpResourceTool ReadMcpResourceDirTool ToolSearch LSP Artifact
          SendMessage Monitor ListAgents ScheduleWakeup PushNotification RemoteTrigger SendUserFile
          SendUserMessage WaitForMcpServers Workflow EndConversation ReportFindings SendFeedback
          SubagentHandback ShareOnboardingGuide ShowOnboardingRolePicker OfferChromeSetup
          ClaudeDesign Projects propose_skills ReadNotifications SetGoal ~Task ~KillShell ~KillBash
          ~ListPeers ~Brief ~ListMcpResources ~ReadMcpResource ~ReadMcpResourceDir ~ProposeGoal
          ~MultiEdit ~LS ~NotebookRead ~TodoRead ~BashOutput ~SlashCommand ~exit_plan_mode
          ~TaskOutput ~TeamCreate ~TeamDelete
    "#]]
    .assert_eq(&completion_dump("---\nname: a\ntools: Read, Gr$0\n---\n"));
    expect![[r#"
        Tool replacing 2:14..2:14 "":
          Write Edit NotebookEdit Glob Grep Bash PowerShell WebFetch WebSearch Agent TodoWrite
          TaskCreate TaskGet TaskList TaskUpdate TaskStop AskUserQuestion Skill EnterPlanMode
          ExitPlanMode EnterWorktree ExitWorktree CronCreate CronDelete CronList
          ListMcpResourcesTool ReadMcpResourceTool ReadMcpResourceDirTool ToolSearch LSP Artifact
          SendMessage Monitor ListAgents ScheduleWakeup PushNotification RemoteTrigger SendUserFile
          SendUserMessage WaitForMcpServers Workflow EndConversation ReportFindings SendFeedback
          SubagentHandback ShareOnboardingGuide ShowOnboardingRolePicker OfferChromeSetup
          ClaudeDesign Projects propose_skills ReadNotifications SetGoal ~Task ~KillShell ~KillBash
          ~ListPeers ~Brief ~ListMcpResources ~ReadMcpResource ~ReadMcpResourceDir ~ProposeGoal
          ~MultiEdit ~LS ~NotebookRead ~TodoRead ~BashOutput ~SlashCommand ~exit_plan_mode
          ~TaskOutput ~TeamCreate ~TeamDelete
    "#]]
    .assert_eq(&completion_dump("---\nname: a\ntools: [Read, $0]\n---\n"));
    expect![[r#"
        Tool replacing 4:4..4:4 "":
          Write Edit NotebookEdit Glob Grep Bash PowerShell WebFetch WebSearch Agent TodoWrite
          TaskCreate TaskGet TaskList TaskUpdate TaskStop AskUserQuestion Skill EnterPlanMode
          ExitPlanMode EnterWorktree ExitWorktree CronCreate CronDelete CronList
          ListMcpResourcesTool ReadMcpResourceTool ReadMcpResourceDirTool ToolSearch LSP Artifact
          SendMessage Monitor ListAgents ScheduleWakeup PushNotification RemoteTrigger SendUserFile
          SendUserMessage WaitForMcpServers Workflow EndConversation ReportFindings SendFeedback
          SubagentHandback ShareOnboardingGuide ShowOnboardingRolePicker OfferChromeSetup
          ClaudeDesign Projects propose_skills ReadNotifications SetGoal ~Task ~KillShell ~KillBash
          ~ListPeers ~Brief ~ListMcpResources ~ReadMcpResource ~ReadMcpResourceDir ~ProposeGoal
          ~MultiEdit ~LS ~NotebookRead ~TodoRead ~BashOutput ~SlashCommand ~exit_plan_mode
          ~TaskOutput ~TeamCreate ~TeamDelete
    "#]]
    .assert_eq(&completion_dump(
        "---\nname: a\ntools:\n  - Read\n  - $0\n---\n",
    ));
}

#[test]
fn no_completion_where_nothing_fits() {
    // inside `Agent(...)`, in a description, in the body
    expect![[r#"
        no completion
    "#]]
    .assert_eq(&completion_dump("---\nname: a\ntools: Agent(wo$0)\n---\n"));
    expect![[r#"
        no completion
    "#]]
    .assert_eq(&completion_dump(
        "---\nname: a\ndescription: Use $0it\n---\n",
    ));
    expect![[r#"
        no completion
    "#]]
    .assert_eq(&completion_dump("---\nname: a\n---\nBo$0dy\n"));
}

// ---------------------------------------------------------------------------------------------
// Snapshots: hover at `$0`

#[test]
fn hover_keys() {
    expect![[r#"
        1:0..1:4 "name"
        **`name`** · required · lowercase-hyphenated name

        Unique identifier of the agent: lowercase letters, digits and hyphens (e.g. `code-reviewer`). Claude Code skips an agent without it ("Missing required name field"). By convention it matches the file name.
    "#]]
    .assert_eq(&hover_dump("---\nna$0me: a\n---\n"));
    expect![[r#"
        2:0..2:6 "colour"
        **`colour`** · not a key of an agent

        the key is spelt `color`.
    "#]]
    .assert_eq(&hover_dump("---\nname: a\ncolou$0r: red\n---\n"));
    expect![[r#"
        2:0..2:3 "foo"
        **`foo`** · unknown key

        Claude Code ignores it.
    "#]]
    .assert_eq(&hover_dump("---\nname: a\nfoo$0: red\n---\n"));
}

#[test]
fn hover_tools() {
    expect![[r#"
        2:13..2:18 "Agent"
        **`Agent`** · tool

        Spawn a subagent. `Agent(a, b)` restricts which subagents may be spawned. Named `Task` before Claude Code 2.1.

        Formerly: `Task`.

        ---

        Claude Code 2.1.337 spawns this agent with exactly: `Read`, `Agent`.
    "#]]
    .assert_eq(&hover_dump("---\nname: a\ntools: Read, Ag$0ent(worker)\n---\n"));
    expect![[r#"
        2:8..2:12 "Task"
        **`Task`** · tool

        Spawn a subagent. Old name of `Agent`; still works as an alias, and `Task(a, b)` like `Agent(a, b)`.

        *Old name*: Claude Code 2.1.337 still resolves it, to `Agent`.

        ---

        Claude Code 2.1.337 spawns this agent with exactly: `Agent`.
    "#]]
    .assert_eq(&hover_dump("---\nname: a\ntools: [Ta$0sk]\n---\n"));
    expect![[r#"
        2:13..2:22 "MultiEdit"
        **`MultiEdit`** · tool

        Several edits to one file at once. Removed: `Edit` does this now, and Claude Code drops the name `MultiEdit` silently.

        *Removed*: Claude Code 2.1.337 drops this name silently; use `Edit`.

        ---

        Claude Code 2.1.337 spawns this agent with exactly: `Read`. Dropped, silently: `MultiEdit` (no such tool).
    "#]]
    .assert_eq(&hover_dump("---\nname: a\ntools: Read, Multi$0Edit\n---\n"));
    expect![[r#"
        3:4..3:29 "mcp__github__create_issue"
        **`mcp__github__create_issue`** · MCP tool

        Tool `create_issue` of the MCP server `github`.

        ---

        Claude Code 2.1.337 spawns this agent with exactly: `mcp__github__create_issue`.
    "#]]
    .assert_eq(&hover_dump(
        "---\nname: a\ntools:\n  - mcp__github__create$0_issue\n---\n",
    ));
    expect![[r#"
        no hover
    "#]]
    .assert_eq(&hover_dump("---\nname: a\ntools: Reed$0\n---\n"));
}

#[test]
fn hover_values() {
    expect![[r#"
        2:7..2:11 "opus"
        **`opus`** · model alias

        The latest Claude Opus: most capable, for complex reasoning; slower and costlier.
    "#]]
    .assert_eq(&hover_dump("---\nname: a\nmodel: op$0us\n---\n"));
    expect![[r#"
        2:7..2:33 "claude-sonnet-4-5-20250929"
        **`claude-sonnet-4-5-20250929`** · model id

        A full Claude model id (e.g. `claude-opus-4-6`, `claude-sonnet-4-5-20250929`): pins the agent to that exact model.
    "#]]
    .assert_eq(&hover_dump(
        "---\nname: a\nmodel: claude-sonnet-4-5$0-20250929\n---\n",
    ));
    expect![[r#"
        2:7..2:11 "cyan"
        **`cyan`** · color

        Cyan in the `/agents` UI.
    "#]]
    .assert_eq(&hover_dump("---\nname: a\ncolor: cy$0an\n---\n"));
    expect![[r#"
        2:8..2:15 "project"
        **`project`** · `memory` value

        Memory stored in the project and shared through version control.
    "#]]
    .assert_eq(&hover_dump("---\nname: a\nmemory: pro$0ject\n---\n"));
}

#[test]
fn hover_description_as_claude_reads_it() {
    expect![[r#"
        2:13..2:78 "\"Use it.\\n<example>\\nuser: \\\"hi\\\"\\nassi"…
        **description** as Claude reads it (1 example)

        ---

        Use it.
        <example>
        user: "hi"
        assistant: "ok"
        </example>
    "#]]
    .assert_eq(&hover_dump(
        r#"
---
name: a
description: "Use it$0.\n<example>\nuser: \"hi\"\nassistant: \"ok\"\n</example>"
---
"#,
    ));
}
