//! The door: every desk action (a scan, a check-in by name, a walk-in, an undo) is one
//! [`Action`] through one entry point, [`Kiosk::act`]. It is checked before anything is
//! logged, so nothing invalid ever waits in a desk's log; on a joined desk it is logged,
//! asked of the hub, and decided alone against the desk's copy when the hub does not answer
//! (or answers that it cannot write); on a desk of its own, decided here.

use chrono::Utc;

use super::entrance::{WalkIn, OWN_UNDO_WINDOW};
use super::link::HubLink;
use super::{Change, Kiosk};
use crate::attendee::{Attendee, NewAttendee, Source};
use crate::bilingual::bi;
use crate::error::{KioskError, Result};
use crate::store::WalkInAs;
use crate::ticket_files;
use crate::venue::{walk_in_code, Action, Answer, Applied, Entry, PairingError};
use crate::verdict::ScanOutcome;

/// The longest scanned text kept as it came: a ticket is under a hundred characters, and a
/// longer text is not one whatever it says (it is recorded as "not a ticket" all the same).
pub const MAX_SCANNED: usize = 2048;

/// What a desk action came to.
#[derive(Debug, Clone, PartialEq)]
pub enum Acted {
    /// A scan's or a check-in's verdict.
    Verdict(ScanOutcome),
    /// A walk-in registered, with their ticket's QR.
    WalkIn(WalkIn),
    /// An admission undone.
    Undone,
}

impl Acted {
    /// The verdict to show (an undo has none).
    pub fn outcome(&self) -> Option<&ScanOutcome> {
        match self {
            Acted::Verdict(o) => Some(o),
            Acted::WalkIn(w) => Some(&w.outcome),
            Acted::Undone => None,
        }
    }
}

fn bounded(text: String) -> String {
    if text.len() <= MAX_SCANNED {
        return text;
    }
    let mut end = MAX_SCANNED;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    text[..end].to_string()
}

impl Kiosk {
    /// A code from the scanner. `as_us`: the same keys read as a US keyboard would (a
    /// scanner in US mode on an AZERTY machine); `desk`: another desk's name than this one's
    /// (on a desk of its own only: a joined desk is the name it joined with).
    pub fn scan(&self, code: &str, as_us: Option<&str>, desk: Option<&str>) -> Result<ScanOutcome> {
        // This desk's gate (one the event has, or none).
        let gate = self.gate()?;
        self.scan_through(code, as_us, desk, gate)
    }

    /// A scan at a gate (`checkin --gate`): one that does not take the ticket's category
    /// says so and lets nobody in.
    pub fn scan_at_gate(&self, code: &str, as_us: Option<&str>, desk: Option<&str>, gate: Option<&str>) -> Result<ScanOutcome> {
        if let Some(g) = gate {
            let gates = self.gates();
            if crate::gates::AtGate::find(&gates, g).is_none() {
                return Err(super::gates::unknown_gate(g, &gates));
            }
        }
        self.scan_through(code, as_us, desk, gate.map(str::to_string))
    }

    /// A code at an exit: the person goes out (and comes back in later without *already
    /// in*; their first entry stays the figures').
    pub fn exit_scan(&self, code: &str, as_us: Option<&str>) -> Result<ScanOutcome> {
        let action = Action::Scan { code: code.to_string(), as_us: as_us.map(str::to_string), gate: None, exit: true };
        self.act(action).map(|a| a.outcome().cloned().expect("a scan has a verdict"))
    }

    fn scan_through(&self, code: &str, as_us: Option<&str>, desk: Option<&str>, gate: Option<String>) -> Result<ScanOutcome> {
        let action = Action::Scan { code: code.to_string(), as_us: as_us.map(str::to_string), gate, exit: false };
        self.act_as(action, desk).map(|a| a.outcome().cloned().expect("a scan has a verdict"))
    }

    /// A person found by name is let in by hand (their QR is lost).
    pub fn manual_checkin(&self, attendee_id: i64) -> Result<ScanOutcome> {
        self.act(Action::Manual { attendee_id }).map(|a| a.outcome().cloned().expect("a check-in has a verdict"))
    }

    /// Someone not registered: registered, given a ticket and admitted at once.
    pub fn walk_in(&self, person: &NewAttendee) -> Result<WalkIn> {
        match self.act(Action::WalkIn { person: person.clone(), code: None })? {
            Acted::WalkIn(w) => Ok(w),
            other => unreachable!("a walk-in comes back as one: {other:?}"),
        }
    }

