//! The language server as a new user's editor meets it, end to end over
//! real JSON-RPC: the bundle's boundaries (a lone file with no folder, a
//! single article said once, notes beside the articles left out, files
//! created, deleted and renamed on disk seen without the client watching),
//! diagnostics replaced after a quick fix typed in, before any save, short
//! hovers, people looked up (hover, references, definition), a company
//! renamed in every mention of its spelling (its other spellings named in a
//! message), and a finding silenced by a comment left out of the
//! diagnostics.

mod common;

use std::path::Path;

use common::lsp_client::{apply_edits, slice, uri_in, workspace, LspClient};
use serde_json::{json, Value};

fn options() -> copydesk_lsp::Options {
    common::lsp_client::test_options()
}

fn has_variant(diags: &[Value]) -> bool {
    diags.iter().any(|d| d["code"] == "name-variant")
}

/// Waits for a status notification with `n` articles.
async fn wait_articles(c: &mut LspClient, n: u64) -> Value {
    c.wait_for(&format!("copydesk/status with {n} articles"), |m| {
        m["method"] == "copydesk/status" && m["params"]["articles"] == n
    })
    .await["params"]
        .clone()
}

fn shown_messages(c: &LspClient, needle: &str) -> usize {
    c.notifications
        .iter()
        .filter(|m| {
            m["method"] == "window/showMessage"
                && m["params"]["message"]
                    .as_str()
                    .is_some_and(|s| s.contains(needle))
        })
        .count()
}

