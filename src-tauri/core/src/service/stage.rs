//! The programme and what is on stage: the screen model, staff's live actions in a room,
//! talks edited, added or withdrawn on the day, programme files in and out, the venue clock.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{Change, Kiosk};
use crate::clock::{check_speed, parse_instant, VenueClock};
use crate::bilingual::bi;
use crate::error::{KioskError, Result};
use crate::programme::control::{self, LiveAction};
use crate::programme::live::Screen;
use crate::programme::{export, import, speakers, Programme, ProgrammeError, Talk, MAX_TALK_MINUTES};
use crate::signage::{self, ScreenModel, SignageData, View};
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

/// How a programme file is taken in.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct ProgrammeImport {
    /// Take only this room of the file (a file naming no room goes into it).
    pub room: Option<String>,
    /// The zone of a file whose times have none (Pentabarf).
    pub tz: Option<String>,
    /// When the file's days are not the event's: take the file's days for the event.
    pub take_dates: bool,
}

impl Kiosk {
    pub fn programme(&self) -> Result<Programme> {
        self.with_store(|s| s.programme())
    }

    /// What this machine's signage screen shows now (its position and view as set): on a
    /// screen joined to a hub, the hub's word while it is fresh; else computed here.
    pub fn screen_model(&self) -> Result<ScreenModel> {
        if let Some(m) = self.relayed() {
            return Ok(m);
        }
        let setting = self.with_store(|s| super::setup::screen_setting(s))?;
        self.screen_model_for(setting.position.as_deref(), setting.view.as_ref(), self.now())
    }

    /// What a screen standing at `position` showing `view` shows (or showed, or will) at `at`.
    pub fn screen_model_for(&self, position: Option<&str>, view: Option<&View>, at: DateTime<Utc>) -> Result<ScreenModel> {
        let data = self.with_store(|s| s.signage_data())?;
        Ok(signage::model(&data, position, view, at, self.clock().is_rehearsal()))
    }

    /// What is on in one room now (the organiser's live card). `room`: its name, or the
    /// event's only room.
    pub fn room_screen(&self, room: Option<&str>) -> Result<Screen> {
        let now = self.now();
        let data = self.with_store(|s| s.signage_data())?;
        let room = pick_room(&data, room)?;
        let mut screen = signage::room_state(&data, &room, now).2;
        screen.rehearsal = self.clock().is_rehearsal();
        Ok(screen)
    }

    /// A staff action in a room (start, next, previous, end of block, delay, room full), or
    /// for the whole venue (an announcement): what that room's screen then shows.
    pub fn apply_live(&self, room: Option<&str>, action: &LiveAction) -> Result<Screen> {
        let now = self.now();
        self.with_store(|s| {
            match action {
                LiveAction::Announce { text } => {
                    let t: String = text.trim().chars().take(control::MAX_ANNOUNCEMENT).collect();
                    s.set_announcement((!t.is_empty()).then_some(t.as_str()))?;
                }
                LiveAction::Clear => s.set_announcement(None)?,
                _ => {
                    let data = s.signage_data()?;
                    let r = pick_room(&data, room)?;
                    let (p, live, shown) = signage::room_state(&data, &r, now);
                    let next = control::apply(&p, &live, &shown, action, now)?;
                    s.set_live(r.id, &next)?;
                }
            }
            Ok(())
        })?;
        self.changed(Change::Signage);
        // An announcement concerns every room: the first one's screen says it (an event
        // with no room yet: a screen with the announcement and nothing on).
        let rooms = self.rooms()?;
        match (action, room, rooms.first()) {
            (LiveAction::Announce { .. } | LiveAction::Clear, None, Some(first)) => self.room_screen(Some(&first.name)),
            (LiveAction::Announce { .. } | LiveAction::Clear, None, None) => {
                let data = self.with_store(|s| s.signage_data())?;
                let live = crate::programme::live::LiveState { announcement: data.announcement, ..Default::default() };
                Ok(crate::programme::live::screen(&data.event, &Programme::default(), &live, now))
            }
            _ => self.room_screen(room),
        }
    }

    /// A room's live state as stored (`room`: its name, or the event's only room).
    pub fn room_live(&self, room: Option<&str>) -> Result<crate::programme::live::LiveState> {
        let data = self.with_store(|s| s.signage_data())?;
        let r = pick_room(&data, room)?;
        Ok(data.live.get(&r.name).cloned().unwrap_or_default())
    }

    /// A programme already read (its blocks naming their rooms), saved in place.
    pub fn save_programme(&self, p: &Programme) -> Result<ProgrammeUpdate> {
        let up = self.with_store(|s| s.save_programme(p))?;
        self.changed(Change::Signage);
        Ok(up)
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

    /// Reads a programme file of any supported kind and updates the programme in place,
    /// room by room (the live talk survives, withdrawn talks go). The file's rooms are the
    /// event's rooms of those names (added when missing); a file naming no room goes to the
    /// room asked for, or to the event's only room. A file whose days are not the event's
    /// is refused, saying so, unless `take_dates` makes them the event's. A bad file changes
    /// nothing.
    pub fn import_programme(&self, bytes: &[u8], file: &str, how: &ProgrammeImport) -> Result<ProgrammeUpdate> {
        let up = self.with_store(|s| {
            let mut p = import::read(bytes, file, s.event(), how.room.as_deref(), how.tz.as_deref())?;
            // Where the file's roomless blocks go.
            let roomless = p.blocks.iter().any(|b| b.room.trim().is_empty());
            if roomless {
                let target = match &how.room {
                    Some(r) => r.clone(),
                    None => match s.rooms()?.as_slice() {
                        [only] => only.name.clone(),
                        [] => return Err(KioskError::Refused(bi(
                            "l'événement n'a pas encore de salle : indiquez-la (--room, ou event set --room)",
                            "the event has no room yet: name it (--room, or event set --room)",
                        ))),
                        many => return Err(ProgrammeError::WhichRoom(many.iter().map(|r| r.name.as_str()).collect::<Vec<_>>().join(", ")).into()),
                    },
                };
                for b in p.blocks.iter_mut().filter(|b| b.room.trim().is_empty()) {
                    b.room = target.clone();
                }
            }
            let mut event = s.event().clone();
            let days = p.days(event.tz());
            let outside: Vec<String> = days.iter().filter(|d| event.day_number(**d).is_none()).map(|d| d.to_string()).collect();
            if !outside.is_empty() {
                let (first, last) = (days[0], *days.last().expect("days"));
                if !how.take_dates {
                    let span = |a: chrono::NaiveDate, b: chrono::NaiveDate| if a == b { a.to_string() } else { format!("{a} → {b}") };
                    return Err(KioskError::DatesDiffer { file: file.to_string(), programme: span(first, last), event: span(event.first_day, event.last_day()) });
                }
                event.first_day = first;
                event.days = ((last - first).num_days() + 1).clamp(1, crate::event::MAX_DAYS as i64) as u32;
                event.check()?;
                // Checked against the new days before anything is stored.
                p.check(event.tz())?;
                s.update_event(event.clone())?;
            }
            for name in p.rooms() {
                super::event::room_or_new(s, &name)?;
            }
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

    /// The real time, or a rehearsal of the day at some speed (for this run of the app).
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

/// The room named, or the event's only one.
fn pick_room(d: &SignageData, room: Option<&str>) -> Result<crate::venue_map::Room> {
    crate::venue_map::find_room(&d.rooms, room).cloned()
}
