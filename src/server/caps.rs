//! What was negotiated in `initialize`: the client's capabilities (the server sends nothing
//! beyond them), the position encoding, the workspace folders; and the server's capabilities.

use std::path::PathBuf;

use ls_types::*;

use crate::text::Encoding;

/// Everything `initialize` settles, written once.
#[derive(Clone, Debug, Default)]
pub struct Negotiated {
    pub encoding: Encoding,
    pub caps: ClientCaps,
    /// Workspace folders (or the root URI of older clients).
    pub roots: Vec<PathBuf>,
    /// The least severe finding published (`initializationOptions.minimumSeverity`: "error",
    /// "warning", "information" or "hint", the default): the Claude Code plugin passes
    /// "warning", so the model is not told about style hints after every write.
    pub minimum_severity: Option<DiagnosticSeverity>,
    /// What was wrong with the initialization options, to log once the client is ready.
    pub option_problems: Vec<String>,
}

impl Negotiated {
    pub fn from_params(p: &InitializeParams) -> Self {
        let utf8 = p
            .capabilities
            .general
            .as_ref()
            .and_then(|g| g.position_encodings.as_ref())
            .is_some_and(|encs| encs.contains(&PositionEncodingKind::UTF8));
        #[allow(deprecated)]
        let mut roots: Vec<PathBuf> = p
            .workspace_folders
            .iter()
            .flatten()
            .filter_map(|f| f.uri.to_file_path().map(|p| p.into_owned()))
            .collect();
        #[allow(deprecated)]
        if roots.is_empty()
            && let Some(root) = p.root_uri.as_ref().and_then(|u| u.to_file_path())
        {
            roots.push(root.into_owned());
        }
        let (minimum_severity, option_problems) =
            minimum_severity(p.initialization_options.as_ref());
        Negotiated {
            minimum_severity,
            option_problems,
            encoding: if utf8 {
                Encoding::Utf8
            } else {
                Encoding::Utf16
            },
            caps: ClientCaps::from_params(p),
            roots,
        }
    }
}

/// `minimumSeverity` of the initialization options, and the problems with it.
fn minimum_severity(
    options: Option<&serde_json::Value>,
) -> (Option<DiagnosticSeverity>, Vec<String>) {
    let Some(value) = options.and_then(|o| o.get("minimumSeverity")) else {
        return (None, Vec::new());
    };
    match value.as_str().map(str::to_ascii_lowercase).as_deref() {
        Some("error") => (Some(DiagnosticSeverity::ERROR), Vec::new()),
        Some("warning") => (Some(DiagnosticSeverity::WARNING), Vec::new()),
        Some("information" | "info") => (Some(DiagnosticSeverity::INFORMATION), Vec::new()),
        Some("hint") => (Some(DiagnosticSeverity::HINT), Vec::new()),
        _ => (
            None,
            vec![format!(
                "agent-ls: initializationOptions.minimumSeverity is {value}; expected \"error\", \"warning\", \"information\" or \"hint\": every finding is published"
            )],
        ),
    }
}

/// What the client said it supports.
#[derive(Clone, Copy, Debug, Default)]
pub struct ClientCaps {
    pub snippets: bool,
    pub completion_markdown: bool,
    pub completion_deprecated: bool,
    pub completion_tags: bool,
    pub hover_markdown: bool,
    pub related_information: bool,
    pub diagnostic_tags: bool,
    pub rename_files: bool,
    pub document_changes: bool,
    pub watch_dynamic: bool,
}

