//! The real `copydesk lsp` binary over its stdio: initialize, open a seed
//! article, receive its diagnostics, shut down, and exit on `exit` even
//! though the client keeps its end of the pipe open.

mod common;

use std::path::PathBuf;
use std::process::Stdio;
use std::time::Duration;

use common::lsp_client::{file_uri, LspClient};
use serde_json::Value;

#[tokio::test]
async fn the_binary_serves_lsp_over_stdio() {
    let seeds = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("seeds");
    let (mut child, mut c, init) = started_on_seeds(Stdio::piped()).await;
    assert_eq!(init["serverInfo"]["name"], "copydesk");
    let status = c.wait_status().await;
    assert_eq!(status["articles"], 5);
    let name = "004_3ca77c8fe44205ce.txt";
    let uri = file_uri(&seeds.join(name));
    let text = std::fs::read_to_string(seeds.join(name)).unwrap();
    c.open(&uri, &text).await;
    let diags = c.wait_diagnostics(&uri).await;
    assert!(
        diags.iter().any(|d| d["code"] == "name-variant"),
        "{diags:?}"
    );
    c.request("shutdown", Value::Null).await;
    c.notify("exit", Value::Null).await;
    let status = tokio::time::timeout(Duration::from_secs(20), child.wait())
        .await
        .expect("the server exits after `exit`")
        .expect("wait");
    assert!(status.success(), "{status:?}");
    // Logs went to stderr, never into the protocol stream.
    let mut err = String::new();
    if let Some(mut e) = child.stderr.take() {
        use tokio::io::AsyncReadExt;
        let _ = e.read_to_string(&mut err).await;
    }
    assert!(err.contains("indexed 5 articles"), "{err}");
}

/// The binary started on the seeds and initialized, with its answer to
/// `initialize`; its standard error goes to `stderr`.
async fn started_on_seeds(stderr: Stdio) -> (tokio::process::Child, LspClient, Value) {
    let seeds = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("seeds");
    let mut child = tokio::process::Command::new(env!("CARGO_BIN_EXE_copydesk"))
        .arg("lsp")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(stderr)
        .kill_on_drop(true)
        .spawn()
        .expect("start copydesk lsp");
    let stdin = child.stdin.take().expect("stdin");
    let stdout = child.stdout.take().expect("stdout");
    let mut c = LspClient::over(stdout, stdin);
    let init = c.start(&[seeds.as_path()], &[]).await;
    (child, c, init)
}

/// LSP: `exit` without a `shutdown` request before it ends the server with 1.
#[tokio::test]
async fn exit_without_shutdown_exits_with_1() {
    let (mut child, mut c, _) = started_on_seeds(Stdio::null()).await;
    c.notify("exit", Value::Null).await;
    let status = tokio::time::timeout(Duration::from_secs(20), child.wait())
        .await
        .expect("the server exits after `exit`")
        .expect("wait");
    assert_eq!(status.code(), Some(1), "{status:?}");
}

/// LSP: `shutdown` may carry `"params": null`; it is answered with a
/// result, and the `exit` after it ends the server with 0.
#[tokio::test]
async fn shutdown_with_null_params_is_a_shutdown() {
    let (mut child, mut c, _) = started_on_seeds(Stdio::null()).await;
    let resp = c.request_written("shutdown", Some(Value::Null)).await;
    assert!(resp.get("error").is_none(), "{resp}");
    assert!(resp.get("result").is_some(), "{resp}");
    c.notify("exit", Value::Null).await;
    let status = tokio::time::timeout(Duration::from_secs(20), child.wait())
        .await
        .expect("the server exits after `exit`")
        .expect("wait");
    assert_eq!(status.code(), Some(0), "{status:?}");
}
