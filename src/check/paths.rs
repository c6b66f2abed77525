//! The paths `check` is given, made absolute for the analysis and shown back as they were written.
//!
//! Every finding is computed on absolute paths, as the server computes them from its URIs, so
//! `check .`, `check DIR` (relative or absolute) and `check FILE` agree: an import's target, a
//! project's folder, a command's name never depend on how the path was typed. Only the printed
//! paths keep the user's spelling (`./CLAUDE.md` for `check .`).

use std::path::{Path, PathBuf};

/// Each argument: its absolute, lexically normalised form, and the form it was written in.
#[derive(Debug, Default)]
pub struct Roots(Vec<(PathBuf, PathBuf)>);

impl Roots {
    pub fn of(given: &[PathBuf]) -> Roots {
        let mut roots: Vec<(PathBuf, PathBuf)> =
            given.iter().map(|g| (absolute(g), g.clone())).collect();
        // the longest root first, so a file is shown through the most specific argument
        roots.sort_by_key(|(abs, _)| std::cmp::Reverse(abs.components().count()));
        Roots(roots)
    }

    /// The absolute paths, in the order the arguments were given.
    pub fn absolute(given: &[PathBuf]) -> Vec<PathBuf> {
        given.iter().map(|g| absolute(g)).collect()
    }

    /// `path` (absolute) as the user would write it: below a relative argument, through that
    /// argument; anything else as it is.
    pub fn shown(&self, path: &Path) -> PathBuf {
        for (abs, given) in &self.0 {
            if given.is_absolute() {
                continue;
            }
            if let Ok(rest) = path.strip_prefix(abs) {
                return if rest.as_os_str().is_empty() {
                    given.clone()
                } else {
                    given.join(rest)
                };
            }
        }
        path.to_path_buf()
    }

    /// `message` with the paths below a relative argument written through it (a finding's message
    /// may name another file: "also defined in ./.claude/agents/b.md").
    pub fn shown_in(&self, message: &str) -> String {
        let mut out = message.to_string();
        for (abs, given) in &self.0 {
            if given.is_absolute() || abs.as_os_str().len() <= 1 {
                continue;
            }
            let from = format!("{}/", abs.display());
            if out.contains(&from) {
                let to = format!("{}/", given.display().to_string().trim_end_matches('/'));
                out = out.replace(&from, &to);
            }
        }
        out
    }
}

/// `path` made absolute against the current folder, `.` and `..` resolved as text (symlinks are
/// kept, as the editor's URIs keep them).
pub fn absolute(path: &Path) -> PathBuf {
    if path.is_absolute() {
        return crate::analysis::project::normalize(path);
    }
    match std::env::current_dir() {
        Ok(cwd) => crate::analysis::project::normalize(&cwd.join(path)),
        Err(_) => path.to_path_buf(),
    }
}

/// The project a named file belongs to, as an editor opened on it would index it: the folder
/// above the `.claude` it sits in, or else the nearest folder above it that holds a `.claude`
/// folder. `None` for a file outside any such project (a loose agent, a collection).
pub fn project_of_file(file: &Path) -> Option<PathBuf> {
    let mut dir = file.parent();
    while let Some(d) = dir {
        if d.file_name().is_some_and(|n| n == ".claude") {
            return d.parent().map(Path::to_path_buf);
        }
        dir = d.parent();
    }
    file.ancestors()
        .skip(1)
        .find(|d| d.join(".claude").is_dir())
        .map(Path::to_path_buf)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_arguments_are_shown_as_written() {
        let cwd = std::env::current_dir().unwrap();
        let roots = Roots::of(&[PathBuf::from("."), PathBuf::from("../x/./y")]);
        assert_eq!(
            roots.shown(&cwd.join("CLAUDE.md")),
            PathBuf::from("./CLAUDE.md")
        );
        let y = absolute(Path::new("../x/y"));
        assert_eq!(roots.shown(&y.join("a.md")), PathBuf::from("../x/./y/a.md"));
        assert_eq!(
            roots.shown(Path::new("/elsewhere/a.md")),
            PathBuf::from("/elsewhere/a.md")
        );
        assert_eq!(
            absolute(Path::new("/a/b/../c/./d")),
            PathBuf::from("/a/c/d")
        );
    }
}
