//! Badges printed at the door. A desk with *impression automatique* queues a badge when it
//! lets a person in for the first time; *réimprimer* queues one by hand. Queuing is one
//! row in the store, after the verdict is decided: the printer (through the print system)
//! is called afterwards, by the face, outside the store's lock, so that a printer that is
//! off, out of paper or missing never holds or slows a verdict. A job that does not print
//! waits, with the print system's reason, to be retried or dropped.

use std::sync::Mutex;

use serde::{Deserialize, Serialize};

use super::{lock, Acted, Kiosk};
use crate::badge::{BadgeFace, BadgeSize};
use crate::bilingual::{bi, Bilingual};
use crate::error::{KioskError, Result};
use crate::printer::{self, PrinterState};
use crate::settings::Setting;
use crate::store::{NewJob, PrintJob};
use crate::verdict::Verdict;

/// How this desk prints badges.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct PrintSetup {
    /// The print system's name of the printer; none: this desk does not print.
    pub printer: Option<String>,
    pub size: BadgeSize,
    /// *Impression automatique*: a badge at each first admission.
    pub auto: bool,
}

/// What a round of printing did, and the desk's one line about it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct PrintRound {
    /// The jobs handed to the print system this round.
    pub sent: Vec<PrintJob>,
    /// The jobs still waiting (the printer stopped, missing, or refusing them).
    pub waiting: Vec<PrintJob>,
    /// What the print system said of the printer, if one is set.
    pub printer: Option<PrinterState>,
    /// One line for the desk: nothing when there was nothing to print.
    pub line: Option<Bilingual>,
}

/// Only one round of printing at a time: two would hand the same waiting job over twice.
#[derive(Default)]
pub(super) struct PrintingState {
    round: Mutex<()>,
}

impl Kiosk {
    pub fn print_setup(&self) -> Result<PrintSetup> {
        self.with_store(|s| {
            let printer = s.setting(Setting::Printer)?.filter(|p| !p.is_empty());
            let size = s.setting(Setting::BadgeSize)?.and_then(|v| BadgeSize::from_db(&v)).unwrap_or(BadgeSize::Ql62x100);
            let auto = s.setting(Setting::AutoPrint)?.as_deref() == Some("on");
            Ok(PrintSetup { printer, size, auto })
        })
    }

    /// Sets what is given (`printer: Some("")` sets none). A printer's name is a CUPS
    /// queue's: letters, digits, `-`, `_`, `.`, up to 127.
    pub fn set_print_setup(&self, printer: Option<&str>, size: Option<BadgeSize>, auto: Option<bool>) -> Result<PrintSetup> {
        if let Some(p) = printer {
            let ok = p.len() <= 127 && p.chars().all(|c| c.is_ascii_alphanumeric() || "-_.@".contains(c));
            if !ok {
                return Err(KioskError::InvalidField { field: bi("nom d'imprimante (lettres, chiffres, - _ .)", "printer name (letters, digits, - _ .)"), value: p.to_string() });
            }
        }
        self.with_store(|s| {
            if let Some(p) = printer {
                s.set_setting(Setting::Printer, p)?;
            }
            if let Some(size) = size {
                s.set_setting(Setting::BadgeSize, size.as_str())?;
            }
            if let Some(a) = auto {
                s.set_setting(Setting::AutoPrint, if a { "on" } else { "off" })?;
            }
            Ok(())
        })?;
        self.print_setup()
    }

    /// The printers the print system knows, for the organiser to pick one.
    pub fn printers(&self) -> Result<Vec<String>> {
        printer::printers().map_err(|reason| KioskError::Refused(bi(format!("système d'impression : {reason}"), format!("print system: {reason}"))))
    }

