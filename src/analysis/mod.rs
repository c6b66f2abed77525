//! The features, as pure functions of a parsed document: no LSP types, no I/O. The server and
//! the `check` command both call in here and translate the results for their audience.

pub mod arguments;
pub mod classify;
pub mod completion;
pub mod config;
pub mod diagnostics;
pub mod edit;
pub mod fixes;
pub mod hover;
pub mod imports;
pub mod json;
pub mod links;
pub mod navigation;
pub mod outline;
pub mod project;
pub mod semantic;
pub mod suppress;

use crate::catalog::{self, Code, Severity};
use crate::syntax::Span;

/// A finding about a document, with its rule code and exact source range.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub code: Code,
    pub severity: Severity,
    pub span: Span,
    pub message: String,
    /// Other places that explain this one (the first occurrence of a duplicate key, the other
    /// agent with the same name, ...).
    pub related: Vec<(Related, String)>,
    /// Quick fixes, shared by the copies of a finding (a fix may hold a rewrite of the whole
    /// head, and a finding kept between keystrokes is copied on each).
    pub fixes: std::sync::Arc<Vec<Fix>>,
}

/// A related place: in this document, or in another file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Related {
    Here(Span),
    File(std::path::PathBuf, crate::text::TextRange),
}

/// A quick fix: text edits in this document, and possibly a new name for the file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fix {
    pub title: String,
    pub edits: Vec<(Span, String)>,
    /// Rename the file to this name (in the same folder).
    pub rename_file: Option<String>,
    /// Applied by "fix all" and `check --fix`: it cannot change what the user meant.
    pub safe: bool,
    /// The one fix an editor may apply with a single keystroke.
    pub preferred: bool,
}

impl Fix {
    pub fn replace(title: impl Into<String>, span: Span, text: impl Into<String>) -> Self {
        Fix {
            title: title.into(),
            edits: vec![(span, text.into())],
            rename_file: None,
            safe: false,
            preferred: true,
        }
    }
    /// The change this fix makes to the file at `path` (`version` of its text); `range_of` gives
    /// lines and columns for a span of it.
    pub fn change(
        &self,
        path: &std::path::Path,
        version: Option<i32>,
        range_of: impl Fn(Span) -> crate::text::TextRange,
    ) -> edit::SourceChange {
        let mut change =
            edit::SourceChange::edit_file(path.to_path_buf(), version, &self.edits, range_of);
        if self.edits.is_empty() {
            change.files.clear();
        }
        if let Some(name) = &self.rename_file {
            change = change.merge(edit::SourceChange::rename_file(
                path.to_path_buf(),
                path.with_file_name(name),
            ));
        }
        change
    }

    pub fn safe(mut self) -> Self {
        self.safe = true;
        self
    }
    pub fn not_preferred(mut self) -> Self {
        self.preferred = false;
        self
    }
}

impl Diagnostic {
    /// A diagnostic of rule `code`, with the rule's default severity from the catalog.
    pub fn new(code: Code, span: Span, message: impl Into<String>) -> Self {
        let severity = catalog::get()
            .rule(code)
            .map(|r| r.severity)
            .unwrap_or(Severity::Warning);
        Diagnostic {
            code,
            severity,
            span,
            message: message.into(),
            related: Vec::new(),
            fixes: Default::default(),
        }
    }

    pub fn with_fix(mut self, fix: Fix) -> Self {
        std::sync::Arc::make_mut(&mut self.fixes).push(fix);
        self
    }

    pub fn with_severity(mut self, severity: Severity) -> Self {
        self.severity = severity;
        self
    }

    pub fn with_related(mut self, span: Span, message: impl Into<String>) -> Self {
        self.related.push((Related::Here(span), message.into()));
        self
    }

    pub fn with_related_file(
        mut self,
        path: std::path::PathBuf,
        pos: crate::text::TextRange,
        message: impl Into<String>,
    ) -> Self {
        self.related
            .push((Related::File(path, pos), message.into()));
        self
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ItemKind {
    Key,
    Value,
    Tool,
    Model,
    Color,
}

/// A completion proposal: `insert` replaces `replace` in the source.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Completion {
    pub label: String,
    pub kind: ItemKind,
    pub detail: String,
    /// Markdown.
    pub documentation: String,
    pub insert: String,
    pub snippet: bool,
    pub replace: Span,
    pub sort: String,
    pub deprecated: bool,
}

/// Hover content (markdown) for the source range it describes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HoverInfo {
    pub markdown: String,
    pub span: Span,
}
