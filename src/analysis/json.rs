//! Claude Code's JSON configuration: settings files, `.mcp.json`, a plugin's manifest. The
//! facts are data: `catalog/claude-json.json`, extracted from Claude Code 2.1.330's schemas and
//! checked by running it (`tests/fixtures/json-oracle/`: `schema.json`, `FACTS.md`, `ORACLE.json`).
//! Severity follows what Claude Code does: the whole file dropped (settings, `.mcp.json`) or the
//! whole plugin rejected is an error (`config-dropped`, `json-syntax`); one entry skipped (a
//! hook, a permission rule, a server that never starts, a value replaced) is a warning
//! (`config-entry-skipped`), and so is a key it ignores without a word (`unknown-setting`).

use std::sync::OnceLock;

use serde_json::Value;

use crate::catalog::{self, Code, Kind, did_you_mean};
use crate::syntax::Span;
use crate::syntax::json::{self, JNode, JProp, JValue, JsonProblem};

use super::Diagnostic;

/// The schema data (`catalog/claude-json.json`), read once.
fn schema() -> &'static Value {
    static SCHEMA: OnceLock<Value> = OnceLock::new();
    SCHEMA.get_or_init(|| {
        serde_json::from_str(include_str!("../catalog/claude-json.json")).unwrap_or(Value::Null)
    })
}

/// All diagnostics of a JSON configuration file of `kind`.
pub fn diagnostics(kind: Kind, text: &str) -> Vec<Diagnostic> {
    let parsed = json::parse(text);
    let version = &catalog::get().verified_with;
    let whole = match kind {
        Kind::PluginManifest => "rejects the whole plugin",
        Kind::Mcp => "drops the whole file, and none of its servers start",
        Kind::PluginHooks => "drops every hook of this file (the plugin itself loads)",
        Kind::Marketplace => {
            "refuses to add the marketplace (`claude plugin marketplace add` fails)"
        }
        Kind::LspServers => "starts none of these language servers (the plugin itself loads)",
        _ => "ignores the whole file, hooks and permissions included",
    };
    // what a hook that cannot load under a guard event costs
    let guard_whole = match kind {
        Kind::PluginHooks => "rejects the whole plugin",
        _ => whole,
    };
    let mut out = Vec::new();
    for (span, problem) in &parsed.problems {
        let what = match problem {
            JsonProblem::Comment => "a comment".to_string(),
            JsonProblem::TrailingComma => "a trailing comma".to_string(),
            JsonProblem::Syntax(m) => format!("not JSON here ({m})"),
        };
        out.push(Diagnostic::new(
            Code::JsonSyntax,
            *span,
            format!(
                "{what}: Claude Code {version} reads this file as strict JSON, and for \"Invalid or malformed JSON\" it {whole}"
            ),
        ));
    }
    let Some(root) = &parsed.root else {
        return out;
    };
    let mut cx = Checker {
        out: &mut out,
        version,
        whole,
        guard_whole,
        validation: if kind == Kind::Settings {
            " (\"Settings validation failed\")"
        } else {
            ""
        },
    };
    match kind {
        Kind::Settings => cx.settings(root),
        Kind::Mcp => cx.mcp(root),
        Kind::PluginManifest => cx.plugin(root),
        Kind::PluginHooks => cx.plugin_hooks(root),
        Kind::Marketplace => cx.marketplace(root),
        Kind::LspServers => cx.lsp_servers(root),
        _ => {}
    }
    out
}

struct Checker<'a> {
    out: &'a mut Vec<Diagnostic>,
    version: &'a str,
    whole: &'a str,
    /// What an unloadable hook under a guard event costs (the file, or the whole plugin).
    guard_whole: &'a str,
    /// Claude Code's words when a value drops the file.
    validation: &'a str,
}

/// What a value that breaks the schema costs.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Cost {
    /// The whole file (or plugin).
    File,
    /// What a hook that cannot load under a guard event costs.
    Guard,
    /// This entry alone.
    Entry,
    /// The value is replaced silently.
    Ignored,
}

