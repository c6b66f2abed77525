//! What is particular to a kind beyond its keys: for skills, the identity Claude Code gives them
//! (the folder) and the limits of the Agent Skills standard, which every other tool that reads
//! `SKILL.md` enforces (agentskills.io: `name` 1 to 64 lowercase letters, digits and single
//! hyphens, equal to the folder; `description` 1 to 1,024 characters; `compatibility` at most 500;
//! `metadata` strings only). Claude Code loads a skill that breaks them, so they are warnings.

use crate::catalog::Code;
use crate::syntax::frontmatter::Frontmatter;
use crate::syntax::load::Node;
use crate::syntax::{Header, Span};

use super::{Context, Diagnostic, Fix};

/// The standard's limits (characters).
const NAME_MAX: usize = 64;
const DESCRIPTION_MAX: usize = 1024;
const COMPATIBILITY_MAX: usize = 500;

pub(super) fn check(header: &Header, cx: Context<'_>, out: &mut Vec<Diagnostic>) {
    if !cx.kind.spec().standard {
        return;
    }
    let folder = cx
        .path
        .and_then(|p| p.parent())
        .and_then(|p| p.file_name())
        .and_then(|n| n.to_str());
    let Some(fm) = header.frontmatter() else {
        out.push(Diagnostic::new(
            Code::SkillStandard,
            Span::new(0, header.first_line_end),
            "no frontmatter: Claude Code loads the skill under its folder's name, but the Agent Skills standard requires a frontmatter with `name` and `description`, so other tools skip it",
        ));
        return;
    };
    let Some(load) = header.load.as_ref().filter(|l| !l.failed()) else {
        return;
    };
    let root = &load.root;
    name(fm, root, folder, out);
    let description = fm.entry("description");
    match root.get("description") {
        Some(Node::Str(d)) if !d.trim().is_empty() => {
            let n = d.chars().count();
            if n > DESCRIPTION_MAX {
                out.push(Diagnostic::new(
                    Code::SkillStandard,
                    description.map(|e| e.value.span).unwrap_or(fm.open),
                    format!(
                        "the description has {n} characters: the Agent Skills standard allows at most {DESCRIPTION_MAX}, so other tools reject the skill; keep what decides when to use it and move the rest into the body"
                    ),
                ));
            }
        }
        Some(Node::Str(_)) | Some(Node::Null) | None => out.push(Diagnostic::new(
            Code::SkillStandard,
            description.map(|e| e.key_span).unwrap_or(fm.open),
            "no `description`: Claude Code falls back to the first paragraph of the body, but the Agent Skills standard requires one (1 to 1,024 characters) and Claude decides when to use the skill from it; say what the skill does and when to use it",
        )),
        // a description that is not a string is `invalid-type` (keys.rs)
        Some(_) => {}
    }
    if let Some(Node::Str(c)) = root.get("compatibility") {
        let n = c.chars().count();
        if n > COMPATIBILITY_MAX {
            out.push(Diagnostic::new(
                Code::SkillStandard,
                fm.entry("compatibility")
                    .map(|e| e.value.span)
                    .unwrap_or(fm.open),
                format!(
                    "`compatibility` has {n} characters: the Agent Skills standard allows at most {COMPATIBILITY_MAX}"
                ),
            ));
        }
    }
    if let Some(Node::Map(m)) = root.get("metadata")
        && let Some((k, v)) = m.iter().find(|(_, v)| !matches!(v, Node::Str(_)))
    {
        out.push(Diagnostic::new(
            Code::SkillStandard,
            fm.entry("metadata").map(|e| e.value.span).unwrap_or(fm.open),
            format!(
                "`metadata.{k}` is {}: the Agent Skills standard allows only string values (quote it)",
                v.describe()
            ),
        ));
    }
}

fn name(fm: &Frontmatter, root: &Node, folder: Option<&str>, out: &mut Vec<Diagnostic>) {
    let e = fm.entry("name");
    let Some(Node::Str(name)) = root.get("name") else {
        // a `name` that is not a string is `invalid-type` (keys.rs)
        if root.get("name").is_none_or(|n| matches!(n, Node::Null)) {
            let mut d = Diagnostic::new(
                Code::SkillStandard,
                e.map(|e| e.key_span).unwrap_or(fm.open),
                format!(
                    "no `name`: Claude Code names the skill after its folder{}, but the Agent Skills standard requires `name`",
                    folder.map(|f| format!(" (`{f}`)")).unwrap_or_default()
                ),
            );
            if let (None, Some(f)) = (e, folder.filter(|f| standard_name(f).is_none())) {
                let nl = if fm.crlf { "\r\n" } else { "\n" };
                d = d.with_fix(Fix {
                    title: format!("Add `name: {f}`"),
                    edits: vec![(
                        Span::new(fm.content.start, fm.content.start),
                        format!("name: {f}{nl}"),
                    )],
                    rename_file: None,
                    safe: true,
                    preferred: true,
                });
            }
            out.push(d);
        }
        return;
    };
    let span = e.map(|e| e.value.span).unwrap_or(fm.open);
    if let Some(problem) = standard_name(name) {
        out.push(Diagnostic::new(
            Code::SkillStandard,
            span,
            format!(
                "`{name}` is not a valid skill name under the Agent Skills standard ({problem}); Claude Code loads it, other tools reject the skill"
            ),
        ));
    }
    if let Some(f) = folder
        && f != name
    {
        let mut d = Diagnostic::new(
            Code::SkillNameMismatch,
            span,
            format!(
                "`name` is `{name}` but the folder is `{f}`: Claude Code runs this skill as `/{f}` (the folder is its identity; `name` is only shown), and the Agent Skills standard requires them to be equal"
            ),
        );
        if standard_name(f).is_none() {
            d = d.with_fix(Fix::replace(format!("Change `name` to `{f}`"), span, f));
        }
        out.push(d);
    }
}

/// What breaks the standard's name rule, if anything.
fn standard_name(name: &str) -> Option<String> {
    let n = name.chars().count();
    if n == 0 || n > NAME_MAX {
        return Some(format!("1 to {NAME_MAX} characters, this one has {n}"));
    }
    if !name
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
    {
        return Some("only lowercase letters, digits and hyphens".into());
    }
    if name.starts_with('-') || name.ends_with('-') || name.contains("--") {
        return Some("no leading, trailing or double hyphen".into());
    }
    None
}
