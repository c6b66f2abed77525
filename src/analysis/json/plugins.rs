//! `.mcp.json` and a plugin's files: its manifest, its hooks file, its `.lsp.json`, and a
//! marketplace's manifest.

use std::path::Path;

use serde_json::Value;

use super::{Checker, Cost, schema};
use crate::analysis::Diagnostic;
use crate::catalog::{self, Code};
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
        self.mcp_server_entries(list, Cost::Entry);
    }

    /// The servers of `.mcp.json` (an invalid one is never started, alone: `cost` Entry) or of a
    /// plugin manifest's inline `mcpServers` (one invalid server rejects the whole plugin:
    /// json-oracle `plugin/inline-mcp-*`, 2.1.332).
    fn mcp_server_entries(&mut self, list: &[crate::syntax::json::JProp], cost: Cost) {
        for s in list {
            let never = |what: String| {
                if cost == Cost::Entry {
                    format!(
                        "{what}: the server `{}` is never started (Claude Code logs nothing)",
                        s.key
                    )
                } else {
                    format!("{what} (server `{}`)", s.key)
                }
            };
            let Some(obj) = Some(&s.value).filter(|v| matches!(v.value, JValue::Object(_))) else {
                self.report(
                    cost,
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
                    cost,
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
                        cost,
                        c.value.span,
                        never(format!("`{field}` must be a non-empty string")),
                    );
                    continue;
                }
                None => {
                    self.report(cost, s.key_span, never(format!("no `{field}`")));
                    continue;
                }
            }
            if let Some(a) = obj.get("args")
                && !matches!(&a.value.value, JValue::Array(items) if items.iter().all(|i| i.as_str().is_some()))
            {
                self.report(
                    cost,
                    a.value.span,
                    never("`args` must be a list of strings".into()),
                );
            }
            if let Some(e) = obj.get("env")
                && !matches!(&e.value.value, JValue::Object(vars) if vars.iter().all(|v| v.value.as_str().is_some()))
            {
                self.report(
                    cost,
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
        self.manifest_paths(root);
        // parts written inline: one invalid server rejects the plugin; hooks as in settings (an
        // unloadable hook under a guard event rejects it, elsewhere it is skipped alone)
        if let Some(JValue::Object(list)) = root.get("mcpServers").map(|p| &p.value.value) {
            self.mcp_server_entries(list, Cost::File);
        }
        if let Some(JValue::Object(list)) = root.get("lspServers").map(|p| &p.value.value) {
            self.lsp_server_entries(list, Cost::File);
        }
        if let Some(p) = root
            .get("hooks")
            .filter(|p| matches!(p.value.value, JValue::Object(_)))
        {
            self.hooks(p);
        }
    }

    /// The paths a plugin manifest names: their form against the schema (one Claude Code's
    /// manifest validation refuses rejects the whole plugin: json-oracle `plugin/agents-not-md`,
    /// `agents-path-no-dot-slash`, and the corpus' `pptx-deck-creation`), then each asked of the
    /// disk (`plugin/*-path-missing`, Claude Code 2.1.332: the plugin loads without that part).
    fn manifest_paths(&mut self, root: &JNode) {
        let props = &schema()["plugin_json"]["schema"]["properties"];
        let plugin = self
            .env
            .path
            .and_then(Path::parent)
            .filter(|d| d.file_name().is_some_and(|n| n == ".claude-plugin"))
            .and_then(Path::parent);
        let exists = self.env.exists;
        for (key, lost) in [
            (
                "commands",
                "without these commands, and without its own `commands/` folder, which a `commands` path replaces",
            ),
            ("agents", "without its agents"),
            (
                "skills",
                "without these skills (`Skill path ... not found`)",
            ),
            ("hooks", "without these hooks (`Hooks file ... not found`)"),
            ("mcpServers", "without these MCP servers, and logs nothing"),
            ("lspServers", "without these language servers"),
            ("outputStyles", "without these output styles"),
        ] {
            let Some(p) = root.get(key) else {
                continue;
            };
            let spec = &props[key];
            let items: Vec<(&JNode, &Value)> = match &p.value.value {
                JValue::Str(_) => vec![(&p.value, spec)],
                JValue::Array(items) => {
                    let item_spec = spec["anyOf"]
                        .as_array()
                        .and_then(|alts| alts.iter().find(|a| a["type"] == "array"))
                        .map(|a| &a["items"])
                        .unwrap_or(&Value::Null);
                    items.iter().map(|i| (i, item_spec)).collect()
                }
                _ => continue,
            };
            for (item, spec) in items {
                let Some(path) = item.as_str() else {
                    continue;
                };
                if let Some(want) = path_form_problem(spec, path) {
                    self.report(
                        Cost::File,
                        item.span,
                        format!("`{path}` in `{key}` must {want}"),
                    );
                    continue;
                }
                let (Some(exists), Some(plugin), Some(rel)) =
                    (exists, plugin, path.strip_prefix("./"))
                else {
                    continue;
                };
                let target = plugin.join(rel);
                if !exists(&target) {
                    self.out.push(Diagnostic::new(
                        Code::PluginPathMissing,
                        item.span,
                        format!(
                            "`{path}` points at nothing (`{}`): Claude Code {} loads the plugin {lost}",
                            target.display(),
                            self.version
                        ),
                    ));
                }
            }
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
                    JValue::Str(p) => self.marketplace_source(p, src, root),
                    JValue::Object(_) => {}
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

    /// A marketplace entry's path `source`, resolved from the marketplace's folder (under
    /// `metadata.pluginRoot` for a bare name): installing it fails when nothing is there
    /// (json-oracle `marketplace/entry-source-absent-*`, 2.1.332: "Source path does not exist").
    fn marketplace_source(&mut self, source: &str, node: &JNode, root: &JNode) {
        let (Some(exists), Some(market)) = (
            self.env.exists,
            self.env
                .path
                .and_then(Path::parent)
                .filter(|d| d.file_name().is_some_and(|n| n == ".claude-plugin"))
                .and_then(Path::parent),
        ) else {
            return;
        };
        let target = match source.strip_prefix("./") {
            Some(rel) => market.join(rel),
            None => match root
                .get("metadata")
                .and_then(|m| m.value.get("pluginRoot"))
                .and_then(|r| r.value.as_str())
            {
                Some(base) => market.join(base.trim_start_matches("./")).join(source),
                None => return,
            },
        };
        if !exists(&target) {
            self.out.push(Diagnostic::new(
                Code::PluginPathMissing,
                node.span,
                format!(
                    "`{source}` points at nothing (`{}`): Claude Code {} adds the marketplace, and installing this plugin fails (`Source path does not exist`)",
                    target.display(),
                    self.version
                ),
            ));
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
        self.lsp_server_entries(servers, Cost::Entry);
    }

    /// The language servers of `.lsp.json` (each skipped alone: `cost` Entry) or of a plugin
    /// manifest's inline `lspServers` (one invalid rejects the whole plugin: json-oracle
    /// `plugin/inline-lsp-command-spaces`, 2.1.332).
    fn lsp_server_entries(&mut self, servers: &[crate::syntax::json::JProp], cost: Cost) {
        let spec = &schema()["lsp_json"]["server"];
        for s in servers {
            let before = self.out.len();
            self.value(&s.key, &s.value, spec, cost);
            if self.out.len() > before {
                continue;
            }
            if let Some(c) = s.value.get("command")
                && let Some(text) = c.value.as_str()
                && text.contains(' ')
            {
                self.report(
                    cost,
                    c.value.span,
                    "`command` should not contain spaces: put the arguments in `args`".into(),
                );
            }
            if let Some(map) = s.value.get("extensionToLanguage")
                && let JValue::Object(exts) = &map.value.value
            {
                if exts.is_empty() {
                    self.report(
                        cost,
                        map.value.span,
                        "`extensionToLanguage` needs at least one mapping".into(),
                    );
                }
                for e in exts
                    .iter()
                    .filter(|e| !e.key.starts_with('.') || e.key.len() < 2)
                {
                    self.report(
                        cost,
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

/// What a path string fails of the string forms `spec` allows (`starts_with`, `ends_with`,
/// `const`), as words; `None` when one form fits or the schema says nothing of strings.
fn path_form_problem(spec: &Value, path: &str) -> Option<String> {
    fn forms<'a>(spec: &'a Value, out: &mut Vec<&'a Value>) {
        match spec["anyOf"].as_array() {
            Some(alts) => alts.iter().for_each(|a| forms(a, out)),
            None if spec["type"] == "string" || spec.get("const").is_some() => out.push(spec),
            None => {}
        }
    }
    let mut all = Vec::new();
    forms(spec, &mut all);
    if all.is_empty() {
        return None;
    }
    let fits = |f: &&Value| match f["const"].as_str() {
        Some(c) => c == path,
        None => {
            f["starts_with"]
                .as_str()
                .is_none_or(|p| path.starts_with(p))
                && f["ends_with"].as_str().is_none_or(|e| path.ends_with(e))
        }
    };
    if all.iter().any(fits) {
        return None;
    }
    // the least the forms ask
    let f = all.iter().find(|f| f["const"].is_null()).unwrap_or(&all[0]);
    let mut want = Vec::new();
    if let Some(p) = f["starts_with"].as_str().filter(|p| !path.starts_with(p)) {
        want.push(format!("start with `{p}`"));
    }
    if let Some(e) = f["ends_with"].as_str().filter(|e| !path.ends_with(e)) {
        want.push(format!("end with `{e}` (a file, not a folder)"));
    }
    (!want.is_empty()).then(|| want.join(" and "))
}
