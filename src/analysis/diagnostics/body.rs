//! The body of the kinds whose body Claude Code expands before it sends it (skills and
//! commands): argument placeholders against the declared `arguments`, `` !`cmd` `` shell lines
//! against `allowed-tools`, and the files that `@path` references and relative links point to.

use std::path::{Path, PathBuf};

use crate::analysis::project::resolve_import;
use crate::catalog::{self, Code, Kind, did_you_mean};
use crate::syntax::frontmatter::{ListStyle, ValueKind};
use crate::syntax::load::Node;
use crate::syntax::refs::{self, PlaceholderKind};
use crate::syntax::{Header, Span};

use super::{Context, Diagnostic, Fix};

/// Where the text the diagnostics of `kind` read starts (`None`: they read none): the whole text
/// of a file whose imports are followed, the body after the head of the others.
pub fn checked_from(kind: Kind, body_start: usize) -> Option<usize> {
    if !reads_body(kind) {
        return None;
    }
    Some(if kind.spec().imports || kind.spec().json {
        0
    } else {
        body_start
    })
}

/// Do the diagnostics of this kind read the text after the head (skills and commands, whose body
/// Claude Code expands; memory files and rules, whose imports it follows)?
pub fn reads_body(kind: Kind) -> bool {
    let spec = kind.spec();
    spec.expands_body || spec.imports || spec.json
}

pub(super) fn check(header: &Header, cx: Context<'_>, out: &mut Vec<Diagnostic>) {
    if !cx.reads_body() || !cx.kind.spec().expands_body {
        return;
    }
    let found = cx.body_refs();
    let found = found.as_ref();
    let root = header.metadata();
    placeholders(header, root, found, out);
    super::numbering::check(root, &cx, found, out);
    let allow = |rule: &str| allow_fix(header, rule);
    shell(
        root,
        &|s| cx.text_at(s),
        found,
        &cx.kind.spec().noun,
        &allow,
        out,
    );
    files(cx, found, out);
}

/// The declared argument names with their spans in the frontmatter.
fn arguments(header: &Header) -> Vec<(String, crate::syntax::Span)> {
    let Some(e) = header.frontmatter().and_then(|fm| fm.entry("arguments")) else {
        return Vec::new();
    };
    match &e.value.kind {
        ValueKind::Scalar(s) => {
            // a space separated string
            let text = &s.text.text;
            let mut out = Vec::new();
            let mut at = 0;
            for w in text.split_whitespace() {
                let i = text[at..].find(w).map(|i| at + i).unwrap_or(at);
                at = i + w.len();
                let span = s.text.source_span(i, i + w.len());
                out.push((w.trim_matches(',').to_string(), span));
            }
            out
        }
        _ => e
            .value
            .list_items()
            .map(|l| {
                l.items
                    .iter()
                    .filter(|i| !i.nested)
                    .map(|i| (i.text.clone(), i.span))
                    .collect()
            })
            .unwrap_or_default(),
    }
}

fn placeholders(
    header: &Header,
    root: Option<&Node>,
    found: &refs::BodyRefs,
    out: &mut Vec<Diagnostic>,
) {
    if root.is_none_or(|r| r.get("arguments").is_none()) {
        return;
    }
    let args = arguments(header);
    if args.is_empty() {
        return;
    }
    let names: Vec<&str> = args.iter().map(|(n, _)| n.as_str()).collect();
    let mut used = vec![false; args.len()];
    let mut all = false;
    for p in &found.placeholders {
        match &p.kind {
            PlaceholderKind::Arguments => all = true,
            // `$0` and `$ARGUMENTS[0]` are the first argument (Claude Code 2.1.330 counts from 0)
            PlaceholderKind::Indexed(i) | PlaceholderKind::Positional(i) => {
                if let Some(u) = used.get_mut(*i) {
                    *u = true;
                }
            }
            PlaceholderKind::Named(n) => match names.iter().position(|a| a == n) {
                Some(i) => used[i] = true,
                None => {
                    // `$HOME` and the like are shell variables: only a near miss of a declared
                    // argument is reported
                    if let Some(g) = did_you_mean(n, names.iter().copied()) {
                        let span = crate::syntax::Span::new(p.span.start + 1, p.span.end);
                        out.push(
                            Diagnostic::new(
                                Code::UnknownPlaceholder,
                                p.span,
                                format!(
                                    "`${n}` names no argument: Claude Code leaves it as written; did you mean `${g}`?"
                                ),
                            )
                            .with_fix(Fix::replace(format!("Replace with `${g}`"), span, g)),
                        );
                    }
                }
            },
        }
    }
    // with no placeholder at all Claude Code appends the arguments (`ARGUMENTS: ...`): none is lost
    if all || found.placeholders.is_empty() {
        return;
    }
    for ((name, span), used) in args.iter().zip(used) {
        if !used {
            out.push(Diagnostic::new(
                Code::UnusedArgument,
                *span,
                format!(
                    "the argument `{name}` is never used: the body has placeholders but no `${name}` (nor `$ARGUMENTS` or its position), so Claude Code {} drops what the user passes for it",
                    catalog::get().verified_with
                ),
            ));
        }
    }
}

