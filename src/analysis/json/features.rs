//! Completion and hover in Claude Code's JSON configuration, from the schema the diagnostics use
//! (`catalog/claude-json.json`): keys of the object the cursor is in (settings, hook events,
//! matcher objects, each hook type's fields, MCP servers, a plugin's and a marketplace's fields,
//! language servers), values (enum members, booleans, hook types, tool names in a `matcher` and
//! in permission rules, model aliases), and the description of the key under the cursor.

use serde_json::Value;

use super::schema;
use crate::analysis::{Completion, HoverInfo, ItemKind};
use crate::catalog::{self, Kind};
use crate::syntax::Span;
use crate::syntax::json::{self, JNode, JValue};

/// One step from the root to the cursor.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Seg {
    Key(String),
    Index(usize),
}

/// What the schema says of a place: a spec, or one of the places the schema describes by rule.
#[derive(Clone, Copy)]
enum Place<'a> {
    Spec(&'a Value),
    /// `hooks`: event names to lists of matchers.
    Events,
    /// One matcher object: `matcher` and `hooks`.
    Matcher,
    /// One hook: its `type` decides its fields (`None`: not written yet).
    Hook(Option<&'a Value>),
    /// A settings file's top level.
    Settings,
    /// `.mcp.json`'s `mcpServers` and `.lsp.json`'s top level: names to servers.
    Servers(&'a Value),
    /// A tool name or a permission rule (`Bash(git *)`).
    Rule,
}

/// The place the schema gives `path` in a file of `kind` (`node` is the value there, to read a
/// hook's `type`).
fn place<'a>(kind: Kind, path: &[Seg], root: Option<&JNode>) -> Option<Place<'a>> {
    let s = schema();
    let mut at = match kind {
        Kind::Settings => Place::Settings,
        Kind::PluginHooks => Place::Spec(&PLUGIN_HOOKS),
        Kind::Mcp => Place::Spec(&MCP_ROOT),
        Kind::PluginManifest => Place::Spec(&s["plugin_json"]["schema"]),
        Kind::Marketplace => Place::Spec(&s["marketplace_json"]["schema"]),
        Kind::LspServers => Place::Servers(&s["lsp_json"]["server"]),
        _ => return None,
    };
    let mut node = root;
    for seg in path {
        node = node.and_then(|n| match (seg, &n.value) {
            (Seg::Key(k), JValue::Object(_)) => n.get(k).map(|p| &p.value),
            (Seg::Index(i), JValue::Array(items)) => items.get(*i),
            _ => None,
        });
        at = match (at, seg) {
            (Place::Settings, Seg::Key(k)) if k == "hooks" => Place::Events,
            (Place::Settings, Seg::Key(k)) => Place::Spec(s["settings"]["keys"].get(k)?),
            (Place::Spec(spec), Seg::Key(k)) if k == "hooks" && is_hooks(spec) => Place::Events,
            (Place::Spec(spec), Seg::Key(k)) if k == "mcpServers" && spec == &*MCP_ROOT => {
                Place::Servers(&MCP_SERVER)
            }
            (Place::Spec(spec), Seg::Key(k))
                if k == "plugins" && spec == &s["marketplace_json"]["schema"] =>
            {
                Place::Spec(&MARKETPLACE_PLUGINS)
            }
            (Place::Spec(spec), Seg::Key(k)) => match spec["type"].as_str() {
                Some("record") => Place::Spec(&spec["values"]),
                _ => Place::Spec(spec["properties"].get(k)?),
            },
            (Place::Spec(spec), Seg::Index(_)) if spec == &*MARKETPLACE_PLUGINS => {
                Place::Spec(&s["marketplace_json"]["plugin_entry"])
            }
            (Place::Spec(spec), Seg::Index(_)) if spec == &*MATCHERS => Place::Matcher,
            (Place::Spec(spec), Seg::Index(_)) => {
                let items = &spec["items"];
                if items["type"] == "string" && is_rule_list(path) {
                    Place::Rule
                } else {
                    Place::Spec(items)
                }
            }
            (Place::Events, Seg::Key(_)) => Place::Spec(&MATCHERS),
            (Place::Matcher, Seg::Key(k)) if k == "matcher" => Place::Rule,
            (Place::Matcher, Seg::Key(k)) if k == "hooks" => Place::Spec(&HOOK_LIST),
            (Place::Hook(_), Seg::Key(k)) if k == "type" => Place::Spec(&HOOK_TYPE),
            (Place::Hook(Some(spec)), Seg::Key(k)) => Place::Spec(spec["properties"].get(k)?),
            (Place::Servers(server), Seg::Key(_)) => Place::Spec(server),
            _ => return None,
        };
        // an item of a matcher's `hooks`: its type decides its fields
        if matches!(seg, Seg::Index(_))
            && let Place::Spec(spec) = at
            && spec == &*HOOK_ITEM
        {
            let ty = node
                .and_then(|n| n.get("type"))
                .and_then(|t| t.value.as_str())
                .and_then(|t| s["hooks"]["types"].get(t));
            at = Place::Hook(ty);
        }
    }
    Some(at)
}

fn is_hooks(spec: &Value) -> bool {
    spec == &*PLUGIN_HOOKS || spec == &schema()["plugin_json"]["schema"]
}

/// Whether the list at the end of `path` holds permission rules (`allow`, `deny`, `ask`).
fn is_rule_list(path: &[Seg]) -> bool {
    matches!(path, [.., Seg::Key(list), Seg::Index(_)] if ["allow", "deny", "ask"].contains(&list.as_str()))
}

// Places the schema data describes in words; spelled out here so that the walk can name them.
static PLUGIN_HOOKS: std::sync::LazyLock<Value> = std::sync::LazyLock::new(|| {
    serde_json::json!({"type": "object", "properties": {
        "description": {"type": "string", "description": "What the hooks of this plugin do."},
        "hooks": {"type": "object", "description": "Hook events, each a list of matchers: {\"PostToolUse\": [{\"matcher\": \"Write|Edit\", \"hooks\": [...]}]}."}
    }})
});
static MCP_ROOT: std::sync::LazyLock<Value> = std::sync::LazyLock::new(|| {
    serde_json::json!({"type": "object", "properties": {
        "mcpServers": {"type": "object", "description": "MCP servers by name; each a stdio server (`command`, `args`, `env`) or a remote one (`type`: http, sse or ws, with `url`)."}
    }})
});
static MCP_SERVER: std::sync::LazyLock<Value> = std::sync::LazyLock::new(|| {
    // the fields of every transport, each with its description
    let mut props = serde_json::Map::new();
    if let Some(servers) = schema()["mcp_json"]["servers"].as_object() {
        for spec in servers.values() {
            if let Some(p) = spec["properties"].as_object() {
                for (k, v) in p {
                    props.entry(k.clone()).or_insert_with(|| v.clone());
                }
            }
        }
    }
    serde_json::json!({"type": "object", "properties": props})
});
static MARKETPLACE_PLUGINS: std::sync::LazyLock<Value> = std::sync::LazyLock::new(
    || serde_json::json!({"type": "array", "description": "The plugins of this marketplace."}),
);
static MATCHERS: std::sync::LazyLock<Value> = std::sync::LazyLock::new(
    || serde_json::json!({"type": "array", "description": "Matchers: each selects tool uses (or sources) and lists the hooks to run."}),
);
static HOOK_LIST: std::sync::LazyLock<Value> = std::sync::LazyLock::new(
    || serde_json::json!({"type": "array", "items": {"type": "hook"}, "description": "The hooks to run."}),
);
static HOOK_ITEM: std::sync::LazyLock<Value> =
    std::sync::LazyLock::new(|| serde_json::json!({"type": "hook"}));
static HOOK_TYPE: std::sync::LazyLock<Value> = std::sync::LazyLock::new(|| {
    let types: Vec<String> = schema()["hooks"]["types"]
        .as_object()
        .map(|m| m.keys().cloned().collect())
        .unwrap_or_default();
    serde_json::json!({"enum": types, "description": "Hook kind: command, prompt, agent, http or mcp_tool."})
});

/// The keys (name, documentation) the schema offers at `place`.
fn keys_at(place: Place<'_>) -> Vec<(String, String)> {
    let s = schema();
    let cat = catalog::get();
    let doc = |v: &Value| v["description"].as_str().unwrap_or("").to_string();
    match place {
        Place::Settings => s["settings"]["keys"]
            .as_object()
            .map(|m| {
                m.iter()
                    .filter(|(_, v)| v["alias_of"].is_null())
                    .map(|(k, v)| (k.clone(), doc(v)))
                    .collect()
            })
            .unwrap_or_default(),
        Place::Events => cat
            .hook_events
            .iter()
            .map(|e| {
                let guard = if cat.guard_hook_events.contains(e) {
                    " A guard event: a hook here that cannot be loaded drops the whole file."
                } else {
                    ""
                };
                (e.clone(), format!("Hook event `{e}`.{guard}"))
            })
            .collect(),
        Place::Matcher => s["hooks"]["matcher"]["properties"]
            .as_object()
            .map(|m| m.iter().map(|(k, v)| (k.clone(), doc(v))).collect())
            .unwrap_or_default(),
        Place::Hook(Some(spec)) => spec["properties"]
            .as_object()
            .map(|m| m.iter().map(|(k, v)| (k.clone(), doc(v))).collect())
            .unwrap_or_default(),
        Place::Hook(None) => vec![(
            "type".into(),
            "Hook kind: command, prompt, agent, http or mcp_tool.".into(),
        )],
        Place::Spec(spec) => spec["properties"]
            .as_object()
            .map(|m| m.iter().map(|(k, v)| (k.clone(), doc(v))).collect())
            .unwrap_or_default(),
        Place::Servers(_) | Place::Rule => Vec::new(),
    }
}

/// The values (text to insert, documentation) the schema offers at `place`.
fn values_at(place: Place<'_>, key: Option<&str>) -> Vec<(String, String)> {
    let cat = catalog::get();
    match place {
        Place::Rule => cat
            .tools
            .iter()
            .filter(|t| t.status == catalog::ToolStatus::Current)
            .map(|t| (t.name.clone(), t.doc.clone()))
            .collect(),
        Place::Spec(spec) => {
            if let Some(values) = spec["enum"].as_array() {
                return values
                    .iter()
                    .filter_map(|v| v.as_str())
                    .map(|v| (v.to_string(), String::new()))
                    .collect();
            }
            if let Some(c) = spec["const"].as_str() {
                return vec![(c.to_string(), String::new())];
            }
            if key == Some("model") {
                return cat
                    .models
                    .iter()
                    .map(|m| (m.name.clone(), m.doc.clone()))
                    .collect();
            }
            match spec["type"].as_str() {
                Some("boolean") => vec![
                    ("true".into(), String::new()),
                    ("false".into(), String::new()),
                ],
                _ => Vec::new(),
            }
        }
        _ => Vec::new(),
    }
}

/// Where the cursor is: the path to the innermost object or array holding it, and whether it
/// sits on a key (its span and text), on a value (the key it belongs to, its span), or between
/// entries.
enum At {
    Key {
        path: Vec<Seg>,
        span: Span,
    },
    Value {
        path: Vec<Seg>,
        key: Option<String>,
        node_span: Span,
        string: bool,
    },
    Between {
        path: Vec<Seg>,
    },
}

fn locate(root: &JNode, offset: usize) -> Option<At> {
    let mut path = Vec::new();
    let mut node = root;
    if !(node.span.start <= offset && offset <= node.span.end) {
        return None;
    }
    loop {
        match &node.value {
            JValue::Object(props) => {
                if let Some(p) = props
                    .iter()
                    .find(|p| p.key_span.start <= offset && offset <= p.key_span.end)
                {
                    return Some(At::Key {
                        path,
                        span: p.key_span,
                    });
                }
                match props
                    .iter()
                    .find(|p| p.value.span.start <= offset && offset <= p.value.span.end)
                {
                    Some(p) => {
                        path.push(Seg::Key(p.key.clone()));
                        if matches!(p.value.value, JValue::Object(_) | JValue::Array(_))
                            && offset > p.value.span.start
                            && offset < p.value.span.end
                        {
                            node = &p.value;
                            continue;
                        }
                        let key = Some(p.key.clone());
                        path.pop();
                        return Some(At::Value {
                            path: {
                                let mut q = path;
                                q.push(Seg::Key(p.key.clone()));
                                q
                            },
                            key,
                            node_span: p.value.span,
                            string: matches!(p.value.value, JValue::Str(_)),
                        });
                    }
                    None => return Some(At::Between { path }),
                }
            }
            JValue::Array(items) => {
                let found = items
                    .iter()
                    .position(|i| i.span.start <= offset && offset <= i.span.end);
                path.push(Seg::Index(found.unwrap_or(items.len())));
                match found.map(|n| &items[n]) {
                    Some(i)
                        if matches!(i.value, JValue::Object(_) | JValue::Array(_))
                            && offset > i.span.start
                            && offset < i.span.end =>
                    {
                        node = i;
                        continue;
                    }
                    Some(i) => {
                        return Some(At::Value {
                            path,
                            key: None,
                            node_span: i.span,
                            string: matches!(i.value, JValue::Str(_)),
                        });
                    }
                    None => {
                        return Some(At::Value {
                            path,
                            key: None,
                            node_span: Span::new(offset, offset),
                            string: false,
                        });
                    }
                }
            }
            _ => return None,
        }
    }
}

/// The node at `path` from `root` (object keys only; indices stop the walk).
fn node_at<'a>(root: &'a JNode, path: &[Seg]) -> Option<&'a JNode> {
    let mut n = root;
    for seg in path {
        n = match (seg, &n.value) {
            (Seg::Key(k), _) => &n.get(k)?.value,
            (Seg::Index(i), JValue::Array(items)) => items.get(*i)?,
            _ => return None,
        };
    }
    Some(n)
}

