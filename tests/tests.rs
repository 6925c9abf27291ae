//! The app's integration tests: the CLI as a user runs it (processes, exit codes, crashes)
//! and the commands through real IPC on Tauri's mock runtime. Each test has its own data
//! directory. The end-to-end tests on the real window are in tests/e2e (WebDriver).

mod any_event;
mod cli;
mod contract;
// The proxy holds its runtime without reading it (it runs the forwarding tasks); block_on and the counts are for the tests that need them.
#[allow(dead_code)]
mod fault_proxy;
mod faulty_link;
mod hostile;
mod ipc;
mod layers;
mod pictures;
mod venue;

use std::path::Path;
use std::process::{Command, Output};

pub fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_bluehats-kiosk"))
}

pub fn run(data: &Path, args: &[&str]) -> Output {
    bin().arg("--data").arg(data).args(args).env_remove("KIOSK_DATA").output().expect("the binary runs")
}

pub fn json(out: &Output) -> serde_json::Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stdout)))
}

/// A store with the 300 demo attendees; returns their ticket codes.
pub fn demo_store(data: &Path) -> Vec<String> {
    assert!(run(data, &["init", "--demo"]).status.success());
    let list = json(&run(data, &["--json", "attendees", "list"]));
    list.as_array().unwrap().iter().map(|a| a["code"].as_str().unwrap().to_string()).collect()
}