/// The `allowed-tools` rules for Bash, as written: `None` when every command is allowed.
fn bash_rules(root: Option<&Node>) -> Option<Vec<String>> {
    if allowed_tools_dropped(root) {
        return Some(Vec::new());
    }
    let strings: Vec<&str> = match root.and_then(|r| r.get("allowed-tools")) {
        Some(Node::Str(s)) => vec![s.as_str()],
        Some(Node::Seq(items)) => items.iter().filter_map(Node::as_str).collect(),
        _ => Vec::new(),
    };
    let mut rules = Vec::new();
    for s in strings {
        for t in super::tools::split(s) {
            if t == "Bash" || t == "*" {
                return None;
            }
            if let Some(inner) = t.strip_prefix("Bash(").and_then(|t| t.strip_suffix(')')) {
                rules.push(inner.to_string());
            }
        }
    }
    Some(rules)
}

/// Claude Code 2.1.330 loads a skill or command whose `hooks` is a list or a string, or that
/// declares a guard event (`PreToolUse:`) at the top level, without its hooks and without its
/// `allowed-tools` (FACTS.md, "hooks"; scenario skill-shell-hooks-empty-list).
fn allowed_tools_dropped(root: Option<&Node>) -> bool {
    let Some(root) = root else {
        return false;
    };
    matches!(root.get("hooks"), Some(Node::Seq(_) | Node::Str(_)))
        || catalog::get()
            .guard_hook_events
            .iter()
            .any(|e| root.get(e).is_some())
}

/// Does a Bash permission rule (`git status`, `git add:*`, `npm run *`) allow `command`?
fn allows(rule: &str, command: &str) -> bool {
    if let Some(prefix) = rule.strip_suffix(":*") {
        return command == prefix || command.starts_with(&format!("{prefix} "));
    }
    if rule.contains('*') {
        return wildcard(rule, command);
    }
    rule == command
}

/// Adds `rule` to `allowed-tools`, in the form the key is written in (a comma string, a flow list,
/// a block list), or adds the key after the opening `---`. Grants a permission, so never applied
/// by "fix all".
fn allow_fix(header: &Header, rule: &str) -> Option<Fix> {
    let fm = header.frontmatter()?;
    let nl = if fm.crlf { "\r\n" } else { "\n" };
    let title = format!("Allow `{rule}` in `allowed-tools`");
    let edit = match fm.entry("allowed-tools") {
        None => (
            crate::syntax::Span::new(fm.content.start, fm.content.start),
            format!("allowed-tools: {rule}{nl}"),
        ),
        Some(e) => {
            let list = e.value.list_items()?;
            match (list.style, list.items.last()) {
                (_, None) if e.value.span.is_empty() => (
                    crate::syntax::Span::new(e.key_span.end + 1, e.key_span.end + 1),
                    format!(" {rule}"),
                ),
                (ListStyle::Block, Some(last)) => {
                    let line_start = header.text[..last.span.start]
                        .rfind('\n')
                        .map_or(0, |i| i + 1);
                    let indent = &header.text[line_start..last.span.start];
                    let at = crate::text::line_span(&header.text, last.span.end).end;
                    (
                        crate::syntax::Span::new(at, at),
                        format!("{nl}{indent}{rule}"),
                    )
                }
                (_, Some(last)) => (
                    crate::syntax::Span::new(last.span.end, last.span.end),
                    format!(", {rule}"),
                ),
                (_, None) => return None,
            }
        }
    };
    Some(Fix {
        title,
        edits: vec![edit],
        rename_file: None,
        safe: false,
        preferred: true,
    })
}

