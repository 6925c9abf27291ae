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

/// Before WebKit starts (first thing in `main`, while there is one thread): frames handed
/// from the web processes to the windows in shared memory, not as DMA-BUF textures, which
/// WebKitGTK 2.50 composites with GL even when the page is drawn by the CPU (Mesa's llvmpipe
/// where there is no GPU driver, in the app and in each web process). Measured (soak, 1,000
/// scans and 100 live changes): 317 MiB PSS at the end instead of 333, the same frames. A
/// variable the person set themselves is kept.
#[cfg(target_os = "linux")]
pub fn prepare() {
    const VAR: &str = "WEBKIT_DISABLE_DMABUF_RENDERER";
    if !gpu() && std::env::var_os(VAR).is_none() {
        std::env::set_var(VAR, "1");
    }
}

#[cfg(not(target_os = "linux"))]
pub fn prepare() {}

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
