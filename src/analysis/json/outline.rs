//! The outline and folding of a JSON configuration file: every key a symbol (its value's kind,
//! a scalar's text as detail), list items named by what identifies them (a hook matcher's
//! `matcher`, a hook's `type`, a plugin's `name`), every object and list that spans lines a fold.

use crate::analysis::outline::{Symbol, SymbolKind};
use crate::syntax::Span;
use crate::syntax::json::{self, JNode, JValue};

/// Deeper than this, values are left out of the outline (a hostile file nests thousands deep).
const MAX_DEPTH: usize = 32;

fn kind_of(v: &JValue) -> SymbolKind {
    match v {
        JValue::Object(_) => SymbolKind::JsonObject,
        JValue::Array(_) => SymbolKind::JsonArray,
        JValue::Str(_) => SymbolKind::JsonString,
        JValue::Number(..) => SymbolKind::JsonNumber,
        JValue::Bool(_) => SymbolKind::JsonBoolean,
        JValue::Null => SymbolKind::JsonNull,
    }
}

fn detail(v: &JValue) -> Option<String> {
    let s = match v {
        JValue::Str(s) => s.clone(),
        JValue::Number(n, _) => n.clone(),
        JValue::Bool(b) => b.to_string(),
        JValue::Null => "null".into(),
        JValue::Array(items) => format!("{} items", items.len()),
        JValue::Object(_) => return None,
    };
    Some(if s.chars().count() > 60 {
        format!("{}…", s.chars().take(59).collect::<String>())
    } else {
        s
    })
}

fn children(node: &JNode, depth: usize) -> Vec<Symbol> {
    if depth >= MAX_DEPTH {
        return Vec::new();
    }
    match &node.value {
        JValue::Object(props) => props
            .iter()
            .map(|p| Symbol {
                name: p.key.clone(),
                detail: detail(&p.value.value),
                kind: kind_of(&p.value.value),
                span: Span::new(p.key_span.start, p.value.span.end),
                selection: p.key_span,
                children: children(&p.value, depth + 1),
            })
            .collect(),
        JValue::Array(items) => items
            .iter()
            .enumerate()
            .map(|(i, item)| {
                let named = ["matcher", "name", "type"]
                    .iter()
                    .find_map(|k| item.get(k).and_then(|p| p.value.as_str()))
                    .map(str::to_string);
                Symbol {
                    name: match named {
                        Some(n) if !n.is_empty() => format!("[{i}] {n}"),
                        _ => format!("[{i}]"),
                    },
                    detail: detail(&item.value),
                    kind: kind_of(&item.value),
                    span: item.span,
                    selection: item.span,
                    children: children(item, depth + 1),
                }
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// The outline of `text`: the top-level keys, each with what it holds.
pub fn symbols(text: &str) -> Vec<Symbol> {
    json::parse(text)
        .root
        .map(|r| children(&r, 0))
        .unwrap_or_default()
}

/// The objects and lists of `text` (the editor keeps those that span lines).
pub fn folding(text: &str) -> Vec<Span> {
    fn walk(n: &JNode, depth: usize, out: &mut Vec<Span>) {
        if depth >= MAX_DEPTH {
            return;
        }
        match &n.value {
            JValue::Object(props) => {
                out.push(n.span);
                props.iter().for_each(|p| walk(&p.value, depth + 1, out));
            }
            JValue::Array(items) => {
                out.push(n.span);
                items.iter().for_each(|i| walk(i, depth + 1, out));
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    if let Some(r) = json::parse(text).root {
        walk(&r, 0, &mut out);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_items_and_folds() {
        let text = "{\n  \"hooks\": {\n    \"PreToolUse\": [\n      {\"matcher\": \"Bash\", \"hooks\": []}\n    ]\n  },\n  \"model\": \"opus\"\n}\n";
        let s = symbols(text);
        assert_eq!(
            s.iter().map(|s| s.name.as_str()).collect::<Vec<_>>(),
            ["hooks", "model"]
        );
        assert_eq!(s[1].detail.as_deref(), Some("opus"));
        assert_eq!(s[1].kind, SymbolKind::JsonString);
        let pre = &s[0].children[0];
        assert_eq!(pre.name, "PreToolUse");
        assert_eq!(pre.children[0].name, "[0] Bash");
        assert_eq!(&text[s[0].selection.start..s[0].selection.end], "\"hooks\"");
        assert_eq!(folding(text).len(), 5);
        let deep = format!("{}{}", "[".repeat(5000), "]".repeat(5000));
        assert!(symbols(&deep).len() <= 1);
    }
}
