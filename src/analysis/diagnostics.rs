//! Diagnostics: what a user should be told before Claude Code silently ignores their file.

use crate::catalog::{self, KeyKind, Severity, did_you_mean};
use crate::syntax::examples::ExampleProblemKind;
use crate::syntax::frontmatter::{
    Entry, Frontmatter, Parsed, ProblemKind, ScalarStyle, ValueKind, is_turn_label,
};
use crate::syntax::{Header, Span, Strict};

use super::project::{Project, Scope, scope_of};
use super::{Diagnostic, Fix};

/// What the analysis needs besides the header.
#[derive(Clone, Copy, Debug, Default)]
pub struct Context<'a> {
    /// The file name without `.md`, for the `name` convention.
    pub file_stem: Option<&'a str>,
    /// True when the body (the system prompt) is blank.
    pub body_blank: bool,
    /// The file's path and the rest of the project, for diagnostics across files.
    pub path: Option<&'a std::path::Path>,
    pub project: Option<&'a Project>,
}

/// All diagnostics of a document, sorted by position.
pub fn compute(header: &Header, cx: Context<'_>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    match &header.parsed {
        Parsed::Missing => out.push(Diagnostic::new(
            "missing-frontmatter",
            Span::new(0, header.first_line_end),
            "no frontmatter: an agent file starts with a `---` line, then `name:` and `description:`, then a closing `---`",
        )),
        Parsed::Present(fm) => frontmatter(header, fm, cx, &mut out),
    }
    out.sort_by_key(|d| (d.span.start, d.span.end));
    out
}

fn frontmatter(header: &Header, fm: &Frontmatter, cx: Context<'_>, out: &mut Vec<Diagnostic>) {
    if fm.close.is_none() {
        out.push(Diagnostic::new(
            "unclosed-frontmatter",
            fm.open,
            "the frontmatter is never closed: Claude Code reads no metadata and drops the agent; add a `---` line after the last key",
        ));
        return;
    }
    syntax(header, fm, out);
    let cat = catalog::get();
    let nl = if fm.crlf { "\r\n" } else { "\n" };
    for key in cat.keys.iter().filter(|k| k.required) {
        match fm.entry(&key.name) {
            None => out.push(
                Diagnostic::new(
                    if key.name == "name" {
                        "missing-name"
                    } else {
                        "missing-description"
                    },
                    fm.open,
                    format!(
                        "missing `{}`: Claude Code skips an agent without it; add `{}: ...` to the frontmatter",
                        key.name, key.name
                    ),
                )
                .with_fix(missing_key_fix(fm, &key.name, cx, nl)),
            ),
            Some(e) if matches!(e.value.kind, ValueKind::Null) => out.push(Diagnostic::new(
                if key.name == "name" {
                    "missing-name"
                } else {
                    "missing-description"
                },
                e.key_span,
                format!(
                    "`{}` is empty: Claude Code skips an agent without it",
                    key.name
                ),
            )),
            Some(_) => {}
        }
    }
    for entry in &fm.entries {
        entry_diagnostics(header, entry, cx, out);
    }
    if cx.body_blank {
        out.push(Diagnostic::new(
            "empty-body",
            fm.close.unwrap_or(fm.open),
            "the body is empty: the text after the frontmatter is the agent's system prompt; say who the agent is and how it works",
        ));
    }
}

