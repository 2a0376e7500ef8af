//! The framing guard in front of tower-lsp on arbitrary client bytes: it
//! ends (at the end of the input), and everything it passes on is a
//! sequence of well-formed frames whose bodies tower-lsp can decode (a
//! request, notification or response), since anything else would end the
//! server's reading for good.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use tower_lsp::jsonrpc::{Request, Response};

fn runtime() -> &'static tokio::runtime::Runtime {
    static RT: OnceLock<tokio::runtime::Runtime> = OnceLock::new();
    RT.get_or_init(|| {
        tokio::runtime::Builder::new_current_thread()
            .build()
            .expect("a tokio runtime")
    })
}

fuzz_target!(|data: &[u8]| {
    let mut out = Vec::new();
    runtime().block_on(copydesk_lsp::framing::sanitize(data, &mut out));
    let mut rest = &out[..];
    while !rest.is_empty() {
        let end = rest
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .expect("a header ends with an empty line");
        let header = std::str::from_utf8(&rest[..end]).expect("an ASCII header");
        let length: usize = header
            .strip_prefix("Content-Length: ")
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("a header with one Content-Length: {header:?}"));
        let body = &rest[end + 4..end + 4 + length];
        assert!(
            serde_json::from_slice::<Request>(body).is_ok()
                || serde_json::from_slice::<Response>(body).is_ok(),
            "passed on a body tower-lsp cannot decode: {:?}",
            String::from_utf8_lossy(body)
        );
        rest = &rest[end + 4 + length..];
    }
});
