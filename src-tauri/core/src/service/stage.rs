//! The programme and what is on stage: the signage's screen, staff's live actions, talks
//! edited, added or withdrawn on the day, programme files in and out, the venue clock.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{Change, Kiosk};
use crate::clock::{check_speed, parse_instant, VenueClock};
use crate::bilingual::bi;
use crate::error::{KioskError, Result};
use crate::programme::control::LiveAction;
use crate::programme::live::Screen;
use crate::programme::{export, import, speakers, Programme, Talk, MAX_TALK_MINUTES};
use crate::store::ProgrammeUpdate;

/// A talk's fields as the organiser edits them; `None` leaves a field as it is.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct TalkEdit {
    pub title: Option<String>,
    /// "Name (Organisation), Other Name", read by the one speaker parser.
    pub speakers: Option<String>,
    pub minutes: Option<u32>,
}

/// A talk added on the day, at the end of its block.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct NewTalk {
    pub block_id: i64,
    pub title: String,
    pub speakers: String,
    pub remote: bool,
}

/// The venue clock as the organiser sets it: the real time, or a rehearsal from an instant
/// at a speed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case", tag = "mode")]
pub enum ClockRequest {
    Real,
    /// `start`: RFC 3339 with its offset, or "2021-11-09T09:35" in the event's own zone
    /// (what the organiser reads on the venue's clocks, whatever the machine's zone).
    Rehearsal { start: String, speed: f64 },
}

/// The programme's export formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum ProgrammeFormat {
    /// frab/pretalx schedule.json (validated against the official schema).
    ScheduleJson,
    /// frab/pretalx schedule.xml (validated against the official XSD).
    ScheduleXml,
    /// iCalendar.
    Ics,
}

impl Kiosk {
    pub fn programme(&self) -> Result<Programme> {
        if let Some((_, p)) = self.relayed() {
            return Ok(p);
        }
        self.with_store(|s| s.programme())
    }

    /// What the signage shows now: on a screen joined to a hub, the hub's word while it is
    /// fresh; else the estimate from this store.
    pub fn screen(&self) -> Result<Screen> {
        if let Some((s, _)) = self.relayed() {
            return Ok(s);
        }
        self.screen_at(self.now())
    }

    /// What the signage shows (or showed, or will show) at `at`.
    pub fn screen_at(&self, at: DateTime<Utc>) -> Result<Screen> {
        let mut screen = self.with_store(|s| s.screen(at))?;
        screen.rehearsal = self.clock().is_rehearsal();
        Ok(screen)
    }

    /// Start, next, previous, end of block, delay, announcement: what the signage then shows.
    pub fn apply_live(&self, action: &LiveAction) -> Result<Screen> {
        let now = self.now();
        let mut screen = self.with_store(|s| s.apply_live(action, now))?;
        screen.rehearsal = self.clock().is_rehearsal();
        self.changed(Change::Signage);
        Ok(screen)
    }

    pub fn withdraw_talk(&self, talk_id: i64) -> Result<()> {
        self.with_store(|s| s.withdraw_talk(talk_id))?;
        self.changed(Change::Signage);
        Ok(())
    }

    pub fn edit_talk(&self, talk_id: i64, edit: &TalkEdit) -> Result<()> {
        if let Some(m) = edit.minutes.filter(|&m| m == 0 || m as i64 > MAX_TALK_MINUTES) {
            return Err(KioskError::InvalidField { field: bi("durée (de 1 à 1440 min)", "length (1 to 1440 min)"), value: m.to_string() });
        }
        let people = edit.speakers.as_deref().map(speakers::parse);
        self.with_store(|s| s.edit_talk(talk_id, edit.title.as_deref(), people.as_deref(), edit.minutes.map(Some)))?;
        self.changed(Change::Signage);
        Ok(())
    }

    /// Adds a talk at the end of its block; returns its id.
    pub fn add_talk(&self, t: &NewTalk) -> Result<i64> {
        let talk = Talk { id: 0, title: t.title.clone(), speakers: speakers::parse(&t.speakers), remote: t.remote, links: vec![], minutes: None };
        let id = self.with_store(|s| s.add_talk(t.block_id, &talk, None))?;
        self.changed(Change::Signage);
        Ok(id)
    }

    /// Reads a programme file of any supported kind and updates the programme in place
    /// (the live talk survives, withdrawn talks go). A bad file changes nothing.
    pub fn import_programme(&self, bytes: &[u8], file: &str, room: Option<&str>, tz: Option<&str>) -> Result<ProgrammeUpdate> {
        let up = self.with_store(|s| {
            let p = import::read(bytes, file, s.event(), room, tz)?;
            s.save_programme(&p)
        })?;
        self.changed(Change::Signage);
        Ok(up)
    }

    pub fn export_programme(&self, format: ProgrammeFormat) -> Result<String> {
        let (event, p) = (self.event(), self.programme()?);
        Ok(match format {
            ProgrammeFormat::ScheduleJson => export::schedule_json(&event, &p),
            ProgrammeFormat::ScheduleXml => export::schedule_xml(&event, &p),
            ProgrammeFormat::Ics => export::ics(&event, &p),
        })
    }

    /// The real time, or a rehearsal of the day at some speed (for this run of the app).
    /// An instant given with its offset, or as the venue's wall-clock time.
    pub fn venue_instant(&self, s: &str) -> Result<DateTime<Utc>> {
        if let Ok(t) = parse_instant(s) {
            return Ok(t);
        }
        let local = chrono::NaiveDateTime::parse_from_str(s.trim(), "%Y-%m-%dT%H:%M")
            .or_else(|_| chrono::NaiveDateTime::parse_from_str(s.trim(), "%Y-%m-%d %H:%M"))
            .map_err(|_| parse_instant(s).unwrap_err())?;
        use chrono::TimeZone;
        self.event().tz().from_local_datetime(&local).earliest().map(|t| t.with_timezone(&Utc)).ok_or_else(|| parse_instant(s).unwrap_err())
    }

    pub fn set_clock(&self, c: ClockRequest) -> Result<VenueClock> {
        let clock = match c {
            ClockRequest::Real => VenueClock::Real,
            ClockRequest::Rehearsal { start, speed } => VenueClock::rehearsal(self.venue_instant(&start)?, check_speed(speed)?),
        };
        *super::lock(&self.clock) = clock;
        self.changed(Change::Signage);
        Ok(clock)
    }
}
