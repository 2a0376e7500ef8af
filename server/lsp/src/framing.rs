//! A guard in front of tower-lsp's reader. tower-lsp stops reading for
//! good at the first message it cannot decode, which would end the server
//! on one malformed frame. This task reads the client's frames itself and
//! passes on only well-formed JSON-RPC messages; a malformed frame (bad
//! header, body that is not UTF-8, not JSON, or JSON that tower-lsp cannot
//! read as a request, notification or response) is logged and dropped, and
//! reading goes on. After a broken header, reading picks up again at the
//! next `Content-Length` header, even when it follows the bad frame's body
//! on the same line.

use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, BufReader};

/// Largest message accepted; anything bigger is skipped unread.
const MAX_FRAME: usize = 256 * 1024 * 1024;

/// Copies well-formed frames from `input` to `output` until `input` ends
/// or the client sends `exit`; says whether it did.
pub async fn sanitize<R, W>(input: R, mut output: W) -> bool
where
    R: AsyncRead + Unpin,
    W: AsyncWrite + Unpin,
{
    let mut reader = BufReader::new(input);
    loop {
        // Headers, up to the empty line.
        let mut length: Option<usize> = None;
        let mut saw_header = false;
        loop {
            let mut line = Vec::new();
            match reader.read_until(b'\n', &mut line).await {
                Ok(0) => {
                    let _ = output.shutdown().await;
                    return false;
                }
                Ok(_) => {}
                Err(e) => {
                    tracing::error!("reading from the client failed: {e}");
                    let _ = output.shutdown().await;
                    return false;
                }
            }
            let text = String::from_utf8_lossy(&line);
            let mut text = text.trim();
            // The body of a frame whose header was broken runs into the
            // next frame's first header line: start again at that header.
            if let Some(at) = text.to_ascii_lowercase().find("content-length:") {
                text = &text[at..];
            }
            if text.is_empty() {
                if saw_header {
                    break;
                }
                continue;
            }
            saw_header = true;
            if let Some((name, value)) = text.split_once(':') {
                if name.trim().eq_ignore_ascii_case("content-length") {
                    length = value.trim().parse().ok();
                }
            }
        }
        let Some(length) = length else {
            tracing::error!("a message without a valid Content-Length header was dropped");
            continue;
        };
        if length > MAX_FRAME {
            tracing::error!("a message of {length} bytes is too large; dropped");
            let mut skip = (&mut reader).take(length as u64);
            let _ = tokio::io::copy(&mut skip, &mut tokio::io::sink()).await;
            continue;
        }
        let mut body = vec![0; length];
        if let Err(e) = reader.read_exact(&mut body).await {
            tracing::error!("the client's stream ended inside a message: {e}");
            let _ = output.shutdown().await;
            return false;
        }
        let body = without_null_params(body);
        let length = body.len();
        // What tower-lsp's codec accepts: a response, or a request or
        // notification. Anything else would end its reading for good.
        let request = serde_json::from_slice::<tower_lsp::jsonrpc::Request>(&body);
        if request.is_err()
            && serde_json::from_slice::<tower_lsp::jsonrpc::Response>(&body).is_err()
        {
            tracing::error!(
                "a message that is not JSON-RPC was dropped: {:?}",
                String::from_utf8_lossy(&body[..body.len().min(200)])
            );
            continue;
        }
        let header = format!("Content-Length: {length}\r\n\r\n");
        if output.write_all(header.as_bytes()).await.is_err()
            || output.write_all(&body).await.is_err()
            || output.flush().await.is_err()
        {
            return false;
        }
        // After `exit` nothing more is read: the server ends even if the
        // client keeps its end of the pipe open.
        if request.is_ok_and(|r| r.method() == "exit") {
            let _ = output.shutdown().await;
            return true;
        }
    }
}

/// `"params": null` is how some clients write "no parameters" (`shutdown`,
/// `exit`); tower-lsp answers it with an error and then refuses every later
/// request. The member is left out instead; any other body is kept as is.
fn without_null_params(body: Vec<u8>) -> Vec<u8> {
    // Cheap test first: only a body that mentions params and null is parsed.
    let mentions = |needle: &[u8]| body.windows(needle.len()).any(|w| w == needle);
    if !mentions(b"\"params\"") || !mentions(b"null") {
        return body;
    }
    match serde_json::from_slice::<serde_json::Value>(&body) {
        Ok(serde_json::Value::Object(mut message))
            if message
                .get("params")
                .is_some_and(serde_json::Value::is_null) =>
        {
            message.remove("params");
            serde_json::to_vec(&message).unwrap_or(body)
        }
        _ => body,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn regression_json_that_is_not_json_rpc_and_broken_headers_are_dropped() {
        let ok = r#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#;
        let mut input = Vec::new();
        for bad in [
            "[]",
            "42",
            "null",
            r#"{"jsonrpc":"2.0","method":5}"#,
            r#"{"jsonrpc":"1.0","method":"x"}"#,
        ] {
            input.extend_from_slice(
                format!("Content-Length: {}\r\n\r\n{bad}", bad.len()).as_bytes(),
            );
        }
        // A broken header with a body, then a good frame.
        input.extend_from_slice(format!("Content-Length: many\r\n\r\n{ok}").as_bytes());
        input.extend_from_slice(format!("Content-Length: {}\r\n\r\n{ok}", ok.len()).as_bytes());
        let mut out = Vec::new();
        sanitize(&input[..], &mut out).await;
        assert_eq!(
            String::from_utf8(out).unwrap(),
            format!("Content-Length: {}\r\n\r\n{ok}", ok.len())
        );
    }

    #[tokio::test]
    async fn null_params_are_left_out_and_other_bodies_kept() {
        let frame = |m: &str| format!("Content-Length: {}\r\n\r\n{m}", m.len());
        let shutdown = r#"{"jsonrpc":"2.0","id":7,"method":"shutdown","params":null}"#;
        let hover = r#"{"jsonrpc":"2.0","id":8,"method":"x","params":{"a":null}}"#;
        let mut out = Vec::new();
        sanitize(
            format!("{}{}", frame(shutdown), frame(hover)).as_bytes(),
            &mut out,
        )
        .await;
        let out = String::from_utf8(out).unwrap();
        let (first, rest) = out.split_at(out.find("}Content").unwrap() + 1);
        let body = first.split_once("\r\n\r\n").unwrap().1;
        let v: serde_json::Value = serde_json::from_str(body).unwrap();
        assert_eq!(v["method"], "shutdown");
        assert_eq!(v["id"], 7);
        assert!(v.get("params").is_none(), "{body}");
        assert!(first.starts_with(&format!("Content-Length: {}\r\n", body.len())));
        assert_eq!(rest, frame(hover));
    }

    #[tokio::test]
    async fn malformed_frames_are_dropped_and_good_ones_pass() {
        let a = r#"{"jsonrpc":"2.0","method":"initialized"}"#;
        let b = r#"{"jsonrpc":"2.0","id":1,"result":null}"#;
        let frame = |m: &str| format!("Content-Length: {}\r\n\r\n{m}", m.len());
        let input = format!(
            "Content-Length: 5\r\n\r\n{{bad}}{}garbage\r\n\r\n{}",
            frame(a),
            frame(b)
        );
        let mut out = Vec::new();
        sanitize(input.as_bytes(), &mut out).await;
        assert_eq!(String::from_utf8(out).unwrap(), frame(a) + &frame(b));
    }
}
