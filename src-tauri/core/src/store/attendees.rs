//! Attendees, their tickets and the name search.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Utc};
use rusqlite::{params, OptionalExtension, Row, Transaction};
use serde::{Deserialize, Serialize};

use super::Store;
use crate::attendee::{Attendee, Category, NewAttendee, Source};
use crate::clock::{from_db, to_db};
use crate::error::{KioskError, Result};
use crate::registrations::{BadRow, ImportRow};
use crate::search::query_words;
use crate::ticket::Minter;
use crate::verdict::RecordKind;

const ATTENDEE_SELECT: &str = "SELECT a.id, a.name, a.email, a.organisation, a.category, a.source,
      (SELECT code FROM tickets t WHERE t.attendee_id = a.id AND t.revoked_at IS NULL ORDER BY t.id LIMIT 1),
      c.at, c.desk,
      (SELECT MAX(t.revoked_at) FROM tickets t WHERE t.attendee_id = a.id
        AND NOT EXISTS (SELECT 1 FROM tickets v WHERE v.attendee_id = a.id AND v.revoked_at IS NULL)),
      a.note, a.attention
    FROM attendees a LEFT JOIN checkins c ON c.attendee_id = a.id AND c.undone_at IS NULL";

fn attendee_from_row(r: &Row) -> rusqlite::Result<Attendee> {
    let category: String = r.get(4)?;
    let source: String = r.get(5)?;
    let at: Option<String> = r.get(7)?;
    Ok(Attendee {
        id: r.get(0)?,
        name: r.get(1)?,
        email: r.get(2)?,
        organisation: r.get(3)?,
        category: Category::stored(&category),
        source: Source::parse(&source),
        code: r.get(6)?,
        checked_in_at: at.as_deref().map(from_db),
        checked_in_desk: r.get(8)?,
        revoked_at: r.get::<_, Option<String>>(9)?.as_deref().map(from_db),
        note: r.get(10)?,
        attention: r.get(11)?,
    })
}

fn search_text(a: &NewAttendee) -> String {
    search_line(&a.name, a.organisation.as_deref(), a.email.as_deref())
}

/// A person's line in the name search: what a volunteer may type to find them.
pub(super) fn search_line(name: &str, organisation: Option<&str>, email: Option<&str>) -> String {
    [Some(name), organisation, email].into_iter().flatten().collect::<Vec<_>>().join(" ")
}

/// Figures for the desk's counters and the organiser's report.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct Stats {
    pub registered: i64,
    pub admitted: i64,
    pub walk_ins: i64,
    pub scans: i64,
    pub by_verdict: BTreeMap<RecordKind, i64>,
    pub admitted_by_category: HashMap<String, i64>,
    /// People registered now, by category key (a purge leaves none).
    pub registered_by_category: HashMap<String, i64>,
    /// Standing entries by the gate they came through (desks at no gate are not counted).
    pub admitted_by_gate: HashMap<String, i64>,
    /// People in now (admitted and not gone out); with no exit desk, the admitted.
    pub inside: i64,
    /// People in now, by the room their entry counts for (each room of the event listed;
    /// "" for entries that count for no room).
    #[serde(default)]
    pub inside_by_room: BTreeMap<String, i64>,
    /// People inside over the day, room by room, quarter hour by quarter hour (anonymous:
    /// it survives a purge).
    #[serde(default)]
    pub inside_over_time: super::capacity::InsideOverTime,
    /// The rooms full now, as their signage shows it (the organiser's switch, else the counts).
    #[serde(default)]
    pub rooms_full: Vec<String>,
    pub admitted_by_desk: HashMap<String, i64>,
    pub admitted_by_hour: Vec<(String, i64)>,
}

/// What an import would do (and, when applied, did).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct ImportPlan {
    pub rows: usize,
    pub new: usize,
    pub updated: usize,
    pub unchanged: usize,
    pub bad: Vec<BadRow>,
    pub applied: bool,
    /// The file's encoding as detected ("UTF-8", "windows-1252"…).
    pub encoding: String,
    /// Rows matched to someone already stored by their e-mail (not their code): each is
    /// listed, so that a shared address merging two people would be seen.
    pub matched_by_email: Vec<EmailMatch>,
    /// Categories the file named that the event did not have: the event's own from now on.
    pub categories_added: Vec<crate::categories::CategoryDef>,
}

