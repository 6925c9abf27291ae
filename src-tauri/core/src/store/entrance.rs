//! The entrance's write transaction, offered to the rules above (the hub applying a desk's
//! entry): each step here is one move in SQL; which step follows which, and what an entry
//! may do, is decided in `service::hub`. The transaction commits when the rules return.

use chrono::{DateTime, Utc};
use rusqlite::{params, OptionalExtension, Transaction};

use super::scans::{checkin_by_hand_tx, scan_tx, undo_tx, walk_in_tx, Readings, Record, WalkInAs};
use super::Store;
use crate::attendee::NewAttendee;
use crate::clock::{from_db, to_db};
use crate::error::Result;
use crate::ticket::Minter;
use crate::verdict::{Method, ScanOutcome};

/// Where and when a line of the record is written, and by which running scanner (its
/// session: the repeat rule is per running scanner).
#[derive(Debug, Clone, Copy)]
pub struct Stamp<'a> {
    pub desk: &'a str,
    pub at: DateTime<Utc>,
    pub session: &'a str,
    /// The gate the desk stands at (a scan of a category it does not take is refused).
    pub gate: Option<crate::gates::AtGate<'a>>,
    /// The desk records exits.
    pub exit: bool,
}

impl<'a> Stamp<'a> {
    fn record(&self) -> Record<'a> {
        Record { code: "", desk: self.desk, now: self.at, session: self.session, gate: self.gate, exit: self.exit }
    }
}

/// One write transaction at the entrance.
pub struct EntranceTx<'t> {
    pub(super) tx: &'t Transaction<'t>,
    minter: Option<&'t Minter>,
}

impl Store {
    /// Runs `f` in one write transaction, committed if it returns `Ok`, rolled back otherwise.
    pub fn entrance_tx<T>(&mut self, f: impl FnOnce(&EntranceTx) -> Result<T>) -> Result<T> {
        let minter = self.minter.clone();
        self.write_tx(|tx| f(&EntranceTx { tx, minter: minter.as_ref() }))
    }
}

impl EntranceTx<'_> {
    pub fn scan(&self, readings: Readings, raw: &str, s: &Stamp) -> Result<ScanOutcome> {
        scan_tx(self.tx, readings, raw, &s.record())
    }

    pub fn by_hand(&self, attendee_id: i64, method: Method, s: &Stamp) -> Result<ScanOutcome> {
        checkin_by_hand_tx(self.tx, attendee_id, method, &s.record())
    }

    /// A walk-in (`a` cleaned): their number, and the verdict.
    pub fn walk_in(&self, a: &NewAttendee, given: &WalkInAs, s: &Stamp) -> Result<(i64, ScanOutcome)> {
        walk_in_tx(self.tx, self.minter, a, given, &s.record())
    }

    /// Undoes the admission named (that time, that desk) if it still stands.
    pub fn undo(&self, attendee_id: i64, admitted_at: DateTime<Utc>, admitted_desk: &str, s: &Stamp) -> Result<bool> {
        undo_tx(self.tx, attendee_id, Some((admitted_at, admitted_desk)), &s.record())
    }

    pub fn attendee_exists(&self, id: i64) -> Result<bool> {
        Ok(self.tx.prepare_cached("SELECT 1 FROM attendees WHERE id = ?1")?.query_row(params![id], |_| Ok(())).optional()?.is_some())
    }

    /// Who holds this ticket code, if anyone.
    pub fn holder(&self, code: &str) -> Result<Option<i64>> {
        Ok(self.tx.prepare_cached("SELECT attendee_id FROM tickets WHERE code = ?1")?.query_row(params![code], |r| r.get(0)).optional()?)
    }

    /// The ticket to show a person: a valid one first.
    pub fn ticket_code(&self, attendee_id: i64) -> Result<Option<String>> {
        Ok(self
            .tx
            .prepare_cached("SELECT code FROM tickets WHERE attendee_id = ?1 ORDER BY revoked_at IS NOT NULL, id LIMIT 1")?
            .query_row(params![attendee_id], |r| r.get(0))
            .optional()?)
    }

    /// A second ticket for a known person (a walk-in's code given by a desk that had given up
    /// waiting for the hub's).
    pub fn add_ticket(&self, attendee_id: i64, code: &str, at: DateTime<Utc>) -> Result<()> {
        self.tx
            .prepare_cached("INSERT OR IGNORE INTO tickets(code, attendee_id, signed, created_at) VALUES (?1, ?2, 0, ?3)")?
            .execute(params![code, attendee_id, to_db(at)])?;
        Ok(())
    }

    /// When the person's last valid ticket was cancelled, if all of them are.
    pub fn cancelled_at(&self, attendee_id: i64) -> Result<Option<DateTime<Utc>>> {
        let at: Option<String> = self
            .tx
            .prepare_cached(
                "SELECT MAX(revoked_at) FROM tickets WHERE attendee_id = ?1
                   AND NOT EXISTS (SELECT 1 FROM tickets v WHERE v.attendee_id = ?1 AND v.revoked_at IS NULL)",
            )?
            .query_row(params![attendee_id], |r| r.get(0))?;
        Ok(at.as_deref().map(from_db))
    }
}
