//! The hub's side of the venue network: it pairs machines, applies the desks' entries once,
//! gives a desk what changed at the entrance and a screen what it shows, and places the
//! screens. How the bytes travel (HTTPS, a pinned certificate) is the shell's; what they
//! mean is decided here.

use chrono::{DateTime, Duration, Utc};
use sha2::Digest;

use super::{Change, Kiosk};
use crate::attendee::NewAttendee;
use crate::bilingual::{bi, Bilingual};
use crate::error::{KioskError, Result};
use crate::settings::Setting;
use crate::signage::ScreenModel;
use crate::store::{EntranceTx, Flag, Stamp, WalkInAs};
use crate::gates::AtGate;
use crate::venue::{walk_in_code, Action, Answer, Applied, ConflictKind, EntranceCopy, Entry, Machine, Pairing, PairingError, Role, VenueReport, WalkInTicket, Welcome, CLOCK_SKEW};
use crate::verdict::{Method, Verdict, VerdictKind};

/// What the hub keeps of a secret: its SHA-256, so that a copy of the store does not hold
/// working credentials or tokens.
pub fn secret_hash(secret: &str) -> String {
    data_encoding::HEXLOWER.encode(&sha2::Sha256::digest(secret.as_bytes()))
}

fn new_token() -> String {
    data_encoding::HEXLOWER.encode(&crate::ticket::new_secret()[..16])
}

impl Kiosk {
    /// Whether this machine may be a hub: not one that joined another (a desk left alone
    /// must not become a second hub that a passer-by pairs a laptop to).
    pub fn may_be_hub(&self) -> Result<()> {
        if self.link()?.is_some() {
            return Err(KioskError::Refused(bi(
                "ce poste est relié à un poste central : il ne peut pas en être un lui-même",
                "this machine joined a hub: it cannot be one itself",
            )));
        }
        Ok(())
    }

    /// A one-time pairing code for a new desk or screen (the organiser's screen shows it as
    /// a QR). Expiry uses the machine's real clock: a rehearsal at ×60 must not shorten it.
    pub fn pair(&self, role: Role, addresses: Vec<String>, port: u16, fingerprint: &str, ttl: Duration) -> Result<Pairing> {
        self.may_be_hub()?;
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
        let venue_now = self.now();
        let machine = self.with_store(|s| s.redeem_pairing(&secret_hash(token), &name, &secret_hash(&credential), Utc::now(), venue_now))?;
        let event = self.with_store(|s| s.event_copy())?;
        Ok(Welcome { machine_id: machine.id, credential, name: machine.name, event, pin: self.pin_hash()? })
    }

    /// The machine holding this credential; anyone else gets nothing. A machine the
    /// organiser removed, or whose credential expired, is refused; one that joined before the
    /// hub's purge is told so (and erases its copy), and a desk stays refused after it.
    pub fn machine(&self, credential: &str) -> Result<Machine> {
        let now = Utc::now();
        let m = self.with_store(|s| s.machine_by_credential(&secret_hash(credential), now))?.ok_or(PairingError::UnknownMachine)?;
        if m.revoked_at.is_some() {
            return Err(PairingError::Revoked.into());
        }
        if now > self.credential_end(&m) {
            return Err(PairingError::CredentialExpired.into());
        }
        if self.purged_at()?.is_some_and(|p| m.paired_at < p) {
            if m.purge_told_at.is_none() {
                self.with_store(|s| s.purge_told(m.id, now))?;
                return Err(PairingError::Purged.into());
            }
            if m.role == Role::Desk {
                return Err(PairingError::Purged.into());
            }
        }
        Ok(Machine { expires_at: Some(self.credential_end(&m)), ..m })
    }

    /// The hashes of the credentials this hub gave ([`secret_hash`]): a hub's face checks a
    /// credential against them in memory, so that made-up ones cost no lookup in the store.
    pub fn credential_hashes(&self) -> Result<std::collections::HashSet<String>> {
        Ok(self.with_store(|s| s.credential_hashes())?.into_iter().collect())
    }

