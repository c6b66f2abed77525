#!/usr/bin/env bash
# Tests the PyPI wheel end to end, offline:
#   packaging/test-pypi.sh BINARY
# Writes the wheel carrying BINARY with packaging/pypi/build_wheel.py, checks its RECORD, installs
# it into a fresh venv with `pip install --no-index` (nothing from a registry), then runs
# packaging/smoke.sh on the venv's `agent-ls` (--version, check examples/, LSP over stdio). BINARY
# must be under 15 MB (MAX_BINARY_MB to change): pass the dist build, target/dist/agent-ls.
# Then README's two PyPI lines, from the same wheel and offline, each followed by smoke.sh:
#   * `pipx install agent-ls`: pipx installs the wheel with each of its backends (pip, and uv when
#     uv is found), PIPX_HOME / PIPX_BIN_DIR in the work folder, `--pip-args=--no-index`;
#   * `uvx agent-ls check .`: `uvx --offline --no-index --from WHEEL agent-ls`, through a wrapper
#     script, UV_CACHE_DIR / UV_TOOL_DIR in the work folder.
# pipx and uv are $PIPX and $UV, else `pipx` and `uv` on PATH; a missing one is skipped (said so),
# unless AGENT_LS_CI=1, where it fails. The proxy variables point at a closed local port, so any
# request that would leave the machine fails instead.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"
packaging_setup test-pypi "$@"

# pipx and uv: $PIPX / $UV, else on PATH; missing is "skipped", or a failure under AGENT_LS_CI=1
missing=0
find_tool() { # NAME VARIABLE: prints the tool's absolute path, or nothing when it is missing
  local path=${!2:-}
  if [ -n "$path" ]; then
    [ -f "$path" ] && [ -x "$path" ] || { echo "test-pypi: $2=$path is not an executable" >&2; exit 1; }
  else
    path=$(command -v "$1" || true)
    [ -n "$path" ] || return 0
  fi
  echo "$(cd "$(dirname "$path")" && pwd)/$(basename "$path")"
}
skip() { # VARIABLE TOOL WHAT
  if [ "${AGENT_LS_CI:-}" = 1 ]; then
    echo "test-pypi: $2 not found (set $1): AGENT_LS_CI=1, so '$3' is not skipped" >&2
    missing=1
  else
    echo "test-pypi: skipped '$3': $2 not found (set $1 or put it on PATH)"
  fi
}
pipx=$(find_tool pipx PIPX)
uv=$(find_tool uv UV)

make_work

check_binary_size

wheel=$(python3 "$here/pypi/build_wheel.py" --binary "$binary" --platform "$platform" \
  --version "$version" --out "$work/wheels")
echo "test-pypi: wrote $(basename "$wheel"): $(wc -c <"$wheel") bytes"

# RECORD lists every other file with its sha256 and size; the binary is stored executable
python3 - "$wheel" "$binary" <<'PY'
import base64, hashlib, sys, zipfile
wheel, binary = sys.argv[1:]
with zipfile.ZipFile(wheel) as z:
    names = z.namelist()
    record = next(n for n in names if n.endswith(".dist-info/RECORD"))
    rows = [line.split(",") for line in z.read(record).decode().splitlines()]
    listed = {row[0] for row in rows}
    assert listed == set(names), f"RECORD lists {sorted(listed)}, the wheel holds {sorted(names)}"
    for path, digest, size in rows:
        if path == record:
            continue
        data = z.read(path)
        want = "sha256=" + base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
        assert digest == want and int(size) == len(data), f"RECORD is wrong for {path}"
    script = next(n for n in names if ".data/scripts/" in n)
    assert z.read(script) == open(binary, "rb").read(), f"{script} is not the binary"
    assert (z.getinfo(script).external_attr >> 16) & 0o111, f"{script} is not executable"
print(f"test-pypi: RECORD matches the {len(names)} files; {script} is the binary, executable")
PY