/// Completion at byte `offset` of `text`, a JSON configuration file of `kind`.
pub fn complete(kind: Kind, text: &str, offset: usize) -> Vec<Completion> {
    if offset > text.len() || !text.is_char_boundary(offset) {
        return Vec::new();
    }
    let parsed = json::parse(text);
    let Some(root) = parsed.root.as_ref() else {
        return Vec::new();
    };
    let item = |label: &str, doc: &str, insert: String, replace: Span, kind: ItemKind| Completion {
        label: label.to_string(),
        kind,
        detail: String::new(),
        documentation: doc.to_string(),
        insert,
        snippet: false,
        replace,
        sort: label.to_string(),
        deprecated: false,
    };
    match locate(root, offset) {
        Some(At::Key { path, span }) => {
            let Some(place) = place(kind, &path, Some(root)) else {
                return Vec::new();
            };
            let present = existing_keys(root, &path);
            keys_at(place)
                .into_iter()
                .filter(|(k, _)| {
                    !present.contains(k)
                        || text.get(span.start..span.end) == Some(&format!("\"{k}\""))
                })
                .map(|(k, d)| item(&k, &d, format!("\"{k}\""), span, ItemKind::Key))
                .collect()
        }
        Some(At::Between { path }) => {
            let Some(place) = place(kind, &path, Some(root)) else {
                return Vec::new();
            };
            // a key being typed without its quotes yet: `"per` or `per`
            let start = word_start(text, offset);
            let present = existing_keys(root, &path);
            keys_at(place)
                .into_iter()
                .filter(|(k, _)| !present.contains(k))
                .map(|(k, d)| {
                    item(
                        &k,
                        &d,
                        format!("\"{k}\": "),
                        Span::new(start, offset),
                        ItemKind::Key,
                    )
                })
                .collect()
        }
        Some(At::Value {
            path,
            key,
            node_span,
            string,
        }) => {
            let Some(place) = place(kind, &path, Some(root)) else {
                return Vec::new();
            };
            let replace = if string || node_span.is_empty() {
                node_span
            } else {
                Span::new(word_start(text, offset), offset)
            };
            values_at(place, key.as_deref())
                .into_iter()
                .map(|(v, d)| {
                    let quoted = v != "true" && v != "false";
                    let insert = if quoted {
                        format!("\"{v}\"")
                    } else {
                        v.clone()
                    };
                    let kind = if matches!(place, Place::Rule) {
                        ItemKind::Tool
                    } else if key.as_deref() == Some("model") {
                        ItemKind::Model
                    } else {
                        ItemKind::Value
                    };
                    item(&v, &d, insert, replace, kind)
                })
                .collect()
        }
        None => Vec::new(),
    }
}

