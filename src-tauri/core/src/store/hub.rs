//! The hub's tables: one-time pairing tokens, the machines that joined, each desk's entries
//! applied once by (machine, session, sequence), the conflicts of a split, and the entrance
//! journal that desks follow.

use chrono::{DateTime, Utc};
use rusqlite::{params, OptionalExtension};

use super::entrance::EntranceTx;
use super::Store;
use crate::clock::{from_db, to_db};
use crate::error::Result;
use crate::venue::{Answer, Applied, CheckinCopy, Conflict, ConflictKind, EntranceCopy, EventCopy, Machine, PairingError, PersonCopy, RefusedEntry, Role, TicketCopy};
use crate::verdict::ScanOutcome;

const MACHINE_SELECT: &str =
    "SELECT id, role, name, paired_at, last_seen, screen_position, screen_view, joined_venue_at, revoked_at, purge_told_at FROM machines";

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
        joined_venue_at: r.get::<_, Option<String>>(7)?.as_deref().map(from_db),
        revoked_at: r.get::<_, Option<String>>(8)?.as_deref().map(from_db),
        expires_at: None,
        purge_told_at: r.get::<_, Option<String>>(9)?.as_deref().map(from_db),
    })
}

impl Store {
    pub fn add_pairing_token(&self, token_hash: &str, role: Role, expires_at: DateTime<Utc>) -> Result<()> {
        self.conn.execute(
            "INSERT INTO pairing_tokens(token, role, expires_at) VALUES (?1, ?2, ?3)",
            params![token_hash, role.as_str(), to_db(expires_at)],
        )?;
        Ok(())
    }

