//! How the app's webviews draw. A kiosk runs all day beside other work on a modest laptop:
//! each window is drawn by the CPU unless `BLUEHATS_GPU=1`. WebKitGTK's GPU path keeps a GL
//! context per web process (Mesa's, in software, where there is no GPU driver): measured
//! about 80 MiB per window, for pages that only change a few times a second (README,
//! Performance).

use tauri::Runtime;

/// Whether the person asked for GPU drawing (`BLUEHATS_GPU=1`).
#[cfg(target_os = "linux")]
fn gpu() -> bool {
    std::env::var("BLUEHATS_GPU").is_ok_and(|v| v == "1")
}

#[cfg(target_os = "linux")]
pub fn lean<R: Runtime>(window: &tauri::WebviewWindow<R>) {
    if gpu() {
        return;
    }
    let _ = window.with_webview(|wv| {
        use webkit2gtk::{HardwareAccelerationPolicy, SettingsExt, WebViewExt};
        if let Some(settings) = WebViewExt::settings(&wv.inner()) {
            settings.set_hardware_acceleration_policy(HardwareAccelerationPolicy::Never);
        }
    });
}

#[cfg(not(target_os = "linux"))]
pub fn lean<R: Runtime>(_window: &tauri::WebviewWindow<R>) {}
