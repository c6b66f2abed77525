"""Read, from the JavaScript bundled in a Claude Code binary, the facts agent-ls's catalog mirrors.

The `claude` executable is a Bun single-file build: its modules are stored as source text, each
starting with the header `// @bun @bytecode` + `// (c) Anthropic PBC...` + `// Version: X.Y.Z` and
ending at a NUL byte. Identifiers are minified and change with every release, so every fact below is
found from a stable anchor: a message Claude Code prints (`has invalid permissionMode '`), a property
name of its own data (`registryToolId`, `skillListingMaxDescChars`), or a value that cannot move
(`Task:"Agent"`, `_FOR_SUBAGENTS_ONLY`). From the anchor, minified names are followed to their
definitions (`var X=[...]`, `X=new Set([...])`, imports across chunks) by `Bundle.resolve`.

Each extractor says its anchor. When one is not found the fact is reported as missing (a release
that moved it needs a look), never guessed.
"""
import bisect
import re

HEADER = b"// @bun @bytecode\n// (c) Anthropic PBC"
ID = r"[\w$]+"


class NotFound(Exception):
    pass


# ---- a small reader of JS literals ------------------------------------------------------------

def skip_string(s, i):
    """s[i] is a quote; the index after the closing one (template `${...}` nesting handled)."""
    q = s[i]
    i += 1
    while i < len(s):
        c = s[i]
        if c == "\\":
            i += 2
            continue
        if q == "`" and c == "$" and s.startswith("${", i):
            i = skip_balanced(s, i + 1)
            continue
        if c == q:
            return i + 1
        i += 1
    return i


def skip_balanced(s, i):
    """s[i] is one of ([{; the index after its partner."""
    pairs = {"(": ")", "[": "]", "{": "}"}
    stack = [pairs[s[i]]]
    i += 1
    while i < len(s) and stack:
        c = s[i]
        if c in "\"'`":
            i = skip_string(s, i)
            continue
        if c in pairs:
            stack.append(pairs[c])
        elif c in ")]}":
            stack.pop()
        i += 1
    return i


def js_string(lit):
    """The value of a JS string literal ("..." or '...', no template expressions)."""
    body = lit[1:-1]
    out, i = [], 0
    while i < len(body):
        c = body[i]
        if c == "\\" and i + 1 < len(body):
            n = body[i + 1]
            if n == "u" and body[i + 2:i + 3] == "{":
                j = body.index("}", i)
                out.append(chr(int(body[i + 3:j], 16)))
                i = j + 1
                continue
            if n == "u":
                out.append(chr(int(body[i + 2:i + 6], 16)))
                i += 6
                continue
            if n == "x":
                out.append(chr(int(body[i + 2:i + 4], 16)))
                i += 4
                continue
            out.append({"n": "\n", "t": "\t", "r": "\r", "0": "\0"}.get(n, n))
            i += 2
            continue
        out.append(c)
        i += 1
    return "".join(out)


def split_top(s):
    """Split the inside of a bracket pair at its top-level commas."""
    parts, start, i = [], 0, 0
    while i < len(s):
        c = s[i]
        if c in "\"'`":
            i = skip_string(s, i)
            continue
        if c in "([{":
            i = skip_balanced(s, i)
            continue
        if c == ",":
            parts.append(s[start:i].strip())
            start = i + 1
        i += 1
    if s[start:].strip():
        parts.append(s[start:].strip())
    return parts


def object_entries(s, i):
    """s[i] == '{': [(key, value text)] of the object literal's top-level entries."""
    end = skip_balanced(s, i)
    out = []
    for part in split_top(s[i + 1:end - 1]):
        if part.startswith("..."):
            out.append(("...", part[3:]))
            continue
        m = re.match(r'("(?:[^"\\]|\\.)*"|\'(?:[^\'\\]|\\.)*\'|[\w$]+)\s*:', part)
        if not m:
            out.append((part, None))  # shorthand property
            continue
        k = m.group(1)
        out.append((js_string(k) if k[0] in "\"'" else k, part[m.end():].strip()))
    return out


def describe_of(value):
    """The text of the last `.describe("...")` of a zod expression, or None."""
    m = None
    for m in re.finditer(r'\.describe\(("(?:[^"\\]|\\.)*"|\'(?:[^\'\\]|\\.)*\'|`[^`]*`)\)', value):
        pass
    return js_string(m.group(1)) if m else None


