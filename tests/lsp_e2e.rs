//! The language server end to end, in-process over a tokio duplex pipe with
//! real JSON-RPC framing: the seed bundle's diagnostics with related
//! information, incremental edits at UTF-16 positions, quick fixes, fix-all,
//! rename across articles, hover, watched files, configuration errors, and
//! hostile traffic that must never bring the server down.

mod common;

use std::path::{Path, PathBuf};

use common::lsp_client::{apply_edits, file_uri, slice, LspClient};
use copydesk_lsp::Options;
use serde_json::{json, Value};

fn seeds() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("seeds")
}

/// A temporary workspace holding a copy of the seed bundle.
fn seed_workspace() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for e in std::fs::read_dir(seeds()).unwrap() {
        let e = e.unwrap();
        std::fs::copy(e.path(), dir.path().join(e.file_name())).unwrap();
    }
    dir
}

fn options() -> Options {
    common::lsp_client::test_options()
}

fn uri(dir: &Path, name: &str) -> String {
    common::lsp_client::uri_in(dir, name)
}

fn workspace(files: &[(&str, &str)]) -> tempfile::TempDir {
    common::lsp_client::workspace(files)
}

fn codes(diags: &[Value]) -> Vec<String> {
    diags
        .iter()
        .map(|d| d["code"].as_str().unwrap_or_default().to_string())
        .collect()
}

#[tokio::test]
async fn initialize_negotiates_the_position_encoding() {
    let mut c = LspClient::in_process(options());
    let r = c.start(&[], &["utf-8", "utf-16"]).await;
    assert_eq!(r["capabilities"]["positionEncoding"], "utf-8");
    assert_eq!(r["capabilities"]["textDocumentSync"]["change"], 2);
    assert_eq!(r["capabilities"]["renameProvider"]["prepareProvider"], true);
    c.shutdown().await;

    let mut c = LspClient::in_process(options());
    let r = c.start(&[], &[]).await;
    assert_eq!(r["capabilities"]["positionEncoding"], "utf-16");
    c.shutdown().await;
}

#[tokio::test]
async fn seed_bundle_gets_diagnostics_with_related_information_and_progress() {
    let ws = seed_workspace();
    let mut c = LspClient::in_process(options());
    c.start(&[ws.path()], &[]).await;
    let status = c.wait_status().await;
    assert_eq!(status["articles"], 5);
    assert!(status["findings"].as_u64().unwrap_or(0) >= 7, "{status}");
    // Indexing reported progress through the client's UI.
    assert!(c
        .server_requests
        .contains(&"window/workDoneProgress/create".to_string()));
    assert!(c
        .server_requests
        .contains(&"client/registerCapability".to_string()));
    // Every article got diagnostics, open or not.
    let target = uri(ws.path(), "000_3acacc3eeaf5b724.txt");
    let text = std::fs::read_to_string(ws.path().join("000_3acacc3eeaf5b724.txt")).unwrap();
    let diags = c.diagnostics.get(&target).cloned().unwrap_or_default();
    assert!(
        codes(&diags).contains(&"name-variant".to_string()),
        "{diags:?}"
    );
    let lea = diags
        .iter()
        .find(|d| slice(&text, &d["range"]) == "Robert Lee")
        .expect("Robert Lee is flagged at its UTF-16 range");
    let related = lea["relatedInformation"]
        .as_array()
        .expect("related information");
    let other = uri(ws.path(), "002_90b41f3a917a726e.txt");
    assert!(
        related.iter().any(|r| r["location"]["uri"] == other),
        "{related:?}"
    );
    assert_eq!(lea["source"], "copydesk");
    c.shutdown().await;
}

