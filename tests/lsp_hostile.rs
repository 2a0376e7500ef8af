//! Hostile input through the language server, in-process over a tokio
//! duplex pipe with real JSON-RPC framing: files that are not text, huge
//! and odd buffers, positions in astral-plane text, malformed frames,
//! unknown documents, stale and out-of-range changes, and a broken
//! copydesk.toml. Nothing may panic, hang or lose text; the server stays up
//! and answers. (The same cases through `copydesk check` are in
//! tests/hostile.rs; tests/lsp_e2e.rs has the basic hostile requests.)

mod common;
#[path = "support/plain_text.rs"]
mod plain_text;

use std::path::Path;

use common::lsp_client::{slice, LspClient};
use copydesk_lsp::Options;
use serde_json::{json, Value};

fn options() -> Options {
    common::lsp_client::test_options()
}

fn uri(dir: &Path, name: &str) -> String {
    common::lsp_client::uri_in(dir, name)
}

fn workspace(files: &[(&str, &[u8])]) -> tempfile::TempDir {
    common::lsp_client::workspace(files)
}

/// The server still answers a real request.
async fn assert_up(c: &mut LspClient, uri: &str) {
    let r = c
        .request_full(
            "textDocument/hover",
            json!({"textDocument": {"uri": uri}, "position": {"line": 0, "character": 0}}),
        )
        .await;
    assert!(r.get("error").is_none(), "{r}");
}

/// The next warning shown says that `name` is not checked, and why (an
/// Info message about the bundle's size may come before it).
async fn assert_declined_message(c: &mut LspClient, name: &str) {
    let shown = c
        .wait_for("window/showMessage (warning)", |m| {
            m["method"] == "window/showMessage" && m["params"]["type"] == 2
        })
        .await;
    let message = shown["params"]["message"].as_str().unwrap_or_default();
    assert!(message.contains(name) && message.contains("MiB"), "{shown}");
}

fn variant<'d>(diags: &'d [Value], what: &str) -> &'d Value {
    diags
        .iter()
        .find(|d| d["code"] == "name-variant")
        .unwrap_or_else(|| panic!("no name-variant in {what}: {diags:?}"))
}

/// A content change: ((start line, character), (end line, character)).
type Change<'t> = (((u32, u32), (u32, u32)), &'t str);

/// The UTF-16 (line, character) of a byte offset, as the model counts.
fn pos(text: &str, byte: usize) -> Value {
    let (line, character) = plain_text::position(text, byte, true);
    json!({"line": line, "character": character})
}