# ---- the bundle -------------------------------------------------------------------------------

class Bundle:
    def __init__(self, path):
        data = open(path, "rb").read()
        starts = [m.start() for m in re.finditer(re.escape(HEADER), data)]
        if not starts:
            raise NotFound(f"{path}: no bundled JavaScript (no `// @bun @bytecode` module headers)")
        self.mods = []
        for s in starts:
            e = data.find(b"\0", s)
            self.mods.append(data[s:e if e >= 0 else len(data)].decode("latin-1"))
        self.text = "\n".join(self.mods)
        self.offsets, o = [], 0
        for m in self.mods:
            self.offsets.append(o)
            o += len(m) + 1
        versions = {m.group(1) for m in re.finditer(r"^// Version: (\S+)$", self.text[:200000], re.M)}
        self.version = sorted(versions)[0] if versions else None
        self._idx = {}
        self.exports = {}
        for i, mod in enumerate(self.mods):
            m = re.search(r"export\{([^}]*)\};?\s*$", mod)
            if not m:
                continue
            for part in m.group(1).split(","):
                loc, _, exp = part.strip().partition(" as ")
                if loc:
                    self.exports.setdefault(exp or loc, []).append((i, loc))

    # -- locating
    def find(self, pattern, lit=None, back=2000, fwd=2000, flags=0):
        """[(module index, match within that module)] for a regex over every module. With `lit`, a
        plain string every match contains: only the text around its occurrences is searched (fast)."""
        rx = re.compile(pattern, flags)
        out, seen = [], set()
        if lit is None:
            spans = [(0, len(self.text))]
        else:
            spans = [(max(0, i - back), i + len(lit) + fwd) for i in self._occurrences(lit)]
        for a, z in spans:
            for m in rx.finditer(self.text, a, z):
                if m.start() in seen:
                    continue
                seen.add(m.start())
                k = bisect.bisect_right(self.offsets, m.start()) - 1
                mm = rx.match(self.mods[k], m.start() - self.offsets[k])
                if mm:
                    out.append((k, mm))
        return out

    def _occurrences(self, lit):
        i = self.text.find(lit)
        while i >= 0:
            yield i
            i = self.text.find(lit, i + 1)

    def find_one(self, pattern, what, lit=None, back=2000, fwd=2000, flags=0):
        hits = self.find(pattern, lit, back, fwd, flags)
        if not hits:
            raise NotFound(f"{what}: anchor not found ({(lit or pattern)[:80]})")
        return hits[0]

    def find_literal(self, needle):
        """[(module index, position)] of a plain string."""
        out = []
        for i in self._occurrences(needle):
            k = bisect.bisect_right(self.offsets, i) - 1
            out.append((k, i - self.offsets[k]))
        return out

    # -- following names
    def _index(self, k):
        """Per module, once: {name: [positions just after `name=`]} and {local name: [(module,
        exported name's local)]} of its imports."""
        if k not in self._idx:
            defs = {}
            for m in re.finditer(r"(?:\bvar |\blet |\bconst |[,;{(])([\w$]+)=(?![=>])", self.mods[k]):
                defs.setdefault(m.group(1), []).append(m.end())
            imps = {}
            for m in re.finditer(r'import\{([^}]*)\}from"[^"]+"', self.mods[k]):
                for part in m.group(1).split(","):
                    exp, _, loc = part.strip().partition(" as ")
                    imps.setdefault(loc or exp, exp)
            self._idx[k] = (defs, imps)
        return self._idx[k]

    def definitions(self, k, ident, before=None):
        """Positions (just after `ident=`) of the definitions of ident in module k, the nearest one
        before `before` first."""
        pos = self._index(k)[0].get(ident, [])
        if before is not None:
            near = sorted((p for p in pos if p < before), reverse=True)
            return near + [p for p in pos if p >= before]
        return pos

    def imported(self, k, ident):
        """[(module, local name)] that an import of module k binds to ident."""
        exp = self._index(k)[1].get(ident)
        return self.exports.get(exp, []) if exp else []

    def resolve(self, k, ident, before=None, depth=0):
        """The value of identifier ident as seen in module k: str, number, list, dict or a
        ('fn', module, position) for a function, following aliases and imports."""
        if depth > 12:
            raise NotFound(f"{ident}: too deep")
        for p in self.definitions(k, ident, before):
            try:
                return self.value(k, p, depth + 1)
            except NotFound:
                continue
        m = re.search(r"function " + re.escape(ident) + r"\(", self.mods[k])
        if m:
            return ("fn", k, m.start())
        for j, loc in self.imported(k, ident):
            try:
                return self.resolve(j, loc, None, depth + 1)
            except NotFound:
                continue
        raise NotFound(f"{ident}: no definition found")

    def value(self, k, p, depth=0):
        """The JS value whose text starts at mods[k][p]."""
        s = self.mods[k]
        while s[p] == " ":
            p += 1
        c = s[p]
        if c in "\"'":
            return js_string(s[p:skip_string(s, p)])
        m = re.match(r"-?(?:0x[0-9a-fA-F]+|\d+(?:\.\d+)?(?:e\d+)?)(?![\w$])", s[p:])
        if m:
            t = m.group(0)
            v = int(t, 16) if "x" in t else float(t)
            return int(v) if float(v).is_integer() else v
        if c == "[":
            end = skip_balanced(s, p)
            out = []
            for part in split_top(s[p + 1:end - 1]):
                if part.startswith("..."):
                    v = self.resolve(k, part[3:], p, depth + 1)
                    out.extend(list(v))
                elif part[0] in "\"'":
                    out.append(js_string(part))
                elif part.startswith("["):
                    out.append([js_string(x) if x[0] in "\"'" else x for x in split_top(part[1:-1])])
                elif re.fullmatch(ID, part):
                    out.append(self.resolve(k, part, p, depth + 1))
                else:
                    out.append(part)
            return out
        if c == "{":
            out = {}
            for key, v in object_entries(s, p):
                if v is None:
                    continue
                if v == "null":
                    out[key] = None
                elif v[:1] in "\"'":
                    out[key] = js_string(v)
                else:
                    out[key] = v
            return out
        m = re.match(r"new (?:Set|Map)\(", s[p:])
        if m:
            q = p + m.end()
            return [] if s[q] == ")" else self.value(k, q, depth + 1)
        m = re.match(r"Object\.keys\((" + ID + r")\)", s[p:])
        if m:
            return list(self.resolve(k, m.group(1), p, depth + 1).keys())
        m = re.match(ID + r"(?![\w$(.\[])", s[p:])
        if m and m.group(0) not in ("void", "null", "true", "false", "function", "new"):
            return self.resolve(k, m.group(0), p, depth + 1)
        raise NotFound(f"no literal at {s[p:p + 40]!r}")

    def function_body(self, ref):
        """('fn', k, pos) -> (k, body text)."""
        _, k, pos = ref
        s = self.mods[k]
        i = s.index("{", s.index(")", pos))
        return k, s[i:skip_balanced(s, i)]

    def fn(self, k, ident, before=None):
        ref = self.resolve(k, ident, before)
        if not (isinstance(ref, tuple) and ref[0] == "fn"):
            raise NotFound(f"{ident} is not a function")
        return self.function_body(ref)


