//! A joined machine's link to its hub: HTTPS to the pinned certificate, the machine's
//! credential on every request, and a short timeout (a volunteer must not wait at the door:
//! past it the desk decides alone). A background follower listens to the hub's pushes,
//! keeps the desk's copy current, and uploads what waits as soon as the hub answers again.

use std::sync::atomic::Ordering;
use std::sync::{mpsc, Arc};
use std::time::Duration;

use bluehats_core::service::{HubLink, Kiosk};
use bluehats_core::service::ScreenSetting;
use bluehats_core::signage::{ScreenModel, View};
use bluehats_core::venue::{Applied, EntranceCopy, Entry, EventUpdate, Link, Pairing, PairingError, Role, Welcome};
use bluehats_core::{KioskError, Result};
use futures_util::StreamExt;
use serde::de::DeserializeOwned;

use super::channel::{Channel, CONNECT};
use super::identity::Pinned;

/// How long a desk waits for the hub's verdict before deciding alone. Measured over
/// loopback TLS, the hub answers in about a millisecond (README); a LAN adds a few. Long
/// enough for a busy Wi-Fi, short enough not to be noticed at the door.
pub const HUB_TIMEOUT: Duration = Duration::from_millis(800);
/// How long joining keeps trying a hub that does not answer.
pub const JOIN_PATIENCE: Duration = Duration::from_secs(10);
/// How often a desk cut off from the hub tries again.
pub const RETRY_EVERY: Duration = Duration::from_secs(2);

/// The HTTPS side of [`HubLink`]. Its requests run on a small runtime of the links' own, so
/// that it can be called from any thread (a Tauri command, the CLI) and waited for there.
pub struct HttpsLink {
    base: Vec<String>,
    credential: Option<String>,
    client: reqwest::Client,
    pinned: Arc<Pinned>,
    rt: &'static tokio::runtime::Runtime,
    /// The scans' own connections, kept warm (a joined machine's link only).
    channel: Option<Arc<Channel>>,
}

/// One runtime for every link of the process, never dropped (a runtime may not be dropped
/// from inside another one, as a Tauri command is).
fn runtime() -> Result<&'static tokio::runtime::Runtime> {
    static RT: std::sync::OnceLock<tokio::runtime::Runtime> = std::sync::OnceLock::new();
    if let Some(rt) = RT.get() {
        return Ok(rt);
    }
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .thread_name("hub-link")
        .enable_all()
        .build()
        .map_err(|e| KioskError::network("tokio", e))?;
    Ok(RT.get_or_init(|| rt))
}

fn unreachable(e: impl std::fmt::Display) -> PairingError {
    PairingError::Unreachable(e.to_string())
}

impl HttpsLink {
    pub fn new(addresses: &[String], port: u16, fingerprint: &str, credential: Option<String>) -> Result<HttpsLink> {
        let pinned = Pinned::new(fingerprint);
        let client = reqwest::Client::builder()
            .tls_backend_preconfigured(pinned.client_config()?)
            .no_proxy()
            .http1_only()
            .tcp_nodelay(true)
            .connect_timeout(HUB_TIMEOUT)
            .pool_max_idle_per_host(4)
            .pool_idle_timeout(Duration::from_secs(20))
            .build()
            .map_err(|e| KioskError::Tls(format!("HTTPS: {e}")))?;
        let rt = runtime()?;
        let base = addresses
            .iter()
            .map(|a| if a.contains(':') && !a.starts_with('[') { format!("https://[{a}]:{port}") } else { format!("https://{a}:{port}") })
            .collect();
        let channel = match &credential {
            Some(c) => Some(Channel::new(addresses, port, &pinned, c)?),
            None => None,
        };
        Ok(HttpsLink { base, credential, client, pinned, rt, channel })
    }

    pub fn for_link(link: &Link) -> Result<HttpsLink> {
        HttpsLink::new(&link.addresses, link.port, &link.fingerprint, Some(link.credential.clone()))
    }

