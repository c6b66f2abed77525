#!/usr/bin/env python3
"""check: what a Claude Code release changed for agent-ls.

  python3 tools/claude-release/check.py --version latest --live

Python 3.11+, stdlib only. Three parts, one report; exit 1 when anything differs:

 1. Release changes: the facts agent-ls mirrors, read from the JavaScript bundled in the `claude`
    binary (jsfacts.py: hook events, the events that drop an agent at the top level, tool names and
    aliases, frontmatter keys per kind, model aliases, colours, permission modes, effort values,
    size limits, ...), against tools/claude-release/facts.json, the same facts of the Claude Code
    the catalog was verified with.
 2. Catalog gaps: the same facts against src/catalog/catalog.toml and src/catalog/kinds/*.toml.
    Deliberate differences are listed, with their reason, in tools/claude-release/accepted.toml.
 3. --live: every fidelity fixture run through the real binary, against the recorded verdicts:
    tests/fixtures/fidelity (agents, oracle-agents.py), tests/fixtures/fidelity-kinds (skills,
    commands, output styles, scenarios: oracle-kinds.py) and tests/fixtures/memory-oracle
    (oracle-memory.py). Each harness runs on a temporary copy; recorded files are never rewritten.

The binary: --claude-bin PATH, or --version X.Y.Z|latest (npm installs exactly that version into a
temporary prefix; with Node 20 an unnamed version may resolve to an old release), or $CLAUDE_BIN.
After bringing the catalog to a new release: --record rewrites facts.json from the binary.
Exit status: 0 nothing differs, 1 something differs (or a fact could not be read), 2 setup error.
"""
import argparse, glob, json, os, shutil, signal, subprocess, sys, tempfile, tomllib

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)
import jsfacts  # noqa: E402

CATALOG = os.path.join(REPO, "src", "catalog")
FACTS = os.path.join(HERE, "facts.json")
ACCEPTED = os.path.join(HERE, "accepted.toml")
PACKAGE = "@anthropic-ai/claude-code"


# ---- getting the binary ---------------------------------------------------------------------

def npm_install(version, prefix):
    if version == "latest":
        version = subprocess.run(["npm", "view", PACKAGE, "version"], capture_output=True, text=True,
                                 check=True).stdout.strip()
    print(f"installing {PACKAGE}@{version} into {prefix}", file=sys.stderr, flush=True)
    # no install script needs to run: the binary comes in a platform package (optional dependency)
    subprocess.run(["npm", "install", "--prefix", prefix, "--no-audit", "--no-fund", "--loglevel=error",
                    "--ignore-scripts", f"{PACKAGE}@{version}"], check=True, stdout=sys.stderr)
    # the platform package npm picked (an optional dependency): linux-x64 before linux-x64-musl
    plat = {"linux": "linux", "darwin": "darwin", "win32": "win32"}.get(sys.platform, sys.platform)
    arch = {"x86_64": "x64", "amd64": "x64", "aarch64": "arm64", "arm64": "arm64"}.get(os.uname().machine.lower(), "x64")
    bins = sorted(glob.glob(os.path.join(prefix, "node_modules", "@anthropic-ai", "claude-code-*", "claude*")),
                  key=lambda p: (f"claude-code-{plat}-{arch}" + os.sep not in p, "musl" in p, p))
    if not bins:
        raise SystemExit(f"check: no platform binary under {prefix}/node_modules/@anthropic-ai/")
    return bins[0]


def binary_version(claude):
    out = subprocess.run([claude, "--version"], capture_output=True, text=True, timeout=120).stdout
    return out.split()[0] if out.strip() else None


# ---- part 1: release changes ------------------------------------------------------------------

def is_missing(v):
    return isinstance(v, str) and v.startswith("NOT FOUND")


