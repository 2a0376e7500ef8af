//! The claim ledger and figure hovers over real JSON-RPC: `copydesk/ledger`
//! answers the claims that two or more articles state, with each
//! statement's place and value class and the conflicts marked, and a
//! figure's hover says how it was read and what the other articles state;
//! `copydesk/articles` lists the bundle.

mod common;

use common::lsp_client::{uri_in, workspace, LspClient};
use serde_json::{json, Value};

const A: &str = "Acme Air fined\n\nRegulators fined Acme Air a record 4.31 billion euros on Tuesday over its loyalty scheme.\n";
const B: &str = "Acme Air to appeal\n\nAcme Air will appeal the record €4.31bn fine the regulators imposed on Tuesday over its loyalty scheme.\n";
const C: &str = "Acme Air fine\n\nThe regulators' record fine of 4.13 billion euros, imposed on Tuesday over the loyalty scheme, is under appeal.\n";
const D: &str = "Acme Air fleet\n\nAcme Air flies 37 aircraft, its chief Dana Whitlok said.\n";

fn position_of(text: &str, needle: &str) -> Value {
    let at = text
        .find(needle)
        .unwrap_or_else(|| panic!("{needle} in {text}"));
    let line = text[..at].matches('\n').count();
    let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let character = text[start..at].encode_utf16().count();
    json!({"line": line, "character": character})
}

async fn started(files: &[(&str, &str)]) -> (tempfile::TempDir, LspClient) {
    let ws = workspace(files);
    let mut c = LspClient::in_process(common::lsp_client::test_options());
    c.start(&[ws.path()], &[]).await;
    c.wait_status().await;
    (ws, c)
}

#[tokio::test]
async fn the_ledger_has_one_row_for_a_figure_three_articles_state_and_marks_the_slip() {
    let (ws, mut c) = started(&[("a.txt", A), ("b.txt", B), ("c.txt", C), ("d.txt", D)]).await;
    let rows = c.request("copydesk/ledger", json!({})).await;
    let rows = rows.as_array().unwrap_or_else(|| panic!("{rows}"));
    assert_eq!(rows.len(), 1, "{rows:#?}");
    let row = &rows[0];
    assert_eq!(row["conflict"], true, "{row}");
    assert_eq!(row["unit"], "EUR", "{row}");
    let label = row["label"].as_str().unwrap_or_default();
    assert!(
        label
            .split(' ')
            .any(|w| ["fine", "fined", "record"].contains(&w)),
        "{label}"
    );
    let st = row["statements"]
        .as_array()
        .unwrap_or_else(|| panic!("{row}"));
    let uris: Vec<Value> = st.iter().map(|s| s["uri"].clone()).collect();
    let want: Vec<Value> = ["a.txt", "b.txt", "c.txt"]
        .iter()
        .map(|f| json!(uri_in(ws.path(), f)))
        .collect();
    assert_eq!(uris, want);
    assert_eq!(st[0]["written"], "4.31 billion euros");
    assert_eq!(st[1]["written"], "€4.31bn");
    assert_eq!(st[2]["written"], "4.13 billion euros");
    // Each range covers the written figure (UTF-16 columns: € is one unit).
    assert_eq!(st[1]["range"]["start"], position_of(B, "€4.31bn"));
    assert_eq!(
        st[1]["range"]["end"]["character"],
        position_of(B, "€4.31bn")["character"].as_u64().unwrap_or(0) + 7
    );
    assert_eq!(st[2]["range"]["start"], position_of(C, "4.13"));
    // The two agreeing statements share a class, the slip has its own and
    // is the one flagged.
    assert_eq!(st[0]["class"], st[1]["class"]);
    assert_ne!(st[0]["class"], st[2]["class"]);
    assert!(st[2]["flagged"].is_string(), "{row}");
    assert!(st[0]["flagged"].is_null(), "{row}");

    // Only the claims an article states.
    let of_d = c
        .request(
            "copydesk/ledger",
            json!({"uri": uri_in(ws.path(), "d.txt")}),
        )
        .await;
    assert_eq!(of_d, json!([]));
    let of_c = c
        .request(
            "copydesk/ledger",
            json!({"uri": uri_in(ws.path(), "c.txt")}),
        )
        .await;
    assert_eq!(of_c.as_array().map(Vec::len), Some(1), "{of_c}");

    // The articles, in bundle order, with their short names.
    let articles = c.request("copydesk/articles", json!({})).await;
    let names: Vec<&str> = articles
        .as_array()
        .unwrap_or_else(|| panic!("{articles}"))
        .iter()
        .map(|a| a["name"].as_str().unwrap_or_default())
        .collect();
    assert_eq!(names, ["a.txt", "b.txt", "c.txt", "d.txt"]);
    assert_eq!(articles[3]["uri"], json!(uri_in(ws.path(), "d.txt")));
    c.shutdown().await;
}

