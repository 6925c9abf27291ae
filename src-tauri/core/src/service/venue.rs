//! The venue network's rules, for every face: a hub pairs machines and applies the desks'
//! entries once; a desk asks the hub first, decides alone when the hub is out of reach,
//! logs every entry and uploads what waits. How the bytes travel (HTTPS, a pinned
//! certificate) is the shell's [`HubLink`]; what they mean is decided here.

use std::sync::Arc;

use chrono::{DateTime, Duration, Utc};
use sha2::Digest;

use super::{lock, Change, Kiosk};
use crate::attendee::{Attendee, NewAttendee, Source};
use crate::error::{KioskError, Result};
use crate::settings::Setting;
use crate::venue::{
    Action, Applied, EntranceCopy, Entry, Link, LinkStatus, Machine, Pairing, PairingError, Role, SyncReport, VenueReport, Welcome,
};
use crate::signage::ScreenModel;
use crate::verdict::ScanOutcome;

/// How many entries one upload carries.
pub const UPLOAD_BATCH: usize = 200;

/// The desk's side of the wire: implemented by the shell over HTTPS, by tests in memory.
/// Each call answers within the link's timeout or fails with [`PairingError::Unreachable`].
pub trait HubLink: Send + Sync {
    /// One entry, decided by the hub now.
    fn send(&self, e: &Entry) -> std::result::Result<Applied, PairingError>;
    /// Entries decided alone, uploaded in order.
    fn upload(&self, entries: &[Entry]) -> std::result::Result<Vec<Applied>, PairingError>;
    /// What changed at the entrance since `since`.
    fn entrance(&self, since: i64) -> std::result::Result<EntranceCopy, PairingError>;
}

/// Whether the hub answered lately.
#[derive(Debug, Default)]
pub(super) struct LinkState {
    hub: Option<Arc<dyn HubLink>>,
    /// The last call failed: new entries are decided alone at once (no timeout to wait at
    /// the door) until a background sync gets through.
    offline: bool,
    last_contact: Option<DateTime<Utc>>,
    /// On a screen that joined a hub: the hub's screen model, and when it came.
    relayed: Option<(ScreenModel, std::time::Instant)>,
}

/// How long a screen shows the hub's last word before falling back to its own estimate
/// (from the programme copy and the clock): the hub is away, the day goes on.
pub const RELAY_FRESH: std::time::Duration = std::time::Duration::from_secs(15);

impl std::fmt::Debug for dyn HubLink {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("HubLink")
    }
}

/// What the hub keeps of a secret: its SHA-256, so that a copy of the store does not hold
/// working credentials or tokens.
pub fn secret_hash(secret: &str) -> String {
    data_encoding::HEXLOWER.encode(&sha2::Sha256::digest(secret.as_bytes()))
}

fn new_token() -> String {
    data_encoding::HEXLOWER.encode(&crate::ticket::new_secret()[..16])
}

impl Kiosk {
    // ---- The hub ----

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

    // ---- A machine that joined ----

    /// Adopts the hub's event on a blank store and keeps the link.
    pub fn join(&self, welcome: &Welcome, pairing: &Pairing) -> Result<Link> {
        let link = Link {
            role: pairing.role,
            addresses: pairing.addresses.clone(),
            port: pairing.port,
            fingerprint: pairing.fingerprint.clone(),
            credential: welcome.credential.clone(),
            machine_id: welcome.machine_id,
            name: welcome.name.clone(),
        };
        self.with_store(|s| {
            s.adopt(&welcome.event)?;
            s.set_setting(Setting::HubLink, &serde_json::to_string(&link).expect("link serialises"))?;
            s.set_setting(Setting::HubCursor, "0")
        })?;
        self.set_desk(&welcome.name)?;
        self.changed(Change::Signage);
        Ok(link)
    }

    /// This machine's link to its hub, if it joined one.
    pub fn link(&self) -> Result<Option<Link>> {
        Ok(self.with_store(|s| s.setting(Setting::HubLink))?.and_then(|j| serde_json::from_str(&j).ok()))
    }

    /// From now on, entries go through this hub.
    pub fn attach(&self, hub: Arc<dyn HubLink>) {
        let mut l = lock(&self.link);
        l.hub = Some(hub);
        l.offline = false;
    }

    pub(super) fn hub(&self) -> Option<Arc<dyn HubLink>> {
        lock(&self.link).hub.clone()
    }

    fn contact(&self, ok: bool) {
        let mut l = lock(&self.link);
        l.offline = !ok;
        if ok {
            l.last_contact = Some(Utc::now());
        }
    }

    pub fn link_status(&self) -> Result<LinkStatus> {
        let role = self.link()?.map(|l| l.role);
        let waiting = self.with_store(|s| s.waiting_count())?;
        let l = lock(&self.link);
        Ok(LinkStatus { joined: role.is_some(), role, online: l.hub.is_some() && !l.offline, waiting, last_contact: l.last_contact })
    }

    /// Whether entries go through a hub (a joined desk with its link attached).
    pub fn via_hub(&self) -> bool {
        self.hub().is_some()
    }