impl Cost {
    fn of(on_invalid: Option<&str>) -> Cost {
        match on_invalid {
            Some(s) if s.starts_with("file") => Cost::File,
            Some(s) if s.starts_with("ignored") => Cost::Ignored,
            Some(_) => Cost::Entry,
            None => Cost::File,
        }
    }
}

impl Checker<'_> {
    fn report(&mut self, cost: Cost, span: Span, what: String) {
        let v = self.version;
        let (code, msg) = match cost {
            Cost::File => (
                Code::ConfigDropped,
                format!("{what}: Claude Code {v} {}{}", self.whole, self.validation),
            ),
            Cost::Guard => (
                Code::ConfigDropped,
                format!(
                    "{what}: Claude Code {v} {}{}",
                    self.guard_whole, self.validation
                ),
            ),
            Cost::Entry => (
                Code::ConfigEntrySkipped,
                format!(
                    "{what}: Claude Code {v} skips this entry, and the rest of the file is in effect"
                ),
            ),
            Cost::Ignored => (
                Code::ConfigEntrySkipped,
                format!("{what}: Claude Code {v} ignores this value silently"),
            ),
        };
        self.out.push(Diagnostic::new(code, span, msg));
    }

    fn settings(&mut self, root: &JNode) {
        let JValue::Object(props) = &root.value else {
            self.report(
                Cost::File,
                root.span,
                format!("settings must be an object, not {}", root.value.describe()),
            );
            return;
        };
        let keys = &schema()["settings"]["keys"];
        let names: Vec<&str> = keys
            .as_object()
            .map(|m| m.keys().map(String::as_str).collect())
            .unwrap_or_default();
        // a guard event written anywhere but directly under `hooks` drops the file
        for p in props {
            if p.key != "hooks" {
                self.guards_outside_hooks(p);
            }
        }
        for p in props {
            let Some(spec) = keys.get(&p.key) else {
                let hint = suggestion(&p.key, names.iter().copied());
                self.out.push(Diagnostic::new(
                    Code::UnknownSetting,
                    p.key_span,
                    format!(
                        "`{}` is no setting of Claude Code {}: it ignores the key without a word{hint}",
                        p.key, self.version
                    ),
                ));
                continue;
            };
            if let Some(canonical) = spec["alias_of"].as_str()
                && props.iter().any(|q| q.key == canonical)
            {
                self.report(
                    Cost::Ignored,
                    p.key_span,
                    format!(
                        "`{}` is another name for `{canonical}`, which this file sets too",
                        p.key
                    ),
                );
                continue;
            }
            match p.key.as_str() {
                "hooks" => self.hooks(p),
                "permissions" => self.permissions(p, spec),
                _ => {
                    let cost = Cost::of(spec["on_invalid"].as_str());
                    self.value(&p.key, &p.value, spec, cost);
                }
            }
        }
    }

    /// A key named after a guard event (`PreToolUse`, ...) at or below `p`, outside `hooks`.
    fn guards_outside_hooks(&mut self, p: &JProp) {
        if catalog::get().guard_hook_events.contains(&p.key) {
            self.report(
                Cost::File,
                p.key_span,
                format!(
                    "`{}` hooks are declared outside `hooks` (directly under it, by event)",
                    p.key
                ),
            );
            return;
        }
        if let JValue::Object(props) = &p.value.value {
            for q in props {
                self.guards_outside_hooks(q);
            }
        }
    }

    /// `node` against the schema entry `spec` (type, enum, bounds, one level of properties).
    fn value(&mut self, name: &str, node: &JNode, spec: &Value, cost: Cost) {
        if let Some(alternatives) = spec["anyOf"].as_array() {
            let fits = |alt: &Value| match alt["type"].as_str() {
                Some("undefined") => false,
                Some(ty) => type_fits(ty, &node.value),
                None => true,
            };
            if !alternatives.iter().any(fits) {
                let want: Vec<&str> = alternatives
                    .iter()
                    .filter_map(|a| a["type"].as_str())
                    .filter(|t| *t != "undefined")
                    .map(type_name)
                    .collect();
                self.report(
                    cost,
                    node.span,
                    format!(
                        "`{name}` must be {}, not {}",
                        want.join(" or "),
                        node.value.describe()
                    ),
                );
            }
            return;
        }
        if let Some(c) = spec["const"].as_str() {
            if node.as_str() != Some(c) {
                self.report(cost, node.span, format!("`{name}` must be `\"{c}\"`"));
            }
            return;
        }
        if let Some(values) = spec["enum"].as_array() {
            let ok = node.as_str().is_some_and(|s| {
                values.iter().any(|v| v.as_str() == Some(s)) || spec["aliases"].get(s).is_some()
            });
            if !ok {
                let list: Vec<String> = values
                    .iter()
                    .filter_map(|v| v.as_str().map(|s| format!("`{s}`")))
                    .collect();
                self.report(
                    cost,
                    node.span,
                    format!("`{name}` must be one of {}", list.join(", ")),
                );
            }
            return;
        }
        let Some(ty) = spec["type"].as_str() else {
            return;
        };
        if !type_fits(ty, &node.value) {
            let want = type_name(ty);
            self.report(
                cost,
                node.span,
                format!("`{name}` must be {want}, not {}", node.value.describe()),
            );
            return;
        }
        if let (JValue::Number(_, n), Some(min)) = (&node.value, spec["exclusive_minimum"].as_f64())
            && *n <= min
        {
            self.report(
                cost,
                node.span,
                format!("`{name}` must be greater than {min}"),
            );
        }
        match &node.value {
            JValue::Object(props) if ty == "object" => {
                if let Some(all) = spec["properties"].as_object() {
                    for (key, sub) in all {
                        if sub["required"].as_bool() == Some(true)
                            && !props.iter().any(|p| p.key == *key)
                        {
                            self.report(cost, node.span, format!("`{name}` needs `{key}`"));
                        }
                    }
                }
                for p in props {
                    if let Some(sub) = spec["properties"].get(&p.key) {
                        let c = match sub["on_invalid"].as_str() {
                            Some(_) => Cost::of(sub["on_invalid"].as_str()),
                            None => cost,
                        };
                        self.value(&p.key, &p.value, sub, c);
                    }
                }
            }
            JValue::Object(props) if ty == "record" => {
                let values = &spec["values"];
                if values.is_object() && values["coerced"].as_bool() != Some(true) {
                    for p in props {
                        self.value(&p.key, &p.value, values, cost);
                    }
                }
            }
            JValue::Array(items) if spec["items"]["type"].is_string() => {
                let c = Cost::of(spec["items"]["on_invalid"].as_str().or(Some("file")));
                let c = if cost == Cost::File { c } else { cost };
                for item in items {
                    self.value(&format!("an item of `{name}`"), item, &spec["items"], c);
                }
            }
            _ => {}
        }
    }

    /// `hooks`: events, matchers and hooks (Claude Code 2.1.330: anything unloadable under a guard
    /// event drops the whole file; elsewhere that hook or matcher is skipped).
    fn hooks(&mut self, p: &JProp) {
        let cat = catalog::get();
        let node = &p.value;
        let events = match &node.value {
            JValue::Object(events) => events,
            JValue::Null | JValue::Array(_)
                if matches!(&node.value, JValue::Null)
                    || matches!(&node.value, JValue::Array(a) if a.is_empty()) =>
            {
                self.report(
                    Cost::Ignored,
                    node.span,
                    format!(
                        "`hooks` is {}, so no hook is set here",
                        node.value.describe()
                    ),
                );
                return;
            }
            JValue::Array(_) => {
                self.report(
                    Cost::File,
                    node.span,
                    "`hooks` must be an object keyed by event (`{\"PreToolUse\": [...]}`), not a list of matchers".into(),
                );
                return;
            }
            other => {
                self.report(
                    Cost::Ignored,
                    node.span,
                    format!(
                        "`hooks` must be an object keyed by event, not {}",
                        other.describe()
                    ),
                );
                return;
            }
        };
        // one matcher object instead of events
        if events
            .iter()
            .any(|e| e.key == "hooks" || e.key == "matcher")
        {
            self.report(
                Cost::File,
                node.span,
                "`hooks` must be keyed by event (`{\"PreToolUse\": [{\"matcher\": ..., \"hooks\": [...]}]}`), not a single matcher".into(),
            );
            return;
        }
        // an event's value may hold guard events only as a list (`{"Events": {"PreToolUse": ...}}`)
        for e in events {
            if let JValue::Object(inner) = &e.value.value {
                for q in inner {
                    self.guards_outside_hooks(q);
                }
            }
        }
        let types = &schema()["hooks"]["types"];
        let type_names: Vec<&str> = types
            .as_object()
            .map(|m| m.keys().map(String::as_str).collect())
            .unwrap_or_default();
        for e in events {
            if !cat.hook_events.contains(&e.key) {
                let hint = suggestion(&e.key, cat.hook_events.iter().map(String::as_str));
                self.report(
                    Cost::Entry,
                    e.key_span,
                    format!("`{}` is not a hook event{hint}", e.key),
                );
                continue;
            }
            let guard = cat.guard_hook_events.contains(&e.key);
            let cost = if guard { Cost::Guard } else { Cost::Entry };
            let guard_note = if guard {
                format!(" (under the guard event `{}`)", e.key)
            } else {
                String::new()
            };
            let JValue::Array(matchers) = &e.value.value else {
                self.report(
                    cost,
                    e.value.span,
                    format!("`{}` must be a list of matchers{guard_note}", e.key),
                );
                continue;
            };
            for m in matchers {
                let Some(hooks) = m.get("hooks") else {
                    self.report(
                        cost,
                        m.span,
                        format!("a matcher must be an object with a `hooks` list{guard_note}"),
                    );
                    continue;
                };
                if let Some(matcher) = m.get("matcher")
                    && !matches!(matcher.value.value, JValue::Str(_))
                {
                    self.report(
                        cost,
                        matcher.value.span,
                        format!("`matcher` must be a string{guard_note}"),
                    );
                }
                let JValue::Array(list) = &hooks.value.value else {
                    self.report(
                        cost,
                        hooks.value.span,
                        format!("`hooks` must be a list{guard_note}"),
                    );
                    continue;
                };
                for h in list {
                    self.hook(h, types, &type_names, cost, &guard_note);
                }
            }
        }
    }

    fn hook(&mut self, h: &JNode, types: &Value, type_names: &[&str], cost: Cost, note: &str) {
        let Some(t) = h.get("type") else {
            self.report(
                cost,
                h.span,
                format!("a hook needs a `type` ({}){note}", type_names.join(", ")),
            );
            return;
        };
        let Some(name) = t.value.as_str().filter(|n| type_names.contains(n)) else {
            let written = t.value.as_str().unwrap_or("");
            let hint = suggestion(written, type_names.iter().copied());
            self.report(
                cost,
                t.value.span,
                format!(
                    "`type` must be one of {}{hint}{note}",
                    type_names.join(", ")
                ),
            );
            return;
        };
        let spec = &types[name];
        if let Some(props) = spec["properties"].as_object() {
            for (key, sub) in props {
                match h.get(key) {
                    Some(p) if key != "type" => self.value(key, &p.value, sub, cost),
                    None if sub["required"].as_bool() == Some(true) => self.report(
                        cost,
                        t.value.span,
                        format!("a `{name}` hook needs `{key}`{note}"),
                    ),
                    _ => {}
                }
            }
        }
    }

    /// `permissions`: the container's types drop the file; each rule is checked alone.
    fn permissions(&mut self, p: &JProp, spec: &Value) {
        let node = &p.value;
        let JValue::Object(props) = &node.value else {
            self.report(
                Cost::File,
                node.span,
                format!(
                    "`permissions` must be an object, not {}",
                    node.value.describe()
                ),
            );
            return;
        };
        let cat = catalog::get();
        for q in props {
            let Some(sub) = spec["properties"].get(&q.key) else {
                continue;
            };
            if !matches!(q.key.as_str(), "allow" | "deny" | "ask") {
                let cost = match sub["on_invalid"].as_str() {
                    Some(_) => Cost::of(sub["on_invalid"].as_str()),
                    None => Cost::File,
                };
                self.value(&q.key, &q.value, sub, cost);
                continue;
            }
            let JValue::Array(rules) = &q.value.value else {
                self.report(
                    Cost::File,
                    q.value.span,
                    format!(
                        "`{}` must be a list of rules, not {}",
                        q.key,
                        q.value.value.describe()
                    ),
                );
                continue;
            };
            for r in rules {
                let Some(rule) = r.as_str() else {
                    self.report(
                        Cost::Entry,
                        r.span,
                        "a permission rule must be a string".into(),
                    );
                    continue;
                };
                if let Some((why, cost)) = rule_problem(rule, cat) {
                    self.report(cost, r.span, format!("`{rule}` {why}"));
                }
            }
        }
    }

    fn mcp(&mut self, root: &JNode) {
        let servers = match root.get("mcpServers") {
            Some(s) => s,
            None => {
                self.report(
                    Cost::File,
                    root.span,
                    "`.mcp.json` must be an object with `mcpServers`".into(),
                );
                return;
            }
        };
        let JValue::Object(list) = &servers.value.value else {
            self.report(
                Cost::File,
                servers.value.span,
                format!(
                    "`mcpServers` must be an object keyed by server name, not {}",
                    servers.value.value.describe()
                ),
            );
            return;
        };
        for s in list {
            let never = |what: String| {
                format!(
                    "{what}: the server `{}` is never started (Claude Code logs nothing)",
                    s.key
                )
            };
            let Some(obj) = Some(&s.value).filter(|v| matches!(v.value, JValue::Object(_))) else {
                self.report(
                    Cost::Entry,
                    s.value.span,
                    never("a server must be an object".into()),
                );
                continue;
            };
            let ty = obj.get("type").map(|t| t.value.as_str().unwrap_or("?"));
            let remote = matches!(ty, Some("http" | "sse" | "ws" | "streamable-http"));
            if let Some(t) = obj.get("type")
                && !matches!(
                    t.value.as_str(),
                    Some("stdio" | "http" | "sse" | "ws" | "streamable-http")
                )
            {
                self.report(
                    Cost::Entry,
                    t.value.span,
                    never("`type` must be `stdio`, `http`, `sse` or `ws`".into()),
                );
                continue;
            }
            let field = if remote { "url" } else { "command" };
            match obj.get(field) {
                Some(c) if c.value.as_str().is_some_and(|s| !s.is_empty()) => {}
                Some(c) => {
                    self.report(
                        Cost::Entry,
                        c.value.span,
                        never(format!("`{field}` must be a non-empty string")),
                    );
                    continue;
                }
                None => {
                    self.report(Cost::Entry, s.key_span, never(format!("no `{field}`")));
                    continue;
                }
            }
            if let Some(a) = obj.get("args")
                && !matches!(&a.value.value, JValue::Array(items) if items.iter().all(|i| i.as_str().is_some()))
            {
                self.report(
                    Cost::Entry,
                    a.value.span,
                    never("`args` must be a list of strings".into()),
                );
            }
            if let Some(e) = obj.get("env")
                && !matches!(&e.value.value, JValue::Object(vars) if vars.iter().all(|v| v.value.as_str().is_some()))
            {
                self.report(
                    Cost::Entry,
                    e.value.span,
                    never("`env` must be an object of strings".into()),
                );
            }
        }
    }

    fn plugin(&mut self, root: &JNode) {
        if !matches!(root.value, JValue::Object(_)) {
            self.report(
                Cost::File,
                root.span,
                "a plugin manifest must be an object".into(),
            );
            return;
        }
        match root.get("name") {
            None => self.report(
                Cost::File,
                Span::new(root.span.start, root.span.start + 1),
                "a plugin manifest needs `name`".into(),
            ),
            Some(n) => match n.value.as_str() {
                Some(s) if !s.is_empty() && !s.contains(char::is_whitespace) => {}
                Some(_) => self.report(
                    Cost::File,
                    n.value.span,
                    "`name` must be one word, without spaces".into(),
                ),
                None => self.report(
                    Cost::File,
                    n.value.span,
                    format!("`name` must be a string, not {}", n.value.value.describe()),
                ),
            },
        }
        if let Some(v) = root.get("version")
            && v.value.as_str().is_none()
        {
            self.report(
                Cost::File,
                v.value.span,
                format!(
                    "`version` must be a string (`\"1.0.0\"`), not {}",
                    v.value.value.describe()
                ),
            );
        }
    }
}