impl ClientCaps {
    fn from_params(p: &InitializeParams) -> Self {
        let td = p.capabilities.text_document.as_ref();
        let item = td
            .and_then(|t| t.completion.as_ref())
            .and_then(|c| c.completion_item.as_ref());
        let diags = td.and_then(|t| t.publish_diagnostics.as_ref());
        let ws = p.capabilities.workspace.as_ref();
        let edit = ws.and_then(|w| w.workspace_edit.as_ref());
        ClientCaps {
            snippets: item.and_then(|i| i.snippet_support).unwrap_or(false),
            completion_markdown: item
                .and_then(|i| i.documentation_format.as_ref())
                .is_some_and(|f| f.contains(&MarkupKind::Markdown)),
            completion_deprecated: item.and_then(|i| i.deprecated_support).unwrap_or(false),
            completion_tags: item
                .and_then(|i| i.tag_support.as_ref())
                .is_some_and(|t| t.value_set.contains(&CompletionItemTag::DEPRECATED)),
            hover_markdown: td
                .and_then(|t| t.hover.as_ref())
                .and_then(|h| h.content_format.as_ref())
                .is_some_and(|f| f.contains(&MarkupKind::Markdown)),
            related_information: diags.and_then(|d| d.related_information).unwrap_or(false),
            diagnostic_tags: diags
                .and_then(|d| d.tag_support.as_ref())
                .is_some_and(|t| t.value_set.contains(&DiagnosticTag::DEPRECATED)),
            document_changes: edit.and_then(|e| e.document_changes).unwrap_or(false),
            watch_dynamic: ws
                .and_then(|w| w.did_change_watched_files.as_ref())
                .and_then(|d| d.dynamic_registration)
                .unwrap_or(false),
            rename_files: edit
                .and_then(|e| e.resource_operations.as_ref())
                .is_some_and(|ops| ops.contains(&ResourceOperationKind::Rename)),
        }
    }
}

/// The semantic token legend, in the order of [`crate::analysis::semantic::TokenType`].
pub const TOKEN_TYPES: [SemanticTokenType; 8] = [
    SemanticTokenType::KEYWORD,
    SemanticTokenType::DECORATOR,
    SemanticTokenType::COMMENT,
    SemanticTokenType::FUNCTION,
    SemanticTokenType::ENUM_MEMBER,
    SemanticTokenType::PROPERTY,
    SemanticTokenType::PARAMETER,
    SemanticTokenType::MACRO,
];

/// Characters that open completion without the user asking.
const TRIGGERS: [&str; 7] = [":", " ", ",", "[", "-", "@", "/"];

/// What the server offers.
pub fn server_capabilities(encoding: Encoding) -> ServerCapabilities {
    ServerCapabilities {
        position_encoding: Some(match encoding {
            Encoding::Utf8 => PositionEncodingKind::UTF8,
            Encoding::Utf16 => PositionEncodingKind::UTF16,
        }),
        text_document_sync: Some(TextDocumentSyncCapability::Options(
            TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(TextDocumentSyncKind::INCREMENTAL),
                ..Default::default()
            },
        )),
        completion_provider: Some(CompletionOptions {
            trigger_characters: Some(TRIGGERS.iter().map(|s| s.to_string()).collect()),
            ..Default::default()
        }),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        definition_provider: Some(OneOf::Left(true)),
        references_provider: Some(OneOf::Left(true)),
        rename_provider: Some(OneOf::Right(RenameOptions {
            prepare_provider: Some(true),
            work_done_progress_options: Default::default(),
        })),
        workspace_symbol_provider: Some(OneOf::Left(true)),
        document_symbol_provider: Some(OneOf::Left(true)),
        folding_range_provider: Some(FoldingRangeProviderCapability::Simple(true)),
        semantic_tokens_provider: Some(SemanticTokensServerCapabilities::SemanticTokensOptions(
            SemanticTokensOptions {
                legend: SemanticTokensLegend {
                    token_types: TOKEN_TYPES.to_vec(),
                    token_modifiers: Vec::new(),
                },
                full: Some(SemanticTokensFullOptions::Bool(true)),
                range: Some(true),
                ..Default::default()
            },
        )),
        document_link_provider: Some(DocumentLinkOptions {
            resolve_provider: Some(false),
            work_done_progress_options: Default::default(),
        }),
        code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
            code_action_kinds: Some(vec![
                CodeActionKind::QUICKFIX,
                CodeActionKind::SOURCE_FIX_ALL,
            ]),
            ..Default::default()
        })),
        execute_command_provider: Some(ExecuteCommandOptions {
            commands: vec![super::features::PREVIEW.to_string()],
            work_done_progress_options: Default::default(),
        }),
        ..Default::default()
    }
}
