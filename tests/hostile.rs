//! A hostile client: malformed frames, out-of-order lifecycle, bogus positions and documents.
//! Each gets the answer the LSP specification gives, and the server keeps serving.

mod common;

use common::*;
use serde_json::{Value, json};

const AGENT: &str = "---\nname: a\ndescription: b\ncolor: teal\n---\nbody\n";

/// The server still answers a real request correctly.
fn still_serving(c: &mut Client) {
    let uri = agent_uri("probe.md");
    c.open(&uri, AGENT);
    let d = c.diagnostics(&uri, 1);
    assert_eq!(with_code(&d, "unknown-color").len(), 1, "{d:#?}");
    let h = c.hover(&uri, 3, 1);
    assert!(h["contents"]["value"].as_str().unwrap().contains("color"));
}

fn error_code(resp: &Value) -> i64 {
    resp["error"]["code"]
        .as_i64()
        .unwrap_or_else(|| panic!("expected an error: {resp}"))
}

#[test]
fn requests_before_initialize_are_refused() {
    let mut c = Client::spawn();
    let r = c.request_raw("textDocument/hover", json!({ "textDocument": { "uri": agent_uri("a.md") }, "position": { "line": 0, "character": 0 } }));
    assert_eq!(error_code(&r), -32002, "ServerNotInitialized");
    let r = c.request_raw("initialize", json!({ "capabilities": {} }));
    assert!(r["result"]["capabilities"].is_object());
    c.notify("initialized", json!({}));
    still_serving(&mut c);
}

#[test]
fn malformed_json_and_bad_frames_get_errors_and_the_server_recovers() {
    let mut c = Client::start_default();
    c.send_raw(&frame("{ this is not json"));
    let r = c.wait_for(|m| m.get("error").is_some());
    assert_eq!(error_code(&r), -32700, "parse error");
    assert_eq!(r["id"], Value::Null);
    // valid JSON that is not a JSON-RPC message (answered with an invalid-request error)
    c.send_raw(&frame("[1, 2, 3]"));
    still_serving(&mut c);
    // a Content-Length shorter than the body, then garbage, then a real request
    let body = json!({ "jsonrpc": "2.0", "id": 900, "method": "shutdown" }).to_string();
    c.send_raw(format!("Content-Length: 10\r\n\r\n{body}").as_bytes());
    c.send_raw(b"garbage without headers\r\n\r\n");
    still_serving(&mut c);
    // invalid UTF-8 in a body
    c.send_raw(b"Content-Length: 4\r\n\r\n\xff\xfe\xfd\xfc");
    still_serving(&mut c);
}

#[test]
fn too_long_content_length_swallows_bytes_then_recovers() {
    let mut c = Client::start_default();
    let body = r#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#;
    c.send_raw(format!("Content-Length: {}\r\n\r\n{body}", body.len() + 30).as_bytes());
    // padding the server reads as the rest of that body
    c.send_raw(&[b' '; 30]);
    still_serving(&mut c);
}

#[test]
fn unknown_methods_invalid_params_and_cancellation() {
    let mut c = Client::start_default();
    let r = c.request_raw("agent/doesNotExist", json!({}));
    assert_eq!(error_code(&r), -32601, "MethodNotFound");
    c.notify("agent/unknownNotification", json!({ "x": 1 }));
    c.notify("$/somethingOptional", json!({}));
    let r = c.request_raw("textDocument/hover", json!({ "nonsense": true }));
    assert_eq!(error_code(&r), -32602, "InvalidParams");
    // cancelling an unknown request and one already answered is harmless
    c.notify("$/cancelRequest", json!({ "id": 12345 }));
    let r = c.request_raw("textDocument/completion", json!({ "textDocument": { "uri": agent_uri("none.md") }, "position": { "line": 0, "character": 0 } }));
    c.notify("$/cancelRequest", json!({ "id": r["id"] }));
    assert_eq!(r["result"], Value::Null);
    still_serving(&mut c);
}

