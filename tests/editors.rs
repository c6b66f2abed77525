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
    assert!(nvim.contains("filetypes = { 'markdown' }"));
    let pkg: serde_json::Value =
        serde_json::from_str(&read("editors/vscode/package.json")).unwrap();
    assert_eq!(
        pkg["contributes"]["configuration"]["properties"]["agentLs.serverPath"]["default"],
        "agent-ls"
    );
    let config = read("editors/vscode/src/config.ts");
    assert!(config.contains("export const serverArgs: string[] = [];"));
}

#[test]
fn the_binary_with_no_arguments_is_the_language_server() {
    // what every editor config runs: `agent-ls` with no arguments speaks LSP on stdio
    let (c, result) = common::Client::start(json!({}));
    assert_eq!(result["serverInfo"]["name"], "agent-ls");
    assert_eq!(c.shutdown(), Some(0));
}
