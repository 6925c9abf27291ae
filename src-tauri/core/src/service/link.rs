//! A joined machine's side of the venue network: it adopts the hub's event, asks the hub
//! first for every desk action, decides alone when the hub is out of reach, logs every
//! entry and uploads what waits; a joined screen shows the hub's word while it is fresh.
//! How the bytes travel is the shell's [`HubLink`]; what they mean is decided here.

use std::sync::Arc;

use chrono::{DateTime, Utc};

use super::{lock, Change, Kiosk};
use crate::error::Result;
use crate::settings::Setting;
use crate::signage::ScreenModel;
use crate::venue::{Applied, EntranceCopy, Entry, Link, LinkStatus, Pairing, PairingError, SyncReport, Welcome};

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
    /// Keeps connections open ahead of the next entry, for as long as the process lives (a
    /// desk that stays up; a one-scan command has no use for it).
    fn keep_warm(&self) {}
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

impl Kiosk {
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
        self.take_pin(welcome.pin.as_deref())?;
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

    /// Whether the last call to the hub failed (new entries are then decided alone at once).
    pub(super) fn cut_off(&self) -> bool {
        lock(&self.link).offline
    }

    pub(super) fn hub(&self) -> Option<Arc<dyn HubLink>> {
        lock(&self.link).hub.clone()
    }

    pub(super) fn contact(&self, ok: bool) {
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
        let ended = self.link_ended()?.map(|e| e.code().to_string());
        let online = l.hub.is_some() && !l.offline && ended.is_none();
        Ok(LinkStatus { joined: role.is_some(), ended, role, online, waiting, last_contact: l.last_contact })
    }

    /// Why the hub ended this machine's link, if it did (see [`PairingError::ends_the_link`]).
    pub fn link_ended(&self) -> Result<Option<PairingError>> {
        Ok(self.with_store(|s| s.setting(Setting::LinkEnded))?.as_deref().and_then(PairingError::from_code))
    }

    /// What the hub said of this machine itself, whatever the call: if it ended the link
    /// (removed, expired, purged), the copy's personal data goes at once (kept are the
    /// anonymous figures) and the machine says why from then on. Returns the error to pass on.
    pub fn heard(&self, e: PairingError) -> PairingError {
        if e.ends_the_link() && self.link_ended().ok().flatten().is_none() {
            let (now, desk) = (self.now(), self.desk());
            let erased = self.with_store(|s| {
                s.purge(now, &desk)?;
                s.set_setting(Setting::LinkEnded, e.code())
            });
            if erased.is_ok() {
                self.changed(Change::Entrance);
                self.changed(Change::Signage);
            }
        }
        e
    }

    /// A machine joins only with a blank folder: said before the pairing token is spent.
    pub fn ready_to_join(&self) -> Result<()> {
        if self.with_store(|s| s.is_blank())? { Ok(()) } else { Err(PairingError::NotEmpty.into()) }
    }

    /// A desk that stays up keeps its link to the hub warm.
    pub fn keep_link_warm(&self) {
        if let Some(h) = self.hub() {
            h.keep_warm();
        }
    }

    /// Whether entries go through a hub (a joined desk with its link attached).
    pub fn via_hub(&self) -> bool {
        self.hub().is_some()
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

    /// The hub's screen model, if it is recent.
    pub(super) fn relayed(&self) -> Option<ScreenModel> {
        let l = lock(&self.link);
        l.relayed.as_ref().filter(|(_, at)| at.elapsed() < RELAY_FRESH).map(|(m, _)| m.clone())
    }

    /// On a joined machine: the hub's prepared event (rooms, positions, plans, programme),
    /// taken when it changed, and the event's PIN. A damaged copy changes nothing.
    pub fn take_event(&self, update: crate::venue::EventUpdate) -> Result<bool> {
        self.take_pin(update.pin.as_deref())?;
        let pack = update.pack.check("poste central / hub", &|_| None)?;
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
        if let Some(e) = self.link_ended()? {
            return Err(e.into());
        }
        let mut report = SyncReport::default();
        let total = self.with_store(|s| s.waiting_count())?;
        // Bounded: every batch acknowledges what it carried, so this many rounds suffice.
        for _ in 0..(total as usize / UPLOAD_BATCH + 2) {
            let batch = self.with_store(|s| s.waiting_entries(UPLOAD_BATCH))?;
            if batch.is_empty() {
                break;
            }
            let applied = hub.upload(&batch).inspect_err(|_| self.contact(false)).map_err(|e| self.heard(e))?;
            self.contact(true);
            self.with_store(|s| s.ack_uploaded(&batch, &applied, Utc::now()))?;
            report.uploaded += applied.iter().filter(|a| !a.duplicate && a.refused().is_none()).count() as i64;
            report.duplicates += applied.iter().filter(|a| a.duplicate).count() as i64;
            report.conflicts += applied.iter().filter(|a| a.conflict.is_some()).count() as i64;
            report.refused += applied.iter().filter(|a| !a.duplicate && a.refused().is_some()).count() as i64;
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
        if let Some(e) = self.link_ended()? {
            return Err(e.into());
        }
        let since: i64 = self.with_store(|s| s.setting(Setting::HubCursor))?.and_then(|c| c.parse().ok()).unwrap_or(0);
        let copy = hub.entrance(since).inspect_err(|_| self.contact(false)).map_err(|e| self.heard(e))?;
        self.contact(true);
        let n = (copy.people.len() + copy.tickets.len() + copy.checkins.len()) as i64;
        self.take_pin(copy.pin.as_deref())?;
        self.with_store(|s| {
            // The hub's categories and gates, if they hold together (a damaged copy changes
            // nothing).
            let mut e = s.event().clone();
            if let Some(c) = &copy.categories {
                e.categories = c.clone();
            }
            if let Some(g) = &copy.gates {
                e.gates = g.clone();
            }
            if e != *s.event() && e.check().is_ok() {
                s.update_event(e)?;
            }
            s.apply_copy(&copy)?;
            s.set_setting(Setting::HubCursor, &copy.cursor.to_string())
        })?;
        if n > 0 {
            self.changed(Change::Entrance);
        }
        Ok(n)
    }
}
