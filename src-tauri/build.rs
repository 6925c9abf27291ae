// The app package lives at the root (it is also the workspace), so the build script says
// where the capabilities are. Each command is declared here, then granted per window in
// src-tauri/capabilities: the webview can call nothing that was not granted.
const COMMANDS: &[&str] = &[
    "event_info",
    "scan",
    "search",
    "checkin_manual",
    "walk_in",
    "undo_checkin",
    "stats",
    "counters",
    "recent_scans",
    "qr_svg",
    "set_desk",
    "import_attendees",
    "programme",
    "screen",
    "live",
    "withdraw_talk",
    "edit_talk",
    "add_talk",
    "import_programme",
    "set_clock",
    "set_screen_position",
    "set_programme_url",
    "revoke_ticket",
    "export_tickets",
];

fn main() {
    let attrs = tauri_build::Attributes::new()
        .capabilities_path_pattern("src-tauri/capabilities/**/*")
        .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS));
    tauri_build::try_build(attrs).expect("tauri build script");
}