/// A row of the file that updated a stored person found by e-mail.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct EmailMatch {
    pub line: u64,
    pub name: String,
}

/// Inserts a person, their search entry and a ticket (the given plain code, or a signed one).
pub(super) fn insert_attendee(
    tx: &Transaction,
    minter: Option<&Minter>,
    a: &NewAttendee,
    source: Source,
    id: Option<i64>,
    code: Option<&str>,
    now: DateTime<Utc>,
) -> Result<i64> {
    let id = insert_row(tx, a, source, id, now)?;
    match code {
        Some(code) => {
            tx.prepare_cached("INSERT INTO tickets(code, attendee_id, signed, created_at) VALUES (?1, ?2, 0, ?3)")?
                .execute(params![code, id, to_db(now)])?;
        }
        None => mint_ticket(tx, minter, id, now)?,
    }
    Ok(id)
}

/// The person's row and their line in the name search; their id.
fn insert_row(tx: &Transaction, a: &NewAttendee, source: Source, id: Option<i64>, now: DateTime<Utc>) -> Result<i64> {
    tx.prepare_cached("INSERT INTO attendees(id, name, email, organisation, category, source, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)")?
        .execute(params![id, a.name, a.email, a.organisation, a.category.as_str(), source.as_str(), to_db(now)])?;
    let id = tx.last_insert_rowid();
    tx.prepare_cached("INSERT INTO attendee_search(rowid, text) VALUES (?1, ?2)")?.execute(params![id, search_text(a)])?;
    Ok(id)
}

fn mint_ticket(tx: &Transaction, minter: Option<&Minter>, attendee_id: i64, now: DateTime<Utc>) -> Result<()> {
    let minter = minter.ok_or(KioskError::NoSigningKey)?;
    // The serial is the ticket's row id, chosen under the write lock.
    let serial: i64 = tx.prepare_cached("SELECT COALESCE(MAX(id), 0) + 1 FROM tickets")?.query_row([], |r| r.get(0))?;
    let code = minter.mint(serial as u32);
    tx.prepare_cached("INSERT INTO tickets(id, code, attendee_id, signed, created_at) VALUES (?1, ?2, ?3, 1, ?4)")?
        .execute(params![serial, code, attendee_id, to_db(now)])?;
    Ok(())
}

impl Store {
    pub fn add_attendee(&mut self, a: &NewAttendee, source: Source, now: DateTime<Utc>) -> Result<Attendee> {
        let a = a.cleaned()?;
        let minter = self.minter.as_ref();
        let tx = self.conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let id = insert_attendee(&tx, minter, &a, source, None, None, now)?;
        tx.commit()?;
        self.attendee(id)
    }

    /// Many at once (demo data, benchmarks): one transaction.
    pub fn add_attendees(&mut self, list: &[NewAttendee], source: Source, now: DateTime<Utc>) -> Result<usize> {
        let minter = self.minter.as_ref();
        let tx = self.conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        for a in list {
            insert_attendee(&tx, minter, &a.cleaned()?, source, None, None, now)?;
        }
        tx.commit()?;
        Ok(list.len())
    }

    /// The note for the door and the flag that calls the organisers, for one person.
    pub fn set_note(&mut self, id: i64, note: Option<&str>, attention: bool) -> Result<Attendee> {
        let n = self.conn.execute("UPDATE attendees SET note = ?2, attention = ?3 WHERE id = ?1", params![id, note, attention])?;
        if n == 0 {
            return Err(KioskError::AttendeeNotFound(id));
        }
        self.attendee(id)
    }

    pub fn attendee(&self, id: i64) -> Result<Attendee> {
        self.conn
            .prepare_cached(&format!("{ATTENDEE_SELECT} WHERE a.id = ?1"))?
            .query_row(params![id], attendee_from_row)
            .optional()?
            .ok_or(KioskError::AttendeeNotFound(id))
    }

