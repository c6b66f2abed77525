//! Go to definition, find references and rename across agent files: pure functions of the project
//! index and of the files' texts. The caller hands in a reader (open documents first, then the
//! disk through `crate::workspace`), so no I/O happens here and every question is testable.

use std::path::{Path, PathBuf};

use super::edit::{SourceChange, TextEdit};
use super::project::{self, Project};
use crate::catalog::Kind;
use crate::syntax::{Header, Span};
use crate::text::{LineIndex, TextRange};

/// A file's text as the caller has it: an open document (with its version) or the disk.
#[derive(Clone, Debug)]
pub struct Source {
    pub text: String,
    pub version: Option<i32>,
}

/// Where a definition is: a place in a file, or a whole file (a skill's `SKILL.md`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Target {
    pub path: PathBuf,
    pub range: Option<TextRange>,
}

/// One reference to an agent, in some file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reference {
    pub path: PathBuf,
    pub version: Option<i32>,
    pub span: Span,
    pub range: TextRange,
    /// The `name:` value that declares the agent.
    pub declaration: bool,
}

/// What a name under the cursor stands for: an agent (by its `name`) or a skill (by its folder).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Symbol {
    Agent(String),
    Skill(String),
}

impl Symbol {
    pub fn name(&self) -> &str {
        match self {
            Symbol::Agent(n) | Symbol::Skill(n) => n,
        }
    }
}

/// The agent or skill under the cursor of a document of `kind` at `path`: an agent reference
/// (see [`project::name_at`]), an agent's `skills:` item, or a skill's own `name:` value (which
/// stands for the skill, whose identity is its folder). With `known`, only what the index knows.
pub fn symbol_at(
    project: &Project,
    kind: Kind,
    path: Option<&Path>,
    text: &str,
    header: &Header,
    offset: usize,
    known: bool,
) -> Option<(Symbol, Span)> {
    if kind == Kind::Agent
        && let Some((skill, span)) = project::skill_at(header, offset)
    {
        return (!known || project.skills.contains_key(&skill))
            .then_some((Symbol::Skill(skill), span));
    }
    if kind == Kind::Skill {
        let e = header.frontmatter()?.entry("name")?;
        if !e.value.span.touches(offset) {
            return None;
        }
        let folder = path?.parent()?.file_name()?.to_str()?.to_string();
        return (!known || project.skills.contains_key(&folder))
            .then_some((Symbol::Skill(folder), e.value.span));
    }
    let (name, span) = project::name_at(kind, text, header, offset)?;
    let known_agent = project.named(&name).next().is_some();
    (!known || known_agent).then_some((Symbol::Agent(name), span))
}

/// What the cursor at `offset` of a document points to: the skill of a `skills:` item, or the
/// agents named by the reference under it.
pub fn definition(
    project: &Project,
    kind: Kind,
    text: &str,
    header: &Header,
    offset: usize,
) -> Vec<Target> {
    if kind == Kind::Agent
        && let Some((skill, _)) = project::skill_at(header, offset)
    {
        return project
            .skills
            .get(&skill)
            .map(|path| {
                vec![Target {
                    path: path.clone(),
                    range: None,
                }]
            })
            .unwrap_or_default();
    }
    let Some((name, _)) = project::name_at(kind, text, header, offset) else {
        return Vec::new();
    };
    project
        .named(&name)
        .map(|a| Target {
            path: a.path.clone(),
            range: Some(a.name_pos),
        })
        .collect()
}

/// Every reference to `symbol` across the indexed files, read through `read`.
pub fn references(
    project: &Project,
    symbol: &Symbol,
    read: impl Fn(&Path) -> Option<Source>,
) -> Vec<Reference> {
    let name = symbol.name();
    let mut out = Vec::new();
    for a in &project.agents {
        let skill = matches!(symbol, Symbol::Skill(_));
        // a skill is referenced from agents' `skills:` and declared by its own `name:`
        if skill && !(a.kind == Kind::Agent || (a.kind == Kind::Skill && a.name == name)) {
            continue;
        }
        let Some(src) = read(&a.path) else {
            continue;
        };
        let header = Header::parse(&src.text);
        let decl = header
            .frontmatter()
            .and_then(|f| f.entry("name"))
            .map(|e| e.value.span)
            .filter(|_| a.kind == if skill { Kind::Skill } else { Kind::Agent });
        let spans = if skill {
            skill_references_in(&src.text, &header, a.kind, name)
        } else {
            project::references_in(a.kind, &src.text, &header, name)
        };
        if spans.is_empty() {
            continue;
        }
        let index = LineIndex::new(&src.text);
        for span in spans {
            out.push(Reference {
                path: a.path.clone(),
                version: src.version,
                span,
                range: index.range(&src.text, span),
                declaration: Some(span) == decl,
            });
        }
    }
    out
}

