//! A test client for the language server with real `Content-Length`
//! framing, over a tokio duplex pipe (the server in-process) or over a
//! child process's stdio. It answers the server's own requests (progress
//! tokens, registrations, applyEdit) and keeps every notification.

use std::collections::HashMap;
use std::time::Duration;

use serde_json::{json, Value};
use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, BufReader};
use tokio::sync::mpsc;

/// Hang guard for every wait: generous, never a speed assertion.
pub const WAIT: Duration = Duration::from_secs(30);

pub struct LspClient {
    writer: Box<dyn AsyncWrite + Unpin + Send>,
    incoming: mpsc::UnboundedReceiver<Value>,
    next_id: i64,
    /// Notifications not yet consumed.
    pub notifications: Vec<Value>,
    /// Latest diagnostics per URI.
    pub diagnostics: HashMap<String, Vec<Value>>,
    /// Edits the server asked the client to apply (workspace/applyEdit).
    pub applied_edits: Vec<Value>,
    /// Server requests seen, by method.
    pub server_requests: Vec<String>,
}

/// One `Content-Length` frame's JSON body; `None` at the end of the stream
/// or on a frame that does not parse.
pub async fn read_frame(reader: &mut (impl AsyncBufReadExt + Unpin)) -> Option<Value> {
    let mut length = None;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).await.ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some(v) = line.strip_prefix("Content-Length:") {
            length = v.trim().parse::<usize>().ok();
        }
    }
    let mut body = vec![0; length?];
    reader.read_exact(&mut body).await.ok()?;
    serde_json::from_slice(&body).ok()
}

impl LspClient {
    pub fn over<R, W>(reader: R, writer: W) -> LspClient
    where
        R: AsyncRead + Unpin + Send + 'static,
        W: AsyncWrite + Unpin + Send + 'static,
    {
        let (tx, rx) = mpsc::unbounded_channel();
        tokio::spawn(async move {
            let mut reader = BufReader::new(reader);
            while let Some(msg) = read_frame(&mut reader).await {
                if tx.send(msg).is_err() {
                    break;
                }
            }
        });
        LspClient {
            writer: Box::new(writer),
            incoming: rx,
            next_id: 1,
            notifications: Vec::new(),
            diagnostics: HashMap::new(),
            applied_edits: Vec::new(),
            server_requests: Vec::new(),
        }
    }

    /// The server in-process over a duplex pipe.
    pub fn in_process(options: copydesk_lsp::Options) -> LspClient {
        let (client_side, server_side) = tokio::io::duplex(1 << 20);
        let (server_read, server_write) = tokio::io::split(server_side);
        tokio::spawn(copydesk_lsp::run(server_read, server_write, options));
        let (client_read, client_write) = tokio::io::split(client_side);
        LspClient::over(client_read, client_write)
    }

    pub async fn send_raw(&mut self, body: &[u8]) {
        let header = format!("Content-Length: {}\r\n\r\n", body.len());
        self.writer
            .write_all(header.as_bytes())
            .await
            .expect("write header");
        self.writer.write_all(body).await.expect("write body");
        self.writer.flush().await.expect("flush");
    }

    async fn send(&mut self, msg: Value) {
        self.send_raw(msg.to_string().as_bytes()).await;
    }

    pub async fn notify(&mut self, method: &str, params: Value) {
        let mut msg = json!({"jsonrpc": "2.0", "method": method});
        if !params.is_null() {
            msg["params"] = params;
        }
        self.send(msg).await;
    }

    /// Handles one incoming message; returns it when it is a response.
    async fn handle(&mut self, msg: Value) -> Option<Value> {
        if let Some(method) = msg.get("method").and_then(Value::as_str) {
            let method = method.to_string();
            if let Some(id) = msg.get("id").cloned() {
                self.server_requests.push(method.clone());
                let result = match method.as_str() {
                    "workspace/applyEdit" => {
                        self.applied_edits.push(msg["params"]["edit"].clone());
                        json!({"applied": true})
                    }
                    "workspace/configuration" => json!([]),
                    _ => Value::Null,
                };
                self.send(json!({"jsonrpc": "2.0", "id": id, "result": result}))
                    .await;
                return None;
            }
            if method == "textDocument/publishDiagnostics" {
                let uri = msg["params"]["uri"]
                    .as_str()
                    .unwrap_or_default()
                    .to_string();
                let diags = msg["params"]["diagnostics"]
                    .as_array()
                    .cloned()
                    .unwrap_or_default();
                self.diagnostics.insert(uri, diags);
            }
            self.notifications.push(msg);
            return None;
        }
        Some(msg)
    }

