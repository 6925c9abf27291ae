//! After the day: the figures (an arrivals chart that names nobody), and the purge that
//! leaves nothing personal behind.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::{Change, Kiosk};
use crate::bilingual::bi;
use crate::error::{KioskError, Result};
use crate::figures::{self, ArrivalsChart};
use crate::settings::Setting;
use crate::sheet::Sheet;
use crate::store::{ExportLogged, PurgeReport};

/// What the organiser types to confirm a purge: a word, not a click.
pub const PURGE_WORD: &str = "EFFACER";

/// Where the figures were written.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct FiguresReport {
    #[ts(type = "string")]
    pub dir: PathBuf,
    #[ts(type = "string")]
    pub svg: PathBuf,
    #[ts(type = "string")]
    pub csv: PathBuf,
    /// The conflicts of a split (people admitted at two desks while cut off), if any.
    #[ts(type = "string | null")]
    pub conflicts: Option<PathBuf>,
    /// People inside each room over the day (`presents.csv`), once anyone went in.
    #[serde(default)]
    #[ts(type = "string | null")]
    pub inside: Option<PathBuf>,
}

/// The folders of ticket exports left in the data directory (names and e-mails).
fn ticket_exports(dir: &Path) -> Vec<PathBuf> {
    std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_dir() && p.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.starts_with("billets-")))
        .collect()
}

impl Kiosk {
    /// Check-ins per 5 minutes, by category and by desk (anonymous; survives the purge).
    pub fn arrivals_chart(&self) -> Result<ArrivalsChart> {
        let tz = self.event().tz();
        Ok(figures::chart(&self.with_store(|s| s.arrivals())?, &self.event().categories, tz))
    }

    /// The chart as SVG, for the organiser's screen and for reports.
    pub fn arrivals_svg(&self) -> Result<String> {
        Ok(figures::svg(&self.arrivals_chart()?, &self.event().name))
    }

    /// The chart as `arrivees.svg` and `arrivees.csv` in `dir` (or a new folder beside the
    /// store, named by the time).
    pub fn export_figures(&self, dir: Option<&Path>) -> Result<FiguresReport> {
        let dir = match dir {
            Some(d) => d.to_path_buf(),
            None => self.data_dir().join(format!("chiffres-{}", self.now().with_timezone(&self.event().tz()).format("%Y%m%d-%H%M%S"))),
        };
        std::fs::create_dir_all(&dir).map_err(|e| KioskError::io(&dir, e))?;
        let chart = self.arrivals_chart()?;
        let (svg, csv) = (dir.join("arrivees.svg"), dir.join("arrivees.csv"));
        std::fs::write(&svg, figures::svg(&chart, &self.event().name)).map_err(|e| KioskError::io(&svg, e))?;
        std::fs::write(&csv, figures::csv(&chart)).map_err(|e| KioskError::io(&csv, e))?;
        // The people admitted twice during a split: named, so that the organiser can follow
        // up; their export is logged like any export of names.
        let found = self.venue_report()?.conflicts;
        let conflicts = if found.is_empty() {
            None
        } else {
            let path = dir.join("conflits.csv");
            let tz = self.event().tz();
            let t = |d: chrono::DateTime<chrono::Utc>| d.with_timezone(&tz).format("%Y-%m-%d %H:%M:%S").to_string();
            // Names and desk names, which a machine chose when it joined: the same
            // formula-safe writer as every export.
            let mut sheet = Sheet::new();
            sheet.row(["à vérifier / to check", "nom / name", "premier poste / first desk", "à / at", "puis poste / then desk", "à / at"])?;
            for c in &found {
                sheet.row([c.kind.as_str(), c.name.as_str(), &c.first_desk, &t(c.first_at), &c.desk, &t(c.at)])?;
            }
            sheet.write_to(&path)?;
            let now = self.now();
            self.with_store(|s| s.note_written(std::slice::from_ref(&path), "conflits / conflicts", now))?;
            self.log_export("conflits / conflicts", &path.display().to_string(), found.len() as i64)?;
            Some(path)
        };
        // People inside over time, room by room (anonymous): what fire safety asks after.
        let over = self.with_store(|s| s.inside_over_time())?;
        let inside = if over.rooms.is_empty() {
            None
        } else {
            let path = dir.join("presents.csv");
            let tz = self.event().tz();
            let mut sheet = Sheet::new();
            sheet.row(["heure / time", "salle / room", "présents / inside"])?;
            for (room, series) in &over.rooms {
                let room = if room.is_empty() { "hors salle / no room" } else { room.as_str() };
                for (at, n) in series {
                    sheet.row([at.with_timezone(&tz).format("%Y-%m-%d %H:%M").to_string().as_str(), room, &n.to_string()])?;
                }
            }
            sheet.write_to(&path)?;
            Some(path)
        };
        Ok(FiguresReport { dir, svg, csv, conflicts, inside })
    }

