//! The keys of the frontmatter and their values: `name` and `description` as Claude Code
//! requires them, every other known key by its kind in the catalog, and unknown keys with Claude
//! Code's own did-you-mean. Values are judged as Claude Code reads them (the loaded YAML), and
//! reported on the characters the scanner found for them.

use crate::catalog::Code;
use std::collections::HashMap;

use crate::catalog::{self, KeyKind, KindSpec, NameRole, Presence};
use crate::syntax::frontmatter::{Entry, Frontmatter, ValueKind, is_turn_label};
use crate::syntax::load::Node;
use crate::syntax::{Header, Span};

use super::{Context, Diagnostic, Fix, did_you_mean_diagnostic, examples, hooks, project, tools};

pub(super) fn check(header: &Header, fm: &Frontmatter, cx: Context<'_>, out: &mut Vec<Diagnostic>) {
    let spec = cx.kind.spec();
    let empty = Node::Map(Vec::new());
    let root = header.load.as_ref().map(|l| &l.root).unwrap_or(&empty);
    let nl = if fm.crlf { "\r\n" } else { "\n" };
    // `name` and `description` that Claude Code requires (agents); for the other kinds they
    // are keys like any other
    let name_required = spec.name == NameRole::Required;
    let description_required = spec.description == Presence::Required;
    if name_required {
        name(fm, root, cx, nl, out);
    }
    if description_required {
        description(header, fm, root, cx, nl, out);
    }
    let values: HashMap<&str, &Node> = match root {
        Node::Map(m) => m.iter().map(|(k, v)| (k.as_str(), v)).collect(),
        _ => HashMap::new(),
    };
    // of a repeated key only the last counts: Claude Code keeps that value
    let last: HashMap<&str, usize> = fm
        .entries
        .iter()
        .enumerate()
        .map(|(i, e)| (e.key.as_str(), i))
        .collect();
    for (i, e) in fm.entries.iter().enumerate() {
        if last.get(e.key.as_str()) != Some(&i)
            || (name_required && e.key == "name")
            || (description_required && e.key == "description")
        {
            continue;
        }
        entry(
            &header.text,
            e,
            values.get(e.key.as_str()).copied(),
            cx,
            out,
        );
    }
}

fn name(fm: &Frontmatter, root: &Node, cx: Context<'_>, nl: &str, out: &mut Vec<Diagnostic>) {
    let cat = catalog::get();
    let noun = &cx.kind.spec().noun;
    let a_noun = with_article(noun);
    let e = fm.entry("name");
    let value = root.get("name");
    let span = e.map(|e| e.value.span).unwrap_or(fm.open);
    match value {
        None => out.push(missing(
            fm,
            "name",
            &format!("missing `name`: Claude Code skips {a_noun} without it (\"Missing required name field\"); add `name: ...` to the frontmatter"),
            cx,
            nl,
        )),
        Some(v) if !v.truthy() => {
            out.push(Diagnostic::new(
                Code::MissingName,
                e.map(|e| e.key_span).unwrap_or(fm.open),
                format!("`name` is empty: Claude Code silently skips {a_noun} without a name"),
            ));
        }
        Some(Node::Str(name)) => {
            let units = name.encode_utf16().count();
            let problem = if name.starts_with('-') {
                Some("names must not start with \"-\"".to_string())
            } else if units > cat.max_name_chars {
                Some(format!(
                    "names must be at most {} characters (this one has {units})",
                    cat.max_name_chars
                ))
            } else if cat.name_colons.iter().any(|colon| name.contains(colon.as_str())) {
                Some("names must not contain \":\" (reserved for plugin namespacing; a fullwidth colon counts too)".to_string())
            } else {
                None
            };
            if let Some(problem) = problem {
                let better = suggest_name(name);
                out.push(
                    Diagnostic::new(
                        Code::InvalidName,
                        span,
                        format!(
                            "Claude Code {} drops this {noun}: `Invalid \"name\": {problem}`; use e.g. `{better}`",
                            cat.verified_with
                        ),
                    )
                    .with_fix(Fix::replace(format!("Rename to `{better}`"), span, better.clone())),
                );
                return;
            }
            if !valid_name(name) {
                let better = suggest_name(name);
                out.push(
                    Diagnostic::new(
                        Code::NameStyle,
                        span,
                        format!(
                            "`{name}` loads as written, but {noun} names are by convention lowercase letters, digits and hyphens (e.g. `{better}`)"
                        ),
                    )
                    .with_fix(Fix::replace(format!("Rename to `{better}`"), span, better.clone())),
                );
            }
            project::duplicates(name, span, cx, out);
            name_mismatch(name, span, cx, out);
        }
        Some(v) => out.push(Diagnostic::new(
            Code::MissingName,
            span,
            format!(
                "`name` is {}, not a string: Claude Code skips the {noun} (`Missing required \"name\" field`); quote it",
                v.describe()
            ),
        ).with_fix(quote_fix(fm, "name"))),
    }
}