#[test]
fn positions_past_the_end_are_clamped() {
    let mut c = Client::start_default();
    let uri = agent_uri("a.md");
    c.open(&uri, AGENT);
    c.diagnostics(&uri, 1);
    assert_eq!(c.hover(&uri, 999, 999), Value::Null);
    let _ = c.completion(&uri, 3, 10_000);
    // an edit whose range runs past the end of the document appends at the end
    c.change(
        &uri,
        2,
        json!([{ "range": { "start": { "line": 3, "character": 500 }, "end": { "line": 3, "character": 900 } }, "text": "X" }]),
    );
    let d = c.diagnostics(&uri, 2);
    assert!(
        with_code(&d, "unknown-color")[0]["message"]
            .as_str()
            .unwrap()
            .contains("`tealX`"),
        "{d:#?}"
    );
    c.change(
        &uri,
        3,
        json!([{ "range": { "start": { "line": 99, "character": 0 }, "end": { "line": 120, "character": 4 } }, "text": "\nmore" }]),
    );
    c.diagnostics(&uri, 3);
    // a reversed range is treated as its mirror image
    c.change(
        &uri,
        4,
        json!([{ "range": { "start": { "line": 3, "character": 12 }, "end": { "line": 3, "character": 7 } }, "text": "red" }]),
    );
    let d = c.diagnostics(&uri, 4);
    assert!(with_code(&d, "unknown-color").is_empty(), "{d:#?}");
}

#[test]
fn unopened_closed_and_backwards_documents() {
    let mut c = Client::start_default();
    let ghost = agent_uri("ghost.md");
    c.change(&ghost, 2, json!([{ "text": "---\nname: x\n" }]));
    let log = c.wait_for(|m| {
        m["method"] == "window/logMessage"
            && m["params"]["message"]
                .as_str()
                .unwrap_or("")
                .contains("not open")
    });
    assert_eq!(log["params"]["type"], 2, "a warning in the log");
    assert_eq!(c.hover(&ghost, 0, 0), Value::Null);
    let uri = agent_uri("a.md");
    c.open(&uri, AGENT);
    c.diagnostics(&uri, 1);
    c.notify(
        "textDocument/didClose",
        json!({ "textDocument": { "uri": uri } }),
    );
    assert_eq!(c.hover(&uri, 3, 1), Value::Null);
    assert!(c.completion(&uri, 3, 7).is_empty());
    c.notify(
        "textDocument/didClose",
        json!({ "textDocument": { "uri": uri } }),
    );
    // reopened, then versions that go backwards: the text still follows every edit
    c.open(&uri, AGENT);
    c.diagnostics(&uri, 1);
    c.change(&uri, 7, json!([{ "range": { "start": { "line": 3, "character": 7 }, "end": { "line": 3, "character": 11 } }, "text": "red" }]));
    assert!(with_code(&c.diagnostics(&uri, 7), "unknown-color").is_empty());
    c.change(&uri, 3, json!([{ "range": { "start": { "line": 3, "character": 7 }, "end": { "line": 3, "character": 10 } }, "text": "mauve" }]));
    assert_eq!(with_code(&c.diagnostics(&uri, 3), "unknown-color").len(), 1);
    still_serving(&mut c);
}

