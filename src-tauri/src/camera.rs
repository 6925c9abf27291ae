//! The desk's camera, for events without a USB scanner. The webview opens the webcam and
//! sends each frame as the canvas gives it, four bytes a pixel (RGBA), as the raw body of one
//! call (no JSON); Rust turns it grey and reads it with the same QR reader as `decode` and
//! `checkin --image` (`bluehats_core::qr_reader`), and the desk sends what it finds to its
//! usual scan path. The grey is made here, not in the page: the pages' scripts run without
//! JSC's JIT (see `webview`), where a loop over a 720p frame's 921,600 pixels takes 70-130 ms
//! instead of 2.
//!
//! WebKitGTK keeps the camera off unless asked: the desk window turns its media stream on and
//! grants camera requests from the app's own pages only, never the microphone.

use bluehats_core::qr_reader;
use tauri::ipc::{CommandArg, CommandItem, InvokeBody, InvokeError};
use tauri::Runtime;

/// The largest frame read: 4K. Anything larger is not a webcam frame.
const MAX_SIDE: u32 = 4096;

/// One camera frame as the webview sends it: the pixels as the body (RGBA, four bytes a
/// pixel as a canvas gives them, or already grey, one byte a pixel), the size in the
/// `x-width` and `x-height` headers. The body's length tells which.
#[derive(Debug, ts_rs::TS)]
pub struct Frame {
    pub width: u32,
    pub height: u32,
    #[ts(type = "Uint8Array")]
    pub pixels: Vec<u8>,
}

impl Frame {
    /// The frame from its parts, grey, refused with a message saying what is wrong.
    pub fn new(width: u32, height: u32, mut pixels: Vec<u8>) -> Result<Frame, String> {
        if width == 0 || height == 0 || width > MAX_SIDE || height > MAX_SIDE {
            return Err(format!("image de caméra de taille impossible / impossible camera frame size: {width}×{height}"));
        }
        let area = u64::from(width) * u64::from(height);
        match pixels.len() as u64 {
            n if n == area => {}
            n if n == area * 4 => grey_in_place(&mut pixels),
            n => {
                return Err(format!(
                    "image de caméra incomplète / camera frame of the wrong length: {n} octets pour / bytes for {width}×{height} (attendu / expected {area} ou / or {})",
                    area * 4
                ))
            }
        }
        Ok(Frame { width, height, pixels })
    }

    /// The codes in this frame, read by the desk's camera reader.
    pub fn codes(self, reader: &mut qr_reader::FrameReader) -> Vec<String> {
        reader.read(self.width, self.height, self.pixels)
    }
}

/// RGBA to grey, one byte a pixel, in the same buffer (its first quarter): the weights of
/// ITU-R BT.601 in 8-bit fixed point, as the page used to compute them. Alpha is ignored
/// (a video frame is opaque).
fn grey_in_place(rgba: &mut Vec<u8>) {
    let n = rgba.len() / 4;
    for i in 0..n {
        // The i-th grey byte is written at or before the i-th pixel's first byte, already read.
        let (r, g, b) = (u32::from(rgba[4 * i]), u32::from(rgba[4 * i + 1]), u32::from(rgba[4 * i + 2]));
        rgba[i] = ((r * 77 + g * 150 + b * 29) >> 8) as u8;
    }
    rgba.truncate(n);
}

impl<'de, R: Runtime> CommandArg<'de, R> for Frame {
    fn from_command(command: CommandItem<'de, R>) -> Result<Self, InvokeError> {
        let headers = command.message.headers();
        let side = |name: &str| -> Result<u32, InvokeError> {
            headers
                .get(name)
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.parse().ok())
                .ok_or_else(|| InvokeError::from(format!("en-tête {name} absent ou illisible / missing or unreadable {name} header")))
        };
        let (width, height) = (side("x-width")?, side("x-height")?);
        let InvokeBody::Raw(bytes) = command.message.payload() else {
            return Err(InvokeError::from("image de caméra attendue en octets / a camera frame is sent as raw bytes".to_string()));
        };
        Frame::new(width, height, bytes.clone()).map_err(InvokeError::from)
    }
}