def strings(v, what):
    if not isinstance(v, list) or not all(isinstance(x, str) for x in v):
        raise NotFound(f"{what}: not a list of strings: {str(v)[:120]}")
    return v


def number(v, what):
    if not isinstance(v, (int, float)):
        raise NotFound(f"{what}: not a number: {str(v)[:80]}")
    return v


def valid_options(b, message, what):
    """The list named in a message `...${X.join(", ")}` that starts with `message`."""
    k, m = b.find_one(re.escape(message) + r"[^`]*?Valid options: \$\{(" + ID + r")\.join", what, lit=message, back=0, fwd=300)
    return strings(b.resolve(k, m.group(1), m.start()), what)


# ---- the facts --------------------------------------------------------------------------------

def hook_events(b):
    # Anchor: the message of the hooks validator that reads frontmatter/settings `hooks:` maps
    # ("unknown hook event; entry ignored"); it tests each key against `new Set(EVENTS)`.
    k, pos = b.find_literal("unknown hook event; entry ignored")[0]
    s = b.mods[k]
    sets = list(re.finditer(r"new Set\((" + ID + r")\)", s[max(0, pos - 3000):pos]))
    if not sets:
        raise NotFound("hook events: no `new Set(EVENTS)` before the validator's message")
    return strings(b.resolve(k, sets[-1].group(1), pos), "hook events")


