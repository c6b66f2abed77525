#!/usr/bin/env python3
"""Writes a wheel that carries a prebuilt agent-ls binary, so that `pip install agent-ls`,
`pipx install agent-ls` and `uvx agent-ls` put the `agent-ls` command on PATH. The same layout as
maturin's `bindings = "bin"` wheels: the binary alone as agent_ls-V.data/scripts/agent-ls, no
Python code. Standard library only, no network, no build: the binary comes from the one
optimized cargo build the release makes (see .github/workflows/release.yml).

    packaging/pypi/build_wheel.py --binary target/dist/agent-ls --platform linux-x64 --version 0.1.0 --out dist/pypi

The platform tag is read from the binary itself:
  * Linux, static (no ELF interpreter, e.g. the x86_64/aarch64-unknown-linux-musl builds):
    manylinux_2_17 + manylinux2014 + musllinux_1_1, it runs on any Linux of that architecture;
  * Linux, dynamically linked to glibc: manylinux_2_N, N the newest GLIBC_2.N symbol version it
    needs, after checking it links only libraries the manylinux policy allows;
  * macOS: macosx_X_Y from the Mach-O's minimum OS version; Windows: win_amd64 / win_arm64.
--plat-tag overrides it. Prints the path of the wheel it wrote.
"""
import argparse
import base64
import hashlib
import re
import struct
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
NAME = "agent-ls"
DIST = "agent_ls"
SUMMARY = "A language server and linter for Claude Code agent files (markdown with YAML frontmatter)"
LICENSE = "MIT OR Apache-2.0"

# platform (as the npm packages name them) -> (binary file name, ELF/PE/Mach-O architecture)
PLATFORMS = {
    "linux-x64": ("agent-ls", "x86_64"),
    "linux-arm64": ("agent-ls", "aarch64"),
    "darwin-x64": ("agent-ls", "x86_64"),
    "darwin-arm64": ("agent-ls", "arm64"),
    "win32-x64": ("agent-ls.exe", "amd64"),
    "win32-arm64": ("agent-ls.exe", "arm64"),
}
# the libraries a manylinux wheel may link (PEP 600's policies; what a Rust binary uses)
MANYLINUX_LIBS = {
    "libc.so.6", "libm.so.6", "libpthread.so.0", "libdl.so.2", "librt.so.1", "libgcc_s.so.1",
    "ld-linux-x86-64.so.2", "ld-linux-aarch64.so.1", "libutil.so.1",
}


class BinaryError(Exception):
    pass


# ---- ELF -----------------------------------------------------------------------------------