    pub fn list_attendees(&self) -> Result<Vec<Attendee>> {
        let mut st = self.conn.prepare(&format!("{ATTENDEE_SELECT} ORDER BY a.name COLLATE NOCASE, a.id"))?;
        let rows = st.query_map([], attendee_from_row)?.collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// All ticket codes of the event, with their holder (for export).
    pub fn tickets(&self) -> Result<Vec<(Attendee, String)>> {
        let mut st = self.conn.prepare(&format!(
            "{ATTENDEE_SELECT} WHERE a.id IN (SELECT attendee_id FROM tickets WHERE revoked_at IS NULL) ORDER BY a.name COLLATE NOCASE, a.id"
        ))?;
        let rows = st.query_map([], attendee_from_row)?.collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows.into_iter().filter_map(|a| a.code.clone().map(|c| (a, c))).collect())
    }

    /// Name, organisation or e-mail, accent- and case-insensitive, each word a prefix
    /// ("helene dup" finds "Hélène Dupré"). At most `limit` people, sorted by name.
    pub fn search(&self, text: &str, limit: usize) -> Result<Vec<Attendee>> {
        let words = query_words(text);
        if words.is_empty() {
            return Ok(Vec::new());
        }
        let fts = words.iter().map(|w| format!("\"{w}\"*")).collect::<Vec<_>>().join(" ");
        let mut st = self.conn.prepare_cached(&format!(
            "{ATTENDEE_SELECT} WHERE a.id IN (SELECT rowid FROM attendee_search WHERE attendee_search MATCH ?1 LIMIT ?2)"
        ))?;
        let mut found =
            st.query_map(params![fts, limit as i64], attendee_from_row)?.collect::<rusqlite::Result<Vec<_>>>()?;
        found.sort_by_cached_key(|a| crate::search::fold(&a.name));
        Ok(found)
    }

    pub fn revoke(&mut self, code: &str, now: DateTime<Utc>) -> Result<bool> {
        let n = self.conn.execute(
            "UPDATE tickets SET revoked_at = ?2 WHERE code = ?1 AND revoked_at IS NULL",
            params![code.trim(), to_db(now)],
        )?;
        Ok(n > 0)
    }

    /// The desk's two counters: registered, admitted (cheap: two indexed counts).
    /// Registered, admitted (each person once, whatever their comings and goings), inside now.
    pub fn counts(&self) -> Result<(i64, i64, i64)> {
        let registered = self.conn.prepare_cached("SELECT COUNT(*) FROM attendees")?.query_row([], |r| r.get(0))?;
        Ok((registered, self.admitted_count()?, self.inside_count()?))
    }

    /// People in now: admitted and not gone out.
    pub fn inside_count(&self) -> Result<i64> {
        Ok(self.conn.prepare_cached("SELECT COUNT(*) FROM checkins WHERE undone_at IS NULL AND out_at IS NULL")?.query_row([], |r| r.get(0))?)
    }