#[tokio::test]
async fn incremental_edits_with_multibyte_text_at_utf16_positions() {
    let ws = workspace(&[
        ("a.txt", "Analyst Mark Dunne said the deal was fair.\n"),
        ("b.txt", "Analyst Mark Dunne agreed. Mark Dunne left.\n"),
    ]);
    let mut c = LspClient::in_process(options());
    c.start(&[ws.path()], &[]).await;
    c.wait_status().await;
    let a = uri(ws.path(), "a.txt");
    let mut text = "“Deal” — 🙂 done… Analyst Mark Dunne said so.\n".to_string();
    c.open(&a, &text).await;
    c.wait_status().await;
    // Replace "Dunne" after the emoji (a surrogate pair) with "Dunn", and
    // insert "’s" quotes elsewhere, each at UTF-16 positions.
    let col = |t: &str, needle: &str| -> u64 {
        let at = t.find(needle).unwrap();
        t[..at].encode_utf16().count() as u64
    };
    let s = col(&text, "Dunne");
    let change1 = json!({"range": {"start": {"line": 0, "character": s}, "end": {"line": 0, "character": s + 5}}, "text": "Dunn"});
    text = apply_edits(
        &text,
        &[json!({"range": change1["range"], "newText": "Dunn"})],
    );
    let s2 = col(&text, "done");
    let change2 = json!({"range": {"start": {"line": 0, "character": s2}, "end": {"line": 0, "character": s2}}, "text": "“all” "});
    text = apply_edits(
        &text,
        &[json!({"range": change2["range"], "newText": "“all” "})],
    );
    c.clear();
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": a, "version": 2}, "contentChanges": [change1, change2]}),
    )
    .await;
    let diags = c.wait_diagnostics_at(&a, 2).await;
    // Now "Mark Dunn" (open buffer) stands against "Mark Dunne" twice on
    // disk: the buffer is flagged, at the right place of the new text.
    let d = diags
        .iter()
        .find(|d| d["code"] == "name-variant")
        .expect("the edited name is flagged");
    assert_eq!(slice(&text, &d["range"]), "Mark Dunn", "{text}");

    // A stale version is ignored: the text does not change. (Were it
    // applied, everything after it would move by 9 and the range below
    // would no longer cover "Mark Dunn".)
    c.clear();
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": a, "version": 2},
               "contentChanges": [{"range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}}, "text": "XXXXXXXX "}]}),
    )
    .await;
    // An out-of-range edit is clamped, never a panic: append at the end.
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": a, "version": 3},
               "contentChanges": [{"range": {"start": {"line": 40, "character": 0}, "end": {"line": 40, "character": 9}}, "text": "End."}]}),
    )
    .await;
    text.push_str("End.");
    let diags = c.wait_diagnostics_at(&a, 3).await;
    let d = diags
        .iter()
        .find(|d| d["code"] == "name-variant")
        .expect("still flagged");
    assert_eq!(slice(&text, &d["range"]), "Mark Dunn");
    // The hover sees the same text.
    let h = c
        .request(
            "textDocument/hover",
            json!({"textDocument": {"uri": a}, "position": d["range"]["start"]}),
        )
        .await;
    assert!(
        h["contents"]["value"]
            .as_str()
            .unwrap_or_default()
            .contains("Mark Dunn"),
        "{h}"
    );
    c.shutdown().await;
}

#[tokio::test]
async fn a_quick_fix_applied_makes_the_diagnostic_go_away() {
    let ws = seed_workspace();
    let mut c = LspClient::in_process(options());
    c.start(&[ws.path()], &[]).await;
    c.wait_status().await;
    let name = "000_3acacc3eeaf5b724.txt";
    let u = uri(ws.path(), name);
    let mut text = std::fs::read_to_string(ws.path().join(name)).unwrap();
    c.open(&u, &text).await;
    let diags = c.wait_diagnostics(&u).await;
    let lea = diags
        .iter()
        .find(|d| slice(&text, &d["range"]) == "Robert Lee")
        .expect("Robert Lee flagged")
        .clone();
    let actions = c
        .request(
            "textDocument/codeAction",
            json!({"textDocument": {"uri": u}, "range": lea["range"],
                   "context": {"diagnostics": [lea], "only": ["quickfix"]}}),
        )
        .await;
    let actions = actions.as_array().expect("actions").clone();
    let fix = actions
        .iter()
        .find(|a| a["title"] == "Replace with 'Robert Lea'")
        .unwrap_or_else(|| panic!("{actions:?}"));
    assert_eq!(fix["kind"], "quickfix");
    assert_eq!(fix["isPreferred"], true);
    let edits = fix["edit"]["changes"][&u]
        .as_array()
        .expect("edits")
        .clone();
    text = apply_edits(&text, &edits);
    assert!(text.contains("Robert Lea and Jasmine Liu"));
    c.clear();
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": u, "version": 2}, "contentChanges": [{"text": text}]}),
    )
    .await;
    let diags = c.wait_diagnostics_at(&u, 2).await;
    assert!(
        !diags
            .iter()
            .any(|d| slice(&text, &d["range"]).starts_with("Robert")),
        "{diags:?}"
    );
    // The other variant on that line is still there.
    assert!(diags
        .iter()
        .any(|d| slice(&text, &d["range"]) == "Jasmine Liu"));
    c.shutdown().await;
}

