//! The layers stay layers: no two source files import each other in a loop, in the core,
//! in the shell, or in the UI; and the screens reach Rust only through the generated
//! contract.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn files(dir: &Path, ext: &str, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            files(&p, ext, out);
        } else if p.extension().is_some_and(|x| x == ext) {
            out.push(p);
        }
    }
}

/// A file's module path in its crate: `store/scans.rs` → ["store", "scans"].
fn module_of(src: &Path, file: &Path) -> Vec<String> {
    let rel = file.strip_prefix(src).unwrap();
    let mut parts: Vec<String> = rel.iter().map(|p| p.to_string_lossy().trim_end_matches(".rs").to_string()).collect();
    if matches!(parts.last().map(String::as_str), Some("mod" | "lib" | "main")) {
        parts.pop();
    }
    parts
}

/// Expands `a::{b, c::{d, e}}` into `a::b`, `a::c::d`, `a::c::e`.
fn expand(path: &str) -> Vec<String> {
    let Some(open) = path.find('{') else { return vec![path.to_string()] };
    let (head, rest) = (&path[..open], &path[open + 1..]);
    let mut depth = 0;
    let mut items = vec![String::new()];
    for c in rest.chars() {
        match c {
            '{' => depth += 1,
            '}' if depth == 0 => break,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                items.push(String::new());
                continue;
            }
            _ => {}
        }
        items.last_mut().unwrap().push(c);
    }
    items.iter().map(|i| i.trim()).filter(|i| !i.is_empty()).flat_map(|i| expand(&format!("{head}{i}"))).collect()
}

/// The `crate::…`, `super::…` and `self::…` paths a Rust file names, outside comments.
fn rust_paths(text: &str) -> Vec<String> {
    let code: String = text.lines().map(|l| l.split("//").next().unwrap_or("")).collect::<Vec<_>>().join("\n");
    let mut out = Vec::new();
    for start in ["crate::", "super::", "self::"] {
        let mut from = 0;
        while let Some(i) = code[from..].find(start) {
            let at = from + i;
            from = at + start.len();
            if code[..at].chars().last().is_some_and(|c| c.is_alphanumeric() || c == '_') {
                continue;
            }
            let mut end = at;
            let mut depth = 0;
            for (j, c) in code[at..].char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' if depth > 0 => depth -= 1,
                    c if depth == 0 && !(c.is_alphanumeric() || c == '_' || c == ':') => break,
                    _ => {}
                }
                end = at + j + c.len_utf8();
            }
            out.extend(expand(&code[at..end].replace(char::is_whitespace, "")));
        }
    }
    out
}

/// Edges between the files of one crate; a file and its own parent module (mod.rs, lib.rs)
/// are one module's inside and do not count.
fn rust_graph(src: &Path) -> BTreeMap<String, BTreeSet<String>> {
    let mut list = Vec::new();
    files(src, "rs", &mut list);
    let modules: BTreeMap<Vec<String>, String> =
        list.iter().map(|f| (module_of(src, f), f.strip_prefix(src).unwrap().display().to_string())).collect();
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for f in &list {
        let me = module_of(src, f);
        for p in rust_paths(&std::fs::read_to_string(f).unwrap()) {
            let mut segs: Vec<String> = p.split("::").filter(|s| !s.is_empty()).map(String::from).collect();
            // `super` is the file's module's parent, whether the file is `x.rs` or `x/mod.rs`.
            let mut base: Vec<String> = match segs.first().map(String::as_str) {
                Some("crate") => vec![],
                Some("self") => me.clone(),
                _ => {
                    let mut b = me.clone();
                    while segs.first().map(String::as_str) == Some("super") && segs.get(1).map(String::as_str) == Some("super") {
                        b.pop();
                        segs.remove(0);
                    }
                    b.pop();
                    b
                }
            };
            segs.remove(0);
            base.extend(segs);
            // The longest prefix that is a file of the crate.
            let target = (0..=base.len()).rev().find_map(|n| modules.get(&base[..n]).map(|t| (n, t)));
            if let Some((n, target)) = target {
                let t = &base[..n];
                let related = t.starts_with(&me) || me.starts_with(t);
                if !related {
                    graph.entry(modules[&me].clone()).or_default().insert(target.clone());
                }
            }
        }
    }
    graph
}

fn ts_graph(src: &Path) -> BTreeMap<String, BTreeSet<String>> {
    let mut list = Vec::new();
    files(src, "ts", &mut list);
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for f in &list {
        let me = f.strip_prefix(src).unwrap().display().to_string();
        for line in std::fs::read_to_string(f).unwrap().lines() {
            let Some(i) = line.find("from \"") else { continue };
            let spec = &line[i + 6..];
            let spec = &spec[..spec.find('"').unwrap()];
            if !spec.starts_with('.') {
                continue;
            }
            let target = f.parent().unwrap().join(spec.replace(".js", ".ts"));
            let target: PathBuf = target.components().fold(PathBuf::new(), |mut acc, c| {
                match c {
                    std::path::Component::ParentDir => {
                        acc.pop();
                    }
                    std::path::Component::CurDir => {}
                    c => acc.push(c),
                }
                acc
            });
            graph.entry(me.clone()).or_default().insert(target.strip_prefix(src).unwrap().display().to_string());
        }
    }
    graph
}