    pub fn stats(&self) -> Result<Stats> {
        let c = &self.conn;
        let one = |sql: &str| -> Result<i64> { Ok(c.query_row(sql, [], |r| r.get(0))?) };
        let pairs = |sql: &str| -> Result<Vec<(String, i64)>> {
            let mut st = c.prepare(sql)?;
            let v = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<rusqlite::Result<Vec<_>>>()?;
            Ok(v)
        };
        let tz = self.event.tz();
        // Arrivals include those a purge kept (anonymous): the figures survive it.
        let arrivals = self.arrivals()?;
        let mut by_hour: BTreeMap<String, i64> = Default::default();
        let mut by_category: HashMap<String, i64> = Default::default();
        let mut by_desk: HashMap<String, i64> = Default::default();
        let mut by_gate: HashMap<String, i64> = Default::default();
        for a in &arrivals {
            if let Some(g) = &a.gate {
                *by_gate.entry(g.clone()).or_default() += 1;
            }
            *by_hour.entry(a.at.with_timezone(&tz).format("%H:00").to_string()).or_default() += 1;
            *by_category.entry(a.category.as_str().to_string()).or_default() += 1;
            *by_desk.entry(a.desk.clone()).or_default() += 1;
        }
        Ok(Stats {
            registered: one("SELECT COUNT(*) FROM attendees")? + one("SELECT COALESCE(SUM(registered), 0) FROM purges")?,
            admitted: arrivals.len() as i64,
            walk_ins: one("SELECT COUNT(*) FROM attendees WHERE source = 'walk_in'")? + one("SELECT COALESCE(SUM(walk_ins), 0) FROM purges")?,
            scans: one("SELECT COUNT(*) FROM scans")?,
            by_verdict: pairs("SELECT verdict, COUNT(*) FROM scans GROUP BY verdict")?
                .into_iter()
                .filter_map(|(k, n)| Some((RecordKind::from_db(&k)?, n)))
                .collect(),
            admitted_by_category: by_category,
            registered_by_category: pairs("SELECT category, COUNT(*) FROM attendees GROUP BY category")?.into_iter().collect(),
            inside: self.inside_count()?,
            admitted_by_gate: by_gate,
            inside_by_room: self.inside_by_room()?,
            inside_over_time: self.inside_over_time()?,
            rooms_full: {
                let lives = self.lives()?.0;
                self.rooms()?.into_iter().filter(|r| lives.get(&r.name).is_some_and(|l| l.full())).map(|r| r.name).collect()
            },
            admitted_by_desk: by_desk,
            admitted_by_hour: by_hour.into_iter().collect(),
        })
    }

    /// Matches each row to someone stored before this import: on its code when it has one;
    /// without a code, on its e-mail, and only against a person who has no code from
    /// another system (someone a previous import of the same list registered). Rows of one
    /// file are never merged with each other: two rows sharing a town hall's address are two
    /// people. New people get a ticket. With `apply` false nothing is written (dry run).
    /// Rows never delete or blank what is stored: an update only fills in what the row says.
    pub fn import_attendees(
        &mut self,
        rows: &[ImportRow],
        bad: Vec<BadRow>,
        categories_added: &[crate::categories::CategoryDef],
        apply: bool,
        now: DateTime<Utc>,
        progress: &mut dyn FnMut(usize, usize),
    ) -> Result<ImportPlan> {
        let plan = ImportPlan { rows: rows.len() + bad.len(), bad, categories_added: categories_added.to_vec(), ..Default::default() };
        // A large import writes more pages than SQLite's default cache holds (2 MiB): spilled
        // to the log before the commit, then written again. Room for it, while it lasts.
        let cache: i64 = self.conn.pragma_query_value(None, "cache_size", |r| r.get(0))?;
        self.conn.pragma_update(None, "cache_size", -((rows.len() as i64 / 4).clamp(2_000, 65_536)))?;
        let result = self.import_rows(rows, plan, categories_added, apply, now, progress);
        self.conn.pragma_update(None, "cache_size", cache)?;
        result
    }

