//! The event and this machine: what the windows are told at start, the desk's name, where
//! the signage screen stands, the programme's web address, the demo attendees.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{Change, Kiosk};
use crate::attendee::Source;
use crate::bilingual::bi;
use crate::clock::VenueClock;
use crate::error::{KioskError, Result};
use crate::event::Event;
use crate::settings::{ScreenPosition, Setting};
use crate::{demo, desk};

/// What a window needs to know at start.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct EventInfo {
    pub event: Event,
    pub desk: String,
    pub clock: VenueClock,
    pub rehearsal: bool,
    pub now: DateTime<Utc>,
    pub programme_source: Option<String>,
    pub screen_position: ScreenPosition,
}

/// The event's fields as the organiser changes them; `None` (or blank) keeps a field.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct EventEdit {
    pub name: Option<String>,
    pub venue: Option<String>,
    pub room: Option<String>,
    pub contact: Option<String>,
    /// Shown as a QR code on the signage: http(s) only.
    pub programme_url: Option<String>,
}

/// A web address for the programme's QR code: http(s) only, no spaces.
pub fn checked_url(url: &str) -> Result<String> {
    let u = url.trim();
    if (u.starts_with("https://") || u.starts_with("http://")) && u.len() > 10 && !u.contains(char::is_whitespace) {
        Ok(u.to_string())
    } else {
        Err(KioskError::InvalidField { field: bi("adresse web", "web address"), value: url.to_string() })
    }
}

impl Kiosk {
    pub fn event_info(&self) -> Result<EventInfo> {
        let clock = self.clock();
        let (event, programme_source, screen_position) = self.with_store(|s| {
            Ok((s.event().clone(), s.setting(Setting::ProgrammeSource)?, s.setting(Setting::ScreenPosition)?))
        })?;
        Ok(EventInfo {
            event,
            desk: self.desk(),
            clock,
            rehearsal: clock.is_rehearsal(),
            now: clock.now(),
            programme_source,
            screen_position: screen_position.as_deref().and_then(ScreenPosition::from_db).unwrap_or_default(),
        })
    }

    /// Names this desk (kept in the store); returns the name as kept.
    pub fn set_desk(&self, name: &str) -> Result<String> {
        let name = desk::name(name);
        self.with_store(|s| s.set_setting(Setting::Desk, &name))?;
        *super::lock(&self.desk) = name.clone();
        Ok(name)
    }

    pub fn set_screen_position(&self, position: ScreenPosition) -> Result<()> {
        self.with_store(|s| s.set_setting(Setting::ScreenPosition, position.as_str()))?;
        self.changed(Change::Signage);
        Ok(())
    }

    pub fn set_programme_url(&self, url: &str) -> Result<String> {
        let edit = EventEdit { programme_url: Some(url.to_string()), ..Default::default() };
        Ok(self.update_event(&edit)?.programme_url)
    }

    /// Changes what is given; a blank field keeps what was there. Returns the event.
    pub fn update_event(&self, edit: &EventEdit) -> Result<Event> {
        let mut e = self.event();
        let set = |field: &mut String, v: &Option<String>| {
            if let Some(v) = v.as_deref().map(str::trim).filter(|v| !v.is_empty()) {
                *field = v.to_string();
            }
        };
        set(&mut e.name, &edit.name);
        set(&mut e.venue, &edit.venue);
        set(&mut e.room, &edit.room);
        set(&mut e.contact, &edit.contact);
        if let Some(url) = &edit.programme_url {
            e.programme_url = checked_url(url)?;
        }
        self.with_store(|s| s.update_event(e.clone()))?;
        self.changed(Change::Signage);
        Ok(e)
    }

    /// Adds the 300 invented attendees to a store that has nobody yet; returns how many.
    pub fn add_demo(&self) -> Result<usize> {
        let now = self.now();
        let added = self.with_store(|s| {
            if s.stats()?.registered > 0 {
                return Ok(0);
            }
            s.add_attendees(&demo::attendees(300), Source::Demo, now)
        })?;
        self.changed(Change::Entrance);
        Ok(added)
    }
}
