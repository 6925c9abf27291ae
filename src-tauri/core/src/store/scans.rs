//! The scan path: a code in, a verdict out, every attempt recorded, each person admitted once.

use chrono::{DateTime, Duration, Utc};
use rusqlite::{params, OptionalExtension, Transaction};
use serde::{Deserialize, Serialize};

use super::Store;
use crate::attendee::{Attendee, Category, NewAttendee, Source};
use crate::gates::AtGate;
use crate::clock::{from_db, to_db};
use crate::error::{KioskError, Result};
use crate::ticket::TicketCode;
use crate::desk;
use crate::verdict::{Method, Person, RecordKind, ScanOutcome, Verdict};
use crate::venue_map::{FullPolicy, Room};
use super::capacity;

/// Scanners that send a code twice do it within this window.
pub const REPEAT_WINDOW: Duration = Duration::seconds(3);

/// A line of the desk's history.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct CheckinRow {
    pub scan_id: i64,
    pub at: DateTime<Utc>,
    pub desk: String,
    pub code: String,
    pub verdict: RecordKind,
    pub attendee_id: Option<i64>,
    pub name: Option<String>,
    /// This scan let someone in and that check-in still stands (it can be undone).
    pub standing: bool,
}

/// What the scanned text is, decided before any lock is taken.
pub(super) enum Reading {
    Malformed(String),
    Forged,
    Code(String),
}

/// The code as recorded: printable, bounded, whatever bytes arrived.
fn recordable(raw: &str) -> String {
    raw.trim().chars().map(|c| if c.is_control() { '\u{fffd}' } else { c }).take(256).collect()
}

/// What the record keeps of a text that is not a ticket at all: never the text (it may be
/// a vCard, a URL with a token, a health pass), only a short fingerprint, enough to see
/// that the same thing was scanned again.
pub const NOT_A_TICKET: &str = "non-billet:";

fn not_a_ticket(raw: &str) -> String {
    use sha2::Digest;
    let digest = sha2::Sha256::digest(raw.trim().as_bytes());
    format!("{NOT_A_TICKET}{}", data_encoding::HEXLOWER.encode(&digest[..4]))
}

fn person(tx: &Transaction, id: i64) -> Result<Person> {
    Ok(tx.prepare_cached("SELECT id, name, organisation, category, note, attention FROM attendees WHERE id = ?1")?.query_row(
        params![id],
        |r| {
            let cat: String = r.get(3)?;
            Ok(Person {
                id: r.get(0)?,
                name: r.get(1)?,
                organisation: r.get(2)?,
                category: Category::stored(&cat),
                note: r.get(4)?,
                attention: r.get(5)?,
            })
        },
    )?)
}