def guard_events(b):
    # Anchor: the property name `unloadableGuards` of the function that checks one event's matcher
    # list: `if(!Array.isArray(e))return{stripped:[],unloadableGuards:[]};let r=GUARDS.has(event)`.
    # A guard event whose value is not a list of matchers makes Claude Code refuse the agent.
    k, m = b.find_one(r"return\{stripped:\[\],unloadableGuards:\[\]\};let " + ID + r"=(" + ID + r")\.has\(",
                      "guard hook events", lit="return{stripped:[],unloadableGuards:[]};let ", back=0, fwd=100)
    return strings(b.resolve(k, m.group(1), m.start()), "guard hook events")


def top_level_events(b):
    # Anchor: Claude Code's own error `Agent '...': PreToolUse/PermissionRequest is declared at the
    # frontmatter top level`. The test before it calls a scan whose base case is
    # `Object.entries(e).some(([k,v])=>EVENTS.has(k)&&v!==null&&v!==void 0&&!(Array.isArray(v)&&v.length===0))`:
    # the events that drop an agent (and strip a skill's hooks) when written at the top level.
    hits = b.find(r"\.some\(\(\[(" + ID + r"),(" + ID + r")\]\)=>(" + ID + r")\.has\(\1\)&&\2!==null&&\2!==void 0&&"
                  r"!\(Array\.isArray\(\2\)&&\2\.length===0\)\)", lit="!==void 0&&!(Array.isArray(", back=150, fwd=100)
    found = set()
    for k, m in hits:
        found.add(tuple(strings(b.resolve(k, m.group(3), m.start()), "top-level events")))
    if not found:
        raise NotFound("top-level hook events: scan not found")
    if len(found) > 1:
        raise NotFound(f"top-level hook events: several sets {sorted(found)}")
    if not b.find_literal("is declared at the frontmatter top level"):
        raise NotFound("top-level hook events: the agent's refusal message is gone")
    return list(found.pop())


def tools(b):
    # Anchor: the value `Task:"Agent"` (the old name of the Agent tool). It opens the alias map
    # (old name -> tool) that directly follows the sorted list of built-in tool names, e.g.
    # `t_n=["Agent","Artifact",...,"Write"],sDo={Task:"Agent",KillShell:"TaskStop",...}`.
    k, m = b.find_one(r"(" + ID + r")=\[((?:\"\w+\",?)+)\],(" + ID + r")=\{(Task:\"Agent\"(?:,\w+:\"\w+\")*)\}",
                      "built-in tool names and aliases", lit='Task:"Agent"', back=5000, fwd=1000)
    names = re.findall(r'"(\w+)"', m.group(2))
    aliases = dict(re.findall(r'(\w+):"(\w+)"', m.group(4)))
    return names, aliases


def registry_tools(b):
    # Anchor: the property `registryToolId:"<uuid>",name:NAME` of every tool defined through the
    # tool registry (NAME is a constant, followed across chunks). Many are gated by feature flags
    # (isEnabled); the list says what exists in the build, not what a session offers.
    out = set()
    for k, m in b.find(r'registryToolId:"[0-9a-f-]+",name:(' + ID + r'|"\w+")[,}]', lit='registryToolId:"', back=0, fwd=200):
        n = m.group(1)
        v = js_string(n) if n.startswith('"') else b.resolve(k, n, m.start())
        if isinstance(v, str):
            out.add(v)
    if not out:
        raise NotFound("registry tools: no `registryToolId` definitions")
    return sorted(out)


def models(b):
    # Anchor: the list of model aliases, the one array literal holding both "opusplan" and
    # "sonnet[1m]" (`fce=["sonnet","opus","haiku","fable","best","sonnet[1m]",...,"opusplan"]`).
    # `inherit` is not in it: the loaders test `model.toLowerCase()==="inherit"` themselves.
    hits = [m for k, m in b.find(r'=\[((?:"[\w\[\].-]+",?)+)\]', lit='"opusplan"', back=400, fwd=400) if '"opusplan"' in m.group(1) and '"sonnet[1m]"' in m.group(1)]
    if not hits:
        raise NotFound("model aliases: list not found")
    found = {tuple(re.findall(r'"([^"]+)"', m.group(1))) for m in hits}
    if len(found) > 1:
        raise NotFound(f"model aliases: several lists {sorted(found)}")
    names = list(found.pop())
    if b.find_literal('.toLowerCase()==="inherit"?"inherit"'):
        names = ["inherit"] + names
    return names


