#!/usr/bin/env python3
"""The agent-ls Claude Code plugin in the real Claude Code: do agent-ls's findings reach the model?

Each session makes a throw-away project, HOME and TMPDIR, starts a stand-in of the Anthropic Messages
API on 127.0.0.1 and runs `claude -p --plugin-dir PLUGIN --permission-mode bypassPermissions` against
it (nothing goes to the network; for the plugin marketplace, the plugin is installed first, below,
and --plugin-dir left out). The stand-in plays the model: one tool call a turn (Write, Edit or
Read of the scenario's files), then Read of a text file for 2 more turns (and on, 10 s at most, while
a language server's awaited finding has not come), then the text "Done.". The requests Claude Code
sends back are what the model would see; they are read and asserted on.

Plugins (PLUGIN:SCENARIO in --runs):
  hook  plugins/agent-ls, the shipped plugin: a PostToolUse hook on Write|Edit|MultiEdit that runs
        `agent-ls check` on the file and returns its findings as additionalContext, and a
        SessionStart hook that tells the user when agent-ls is not on PATH.
  lsp   tests/claude-plugin/lsp-variant, not shipped: agent-ls as Claude Code's language server for
        .md files (.lsp.json, initializationOptions.minimumSeverity "warning"), to keep measuring
        how its diagnostics arrive (<new-diagnostics>, one or two turns after the write).
  marketplace  plugins/agent-ls installed as its README tells users to, not by --plugin-dir: in the
        session's HOME, `claude plugin marketplace add REPO` (the repository root, whose
        .claude-plugin/marketplace.json names the marketplace agent-ls and the plugin ./plugins/agent-ls)
        and `claude plugin install agent-ls@agent-ls`, each asserted to exit 0 and say it succeeded;
        then installed_plugins.json has the plugin (its cached files those of plugins/agent-ls) and
        the user settings enable it. The session, without --plugin-dir, is asserted on as the hook
        plugin's (by default: broken), and its debug log must show the SessionStart and PostToolUse
        hooks run as `(plugin agent-ls@agent-ls)` (a --plugin-dir plugin's are `agent-ls@inline`).
        Measured in 2.1.332: a marketplace added from a local folder is neither copied nor cloned
        (known_marketplaces.json: source "directory", installLocation REPO), so this works offline;
        install copies the plugin to ~/.claude/plugins/cache/agent-ls/agent-ls/0.1.0, yet the hooks
        run from REPO/plugins/agent-ls (recorded as hooks_ran_from). Not covered: a marketplace
        cloned from GitHub (OWNER/agent-ls), which needs the network.
Scenarios:
  broken    Write .claude/agents/broken.md without a description (agent-ls: missing-description).
            hook: the request that carries the Write's result carries the hook's text with
            "PATH:LINE:COL: error[CODE]: MESSAGE". lsp: a later request carries Claude Code's
            <new-diagnostics> block with "broken.md:" and "[Line L:C] MESSAGE [CODE] (agent-ls)".
            The findings expected are those `agent-ls check --format json` reports for the text.
  valid     Write a valid agent (agent-ls has only hints for it) and docs/notes.md: no request
            carries a finding, while the debug log shows that the hook ran (hook) or that the server
            was sent both files and published (lsp): hints are held back, other .md files ignored.
  missing   the broken file with no agent-ls on PATH: the session ends normally, no request carries a
            finding. hook: the PostToolUse hook exits 0 and the SessionStart hook's systemMessage (for
            the user; the model must not get it) is in the debug log. lsp: Claude Code says the server
            "couldn't start" on stderr.
  settings  (hook) Write .claude/settings.json with `allow` a string: the finding, same turn.
  warm, fixed, read: only when named. warm: notes.md first, so the server is up when broken.md comes.
            fixed: broken.md, then an Edit that adds the description: no finding after the fix.
            read: broken.md exists before the session and is only Read: no finding at all (2.1.332
            sends a server only the files its tools write, and the hook's matcher has no Read).

`agent-ls` is found on PATH, as the plugins expect: a folder with a link to --agent-ls-bin comes
first (and, for missing, PATH loses every folder that holds an agent-ls). Transcripts (the messages
each request adds; paths as <project>, <home>) go to target/claude-plugin/transcript-PLUGIN-SCENARIO
.json and .md. Exit status 0 when every assertion holds, 1 otherwise (reasons on stderr), 2 for a
usage error. About 1 s a session (and 0.7 s for an install); leftover processes (those with the session's HOME) are killed.

Usage:
  tests/claude-plugin/run.py [--claude-bin PATH] [--agent-ls-bin PATH] [--runs PLUGIN:SCENARIO,...]
                             [--plugin-dir DIR] [--out DIR] [--timeout S] [--keep]
CLAUDE_BIN and AGENT_LS_BIN stand in for the first two options. --plugin-dir tries another plugin
folder (as PLUGIN x). bypassPermissions (needed to write under .claude/) is refused as root unless
IS_SANDBOX=1: the harness sets it for the claude it runs.
"""
import argparse, http.server, json, os, re, shutil, signal, subprocess, sys, tempfile, threading, time, uuid

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BILLING = "x-anthropic-billing-header"
HOOK_MARK = "agent-ls found problems in"  # how plugins/agent-ls/hooks/check-agent-file.sh's text starts
SERVER = r"plugin:[\w.-]+:agent-ls"  # how Claude Code names the plugin's language server agent-ls

