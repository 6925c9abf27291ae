//! The public signage page: the app's own signage screen (same files, same code), served
//! to any browser on the LAN. Its bridge reads the hub's public routes instead of Tauri's
//! IPC; its fonts come from the hub, so a TV with no internet shows it whole.

use axum::extract::Request;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use include_dir::{include_dir, Dir};

/// The webview's files, as built (`npm run build` before `cargo build`, as for the app).
static WWW: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/ui/www");

/// The page allows its own origin only, as the app's webview does.
const CSP: &str = "default-src 'self'; img-src 'self' data:; style-src 'self'; font-src 'self'; media-src 'self'; connect-src 'self'";

fn kind(path: &str) -> &'static str {
    match path.rsplit('.').next() {
        Some("html") => "text/html; charset=utf-8",
        Some("js") => "text/javascript; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("woff2") => "font/woff2",
        Some("woff") => "font/woff",
        Some("ttf") => "font/ttf",
        Some("otf") => "font/otf",
        Some("ogg") => "audio/ogg",
        Some("wav") => "audio/wav",
        _ => "application/octet-stream",
    }
}

fn file(path: &str) -> Response {
    // The desk's and organiser's code is not the public page's business.
    let public = !path.contains("..") && (path == "index.html" || path == "style.css" || path.starts_with("js/") || path.starts_with("assets/fonts/"));
    match WWW.get_file(path).filter(|_| public) {
        Some(f) => (
            [(header::CONTENT_TYPE, kind(path)), (header::CONTENT_SECURITY_POLICY, CSP), (header::CACHE_CONTROL, "no-cache")],
            f.contents(),
        )
            .into_response(),
        None => (StatusCode::NOT_FOUND, "introuvable / not found").into_response(),
    }
}

/// `/screen?position=door`: the signage, as the app shows it.
pub async fn screen_page() -> Response {
    file("index.html")
}

pub async fn asset(req: Request) -> Response {
    file(req.uri().path().trim_start_matches('/'))
}
