//! The screen model: everything a signage screen shows at an instant — the event, the day,
//! the room (a door sign) or every room (the hall), what is on and what comes, the way from
//! where the screen stands, the announcement — computed here once and carried whole to the
//! app's window, the hub's public page and `programme now --json`, so that all three agree.
//! No personal data: speakers are public, attendees are never here.

use std::collections::HashMap;

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::bilingual::Bilingual;
use crate::event::{day_words, Event};
use crate::picture::PictureInfo;
use crate::programme::live::{screen, LiveState, Phase, Screen};
use crate::programme::Programme;
use crate::venue_map::{same_name, Here, Position, Room, Way};

/// What a screen shows: one room (the sign at its door) or the hall (every room).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum View {
    Room { room: String },
    Hall,
}

impl View {
    /// "hall", or a room's name, as a setting or an address holds it.
    pub fn parse(s: &str) -> View {
        if s.trim().eq_ignore_ascii_case("hall") {
            View::Hall
        } else {
            View::Room { room: s.trim().to_string() }
        }
    }

    pub fn as_setting(&self) -> String {
        match self {
            View::Hall => "hall".into(),
            View::Room { room } => room.clone(),
        }
    }
}

/// The event as a screen may show it (nothing personal, nothing internal).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct PublicEvent {
    pub name: String,
    pub venue: String,
    pub colour: String,
    pub programme_url: String,
    pub time_zone: String,
    pub days: u32,
    pub logo: Option<PictureInfo>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum DayRelation {
    Past,
    Today,
    Tomorrow,
    Later,
}

/// A day of the event as people say it: "jour 2 sur 3, jeudi 19 novembre", today or not.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct DayView {
    pub date: NaiveDate,
    /// 1-based, within the event's days (0 for a programme day outside them).
    pub number: u32,
    pub count: u32,
    pub words: Bilingual,
    pub relation: DayRelation,
}

/// Where the screen stands: its name and plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct PositionView {
    pub key: String,
    pub name: String,
    pub name_en: String,
    pub plan: Option<PictureInfo>,
    pub here: Option<Here>,
}

/// One room on a screen: what is on there, its day, and the way to it from here.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct RoomScreen {
    pub room: String,
    pub way: Option<Way>,
    pub screen: Screen,
    /// The day this room's screen is about (today, or the next day it has a programme).
    pub day: Option<DayView>,
    /// Before its day: when the day starts ("09:30"), said with `day` ("Demain à 09:30",
    /// "Le mercredi 18 novembre à 09:00").
    pub opens: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct ScreenModel {
    /// The minute shown: what a screen shows changes at most once a minute by the clock, so
    /// the same model twice is the same screen (nothing is repainted for nothing).
    pub at: DateTime<Utc>,
    /// "10:05" in the event's zone.
    pub clock: String,
    pub rehearsal: bool,
    pub event: PublicEvent,
    pub view: View,
    pub position: Option<PositionView>,
    /// The day shown (the hall's: the earliest of its rooms').
    pub day: Option<DayView>,
    pub rooms: Vec<RoomScreen>,
    pub announcement: Option<String>,
    /// The event is over: no screen sends anyone anywhere.
    pub over: bool,
}

/// Everything the model is made from, read in one go from the store.
#[derive(Debug, Clone)]
pub struct SignageData {
    pub event: Event,
    pub logo: Option<PictureInfo>,
    pub rooms: Vec<Room>,
    pub positions: Vec<Position>,
    pub programme: Programme,
    /// Each room's live state, by room name (the announcement inside is the venue's).
    pub live: HashMap<String, LiveState>,
    pub announcement: Option<String>,
}

impl SignageData {
    /// The view a screen asked for, if the event has it; else the one room, or the hall.
    pub fn resolve_view(&self, asked: Option<&View>) -> View {
        match asked {
            Some(View::Room { room }) => match self.rooms.iter().find(|r| same_name(&r.name, room)) {
                Some(r) => View::Room { room: r.name.clone() },
                None => self.default_view(),
            },
            Some(View::Hall) => View::Hall,
            None => self.default_view(),
        }
    }

    fn default_view(&self) -> View {
        match self.rooms.as_slice() {
            [only] => View::Room { room: only.name.clone() },
            _ => View::Hall,
        }
    }

    /// The position asked for (by key or name), else the event's first.
    pub fn resolve_position(&self, asked: Option<&str>) -> Option<&Position> {
        asked
            .and_then(|a| self.positions.iter().find(|p| p.is(a)))
            .or(self.positions.first())
    }
}

fn day_view(event: &Event, date: NaiveDate, now: DateTime<Utc>) -> DayView {
    let today = event.day_of(now);
    let relation = match (date - today).num_days() {
        n if n < 0 => DayRelation::Past,
        0 => DayRelation::Today,
        1 => DayRelation::Tomorrow,
        _ => DayRelation::Later,
    };
    let this_year = now.with_timezone(&event.tz()).year();
    DayView { date, number: event.day_number(date).unwrap_or(0), count: event.days, words: day_words(date, this_year), relation }
}