def diff_values(old, new):
    """Readable lines for one fact that changed."""
    if isinstance(old, list) and isinstance(new, list):
        out = []
        add = [x for x in new if x not in old]
        rem = [x for x in old if x not in new]
        if add:
            out.append("added " + ", ".join(map(str, add)))
        if rem:
            out.append("removed " + ", ".join(map(str, rem)))
        if not out:
            out.append("same items, new order")
        return out
    if isinstance(old, dict) and isinstance(new, dict):
        out = []
        for k in new:
            if k not in old:
                out.append(f"added {k} = {new[k]!r}")
            elif old[k] != new[k]:
                out.append(f"{k}: {old[k]!r} -> {new[k]!r}")
        out += [f"removed {k} (was {old[k]!r})" for k in old if k not in new]
        return out
    return [f"{old!r} -> {new!r}"]


def release_changes(facts, recorded):
    out = []
    for key in sorted(set(facts) | set(recorded)):
        if key == "version":
            continue
        old, new = recorded.get(key), facts.get(key)
        if old == new:
            continue
        if key not in recorded:
            out.append((key, [f"new fact: {new!r}"]))
        elif key not in facts:
            out.append((key, ["no longer read"]))
        else:
            out.append((key, diff_values(old, new)))
    return out


# ---- part 2: catalog gaps ---------------------------------------------------------------------

def load_catalog():
    cat = tomllib.load(open(os.path.join(CATALOG, "catalog.toml"), "rb"))
    kinds = {}
    for f in sorted(glob.glob(os.path.join(CATALOG, "kinds", "*.toml"))):
        k = tomllib.load(open(f, "rb"))
        kinds[k["id"]] = k
    return cat, kinds


def key_of(kind, name):
    return next((k for k in kind.get("keys", []) if k["name"] == name), None)


def values_of(kind, name):
    k = key_of(kind, name)
    return list(k.get("values", [])) if k else []


def comparisons(f, cat, kinds):
    """(id, what, where in the catalog, facts of Claude Code, facts of the catalog): each pair of
    lists is compared as sets. A fact the JS did not yield makes its comparisons "NOT FOUND"."""
    out = []
    for c in _comparisons(f, cat, kinds):
        try:
            cid, what, where, theirs, ours = c[0], c[1], c[2], c[3](), c[4]()
        except (KeyError, TypeError, AttributeError) as e:
            cid, what, where, theirs, ours = c[0], c[1], c[2], f"NOT FOUND: {e!r}", []
        out.append((cid, what, where, theirs, ours))
    return out