#[tokio::test]
async fn a_figure_hover_says_how_it_was_read_and_what_the_other_articles_state() {
    let (ws, mut c) = started(&[("a.txt", A), ("b.txt", B), ("c.txt", C), ("d.txt", D)]).await;
    let cu = uri_in(ws.path(), "c.txt");
    c.open(&cu, C).await;
    let h = c
        .request(
            "textDocument/hover",
            json!({"textDocument": {"uri": cu}, "position": position_of(C, "13 billion")}),
        )
        .await;
    let md = h["contents"]["value"].as_str().unwrap_or_default();
    assert!(
        md.starts_with("**4.13 billion euros** — read as EUR 4125000000 to 4135000000"),
        "{md}"
    );
    assert!(md.contains("3 statements) — the values disagree"), "{md}");
    assert!(
        md.contains("- a.txt:3 **4.31 billion euros** ✗ disagrees"),
        "{md}"
    );
    assert!(md.contains("- b.txt:3 **€4.31bn** ✗ disagrees"), "{md}");
    assert!(
        md.contains("- c.txt:3 **4.13 billion euros** (this one)"),
        "{md}"
    );
    assert!(!md.contains("file://"), "{md}");
    assert!(
        md.lines().count() <= 40 && md.chars().count() <= 3000,
        "{md}"
    );
    // The hover covers the figure.
    assert_eq!(h["range"]["start"], position_of(C, "4.13"));

    // From an agreeing article, only the slip is marked.
    let au = uri_in(ws.path(), "a.txt");
    c.open(&au, A).await;
    let h = c
        .request(
            "textDocument/hover",
            json!({"textDocument": {"uri": au}, "position": position_of(A, "4.31")}),
        )
        .await;
    let md = h["contents"]["value"].as_str().unwrap_or_default();
    assert!(
        md.contains("- c.txt:3 **4.13 billion euros** ✗ disagrees"),
        "{md}"
    );
    assert!(md.contains("- b.txt:3 **€4.31bn**\n"), "{md}");

    // A figure no other article states is read, and said to be alone.
    let du = uri_in(ws.path(), "d.txt");
    c.open(&du, D).await;
    let h = c
        .request(
            "textDocument/hover",
            json!({"textDocument": {"uri": du}, "position": position_of(D, "37")}),
        )
        .await;
    let md = h["contents"]["value"].as_str().unwrap_or_default();
    assert!(md.starts_with("**37"), "{md}");
    assert!(md.contains("No other article states this claim."), "{md}");
    c.shutdown().await;
}

/// The hover text at `needle` of `text` in `uri`.
async fn hover_md(c: &mut LspClient, uri: &str, text: &str, needle: &str) -> String {
    let h = c
        .request(
            "textDocument/hover",
            json!({"textDocument": {"uri": uri}, "position": position_of(text, needle)}),
        )
        .await;
    h["contents"]["value"]
        .as_str()
        .unwrap_or_default()
        .to_string()
}

#[tokio::test]
async fn figure_hovers_follow_edits_and_flag_a_headline_its_body_contradicts() {
    const E: &str = "Examplecorp opens £69m plant in Quellford\n\nThe Examplecorp plant cost about ₹7.40bn (£68.4m), the company said.\n";
    let (ws, mut c) = started(&[("a.txt", A), ("b.txt", B), ("c.txt", C), ("e.txt", E)]).await;
    let cu = uri_in(ws.path(), "c.txt");
    c.open(&cu, C).await;
    let md = hover_md(&mut c, &cu, C, "13 billion").await;
    assert!(
        md.contains("- c.txt:3 **4.13 billion euros** (this one)"),
        "{md}"
    );
    // A line added above the figure: the figures move, none is read
    // otherwise; the hover places it on its new line.
    let moved = format!("Updated.\n{C}");
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": cu, "version": 2},
               "contentChanges": [{"range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}}, "text": "Updated.\n"}]}),
    )
    .await;
    let md = hover_md(&mut c, &cu, &moved, "13 billion").await;
    assert!(
        md.contains("- c.txt:4 **4.13 billion euros** (this one)"),
        "{md}"
    );
    assert!(md.contains("the values disagree"), "{md}");
    // The slip corrected: the three articles agree.
    let fixed = moved.replace("4.13", "4.31");
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": cu, "version": 3}, "contentChanges": [{"text": fixed}]}),
    )
    .await;
    let md = hover_md(&mut c, &cu, &fixed, "31 billion").await;
    assert!(
        md.contains("- c.txt:4 **4.31 billion euros** (this one)"),
        "{md}"
    );
    assert!(!md.contains("disagree"), "{md}");
    // A headline that its own body contradicts, which no other article
    // states: figure-conflict warns on it, and its hover says so.
    let eu = uri_in(ws.path(), "e.txt");
    c.open(&eu, E).await;
    let diags = c.wait_diagnostics(&eu).await;
    assert!(
        diags.iter().any(|d| d["code"] == "figure-conflict"),
        "{diags:?}"
    );
    let md = hover_md(&mut c, &eu, E, "69m").await;
    assert!(md.contains("This figure is flagged (warning)."), "{md}");
    assert!(md.contains("No other article states this claim."), "{md}");
    c.shutdown().await;
}
