//! The hub's tables: one-time pairing tokens, the machines that joined, each desk's entries
//! applied once by (machine, session, sequence), the conflicts of a split, and the entrance
//! journal that desks follow.

use chrono::{DateTime, Utc};
use rusqlite::{params, OptionalExtension, Transaction};

use super::scans::{checkin_by_hand_tx, scan_tx, Record};
use super::Store;
use crate::attendee::{NewAttendee, Source};
use crate::clock::{from_db, to_db};
use crate::error::{KioskError, Result};
use crate::ticket::Minter;
use crate::venue::{Action, Applied, CheckinCopy, Conflict, EntranceCopy, Entry, EventCopy, Machine, PairingError, PersonCopy, Role, TicketCopy, WalkInTicket};
use crate::verdict::{Method, ScanOutcome, Verdict, VerdictKind};

fn machine_row(r: &rusqlite::Row) -> rusqlite::Result<Machine> {
    let role: String = r.get(1)?;
    Ok(Machine {
        id: r.get(0)?,
        role: Role::from_db(&role).unwrap_or(Role::Screen),
        name: r.get(2)?,
        paired_at: from_db(&r.get::<_, String>(3)?),
        last_seen: r.get::<_, Option<String>>(4)?.as_deref().map(from_db),
        screen_position: r.get(5)?,
        screen_view: r.get(6)?,
    })
}

/// A walk-in's ticket, on the hub: the code the desk gave them when cut off, or a new one.
fn walk_in_tx(tx: &Transaction, minter: Option<&Minter>, person: &NewAttendee, code: Option<&str>, r: &Record) -> Result<(ScanOutcome, WalkInTicket)> {
    let person = super::attendees::clean(person)?;
    // A retry of an offline walk-in whose ticket is already there: the same person.
    let known: Option<i64> = match code {
        Some(c) => tx.query_row("SELECT attendee_id FROM tickets WHERE code = ?1", params![c], |r| r.get(0)).optional()?,
        None => None,
    };
    let id = match known {
        Some(id) => id,
        None => super::attendees::insert_attendee(tx, minter, &person, Source::WalkIn, code, r.now)?,
    };
    let outcome = checkin_by_hand_tx(tx, id, Method::WalkIn, r)?;
    let code: String = tx.query_row(
        "SELECT code FROM tickets WHERE attendee_id = ?1 ORDER BY revoked_at IS NOT NULL, id LIMIT 1",
        params![id],
        |r| r.get(0),
    )?;
    Ok((outcome, WalkInTicket { attendee_id: id, code }))
}

impl Store {
    pub fn add_pairing_token(&self, token_hash: &str, role: Role, expires_at: DateTime<Utc>) -> Result<()> {
        self.conn.execute(
            "INSERT INTO pairing_tokens(token, role, expires_at) VALUES (?1, ?2, ?3)",
            params![token_hash, role.as_str(), to_db(expires_at)],
        )?;
        Ok(())
    }