    /// A mistake at the desk put right; the check-in stays in the record, marked undone.
    /// A desk undoes its own check-ins of the last [`OWN_UNDO_WINDOW`] freely; any other
    /// needs the organiser's screen unlocked.
    pub fn undo_checkin(&self, attendee_id: i64) -> Result<()> {
        let (at, desk) = self.with_store(|s| s.standing_checkin(attendee_id))?.ok_or(KioskError::NothingToUndo)?;
        self.act(Action::Undo { attendee_id, admitted_at: at, admitted_desk: desk }).map(|_| ())
    }

    /// `undo CODE` (the CLI, without the organiser's PIN): this desk's own admission of that
    /// ticket's holder, within [`OWN_UNDO_WINDOW`]. Returns who was let out.
    pub fn undo_ticket(&self, code: &str) -> Result<crate::verdict::Person> {
        let person = self.ticket_holder(code)?.ok_or_else(|| KioskError::InvalidField { field: bi("billet", "ticket"), value: code.trim().to_string() })?;
        let (at, desk) = self.with_store(|s| s.standing_checkin(person.id))?.ok_or(KioskError::NothingToUndo)?;
        if desk != self.desk() || self.now() - at > OWN_UNDO_WINDOW {
            return Err(KioskError::Refused(bi(
                format!("{} est entré·e à {} ({}) : seul ce poste peut annuler ses propres entrées des 30 dernières minutes ; sinon, depuis l'écran organisateur", person.name, desk, at.with_timezone(&self.event().tz()).format("%H:%M")),
                format!("{} was let in at {} ({}): this desk may undo only its own check-ins of the last 30 minutes; otherwise, from the organiser's screen", person.name, desk, at.with_timezone(&self.event().tz()).format("%H:%M")),
            )));
        }
        self.act(Action::Undo { attendee_id: person.id, admitted_at: at, admitted_desk: desk })?;
        Ok(person)
    }

    /// Every desk action, through one door: checked, then decided through the hub or here.
    pub fn act(&self, action: Action) -> Result<Acted> {
        self.act_as(action, None)
    }

    fn act_as(&self, action: Action, desk: Option<&str>) -> Result<Acted> {
        // A machine the hub removed (or whose event is over) lets nobody in: it says why.
        if let Some(e) = self.link_ended()? {
            return Err(e.into());
        }
        let action = self.checked(action)?;
        let acted = match self.hub() {
            Some(hub) => self.through_hub(hub.as_ref(), action)?,
            None => self.here(&action, desk, None)?,
        };
        self.badge_on_admission(&acted);
        self.changed(Change::Entrance);
        Ok(acted)
    }

    /// What may be logged: a scanned text bounded, a person found here, a walk-in's details
    /// cleaned (a mistyped e-mail is said now, at the desk), an undo this desk may do.
    fn checked(&self, action: Action) -> Result<Action> {
        Ok(match action {
            Action::Scan { code, as_us, gate, exit } => Action::Scan { code: bounded(code), as_us: as_us.map(bounded), gate: gate.map(bounded), exit },
            Action::Manual { attendee_id } => {
                self.with_store(|s| s.attendee(attendee_id))?;
                Action::Manual { attendee_id }
            }
            // The code is the desk's to give, when it decides alone: never a face's.
            Action::WalkIn { person, .. } => Action::WalkIn { person: person.cleaned()?, code: None },
            Action::Undo { attendee_id, admitted_at, admitted_desk } => {
                let standing = self.with_store(|s| s.standing_checkin(attendee_id))?;
                if standing.as_ref().is_none_or(|(at, d)| crate::clock::to_db(*at) != crate::clock::to_db(admitted_at) || *d != admitted_desk) {
                    return Err(KioskError::NothingToUndo);
                }
                if admitted_desk != self.desk() || self.now() - admitted_at > OWN_UNDO_WINDOW {
                    self.require_organiser()?;
                }
                Action::Undo { attendee_id, admitted_at, admitted_desk }
            }
        })
    }

    /// Decides an action against this store: a desk of its own, or a joined desk cut off
    /// from its hub (`alone`: its machine number and the entry, whose time it keeps, and
    /// whose sequence makes a walk-in's number and code its own).
    fn here(&self, action: &Action, desk: Option<&str>, alone: Option<(i64, &Entry)>) -> Result<Acted> {
        let desk = desk.map(str::to_string).unwrap_or_else(|| self.desk());
        // The time the hub will be told: the entry's, to the millisecond.
        let now = alone.map_or_else(|| self.now(), |(_, e)| e.at);
        let alone = alone.map(|(m, e)| (m, e.seq));
        Ok(match action {
            Action::Scan { code, as_us, gate, exit } => Acted::Verdict(self.with_store(|s| s.scan_at(code, as_us.as_deref(), &desk, now, gate.as_deref(), *exit))?),
            Action::Manual { attendee_id } => Acted::Verdict(self.with_store(|s| s.manual_checkin(*attendee_id, &desk, now))?),
            Action::WalkIn { person, .. } => {
                let given = alone.map(|(m, seq)| WalkInAs { id: Some(-seq), code: Some(walk_in_code(m, seq)) }).unwrap_or_default();
                let (attendee, outcome) = self.with_store(|s| s.walk_in_as(person, given, &desk, now))?;
                let qr_svg = attendee.code.as_deref().map(ticket_files::qr_svg).transpose()?;
                Acted::WalkIn(WalkIn { attendee, outcome, qr_svg })
            }
            Action::Undo { attendee_id, admitted_at, admitted_desk } => {
                if !self.with_store(|s| s.undo_admission(*attendee_id, Some((*admitted_at, admitted_desk)), &desk, now))? {
                    return Err(KioskError::NothingToUndo);
                }
                Acted::Undone
            }
        })
    }

