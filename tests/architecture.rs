//! The architecture invariants of ARCHITECTURE.md that the compiler cannot
//! enforce by itself, checked on the sources and the lock file:
//!
//! - the crates depend on each other only downwards (core ← workspace ←
//!   lsp, cli, bench), and the core's dependencies, direct or not, carry no
//!   LSP, async runtime or filesystem walker;
//! - only the LSP crate names LSP types, and the core does no I/O;
//! - the top-level modules of each crate form no import circle;
//! - no source file is much over 800 lines;
//! - no word list lives in the core's code: words belong in server/data.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fs;
use std::path::{Path, PathBuf};

const CRATES: &[&str] = &["core", "workspace", "lsp", "cli", "bench"];

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn toml_of(path: &Path) -> toml::Table {
    let text = fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    text.parse()
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The normal (not dev, not build) dependencies a member names.
fn normal_deps(krate: &str) -> BTreeSet<String> {
    let manifest = toml_of(&root().join("server").join(krate).join("Cargo.toml"));
    manifest
        .get("dependencies")
        .and_then(|d| d.as_table())
        .map(|t| t.keys().cloned().collect())
        .unwrap_or_default()
}

/// Package name → the names of its dependencies, from Cargo.lock. For a
/// registry package the lock lists only what it needs to build (no dev
/// dependencies), so a closure over it is the package's real reach.
fn lock_graph() -> HashMap<String, Vec<String>> {
    let lock = toml_of(&root().join("Cargo.lock"));
    let mut graph = HashMap::new();
    for p in lock
        .get("package")
        .and_then(|p| p.as_array())
        .expect("Cargo.lock has packages")
    {
        let name = p["name"].as_str().expect("a package name").to_string();
        let deps = p
            .get("dependencies")
            .and_then(|d| d.as_array())
            .map(|a| {
                a.iter()
                    .filter_map(|d| d.as_str())
                    // "name version" when two versions are locked.
                    .map(|d| d.split(' ').next().unwrap_or(d).to_string())
                    .collect()
            })
            .unwrap_or_default();
        graph
            .entry(name)
            .or_insert_with(Vec::new)
            .extend::<Vec<String>>(deps);
    }
    graph
}

/// Everything a member reaches through its normal dependencies.
fn reach(krate: &str, graph: &HashMap<String, Vec<String>>) -> BTreeSet<String> {
    let mut seen = BTreeSet::new();
    let mut todo: Vec<String> = normal_deps(krate).into_iter().collect();
    while let Some(n) = todo.pop() {
        if seen.insert(n.clone()) {
            // A workspace member's lock entry lists its dev dependencies
            // too: follow its manifest instead.
            let next = match n.strip_prefix("copydesk-") {
                Some(member) if CRATES.contains(&member) => {
                    normal_deps(member).into_iter().collect()
                }
                _ => graph.get(&n).cloned().unwrap_or_default(),
            };
            todo.extend(next);
        }
    }
    seen
}

#[test]
fn crates_depend_only_downwards_and_the_core_reaches_no_lsp_runtime_or_walker() {
    let graph = lock_graph();
    let core = reach("core", &graph);
    for banned in [
        "tower-lsp",
        "lsp-types",
        "tokio",
        "futures",
        "walkdir",
        "ignore",
        "notify",
        "copydesk-workspace",
        "copydesk-lsp",
        "copydesk-cli",
        "copydesk-bench",
    ] {
        assert!(!core.contains(banned), "copydesk-core reaches {banned}");
    }
    let workspace = reach("workspace", &graph);
    for banned in [
        "tower-lsp",
        "tokio",
        "copydesk-lsp",
        "copydesk-cli",
        "copydesk-bench",
    ] {
        assert!(
            !workspace.contains(banned),
            "copydesk-workspace reaches {banned}"
        );
    }
    let lsp = reach("lsp", &graph);
    assert!(
        !lsp.contains("copydesk-cli"),
        "copydesk-lsp reaches copydesk-cli"
    );
    assert!(
        !lsp.contains("copydesk-bench"),
        "copydesk-lsp reaches copydesk-bench"
    );
    for krate in ["cli", "bench"] {
        let r = reach(krate, &graph);
        assert!(
            !r.contains("copydesk-lsp"),
            "copydesk-{krate} reaches copydesk-lsp"
        );
        assert!(
            !r.contains("tower-lsp"),
            "copydesk-{krate} reaches tower-lsp"
        );
    }
    assert!(!reach("bench", &graph).contains("copydesk-cli"));
    assert!(!reach("cli", &graph).contains("copydesk-bench"));
}

/// The `.rs` files under `dir`, recursively.
fn sources(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(d) = todo.pop() {
        for e in fs::read_dir(&d).unwrap_or_else(|e| panic!("{}: {e}", d.display())) {
            let p = e.expect("a directory entry").path();
            if p.is_dir() {
                todo.push(p);
            } else if p.extension().is_some_and(|x| x == "rs") {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// The text before the unit tests at the bottom of a file, without line
/// comments (a doc comment may name any module).
fn code_of(text: &str) -> String {
    let code = text
        .find("#[cfg(test)]\nmod tests")
        .map_or(text, |i| &text[..i]);
    code.lines()
        .map(|l| match l.find("//") {
            Some(i) => &l[..i],
            None => l,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn only_the_lsp_crate_names_lsp_types_and_the_core_does_no_io() {
    for krate in ["core", "workspace", "cli", "bench"] {
        for f in sources(&root().join("server").join(krate).join("src")) {
            let text = fs::read_to_string(&f).expect("a source file");
            for name in ["tower_lsp", "lsp_types"] {
                assert!(!text.contains(name), "{} names {name}", f.display());
            }
        }
    }
    for f in sources(&root().join("server/core/src")) {
        let code = code_of(&fs::read_to_string(&f).expect("a source file"));
        for io in [
            "std::fs",
            "std::net",
            "std::process",
            "std::env::var",
            "File::open",
            "tokio",
        ] {
            assert!(
                !code.contains(io),
                "{} uses {io} outside its tests",
                f.display()
            );
        }
    }
}

/// The names an item path starts with: `x` in `crate::x::y`, and each of
/// `a`, `b` in `crate::{a::c, b}`.
fn heads(after: &str) -> Vec<String> {
    let after = after.trim_start();
    if let Some(inner) = after.strip_prefix('{') {
        let mut depth = 1;
        let mut end = inner.len();
        for (i, c) in inner.char_indices() {
            match c {
                '{' => depth += 1,
                '}' => {
                    depth -= 1;
                    if depth == 0 {
                        end = i;
                        break;
                    }
                }
                _ => {}
            }
        }
        let mut out = Vec::new();
        let mut depth = 0;
        let mut start = 0;
        let inner = &inner[..end];
        for (i, c) in inner.char_indices() {
            match c {
                '{' => depth += 1,
                '}' => depth -= 1,
                ',' if depth == 0 => {
                    out.extend(heads(&inner[start..i]));
                    start = i + 1;
                }
                _ => {}
            }
        }
        out.extend(heads(&inner[start..]));
        return out;
    }
    let name: String = after
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_')
        .collect();
    if name.is_empty() {
        vec![]
    } else {
        vec![name]
    }
}

/// Edges between the top-level modules of a crate (a folder module counts
/// as one; `lib` is the crate root), each with the files that make it.
fn module_graph(src: &Path) -> BTreeMap<String, BTreeMap<String, BTreeSet<String>>> {
    let mut units = BTreeSet::new();
    for e in fs::read_dir(src).expect("a source folder") {
        let p = e.expect("an entry").path();
        let stem = p
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or("")
            .to_string();
        if p.is_dir() || (stem != "lib" && stem != "main") {
            units.insert(stem);
        }
    }
    // Items the root re-exports, by the module they come from.
    let lib = fs::read_to_string(src.join("lib.rs")).expect("lib.rs");
    let mut reexported: HashMap<String, String> = HashMap::new();
    for line in code_of(&lib).lines() {
        if let Some(rest) = line.trim().strip_prefix("pub use ") {
            let module: String = rest.chars().take_while(|c| *c != ':').collect();
            if units.contains(&module) {
                let items = rest[module.len()..].trim_start_matches("::");
                for item in heads(items.trim_end_matches(';')) {
                    reexported.insert(item, module.clone());
                }
            }
        }
    }
    let mut graph: BTreeMap<String, BTreeMap<String, BTreeSet<String>>> = BTreeMap::new();
    for f in sources(src) {
        let rel = f.strip_prefix(src).expect("inside src");
        let parts: Vec<String> = rel
            .iter()
            .map(|p| p.to_string_lossy().trim_end_matches(".rs").to_string())
            .collect();
        let unit = if parts.len() == 1 && (parts[0] == "lib" || parts[0] == "main") {
            "lib".to_string()
        } else {
            parts[0].clone()
        };
        // How many `super::` reach the crate root from this file.
        let depth = parts.len() - usize::from(parts.last().is_some_and(|p| p == "mod"));
        let code = code_of(&fs::read_to_string(&f).expect("a source file"));
        let mut prefixes = vec!["crate::".to_string()];
        if unit != "lib" {
            prefixes.push("super::".repeat(depth));
        }
        let mut targets = BTreeSet::new();
        for prefix in &prefixes {
            for (at, _) in code.match_indices(prefix.as_str()) {
                // `super::super::x` must not count as `super::x`.
                if prefix.starts_with("super") && code[..at].ends_with("super::") {
                    continue;
                }
                for head in heads(&code[at + prefix.len()..]) {
                    if units.contains(&head) {
                        targets.insert(head);
                    } else if let Some(m) = reexported.get(&head) {
                        targets.insert(m.clone());
                    } else if prefix == "crate::" && head != "self" && head != "super" {
                        targets.insert("lib".to_string());
                    }
                }
            }
        }
        // The root names its own modules without `crate::`.
        if unit == "lib" {
            for u in &units {
                let path = format!("{u}::");
                let named = code.match_indices(path.as_str()).any(|(at, _)| {
                    !code[..at].ends_with(|c: char| c.is_alphanumeric() || c == '_' || c == ':')
                });
                if named {
                    targets.insert(u.clone());
                }
            }
        }
        targets.remove(&unit);
        for t in targets {
            graph
                .entry(unit.clone())
                .or_default()
                .entry(t)
                .or_default()
                .insert(rel.display().to_string());
        }
    }
    graph
}

/// The circles of a graph: its strongly connected parts of two or more.
fn circles(graph: &BTreeMap<String, BTreeMap<String, BTreeSet<String>>>) -> Vec<Vec<String>> {
    let nodes: BTreeSet<&String> = graph
        .keys()
        .chain(graph.values().flat_map(|t| t.keys()))
        .collect();
    let reaches = |from: &String, to: &String| {
        let mut seen = BTreeSet::new();
        let mut todo = vec![from];
        while let Some(n) = todo.pop() {
            if n == to {
                return true;
            }
            if seen.insert(n) {
                todo.extend(graph.get(n).into_iter().flat_map(|t| t.keys()));
            }
        }
        false
    };
    let mut out: Vec<Vec<String>> = Vec::new();
    let mut placed = BTreeSet::new();
    for a in &nodes {
        if placed.contains(*a) {
            continue;
        }
        let part: Vec<String> = nodes
            .iter()
            .filter(|b| reaches(a, b) && reaches(b, a))
            .map(|b| (*b).clone())
            .collect();
        if part.len() > 1 {
            placed.extend(part.iter().cloned());
            out.push(part);
        }
    }
    out
}

fn describe(
    graph: &BTreeMap<String, BTreeMap<String, BTreeSet<String>>>,
    part: &[String],
) -> String {
    let mut s = String::new();
    for a in part {
        for (b, files) in graph.get(a).into_iter().flatten() {
            if part.contains(b) {
                let files: Vec<&str> = files.iter().map(String::as_str).collect();
                s.push_str(&format!("\n  {a} -> {b} ({})", files.join(", ")));
            }
        }
    }
    s
}

#[test]
fn the_top_level_modules_of_each_crate_form_no_circle() {
    let mut problems = String::new();
    for krate in CRATES {
        let graph = module_graph(&root().join("server").join(krate).join("src"));
        for part in circles(&graph) {
            problems.push_str(&format!("\ncopydesk-{krate}: {}", describe(&graph, &part)));
        }
    }
    assert!(problems.is_empty(), "import circles:{problems}");
}

#[test]
fn the_module_graph_sees_a_circle() {
    // The detector itself, on a made-up crate: a → b → a is a circle, c
    // (reached from a) is not part of it.
    let dir = tempfile::tempdir().expect("a temporary folder");
    let src = dir.path();
    fs::write(
        src.join("lib.rs"),
        "pub mod a;\npub mod b;\npub mod c;\npub use c::Thing;\n",
    )
    .expect("write");
    fs::write(src.join("a.rs"), "use crate::{b::x, Thing};\n").expect("write");
    fs::create_dir(src.join("b")).expect("mkdir");
    fs::write(src.join("b/mod.rs"), "pub mod y;\n").expect("write");
    fs::write(
        src.join("b/y.rs"),
        "use super::super::a::z;\n// crate::c in a comment\n",
    )
    .expect("write");
    fs::write(src.join("c.rs"), "pub struct Thing;\n").expect("write");
    let graph = module_graph(src);
    assert_eq!(
        circles(&graph),
        vec![vec!["a".to_string(), "b".to_string()]]
    );
    assert!(graph["a"].contains_key("c"), "{graph:?}");
    assert!(!graph.get("b").is_some_and(|t| t.contains_key("c")));
    // The root calls c by its bare name, and c calls the root back.
    fs::write(
        src.join("lib.rs"),
        "pub mod a;\npub mod b;\npub mod c;\npub fn run() { c::go() }\n",
    )
    .expect("write");
    fs::write(src.join("c.rs"), "pub fn go() { crate::run() }\n").expect("write");
    let graph = module_graph(src);
    assert!(
        circles(&graph).contains(&vec!["c".to_string(), "lib".to_string()]),
        "{graph:?}"
    );
}

/// "About 800 lines": the limit of the issue, with a little slack.
const MAX_LINES: usize = 850;

#[test]
fn no_source_file_is_much_over_800_lines() {
    let mut long = Vec::new();
    let mut dirs: Vec<PathBuf> = CRATES
        .iter()
        .map(|c| root().join("server").join(c).join("src"))
        .collect();
    dirs.push(root().join("server/src"));
    for dir in dirs {
        for f in sources(&dir) {
            let lines = fs::read_to_string(&f)
                .expect("a source file")
                .lines()
                .count();
            if lines > MAX_LINES {
                long.push(format!("{} ({lines} lines)", f.display()));
            }
        }
    }
    assert!(
        long.is_empty(),
        "files over {MAX_LINES} lines:\n{}",
        long.join("\n")
    );
}

/// The single-word string literals of each `&[...]` array in `code`.
fn word_arrays(code: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    for (at, _) in code.match_indices("&[") {
        let rest = &code[at + 2..];
        let Some(end) = rest.find(']') else { continue };
        let inner = &rest[..end];
        let literals: Vec<&str> = inner.split('"').skip(1).step_by(2).collect();
        let rest_is_commas = inner
            .split('"')
            .step_by(2)
            .all(|s| s.chars().all(|c| c == ',' || c.is_whitespace()));
        let words = literals
            .iter()
            .filter(|l| !l.is_empty() && !l.contains(' ') && l.len() <= 24)
            .count();
        if rest_is_commas && words >= 6 && words == literals.len() {
            out.push((code[..at].matches('\n').count() + 1, words));
        }
    }
    out
}

#[test]
fn no_word_list_lives_in_the_cores_code() {
    let mut found = Vec::new();
    for f in sources(&root().join("server/core/src")) {
        let code = code_of(&fs::read_to_string(&f).expect("a source file"));
        for (line, words) in word_arrays(&code) {
            found.push(format!("{}:{line}: {words} words", f.display()));
        }
    }
    assert!(
        found.is_empty(),
        "word lists belong in server/data:\n{}",
        found.join("\n")
    );
    // The detector sees a list and lets a list of sentences be.
    assert_eq!(
        word_arrays("const M: &[&str] = &[\"jan\", \"feb\", \"mar\", \"apr\", \"may\", \"jun\"];"),
        vec![(1, 6)]
    );
    assert!(word_arrays("&[\"a b\", \"c d\", \"e f\", \"g h\", \"i j\", \"k l\"]").is_empty());
}
