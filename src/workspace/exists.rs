//! Which files exist: asked of the disk once and remembered between keystrokes, or answered from
//! memory alone on the protocol loop ([`Probe`]).

use std::path::{Path, PathBuf};

/// Which files exist, remembered between keystrokes: the links and `@file`s of a body are checked
/// on every edit, and asking the disk for each of them each time costs more than the rest of the
/// analysis. The server forgets it when the client reports changed files, when a document opens or
/// closes, and an answer is asked again after [`Exists::FRESH`] in any case (a file created where
/// no watcher looks).
#[derive(Debug, Default)]
pub struct Exists {
    known: dashmap::DashMap<PathBuf, (FileState, std::time::Instant)>,
}

/// What [`Exists`] remembers of a path.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum FileState {
    Missing,
    Present,
    Executable,
}

impl Exists {
    pub const FRESH: std::time::Duration = std::time::Duration::from_secs(2);

    /// What is remembered of `path`, if it is fresh.
    fn cached(&self, path: &Path) -> Option<FileState> {
        self.remembered(path)
            .filter(|(_, fresh)| *fresh)
            .map(|(s, _)| s)
    }

    /// What is remembered of `path`, and whether it is fresh.
    fn remembered(&self, path: &Path) -> Option<(FileState, bool)> {
        self.known
            .get(path)
            .map(|e| (e.0, e.1.elapsed() < Self::FRESH))
    }

    /// Asks the disk again about each of `paths` (answers past [`Exists::FRESH`] that a probe
    /// used); true when one of them changed.
    pub fn refresh(&self, paths: &[PathBuf]) -> bool {
        let mut changed = false;
        for p in paths {
            let before = self.known.get(p.as_path()).map(|e| e.0);
            self.known.remove(p.as_path());
            changed |= before != Some(self.state(p));
        }
        changed
    }

    /// Asks the disk about `path` (on the blocking pool: it may wait for a slow file system).
    fn state(&self, path: &Path) -> FileState {
        if let Some(known) = self.cached(path) {
            return known;
        }
        let found = match std::fs::metadata(path) {
            Err(_) => FileState::Missing,
            Ok(m) if runs(&m) => FileState::Executable,
            Ok(_) => FileState::Present,
        };
        self.known
            .insert(path.to_path_buf(), (found, std::time::Instant::now()));
        found
    }

    pub fn check(&self, path: &Path) -> bool {
        self.state(path) != FileState::Missing
    }

    /// Whether the file may be run as a program.
    pub fn executable(&self, path: &Path) -> bool {
        self.state(path) == FileState::Executable
    }

    /// Asks the disk about each of `paths` and remembers the answers: what a [`Probe`] missed.
    /// The same name in every folder above is looked for too, since that is how the analysis
    /// walks up (the nearest `.git`, a `CLAUDE.md` in a parent), one answer leading to the next.
    pub fn look(&self, paths: &[PathBuf]) {
        for p in paths {
            self.state(p);
            let (Some(name), Some(dir)) = (p.file_name(), p.parent()) else {
                continue;
            };
            for above in dir.ancestors().skip(1) {
                self.state(&above.join(name));
            }
        }
    }

    /// A view that answers from memory alone, for the protocol loop.
    pub fn probe(&self) -> Probe<'_> {
        Probe {
            exists: self,
            missed: std::cell::RefCell::new(Vec::new()),
            stale: std::cell::RefCell::new(Vec::new()),
        }
    }

    pub fn forget(&self) {
        self.known.clear();
    }
}

/// [`Exists`] without the disk: a path it does not remember is noted as missed (and answered
/// as present, an answer nobody must keep: whoever used the probe asks the disk about
/// [`Probe::missed`] off the loop and computes again). An answer past [`Exists::FRESH`] is used
/// and noted as stale: whoever used it asks the disk again off the loop, and computes again only
/// if an answer changed ([`Exists::refresh`]).
pub struct Probe<'a> {
    exists: &'a Exists,
    missed: std::cell::RefCell<Vec<PathBuf>>,
    stale: std::cell::RefCell<Vec<PathBuf>>,
}

impl Probe<'_> {
    fn state(&self, path: &Path) -> FileState {
        match self.exists.remembered(path) {
            Some((state, fresh)) => {
                if !fresh {
                    self.stale.borrow_mut().push(path.to_path_buf());
                }
                state
            }
            None => {
                self.missed.borrow_mut().push(path.to_path_buf());
                FileState::Executable
            }
        }
    }

    pub fn check(&self, path: &Path) -> bool {
        self.state(path) != FileState::Missing
    }

    pub fn executable(&self, path: &Path) -> bool {
        self.state(path) == FileState::Executable
    }

    /// The paths it did not remember.
    pub fn missed(self) -> Vec<PathBuf> {
        self.missed.into_inner()
    }

    /// The paths it did not remember, and those it answered from a stale memory.
    pub fn finish(self) -> (Vec<PathBuf>, Vec<PathBuf>) {
        (self.missed.into_inner(), self.stale.into_inner())
    }
}

/// Whether the file at `path` may be run as a program: a file with an execute bit (Unix); any
/// file elsewhere.
pub fn is_executable(path: &Path) -> bool {
    std::fs::metadata(path).is_ok_and(|m| runs(&m))
}

/// Whether a file with this metadata may be run as a program.
fn runs(m: &std::fs::Metadata) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        m.is_file() && m.permissions().mode() & 0o111 != 0
    }
    #[cfg(not(unix))]
    {
        m.is_file()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_probe_answers_from_memory_and_look_fills_it_with_the_folders_above() {
        let dir = tempfile::tempdir().unwrap();
        let deep = dir.path().join("a/b/c");
        std::fs::create_dir_all(&deep).unwrap();
        std::fs::write(dir.path().join("a/.git"), "").unwrap();
        let exists = Exists::default();
        let probe = exists.probe();
        // the walk the analysis does: the nearest `.git` above a file
        let nearest = |p: &Probe| {
            deep.ancestors()
                .find(|a| p.check(&a.join(".git")))
                .map(Path::to_path_buf)
        };
        assert_eq!(
            nearest(&probe),
            Some(deep.clone()),
            "unknown reads as present"
        );
        let missed = probe.missed();
        assert_eq!(missed, [deep.join(".git")]);
        exists.look(&missed);
        let probe = exists.probe();
        assert_eq!(nearest(&probe), Some(dir.path().join("a")));
        assert!(probe.missed().is_empty(), "one look answers the whole walk");
        let probe = exists.probe();
        assert!(!probe.executable(&dir.path().join("a/.git")));
        assert!(probe.missed().is_empty());
        // an old answer is used, and named as stale; asking again says whether it changed
        let git = dir.path().join("a/.git");
        let old = std::time::Instant::now() - Exists::FRESH * 2;
        exists.known.insert(git.clone(), (FileState::Present, old));
        let probe = exists.probe();
        assert!(probe.check(&git));
        assert_eq!(probe.finish(), (Vec::new(), vec![git.clone()]));
        assert!(!exists.refresh(std::slice::from_ref(&git)), "still there");
        std::fs::remove_file(&git).unwrap();
        assert!(exists.refresh(std::slice::from_ref(&git)), "gone");
        assert!(!exists.probe().check(&git));
    }
}
