//! Across files: other agents with the same name, and which one Claude Code keeps.

use crate::catalog::Code;
use std::path::Path;

use crate::analysis::project::{Scope, scope_of};
use crate::syntax::Span;

use super::{Context, Diagnostic};

/// Other agents with the same name in the project: who wins, by Claude Code's precedence
/// (project over user; plugin agents are namespaced and never clash).
pub(super) fn duplicates(name: &str, span: Span, cx: Context<'_>, out: &mut Vec<Diagnostic>) {
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
                Code::ShadowedAgent,
                span,
                format!(
                    "this project agent shadows the user agent `{name}` in {}: Claude Code uses this one",
                    other.path.display()
                ),
            ),
            (Scope::User, Scope::Project) => Diagnostic::new(
                Code::DuplicateAgentName,
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
    // Claude Code's precedence: the nearest `.claude/agents` folder (the deepest) wins; within
    // one folder tree, the path that sorts last by UTF-16 code units
    let rank = |p: &Path| {
        (
            agents_root_depth(p),
            p.to_string_lossy().encode_utf16().collect::<Vec<u16>>(),
        )
    };
    let active = same_scope
        .iter()
        .map(|a| a.path.as_path())
        .chain(std::iter::once(path))
        .max_by_key(|p| rank(p))
        .unwrap_or(path);
    let verdict = if active == path {
        "Claude Code keeps this file and ignores the others".to_string()
    } else {
        format!(
            "Claude Code keeps {} (`Duplicate agent name ... active: ...`) and ignores this file",
            active.display()
        )
    };
    let mut d = Diagnostic::new(
        Code::DuplicateAgentName,
        span,
        format!(
            "agent `{name}` is also defined in {}: {verdict} (the nearest `.claude/agents` folder wins, then the path that sorts last); rename all but one",
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

/// How deep the `.claude/agents` folder holding `path` is (0 when there is none).
fn agents_root_depth(path: &Path) -> usize {
    let comps: Vec<_> = path.components().collect();
    comps
        .windows(2)
        .rposition(|w| w[0].as_os_str() == ".claude" && w[1].as_os_str() == "agents")
        .map(|i| i + 1)
        .unwrap_or(0)
}