#[cfg(target_os = "linux")]
/// Whether the webview's mock cameras stand in for real ones (end-to-end tests under Xvfb,
/// where no webcam exists): `BLUEHATS_MOCK_CAMERA=1`.
fn mock_cameras() -> bool {
    std::env::var("BLUEHATS_MOCK_CAMERA").is_ok_and(|v| v == "1")
}

/// Whether a page address is one of the app's own (Tauri's custom scheme, or its dev server).
pub fn own_origin(uri: &str) -> bool {
    ["tauri://localhost", "http://tauri.localhost", "https://tauri.localhost"]
        .iter()
        .any(|o| uri == *o || uri.starts_with(&format!("{o}/")) || uri.starts_with(&format!("{o}?")))
}

/// Lets the desk window use the camera: media stream on, camera requests from the app's own
/// pages granted, every other request (microphone, screen, another origin) refused.
#[cfg(target_os = "linux")]
pub fn allow_camera<R: Runtime>(window: &tauri::WebviewWindow<R>) {
    let mock = mock_cameras();
    let _ = window.with_webview(move |wv| {
        use webkit2gtk::glib::prelude::*;
        use webkit2gtk::{PermissionRequestExt, SettingsExt, UserMediaPermissionRequest, UserMediaPermissionRequestExt, WebViewExt};
        let view = wv.inner();
        if let Some(settings) = WebViewExt::settings(&view) {
            settings.set_enable_media_stream(true);
            settings.set_enable_mock_capture_devices(mock);
        }
        view.connect_permission_request(|view, request| {
            let Some(media) = request.downcast_ref::<UserMediaPermissionRequest>() else {
                return false; // not a camera or microphone: WebKit's default (refused)
            };
            let own = view.uri().is_some_and(|u| own_origin(u.as_str()));
            if own && media.is_for_video_device() && !media.is_for_audio_device() {
                request.allow();
            } else {
                request.deny();
            }
            true
        });
    });
}

/// macOS and Windows: their webviews ask the person, as they do for any app.
#[cfg(not(target_os = "linux"))]
pub fn allow_camera<R: Runtime>(_window: &tauri::WebviewWindow<R>) {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_apps_own_pages() {
        assert!(own_origin("tauri://localhost/index.html?view=desk"));
        assert!(own_origin("http://tauri.localhost/index.html"));
        assert!(!own_origin("tauri://localhost.evil/"));
        assert!(!own_origin("http://example.org/"));
        assert!(!own_origin("http://127.0.0.1:8443/screen"));
    }

    #[test]
    fn frames_of_the_wrong_size_are_refused() {
        assert!(Frame::new(4, 2, vec![0; 8]).is_ok());
        assert!(Frame::new(4, 2, vec![0; 32]).is_ok());
        assert!(Frame::new(4, 2, vec![0; 7]).unwrap_err().contains("wrong length"));
        assert!(Frame::new(4, 2, vec![0; 16]).unwrap_err().contains("wrong length"));
        assert!(Frame::new(0, 2, vec![]).unwrap_err().contains("impossible"));
        assert!(Frame::new(5000, 1, vec![0; 5000]).is_err());
    }

    #[test]
    fn a_canvas_frame_is_turned_grey_as_the_page_did() {
        // White, black, pure red, green, blue, and a mid grey; alpha anything.
        let rgba = vec![255, 255, 255, 255, 0, 0, 0, 255, 255, 0, 0, 0, 0, 255, 0, 7, 0, 0, 255, 255, 128, 128, 128, 255];
        let f = Frame::new(3, 2, rgba).unwrap();
        assert_eq!(f.pixels, vec![255, 0, 76, 149, 28, 128]);
        // Already grey: kept as sent.
        assert_eq!(Frame::new(3, 2, vec![1, 2, 3, 4, 5, 6]).unwrap().pixels, vec![1, 2, 3, 4, 5, 6]);
    }
}
