//! Document links: the relative links of an agent file's body, and the `@path` references that
//! Claude Code reads into skills and commands, each with the file it points to. Pure: the caller
//! gives the body's text; nothing here checks that the target exists (the `broken-link`
//! diagnostic does, through the context's `exists`).

use std::path::{Path, PathBuf};

use crate::catalog::Kind;
use crate::syntax::Span;
use crate::syntax::refs;

use super::diagnostics::{reads_body, resolve_at};
use super::project::resolve_import;

/// A link from a range of the document to a file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Link {
    pub span: Span,
    pub target: PathBuf,
}

/// The links of the body (`body` starts at byte `base`) of the file at `path`; `home` resolves
/// `~/`.
pub fn links(kind: Kind, path: &Path, body: &str, base: usize, home: Option<&Path>) -> Vec<Link> {
    let found = refs::scan(body, base);
    let mut out: Vec<Link> = found
        .links
        .iter()
        .chain(&found.code_paths)
        .filter(|l| !l.target.starts_with('['))
        .filter_map(|l| {
            resolve_import(path, &l.target, home).map(|target| Link {
                span: l.span,
                target,
            })
        })
        .collect();
    if reads_body(kind) {
        let imports = kind.spec().imports;
        let refs = if imports {
            &found.imports
        } else {
            &found.files
        };
        out.extend(refs.iter().filter(|f| !f.in_code).filter_map(|f| {
            // a memory file's imports are relative to it; a command's `@file` to the project
            let target = if imports {
                resolve_import(path, &f.text, home)
            } else {
                resolve_at(path, &f.text, home)
            };
            target.map(|target| Link {
                span: f.span,
                target,
            })
        }));
    }
    out.sort_by_key(|l| (l.span.start, l.span.end));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_and_file_references() {
        let body = "See [guide](references/guide.md#setup) and @notes/todo.md.\n`@not/this.md`\n[web](https://example.com)\nRun `scripts/fill.py`, not `npm test`.\n";
        let path = Path::new("/p/.claude/skills/x/SKILL.md");
        let got = links(Kind::Skill, path, body, 100, None);
        assert_eq!(got.len(), 3, "{got:?}");
        assert_eq!(
            got[0].target,
            PathBuf::from("/p/.claude/skills/x/references/guide.md")
        );
        let at = body.find("references/").unwrap() + 100;
        assert_eq!(got[0].span, Span::new(at, at + "references/guide.md".len()));
        // `@path` is read relative to the project, the folder that holds `.claude`
        assert_eq!(got[1].target, PathBuf::from("/p/notes/todo.md"));
        assert_eq!(
            got[2].target,
            PathBuf::from("/p/.claude/skills/x/scripts/fill.py")
        );
        let at = body.find("scripts/").unwrap() + 100;
        assert_eq!(got[2].span, Span::new(at, at + "scripts/fill.py".len()));
        // an agent's body is not expanded: `@path` is prose there
        assert_eq!(links(Kind::Agent, path, body, 0, None).len(), 2);
    }
}
