// The same binary is the desktop app (no arguments) and the CLI (subcommands).
// No console window on Windows release builds of the app.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    bluehats_kiosk::webview::prepare();
    std::process::exit(bluehats_kiosk::cli::main());
}