    /// Saves a picture of the chart the organiser's screen drew (PNG bytes) beside the SVG.
    pub fn save_figure_png(&self, report: &FiguresReport, png: &[u8]) -> Result<PathBuf> {
        if !png.starts_with(b"\x89PNG\r\n\x1a\n") || png.len() > 20_000_000 {
            return Err(KioskError::InvalidField { field: bi("image PNG", "PNG picture"), value: format!("{} octets / bytes", png.len()) });
        }
        let path = report.dir.join("arrivees.png");
        std::fs::write(&path, png).map_err(|e| KioskError::io(&path, e))?;
        Ok(path)
    }

    /// Records that personal data left through a face (the CLI's list, say).
    pub fn log_export(&self, what: &str, place: &str, people: i64) -> Result<()> {
        let (now, desk) = (self.now(), self.desk());
        self.with_store(|s| s.log_export(now, &desk, what, place, people))
    }

    pub fn exports_log(&self) -> Result<Vec<ExportLogged>> {
        self.with_store(|s| s.exports_log())
    }

    /// Deletes every name, e-mail, organisation, ticket code and raw scan text, and the
    /// ticket exports left in the data directory; keeps the anonymous figures. `confirm`
    /// must be [`PURGE_WORD`], typed.
    pub fn purge(&self, confirm: &str) -> Result<PurgeReport> {
        if confirm.trim() != PURGE_WORD {
            return Err(KioskError::InvalidField {
                field: bi(format!("confirmation (tapez {PURGE_WORD})"), format!("confirmation (type {PURGE_WORD})")),
                value: confirm.to_string(),
            });
        }
        let (now, desk) = (self.now(), self.desk());
        let report = self.with_store(|s| {
            let r = s.purge(now, &desk)?;
            // Every machine that joined before is told at its next contact (a hub's list
            // shows those not told yet); no credential returns personal data after this.
            s.set_setting(Setting::PurgedAt, &crate::clock::to_db(chrono::Utc::now()))?;
            Ok(r)
        })?;
        // Every file an export wrote with names in it, wherever it was written; then the
        // folders the app made for them, if nothing else is left in them.
        let files = self.with_store(|s| s.written_files())?;
        let mut deleted = 0;
        let mut folders = std::collections::BTreeSet::new();
        for f in &files {
            match std::fs::remove_file(f) {
                Ok(()) => deleted += 1,
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => return Err(KioskError::io(f, e)),
            }
            if let Some(parent) = f.parent() {
                folders.insert(parent.to_path_buf());
                if parent.file_name().is_some_and(|n| n == "qr") {
                    folders.insert(parent.parent().map(Path::to_path_buf).unwrap_or_default());
                }
            }
        }
        // Deepest first; a folder that still holds something of the user's stays.
        for d in folders.iter().rev() {
            let _ = std::fs::remove_dir(d);
        }
        for d in ticket_exports(&self.data_dir()) {
            std::fs::remove_dir_all(&d).map_err(|e| KioskError::io(&d, e))?;
        }
        self.with_store(|s| s.forget_written())?;
        self.changed(Change::Entrance);
        Ok(PurgeReport { files_deleted: deleted, ..report })
    }
}
