//! Target 3: Claude Code's JSON configuration on arbitrary bytes, read as every JSON kind:
//! diagnostics with a file system that says yes and one that says no, completion, hover and go
//! to definition at every position, the outline and the folds. Panics and hangs are the failure.
#![no_main]

use std::path::Path;

use agent_ls::analysis::json::{self, Env};
use agent_ls::catalog::Kind;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let paths = [
        (Kind::Settings, "/p/.claude/settings.json"),
        (Kind::Mcp, "/p/.mcp.json"),
        (Kind::PluginManifest, "/p/plug/.claude-plugin/plugin.json"),
        (Kind::PluginHooks, "/p/plug/hooks/hooks.json"),
        (Kind::Marketplace, "/p/m/.claude-plugin/marketplace.json"),
        (Kind::LspServers, "/p/plug/.lsp.json"),
    ];
    let yes = |_: &Path| true;
    let no = |_: &Path| false;
    for (kind, path) in paths {
        for answer in [&yes as &dyn Fn(&Path) -> bool, &no] {
            let env = Env {
                path: Some(Path::new(path)),
                exists: Some(answer),
                executable: Some(answer),
                ..Env::default()
            };
            let _ = json::diagnostics_in(kind, &text, env);
        }
        let env = Env {
            path: Some(Path::new(path)),
            exists: Some(&yes),
            ..Env::default()
        };
        for offset in (0..=text.len() + 1).filter(|o| text.is_char_boundary(*o) || *o > text.len()) {
            let _ = json::complete(kind, &text, offset);
            let _ = json::hover(kind, &text, offset);
            let _ = json::definition(kind, &text, offset, env);
        }
    }
    let _ = json::outline::symbols(&text);
    let _ = json::outline::folding(&text);
});
