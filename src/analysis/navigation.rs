//! Go to definition, find references and rename across agent files: pure functions of the project
//! index and of the files' texts. The caller hands in a reader (open documents first, then the
//! disk through `crate::workspace`), so no I/O happens here and every question is testable.

use std::path::{Path, PathBuf};

use super::edit::{SourceChange, TextEdit};
use super::project::{self, Project};
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

/// What the cursor at `offset` of a document points to: the skill of a `skills:` item, or the
/// agents named by the reference under it.
pub fn definition(project: &Project, text: &str, header: &Header, offset: usize) -> Vec<Target> {
    if let Some((skill, _)) = project::skill_at(header, offset) {
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
    let Some((name, _)) = project::name_at(text, header, offset) else {
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

/// The name of an agent the project knows, under the cursor (what rename and references act on).
pub fn known_name_at(
    project: &Project,
    text: &str,
    header: &Header,
    offset: usize,
) -> Option<(String, Span)> {
    let (name, span) = project::name_at(text, header, offset)?;
    let known = project.named(&name).next().is_some();
    known.then_some((name, span))
}

/// Every reference to agent `name` across the indexed agent files, read through `read`.
pub fn references(
    project: &Project,
    name: &str,
    read: impl Fn(&Path) -> Option<Source>,
) -> Vec<Reference> {
    let mut out = Vec::new();
    for a in &project.agents {
        let Some(src) = read(&a.path) else {
            continue;
        };
        let header = Header::parse(&src.text);
        let decl = header
            .frontmatter()
            .and_then(|f| f.entry("name"))
            .map(|e| e.value.span);
        let spans = project::references_in(&src.text, &header, name);
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
    old: &str,
    new: &str,
    refs: &[Reference],
    move_files: bool,
) -> SourceChange {
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
            .filter_map(|(p, t)| project::record(Path::new(p), t, &Header::parse(t), None))
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
        let targets = definition(&p, LEAD, &Header::parse(LEAD), at);
        assert_eq!(targets.len(), 1);
        assert_eq!(targets[0].path, Path::new("/p/.claude/agents/worker.md"));
        assert_eq!(
            targets[0].range.map(|r| (r.start.line, r.start.utf16)),
            Some((1, 6))
        );

        let refs = references(&p, "worker", read);
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

        let change = rename(&p, "worker", "doer", &refs, true);
        assert_eq!(change.files.len(), 2);
        assert_eq!(
            change.ops,
            [super::super::edit::FileOp::Rename {
                from: "/p/.claude/agents/worker.md".into(),
                to: "/p/.claude/agents/doer.md".into()
            }]
        );
        assert!(!rename(&p, "worker", "doer", &refs, false).has_file_ops());
        assert_eq!(
            known_name_at(&p, LEAD, &Header::parse(LEAD), at).map(|n| n.0),
            Some("worker".into())
        );
        assert!(invalid_new_name("Bad Name").is_some());
        assert!(invalid_new_name("good-name").is_none());
    }
}