/// A room's live state for a day: what staff did on another day (a talk, an end of block, a
/// delay left behind) does not move today's programme.
fn live_for(live: &LiveState, p: &Programme) -> LiveState {
    let mut l = live.clone();
    if l.talk_id.is_some_and(|id| p.find_talk(id).is_none()) {
        l.talk_id = None;
        l.started_at = None;
        l.delay_minutes = 0;
    }
    if l.ended_block_id.is_some_and(|id| !p.blocks.iter().any(|b| b.id == id)) {
        l.ended_block_id = None;
        l.ended_at = None;
    }
    l
}

/// The day a room's screen is about at `now` — today's programme if it is not over, else
/// the next day that has one, else the last day, over — with that day's programme, the
/// room's live state for it, and its screen. Staff actions are taken against this.
pub fn room_state(d: &SignageData, room: &Room, now: DateTime<Utc>) -> (Programme, LiveState, Screen) {
    room_day(d, room, now).1
}

fn room_day(d: &SignageData, room: &Room, now: DateTime<Utc>) -> (Option<NaiveDate>, (Programme, LiveState, Screen)) {
    let mine = d.programme.of_room(&room.name, None);
    let mut live = d.live.get(&room.name).cloned().unwrap_or_default();
    live.announcement = d.announcement.clone();
    let today = d.event.day_of(now);
    let days = mine.days(d.event.tz());
    let of_day = |day: NaiveDate| {
        let p = mine.of_room(&room.name, Some((day, d.event.tz())));
        let l = live_for(&live, &p);
        let s = screen(&d.event, &p, &l, now);
        (p, l, s)
    };
    for &day in days.iter().filter(|&&x| x >= today) {
        let state = of_day(day);
        if state.2.phase != Phase::After {
            return (Some(day), state);
        }
    }
    match days.last() {
        Some(&last) => (Some(last), of_day(last)),
        None => (None, (Programme::default(), live.clone(), screen(&d.event, &Programme::default(), &live, now))),
    }
}

/// One room at `now`, as a screen shows it.
fn room_screen(d: &SignageData, room: &Room, way: Option<Way>, now: DateTime<Utc>, rehearsal: bool) -> RoomScreen {
    let (day, (_, _, mut s)) = room_day(d, room, now);
    s.rehearsal = rehearsal;
    s.at = minute(now);
    let day = day.map(|x| day_view(&d.event, x, now));
    let opens = match (s.phase, s.day.first()) {
        (Phase::Before, Some(first)) => Some(first.starts.clone()),
        _ => None,
    };
    RoomScreen { room: room.name.clone(), way, screen: s, day, opens }
}

/// An instant to the minute.
fn minute(t: DateTime<Utc>) -> DateTime<Utc> {
    use chrono::DurationRound;
    t.duration_trunc(chrono::Duration::minutes(1)).unwrap_or(t)
}

/// The screen model at `now`, for a screen standing at `position` showing `view`.
pub fn model(d: &SignageData, position: Option<&str>, view: Option<&View>, now: DateTime<Utc>, rehearsal: bool) -> ScreenModel {
    let view = d.resolve_view(view);
    let position = d.resolve_position(position);
    let way = |room: &Room| position.and_then(|p| p.way_to(&room.name)).cloned();
    let rooms: Vec<RoomScreen> = match &view {
        View::Room { room } => d.rooms.iter().filter(|r| same_name(&r.name, room)).map(|r| room_screen(d, r, way(r), now, rehearsal)).collect(),
        View::Hall => {
            let all: Vec<RoomScreen> = d.rooms.iter().map(|r| room_screen(d, r, way(r), now, rehearsal)).collect();
            // Rooms with something still to come; all of them once the event is over.
            let live: Vec<RoomScreen> = all.iter().filter(|r| r.day.is_some() && r.screen.phase != Phase::After).cloned().collect();
            if live.is_empty() { all.into_iter().filter(|r| r.day.is_some()).collect() } else { live }
        }
    };
    let day = rooms.iter().filter_map(|r| r.day.clone()).min_by_key(|d| d.date);
    let over = !rooms.is_empty() && rooms.iter().all(|r| r.screen.phase == Phase::After) && d.event.day_of(now) >= d.event.last_day().min(day.as_ref().map_or(d.event.last_day(), |x| x.date));
    ScreenModel {
        at: minute(now),
        clock: d.event.local_hm(now),
        rehearsal,
        event: PublicEvent {
            name: d.event.name.clone(),
            venue: d.event.venue.clone(),
            colour: d.event.colour.clone(),
            programme_url: d.event.programme_url.clone(),
            time_zone: d.event.time_zone.clone(),
            days: d.event.days,
            logo: d.logo.clone(),
        },
        view,
        position: position.map(|p| PositionView { key: p.key.clone(), name: p.name.clone(), name_en: p.name_en.clone(), plan: p.plan.clone(), here: p.here }),
        day,
        rooms,
        announcement: d.announcement.clone(),
        over,
    }
}