def _comparisons(f, cat, kinds):
    """(id, what, where, thunk of Claude Code's items, thunk of the catalog's items)."""
    A, S, C, O = kinds["agent"], kinds["skill"], kinds["command"], kinds["output-style"]
    cur = [t["name"] for t in cat["tools"] if t.get("status", "current") == "current"]

    def fact(key):
        v = f.get(key)
        if v is None or is_missing(v):
            raise KeyError(f"{key} not read from the JS")
        return v

    def builtin_ours():
        # a current tool of the catalog may also come from the tool registry (McpTaskCheck, ...)
        reg = f.get("tools.registry") if not is_missing(f.get("tools.registry")) else []
        return [t for t in cur if t not in (reg or []) or t in fact("tools.builtin")]

    out = [
        ("hooks.events", "hook events", "catalog.toml hook_events",
         lambda: fact("hooks.events"), lambda: cat["hook_events"]),
        ("hooks.guard_events", "guard events (a non-list value drops the agent)", "catalog.toml guard_hook_events",
         lambda: fact("hooks.guard_events"), lambda: cat["guard_hook_events"]),
        ("hooks.top_level_drop_events", "events that drop an agent when written at the frontmatter top level",
         "catalog.toml guard_hook_events", lambda: fact("hooks.top_level_drop_events"), lambda: cat["guard_hook_events"]),
        ("tools.builtin", "built-in tool names", "catalog.toml tools (status current)",
         lambda: fact("tools.builtin"), builtin_ours),
        ("tools.aliases", "tool aliases (old name -> tool)", "catalog.toml tools (status alias, current)",
         lambda: [f"{a} -> {t}" for a, t in fact("tools.aliases").items()],
         lambda: [f"{t['name']} -> {t.get('current')}" for t in cat["tools"] if t.get("status") == "alias"]),
        ("models", "model aliases", "catalog.toml models",
         lambda: fact("models.aliases"), lambda: [m["name"] for m in cat["models"]]),
        ("colors", "agent colours", "catalog.toml colors",
         lambda: fact("agent.colors"), lambda: [c["name"] for c in cat["colors"]]),
        ("agents.builtin", "built-in agents", "catalog.toml builtin_agents",
         lambda: fact("agents.builtin"), lambda: [a["name"] for a in cat["builtin_agents"]]),
        ("values.agent.permissionMode", "agent permissionMode values", "kinds/agent.toml keys permissionMode",
         lambda: fact("agent.permission_modes"), lambda: values_of(A, "permissionMode")),
        ("values.agent.memory", "agent memory values", "kinds/agent.toml keys memory",
         lambda: fact("agent.memory_values"), lambda: values_of(A, "memory")),
        ("values.agent.isolation", "agent isolation values", "kinds/agent.toml keys isolation",
         lambda: fact("agent.isolation_values"), lambda: values_of(A, "isolation")),
        ("agent.plugin_ignored_keys", "keys ignored (with a warning) in a plugin's agents",
         "kinds/agent.toml plugin_ignored_keys",
         lambda: fact("agent.plugin_ignored_keys"), lambda: A.get("plugin_ignored_keys", [])),
        ("agent.key_suggestions", "did-you-mean of unknown agent keys (folded key -> suggestion)",
         "kinds/agent.toml key_suggestions",
         lambda: [f"{a} -> {t if t is not None else '(no suggestion)'}" for a, t in fact("agent.key_suggestions").items()],
         lambda: [f"{x['folded']} -> {x['suggest'] or '(no suggestion)'}" for x in A.get("key_suggestions", [])]),
    ]
    for kid, kind in (("agent", A), ("skill", S), ("command", C)):
        out.append((f"values.{kid}.effort", f"{kid} effort values", f"kinds/{kid}.toml keys effort",
                    lambda: fact("effort.levels") + list(fact("effort.aliases")),
                    lambda kind=kind: values_of(kind, "effort")))
        out.append((f"integer.{kid}.effort", f"{kid} effort accepts an integer", f"kinds/{kid}.toml keys effort integer",
                    lambda: ["integer"] if fact("effort.integer") else [],
                    lambda kind=kind: ["integer"] if (key_of(kind, "effort") or {}).get("integer") else []))
    for kid, kind in (("skill", S), ("command", C)):
        out.append((f"values.{kid}.shell", f"{kid} shell values", f"kinds/{kid}.toml keys shell",
                    lambda: fact("skill.shell_values"), lambda kind=kind: values_of(kind, "shell")))
        out.append((f"values.{kid}.context", f"{kid} context values", f"kinds/{kid}.toml keys context",
                    lambda: fact("keys.skill.values.context"), lambda kind=kind: values_of(kind, "context")))
    # frontmatter keys: skills and commands are both checked against Claude Code's skill schema
    for kid, kind, schema in (("agent", A, "agent"), ("skill", S, "skill"), ("command", C, "skill"),
                              ("output-style", O, "output-style")):
        out.append((f"keys.{kid}", f"{kid} frontmatter keys", f"kinds/{kid}.toml keys",
                    lambda schema=schema: fact(f"keys.{schema}"),
                    lambda kind=kind: [k["name"] for k in kind.get("keys", [])]))
        out.append((f"foreign.{kid}", f"{kid} keys the catalog calls foreign (not read)",
                    f"kinds/{kid}.toml foreign_keys", lambda: [],
                    lambda kind=kind, schema=schema: [k["name"] for k in kind.get("foreign_keys", [])
                                                      if k["name"] in fact(f"keys.{schema}")]))

    # booleans of skills/commands/styles: Claude Code lowercases (and trims) before comparing, and so
    # does agent-ls (Catalog::is_true_word), which keeps the lowercase words; a release that stops
    # ignoring case shows up as the spellings the catalog then lacks
    def spellings(side):
        b = fact("skill.booleans")
        ci = b[f"{side}_case_insensitive"]
        return sorted({w.lower() if ci else w for w in b[side]}) if ci else sorted(set(b[side]))

    for side in ("true", "false"):
        out.append((f"booleans.{side}", f"words read as {side} (skills, commands, styles; Claude Code ignores case)",
                    f"catalog.toml {side}_words", lambda side=side: spellings(side), lambda side=side: cat[f"{side}_words"]))
    return out