#[tokio::test]
async fn fix_all_applies_house_style_spellings_in_one_edit() {
    let ws = workspace(&[
        (
            "copydesk.toml",
            "[names]\ncanonical = { \"Veltra\" = [\"VELTRA\"] }\n",
        ),
        ("a.txt", "VELTRA rose. Later VELTRA fell.\n"),
        ("b.txt", "Veltra held.\n"),
    ]);
    let mut c = LspClient::in_process(options());
    c.start(&[ws.path()], &[]).await;
    c.wait_status().await;
    let a = uri(ws.path(), "a.txt");
    let text = "VELTRA rose. Later VELTRA fell.\n";
    c.open(&a, text).await;
    c.wait_diagnostics(&a).await;
    let actions = c
        .request(
            "textDocument/codeAction",
            json!({"textDocument": {"uri": a}, "range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}},
                   "context": {"diagnostics": [], "only": ["source.fixAll"]}}),
        )
        .await;
    let actions = actions.as_array().expect("actions").clone();
    assert_eq!(actions.len(), 1, "{actions:?}");
    // A sub-kind of source.fixAll, so both spellings of `only` find it,
    // and a request for quick fixes only does not.
    assert_eq!(actions[0]["kind"], "source.fixAll.copydesk");
    for (only, count) in [
        ("source.fixAll.copydesk", 1),
        ("source", 1),
        ("quickfix", 0),
    ] {
        let r = c
            .request(
                "textDocument/codeAction",
                json!({"textDocument": {"uri": a}, "range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}},
                       "context": {"diagnostics": [], "only": [only]}}),
            )
            .await;
        let kinds: Vec<&Value> = r
            .as_array()
            .map(|v| v.iter().map(|a| &a["kind"]).collect())
            .unwrap_or_default();
        assert_eq!(
            kinds
                .iter()
                .filter(|k| **k == "source.fixAll.copydesk")
                .count(),
            count,
            "only {only}: {r}"
        );
    }
    let edits = actions[0]["edit"]["changes"][&a]
        .as_array()
        .unwrap()
        .clone();
    assert_eq!(
        apply_edits(text, &edits),
        "Veltra rose. Later Veltra fell.\n"
    );

    // The command does the same through workspace/applyEdit.
    c.request(
        "workspace/executeCommand",
        json!({"command": "copydesk.fixAll", "arguments": [a]}),
    )
    .await;
    assert_eq!(c.applied_edits.len(), 1);
    c.shutdown().await;
}

#[tokio::test]
async fn rename_reaches_every_article_open_or_not() {
    let ws = workspace(&[
        (
            "a.txt",
            "Analyst Mark Dunn said so. Mark Dunn added more.\n",
        ),
        ("b.txt", "“Right,” said Mark Dunn — twice.\n"),
        ("c.txt", "Mark Dunnett is someone else.\n"),
    ]);
    let mut c = LspClient::in_process(options());
    c.start(&[ws.path()], &[]).await;
    c.wait_status().await;
    let a = uri(ws.path(), "a.txt");
    let text = std::fs::read_to_string(ws.path().join("a.txt")).unwrap();
    c.open(&a, &text).await;
    c.wait_status().await;
    let prep = c
        .request(
            "textDocument/prepareRename",
            json!({"textDocument": {"uri": a}, "position": {"line": 0, "character": 10}}),
        )
        .await;
    assert_eq!(slice(&text, &prep["range"]), "Mark Dunn");
    assert_eq!(prep["placeholder"], "Mark Dunn");
    let edit = c
        .request(
            "textDocument/rename",
            json!({"textDocument": {"uri": a}, "position": {"line": 0, "character": 10}, "newName": "Mark Dunne"}),
        )
        .await;
    let changes = edit["changes"].as_object().expect("changes");
    assert_eq!(changes.len(), 2, "{edit}");
    let a_edits = changes[&a].as_array().unwrap();
    assert_eq!(
        apply_edits(&text, a_edits),
        "Analyst Mark Dunne said so. Mark Dunne added more.\n"
    );
    let b = uri(ws.path(), "b.txt");
    let b_text = std::fs::read_to_string(ws.path().join("b.txt")).unwrap();
    assert_eq!(
        apply_edits(&b_text, changes[&b].as_array().unwrap()),
        "“Right,” said Mark Dunne — twice.\n"
    );
    // Off a name: a clear error.
    let resp = c
        .request_full(
            "textDocument/prepareRename",
            json!({"textDocument": {"uri": a}, "position": {"line": 0, "character": 20}}),
        )
        .await;
    let message = resp["error"]["message"].as_str().unwrap_or_default();
    assert!(message.contains("not on a name"), "{resp}");
    c.shutdown().await;
}

