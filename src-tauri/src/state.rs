//! What the app holds while it runs: the kiosk (the service layer over the store, the venue
//! clock and this desk's name) and a way to send an event to every window.

use std::sync::{Arc, Mutex, OnceLock};

use bluehats_core::service::Kiosk;

type Emitter = Box<dyn Fn(&str, serde_json::Value) + Send + Sync>;

pub struct AppState {
    /// Shared with the venue network's threads (the hub's server, a desk's follower).
    pub kiosk: Arc<Kiosk>,
    /// Set once the app is built: sends an event to every window.
    emitter: OnceLock<Emitter>,
    /// This machine's hub, once started (the organiser's machine).
    pub hub: Mutex<Option<crate::venue::HubRunning>>,
    /// The desk's camera reader (it takes its rescues in turn, frame after frame).
    pub camera: Mutex<bluehats_core::qr_reader::FrameReader>,
    /// The desk's sounds (a thread of their own, started at the first).
    pub speaker: crate::sounds::Speaker,
}

impl AppState {
    pub fn new(kiosk: Kiosk) -> Self {
        AppState::shared(Arc::new(kiosk))
    }

    pub fn shared(kiosk: Arc<Kiosk>) -> Self {
        AppState { kiosk, emitter: OnceLock::new(), hub: Mutex::new(None), camera: Mutex::default(), speaker: Default::default() }
    }

    /// Makes this machine the hub (once; later calls say where it already listens).
    pub fn start_hub(&self, listen: std::net::SocketAddr) -> bluehats_core::Result<crate::venue::HubRunning> {
        let mut hub = self.hub.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(h) = hub.as_ref() {
            return Ok(h.clone());
        }
        let running = crate::venue::start_hub(self.kiosk.clone(), listen)?;
        *hub = Some(running.clone());
        Ok(running)
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