#[tokio::test]
async fn binary_and_invalid_utf8_files_in_the_workspace_are_skipped_and_counted() {
    let ws = workspace(&[
        ("a.txt", b"Analyst Mark Dunn said so.\n"),
        ("b.txt", b"Analyst Mark Dunne agreed. Mark Dunne left.\n"),
        ("latin1.txt", b"Mark Dunne said \xe9t\xe9 \xff\xfe.\n"),
        ("image.md", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00"),
    ]);
    let mut c = LspClient::in_process(options());
    c.start(&[ws.path()], &[]).await;
    let status = c.wait_status().await;
    assert_eq!(status["articles"], 2, "{status}");
    assert_eq!(status["skipped"], 2, "{status}");
    // The texts are still checked against each other.
    let a = uri(ws.path(), "a.txt");
    c.open(&a, "Analyst Mark Dunn said so.\n").await;
    variant(&c.wait_diagnostics(&a).await, "a.txt");
    c.shutdown().await;
}

#[tokio::test]
async fn a_50_mb_file_in_the_workspace_is_declined() {
    let line = "Acme said shares rose 7% on Monday, analyst Mark Dunn said.\n";
    let big = line.repeat(50 * 1024 * 1024 / line.len() + 1);
    let ws = workspace(&[
        ("huge.txt", big.as_bytes()),
        ("ok.txt", b"Analyst Mark Dunne agreed.\n"),
    ]);
    drop(big);
    let mut c = LspClient::in_process(options());
    c.start(&[ws.path()], &[]).await;
    let status = c.wait_status().await;
    assert_eq!(status["articles"], 1, "{status}");
    assert_eq!(status["skipped"], 1, "{status}");
    assert_up(&mut c, &uri(ws.path(), "ok.txt")).await;
    c.shutdown().await;
}

#[tokio::test]
async fn regression_a_50_mb_buffer_opened_in_the_editor_is_declined_clearly() {
    // Files on disk over the article limit were declined, but a buffer of
    // any size was analysed, and the analysis of 50 MB never ended.
    let ws = workspace(&[("ok.txt", b"Analyst Mark Dunne agreed.\n")]);
    let mut c = LspClient::in_process(options());
    c.start(&[ws.path()], &[]).await;
    c.wait_status().await;
    let line = "Acme said shares rose 7% on Monday, analyst Mark Dunn said.\n";
    let big = line.repeat(50 * 1024 * 1024 / line.len() + 1);
    let a = uri(ws.path(), "huge.txt");
    c.clear();
    c.open(&a, &big).await;
    drop(big);
    assert_declined_message(&mut c, "huge.txt").await;
    let status = c.wait_status().await;
    assert_eq!(status["articles"], 1, "{status}");
    assert_eq!(status["skipped"], 1, "{status}");
    assert_up(&mut c, &a).await;
    c.shutdown().await;
}

#[tokio::test]
async fn regression_a_buffer_grown_past_the_limit_is_declined_and_checked_again_when_cut() {
    // A didChange could grow an open buffer to any size, and its analysis
    // would not end in useful time.
    let ws = workspace(&[("b.txt", b"Analyst Mark Dunne said so. Mark Dunne left.\n")]);
    let mut c = LspClient::in_process(options());
    c.start(&[ws.path()], &[]).await;
    c.wait_status().await;
    let a = uri(ws.path(), "a.txt");
    c.open(&a, "Analyst Mark Dunn spoke.\n").await;
    let diags = c.wait_diagnostics(&a).await;
    variant(&diags, "a.txt");
    let line = "Acme said shares rose 7% on Monday.\n";
    let count = 17 * 1024 * 1024 / line.len() + 1;
    let big = line.repeat(count);
    let change = |version: i64, range: ((usize, usize), (usize, usize)), text: &str| {
        let ((l1, c1), (l2, c2)) = range;
        json!({"textDocument": {"uri": a, "version": version}, "contentChanges": [
            {"range": {"start": {"line": l1, "character": c1}, "end": {"line": l2, "character": c2}}, "text": text}
        ]})
    };
    c.clear();
    c.notify("textDocument/didChange", change(2, ((1, 0), (1, 0)), &big))
        .await;
    drop(big);
    assert_declined_message(&mut c, "a.txt").await;
    // Its diagnostics are withdrawn while it is too large.
    let cleared = c
        .wait_for("publishDiagnostics of a.txt", |m| {
            m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == a.as_str()
        })
        .await;
    assert_eq!(cleared["params"]["diagnostics"], json!([]), "{cleared}");
    // (A status of the analysis before may still be on its way.)
    c.wait_for("a status with a.txt skipped", |m| {
        m["method"] == "copydesk/status" && m["params"]["skipped"] == 1
    })
    .await;
    assert_up(&mut c, &a).await;
    // Cut back: the kept text took every edit, and it is checked again.
    c.clear();
    c.notify(
        "textDocument/didChange",
        change(3, ((1, 0), (1 + count, 0)), ""),
    )
    .await;
    let diags = c.wait_diagnostics_at(&a, 3).await;
    let d = variant(&diags, "a.txt after the cut");
    assert_eq!(
        d["range"]["start"],
        json!({"line": 0, "character": 8}),
        "{d}"
    );
    c.wait_for("a status with nothing skipped", |m| {
        m["method"] == "copydesk/status"
            && m["params"]["skipped"] == 0
            && m["params"]["articles"] == 2
    })
    .await;
    c.shutdown().await;
}

#[tokio::test]
async fn a_paragraph_of_10000_lines_gets_diagnostics_at_the_right_line() {
    let ws = workspace(&[("b.txt", b"Analyst Mark Dunn said so. Mark Dunn left.\n")]);
    let mut c = LspClient::in_process(options());
    c.start(&[ws.path()], &[]).await;
    c.wait_status().await;
    let mut text = String::new();
    for i in 0..10_000 {
        // One sentence that runs on over every line (no full stop).
        text.push_str(&format!("and line {i} — “so” it goes on…\n"));
    }
    text.push_str("🙂 analyst Mark Dunne spoke last.\n");
    let a = uri(ws.path(), "para.txt");
    c.open(&a, &text).await;
    let diags = c.wait_diagnostics(&a).await;
    let d = variant(&diags, "the long paragraph");
    assert_eq!(slice(&text, &d["range"]), "Mark Dunne");
    assert_eq!(d["range"]["start"]["line"], 10_000, "{d}");
    assert_eq!(d["range"]["start"]["character"], 11, "{d}");
    c.shutdown().await;
}

#[tokio::test]
async fn deeply_nested_markdown_is_analysed_and_the_server_stays_up() {
    let ws = workspace(&[("b.md", b"Analyst Mark Dunn said so.\n")]);
    let mut c = LspClient::in_process(options());
    c.start(&[ws.path()], &[]).await;
    c.wait_status().await;
    let mut text = "> ".repeat(5_000);
    text.push_str("Acme said.\n");
    text.push_str(&"[".repeat(20_000));
    text.push_str(&"]".repeat(20_000));
    text.push('\n');
    text.push_str(&"* ".repeat(3_000));
    text.push_str("item\n");
    text.push_str(&"(".repeat(10_000));
    text.push_str("Mark Dunne");
    text.push_str(&")".repeat(10_000));
    text.push('\n');
    let a = uri(ws.path(), "nest.md");
    c.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": a, "languageId": "markdown", "version": 1, "text": text}}),
    )
    .await;
    let diags = c.wait_diagnostics(&a).await;
    for d in &diags {
        // Every range lies inside the text.
        slice(&text, &d["range"]);
    }
    let r = c
        .request_full(
            "textDocument/documentSymbol",
            json!({"textDocument": {"uri": a}}),
        )
        .await;
    assert!(r.get("error").is_none(), "{r}");
    assert_up(&mut c, &a).await;
    c.shutdown().await;
}