def colors(b):
    # Anchor: the value suffix `_FOR_SUBAGENTS_ONLY` of the agent colour map
    # (`{red:"red_FOR_SUBAGENTS_ONLY",...}`); an agent's `color` must be one of its keys.
    k, m = b.find_one(r"\{((?:\w+:\"\w+_FOR_SUBAGENTS_ONLY\",?)+)\}", "agent colours", lit='_FOR_SUBAGENTS_ONLY"', back=300, fwd=300)
    return re.findall(r'(\w+):"\w+_FOR_SUBAGENTS_ONLY"', m.group(1))


def permission_modes(b):
    # Anchor: the agent loader's message `Agent file ... has invalid permissionMode '...'. Valid
    # options: ${MODES.join(", ")}`; the value is first mapped by `function(e){return e==="manual"?
    # "default":e}`, whose accepted spellings are added.
    modes = valid_options(b, "has invalid permissionMode '", "permission modes")
    k, m = b.find_one(r"let " + ID + r"=(" + ID + r")\(" + ID + r"\.permissionMode\)," + ID + r"=" + ID +
                      r"&&" + ID + r"\.includes", "permissionMode mapping",
                      lit=".permissionMode),", back=100, fwd=100)
    _, body = b.fn(k, m.group(1), m.start())
    extra = re.findall(r'==="(\w+)"\?"\w+"', body)
    return sorted(set(modes) | set(extra), key=lambda x: (x not in modes, modes.index(x) if x in modes else 0, x))


def effort(b):
    # Anchor: `Agent file ... has invalid effort '...'. Valid options: ${LEVELS.join(", ")} or an
    # integer`; the parser called just before it (`X=e!==void 0?PARSE(e):void 0`) maps aliases
    # through an object (`{med:"medium"}`) before testing the levels.
    k, m = b.find_one(r"(" + ID + r")=(" + ID + r")!==void 0\?(" + ID + r")\(\2\):void 0;if\(\2!==void 0&&\1===void 0\)"
                      r"t\(`Agent file \$\{" + ID + r"\} has invalid effort '\$\{\2\}'\. Valid options: \$\{(" + ID +
                      r")\.join", "effort", lit="has invalid effort '", back=400, fwd=200)
    levels = strings(b.resolve(k, m.group(4), m.start()), "effort levels")
    fk, body = b.fn(k, m.group(3), m.start())
    aliases = {}
    am = re.search(r"=(" + ID + r")\[" + ID + r"\]\?\?" + ID, body)
    if am:
        v = b.resolve(fk, am.group(1))
        if isinstance(v, dict):
            aliases = {a: t for a, t in v.items() if isinstance(t, str)}
    integer = "parseInt" in body
    return levels, aliases, integer


def agent_values(b):
    # Anchors: the agent loader's messages `has invalid memory value '` and `has invalid isolation
    # value '` (`Valid options: ${LIST.join(", ")}`), agent files outside plugins.
    out = {}
    for key in ("memory", "isolation"):
        k, m = b.find_one(r"`Agent file \$\{" + ID + r"\} has invalid " + key + r" value '\$\{" + ID +
                          r"\}'\. Valid options: \$\{(" + ID + r")\.join", f"agent {key} values",
                          lit=f"has invalid {key} value '", back=100, fwd=200)
        out[key] = strings(b.resolve(k, m.group(1), m.start()), f"agent {key} values")
    return out


def shells(b):
    # Anchor: `Frontmatter 'shell: ...' in ... is not recognized. Valid values: ${LIST.join`.
    k, m = b.find_one(r"Frontmatter 'shell: \$\{" + ID + r"\}' in \$\{" + ID + r"\} is not recognized\. "
                      r"Valid values: \$\{(" + ID + r")\.join", "shell values", lit="Frontmatter 'shell: ", back=0, fwd=200)
    return strings(b.resolve(k, m.group(1), m.start()), "shell values")