fn name_mismatch(name: &str, span: Span, cx: Context<'_>, out: &mut Vec<Diagnostic>) {
    let Some(stem) = cx.file_stem else {
        return;
    };
    if stem == name || name.is_empty() {
        return;
    }
    let mut d = Diagnostic::new(
        Code::NameMismatch,
        span,
        format!(
            "`name` is `{name}` but the file is `{stem}.md`: Claude Code uses `name`, and a matching file name makes the {} easy to find",
            cx.kind.spec().noun
        ),
    );
    if valid_name(stem) {
        d = d.with_fix(Fix::replace(
            format!("Change `name` to `{stem}`"),
            span,
            stem,
        ));
    }
    if valid_name(name) {
        d = d.with_fix(Fix {
            title: format!("Rename the file to `{name}.md`"),
            edits: Vec::new(),
            rename_file: Some(format!("{name}.md")),
            safe: false,
            preferred: false,
        });
    }
    out.push(d);
}

fn description(
    header: &Header,
    fm: &Frontmatter,
    root: &Node,
    cx: Context<'_>,
    nl: &str,
    out: &mut Vec<Diagnostic>,
) {
    let noun = &cx.kind.spec().noun;
    let a_noun = with_article(noun);
    let e = fm.entry("description");
    match root.get("description") {
        None => out.push(missing(
            fm,
            "description",
            &format!("missing `description`: Claude Code drops {a_noun} without it (`Missing required \"description\" field`); add `description: ...` to the frontmatter"),
            cx,
            nl,
        )),
        Some(Node::Str(s)) if !s.is_empty() => {
            // the `<example>` blocks of the kinds whose profile asks for them (agents)
            if let Some(e) = e.filter(|_| cx.kind.spec().examples) {
                examples::check(header, e, out);
            }
        }
        Some(v) => {
            let what = match v {
                Node::Str(_) | Node::Null => "empty".to_string(),
                v => format!("{}, not a string", v.describe()),
            };
            let span = e
                .map(|e| {
                    if e.value.span.is_empty() {
                        e.key_span
                    } else {
                        e.value.span
                    }
                })
                .unwrap_or(fm.open);
            let mut d = Diagnostic::new(
                Code::MissingDescription,
                span,
                format!(
                    "`description` is {what}: Claude Code drops the {noun} (`Missing required \"description\" field`); write when Claude should use this {noun}"
                ),
            );
            if matches!(v, Node::Int(_) | Node::Float(_) | Node::Bool(_)) {
                d = d.with_fix(quote_fix(fm, "description"));
            }
            out.push(d);
        }
    }
}

/// `missing-name` / `missing-description` for a key Claude Code does not read: on the key when
/// it is written (its value was cut off), else on the opening `---` with a fix that adds it.
/// "an agent", "a skill".
fn with_article(noun: &str) -> String {
    let vowel = noun.starts_with(['a', 'e', 'i', 'o', 'u']);
    format!("{} {noun}", if vowel { "an" } else { "a" })
}

fn missing(fm: &Frontmatter, key: &str, message: &str, cx: Context<'_>, nl: &str) -> Diagnostic {
    let code = if key == "name" {
        Code::MissingName
    } else {
        Code::MissingDescription
    };
    match fm.entry(key) {
        Some(e) => Diagnostic::new(code, e.key_span, message),
        None => Diagnostic::new(code, fm.open, message).with_fix(missing_key_fix(fm, key, cx, nl)),
    }
}

/// Quotes a scalar value as written (`name: 123` -> `name: "123"`).
fn quote_fix(fm: &Frontmatter, key: &str) -> Fix {
    let span = fm.entry(key).map(|e| e.value.span).unwrap_or(fm.open);
    let text = fm
        .entry(key)
        .and_then(|e| match &e.value.kind {
            ValueKind::Scalar(s) => Some(s.text.text.clone()),
            _ => None,
        })
        .unwrap_or_default();
    Fix::replace(
        format!("Quote the value of `{key}`"),
        span,
        format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\"")),
    )
}

