//! The editor configurations under `editors/` name the command the binary really has.

mod common;

use serde_json::json;

fn read(path: &str) -> String {
    std::fs::read_to_string(format!("{}/{path}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

#[test]
fn helix_languages_toml_parses_and_adds_agent_ls_to_markdown() {
    let doc: toml::Table =
        toml::from_str(&read("editors/helix/languages.toml")).expect("valid TOML");
    let server = &doc["language-server"]["agent-ls"];
    assert_eq!(server["command"].as_str(), Some("agent-ls"));
    assert!(
        server.get("args").is_none(),
        "the server runs with no arguments"
    );
    let langs = doc["language"].as_array().unwrap();
    let md = langs
        .iter()
        .find(|l| l["name"].as_str() == Some("markdown"))
        .unwrap();
    let servers: Vec<_> = md["language-servers"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|s| s.as_str())
        .collect();
    assert_eq!(servers, ["marksman", "agent-ls"]);
}

#[test]
fn every_editor_starts_the_same_command() {
    let nvim = read("editors/nvim/lsp/agent_ls.lua");
    assert!(nvim.contains("cmd = { 'agent-ls' }"), "{nvim}");
    assert!(nvim.contains("filetypes = { 'markdown', 'json', 'jsonc' }"));
    let pkg: serde_json::Value =
        serde_json::from_str(&read("editors/vscode/package.json")).unwrap();
    // VS Code: no path set by default; the bundled binary, then `agent-ls` on PATH
    assert_eq!(
        pkg["contributes"]["configuration"]["properties"]["agentLs.serverPath"]["default"],
        ""
    );
    let config = read("editors/vscode/src/config.ts");
    assert!(config.contains(r#"out.push({ command: "agent-ls", source: "PATH" });"#));
    assert!(config.contains("export const serverArgs: string[] = [];"));
}

/// The code of `editors/emacs/agent-ls.el` without its comments, blank lines and `provide`.
fn elisp_code(text: &str) -> Vec<&str> {
    text.lines()
        .map(str::trim_end)
        .filter(|l| !l.is_empty() && !l.trim_start().starts_with(';'))
        .filter(|l| *l != "(provide 'agent-ls)")
        .collect()
}

#[test]
fn emacs_config_registers_agent_ls_for_markdown_and_readme_shows_the_same_code() {
    let file = read("editors/emacs/agent-ls.el");
    assert!(file.contains(". (\"agent-ls\")"), "{file}");
    assert!(file.contains("(markdown-mode :language-id \"markdown\")"));
    assert!(file.contains("(gfm-mode :language-id \"markdown\")"));
    assert!(file.contains("(add-hook 'markdown-mode-hook #'eglot-ensure)"));
    let readme = read("README.md");
    let snippet = readme
        .split("```elisp\n")
        .nth(1)
        .and_then(|rest| rest.split("```").next())
        .expect("README.md has an elisp snippet");
    assert_eq!(elisp_code(snippet), elisp_code(&file));
}

#[test]
fn the_binary_with_no_arguments_is_the_language_server() {
    // what every editor config runs: `agent-ls` with no arguments speaks LSP on stdio
    let (c, result) = common::Client::start(json!({}));
    assert_eq!(result["serverInfo"]["name"], "agent-ls");
    assert_eq!(c.shutdown(), Some(0));
}

/// Claude Code's JSON files, as each editor's configuration attaches to them (by path: other JSON
/// stays untouched), are the `files` of the catalog's JSON kinds, no more, no fewer.
#[test]
fn every_editor_attaches_to_the_json_files_of_the_catalog() {
    let mut want: Vec<String> = agent_ls::catalog::Kind::all()
        .iter()
        .filter(|k| k.spec().json)
        .flat_map(|k| k.spec().files.clone())
        .collect();
    want.sort();
    // Neovim: the `json_files` list
    let nvim = read("editors/nvim/lsp/agent_ls.lua");
    let list = nvim
        .split("local json_files = {")
        .nth(1)
        .and_then(|r| r.split('}').next())
        .unwrap();
    let mut lua: Vec<String> = list
        .lines()
        .filter_map(|l| {
            l.trim()
                .strip_prefix('\'')?
                .strip_suffix("',")
                .map(String::from)
        })
        .collect();
    lua.sort();
    assert_eq!(lua, want);
    // Helix: the globs of its `claude-code-json` language
    let doc: toml::Table = toml::from_str(&read("editors/helix/languages.toml")).unwrap();
    let lang = doc["language"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["name"].as_str() == Some("claude-code-json"))
        .unwrap();
    let mut globs: Vec<String> = lang["file-types"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|f| f["glob"].as_str()?.strip_prefix("**/").map(String::from))
        .collect();
    globs.sort();
    assert_eq!(globs, want);
    let servers: Vec<&str> = lang["language-servers"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|s| s.as_str())
        .collect();
    assert!(servers.contains(&"agent-ls"), "{servers:?}");
    // VS Code: `jsonFiles` in the extension's config
    let ts = read("editors/vscode/src/config.ts");
    let list = ts
        .split("export const jsonFiles = [")
        .nth(1)
        .and_then(|r| r.split("];").next())
        .unwrap();
    let mut vscode: Vec<String> = list
        .lines()
        .filter_map(|l| {
            l.trim()
                .strip_prefix('"')?
                .strip_suffix("\",")
                .map(String::from)
        })
        .collect();
    vscode.sort();
    assert_eq!(vscode, want);
}