def schemas(b):
    # Anchor: the kinds of the frontmatter-shadow check (telemetry event
    # `tengu_frontmatter_shadow_unknown_key`): `{skill:p(()=>S().strict()),agent:p(()=>A().strict()),
    # "output-style":p(()=>O().strict())}`. Each is a zod object (`c({key:...})`, or `B().extend({...})`);
    # the agent loader's unknown-key warning uses the same agent schema (`Object.keys(A().shape)`),
    # and skills and commands are both checked against the skill schema. A key whose description
    # starts with "@internal" is undocumented.
    k, m = b.find_one(r'\{skill:' + ID + r'\(\(\)=>' + ID + r'\(\)\.strict\(\)\),', "frontmatter schemas", lit="{skill:", back=0, fwd=200)
    s = b.mods[k]
    out = {}
    for kind, v in object_entries(s, m.start()):
        mm = re.match(ID + r"\(\(\)=>(" + ID + r")\(\)\.strict\(\)\)", v or "")
        if mm:
            out[kind] = zod_object(b, k, mm.group(1), m.start())
    if not {"skill", "agent", "output-style"} <= set(out):
        raise NotFound(f"frontmatter schemas: kinds {sorted(out)}")
    return out


def zod_object(b, k, ident, before, depth=0):
    """{key: (description or '', enum values or None)} of a zod object schema defined as
    `X=p(()=>c({...}))` or `X=p(()=>Y().extend({...}))`; enum values from `F(["a","b"])`."""
    if depth > 5:
        raise NotFound(f"schema {ident}: too deep")
    s = b.mods[k]
    for p in b.definitions(k, ident, before):
        m = re.match(ID + r"\(\(\)=>(?:(" + ID + r")\(\)\.extend\(|" + ID + r"\()\{", s[p:])
        if not m:
            continue
        keys = {}
        if m.group(1):
            keys.update(zod_object(b, k, m.group(1), p, depth + 1))
        for key, v in object_entries(s, p + m.end() - 1):
            em = re.match(ID + r'\(\[((?:"[^"]*",?)+)\]\)', v or "")
            keys[key] = (describe_of(v or "") or "", re.findall(r'"([^"]*)"', em.group(1)) if em else None)
        return keys
    for j, loc in b.imported(k, ident):
        return zod_object(b, j, loc, None, depth + 1)
    raise NotFound(f"schema {ident}: definition not found")


def key_suggestions(b):
    # Anchor: the agent loader's warning "Claude Code does not recognize or apply"; just before it,
    # `new Map([["allowedtools","tools"],...])` maps a folded key to the key to suggest (null: none).
    k, pos = b.find_literal("Claude Code does not recognize or apply")[0]
    s = b.mods[k]
    ms = list(re.finditer(r'new Map\(\[((?:\["[\w-]+",(?:"[\w-]+"|null)\],?)+)\]\)', s[max(0, pos - 4000):pos]))
    if not ms:
        raise NotFound("agent key suggestions: map not found")
    return {a: (None if t == "null" else t.strip('"')) for a, t in re.findall(r'\["([\w-]+)",("[\w-]+"|null)\]', ms[-1].group(1))}


def plugin_ignored_keys(b):
    # Anchor: `Plugin agent file ${...} sets ${key}, which is ignored for plugin agents`; the keys
    # come from the loops `for(let mo of LIST)if(Q[mo]!==void 0)t(...)`.
    out = []
    for k, m in b.find(r"for\(let (" + ID + r") of (" + ID + r")\)if\(" + ID + r"\[\1\]!==void 0\)t\(`Plugin agent file "
                       r"\$\{" + ID + r"\} sets \$\{\1\}, which is ignored for plugin agents",
                       lit=", which is ignored for plugin agents", back=300, fwd=0):
        out += strings(b.resolve(k, m.group(2), m.start()), "plugin-ignored keys")
    if not out:
        raise NotFound("plugin-ignored agent keys: loops not found")
    return out


def builtin_agents(b):
    # Anchor: the built-in agent definitions `{agentType:"NAME",whenToUse:...,source:"built-in"`.
    out = set()
    for k, m in b.find(r'\{agentType:"([\w-]+)",whenToUse:', lit='{agentType:"', back=0, fwd=200):
        if 'source:"built-in"' in b.mods[k][m.start():m.start() + 3000]:
            out.add(m.group(1))
    if not out:
        raise NotFound("built-in agents: none found")
    return sorted(out)


