//! The hub on the wire: one port, two doors. A connection that opens with a TLS handshake
//! is a paired desk or screen (the certificate its pairing QR pinned, a credential per
//! machine); a plain HTTP one is any browser on the LAN, which gets the public signage page
//! and nothing else. Every route calls one method of the kiosk: no rule is decided here.

use std::collections::HashMap;
use std::convert::Infallible;
use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::extract::{DefaultBodyLimit, Query, Request, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::middleware::{self, Next};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use bluehats_core::service::{Change, Kiosk};
use bluehats_core::signage::View;
use bluehats_core::venue::{Entry, Machine, PairingError, Role};
use bluehats_core::KioskError;
use futures_util::stream::{self, Stream};
use serde::Deserialize;
use tokio::sync::broadcast;

use super::identity::HubIdentity;
use super::page;

/// The largest request body: an upload of a few hundred entries is far below.
const MAX_BODY: usize = 1 << 20;
/// A body over [`MAX_BODY`] but under this is read to its end before it is refused: the
/// client then reads its 413 instead of a reset connection. Past this, the connection goes.
const DRAINED: usize = 8 << 20;
/// Entries in one upload.
const MAX_ENTRIES: usize = 1000;
/// Requests per second: per machine once paired, per address before.
const PAIRED_RATE: u32 = 2000;
const OPEN_RATE: u32 = 200;
/// A connection that sends nothing is closed (no idle sockets held by a stray client).
const FIRST_BYTE: Duration = Duration::from_secs(10);

/// The request came over TLS (set by the connection, not by anything the client says).
#[derive(Clone, Copy)]
struct Secure(bool);

#[derive(Clone)]
struct Hub {
    kiosk: Arc<Kiosk>,
    changes: broadcast::Sender<Change>,
    limiter: Arc<Limiter>,
}

/// A fixed one-second window per key: enough to stop a runaway client, invisible to a desk.
#[derive(Default)]
struct Limiter {
    windows: Mutex<HashMap<String, (Instant, u32)>>,
}

impl Limiter {
    fn allow(&self, key: String, per_second: u32) -> bool {
        let mut w = self.windows.lock().unwrap_or_else(|e| e.into_inner());
        if w.len() > 10_000 {
            w.clear();
        }
        let now = Instant::now();
        let slot = w.entry(key).or_insert((now, 0));
        if now.duration_since(slot.0) >= Duration::from_secs(1) {
            *slot = (now, 0);
        }
        slot.1 += 1;
        slot.1 <= per_second
    }
}

/// An error as JSON, with the status a client can act on.
struct Failure(StatusCode, KioskError);

impl IntoResponse for Failure {
    fn into_response(self) -> Response {
        let body = serde_json::json!({ "code": self.1.code(), "message": self.1.to_string() });
        (self.0, Json(body)).into_response()
    }
}

impl From<KioskError> for Failure {
    fn from(e: KioskError) -> Self {
        let status = match &e {
            KioskError::Pairing(PairingError::UnknownMachine | PairingError::Revoked | PairingError::CredentialExpired) => StatusCode::UNAUTHORIZED,
            KioskError::Pairing(PairingError::Purged) => StatusCode::GONE,
            KioskError::Pairing(PairingError::Expired | PairingError::UsedOrUnknown) => StatusCode::FORBIDDEN,
            KioskError::Pairing(_) => StatusCode::FORBIDDEN,
            // The hub's own trouble (a full disk, a store busy past its limit): it cannot
            // decide now, and says so; the desk decides alone and uploads later.
            KioskError::Busy | KioskError::Database(_) | KioskError::Io { .. } => StatusCode::SERVICE_UNAVAILABLE,
            KioskError::AttendeeNotFound(_) | KioskError::InvalidField { .. } => StatusCode::UNPROCESSABLE_ENTITY,
            _ => StatusCode::INTERNAL_SERVER_ERROR,
        };
        Failure(status, e)
    }
}

/// Runs a kiosk call off the async threads (it takes a lock and may write SQLite).
async fn blocking<T: Send + 'static>(k: &Arc<Kiosk>, f: impl FnOnce(&Kiosk) -> Result<T, KioskError> + Send + 'static) -> Result<T, Failure> {
    let k = k.clone();
    tokio::task::spawn_blocking(move || f(&k))
        .await
        .map_err(|e| Failure(StatusCode::INTERNAL_SERVER_ERROR, KioskError::Export(e.to_string())))?
        .map_err(Failure::from)
}

fn refused(status: StatusCode, why: &str) -> Response {
    Failure(status, KioskError::Pairing(PairingError::Refused(why.to_string()))).into_response()
}