    async fn next(&mut self) -> Value {
        match tokio::time::timeout(WAIT, self.incoming.recv()).await {
            Ok(Some(m)) => m,
            Ok(None) => panic!("the server closed the connection"),
            Err(_) => panic!("no message from the server within {WAIT:?}"),
        }
    }

    /// Sends a request and returns its whole response (`result` or `error`).
    pub async fn request_full(&mut self, method: &str, params: Value) -> Value {
        let params = (!params.is_null()).then_some(params);
        self.request_written(method, params).await
    }

    /// Sends a request with `params` written as given (`Some(Value::Null)`
    /// is `"params": null`, `None` no member) and returns its whole
    /// response.
    pub async fn request_written(&mut self, method: &str, params: Option<Value>) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        let mut msg = json!({"jsonrpc": "2.0", "id": id, "method": method});
        if let Some(p) = params {
            msg["params"] = p;
        }
        self.send(msg).await;
        loop {
            let msg = self.next().await;
            if let Some(resp) = self.handle(msg).await {
                if resp.get("id").and_then(Value::as_i64) == Some(id) {
                    return resp;
                }
            }
        }
    }

    /// Sends a request and returns its `result`, failing on an error.
    pub async fn request(&mut self, method: &str, params: Value) -> Value {
        let resp = self.request_full(method, params).await;
        if let Some(e) = resp.get("error") {
            panic!("{method} failed: {e}");
        }
        resp.get("result").cloned().unwrap_or(Value::Null)
    }

    /// Waits for a notification matching `pred` (consumed notifications
    /// are looked at first).
    pub async fn wait_for(&mut self, what: &str, pred: impl Fn(&Value) -> bool) -> Value {
        if let Some(i) = self.notifications.iter().position(&pred) {
            return self.notifications.remove(i);
        }
        let deadline = tokio::time::Instant::now() + WAIT;
        loop {
            let left = deadline.saturating_duration_since(tokio::time::Instant::now());
            let msg = match tokio::time::timeout(left, self.incoming.recv()).await {
                Ok(Some(m)) => m,
                Ok(None) => panic!("the server closed the connection waiting for {what}"),
                Err(_) => panic!("waited {WAIT:?} for {what}"),
            };
            let matched = pred(&msg);
            self.handle(msg).await;
            if matched {
                if let Some(i) = self.notifications.iter().rposition(&pred) {
                    return self.notifications.remove(i);
                }
            }
        }
    }

    /// Waits for the diagnostics of `uri` to be published (again).
    pub async fn wait_diagnostics(&mut self, uri: &str) -> Vec<Value> {
        let msg = self
            .wait_for(&format!("diagnostics of {uri}"), |m| {
                m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri
            })
            .await;
        msg["params"]["diagnostics"]
            .as_array()
            .cloned()
            .unwrap_or_default()
    }

    /// Waits for the diagnostics of `uri` published for document `version`:
    /// a late publication for an earlier version is skipped.
    pub async fn wait_diagnostics_at(&mut self, uri: &str, version: i64) -> Vec<Value> {
        let msg = self
            .wait_for(&format!("diagnostics of {uri} at version {version}"), |m| {
                m["method"] == "textDocument/publishDiagnostics"
                    && m["params"]["uri"] == uri
                    && m["params"]["version"] == version
            })
            .await;
        msg["params"]["diagnostics"]
            .as_array()
            .cloned()
            .unwrap_or_default()
    }

    /// Waits for the status notification that ends an analysis.
    pub async fn wait_status(&mut self) -> Value {
        self.wait_for("copydesk/status", |m| m["method"] == "copydesk/status")
            .await["params"]
            .clone()
    }

    /// Forgets pending notifications.
    pub fn clear(&mut self) {
        self.notifications.clear();
    }

    /// initialize + initialized, with workspace folders and the given
    /// position encodings offered.
    pub async fn start(&mut self, folders: &[&std::path::Path], encodings: &[&str]) -> Value {
        let folders: Vec<Value> = folders
            .iter()
            .map(|f| json!({"uri": file_uri(f), "name": "ws"}))
            .collect();
        let mut caps = json!({
            "window": {"workDoneProgress": true},
            "workspace": {"didChangeWatchedFiles": {"dynamicRegistration": true}, "applyEdit": true},
            "textDocument": {"publishDiagnostics": {"relatedInformation": true}}
        });
        if !encodings.is_empty() {
            caps["general"] = json!({"positionEncodings": encodings});
        }
        let result = self
            .request(
                "initialize",
                json!({
                    "processId": null,
                    "rootUri": folders.first().map(|f| f["uri"].clone()),
                    "workspaceFolders": folders,
                    "capabilities": caps,
                    "initializationOptions": {"debounceMs": 0}
                }),
            )
            .await;
        self.notify("initialized", json!({})).await;
        result
    }

    /// initialize + initialized as a client that does not watch files
    /// (no dynamic registration of `workspace/didChangeWatchedFiles`), with
    /// these workspace folders or, when there are none, no root at all.
    pub async fn start_unwatched(&mut self, folders: &[&std::path::Path]) -> Value {
        let folders: Vec<Value> = folders
            .iter()
            .map(|f| json!({"uri": file_uri(f), "name": "ws"}))
            .collect();
        let result = self
            .request(
                "initialize",
                json!({
                    "processId": null,
                    "rootUri": folders.first().map(|f| f["uri"].clone()),
                    "workspaceFolders": if folders.is_empty() { Value::Null } else { json!(folders) },
                    "capabilities": {"workspace": {"applyEdit": true}},
                    "initializationOptions": {"debounceMs": 0}
                }),
            )
            .await;
        self.notify("initialized", json!({})).await;
        result
    }

    pub async fn open(&mut self, uri: &str, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": "plaintext", "version": 1, "text": text}}),
        )
        .await;
    }

    pub async fn shutdown(&mut self) {
        self.request("shutdown", Value::Null).await;
        self.notify("exit", Value::Null).await;
        let _ = self.writer.shutdown().await;
    }
}