def booleans(b):
    # Anchor: the skill/command parser's `disableModelInvocation:F(e["disable-model-invocation"])`;
    # F is `SRe(e)??!1`, and SRe tests `TRUE(String(e))` then `FALSE(...)`, each a
    # `["1","true","yes","on"].includes(String(e).toLowerCase().trim())`.
    k, m = b.find_one(r'disableModelInvocation:(' + ID + r')\(' + ID + r'\["disable-model-invocation"\]\)',
                      "skill booleans", lit='["disable-model-invocation"])', back=200, fwd=50)
    k1, body = b.fn(k, m.group(1), m.start())
    inner = re.search(r"return (" + ID + r")\(" + ID + r"\)\?\?!1", body)
    if inner:
        k1, body = b.fn(k1, inner.group(1))
    tm = re.search(r"if\((" + ID + r")\(" + ID + r"\)\)return!0;if\((" + ID + r")\(" + ID + r"\)\)return!1", body)
    if not tm:
        raise NotFound("skill booleans: true/false tests not found")
    out = {}
    for name, ident in (("true", tm.group(1)), ("false", tm.group(2))):
        _, fb = b.fn(k1, ident)
        lm = re.search(r"\[((?:\"[^\"]*\",?)+)\]\.includes", fb)
        if not lm:
            raise NotFound(f"skill booleans: {name} words not found")
        out[name] = re.findall(r'"([^"]*)"', lm.group(1))
        out[name + "_case_insensitive"] = ".toLowerCase()" in fb
    return out


def limits(b):
    out = {}

    def one(key, pattern, what, lit):
        try:
            k, m = b.find_one(pattern, what, lit=lit, back=300, fwd=300)
            out[key] = number(b.resolve(k, m.group(1), m.start()), what)
        except NotFound as e:
            out[key] = f"NOT FOUND: {e}"

    # agents, commands and output styles of a project or user: read through loadMarkdownFilesFromDir
    one("agent_file_bytes", r"loadMarkdownFilesFromDir: skipping \$\{" + ID + r"\}: not a regular file or exceeds \$\{(" + ID + r")\} byte limit", "agent file limit", "loadMarkdownFilesFromDir: skipping ")
    # SKILL.md of a project or user (`[skills] skipping ...: N bytes exceeds LIMIT byte limit`)
    one("skill_file_bytes", r"\[skills\] skipping \$\{" + ID + r"\}: \$\{[^}]*\} bytes exceeds \$\{(" + ID + r")\} byte limit", "skill file limit", "[skills] skipping ")
    one("plugin_agent_file_bytes", r"Skipping plugin agent \$\{" + ID + r"\}: not a regular file or exceeds \$\{(" + ID + r")\} byte limit", "plugin agent limit", "Skipping plugin agent ")
    one("plugin_skill_file_bytes", r"Skipping plugin skill \$\{" + ID + r"\}: not a regular file or exceeds \$\{(" + ID + r")\} byte limit", "plugin skill limit", "Skipping plugin skill ")
    one("memory_file_bytes", r"\[CLAUDE\.md\] skipping \$\{" + ID + r"\}: not a regular file or exceeds \$\{(" + ID + r")\} byte limit", "memory file limit", "[CLAUDE.md] skipping ")
    one("name_chars", r'Invalid "name": names must be at most \$\{(' + ID + r')\} characters', "agent name length", 'names must be at most ${')
    one("listing_chars", r"skillListingMaxDescChars\?\?(" + ID + r")", "skill listing characters", "skillListingMaxDescChars??")
    one("auto_compact_window_min", r"`Agent file \$\{" + ID + r"\} has invalid autoCompactWindow '\$\{" + ID + r"\}'\. Must be an integer of at least \$\{(" + ID + r")\}", "autoCompactWindow minimum", "has invalid autoCompactWindow '")
    # memory: `/doctor`'s "Large <path> will impact performance (N chars > LIMIT)" takes LIMIT from
    # `function F(e=...){...return Math.max(FLOOR,Math.round(...))}`; the total from
    # `function G(e){return Math.max(TOTAL,F(e))}` in the same module.
    try:
        k, pos = b.find_literal(" will impact performance (")[0]
        s = b.mods[k]
        fm = list(re.finditer(r"let " + ID + r"=(" + ID + r")\(\);", s[max(0, pos - 400):pos]))
        fk, body = b.fn(k, fm[-1].group(1), pos)
        mm = re.search(r"return Math\.max\((" + ID + r"),Math\.round\(", body)
        out["memory_warn_chars"] = number(b.resolve(fk, mm.group(1)), "memory warn")
        fname = re.escape(fm[-1].group(1))
        tm = None
        for j, m2 in b.find(r"function " + ID + r"\(" + ID + r"\)\{return Math\.max\((" + ID + r")," + fname + r"\(" + ID + r"\)\)\}",
                             lit="){return Math.max(", back=100, fwd=200):
            tm = (j, m2)
        if tm is None:
            raise NotFound("memory total: `return Math.max(TOTAL,F(e))` not found")
        out["memory_warn_total_chars"] = number(b.resolve(tm[0], tm[1].group(1), tm[1].start()), "memory total")
    except (NotFound, IndexError, AttributeError) as e:
        out.setdefault("memory_warn_chars", f"NOT FOUND: {e}")
        out.setdefault("memory_warn_total_chars", f"NOT FOUND: {e}")
    # imports: `if(seen.has(p)||depth>=MAX)return;` in the function that follows @path imports, just
    # before the loader that logs "Skipping non-text file in @include" (depth 0 is the root file).
    try:
        rx = re.compile(r"if\(" + ID + r"\.has\(" + ID + r"\)\|\|" + ID + r">=(" + ID + r")\)return;if\(")
        mods = sorted({k for k, _ in b.find_literal("Skipping non-text file in @include")})
        hits = [(k, m) for k in mods for m in rx.finditer(b.mods[k])]
        k, m = hits[0]
        out["import_depth"] = number(b.resolve(k, m.group(1), m.start()), "import depth")
    except (NotFound, IndexError) as e:
        out["import_depth"] = f"NOT FOUND: {e}"
    return out


