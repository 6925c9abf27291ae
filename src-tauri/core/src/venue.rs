//! The venue network's words: a hub, the desks and screens that joined it, what a pairing
//! QR holds, what a desk logs and uploads, what it keeps a copy of. No sockets here: the
//! shell's `venue` module carries these over HTTPS; the rules are in `service::venue`.

use chrono::{DateTime, Utc};
use data_encoding::BASE64URL_NOPAD;
use serde::{Deserialize, Serialize};

use crate::attendee::NewAttendee;
use crate::verdict::{ScanOutcome, VerdictKind};

text_enum! {
    /// What a machine that joined the hub may do.
    pub enum Role {
        /// Scans at a door: holds a copy of the attendees to decide alone when cut off.
        Desk = "desk",
        /// Shows the signage: the programme and live state only, nothing personal.
        Screen = "screen",
    }
}

/// What a pairing QR holds, after [`PAIRING_PREFIX`].
pub const PAIRING_PREFIX: &str = "BHPAIR1:";

/// How long a pairing QR may be used: long enough to walk to the far door.
pub const PAIRING_TTL: chrono::Duration = chrono::Duration::minutes(10);

/// A one-time invitation to join the hub, shown as a QR on the organiser's screen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct Pairing {
    pub role: Role,
    /// One-time secret; the hub keeps only its hash.
    pub token: String,
    /// The hub's addresses (IP or host names), tried in order.
    pub addresses: Vec<String>,
    pub port: u16,
    /// SHA-256 of the hub's TLS certificate (hex): the joining machine pins it.
    pub fingerprint: String,
    pub expires_at: DateTime<Utc>,
    /// The event's name, shown before the person confirms.
    pub event: String,
}

pub use crate::pairing::PairingError;

impl Pairing {
    pub fn to_text(&self) -> String {
        let json = serde_json::to_vec(self).expect("pairing serialises");
        format!("{PAIRING_PREFIX}{}", BASE64URL_NOPAD.encode(&json))
    }

    /// Whether a scanned text is meant as a pairing code (then it is never a ticket).
    pub fn looks_like(text: &str) -> bool {
        text.trim().get(..PAIRING_PREFIX.len()).is_some_and(|p| p.eq_ignore_ascii_case(PAIRING_PREFIX))
    }

    pub fn parse(text: &str) -> Result<Pairing, PairingError> {
        let t = text.trim();
        if !Pairing::looks_like(t) {
            return Err(PairingError::NotPairing);
        }
        let body = &t[PAIRING_PREFIX.len()..];
        let bytes = BASE64URL_NOPAD.decode(body.as_bytes()).map_err(|e| PairingError::Damaged(e.to_string()))?;
        let p: Pairing = serde_json::from_slice(&bytes).map_err(|e| PairingError::Damaged(e.to_string()))?;
        if p.addresses.is_empty() || p.fingerprint.len() != 64 || p.token.len() < 16 {
            return Err(PairingError::Damaged("addresses, fingerprint or token".into()));
        }
        Ok(p)
    }
}

/// What a desk did, as it logs it and uploads it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Action {
    /// A code from the scanner (and its US-keyboard reading), at a gate if the desk stands
    /// at one (by its name: the hub judges by its own list of gates).
    Scan {
        code: String,
        as_us: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        gate: Option<String>,
        /// At an exit: the person goes out.
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        exit: bool,
    },
    /// A person found by name, let in by hand.
    Manual { attendee_id: i64 },
    /// Someone not registered (their details already cleaned, see
    /// [`NewAttendee::cleaned`]). `code`: the ticket the desk gave them when cut off from
    /// the hub ([`walk_in_code`]); none when the hub mints it.
    WalkIn { person: NewAttendee, code: Option<String> },
    /// An admission put right: the one the desk's copy showed standing (when and where), so
    /// that the hub undoes that one and no other, whenever the entry reaches it.
    Undo { attendee_id: i64, admitted_at: DateTime<Utc>, admitted_desk: String },
}

impl Action {
    /// In a few words, for the organiser's list of refused entries.
    pub fn describe(&self) -> String {
        match self {
            Action::Scan { code, .. } => format!("scan « {} » / scan \"{}\"", short(code), short(code)),
            Action::Manual { attendee_id } => format!("entrée par le nom n° {attendee_id} / check-in by name no. {attendee_id}"),
            Action::WalkIn { person, code } => {
                let code = code.as_deref().map(|c| format!(" ({})", short(c))).unwrap_or_default();
                format!("arrivée sur place : {}{code} / walk-in: {}{code}", short(&person.name), short(&person.name))
            }
            Action::Undo { attendee_id, .. } => format!("annulation d'entrée n° {attendee_id} / undo of check-in no. {attendee_id}"),
        }
    }
}

/// A text a desk sent, bounded and printable for a list.
fn short(s: &str) -> String {
    let t: String = s.chars().map(|c| if c.is_control() { '\u{fffd}' } else { c }).take(60).collect();
    if s.chars().count() > 60 { format!("{t}…") } else { t }
}