/// A request body larger than the hub takes is refused with 413, after it was read (when it
/// is not huge), whatever the route: the answer does not depend on who reads first.
async fn body_bound(req: Request, next: Next) -> Response {
    let declared = req.headers().get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()).and_then(|v| v.parse::<usize>().ok());
    match declared {
        Some(n) if n > MAX_BODY => {
            if n <= DRAINED {
                let _ = axum::body::to_bytes(req.into_body(), DRAINED).await;
            }
            refused(StatusCode::PAYLOAD_TOO_LARGE, "requête trop grande / request too large")
        }
        _ => next.run(req).await,
    }
}

/// The paired routes: TLS only, and a known machine's credential.
async fn paired(State(hub): State<Hub>, mut req: Request, next: Next) -> Response {
    if !req.extensions().get::<Secure>().is_some_and(|s| s.0) {
        return refused(StatusCode::FORBIDDEN, "TLS requis / TLS required");
    }
    let credential = bearer(req.headers());
    let Some(credential) = credential else {
        return Failure(StatusCode::UNAUTHORIZED, PairingError::UnknownMachine.into()).into_response();
    };
    let machine = match blocking(&hub.kiosk, move |k| k.machine(&credential)).await {
        Ok(m) => m,
        Err(f) => return f.into_response(),
    };
    if !hub.limiter.allow(format!("m{}", machine.id), PAIRED_RATE) {
        return refused(StatusCode::TOO_MANY_REQUESTS, "trop de requêtes / too many requests");
    }
    req.extensions_mut().insert(machine);
    next.run(req).await
}

/// Open routes (pairing, the public page): per address.
async fn open_rate(State(hub): State<Hub>, req: Request, next: Next) -> Response {
    let ip = req.extensions().get::<Peer>().map(|p| p.0.to_string()).unwrap_or_default();
    if !hub.limiter.allow(format!("a{ip}"), OPEN_RATE) {
        return refused(StatusCode::TOO_MANY_REQUESTS, "trop de requêtes / too many requests");
    }
    next.run(req).await
}

#[derive(Clone, Copy)]
struct Peer(IpAddr);

fn bearer(h: &HeaderMap) -> Option<String> {
    h.get(header::AUTHORIZATION)?.to_str().ok()?.strip_prefix("Bearer ").map(|s| s.trim().to_string())
}

#[derive(Deserialize)]
struct PairRequest {
    token: String,
    name: String,
}

async fn pair(State(hub): State<Hub>, req: Request) -> Response {
    if !req.extensions().get::<Secure>().is_some_and(|s| s.0) {
        return refused(StatusCode::FORBIDDEN, "TLS requis / TLS required");
    }
    let bytes = match axum::body::to_bytes(req.into_body(), 16 * 1024).await {
        Ok(b) => b,
        Err(_) => return refused(StatusCode::PAYLOAD_TOO_LARGE, "requête trop grande / request too large"),
    };
    let Ok(p) = serde_json::from_slice::<PairRequest>(&bytes) else {
        return refused(StatusCode::BAD_REQUEST, "requête d'appairage illisible / unreadable pairing request");
    };
    match blocking(&hub.kiosk, move |k| k.redeem(&p.token, &p.name)).await {
        Ok(w) => Json(w).into_response(),
        Err(f) => f.into_response(),
    }
}

#[derive(Deserialize)]
struct Since {
    since: Option<i64>,
}

async fn entrance(State(hub): State<Hub>, axum::Extension(m): axum::Extension<Machine>, Query(q): Query<Since>) -> Response {
    let since = q.since.unwrap_or(0);
    match blocking(&hub.kiosk, move |k| k.entrance_copy(&m, since)).await {
        Ok(c) => Json(c).into_response(),
        Err(f) => f.into_response(),
    }
}

async fn entries(State(hub): State<Hub>, axum::Extension(m): axum::Extension<Machine>, body: axum::body::Bytes) -> Response {
    let Ok(list) = serde_json::from_slice::<Vec<Entry>>(&body) else {
        return refused(StatusCode::BAD_REQUEST, "entrées illisibles / unreadable entries");
    };
    if list.len() > MAX_ENTRIES {
        return refused(StatusCode::PAYLOAD_TOO_LARGE, "trop d'entrées / too many entries");
    }
    match blocking(&hub.kiosk, move |k| k.apply_entries(&m, &list)).await {
        Ok(a) => Json(a).into_response(),
        Err(f) => f.into_response(),
    }
}