#[tokio::test]
async fn crlf_mixed_line_endings_and_a_bom_keep_positions_right() {
    let ws = workspace(&[("b.txt", b"Analyst Mark Dunn agreed.\r\nMark Dunn left.\r\n")]);
    let mut c = LspClient::in_process(options());
    c.start(&[ws.path()], &[]).await;
    c.wait_status().await;
    let mut text =
        "\u{feff}Headline\r\n\r\nThe deal closed.\rAnalyst Mark Dunne said so.\nEnd.\r\n"
            .to_string();
    let a = uri(ws.path(), "a.txt");
    c.open(&a, &text).await;
    let diags = c.wait_diagnostics(&a).await;
    let d = variant(&diags, "a.txt");
    // Lines: "\u{feff}Headline", "", "The deal closed." (ends with a lone
    // CR), "Analyst Mark Dunne said so.".
    assert_eq!(
        d["range"]["start"],
        json!({"line": 3, "character": 8}),
        "{d}"
    );
    assert_eq!(
        d["range"]["end"],
        json!({"line": 3, "character": 18}),
        "{d}"
    );
    // Join the lone CR's lines into a CRLF by inserting "\n" after it, and
    // split the first CRLF's line by replacing it with a lone CR: the
    // name moves as the model says.
    let changes = [(((2, 16), (3, 0)), "\r\n"), (((0, 9), (1, 0)), "\r")];
    let mut sent = Vec::new();
    for (((l1, c1), (l2, c2)), new_text) in changes {
        plain_text::apply_change(&mut text, Some(((l1, c1), (l2, c2))), new_text, true);
        sent.push(json!({"range": {"start": {"line": l1, "character": c1}, "end": {"line": l2, "character": c2}}, "text": new_text}));
    }
    c.clear();
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": a, "version": 2}, "contentChanges": sent}),
    )
    .await;
    let diags = c.wait_diagnostics_at(&a, 2).await;
    let d = variant(&diags, "a.txt after the edits");
    let at = text.find("Mark Dunne").unwrap();
    assert_eq!(d["range"]["start"], pos(&text, at), "{d} in {text:?}");
    c.shutdown().await;
}