#[tokio::test]
async fn watched_files_and_a_broken_config_are_picked_up() {
    let ws = workspace(&[("a.txt", "Analyst Mark Dunn said so.\n")]);
    let mut c = LspClient::in_process(options());
    c.start(&[ws.path()], &[]).await;
    c.wait_status().await;
    let b_path = ws.path().join("b.txt");
    std::fs::write(&b_path, "Analyst Mark Dunne said so too.\n").unwrap();
    let b = uri(ws.path(), "b.txt");
    c.clear();
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": b, "type": 1}]}),
    )
    .await;
    let status = c.wait_status().await;
    assert_eq!(status["articles"], 2);
    let variants = |c: &LspClient| -> usize {
        c.diagnostics
            .values()
            .flatten()
            .filter(|d| d["code"] == "name-variant")
            .count()
    };
    assert!(variants(&c) > 0, "{:?}", c.diagnostics);

    // A file changed on disk is read again: the variant is gone.
    std::fs::write(&b_path, "Analyst Mark Dunn said so too.\n").unwrap();
    c.clear();
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": b, "type": 2}]}),
    )
    .await;
    c.wait_status().await;
    assert_eq!(variants(&c), 0, "{:?}", c.diagnostics);

    // A deleted file leaves the bundle and its diagnostics are cleared.
    std::fs::remove_file(&b_path).unwrap();
    c.clear();
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": b, "type": 3}]}),
    )
    .await;
    let status = c.wait_status().await;
    assert_eq!(status["articles"], 1);

    // A broken copydesk.toml: a diagnostic on itself, defaults in force.
    std::fs::write(ws.path().join("copydesk.toml"), "[bundle]\ninclude = 3\n").unwrap();
    let cfg = uri(ws.path(), "copydesk.toml");
    c.clear();
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": cfg, "type": 1}]}),
    )
    .await;
    let diags = c.wait_diagnostics(&cfg).await;
    assert_eq!(diags.len(), 1, "{diags:?}");
    assert_eq!(diags[0]["range"]["start"]["line"], 1);
    assert!(diags[0]["message"]
        .as_str()
        .unwrap_or_default()
        .contains("invalid type"));
    // ... and a message to the user.
    let shown = c
        .wait_for("window/showMessage (warning)", |m| {
            m["method"] == "window/showMessage" && m["params"]["type"] == 2
        })
        .await;
    assert!(
        shown["params"]["message"]
            .as_str()
            .unwrap_or_default()
            .contains("copydesk.toml"),
        "{shown}"
    );
    c.shutdown().await;
}

#[tokio::test]
async fn hostile_requests_are_answered_and_the_server_stays_up() {
    let ws = workspace(&[
        ("a.txt", "Analyst Mark Dunn said so.\n"),
        ("b.txt", "Analyst Mark Dunne said so.\n"),
    ]);
    let mut c = LspClient::in_process(options());
    c.start(&[ws.path()], &[]).await;
    c.wait_status().await;
    let a = uri(ws.path(), "a.txt");
    // Out-of-range position: clamped, answered.
    let r = c
        .request_full(
            "textDocument/hover",
            json!({"textDocument": {"uri": a}, "position": {"line": 9999, "character": 9999}}),
        )
        .await;
    assert!(r.get("error").is_none(), "{r}");
    // Unknown document.
    let r = c
        .request(
            "textDocument/hover",
            json!({"textDocument": {"uri": "file:///nowhere/x.txt"}, "position": {"line": 0, "character": 0}}),
        )
        .await;
    assert!(r.is_null());
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": "file:///nowhere/x.txt", "version": 5}, "contentChanges": [{"text": "x"}]}),
    )
    .await;
    // Malformed JSON with correct framing.
    c.send_raw(b"{this is not json").await;
    // A panic inside a request is caught and answered with an error.
    let r = c
        .request_full(
            "workspace/executeCommand",
            json!({"command": "copydesk.test.panic", "arguments": []}),
        )
        .await;
    assert!(
        r["error"]["message"]
            .as_str()
            .unwrap_or_default()
            .contains("internal error"),
        "{r}"
    );
    // Still up: a real request works.
    let h = c
        .request(
            "textDocument/hover",
            json!({"textDocument": {"uri": a}, "position": {"line": 0, "character": 10}}),
        )
        .await;
    assert!(
        h["contents"]["value"]
            .as_str()
            .unwrap_or_default()
            .contains("Mark Dunn"),
        "{h}"
    );
    c.shutdown().await;
}