fn root_of(status: &Value) -> Vec<String> {
    status["roots"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|r| r.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

fn canonical(p: &Path) -> String {
    p.display().to_string()
}

#[tokio::test]
async fn without_a_folder_the_bundle_is_the_folder_of_the_opened_file_and_notes_stay_out() {
    let ws = workspace(&[
        ("a.txt", "Analyst Dana Whitlock said the deal was fair.\n"),
        ("b.txt", "Analyst Dana Whitlok agreed with the deal.\n"),
        (
            "SOURCES.md",
            "Dana Whitlokk, Dana Whitlocke: spoken to by phone.\n",
        ),
        ("README.md", "Desk notes for Acme Air. Dana Whitlocq.\n"),
    ]);
    let mut c = LspClient::in_process(options());
    c.start_unwatched(&[]).await;
    let a = uri_in(ws.path(), "a.txt");
    c.open(&a, "Analyst Dana Whitlock said the deal was fair.\n")
        .await;
    let status = wait_articles(&mut c, 2).await;
    assert_eq!(root_of(&status), vec![canonical(ws.path())], "{status}");
    let b = uri_in(ws.path(), "b.txt");
    let diags = c.diagnostics.get(&b).cloned().unwrap_or_default();
    assert!(has_variant(&diags), "{:?}", c.diagnostics);
    // The notes are not articles: never counted, never diagnosed.
    for note in ["SOURCES.md", "README.md"] {
        assert!(
            !c.diagnostics.contains_key(&uri_in(ws.path(), note)),
            "{note}: {:?}",
            c.diagnostics
        );
    }
    // Opened in the editor, a note stays out too.
    let sources = uri_in(ws.path(), "SOURCES.md");
    c.open(&sources, "Dana Whitlokk, Dana Whitlocke: by phone.\n")
        .await;
    let hover = c
        .request(
            "textDocument/hover",
            json!({"textDocument": {"uri": sources}, "position": {"line": 0, "character": 1}}),
        )
        .await;
    assert!(hover.is_null(), "{hover}");
    c.shutdown().await;
}

#[tokio::test]
async fn a_single_article_bundle_is_said_once_with_where_it_was_looked_for() {
    let ws = workspace(&[("a.txt", "Analyst Dana Whitlok said the deal was fair.\n")]);
    let mut c = LspClient::in_process(options());
    c.start(&[ws.path()], &[]).await;
    let status = c.wait_status().await;
    assert_eq!(status["articles"], 1);
    assert_eq!(root_of(&status), vec![canonical(ws.path())], "{status}");
    let shown = c
        .wait_for("the single-article message", |m| {
            m["method"] == "window/showMessage"
                && m["params"]["message"]
                    .as_str()
                    .is_some_and(|s| s.contains("1 article"))
        })
        .await;
    assert_eq!(shown["params"]["type"], 3, "an Info message: {shown}");
    let text = shown["params"]["message"].as_str().unwrap_or_default();
    assert!(text.contains(&canonical(ws.path())), "{text}");
    // Another analysis of the same one-article bundle says nothing more.
    let a = uri_in(ws.path(), "a.txt");
    c.open(&a, "Analyst Dana Whitlok said the deal was fine.\n")
        .await;
    c.wait_diagnostics_at(&a, 1).await;
    c.wait_status().await;
    assert_eq!(shown_messages(&c, "1 article"), 0, "{:?}", c.notifications);
    c.shutdown().await;
}

#[tokio::test]
async fn files_created_deleted_and_renamed_on_disk_are_seen_without_client_watching() {
    let ws = workspace(&[("a.txt", "Analyst Dana Whitlock said the deal was fair.\n")]);
    let mut c = LspClient::in_process(options());
    c.start_unwatched(&[ws.path()]).await;
    assert!(
        !c.server_requests
            .contains(&"client/registerCapability".to_string()),
        "nothing to register with a client that does not watch"
    );
    wait_articles(&mut c, 1).await;

    // Created: read, analysed, diagnosed.
    let b_path = ws.path().join("b.txt");
    std::fs::write(&b_path, "Analyst Dana Whitlok agreed with the deal.\n").unwrap();
    wait_articles(&mut c, 2).await;
    let b = uri_in(ws.path(), "b.txt");
    assert!(
        has_variant(&c.diagnostics.get(&b).cloned().unwrap_or_default()),
        "{:?}",
        c.diagnostics
    );

    // Renamed: the old name's diagnostics are cleared, the new one's come.
    let d = uri_in(ws.path(), "d.txt");
    std::fs::rename(&b_path, ws.path().join("d.txt")).unwrap();
    let diags = c.wait_diagnostics(&d).await;
    assert!(has_variant(&diags), "{diags:?}");
    c.wait_for("the old name's diagnostics cleared", |m| {
        m["method"] == "textDocument/publishDiagnostics"
            && m["params"]["uri"] == b
            && m["params"]["diagnostics"]
                .as_array()
                .is_some_and(Vec::is_empty)
    })
    .await;

    // Deleted: out of the bundle.
    std::fs::remove_file(ws.path().join("d.txt")).unwrap();
    wait_articles(&mut c, 1).await;

    // A folder of articles moved in.
    let elsewhere = tempfile::tempdir().unwrap();
    std::fs::create_dir(elsewhere.path().join("wire")).unwrap();
    std::fs::write(
        elsewhere.path().join("wire/e.txt"),
        "Analyst Dana Whitlock spoke.\n",
    )
    .unwrap();
    std::fs::write(
        elsewhere.path().join("wire/f.txt"),
        "Analyst Dana Whitlock left.\n",
    )
    .unwrap();
    if std::fs::rename(elsewhere.path().join("wire"), ws.path().join("wire")).is_ok() {
        wait_articles(&mut c, 3).await;
    }
    c.shutdown().await;
}

#[tokio::test]
async fn a_quick_fix_typed_in_replaces_the_diagnostics_before_any_save() {
    let ws = workspace(&[
        ("a.txt", "Analyst Dana Whitlok said the deal was fair.\n"),
        ("b.txt", "Analyst Dana Whitlok agreed with the deal.\n"),
        ("c.txt", "Analyst Dana Whitlok left.\n"),
    ]);
    let mut c = LspClient::in_process(copydesk_lsp::Options {
        // A real debounce: the diagnostics come after it, not at once.
        debounce_ms: 50,
        ..options()
    });
    c.start(&[ws.path()], &[]).await;
    c.wait_status().await;
    let a = uri_in(ws.path(), "a.txt");
    let mut text = "Analyst Dana Whitlock said the deal was fair.\n".to_string();
    c.open(&a, &text).await;
    let diags = c.wait_diagnostics_at(&a, 1).await;
    let flagged = diags
        .iter()
        .find(|d| d["code"] == "name-variant" && slice(&text, &d["range"]) == "Dana Whitlock")
        .unwrap_or_else(|| panic!("{diags:?}"))
        .clone();
    let actions = c
        .request(
            "textDocument/codeAction",
            json!({"textDocument": {"uri": a}, "range": flagged["range"],
                   "context": {"diagnostics": [flagged], "only": ["quickfix"]}}),
        )
        .await;
    let fix = actions
        .as_array()
        .and_then(|a| a.iter().find(|x| x["isPreferred"] == true).cloned())
        .unwrap_or_else(|| panic!("{actions}"));
    let edits = fix["edit"]["changes"][&a]
        .as_array()
        .cloned()
        .unwrap_or_else(|| panic!("{fix}"));
    // The client applies the fix as incremental changes, as editors do:
    // from the end, so that each range is still where it was.
    let mut ordered = edits.clone();
    ordered.sort_by_key(|e| {
        std::cmp::Reverse((
            e["range"]["start"]["line"].as_u64(),
            e["range"]["start"]["character"].as_u64(),
        ))
    });
    let changes: Vec<Value> = ordered
        .iter()
        .map(|e| json!({"range": e["range"], "text": e["newText"]}))
        .collect();
    text = apply_edits(&text, &edits);
    assert!(text.contains("Dana Whitlok said"), "{text}");
    c.clear();
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": a, "version": 2}, "contentChanges": changes}),
    )
    .await;
    let diags = c.wait_diagnostics_at(&a, 2).await;
    assert!(!has_variant(&diags), "{diags:?}");
    c.shutdown().await;
}

/// The (line, UTF-16 character) position of the first `needle` in `text`.
fn position_of(text: &str, needle: &str) -> Value {
    let at = text
        .find(needle)
        .unwrap_or_else(|| panic!("{needle} in {text}"));
    let line = text[..at].matches('\n').count();
    let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let character = text[start..at].encode_utf16().count();
    json!({"line": line, "character": character})
}

fn hover_text(h: &Value) -> String {
    h["contents"]["value"]
        .as_str()
        .unwrap_or_default()
        .to_string()
}

#[tokio::test]
async fn a_hover_is_short_however_much_the_bundle_says() {
    let config = "[[entity]]\nid = \"acme-air\"\nkind = \"company\"\nname = \"Acme Air\"\n\
                  what = \"A made-up airline.\"\nsource = { title = \"Acme Air annual report\", as_of = \"2025\" }\n";
    let line = "Acme Air said fares rose, and Acme Air staff agreed.\n";
    let article: String = line.repeat(80);
    let mut files: Vec<(String, String)> = (0..15)
        .map(|i| (format!("{i:02}.txt"), article.clone()))
        .collect();
    files.push(("copydesk.toml".to_string(), config.to_string()));
    let refs: Vec<(&str, &str)> = files
        .iter()
        .map(|(n, t)| (n.as_str(), t.as_str()))
        .collect();
    let ws = workspace(&refs);
    let mut c = LspClient::in_process(options());
    c.start(&[ws.path()], &[]).await;
    wait_articles(&mut c, 15).await;
    let a = uri_in(ws.path(), "00.txt");
    c.open(&a, &article).await;
    c.wait_status().await;
    let at = json!({"textDocument": {"uri": a}, "position": position_of(&article, "Acme Air")});
    let h = c.request("textDocument/hover", at).await;
    let md = hover_text(&h);
    assert!(md.starts_with("**Acme Air** — company"), "{md}");
    assert!(
        md.lines().count() <= 40,
        "{} lines:\n{md}",
        md.lines().count()
    );
    assert!(md.chars().count() <= 3000, "{} chars", md.chars().count());
    assert!(md.contains("2400 mentions in 15 articles"), "{md}");
    // Places are `article: lines`, never a raw URI.
    assert!(!md.contains("file://"), "{md}");
    assert!(md.contains("- 00.txt: lines 1, 2, 3"), "{md}");
    assert!(md.contains("and 9 more articles"), "{md}");
    assert!(md.contains("copydesk.factSheet"), "{md}");
    c.shutdown().await;
}

#[tokio::test]
async fn a_person_has_spellings_titles_quotes_references_and_a_definition() {
    let texts = [
        ("a.txt", "Analyst Dana Whitlok said the deal was fair.\n"),
        (
            "b.txt",
            "The deal closed.\n“It is fair,” said Dana Whitlock, an analyst.\n",
        ),
        (
            "c.txt",
            "Acme Air rose. Dana Whitlok, chief executive of Acme Air, left.\n",
        ),
    ];
    let ws = workspace(&texts);
    let mut c = LspClient::in_process(options());
    c.start(&[ws.path()], &[]).await;
    wait_articles(&mut c, 3).await;
    let a = uri_in(ws.path(), "a.txt");
    c.open(&a, texts[0].1).await;
    c.wait_status().await;
    let pos = position_of(texts[0].1, "Dana Whitlok");
    let at = json!({"textDocument": {"uri": a}, "position": pos});

    let md = hover_text(&c.request("textDocument/hover", at.clone()).await);
    assert!(md.starts_with("**Dana Whitlok**"), "{md}");
    assert!(
        md.contains("“Dana Whitlok” (2), “Dana Whitlock”"),
        "spellings, most written first: {md}"
    );
    assert!(md.contains("**Titles:**") && md.contains("analyst"), "{md}");
    assert!(md.contains("**Quoted:** 1 sentence"), "{md}");
    assert!(
        md.contains("- b.txt:2 “It is fair,” said Dana Whitlock"),
        "{md}"
    );
    assert!(md.contains("3 mentions in 3 articles"), "{md}");

    let mut params = at.clone();
    params["context"] = json!({"includeDeclaration": true});
    let refs = c.request("textDocument/references", params).await;
    let refs = refs.as_array().cloned().unwrap_or_default();
    let found: Vec<(String, String)> = refs
        .iter()
        .map(|r| {
            let u = r["uri"].as_str().unwrap_or_default().to_string();
            let name = texts
                .iter()
                .find(|(n, _)| uri_in(ws.path(), n) == u)
                .map(|(_, t)| slice(t, &r["range"]).to_string())
                .unwrap_or_default();
            (u, name)
        })
        .collect();
    assert_eq!(
        found,
        vec![
            (a.clone(), "Dana Whitlok".to_string()),
            (uri_in(ws.path(), "b.txt"), "Dana Whitlock".to_string()),
            (uri_in(ws.path(), "c.txt"), "Dana Whitlok".to_string()),
        ],
        "{refs:?}"
    );
    // From another article, the definition is the first mention.
    let c_text = texts[2].1;
    let from_c = json!({"textDocument": {"uri": uri_in(ws.path(), "c.txt")},
                        "position": position_of(c_text, "Whitlok")});
    let def = c.request("textDocument/definition", from_c).await;
    assert_eq!(def, refs[0], "{def}");
    c.shutdown().await;
}

#[tokio::test]
async fn a_request_right_after_a_burst_of_edits_answers_on_the_latest_text() {
    let ws = workspace(&[("b.txt", "Analyst Dana Whitlok agreed.\n")]);
    let mut c = LspClient::in_process(options());
    c.start(&[ws.path()], &[]).await;
    c.wait_status().await;
    let a = uri_in(ws.path(), "a.txt");
    let mut text = "Analyst Dana Whitlok said so.\n".to_string();
    c.open(&a, &text).await;
    // Ten changes sent at once, none waited for: sentences appended at
    // the end (incremental), and once the whole text.
    for version in 2..=11 {
        let line = text.matches('\n').count();
        let added = format!("Dana Whitlok spoke {version}.\n");
        let change = if version == 7 {
            text.push_str(&added);
            json!({"text": text})
        } else {
            text.push_str(&added);
            json!({"range": {"start": {"line": line, "character": 0},
                             "end": {"line": line, "character": 0}},
                   "text": added})
        };
        c.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": a, "version": version}, "contentChanges": [change]}),
        )
        .await;
    }
    // On the last sentence, which only the latest text has.
    let last = text.rfind("Dana Whitlok").unwrap_or_default();
    let line = text[..last].matches('\n').count();
    let edit = c
        .request(
            "textDocument/rename",
            json!({"textDocument": {"uri": a},
                   "position": {"line": line, "character": 2},
                   "newName": "Dana Whitlow"}),
        )
        .await;
    let edits = edit["changes"][&a]
        .as_array()
        .cloned()
        .unwrap_or_else(|| panic!("{edit}"));
    assert_eq!(
        apply_edits(&text, &edits),
        text.replace("Dana Whitlok", "Dana Whitlow"),
        "{edit}"
    );
    c.shutdown().await;
}