/// A temporary workspace holding `files` (name, contents).
pub fn workspace<B: AsRef<[u8]>>(files: &[(&str, B)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, bytes) in files {
        std::fs::write(dir.path().join(name), bytes).unwrap();
    }
    dir
}

/// Server options for tests: no debounce, test-only commands on.
pub fn test_options() -> copydesk_lsp::Options {
    copydesk_lsp::Options {
        debounce_ms: 0,
        test_commands: true,
    }
}

/// The `file://` URI of `name` in `dir`.
pub fn uri_in(dir: &std::path::Path, name: &str) -> String {
    file_uri(&dir.join(name))
}

pub fn file_uri(path: &std::path::Path) -> String {
    url::Url::from_file_path(path)
        .expect("absolute path")
        .to_string()
}

/// Byte offset of an LSP (line, UTF-16 character) position in `text`.
pub fn utf16_offset(text: &str, line: u64, character: u64) -> usize {
    let mut offset = 0;
    for (i, l) in text.split_inclusive('\n').enumerate() {
        if i as u64 == line {
            let mut units = 0;
            for (b, c) in l.char_indices() {
                if units >= character {
                    return offset + b;
                }
                units += c.len_utf16() as u64;
            }
            return offset + l.trim_end_matches(['\n', '\r']).len();
        }
        offset += l.len();
    }
    text.len()
}

/// The text under an LSP range (UTF-16).
pub fn slice<'t>(text: &'t str, range: &Value) -> &'t str {
    let s = utf16_offset(
        text,
        range["start"]["line"].as_u64().unwrap_or(0),
        range["start"]["character"].as_u64().unwrap_or(0),
    );
    let e = utf16_offset(
        text,
        range["end"]["line"].as_u64().unwrap_or(0),
        range["end"]["character"].as_u64().unwrap_or(0),
    );
    &text[s..e]
}

/// Applies LSP text edits (UTF-16 ranges) to a text.
pub fn apply_edits(text: &str, edits: &[Value]) -> String {
    let mut spans: Vec<(usize, usize, String)> = edits
        .iter()
        .map(|e| {
            let r = &e["range"];
            let s = utf16_offset(
                text,
                r["start"]["line"].as_u64().unwrap_or(0),
                r["start"]["character"].as_u64().unwrap_or(0),
            );
            let en = utf16_offset(
                text,
                r["end"]["line"].as_u64().unwrap_or(0),
                r["end"]["character"].as_u64().unwrap_or(0),
            );
            (s, en, e["newText"].as_str().unwrap_or_default().to_string())
        })
        .collect();
    spans.sort_by_key(|s| std::cmp::Reverse(s.0));
    let mut out = text.to_string();
    for (s, e, t) in spans {
        out.replace_range(s..e, &t);
    }
    out
}
