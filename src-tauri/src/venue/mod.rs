//! The venue network's face: the hub's HTTPS server (and its public signage page), and a
//! joined machine's link to it. The rules are the core's (`service::venue`); here is only
//! how they travel: TLS with a certificate pinned at pairing, JSON, server-sent events.

pub mod hub;
pub mod identity;
pub mod link;
mod page;

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