def scalar_comparisons(f, cat, kinds):
    """(id, what, where, Claude Code's value, the catalog's value)."""
    A, S, C = kinds["agent"], kinds["skill"], kinds["command"]
    L = lambda k: f.get(f"limits.{k}")  # noqa: E731
    return [
        ("limits.agent_file_bytes", "largest agent file Claude Code reads (bytes)",
         "kinds/agent.toml max_bytes (else catalog.toml max_file_bytes)", L("agent_file_bytes"),
         A.get("max_bytes", cat["max_file_bytes"])),
        ("limits.command_file_bytes", "largest command file Claude Code reads (bytes)",
         "kinds/command.toml max_bytes (else catalog.toml max_file_bytes)", L("agent_file_bytes"),
         C.get("max_bytes", cat["max_file_bytes"])),
        ("limits.skill_file_bytes", "largest SKILL.md Claude Code reads (bytes)",
         "kinds/skill.toml max_bytes (else catalog.toml max_file_bytes)", L("skill_file_bytes"),
         S.get("max_bytes", cat["max_file_bytes"])),
        ("limits.memory_file_bytes", "largest memory file (bytes)", "catalog.toml memory_max_bytes",
         L("memory_file_bytes"), cat["memory_max_bytes"]),
        ("limits.name_chars", "longest agent name (characters)", "catalog.toml max_name_chars",
         L("name_chars"), cat["max_name_chars"]),
        ("limits.listing_chars.skill", "skill listing cut (characters)", "kinds/skill.toml listing_chars",
         L("listing_chars"), S.get("listing_chars")),
        ("limits.listing_chars.command", "command listing cut (characters)", "kinds/command.toml listing_chars",
         L("listing_chars"), C.get("listing_chars")),
        ("limits.memory_warn_chars", "memory file size /doctor warns about (characters)",
         "catalog.toml memory_warn_chars", L("memory_warn_chars"), cat["memory_warn_chars"]),
        ("limits.memory_warn_total_chars", "total memory size /doctor warns about (characters)",
         "catalog.toml memory_warn_total_chars", L("memory_warn_total_chars"), cat["memory_warn_total_chars"]),
        # Claude Code stops at depth >= N with the root at depth 0; the catalog counts import levels
        ("limits.import_depth", "import levels followed below a memory file", "catalog.toml max_import_depth",
         L("import_depth") - 1 if isinstance(L("import_depth"), int) else L("import_depth"), cat["max_import_depth"]),
        ("limits.auto_compact_window_min", "smallest agent autoCompactWindow", "kinds/agent.toml keys autoCompactWindow min",
         L("auto_compact_window_min"), (key_of(A, "autoCompactWindow") or {}).get("min")),
    ]