#[tokio::test]
async fn a_suppressed_finding_leaves_no_diagnostic_and_taking_the_comment_out_brings_it_back() {
    let ws = workspace(&[
        ("a.txt", "Analyst Dana Whitlok said the deal was fair.\n"),
        ("b.txt", "Analyst Dana Whitlok agreed with the deal.\n"),
        ("c.txt", "Analyst Dana Whitlok left.\n"),
    ]);
    let mut c = LspClient::in_process(options());
    c.start(&[ws.path()], &[]).await;
    c.wait_status().await;
    let d = uri_in(ws.path(), "d.md");
    let body = "Analyst Dana Whitlock spoke.  Twice.\n";
    let silenced = format!("<!-- copydesk-disable-next-line name-variant -->\n{body}");
    c.open(&d, &silenced).await;
    let diags = c.wait_diagnostics_at(&d, 1).await;
    // The other rule on the line still speaks: the comment names one rule.
    assert!(!has_variant(&diags), "{diags:?}");
    assert!(
        diags.iter().any(|x| x["code"] == "typography-double-space"),
        "{diags:?}"
    );
    c.clear();
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": d, "version": 2}, "contentChanges": [{"text": body}]}),
    )
    .await;
    let diags = c.wait_diagnostics_at(&d, 2).await;
    assert!(has_variant(&diags), "{diags:?}");
    c.shutdown().await;
}