    /// When a machine's credential stops working: the morning after the event's last day
    /// (when its last programme day ends), or a day after it joined if that is later (a
    /// rehearsal of a past event).
    pub fn credential_end(&self, m: &Machine) -> DateTime<Utc> {
        let e = self.event();
        let after = e.last_day().succ_opt().unwrap_or(e.last_day());
        let end = e.at_on(after, chrono::NaiveTime::from_hms_opt(crate::days::DAY_CHANGE_HOUR, 0, 0).unwrap_or_default());
        end.max(m.paired_at + Duration::hours(24))
    }

    fn purged_at(&self) -> Result<Option<DateTime<Utc>>> {
        Ok(self.with_store(|s| s.setting(Setting::PurgedAt))?.as_deref().map(crate::clock::from_db))
    }

    /// The machines that joined, with when their credential ends.
    pub fn machines(&self) -> Result<Vec<Machine>> {
        let all = self.with_store(|s| s.machines())?;
        Ok(all.into_iter().map(|m| Machine { expires_at: Some(self.credential_end(&m)), ..m }).collect())
    }

    /// Removes a desk or screen from the venue network (`machine`: its name or number): its
    /// credential is refused at once, and at its next contact it erases its copy and says why.
    pub fn revoke_machine(&self, machine: &str) -> Result<Machine> {
        let all = self.machines()?;
        let wanted = machine.trim();
        let found: Vec<&Machine> = all.iter().filter(|m| m.id.to_string() == wanted || crate::venue_map::same_name(&m.name, wanted)).collect();
        let m = match found.as_slice() {
            [one] => (*one).clone(),
            [] => {
                return Err(KioskError::InvalidField { field: bi("poste ou écran relié (nom ou numéro)", "joined desk or screen (name or number)"), value: wanted.to_string() })
            }
            many => {
                let ids: Vec<String> = many.iter().map(|m| m.id.to_string()).collect();
                return Err(KioskError::Refused(bi(
                    format!("plusieurs postes s'appellent « {wanted} » : donnez son numéro ({})", ids.join(", ")),
                    format!("several machines are called \"{wanted}\": give its number ({})", ids.join(", ")),
                )));
            }
        };
        let now = Utc::now();
        self.with_store(|s| s.revoke_machine(m.id, now))?;
        self.changed(Change::Entrance);
        Ok(Machine { revoked_at: m.revoked_at.or(Some(now)), ..m })
    }

    /// A desk's entries, each applied once and answered on its own: one the hub cannot
    /// apply is refused with its reason and never holds back the rest. An error here is the
    /// hub's own (its disk, its store): the desk then decides alone and uploads later.
    pub fn apply_entries(&self, machine: &Machine, entries: &[Entry]) -> Result<Vec<Applied>> {
        if machine.role != Role::Desk {
            return Err(PairingError::Refused("un écran ne fait pas entrer / a screen admits nobody".into()).into());
        }
        let now = self.now();
        let mut out = Vec::with_capacity(entries.len());
        for e in entries {
            match self.apply_entry(machine, e, now) {
                Ok(a) => out.push(a),
                Err(err) => {
                    if !out.is_empty() {
                        self.changed(Change::Entrance);
                    }
                    return Err(err);
                }
            }
        }
        self.changed(Change::Entrance);
        Ok(out)
    }

