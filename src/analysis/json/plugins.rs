//! `.mcp.json` and a plugin's files: its manifest, its hooks file, its `.lsp.json`, and a
//! marketplace's manifest.

use super::{Checker, Cost, schema};
use crate::catalog;
use crate::syntax::Span;
use crate::syntax::json::{JNode, JValue};

impl Checker<'_> {
    pub(super) fn mcp(&mut self, root: &JNode) {
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

    pub(super) fn plugin(&mut self, root: &JNode) {
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

    /// A plugin's `hooks/hooks.json`: `{"hooks": {EVENT: [...]}}` (memory-oracle's JSON cases
    /// `plugin/hooks-json-*`: without the wrapper every hook of the file is dropped; an unloadable
    /// hook under a guard event rejects the plugin; others are skipped alone).
    pub(super) fn plugin_hooks(&mut self, root: &JNode) {
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
    pub(super) fn marketplace(&mut self, root: &JNode) {
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
    pub(super) fn lsp_servers(&mut self, root: &JNode) {
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
