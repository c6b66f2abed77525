#!/usr/bin/env python3
"""Assembles the npm packages of agent-ls and packs them (`npm pack`) into OUT:

  * agent-ls-<platform>: one per platform, the prebuilt binary alone (package.json `os`/`cpu`
    make npm install it only there);
  * agent-ls: the command, a small Node launcher (bin/agent-ls.js) that runs the binary of the
    platform package npm installed, all platform packages being its optionalDependencies (the
    way esbuild and Biome ship their binaries).

    packaging/npm/build.py --binary target/dist/agent-ls --platform linux-x64 --version 0.1.0 --out dist/npm
    packaging/npm/build.py --version 0.1.0 --out dist/npm            # the main package alone
    packaging/npm/build.py --binary B --platform P --version V --out D --no-main   # a platform alone

Prints the paths of the tarballs it wrote, one a line. Needs python3 and npm; nothing else.
"""
import argparse
import json
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent

# platform name -> (package.json os, cpu, binary file name). Keep in step with bin/agent-ls.js.
PLATFORMS = {
    "linux-x64": ("linux", "x64", "agent-ls"),
    "linux-arm64": ("linux", "arm64", "agent-ls"),
    "darwin-x64": ("darwin", "x64", "agent-ls"),
    "darwin-arm64": ("darwin", "arm64", "agent-ls"),
    "win32-x64": ("win32", "x64", "agent-ls.exe"),
}
SEMVER = re.compile(r"^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$")


def npm_pack(package_dir: Path, out: Path) -> Path:
    npm = shutil.which("npm") or sys.exit("build.py: npm is not on PATH")
    result = subprocess.run(
        [npm, "pack", "--json", "--pack-destination", str(out)],
        cwd=package_dir, check=True, stdout=subprocess.PIPE, text=True,
    )
    return out / json.loads(result.stdout)[0]["filename"]


def fill(template: str, values: dict) -> str:
    for key, value in values.items():
        template = template.replace(f"@{key}@", value)
    return template


def platform_package(work: Path, binary: Path, platform: str, version: str) -> Path:
    os_name, cpu, exe = PLATFORMS[platform]
    values = {"PLATFORM": platform, "VERSION": version, "OS": os_name, "CPU": cpu, "EXE": exe}
    package = work / f"agent-ls-{platform}"
    package.mkdir()
    for name in ("package.json", "README.md"):
        (package / name).write_text(fill((HERE / "platform" / name).read_text(), values))
    json.loads((package / "package.json").read_text())  # the template stays valid JSON
    shutil.copyfile(binary, package / exe)
    # npm keeps the executable bit of a packed file; the launcher execs the binary directly
    (package / exe).chmod(0o755)
    return package


def main_package(work: Path, version: str) -> Path:
    package = work / "agent-ls"
    (package / "bin").mkdir(parents=True)
    manifest = json.loads((HERE / "package.json").read_text())
    manifest["version"] = version
    manifest["optionalDependencies"] = {f"agent-ls-{p}": version for p in PLATFORMS}
    (package / "package.json").write_text(json.dumps(manifest, indent=2) + "\n")
    launcher = package / "bin" / "agent-ls.js"
    shutil.copyfile(HERE / "bin" / "agent-ls.js", launcher)
    launcher.chmod(0o755)
    readme = HERE.parent.parent / "README.md"
    if readme.is_file():
        shutil.copyfile(readme, package / "README.md")
    return package


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--binary", type=Path, help="the agent-ls binary for --platform")
    parser.add_argument("--platform", choices=sorted(PLATFORMS), help="the platform --binary runs on")
    parser.add_argument("--version", required=True, help="the npm version, e.g. 0.1.0 (a tag's v dropped)")
    parser.add_argument("--out", type=Path, required=True, help="where the .tgz files go")
    parser.add_argument("--no-main", action="store_true", help="pack the platform package only")
    args = parser.parse_args()
    version = args.version.removeprefix("v")
    if not SEMVER.match(version):
        parser.error(f"--version {args.version!r} is not a semver version")
    if bool(args.binary) != bool(args.platform):
        parser.error("--binary and --platform go together")
    if args.no_main and not args.binary:
        parser.error("--no-main leaves nothing to pack without --binary")
    if args.binary and not args.binary.is_file():
        parser.error(f"no binary at {args.binary}")
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="agent-ls-npm-") as tmp:
        work = Path(tmp)
        packages = []
        if args.binary:
            packages.append(platform_package(work, args.binary, args.platform, version))
        if not args.no_main:
            packages.append(main_package(work, version))
        for package in packages:
            print(npm_pack(package, args.out.resolve()))


if __name__ == "__main__":
    main()