def elf_tags(data: bytes, arch: str) -> list:
    if data[:4] != b"\x7fELF":
        raise BinaryError("not an ELF file")
    if data[4] != 2:
        raise BinaryError("not a 64-bit ELF file")
    end = "<" if data[5] == 1 else ">"
    machine = struct.unpack_from(end + "H", data, 18)[0]
    found = {0x3E: "x86_64", 0xB7: "aarch64"}.get(machine, f"machine {machine:#x}")
    if found != arch:
        raise BinaryError(f"an ELF binary for {found}, not {arch}")
    phoff, shoff = struct.unpack_from(end + "QQ", data, 32)
    phentsize, phnum, shentsize, shnum = struct.unpack_from(end + "HHHH", data, 54)

    interpreter = None
    for i in range(phnum):
        p_type, _, p_offset, _, _, p_filesz = struct.unpack_from(end + "IIQQQQ", data, phoff + i * phentsize)
        if p_type == 3:  # PT_INTERP
            interpreter = data[p_offset:p_offset + p_filesz].rstrip(b"\0").decode()
    if interpreter is None:  # static: no libc of the system is used
        return [f"manylinux_2_17_{arch}", f"manylinux2014_{arch}", f"musllinux_1_1_{arch}"]
    if "musl" in interpreter:
        return [f"musllinux_1_2_{arch}"]

    sections = [struct.unpack_from(end + "IIQQQQIIQQ", data, shoff + i * shentsize) for i in range(shnum)]

    def string(section_index, offset):
        start = sections[section_index][4] + offset
        return data[start:data.index(b"\0", start)].decode()

    needed, glibc = [], []
    for _, sh_type, _, _, offset, size, link, _, _, entsize in sections:
        if sh_type == 6:  # SHT_DYNAMIC: DT_NEEDED entries name the linked libraries
            for pos in range(offset, offset + size, entsize):
                tag, value = struct.unpack_from(end + "qQ", data, pos)
                if tag == 0:
                    break
                if tag == 1:
                    needed.append(string(link, value))
        elif sh_type == 0x6FFFFFFE:  # SHT_GNU_verneed: the symbol versions it needs
            pos = offset
            while True:
                _, count, _, aux, next_need = struct.unpack_from(end + "HHIII", data, pos)
                apos = pos + aux
                for _ in range(count):
                    _, _, _, name, next_aux = struct.unpack_from(end + "IHHII", data, apos)
                    match = re.fullmatch(r"GLIBC_2\.(\d+)(?:\.\d+)?", string(link, name))
                    if match:
                        glibc.append(int(match.group(1)))
                    apos += next_aux
                if not next_need:
                    break
                pos += next_need
    outside = sorted(set(needed) - MANYLINUX_LIBS)
    if outside:
        raise BinaryError(f"links {', '.join(outside)}, which no manylinux policy allows")
    minor = max(glibc, default=17)
    tags = [f"manylinux_2_{minor}_{arch}"]
    if minor <= 17:
        tags.append(f"manylinux2014_{arch}")
    return tags


# ---- Mach-O and PE -------------------------------------------------------------------------

def macho_tags(data: bytes, arch: str) -> list:
    if data[:4] != b"\xcf\xfa\xed\xfe":
        raise BinaryError("not a 64-bit little-endian Mach-O file")
    cputype, _, _, ncmds = struct.unpack_from("<iiII", data, 4)
    found = {0x01000007: "x86_64", 0x0100000C: "arm64"}.get(cputype, f"cpu {cputype:#x}")
    if found != arch:
        raise BinaryError(f"a Mach-O binary for {found}, not {arch}")
    pos, version = 32, None
    for _ in range(ncmds):
        cmd, size = struct.unpack_from("<II", data, pos)
        if cmd == 0x32:  # LC_BUILD_VERSION: platform, minos
            version = struct.unpack_from("<I", data, pos + 12)[0]
        elif cmd == 0x24:  # LC_VERSION_MIN_MACOSX: version
            version = struct.unpack_from("<I", data, pos + 8)[0]
        pos += size
    if version is None:
        raise BinaryError("the Mach-O file names no minimum macOS version")
    major, minor = version >> 16, (version >> 8) & 0xFF
    if major >= 11:  # pip and uv know macOS 11 and later by their major version alone
        minor = 0
    return [f"macosx_{major}_{minor}_{arch}"]


def pe_tags(data: bytes, arch: str) -> list:
    if data[:2] != b"MZ":
        raise BinaryError("not a PE file")
    pe = struct.unpack_from("<I", data, 0x3C)[0]
    if data[pe:pe + 4] != b"PE\0\0":
        raise BinaryError("not a PE file")
    machine = struct.unpack_from("<H", data, pe + 4)[0]
    found = {0x8664: "amd64", 0xAA64: "arm64"}.get(machine, f"machine {machine:#x}")
    if found != arch:
        raise BinaryError(f"a Windows binary for {found}, not {arch}")
    return [f"win_{arch}"]


def platform_tags(binary: bytes, platform: str) -> list:
    _, arch = PLATFORMS[platform]
    reader = {"linux": elf_tags, "darwin": macho_tags, "win32": pe_tags}[platform.split("-")[0]]
    return reader(binary, arch)


# ---- the wheel -----------------------------------------------------------------------------