#[tokio::test]
async fn zero_width_and_right_to_left_characters_keep_ranges_right() {
    let ws = workspace(&[(
        "b.txt",
        b"Analyst Mark Dunn said so. Mark Dunn left. Mark Dunn came back.\n",
    )]);
    let mut c = LspClient::in_process(options());
    c.start(&[ws.path()], &[]).await;
    c.wait_status().await;
    let text = "\u{202e}Analyst\u{200b} Mark Dunne said \u{200f}שלום\u{200e} and \u{2066}مرحبا\u{2069} Mark Dunne again.\n";
    let a = uri(ws.path(), "a.txt");
    c.open(&a, text).await;
    let diags = c.wait_diagnostics(&a).await;
    let marked: Vec<&Value> = diags
        .iter()
        .filter(|d| d["code"] == "name-variant")
        .collect();
    assert!(!marked.is_empty(), "{diags:?}");
    for d in marked {
        assert_eq!(slice(text, &d["range"]), "Mark Dunne", "{d}");
    }
    c.shutdown().await;
}

#[tokio::test]
async fn astral_plane_emoji_at_utf16_positions() {
    let ws = workspace(&[("b.txt", b"Analyst Mark Dunn said so. Mark Dunn left.\n")]);
    let mut c = LspClient::in_process(options());
    c.start(&[ws.path()], &[]).await;
    c.wait_status().await;
    let mut text = "🙂🙂 𝔸 👩‍👩‍👧 Analyst Mark Dunne said 🇬🇧 so.\n".to_string();
    let a = uri(ws.path(), "a.txt");
    c.open(&a, &text).await;
    let diags = c.wait_diagnostics(&a).await;
    let d = variant(&diags, "a.txt");
    assert_eq!(slice(&text, &d["range"]), "Mark Dunne");
    let at = text.find("Mark Dunne").unwrap();
    assert_eq!(d["range"]["start"], pos(&text, at), "{d}");
    // A change whose range starts inside a surrogate pair clamps to the
    // start of the emoji; one past the end of the line to its end.
    let changes = [
        (((0, 1), (0, 1)), "“"),
        (((0, 500), (0, 600)), " End."),
        (((0, 3), (0, 2)), ""),
    ];
    let mut sent = Vec::new();
    for (((l1, c1), (l2, c2)), new_text) in changes {
        plain_text::apply_change(&mut text, Some(((l1, c1), (l2, c2))), new_text, true);
        sent.push(json!({"range": {"start": {"line": l1, "character": c1}, "end": {"line": l2, "character": c2}}, "text": new_text}));
    }
    assert!(text.starts_with("“🙂"), "{text:?}");
    c.clear();
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": a, "version": 2}, "contentChanges": sent}),
    )
    .await;
    let diags = c.wait_diagnostics_at(&a, 2).await;
    let d = variant(&diags, "a.txt after the edits");
    assert_eq!(slice(&text, &d["range"]), "Mark Dunne", "{text:?}");
    // Hover and rename at a position between the halves of a surrogate
    // pair, and at the name after the emoji.
    let inside = c
        .request_full(
            "textDocument/hover",
            json!({"textDocument": {"uri": a}, "position": {"line": 0, "character": 2}}),
        )
        .await;
    assert!(inside.get("error").is_none(), "{inside}");
    let edit = c
        .request(
            "textDocument/rename",
            json!({"textDocument": {"uri": a}, "position": d["range"]["start"], "newName": "Mark Dunn"}),
        )
        .await;
    let edits = edit["changes"][&a].as_array().expect("edits of a.txt");
    for e in edits {
        assert_eq!(slice(&text, &e["range"]), "Mark Dunne", "{e}");
    }
    c.shutdown().await;
}

