//! One source for the contract between Rust and the webview: the generated TypeScript, the
//! capability files and the build script's manifest match the command list and the Rust
//! types, and the handler answers every listed command.

use std::path::Path;

use bluehats_kiosk::commands::specs;
use bluehats_kiosk::contract::generated;
use serde_json::{json, Value};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn generated_contract_is_current() {
    let bless = std::env::var_os("BLUEHATS_BLESS").is_some();
    let mut stale = Vec::new();
    for (path, text) in generated(root()) {
        if std::fs::read_to_string(&path).ok().as_deref() != Some(text.as_str()) {
            if bless {
                std::fs::create_dir_all(path.parent().unwrap()).unwrap();
                std::fs::write(&path, &text).unwrap();
            } else {
                stale.push(path.strip_prefix(root()).unwrap().display().to_string());
            }
        }
    }
    assert!(stale.is_empty(), "stale generated files {stale:?}: run `BLUEHATS_BLESS=1 cargo test contract` and rebuild");
}

#[test]
fn the_typescript_follows_the_rust_types() {
    let ts = bluehats_kiosk::contract::typescript();
    // Fields that once drifted when the types were copied by hand.
    for needle in ["starts_at: string", "links: Array<Link>", "languages: Array<string>", "\"mode\": \"rehearsal\"", "verdict: RecordKind"] {
        assert!(ts.contains(needle), "{needle} missing from the generated contract");
    }
    assert!(!ts.contains("bigint"), "ids and counts are JavaScript numbers");
    for c in specs() {
        let camel: String = c.name.split('_').enumerate().map(|(i, w)| if i == 0 { w.to_string() } else { w[..1].to_uppercase() + &w[1..] }).collect();
        assert!(ts.contains(&format!("export function {camel}(")), "no wrapper for {}", c.name);
    }
}

#[test]
fn handler_manifest_and_capabilities_agree_with_the_command_list() {
    let names: Vec<&str> = specs().iter().map(|c| c.name).collect();
    let manifest = std::fs::read_to_string(root().join("src-tauri/commands.list")).unwrap();
    assert_eq!(manifest.lines().collect::<Vec<_>>(), names, "the build script's manifest");
    let mut granted = std::collections::BTreeSet::new();
    for entry in std::fs::read_dir(root().join("src-tauri/capabilities")).unwrap() {
        let cap: Value = serde_json::from_str(&std::fs::read_to_string(entry.unwrap().path()).unwrap()).unwrap();
        for p in cap["permissions"].as_array().unwrap().iter().filter_map(Value::as_str) {
            if let Some(cmd) = p.strip_prefix("allow-") {
                let cmd = cmd.replace('-', "_");
                assert!(names.contains(&cmd.as_str()), "{p} grants a command that does not exist");
                granted.insert(cmd);
            }
        }
    }
    for n in &names {
        assert!(granted.contains(*n), "{n} is granted to no window");
    }
    // The signage listens; it cannot emit events the organiser's screen would act on.
    let signage: Value = serde_json::from_str(&std::fs::read_to_string(root().join("src-tauri/capabilities/signage.json")).unwrap()).unwrap();
    let perms: Vec<&str> = signage["permissions"].as_array().unwrap().iter().filter_map(Value::as_str).collect();
    assert!(perms.contains(&"core:event:allow-listen"));
    assert!(perms.iter().all(|p| !p.contains("emit") && *p != "core:event:default"), "{perms:?}");
    // The handler routes every listed command: called without its arguments, each answers
    // about its arguments (or runs), never "command not found".
    let dir = tempfile::tempdir().unwrap();
    let app = super::ipc::app(dir.path());
    let desk = super::ipc::window(&app, "desk");
    for n in &names {
        if *n == "export_tickets" {
            continue; // writes files; called in the IPC test
        }
        if let Err(e) = super::ipc::invoke(&desk, n, json!({})) {
            let text = e.to_string();
            assert!(!text.contains("not found") || text.contains("attendee"), "{n}: {text}");
        }
    }
}