#[test]
fn requests_after_shutdown_are_invalid_and_exit_ends_the_process() {
    let mut c = Client::start_default();
    let r = c.request_raw("shutdown", Value::Null);
    assert_eq!(r["result"], Value::Null);
    let r = c.request_raw("textDocument/hover", json!({ "textDocument": { "uri": agent_uri("a.md") }, "position": { "line": 0, "character": 0 } }));
    assert_eq!(error_code(&r), -32600, "InvalidRequest after shutdown");
    c.notify("exit", Value::Null);
    let code = {
        let deadline = std::time::Instant::now() + TIMEOUT;
        loop {
            if let Some(code) = c.try_exit_code() {
                break code;
            }
            assert!(std::time::Instant::now() < deadline, "server did not exit");
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
    };
    assert_eq!(code, Some(0));
}

#[test]
fn exit_without_shutdown_exits_with_1() {
    let mut c = Client::start_default();
    c.notify("exit", Value::Null);
    let deadline = std::time::Instant::now() + TIMEOUT;
    let code = loop {
        if let Some(code) = c.try_exit_code() {
            break code;
        }
        assert!(std::time::Instant::now() < deadline, "server did not exit");
        std::thread::sleep(std::time::Duration::from_millis(10));
    };
    assert_eq!(code, Some(1));
}

/// A client that gives the server one socket for both stdin and stdout (so the descriptor the
/// server makes non-blocking to read is also the one it writes to), and reads slowly: a publish
/// larger than the socket's buffer still arrives whole, after the other messages, and the server
/// goes on answering.
#[cfg(unix)]
#[test]
fn a_shared_non_blocking_socket_and_a_slow_reader_lose_nothing() {
    use std::io::{BufReader, Write};
    use std::os::unix::net::UnixStream;
    use std::process::{Command, Stdio};

    let (mut ours, theirs) = UnixStream::pair().expect("socket pair");
    let theirs_out = theirs.try_clone().expect("clone");
    let mut child = Command::new(env!("CARGO_BIN_EXE_agent-ls"))
        .stdin(Stdio::from(std::os::fd::OwnedFd::from(theirs)))
        .stdout(Stdio::from(std::os::fd::OwnedFd::from(theirs_out)))
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn agent-ls");
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join(".claude/skills/many/SKILL.md");
    std::fs::create_dir_all(path.parent().expect("folder")).expect("mkdir");
    // thousands of broken links: a publish of several megabytes
    let mut text =
        String::from("---\nname: many\ndescription: Links to files that do not exist.\n---\n");
    for i in 0..4000 {
        text.push_str(&format!(
            "See [part {i}](missing/part-{i}.md) for more.\n\n"
        ));
    }
    std::fs::write(&path, &text).expect("write");
    let uri = format!("file://{}", path.display());
    let send = |s: &mut UnixStream, v: Value| {
        s.write_all(&frame(&v.to_string())).expect("send");
    };
    send(
        &mut ours,
        json!({ "jsonrpc": "2.0", "id": 1, "method": "initialize",
                "params": { "processId": null, "rootUri": null, "capabilities": {} } }),
    );
    // as the protocol asks, nothing more until the answer to `initialize` (with the framework the
    // server once used, the rest raced it: a request and a didOpen that came before it had
    // finished initializing were refused and dropped)
    ours.set_read_timeout(Some(common::TIMEOUT))
        .expect("timeout");
    let mut reader = BufReader::new(ours.try_clone().expect("clone"));
    loop {
        let m = common::wire::read_message(&mut reader).expect("the answer to initialize");
        if m["id"] == 1 {
            break;
        }
    }
    send(
        &mut ours,
        json!({ "jsonrpc": "2.0", "method": "initialized", "params": {} }),
    );
    send(
        &mut ours,
        json!({ "jsonrpc": "2.0", "method": "textDocument/didOpen", "params": { "textDocument": {
            "uri": uri, "languageId": "markdown", "version": 1, "text": text } } }),
    );
    send(
        &mut ours,
        json!({ "jsonrpc": "2.0", "id": 2, "method": "textDocument/documentSymbol",
                "params": { "textDocument": { "uri": uri } } }),
    );
    // the server fills the socket and has to wait for us
    std::thread::sleep(std::time::Duration::from_millis(500));
    let mut diagnostics = None;
    let mut answered = false;
    while diagnostics.is_none() || !answered {
        let Some(m) = common::wire::read_message(&mut reader) else {
            panic!(
                "the server stopped before publishing (diagnostics: {}, answered: {answered})",
                diagnostics.is_some()
            );
        };
        if m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri.as_str() {
            diagnostics = m["params"]["diagnostics"].as_array().map(Vec::len);
        }
        if m["id"] == 2 {
            answered = m["result"].is_array();
        }
    }
    let broken = diagnostics.expect("published");
    assert!(broken >= 4000, "{broken} diagnostics");
    send(
        &mut ours,
        json!({ "jsonrpc": "2.0", "id": 3, "method": "shutdown" }),
    );
    loop {
        let m = common::wire::read_message(&mut reader).expect("the answer to shutdown");
        if m["id"] == 3 {
            break;
        }
    }
    send(&mut ours, json!({ "jsonrpc": "2.0", "method": "exit" }));
    let status = child.wait().expect("exit");
    assert!(status.success(), "{status}");
}

/// Messages written at once, the way a busy client sends them: every edit lands in order, a
/// request sees the edits sent before it and none sent after it, a `didChange` carrying an `id`
/// is refused and not applied, and no diagnostics of an older version follow a newer one's.
/// (Notifications and requests answered on the loop are handled in the order read; a request
/// that waits is answered by a task: this is the order they must keep.)
#[test]
fn messages_written_at_once_are_handled_in_order() {
    let mut c = Client::start_default();
    let uri = agent_uri("burst.md");
    c.open(&uri, AGENT);
    assert_eq!(with_code(&c.diagnostics(&uri, 1), "unknown-color").len(), 1);
    let change = |v: i64, range: [u32; 4], text: &str| {
        json!({ "jsonrpc": "2.0", "method": "textDocument/didChange", "params": {
            "textDocument": { "uri": uri, "version": v },
            "contentChanges": [{ "range": {
                "start": { "line": range[0], "character": range[1] },
                "end": { "line": range[2], "character": range[3] } }, "text": text }] } })
    };
    let symbols = |id: i64| {
        json!({ "jsonrpc": "2.0", "id": id, "method": "textDocument/documentSymbol",
            "params": { "textDocument": { "uri": uri } } })
    };
    let mut with_id = change(3, [0, 0, 0, 3], "+++");
    with_id["id"] = json!(501);
    let burst: Vec<u8> = [
        change(2, [4, 0, 4, 0], "model: sonnet\n"),
        symbols(500),
        with_id,
        change(4, [6, 0, 6, 0], "more "),
        change(5, [4, 0, 5, 0], ""),
        change(6, [3, 7, 3, 11], "red"),
        symbols(502),
    ]
    .iter()
    .flat_map(|m| frame(&m.to_string()))
    .collect();
    c.send_raw(&burst);
    let names = |m: &Value| -> Vec<String> {
        fn walk(v: &Value, out: &mut Vec<String>) {
            for s in v.as_array().into_iter().flatten() {
                out.push(s["name"].as_str().unwrap_or("").to_string());
                walk(&s["children"], out);
            }
        }
        let mut out = Vec::new();
        walk(&m["result"], &mut out);
        out
    };
    let before = c.wait_for(|m| m["id"] == 500);
    assert!(names(&before).iter().any(|n| n == "model"), "{before}");
    let refused = c.wait_for(|m| m["id"] == 501);
    assert_eq!(error_code(&refused), -32600);
    let after = c.wait_for(|m| m["id"] == 502);
    assert!(!names(&after).iter().any(|n| n == "model"), "{after}");
    assert!(names(&after).iter().any(|n| n == "color"), "{after}");
    let last = c.diagnostics(&uri, 6);
    assert!(with_code(&last, "unknown-color").is_empty(), "{last:#?}");
    // the text is the edits applied in order, the refused one left out
    let h = c.hover(&uri, 3, 8);
    assert!(h.to_string().contains("red"), "{h}");
    c.change(&uri, 7, json!([{ "text": "" }]));
    c.diagnostics(&uri, 7);
    let versions: Vec<i64> = c
        .backlog
        .iter()
        .filter(|m| m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri)
        .filter_map(|m| m["params"]["version"].as_i64())
        .collect();
    assert!(versions.windows(2).all(|w| w[0] <= w[1]), "{versions:?}");
    // a request written just before an edit, in writes of their own: it sees the text before
    let mut v = 8;
    c.change(&uri, v, json!([{ "text": AGENT }]));
    c.diagnostics(&uri, v);
    for round in 0..100 {
        let id = 600 + round;
        c.send(symbols(id));
        v += 1;
        let (at, text) = if round % 2 == 0 {
            ([4, 0, 4, 0], "model: sonnet\n")
        } else {
            ([4, 0, 5, 0], "")
        };
        c.send(change(v, at, text));
        let seen = c.wait_for(|m| m["id"] == id);
        let has_model = names(&seen).iter().any(|n| n == "model");
        assert_eq!(has_model, round % 2 == 1, "round {round}: {seen}");
    }
    still_serving(&mut c);
}