    /// Runs a request on the link's runtime and waits for it (at most `timeout`).
    fn call<T: DeserializeOwned + Send + 'static>(
        &self,
        timeout: Duration,
        build: impl Fn(&reqwest::Client, &str) -> reqwest::RequestBuilder,
    ) -> std::result::Result<T, PairingError> {
        let mut last = PairingError::Unreachable("aucune adresse / no address".into());
        let start = std::time::Instant::now();
        // Each address in turn; on one, a second try on a fresh connection when the first
        // failed fast (a pooled connection the hub closed when it restarted): the entry's key
        // makes the retry safe, and the whole stays within `timeout`.
        let tries = self.base.iter().flat_map(|b| [b, b]);
        for (i, base) in tries.enumerate() {
            let left = timeout.saturating_sub(start.elapsed());
            if i % 2 == 1 && (matches!(last, PairingError::Unreachable(ref m) if m.starts_with("délai")) || left < timeout / 4) {
                continue;
            }
            if left.is_zero() {
                break;
            }
            let mut req = build(&self.client, base).timeout(left);
            if let Some(c) = &self.credential {
                req = req.bearer_auth(c);
            }
            let (tx, rx) = mpsc::channel();
            self.rt.spawn(async move {
                let out = async {
                    let fail = |e: reqwest::Error| if e.is_timeout() { "délai dépassé / timed out".to_string() } else { e.to_string() };
                    let resp = req.send().await.map_err(fail)?;
                    let status = resp.status();
                    let bytes = resp.bytes().await.map_err(fail)?;
                    Ok::<_, String>((status, bytes))
                }
                .await;
                let _ = tx.send(out);
            });
            let outcome = rx.recv_timeout(left + Duration::from_millis(100)).unwrap_or(Err("délai dépassé / timed out".into()));
            match outcome {
                Ok((status, bytes)) => return answer(status.as_u16(), &bytes),
                Err(_) if self.pinned.mismatch.load(Ordering::SeqCst) => return Err(PairingError::WrongFingerprint),
                Err(e) => last = unreachable(e),
            }
        }
        Err(last)
    }

    /// Spends a pairing token: the hub answers with this machine's credential and the event.
    /// Patient (nobody waits at a door): a hub that turns connections away for a moment (a
    /// flood from this address) or a Wi-Fi that drops one is tried again for a while.
    pub fn redeem(&self, token: &str, name: &str) -> std::result::Result<Welcome, PairingError> {
        let body = serde_json::json!({ "token": token, "name": name });
        let start = std::time::Instant::now();
        loop {
            match self.call(Duration::from_secs(10), |c, b| c.post(format!("{b}/api/pair")).json(&body)) {
                Err(PairingError::Unreachable(_)) if start.elapsed() < JOIN_PATIENCE => std::thread::sleep(Duration::from_millis(300)),
                other => return other,
            }
        }
    }

    /// Follows the hub's pushes until the stream ends (the hub went away): calls `on_push`
    /// for each. Returns when the stream closes or cannot be opened.
    pub fn follow(&self, on_push: &(dyn Fn(&str) + Sync)) -> std::result::Result<(), PairingError> {
        let base = self.base.first().cloned().ok_or_else(|| unreachable("aucune adresse / no address"))?;
        let mut req = self.client.get(format!("{base}/api/events"));
        if let Some(c) = &self.credential {
            req = req.bearer_auth(c);
        }
        let (tx, rx) = mpsc::channel::<Option<String>>();
        let (refused_tx, refused_rx) = mpsc::channel::<PairingError>();
        let task = self.rt.spawn(async move {
            let resp = match req.send().await {
                Ok(r) if r.status().is_success() => r,
                Ok(r) => {
                    // The hub heard and said no: why (removed, expired, purged) matters.
                    let status = r.status().as_u16();
                    let bytes = r.bytes().await.unwrap_or_default();
                    if let Err(e) = answer::<serde_json::Value>(status, &bytes) {
                        let _ = refused_tx.send(e);
                    }
                    let _ = tx.send(None);
                    return;
                }
                Err(_) => {
                    let _ = tx.send(None);
                    return;
                }
            };
            let _ = tx.send(Some(String::new()));
            let mut stream = resp.bytes_stream();
            let mut buf = String::new();
            // Keep-alives come every 5 s: silence for three of them is a dead hub.
            while let Ok(Some(Ok(chunk))) = tokio::time::timeout(Duration::from_secs(15), stream.next()).await {
                buf.push_str(&String::from_utf8_lossy(&chunk));
                while let Some(end) = buf.find("\n\n") {
                    let frame: String = buf.drain(..end + 2).collect();
                    if let Some(ev) = frame.lines().find_map(|l| l.strip_prefix("event:")) {
                        if tx.send(Some(ev.trim().to_string())).is_err() {
                            return;
                        }
                    }
                }
            }
        });
        let first = rx.recv_timeout(Duration::from_secs(5)).ok().flatten();
        if first.is_none() {
            task.abort();
            return Err(refused_rx.try_recv().unwrap_or_else(|_| unreachable("flux d'événements / event stream")));
        }
        on_push("connected");
        while let Ok(Some(ev)) = rx.recv() {
            on_push(&ev);
        }
        task.abort();
        Ok(())
    }
}

