# Sourced by test-npm.sh and test-pypi.sh: what both need before they pack the binary.
#   packaging_setup NAME BINARY  sets binary (absolute), here, root, version (Cargo.toml's),
#                                platform (npm's name for this machine), max_mb (MAX_BINARY_MB,
#                                15 by default); NAME starts the messages.
#   make_work                    sets work, a temporary folder removed on exit.
#   check_binary_size            fails when the binary is over max_mb MB.
packaging_setup() {
  name=$1
  binary=${2:?usage: $name.sh BINARY}
  binary=$(cd "$(dirname "$binary")" && pwd)/$(basename "$binary")
  here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
  root=$(dirname "$here")
  max_mb=${MAX_BINARY_MB:-15}
  version=$(sed -n 's/^version = "\(.*\)"/\1/p' "$root/Cargo.toml" | head -n 1)
  case "$(uname -s)-$(uname -m)" in
    Linux-x86_64) platform=linux-x64 ;;
    Linux-aarch64) platform=linux-arm64 ;;
    Darwin-x86_64) platform=darwin-x64 ;;
    Darwin-arm64) platform=darwin-arm64 ;;
    *) echo "$name: no package platform for $(uname -sm)" >&2; exit 1 ;;
  esac
}

make_work() {
  work=$(mktemp -d "${TMPDIR:-/tmp}/agent-ls-$name.XXXXXX")
  trap 'rm -rf "$work"' EXIT
}

check_binary_size() {
  local size
  size=$(wc -c <"$binary")
  echo "$name: binary $binary: $size bytes"
  if [ "$size" -gt $((max_mb * 1024 * 1024)) ]; then
    echo "$name: the binary is over $max_mb MB: build it with --profile dist" >&2
    exit 1
  fi
}