def catalog_gaps(f, cat, kinds, accepted):
    """(gaps [(id, what, where, [lines])], accepted ones used [(id, side, item, reason)], facts that
    could not be read [(id, problem)], accepted entries that match no difference [(id, side, item)])."""
    gaps, used, broken = [], [], []
    acc = {(a["check"], a["side"], a["item"]): a["reason"] for a in accepted}
    for cid, what, where, theirs, ours in comparisons(f, cat, kinds):
        if is_missing(theirs) or is_missing(ours):
            broken.append((cid, theirs if is_missing(theirs) else ours))
            continue
        lines = []
        for side, items in (("claude", [x for x in theirs if x not in ours]), ("catalog", [x for x in ours if x not in theirs])):
            keep = []
            for x in items:
                r = acc.get((cid, side, x))
                if r is None:
                    keep.append(x)
                else:
                    used.append((cid, side, x, r))
            if keep:
                lines.append(("Claude Code has, the catalog lacks: " if side == "claude"
                              else "the catalog has, Claude Code does not: ") + ", ".join(keep))
        if lines:
            gaps.append((cid, what, where, lines))
    for cid, what, where, theirs, ours in scalar_comparisons(f, cat, kinds):
        if is_missing(theirs):
            broken.append((cid, theirs))
        elif theirs != ours:
            r = acc.get((cid, "value", str(theirs)))
            if r is None:
                gaps.append((cid, what, where, [f"Claude Code {theirs}, the catalog {ours}"]))
            else:
                used.append((cid, "value", str(theirs), r))
    # tools: the catalog's current tools must exist in Claude Code; registry tools outside the
    # catalog are reported for information (most are gated by feature flags)
    known = set(f.get("tools.builtin") or []) | set(f.get("tools.registry") or []) | set(f.get("tools.aliases") or {})
    for t in cat["tools"]:
        if t.get("status") == "removed" and t["name"] in known:
            if acc.get(("tools.removed", "catalog", t["name"])) is None:
                gaps.append(("tools.removed", "tools the catalog calls removed", "catalog.toml tools (status removed)",
                             [f"{t['name']}: Claude Code still defines it"]))
    unknown_acc = set(acc) - {(c, s, i) for c, s, i, _ in used}
    down = {cid for cid, _ in broken}
    stale = [a for a in unknown_acc if a[0] != "tools.removed" and a[0] not in down]
    return gaps, used, broken, sorted(stale)


def registry_only(f, cat):
    if is_missing(f.get("tools.registry")) or is_missing(f.get("tools.builtin")):
        return []
    named = {t["name"] for t in cat["tools"]} | set(f["tools.builtin"])
    return [t for t in f["tools.registry"] if t not in named]


# ---- part 3: live ------------------------------------------------------------------------------

AGENT_FIELDS = {"loaded": "verdict", "name": "read", "description": "read", "tools": "read", "debug": "debug"}
KIND_FIELDS = {"loaded": "verdict", "entry": "read", "debug": "debug"}


def classify(rec, now, fields):
    """{class: [field]} of the fields that differ (fields not named are "read")."""
    out = {}
    for k in sorted(set(rec) | set(now)):
        if rec.get(k) != now.get(k):
            out.setdefault(fields.get(k, "read"), []).append(k)
    return out


def short(v, n=160):
    s = json.dumps(v, ensure_ascii=False)
    return s if len(s) <= n else s[:n] + "..."


def compare_cases(title, recorded, now, fields):
    """A section of the live report: (lines, failing count, debug-only count)."""
    lines, fail, dbg = [], 0, []
    names = sorted(set(recorded) | set(now))
    for n in names:
        if n not in now:
            lines.append(f"  {n}: recorded, but not run now")
            fail += 1
            continue
        if n not in recorded:
            lines.append(f"  {n}: new case, no recorded verdict (now: {short(now[n], 120)})")
            continue
        c = classify(recorded[n], now[n], fields)
        if "verdict" in c:
            lines.append(f"  {n}: VERDICT CHANGED: recorded {'loaded' if recorded[n].get('loaded') else 'dropped'}, "
                         f"now {'loaded' if now[n].get('loaded') else 'dropped'}")
            fail += 1
        if "read" in c:
            for k in c["read"]:
                lines.append(f"  {n}: {k} changed: recorded {short(recorded[n].get(k))}, now {short(now[n].get(k))}")
            fail += 1
        if set(c) == {"debug"}:
            dbg.append(n)
    head = f"{title}: {len(names)} cases, " + ("no verdict or reading changed" if not fail else f"{fail} changed")
    out = [head] + lines
    for n in dbg:
        old, new = recorded[n].get("debug") or [], now[n].get("debug") or []
        moved = [f"+ {short(x, 200)}" for x in new if x not in old] + [f"- {short(x, 200)}" for x in old if x not in new]
        out.append(f"  {n}: debug log only (info): " + ("; ".join(moved) if moved else "the same lines, in another order"))
    return out, fail, len(dbg)