#[tokio::test]
async fn malformed_json_rpc_is_dropped_or_answered_and_the_server_stays_up() {
    let ws = workspace(&[("a.txt", b"Analyst Mark Dunn said so.\n")]);
    let mut c = LspClient::in_process(options());
    c.start(&[ws.path()], &[]).await;
    c.wait_status().await;
    let a = uri(ws.path(), "a.txt");
    // Bodies that are not JSON, not UTF-8, or not JSON-RPC.
    for body in [
        &b"{this is not json"[..],
        b"",
        b"\xff\xfe\x00\x01",
        b"[]",
        b"42",
        b"null",
        b"{\"jsonrpc\": \"2.0\"}",
        b"{\"jsonrpc\": \"1.0\", \"method\": \"initialized\"}",
        b"{\"jsonrpc\": \"2.0\", \"method\": 5}",
        b"{\"jsonrpc\": \"2.0\", \"id\": {}, \"method\": \"textDocument/hover\"}",
        b"{\"jsonrpc\": \"2.0\", \"method\": \"textDocument/didChange\", \"params\": {\"textDocument\": 3}}",
        b"{\"jsonrpc\": \"2.0\", \"method\": \"textDocument/didOpen\", \"params\": {\"textDocument\": {\"uri\": \"not a uri\"}}}",
    ] {
        c.send_raw(body).await;
        assert_up(&mut c, &a).await;
    }
    // Requests with parameters of the wrong shape are answered with an
    // error; an unknown method with "method not found".
    let r = c
        .request_full(
            "textDocument/hover",
            json!({"textDocument": {"uri": a}, "position": "start"}),
        )
        .await;
    assert!(r.get("error").is_some(), "{r}");
    let r = c
        .request_full(
            "textDocument/rename",
            json!({"textDocument": {"uri": 7}, "position": {"line": -1, "character": 0}}),
        )
        .await;
    assert!(r.get("error").is_some(), "{r}");
    let r = c.request_full("copydesk/noSuchMethod", json!({})).await;
    assert_eq!(r["error"]["code"], -32601, "{r}");
    // A notification of an unknown method is ignored.
    c.notify("$/noSuchNotification", json!({"x": 1})).await;
    c.shutdown().await;
}

/// Frames straight onto a fresh server's input, and the first response read
/// back (the client's framing cannot write broken headers).
async fn raw_session(frames: &[&[u8]]) -> Option<Value> {
    use tokio::io::{AsyncWriteExt, BufReader};
    let (client_side, server_side) = tokio::io::duplex(1 << 20);
    let (server_read, server_write) = tokio::io::split(server_side);
    tokio::spawn(copydesk_lsp::run(server_read, server_write, options()));
    let (read, mut write) = tokio::io::split(client_side);
    for f in frames {
        write.write_all(f).await.unwrap();
    }
    let body = json!({"jsonrpc": "2.0", "id": 1, "method": "initialize",
                      "params": {"processId": null, "capabilities": {}}})
    .to_string();
    write
        .write_all(format!("Content-Length: {}\r\n\r\n{body}", body.len()).as_bytes())
        .await
        .unwrap();
    write.flush().await.unwrap();
    let mut reader = BufReader::new(read);
    let read = common::lsp_client::read_frame(&mut reader);
    tokio::time::timeout(common::lsp_client::WAIT, read)
        .await
        .ok()
        .flatten()
}

#[tokio::test]
async fn frames_with_broken_headers_are_dropped_and_reading_goes_on() {
    let cases: [&[&[u8]]; 5] = [
        &[b"Content-Type: application/json\r\n\r\n"],
        &[b"Content-Length: many\r\n\r\n"],
        &[b"Content-Length: -5\r\n\r\n"],
        &[b"\r\n\r\n\r\n"],
        &[b"Content-Length: 3\r\n\r\n{}}"],
    ];
    for frames in cases {
        let r = raw_session(frames).await;
        let r = r.unwrap_or_else(|| panic!("no answer after {frames:?}"));
        assert!(r["result"]["capabilities"].is_object(), "{r}");
    }
}

#[tokio::test]
async fn regression_a_broken_header_with_a_body_does_not_swallow_the_next_frames() {
    let body = br#"{"jsonrpc": "2.0", "method": "initialized", "params": {}}"#;
    for header in [
        &b"Content-Length: many\r\n\r\n"[..],
        b"X-Nothing: 1\r\n\r\n",
    ] {
        let frame = [header, &body[..]].concat();
        let r = raw_session(&[&frame]).await;
        let r =
            r.unwrap_or_else(|| panic!("no answer after {:?}", String::from_utf8_lossy(&frame)));
        assert!(r["result"]["capabilities"].is_object(), "{r}");
    }
}

