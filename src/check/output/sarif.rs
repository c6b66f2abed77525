//! `--format sarif`: a SARIF 2.1.0 log (what GitHub code scanning and other dashboards read).
//! One run; the driver lists every rule of the catalog with its summary, an example and its
//! default level; each result has its rule, level, message, exact region, related locations and,
//! where a safe quick fix exists, the fix as replacements. Lines are 1-based, columns are UTF-16
//! code units (SARIF's default `columnKind`, stated on the run), the end column exclusive.

use std::path::{Component, Path};

use serde_json::{Value, json};

use crate::analysis::{Diagnostic, Fix, Related};
use crate::catalog::{self, Code, Rule, Severity};
use crate::check::{FileReport, Options, baseline};
use crate::text::{LineIndex, TextRange};

const SCHEMA: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

/// The results that one report adds, each indented by `indent`.
pub(super) fn render(
    r: &FileReport,
    opts: &Options,
    indent: &str,
) -> std::io::Result<Vec<Vec<u8>>> {
    let uri = uri(&r.path);
    if let Some(e) = &r.error {
        let result = json!({
            "ruleId": Code::UnreadableFile.as_str(),
            "ruleIndex": rule_index(Code::UnreadableFile),
            "level": "error",
            "message": { "text": e },
            // the start of the file, as in the JSON format
            "locations": [{ "physicalLocation": {
                "artifactLocation": { "uri": uri },
                "region": region(TextRange::default()),
            }}],
        });
        return Ok(vec![super::element(&result, indent)?]);
    }
    let index = LineIndex::new(&r.text);
    r.diagnostics
        .iter()
        .filter(|d| super::shown(d, opts))
        .map(|d| super::element(&result(r, &index, d, &uri), indent))
        .collect()
}

/// Stands for the results in the log printed around them.
const RESULTS: &str = "agent-ls:results";

/// The log around its results: one run, its driver with every rule of the catalog.
pub(super) fn frame() -> std::io::Result<super::Frame> {
    let rules = &catalog::get().rules;
    let log = json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "agent-ls",
                "version": env!("CARGO_PKG_VERSION"),
                "semanticVersion": env!("CARGO_PKG_VERSION"),
                "rules": rules.iter().map(rule).collect::<Vec<_>>(),
            }},
            "columnKind": "utf16CodeUnits",
            "results": RESULTS,
        }],
    });
    let text = serde_json::to_string_pretty(&log).map_err(std::io::Error::other)?;
    let (head, tail) = text
        .split_once(&format!("\"{RESULTS}\""))
        .ok_or_else(|| std::io::Error::other("the SARIF log has no results"))?;
    // the line of `"results": `, whose indentation the array's closing bracket takes
    let line = head.rsplit('\n').next().unwrap_or("");
    Ok(super::Frame {
        indent: line[..line.len() - line.trim_start().len()].to_string(),
        head: head.to_string(),
        tail: tail.to_string(),
    })
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Information | Severity::Hint => "note",
    }
}

fn rule_index(code: Code) -> Option<usize> {
    catalog::get().rules.iter().position(|r| r.code == code)
}

fn rule(r: &Rule) -> Value {
    let help = format!("{} Example: {}.", r.summary, r.example);
    json!({
        "id": r.code.as_str(),
        "name": pascal_case(r.code.as_str()),
        "shortDescription": { "text": r.summary },
        "fullDescription": { "text": r.summary },
        "help": {
            "text": help,
            "markdown": format!("{}\n\nExample: {}", r.summary, r.example),
        },
        "defaultConfiguration": { "level": level(r.severity) },
    })
}

/// `unknown-color` → `UnknownColor`: SARIF's `name` is an identifier-like form of the rule.
fn pascal_case(code: &str) -> String {
    code.split('-')
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_uppercase().chain(c).collect::<String>())
                .unwrap_or_default()
        })
        .collect()
}

fn region(range: TextRange) -> Value {
    json!({
        "startLine": range.start.line + 1,
        "startColumn": range.start.utf16 + 1,
        "endLine": range.end.line + 1,
        "endColumn": range.end.utf16 + 1,
    })
}

fn result(r: &FileReport, index: &LineIndex, d: &Diagnostic, uri: &str) -> Value {
    let here = |span| region(index.range(&r.text, span));
    let mut result = json!({
        "ruleId": d.code.as_str(),
        "ruleIndex": rule_index(d.code),
        "level": level(d.severity),
        "message": { "text": d.message },
        "locations": [{ "physicalLocation": {
            "artifactLocation": { "uri": uri },
            "region": here(d.span),
        }}],
        "partialFingerprints": {
            "agentLsContent/v1": baseline::fingerprint(&r.text, index, d.span, &d.message),
        },
    });
    if !d.related.is_empty() {
        let related: Vec<Value> = d
            .related
            .iter()
            .enumerate()
            .map(|(i, (at, message))| {
                let (uri, region) = match at {
                    Related::Here(span) => (uri.to_string(), here(*span)),
                    Related::File(path, range) => (self::uri(path), region(*range)),
                };
                json!({
                    "id": i,
                    "message": { "text": message },
                    "physicalLocation": { "artifactLocation": { "uri": uri }, "region": region },
                })
            })
            .collect();
        result["relatedLocations"] = Value::Array(related);
    }
    let fixes: Vec<Value> = d
        .fixes
        .iter()
        .filter(|f| f.safe && f.rename_file.is_none() && !f.edits.is_empty())
        .map(|f| fix(f, uri, &here))
        .collect();
    if !fixes.is_empty() {
        result["fixes"] = Value::Array(fixes);
    }
    result
}

fn fix(f: &Fix, uri: &str, here: &impl Fn(crate::syntax::Span) -> Value) -> Value {
    let replacements: Vec<Value> = f
        .edits
        .iter()
        .map(|(span, text)| json!({ "deletedRegion": here(*span), "insertedContent": { "text": text } }))
        .collect();
    json!({
        "description": { "text": f.title },
        "artifactChanges": [{ "artifactLocation": { "uri": uri }, "replacements": replacements }],
    })
}

/// A path as a URI reference: relative paths stay relative (with `/` and without a leading
/// `./`), absolute ones become `file:` URIs; every byte outside the unreserved set is
/// percent-encoded.
pub(super) fn uri(path: &Path) -> String {
    let mut parts = Vec::new();
    let mut absolute = false;
    for c in path.components() {
        match c {
            Component::Prefix(p) => {
                absolute = true;
                parts.push(encode(&p.as_os_str().to_string_lossy(), b":"));
            }
            Component::RootDir => absolute = true,
            Component::CurDir => {}
            Component::ParentDir => parts.push("..".to_string()),
            Component::Normal(s) => parts.push(encode(&s.to_string_lossy(), b"")),
        }
    }
    let joined = parts.join("/");
    if absolute {
        format!("file:///{joined}")
    } else {
        joined
    }
}

fn encode(s: &str, keep: &[u8]) -> String {
    let mut out = String::new();
    for &b in s.as_bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) || keep.contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris() {
        assert_eq!(uri(Path::new("./a/b c.md")), "a/b%20c.md");
        assert_eq!(uri(Path::new("x:y#%.md")), "x%3Ay%23%25.md");
        assert_eq!(uri(Path::new("../é.md")), "../%C3%A9.md");
        #[cfg(unix)]
        assert_eq!(uri(Path::new("/tmp/a.md")), "file:///tmp/a.md");
    }

    #[test]
    fn names() {
        assert_eq!(pascal_case("unknown-color"), "UnknownColor");
    }
}