/// A loop in the graph, as the files along it, if there is one.
fn find_loop(graph: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit(n: &str, g: &BTreeMap<String, BTreeSet<String>>, path: &mut Vec<String>, done: &mut BTreeSet<String>) -> Option<Vec<String>> {
        if let Some(i) = path.iter().position(|p| p == n) {
            let mut l = path[i..].to_vec();
            l.push(n.to_string());
            return Some(l);
        }
        if done.contains(n) {
            return None;
        }
        path.push(n.to_string());
        for m in g.get(n).into_iter().flatten() {
            if let Some(l) = visit(m, g, path, done) {
                return Some(l);
            }
        }
        path.pop();
        done.insert(n.to_string());
        None
    }
    let mut done = BTreeSet::new();
    graph.keys().find_map(|n| visit(n, graph, &mut Vec::new(), &mut done))
}

#[test]
fn the_loop_finder_finds_loops() {
    let g: BTreeMap<String, BTreeSet<String>> =
        [("a", "b"), ("b", "c"), ("c", "a")].iter().map(|(x, y)| (x.to_string(), BTreeSet::from([y.to_string()]))).collect();
    assert_eq!(find_loop(&g).unwrap().len(), 4);
    let src = root().join("src-tauri/core/src");
    let g = rust_graph(&src);
    // Real edges are seen: the store reads the programme's types; the service uses the store.
    assert!(g["store/programme.rs"].contains("programme/mod.rs"), "{:?}", g["store/programme.rs"]);
    assert!(g["service/entrance.rs"].iter().any(|t| t.starts_with("store/")), "{:?}", g["service/entrance.rs"]);
}

#[test]
fn no_two_rust_files_import_each_other_in_a_loop() {
    for src in ["src-tauri/core/src", "src-tauri/src"] {
        let g = rust_graph(&root().join(src));
        assert!(find_loop(&g).is_none(), "{src}: import loop {:?}", find_loop(&g));
    }
}

#[test]
fn no_two_ui_modules_import_each_other_in_a_loop() {
    let g = ts_graph(&root().join("ui/src"));
    assert!(g.contains_key("desk.ts"), "the UI's imports are read");
    assert!(find_loop(&g).is_none(), "ui/src: import loop {:?}", find_loop(&g));
}

#[test]
fn the_webview_loads_nothing_from_elsewhere_and_runs_no_inline_style_or_script() {
    let conf: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(root().join("tauri.conf.json")).unwrap()).unwrap();
    let csp = conf["app"]["security"]["csp"].as_str().unwrap();
    assert!(!csp.contains("unsafe-inline") && !csp.contains("unsafe-eval"), "{csp}");
    assert!(!csp.contains("https:") && !csp.contains("http://") || csp.contains("http://ipc.localhost"), "{csp}");
    for part in csp.split(';') {
        for source in part.split_whitespace().skip(1) {
            assert!(
                ["'self'", "data:", "asset:", "ipc:", "http://ipc.localhost"].contains(&source),
                "{source} in the CSP is not the app's own"
            );
        }
    }
}

#[test]
fn screens_call_rust_only_through_the_generated_contract() {
    let mut list = Vec::new();
    files(&root().join("ui/src"), "ts", &mut list);
    for f in list {
        let name = f.strip_prefix(root()).unwrap().display().to_string();
        if name.ends_with("bridge.ts") || name.contains("/gen/") {
            continue;
        }
        let text = std::fs::read_to_string(&f).unwrap();
        assert!(!text.contains("invoke(") && !text.contains("__TAURI__"), "{name} calls Rust by name: use ui/src/gen/contract.ts");
    }
}

/// No venue word in code: the embedded default day's room, levels and building are its
/// data (`assets/default`), so that every other event's screens tell their own truth.
#[test]
fn no_venue_of_the_default_day_is_written_in_code() {
    let mut found = Vec::new();
    let words = ["223m", "escalator", "niveau 2", "level 2", "palais des congr", "porte maillot"];
    for (dir, exts) in [("src-tauri/src", &["rs"][..]), ("src-tauri/core/src", &["rs"][..]), ("ui/src", &["ts"][..]), ("ui/www", &["html", "css"][..])] {
        for ext in exts {
            let mut list = Vec::new();
            files(&root().join(dir), ext, &mut list);
            for f in list {
                // The generated contract holds only what the Rust code holds.
                if f.components().any(|c| c.as_os_str() == "gen") {
                    continue;
                }
                let text = std::fs::read_to_string(&f).unwrap().to_lowercase();
                for w in words {
                    for (n, line) in text.lines().enumerate() {
                        if line.contains(w) {
                            found.push(format!("{}:{}: {w}", f.strip_prefix(root()).unwrap().display(), n + 1));
                        }
                    }
                }
            }
        }
    }
    assert!(found.is_empty(), "the default day's venue is written in code: {found:#?}");
    // And the default day is there, as data.
    let data = std::fs::read_to_string(root().join("assets/default/event.json")).unwrap();
    assert!(data.contains("223M") && data.to_lowercase().contains("escalator"));
}