/// A paired machine's pushes: "entrance" (a desk then asks what changed) and "screen".
async fn paired_events(State(hub): State<Hub>, axum::Extension(m): axum::Extension<Machine>) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    let rx = hub.changes.subscribe();
    let desk = m.role == Role::Desk;
    let s = stream::unfold(rx, move |mut rx| async move {
        loop {
            match rx.recv().await {
                Ok(Change::Entrance) if desk => {
                    // A burst of scans is one push: the desk asks for all of it at once.
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    while rx.try_recv().is_ok() {}
                    return Some((Ok(Event::default().event("entrance").data("")), rx));
                }
                Ok(Change::Signage) => return Some((Ok(Event::default().event("signage").data("")), rx)),
                Ok(_) | Err(broadcast::error::RecvError::Lagged(_)) => continue,
                Err(broadcast::error::RecvError::Closed) => return None,
            }
        }
    });
    Sse::new(s).keep_alive(KeepAlive::new().interval(Duration::from_secs(5)))
}

/// Which screen a page or a joined screen is: where it stands (`position`, a key or a
/// name), and what it shows (`room=…`, or `view=hall`).
#[derive(Deserialize, Default, Clone)]
struct ScreenQuery {
    position: Option<String>,
    room: Option<String>,
    view: Option<String>,
}

impl ScreenQuery {
    fn view(&self) -> Option<View> {
        match (&self.room, self.view.as_deref()) {
            (Some(r), _) => Some(View::Room { room: r.clone() }),
            (None, Some(v)) => Some(View::parse(v)),
            (None, None) => None,
        }
    }
}

async fn public_screen(State(hub): State<Hub>, Query(q): Query<ScreenQuery>) -> Response {
    match blocking(&hub.kiosk, move |k| k.screen_model_for(q.position.as_deref(), q.view().as_ref(), k.now())).await {
        Ok(s) => Json(s).into_response(),
        Err(f) => f.into_response(),
    }
}

#[derive(Deserialize)]
struct PlanQuery {
    position: String,
}

async fn public_plan(State(hub): State<Hub>, Query(q): Query<PlanQuery>) -> Response {
    match blocking(&hub.kiosk, move |k| k.plan_url(&q.position)).await {
        Ok(p) => Json(p).into_response(),
        Err(f) => f.into_response(),
    }
}

async fn public_logo(State(hub): State<Hub>) -> Response {
    match blocking(&hub.kiosk, |k| k.logo_url()).await {
        Ok(p) => Json(p).into_response(),
        Err(f) => f.into_response(),
    }
}

/// A joined screen's model: where the organiser put it, else what it asks.
async fn paired_screen(State(hub): State<Hub>, axum::Extension(m): axum::Extension<Machine>, Query(q): Query<ScreenQuery>) -> Response {
    match blocking(&hub.kiosk, move |k| k.screen_model_of(&m, q.position.as_deref(), q.view().as_ref())).await {
        Ok(s) => Json(s).into_response(),
        Err(f) => f.into_response(),
    }
}

/// The prepared event (rooms, positions, plans, programme; never attendees) and the PIN's
/// hash, for a joined machine to keep its copy.
async fn paired_event(State(hub): State<Hub>) -> Response {
    match blocking(&hub.kiosk, |k| k.event_update()).await {
        Ok(u) => Json(u).into_response(),
        Err(f) => f.into_response(),
    }
}

#[derive(Deserialize)]
struct QrText {
    text: String,
}

async fn public_qr(State(hub): State<Hub>, Query(q): Query<QrText>) -> Response {
    if q.text.len() > 512 {
        return refused(StatusCode::PAYLOAD_TOO_LARGE, "texte trop long / text too long");
    }
    match blocking(&hub.kiosk, move |_| bluehats_core::ticket_files::qr_svg(&q.text)).await {
        Ok(s) => Json(s).into_response(),
        Err(f) => f.into_response(),
    }
}

/// The public signage's pushes: the screen whenever it changes (a staff action at once, the
/// clock's estimate when it moves), as the app's own signage window gets them.
async fn public_events(State(hub): State<Hub>, Query(q): Query<ScreenQuery>) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    let rx = hub.changes.subscribe();
    let kiosk = hub.kiosk.clone();
    let s = stream::unfold((rx, String::new(), kiosk), move |(mut rx, last, kiosk)| {
        let q = q.clone();
        async move {
        let mut last = last;
        loop {
            let forced = match tokio::time::timeout(Duration::from_millis(500), rx.recv()).await {
                Ok(Ok(Change::Signage)) => true,
                Ok(Ok(Change::Entrance)) | Ok(Err(broadcast::error::RecvError::Lagged(_))) | Err(_) => false,
                Ok(Err(broadcast::error::RecvError::Closed)) => return None,
            };
            let (k, q) = (kiosk.clone(), q.clone());
            let Ok(Ok(screen)) = tokio::task::spawn_blocking(move || k.screen_model_for(q.position.as_deref(), q.view().as_ref(), k.now())).await else { continue };
            let text = serde_json::to_string(&screen).unwrap_or_default();
            if forced || text != last {
                last = text.clone();
                return Some((Ok(Event::default().event("screen").data(text)), (rx, last, kiosk)));
            }
        }
        }
    });
    Sse::new(s).keep_alive(KeepAlive::new().interval(Duration::from_secs(5)))
}