/// Is every part of `command` (split on `&&`, `||`, `;` and `|`) a command that only reads,
/// which Claude Code runs without a permission rule? The catalog lists them as Bash rules, matched
/// like `allowed-tools`; redirections (`>`), substitutions and the catalog's writing arguments
/// (`find -delete`) write.
fn read_only(command: &str) -> bool {
    if command.contains('>') || command.contains('`') || command.contains("$(") {
        return false;
    }
    let cat = catalog::get();
    command
        .split(['&', '|', ';'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .all(|part| {
            cat.read_only_commands.iter().any(|rule| allows(rule, part))
                && !part
                    .split_whitespace()
                    .any(|w| cat.read_only_unless.iter().any(|u| u == w))
        })
}

/// `*` matches any run of characters.
fn wildcard(pattern: &str, s: &str) -> bool {
    let parts: Vec<&str> = pattern.split('*').collect();
    let mut rest = s;
    for (i, p) in parts.iter().enumerate() {
        if i == 0 {
            match rest.strip_prefix(p) {
                Some(r) => rest = r,
                None => return false,
            }
        } else if i == parts.len() - 1 {
            return rest.ends_with(p);
        } else {
            match rest.find(p) {
                Some(at) => rest = &rest[at + p.len()..],
                None => return false,
            }
        }
    }
    rest.is_empty()
}

fn shell(
    root: Option<&Node>,
    text_at: &dyn Fn(crate::syntax::Span) -> String,
    found: &refs::BodyRefs,
    noun: &str,
    allow: &dyn Fn(&str) -> Option<Fix>,
    out: &mut Vec<Diagnostic>,
) {
    let Some(rules) = bash_rules(root) else {
        return;
    };
    let version = &catalog::get().verified_with;
    // inside code too: Claude Code 2.1.330 runs a `!` line at a line's start or after a space in
    // a fenced or indented block, an HTML comment or a double-backtick span (FACTS.md, scenarios
    // shell-fence-*, shell-comment-*); only a single-backtick span hides it (no space before it)
    for line in &found.shell {
        let command = text_at(line.command);
        let command = command.trim();
        if rules.iter().any(|r| allows(r, command)) || read_only(command) {
            continue;
        }
        let first = command.split_whitespace().next().unwrap_or("");
        let suggestion = if first.is_empty() {
            "Bash".to_string()
        } else {
            format!("Bash({first}:*)")
        };
        let mut d = Diagnostic::new(
            Code::ShellWithoutBash,
            line.span,
            format!(
                "`allowed-tools` does not allow `Bash` for `{command}`, and it is not a read-only command: Claude Code {version} checks shell lines before it runs the {}{}, and without the permission it refuses the whole {} (\"Shell command permission check failed for pattern ...\"); add `{suggestion}` to `allowed-tools`{}",
                noun,
                if line.in_code {
                    " (inside code too)"
                } else {
                    ""
                },
                noun,
                if line.in_code {
                    ", or write the example so that no space comes before the `!`"
                } else if allowed_tools_dropped(root) {
                    " (its `allowed-tools` are dropped with the invalid `hooks`: fix them first)"
                } else {
                    ""
                }
            ),
        );
        if let Some(fix) = allow(&suggestion) {
            d = d.with_fix(fix);
        }
        out.push(d);
    }
}

fn files(cx: Context<'_>, found: &refs::BodyRefs, out: &mut Vec<Diagnostic>) {
    let (Some(path), Some(exists)) = (cx.path, cx.exists) else {
        return;
    };
    let home = cx.project.and_then(|p| p.home.as_deref());
    let resolve = |target: &str| resolve_import(path, target, home);
    // a long body links to the same few files many times: each target is resolved, looked up
    // and described once
    let mut broken = Broken::default();
    // `[Step 1]: [Description]` in a template is a reference definition to CommonMark, not a link
    for l in found.links.iter().filter(|l| !l.target.starts_with('[')) {
        broken.report(&l.target, l.span, out, || {
            let target = resolve(&l.target).filter(|t| !exists(t))?;
            Some(format!(
                "`{}` does not exist (looked for {}): the link is broken for Claude and for readers",
                l.target,
                target.display()
            ))
        });
    }
    // a skill's own folders, named in a code span (`references/guide.md`): how skills point at
    // the files Claude reads on demand
    if cx.kind == Kind::Skill {
        for c in found.code_paths.iter().filter(|c| {
            ["references/", "scripts/", "assets/"]
                .iter()
                .any(|p| c.target.starts_with(p))
        }) {
            if let Some(target) = resolve(&c.target)
                && !exists(&target)
            {
                out.push(Diagnostic::new(
                    Code::BrokenLink,
                    c.span,
                    format!(
                        "`{}` is not in the skill's folder (looked for {}): when Claude follows this pointer it finds nothing",
                        c.target,
                        target.display()
                    ),
                ));
            }
        }
    }
    let mut missing = Broken::default();
    for f in found.files.iter().filter(|f| !f.in_code) {
        missing.report(&f.text, f.span, out, || {
            let target = resolve_at(path, &f.text, home).filter(|t| !exists(t))?;
            Some(format!(
                "`@{}` points to no file (looked for {}; Claude Code reads `@path` relative to the project): it silently reads nothing in its place",
                f.text,
                target.display()
            ))
        });
    }
}

/// What each target written in a body was found to be, by its text: `None` when it resolves to
/// a file that exists, the `broken-link` message when not.
#[derive(Default)]
struct Broken<'a>(std::collections::HashMap<&'a str, Option<String>>);

impl<'a> Broken<'a> {
    /// Reports `target` written at `span` if it is broken; `describe` looks it up the first time.
    fn report(
        &mut self,
        target: &'a str,
        span: Span,
        out: &mut Vec<Diagnostic>,
        describe: impl FnOnce() -> Option<String>,
    ) {
        if let Some(message) = self.0.entry(target).or_insert_with(describe) {
            out.push(Diagnostic::new(Code::BrokenLink, span, message.clone()));
        }
    }
}

/// Where an `@path` reference points: Claude Code reads it relative to the project (the folder
/// that holds `.claude`; observed with 2.1.330), or to the file's folder outside a project.
pub fn resolve_at(path: &Path, target: &str, home: Option<&Path>) -> Option<PathBuf> {
    match project_root(path) {
        Some(root) if !target.starts_with("~/") && !Path::new(target).is_absolute() => {
            Some(root.join(target.strip_prefix("./").unwrap_or(target)))
        }
        _ => resolve_import(path, target, home),
    }
}

/// The folder holding the `.claude` folder this file lives in, if any.
fn project_root(path: &Path) -> Option<&Path> {
    path.ancestors()
        .find(|a| a.file_name().is_some_and(|n| n == ".claude"))
        .and_then(Path::parent)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bash_rules_match_like_permissions() {
        assert!(allows("git status", "git status"));
        assert!(!allows("git status", "git status --short"));
        assert!(allows("git add:*", "git add ."));
        assert!(allows("git add:*", "git add"));
        assert!(!allows("git add:*", "git addx"));
        assert!(allows("npm run *", "npm run test"));
        assert!(!allows("npm run *", "npx run"));
    }

    /// As Claude Code 2.1.330 judged these lines (catalog.toml, `read_only_commands`).
    #[test]
    fn read_only_lines() {
        for ran in [
            "echo hi",
            "git status",
            "git tag",
            "git remote -v",
            "cat README.md",
            "ls -la && pwd",
        ] {
            assert!(read_only(ran), "{ran}");
        }
        for refused in [
            "env",
            "printenv HOME",
            "git tag v1",
            "git branch newb",
            "git remote add x y",
            "find . -delete",
            "touch x && echo hi",
            "echo hi > x",
        ] {
            assert!(!read_only(refused), "{refused}");
        }
    }

    fn allowed(text: &str) -> String {
        let header = Header::parse(text);
        let fix = allow_fix(&header, "Bash(npm:*)").expect("a fix");
        let (span, new) = &fix.edits[0];
        format!("{}{new}{}", &text[..span.start], &text[span.end..])
    }

    #[test]
    fn allowing_a_rule_keeps_the_form_of_the_list() {
        assert_eq!(
            allowed("---\ndescription: d\n---\nx\n"),
            "---\nallowed-tools: Bash(npm:*)\ndescription: d\n---\nx\n"
        );
        assert_eq!(
            allowed("---\nallowed-tools: Read, Grep\n---\n"),
            "---\nallowed-tools: Read, Grep, Bash(npm:*)\n---\n"
        );
        assert_eq!(
            allowed("---\nallowed-tools: [Read, Grep]\n---\n"),
            "---\nallowed-tools: [Read, Grep, Bash(npm:*)]\n---\n"
        );
        assert_eq!(
            allowed("---\nallowed-tools:\n  - Read\n  - Grep\n---\n"),
            "---\nallowed-tools:\n  - Read\n  - Grep\n  - Bash(npm:*)\n---\n"
        );
        assert_eq!(
            allowed("---\nallowed-tools:\n---\n"),
            "---\nallowed-tools: Bash(npm:*)\n---\n"
        );
    }
}