def run(cmd, env=None, cwd=None):
    p = subprocess.run(cmd, env=env, cwd=cwd, capture_output=True, text=True)
    if p.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd[:3])}... failed ({p.returncode}): {p.stderr.strip()[-800:]}")
    return p


def live(claude, tmp, strict):
    """The live report: (lines, failing count)."""
    env = dict(os.environ, CLAUDE_BIN=claude)
    lines, fail = [], 0
    fx = os.path.join(REPO, "tests", "fixtures")
    # agents: the harness reads the fixtures beside it and writes where it is told
    print("live: agents (tests/fixtures/fidelity)...", file=sys.stderr, flush=True)
    rec = json.load(open(os.path.join(fx, "fidelity", "ORACLE.json")))
    out = os.path.join(tmp, "agents-ORACLE.json")
    try:
        run([sys.executable, os.path.join(fx, "fidelity", "oracle-agents.py"), "--claude-bin", claude,
             "--write-oracle", "--out", out], env)
        now = json.load(open(out))
        sec, n, d = compare_cases(f"agents, tests/fixtures/fidelity (recorded with {rec.get('claude_version')})",
                                  {k: v for k, v in rec.items() if k.endswith(".md")},
                                  {k: v for k, v in now.items() if k.endswith(".md")}, AGENT_FIELDS)
        lines += sec
        fail += n + (d if strict else 0)
    except (RuntimeError, OSError, ValueError) as e:
        lines.append(f"agents: the harness failed: {e}")
        fail += 1
    # skills, commands, styles and scenarios: oracle-kinds.py --write-oracle on a copy of the folder
    for folder, title, parts in (("fidelity-kinds", "skills, commands, output styles",
                                  ("skill", "command", "style", "scenario")),
                                 ("memory-oracle", "memory files", ("scenarios",))):
        print(f"live: {folder}...", file=sys.stderr, flush=True)
        copy = os.path.join(tmp, folder)
        shutil.copytree(os.path.join(fx, folder), copy)
        script = next(iter(glob.glob(os.path.join(copy, "oracle-*.py"))))
        rec = json.load(open(os.path.join(fx, folder, "ORACLE.json")))
        try:
            run([sys.executable, script, "--write-oracle"], env, copy)
            now = json.load(open(os.path.join(copy, "ORACLE.json")))
        except (RuntimeError, OSError, ValueError) as e:
            lines.append(f"{folder}: the harness failed: {e}")
            fail += 1
            continue
        for part in parts:
            sec, n, d = compare_cases(f"{title}, tests/fixtures/{folder} [{part}] (recorded with {rec.get('claude_code')})",
                                      rec.get(part, {}), now.get(part, {}), KIND_FIELDS)
            lines += sec
            fail += n + (d if strict else 0)
    return lines, fail


# ---- the report --------------------------------------------------------------------------------

