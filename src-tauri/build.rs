// The app package lives at the root (it is also the workspace), so the build script says
// where the capabilities are. The commands come from `src-tauri/commands.list`, generated
// from the one list in src/commands.rs (a test fails when it is stale); each is then
// granted per window in src-tauri/capabilities (generated too): the webview can call
// nothing that was not granted.

fn main() {
    println!("cargo:rerun-if-changed=src-tauri/commands.list");
    // The hub's public page embeds the built webview files (include_dir!): rebuild with them.
    println!("cargo:rerun-if-changed=ui/www");
    let list = std::fs::read_to_string("src-tauri/commands.list").expect("src-tauri/commands.list");
    // The manifest wants a 'static list: the build script lives for one run, so leak it.
    let commands: &'static [&'static str] = Vec::leak(
        list.lines().map(str::trim).filter(|l| !l.is_empty()).map(|l| &*Box::leak(l.to_string().into_boxed_str())).collect(),
    );
    let attrs = tauri_build::Attributes::new()
        .capabilities_path_pattern("src-tauri/capabilities/**/*")
        .app_manifest(tauri_build::AppManifest::new().commands(commands));
    tauri_build::try_build(attrs).expect("tauri build script");
}