impl Checker<'_> {
    /// A plugin's `hooks/hooks.json`: `{"hooks": {EVENT: [...]}}` (memory-oracle's JSON cases
    /// `plugin/hooks-json-*`: without the wrapper every hook of the file is dropped; an unloadable
    /// hook under a guard event rejects the plugin; others are skipped alone).
    fn plugin_hooks(&mut self, root: &JNode) {
        let JValue::Object(props) = &root.value else {
            self.report(
                Cost::File,
                root.span,
                format!(
                    "a hooks file must be an object, not {}",
                    root.value.describe()
                ),
            );
            return;
        };
        match props.iter().find(|p| p.key == "hooks") {
            Some(p) => self.hooks(p),
            None if props.iter().any(|p| p.key == "modules") => {}
            None => {
                let events = props
                    .iter()
                    .any(|p| catalog::get().hook_events.contains(&p.key));
                self.report(
                    Cost::File,
                    Span::new(root.span.start, root.span.start + 1),
                    if events {
                        "the events must sit under `\"hooks\"` (`{\"hooks\": {\"SessionStart\": [...]}}`)".into()
                    } else {
                        "a hooks file needs `\"hooks\"`".into()
                    },
                );
            }
        }
    }

    /// `.claude-plugin/marketplace.json` (json-oracle `marketplace/*`, Claude Code 2.1.330:
    /// `name`, `owner` and `plugins` are required, the name one word and not an official one;
    /// each plugin entry is checked alone: one without `name` is dropped, one without a usable
    /// `source` or with a wrong type cannot be installed).
    fn marketplace(&mut self, root: &JNode) {
        let JValue::Object(props) = &root.value else {
            self.report(
                Cost::File,
                root.span,
                format!(
                    "a marketplace manifest must be an object, not {}",
                    root.value.describe()
                ),
            );
            return;
        };
        let start = Span::new(root.span.start, root.span.start + 1);
        let cat = catalog::get();
        for key in ["name", "owner", "plugins"] {
            if !props.iter().any(|p| p.key == key) {
                self.report(
                    Cost::File,
                    start,
                    format!("a marketplace manifest needs `{key}`"),
                );
            }
        }
        if let Some(n) = root.get("name") {
            match n.value.as_str() {
                Some(s) if s.contains(char::is_whitespace) => self.report(
                    Cost::File,
                    n.value.span,
                    "the marketplace name cannot contain spaces (use kebab-case)".into(),
                ),
                Some(s) if s.contains(['/', '\\']) || s.contains("..") || s == "." => self.report(
                    Cost::File,
                    n.value.span,
                    "the marketplace name cannot hold `/`, `\\` or `..`".into(),
                ),
                Some(s)
                    if cat
                        .marketplace_reserved_names
                        .iter()
                        .any(|r| r.eq_ignore_ascii_case(s)) =>
                {
                    self.report(
                        Cost::File,
                        n.value.span,
                        format!("`{s}` is reserved for official Anthropic marketplaces"),
                    )
                }
                Some(_) => {}
                None => self.report(
                    Cost::File,
                    n.value.span,
                    format!("`name` must be a string, not {}", n.value.value.describe()),
                ),
            }
        }
        if let Some(o) = root.get("owner") {
            match &o.value.value {
                JValue::Object(_) => {
                    if o.value
                        .get("name")
                        .and_then(|n| n.value.as_str())
                        .is_none_or(str::is_empty)
                    {
                        self.report(Cost::File, o.value.span, "`owner` needs a `name`".into());
                    }
                }
                other => self.report(
                    Cost::File,
                    o.value.span,
                    format!(
                        "`owner` must be an object (`{{\"name\": ...}}`), not {}",
                        other.describe()
                    ),
                ),
            }
        }
        let Some(plugins) = root.get("plugins") else {
            return;
        };
        let JValue::Array(entries) = &plugins.value.value else {
            self.report(
                Cost::File,
                plugins.value.span,
                format!(
                    "`plugins` must be a list, not {}",
                    plugins.value.value.describe()
                ),
            );
            return;
        };
        let bare_allowed = root
            .get("metadata")
            .and_then(|m| m.value.get("pluginRoot"))
            .is_some();
        for e in entries {
            if !matches!(e.value, JValue::Object(_)) {
                self.report(
                    Cost::Entry,
                    e.span,
                    "a plugin entry must be an object".into(),
                );
                continue;
            }
            match e.get("name").map(|n| &n.value) {
                None => {
                    self.report(
                        Cost::Entry,
                        Span::new(e.span.start, e.span.start + 1),
                        "a plugin entry without `name` is dropped".into(),
                    );
                    continue;
                }
                Some(n) if n.as_str().is_none_or(|s| s.contains(char::is_whitespace)) => {
                    self.report(
                        Cost::Entry,
                        n.span,
                        "the plugin's `name` must be a string without spaces".into(),
                    );
                }
                Some(_) => {}
            }
            match e.get("source").map(|s| &s.value) {
                None => self.report(
                    Cost::Entry,
                    Span::new(e.span.start, e.span.start + 1),
                    "a plugin entry needs `source` (`\"./path\"`, or an object for GitHub, git, npm or a URL); it cannot be installed".into(),
                ),
                Some(src) => match &src.value {
                    JValue::Str(p) if !p.starts_with("./") && !bare_allowed => self.report(
                        Cost::Entry,
                        src.span,
                        format!("`{p}` is a bare source name: it resolves under `metadata.pluginRoot`, which this marketplace does not set; write `./{p}`, so the plugin can be installed"),
                    ),
                    JValue::Str(_) | JValue::Object(_) => {}
                    other => self.report(
                        Cost::Entry,
                        src.span,
                        format!("`source` must be a path or an object, not {}", other.describe()),
                    ),
                },
            }
            if let Some(v) = e.get("version")
                && v.value.as_str().is_none()
            {
                self.report(
                    Cost::Entry,
                    v.value.span,
                    format!(
                        "`version` must be a string (`\"1.0.0\"`), not {}; the plugin cannot be installed",
                        v.value.value.describe()
                    ),
                );
            }
        }
    }

    /// `.lsp.json`: server name to its configuration (Claude Code 2.1.330 uses none of a server
    /// whose configuration is invalid: json-oracle `plugin/lsp-json-*`).
    fn lsp_servers(&mut self, root: &JNode) {
        let JValue::Object(servers) = &root.value else {
            self.report(
                Cost::File,
                root.span,
                format!(
                    "`.lsp.json` must be an object of servers, not {}",
                    root.value.describe()
                ),
            );
            return;
        };
        let spec = &schema()["lsp_json"]["server"];
        for s in servers {
            let before = self.out.len();
            self.value(&s.key, &s.value, spec, Cost::Entry);
            if self.out.len() > before {
                continue;
            }
            if let Some(c) = s.value.get("command")
                && let Some(text) = c.value.as_str()
                && text.contains(' ')
            {
                self.report(
                    Cost::Entry,
                    c.value.span,
                    "`command` should not contain spaces: put the arguments in `args`".into(),
                );
            }
            if let Some(map) = s.value.get("extensionToLanguage")
                && let JValue::Object(exts) = &map.value.value
            {
                if exts.is_empty() {
                    self.report(
                        Cost::Entry,
                        map.value.span,
                        "`extensionToLanguage` needs at least one mapping".into(),
                    );
                }
                for e in exts
                    .iter()
                    .filter(|e| !e.key.starts_with('.') || e.key.len() < 2)
                {
                    self.report(
                        Cost::Entry,
                        e.key_span,
                        format!(
                            "file extensions must start with a dot (`.{}`, not `{}`)",
                            e.key.trim_start_matches('.'),
                            e.key
                        ),
                    );
                }
            }
        }
    }
}