/// The places of one file that name skill `name`: an agent's `skills:` items, a skill's own
/// `name:` value.
fn skill_references_in(text: &str, header: &Header, kind: Kind, name: &str) -> Vec<Span> {
    let Some(fm) = header.frontmatter() else {
        return Vec::new();
    };
    match kind {
        Kind::Agent => fm
            .entry("skills")
            .and_then(|e| e.value.list_items())
            .map(|l| {
                l.items
                    .iter()
                    .filter(|i| !i.nested && i.text == name)
                    .map(|i| i.span)
                    .collect()
            })
            .unwrap_or_default(),
        Kind::Skill => fm
            .entry("name")
            .filter(|e| text.get(e.value.span.start..e.value.span.end) == Some(name))
            .map(|e| vec![e.value.span])
            .unwrap_or_default(),
        _ => Vec::new(),
    }
}

/// Why `new` cannot be an agent's name, if it cannot.
pub fn invalid_new_name(new: &str) -> Option<String> {
    (!super::diagnostics::valid_name(new)).then(|| {
        format!("`{new}` is not a valid agent name: use lowercase letters, digits and hyphens")
    })
}

/// Renaming agent `old` to `new`: every reference edited, and, when `move_files`, each agent file
/// named after the agent (`old.md`) renamed to `new.md`.
pub fn rename(
    project: &Project,
    symbol: &Symbol,
    new: &str,
    refs: &[Reference],
    move_files: bool,
) -> SourceChange {
    let old = symbol.name();
    let mut change = SourceChange::default();
    for r in refs {
        let edit = TextEdit {
            span: r.span,
            range: r.range,
            new_text: new.to_string(),
        };
        match change.files.iter_mut().find(|f| f.path == r.path) {
            Some(f) => f.edits.push(edit),
            None => change.files.push(super::edit::FileEdits {
                path: r.path.clone(),
                version: r.version,
                edits: vec![edit],
            }),
        }
    }
    change.files.sort_by(|a, b| a.path.cmp(&b.path));
    if let (Symbol::Skill(_), true) = (symbol, move_files) {
        // the skill's identity is its folder: `skills/old/` becomes `skills/new/`
        if let Some(dir) = project.skills.get(old).and_then(|p| p.parent()) {
            change = change.merge(SourceChange::rename_file(
                dir.to_path_buf(),
                dir.with_file_name(new),
            ));
        }
        return change;
    }
    if move_files {
        for a in project.named(old) {
            if a.path.file_stem().and_then(|s| s.to_str()) == Some(old) {
                change = change.merge(SourceChange::rename_file(
                    a.path.clone(),
                    a.path.with_file_name(format!("{new}.md")),
                ));
            }
        }
    }
    change
}

#[cfg(test)]
mod tests {
    use super::*;

    fn project(files: &[(&str, &str)]) -> Project {
        let agents = files
            .iter()
            .filter_map(|(p, t)| {
                let kind = if p.ends_with("SKILL.md") {
                    Kind::Skill
                } else {
                    Kind::Agent
                };
                project::record(kind, Path::new(p), t, &Header::parse(t), None)
            })
            .collect();
        Project::default().with_agents(agents)
    }

    const LEAD: &str =
        "---\nname: lead\ndescription: d\ntools: Agent(worker)\n---\nUse `worker`.\n";
    const WORKER: &str = "---\nname: worker\ndescription: d\n---\nbody\n";

    fn read(path: &Path) -> Option<Source> {
        let text = match path.to_str()? {
            "/p/.claude/agents/lead.md" => LEAD,
            "/p/.claude/agents/worker.md" => WORKER,
            _ => return None,
        };
        Some(Source {
            text: text.into(),
            version: None,
        })
    }

