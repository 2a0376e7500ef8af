//! A guard in front of tower-lsp's reader. tower-lsp stops reading for
//! good at the first message it cannot decode, which would end the server
//! on one malformed frame. This task reads the client's frames itself and
//! passes on only well-formed JSON; a malformed frame (bad header, body that
//! is not UTF-8 or not JSON) is logged and dropped, and reading goes on.

use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, BufReader};

/// Largest message accepted; anything bigger is skipped unread.
const MAX_FRAME: usize = 256 * 1024 * 1024;

/// Copies well-formed frames from `input` to `output` until `input` ends.
pub async fn sanitize<R, W>(input: R, mut output: W)
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
                    return;
                }
                Ok(_) => {}
                Err(e) => {
                    tracing::error!("reading from the client failed: {e}");
                    let _ = output.shutdown().await;
                    return;
                }
            }
            let text = String::from_utf8_lossy(&line);
            let text = text.trim();
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
            return;
        }
        let Ok(message) = serde_json::from_slice::<serde_json::Value>(&body) else {
            tracing::error!(
                "a message that is not valid JSON was dropped: {:?}",
                String::from_utf8_lossy(&body[..body.len().min(200)])
            );
            continue;
        };
        let header = format!("Content-Length: {length}\r\n\r\n");
        if output.write_all(header.as_bytes()).await.is_err()
            || output.write_all(&body).await.is_err()
            || output.flush().await.is_err()
        {
            return;
        }
        // After `exit` nothing more is read: the server ends even if the
        // client keeps its end of the pipe open.
        if message.get("method").and_then(|m| m.as_str()) == Some("exit") {
            let _ = output.shutdown().await;
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn malformed_frames_are_dropped_and_good_ones_pass() {
        let input = b"Content-Length: 5\r\n\r\n{bad}Content-Length: 2\r\n\r\n{}garbage\r\n\r\nContent-Length: 7\r\n\r\n[1,2,3]".to_vec();
        let mut out = Vec::new();
        sanitize(&input[..], &mut out).await;
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "Content-Length: 2\r\n\r\n{}Content-Length: 7\r\n\r\n[1,2,3]"
        );
    }
}