def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    g = ap.add_mutually_exclusive_group()
    g.add_argument("--claude-bin", metavar="PATH", help="the claude binary to check")
    g.add_argument("--version", metavar="X.Y.Z", help='install this version from npm ("latest": the newest)')
    ap.add_argument("--live", action="store_true", help="also run every fidelity fixture through the binary")
    ap.add_argument("--strict", action="store_true", help="with --live, fail on debug-log-only changes too")
    ap.add_argument("--record", action="store_true", help="rewrite facts.json from this binary, then compare")
    ap.add_argument("--out", metavar="FILE", help="also write the report to FILE")
    a = ap.parse_args()
    tmp = tempfile.mkdtemp(prefix="claude-release-")
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # so that the temporary folder goes too
    try:
        if a.version:
            try:
                claude = npm_install(a.version, os.path.join(tmp, "npm"))
            except (subprocess.CalledProcessError, OSError) as e:
                print(f"check: npm install failed: {e}", file=sys.stderr)
                return 2
        else:
            claude = a.claude_bin or os.environ.get("CLAUDE_BIN") or shutil.which("claude")
            if not claude:
                ap.error("give --claude-bin PATH or --version X.Y.Z (or set CLAUDE_BIN)")
        return report(claude, a, tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def report(claude, a, tmp):
    ver = binary_version(claude)
    print(f"reading the JavaScript of {claude} ({ver})...", file=sys.stderr, flush=True)
    facts = jsfacts.extract(claude)
    cat, kinds = load_catalog()
    if a.record:
        with open(FACTS, "w") as fh:
            json.dump(facts, fh, indent=1, ensure_ascii=False)
            fh.write("\n")
    recorded = json.load(open(FACTS))
    accepted = tomllib.load(open(ACCEPTED, "rb")).get("accept", [])
    out, failing = [], 0
    out.append(f"Claude Code {ver} (bundled JS {facts.get('version')}) against agent-ls: catalog verified_with "
               f"{cat['verified_with']}, facts.json {recorded.get('version')}")
    if recorded.get("version") != cat["verified_with"]:
        out.append(f"  note: facts.json was recorded from {recorded.get('version')}, the catalog names {cat['verified_with']}")
        failing += 1

    out.append("")
    out.append(f"== 1. What Claude Code {ver} changed since {recorded.get('version')} (JS facts vs tools/claude-release/facts.json)")
    ch = release_changes(facts, recorded)
    for key, lines in ch:
        out.append(f"  {key}: " + "; ".join(lines))
    if not ch:
        out.append("  nothing")
    failing += len(ch)

    out.append("")
    out.append(f"== 2. The catalog against Claude Code {ver} (src/catalog/*.toml vs JS facts)")
    gaps, used, broken, stale = catalog_gaps(facts, cat, kinds, accepted)
    for cid, what, where, lines in gaps:
        out.append(f"  {cid}: {what} [{where}]")
        out += [f"      {l}" for l in lines]
    if not gaps:
        out.append("  no difference")
    for cid, problem in broken:
        out.append(f"  {cid}: could not be read from the JS ({problem}): look at jsfacts.py")
    for c, s, i in stale:
        out.append(f"  accepted.toml: ({c}, {s}, {i}) no longer differs: remove it")
    failing += len(gaps) + len(broken) + len(stale)
    if used:
        out.append(f"  accepted, not failing ({len(used)} differences, tools/claude-release/accepted.toml):")
        groups = {}
        for c, sd, i, r in used:
            groups.setdefault((c, sd, r), []).append(i)
        for (c, sd, r), items in groups.items():
            out.append(f"      {c} ({'only in Claude Code' if sd == 'claude' else 'only in the catalog' if sd == 'catalog' else 'value'}): "
                       f"{', '.join(items)}: {r}")
    reg = registry_only(facts, cat)
    if reg:
        out.append(f"  info, not failing: tools defined through Claude Code's tool registry that are neither built-in "
                   f"names nor in the catalog (mostly behind feature flags): {', '.join(reg)}")

    if a.live:
        out.append("")
        out.append(f"== 3. Live: the fidelity fixtures through Claude Code {ver} (verdicts vs the recorded ORACLE.json)")
        lines, n = live(claude, tmp, a.strict)
        out += ["  " + l if not l.startswith("  ") else "  " + l for l in lines]
        failing += n

    if not failing and ver != cat["verified_with"]:
        out.append("")
        out.append(f"note: nothing differs for agent-ls; bump verified_with to {ver} and run --record (README.md)")
    out.append("")
    out.append(f"RESULT: {'nothing differs' if not failing else f'{failing} difference(s)'} (exit {1 if failing else 0})")
    text = "\n".join(out) + "\n"
    sys.stdout.write(text)
    if a.out:
        open(a.out, "w").write(text)
    return 1 if failing else 0


if __name__ == "__main__":
    sys.exit(main())
