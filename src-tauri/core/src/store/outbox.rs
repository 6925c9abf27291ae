//! A joined desk's log of what it did (the outbox): every entry appended before anything is
//! asked or decided, decided alone when the hub is out of reach, acknowledged when the hub
//! applied it. Its key, (running scanner's session, sequence), is what the hub applies it by.

use chrono::{DateTime, Utc};
use rusqlite::params;

use super::scans::{undo_tx, Record};
use super::Store;
use crate::clock::{from_db, to_db};
use crate::error::Result;
use crate::venue::{Action, Answer, Applied, Entry};
use crate::verdict::VerdictKind;

impl Store {
    /// Appends an entry to the log before anything is asked or decided: its running
    /// scanner's session and its sequence are the key the hub applies it by, once.
    ///
    /// Not waited on disk (one fsync less per scan): if a crash loses it, either the hub
    /// has it (it answered) or nothing was shown; a deciding-alone write, durable, carries
    /// it to disk with it. A sequence number reused after such a crash comes with a new
    /// session, so the hub never takes a new scan for an old one.
    pub fn log_entry(&mut self, at: DateTime<Utc>, action: &Action) -> Result<Entry> {
        let json = serde_json::to_string(action).expect("action serialises");
        self.conn.pragma_update(None, "synchronous", "NORMAL")?;
        let done = self.conn.execute("INSERT INTO outbox(at, session, action) VALUES (?1, ?2, ?3)", params![to_db(at), self.session, json]);
        self.conn.pragma_update(None, "synchronous", "FULL")?;
        done?;
        Ok(Entry { seq: self.conn.last_insert_rowid(), at, session: self.session.clone(), action: action.clone(), offline: None })
    }

    /// The hub heard the entry and refused it (with its reason): nothing to retry.
    pub fn refuse_entry(&self, seq: i64, reason: &str, now: DateTime<Utc>) -> Result<()> {
        self.conn.execute("UPDATE outbox SET acked_at = ?2, refused = ?3 WHERE seq = ?1", params![seq, to_db(now), reason])?;
        Ok(())
    }

    /// The desk decided alone (the hub out of reach): the entry, as it will be uploaded (a
    /// walk-in with the code the desk gave), and what the desk decided. Waiting again even
    /// if an upload racing the scan carried it before the decision: the hub must hear it.
    pub fn decided_alone(&self, seq: i64, action: &Action, offline: Option<VerdictKind>, answer: &Answer) -> Result<()> {
        self.conn.execute(
            "UPDATE outbox SET offline = ?2, action = ?3, outcome = ?4, acked_at = NULL WHERE seq = ?1",
            params![
                seq,
                offline.map(|k| k.as_str()),
                serde_json::to_string(action).expect("action serialises"),
                serde_json::to_string(answer).expect("answer serialises")
            ],
        )?;
        Ok(())
    }

    /// Entries not yet acknowledged by the hub, oldest first.
    pub fn waiting_entries(&self, limit: usize) -> Result<Vec<Entry>> {
        self.entries(true, limit)
    }

    /// The log, waiting entries only or whole.
    pub fn entries(&self, waiting_only: bool, limit: usize) -> Result<Vec<Entry>> {
        let mut st = self.conn.prepare_cached(
            "SELECT seq, at, action, offline, session FROM outbox WHERE (?2 = 0 OR acked_at IS NULL) ORDER BY seq LIMIT ?1",
        )?;
        let rows = st
            .query_map(params![limit as i64, waiting_only], |r| {
                let action: String = r.get(2)?;
                let offline: Option<String> = r.get(3)?;
                Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?, action, offline, r.get::<_, String>(4)?))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows
            .into_iter()
            .filter_map(|(seq, at, action, offline, session)| {
                Some(Entry {
                    seq,
                    at: from_db(&at),
                    session,
                    action: serde_json::from_str(&action).ok()?,
                    offline: offline.as_deref().and_then(VerdictKind::from_db),
                })
            })
            .collect())
    }

    pub fn waiting_count(&self) -> Result<i64> {
        Ok(self.conn.prepare_cached("SELECT COUNT(*) FROM outbox WHERE acked_at IS NULL")?.query_row([], |r| r.get(0))?)
    }

    /// Acknowledges the entries the hub answered during a sync (applied, or refused with
    /// its reason: either way, not sent again). Only as they were sent: an entry the desk
    /// decided alone after it went out (the upload raced the scan that was waiting for the
    /// hub) stays waiting, so that the hub hears what the desk decided.
    pub fn ack_uploaded(&mut self, sent: &[Entry], applied: &[Applied], now: DateTime<Utc>) -> Result<()> {
        self.write_tx(|tx| {
            for a in applied {
                let Some(e) = sent.iter().find(|e| e.seq == a.seq) else { continue };
                let json = serde_json::to_string(&a.answer).expect("answer serialises");
                tx.prepare_cached("UPDATE outbox SET acked_at = ?2, outcome = COALESCE(outcome, ?3), refused = ?4 WHERE seq = ?1 AND offline IS ?5")?
                    .execute(params![a.seq, to_db(now), json, a.refused(), e.offline.map(|k| k.as_str())])?;
            }
            Ok(())
        })
    }

    /// The hub answered an entry: it is done, and what the hub decided goes into the desk's
    /// copy at once (an admission, an undo), so that the desk knows it if the network drops
    /// before the hub's push arrives. One transaction, and not waited on disk: the hub holds
    /// the truth durably; if this write is lost in a crash the entry is uploaded again and
    /// the hub finds it applied (its key), so nothing counts twice and no verdict waits.
    pub fn acknowledge(&mut self, a: &Applied, undo: Option<(i64, DateTime<Utc>, &str)>, desk: &str, now: DateTime<Utc>) -> Result<()> {
        let json = serde_json::to_string(&a.answer).expect("answer serialises");
        let session = self.session.clone();
        self.conn.pragma_update(None, "synchronous", "NORMAL")?;
        let done = self.write_tx(|tx| {
            tx.prepare_cached("UPDATE outbox SET outcome = ?2, acked_at = ?3, refused = ?4 WHERE seq = ?1")?
                .execute(params![a.seq, json, to_db(now), a.refused()])?;
            match (&a.answer, undo) {
                (Answer::Verdict { outcome: o }, _) => {
                    if let (Some(person), false) = (o.verdict.admits(), o.repeat) {
                        tx.prepare_cached(
                            "INSERT INTO checkins(attendee_id, desk, at, method)
                             SELECT ?1, ?2, ?3, 'scan' WHERE EXISTS (SELECT 1 FROM attendees WHERE id = ?1)
                               AND NOT EXISTS (SELECT 1 FROM checkins WHERE attendee_id = ?1 AND undone_at IS NULL)",
                        )?
                        .execute(params![person.id, o.desk, to_db(o.at)])?;
                    }
                }
                (Answer::Undone { .. }, Some((id, at, admitted_desk))) => {
                    undo_tx(tx, id, Some((at, admitted_desk)), &Record { code: "", desk, now, session: &session, gate: None, exit: false })?;
                }
                _ => {}
            }
            Ok(())
        });
        self.conn.pragma_update(None, "synchronous", "FULL")?;
        done
    }
}
