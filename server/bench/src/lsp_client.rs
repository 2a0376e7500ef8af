//! A minimal blocking LSP client over a child process's stdio, with real
//! `Content-Length` framing, for the benchmarks. It answers the server's own
//! requests (progress tokens, configuration, edits) with empty successes.

use std::io::{BufRead, BufReader, Write};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

pub struct Client {
    child: Child,
    stdin: ChildStdin,
    incoming: Receiver<Value>,
    next_id: i64,
    /// Notifications received while waiting for something else.
    pub backlog: Vec<Value>,
}

fn read_frame(reader: &mut impl BufRead) -> Option<Value> {
    let mut length = None;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).ok()? == 0 {
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
    reader.read_exact(&mut body).ok()?;
    serde_json::from_slice(&body).ok()
}

impl Client {
    /// Starts `exe lsp`.
    pub fn start(exe: &std::path::Path) -> std::io::Result<Client> {
        let mut child = Command::new(exe)
            .arg("lsp")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()?;
        let stdin = child
            .stdin
            .take()
            .ok_or_else(|| std::io::Error::other("no stdin"))?;
        let stdout = child
            .stdout
            .take()
            .ok_or_else(|| std::io::Error::other("no stdout"))?;
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            while let Some(msg) = read_frame(&mut reader) {
                if tx.send(msg).is_err() {
                    break;
                }
            }
        });
        Ok(Client {
            child,
            stdin,
            incoming: rx,
            next_id: 1,
            backlog: Vec::new(),
        })
    }

    fn send(&mut self, msg: &Value) -> std::io::Result<()> {
        let body = msg.to_string();
        write!(self.stdin, "Content-Length: {}\r\n\r\n{body}", body.len())?;
        self.stdin.flush()
    }

    pub fn notify(&mut self, method: &str, params: Value) -> std::io::Result<()> {
        self.send(&json!({"jsonrpc": "2.0", "method": method, "params": params}))
    }

    /// Receives one message, answering server requests on the way.
    fn recv(&mut self, deadline: Instant) -> std::io::Result<Value> {
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let msg = match self.incoming.recv_timeout(left) {
                Ok(m) => m,
                Err(RecvTimeoutError::Timeout) => {
                    return Err(std::io::Error::new(
                        std::io::ErrorKind::TimedOut,
                        "the server did not answer in time",
                    ))
                }
                Err(RecvTimeoutError::Disconnected) => {
                    return Err(std::io::Error::other("the server closed its output"))
                }
            };
            if msg.get("method").is_some() && msg.get("id").is_some() {
                let reply = match msg["method"].as_str() {
                    Some("workspace/applyEdit") => json!({"applied": true}),
                    Some("workspace/configuration") => json!([]),
                    _ => Value::Null,
                };
                let id = msg["id"].clone();
                self.send(&json!({"jsonrpc": "2.0", "id": id, "result": reply}))?;
                continue;
            }
            return Ok(msg);
        }
    }

    /// Sends a request and waits for its response; notifications that
    /// arrive meanwhile go to the backlog.
    pub fn request(&mut self, method: &str, params: Value) -> std::io::Result<Value> {
        let id = self.next_id;
        self.next_id += 1;
        self.send(&json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}))?;
        let deadline = Instant::now() + Duration::from_secs(120);
        loop {
            let msg = self.recv(deadline)?;
            if msg.get("id").and_then(Value::as_i64) == Some(id) {
                return Ok(msg.get("result").cloned().unwrap_or(Value::Null));
            }
            self.backlog.push(msg);
        }
    }

    /// Waits for a notification matching `pred`, looking at the backlog
    /// first.
    pub fn wait_for(
        &mut self,
        timeout: Duration,
        mut pred: impl FnMut(&Value) -> bool,
    ) -> std::io::Result<Value> {
        if let Some(i) = self.backlog.iter().position(&mut pred) {
            return Ok(self.backlog.remove(i));
        }
        let deadline = Instant::now() + timeout;
        loop {
            let msg = self.recv(deadline)?;
            if pred(&msg) {
                return Ok(msg);
            }
        }
    }

    /// Drops everything received so far.
    pub fn drain(&mut self) {
        self.backlog.clear();
        while self.incoming.try_recv().is_ok() {}
    }

    pub fn shutdown(mut self) {
        let _ = self.request("shutdown", Value::Null);
        let _ = self.notify("exit", Value::Null);
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