fn entry(text: &str, e: &Entry, value: Option<&Node>, cx: Context<'_>, out: &mut Vec<Diagnostic>) {
    let cat = catalog::get();
    let spec = cx.kind.spec();
    let Some(key) = spec.key(&e.key) else {
        unknown_key(e, value, spec, out);
        return;
    };
    if cx.plugin && spec.plugin_ignored_keys.contains(&e.key) {
        out.push(Diagnostic::new(
            Code::IgnoredInPlugin,
            e.key_span,
            format!(
                "`{}` is ignored in a plugin's {}s: Claude Code {} warns about it and loads the {} without it",
                e.key, spec.noun, cat.verified_with, spec.noun
            ),
        ));
        return;
    }
    if key.plugin_only
        && let Some(path) = cx.path
        && crate::analysis::project::scope_of_kind(cx.kind, path, None)
            != crate::analysis::project::Scope::Plugin
    {
        out.push(Diagnostic::new(
            Code::PluginOnlyKey,
            e.key_span,
            format!(
                "`{}` only applies to a plugin's {}s: Claude Code {} ignores it here (\"only applies to plugin output styles. Ignoring.\")",
                e.key, spec.noun, cat.verified_with
            ),
        ));
    }
    let Some(value) = value else {
        return;
    };
    let wrong_type = |what: &str| {
        Diagnostic::new(
            Code::InvalidType,
            e.value.span,
            format!("`{}` must be {what}: Claude Code ignores this value", e.key),
        )
    };
    let scalar_text = match &e.value.kind {
        ValueKind::Scalar(s) => Some(s.text.text.as_str()),
        _ => None,
    };
    match key.kind {
        KeyKind::Name | KeyKind::Text | KeyKind::String | KeyKind::Agent => {
            // skills, commands and output styles read a number or boolean as its text
            let stringified = spec.name != NameRole::Required
                && matches!(value, Node::Int(_) | Node::Float(_) | Node::Bool(_));
            if !matches!(value, Node::Str(_) | Node::Null) && !stringified {
                if key.kind == KeyKind::Text {
                    out.push(text_not_a_string(
                        text,
                        e,
                        value,
                        &spec.noun,
                        &cat.verified_with,
                    ));
                } else {
                    out.push(wrong_type("a string"));
                }
            } else if let (KeyKind::Agent, Node::Str(name)) = (key.kind, value) {
                project::unknown_agent(e, name, cx, out);
            } else if let Some(read) = read_otherwise(text, e, value) {
                let written = text.get(e.value.span.start..e.value.span.end).unwrap_or("");
                out.push(Diagnostic::new(
                    Code::YamlValueChanged,
                    e.value.span,
                    format!(
                        "YAML does not read `{written}` as written: Claude Code {} shows `{}` as `{read}`; quote the value to keep it as written",
                        cat.verified_with, e.key
                    ),
                ));
            }
        }
        KeyKind::Tools => tools::check(text, e, value, cx, out),
        KeyKind::Skills if matches!(value, Node::Seq(_) | Node::Str(_)) => {
            project::unknown_skills(e, cx, out);
            list_items_are_names(e, value, out);
        }
        KeyKind::Globs if matches!(value, Node::Seq(_) | Node::Str(_)) => {
            list_items_are_names(e, value, out);
            super::globs::check(e, spec, cx, out);
        }
        KeyKind::List | KeyKind::Skills | KeyKind::Globs | KeyKind::Arguments => match value {
            Node::Seq(_) => list_items_are_names(e, value, out),
            Node::Str(_) | Node::Null => {}
            _ => out.push(wrong_type("a list or a comma-separated string")),
        },
        KeyKind::Servers => match value {
            Node::Seq(_) => super::servers::check(e, value, cx, out),
            Node::Null => {}
            _ => out.push(wrong_type(
                "a list of server names or `{name: config}` objects",
            )),
        },
        KeyKind::Hooks => hooks::check(text, e, value, spec, out),
        KeyKind::Mapping | KeyKind::Metadata => match value {
            Node::Map(_) | Node::Null => {}
            _ => out.push(wrong_type("a mapping")),
        },
        KeyKind::Integer => {
            let n = match value {
                Node::Int(n) => Some(*n),
                Node::Str(s) if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) => {
                    s.parse::<i64>().ok()
                }
                _ => None,
            };
            let min = key.min.unwrap_or(1);
            if !matches!(value, Node::Null) && n.is_none_or(|n| n < min) {
                out.push(wrong_type(&if min == 1 {
                    "a positive whole number".to_string()
                } else {
                    format!("a whole number of at least {min}")
                }));
            }
        }
        KeyKind::Model => match value {
            Node::Str(v) if v.trim().is_empty() => {}
            Node::Str(v) => {
                let v = v.trim();
                if cat.model(v).is_none()
                    && !cat.is_model_id(v)
                    && !cx.known.is_some_and(|k| k.models.iter().any(|m| m == v))
                    && !v.eq_ignore_ascii_case("inherit")
                {
                    out.push(did_you_mean_diagnostic(
                        Code::UnknownModel,
                        e.value.span,
                        v,
                        format!("unknown model `{v}`, which Claude Code sends to the API as written"),
                        cat.models.iter().map(|m| m.name.as_str()),
                        || "use `sonnet`, `opus`, `haiku`, `inherit`, or a full model id starting with `claude-`".into(),
                    ));
                }
            }
            Node::Null => {}
            _ => out.push(wrong_type(
                "a model alias or id (this value means `inherit`)",
            )),
        },
        KeyKind::Color => match value {
            Node::Str(v) if cat.color(v).is_some() => {}
            Node::Null => {}
            _ => {
                let shown = scalar_text.unwrap_or_default();
                let all: Vec<_> = cat.colors.iter().map(|c| c.name.as_str()).collect();
                out.push(did_you_mean_diagnostic(
                    Code::UnknownColor,
                    e.value.span,
                    shown,
                    format!("unknown color `{shown}`, which Claude Code ignores"),
                    all.iter().copied(),
                    || format!("the `/agents` palette is {}", all.join(", ")),
                ));
            }
        },
        KeyKind::Boolean if spec.lenient_booleans => {
            let word = |w: &str| cat.is_bool_word(w);
            let ok = match value {
                Node::Null | Node::Bool(_) => true,
                Node::Int(n) => *n == 0 || *n == 1,
                Node::Str(s) => word(s),
                _ => false,
            };
            if !ok {
                let shown = scalar_text.unwrap_or_default();
                out.push(Diagnostic::new(
                    Code::InvalidValue,
                    e.value.span,
                    format!(
                        "Claude Code {} reads `{shown}` as false (only {}, in any case, are true): write `true` or `false`",
                        cat.verified_with,
                        cat.true_words
                            .iter()
                            .map(|w| format!("`{w}`"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                ));
            }
        }
        KeyKind::Enum | KeyKind::Boolean => {
            let allowed = cat.enum_values(key);
            let ok = match value {
                Node::Null => true,
                Node::Str(s) if key.ignore_case => {
                    allowed.iter().any(|a| a.eq_ignore_ascii_case(s))
                }
                Node::Str(s) => {
                    allowed.contains(&s.as_str())
                        || (key.integer
                            && (allowed.iter().any(|a| a.eq_ignore_ascii_case(s))
                                || s.parse::<i64>().is_ok()))
                }
                Node::Bool(b) => {
                    key.kind == KeyKind::Boolean && allowed.contains(&b.to_string().as_str())
                }
                Node::Int(_) => key.integer,
                _ => false,
            };
            if !ok {
                let shown = scalar_text.unwrap_or_default();
                let mut d = did_you_mean_diagnostic(
                    Code::InvalidValue,
                    e.value.span,
                    shown,
                    format!(
                        "`{shown}` is not a valid `{}`, so Claude Code ignores it",
                        e.key
                    ),
                    allowed.iter().copied(),
                    || {
                        format!(
                            "use one of {}{}",
                            allowed.join(", "),
                            if key.integer { ", or an integer" } else { "" }
                        )
                    },
                );
                if !matches!(e.value.kind, ValueKind::Scalar(_)) {
                    d = wrong_type(&format!("one of {}", allowed.join(", ")));
                }
                out.push(d);
            }
        }
    }
}

/// A list whose items must be strings: Claude Code drops the others.
fn list_items_are_names(e: &Entry, value: &Node, out: &mut Vec<Diagnostic>) {
    if let Node::Seq(items) = value
        && items.iter().any(|i| !matches!(i, Node::Str(_)))
    {
        out.push(Diagnostic::new(
            Code::InvalidType,
            e.value.span,
            format!(
                "`{}` items must be names: Claude Code drops the others",
                e.key
            ),
        ));
    }
}

fn unknown_key(e: &Entry, value: Option<&Node>, spec: &KindSpec, out: &mut Vec<Diagnostic>) {
    let cat = catalog::get();
    let k = e.key.as_str();
    if cat.is_guard_hook_event(k) {
        // a guard hook at the top level: Claude Code refuses to load the agent
        let holds_hooks = match value {
            None | Some(Node::Null) => false,
            Some(Node::Seq(items)) => !items.is_empty(),
            Some(_) => true,
        };
        if holds_hooks {
            let d = if spec.hooks_list_drops {
                Diagnostic::new(
                    Code::HookAtTopLevel,
                    e.key_span,
                    format!(
                        "`{k}` is declared at the top level of the frontmatter, outside `hooks:`: Claude Code {} refuses to load the agent rather than run it without this guard; indent it under `hooks:`",
                        cat.verified_with
                    ),
                )
            } else {
                Diagnostic::new(
                    Code::HookAtTopLevel,
                    e.key_span,
                    format!(
                        "`{k}` is declared at the top level of the frontmatter, outside `hooks:`: Claude Code {} loads the {} without its hooks and without its `allowed-tools` (\"nothing it sits in is applied until the entry is fixed\"); indent it under `hooks:`",
                        cat.verified_with, spec.noun
                    ),
                )
                .with_severity(catalog::Severity::Warning)
            };
            out.push(d);
            return;
        }
    }
    if cat.is_hook_event(k) {
        out.push(Diagnostic::new(
            Code::UnknownKey,
            e.key_span,
            format!("`{k}` is a hook event, but at the top level Claude Code ignores it: hooks go under `hooks:`"),
        ));
        return;
    }
    if is_turn_label(k) {
        out.push(Diagnostic::new(
            Code::UnknownKey,
            e.key_span,
            format!(
                "`{k}:` at column 1 is read as a new key, not as part of the description, which ends on the line above: indent it under `description`, or quote the description"
            ),
        ));
        return;
    }
    let note = spec
        .foreign_key(k)
        .map(|f| format!(" ({})", f.note))
        .unwrap_or_default();
    let suggestion = spec.suggest_key(k);
    let msg = match suggestion {
        _ if !spec.warns_unknown_keys => format!(
            "unknown key `{k}`: Claude Code does not read it in a {} and says nothing{}{note}",
            spec.noun,
            suggestion
                .map(|s| format!("; did you mean `{s}`?"))
                .unwrap_or_default()
        ),
        Some(s) => format!(
            "unknown key `{k}`: Claude Code ignores it and warns \"frontmatter keys Claude Code does not recognize or apply: \\\"{k}\\\" (did you mean \\\"{s}\\\"?)\"{note}"
        ),
        None => format!(
            "unknown key `{k}`: Claude Code ignores it (\"frontmatter keys Claude Code does not recognize or apply\"){note}"
        ),
    };
    let mut d = Diagnostic::new(Code::UnknownKey, e.key_span, msg);
    if let Some(s) = suggestion {
        d = d.with_fix(Fix::replace(format!("Replace with `{s}`"), e.key_span, s));
    }
    out.push(d);
}

/// Inserts a missing `name` (from the file name) or `description` (a skeleton with an example).
fn missing_key_fix(fm: &Frontmatter, key: &str, cx: Context<'_>, nl: &str) -> Fix {
    let name = fm
        .entry("name")
        .and_then(|e| match &e.value.kind {
            ValueKind::Scalar(s) => Some(s.text.text.clone()),
            _ => None,
        })
        .or_else(|| cx.file_stem.map(suggest_name))
        .unwrap_or_else(|| "my-agent".into());
    let (line, at) = if key == "name" {
        (format!("name: {name}{nl}"), fm.content.start)
    } else {
        // after `name` when there is one
        let at = fm
            .entry("name")
            .map(|e| {
                let end = e.span.end;
                end + if fm.crlf { 2 } else { 1 }
            })
            .unwrap_or(fm.content.start)
            .min(fm.content.end);
        (
            format!(
                "description: \"Use this agent when ... Examples: <example>Context: ... user: '...' assistant: 'I will use the {name} agent to ...' <commentary>Why the agent fits.</commentary></example>\"{nl}"
            ),
            at,
        )
    };
    Fix {
        title: format!("Add `{key}`"),
        edits: vec![(Span::new(at, at), line)],
        rename_file: None,
        safe: false,
        preferred: true,
    }
}

/// The naming convention: lowercase letters, digits and hyphens, starting and ending
/// alphanumeric. Claude Code does not require it (see `invalid-name` for what it does require).
pub fn valid_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !name.starts_with('-')
        && !name.ends_with('-')
}

/// A conventional name close to `name` (for messages and quick fixes).
pub fn suggest_name(name: &str) -> String {
    let mut s = String::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            s.push(c.to_ascii_lowercase());
        } else if !s.ends_with('-') {
            s.push('-');
        }
    }
    let s = s.trim_matches('-').to_string();
    if s.is_empty() { "my-agent".into() } else { s }
}

