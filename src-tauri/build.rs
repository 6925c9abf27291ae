// The app package lives at the root (it is also the workspace), so the build script
// must say where the capabilities are, relative to the root.
fn main() {
    let attrs = tauri_build::Attributes::new()
        .capabilities_path_pattern("src-tauri/capabilities/**/*");
    tauri_build::try_build(attrs).expect("tauri build script");
}