#[tokio::test]
async fn a_company_is_renamed_in_every_mention_of_its_spelling_and_the_rest_is_explained() {
    let config = "[[entity]]\nid = \"examplecorp\"\nkind = \"company\"\nname = \"Examplecorp\"\n\
                  aliases = [\"Examplecorp Inc.\", \"Exco Widgets\"]\nlistings = [\"NYSE:EXMP\"]\n\
                  what = \"A made-up maker of widgets.\"\nsource = { title = \"Examplecorp annual report\", as_of = \"2026\" }\n";
    let a_text =
        "EXAMPLECORP SHARES JUMP\nExamplecorp's shares rose on Monday, Examplecorp Inc. said.\n";
    let b_text = "Exco Widgets (NYSE: EXMP) said Examplecorp would grow.\n";
    let ws = workspace(&[
        ("copydesk.toml", config),
        ("a.txt", a_text),
        ("b.txt", b_text),
    ]);
    let mut c = LspClient::in_process(options());
    c.start(&[ws.path()], &[]).await;
    wait_articles(&mut c, 2).await;
    let a = uri_in(ws.path(), "a.txt");
    c.open(&a, a_text).await;
    c.wait_status().await;
    // On the possessive: the spelling is the entity's name, "'s" excluded.
    let at = json!({"textDocument": {"uri": a}, "position": position_of(a_text, "Examplecorp's")});
    let prep = c.request("textDocument/prepareRename", at.clone()).await;
    assert_eq!(slice(a_text, &prep["range"]), "Examplecorp");
    let mut params = at;
    params["newName"] = json!("Exemplar");
    let edit = c.request("textDocument/rename", params).await;
    let changes = edit["changes"].as_object().expect("changes");
    let edits_of = |name: &str| {
        changes[&uri_in(ws.path(), name)]
            .as_array()
            .cloned()
            .unwrap_or_default()
    };
    assert_eq!(
        apply_edits(a_text, &edits_of("a.txt")),
        "EXEMPLAR SHARES JUMP\nExemplar's shares rose on Monday, Exemplar Inc. said.\n"
    );
    assert_eq!(
        apply_edits(b_text, &edits_of("b.txt")),
        "Exco Widgets (NYSE: EXMP) said Exemplar would grow.\n"
    );
    // What the rename leaves as written is said, not silently skipped.
    let shown = c
        .wait_for("the other spellings named", |m| {
            m["method"] == "window/showMessage"
                && m["params"]["message"]
                    .as_str()
                    .is_some_and(|s| s.contains("'Exco Widgets'"))
        })
        .await;
    let message = shown["params"]["message"].as_str().unwrap_or_default();
    assert!(
        message.contains("renamed 'Examplecorp' in 4 places")
            && message.contains("its ticker (1 mention)"),
        "{message}"
    );
    c.shutdown().await;
}
