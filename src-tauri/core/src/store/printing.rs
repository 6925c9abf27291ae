//! The badges waiting for the printer, and those sent: one row a job, with what the badge
//! shows (so that a job prints as it was asked, even on a desk whose copy changed since),
//! its state and the print system's last word. A purge deletes them all.

use chrono::{DateTime, Utc};
use rusqlite::{params, OptionalExtension};
use serde::{Deserialize, Serialize};

use super::Store;
use crate::attendee::Category;
use crate::clock::{from_db, to_db};
use crate::error::Result;

text_enum! {
    /// Where a badge's job stands.
    pub enum JobState {
        /// Not printed yet: the printer was stopped, missing or busy; tried again later.
        Waiting = "waiting",
        /// Handed to the print system.
        Sent = "sent",
        /// Given up by the volunteer.
        Dropped = "dropped",
    }
}

/// A badge to print.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct PrintJob {
    pub id: i64,
    /// When it was asked (the admission, or *réimprimer*).
    pub at: DateTime<Utc>,
    pub attendee_id: i64,
    pub name: String,
    pub organisation: Option<String>,
    pub category: Category,
    pub code: String,
    pub state: JobState,
    /// Tries that failed, and the last one's reason (the print system's words).
    pub tries: i64,
    pub reason: Option<String>,
    pub sent_at: Option<DateTime<Utc>>,
    /// The print system's id for the job ("BH-PDF-12").
    pub system_id: Option<String>,
}

/// What a new job prints.
#[derive(Debug, Clone)]
pub struct NewJob<'a> {
    pub attendee_id: i64,
    pub name: &'a str,
    pub organisation: Option<&'a str>,
    pub category: &'a Category,
    pub code: &'a str,
}

const JOB_SELECT: &str = "SELECT id, at, attendee_id, name, organisation, category, code, state, tries, reason, sent_at, system_id FROM print_jobs";

fn job_from_row(r: &rusqlite::Row) -> rusqlite::Result<PrintJob> {
    let at: String = r.get(1)?;
    let sent: Option<String> = r.get(10)?;
    let state: String = r.get(7)?;
    Ok(PrintJob {
        id: r.get(0)?,
        at: from_db(&at),
        attendee_id: r.get(2)?,
        name: r.get(3)?,
        organisation: r.get(4)?,
        category: Category::stored(&r.get::<_, String>(5)?),
        code: r.get(6)?,
        state: JobState::from_db(&state).unwrap_or(JobState::Waiting),
        tries: r.get(8)?,
        reason: r.get(9)?,
        sent_at: sent.as_deref().map(from_db),
        system_id: r.get(11)?,
    })
}

impl Store {
    /// A badge to print, waiting. Not waited on disk (the admission before it was): a job a
    /// power cut loses is a badge not printed, which *réimprimer* mends, while an fsync
    /// here would hold the verdict.
    pub fn queue_badge(&mut self, at: DateTime<Utc>, job: &NewJob) -> Result<i64> {
        self.conn.pragma_update(None, "synchronous", "NORMAL")?;
        let done = self.conn.execute(
            "INSERT INTO print_jobs(at, attendee_id, name, organisation, category, code, state, tries) VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'waiting', 0)",
            params![to_db(at), job.attendee_id, job.name, job.organisation, job.category.as_str(), job.code],
        );
        self.conn.pragma_update(None, "synchronous", "FULL")?;
        done?;
        Ok(self.conn.last_insert_rowid())
    }

    /// The jobs waiting, oldest first.
    pub fn waiting_jobs(&self) -> Result<Vec<PrintJob>> {
        let mut st = self.conn.prepare_cached(&format!("{JOB_SELECT} WHERE state = 'waiting' ORDER BY id"))?;
        let rows = st.query_map([], job_from_row)?.collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// The latest jobs, newest first (the desk's print line, `badges list`).
    pub fn recent_jobs(&self, limit: i64) -> Result<Vec<PrintJob>> {
        let mut st = self.conn.prepare_cached(&format!("{JOB_SELECT} ORDER BY id DESC LIMIT ?1"))?;
        let rows = st.query_map(params![limit], job_from_row)?.collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    pub fn print_job(&self, id: i64) -> Result<Option<PrintJob>> {
        Ok(self.conn.prepare_cached(&format!("{JOB_SELECT} WHERE id = ?1"))?.query_row(params![id], job_from_row).optional()?)
    }

    /// Handed to the print system, as `system_id`.
    pub fn job_sent(&self, id: i64, at: DateTime<Utc>, system_id: &str) -> Result<()> {
        self.conn.execute("UPDATE print_jobs SET state = 'sent', sent_at = ?2, system_id = ?3, reason = NULL WHERE id = ?1", params![id, to_db(at), system_id])?;
        Ok(())
    }

    /// Not printed this time: kept waiting, with the reason.
    pub fn job_failed(&self, id: i64, reason: &str) -> Result<()> {
        self.conn.execute("UPDATE print_jobs SET tries = tries + 1, reason = ?2 WHERE id = ?1 AND state = 'waiting'", params![id, reason])?;
        Ok(())
    }

    /// Given up: false if no waiting job has this id.
    pub fn drop_job(&self, id: i64) -> Result<bool> {
        Ok(self.conn.execute("UPDATE print_jobs SET state = 'dropped' WHERE id = ?1 AND state = 'waiting'", params![id])? > 0)
    }
}

impl Store {
    /// Whether a badge was already printed or is waiting for this person (auto-print prints
    /// a person's badge once: someone who went out and comes back does not get a second).
    pub fn has_badge_job(&self, attendee_id: i64) -> Result<bool> {
        Ok(self
            .conn
            .prepare_cached("SELECT 1 FROM print_jobs WHERE attendee_id = ?1 AND state != 'dropped' LIMIT 1")?
            .query_row(params![attendee_id], |_| Ok(()))
            .optional()?
            .is_some())
    }
}