/// The text Claude Code shows for a one-line value that YAML reads otherwise than it is written:
/// a number (`1.10` is `1.1`, `0x10` is `16`, `.inf` is `Infinity`: JavaScript's `String` of
/// it), or a value that starts with an anchor or a tag (`&a text`, `!t text` are `text`).
/// `None` when what Claude Code shows is what is written.
fn read_otherwise(text: &str, e: &Entry, value: &Node) -> Option<String> {
    let written = text.get(e.value.span.start..e.value.span.end)?.trim();
    if written.contains(['\n', '\r']) {
        return None;
    }
    let shown = match value {
        Node::Int(i) => i.to_string(),
        Node::Float(f) => js_number(*f),
        Node::Str(s) if written.starts_with(['&', '!']) && !written.starts_with("!!") => s.clone(),
        _ => return None,
    };
    (shown != written).then_some(shown)
}

/// JavaScript's `String(number)` for the numbers YAML gives (close enough for the values people
/// write: integers below 1e21, shortest decimals, `Infinity`, `NaN`).
fn js_number(f: f64) -> String {
    if f.is_nan() {
        "NaN".into()
    } else if f.is_infinite() {
        if f > 0.0 { "Infinity" } else { "-Infinity" }.into()
    } else if f == 0.0 {
        "0".into()
    } else if f.abs() >= 1e21 || f.abs() < 1e-6 {
        // `1e+21`, `1e-7`
        let e = format!("{f:e}");
        match e.split_once('e') {
            Some((m, x)) if !x.starts_with('-') => format!("{m}e+{x}"),
            _ => e,
        }
    } else {
        // Rust's shortest round-trip digits, without exponent, as JavaScript writes them here
        format!("{f}")
    }
}