#[tokio::test]
async fn regression_json_that_is_not_json_rpc_does_not_end_the_server() {
    // tower-lsp stops reading at the first message it cannot decode; these
    // are valid JSON, so they used to pass the framing guard and end the
    // server.
    let ws = workspace(&[("a.txt", b"Analyst Mark Dunn said so.\n")]);
    let mut c = LspClient::in_process(options());
    c.start(&[ws.path()], &[]).await;
    c.wait_status().await;
    let a = uri(ws.path(), "a.txt");
    for body in [
        &b"[]"[..],
        b"42",
        b"{}",
        b"{\"jsonrpc\": \"2.0\", \"method\": 5}",
        b"{\"jsonrpc\": \"1.0\", \"method\": \"initialized\"}",
    ] {
        c.send_raw(body).await;
        assert_up(&mut c, &a).await;
    }
    c.shutdown().await;
}

#[tokio::test]
async fn requests_for_unknown_documents_answer_empty() {
    let ws = workspace(&[("a.txt", b"Analyst Mark Dunn said so.\n")]);
    let mut c = LspClient::in_process(options());
    c.start(&[ws.path()], &[]).await;
    c.wait_status().await;
    let zero = json!({"line": 0, "character": 0});
    let range = json!({"start": zero, "end": {"line": 0, "character": 4}});
    for unknown in [
        "file:///nowhere/x.txt".to_string(),
        "untitled:Untitled-1".to_string(),
        uri(ws.path(), "never-written.txt"),
        "https://example.com/a.txt".to_string(),
    ] {
        let doc = json!({"uri": unknown});
        for (method, params) in [
            (
                "textDocument/hover",
                json!({"textDocument": doc, "position": zero}),
            ),
            (
                "textDocument/codeAction",
                json!({"textDocument": doc, "range": range, "context": {"diagnostics": []}}),
            ),
            (
                "textDocument/prepareRename",
                json!({"textDocument": doc, "position": zero}),
            ),
            (
                "textDocument/references",
                json!({"textDocument": doc, "position": zero, "context": {"includeDeclaration": true}}),
            ),
            (
                "textDocument/definition",
                json!({"textDocument": doc, "position": zero}),
            ),
            ("textDocument/documentSymbol", json!({"textDocument": doc})),
        ] {
            let r = c.request_full(method, params).await;
            // prepareRename may say why nothing can be renamed; nothing
            // else is an error.
            if method == "textDocument/prepareRename" && r.get("error").is_some() {
                assert_ne!(r["error"]["code"], -32603, "{r}");
                continue;
            }
            assert!(r.get("error").is_none(), "{method} on {unknown}: {r}");
            let result = &r["result"];
            assert!(
                result.is_null() || result.as_array().is_some_and(|a| a.is_empty()),
                "{method} on {unknown}: {r}"
            );
        }
        // Rename of nothing: no edit, or an error that says why; never a
        // crash.
        let r = c
            .request_full(
                "textDocument/rename",
                json!({"textDocument": doc, "position": zero, "newName": "X"}),
            )
            .await;
        assert!(r["result"].is_null() || r.get("error").is_some(), "{r}");
        assert_ne!(r["error"]["code"], -32603, "{r}");
        for method in [
            "textDocument/didChange",
            "textDocument/didClose",
            "textDocument/didSave",
        ] {
            c.notify(
                method,
                json!({"textDocument": {"uri": unknown, "version": 9}, "contentChanges": [{"text": "x"}]}),
            )
            .await;
        }
    }
    assert_up(&mut c, &uri(ws.path(), "a.txt")).await;
    c.shutdown().await;
}