def pep440(version: str) -> str:
    """v0.2.0 -> 0.2.0; a tag's semver pre-release 0.2.0-rc.1 -> 0.2.0rc1."""
    version = version.removeprefix("v")
    version = re.sub(r"-(a|alpha|b|beta|rc)\.?(\d+)$",
                     lambda m: {"alpha": "a", "beta": "b"}.get(m.group(1), m.group(1)) + m.group(2), version)
    if not re.fullmatch(r"\d+(\.\d+)*((a|b|rc)\d+)?(\.post\d+)?(\.dev\d+)?", version):
        raise SystemExit(f"build_wheel.py: {version!r} is not a PEP 440 version")
    return version


def metadata(version: str, readme: Path) -> str:
    lines = [
        "Metadata-Version: 2.4",
        f"Name: {NAME}",
        f"Version: {version}",
        f"Summary: {SUMMARY}",
        f"License-Expression: {LICENSE}",
        "Keywords: claude,claude-code,agents,skills,lsp,language-server,linter",
        "Classifier: Environment :: Console",
        "Classifier: Intended Audience :: Developers",
        "Classifier: Programming Language :: Rust",
        "Classifier: Topic :: Software Development :: Quality Assurance",
    ]
    if readme.is_file():
        lines.append("Description-Content-Type: text/markdown")
        return "\n".join(lines) + "\n\n" + readme.read_text(encoding="utf-8")
    return "\n".join(lines) + "\n"


def record_line(path: str, data: bytes) -> str:
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return f"{path},sha256={digest},{len(data)}"


def write_wheel(out: Path, version: str, tags: list, exe: str, binary: bytes, readme: Path) -> Path:
    dist_info = f"{DIST}-{version}.dist-info"
    wheel_file = out / f"{DIST}-{version}-py3-none-{'.'.join(tags)}.whl"
    files = [  # (path in the wheel, content, unix mode)
        (f"{DIST}-{version}.data/scripts/{exe}", binary, 0o755),
        (f"{dist_info}/METADATA", metadata(version, readme).encode(), 0o644),
        (f"{dist_info}/WHEEL", "".join(
            ["Wheel-Version: 1.0\n", "Generator: agent-ls packaging/pypi/build_wheel.py\n",
             "Root-Is-Purelib: false\n"] + [f"Tag: py3-none-{tag}\n" for tag in tags]).encode(), 0o644),
    ]
    record = [record_line(path, data) for path, data, _ in files] + [f"{dist_info}/RECORD,,"]
    files.append((f"{dist_info}/RECORD", ("\n".join(record) + "\n").encode(), 0o644))
    out.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(wheel_file, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as wheel:
        for path, data, mode in files:
            info = zipfile.ZipInfo(path, date_time=(1980, 1, 1, 0, 0, 0))
            info.external_attr = (0o100000 | mode) << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            wheel.writestr(info, data)
    return wheel_file


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--binary", type=Path, required=True, help="the agent-ls binary for --platform")
    parser.add_argument("--platform", choices=sorted(PLATFORMS), required=True)
    parser.add_argument("--version", required=True, help="e.g. 0.1.0 (a tag's v dropped)")
    parser.add_argument("--out", type=Path, required=True, help="the folder the .whl goes to")
    parser.add_argument("--plat-tag", help="the platform tag(s), dot-separated, instead of the binary's")
    parser.add_argument("--readme", type=Path, default=ROOT / "README.md", help="the long description")
    args = parser.parse_args()
    binary = args.binary.read_bytes()
    try:
        tags = args.plat_tag.split(".") if args.plat_tag else platform_tags(binary, args.platform)
    except BinaryError as error:
        sys.exit(f"build_wheel.py: {args.binary}: {error}")
    exe, _ = PLATFORMS[args.platform]
    print(write_wheel(args.out, pep440(args.version), tags, exe, binary, args.readme))


if __name__ == "__main__":
    main()
