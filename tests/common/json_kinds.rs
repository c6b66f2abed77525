//! Every entry point of the JSON kinds on one text, shared by the property campaign
//! (`tests/properties.rs`) and the fuzz target (`fuzz/fuzz_targets/json.rs`): diagnostics with a
//! disk that says yes and one that says no (their spans inside the text), completion, hover and
//! go to definition at every position, the outline and the folds. Panics are the failure.

use std::path::Path;

use agent_ls::analysis::json::{self, Env};
use agent_ls::catalog::Kind;

/// Each JSON kind at a path where Claude Code reads it.
pub const FILES: [(Kind, &str); 6] = [
    (Kind::Settings, "/p/.claude/settings.json"),
    (Kind::Mcp, "/p/.mcp.json"),
    (Kind::PluginManifest, "/p/plug/.claude-plugin/plugin.json"),
    (Kind::PluginHooks, "/p/plug/hooks/hooks.json"),
    (Kind::Marketplace, "/p/m/.claude-plugin/marketplace.json"),
    (Kind::LspServers, "/p/plug/.lsp.json"),
];

pub fn analyze(text: &str) {
    let yes = |_: &Path| true;
    let no = |_: &Path| false;
    for (kind, path) in FILES {
        for answer in [&yes as &dyn Fn(&Path) -> bool, &no] {
            let env = Env {
                path: Some(Path::new(path)),
                exists: Some(answer),
                executable: Some(answer),
                ..Env::default()
            };
            for d in json::diagnostics_in(kind, text, env) {
                assert!(
                    d.span.start <= d.span.end && d.span.end <= text.len(),
                    "{d:?}"
                );
                assert!(text.is_char_boundary(d.span.start) && text.is_char_boundary(d.span.end));
            }
            for offset in (0..=text.len()).filter(|o| text.is_char_boundary(*o)) {
                let _ = json::definition(kind, text, offset, env);
            }
        }
        for offset in (0..=text.len() + 1).filter(|o| text.is_char_boundary(*o) || *o > text.len())
        {
            let _ = json::complete(kind, text, offset);
            let _ = json::hover(kind, text, offset);
        }
    }
    let _ = json::outline::symbols(text);
    let _ = json::outline::folding(text);
}
