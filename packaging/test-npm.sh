#!/usr/bin/env bash
# Tests the npm packages end to end, offline:
#   packaging/test-npm.sh BINARY
# Packs agent-ls-linux-x64 (carrying BINARY) and agent-ls from this checkout with
# packaging/npm/build.py, installs both tarballs globally into an empty prefix with npm offline
# (an empty cache and a registry address that cannot answer, so nothing comes from a registry),
# then runs packaging/smoke.sh on the installed `agent-ls` (--version, check examples/, LSP over
# stdio through the Node launcher) and `npx agent-ls --version`. BINARY must be under 15 MB
# (MAX_BINARY_MB to change): pass the dist build, target/dist/agent-ls.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"
packaging_setup test-npm "$@"

make_work

check_binary_size

mapfile -t tarballs < <(python3 "$here/npm/build.py" --binary "$binary" --platform "$platform" \
  --version "$version" --out "$work/packs")
platform_tgz=${tarballs[0]} main_tgz=${tarballs[1]}
ls -l "$platform_tgz" "$main_tgz" | awk '{print "test-npm: packed " $NF ": " $5 " bytes"}'
tar -xzOf "$platform_tgz" package/agent-ls | cmp -s - "$binary" ||
  { echo "test-npm: $platform_tgz does not carry $binary unchanged" >&2; exit 1; }

# Offline: an empty cache, no registry that answers. The platform tarball is given first, so the
# main package's optional dependency agent-ls-$platform@$version is already satisfied.
export npm_config_cache="$work/cache" npm_config_registry=http://127.0.0.1:9/ npm_config_offline=true
export npm_config_audit=false npm_config_fund=false npm_config_update_notifier=false
prefix="$work/prefix"
mkdir "$prefix"
npm install --global --prefix "$prefix" --loglevel=error "$platform_tgz" "$main_tgz"
installed="$prefix/bin/agent-ls"
[ -x "$installed" ] || { echo "test-npm: npm installed no $installed" >&2; exit 1; }
echo "test-npm: installed $(readlink "$installed" || echo "$installed")"

bash "$here/smoke.sh" "$installed"

# npx finds agent-ls among the global packages of that prefix, still without the registry
npx_version=$(cd "$work" && npm_config_prefix="$prefix" npx --no-install agent-ls --version)
[ "$npx_version" = "$("$binary" --version)" ] ||
  { echo "test-npm: npx agent-ls --version printed '$npx_version'" >&2; exit 1; }
echo "test-npm: npx agent-ls --version -> $npx_version"

# The launcher says what is wrong when the platform package is missing.
rm -rf "$prefix/lib/node_modules/agent-ls-$platform"
set +e
message=$("$installed" --version 2>&1)
code=$?
set -e
if [ "$code" -ne 1 ] || ! grep -q "agent-ls-$platform.*is not installed" <<<"$message"; then
  echo "test-npm: without its platform package the launcher exited $code and said: $message" >&2
  exit 1
fi
echo "test-npm: without agent-ls-$platform -> exit 1: $(head -n 1 <<<"$message")"
echo "test-npm: ok"
