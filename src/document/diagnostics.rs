//! A document's diagnostics: [`DiagnosticsInput`], everything besides the text that decides
//! them, and [`Document::diagnostics_with`], the one function that makes them
//! ([`Document::diagnostics`] and [`Document::diagnostics_in`] are shorthands for it).

use std::path::Path;

use super::{Document, Stamp};
use crate::analysis::config::Config;
use crate::analysis::project::Project;
use crate::analysis::{Diagnostic, diagnostics};
use crate::catalog::Kind;
use crate::syntax::Span;

/// What decides a document's diagnostics besides its text. The default: no project, no
/// configuration, inline suppressions counted, the disk asked whether files exist, nothing kept.
#[derive(Clone, Copy)]
pub struct DiagnosticsInput<'a> {
    /// The rest of the project, for the diagnostics across files.
    pub project: Option<&'a Project>,
    /// The file's configuration (levels, known names).
    pub config: Option<&'a Config>,
    /// Whether inline suppressions count.
    pub inline_suppressions: bool,
    /// Whether a file that the body names exists.
    pub exists: &'a dyn Fn(&Path) -> bool,
    /// Whether a file may be run as a program (a hook's script).
    pub executable: &'a dyn Fn(&Path) -> bool,
    /// Names the project and the configuration: the findings of the head are then kept, and
    /// reused by the next call with the same stamp while the head was not parsed again (a
    /// keystroke in the body cannot change them). `None`: nothing kept or reused.
    pub stamp: Option<Stamp>,
    /// The kind to read the document as when its path makes it no agent file: a file that a
    /// memory file imports ([`Kind::Imported`], known from the project's import graph).
    pub kind: Option<Kind>,
}

impl Default for DiagnosticsInput<'_> {
    fn default() -> Self {
        DiagnosticsInput {
            project: None,
            config: None,
            inline_suppressions: true,
            exists: &on_disk,
            // the I/O layer's question (the server and `check` ask the disk): assumed yes here
            executable: &|_: &Path| true,
            stamp: None,
            kind: None,
        }
    }
}

impl std::fmt::Debug for DiagnosticsInput<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DiagnosticsInput")
            .field("project", &self.project)
            .field("config", &self.config)
            .field("inline_suppressions", &self.inline_suppressions)
            .field("stamp", &self.stamp)
            .finish_non_exhaustive()
    }
}

fn on_disk(path: &Path) -> bool {
    path.exists()
}

impl Document {
    /// [`Document::diagnostics_with`] the default input: this file alone.
    pub fn diagnostics(&self) -> Vec<Diagnostic> {
        self.diagnostics_with(DiagnosticsInput::default())
    }

    /// Diagnostics, with the rest of the project for those across files, inline suppressions
    /// applied.
    pub fn diagnostics_in(&self, project: Option<&Project>) -> Vec<Diagnostic> {
        self.diagnostics_with(DiagnosticsInput {
            project,
            ..DiagnosticsInput::default()
        })
    }

    /// The diagnostics shown for the document, with everything that decides them.
    pub fn diagnostics_with(&self, input: DiagnosticsInput<'_>) -> Vec<Diagnostic> {
        let kind = self.kind().or(input.kind).unwrap_or_default();
        // with the body's references kept, nothing reads the body whole: no copy of it
        let refs = self.body_refs.as_ref();
        let body = match refs {
            Some(_) => None,
            None => {
                diagnostics::checked_from(kind, self.body_offset()).map(|at| self.text_from(at))
            }
        };
        // a span asked for may end inside a character (the first 4,096 bytes of the file): both
        // ends are moved back to the start of the character they fall in
        let read = |s: Span| {
            let len = self.rope.len_bytes();
            let align = |b: usize| self.rope.char_to_byte(self.rope.byte_to_char(b.min(len)));
            let (start, end) = (align(s.start), align(s.end));
            self.rope.byte_slice(start..end.max(start)).to_string()
        };
        let body_chars = refs.map(|c| {
            let len = self.rope.len_bytes();
            self.rope.byte_to_char(len) - self.rope.byte_to_char(c.base().min(len))
        });
        let cx = diagnostics::Context {
            kind,
            file_stem: self.file_stem(),
            body_blank: self.body_blank(),
            file_len: self.rope.len_bytes(),
            path: self.path.as_deref(),
            project: input.project,
            known: None,
            plugin: false,
            body: body.as_ref().map(|(b, at)| (b.as_str(), *at)),
            refs: refs.map(|c| c.refs()),
            read: Some(&read),
            body_chars,
            exists: Some(input.exists),
            executable: Some(input.executable),
        };
        let suppressions = input.inline_suppressions.then(|| self.suppressions());
        let key = input.stamp.map(|stamp| (self.head_parses, stamp));
        let mut kept = key.and_then(|k| self.head_findings.take(k));
        if kept.is_none() {
            (self.head_findings.made).fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        }
        let found = diagnostics::shown_keeping(
            &self.header,
            cx,
            input.config,
            suppressions.as_deref(),
            &mut kept,
        );
        if let (Some(k), Some(head)) = (key, kept)
            && !head.asked_disk
        {
            self.head_findings.keep(k, head);
        }
        found
    }