    /// An entry at a joined desk: logged first, then asked of the hub; decided alone if the
    /// hub does not answer (or was not answering), and then waiting to be uploaded.
    pub(super) fn through_hub(&self, hub: &dyn HubLink, action: Action) -> Result<(ScanOutcome, Option<Applied>)> {
        let now = self.now();
        let entry = self.with_store(|s| s.log_entry(now, &action))?;
        let offline = lock(&self.link).offline;
        if !offline {
            match hub.send(&entry) {
                Ok(applied) => {
                    self.contact(true);
                    self.with_store(|s| s.acknowledge(entry.seq, &applied.outcome, Utc::now()))?;
                    self.changed(Change::Entrance);
                    return Ok((applied.outcome.clone(), Some(applied)));
                }
                Err(PairingError::Unreachable(_)) => self.contact(false),
                // The hub heard and refused (an unknown person, a machine it forgot): said
                // as is, and the entry is not retried.
                Err(e) => {
                    self.with_store(|s| s.drop_entry(entry.seq, Utc::now()))?;
                    return Err(e.into());
                }
            }
        }
        let machine_id = self.link()?.map(|l| l.machine_id).unwrap_or(0);
        let desk = self.desk();
        let outcome = self.with_store(|s| s.decide_alone(&entry, &desk, machine_id))?;
        self.changed(Change::Entrance);
        Ok((outcome, None))
    }

    /// A walk-in at a joined desk: the hub mints their ticket, or (cut off) the desk gives a
    /// code unique by construction that the hub confirms on upload.
    pub(super) fn walk_in_via(&self, hub: &dyn HubLink, person: &NewAttendee) -> Result<(Attendee, ScanOutcome)> {
        let (outcome, applied) = self.through_hub(hub, Action::WalkIn { person: person.clone(), code: None })?;
        let (id, code) = match applied.and_then(|a| a.walk_in) {
            Some(t) => (t.attendee_id, Some(t.code)),
            None => {
                let id = outcome.verdict.person().map(|p| p.id).unwrap_or_default();
                (id, self.with_store(|s| s.attendee(id)).ok().and_then(|a| a.code))
            }
        };
        let attendee = Attendee {
            id,
            name: person.name.trim().to_string(),
            email: person.email.clone(),
            organisation: person.organisation.clone(),
            category: person.category,
            source: Source::WalkIn,
            code,
            checked_in_at: Some(outcome.at),
            checked_in_desk: Some(outcome.desk.clone()),
            revoked_at: None,
        };
        Ok((attendee, outcome))
    }

    /// A screen that joined a hub shows what the hub shows (its live state included).
    pub fn relay(&self, model: ScreenModel) {
        let changed = {
            let mut l = lock(&self.link);
            let changed = l.relayed.as_ref().is_none_or(|(m, _)| *m != model);
            l.relayed = Some((model, std::time::Instant::now()));
            l.last_contact = Some(Utc::now());
            l.offline = false;
            changed
        };
        if changed {
            self.changed(Change::Signage);
        }
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

    /// The hub's screen model, if it is recent.
    pub(super) fn relayed(&self) -> Option<ScreenModel> {
        let l = lock(&self.link);
        l.relayed.as_ref().filter(|(_, at)| at.elapsed() < RELAY_FRESH).map(|(m, _)| m.clone())
    }

    /// On a joined machine: the hub's prepared event (rooms, positions, plans, programme),
    /// taken when it changed. A damaged copy changes nothing.
    pub fn take_event(&self, pack: crate::event_pack::PackFile) -> Result<bool> {
        let pack = pack.check("poste central / hub", &|_| None)?;
        let changed = self.with_store(|s| {
            if s.pack()? == pack {
                return Ok(false);
            }
            s.load_pack(&pack).map(|()| true)
        })?;
        if changed {
            self.changed(Change::Signage);
        }
        Ok(changed)
    }

    /// Uploads what waits, in batches; the hub applies each entry once whatever happened to
    /// earlier tries. Then brings the copy up to date.
    pub fn sync(&self) -> Result<SyncReport> {
        let hub = self.hub().ok_or(PairingError::NotJoined)?;
        let mut report = SyncReport::default();
        let total = self.with_store(|s| s.waiting_count())?;
        // Bounded: every batch acknowledges what it carried, so this many rounds suffice.
        for _ in 0..(total as usize / UPLOAD_BATCH + 2) {
            let batch = self.with_store(|s| s.waiting_entries(UPLOAD_BATCH))?;
            if batch.is_empty() {
                break;
            }
            let applied = hub.upload(&batch).inspect_err(|_| self.contact(false))?;
            self.contact(true);
            self.with_store(|s| s.ack_uploaded(&applied, Utc::now()))?;
            report.uploaded += applied.iter().filter(|a| !a.duplicate).count() as i64;
            report.duplicates += applied.iter().filter(|a| a.duplicate).count() as i64;
            report.conflicts += applied.iter().filter(|a| a.conflict).count() as i64;
        }
        self.refresh_copy()?;
        report.waiting = self.with_store(|s| s.waiting_count())?;
        self.changed(Change::Entrance);
        Ok(report)
    }

    /// This desk's whole log (a retry of everything must count nothing twice).
    pub fn outbox_entries(&self) -> Result<Vec<Entry>> {
        self.with_store(|s| s.entries(false, usize::MAX >> 1))
    }

    /// Follows the hub's entrance journal from where this desk's copy stands.
    pub fn refresh_copy(&self) -> Result<i64> {
        let hub = self.hub().ok_or(PairingError::NotJoined)?;
        let since: i64 = self.with_store(|s| s.setting(Setting::HubCursor))?.and_then(|c| c.parse().ok()).unwrap_or(0);
        let copy = hub.entrance(since).inspect_err(|_| self.contact(false))?;
        self.contact(true);
        let n = (copy.people.len() + copy.tickets.len() + copy.checkins.len()) as i64;
        self.with_store(|s| {
            s.apply_copy(&copy)?;
            s.set_setting(Setting::HubCursor, &copy.cursor.to_string())
        })?;
        if n > 0 {
            self.changed(Change::Entrance);
        }
        Ok(n)
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
