//! The venue network's face: the hub's HTTPS server (and its public signage page), and a
//! joined machine's link to it. The rules are the core's (`service::venue`); here is only
//! how they travel: TLS with a certificate pinned at pairing, JSON, server-sent events.

pub mod channel;
pub mod gate;
pub mod hub;
pub mod identity;
pub mod limits;
pub mod link;
mod page;
pub mod screens;

use bluehats_core::service::Kiosk;
use bluehats_core::venue::{Pairing, Role};
use bluehats_core::{KioskError, Result};

/// This machine's addresses on the LAN, to write in a pairing code (loopback last: it only
/// helps a desk on the same machine).
pub fn lan_addresses() -> Vec<String> {
    let mut v: Vec<(bool, String)> = if_addrs::get_if_addrs()
        .unwrap_or_default()
        .into_iter()
        .filter(|i| i.ip().is_ipv4())
        .map(|i| (i.is_loopback(), i.ip().to_string()))
        .collect();
    v.sort();
    v.into_iter().map(|(_, a)| a).collect()
}

/// A pairing code for this hub: its addresses (given, or this machine's), the port it
/// listens on, the fingerprint of its certificate.
pub fn pairing(k: &Kiosk, role: Role, addresses: &[String], port: Option<u16>, ttl: chrono::Duration) -> Result<Pairing> {
    let identity = identity::HubIdentity::load_or_make(k)?;
    let port = match port.or(k.hub_listen()?.map(|a| a.port())) {
        Some(p) => p,
        None => {
            return Err(KioskError::InvalidField {
                field: bluehats_core::bilingual::bi("port du poste central (lancez serve d'abord)", "hub port (run serve first)"),
                value: String::new(),
            })
        }
    };
    let addresses = if addresses.is_empty() { lan_addresses() } else { addresses.to_vec() };
    k.pair(role, addresses, port, &identity.fingerprint(), ttl)
}

/// A hub running inside the app (the organiser's machine): where it listens.
#[derive(Debug, Clone, serde::Serialize, ts_rs::TS)]
pub struct HubRunning {
    pub listen: String,
    pub fingerprint: String,
}

/// Starts this machine's hub on its own thread and runtime; returns once it listens.
pub fn start_hub(kiosk: std::sync::Arc<Kiosk>, listen: std::net::SocketAddr) -> Result<HubRunning> {
    let (tx, rx) = std::sync::mpsc::channel();
    let k = kiosk.clone();
    let err_tx = tx.clone();
    std::thread::Builder::new()
        .name("hub".into())
        .spawn(move || {
            let rt = match tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build() {
                Ok(rt) => rt,
                Err(e) => return drop(err_tx.send(Err(KioskError::network("tokio", e)))),
            };
            let ready = tx.clone();
            if let Err(e) = rt.block_on(hub::serve(kiosk, listen, move |r| {
                let _ = ready.send(Ok(HubRunning { listen: r.addr.to_string(), fingerprint: r.fingerprint.clone() }));
            })) {
                let _ = err_tx.send(Err(e));
            }
        })
        .map_err(|e| KioskError::network("thread", e))?;
    let running = rx.recv().map_err(|_| KioskError::network("hub", "arrêté avant d'écouter / stopped before listening"))??;
    if let Ok(addr) = running.listen.parse() {
        k.set_hub_listen(addr)?;
    }
    Ok(running)
}

/// The port a hub listens on unless told otherwise.
pub const DEFAULT_PORT: u16 = 8443;

/// What the organiser's screen shows of the venue network on the hub.
#[derive(Debug, Clone, serde::Serialize, ts_rs::TS)]
pub struct HubStatus {
    pub running: Option<HubRunning>,
    pub report: bluehats_core::venue::VenueReport,
}

/// A pairing code as the organiser's screen shows it: the QR to scan and its text.
#[derive(Debug, Clone, serde::Serialize, ts_rs::TS)]
pub struct PairingCode {
    pub pairing: Pairing,
    pub text: String,
    pub qr_svg: String,
}

pub fn pairing_code(k: &Kiosk, role: Role) -> Result<PairingCode> {
    let pairing = pairing(k, role, &[], None, bluehats_core::venue::PAIRING_TTL)?;
    let text = pairing.to_text();
    let qr_svg = bluehats_core::ticket_files::qr_svg(&text)?;
    Ok(PairingCode { pairing, text, qr_svg })
}