    fn import_rows(
        &mut self,
        rows: &[ImportRow],
        mut plan: ImportPlan,
        categories_added: &[crate::categories::CategoryDef],
        apply: bool,
        now: DateTime<Utc>,
        progress: &mut dyn FnMut(usize, usize),
    ) -> Result<ImportPlan> {
        let tx = self.conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        // The people and the categories they are in are stored together, or neither.
        let mut event = self.event.clone();
        if apply && !categories_added.is_empty() {
            event.categories.extend(categories_added.iter().cloned());
            super::event::write_event_tx(&tx, &event)?;
        }
        // Everyone stored before this import, read once (not three queries a row): a row may
        // match only them, each only once.
        let stored = Stored::read(&tx, rows)?;
        let mut touched = std::collections::HashSet::new();
        let mut fresh: Vec<&ImportRow> = Vec::new();
        let mut updates: Vec<(i64, &ImportRow, Update)> = Vec::new();
        for row in rows {
            let by_code = row.code.as_ref().and_then(|c| stored.codes.get(c.as_str()).copied());
            let by_email = match (&row.code, &row.attendee.email) {
                // Two stored people share the address: which one is it? Neither: a new row.
                (None, Some(e)) => match stored.emails.get(&e.to_ascii_lowercase()).map(Vec::as_slice) {
                    Some([one]) => Some(*one),
                    _ => None,
                },
                _ => None,
            };
            match by_code.or(by_email).filter(|id| !touched.contains(id)) {
                None => fresh.push(row),
                Some(id) => {
                    touched.insert(id);
                    if by_code.is_none() {
                        plan.matched_by_email.push(EmailMatch { line: row.line, name: row.attendee.name.clone() });
                    }
                    match stored.people.get(&id).and_then(|p| p.update(row, &stored.codes)) {
                        Some(u) => {
                            plan.updated += 1;
                            updates.push((id, row, u));
                        }
                        None => plan.unchanged += 1,
                    }
                }
            }
        }
        plan.new = fresh.len();
        if !apply {
            return Ok(plan);
        }
        let total = fresh.len() + updates.len();
        let mut search: Vec<(i64, String, bool)> = Vec::with_capacity(total);
        for (i, (id, row, u)) in updates.iter().enumerate() {
            search.push((*id, u.write(&tx, *id, row, now)?, false));
            if i % 1000 == 0 {
                progress(i + 1, total);
            }
        }
        // The new tickets' ids in the file's order; a minted ticket's serial is its id.
        let first_ticket: i64 = tx.query_row("SELECT COALESCE(MAX(id), 0) + 1 FROM tickets", [], |r| r.get(0))?;
        let to_mint: Vec<u32> = fresh.iter().enumerate().filter(|(_, r)| r.code.is_none()).map(|(k, _)| (first_ticket + k as i64) as u32).collect();
        let minter = match to_mint.is_empty() {
            true => None,
            false => Some(self.minter.as_ref().ok_or(KioskError::NoSigningKey)?),
        };
        // Each row's trigger costs as much as the row (a statement journal, a program run):
        // a large import drops the two triggers for new rows inside its transaction and
        // writes the journal's lines in one statement each, the triggers put back before the
        // commit (DDL is transactional in SQLite: a failure leaves them as they were).
        let bulk = fresh.len() >= BULK_ROWS;
        let before: i64 = tx.query_row("SELECT COALESCE(MAX(id), 0) FROM attendees", [], |r| r.get(0))?;
        if bulk {
            tx.execute_batch("DROP TRIGGER attendee_added; DROP TRIGGER ticket_added;")?;
        }
        let created = to_db(now);
        // The signatures are the heaviest part: made on every core, a batch at a time, while
        // this thread writes the people and their name search (which need no code); each
        // batch's tickets are written as soon as it is signed.
        std::thread::scope(|scope| -> Result<()> {
            let mut signed = minter.map(|m| Signed::start(scope, m, &to_mint));
            let mut ids = Vec::with_capacity(fresh.len());
            let mut insert = tx.prepare_cached("INSERT INTO attendees(name, email, organisation, category, source, created_at, note, attention) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)")?;
            for (k, row) in fresh.iter().enumerate() {
                insert
                    .execute(params![
                        row.attendee.name,
                        row.attendee.email,
                        row.attendee.organisation,
                        row.attendee.category.as_str(),
                        Source::Import.as_str(),
                        created,
                        row.note,
                        row.attention.unwrap_or(false)
                    ])?;
                let id = tx.last_insert_rowid();
                ids.push(id);
                search.push((id, search_text(&row.attendee), true));
                let done = updates.len() + k + 1;
                // The last one is said once, below, when the tickets are written too.
                if done % 1000 == 0 && done < total {
                    progress(done, total);
                }
            }
            // The name search after the rows, in one run of statements: FTS5 writes its
            // pending index out at every statement savepoint (each trigger opens one), so
            // interleaved with the rows it was flushed 100,000 times.
            let mut insert = tx.prepare_cached("INSERT INTO attendee_search(rowid, text) VALUES (?1, ?2)")?;
            let mut update = tx.prepare_cached("UPDATE attendee_search SET text = ?2 WHERE rowid = ?1")?;
            for (id, text, new) in &search {
                if *new { &mut insert } else { &mut update }.execute(params![id, text])?;
            }
            let mut insert_ticket = tx.prepare_cached("INSERT INTO tickets(id, code, attendee_id, signed, created_at) VALUES (?1, ?2, ?3, ?4, ?5)")?;
            for (k, (row, id)) in fresh.iter().zip(ids).enumerate() {
                let (code, is_signed) = match (&row.code, &mut signed) {
                    (Some(c), _) => (c.clone(), false),
                    (None, Some(signed)) => (signed.next(), true),
                    (None, None) => unreachable!("a minter whenever a row has no code"),
                };
                insert_ticket.execute(params![first_ticket + k as i64, code, id, is_signed, created])?;
            }
            Ok(())
        })?;
        if total > 0 {
            progress(total, total);
        }
        if bulk {
            tx.execute("INSERT INTO changes(tbl, row_id) SELECT 'attendee', id FROM attendees WHERE id > ?1 ORDER BY id", params![before])?;
            tx.execute("INSERT INTO changes(tbl, row_id) SELECT 'ticket', id FROM tickets WHERE id >= ?1 ORDER BY id", params![first_ticket])?;
            tx.execute_batch(super::migrations::NEW_ROW_TRIGGERS)?;
        }
        tx.commit()?;
        self.event = event;
        plan.applied = true;
        Ok(plan)
    }
}