#[tokio::test]
async fn edits_carry_document_versions_when_the_client_supports_them() {
    let ws = workspace(&[
        ("a.txt", "Analyst Mark Dunn said so.\n"),
        ("b.txt", "Mark Dunn spoke. Analyst Mark Dunne agreed.\n"),
    ]);
    let mut c = LspClient::in_process(options());
    let root = file_uri(ws.path());
    c.request(
        "initialize",
        json!({"processId": null, "rootUri": root,
               "workspaceFolders": [{"uri": root, "name": "ws"}],
               "capabilities": {"workspace": {"applyEdit": true,
                                              "workspaceEdit": {"documentChanges": true}}},
               "initializationOptions": {"debounceMs": 0}}),
    )
    .await;
    c.notify("initialized", json!({})).await;
    c.wait_status().await;
    let a = uri(ws.path(), "a.txt");
    let text = "Analyst Mark Dunn said so.\n";
    c.open(&a, text).await;
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": a, "version": 4}, "contentChanges": [{"text": text}]}),
    )
    .await;
    c.wait_status().await;
    let edit = c
        .request(
            "textDocument/rename",
            json!({"textDocument": {"uri": a}, "position": {"line": 0, "character": 10}, "newName": "Mark Dunne"}),
        )
        .await;
    assert!(edit.get("changes").is_none(), "{edit}");
    let docs = edit["documentChanges"].as_array().expect("documentChanges");
    let b = uri(ws.path(), "b.txt");
    let versions: Vec<(String, Value)> = docs
        .iter()
        .map(|d| {
            (
                d["textDocument"]["uri"]
                    .as_str()
                    .unwrap_or_default()
                    .to_string(),
                d["textDocument"]["version"].clone(),
            )
        })
        .collect();
    // The open article at the version the edit was computed on; the one on
    // disk without a version.
    assert_eq!(
        versions,
        [(a.clone(), json!(4)), (b, Value::Null)],
        "{edit}"
    );
    assert_eq!(
        apply_edits(text, docs[0]["edits"].as_array().unwrap()),
        "Analyst Mark Dunne said so.\n"
    );
    c.shutdown().await;
}

#[tokio::test]
async fn utf8_positions_when_the_client_offers_them() {
    let ws = workspace(&[
        ("b.txt", "Analyst Mark Dunne said so. Mark Dunne left.\n"),
        ("c.txt", "Analyst Mark Dunne agreed.\n"),
    ]);
    let mut c = LspClient::in_process(options());
    let r = c.start(&[ws.path()], &["utf-8"]).await;
    assert_eq!(r["capabilities"]["positionEncoding"], "utf-8");
    c.wait_status().await;
    let a = uri(ws.path(), "a.txt");
    let text = "“Quoted” — 🙂 Analyst Mark Dunn said.\n";
    c.open(&a, text).await;
    let diags = c.wait_diagnostics(&a).await;
    let d = diags
        .iter()
        .find(|d| d["code"] == "name-variant")
        .unwrap_or_else(|| panic!("{diags:?}"));
    // Characters are bytes: “ ” — are three each, the emoji four.
    let at = text.find("Mark Dunn").unwrap() as u64;
    assert_eq!(d["range"]["start"]["character"], at, "{d}");
    assert_eq!(d["range"]["end"]["character"], at + 9, "{d}");
    // An incremental edit at byte positions: "Dunn" becomes "Dunne".
    c.clear();
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": a, "version": 2},
               "contentChanges": [{"range": {"start": {"line": 0, "character": at + 9}, "end": {"line": 0, "character": at + 9}}, "text": "e"}]}),
    )
    .await;
    let diags = c.wait_diagnostics_at(&a, 2).await;
    assert!(
        !diags.iter().any(|d| d["code"] == "name-variant"),
        "{diags:?}"
    );
    let h = c
        .request(
            "textDocument/hover",
            json!({"textDocument": {"uri": a}, "position": {"line": 0, "character": at + 2}}),
        )
        .await;
    assert!(
        h["contents"]["value"]
            .as_str()
            .unwrap_or_default()
            .contains("Mark Dunne"),
        "{h}"
    );
    c.shutdown().await;
}