fn router(hub: Hub) -> Router {
    let paired_routes = Router::new()
        .route("/api/entrance", get(entrance))
        .route("/api/entries", post(entries))
        .route("/api/events", get(paired_events))
        .route("/api/screen", get(paired_screen))
        .route("/api/event", get(paired_event))
        .route_layer(middleware::from_fn_with_state(hub.clone(), paired));
    let open_routes = Router::new()
        .route("/", get(|| async { Redirect::to("/screen") }))
        .route("/api/pair", post(pair))
        .route("/api/public/screen_model", get(public_screen))
        .route("/api/public/plan", get(public_plan))
        .route("/api/public/logo", get(public_logo))
        .route("/api/public/qr_svg", get(public_qr))
        .route("/api/public/events", get(public_events))
        .route("/screen", get(page::screen_page))
        .fallback(get(page::asset))
        .route_layer(middleware::from_fn_with_state(hub.clone(), open_rate));
    paired_routes.merge(open_routes).layer(DefaultBodyLimit::max(MAX_BODY)).layer(middleware::from_fn(body_bound)).with_state(hub)
}

/// A running hub: where it listens, and what its pairing QRs pin.
pub struct Running {
    pub addr: SocketAddr,
    pub fingerprint: String,
}

/// Listens on `listen` and serves until the runtime stops. The kiosk's changes are relayed
/// to every connected desk and screen.
pub async fn serve(kiosk: Arc<Kiosk>, listen: SocketAddr, on_ready: impl FnOnce(&Running)) -> Result<(), KioskError> {
    kiosk.may_be_hub()?;
    let identity = HubIdentity::load_or_make(&kiosk)?;
    let tls = tokio_rustls::TlsAcceptor::from(Arc::new(identity.server_config()?));
    let listener = tokio::net::TcpListener::bind(listen).await.map_err(|e| KioskError::io(listen.to_string(), e))?;
    let addr = listener.local_addr().map_err(|e| KioskError::io(listen.to_string(), e))?;
    on_ready(&Running { addr, fingerprint: identity.fingerprint() });

    let (tx, _) = broadcast::channel(1024);
    let relay = tx.clone();
    let changes = kiosk.subscribe();
    let watched = kiosk.clone();
    std::thread::spawn(move || {
        // Every 100 ms, also whether another process wrote (the organiser's CLI on the hub's
        // folder: a live action, an import): told like a change made here.
        let mut checked = std::time::Instant::now();
        loop {
            match changes.recv_timeout(Duration::from_millis(100)) {
                Ok(c) => {
                    let _ = relay.send(c);
                }
                Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {}
                Err(_) => return,
            }
            if checked.elapsed() >= Duration::from_millis(100) {
                checked = std::time::Instant::now();
                let _ = watched.notice_other_writers();
            }
        }
    });
    let app = router(Hub { kiosk, changes: tx, limiter: Arc::new(Limiter::default()) });
    loop {
        let (tcp, peer) = match listener.accept().await {
            Ok(x) => x,
            Err(_) => {
                // Out of file descriptors, say: wait rather than spin.
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            }
        };
        let _ = tcp.set_nodelay(true);
        let app = app.clone();
        let tls = tls.clone();
        tokio::spawn(async move {
            let mut first = [0u8; 1];
            match tokio::time::timeout(FIRST_BYTE, tcp.peek(&mut first)).await {
                Ok(Ok(1)) => {}
                _ => return,
            }
            // 0x16: a TLS handshake record.
            if first[0] == 0x16 {
                let Ok(Ok(stream)) = tokio::time::timeout(FIRST_BYTE, tls.accept(tcp)).await else { return };
                serve_connection(stream, app, Secure(true), peer.ip()).await;
            } else {
                serve_connection(tcp, app, Secure(false), peer.ip()).await;
            }
        });
    }
}

async fn serve_connection<S>(io: S, app: Router, secure: Secure, peer: IpAddr)
where
    S: tokio::io::AsyncRead + tokio::io::AsyncWrite + Unpin + Send + 'static,
{
    let service = hyper::service::service_fn(move |mut req: hyper::Request<hyper::body::Incoming>| {
        req.extensions_mut().insert(secure);
        req.extensions_mut().insert(Peer(peer));
        let app = app.clone();
        async move { Ok::<_, Infallible>(tower::ServiceExt::oneshot(app, req.map(axum::body::Body::new)).await.unwrap_or_else(|e| match e {})) }
    });
    let _ = hyper::server::conn::http1::Builder::new()
        .keep_alive(true)
        .serve_connection(hyper_util::rt::TokioIo::new(io), service)
        .await;
}