    /// How many times the findings of the head were made rather than reused.
    pub fn head_checks(&self) -> u64 {
        (self.head_findings.made).load(std::sync::atomic::Ordering::Relaxed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{Change, Encoding, Pos};

    /// The head Claude Code does not read, with a character across byte 4,096 of a skill whose
    /// body references are kept (tests/properties.rs `edits_on_corpus_files_equal_replay`
    /// found it: the read of the file's start ended inside the character).
    #[test]
    fn a_span_ending_inside_a_character_reads_up_to_it() {
        let head = "\n---\ndescription: d\n---\n";
        let text = format!("{head}{}é tail\n", "a".repeat(4095 - head.len()));
        assert!(!text.is_char_boundary(4096));
        let mut d = Document::new(
            &text,
            1,
            Encoding::Utf16,
            Some("/p/.claude/skills/a/SKILL.md".into()),
        );
        d.apply(
            2,
            &[Change {
                range: None,
                text: text.clone(),
            }],
        );
        let found = d.diagnostics();
        let fresh = Document::new(
            &text,
            1,
            Encoding::Utf16,
            Some("/p/.claude/skills/a/SKILL.md".into()),
        );
        assert_eq!(found, fresh.diagnostics());
        assert!(
            found
                .iter()
                .any(|f| f.code == crate::catalog::Code::FrontmatterNotRead),
            "{found:?}"
        );
    }

    #[test]
    fn body_edits_reuse_the_head_findings_made_with_the_same_stamp() {
        let text = "---\nname: Bad_Name\ndescription: b\ntools: Reed\n---\nbody\n";
        let mut d = Document::new(text, 1, Encoding::Utf16, Some(".claude/agents/x.md".into()));
        let stamp = Stamp {
            project: 7,
            config: 0,
        };
        let fresh = |d: &Document| Document::new(&d.text(), 0, Encoding::Utf16, d.path.clone());
        let shown = |d: &Document, stamp| {
            d.diagnostics_with(DiagnosticsInput {
                exists: &|_: &Path| false,
                stamp: Some(stamp),
                ..DiagnosticsInput::default()
            })
        };
        let first = shown(&d, stamp);
        assert!(
            first
                .iter()
                .any(|f| f.code == crate::catalog::Code::NameStyle)
        );
        assert_eq!(first, fresh(&d).diagnostics_in(None));
        assert_eq!(d.head_checks(), 1);
        let at = |line, character| Pos { line, character };
        let edit = |d: &mut Document, v, a: Pos, b: Pos, t: &str| {
            d.apply(
                v,
                &[Change {
                    range: Some((a, b)),
                    text: t.into(),
                }],
            )
        };
        // a keystroke in the body: the head's findings are reused, the body's made again
        edit(&mut d, 2, at(5, 0), at(5, 4), "");
        let blank = shown(&d, stamp);
        assert_eq!(d.head_checks(), 1);
        assert!(
            blank
                .iter()
                .any(|f| f.code == crate::catalog::Code::EmptyBody)
        );
        assert_eq!(blank, fresh(&d).diagnostics_in(None));
        // another stamp (the index or the configuration changed): made again
        let other = Stamp {
            project: 8,
            config: 0,
        };
        assert_eq!(shown(&d, other), blank);
        assert_eq!(d.head_checks(), 2);
        // a keystroke in the head: made again
        edit(&mut d, 3, at(1, 6), at(1, 14), "good-name");
        let fixed = shown(&d, other);
        assert_eq!(d.head_checks(), 3);
        assert!(
            !fixed
                .iter()
                .any(|f| f.code == crate::catalog::Code::NameStyle)
        );
        assert_eq!(fixed, fresh(&d).diagnostics_in(None));
        // no stamp: nothing kept or reused
        let unstamped = DiagnosticsInput {
            exists: &|_: &Path| false,
            ..DiagnosticsInput::default()
        };
        d.diagnostics_with(unstamped);
        d.diagnostics_with(unstamped);
        assert_eq!(d.head_checks(), 5);
    }
}