/// The LSP position (UTF-16) of the first `needle` in `text`.
fn position_of(text: &str, needle: &str) -> Value {
    let at = text
        .find(needle)
        .unwrap_or_else(|| panic!("{needle} not in text"));
    let line = text[..at].matches('\n').count();
    let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    json!({"line": line, "character": text[start..at].encode_utf16().count()})
}

#[tokio::test]
async fn entities_have_hovers_fact_sheets_references_and_symbols() {
    let ws = seed_workspace();
    let mut c = LspClient::in_process(options());
    let init = c.start(&[ws.path()], &[]).await;
    assert_eq!(init["capabilities"]["documentSymbolProvider"], true);
    assert_eq!(init["capabilities"]["workspaceSymbolProvider"], true);
    c.wait_status().await;
    let name = "000_3acacc3eeaf5b724.txt";
    let a = uri(ws.path(), name);
    let text = std::fs::read_to_string(ws.path().join(name)).unwrap();
    c.open(&a, &text).await;
    c.wait_status().await;
    let pos = position_of(&text, "Alibaba");
    let at = json!({"textDocument": {"uri": a}, "position": pos});

    let h = c.request("textDocument/hover", at.clone()).await;
    let md = h["contents"]["value"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    assert!(md.contains("Alibaba"), "{h}");
    assert_eq!(slice(&text, &h["range"]), "Alibaba", "{h}");
    let sheet = c
        .request(
            "workspace/executeCommand",
            json!({"command": "copydesk.factSheet", "arguments": [a, pos]}),
        )
        .await;
    // The full sheet: the hover's header, and more than the hover.
    let sheet = sheet.as_str().unwrap_or_default();
    let header = md.lines().next().unwrap_or_default();
    assert!(sheet.starts_with(header), "{sheet}");
    assert!(sheet.len() > md.len(), "{sheet}");

    let mut refs_params = at.clone();
    refs_params["context"] = json!({"includeDeclaration": true});
    let refs = c.request("textDocument/references", refs_params).await;
    let refs = refs.as_array().expect("references").clone();
    let files: std::collections::HashSet<&str> =
        refs.iter().filter_map(|r| r["uri"].as_str()).collect();
    assert!(files.len() >= 2, "{refs:?}");
    assert!(
        refs.iter()
            .any(|r| r["uri"] == a && r["range"]["start"] == pos),
        "{refs:?}"
    );
    let def = c.request("textDocument/definition", at.clone()).await;
    assert_eq!(def, refs[0], "the definition is the first mention");

    let outline = c
        .request(
            "textDocument/documentSymbol",
            json!({"textDocument": {"uri": a}}),
        )
        .await;
    let outline = outline.as_array().expect("symbols").clone();
    let alibaba = outline
        .iter()
        .find(|s| s["name"] == "Alibaba")
        .unwrap_or_else(|| panic!("{outline:?}"));
    assert_eq!(slice(&text, &alibaba["range"]), "Alibaba");
    let found = c
        .request("workspace/symbol", json!({"query": "alibaba"}))
        .await;
    let found = found.as_array().expect("workspace symbols").clone();
    assert!(found.iter().any(|s| s["name"] == "Alibaba"), "{found:?}");
    // The query narrows the list: another company of this article is not in it.
    assert!(outline.iter().any(|s| s["name"] == "Baidu"), "{outline:?}");
    assert!(!found.iter().any(|s| s["name"] == "Baidu"), "{found:?}");
    // Off any entity or name: no hover, no references.
    let off = json!({"textDocument": {"uri": a}, "position": {"line": 0, "character": 0}});
    let mut off_refs = off.clone();
    off_refs["context"] = json!({"includeDeclaration": true});
    assert!(c
        .request("textDocument/references", off_refs)
        .await
        .is_null());
    c.shutdown().await;
}
