//! The public signage's pushes, computed once per screen and shared by every stream that
//! shows it: however many browsers follow the hall's screen, the hub computes the hall's
//! model once when something changes (and once a second for the clock), not once per
//! stream. Streams are capped, in all and per address; a feed ends with its last stream.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, Weak};
use std::time::Duration;

use bluehats_core::service::{Change, Kiosk};
use bluehats_core::signage::{ScreenModel, View};
use tokio::sync::{broadcast, watch};

/// Public streams the hub serves at once, and from one address.
pub const MAX_STREAMS: usize = 512;
pub const MAX_STREAMS_PER_ADDRESS: usize = 32;

/// What makes two screens the same screen: where it stands and what it shows, as the hub
/// resolved them (a name and a key for the same position are one screen).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ScreenKey {
    pub position: Option<String>,
    pub view: String,
}

impl ScreenKey {
    pub fn of(model: &ScreenModel) -> ScreenKey {
        let view = match &model.view {
            View::Hall => "hall".to_string(),
            View::Room { room } => format!("room:{room}"),
        };
        ScreenKey { position: model.position.as_ref().map(|p| p.key.clone()), view }
    }

    fn view(&self) -> View {
        match self.view.strip_prefix("room:") {
            Some(room) => View::Room { room: room.to_string() },
            None => View::Hall,
        }
    }
}

/// One screen's model as JSON, kept current by one task while anyone follows it.
pub struct Feed {
    rx: watch::Receiver<Arc<str>>,
    task: tokio::task::AbortHandle,
}

impl Drop for Feed {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl Feed {
    pub fn receiver(&self) -> watch::Receiver<Arc<str>> {
        self.rx.clone()
    }
}

/// A stream's place: counted while it lives.
pub struct StreamSlot {
    screens: Arc<Screens>,
    addr: IpAddr,
    /// Holds the feed alive while this stream follows it.
    pub feed: Arc<Feed>,
}

impl Drop for StreamSlot {
    fn drop(&mut self) {
        self.screens.open.fetch_sub(1, Ordering::SeqCst);
        let mut by = self.screens.by_address.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(n) = by.get_mut(&self.addr) {
            *n = n.saturating_sub(1);
            if *n == 0 {
                by.remove(&self.addr);
            }
        }
    }
}

pub struct Screens {
    kiosk: Arc<Kiosk>,
    changes: broadcast::Sender<Change>,
    feeds: Mutex<HashMap<ScreenKey, Weak<Feed>>>,
    open: AtomicUsize,
    by_address: Mutex<HashMap<IpAddr, usize>>,
}

impl Screens {
    pub fn new(kiosk: Arc<Kiosk>, changes: broadcast::Sender<Change>) -> Arc<Screens> {
        Arc::new(Screens { kiosk, changes, feeds: Mutex::new(HashMap::new()), open: AtomicUsize::new(0), by_address: Mutex::new(HashMap::new()) })
    }

    /// Streams open now.
    pub fn streams(&self) -> usize {
        self.open.load(Ordering::SeqCst)
    }

    /// Feeds running now (one per screen followed).
    pub fn feeds(&self) -> usize {
        self.feeds.lock().unwrap_or_else(|e| e.into_inner()).values().filter(|w| w.strong_count() > 0).count()
    }

    /// A place for a new stream from `addr` following the screen `first` resolved to, or
    /// none when the caps are reached.
    pub fn follow(self: &Arc<Self>, addr: IpAddr, first: &ScreenModel) -> Option<StreamSlot> {
        {
            let mut by = self.by_address.lock().unwrap_or_else(|e| e.into_inner());
            let mine = by.entry(addr).or_insert(0);
            if *mine >= MAX_STREAMS_PER_ADDRESS || self.open.load(Ordering::SeqCst) >= MAX_STREAMS {
                return None;
            }
            *mine += 1;
            self.open.fetch_add(1, Ordering::SeqCst);
        }
        let feed = self.feed(ScreenKey::of(first), first);
        Some(StreamSlot { screens: self.clone(), addr, feed })
    }

    fn feed(self: &Arc<Self>, key: ScreenKey, first: &ScreenModel) -> Arc<Feed> {
        let mut feeds = self.feeds.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(f) = feeds.get(&key).and_then(Weak::upgrade) {
            return f;
        }
        feeds.retain(|_, w| w.strong_count() > 0);
        let text: Arc<str> = serde_json::to_string(first).unwrap_or_default().into();
        let (tx, rx) = watch::channel(text.clone());
        let task = tokio::spawn(keep_current(self.kiosk.clone(), self.changes.subscribe(), key.clone(), tx, text)).abort_handle();
        let feed = Arc::new(Feed { rx, task });
        feeds.insert(key, Arc::downgrade(&feed));
        feed
    }
}

/// One screen's feed: its model recomputed when the signage changes (sent even if equal, so
/// that screens repaint at once after a staff action) and every second for the clock (sent
/// only when it differs: once a minute).
async fn keep_current(kiosk: Arc<Kiosk>, mut changes: broadcast::Receiver<Change>, key: ScreenKey, tx: watch::Sender<Arc<str>>, mut last: Arc<str>) {
    let view = key.view();
    loop {
        let forced = match tokio::time::timeout(Duration::from_secs(1), changes.recv()).await {
            Ok(Ok(Change::Signage)) => true,
            Ok(Ok(Change::Entrance)) | Ok(Err(broadcast::error::RecvError::Lagged(_))) | Err(_) => false,
            Ok(Err(broadcast::error::RecvError::Closed)) => return,
        };
        let (k, position, v) = (kiosk.clone(), key.position.clone(), view.clone());
        let Ok(Ok(model)) = tokio::task::spawn_blocking(move || k.screen_model_for(position.as_deref(), Some(&v), k.now())).await else { continue };
        let text: Arc<str> = serde_json::to_string(&model).unwrap_or_default().into();
        if forced || text != last {
            last = text.clone();
            if tx.send(text).is_err() {
                return;
            }
        }
    }
}