    #[test]
    fn definition_references_and_rename() {
        let p = project(&[
            ("/p/.claude/agents/lead.md", LEAD),
            ("/p/.claude/agents/worker.md", WORKER),
        ]);
        let at = LEAD.find("worker)").unwrap() + 1;
        let targets = definition(&p, Kind::Agent, LEAD, &Header::parse(LEAD), at);
        assert_eq!(targets.len(), 1);
        assert_eq!(targets[0].path, Path::new("/p/.claude/agents/worker.md"));
        assert_eq!(
            targets[0].range.map(|r| (r.start.line, r.start.utf16)),
            Some((1, 6))
        );

        let worker = Symbol::Agent("worker".into());
        let refs = references(&p, &worker, read);
        let found: Vec<_> = refs
            .iter()
            .map(|r| {
                (
                    r.path.file_name().unwrap().to_str().unwrap(),
                    r.range.start.line,
                    r.declaration,
                )
            })
            .collect();
        assert_eq!(
            found,
            [
                ("lead.md", 3, false),
                ("lead.md", 5, false),
                ("worker.md", 1, true)
            ]
        );

        let change = rename(&p, &worker, "doer", &refs, true);
        assert_eq!(change.files.len(), 2);
        assert_eq!(
            change.ops,
            [super::super::edit::FileOp::Rename {
                from: "/p/.claude/agents/worker.md".into(),
                to: "/p/.claude/agents/doer.md".into()
            }]
        );
        assert!(!rename(&p, &worker, "doer", &refs, false).has_file_ops());
        assert_eq!(
            symbol_at(&p, Kind::Agent, None, LEAD, &Header::parse(LEAD), at, true).map(|n| n.0),
            Some(worker)
        );
        assert!(invalid_new_name("Bad Name").is_some());
        assert!(invalid_new_name("good-name").is_none());
    }

    const USER: &str = "---\nname: user\ndescription: d\nskills: [pdf, other]\n---\nbody\n";
    const PDF: &str = "---\nname: pdf\ndescription: Fill PDF forms.\n---\nbody\n";

    #[test]
    fn skills_definition_references_and_rename() {
        let p = project(&[
            ("/p/.claude/agents/user.md", USER),
            ("/p/.claude/skills/pdf/SKILL.md", PDF),
        ]);
        let read = |path: &Path| {
            let text = match path.to_str()? {
                "/p/.claude/agents/user.md" => USER,
                "/p/.claude/skills/pdf/SKILL.md" => PDF,
                _ => return None,
            };
            Some(Source {
                text: text.into(),
                version: None,
            })
        };
        let at = USER.find("pdf").unwrap() + 1;
        let header = Header::parse(USER);
        let targets = definition(&p, Kind::Agent, USER, &header, at);
        assert_eq!(targets[0].path, Path::new("/p/.claude/skills/pdf/SKILL.md"));
        let (symbol, _) = symbol_at(&p, Kind::Agent, None, USER, &header, at, true).unwrap();
        assert_eq!(symbol, Symbol::Skill("pdf".into()));
        // `other` is no skill of the project: nothing to rename
        let other = USER.find("other").unwrap();
        assert!(symbol_at(&p, Kind::Agent, None, USER, &header, other, true).is_none());
        // from the skill's own `name:`
        let skill_path = Path::new("/p/.claude/skills/pdf/SKILL.md");
        let on_name = PDF.find("pdf").unwrap();
        let from_skill = symbol_at(
            &p,
            Kind::Skill,
            Some(skill_path),
            PDF,
            &Header::parse(PDF),
            on_name,
            true,
        );
        assert_eq!(from_skill.map(|s| s.0), Some(symbol.clone()));

        let refs = references(&p, &symbol, read);
        let found: Vec<_> = refs
            .iter()
            .map(|r| (r.path.to_str().unwrap(), r.range.start.line, r.declaration))
            .collect();
        assert_eq!(
            found,
            [
                ("/p/.claude/agents/user.md", 3, false),
                ("/p/.claude/skills/pdf/SKILL.md", 1, true)
            ]
        );
        let change = rename(&p, &symbol, "pdf-forms", &refs, true);
        assert_eq!(change.files.len(), 2);
        assert_eq!(
            change.ops,
            [super::super::edit::FileOp::Rename {
                from: "/p/.claude/skills/pdf".into(),
                to: "/p/.claude/skills/pdf-forms".into()
            }]
        );
    }
}
