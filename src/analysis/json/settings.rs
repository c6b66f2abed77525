//! The settings files (`settings.json`, `settings.local.json`, managed settings): every key
//! against the schema, `hooks` and `permissions` in depth.

use serde_json::Value;

use super::{Checker, Cost, schema, suggestion};
use crate::catalog::{self, Code, did_you_mean};
use crate::syntax::Span;
use crate::syntax::json::{JNode, JProp, JValue};

use crate::analysis::Diagnostic;

impl Checker<'_> {
    pub(super) fn settings(&mut self, root: &JNode) {
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
                let guess = did_you_mean(&p.key, names.iter().copied());
                let hint = suggestion(&p.key, names.iter().copied());
                let mut d = Diagnostic::new(
                    Code::UnknownSetting,
                    p.key_span,
                    format!(
                        "`{}` is no setting of Claude Code {}: it ignores the key without a word{hint}",
                        p.key, self.version
                    ),
                );
                if let Some(g) = guess {
                    d = d.with_fix(super::quoted_guess(p.key_span, g));
                }
                self.out.push(d);
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
                "enabledPlugins" => {
                    let cost = Cost::of(spec["on_invalid"].as_str());
                    self.value(&p.key, &p.value, spec, cost);
                    self.enabled_plugins(&p.value, props);
                }
                "statusLine" => {
                    let cost = Cost::of(spec["on_invalid"].as_str());
                    self.value(&p.key, &p.value, spec, cost);
                    if let Some(c) = p.value.get("command") {
                        self.script(&c.value, "the status line");
                    }
                }
                _ => {
                    let cost = Cost::of(spec["on_invalid"].as_str());
                    self.value(&p.key, &p.value, spec, cost);
                }
            }
        }
    }

    /// `enabledPlugins`: each `plugin@marketplace` turned on needs a marketplace Claude Code
    /// knows (json-oracle `settings/enabledPlugins-unknown-marketplace`, 2.1.332: "Skipping
    /// orphaned enabledPlugins entry ...: marketplace not registered", in the debug log only).
    fn enabled_plugins(&mut self, node: &JNode, props: &[JProp]) {
        let (JValue::Object(entries), Some(known)) = (
            &node.value,
            self.env.project.and_then(|p| p.marketplaces.as_ref()),
        ) else {
            return;
        };
        let cat = catalog::get();
        let here: Vec<&str> = props
            .iter()
            .filter(|p| {
                matches!(
                    p.key.as_str(),
                    "extraKnownMarketplaces" | "additionalMarketplaces"
                )
            })
            .filter_map(|p| match &p.value.value {
                JValue::Object(m) => Some(m.iter().map(|q| q.key.as_str())),
                _ => None,
            })
            .flatten()
            .collect();
        for e in entries {
            let Some((plugin, market)) = e.key.rsplit_once('@') else {
                continue;
            };
            if matches!(e.value.value, JValue::Bool(false))
                || here.contains(&market)
                || known.contains(market)
                || cat
                    .marketplace_reserved_names
                    .iter()
                    .any(|r| r.eq_ignore_ascii_case(market))
            {
                continue;
            }
            let source = self
                .text
                .get(e.key_span.start..e.key_span.end)
                .unwrap_or("");
            let span = match source.rfind('@') {
                Some(at) if !source.contains('\\') => {
                    Span::new(e.key_span.start + at + 1, e.key_span.end - 1)
                }
                _ => e.key_span,
            };
            let mut all: Vec<&str> = here.clone();
            all.extend(known.iter().map(String::as_str));
            let hint = suggestion(market, all.iter().copied());
            self.out.push(Diagnostic::new(
                Code::UnknownMarketplace,
                span,
                format!(
                    "no marketplace `{market}` is known here (no `extraKnownMarketplaces` entry in the settings, not added with `claude plugin marketplace add`): Claude Code {} skips `{plugin}` and says so only in its debug log (`marketplace not registered`){hint}",
                    self.version
                ),
            ));
        }
    }

    /// A key named after a guard event (`PreToolUse`, ...) at or below `p`, outside `hooks`.
    pub(super) fn guards_outside_hooks(&mut self, p: &JProp) {
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

    /// `hooks`: events, matchers and hooks (Claude Code 2.1.330: anything unloadable under a guard
    /// event drops the whole file; elsewhere that hook or matcher is skipped).
    pub(super) fn hooks(&mut self, p: &JProp) {
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
                if let Some(g) = did_you_mean(&e.key, cat.hook_events.iter().map(String::as_str)) {
                    self.fix_last(super::quoted_guess(e.key_span, g));
                }
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
                if let Some(matcher) = m.get("matcher") {
                    if matches!(matcher.value.value, JValue::Str(_)) {
                        self.matcher(&e.key, &matcher.value);
                    } else {
                        self.report(
                            cost,
                            matcher.value.span,
                            format!("`matcher` must be a string{guard_note}"),
                        );
                    }
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
                    self.hook(&e.key, h, types, &type_names, cost, &guard_note);
                }
            }
        }
    }

    fn hook(
        &mut self,
        event: &str,
        h: &JNode,
        types: &Value,
        type_names: &[&str],
        cost: Cost,
        note: &str,
    ) {
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
            if t.value.as_str().is_some()
                && let Some(g) = did_you_mean(written, type_names.iter().copied())
            {
                self.fix_last(super::quoted_guess(t.value.span, g));
            }
            return;
        };
        let spec = &types[name];
        // a type that loads on any event but is refused (or skipped) on this one when it runs
        let by_event = &schema()["hooks"]["types_by_event"][name];
        if let Some(why) = ["refused", "skipped"]
            .iter()
            .find_map(|k| by_event[k][event].as_str())
        {
            self.out.push(Diagnostic::new(
                Code::HookTypeNotRun,
                t.value.span,
                format!(
                    "a `{name}` hook on `{event}` never does its work: Claude Code {} loads it but does not run it on this event: {why}; use a `command` hook here",
                    self.version
                ),
            ));
        }
        if name == "command"
            && let Some(c) = h.get("command")
        {
            self.script(&c.value, "the hook");
        }
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
                    // a lower-case tool Claude Code itself names the fix for ("Use \"Bash\"")
                    let tool = rule.split('(').next().unwrap_or(rule);
                    let upper = tool
                        .char_indices()
                        .map(|(i, c)| if i == 0 { c.to_ascii_uppercase() } else { c })
                        .collect::<String>();
                    if tool.starts_with(|c: char| c.is_ascii_lowercase())
                        && rule == rule.trim()
                        && self
                            .text
                            .get(r.span.start..r.span.end)
                            .is_some_and(|raw| !raw.contains('\\'))
                        && cat.tool(&upper).is_some()
                    {
                        let at = r.span.start + 1;
                        self.fix_last(
                            crate::analysis::Fix::replace(
                                format!("Write `{upper}`"),
                                Span::new(at, at + tool.len()),
                                upper,
                            )
                            .safe(),
                        );
                    }
                } else if rule.starts_with("mcp__") && !rule.contains('\\') {
                    let at = r.span.start + 1 + "mcp__".len();
                    let what = if q.key == "allow" {
                        "this rule allows nothing"
                    } else {
                        "this rule has nothing to act on"
                    };
                    self.mcp_server_of(rule, Span::new(at, at), what);
                }
            }
        }
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
