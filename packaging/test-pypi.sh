#!/usr/bin/env bash
# Tests the PyPI wheel end to end, offline:
#   packaging/test-pypi.sh BINARY
# Writes the wheel carrying BINARY with packaging/pypi/build_wheel.py, checks its RECORD, installs
# it into a fresh venv with `pip install --no-index` (nothing from a registry), then runs
# packaging/smoke.sh on the venv's `agent-ls` (--version, check examples/, LSP over stdio). BINARY
# must be under 15 MB (MAX_BINARY_MB to change): pass the dist build, target/dist/agent-ls.
set -euo pipefail
binary=${1:?usage: test-pypi.sh BINARY}
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
max_mb=${MAX_BINARY_MB:-15}
version=$(sed -n 's/^version = "\(.*\)"/\1/p' "$root/Cargo.toml" | head -n 1)

case "$(uname -s)-$(uname -m)" in
  Linux-x86_64) platform=linux-x64 ;;
  Linux-aarch64) platform=linux-arm64 ;;
  Darwin-x86_64) platform=darwin-x64 ;;
  Darwin-arm64) platform=darwin-arm64 ;;
  *) echo "test-pypi: no wheel platform for $(uname -sm)" >&2; exit 1 ;;
esac

work=$(mktemp -d "${TMPDIR:-/tmp}/agent-ls-test-pypi.XXXXXX")
trap 'rm -rf "$work"' EXIT

size=$(wc -c <"$binary")
echo "test-pypi: binary $binary: $size bytes"
if [ "$size" -gt $((max_mb * 1024 * 1024)) ]; then
  echo "test-pypi: the binary is over $max_mb MB: build it with --profile dist" >&2
  exit 1
fi

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
echo "test-pypi: ok"