BROKEN_PATH = ".claude/agents/broken.md"
BROKEN = "---\nname: broken\ntools: Read, Grep\n---\nYou review code for bugs and report them.\n"
VALID = ("---\nname: reviewer\ndescription: Reviews a change for bugs. Use after editing code.\n"
         "tools: Read, Grep\n---\nYou review code for bugs and report them.\n")
NOTES = "# Notes\n\nNothing here is an agent file.\n"
SETTINGS_PATH = ".claude/settings.json"
SETTINGS = '{\n  "permissions": {\n    "allow": "Bash(git status)"\n  }\n}\n'  # allow must be a list

# steps: the stand-in's tool calls, in order: ("Write", path, text), ("Edit", path, old, new), ("Read", path).
# target: the broken file whose findings are awaited; pre: files in the project before the session.
SCENARIOS = {
    "broken": {"steps": [("Write", BROKEN_PATH, BROKEN)], "target": BROKEN_PATH},
    "valid": {"steps": [("Write", ".claude/agents/reviewer.md", VALID), ("Write", "docs/notes.md", NOTES)]},
    "missing": {"steps": [("Write", BROKEN_PATH, BROKEN)], "target": BROKEN_PATH, "on_path": False},
    "settings": {"steps": [("Write", SETTINGS_PATH, SETTINGS)], "target": SETTINGS_PATH, "lsp": False},
    "warm": {"steps": [("Write", "docs/notes.md", NOTES), ("Write", BROKEN_PATH, BROKEN)], "target": BROKEN_PATH},
    "fixed": {"steps": [("Write", BROKEN_PATH, BROKEN),
                        ("Edit", BROKEN_PATH, "name: broken\n", "name: broken\ndescription: Reviews code.\n")],
              "target": BROKEN_PATH, "fixed_by": 1},
    # measured in 2.1.332: a Read reaches neither the hook (its matcher) nor the server (not sent didOpen)
    "read": {"pre": {BROKEN_PATH: BROKEN}, "steps": [("Read", BROKEN_PATH)], "target": BROKEN_PATH, "none": True},
}
# the plugins tried: the shipped one (PostToolUse hook) and a variant with agent-ls as language server
PLUGINS = {"hook": os.path.join(REPO, "plugins", "agent-ls"), "lsp": os.path.join(REPO, "tests", "claude-plugin", "lsp-variant"),
           "marketplace": os.path.join(REPO, "plugins", "agent-ls")}
DEFAULT = {"hook": ["broken", "valid", "missing", "settings"], "lsp": ["broken", "valid", "missing"],
           "marketplace": ["broken"]}
# marketplace: installed from the repository's own marketplace (.claude-plugin/marketplace.json), by the
# commands the plugin's README gives, as MARKETPLACE@MARKETPLACE's plugin
MARKETPLACE = {"root": REPO, "name": "agent-ls", "plugin": "agent-ls"}


def blocks(m):
    c = m.get("content")
    return [{"type": "text", "text": c}] if isinstance(c, str) else (c or [])


def block_text(b):
    if b.get("type") == "text":
        return b.get("text", "")
    if b.get("type") == "tool_result":
        c = b.get("content")
        return c if isinstance(c, str) else "\n".join(x.get("text", "") for x in (c or []) if isinstance(x, dict))
    return ""


def is_main(req):
    """A main-loop request: it offers the Write tool and is not a subagent's."""
    if not any(t.get("name") == "Write" for t in req.get("tools") or []):
        return False
    system = req.get("system")
    system = [{"text": system}] if isinstance(system, str) else (system or [])
    return not any(BILLING in b.get("text", "") and "cc_is_subagent=true" in b.get("text", "") for b in system)


class Model:
    """The stand-in's script: one tool call a turn (the steps), then Read notes.txt for `follow` more
    turns, and on while `awaited` is not yet seen (a turn each WAIT seconds, `patience` seconds at
    most: a slow machine's server may take a while), then the text "Done." that ends the session."""

    WAIT = 0.25

    def __init__(self, proj, steps, follow, patience, awaited):
        self.proj, self.steps, self.follow, self.patience, self.awaited = proj, steps, follow, patience, awaited
        self.since = None  # when the first turn after the steps came
        self.seen_at = None  # the turn in which `awaited` first held
        self.lock = threading.Lock()
        self.requests = []  # every request body, in the order they came
        self.calls = {}  # tool_use id -> (step number, tool, input)

    def answer(self, req):
        wait = False
        with self.lock:
            self.requests.append(req)
            if not is_main(req):
                return None  # a side request (title, summary, ...): plain text
            turn = sum(1 for m in req.get("messages", []) if m.get("role") == "assistant")
            if turn < len(self.steps):
                step = self.steps[turn]
                inp = {"file_path": os.path.join(self.proj, step[1])}
                if step[0] == "Write":
                    inp["content"] = step[2]
                elif step[0] == "Edit":
                    inp.update(old_string=step[2], new_string=step[3])
                call = (step[0], inp)
            else:
                extra = turn - len(self.steps)
                self.since = self.since or time.monotonic()
                if self.seen_at is None and (self.awaited is None or self.awaited(self)):
                    self.seen_at = turn
                seen = self.seen_at is not None and turn > self.seen_at  # one more turn to deliver it
                if extra >= self.follow and (seen or time.monotonic() - self.since > self.patience):
                    return None
                wait = extra >= self.follow
                call = ("Read", {"file_path": os.path.join(self.proj, "notes.txt")})
            tid = f"toolu_{turn:02d}_{uuid.uuid4().hex[:16]}"
            self.calls[tid] = (turn,) + call
        if wait:
            time.sleep(self.WAIT)
        return tid, call