/// YAML-level findings: the lenient scan's problems, reconciled with the strict parser.
fn syntax(header: &Header, fm: &Frontmatter, out: &mut Vec<Diagnostic>) {
    let strict_fails = header.strict.fails();
    let mut explained = false;
    for p in &fm.problems {
        let code = match p.kind {
            ProblemKind::LenientOnly => {
                if !strict_fails {
                    continue;
                }
                "yaml-lenient-only"
            }
            ProblemKind::LenientCrlf => {
                if !strict_fails {
                    continue;
                }
                "yaml-error"
            }
            ProblemKind::UnindentedContinuation => "unindented-continuation",
            ProblemKind::InvalidFlow => "invalid-flow-collection",
            ProblemKind::TabIndentation => "tab-indentation",
            ProblemKind::DuplicateKey { .. } => "duplicate-key",
            ProblemKind::Syntax => "yaml-error",
        };
        explained = true;
        let mut d = Diagnostic::new(code, p.span, p.message.clone());
        if let ProblemKind::DuplicateKey { first } = p.kind {
            d = d.with_related(first, "first defined here");
        }
        if matches!(p.kind, ProblemKind::LenientOnly | ProblemKind::LenientCrlf) {
            for fix in quote_fixes(header, fm, p.span) {
                d = d.with_fix(fix);
            }
        }
        out.push(d);
    }
    if let Strict::Rejected(err) = &header.strict
        && !explained
    {
        out.push(Diagnostic::new(
            "yaml-strict-error",
            err.span,
            format!(
                "strict YAML parsers reject the frontmatter here ({}); Claude Code's lenient loader may still read it, but other tools will not",
                err.message
            ),
        ));
    }
}

