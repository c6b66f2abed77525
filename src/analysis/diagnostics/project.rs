//! Across files: other agents with the same name, and which one Claude Code keeps.

use crate::catalog::Code;
use std::path::Path;

use crate::analysis::project::{AgentRecord, Scope, scope_of};
use crate::catalog::Kind;
use crate::syntax::frontmatter::Entry;
use crate::syntax::{Header, Span};

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

/// Where skill `name` may live for a file at `path`: the project's `.claude/skills/` (every
/// ancestor that holds a `.claude` folder), the user's, and a plugin's own `skills/` (the folder
/// beside the plugin's `agents/`).
fn skill_candidates(path: &Path, name: &str, home: Option<&Path>) -> Vec<std::path::PathBuf> {
    let mut out: Vec<std::path::PathBuf> = path
        .ancestors()
        .skip(1)
        .map(|a| a.join(".claude").join("skills").join(name).join("SKILL.md"))
        .collect();
    if let Some(h) = home {
        out.push(h.join(".claude").join("skills").join(name).join("SKILL.md"));
    }
    if let Some(plugin) = path
        .ancestors()
        .find(|a| a.file_name().is_some_and(|n| n == "agents"))
        .and_then(Path::parent)
    {
        out.push(plugin.join("skills").join(name).join("SKILL.md"));
    }
    out
}

/// An agent's `skills:` items that name no skill anywhere: Claude Code preloads nothing for them.
pub(super) fn unknown_skills(e: &Entry, cx: Context<'_>, out: &mut Vec<Diagnostic>) {
    let (Some(project), Some(path), Some(exists)) = (cx.project, cx.path, cx.exists) else {
        return;
    };
    if !project.complete {
        return;
    }
    let Some(list) = e.value.list_items() else {
        return;
    };
    for item in list.items.iter().filter(|i| !i.nested) {
        let name = item.text.as_str();
        // `plugin:skill` names a plugin's skill: not resolved here
        if name.is_empty() || name.contains(':') || project.skills.contains_key(name) {
            continue;
        }
        if skill_candidates(path, name, project.home.as_deref())
            .iter()
            .any(|p| exists(p))
        {
            continue;
        }
        let known: Vec<&str> = project.skills.keys().map(String::as_str).collect();
        out.push(super::did_you_mean_diagnostic(
            Code::UnknownSkill,
            item.span,
            name,
            format!("no skill `{name}` in this workspace, `.claude/skills/` or `~/.claude/skills/`: Claude Code preloads nothing for it"),
            known.iter().copied(),
            || "a skill is a folder holding a `SKILL.md`; its folder name is its name".into(),
        ));
    }
}

/// A skill's or command's `agent:` that names no agent (none in the workspace, none built in).
pub(super) fn unknown_agent(e: &Entry, name: &str, cx: Context<'_>, out: &mut Vec<Diagnostic>) {
    let Some(project) = cx.project.filter(|p| p.complete) else {
        return;
    };
    let cat = crate::catalog::get();
    let name = name.trim();
    if name.is_empty()
        || name.contains(':')
        || cat.builtin_agents.iter().any(|a| a.name == name)
        || project.named(name).next().is_some()
    {
        return;
    }
    let on_disk = cx.path.zip(cx.exists).is_some_and(|(path, exists)| {
        path.ancestors()
            .skip(1)
            .map(|a| a.join(".claude").join("agents").join(format!("{name}.md")))
            .chain(
                project
                    .home
                    .iter()
                    .map(|h| h.join(".claude").join("agents").join(format!("{name}.md"))),
            )
            .any(|p| exists(&p))
    });
    if on_disk {
        return;
    }
    let names: Vec<&str> = project
        .agent_names()
        .map(|(n, _)| n)
        .chain(cat.builtin_agents.iter().map(|a| a.name.as_str()))
        .collect();
    out.push(super::did_you_mean_diagnostic(
        Code::UnknownAgent,
        e.value.span,
        name,
        format!(
            "no agent `{name}` in this workspace, and none built into Claude Code: with `context: fork` Claude Code {} runs the {} on `general-purpose` instead (\"not available as a fork base\")",
            cat.verified_with,
            cx.kind.spec().noun
        ),
        names.iter().copied(),
        || {
            format!(
                "built in: {}",
                cat.builtin_agents
                    .iter()
                    .map(|a| a.name.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        },
    ));
}

/// Skills and commands that answer to the same `/name` in the same scope: Claude Code runs one.
pub(super) fn invocable_duplicates(header: &Header, cx: Context<'_>, out: &mut Vec<Diagnostic>) {
    let (Some(project), Some(path)) = (cx.project, cx.path) else {
        return;
    };
    if !matches!(cx.kind, Kind::Skill | Kind::Command) {
        return;
    }
    let Some(me) = project.record_of(path) else {
        return;
    };
    let others: Vec<&AgentRecord> = project
        .invocable_named(&me.name)
        .filter(|a| a.path != path && a.scope == me.scope)
        // only the files of one `.claude` folder (or one plugin: plugins are namespaced) collide
        .filter(|a| owner(&a.path) == owner(path))
        .collect();
    if others.is_empty() {
        return;
    }
    // which one Claude Code runs: see `winner`
    let all: Vec<&AgentRecord> = others.iter().copied().chain(std::iter::once(me)).collect();
    let active = winner(&all);
    let verdict = if active.path == path {
        format!(
            "Claude Code {} runs this one",
            crate::catalog::get().verified_with
        )
    } else {
        format!(
            "Claude Code {} runs {} and this {} is never used",
            crate::catalog::get().verified_with,
            active.path.display(),
            cx.kind.spec().noun
        )
    };
    let span = header
        .frontmatter()
        .and_then(|fm| fm.entry("name"))
        .filter(|_| cx.kind == Kind::Skill)
        .map(|e| e.value.span)
        .unwrap_or(Span::new(0, header.first_line_end));
    let listed: Vec<String> = others
        .iter()
        .take(3)
        .map(|a| format!("{} {}", a.kind.spec().noun, a.path.display()))
        .collect();
    let mut d = Diagnostic::new(
        Code::DuplicateSkillName,
        span,
        format!(
            "`/{}` is also the {}: {verdict}; rename one of them",
            me.name,
            listed.join(", ")
        ),
    );
    for o in others.iter().take(10) {
        d = d.with_related_file(
            o.path.clone(),
            o.name_pos,
            format!("`/{}` is also defined here", me.name),
        );
    }
    out.push(d);
}

/// The folder that holds the `skills/` or `commands/` folder of a file (a project's `.claude`, a
/// plugin).
fn owner(path: &Path) -> Option<&Path> {
    let kind_folder = |a: &Path| {
        a.file_name()
            .is_some_and(|n| n == "skills" || n == "commands")
    };
    // `.claude/commands/skills/x.md` belongs to `.claude`, not to `.claude/commands`
    path.ancestors()
        .find(|a| {
            kind_folder(a) && a.parent().and_then(Path::file_name) == Some(".claude".as_ref())
        })
        .or_else(|| path.ancestors().find(|a| kind_folder(a)))
        .and_then(Path::parent)
}

/// Of the skills and commands with one name, the one Claude Code runs.
fn winner<'a>(all: &[&'a AgentRecord]) -> &'a AgentRecord {
    // a skill wins over a command; between two of one kind, the first path
    let mut sorted = all.to_vec();
    sorted.sort_by(|a, b| (a.kind != Kind::Skill, &a.path).cmp(&(b.kind != Kind::Skill, &b.path)));
    sorted[0]
}
