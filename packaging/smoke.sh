#!/usr/bin/env bash
# The checks an installed agent-ls must pass, whatever installed it (npm, pip, ...):
#   packaging/smoke.sh AGENT_LS
# AGENT_LS is the command to run (a path, or a name on PATH). Checks:
#   1. `AGENT_LS --version` prints "agent-ls <version> ..." and exits 0;
#   2. `AGENT_LS check examples/` exits 1 (examples/ is broken on purpose) and names a known
#      finding (release-helper.md's misspelt tool `Bassh`);
#   3. the language server over stdio: initialize -> serverInfo.name "agent-ls", shutdown, exit -> 0.
set -euo pipefail
agent_ls=${1:?usage: smoke.sh AGENT_LS}
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")

version=$("$agent_ls" --version)
case $version in
  "agent-ls "*) echo "smoke: --version -> $version" ;;
  *) echo "smoke: --version printed '$version', expected 'agent-ls <version>'" >&2; exit 1 ;;
esac

set +e
# relative to the repository, so the finding's path is the same wherever it runs
output=$(cd "$root" && "$agent_ls" check --color never examples 2>&1)
code=$?
set -e
if [ "$code" -ne 1 ]; then
  printf '%s\n' "$output" >&2
  echo "smoke: check examples exited $code, expected 1 (examples/ has errors on purpose)" >&2
  exit 1
fi
finding='examples/.claude/agents/release-helper.md:4:14: warning[unknown-tool]: unknown tool `Bassh`'
if ! grep -qF "$finding" <<<"$output"; then
  printf '%s\n' "$output" >&2
  echo "smoke: check examples does not name the finding: $finding" >&2
  exit 1
fi
echo "smoke: check examples -> exit 1, $(tail -n 1 <<<"$output")"

python3 "$here/lsp_smoke.py" "$agent_ls"