fn entry_diagnostics(header: &Header, e: &Entry, cx: Context<'_>, out: &mut Vec<Diagnostic>) {
    let cat = catalog::get();
    let Some(key) = cat.key(&e.key) else {
        unknown_key(e, out);
        return;
    };
    let scalar = match &e.value.kind {
        ValueKind::Scalar(s) => Some(s),
        _ => None,
    };
    let wrong_type = |what: &str| {
        Diagnostic::new(
            "invalid-type",
            e.value.span,
            format!("`{}` must be {what}", e.key),
        )
    };
    match key.kind {
        KeyKind::Name => match scalar {
            Some(s) => {
                let name = s.text.text.as_str();
                if !valid_name(name) {
                    let better = suggest_name(name);
                    out.push(
                        Diagnostic::new(
                            "invalid-name",
                            e.value.span,
                            format!(
                                "`{name}` is not a valid agent name: use lowercase letters, digits and hyphens, starting and ending with a letter or digit (e.g. `{better}`)"
                            ),
                        )
                        .with_fix(Fix::replace(format!("Rename to `{better}`"), e.value.span, better.clone())),
                    );
                }
                duplicates(name, e.value.span, cx, out);
                if let Some(stem) = cx.file_stem
                    && stem != name
                    && !name.is_empty()
                {
                    let mut d = Diagnostic::new(
                        "name-mismatch",
                        e.value.span,
                        format!(
                            "`name` is `{name}` but the file is `{stem}.md`: Claude Code uses `name`, and a matching file name makes the agent easy to find"
                        ),
                    );
                    if valid_name(stem) {
                        d = d.with_fix(Fix::replace(
                            format!("Change `name` to `{stem}`"),
                            e.value.span,
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
            }
            None if !matches!(e.value.kind, ValueKind::Null) => out.push(wrong_type("a string")),
            None => {}
        },
        KeyKind::Text => match scalar {
            Some(_) => description(header, e, out),
            None if !matches!(e.value.kind, ValueKind::Null) => out.push(wrong_type("a string")),
            None => {}
        },
        KeyKind::String => {
            if scalar.is_none() && !matches!(e.value.kind, ValueKind::Null) {
                out.push(wrong_type("a string"));
            }
        }
        KeyKind::Tools => tools(e, cx, out),
        KeyKind::List => match e.value.list_items() {
            Some(list) => {
                for item in list.items.iter().filter(|i| i.nested) {
                    out.push(Diagnostic::new(
                        "invalid-type",
                        item.span,
                        format!("`{}` items must be names", e.key),
                    ));
                }
            }
            None => out.push(wrong_type("a list or a comma-separated string")),
        },
        KeyKind::Servers => match &e.value.kind {
            ValueKind::List(_) | ValueKind::Null | ValueKind::Mapping { .. } => {}
            _ => out.push(wrong_type(
                "a list of server names or `{name: config}` objects",
            )),
        },
        KeyKind::Mapping => match &e.value.kind {
            ValueKind::List(l) if l.items.is_empty() => out.push(
                Diagnostic::new(
                    "hooks-empty-list",
                    e.value.span,
                    format!(
                        "`{}: []` makes Claude Code silently drop the agent: use `{{}}` or remove the key",
                        e.key
                    ),
                )
                .with_fix(Fix::replace("Replace `[]` with `{}`", e.value.span, "{}").safe()),
            ),
            ValueKind::Mapping { .. } | ValueKind::Null => {}
            _ => out.push(wrong_type("a mapping keyed by hook event (e.g. `PreToolUse:`)")),
        },
        KeyKind::Integer => {
            let ok = scalar.is_some_and(|s| {
                s.style == ScalarStyle::Plain && s.text.text.parse::<u32>().is_ok_and(|n| n > 0)
            });
            if !ok && !matches!(e.value.kind, ValueKind::Null) {
                out.push(wrong_type("a positive whole number"));
            }
        }
        KeyKind::Model => {
            if let Some(s) = scalar {
                let v = s.text.text.as_str();
                if cat.model(v).is_none() && !cat.is_model_id(v) {
                    let mut msg = format!("unknown model `{v}`");
                    let guess = did_you_mean(v, cat.models.iter().map(|m| m.name.as_str()));
                    match guess {
                        Some(m) => msg.push_str(&format!(": did you mean `{m}`?")),
                        None => msg.push_str(
                            ": use `sonnet`, `opus`, `haiku`, `inherit`, or a full model id starting with `claude-`",
                        ),
                    }
                    out.push(with_guess(Diagnostic::new("unknown-model", e.value.span, msg), e.value.span, guess));
                }
            } else if !matches!(e.value.kind, ValueKind::Null) {
                out.push(wrong_type("a model alias or id"));
            }
        }
        KeyKind::Color => {
            if let Some(s) = scalar {
                let v = s.text.text.as_str();
                if cat.color(v).is_none() {
                    let mut msg = format!("unknown color `{v}`");
                    let guess = did_you_mean(v, cat.colors.iter().map(|c| c.name.as_str()));
                    match guess {
                        Some(c) => msg.push_str(&format!(": did you mean `{c}`?")),
                        None => {
                            let all: Vec<_> = cat.colors.iter().map(|c| c.name.as_str()).collect();
                            msg.push_str(&format!(": the `/agents` palette is {}", all.join(", ")))
                        }
                    }
                    out.push(with_guess(Diagnostic::new("unknown-color", e.value.span, msg), e.value.span, guess));
                }
            } else if !matches!(e.value.kind, ValueKind::Null) {
                out.push(wrong_type("a color name"));
            }
        }
        KeyKind::Enum | KeyKind::Boolean => {
            let allowed = cat.enum_values(key);
            match scalar {
                Some(s) if allowed.contains(&s.text.text.as_str()) => {}
                Some(s) => {
                    let v = s.text.text.as_str();
                    let mut msg = format!("`{v}` is not a valid `{}`", e.key);
                    let guess = did_you_mean(v, allowed.iter().copied());
                    match guess {
                        Some(c) => msg.push_str(&format!(": did you mean `{c}`?")),
                        None => msg.push_str(&format!(": use one of {}", allowed.join(", "))),
                    }
                    out.push(with_guess(Diagnostic::new("invalid-value", e.value.span, msg), e.value.span, guess));
                }
                None if !matches!(e.value.kind, ValueKind::Null) => {
                    out.push(wrong_type(&format!("one of {}", allowed.join(", "))))
                }
                None => {}
            }
        }
    }
}

fn unknown_key(e: &Entry, out: &mut Vec<Diagnostic>) {
    let cat = catalog::get();
    let k = e.key.as_str();
    if is_turn_label(k) {
        out.push(
            Diagnostic::new(
                "unknown-key",
                e.key_span,
                format!(
                    "`{k}:` at column 1 is read as a new key, not as part of the description: indent it under `description`, or quote the description"
                ),
            )
            .with_severity(Severity::Warning),
        );
        return;
    }
    if let Some(f) = cat.foreign_key(k) {
        out.push(with_guess(
            Diagnostic::new(
                "unknown-key",
                e.key_span,
                format!(
                    "unknown key `{k}`: {} Did you mean `{}`?",
                    f.note, f.suggest
                ),
            )
            .with_severity(Severity::Warning),
            e.key_span,
            Some(&f.suggest),
        ));
        return;
    }
    match did_you_mean(k, cat.keys.iter().map(|k| k.name.as_str())) {
        Some(s) => out.push(with_guess(
            Diagnostic::new(
                "unknown-key",
                e.key_span,
                format!("unknown key `{k}`: did you mean `{s}`? Claude Code ignores unknown keys"),
            )
            .with_severity(Severity::Warning),
            e.key_span,
            Some(s),
        )),
        None => out.push(Diagnostic::new(
            "unknown-key",
            e.key_span,
            format!("unknown key `{k}`: Claude Code ignores it"),
        )),
    }
}

fn tools(e: &Entry, cx: Context<'_>, out: &mut Vec<Diagnostic>) {
    let cat = catalog::get();
    let Some(list) = e.value.list_items() else {
        out.push(Diagnostic::new(
            "invalid-type",
            e.value.span,
            format!(
                "`{}` must be a comma-separated string (`Read, Grep`) or a list",
                e.key
            ),
        ));
        return;
    };
    // `tools: []` (no tools at all) is legitimate: nothing to check
    for item in &list.items {
        if item.nested {
            out.push(Diagnostic::new(
                "invalid-type",
                item.span,
                "a tool must be a name, not a nested collection",
            ));
            continue;
        }
        let name = item.text.as_str();
        if name.is_empty() || name == "*" {
            continue;
        }
        if let Some(rest) = name.strip_prefix("mcp__") {
            let parts: Vec<&str> = rest.split("__").collect();
            if parts.iter().any(|p| p.is_empty()) || parts.len() > 2 {
                out.push(Diagnostic::new(
                    "unknown-tool",
                    item.span,
                    format!("malformed MCP tool name `{name}`: use `mcp__<server>` or `mcp__<server>__<tool>`"),
                ));
            } else if let Some(servers) = cx.project.and_then(|p| p.mcp_servers.as_ref())
                && !servers.contains(parts[0])
            {
                let at = item.span.start + "mcp__".len();
                let span = Span::new(at, at + parts[0].len());
                let guess = did_you_mean(parts[0], servers.iter().map(String::as_str));
                let mut msg = format!(
                    "MCP server `{}` is not configured in the project's `.mcp.json`",
                    parts[0]
                );
                match guess {
                    Some(g) => msg.push_str(&format!(": did you mean `{g}`?")),
                    None => {
                        let all: Vec<&str> = servers.iter().map(String::as_str).collect();
                        msg.push_str(&format!(
                            " (configured: {})",
                            if all.is_empty() {
                                "none".into()
                            } else {
                                all.join(", ")
                            }
                        ));
                    }
                }
                out.push(with_guess(
                    Diagnostic::new("unknown-mcp-server", span, msg),
                    span,
                    guess,
                ));
            }
            continue;
        }
        let (base, args) = match name.find('(') {
            Some(p) => (&name[..p], Some(&name[p..])),
            None => (name, None),
        };
        let base_span = Span::new(item.span.start, item.span.start + base.len());
        match cat.tool(base) {
            Some(tool) => {
                if let Some(args) = args {
                    if !cat.spawn_tools.iter().any(|t| t == base) {
                        out.push(
                            Diagnostic::new(
                                "tool-specifier",
                                item.span,
                                format!(
                                    "`{name}`: permission specifiers like `{args}` belong in settings or a command's `allowed-tools`; in an agent's tools only `Agent(...)` is meaningful, so write `{base}`"
                                ),
                            )
                            .with_fix(Fix::replace(format!("Replace with `{base}`"), item.span, base).safe()),
                        );
                    } else if !args.ends_with(')') {
                        out.push(Diagnostic::new(
                            "unknown-tool",
                            item.span,
                            format!("`{name}` is missing its closing `)`"),
                        ));
                    }
                }
                if let Some(current) = &tool.current {
                    let mut d = Diagnostic::new(
                        "legacy-tool",
                        base_span,
                        format!(
                            "`{base}` is a legacy tool name: current Claude Code uses `{current}` (the old name is ignored when the tool no longer exists)"
                        ),
                    );
                    // a safe rename only when the current name is not listed already
                    let listed = list
                        .items
                        .iter()
                        .any(|i| i.text.split('(').next() == Some(current.as_str()));
                    if !listed {
                        d = d.with_fix(
                            Fix::replace(
                                format!("Replace with `{current}`"),
                                base_span,
                                current.clone(),
                            )
                            .safe(),
                        );
                    }
                    out.push(d);
                }
            }
            None => {
                let exact_case = cat
                    .tools
                    .iter()
                    .find(|t| t.name.eq_ignore_ascii_case(base))
                    .map(|t| t.name.as_str());
                let guess = exact_case
                    .or_else(|| did_you_mean(base, cat.tools.iter().map(|t| t.name.as_str())));
                let msg = match guess {
                    Some(s) if s.eq_ignore_ascii_case(base) => format!(
                        "unknown tool `{base}`: did you mean `{s}`? Tool names are case-sensitive"
                    ),
                    Some(s) => format!("unknown tool `{base}`: did you mean `{s}`?"),
                    None => format!(
                        "unknown tool `{base}`: Claude Code ignores it; MCP tools are named `mcp__<server>__<tool>`"
                    ),
                };
                let mut d = with_guess(
                    Diagnostic::new("unknown-tool", base_span, msg),
                    base_span,
                    guess,
                );
                if exact_case.is_some() {
                    // only the case differs: nothing to guess
                    d.fixes.iter_mut().for_each(|f| f.safe = true);
                }
                out.push(d);
            }
        }
    }
}

fn description(header: &Header, e: &Entry, out: &mut Vec<Diagnostic>) {
    let Some(ex) = &header.examples else {
        return;
    };
    for p in &ex.problems {
        let code = match p.kind {
            ExampleProblemKind::Unclosed => "example-unclosed",
            ExampleProblemKind::StrayClose => "example-stray-close",
            ExampleProblemKind::Nested => "example-nested",
            ExampleProblemKind::CommentaryOutside => "commentary-outside-example",
            ExampleProblemKind::MissingTurn => "example-missing-turn",
            ExampleProblemKind::TurnOrder => "example-turn-order",
            ExampleProblemKind::Empty => "example-empty",
        };
        let mut d = Diagnostic::new(code, p.span, p.message.clone());
        if let Some((at, text)) = p.insert {
            d = d.with_fix(
                Fix {
                    title: format!("Insert `{text}`"),
                    edits: vec![(Span::new(at, at), text.to_string())],
                    rename_file: None,
                    safe: false,
                    preferred: true,
                }
                .safe(),
            );
        }
        out.push(d);
    }
    if ex.examples.is_empty() && ex.problems.is_empty() {
        out.push(Diagnostic::new(
            "no-examples",
            e.key_span,
            "the description has no `<example>` blocks: 2 to 4 examples (Context, user, assistant, commentary) help Claude decide when to delegate",
        ));
    }
}

/// Other agents with the same name in the project: who wins, by Claude Code's precedence
/// (project over user; plugin agents are namespaced and never clash).
fn duplicates(name: &str, span: Span, cx: Context<'_>, out: &mut Vec<Diagnostic>) {
    let (Some(project), Some(path)) = (cx.project, cx.path) else {
        return;
    };
    let mine = scope_of(path, project.home.as_deref());
    if mine == Scope::Plugin {
        return;
    }
    let mut same_scope = Vec::new();
    for other in project.others_named(name, Some(path)) {
        let d = match (mine, other.scope) {
            (_, Scope::Plugin) => continue,
            (Scope::Project, Scope::User) => Diagnostic::new(
                "shadowed-agent",
                span,
                format!(
                    "this project agent shadows the user agent `{name}` in {}: Claude Code uses this one",
                    other.path.display()
                ),
            ),
            (Scope::User, Scope::Project) => Diagnostic::new(
                "duplicate-agent-name",
                span,
                format!(
                    "the project agent in {} has the same name `{name}` and wins: Claude Code ignores this user agent in that project",
                    other.path.display()
                ),
            ),
            _ => {
                same_scope.push(other);
                continue;
            }
        };
        out.push(d.with_related_file(
            other.path.clone(),
            other.name_pos,
            format!("`{name}` is also defined here"),
        ));
    }
    if same_scope.is_empty() {
        return;
    }
    // one diagnostic for all the files of the same scope, naming the first few
    const NAMED: usize = 3;
    let mut files: Vec<String> = same_scope
        .iter()
        .take(NAMED)
        .map(|a| a.path.display().to_string())
        .collect();
    if same_scope.len() > NAMED {
        files.push(format!("{} more", same_scope.len() - NAMED));
    }
    let mut d = Diagnostic::new(
        "duplicate-agent-name",
        span,
        format!(
            "agent `{name}` is also defined in {}: Claude Code keeps only one of them; rename all but one",
            files.join(", ")
        ),
    );
    for other in same_scope.iter().take(10) {
        d = d.with_related_file(
            other.path.clone(),
            other.name_pos,
            format!("`{name}` is also defined here"),
        );
    }
    out.push(d);
}

/// Adds a "replace with the guess" fix when there is a guess.
fn with_guess(d: Diagnostic, span: Span, guess: Option<&str>) -> Diagnostic {
    match guess {
        Some(g) => d.with_fix(Fix::replace(format!("Replace with `{g}`"), span, g)),
        None => d,
    }
}

/// Fixes for a value strict YAML rejects: quote it, or make it a block scalar. Both keep the
/// exact text Claude Code's lenient loader reads.
fn quote_fixes(header: &Header, fm: &Frontmatter, at: Span) -> Vec<Fix> {
    let Some(e) = fm.entries.iter().find(|e| e.value.span.touches(at.start)) else {
        return Vec::new();
    };
    let ValueKind::Scalar(s) = &e.value.kind else {
        return Vec::new();
    };
    if s.style != ScalarStyle::Plain || s.multiline {
        return Vec::new();
    }
    let text = &s.text.text;
    let line_end = header.text[e.value.span.end..]
        .find('\n')
        .map(|p| e.value.span.end + p)
        .unwrap_or(header.text.len());
    let nl = if header.text[..line_end].ends_with('\r') {
        "\r\n"
    } else {
        "\n"
    };
    vec![
        Fix::replace(
            format!("Quote the value of `{}`", e.key),
            e.value.span,
            format!("'{}'", text.replace('\'', "''")),
        )
        .safe(),
        Fix::replace(
            format!("Make `{}` a block scalar (`|-`)", e.key),
            e.value.span,
            format!("|-{nl}  {text}"),
        )
        .not_preferred(),
    ]
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

/// `name` rule: lowercase letters, digits and hyphens, starting and ending alphanumeric.
pub fn valid_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !name.starts_with('-')
        && !name.ends_with('-')
}

/// A valid name close to `name` (for messages and quick fixes).
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