/// The ticket a desk cut off from the hub gives a walk-in: unique by construction (its
/// machine and the entry's sequence), and the hub takes no other from that machine.
pub fn walk_in_code(machine_id: i64, seq: i64) -> String {
    format!("WI-{machine_id}-{seq}")
}

/// How far a desk's clock may be from the hub's before its offline entries are flagged.
pub const CLOCK_SKEW: chrono::Duration = chrono::Duration::minutes(5);

/// A line of a desk's append-only log: its sequence is the upload's idempotency key.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct Entry {
    pub seq: i64,
    pub at: DateTime<Utc>,
    /// The desk's running scanner (its store's session): the hub's repeat rule (a scanner
    /// that sent the same code twice) is per running scanner, as on one machine.
    #[serde(default)]
    pub session: String,
    pub action: Action,
    /// What the desk decided alone, if it could not reach the hub.
    pub offline: Option<VerdictKind>,
}

/// What the hub made of one entry.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Answer {
    /// A scan, a check-in by name or a walk-in, decided.
    Verdict { outcome: ScanOutcome },
    /// An undo: `undone` is false when the admission it names no longer stands on the hub
    /// (undone already, or another door's stands): nothing else is undone.
    Undone { undone: bool },
    /// The entry cannot be applied (a person the hub does not know, a walk-in code that is
    /// not this machine's): kept and shown to the organiser; it never holds back the rest.
    Refused { reason: crate::bilingual::Bilingual },
}

/// The hub's answer to one entry.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct Applied {
    pub seq: i64,
    pub answer: Answer,
    /// The entry was already applied (a retry after a lost answer): counted once.
    pub duplicate: bool,
    /// What the organiser is told about this entry: the desk let in alone someone already
    /// in, or with a ticket cancelled before; its clock was off.
    pub conflict: Option<ConflictKind>,
    /// A walk-in's new ticket (its QR to show), and the hub's id for them.
    pub walk_in: Option<WalkInTicket>,
}

impl Applied {
    pub fn outcome(&self) -> Option<&ScanOutcome> {
        match &self.answer {
            Answer::Verdict { outcome } => Some(outcome),
            _ => None,
        }
    }

    /// Why the hub refused the entry, as a person reads it.
    pub fn refused(&self) -> Option<String> {
        match &self.answer {
            Answer::Refused { reason } => Some(reason.to_string()),
            _ => None,
        }
    }
}

text_enum! {
    /// Why an entry a desk decided alone is shown to the organiser after the split.
    pub enum ConflictKind {
        /// Let in at two doors: both entries kept, the first stands.
        Twice = "twice",
        /// Let in with a ticket the hub had cancelled before the desk's scan.
        Revoked = "revoked",
        /// The desk's time for the entry was before it joined or after the upload: the
        /// entry is kept at the hub's time.
        Clock = "clock",
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct WalkInTicket {
    pub attendee_id: i64,
    pub code: String,
}

/// An entry a desk decided alone that the organiser must look at (see [`ConflictKind`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct Conflict {
    pub kind: ConflictKind,
    pub attendee_id: i64,
    pub name: String,
    /// The desk whose entry came second to the hub (uploaded after the split).
    pub desk: String,
    pub at: DateTime<Utc>,
    /// The check-in that stands (twice), the cancellation (revoked), the time the desk
    /// said (clock).
    pub first_desk: String,
    pub first_at: DateTime<Utc>,
}

/// An entry the hub could not apply, kept for the organiser.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct RefusedEntry {
    pub machine: String,
    pub at: DateTime<Utc>,
    /// What the desk did, in a few words ("arrivée sur place : Zoé Martin / walk-in: …").
    pub what: String,
    pub reason: String,
}

/// A machine that joined the hub, and when it was last heard from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct Machine {
    pub id: i64,
    pub role: Role,
    pub name: String,
    pub paired_at: DateTime<Utc>,
    pub last_seen: Option<DateTime<Utc>>,
    /// For a screen: where the organiser put it (a position's key), and what it shows
    /// ("hall" or a room), when set from the hub.
    #[serde(default)]
    pub screen_position: Option<String>,
    #[serde(default)]
    pub screen_view: Option<String>,
    /// The venue clock's time when it joined: its offline entries may not be older.
    #[serde(default)]
    pub joined_venue_at: Option<DateTime<Utc>>,
    /// When the organiser removed it from the venue network: its credential is refused.
    #[serde(default)]
    pub revoked_at: Option<DateTime<Utc>>,
    /// When its credential stops working: after the event's last day (at least a day after
    /// it joined, for a rehearsal of a past event).
    #[serde(default)]
    pub expires_at: Option<DateTime<Utc>>,
    /// When it was told of the hub's purge (and erased its copy).
    #[serde(default)]
    pub purge_told_at: Option<DateTime<Utc>>,
}