impl HubLink for HttpsLink {
    /// Keeps the scans' connections open and warm from now on.
    fn keep_warm(&self) {
        if let Some(c) = &self.channel {
            self.rt.spawn(c.clone().keep_warm());
        }
    }

    /// A scan's entry, on a warm connection: [`HUB_TIMEOUT`] from the moment it is sent (a
    /// connection opened for it, when none was ready, has its own limit).
    fn send(&self, e: &Entry) -> std::result::Result<Applied, PairingError> {
        let body = serde_json::to_vec(&vec![e.clone()]).expect("entries serialise");
        let Some(channel) = self.channel.clone() else { return Err(PairingError::NotJoined) };
        let (tx, rx) = mpsc::channel();
        self.rt.spawn(async move {
            let _ = tx.send(channel.request(hyper::Method::POST, "/api/entries", body, HUB_TIMEOUT).await);
        });
        let waited = rx.recv_timeout(CONNECT + HUB_TIMEOUT + Duration::from_millis(200));
        let (status, bytes) = match waited {
            Ok(Ok(answered)) => answered,
            Err(_) | Ok(Err(_)) if self.pinned.mismatch.load(Ordering::SeqCst) => return Err(PairingError::WrongFingerprint),
            Ok(Err(e)) => return Err(unreachable(e)),
            Err(_) => return Err(unreachable("délai dépassé / timed out")),
        };
        let mut v: Vec<Applied> = answer(status, &bytes)?;
        v.pop().ok_or_else(|| PairingError::Refused("réponse vide / empty answer".into()))
    }

    fn upload(&self, entries: &[Entry]) -> std::result::Result<Vec<Applied>, PairingError> {
        let body = entries.to_vec();
        self.call(Duration::from_secs(20), |c, b| c.post(format!("{b}/api/entries")).json(&body))
    }

    fn entrance(&self, since: i64) -> std::result::Result<EntranceCopy, PairingError> {
        self.call(Duration::from_secs(20), |c, b| c.get(format!("{b}/api/entrance?since={since}")))
    }
}

impl HttpsLink {
    /// What the hub says this screen shows (where the organiser put it, else where this
    /// machine says it stands): public data, over the pinned link.
    pub fn screen(&self, mine: &ScreenSetting) -> std::result::Result<ScreenModel, PairingError> {
        let mut query: Vec<(&str, String)> = Vec::new();
        if let Some(p) = &mine.position {
            query.push(("position", p.clone()));
        }
        match &mine.view {
            Some(View::Room { room }) => query.push(("room", room.clone())),
            Some(View::Hall) => query.push(("view", "hall".into())),
            None => {}
        }
        let query: Vec<String> = query.iter().map(|(k, v)| format!("{k}={}", percent(v))).collect();
        let path = format!("/api/screen?{}", query.join("&"));
        self.call(HUB_TIMEOUT, |c, b| c.get(format!("{b}{path}")))
    }

