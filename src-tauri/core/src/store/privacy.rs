//! Nothing personal left after the day. Every export of personal data is logged (who, when,
//! where); the purge deletes names, e-mails, organisations, codes and raw scan text, keeps
//! the anonymous figures (arrivals by time, category and desk; verdict counts; how many were
//! registered), then rewrites the file so that no deleted byte remains in it or its WAL.

use chrono::{DateTime, Utc};
use rusqlite::params;
use serde::{Deserialize, Serialize};

use super::{migrations, Store};
use crate::attendee::Category;
use crate::clock::{from_db, to_db};
use crate::error::Result;
use crate::figures::Arrival;

/// What a purge deleted.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct PurgeReport {
    pub people: i64,
    pub tickets: i64,
    pub scans_blanked: i64,
    /// Arrivals kept, anonymous, for the figures.
    pub arrivals_kept: i64,
    /// Files that exports wrote with names in them, deleted (wherever they were).
    pub files_deleted: i64,
}

/// A line of the export log.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct ExportLogged {
    pub at: DateTime<Utc>,
    pub desk: String,
    pub what: String,
    pub place: String,
    pub people: i64,
}

impl Store {
    /// Records that personal data left the store: what, where, for how many, from which desk.
    pub fn log_export(&self, at: DateTime<Utc>, desk: &str, what: &str, place: &str, people: i64) -> Result<()> {
        self.conn.execute(
            "INSERT INTO exports_log(at, desk, what, place, people) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![to_db(at), desk, what, place, people],
        )?;
        Ok(())
    }

    /// Notes the files an export wrote with names in them: the purge deletes them.
    pub fn note_written(&mut self, paths: &[std::path::PathBuf], what: &str, at: DateTime<Utc>) -> Result<()> {
        self.write_tx(|tx| {
            for p in paths {
                tx.prepare_cached("INSERT OR REPLACE INTO written_files(path, what, at) VALUES (?1, ?2, ?3)")?
                    .execute(params![p.to_string_lossy(), what, to_db(at)])?;
            }
            Ok(())
        })
    }

    /// The files exports wrote with names in them (still there or not).
    pub fn written_files(&self) -> Result<Vec<std::path::PathBuf>> {
        let mut st = self.conn.prepare("SELECT path FROM written_files ORDER BY path")?;
        let v = st.query_map([], |r| r.get::<_, String>(0))?.collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(v.into_iter().map(std::path::PathBuf::from).collect())
    }

    /// After a purge deleted them.
    pub fn forget_written(&mut self) -> Result<()> {
        self.conn.execute("DELETE FROM written_files", [])?;
        Ok(())
    }

    pub fn exports_log(&self) -> Result<Vec<ExportLogged>> {
        let mut st = self.conn.prepare("SELECT at, desk, what, place, people FROM exports_log ORDER BY id")?;
        let rows = st
            .query_map([], |r| {
                Ok(ExportLogged { at: from_db(&r.get::<_, String>(0)?), desk: r.get(1)?, what: r.get(2)?, place: r.get(3)?, people: r.get(4)? })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// Every standing check-in, and those a purge kept: time, category, desk.
    pub fn arrivals(&self) -> Result<Vec<Arrival>> {
        let mut st = self.conn.prepare(
            "SELECT c.at, a.category, c.desk, c.gate FROM checkins c JOIN attendees a ON a.id = c.attendee_id WHERE c.undone_at IS NULL
             UNION ALL SELECT at, category, desk, gate FROM arrivals_kept ORDER BY 1",
        )?;
        let rows = st
            .query_map([], |r| {
                let category: String = r.get(1)?;
                Ok(Arrival { at: from_db(&r.get::<_, String>(0)?), category: Category::stored(&category), desk: r.get(2)?, gate: r.get(3)? })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// Deletes every personal byte, keeps the anonymous figures, and rewrites the file.
    pub fn purge(&mut self, now: DateTime<Utc>, desk: &str) -> Result<PurgeReport> {
        // Freed pages are zeroed rather than left with their old content.
        self.conn.pragma_update(None, "secure_delete", "ON")?;
        let report = self.write_tx(|tx| {
            let arrivals_kept = tx.execute(
                "INSERT INTO arrivals_kept(at, category, desk, method, gate, room)
                 SELECT c.at, a.category, c.desk, c.method, c.gate, c.room FROM checkins c JOIN attendees a ON a.id = c.attendee_id WHERE c.undone_at IS NULL",
                [],
            )? as i64;
            let people: i64 = tx.query_row("SELECT COUNT(*) FROM attendees", [], |r| r.get(0))?;
            let walk_ins: i64 = tx.query_row("SELECT COUNT(*) FROM attendees WHERE source = 'walk_in'", [], |r| r.get(0))?;
            tx.execute("INSERT INTO purges(at, desk, registered, walk_ins) VALUES (?1, ?2, ?3, ?4)", params![to_db(now), desk, people, walk_ins])?;
            let scans_blanked = tx.execute("UPDATE scans SET code = '', attendee_id = NULL", [])? as i64;
            tx.execute("DELETE FROM checkins", [])?;
            let tickets = tx.execute("DELETE FROM tickets", [])? as i64;
            tx.execute("DELETE FROM attendees", [])?;
            tx.execute("DELETE FROM print_jobs", [])?;
            tx.execute("DELETE FROM mails", [])?;
            // The venue network's copies name people too: desks' entries, conflicts, the
            // outbox of a desk, the journal's row ids.
            tx.execute_batch(
                "UPDATE desk_entries SET outcome = '{}', walk_in = NULL, what = NULL, refused = NULL; DELETE FROM conflicts; DELETE FROM outbox; DELETE FROM changes;",
            )?;
            // The search index keeps every name's words: dropped whole, made anew.
            tx.execute_batch(&format!("DROP TABLE attendee_search; {}", migrations::SEARCH_TABLE))?;
            Ok(PurgeReport { people, tickets, scans_blanked, arrivals_kept, files_deleted: 0 })
        })?;
        // Into the main file, then rewritten without free pages, then the WAL emptied.
        self.conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
        self.conn.execute_batch("VACUUM")?;
        self.conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
        Ok(report)
    }
}
