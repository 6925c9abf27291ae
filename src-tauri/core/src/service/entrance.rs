//! The entrance: scans, people found by name, walk-ins, undos, the desk's counters and
//! history, registrations imported, tickets cancelled and printed.

use std::path::Path;

use serde::{Deserialize, Serialize};

use super::{Change, Kiosk};
use crate::attendee::{Attendee, NewAttendee, Source};
use crate::bilingual::bi;
use crate::error::{KioskError, Result};
use crate::registrations::{parse_csv_for, ImportError};
use crate::store::{CheckinRow, ImportPlan, Stats};
use crate::ticket_files::{self, ExportReport};
use crate::verdict::ScanOutcome;

/// How long a desk may undo its own check-ins without the organiser: a mistake is seen at
/// once, not an hour later.
pub const OWN_UNDO_WINDOW: chrono::Duration = chrono::Duration::minutes(30);

/// Results shown for a name search: enough to pick from, short enough to read.
pub const SEARCH_LIMIT: usize = 30;

/// The desk's two counters, asked after every scan: cheaper than [`Stats`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct Counters {
    pub registered: i64,
    pub admitted: i64,
    /// In now (admitted and not gone out).
    pub inside: i64,
}

/// A walk-in, registered and admitted: their new ticket's QR to show them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct WalkIn {
    pub attendee: Attendee,
    pub outcome: ScanOutcome,
    pub qr_svg: Option<String>,
}

/// How an attendee file is taken.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct ImportOptions {
    /// Reports what would change, stores nothing.
    pub dry_run: bool,
    /// Stores the good rows of a file that has bad ones (else nothing is stored).
    pub skip_bad: bool,
}

impl Kiosk {
    pub fn search(&self, text: &str) -> Result<Vec<Attendee>> {
        self.with_store(|s| s.search(text, SEARCH_LIMIT))
    }

    pub fn counters(&self) -> Result<Counters> {
        let (registered, admitted, inside) = self.with_store(|s| s.counts())?;
        Ok(Counters { registered, admitted, inside })
    }

    pub fn stats(&self) -> Result<Stats> {
        self.with_store(|s| s.stats())
    }

    /// This desk's latest scans, newest first (at most 100).
    pub fn recent_scans(&self, limit: usize) -> Result<Vec<CheckinRow>> {
        let desk = self.desk();
        self.with_store(|s| s.recent_scans(Some(&desk), limit.min(100)))
    }

    /// A person registered by the organiser (not admitted).
    pub fn add_attendee(&self, person: &NewAttendee) -> Result<Attendee> {
        let now = self.now();
        let a = self.with_store(|s| s.add_attendee(person, Source::Manual, now))?;
        self.changed(Change::Entrance);
        Ok(a)
    }

    /// A note for the door on a person (*Remettre le badge orateur*), and whether the door
    /// calls the organisers for them. Set on the hub (joined desks take it with their copy);
    /// personal data like the rest: the purge takes it.
    pub fn set_note(&self, attendee_id: i64, note: Option<&str>, attention: bool) -> Result<Attendee> {
        if self.link()?.is_some() {
            return Err(KioskError::Refused(bi("les notes se règlent au poste central", "notes are set on the hub")));
        }
        let note = crate::attendee::cleaned_note(note)?;
        let a = self.with_store(|s| s.set_note(attendee_id, note.as_deref(), attention))?;
        self.changed(Change::Entrance);
        Ok(a)
    }

    /// Whose ticket this code is, if anyone's.
    pub fn ticket_holder(&self, code: &str) -> Result<Option<crate::verdict::Person>> {
        self.with_store(|s| s.ticket_holder(code))
    }

    pub fn list_attendees(&self) -> Result<Vec<Attendee>> {
        self.with_store(|s| s.list_attendees())
    }