/// `; did you mean `X`?` for the nearest of `candidates`, or nothing.
fn suggestion<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> String {
    did_you_mean(word, candidates)
        .map(|s| format!("; did you mean `{s}`?"))
        .unwrap_or_default()
}

/// Does a value of this JSON type fit the schema's type name?
fn type_fits(ty: &str, v: &JValue) -> bool {
    match (ty, v) {
        ("string", JValue::Str(_)) | ("boolean", JValue::Bool(_)) => true,
        ("number", JValue::Number(..)) => true,
        ("integer", JValue::Number(_, n)) => n.fract() == 0.0,
        ("array", JValue::Array(_)) => true,
        ("object" | "record", JValue::Object(_)) => true,
        ("null", JValue::Null) | ("unknown" | "custom", _) => true,
        _ => false,
    }
}

/// How messages name a schema type.
fn type_name(ty: &str) -> &'static str {
    match ty {
        "record" | "object" => "an object",
        "array" => "a list",
        "integer" => "an integer",
        "number" => "a number",
        "boolean" => "`true` or `false`",
        "null" => "null",
        _ => "a string",
    }
}

/// Why Claude Code skips a permission rule, if it does: `Tool` or `Tool(specifier)` with a
/// closed parenthesis and a non-empty specifier, the tool capitalised as Claude Code spells it.
fn rule_problem(rule: &str, cat: &catalog::Catalog) -> Option<(String, Cost)> {
    let rule = rule.trim();
    if rule.is_empty() {
        return Some(("is empty".into(), Cost::Entry));
    }
    let (tool, spec) = match rule.find('(') {
        Some(i) => (&rule[..i], Some(&rule[i..])),
        None => (rule, None),
    };
    if let Some(spec) = spec {
        if !spec.ends_with(')') {
            return Some(("has no closing `)`".into(), Cost::Entry));
        }
        let inner = &spec[1..spec.len() - 1];
        if inner.is_empty() {
            return Some(("has an empty specifier `()`".into(), Cost::Entry));
        }
        // Claude Code 2.1.330's own reasons ("Invalid permission rule ... was skipped")
        if tool.starts_with("mcp__") {
            return Some(("has a pattern in parentheses, which MCP rules do not take (write the tool alone, or `mcp__server__*`)".into(), Cost::Entry));
        }
        if inner.ends_with(":*") && tool != "Bash" && tool != "PowerShell" {
            return Some((
                "uses `:*`, which only Bash prefix rules take (use `*` or `**` globs)".into(),
                Cost::Entry,
            ));
        }
        if inner == ":*" {
            return Some(("has an empty prefix before `:*`".into(), Cost::Entry));
        }
    }
    if tool.starts_with("mcp__") {
        return None;
    }
    if tool.chars().next().is_some_and(|c| c.is_ascii_lowercase()) {
        let fixed: String = tool
            .char_indices()
            .map(|(i, c)| if i == 0 { c.to_ascii_uppercase() } else { c })
            .collect();
        return Some((
            format!("names a tool in lower case (write `{fixed}`)"),
            Cost::Entry,
        ));
    }
    if cat.tool(tool).is_none() {
        return Some((
            format!("names no tool of Claude Code (`{tool}`), so it matches nothing"),
            Cost::Ignored,
        ));
    }
    None
}
