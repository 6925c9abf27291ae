pub fn main_entry() {
    tauri::Builder::default().run(tauri::generate_context!()).expect("run");
}