class Api(http.server.BaseHTTPRequestHandler):
    """POST /v1/messages: the Model's next tool call, or a short text; streamed (SSE) when asked."""

    def log_message(self, *a):
        pass

    def do_GET(self):
        self.send_response(404)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        try:
            req = json.loads(body)
        except ValueError:
            req = None
        req = req if isinstance(req, dict) else {}
        step = self.server.model.answer(req) if "messages" in req else None
        if step:
            tid, (name, inp) = step
            block, stop = {"type": "tool_use", "id": tid, "name": name, "input": inp}, "tool_use"
        else:
            block, stop = {"type": "text", "text": "Done."}, "end_turn"
        msg = {"id": "msg_" + uuid.uuid4().hex[:16], "type": "message", "role": "assistant",
               "model": req.get("model", "claude"), "content": [], "stop_reason": None, "stop_sequence": None,
               "usage": {"input_tokens": 1, "output_tokens": 1}}
        if req.get("stream"):
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("Cache-Control", "no-cache")
            self.end_headers()
            start = dict(block, input={}) if step else dict(block, text="")
            delta = ({"type": "input_json_delta", "partial_json": json.dumps(block["input"])} if step
                     else {"type": "text_delta", "text": block["text"]})
            for event, data in [
                    ("message_start", {"type": "message_start", "message": msg}),
                    ("content_block_start", {"type": "content_block_start", "index": 0, "content_block": start}),
                    ("content_block_delta", {"type": "content_block_delta", "index": 0, "delta": delta}),
                    ("content_block_stop", {"type": "content_block_stop", "index": 0}),
                    ("message_delta", {"type": "message_delta", "delta": {"stop_reason": stop, "stop_sequence": None},
                                       "usage": {"output_tokens": 1}}),
                    ("message_stop", {"type": "message_stop"})]:
                self.wfile.write(f"event: {event}\ndata: {json.dumps(data)}\n\n".encode())
            self.wfile.flush()
        else:
            msg.update(content=[block], stop_reason=stop)
            out = json.dumps(msg).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(out)))
            self.end_headers()
            self.wfile.write(out)


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        pass  # a client killed at its timeout leaves a broken pipe; nothing to report


def sweep(home):
    """Kill, by PID, what a session left behind: only processes whose environment holds this session's
    own HOME (the language server, hook shells: Claude Code starts some in process groups of their own)."""
    mark = f"HOME={home}".encode()
    for pid in filter(str.isdigit, os.listdir("/proc") if os.path.isdir("/proc") else []):
        try:
            if int(pid) != os.getpid() and mark in open(f"/proc/{pid}/environ", "rb").read().split(b"\0"):
                os.kill(int(pid), signal.SIGKILL)
        except OSError:
            pass


def expected(agent_ls, content, rel):
    """The errors and warnings `agent-ls check --format json` reports for content at rel."""
    d = tempfile.mkdtemp(prefix="claude-plugin-x-")
    try:
        path = os.path.join(d, rel)
        os.makedirs(os.path.dirname(path))
        open(path, "w").write(content)
        p = subprocess.run([agent_ls, "check", "--format", "json", "--", rel], cwd=d, capture_output=True,
                           text=True, timeout=60)
        try:
            found = json.loads(p.stdout)
        except ValueError:
            sys.exit(f"claude-plugin: FAIL: `agent-ls check --format json` printed no JSON: {(p.stdout + p.stderr)[:600]}")
        return [f for f in found if f["severity"] in ("error", "warning")]
    finally:
        shutil.rmtree(d, ignore_errors=True)


def path_without_agent_ls():
    return os.pathsep.join(d for d in os.environ.get("PATH", "/usr/bin:/bin").split(os.pathsep)
                           if d and not os.path.exists(os.path.join(d, "agent-ls")))