    /// An action at a joined desk: logged first, then asked of the hub; decided alone if the
    /// hub does not answer, was not answering, or cannot write, and then waiting for upload.
    fn through_hub(&self, hub: &dyn HubLink, action: Action) -> Result<Acted> {
        let now = self.now();
        let entry = self.with_store(|s| s.log_entry(now, &action))?;
        if !self.cut_off() {
            match hub.send(&entry) {
                Ok(applied) => {
                    self.contact(true);
                    let undo = match &action {
                        Action::Undo { attendee_id, admitted_at, admitted_desk } => Some((*attendee_id, *admitted_at, admitted_desk.as_str())),
                        _ => None,
                    };
                    let desk = self.desk();
                    self.with_store(|s| s.acknowledge(&applied, undo, &desk, Utc::now()))?;
                    return self.answered(&action, applied);
                }
                Err(PairingError::Unreachable(_)) => self.contact(false),
                // The hub heard and refused the machine (one it forgot): said as is, and the
                // entry is not retried.
                Err(e) => {
                    self.with_store(|s| s.refuse_entry(entry.seq, &e.to_string(), Utc::now()))?;
                    return Err(self.heard(e).into());
                }
            }
        }
        let machine_id = self.link()?.map(|l| l.machine_id).unwrap_or(0);
        let acted = self.here(&entry.action, None, Some((machine_id, &entry)))?;
        // The entry as it will be uploaded: a walk-in with the code this desk gave.
        let (action, answer) = match (&entry.action, &acted) {
            (Action::WalkIn { person, .. }, Acted::WalkIn(w)) => {
                (Action::WalkIn { person: person.clone(), code: w.attendee.code.clone() }, Answer::Verdict { outcome: w.outcome.clone() })
            }
            (a, Acted::Verdict(o)) => (a.clone(), Answer::Verdict { outcome: o.clone() }),
            (a, _) => (a.clone(), Answer::Undone { undone: true }),
        };
        let kind = acted.outcome().map(|o| o.verdict.kind());
        self.with_store(|s| s.decided_alone(entry.seq, &action, kind, &answer))?;
        Ok(match acted {
            Acted::Verdict(mut o) => {
                o.offline = true;
                Acted::Verdict(o)
            }
            Acted::WalkIn(mut w) => {
                w.outcome.offline = true;
                Acted::WalkIn(w)
            }
            Acted::Undone => Acted::Undone,
        })
    }

    /// What the hub said, as the desk shows it.
    fn answered(&self, action: &Action, applied: Applied) -> Result<Acted> {
        match (applied.answer, action) {
            (Answer::Refused { reason }, _) => Err(KioskError::Refused(bi(format!("le poste central a refusé : {}", reason.fr), format!("the hub refused: {}", reason.en)))),
            (Answer::Undone { .. }, _) => Ok(Acted::Undone),
            (Answer::Verdict { outcome }, Action::WalkIn { person, .. }) => {
                let (id, code) = match applied.walk_in {
                    Some(t) => (t.attendee_id, Some(t.code)),
                    None => (outcome.verdict.person().map(|p| p.id).unwrap_or_default(), None),
                };
                let attendee = Attendee {
                    id,
                    name: person.name.clone(),
                    email: person.email.clone(),
                    organisation: person.organisation.clone(),
                    category: person.category.clone(),
                    source: Source::WalkIn,
                    code,
                    checked_in_at: Some(outcome.at),
                    checked_in_desk: Some(outcome.desk.clone()),
                    revoked_at: None,
                    note: None,
                    attention: false,
                };
                let qr_svg = attendee.code.as_deref().map(ticket_files::qr_svg).transpose()?;
                Ok(Acted::WalkIn(WalkIn { attendee, outcome, qr_svg }))
            }
            (Answer::Verdict { outcome }, _) => Ok(Acted::Verdict(outcome)),
        }
    }
}
