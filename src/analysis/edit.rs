//! One type for every change the analysis proposes: text edits in one or more files plus file
//! operations (like rust-analyzer's `SourceChange` with its `FileSystemEdit`). Quick fixes, "fix
//! all", rename and `check --fix` all produce a [`SourceChange`]; the server turns it into a
//! `WorkspaceEdit` in one place (`server::to_proto`), `check --fix` applies it to the files.

use std::path::PathBuf;

use crate::syntax::Span;
use crate::text::TextRange;

/// Replace `span` (a byte range of the file) with `new_text`. `range` is the same place as lines
/// and columns, computed by whoever had the file's text at hand.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TextEdit {
    pub span: Span,
    pub range: TextRange,
    pub new_text: String,
}

/// The edits of one file, sorted and non-overlapping; `version` is the open document's version
/// the spans refer to (none for a file read from disk).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileEdits {
    pub path: PathBuf,
    pub version: Option<i32>,
    pub edits: Vec<TextEdit>,
}

/// A change to the file system, applied after the text edits.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FileOp {
    Rename { from: PathBuf, to: PathBuf },
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SourceChange {
    pub files: Vec<FileEdits>,
    pub ops: Vec<FileOp>,
}

impl SourceChange {
    /// Text edits in one file. `range_of` gives the lines and columns of a span of that file.
    pub fn edit_file(
        path: PathBuf,
        version: Option<i32>,
        edits: &[(Span, String)],
        range_of: impl Fn(Span) -> TextRange,
    ) -> Self {
        let mut edits: Vec<TextEdit> = edits
            .iter()
            .map(|(span, text)| TextEdit {
                span: *span,
                range: range_of(*span),
                new_text: text.clone(),
            })
            .collect();
        edits.sort_by_key(|e| (e.span.start, e.span.end));
        SourceChange {
            files: vec![FileEdits {
                path,
                version,
                edits,
            }],
            ops: Vec::new(),
        }
    }

    /// A file rename.
    pub fn rename_file(from: PathBuf, to: PathBuf) -> Self {
        SourceChange {
            files: Vec::new(),
            ops: vec![FileOp::Rename { from, to }],
        }
    }

    /// This change followed by `other`.
    pub fn merge(mut self, other: SourceChange) -> Self {
        for f in other.files {
            match self.files.iter_mut().find(|g| g.path == f.path) {
                Some(g) => {
                    g.edits.extend(f.edits);
                    g.edits.sort_by_key(|e| (e.span.start, e.span.end));
                }
                None => self.files.push(f),
            }
        }
        self.ops.extend(other.ops);
        self
    }

    /// True when the change renames or moves a file.
    pub fn has_file_ops(&self) -> bool {
        !self.ops.is_empty()
    }
}

/// `text` with `edits` (sorted, non-overlapping) applied; an edit out of order or out of the
/// text is skipped.
pub fn apply(text: &str, edits: &[TextEdit]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for e in edits {
        if e.span.start < at
            || e.span.end > text.len()
            || !text.is_char_boundary(e.span.start)
            || !text.is_char_boundary(e.span.end)
        {
            continue;
        }
        out.push_str(&text[at..e.span.start]);
        out.push_str(&e.new_text);
        at = e.span.end;
    }
    out.push_str(&text[at..]);
    out
}
