#!/bin/sh
# agent-ls plugin for Claude Code: PostToolUse hook on Write|Edit|MultiEdit.
# Lints the file just written with `agent-ls check` and, when it has errors or warnings, hands them to
# Claude as the hook's additional context: Claude Code puts that text into the request that carries the
# tool's result, so Claude reads it in the same turn. Files that are not agent files are skipped by
# agent-ls itself (--only-agent-files); nothing found, no agent-ls on PATH or a path this script cannot
# read: it prints nothing and exits 0 (Claude Code then adds nothing).
input=$(cat)
# Claude Code sends compact JSON; inside a JSON string every `"` is escaped, so `"file_path":"` can only
# be the key itself. JSON's `\\` is unescaped; a path with `"` or other escapes is skipped.
file=$(printf '%s\n' "$input" | sed -n -E 's/.*"file_path" *: *"(([^"\\]|\\\\)*)".*/\1/p' | head -n 1 |
  sed 's/\\\\/\\/g')
[ -n "$file" ] && [ -f "$file" ] || exit 0
command -v agent-ls >/dev/null 2>&1 || exit 0
out=$(agent-ls check --only-agent-files --fail-on warning --color never -- "$file" 2>&1)
[ $? -eq 1 ] || exit 0
# The text as a JSON string: control characters dropped (tabs become spaces), `\` and `"` escaped,
# lines joined with \n.
text=$(printf 'agent-ls found problems in %s:\n%s\n' "$file" "$out" | tr '\t\r' '  ' |
  tr -d '\000-\010\013-\037' | sed 's/\\/\\\\/g; s/"/\\"/g' | awk 'NR > 1 { printf "%s", "\\n" } { printf "%s", $0 }')
printf '{"hookSpecificOutput":{"hookEventName":"PostToolUse","additionalContext":"%s"}}\n' "$text"