    /// One entry, in one write transaction: decided, judged and remembered together, so
    /// that a retry after a lost answer (or a crash) finds it applied and counts nothing
    /// twice. An entry decided online takes the hub's time; one the desk decided alone keeps
    /// the desk's, if it falls between the desk's joining and now.
    fn apply_entry(&self, m: &Machine, e: &Entry, now: DateTime<Utc>) -> Result<Applied> {
        let desk = crate::desk::name(&m.name);
        // The repeat rule is per running scanner: this machine's, in that session.
        let session = format!("machine-{}-{}", m.id, e.session);
        self.with_store(|s| {
            let readings = match &e.action {
                Action::Scan { code, as_us, .. } => Some(s.readings(code, as_us.as_deref())),
                _ => None,
            };
            // The desk's gate, as this hub's event defines it (a gate it does not know: none).
            let gates = s.event().gates.clone();
            let gate = match &e.action {
                Action::Scan { gate: Some(name), .. } => AtGate::find(&gates, name),
                _ => None,
            };
            s.entrance_tx(|t| {
                if let Some(before) = t.applied_before(m.id, &e.session, e.seq)? {
                    return again(t, m, e, before, &desk);
                }
                let (at, clock_off) = entry_time(m, e, now);
                let exit = matches!(e.action, Action::Scan { exit: true, .. });
                let stamp = Stamp { desk: &desk, at, session: &session, gate, exit };
                let (answer, walk_in) = match (&e.action, readings) {
                    (Action::Scan { code, .. }, Some(r)) => (Answer::Verdict { outcome: t.scan(r, code, &stamp)? }, None),
                    (Action::Scan { .. }, None) => unreachable!("a scan's readings are taken above"),
                    (Action::Manual { attendee_id }, _) if !t.attendee_exists(*attendee_id)? => {
                        (refusal(bi(format!("participant n° {attendee_id} inconnu du poste central"), format!("attendee no. {attendee_id} unknown to the hub"))), None)
                    }
                    (Action::Manual { attendee_id }, _) => (Answer::Verdict { outcome: t.by_hand(*attendee_id, Method::Manual, &stamp)? }, None),
                    (Action::WalkIn { person, code }, _) => match walk_in_of(m, e, person, code.as_deref()) {
                        Err(why) => (refusal(why), None),
                        Ok(person) => {
                            let given = WalkInAs { id: None, code: code.clone() };
                            let (id, outcome) = t.walk_in(&person, &given, &stamp)?;
                            let ticket = t.ticket_code(id)?.map(|code| WalkInTicket { attendee_id: id, code });
                            (Answer::Verdict { outcome }, ticket)
                        }
                    },
                    (Action::Undo { attendee_id, admitted_at, admitted_desk }, _) => {
                        (Answer::Undone { undone: t.undo(*attendee_id, *admitted_at, admitted_desk, &stamp)? }, None)
                    }
                };
                let mut conflict = judged(t, e, &answer, &desk)?;
                if let Some(claimed) = clock_off {
                    let outcome = match &answer {
                        Answer::Verdict { outcome } => Some(outcome),
                        _ => None,
                    };
                    t.flag(&Flag {
                        kind: ConflictKind::Clock,
                        attendee_id: outcome.and_then(|o| o.verdict.person()).map_or(0, |p| p.id),
                        scan_id: outcome.map_or(0, |o| o.scan_id),
                        desk: &desk,
                        at,
                        first_desk: &desk,
                        first_at: claimed,
                    })?;
                    conflict = conflict.or(Some(ConflictKind::Clock));
                }
                if let Answer::Verdict { outcome } = &answer {
                    let mut o = outcome.clone();
                    o.offline = e.offline.is_some();
                    let applied = Applied { seq: e.seq, answer: Answer::Verdict { outcome: o }, duplicate: false, conflict, walk_in };
                    t.remember(m.id, &e.session, &applied, at, &e.action.describe())?;
                    return Ok(applied);
                }
                let applied = Applied { seq: e.seq, answer, duplicate: false, conflict, walk_in };
                t.remember(m.id, &e.session, &applied, at, &e.action.describe())?;
                Ok(applied)
            })
        })
    }

    /// What changed at the entrance since a desk's cursor.
    pub fn entrance_copy(&self, machine: &Machine, since: i64) -> Result<EntranceCopy> {
        if machine.role != Role::Desk {
            return Err(PairingError::Refused("un écran ne reçoit aucune donnée personnelle / a screen gets no personal data".into()).into());
        }
        let pin = self.pin_hash()?;
        Ok(EntranceCopy { pin, ..self.with_store(|s| s.entrance_copy(since))? })
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
        let machines = self.machines()?;
        let purged_at = self.purged_at()?;
        self.with_store(|s| Ok(VenueReport { machines, conflicts: s.conflicts()?, refused: s.refused_entries()?, purged_at }))
    }

    /// The prepared event a joined machine keeps a copy of (never attendees).
    pub fn event_copy(&self) -> Result<crate::venue::EventCopy> {
        self.with_store(|s| s.event_copy())
    }

