//! The hub on the wire: one port, two doors. A connection that opens with a TLS handshake
//! is a paired desk or screen (the certificate its pairing QR pinned, a credential per
//! machine); a plain HTTP one is any browser on the LAN, which gets the public signage page
//! and nothing else. Every route calls one method of the kiosk: no rule is decided here.
//!
//! Bounded by construction against anyone on the venue's Wi-Fi: the gate caps connections
//! (`gate.rs`); every connection has a time limit for its first byte, its TLS handshake,
//! its request headers (also its idle time between requests) and each request; budgets
//! are checked before the work they would cost (`limits.rs`), the credential lookup and the
//! unknown routes included; public streams are capped and share one computation per screen
//! (`screens.rs`).

use std::collections::HashMap;
use std::convert::Infallible;
use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::extract::{DefaultBodyLimit, Query, Request, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::middleware::{self, Next};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use bluehats_core::service::{Change, Kiosk};
use bluehats_core::signage::{ScreenModel, View};
use bluehats_core::venue::{Applied, EntranceCopy, Entry, EventUpdate, Machine, PairingError, Role, Welcome};
use bluehats_core::KioskError;
use futures_util::stream::{self, Stream};
use serde::Deserialize;
use tokio::sync::broadcast;

use super::gate::{Caps, Gate, Ticket};
use super::identity::HubIdentity;
use super::limits::{self, Limiter};
use super::page;
use super::screens::{Screens, StreamSlot};

/// The largest request body: an upload of a few hundred entries is far below.
const MAX_BODY: usize = 1 << 20;
/// A body over [`MAX_BODY`] but under this is read to its end before it is refused: the
/// client then reads its 413 instead of a reset connection. Past this, the connection goes.
const DRAINED: usize = 8 << 20;
/// Entries in one upload.
const MAX_ENTRIES: usize = 1000;
/// A connection that sends nothing, or does not finish its TLS handshake, is closed.
const FIRST_BYTE: Duration = Duration::from_secs(5);
const HANDSHAKE: Duration = Duration::from_secs(5);
/// A request's headers must arrive within this; it is also how long a connection may stay
/// idle between requests (a desk's link keeps its connections warm well within it).
pub const HEADERS: Duration = Duration::from_secs(10);
/// A request, its body read and its answer decided (a stream's answer starts at once).
const REQUEST: Duration = Duration::from_secs(20);
/// Event streams one paired machine may hold at once.
const STREAMS_PER_MACHINE: usize = 4;

/// The request came over TLS (set by the connection, not by anything the client says).
#[derive(Clone, Copy)]
struct Secure(bool);

#[derive(Clone, Copy)]
struct Peer(IpAddr);

#[derive(Clone)]
struct Hub {
    kiosk: Arc<Kiosk>,
    changes: broadcast::Sender<Change>,
    limiter: Arc<Limiter>,
    screens: Arc<Screens>,
    machine_streams: Arc<Mutex<HashMap<i64, usize>>>,
    known: Arc<Known>,
}

/// The credentials this hub gave, as hashes, in memory: a made-up credential is told apart
/// with a hash and a set lookup, without the store's lock. Read again when a machine joins,
/// and at most once a second when an unknown one shows up (a machine that joined through
/// another process of the hub's folder).
struct Known {
    hashes: Mutex<(Option<std::time::Instant>, std::collections::HashSet<String>)>,
}

impl Known {
    fn new() -> Known {
        Known { hashes: Mutex::new((None, Default::default())) }
    }

    fn stale(&self) {
        self.hashes.lock().unwrap_or_else(|e| e.into_inner()).0 = None;
    }

    async fn holds(&self, kiosk: &Arc<Kiosk>, hash: &str) -> bool {
        let due = {
            let h = self.hashes.lock().unwrap_or_else(|e| e.into_inner());
            if h.1.contains(hash) {
                return true;
            }
            h.0.is_none_or(|t| t.elapsed() >= Duration::from_secs(1))
        };
        if !due {
            return false;
        }
        let Ok(fresh) = blocking(kiosk, |k| k.credential_hashes()).await else { return false };
        let mut h = self.hashes.lock().unwrap_or_else(|e| e.into_inner());
        *h = (Some(std::time::Instant::now()), fresh);
        h.1.contains(hash)
    }
}

/// An error as JSON, with the status a client can act on.
struct Failure(StatusCode, KioskError);

type Answer<T> = Result<Json<T>, Failure>;

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
            // The hub's own trouble (a full disk, a store busy past its limit, a task that
            // could not run): it cannot decide now, and says so; the desk decides alone.
            KioskError::Busy | KioskError::Database(_) | KioskError::Io { .. } | KioskError::Network { .. } => StatusCode::SERVICE_UNAVAILABLE,
            KioskError::AttendeeNotFound(_) | KioskError::InvalidField { .. } | KioskError::Categories(_) => StatusCode::UNPROCESSABLE_ENTITY,
            _ => StatusCode::INTERNAL_SERVER_ERROR,
        };
        Failure(status, e)
    }
}