    /// The hub's prepared event (rooms, positions, plans, programme) and the event's PIN
    /// hash, to keep a copy.
    pub fn event(&self) -> std::result::Result<EventUpdate, PairingError> {
        self.call(Duration::from_secs(20), |c, b| c.get(format!("{b}/api/event")))
    }
}

/// What the hub's answer means: the value asked for, or what went wrong, in its words.
fn answer<T: DeserializeOwned>(status: u16, bytes: &[u8]) -> std::result::Result<T, PairingError> {
    if (200..300).contains(&status) {
        return serde_json::from_slice(bytes).map_err(|e| PairingError::Refused(format!("réponse illisible / unreadable answer: {e}")));
    }
    let msg = serde_json::from_slice::<serde_json::Value>(bytes)
        .ok()
        .and_then(|v| Some((v.get("code")?.as_str()?.to_string(), v.get("message")?.as_str()?.to_string())));
    Err(match (status, msg) {
        (_, Some((code, _))) if PairingError::from_code(&code).is_some() => PairingError::from_code(&code).expect("checked"),
        // Overloaded, busy or unable to write: as good as unreachable, the desk decides alone.
        (408 | 429 | 503, _) => PairingError::Unreachable(format!("HTTP {status}")),
        (_, Some((_, m))) => PairingError::Refused(m),
        _ => PairingError::Refused(format!("HTTP {status}")),
    })
}

/// A query value as an address carries it (RFC 3986: unreserved characters as they are).
fn percent(v: &str) -> String {
    v.bytes()
        .map(|b| if b.is_ascii_alphanumeric() || b"-._~".contains(&b) { (b as char).to_string() } else { format!("%{b:02X}") })
        .collect()
}

/// Joins the hub a pairing text names, on this (blank) store: redeems the token over the
/// pinned certificate, adopts the event, and, for a desk, takes the first copy.
pub fn join(kiosk: &Kiosk, text: &str, name: &str) -> Result<Link> {
    let pairing = Pairing::parse(text)?;
    if chrono::Utc::now() > pairing.expires_at {
        return Err(PairingError::Expired.into());
    }
    // Said before the token is spent: a folder that holds an event cannot join.
    kiosk.ready_to_join()?;
    let fresh = HttpsLink::new(&pairing.addresses, pairing.port, &pairing.fingerprint, None)?;
    let welcome = fresh.redeem(&pairing.token, name)?;
    let link = kiosk.join(&welcome, &pairing)?;
    attach(kiosk, &link)?;
    // The first call with the new credential tells the hub the join succeeded (until then
    // the same QR may be used again): a desk takes its copy, a screen its event.
    match link.role {
        Role::Desk => {
            // As patient as the token's redeem (nobody waits at a door during a join): a hub
            // still turning this address's connections away after a flood, or busy, is asked
            // again for a while; anything else the hub says is said at once.
            let start = std::time::Instant::now();
            loop {
                match kiosk.refresh_copy() {
                    Err(KioskError::Pairing(PairingError::Unreachable(_))) if start.elapsed() < JOIN_PATIENCE => std::thread::sleep(Duration::from_millis(300)),
                    other => {
                        other?;
                        break;
                    }
                }
            }
        }
        Role::Screen => {
            let update = HttpsLink::for_link(&link)?.event().map_err(|e| kiosk.heard(e))?;
            kiosk.take_event(update)?;
        }
    }
    Ok(link)
}

/// Sends this machine's entries through its hub from now on (if it joined one).
pub fn attach(kiosk: &Kiosk, link: &Link) -> Result<Arc<HttpsLink>> {
    let l = Arc::new(HttpsLink::for_link(link)?);
    kiosk.attach(l.clone());
    Ok(l)
}