fn existing_keys(root: &JNode, path: &[Seg]) -> Vec<String> {
    match node_at(root, path).map(|n| &n.value) {
        Some(JValue::Object(props)) => props.iter().map(|p| p.key.clone()).collect(),
        _ => Vec::new(),
    }
}

/// Where the word (or the quoted word) that ends at `offset` starts.
fn word_start(text: &str, offset: usize) -> usize {
    let b = text.as_bytes();
    let mut i = offset;
    while i > 0 && (b[i - 1].is_ascii_alphanumeric() || matches!(b[i - 1], b'_' | b'-' | b'$')) {
        i -= 1;
    }
    if i > 0 && b[i - 1] == b'"' {
        i -= 1;
    }
    i
}

/// Hover at byte `offset`: the description of the key under the cursor.
pub fn hover(kind: Kind, text: &str, offset: usize) -> Option<HoverInfo> {
    let parsed = json::parse(text);
    let root = parsed.root.as_ref()?;
    let At::Key { path, span } = locate(root, offset)? else {
        return None;
    };
    let key = text
        .get(span.start..span.end)?
        .trim_matches('"')
        .to_string();
    let place = place(kind, &path, Some(root))?;
    let doc = keys_at(place)
        .into_iter()
        .find(|(k, _)| *k == key)
        .map(|(_, d)| d)?;
    let version = &catalog::get().verified_with;
    Some(HoverInfo {
        markdown: format!("**`{key}`**\n\n{doc}\n\n*Claude Code {version}*"),
        span,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Completion and hover at every offset of whole, broken and odd files of every JSON kind
    /// answer without a panic, and never offer a key that is already written there.
    #[test]
    fn every_offset_of_odd_files_answers() {
        let texts = [
            "{\n  \"permissions\": { \"allow\": [\"Ba\", 3, null], \"defaultMode\": \"\" },\n  \"hooks\": { \"PreToolUse\": [ { \"matcher\": \"\", \"hooks\": [ { \"type\": \"command\" }, 7 ] } ] }\n}\n",
            "{ \"hooks\": { \"Stop\": [ { \"hooks\": [ { \"type\": 1 } ] } ], \"X\": {} }, ",
            "[1, {\"a\": [[], {}]}]",
            "{\"é\": \"ü\", // comment\n \"model\": \"son\", }",
            "",
            "\"just a string\"",
            "{ \"mcpServers\": { \"a\": { \"command\": \"x\", \"env\": { \"K\": 1 } } } }",
        ];
        let kinds: Vec<Kind> = Kind::all()
            .iter()
            .copied()
            .filter(|k| k.spec().json)
            .collect();
        assert!(kinds.len() >= 6, "{kinds:?}");
        for text in texts {
            for &kind in &kinds {
                for offset in 0..=text.len() + 2 {
                    let items = complete(kind, text, offset);
                    for i in &items {
                        assert!(i.replace.end <= text.len(), "{kind} {offset} {text:?}");
                    }
                    let _ = hover(kind, text, offset);
                }
            }
        }
        // a key already written is not offered again beside it
        let text = "{ \"model\": \"x\",  }";
        let at = text.find(",  ").unwrap() + 2;
        let labels: Vec<String> = complete(Kind::Settings, text, at)
            .into_iter()
            .map(|c| c.label)
            .collect();
        assert!(!labels.contains(&"model".to_string()), "{labels:?}");
        assert!(labels.contains(&"env".to_string()), "{labels:?}");
    }
}
