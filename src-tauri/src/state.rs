//! What the app holds while it runs: the store, the venue clock, this machine's desk name,
//! and a way to tell every window that something changed.

use std::sync::{mpsc, Mutex, OnceLock};

use bluehats_core::clock::VenueClock;
use bluehats_core::Store;
use chrono::{DateTime, Utc};

type Emitter = Box<dyn Fn(&str, serde_json::Value) + Send + Sync>;

pub struct AppState {
    pub store: Mutex<Store>,
    pub clock: Mutex<VenueClock>,
    pub desk: Mutex<String>,
    /// Wakes the signage pusher at once after a staff action.
    changed: Mutex<mpsc::Sender<()>>,
    pub changes: Mutex<Option<mpsc::Receiver<()>>>,
    /// Set once the app is built: sends an event to every window.
    emitter: OnceLock<Emitter>,
}

impl AppState {
    pub fn new(store: Store, clock: VenueClock, desk: String) -> Self {
        let (tx, rx) = mpsc::channel();
        AppState {
            store: Mutex::new(store),
            clock: Mutex::new(clock),
            desk: Mutex::new(desk),
            changed: Mutex::new(tx),
            changes: Mutex::new(Some(rx)),
            emitter: OnceLock::new(),
        }
    }

    pub fn now(&self) -> DateTime<Utc> {
        self.clock.lock().expect("clock lock").now()
    }

    pub fn notify(&self) {
        let _ = self.changed.lock().expect("notify lock").send(());
    }

    pub fn set_emitter(&self, f: Emitter) {
        let _ = self.emitter.set(f);
    }

    pub fn emit(&self, event: &str, payload: serde_json::Value) {
        if let Some(f) = self.emitter.get() {
            f(event, payload);
        }
    }
}