/// Keeps a joined desk current for as long as the app runs: follows the hub's pushes,
/// refreshes the copy, and while the hub is away retries every [`RETRY_EVERY`], uploading
/// what waits as soon as it answers.
pub fn spawn_follower(kiosk: Arc<Kiosk>, link: Link) {
    kiosk.keep_link_warm();
    let uploader = kiosk.clone();
    std::thread::Builder::new()
        .name("hub-follower".into())
        .spawn(move || {
            let Ok(follower) = HttpsLink::for_link(&link) else { return };
            loop {
                let k = kiosk.clone();
                if let Err(e) = follower.follow(&move |ev| match ev {
                    "connected" => {
                        let _ = k.sync();
                    }
                    "entrance" => {
                        let _ = k.refresh_copy();
                    }
                    _ => {}
                }) {
                    // Removed, expired, purged: said and done at this contact; the follower
                    // then has nothing left to follow.
                    if kiosk.heard(e).ends_the_link() {
                        return;
                    }
                }
                // The stream ended or never opened: the hub is away. Uploads wait for it.
                std::thread::sleep(RETRY_EVERY);
            }
        })
        .expect("thread starts");
    // Apart from the stream (which may well survive a partition, its held bytes delivered
    // when it heals): while anything waits or the desk decides alone, it tries again.
    let k = uploader;
    std::thread::Builder::new()
        .name("hub-uploader".into())
        .spawn(move || loop {
            std::thread::sleep(RETRY_EVERY);
            match k.link_status() {
                Ok(s) if s.ended.is_some() => return,
                Ok(s) if s.waiting > 0 || !s.online => {
                    let _ = k.sync();
                }
                _ => {}
            }
        })
        .expect("thread starts");
}

/// Keeps a joined screen on the hub's word: its screen every second and at once on a push.
/// When the hub is away the screen falls back to its own estimate (see `Kiosk::relay`).
pub fn spawn_screen_follower(kiosk: Arc<Kiosk>, link: Link) {
    std::thread::Builder::new()
        .name("hub-screen".into())
        .spawn(move || {
            let Ok(poller) = HttpsLink::for_link(&link) else { return };
            let Ok(pusher) = HttpsLink::for_link(&link) else { return };
            let (tx, rx) = mpsc::channel::<()>();
            std::thread::spawn(move || loop {
                let tx = tx.clone();
                let _ = pusher.follow(&move |_| {
                    let _ = tx.send(());
                });
                std::thread::sleep(RETRY_EVERY);
            });
            // The prepared event first, then again whenever the hub says the signage changed
            // (a new programme, a new plan): the screen's own copy is what it falls back on.
            let mut copy_due = true;
            loop {
                if copy_due {
                    copy_due = poller.event().map_err(|e| kiosk.heard(e)).map(|p| kiosk.take_event(p)).is_err();
                }
                let mine = kiosk.event_info().map(|i| i.screen).unwrap_or(ScreenSetting { position: None, view: None });
                if let Ok(model) = poller.screen(&mine).map_err(|e| kiosk.heard(e)) {
                    // Where the hub's organiser put this screen becomes its own setting too.
                    let (position, view) = (model.position.as_ref().map(|p| p.key.clone()), model.view.clone());
                    if position != mine.position || Some(&view) != mine.view.as_ref() {
                        let _ = kiosk.set_screen(position.as_deref(), Some(&view));
                    }
                    kiosk.relay(model);
                }
                if rx.recv_timeout(Duration::from_secs(1)).is_ok() {
                    copy_due = true;
                }
            }
        })
        .expect("thread starts");
}

/// Starts what a joined machine needs in the app: its entries through the hub, and the
/// follower of its role.
pub fn start(kiosk: &Arc<Kiosk>) -> Result<Option<Link>> {
    let Some(link) = kiosk.link()? else { return Ok(None) };
    attach(kiosk, &link)?;
    match link.role {
        Role::Desk => spawn_follower(kiosk.clone(), link.clone()),
        Role::Screen => spawn_screen_follower(kiosk.clone(), link.clone()),
    }
    Ok(Some(link))
}
