#!/bin/sh
# agent-ls plugin for Claude Code: SessionStart hook. Without agent-ls on PATH the PostToolUse hook
# checks nothing; say so to the user (a systemMessage is shown to the user, not given to Claude).
command -v agent-ls >/dev/null 2>&1 && exit 0
printf '%s\n' '{"systemMessage": "agent-ls plugin: the agent-ls program is not on PATH, so agent files are not checked. Install it (npm install -g agent-ls, pipx install agent-ls or cargo install agent-ls) or disable the plugin with /plugin."}'