class Session:
    """One print-mode run of claude for a scenario, and what it left: requests, debug log, output."""

    def __init__(self, plugin, name, a, root):
        sc = SCENARIOS[name]
        self.plugin, self.name, self.sc = plugin, name, sc
        base = os.path.join(root, plugin["label"] + "-" + name)
        self.base = base
        self.home, self.proj, tmp, shim = (os.path.join(base, d) for d in ("home", "project", "tmp", "bin"))
        for d in (self.home, self.proj, tmp, shim):
            os.makedirs(d)
        on_path = sc.get("on_path", True)
        if on_path:
            os.symlink(a.agent_ls_bin, os.path.join(shim, "agent-ls"))
        for rel, text in dict(sc.get("pre", {}), **{"notes.txt": "Nothing to see.\n"}).items():
            os.makedirs(os.path.dirname(os.path.join(self.proj, rel)), exist_ok=True)
            open(os.path.join(self.proj, rel), "w").write(text)
        log = os.path.join(base, "debug.log")

        target = sc.get("target")
        awaited = None
        if on_path and plugin["lsp"] and sc.get("lsp", True) and not sc.get("none"):
            if target and sc.get("fixed_by") is None:  # go on until the server's finding comes
                stem = os.path.basename(target)
                awaited = lambda m: any(diagnostics(t, stem) for t in new_texts(m.requests))
            else:  # go on until the server has published for each write (the debug log says so)
                writes = {}
                for st in sc["steps"]:
                    if st[0] in ("Write", "Edit"):
                        writes[os.path.join(self.proj, st[1])] = writes.get(os.path.join(self.proj, st[1]), 0) + 1
                awaited = lambda m: published(log, writes)
        self.model = Model(self.proj, sc["steps"], a.follow, a.patience, awaited)
        server = Server(("127.0.0.1", 0), Api)
        server.model = self.model
        threading.Thread(target=server.serve_forever, daemon=True).start()

        env = {k: v for k, v in os.environ.items() if not k.startswith(("CLAUDE", "ANTHROPIC"))}
        env.pop("XDG_CONFIG_HOME", None)
        env.update(HOME=self.home, TMPDIR=tmp, PATH=shim + os.pathsep + path_without_agent_ls(),
                   ANTHROPIC_API_KEY="sk-ant-claude-plugin-test",
                   ANTHROPIC_BASE_URL=f"http://127.0.0.1:{server.server_address[1]}",
                   CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC="1", DISABLE_TELEMETRY="1", DISABLE_AUTOUPDATER="1",
                   DISABLE_ERROR_REPORTING="1", IS_SANDBOX="1")
        self.install = install(plugin, env, self.proj, self.home, a) if plugin.get("install") else None
        if self.install and self.install["failed"]:  # no session: what failed is the install
            self.timed_out, self.returncode, self.seconds, self.stdout, self.stderr, self.log = False, None, 0, "", "", []
            server.shutdown()
            server.server_close()
            return
        argv = [a.claude_bin, "-p", "Write the agent files.",
                *([] if plugin.get("install") else ["--plugin-dir", plugin["dir"]]),
                "--permission-mode", "bypassPermissions", "--max-turns",
                str(len(sc["steps"]) + a.follow + int(a.patience / Model.WAIT) + 5),
                "--debug-file", log]
        t0 = time.monotonic()
        self.timed_out = False
        try:
            p = subprocess.Popen(argv, cwd=self.proj, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                 stderr=subprocess.PIPE, start_new_session=True)
            try:
                out, err = p.communicate(timeout=a.timeout)
            except subprocess.TimeoutExpired:
                self.timed_out = True
                try:
                    os.killpg(p.pid, signal.SIGKILL)  # the group our child leads: ours alone
                except ProcessLookupError:
                    pass
                sweep(self.home)  # and what escaped it, which may hold our pipes open
                out, err = p.communicate(timeout=30)
            self.returncode = p.returncode
        finally:
            self.seconds = time.monotonic() - t0
            sweep(self.home)
            server.shutdown()
            server.server_close()
        self.stdout, self.stderr = out.decode(errors="replace"), err.decode(errors="replace")
        self.log = open(log, errors="replace").read().splitlines() if os.path.exists(log) else []
        if a.keep:
            os.makedirs(os.path.join(base, "requests"))
            for i, req in enumerate(self.model.requests):
                json.dump(req, open(os.path.join(base, "requests", f"{i:03d}.json"), "w"), indent=1, ensure_ascii=False)

    def scrub(self, s):
        return s.replace(self.proj, "<project>").replace(self.home, "<home>")

    def log_lines(self, pattern):
        """Debug log lines that match, without their timestamps, paths scrubbed."""
        return [self.scrub(re.sub(r"^\S+ ", "", l)) for l in self.log if re.search(pattern, l)]


def same_files(a, b):
    """Whether folders a and b hold the same files (names and bytes); the differences, if not."""
    def files(d):
        return {os.path.relpath(os.path.join(r, f), d) for r, _, fs in os.walk(d) for f in fs}
    fa, fb = files(a), files(b)
    diff = sorted(fa ^ fb) + sorted(f for f in fa & fb
                                    if open(os.path.join(a, f), "rb").read() != open(os.path.join(b, f), "rb").read())
    return diff