/// The venue as the hub's organiser and `stats` see it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct VenueReport {
    pub machines: Vec<Machine>,
    pub conflicts: Vec<Conflict>,
    pub refused: Vec<RefusedEntry>,
    /// When the organiser purged the event's personal data here; the machines not told yet
    /// are those whose `purge_told_at` is empty.
    pub purged_at: Option<DateTime<Utc>>,
}

/// A person, as a desk's copy holds them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PersonCopy {
    pub id: i64,
    pub name: String,
    pub email: Option<String>,
    pub organisation: Option<String>,
    pub category: String,
    pub source: String,
    pub created_at: String,
    #[serde(default)]
    pub note: Option<String>,
    #[serde(default)]
    pub attention: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TicketCopy {
    pub code: String,
    pub attendee_id: i64,
    pub signed: bool,
    pub created_at: String,
    pub revoked_at: Option<String>,
}

/// A person's standing check-in on the hub, or none (an undo).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CheckinCopy {
    pub attendee_id: i64,
    pub standing: Option<(String, String)>,
    /// When the person went out, if they did (a desk deciding alone lets them back in).
    #[serde(default)]
    pub out_at: Option<String>,
}

/// What changed at the entrance since a desk's cursor (from 0: everything).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct EntranceCopy {
    pub people: Vec<PersonCopy>,
    pub tickets: Vec<TicketCopy>,
    pub checkins: Vec<CheckinCopy>,
    pub cursor: i64,
    /// The event's organiser PIN, as its hash (none before the hub's organiser chose one).
    #[serde(default)]
    pub pin: Option<String>,
    /// The event's categories, so the desk names and colours the people it is sent (and a
    /// category the organiser added or renamed reaches every door).
    #[serde(default)]
    pub categories: Option<Vec<crate::categories::CategoryDef>>,
    /// The event's gates (a desk at a gate decides alone by them too).
    #[serde(default)]
    pub gates: Option<Vec<crate::gates::Gate>>,
}

/// The event a joining machine adopts: its identity, the public verification key (never the
/// minting key), the prepared event (rooms, positions, plans, programme; never attendees).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EventCopy {
    pub uid: String,
    /// Hex of the Ed25519 public key.
    pub public_key: String,
    pub pack: crate::event_pack::PackFile,
}

/// What the hub answers a machine that redeems a pairing token.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Welcome {
    pub machine_id: i64,
    pub credential: String,
    pub name: String,
    pub event: EventCopy,
    /// The event's organiser PIN, as its hash: the joined machine asks it.
    #[serde(default)]
    pub pin: Option<String>,
}

/// What a joined machine takes again when the hub says the event changed: the prepared
/// event and the organiser PIN's hash.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EventUpdate {
    pub pack: crate::event_pack::PackFile,
    #[serde(default)]
    pub pin: Option<String>,
}

/// This machine's link to its hub, kept in its store's settings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct Link {
    pub role: Role,
    pub addresses: Vec<String>,
    pub port: u16,
    pub fingerprint: String,
    pub credential: String,
    pub machine_id: i64,
    pub name: String,
}

/// What a joined desk shows about its link: the HORS LIGNE badge and the waiting scans.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct LinkStatus {
    pub joined: bool,
    /// The hub ended this machine's link: why, as a stable code ("machine_revoked",
    /// "credential_expired", "event_purged") that the screens word.
    pub ended: Option<String>,
    pub role: Option<Role>,
    pub online: bool,
    /// Entries logged but not yet acknowledged by the hub.
    pub waiting: i64,
    pub last_contact: Option<DateTime<Utc>>,
}

/// A sync's counts (`sync --json`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct SyncReport {
    pub uploaded: i64,
    pub duplicates: i64,
    pub conflicts: i64,
    /// Entries the hub could not apply (shown to its organiser); not retried.
    pub refused: i64,
    pub waiting: i64,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Pairing {
        Pairing {
            role: Role::Desk,
            token: "a".repeat(32),
            addresses: vec!["127.0.0.1".into()],
            port: 8443,
            fingerprint: "0".repeat(64),
            expires_at: DateTime::<Utc>::default(),
            event: "BlueHats".into(),
        }
    }

    #[test]
    fn pairing_text_round_trips_and_is_told_apart_from_tickets() {
        let p = sample();
        let text = p.to_text();
        assert!(Pairing::looks_like(&text));
        assert_eq!(Pairing::parse(&text).unwrap(), p);
        assert!(!Pairing::looks_like("BH1.AAAA"));
        assert_eq!(Pairing::parse("bonjour"), Err(PairingError::NotPairing));
        assert!(matches!(Pairing::parse("BHPAIR1:!!!"), Err(PairingError::Damaged(_))));
        let mut short = p.clone();
        short.token = "x".into();
        assert!(matches!(Pairing::parse(&short.to_text()), Err(PairingError::Damaged(_))));
    }
}
