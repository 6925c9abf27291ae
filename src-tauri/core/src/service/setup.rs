//! This machine: what the windows are told at start, the desk's name, what its signage
//! screen shows (where it stands, which room or the hall), the demo attendees.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{Change, Kiosk};
use crate::attendee::Source;
use crate::clock::VenueClock;
use crate::error::Result;
use crate::event::Event;
use crate::picture::PictureInfo;
use crate::settings::Setting;
use crate::signage::View;
use crate::venue_map::{Position, Room};
use crate::{demo, desk};

/// What this machine's signage screen shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct ScreenSetting {
    /// The position's key; `None`: the event's first.
    pub position: Option<String>,
    /// `None`: the event's one room, or the hall when it has several.
    pub view: Option<View>,
}

/// What a window needs to know at start.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct EventInfo {
    pub event: Event,
    pub rooms: Vec<Room>,
    pub positions: Vec<Position>,
    pub logo: Option<PictureInfo>,
    pub desk: String,
    pub clock: VenueClock,
    pub rehearsal: bool,
    pub now: DateTime<Utc>,
    pub programme_source: Option<String>,
    pub screen: ScreenSetting,
    /// This desk faces the attendees (self-service).
    pub self_service: bool,
    /// The gate this desk stands at, if any.
    pub gate: Option<String>,
}

impl Kiosk {
    pub fn event_info(&self) -> Result<EventInfo> {
        let clock = self.clock();
        let (data, programme_source, screen) = self.with_store(|s| Ok((s.signage_data()?, s.setting(Setting::ProgrammeSource)?, screen_setting(s)?)))?;
        Ok(EventInfo {
            event: data.event,
            rooms: data.rooms,
            positions: data.positions,
            logo: data.logo,
            desk: self.desk(),
            clock,
            rehearsal: clock.is_rehearsal(),
            now: clock.now(),
            programme_source,
            screen,
            self_service: self.self_service()?,
            gate: self.gate()?,
        })
    }

    /// Names this desk (kept in the store); returns the name as kept.
    pub fn set_desk(&self, name: &str) -> Result<String> {
        let name = desk::name(name);
        self.with_store(|s| s.set_setting(Setting::Desk, &name))?;
        *super::lock(&self.desk) = name.clone();
        Ok(name)
    }

    /// What this machine's signage shows: where it stands and which room (or the hall).
    /// Each must be one of the event's; `None` keeps what was set.
    pub fn set_screen(&self, position: Option<&str>, view: Option<&View>) -> Result<ScreenSetting> {
        self.with_store(|s| {
            if let Some(p) = position {
                let key = crate::venue_map::find_position(&s.positions()?, p)?.key.clone();
                s.set_setting(Setting::ScreenPosition, &key)?;
            }
            match view {
                Some(View::Room { room }) => {
                    let r = s.room(room)?;
                    s.set_setting(Setting::ScreenView, &r.name)?;
                }
                Some(View::Hall) => s.set_setting(Setting::ScreenView, "hall")?,
                None => {}
            }
            screen_setting(s)
        })
        .inspect(|_| self.changed(Change::Signage))
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

/// This machine's screen settings as stored.
pub(super) fn screen_setting(s: &crate::Store) -> Result<ScreenSetting> {
    Ok(ScreenSetting { position: s.setting(Setting::ScreenPosition)?, view: s.setting(Setting::ScreenView)?.as_deref().map(View::parse) })
}