    /// What a joined machine takes again when the event changed: the event, the PIN's hash.
    pub fn event_update(&self) -> Result<crate::venue::EventUpdate> {
        Ok(crate::venue::EventUpdate { pack: self.with_store(|s| s.event_copy())?.pack, pin: self.pin_hash()? })
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

fn refusal(reason: Bilingual) -> Answer {
    Answer::Refused { reason }
}

/// When an entry happened, for the hub: its own time for an entry decided online; the
/// desk's for one decided alone, unless that falls before the desk joined or after now
/// (beyond [`CLOCK_SKEW`]): then the hub's, and the time the desk said is returned to flag.
fn entry_time(m: &Machine, e: &Entry, now: DateTime<Utc>) -> (DateTime<Utc>, Option<DateTime<Utc>>) {
    if e.offline.is_none() {
        return (now, None);
    }
    let joined = m.joined_venue_at.unwrap_or(m.paired_at);
    if e.at < joined - CLOCK_SKEW || e.at > now + CLOCK_SKEW {
        (now, Some(e.at))
    } else {
        (e.at, None)
    }
}

/// A walk-in as the hub takes it: cleaned by the same rule as at the desk, and with a code
/// only if it is the one this machine gives for this entry.
fn walk_in_of(m: &Machine, e: &Entry, person: &NewAttendee, code: Option<&str>) -> std::result::Result<NewAttendee, Bilingual> {
    if let Some(c) = code {
        let own = walk_in_code(m.id, e.seq);
        if c != own {
            return Err(bi(
                format!("code d'arrivée sur place « {} » : ce poste ne donne que {own}", c.chars().take(40).collect::<String>()),
                format!("walk-in code \"{}\": this machine gives only {own}", c.chars().take(40).collect::<String>()),
            ));
        }
    }
    person.cleaned().map_err(|bad| bad.words())
}

/// What the organiser must be told about an entry the desk decided alone, flagged now: let
/// in where someone else had been, or with a ticket cancelled.
fn judged(t: &EntranceTx, e: &Entry, answer: &Answer, desk: &str) -> Result<Option<ConflictKind>> {
    let Answer::Verdict { outcome } = answer else { return Ok(None) };
    if e.offline != Some(VerdictKind::Admitted) || outcome.repeat {
        return Ok(None);
    }
    let flag = match &outcome.verdict {
        Verdict::AlreadyAdmitted { person, first_at, first_desk } => {
            Flag { kind: ConflictKind::Twice, attendee_id: person.id, scan_id: outcome.scan_id, desk, at: e.at, first_desk, first_at: *first_at }
        }
        Verdict::Revoked { person } => {
            let cancelled = t.cancelled_at(person.id)?.unwrap_or(e.at);
            Flag { kind: ConflictKind::Revoked, attendee_id: person.id, scan_id: outcome.scan_id, desk, at: e.at, first_desk: "", first_at: cancelled }
        }
        _ => return Ok(None),
    };
    t.flag(&flag)?;
    Ok(Some(flag.kind))
}

/// The same entry again (a retry, or the upload of one whose late copy the hub took as an
/// online request): the first answer, and what the desk's own decision adds to it. If the
/// desk, having given up waiting, let the person in alone while the late copy found them in
/// already, the double entry is flagged now: whichever came first, the same conflicts.
fn again(t: &EntranceTx, m: &Machine, e: &Entry, mut before: Applied, desk: &str) -> Result<Applied> {
    if before.conflict.is_none() {
        if let Some(kind) = judged(t, e, &before.answer, desk)? {
            t.set_conflict(m.id, &e.session, e.seq, kind)?;
            before.conflict = Some(kind);
        }
    }
    // A walk-in the late copy registered with a ticket minted here: the code the desk gave
    // when it decided alone (the one the person holds) is theirs too.
    if let (Action::WalkIn { code: Some(c), .. }, Some(w)) = (&e.action, &before.walk_in) {
        if *c == walk_in_code(m.id, e.seq) && *c != w.code {
            t.add_ticket(w.attendee_id, c, e.at)?;
        }
    }
    if let Answer::Verdict { outcome } = &mut before.answer {
        outcome.offline |= e.offline.is_some();
    }
    Ok(before)
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