/// Whether the person had tickets and every one of them is cancelled.
fn all_revoked(tx: &Transaction, attendee_id: i64) -> Result<bool> {
    let (total, active): (i64, i64) = tx
        .prepare_cached("SELECT COUNT(*), COUNT(*) FILTER (WHERE revoked_at IS NULL) FROM tickets WHERE attendee_id = ?1")?
        .query_row(params![attendee_id], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(total > 0 && active == 0)
}

/// The room a person's standing check-in counts for, and whether they went out.
fn standing_room(tx: &Transaction, attendee_id: i64) -> Result<Option<(Option<String>, bool)>> {
    Ok(tx
        .prepare_cached("SELECT room, out_at IS NOT NULL FROM checkins WHERE attendee_id = ?1 AND undone_at IS NULL")?
        .query_row(params![attendee_id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?)
}

/// The standing check-in of a person, if any: (when, desk).
fn standing_checkin(tx: &Transaction, attendee_id: i64) -> Result<Option<(DateTime<Utc>, String)>> {
    Ok(tx
        .prepare_cached("SELECT at, desk FROM checkins WHERE attendee_id = ?1 AND undone_at IS NULL")?
        .query_row(params![attendee_id], |r| Ok((from_db(&r.get::<_, String>(0)?), r.get(1)?)))
        .optional()?)
}

/// Where and when a line of the record was written, and by which running scanner.
#[derive(Clone, Copy)]
pub(super) struct Record<'a> {
    pub(super) code: &'a str,
    pub(super) desk: &'a str,
    pub(super) now: DateTime<Utc>,
    pub(super) session: &'a str,
    /// The gate the desk stands at, if the event has gates.
    pub(super) gate: Option<AtGate<'a>>,
    /// The desk records exits (people going out) instead of entries.
    pub(super) exit: bool,
}

fn record_scan(tx: &Transaction, r: &Record, v: &Verdict, repeat: bool) -> Result<i64> {
    record(tx, r, v.kind().into(), v.person().map(|p| p.id), repeat)
}

/// A line of the desk's record: every scan, and every undo.
fn record(tx: &Transaction, r: &Record, kind: RecordKind, attendee: Option<i64>, repeat: bool) -> Result<i64> {
    tx.prepare_cached("INSERT INTO scans(code, desk, at, verdict, attendee_id, repeat, session) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)")?
        .execute(params![r.code, r.desk, to_db(r.now), kind.as_str(), attendee, repeat, r.session])?;
    Ok(tx.last_insert_rowid())
}

/// Admits the person unless they are in already (one who went out comes back in, one in
/// another room comes into this one: `room`, the door's). Runs under the write lock.
fn admit(tx: &Transaction, attendee_id: i64, room: Option<&str>) -> Result<Verdict> {
    let person = person(tx, attendee_id)?;
    Ok(match standing_room(tx, attendee_id)? {
        Some((_, true)) => Verdict::Admitted { person },
        Some((was_in, false)) if room.is_some() && was_in.as_deref() != room => Verdict::Admitted { person },
        Some(_) => match standing_checkin(tx, attendee_id)? {
            Some((first_at, first_desk)) => Verdict::AlreadyAdmitted { person, first_at, first_desk },
            None => Verdict::Admitted { person },
        },
        None => Verdict::Admitted { person },
    })
}

/// A person about to be let in, at a room that is full: the door's policy says what then.
fn at_capacity(tx: &Transaction, v: Verdict, room: Option<&Room>) -> Result<Verdict> {
    Ok(match (v, room) {
        (Verdict::Admitted { person }, Some(room)) if capacity::is_full(tx, room)? => match room.policy {
            FullPolicy::Refuse => Verdict::RoomFull { person, room: room.name.clone() },
            FullPolicy::Warn => Verdict::AdmittedRoomFull { person, room: room.name.clone() },
        },
        (v, _) => v,
    })
}

/// At an exit: out if inside, else not inside (revoked, unknown and the rest as at the door).
fn leave(tx: &Transaction, v: Verdict, r: &Record) -> Result<Verdict> {
    Ok(match v {
        Verdict::AlreadyAdmitted { person, .. } => {
            let room = standing_room(tx, person.id)?.and_then(|(room, _)| room);
            tx.prepare_cached("UPDATE checkins SET out_at = ?2 WHERE attendee_id = ?1 AND undone_at IS NULL AND out_at IS NULL")?
                .execute(params![person.id, to_db(r.now)])?;
            capacity::moved(tx, room.as_deref(), -1, r.now)?;
            Verdict::Exited { person }
        }
        Verdict::Admitted { person } => Verdict::NotInside { person },
        v => v,
    })
}

/// Lets the person in: their first entry, or back in after going out (the first entry,
/// its time and desk, stays: it is the figures').
/// (`room`: the room the entry counts for; a person in another room moves into this one.)
fn insert_checkin(tx: &Transaction, attendee_id: i64, scan_id: i64, r: &Record, m: Method, room: Option<&str>) -> Result<()> {
    match standing_room(tx, attendee_id)? {
        Some((was_in, went_out)) => {
            if !went_out {
                capacity::moved(tx, was_in.as_deref(), -1, r.now)?;
            }
            tx.prepare_cached("UPDATE checkins SET out_at = NULL, room = ?2 WHERE attendee_id = ?1 AND undone_at IS NULL")?
                .execute(params![attendee_id, room])?;
        }
        None => {
            tx.prepare_cached("INSERT INTO checkins(attendee_id, scan_id, desk, at, method, gate, room) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)")?
                .execute(params![attendee_id, scan_id, r.desk, to_db(r.now), m.as_str(), r.gate.map(|g| g.gate.name.as_str()), room])?;
        }
    }
    capacity::moved(tx, room, 1, r.now)
}

impl Store {
    fn read_code(&self, raw: &str) -> Reading {
        match TicketCode::parse(raw) {
            Err(m) => Reading::Malformed(m.to_string()),
            Ok(TicketCode::Signed { serial, signature, text }) => {
                if self.verifier.verify(serial, &signature) {
                    Reading::Code(text)
                } else {
                    Reading::Forged
                }
            }
            Ok(TicketCode::Plain(s)) => Reading::Code(s),
        }
    }

    /// A scan at a desk. Returns once the verdict (and any check-in) is on disk.
    pub fn scan(&mut self, raw: &str, desk: &str, now: DateTime<Utc>) -> Result<ScanOutcome> {
        self.scan_typed(raw, None, desk, now)
    }

    /// A scan, with the same keystrokes read as a US keyboard would type them (`as_us`):
    /// a scanner set up as a US keyboard on a French (AZERTY) machine types "&" for "1" and
    /// swaps A and Q. The US reading is taken only when it is a real ticket and the text as
    /// typed is not.
    pub fn scan_typed(&mut self, raw: &str, as_us: Option<&str>, desk: &str, now: DateTime<Utc>) -> Result<ScanOutcome> {
        self.scan_at(raw, as_us, desk, now, None, false)
    }

    /// A scan at a desk standing at a gate (see [`crate::gates`]).
    /// (`exit`: the desk records people going out.)
    pub fn scan_at(&mut self, raw: &str, as_us: Option<&str>, desk: &str, now: DateTime<Utc>, gate: Option<&str>, exit: bool) -> Result<ScanOutcome> {
        let desk = desk::name(desk);
        let readings = self.readings(raw, as_us);
        let session = self.session.clone();
        let gates = self.event.gates.clone();
        let gate = gate.and_then(|g| AtGate::find(&gates, g));
        self.write_tx(|tx| scan_tx(tx, readings, raw, &Record { code: "", desk: &desk, now, session: &session, gate, exit }))
    }

    /// The scanned text read as typed and, if different, as a US keyboard would type it
    /// (signatures checked here, before any lock on the file is taken).
    pub fn readings(&self, raw: &str, as_us: Option<&str>) -> Readings {
        Readings { typed: self.read_code(raw), us: as_us.filter(|u| *u != raw).map(|u| self.read_code(u)) }
    }

    /// A volunteer found the person by name and lets them in (their QR is lost).
    pub fn manual_checkin(&mut self, attendee_id: i64, desk: &str, now: DateTime<Utc>) -> Result<ScanOutcome> {
        self.checkin_by_hand(attendee_id, desk, now, Method::Manual)
    }

    fn checkin_by_hand(&mut self, attendee_id: i64, desk: &str, now: DateTime<Utc>, method: Method) -> Result<ScanOutcome> {
        let desk = desk::name(desk);
        let session = self.session.clone();
        self.write_tx(|tx| checkin_by_hand_tx(tx, attendee_id, method, &Record { code: "", desk: &desk, now, session: &session, gate: None, exit: false }))
    }

    /// A walk-in: registered, given a ticket and admitted at once. Someone whose e-mail is a
    /// cancelled registration's gets that person's revoked verdict instead.
    pub fn walk_in(&mut self, a: &NewAttendee, desk: &str, now: DateTime<Utc>) -> Result<(Attendee, ScanOutcome)> {
        self.walk_in_as(a, WalkInAs::default(), desk, now)
    }

    /// A walk-in with the number and ticket code given (a joined desk deciding alone), or the
    /// store's own (a new row, a minted code).
    pub fn walk_in_as(&mut self, a: &NewAttendee, given: WalkInAs, desk: &str, now: DateTime<Utc>) -> Result<(Attendee, ScanOutcome)> {
        let a = a.cleaned()?;
        let desk = desk::name(desk);
        let session = self.session.clone();
        let minter = self.minter.clone();
        let (id, outcome) = self.write_tx(|tx| walk_in_tx(tx, minter.as_ref(), &a, &given, &Record { code: "", desk: &desk, now, session: &session, gate: None, exit: false }))?;
        Ok((self.attendee(id)?, outcome))
    }

    /// Undoes a check-in (a mistake at the desk). The check-in stays in the record, marked undone.
    pub fn undo_checkin(&mut self, attendee_id: i64, desk: &str, now: DateTime<Utc>) -> Result<()> {
        if self.undo_admission(attendee_id, None, desk, now)? { Ok(()) } else { Err(KioskError::NothingToUndo) }
    }

    /// Undoes the standing admission of a person: any, or only the one `named` (when it was
    /// made, at which desk). False when none matched.
    pub fn undo_admission(&mut self, attendee_id: i64, named: Option<(DateTime<Utc>, &str)>, desk: &str, now: DateTime<Utc>) -> Result<bool> {
        let desk = desk::name(desk);
        let session = self.session.clone();
        self.write_tx(|tx| undo_tx(tx, attendee_id, named, &Record { code: "", desk: &desk, now, session: &session, gate: None, exit: false }))
    }

    /// The latest scans, newest first (the desk's history).
    pub fn recent_scans(&self, desk: Option<&str>, limit: usize) -> Result<Vec<CheckinRow>> {
        let mut st = self.conn.prepare_cached(
            "SELECT s.id, s.at, s.desk, s.code, s.verdict, s.attendee_id, a.name,
                    EXISTS (SELECT 1 FROM checkins c WHERE c.scan_id = s.id AND c.undone_at IS NULL) FROM scans s
             LEFT JOIN attendees a ON a.id = s.attendee_id
             WHERE (?1 IS NULL OR s.desk = ?1) ORDER BY s.id DESC LIMIT ?2",
        )?;
        let rows = st
            .query_map(params![desk, limit as i64], |r| {
                Ok(CheckinRow {
                    scan_id: r.get(0)?,
                    at: from_db(&r.get::<_, String>(1)?),
                    desk: r.get(2)?,
                    code: r.get(3)?,
                    // Text an older or newer version wrote: shown as "not a ticket" rather than lost.
                    verdict: RecordKind::from_db(&r.get::<_, String>(4)?).unwrap_or(RecordKind::Malformed),
                    attendee_id: r.get(5)?,
                    name: r.get(6)?,
                    standing: r.get(7)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// Whose ticket this code is (to name them before cancelling it).
    pub fn ticket_holder(&mut self, code: &str) -> Result<Option<Person>> {
        let code = code.trim().to_string();
        let code = match TicketCode::parse(&code) {
            Ok(c) => c.text().to_string(),
            Err(_) => return Ok(None),
        };
        self.write_tx(|tx| match ticket(tx, &code)? {
            Some((id, _)) => Ok(Some(person(tx, id)?)),
            None => Ok(None),
        })
    }

    /// A person's standing check-in: when, and at which desk.
    pub fn standing_checkin(&self, attendee_id: i64) -> Result<Option<(DateTime<Utc>, String)>> {
        Ok(self
            .conn
            .prepare_cached("SELECT at, desk FROM checkins WHERE attendee_id = ?1 AND undone_at IS NULL")?
            .query_row(params![attendee_id], |r| Ok((from_db(&r.get::<_, String>(0)?), r.get(1)?)))
            .optional()?)
    }

    /// How many check-ins are standing (for the durability and concurrency tests, and the counters).
    pub fn admitted_count(&self) -> Result<i64> {
        Ok(self.conn.query_row("SELECT COUNT(*) FROM checkins WHERE undone_at IS NULL", [], |r| r.get(0))?)
    }
}

/// A ticket as stored: its holder, and when it was revoked if it was.
type Ticket = (i64, Option<String>);

fn ticket(tx: &Transaction, code: &str) -> Result<Option<Ticket>> {
    Ok(tx
        .prepare_cached("SELECT attendee_id, revoked_at FROM tickets WHERE code = ?1")?
        .query_row(params![code], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?)
}

/// The verdict for what was read, given the ticket already looked up for it.
fn evaluate(tx: &Transaction, reading: &Reading, found: Option<Ticket>, room: Option<&str>) -> Result<Verdict> {
    match (reading, found) {
        (Reading::Malformed(reason), _) => Ok(Verdict::Malformed { reason: reason.clone() }),
        (Reading::Forged, _) => Ok(Verdict::Forged),
        (Reading::Code(_), None) => Ok(Verdict::Unknown),
        (Reading::Code(_), Some((id, Some(_)))) => Ok(Verdict::Revoked { person: person(tx, id)? }),
        (Reading::Code(_), Some((id, None))) => admit(tx, id, room),
    }
}



/// What was scanned, read both ways (see [`Store::scan_typed`]).
pub struct Readings {
    typed: Reading,
    us: Option<Reading>,
}

/// A scan's verdict, decided and recorded in the caller's write transaction (`r.code` is
/// not used: the code recorded is the reading kept).
pub(super) fn scan_tx(tx: &Transaction, readings: Readings, raw: &str, r: &Record) -> Result<ScanOutcome> {
    let Readings { typed, us } = readings;
    let (desk, now, session) = (r.desk, r.now, r.session);
    let ticket_of = |r: &Reading| -> Result<Option<Ticket>> {
        match r {
            Reading::Code(c) => ticket(tx, c),
            _ => Ok(None),
        }
    };
    // Each reading's ticket is looked up once, and the answer kept for the verdict.
    let mut found = ticket_of(&typed)?;
    let mut reading = typed;
    if let (None, Some(u)) = (&found, us) {
        if let Some(t) = ticket_of(&u)? {
            found = Some(t);
            reading = u;
        }
    }
    // A word ("bonjour") that no list holds is not a ticket of any kind: registration
    // systems' codes and barcodes all carry digits.
    if let (None, Reading::Code(c)) = (&found, &reading) {
        if !c.chars().any(|ch| ch.is_ascii_digit()) {
            reading = Reading::Malformed("ce n'est pas un code de billet / not a ticket code".into());
        }
    }
    let code = match &reading {
        Reading::Code(c) => c.clone(),
        Reading::Forged => recordable(raw),
        Reading::Malformed(_) => not_a_ticket(raw),
    };
    // A scanner that sent the same code twice: repeat the first verdict. Only this
    // running scanner's own scans count (another process, another machine with the
    // same desk name, is a real second scan), and not across an undo.
    let since = to_db(now - REPEAT_WINDOW);
    let first: Option<(String, Option<i64>)> = tx
        .prepare_cached(
            "SELECT s.verdict, s.attendee_id FROM scans s
             WHERE s.session = ?1 AND s.desk = ?2 AND s.code = ?3 AND s.at >= ?4 AND s.repeat = 0
               AND NOT EXISTS (SELECT 1 FROM scans u WHERE u.id > s.id AND u.verdict = ?5 AND u.attendee_id = s.attendee_id)
             ORDER BY s.id DESC LIMIT 1",
        )?
        .query_row(params![session, desk, code, since, RecordKind::Undone.as_str()], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    // At a gate that does not take the person's category: not let in, not an entry. At a
    // full room's door: what its policy says.
    let room = capacity::door_room(tx, r.gate)?;
    let room_name = room.as_ref().map(|x| x.name.as_str());
    let decide = |found| -> Result<Verdict> {
        if r.exit {
            return leave(tx, evaluate(tx, &reading, found, None)?, r);
        }
        let v = match (evaluate(tx, &reading, found, room_name)?, r.gate) {
            (Verdict::Admitted { person }, Some(g)) if !g.gate.admits(&person.category) => {
                let gates = g.elsewhere(&person.category);
                Verdict::WrongGate { person, gates }
            }
            (v, _) => v,
        };
        at_capacity(tx, v, room.as_ref())
    };
    let (verdict, repeat) = match first {
        // "Admitted" again, not "already admitted": it is the same person's same scan.
        Some((kind, Some(id))) if RecordKind::from_db(&kind) == Some(RecordKind::Admitted) && !r.exit => (Verdict::Admitted { person: person(tx, id)? }, true),
        Some((kind, Some(id))) if RecordKind::from_db(&kind) == Some(RecordKind::Exited) && r.exit => (Verdict::Exited { person: person(tx, id)? }, true),
        // The same verdict again is the scanner's double read; another one (the desk moved
        // to the right gate meanwhile) is a scan of its own, and an admission is recorded.
        Some((kind, _)) => {
            let v = decide(found)?;
            let same = RecordKind::from_db(&kind) == Some(v.kind().into());
            (v, same)
        }
        None => (decide(found)?, false),
    };
    let here = Record { code: &code, ..*r };
    let scan_id = record_scan(tx, &here, &verdict, repeat)?;
    if let (Some(person), false) = (verdict.admits(), repeat) {
        insert_checkin(tx, person.id, scan_id, &here, Method::Scan, room_name)?;
    }
    Ok(ScanOutcome { verdict, scan_id, code, desk: desk.to_string(), at: now, repeat, offline: false })
}

/// Whose number and ticket a walk-in gets: given (a joined desk deciding alone: a number of
/// its own below zero, and its [`crate::venue::walk_in_code`]), else the store's own.
#[derive(Debug, Clone, Default)]
pub struct WalkInAs {
    pub id: Option<i64>,
    pub code: Option<String>,
}

/// A walk-in registered and admitted in the caller's transaction (`a` already cleaned).
/// The same ticket code again (a retry) is the same person; an e-mail that is a cancelled
/// registration's gets that person's revoked verdict.
pub(super) fn walk_in_tx(tx: &Transaction, minter: Option<&crate::ticket::Minter>, a: &NewAttendee, given: &WalkInAs, r: &Record) -> Result<(i64, ScanOutcome)> {
    let known: Option<i64> = match &given.code {
        Some(c) => tx.prepare_cached("SELECT attendee_id FROM tickets WHERE code = ?1")?.query_row(params![c], |r| r.get(0)).optional()?,
        None => None,
    };
    let cancelled: Option<i64> = match (known, a.email.as_deref()) {
        (None, Some(email)) => tx
            .prepare_cached(
                "SELECT a.id FROM attendees a WHERE lower(a.email) = lower(?1)
                   AND EXISTS (SELECT 1 FROM tickets t WHERE t.attendee_id = a.id)
                   AND NOT EXISTS (SELECT 1 FROM tickets t WHERE t.attendee_id = a.id AND t.revoked_at IS NULL)
                 ORDER BY a.id LIMIT 1",
            )?
            .query_row(params![email], |r| r.get(0))
            .optional()?,
        _ => None,
    };
    let id = match (known, cancelled) {
        (Some(id), _) | (None, Some(id)) => id,
        (None, None) => super::attendees::insert_attendee(tx, minter, a, Source::WalkIn, given.id, given.code.as_deref(), r.now)?,
    };
    Ok((id, checkin_by_hand_tx(tx, id, Method::WalkIn, r)?))
}

/// Undoes a person's standing check-in in the caller's transaction: any (`named` none), or
/// only the one admitted at that time by that desk. False when none matched.
pub(super) fn undo_tx(tx: &Transaction, attendee_id: i64, named: Option<(DateTime<Utc>, &str)>, r: &Record) -> Result<bool> {
    let was = standing_room(tx, attendee_id)?;
    let n = match named {
        None => tx
            .prepare_cached("UPDATE checkins SET undone_at = ?2, undone_desk = ?3 WHERE attendee_id = ?1 AND undone_at IS NULL")?
            .execute(params![attendee_id, to_db(r.now), r.desk])?,
        Some((at, desk)) => tx
            .prepare_cached("UPDATE checkins SET undone_at = ?2, undone_desk = ?3 WHERE attendee_id = ?1 AND undone_at IS NULL AND at = ?4 AND desk = ?5")?
            .execute(params![attendee_id, to_db(r.now), r.desk, to_db(at), desk])?,
    };
    if n > 0 {
        if let Some((room, false)) = was {
            capacity::moved(tx, room.as_deref(), -1, r.now)?;
        }
        let code = format!("undo:{attendee_id}");
        record(tx, &Record { code: &code, ..*r }, RecordKind::Undone, Some(attendee_id), false)?;
    }
    Ok(n > 0)
}

/// A check-in by name (or a walk-in's), decided and recorded in the caller's transaction.
pub(super) fn checkin_by_hand_tx(tx: &Transaction, attendee_id: i64, method: Method, r: &Record) -> Result<ScanOutcome> {
    let code = format!("{}:{attendee_id}", method.as_str());
    let exists: Option<i64> = tx.query_row("SELECT id FROM attendees WHERE id = ?1", params![attendee_id], |r| r.get(0)).optional()?;
    if exists.is_none() {
        return Err(KioskError::AttendeeNotFound(attendee_id));
    }
    // Revoked means revoked: a cancelled ticket does not get in by name either.
    // A volunteer letting someone in by name decides for themselves: the room's count
    // takes them, the door's policy does not stop them.
    let room = capacity::door_room(tx, r.gate)?;
    let room = room.as_ref().map(|x| x.name.as_str());
    let verdict = if all_revoked(tx, attendee_id)? { Verdict::Revoked { person: person(tx, attendee_id)? } } else { admit(tx, attendee_id, room)? };
    let scan_id = record_scan(tx, &Record { code: &code, ..*r }, &verdict, false)?;
    if verdict.admits().is_some() {
        insert_checkin(tx, attendee_id, scan_id, r, method, room)?;
    }
    Ok(ScanOutcome { verdict, scan_id, code, desk: r.desk.to_string(), at: r.now, repeat: false, offline: false })
}