/// From how many new people an import writes the journal of changes in bulk.
const BULK_ROWS: usize = 500;

/// How many tickets a signing thread signs at a time: one field inversion for all of them,
/// and the first batch's tickets written while the others are signed.
const SIGN_BATCH: usize = 2_048;

/// The minted codes of an import, in their order: signed by helper threads on the other
/// cores while this thread writes the people, and by this thread too when it needs a batch
/// that no helper has taken yet (it never waits while there is signing left to do).
struct Signed<'a> {
    minter: &'a Minter,
    serials: &'a [u32],
    /// The next batch no one has taken.
    next: std::sync::Arc<std::sync::atomic::AtomicUsize>,
    batches: std::sync::mpsc::Receiver<(usize, Vec<String>)>,
    /// Batches signed before their turn.
    early: BTreeMap<usize, Vec<String>>,
    turn: usize,
    current: std::vec::IntoIter<String>,
}

impl<'a> Signed<'a> {
    fn start<'scope>(scope: &'scope std::thread::Scope<'scope, '_>, minter: &'a Minter, serials: &'a [u32]) -> Signed<'a>
    where
        'a: 'scope,
    {
        let helpers = std::thread::available_parallelism().map_or(1, |n| n.get()) - 1;
        let (send, batches) = std::sync::mpsc::channel();
        let next = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
        for _ in 0..helpers.min(serials.len().div_ceil(SIGN_BATCH)) {
            let (send, next) = (send.clone(), next.clone());
            scope.spawn(move || loop {
                let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                let Some(part) = serials.chunks(SIGN_BATCH).nth(i) else { break };
                // The import gave up (an error): nobody waits for the rest.
                if send.send((i, minter.mint_batch(part))).is_err() {
                    break;
                }
            });
        }
        Signed { minter, serials, next, batches, early: BTreeMap::new(), turn: 0, current: Vec::new().into_iter() }
    }

    /// The next serial's code.
    fn next(&mut self) -> String {
        loop {
            if let Some(code) = self.current.next() {
                return code;
            }
            let batch = loop {
                if let Some(b) = self.early.remove(&self.turn) {
                    break b;
                }
                if let Ok((i, b)) = self.batches.try_recv() {
                    self.early.insert(i, b);
                    continue;
                }
                let i = self.next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                match self.serials.chunks(SIGN_BATCH).nth(i) {
                    Some(part) => {
                        self.early.insert(i, self.minter.mint_batch(part));
                    }
                    // Every batch is taken: this one is a helper's, still being signed.
                    None => {
                        let (i, b) = self.batches.recv().expect("signing does not panic");
                        self.early.insert(i, b);
                    }
                }
            };
            self.turn += 1;
            self.current = batch.into_iter();
        }
    }
}

