//! What the app holds while it runs: the kiosk (the service layer over the store, the venue
//! clock and this desk's name) and a way to send an event to every window.

use std::sync::OnceLock;

use bluehats_core::service::Kiosk;

type Emitter = Box<dyn Fn(&str, serde_json::Value) + Send + Sync>;

pub struct AppState {
    pub kiosk: Kiosk,
    /// Set once the app is built: sends an event to every window.
    emitter: OnceLock<Emitter>,
}

impl AppState {
    pub fn new(kiosk: Kiosk) -> Self {
        AppState { kiosk, emitter: OnceLock::new() }
    }

    pub fn set_emitter(&self, f: Emitter) {
        let _ = self.emitter.set(f);
    }

    pub fn emit(&self, event: &str, payload: impl serde::Serialize) {
        if let (Some(f), Ok(v)) = (self.emitter.get(), serde_json::to_value(payload)) {
            f(event, v);
        }
    }
}

impl std::ops::Deref for AppState {
    type Target = Kiosk;
    fn deref(&self) -> &Kiosk {
        &self.kiosk
    }
}