    /// Spends a pairing token (once) and records the machine that spent it.
    pub fn redeem_pairing(&mut self, token_hash: &str, name: &str, credential_hash: &str, now: DateTime<Utc>) -> Result<Machine> {
        self.write_tx(|tx| {
            let row: Option<(String, String, Option<String>)> = tx
                .query_row("SELECT role, expires_at, used_at FROM pairing_tokens WHERE token = ?1", params![token_hash], |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get(2)?))
                })
                .optional()?;
            let (role, expires_at) = match row {
                Some((role, exp, None)) => (role, from_db(&exp)),
                _ => return Err(PairingError::UsedOrUnknown.into()),
            };
            if now > expires_at {
                return Err(PairingError::Expired.into());
            }
            tx.execute("UPDATE pairing_tokens SET used_at = ?2 WHERE token = ?1", params![token_hash, to_db(now)])?;
            tx.execute(
                "INSERT INTO machines(role, name, credential, paired_at) VALUES (?1, ?2, ?3, ?4)",
                params![role, name, credential_hash, to_db(now)],
            )?;
            let id = tx.last_insert_rowid();
            Ok(tx.query_row("SELECT id, role, name, paired_at, last_seen, screen_position, screen_view FROM machines WHERE id = ?1", params![id], machine_row)?)
        })
    }

    /// The machine holding this credential, noting that it was heard from.
    pub fn machine_by_credential(&self, credential_hash: &str, now: DateTime<Utc>) -> Result<Option<Machine>> {
        let m = self
            .conn
            .prepare_cached("SELECT id, role, name, paired_at, last_seen, screen_position, screen_view FROM machines WHERE credential = ?1")?
            .query_row(params![credential_hash], machine_row)
            .optional()?;
        if let Some(m) = &m {
            // At most one write every few seconds per machine: not one per scan.
            if m.last_seen.is_none_or(|t| now - t > chrono::Duration::seconds(5)) {
                self.conn.prepare_cached("UPDATE machines SET last_seen = ?2 WHERE id = ?1")?.execute(params![m.id, to_db(now)])?;
            }
        }
        Ok(m)
    }

    /// Where the organiser put a screen that joined, and what it shows.
    pub fn set_machine_screen(&mut self, id: i64, position: Option<&str>, view: Option<&str>) -> Result<bool> {
        Ok(self.conn.execute("UPDATE machines SET screen_position = ?2, screen_view = ?3 WHERE id = ?1 AND role = 'screen'", params![id, position, view])? > 0)
    }

    pub fn machines(&self) -> Result<Vec<Machine>> {
        let mut st = self.conn.prepare("SELECT id, role, name, paired_at, last_seen, screen_position, screen_view FROM machines ORDER BY id")?;
        let v = st.query_map([], machine_row)?.collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(v)
    }

    pub fn conflicts(&self) -> Result<Vec<Conflict>> {
        let mut st = self.conn.prepare(
            "SELECT c.attendee_id, COALESCE(a.name, ''), c.desk, c.at, c.first_desk, c.first_at
             FROM conflicts c LEFT JOIN attendees a ON a.id = c.attendee_id ORDER BY c.id",
        )?;
        let v = st
            .query_map([], |r| {
                Ok(Conflict {
                    attendee_id: r.get(0)?,
                    name: r.get(1)?,
                    desk: r.get(2)?,
                    at: from_db(&r.get::<_, String>(3)?),
                    first_desk: r.get(4)?,
                    first_at: from_db(&r.get::<_, String>(5)?),
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(v)
    }

    /// Applies one entry of a desk's log in one write transaction: decided, recorded and
    /// marked as applied together, so that a retry after a lost answer (or a crash) finds it
    /// applied and counts nothing twice. `now`: the hub's time, used for entries decided
    /// online; an entry the desk decided alone keeps the desk's time.
    pub fn apply_entry(&mut self, machine: &Machine, e: &Entry, now: DateTime<Utc>) -> Result<Applied> {
        let readings = match &e.action {
            Action::Scan { code, as_us } => Some(self.readings(code, as_us.as_deref())),
            _ => None,
        };
        let session = format!("machine-{}-{}", machine.id, e.session);
        let desk = crate::desk::name(&machine.name);
        let minter = self.minter.clone();
        self.write_tx(|tx| {
            let done: Option<(String, Option<String>, bool)> = tx
                .prepare_cached("SELECT outcome, walk_in, conflict FROM desk_entries WHERE machine_id = ?1 AND session = ?2 AND seq = ?3")?
                .query_row(params![machine.id, e.session, e.seq], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
                .optional()?;
            if let Some((outcome, walk_in, conflict)) = done {
                let mut outcome: ScanOutcome = serde_json::from_str(&outcome).map_err(|_| KioskError::Export("entrée effacée / entry purged".into()))?;
                let walk_in = walk_in.and_then(|w| serde_json::from_str(&w).ok());
                // The same entry again. If the hub took it as an online request (a late copy
                // of one the desk gave up waiting for) while the desk, cut off, let the person
                // in alone, the desk's green stands beside another door's: a double entry,
                // flagged now, whichever of the copy and the upload came first.
                let late_double = matches!((&e.offline, &outcome.verdict), (Some(VerdictKind::Admitted), Verdict::AlreadyAdmitted { .. })) && !outcome.repeat && !conflict;
                if let (true, Verdict::AlreadyAdmitted { person, first_at, first_desk }) = (late_double, &outcome.verdict) {
                    tx.execute(
                        "INSERT INTO conflicts(attendee_id, scan_id, desk, at, first_desk, first_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                        params![person.id, outcome.scan_id, desk, to_db(e.at), first_desk, to_db(*first_at)],
                    )?;
                    tx.execute("UPDATE desk_entries SET conflict = 1 WHERE machine_id = ?1 AND session = ?2 AND seq = ?3", params![machine.id, e.session, e.seq])?;
                    outcome.offline = true;
                    return Ok(Applied { seq: e.seq, outcome, duplicate: true, conflict: true, walk_in });
                }
                return Ok(Applied { seq: e.seq, outcome, duplicate: true, conflict, walk_in });
            }
            let at = if e.offline.is_some() { e.at } else { now };
            let r = Record { code: "", desk: &desk, now: at, session: &session };
            let (mut outcome, walk_in) = match (&e.action, readings) {
                (Action::Scan { code, .. }, Some(readings)) => (scan_tx(tx, readings, code, &r)?, None),
                (Action::Manual { attendee_id }, _) => (checkin_by_hand_tx(tx, *attendee_id, Method::Manual, &r)?, None),
                (Action::WalkIn { person, code }, _) => {
                    let (o, t) = walk_in_tx(tx, minter.as_ref(), person, code.as_deref(), &r)?;
                    (o, Some(t))
                }
                (Action::Scan { .. }, None) => unreachable!("a scan's readings are taken above"),
            };
            outcome.offline = e.offline.is_some();
            // The desk let them in alone, and someone else had let them in: both kept.
            let conflict = match (&e.offline, &outcome.verdict) {
                (Some(VerdictKind::Admitted), Verdict::AlreadyAdmitted { person, first_at, first_desk }) if !outcome.repeat => {
                    tx.execute(
                        "INSERT INTO conflicts(attendee_id, scan_id, desk, at, first_desk, first_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                        params![person.id, outcome.scan_id, desk, to_db(at), first_desk, to_db(*first_at)],
                    )?;
                    true
                }
                _ => false,
            };
            let json = serde_json::to_string(&outcome).expect("outcome serialises");
            let wi = walk_in.as_ref().map(|w| serde_json::to_string(w).expect("ticket serialises"));
            tx.prepare_cached("INSERT INTO desk_entries(machine_id, session, seq, outcome, walk_in, conflict) VALUES (?1, ?2, ?3, ?4, ?5, ?6)")?
                .execute(params![machine.id, e.session, e.seq, json, wi, conflict])?;
            Ok(Applied { seq: e.seq, outcome, duplicate: false, conflict, walk_in })
        })
    }

    /// What changed at the entrance after `since` (0: everything), for a desk's copy.
    pub fn entrance_copy(&self, since: i64) -> Result<EntranceCopy> {
        let c = &self.conn;
        let cursor: i64 = c.query_row("SELECT COALESCE(MAX(id), 0) FROM changes", [], |r| r.get(0))?;
        let changed = |tbl: &str| format!("(SELECT row_id FROM changes WHERE tbl = '{tbl}' AND id > ?1 AND id <= ?2)");
        let all = since <= 0;
        let people_sql = format!(
            "SELECT id, name, email, organisation, category, source, created_at FROM attendees {}",
            if all { String::new() } else { format!("WHERE id IN {}", changed("attendee")) }
        );
        let tickets_sql = format!(
            "SELECT code, attendee_id, signed, created_at, revoked_at FROM tickets {}",
            if all { String::new() } else { format!("WHERE id IN {}", changed("ticket")) }
        );
        let checkins_sql = if all {
            "SELECT attendee_id, at, desk FROM checkins WHERE undone_at IS NULL".to_string()
        } else {
            format!(
                "SELECT x.row_id, c.at, c.desk FROM (SELECT DISTINCT row_id FROM changes WHERE tbl = 'checkin' AND id > ?1 AND id <= ?2) x
                 LEFT JOIN checkins c ON c.attendee_id = x.row_id AND c.undone_at IS NULL"
            )
        };
        let bind = |sql: &str| -> Result<rusqlite::Statement<'_>> { Ok(c.prepare(sql)?) };
        let args: Vec<i64> = if all { vec![] } else { vec![since, cursor] };
        let p = rusqlite::params_from_iter(args.iter());
        let people = bind(&people_sql)?
            .query_map(p, |r| {
                Ok(PersonCopy {
                    id: r.get(0)?,
                    name: r.get(1)?,
                    email: r.get(2)?,
                    organisation: r.get(3)?,
                    category: r.get(4)?,
                    source: r.get(5)?,
                    created_at: r.get(6)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let tickets = bind(&tickets_sql)?
            .query_map(rusqlite::params_from_iter(args.iter()), |r| {
                Ok(TicketCopy { code: r.get(0)?, attendee_id: r.get(1)?, signed: r.get(2)?, created_at: r.get(3)?, revoked_at: r.get(4)? })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let checkins = bind(&checkins_sql)?
            .query_map(rusqlite::params_from_iter(args.iter()), |r| {
                let at: Option<String> = r.get(1)?;
                let desk: Option<String> = r.get(2)?;
                Ok(CheckinCopy { attendee_id: r.get(0)?, standing: at.zip(desk) })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(EntranceCopy { people, tickets, checkins, cursor })
    }

    /// The event a joining machine adopts (with the public key only).
    pub fn event_copy(&self) -> Result<EventCopy> {
        let public: Vec<u8> = self.conn.query_row("SELECT public FROM keys WHERE id = 1", [], |r| r.get(0))?;
        Ok(EventCopy { uid: self.event_uid.clone(), public_key: data_encoding::HEXLOWER.encode(&public), pack: self.pack()?.to_file() })
    }
}