/// A description that YAML reads as a list or a mapping (`{{TEMPLATE}}` is a mapping):
/// Claude Code logs "Description invalid for NAME - omitting" and lists the file with the first
/// line of its body instead.
fn text_not_a_string(text: &str, e: &Entry, value: &Node, noun: &str, version: &str) -> Diagnostic {
    let what = match value {
        Node::Seq(_) => "a list",
        Node::Map(_) => "a mapping",
        _ => "not a string",
    };
    let written = text.get(e.value.span.start..e.value.span.end).unwrap_or("");
    let template = if written.trim_start().starts_with("{{") {
        " (`{{...}}` is YAML for a mapping, not a template placeholder: fill it in, or quote it)"
    } else {
        ""
    };
    Diagnostic::new(
        Code::InvalidType,
        e.value.span,
        format!(
            "`{}` is {what}, not a string{template}: Claude Code {version} omits it (\"Description invalid for NAME - omitting\") and describes the {noun} by the first line of its body",
            e.key
        ),
    )
}

#[cfg(test)]
mod js_numbers {
    use super::js_number;

    /// As Claude Code 2.1.330 showed them (fidelity-kinds `description-yaml-*`).
    #[test]
    fn as_javascript_writes_them() {
        assert_eq!(js_number(1.0), "1");
        assert_eq!(js_number(1.1), "1.1");
        assert_eq!(js_number(1000.0), "1000");
        assert_eq!(js_number(-0.0), "0");
        assert_eq!(js_number(f64::INFINITY), "Infinity");
        assert_eq!(js_number(f64::NEG_INFINITY), "-Infinity");
        assert_eq!(js_number(f64::NAN), "NaN");
        assert_eq!(js_number(12345678901234567000.0), "12345678901234567000");
        assert_eq!(js_number(1e21), "1e+21");
        assert_eq!(js_number(1e-7), "1e-7");
    }
}