/// What is stored before an import, as its rows are matched against it.
#[derive(Default)]
struct Stored {
    /// Every ticket's code, to its holder.
    codes: HashMap<String, i64>,
    /// People with no code from another system, by e-mail in lower case (as SQLite's `lower`).
    emails: HashMap<String, Vec<i64>>,
    /// The fields an import may change, by person.
    people: HashMap<i64, StoredPerson>,
}

impl Stored {
    fn read(tx: &Transaction, rows: &[ImportRow]) -> Result<Stored> {
        let mut st = Stored::default();
        let any: bool = tx.query_row("SELECT EXISTS (SELECT 1 FROM attendees)", [], |r| r.get(0))?;
        if !any || rows.is_empty() {
            return Ok(st);
        }
        let mut q = tx.prepare("SELECT code, attendee_id FROM tickets")?;
        for r in q.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))? {
            let (code, id) = r?;
            st.codes.insert(code, id);
        }
        if rows.iter().any(|r| r.code.is_none() && r.attendee.email.is_some()) {
            let mut q = tx.prepare(
                "SELECT a.id, a.email FROM attendees a WHERE a.email IS NOT NULL
                   AND NOT EXISTS (SELECT 1 FROM tickets t WHERE t.attendee_id = a.id AND t.signed = 0) ORDER BY a.id",
            )?;
            for r in q.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))? {
                let (id, email) = r?;
                st.emails.entry(email.to_ascii_lowercase()).or_default().push(id);
            }
        }
        let mut q = tx.prepare("SELECT id, name, email, organisation, category, note, attention FROM attendees")?;
        for r in q.query_map([], |r| {
            Ok((r.get::<_, i64>(0)?, StoredPerson { name: r.get(1)?, email: r.get(2)?, organisation: r.get(3)?, category: r.get(4)?, note: r.get(5)?, attention: r.get(6)? }))
        })? {
            let (id, p) = r?;
            st.people.insert(id, p);
        }
        Ok(st)
    }
}

struct StoredPerson {
    name: String,
    email: Option<String>,
    organisation: Option<String>,
    category: String,
    note: Option<String>,
    attention: bool,
}

/// A stored person as a row makes them: it only fills in what the row says.
struct Update {
    email: Option<String>,
    organisation: Option<String>,
    category: String,
    note: Option<String>,
    attention: bool,
    /// The row's code, when no ticket has it yet: a second code for the person.
    new_code: Option<String>,
}

impl StoredPerson {
    /// What the row changes, if anything.
    fn update(&self, row: &ImportRow, codes: &HashMap<String, i64>) -> Option<Update> {
        let a = &row.attendee;
        let u = Update {
            email: a.email.clone().or(self.email.clone()),
            organisation: a.organisation.clone().or(self.organisation.clone()),
            category: if row.category_given { a.category.as_str().to_string() } else { self.category.clone() },
            note: row.note.clone().or(self.note.clone()),
            attention: row.attention.unwrap_or(self.attention),
            new_code: row.code.clone().filter(|c| !codes.contains_key(c.as_str())),
        };
        let same = self.name == a.name
            && u.email == self.email
            && u.organisation == self.organisation
            && u.category == self.category
            && u.note == self.note
            && u.attention == self.attention
            && u.new_code.is_none();
        (!same).then_some(u)
    }
}

impl Update {
    /// Writes the person's row (and a second code); their new line for the name search.
    fn write(&self, tx: &Transaction, id: i64, row: &ImportRow, now: DateTime<Utc>) -> Result<String> {
        let a = &row.attendee;
        tx.prepare_cached("UPDATE attendees SET name = ?2, email = ?3, organisation = ?4, category = ?5, note = ?6, attention = ?7 WHERE id = ?1")?
            .execute(params![id, a.name, self.email, self.organisation, self.category, self.note, self.attention])?;
        if let Some(code) = &self.new_code {
            // A second code for a known person (matched on e-mail): both stay valid.
            tx.prepare_cached("INSERT INTO tickets(code, attendee_id, signed, created_at) VALUES (?1, ?2, 0, ?3)")?
                .execute(params![code, id, to_db(now)])?;
        }
        Ok(search_text(&NewAttendee { name: a.name.clone(), email: self.email.clone(), organisation: self.organisation.clone(), category: a.category.clone() }))
    }
}