    /// After a desk action: a badge queued if this desk prints automatically and the action
    /// let someone in for the first time. Never an error for the action: a badge that could
    /// not be queued (the store refused the row) is logged on standard error, and the
    /// verdict stands; *Réimprimer* mends it.
    pub(super) fn badge_on_admission(&self, acted: &Acted) {
        let (person_id, code) = match acted {
            Acted::WalkIn(w) => (w.attendee.id, w.attendee.code.clone()),
            Acted::Verdict(o) if !o.repeat => match &o.verdict {
                Verdict::Admitted { person } | Verdict::AdmittedRoomFull { person, .. } => (person.id, Some(o.code.clone())),
                _ => return,
            },
            _ => return,
        };
        if !self.print_setup().is_ok_and(|s| s.auto && s.printer.is_some()) {
            return;
        }
        let at = self.now();
        let queued = self.with_store(|s| {
            if s.has_badge_job(person_id)? {
                return Ok(());
            }
            // The person as this desk's copy has them (their current ticket's code), else
            // as the verdict named them (a walk-in the hub just registered).
            let (name, organisation, category, code) = match s.attendee(person_id) {
                Ok(a) => {
                    let code = a.code.clone().or(code);
                    (a.name, a.organisation, a.category, code)
                }
                Err(_) => match acted {
                    Acted::WalkIn(w) => (w.attendee.name.clone(), w.attendee.organisation.clone(), w.attendee.category.clone(), code),
                    Acted::Verdict(o) => match o.verdict.person() {
                        Some(p) => (p.name.clone(), p.organisation.clone(), p.category.clone(), code),
                        None => return Ok(()),
                    },
                    Acted::Undone => return Ok(()),
                },
            };
            let Some(code) = code else { return Ok(()) };
            s.queue_badge(at, &NewJob { attendee_id: person_id, name: &name, organisation: organisation.as_deref(), category: &category, code: &code })?;
            Ok(())
        });
        if let Err(e) = queued {
            eprintln!("badge non mis en file / badge not queued: {e}");
        }
    }

    /// *Réimprimer*: a badge for this person queued now (printed by the next round).
    pub fn reprint(&self, attendee_id: i64) -> Result<PrintJob> {
        let at = self.now();
        let id = self.with_store(|s| {
            let a = s.attendee(attendee_id)?;
            let code = a.code.clone().ok_or_else(|| {
                KioskError::Refused(bi(format!("{} n'a pas de billet valide : pas de badge", a.name), format!("{} has no valid ticket: no badge", a.name)))
            })?;
            s.queue_badge(at, &NewJob { attendee_id, name: &a.name, organisation: a.organisation.as_deref(), category: &a.category, code: &code })
        })?;
        self.with_store(|s| s.print_job(id))?.ok_or(KioskError::AttendeeNotFound(attendee_id))
    }

    /// `badges print CODE`: the badge of that ticket's holder.
    pub fn reprint_ticket(&self, code: &str) -> Result<PrintJob> {
        let person = self.ticket_holder(code)?.ok_or_else(|| KioskError::InvalidField { field: bi("billet", "ticket"), value: code.trim().to_string() })?;
        self.reprint(person.id)
    }

    /// A waiting job given up.
    pub fn drop_print_job(&self, id: i64) -> Result<()> {
        if self.with_store(|s| s.drop_job(id))? {
            Ok(())
        } else {
            Err(KioskError::InvalidField { field: bi("badge en attente", "waiting badge"), value: id.to_string() })
        }
    }

    /// The latest jobs, newest first.
    pub fn print_jobs(&self, limit: i64) -> Result<Vec<PrintJob>> {
        self.with_store(|s| s.recent_jobs(limit))
    }

    /// The PDF of these badges at this desk's size (or `size`): to look at, or to print
    /// ahead of the day.
    pub fn badges_pdf_of(&self, codes: &[String], size: Option<BadgeSize>) -> Result<Vec<u8>> {
        let size = match size {
            Some(s) => s,
            None => self.print_setup()?.size,
        };
        let event = self.event();
        let mut faces = Vec::new();
        for code in codes {
            let person = self.ticket_holder(code)?.ok_or_else(|| KioskError::InvalidField { field: bi("billet", "ticket"), value: code.trim().to_string() })?;
            let a = self.with_store(|s| s.attendee(person.id))?;
            let code = a.code.clone().unwrap_or_else(|| code.trim().to_string());
            faces.push(BadgeFace::of(&event, &a, &code));
        }
        crate::badge::badges_pdf(size, &event, &faces)
    }