    /// Spends a pairing token and records the machine that spent it. `now`: the machine's
    /// real time (the token's expiry); `venue_now`: the venue clock's (its offline entries
    /// may not be older).
    ///
    /// The token is spent for good only when the machine's join succeeded, which the hub
    /// knows by its first call with its new credential: until then (a join that failed on
    /// the machine's side after the hub answered), the same QR may be used again, and the
    /// machine that never called is forgotten.
    pub fn redeem_pairing(&mut self, token_hash: &str, name: &str, credential_hash: &str, now: DateTime<Utc>, venue_now: DateTime<Utc>) -> Result<Machine> {
        self.write_tx(|tx| {
            let row: Option<(String, String, Option<String>, Option<i64>)> = tx
                .query_row("SELECT role, expires_at, used_at, machine_id FROM pairing_tokens WHERE token = ?1", params![token_hash], |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
                })
                .optional()?;
            let (role, expires_at) = match row {
                Some((role, exp, None, _)) => (role, from_db(&exp)),
                Some((role, exp, Some(_), Some(earlier))) => {
                    let unconfirmed = tx
                        .query_row("SELECT 1 FROM machines WHERE id = ?1 AND last_seen IS NULL AND revoked_at IS NULL", params![earlier], |_| Ok(()))
                        .optional()?
                        .is_some();
                    if !unconfirmed {
                        return Err(PairingError::UsedOrUnknown.into());
                    }
                    tx.execute("DELETE FROM machines WHERE id = ?1", params![earlier])?;
                    (role, from_db(&exp))
                }
                _ => return Err(PairingError::UsedOrUnknown.into()),
            };
            if now > expires_at {
                return Err(PairingError::Expired.into());
            }
            tx.execute(
                "INSERT INTO machines(role, name, credential, paired_at, joined_venue_at) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![role, name, credential_hash, to_db(now), to_db(venue_now)],
            )?;
            let id = tx.last_insert_rowid();
            tx.execute("UPDATE pairing_tokens SET used_at = ?2, machine_id = ?3 WHERE token = ?1", params![token_hash, to_db(now), id])?;
            Ok(tx.query_row(&format!("{MACHINE_SELECT} WHERE id = ?1"), params![id], machine_row)?)
        })
    }

    /// The hashes of every credential the hub gave (removed machines' included: they are
    /// told so).
    pub fn credential_hashes(&self) -> Result<Vec<String>> {
        let mut st = self.conn.prepare_cached("SELECT credential FROM machines")?;
        let v = st.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(v)
    }

    /// Removes a machine from the venue network: its credential is refused from now on.
    pub fn revoke_machine(&mut self, id: i64, now: DateTime<Utc>) -> Result<bool> {
        Ok(self.conn.execute("UPDATE machines SET revoked_at = ?2 WHERE id = ?1 AND revoked_at IS NULL", params![id, to_db(now)])? > 0)
    }

    /// The machine was told of the purge (the first time it called after it).
    pub fn purge_told(&mut self, id: i64, now: DateTime<Utc>) -> Result<()> {
        self.conn.execute("UPDATE machines SET purge_told_at = ?2 WHERE id = ?1 AND purge_told_at IS NULL", params![id, to_db(now)])?;
        Ok(())
    }

    /// The machine holding this credential, noting that it was heard from.
    pub fn machine_by_credential(&self, credential_hash: &str, now: DateTime<Utc>) -> Result<Option<Machine>> {
        let m = self
            .conn
            .prepare_cached(&format!("{MACHINE_SELECT} WHERE credential = ?1"))?
            .query_row(params![credential_hash], machine_row)
            .optional()?;
        if let Some(m) = m.as_ref().filter(|m| m.revoked_at.is_none()) {
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
        let mut st = self.conn.prepare(&format!("{MACHINE_SELECT} ORDER BY id"))?;
        let v = st.query_map([], machine_row)?.collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(v)
    }

    pub fn conflicts(&self) -> Result<Vec<Conflict>> {
        let mut st = self.conn.prepare(
            "SELECT c.attendee_id, COALESCE(a.name, ''), c.desk, c.at, c.first_desk, c.first_at, c.kind
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
                    kind: ConflictKind::from_db(&r.get::<_, String>(6)?).unwrap_or(ConflictKind::Twice),
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(v)
    }

    /// The entries the hub could not apply, oldest first.
    pub fn refused_entries(&self) -> Result<Vec<RefusedEntry>> {
        let mut st = self.conn.prepare(
            "SELECT m.name, d.at, COALESCE(d.what, ''), d.refused FROM desk_entries d JOIN machines m ON m.id = d.machine_id
             WHERE d.refused IS NOT NULL ORDER BY d.at",
        )?;
        let v = st
            .query_map([], |r| {
                Ok(RefusedEntry { machine: r.get(0)?, at: from_db(&r.get::<_, Option<String>>(1)?.unwrap_or_default()), what: r.get(2)?, reason: r.get(3)? })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(v)
    }

    /// What changed at the entrance after `since` (0: everything), for a desk's copy.
    pub fn entrance_copy(&self, since: i64) -> Result<EntranceCopy> {
        let c = &self.conn;
        let cursor: i64 = c.query_row("SELECT COALESCE(MAX(id), 0) FROM changes", [], |r| r.get(0))?;
        let changed = |tbl: &str| format!("(SELECT row_id FROM changes WHERE tbl = '{tbl}' AND id > ?1 AND id <= ?2)");
        let all = since <= 0;
        let people_sql = format!(
            "SELECT id, name, email, organisation, category, source, created_at, note, attention FROM attendees {}",
            if all { String::new() } else { format!("WHERE id IN {}", changed("attendee")) }
        );
        let tickets_sql = format!(
            "SELECT code, attendee_id, signed, created_at, revoked_at FROM tickets {}",
            if all { String::new() } else { format!("WHERE id IN {}", changed("ticket")) }
        );
        let checkins_sql = if all {
            "SELECT attendee_id, at, desk, out_at FROM checkins WHERE undone_at IS NULL".to_string()
        } else {
            format!(
                "SELECT x.row_id, c.at, c.desk, c.out_at FROM (SELECT DISTINCT row_id FROM changes WHERE tbl = 'checkin' AND id > ?1 AND id <= ?2) x
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
                    note: r.get(7)?,
                    attention: r.get(8)?,
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
                Ok(CheckinCopy { attendee_id: r.get(0)?, standing: at.zip(desk), out_at: r.get(3)? })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(EntranceCopy { people, tickets, checkins, cursor, pin: None, categories: Some(self.event.categories.clone()), gates: Some(self.event.gates.clone()) })
    }

    /// The event a joining machine adopts (with the public key only).
    pub fn event_copy(&self) -> Result<EventCopy> {
        let public: Vec<u8> = self.conn.query_row("SELECT public FROM keys WHERE id = 1", [], |r| r.get(0))?;
        Ok(EventCopy { uid: self.event_uid.clone(), public_key: data_encoding::HEXLOWER.encode(&public), pack: self.pack()?.to_file() })
    }
}

/// A line for the organiser's list of what to look at after a split.
#[derive(Debug, Clone)]
pub struct Flag<'a> {
    pub kind: ConflictKind,
    pub attendee_id: i64,
    pub scan_id: i64,
    pub desk: &'a str,
    pub at: DateTime<Utc>,
    pub first_desk: &'a str,
    pub first_at: DateTime<Utc>,
}

/// The hub's book of applied entries, kept in the entrance's transaction: an entry is
/// applied and remembered together, so that a retry finds it and counts nothing twice.
impl EntranceTx<'_> {
    /// What the hub answered this entry when it applied it, if it did.
    pub fn applied_before(&self, machine_id: i64, session: &str, seq: i64) -> Result<Option<Applied>> {
        let row: Option<(String, Option<String>, bool, Option<String>)> = self
            .tx
            .prepare_cached("SELECT outcome, walk_in, conflict, conflict_kind FROM desk_entries WHERE machine_id = ?1 AND session = ?2 AND seq = ?3")?
            .query_row(params![machine_id, session, seq], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
            .optional()?;
        Ok(row.map(|(answer, walk_in, conflict, kind)| {
            // Earlier versions kept the verdict alone; a purge leaves nothing to read.
            let answer = serde_json::from_str::<Answer>(&answer)
                .or_else(|_| serde_json::from_str::<ScanOutcome>(&answer).map(|outcome| Answer::Verdict { outcome }))
                .unwrap_or(Answer::Refused { reason: crate::bilingual::bi("entrée effacée par la purge", "entry erased by the purge") });
            let conflict = kind.as_deref().and_then(ConflictKind::from_db).or(conflict.then_some(ConflictKind::Twice));
            Applied { seq, answer, duplicate: true, conflict, walk_in: walk_in.and_then(|w| serde_json::from_str(&w).ok()) }
        }))
    }

    /// Remembers the answer to an entry (applied at `at`; `what`: the entry in a few words).
    pub fn remember(&self, machine_id: i64, session: &str, a: &Applied, at: DateTime<Utc>, what: &str) -> Result<()> {
        let answer = serde_json::to_string(&a.answer).expect("answer serialises");
        let walk_in = a.walk_in.as_ref().map(|w| serde_json::to_string(w).expect("ticket serialises"));
        self.tx
            .prepare_cached(
                "INSERT INTO desk_entries(machine_id, session, seq, outcome, walk_in, conflict, conflict_kind, at, what, refused)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            )?
            .execute(params![machine_id, session, a.seq, answer, walk_in, a.conflict.is_some(), a.conflict.map(|k| k.as_str()), to_db(at), what, a.refused()])?;
        Ok(())
    }

    /// An entry applied earlier, flagged now (its upload came after a late copy of it).
    pub fn set_conflict(&self, machine_id: i64, session: &str, seq: i64, kind: ConflictKind) -> Result<()> {
        self.tx
            .prepare_cached("UPDATE desk_entries SET conflict = 1, conflict_kind = ?4 WHERE machine_id = ?1 AND session = ?2 AND seq = ?3")?
            .execute(params![machine_id, session, seq, kind.as_str()])?;
        Ok(())
    }

    pub fn flag(&self, f: &Flag) -> Result<()> {
        self.tx
            .prepare_cached("INSERT INTO conflicts(attendee_id, scan_id, desk, at, first_desk, first_at, kind) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)")?
            .execute(params![f.attendee_id, f.scan_id, f.desk, to_db(f.at), f.first_desk, to_db(f.first_at), f.kind.as_str()])?;
        Ok(())
    }
}