fn refusal(status: StatusCode, why: &str) -> Failure {
    Failure(status, KioskError::Pairing(PairingError::Refused(why.to_string())))
}

fn refused(status: StatusCode, why: &str) -> Response {
    refusal(status, why).into_response()
}

fn too_many() -> Response {
    refused(StatusCode::TOO_MANY_REQUESTS, "trop de requêtes / too many requests")
}

/// Runs a kiosk call off the async threads (it takes a lock and may write SQLite).
async fn blocking<T: Send + 'static>(k: &Arc<Kiosk>, f: impl FnOnce(&Kiosk) -> Result<T, KioskError> + Send + 'static) -> Result<T, Failure> {
    let k = k.clone();
    tokio::task::spawn_blocking(move || f(&k)).await.map_err(|e| Failure::from(KioskError::network("tâche / task", e)))?.map_err(Failure::from)
}

async fn json_of<T: Send + 'static>(k: &Arc<Kiosk>, f: impl FnOnce(&Kiosk) -> Result<T, KioskError> + Send + 'static) -> Answer<T> {
    blocking(k, f).await.map(Json)
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

/// The paired routes: TLS only, and a known machine's credential. An address that showed
/// too many unknown credentials is refused before any is looked up again.
async fn paired(State(hub): State<Hub>, mut req: Request, next: Next) -> Response {
    if !req.extensions().get::<Secure>().is_some_and(|s| s.0) {
        return refused(StatusCode::FORBIDDEN, "TLS requis / TLS required");
    }
    let ip = req.extensions().get::<Peer>().map(|p| p.0.to_string()).unwrap_or_default();
    let credential = bearer(req.headers()).unwrap_or_default();
    let hash = bluehats_core::service::secret_hash(&credential);
    if credential.is_empty() || !hub.known.holds(&hub.kiosk, &hash).await {
        // Made up: refused without a lookup; past its budget, an address is told to slow
        // down (its machines' real credentials still pass).
        if !hub.limiter.allow(format!("bad {ip}"), limits::BAD_CREDENTIALS) {
            return too_many();
        }
        return Failure(StatusCode::UNAUTHORIZED, PairingError::UnknownMachine.into()).into_response();
    }
    let machine = match blocking(&hub.kiosk, move |k| k.machine(&credential)).await {
        Ok(m) => m,
        Err(f) => return f.into_response(),
    };
    if !hub.limiter.allow(format!("m{}", machine.id), limits::MACHINE) {
        return too_many();
    }
    if let Some(t) = req.extensions().get::<Arc<Ticket>>() {
        t.proven();
    }
    req.extensions_mut().insert(machine);
    next.run(req).await
}

fn bearer(h: &HeaderMap) -> Option<String> {
    h.get(header::AUTHORIZATION)?.to_str().ok()?.strip_prefix("Bearer ").map(|s| s.trim().to_string())
}

#[derive(Deserialize)]
struct PairRequest {
    token: String,
    name: String,
}

/// A machine joins: TLS only, with a budget of its own per address.
async fn pair(State(hub): State<Hub>, req: Request) -> Answer<Welcome> {
    if !req.extensions().get::<Secure>().is_some_and(|s| s.0) {
        return Err(refusal(StatusCode::FORBIDDEN, "TLS requis / TLS required"));
    }
    let ip = req.extensions().get::<Peer>().map(|p| p.0.to_string()).unwrap_or_default();
    if !hub.limiter.allow(format!("pair {ip}"), limits::PAIRING) {
        return Err(refusal(StatusCode::TOO_MANY_REQUESTS, "trop d'essais d'appairage : attendez dix secondes / too many pairing attempts: wait ten seconds"));
    }
    let bytes = axum::body::to_bytes(req.into_body(), 16 * 1024)
        .await
        .map_err(|_| refusal(StatusCode::PAYLOAD_TOO_LARGE, "requête trop grande / request too large"))?;
    let p: PairRequest = serde_json::from_slice(&bytes).map_err(|_| refusal(StatusCode::BAD_REQUEST, "requête d'appairage illisible / unreadable pairing request"))?;
    let welcome = json_of(&hub.kiosk, move |k| k.redeem(&p.token, &p.name)).await;
    // A new credential: read again at its first call.
    hub.known.stale();
    welcome
}

#[derive(Deserialize)]
struct Since {
    since: Option<i64>,
}

async fn entrance(State(hub): State<Hub>, axum::Extension(m): axum::Extension<Machine>, Query(q): Query<Since>) -> Answer<EntranceCopy> {
    let since = q.since.unwrap_or(0);
    json_of(&hub.kiosk, move |k| k.entrance_copy(&m, since)).await
}

async fn entries(State(hub): State<Hub>, axum::Extension(m): axum::Extension<Machine>, body: axum::body::Bytes) -> Answer<Vec<Applied>> {
    let list: Vec<Entry> = serde_json::from_slice(&body).map_err(|_| refusal(StatusCode::BAD_REQUEST, "entrées illisibles / unreadable entries"))?;
    if list.len() > MAX_ENTRIES {
        return Err(refusal(StatusCode::PAYLOAD_TOO_LARGE, "trop d'entrées / too many entries"));
    }
    json_of(&hub.kiosk, move |k| k.apply_entries(&m, &list)).await
}

/// A paired machine's link keeps its connection warm with this (and learns it still holds).
async fn ping(axum::Extension(m): axum::Extension<Machine>) -> Json<serde_json::Value> {
    Json(serde_json::json!({ "machine": m.id }))
}

/// A paired stream's place, per machine: given back when the stream ends.
struct MachineStream {
    counts: Arc<Mutex<HashMap<i64, usize>>>,
    id: i64,
}

impl Drop for MachineStream {
    fn drop(&mut self) {
        let mut c = self.counts.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(n) = c.get_mut(&self.id) {
            *n = n.saturating_sub(1);
        }
    }
}

/// A paired machine's pushes: "entrance" (a desk then asks what changed) and "signage".
async fn paired_events(State(hub): State<Hub>, axum::Extension(m): axum::Extension<Machine>) -> Result<Sse<impl Stream<Item = Result<Event, Infallible>>>, Failure> {
    let slot = {
        let mut c = hub.machine_streams.lock().unwrap_or_else(|e| e.into_inner());
        let n = c.entry(m.id).or_insert(0);
        if *n >= STREAMS_PER_MACHINE {
            return Err(refusal(StatusCode::TOO_MANY_REQUESTS, "trop de flux pour ce poste / too many streams for this machine"));
        }
        *n += 1;
        MachineStream { counts: hub.machine_streams.clone(), id: m.id }
    };
    let rx = hub.changes.subscribe();
    let desk = m.role == Role::Desk;
    let s = stream::unfold((rx, slot), move |(mut rx, slot)| async move {
        loop {
            match rx.recv().await {
                Ok(Change::Entrance) if desk => {
                    // A burst of scans is one push: the desk asks for all of it at once.
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    while rx.try_recv().is_ok() {}
                    return Some((Ok(Event::default().event("entrance").data("")), (rx, slot)));
                }
                Ok(Change::Signage) => return Some((Ok(Event::default().event("signage").data("")), (rx, slot))),
                Ok(_) | Err(broadcast::error::RecvError::Lagged(_)) => continue,
                Err(broadcast::error::RecvError::Closed) => return None,
            }
        }
    });
    Ok(Sse::new(s).keep_alive(KeepAlive::new().interval(Duration::from_secs(5))))
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

async fn public_screen(State(hub): State<Hub>, Query(q): Query<ScreenQuery>) -> Answer<ScreenModel> {
    json_of(&hub.kiosk, move |k| k.screen_model_for(q.position.as_deref(), q.view().as_ref(), k.now())).await
}

#[derive(Deserialize)]
struct PlanQuery {
    position: String,
}

async fn public_plan(State(hub): State<Hub>, Query(q): Query<PlanQuery>) -> Answer<Option<String>> {
    json_of(&hub.kiosk, move |k| k.plan_url(&q.position)).await
}

async fn public_logo(State(hub): State<Hub>) -> Answer<Option<String>> {
    json_of(&hub.kiosk, |k| k.logo_url()).await
}

/// A joined screen's model: where the organiser put it, else what it asks.
async fn paired_screen(State(hub): State<Hub>, axum::Extension(m): axum::Extension<Machine>, Query(q): Query<ScreenQuery>) -> Answer<ScreenModel> {
    json_of(&hub.kiosk, move |k| k.screen_model_of(&m, q.position.as_deref(), q.view().as_ref())).await
}

/// The prepared event (rooms, positions, plans, programme; never attendees) and the PIN's
/// hash, for a joined machine to keep its copy.
async fn paired_event(State(hub): State<Hub>) -> Answer<EventUpdate> {
    json_of(&hub.kiosk, |k| k.event_update()).await
}

#[derive(Deserialize)]
struct QrText {
    text: String,
}

async fn public_qr(State(hub): State<Hub>, Query(q): Query<QrText>) -> Answer<String> {
    if q.text.len() > 512 {
        return Err(refusal(StatusCode::PAYLOAD_TOO_LARGE, "texte trop long / text too long"));
    }
    json_of(&hub.kiosk, move |_| bluehats_core::ticket_files::qr_svg(&q.text)).await
}

/// The public signage's pushes: the screen whenever it changes (a staff action at once, the
/// clock's estimate when it moves), from the one feed of that screen (see `screens.rs`).
async fn public_events(State(hub): State<Hub>, axum::Extension(Peer(ip)): axum::Extension<Peer>, Query(q): Query<ScreenQuery>) -> Result<Sse<impl Stream<Item = Result<Event, Infallible>>>, Failure> {
    let first = blocking(&hub.kiosk, move |k| k.screen_model_for(q.position.as_deref(), q.view().as_ref(), k.now())).await?;
    let slot: StreamSlot = hub.screens.follow(ip, &first).ok_or_else(|| refusal(StatusCode::TOO_MANY_REQUESTS, "trop d'écrans suivis / too many screens followed"))?;
    let mut rx = slot.feed.receiver();
    let now: Arc<str> = rx.borrow_and_update().clone();
    let s = stream::unfold((rx, slot, Some(now)), |(mut rx, slot, first)| async move {
        if let Some(text) = first {
            return Some((Ok(Event::default().event("screen").data(&*text)), (rx, slot, None)));
        }
        rx.changed().await.ok()?;
        let text = rx.borrow_and_update().clone();
        Some((Ok(Event::default().event("screen").data(&*text)), (rx, slot, None)))
    });
    Ok(Sse::new(s).keep_alive(KeepAlive::new().interval(Duration::from_secs(5))))
}

fn router(hub: Hub) -> Router {
    let paired_routes = Router::new()
        .route("/api/entrance", get(entrance))
        .route("/api/entries", post(entries))
        .route("/api/events", get(paired_events))
        .route("/api/screen", get(paired_screen))
        .route("/api/event", get(paired_event))
        .route("/api/ping", get(ping))
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
        .fallback(get(page::asset));
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
    let caps = Caps::for_this_process();
    let identity = HubIdentity::load_or_make(&kiosk)?;
    let tls = tokio_rustls::TlsAcceptor::from(Arc::new(identity.server_config()?));
    let listening = |e: std::io::Error| KioskError::network(&format!("écoute sur / listening on {listen}"), e);
    let listener = tokio::net::TcpListener::bind(listen).await.map_err(listening)?;
    let addr = listener.local_addr().map_err(listening)?;
    on_ready(&Running { addr, fingerprint: identity.fingerprint() });

    let (tx, _) = broadcast::channel(1024);
    let relay = tx.clone();
    let changes = kiosk.subscribe();
    let watched = kiosk.clone();
    std::thread::Builder::new()
        .name("hub-changes".into())
        .spawn(move || {
            // Every 100 ms, also whether another process wrote (the organiser's CLI on the
            // hub's folder: a live action, an import, a machine removed): told like a change
            // made here.
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
        })
        .map_err(|e| KioskError::network("thread", e))?;
    let screens = Screens::new(kiosk.clone(), tx.clone());
    let hub = Hub { kiosk, changes: tx, limiter: Arc::new(Limiter::default()), screens, machine_streams: Arc::default(), known: Arc::new(Known::new()) };
    let app = router(hub.clone());
    let gate = Gate::new(caps);
    loop {
        let (tcp, peer) = match listener.accept().await {
            Ok(x) => x,
            Err(_) => {
                // Out of descriptors after all (another part of the process holds many):
                // wait a little rather than spin; the gate's caps make it rare.
                tokio::time::sleep(Duration::from_millis(20)).await;
                continue;
            }
        };
        // Turned away before any TLS work: too many from that address, too fast, or full.
        let Ok(ticket) = gate.admit(peer.ip()) else { continue };
        let _ = tcp.set_nodelay(true);
        let (app, tls, limiter) = (app.clone(), tls.clone(), hub.limiter.clone());
        tokio::spawn(async move {
            let conn = async {
                let mut first = [0u8; 1];
                match tokio::time::timeout(FIRST_BYTE, tcp.peek(&mut first)).await {
                    Ok(Ok(1)) => {}
                    _ => return,
                }
                // 0x16: a TLS handshake record.
                if first[0] == 0x16 {
                    let Ok(Ok(stream)) = tokio::time::timeout(HANDSHAKE, tls.accept(tcp)).await else { return };
                    serve_connection(stream, app, Secure(true), peer.ip(), ticket.clone(), limiter).await;
                } else {
                    serve_connection(tcp, app, Secure(false), peer.ip(), ticket.clone(), limiter).await;
                }
            };
            tokio::select! {
                _ = conn => {}
                _ = ticket.evicted.notified() => {}
            }
        });
    }
}

/// One connection: HTTP/1.1 with a header (and idle) time limit; each request counted
/// against its address's budget before it reaches any route, and limited in time.
async fn serve_connection<S>(io: S, app: Router, secure: Secure, peer: IpAddr, ticket: Arc<Ticket>, limiter: Arc<Limiter>)
where
    S: tokio::io::AsyncRead + tokio::io::AsyncWrite + Unpin + Send + 'static,
{
    let service = hyper::service::service_fn(move |mut req: hyper::Request<hyper::body::Incoming>| {
        ticket.spoke();
        let budget = if secure.0 { (format!("tls {peer}"), limits::TLS) } else { (format!("open {peer}"), limits::OPEN) };
        // Pairing has its own budget (a flood never stops a desk from joining).
        let within = req.uri().path() == "/api/pair" || limiter.allow(budget.0, budget.1);
        req.extensions_mut().insert(secure);
        req.extensions_mut().insert(Peer(peer));
        req.extensions_mut().insert(ticket.clone());
        let app = app.clone();
        async move {
            if !within {
                return Ok::<_, Infallible>(too_many());
            }
            let answer = tokio::time::timeout(REQUEST, tower::ServiceExt::oneshot(app, req.map(axum::body::Body::new))).await;
            Ok::<_, Infallible>(match answer {
                Ok(r) => r.unwrap_or_else(|e| match e {}),
                Err(_) => refused(StatusCode::REQUEST_TIMEOUT, "requête trop lente / request too slow"),
            })
        }
    });
    let _ = hyper::server::conn::http1::Builder::new()
        .timer(hyper_util::rt::TokioTimer::new())
        .header_read_timeout(HEADERS)
        .keep_alive(true)
        .serve_connection(hyper_util::rt::TokioIo::new(io), service)
        .await;
}