    /// Cancels a ticket: it is refused at the entrance from now on. False when no active
    /// ticket has this code.
    pub fn revoke_ticket(&self, code: &str) -> Result<bool> {
        let now = self.now();
        let done = self.with_store(|s| s.revoke(code, now))?;
        self.changed(Change::Entrance);
        Ok(done)
    }

    /// Reads a registrations file and applies it: with bad rows, nothing is stored unless
    /// `skip_bad`; every bad row is listed (up to 50) so the organiser fixes the file once.
    pub fn import_attendees(&self, bytes: &[u8], file: &str, opts: ImportOptions, progress: &mut dyn FnMut(usize, usize)) -> Result<ImportPlan> {
        let parsed = parse_csv_for(bytes, file, &self.event().categories)?;
        if let (Some(first), false, false) = (parsed.bad.first(), opts.skip_bad, opts.dry_run) {
            let details: String = parsed.bad.iter().skip(1).take(49).map(|b| format!("\n{}", b.describe(file))).collect();
            return Err(ImportError::BadRows {
                file: file.to_string(),
                count: parsed.bad.len(),
                line: first.line,
                reason: first.reason.clone(),
                details,
            }
            .into());
        }
        let now = self.now();
        let mut plan = self.with_store(|s| s.import_attendees(&parsed.rows, parsed.bad, &parsed.categories_added, !opts.dry_run, now, progress))?;
        plan.encoding = parsed.encoding;
        self.changed(Change::Entrance);
        Ok(plan)
    }

    /// The paper list for when every machine fails: A4, by surname, a box to tick each
    /// (who is in already, crossed). Written to `path` (or beside the store, named by the
    /// time); logged as an export of personal data; the purge deletes it.
    pub fn door_list(&self, path: Option<&Path>) -> Result<(std::path::PathBuf, usize)> {
        let event = self.event();
        let now = self.now();
        let local = now.with_timezone(&event.tz());
        let path = path.map(Path::to_path_buf).unwrap_or_else(|| self.data_dir().join(format!("liste-papier-{}.pdf", local.format("%Y%m%d-%H%M%S"))));
        let people = self.list_attendees()?;
        let bytes = crate::paper_list::door_list_pdf(&event, &people, &local.format("%d/%m/%Y %H:%M").to_string());
        std::fs::write(&path, bytes).map_err(|e| KioskError::io(&path, e))?;
        let desk = self.desk();
        self.with_store(|s| {
            s.note_written(std::slice::from_ref(&path), "liste papier / paper list", now)?;
            s.log_export(now, &desk, "liste papier / paper list", &path.display().to_string(), people.len() as i64)
        })?;
        Ok((path, people.len()))
    }

    /// Every ticket as QR codes (SVG, PNG), a mail-merge CSV and, if asked, an A4 badge
    /// sheet. Without a folder: a new one beside the store, named by the time, with the sheet.
    pub fn export_tickets(&self, dir: Option<&Path>, pdf: Option<&Path>) -> Result<ExportReport> {
        let event = self.event();
        let (dir, pdf) = match dir {
            Some(d) => (d.to_path_buf(), pdf.map(Path::to_path_buf)),
            None => {
                let stamp = self.now().with_timezone(&event.tz()).format("%Y%m%d-%H%M%S");
                let d = self.data_dir().join(format!("billets-{stamp}"));
                let sheet = pdf.map(Path::to_path_buf).unwrap_or_else(|| d.join("badges.pdf"));
                (d, Some(sheet))
            }
        };
        let people = self.with_store(|s| s.tickets())?;
        let report = ticket_files::export_tickets(&event, &people, &dir, pdf.as_deref())?;
        // Names and e-mails left the store: say who, when and where.
        let (now, desk) = (self.now(), self.desk());
        self.with_store(|s| {
            s.note_written(&report.written, "billets / tickets", now)?;
            s.log_export(now, &desk, "billets / tickets", &report.dir.display().to_string(), report.tickets as i64)
        })?;
        Ok(report)
    }
}
