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

/// Before WebKit starts (first thing in `main`, while there is one thread), the web
/// processes' settings, which they take from the environment. A variable the person set
/// themselves is kept.
/// - `WEBKIT_DISABLE_DMABUF_RENDERER=1` (unless `BLUEHATS_GPU=1`): frames handed from the web
///   processes to the windows in shared memory, not as DMA-BUF textures, which WebKitGTK 2.50
///   composites with GL even when the page is drawn by the CPU (Mesa's llvmpipe where there is
///   no GPU driver, in the app and in each web process). Measured (soak, 1,000 scans and 100
///   live changes): 317 MiB PSS at the end instead of 333, the same frames.
/// - `JSC_useJIT=0`: the pages' scripts interpreted by JavaScriptCore, not compiled. Each web
///   process then keeps no JIT's code, compiler threads or executable memory: measured (the
///   same soak, 2026-12-04) 291 MiB instead of 315, the desk's window 92 MiB instead of 105.
///   The pages do little work a frame: Enter → verdict painted p95 17 ms with or without
///   (bench.mjs, 200 scans), the signage's repaint p95 26 ms instead of 23. The one heavy
///   loop, a camera frame turned grey, is done in Rust (`camera::Frame`).
#[cfg(target_os = "linux")]
pub fn prepare() {
    let mut settings = vec![("JSC_useJIT", "0")];
    if !gpu() {
        settings.push(("WEBKIT_DISABLE_DMABUF_RENDERER", "1"));
    }
    for (var, value) in settings {
        if std::env::var_os(var).is_none() {
            std::env::set_var(var, value);
        }
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