python3 -m venv "$work/venv"
PIP_CONFIG_FILE=/dev/null PIP_FIND_LINKS= "$work/venv/bin/pip" install -q --no-index \
  --disable-pip-version-check "$wheel"
installed="$work/venv/bin/agent-ls"
[ -x "$installed" ] || { echo "test-pypi: pip installed no $installed" >&2; exit 1; }
echo "test-pypi: pip installed $installed"

bash "$here/smoke.sh" "$installed"

# nothing leaves the machine: no index anywhere, no Python downloads, no user config, every cache
# in the work folder, and the proxy variables at a closed local port so a request that slips
# through fails
offline=(PIP_CONFIG_FILE=/dev/null PIP_FIND_LINKS= PIP_NO_INDEX=1 PIP_DISABLE_PIP_VERSION_CHECK=1
  UV_OFFLINE=1 UV_NO_CONFIG=1 UV_PYTHON_DOWNLOADS=never UV_CACHE_DIR="$work/uv/cache"
  UV_TOOL_DIR="$work/uv/tools" UV_TOOL_BIN_DIR="$work/uv/bin" UV_PYTHON_INSTALL_DIR="$work/uv/python"
  http_proxy=http://127.0.0.1:9 https_proxy=http://127.0.0.1:9 all_proxy=http://127.0.0.1:9
  HTTP_PROXY=http://127.0.0.1:9 HTTPS_PROXY=http://127.0.0.1:9 ALL_PROXY=http://127.0.0.1:9
  no_proxy= NO_PROXY= USE_EMOJI=0)

if [ -n "$pipx" ]; then
  echo "test-pypi: pipx $("$pipx" --version) ($pipx)"
  backends=pip
  pipx_path=$PATH
  if [ -n "$uv" ]; then
    # pipx takes the uv installed beside it, else the first on PATH: put $UV's folder first
    backends="pip uv"
    pipx_path="$(dirname "$uv"):$PATH"
  else
    skip UV uv "pipx install --backend uv"
  fi
  for backend in $backends; do
    home="$work/pipx-$backend"
    # --skip-maintenance: offline, the shared pip (pip backend) is the Python's own, not upgraded
    env "${offline[@]}" PATH="$pipx_path" PIPX_HOME="$home" PIPX_BIN_DIR="$home/bin" \
      PIPX_MAN_DIR="$home/man" \
      "$pipx" install --quiet --skip-maintenance --backend "$backend" --pip-args=--no-index "$wheel"
    installed="$home/bin/agent-ls"
    [ -x "$installed" ] || { echo "test-pypi: pipx ($backend) installed no $installed" >&2; exit 1; }
    echo "test-pypi: pipx install --backend $backend installed $installed"
    bash "$here/smoke.sh" "$installed"
  done
else
  skip PIPX pipx "pipx install agent-ls"
fi

if [ -n "$uv" ]; then
  # uvx sits beside uv; `uv tool run` is the same command
  uvx=("$(dirname "$uv")/uvx")
  [ -x "${uvx[0]}" ] || uvx=("$uv" tool run)
  echo "test-pypi: $("$uv" --version) (${uvx[*]})"
  # smoke.sh runs one executable: a wrapper that runs agent-ls through uvx, offline
  wrapper="$work/uvx-agent-ls"
  {
    echo '#!/usr/bin/env bash'
    printf 'exec env'; printf ' %q' "${offline[@]}"
    printf ' %q' "${uvx[@]}" --offline --no-index --from "$wheel" agent-ls; echo ' "$@"'
  } >"$wrapper"
  chmod +x "$wrapper"
  echo "test-pypi: uvx --offline --no-index --from $(basename "$wheel") agent-ls, through $wrapper"
  bash "$here/smoke.sh" "$wrapper"
else
  skip UV uv "uvx agent-ls check ."
fi

[ "$missing" = 0 ] || exit 1
echo "test-pypi: ok"
