//! The hub's side of the venue network: it pairs machines, applies the desks' entries once,
//! gives a desk what changed at the entrance and a screen what it shows, and places the
//! screens. How the bytes travel (HTTPS, a pinned certificate) is the shell's; what they
//! mean is decided here.

use chrono::{Duration, Utc};
use sha2::Digest;

use super::{Change, Kiosk};
use crate::error::{KioskError, Result};
use crate::settings::Setting;
use crate::signage::ScreenModel;
use crate::venue::{Applied, EntranceCopy, Entry, Machine, Pairing, PairingError, Role, VenueReport, Welcome};

/// What the hub keeps of a secret: its SHA-256, so that a copy of the store does not hold
/// working credentials or tokens.
pub fn secret_hash(secret: &str) -> String {
    data_encoding::HEXLOWER.encode(&sha2::Sha256::digest(secret.as_bytes()))
}

fn new_token() -> String {
    data_encoding::HEXLOWER.encode(&crate::ticket::new_secret()[..16])
}

impl Kiosk {
    /// A one-time pairing code for a new desk or screen (the organiser's screen shows it as
    /// a QR). Expiry uses the machine's real clock: a rehearsal at ×60 must not shorten it.
    pub fn pair(&self, role: Role, addresses: Vec<String>, port: u16, fingerprint: &str, ttl: Duration) -> Result<Pairing> {
        let token = new_token();
        let expires_at = Utc::now() + ttl;
        self.with_store(|s| s.add_pairing_token(&secret_hash(&token), role, expires_at))?;
        Ok(Pairing { role, token, addresses, port, fingerprint: fingerprint.to_string(), expires_at, event: self.event().name })
    }

    /// A machine spends its pairing token: it is given a credential of its own and what its
    /// role may hold (the event and programme; a desk then asks for the entrance).
    pub fn redeem(&self, token: &str, name: &str) -> Result<Welcome> {
        let credential = new_token() + &new_token();
        let name = crate::desk::name(name);
        let machine = self.with_store(|s| s.redeem_pairing(&secret_hash(token), &name, &secret_hash(&credential), Utc::now()))?;
        let event = self.with_store(|s| s.event_copy())?;
        Ok(Welcome { machine_id: machine.id, credential, name: machine.name, event })
    }

    /// The machine holding this credential; anyone else gets nothing.
    pub fn machine(&self, credential: &str) -> Result<Machine> {
        self.with_store(|s| s.machine_by_credential(&secret_hash(credential), Utc::now()))?.ok_or(PairingError::UnknownMachine.into())
    }

    /// A desk's entries, each applied once (see [`crate::Store::apply_entry`]).
    pub fn apply_entries(&self, machine: &Machine, entries: &[Entry]) -> Result<Vec<Applied>> {
        if machine.role != Role::Desk {
            return Err(PairingError::Refused("un écran ne fait pas entrer / a screen admits nobody".into()).into());
        }
        let now = self.now();
        let out = entries.iter().map(|e| self.with_store(|s| s.apply_entry(machine, e, now))).collect::<Result<Vec<_>>>()?;
        self.changed(Change::Entrance);
        Ok(out)
    }

    /// What changed at the entrance since a desk's cursor.
    pub fn entrance_copy(&self, machine: &Machine, since: i64) -> Result<EntranceCopy> {
        if machine.role != Role::Desk {
            return Err(PairingError::Refused("un écran ne reçoit aucune donnée personnelle / a screen gets no personal data".into()).into());
        }
        self.with_store(|s| s.entrance_copy(since))
    }

    /// The hub's TLS certificate and private key (DER), made by `make` the first time and
    /// kept with the event: the fingerprint that pairing QRs pin does not change on restart.
    pub fn hub_identity(&self, make: impl FnOnce() -> Result<(Vec<u8>, Vec<u8>)>) -> Result<(Vec<u8>, Vec<u8>)> {
        let hex = &data_encoding::HEXLOWER;
        let stored = self.with_store(|s| Ok((s.setting(Setting::HubCertificate)?, s.setting(Setting::HubKey)?)))?;
        if let (Some(c), Some(k)) = stored {
            if let (Ok(c), Ok(k)) = (hex.decode(c.as_bytes()), hex.decode(k.as_bytes())) {
                return Ok((c, k));
            }
        }
        let (cert, key) = make()?;
        self.with_store(|s| {
            s.set_setting(Setting::HubCertificate, &hex.encode(&cert))?;
            s.set_setting(Setting::HubKey, &hex.encode(&key))
        })?;
        Ok((cert, key))
    }

    /// Where this hub listens (kept for the pairing codes made later, from any face).
    pub fn set_hub_listen(&self, addr: std::net::SocketAddr) -> Result<()> {
        self.with_store(|s| s.set_setting(Setting::HubListen, &addr.to_string()))
    }

    pub fn hub_listen(&self) -> Result<Option<std::net::SocketAddr>> {
        Ok(self.with_store(|s| s.setting(Setting::HubListen))?.and_then(|a| a.parse().ok()))
    }

    /// The machines that joined and the conflicts of any split (organiser, `stats`).
    pub fn venue_report(&self) -> Result<VenueReport> {
        self.with_store(|s| Ok(VenueReport { machines: s.machines()?, conflicts: s.conflicts()? }))
    }

    /// The prepared event a joined machine keeps a copy of (never attendees).
    pub fn event_copy(&self) -> Result<crate::venue::EventCopy> {
        self.with_store(|s| s.event_copy())
    }

    /// On the hub: puts a screen that joined at a position, showing a room or the hall
    /// (`machine`: its name or number). It takes them at its next contact.
    pub fn assign_screen(&self, machine: &str, position: Option<&str>, view: Option<&crate::signage::View>) -> Result<Machine> {
        let m = self.with_store(|s| {
            let all = s.machines()?;
            let m = all
                .iter()
                .find(|m| m.role == Role::Screen && (m.id.to_string() == machine.trim() || crate::venue_map::same_name(&m.name, machine)))
                .cloned()
                .ok_or_else(|| KioskError::InvalidField {
                    field: crate::bilingual::bi("écran relié (nom ou numéro)", "joined screen (name or number)"),
                    value: machine.to_string(),
                })?;
            let key = match position {
                Some(p) => Some(crate::venue_map::find_position(&s.positions()?, p)?.key.clone()),
                None => m.screen_position.clone(),
            };
            let view = match view {
                Some(crate::signage::View::Room { room }) => Some(s.room(room)?.name),
                Some(crate::signage::View::Hall) => Some("hall".to_string()),
                None => m.screen_view.clone(),
            };
            s.set_machine_screen(m.id, key.as_deref(), view.as_deref())?;
            Ok(Machine { screen_position: key, screen_view: view, ..m })
        })?;
        self.changed(Change::Signage);
        Ok(m)
    }

    /// What a joined screen shows: where the hub's organiser put it, else what it asks.
    pub fn screen_model_of(&self, m: &Machine, position: Option<&str>, view: Option<&crate::signage::View>) -> Result<ScreenModel> {
        let assigned = m.screen_view.as_deref().map(crate::signage::View::parse);
        self.screen_model_for(m.screen_position.as_deref().or(position), assigned.as_ref().or(view), self.now())
    }
}

impl From<KioskError> for PairingError {
    /// A hub's own failure, as a desk's link reports it.
    fn from(e: KioskError) -> Self {
        match e {
            KioskError::Pairing(p) => p,
            other => PairingError::Refused(other.to_string()),
        }
    }
}