    /// `badges pdf`: these badges written to `path`, logged as an export of personal data
    /// and noted for the purge to delete.
    pub fn write_badges_pdf(&self, codes: &[String], size: Option<BadgeSize>, path: &std::path::Path) -> Result<()> {
        let pdf = self.badges_pdf_of(codes, size)?;
        std::fs::write(path, &pdf).map_err(|e| KioskError::io(path, e))?;
        let (now, desk) = (self.now(), self.desk());
        let place = path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
        self.with_store(|s| {
            s.log_export(now, &desk, "badges PDF", &place.to_string_lossy(), codes.len() as i64)?;
            s.note_written(std::slice::from_ref(&place), "badges", now)
        })
    }

    /// Hands every waiting badge to the printer, oldest first, and says in one line how it
    /// went. Called by the faces after the verdict is shown, never under the store's lock;
    /// a printer that is stopped or missing leaves the jobs waiting, with its reason.
    pub fn print_waiting(&self) -> Result<PrintRound> {
        let _round = lock(&self.printing.round);
        let setup = self.print_setup()?;
        let waiting = self.with_store(|s| s.waiting_jobs())?;
        let Some(name) = setup.printer.clone() else {
            let line = (!waiting.is_empty()).then(|| bi(format!("{} badge(s) en attente : aucune imprimante choisie", waiting.len()), format!("{} badge(s) waiting: no printer chosen", waiting.len())));
            return Ok(PrintRound { sent: vec![], waiting, printer: None, line });
        };
        if waiting.is_empty() {
            return Ok(PrintRound { sent: vec![], waiting, printer: None, line: None });
        }
        let state = printer::status(&name);
        let event = self.event();
        let mut sent = Vec::new();
        let mut failed: Option<String> = None;
        if state == PrinterState::Ready {
            for job in &waiting {
                let face = BadgeFace::stored(&event, job);
                let pdf = crate::badge::badges_pdf(setup.size, &event, std::slice::from_ref(&face))?;
                let title = format!("badge {}", job.id);
                match printer::submit(&name, &setup.size.cups_media(), &title, &pdf) {
                    Ok(system_id) => {
                        let now = chrono::Utc::now();
                        self.with_store(|s| s.job_sent(job.id, now, &system_id))?;
                        sent.extend(self.with_store(|s| s.print_job(job.id))?);
                    }
                    Err(reason) => {
                        self.with_store(|s| s.job_failed(job.id, &reason))?;
                        failed = Some(reason);
                        // The printer refused one: the next ones would be refused too.
                        break;
                    }
                }
            }
        } else {
            let reason = state.said(&name);
            let reason = format!("{} / {}", reason.fr, reason.en);
            self.with_store(|s| waiting.iter().try_for_each(|j| s.job_failed(j.id, &reason)))?;
        }
        let still = self.with_store(|s| s.waiting_jobs())?;
        let line = match (&state, failed, sent.last()) {
            (PrinterState::Ready, None, Some(last)) if still.is_empty() => Some(bi(format!("badge imprimé : {}", last.name), format!("badge printed: {}", last.name))),
            (PrinterState::Ready, Some(reason), _) => Some(bi(
                format!("imprimante {name} : {reason} ; {} badge(s) en attente", still.len()),
                format!("printer {name}: {reason}; {} badge(s) waiting", still.len()),
            )),
            (PrinterState::Ready, None, _) => None,
            (s, _, _) => {
                let said = s.said(&name);
                Some(bi(format!("{} : {} badge(s) en attente", said.fr, still.len()), format!("{}: {} badge(s) waiting", said.en, still.len())))
            }
        };
        Ok(PrintRound { sent, waiting: still, printer: Some(state), line })
    }
}