def install(plugin, env, cwd, home, a):
    """Install the plugin as the README says, in the session's HOME: `claude plugin marketplace add
    ROOT`, then `claude plugin install PLUGIN@MARKETPLACE`. Returns what it did and found: each
    command's exit status and output, where Claude Code put the plugin; `failed` when a command did
    not succeed (the session is then not run), `errors` for every assertion that does not hold."""
    mp = plugin["install"]
    ident = f"{mp['plugin']}@{mp['name']}"
    scrub = lambda t: t.replace(home, "<home>").replace(mp["root"], "<repo>")
    out = {"commands": [], "errors": [], "failed": False}
    for args, said in ((["marketplace", "add", mp["root"]], f"Successfully added marketplace: {mp['name']}"),
                       (["install", ident], f"Successfully installed plugin: {ident}")):
        t0 = time.monotonic()
        p = subprocess.Popen([a.claude_bin, "plugin", *args], cwd=cwd, env=env, stdin=subprocess.DEVNULL,
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True)
        try:
            text, status = p.communicate(timeout=a.timeout)[0].decode(errors="replace"), p.returncode
        except subprocess.TimeoutExpired:
            try:
                os.killpg(p.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            sweep(home)
            text, status = p.communicate(timeout=30)[0].decode(errors="replace"), f"killed after {a.timeout:g} s"
        sweep(home)
        line = " ".join(["claude plugin", *args])
        out["commands"].append({"command": scrub(line), "exit_status": status, "output": scrub(text.strip())[-600:],
                                "seconds": round(time.monotonic() - t0, 1)})
        if status != 0 or said not in text:
            out["errors"].append(f"`{scrub(line)}` exited with status {status}, not 0 with `{said}`; "
                                 f"it printed {scrub(text)[-600:]!r}")
            out["failed"] = True
            return out
    claude = os.path.join(home, ".claude")
    def read(*rel):
        try:
            return json.load(open(os.path.join(claude, *rel)))
        except (OSError, ValueError):
            return None
    known = (read("plugins", "known_marketplaces.json") or {}).get(mp["name"])
    out["marketplace"] = json.loads(scrub(json.dumps(known))) if known else None  # where the marketplace is read from
    if not known:
        out["errors"].append(f"~/.claude/plugins/known_marketplaces.json has no marketplace {mp['name']}")
    entries = (read("plugins", "installed_plugins.json") or {}).get("plugins", {}).get(ident) or []
    where = entries[0].get("installPath") if entries and isinstance(entries[0], dict) else None
    out["install_path"] = scrub(where) if where else None
    if not where or not os.path.isdir(where):
        out["errors"].append(f"~/.claude/plugins/installed_plugins.json has no folder for {ident}: {entries}")
    else:
        diff = same_files(where, plugin["dir"])
        if diff:
            out["errors"].append(f"the installed plugin ({scrub(where)}) differs from {scrub(plugin['dir'])}: {diff}")
    enabled = ((read("settings.json") or {}).get("enabledPlugins") or {}).get(ident)
    out["enabled_in_user_settings"] = enabled
    if enabled is not True:
        out["errors"].append(f"~/.claude/settings.json does not enable {ident} (enabledPlugins: {enabled!r})")
    return out


def published(log, writes):
    """Whether the debug log shows, for each path, at least as many diagnostics published by the
    agent-ls server as the path had writes."""
    try:
        text = open(log, errors="replace").read()
    except OSError:
        return False
    got = re.findall(rf"Received diagnostics from {SERVER}: \d+ diagnostic\(s\) for file://(\S+)", text)
    return all(sum(1 for g in got if g == path) >= n for path, n in writes.items())


def main_requests(requests):
    return [i for i, r in enumerate(requests) if is_main(r)]


def new_parts(requests):
    """For each main-loop request (index -> messages): the messages it adds to the one before it."""
    out, prev = {}, 0
    for i in main_requests(requests):
        msgs = requests[i].get("messages", [])
        out[i] = msgs[prev:] if len(msgs) >= prev else msgs
        prev = len(msgs)
    return out


def new_texts(requests):
    return ["\n".join(block_text(b) for m in msgs for b in blocks(m)) for msgs in new_parts(requests).values()]


def diagnostics(text, stem):
    """The finding lines of the <new-diagnostics> blocks in text that Claude Code wrote under `stem:`."""
    out = []
    for body in re.findall(r"<new-diagnostics>(.*?)</new-diagnostics>", text, re.S):
        for part in re.split(r"\n\n(?=\S)", body):
            head, _, rest = part.partition("\n")
            if head.strip() == f"{stem}:":
                out += [l.strip() for l in rest.splitlines() if l.strip()]
    return out


def result_request(model, turn):
    """Index of the first request that carries the result of the stand-in's call in `turn`."""
    for i, req in enumerate(model.requests):
        for m in req.get("messages", []):
            for b in blocks(m):
                call = model.calls.get(b.get("tool_use_id")) if b.get("type") == "tool_result" else None
                if call and call[0] == turn:
                    return i
    return None


def check(s, a):
    """The assertions for session s; returns (problems, facts)."""
    sc, model, errs, facts = s.sc, s.model, [], {}
    hook, lsp = s.plugin["hook"], s.plugin["lsp"] and sc.get("lsp", True)
    said = [l for l in (s.stdout + s.stderr).splitlines() if "agent-ls" in l]
    notice = s.log_lines(r"Hook SessionStart.*systemMessage.*agent-ls")
    on_path = sc.get("on_path", True)
    parts = new_parts(model.requests)
    texts = {i: "\n".join(block_text(b) for m in msgs for b in blocks(m)) for i, msgs in parts.items()}
    if s.install:
        facts["install"] = {k: v for k, v in s.install.items() if k not in ("errors", "failed")}
        errs += s.install["errors"]
        if s.install["failed"]:
            return errs, facts
    if s.timed_out:
        return errs + [f"claude did not finish within {a.timeout:g} s; stderr: {s.stderr[-600:]}"], facts
    if s.returncode != 0:
        errs.append(f"claude exited with status {s.returncode}; stderr: {s.stderr[-600:]} stdout: {s.stdout[-300:]}")
    if s.install:
        # the hooks that ran are the installed plugin's (`(plugin agent-ls@agent-ls)` in the debug log;
        # a --plugin-dir plugin's are `agent-ls@inline`), and from which folder
        mp = s.plugin["install"]
        ident = f"{mp['plugin']}@{mp['name']}"
        runs = s.log_lines(r"Hooks: \w+:\w+ .*\(plugin [^)]*\) finished")
        ours = [l for l in runs if f"(plugin {ident})" in l]
        others = [l for l in runs if f"(plugin {mp['plugin']}@" in l and l not in ours]
        facts["install"]["hooks_ran_from"] = sorted({m.group(1).replace(REPO, "<repo>") for l in ours
                                                     for m in [re.search(r'\[sh "(.*)/hooks/[^/"]+"\]', l)] if m})
        if not any("Hooks: SessionStart:" in l for l in ours):
            errs.append(f"the debug log shows no SessionStart hook of the installed {ident}: {runs}")
        if on_path and any(st[0] in ("Write", "Edit") for st in sc["steps"]) and \
                not any("Hooks: PostToolUse:" in l for l in ours):
            errs.append(f"the debug log shows no PostToolUse hook of the installed {ident}: {runs}")
        if others:
            errs.append(f"hooks of another {mp['plugin']} than the installed {ident} ran: {others}")
    results = [result_request(model, t) for t in range(len(sc["steps"]))]
    if None in results:
        return errs + [f"the result of step {results.index(None)} ({sc['steps'][results.index(None)][0]}) came back "
                       f"in no request; stderr: {s.stderr[-600:]}"], facts
    facts["step_results_in_requests"] = {f"{st[0]} {st[1]}": r for st, r in zip(sc["steps"], results)}
    any_hook = [i for i, t in texts.items() if HOOK_MARK in t]
    any_diag = [i for i, t in texts.items() if "(agent-ls)" in t]
    facts["requests_with_hook_text"], facts["requests_with_lsp_diagnostics"] = any_hook, any_diag
    target = sc.get("target")

    if target and on_path and not sc.get("none"):
        path, stem = os.path.join(s.proj, target), os.path.basename(target)
        text = sc.get("pre", {}).get(target) or next(st[2] for st in sc["steps"] if st[0] == "Write" and st[1] == target)
        want = expected(a.agent_ls_bin, text, target)
        if not want:
            return errs + [f"agent-ls check reports no error or warning for {target}: the test needs one"], facts
        facts["agent_ls_check"] = [f"{target}:{f['range']['start']['line']}:{f['range']['start']['column']}: "
                                   f"{f['severity']}[{f['code']}]: {f['message']}" for f in want]
        first = next(k for k, st in enumerate(sc["steps"]) if st[1] == target)
        fixed_by = sc.get("fixed_by")
        after_fix = results[fixed_by] if fixed_by is not None else None
        w = results[first]
        if hook and sc["steps"][first][0] in ("Write", "Edit"):
            if HOOK_MARK not in texts[w]:
                errs.append(f"request {w} (with the {sc['steps'][first][0]}'s result) does not carry the hook's text; "
                            f"requests that do: {any_hook}")
            for f in want:
                head = (f"{path}:{f['range']['start']['line']}:{f['range']['start']['column']}: "
                        f"{f['severity']}[{f['code']}]: {f['message']}")
                if HOOK_MARK in texts[w] and head not in texts[w]:
                    errs.append(f"request {w}'s hook text lacks `{s.scrub(head)}`")
            if HOOK_MARK in texts[w]:
                facts["hook_text_request"] = w
            if after_fix is not None and any(i >= after_fix for i in any_hook):
                errs.append(f"the hook's text comes again after the Edit that fixed {target}: requests {any_hook}")
            hook_at = [l for l in s.log_lines(r"Hooks: PostToolUse:\w+ .*agent-ls") if "finished" in l]
            facts["hook_runs"] = hook_at
        if lsp:
            got = {i: diagnostics(t, stem) for i, t in texts.items() if i >= w}
            got = {i: d for i, d in got.items() if d}
            facts["lsp_diagnostics"] = {i: d for i, d in got.items()}
            if after_fix is not None:
                stale = [i for i in got if i > after_fix]
                if stale:
                    errs.append(f"requests {stale} carry {stem}'s old finding after the Edit that fixed it (request "
                                f"{after_fix} has the Edit's result): {got[stale[0]]}")
                facts["fixed_in_request"] = after_fix
            elif not got:
                errs.append(f"no request carries a <new-diagnostics> block for {stem} (main-loop requests "
                            f"{list(parts)}; the {sc['steps'][first][0]}'s result in request {w})")
            else:
                i = min(got)
                facts["lsp_diagnostics_request"] = i
                facts["lsp_turns_after_result"] = sum(1 for j in parts if w < j <= i)
                for f in want:
                    line = (f"[Line {f['range']['start']['line']}:{f['range']['start']['column']}] {f['message']} "
                            f"[{f['code']}] (agent-ls)")
                    if not any(l.endswith(line) for l in got[i]):
                        errs.append(f"request {i}'s <new-diagnostics> for {stem} lacks `{line}`; it has {got[i]}")
        if not hook and not lsp:
            errs.append("the plugin has neither .lsp.json nor hooks/hooks.json (or this scenario is not for it)")
    else:
        # valid, or agent-ls missing: no finding may reach the model
        for i in any_diag:
            errs.append(f"request {i} carries an agent-ls diagnostic: "
                        + " | ".join(l for l in texts[i].splitlines() if "(agent-ls)" in l)[:400])
        for i in any_hook:
            errs.append(f"request {i} carries the hook's text")
        files = [os.path.join(s.proj, st[1]) for st in sc["steps"] if st[0] in ("Write", "Edit")]
        if sc.get("none") and lsp:
            facts["lsp_opened"] = s.log_lines(r"LSP: Sent didOpen for ")
            facts["lsp_started"] = s.log_lines(r"Starting LSP server instance")
        if on_path and files:
            # the plugin must have looked at the files, or "no finding" proves nothing
            if hook:
                if notice:
                    errs.append(f"the SessionStart hook said agent-ls is missing, though it is on PATH: {notice}")
                runs = [l for l in s.log_lines(r"Hooks: PostToolUse:\w+ .*agent-ls") if "finished with status 0" in l]
                facts["hook_runs"] = runs
                if len(runs) < len(files):
                    errs.append(f"the debug log shows {len(runs)} runs of the plugin's hook that ended with status 0, "
                                f"not {len(files)} (one a write)")
            if lsp:
                opened = s.log_lines(r"LSP: Sent didOpen for ")
                answered = s.log_lines(rf"Received diagnostics from {SERVER}: \d+ diagnostic")
                facts["lsp_opened"], facts["lsp_published"] = opened, answered
                for f in files:
                    if not any(l.endswith(s.scrub(f) + " (languageId: markdown)") for l in opened):
                        errs.append(f"the debug log shows no didOpen to agent-ls for {s.scrub(f)}: {opened}")
                for f in files:
                    if not any(l.endswith("for file://" + s.scrub(f)) for l in answered):
                        errs.append(f"the debug log shows no diagnostics published by agent-ls for {s.scrub(f)}")
        elif not on_path:
            facts["claude_output"] = said
            facts["debug_log"] = s.log_lines(r'Executable not found in \$PATH: "agent-ls"')[:3]
            if lsp and not any("couldn't start" in l for l in said):
                errs.append(f"Claude Code did not say that the agent-ls server couldn't start; it printed "
                            f"{(s.stdout + s.stderr)[-400:]!r}")
            if hook:
                runs = s.log_lines(r"Hooks: PostToolUse:\w+ .*agent-ls.*finished with status")
                facts["hook_runs"] = runs
                if not runs or any("status 0" not in l for l in runs):
                    errs.append(f"the plugin's hook did not end quietly (status 0) without agent-ls: {runs}")
                # the SessionStart hook's word to the user (systemMessage), which the model must not get
                facts["session_start_notice"] = notice
                if not notice:
                    errs.append("the SessionStart hook did not tell the user that agent-ls is missing (debug log)")
                for i, t in texts.items():
                    if "not on PATH" in t and "agent-ls" in t:
                        errs.append(f"request {i} gives the model the SessionStart notice meant for the user")
    return errs, facts


def transcript(s):
    """The part each request adds (tool calls, results, Claude Code's reminders), paths scrubbed."""
    rows, parts = [], new_parts(s.model.requests)
    for i, req in enumerate(s.model.requests):
        if i not in parts:
            first = next((block_text(b) for m in req.get("messages", []) for b in blocks(m)), "")
            rows.append({"request": i, "side": True, "first_text": s.scrub(first[:160])})
            continue
        msgs = []
        for m in parts[i]:
            for b in blocks(m):
                t = b.get("type")
                if t == "tool_use":
                    msgs.append({"role": m["role"], "tool_use": b["name"],
                                 "input": {k: s.scrub(str(v))[:300] for k, v in b["input"].items()}})
                elif t == "tool_result":
                    call = s.model.calls.get(b.get("tool_use_id"), (None, "?", {}))
                    msgs.append({"role": m["role"], "tool_result_of": call[1],
                                 "file": s.scrub(call[2].get("file_path", "")), "is_error": bool(b.get("is_error")),
                                 "text": s.scrub(block_text(b))[:2000]})
                elif t == "text":
                    txt = b["text"]
                    keep = "<new-diagnostics>" in txt or HOOK_MARK in txt or "hook" in txt[:200].lower()
                    msgs.append({"role": m["role"], "text": s.scrub(txt if keep or len(txt) < 400 else txt[:400] + " [...]")})
                else:
                    msgs.append({"role": m["role"], "type": t})
        rows.append({"request": i, "new_messages": msgs})
    return rows


def write_transcript(out, name, meta, rows):
    os.makedirs(out, exist_ok=True)
    base = os.path.join(out, f"transcript-{name}")
    json.dump(dict(meta, requests=rows), open(base + ".json", "w"), indent=1, ensure_ascii=False)
    md = [f"# claude-plugin: {name}", ""]
    for k, v in meta.items():
        md.append(f"- {k}: " + (json.dumps(v, ensure_ascii=False) if not isinstance(v, str) else v))
    md.append("")
    for r in rows:
        if r.get("side"):
            md += [f"## request {r['request']} (side request: {r['first_text'][:80]!r})", ""]
            continue
        md += [f"## request {r['request']}", ""]
        for m in r["new_messages"]:
            if "tool_use" in m:
                md.append(f"- {m['role']} calls {m['tool_use']} {json.dumps(m['input'], ensure_ascii=False)[:300]}")
            elif "tool_result_of" in m:
                md += [f"- {m['role']}: result of {m['tool_result_of']} {m['file']}" + (" (error)" if m["is_error"] else ""),
                       "", "```", m["text"], "```"]
            elif "text" in m:
                md += [f"- {m['role']}: text", "", "```", m["text"], "```"]
            else:
                md.append(f"- {m['role']}: {m['type']}")
        md.append("")
    open(base + ".md", "w").write("\n".join(md))
    return base


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--claude-bin", default=os.environ.get("CLAUDE_BIN"))
    ap.add_argument("--agent-ls-bin", default=os.environ.get("AGENT_LS_BIN"))
    ap.add_argument("--runs", help="comma-separated PLUGIN:SCENARIO (plugins: " + ", ".join(PLUGINS)
                    + "; scenarios: " + ", ".join(SCENARIOS) + "); default: "
                    + ",".join(f"{p}:{n}" for p, ns in DEFAULT.items() for n in ns))
    ap.add_argument("--plugin-dir", help="try this plugin folder instead (the default scenarios, or --runs x:SCENARIO)")
    ap.add_argument("--out", default=os.path.join(REPO, "target", "claude-plugin"))
    ap.add_argument("--timeout", type=float, default=40, help="seconds a claude session may take (default 40)")
    ap.add_argument("--follow", type=int, default=2, help="turns after the steps, at least (default 2)")
    ap.add_argument("--patience", type=float, default=10,
                    help="seconds the stand-in goes on waiting for the language server's finding (default 10)")
    ap.add_argument("--keep", action="store_true", help="keep the throw-away folders, with each request's body")
    a = ap.parse_args()
    if not a.claude_bin or not os.access(a.claude_bin, os.X_OK):
        ap.error("--claude-bin (or CLAUDE_BIN): the claude binary, e.g. "
                 "target/claude-code-2.1.332/node_modules/@anthropic-ai/claude-code-linux-x64/claude")
    if not a.agent_ls_bin or not os.access(a.agent_ls_bin, os.X_OK):
        ap.error("--agent-ls-bin (or AGENT_LS_BIN): the agent-ls binary, e.g. target/debug/agent-ls")
    a.claude_bin, a.agent_ls_bin = os.path.abspath(a.claude_bin), os.path.abspath(a.agent_ls_bin)
    dirs = {"x": os.path.abspath(a.plugin_dir)} if a.plugin_dir else PLUGINS
    if a.runs:
        runs = [r.split(":", 1) for r in a.runs.split(",") if r]
    elif a.plugin_dir:
        runs = [["x", n] for n in ["broken", "valid", "missing"]]
    else:
        runs = [[p, n] for p, ns in DEFAULT.items() for n in ns]
    if not runs or any(len(r) != 2 or r[0] not in dirs or r[1] not in SCENARIOS for r in runs):
        ap.error(f"--runs: PLUGIN:SCENARIO, plugins {', '.join(dirs)}, scenarios {', '.join(SCENARIOS)}")
    plugins = {}
    for label, d in dirs.items():
        plugins[label] = {"label": label, "dir": d, "lsp": os.path.exists(os.path.join(d, ".lsp.json")),
                          "hook": os.path.exists(os.path.join(d, "hooks", "hooks.json")),
                          "name": os.path.relpath(d, REPO) if d.startswith(REPO + os.sep) else d}
        if label == "marketplace" and not a.plugin_dir:
            plugins[label].update(install=MARKETPLACE, name=plugins[label]["name"] + " (installed from the marketplace "
                                  + os.path.join(".claude-plugin", "marketplace.json") + ")")
    version, als = ((subprocess.run([b, "--version"], capture_output=True, text=True, timeout=60).stdout.strip()
                     .splitlines() or ["?"])[0] for b in (a.claude_bin, a.agent_ls_bin))
    print(f"claude-plugin: Claude Code {version}; {als}", flush=True)

    root = tempfile.mkdtemp(prefix="claude-plugin-")
    problems, t0 = [], time.monotonic()
    try:
        for label, name in runs:
            p = plugins[label]
            s = Session(p, name, a, root)
            errs, facts = check(s, a)
            meta = {"claude_code": version, "agent_ls": als, "plugin": p["name"],
                    "plugin_parts": [x for x in ("hook", "lsp") if p[x]], "scenario": name,
                    "steps": [" ".join(st[:2]) for st in s.sc["steps"]], "seconds": round(s.seconds, 1),
                    "main_loop_requests": main_requests(s.model.requests), **facts,
                    "claude_exit_status": s.returncode, "claude_stdout": s.scrub(s.stdout)[-600:],
                    "claude_stderr": s.scrub(s.stderr)[-600:]}
            base = write_transcript(a.out, f"{label}-{name}", meta, transcript(s))
            said = []
            if facts.get("install"):
                said.append("installed first (" + ", ".join(f"`{c['command']}` {c['exit_status']} in {c['seconds']:g} s"
                                                             for c in facts["install"]["commands"]) + ")")
            if "hook_text_request" in facts:
                said.append(f"hook text in request {facts['hook_text_request']} (with the tool's result)")
            if "lsp_diagnostics_request" in facts:
                said.append(f"<new-diagnostics> in request {facts['lsp_diagnostics_request']} "
                            f"({facts['lsp_turns_after_result']} turn(s) after the tool's result)")
            if "fixed_in_request" in facts:
                said.append(f"nothing after the fix (request {facts['fixed_in_request']})")
            if facts.get("claude_output"):
                said.append(f"claude says: {facts['claude_output'][0][:80]}...")
            if facts.get("session_start_notice"):
                said.append("SessionStart notice to the user")
            print(f"claude-plugin: {label}:{name}: {'ok' if not errs else 'FAIL'} in {s.seconds:.1f} s; "
                  + "".join(x + "; " for x in said) + f"transcript {os.path.relpath(base, REPO)}.md", flush=True)
            problems += [f"{label}:{name}: {e}" for e in errs]
    finally:
        if a.keep:
            print(f"claude-plugin: kept {root}")
        else:
            shutil.rmtree(root, ignore_errors=True)
    if problems:
        for p in problems:
            print(f"claude-plugin: FAIL: {p}", file=sys.stderr)
        sys.exit(1)
    print(f"claude-plugin: all ok in {time.monotonic() - t0:.1f} s ({len(runs)} sessions)")


if __name__ == "__main__":
    main()
