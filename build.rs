//! Turns the catalog's TOML (`src/catalog/catalog.toml`, `src/catalog/kinds/*.toml`) into JSON
//! in `OUT_DIR`, which the binary embeds: the same data, read at start-up about five times
//! faster than the TOML (the language server's first diagnostics wait for it). A file that is
//! not valid TOML fails the build here, with the parser's message.

use std::path::Path;

fn main() {
    let out = std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR");
    let out = Path::new(&out).join("catalog");
    let src = Path::new("src/catalog");
    println!("cargo::rerun-if-changed={}", src.display());
    let mut files = vec![src.join("catalog.toml")];
    let kinds = src.join("kinds");
    println!("cargo::rerun-if-changed={}", kinds.display());
    let mut kind_files: Vec<_> = std::fs::read_dir(&kinds)
        .unwrap_or_else(|e| panic!("{}: {e}", kinds.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    kind_files.sort();
    files.extend(kind_files);
    for file in files {
        println!("cargo::rerun-if-changed={}", file.display());
        let text =
            std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        let value: toml::Value =
            toml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        let json =
            serde_json::to_string(&value).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        let rel = file.strip_prefix(src).unwrap_or(&file);
        let target = out.join(rel).with_extension("json");
        if let Some(dir) = target.parent() {
            std::fs::create_dir_all(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
        }
        // unchanged output keeps its timestamp (no rebuild of the crate for nothing)
        if std::fs::read_to_string(&target).ok().as_deref() != Some(json.as_str()) {
            std::fs::write(&target, json).unwrap_or_else(|e| panic!("{}: {e}", target.display()));
        }
    }
}