def extract(path):
    """All facts: {category: value}; a category that could not be read holds "NOT FOUND: ..."."""
    b = Bundle(path)
    facts = {"version": b.version}

    def put(key, f):
        try:
            facts[key] = f()
        except (NotFound, IndexError, KeyError, ValueError) as e:
            facts[key] = f"NOT FOUND: {e}"

    put("hooks.events", lambda: hook_events(b))
    put("hooks.guard_events", lambda: guard_events(b))
    put("hooks.top_level_drop_events", lambda: top_level_events(b))
    try:
        names, aliases = tools(b)
        facts["tools.builtin"], facts["tools.aliases"] = names, aliases
    except NotFound as e:
        facts["tools.builtin"] = facts["tools.aliases"] = f"NOT FOUND: {e}"
    put("tools.registry", lambda: registry_tools(b))
    put("models.aliases", lambda: models(b))
    put("agent.colors", lambda: colors(b))
    put("agent.permission_modes", lambda: permission_modes(b))
    try:
        levels, eal, integer = effort(b)
        facts["effort.levels"], facts["effort.aliases"], facts["effort.integer"] = levels, eal, integer
    except (NotFound, IndexError) as e:
        facts["effort.levels"] = f"NOT FOUND: {e}"
    try:
        for key, v in agent_values(b).items():
            facts[f"agent.{key}_values"] = v
    except NotFound as e:
        facts["agent.memory_values"] = facts["agent.isolation_values"] = f"NOT FOUND: {e}"
    put("skill.shell_values", lambda: shells(b))
    try:
        for kind, keys in schemas(b).items():
            facts[f"keys.{kind}"] = sorted(keys)
            facts[f"keys.{kind}.internal"] = sorted(k for k, (d, _) in keys.items() if d.startswith("@internal"))
            for key, (_, values) in sorted(keys.items()):
                if values:
                    facts[f"keys.{kind}.values.{key}"] = values
    except (NotFound, IndexError) as e:
        facts["keys.agent"] = f"NOT FOUND: {e}"
    put("agent.key_suggestions", lambda: key_suggestions(b))
    put("agent.plugin_ignored_keys", lambda: plugin_ignored_keys(b))
    put("agents.builtin", lambda: builtin_agents(b))
    put("skill.booleans", lambda: booleans(b))
    for key, v in limits(b).items():
        facts[f"limits.{key}"] = v
    return facts