#[tokio::test]
async fn stale_versions_and_out_of_range_changes_keep_the_text_right() {
    let ws = workspace(&[("b.txt", b"Analyst Mark Dunne said so. Mark Dunne left.\n")]);
    let mut c = LspClient::in_process(options());
    c.start(&[ws.path()], &[]).await;
    c.wait_status().await;
    let a = uri(ws.path(), "a.txt");
    let mut text = "First 🙂 line.\r\nSecond line.\n".to_string();
    c.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": a, "languageId": "plaintext", "version": 5, "text": text}}),
    )
    .await;
    c.wait_status().await;
    let change = |version: i64, changes: &[Change]| {
        let sent: Vec<Value> = changes
            .iter()
            .map(|(((l1, c1), (l2, c2)), t)| json!({"range": {"start": {"line": l1, "character": c1}, "end": {"line": l2, "character": c2}}, "text": t}))
            .collect();
        json!({"textDocument": {"uri": a, "version": version}, "contentChanges": sent})
    };
    // Stale: the same version, an older one, a negative one. Ignored.
    for v in [5, 4, -1] {
        c.notify(
            "textDocument/didChange",
            change(v, &[(((0, 0), (0, 0)), "STALE ")]),
        )
        .await;
    }
    // Out of range: a line past the end, a character past the line's end,
    // a reversed range, the largest numbers, inside a surrogate pair.
    let hostile: [Change; 5] = [
        (((99, 0), (99, 5)), "Appended."),
        (((0, 400), (0, 900)), " (late)"),
        (((1, 6), (1, 0)), "2nd"),
        (((u32::MAX, u32::MAX), (u32::MAX, u32::MAX)), " Tail"),
        (((0, 7), (0, 7)), "“"),
    ];
    for (i, (range, t)) in hostile.iter().enumerate() {
        plain_text::apply_change(&mut text, Some(*range), t, true);
        c.notify(
            "textDocument/didChange",
            change(6 + i as i64, &[(*range, t)]),
        )
        .await;
    }
    // A version that jumps ahead is applied.
    let last = text.len();
    let (l, ch) = plain_text::position(&text, last, true);
    plain_text::apply_change(
        &mut text,
        Some(((l, ch), (l, ch))),
        " Analyst Mark Dunn spoke.",
        true,
    );
    c.clear();
    c.notify(
        "textDocument/didChange",
        change(100, &[(((l, ch), (l, ch)), " Analyst Mark Dunn spoke.")]),
    )
    .await;
    assert!(!text.contains("STALE"), "{text:?}");
    let diags = c.wait_diagnostics_at(&a, 100).await;
    let d = variant(&diags, "a.txt");
    // The server's text is the model's: the name sits where the model has it.
    let at = text.find("Mark Dunn spoke").unwrap();
    assert_eq!(d["range"]["start"], pos(&text, at), "{d} in {text:?}");
    assert_eq!(slice(&text, &d["range"]), "Mark Dunn");
    c.shutdown().await;
}

#[tokio::test]
async fn a_copydesk_toml_with_wrong_types_opened_in_the_editor_gets_a_diagnostic() {
    let ws = workspace(&[
        ("a.txt", b"Analyst Mark Dunn said so.\n"),
        ("b.txt", b"Analyst Mark Dunne said so.\n"),
        ("copydesk.toml", b"[bundle]\ninclude = [\"*.txt\"]\n"),
    ]);
    let mut c = LspClient::in_process(options());
    c.start(&[ws.path()], &[]).await;
    c.wait_status().await;
    let cfg = uri(ws.path(), "copydesk.toml");
    for (text, line) in [
        ("[bundle]\ninclude = \"*.txt\"\n", 1),
        (
            "[bundle]\ninclude = [\"*.txt\"]\n[rules]\nname-variant = 3\n",
            3,
        ),
        ("[names]\nignore = { a = 1 }\n", 1),
        ("[bundle]\ndate = 2024-01-01\n", 1),
        ("[rates]\n\"USD/CNY\" = \"seven\"\n", 1),
    ] {
        c.clear();
        c.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": cfg, "languageId": "toml", "version": 1, "text": text}}),
        )
        .await;
        let diags = c.wait_diagnostics(&cfg).await;
        assert_eq!(diags.len(), 1, "{text}: {diags:?}");
        assert_eq!(
            diags[0]["range"]["start"]["line"], line,
            "{text}: {diags:?}"
        );
        assert_eq!(diags[0]["severity"], 1, "{diags:?}");
        assert!(
            !diags[0]["message"].as_str().unwrap_or_default().is_empty(),
            "{diags:?}"
        );
        // The articles are still checked, with the defaults.
        let status = c.wait_status().await;
        assert_eq!(status["articles"], 2, "{status}");
    }
    // Closed: the file on disk (valid) is read again, the diagnostic goes.
    c.clear();
    c.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": cfg}}),
    )
    .await;
    let diags = c.wait_diagnostics(&cfg).await;
    assert!(diags.is_empty(), "{diags:?}");
    c.shutdown().await;
}
