//! A room's people inside and its capacity. Each entry counts for a room (its gate's, or the
//! event's only room); the door's counts latch *Salle complète* on at the capacity and off
//! below it less a margin (no flicker with each person at the door); the organiser's switch
//! wins over both. People going in and out are kept anonymous (`movements`): the figures
//! over time survive a purge.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension};

use super::Store;
use crate::clock::{from_db, to_db};
use crate::error::Result;
use crate::gates::AtGate;
use crate::venue_map::{same_name, Room};

/// The room a desk's entries count for: its gate's, else the event's only room.
pub(super) fn door_room(tx: &Connection, gate: Option<AtGate>) -> Result<Option<Room>> {
    let rooms = super::event::rooms_tx(tx)?;
    Ok(match gate.and_then(|g| g.gate.room.as_deref()) {
        Some(n) => rooms.into_iter().find(|r| same_name(&r.name, n)),
        None if rooms.len() == 1 => rooms.into_iter().next(),
        None => None,
    })
}

/// People inside a room now.
pub(super) fn inside_in(tx: &Connection, room: &str) -> Result<i64> {
    Ok(tx
        .prepare_cached("SELECT COUNT(*) FROM checkins WHERE room = ?1 AND undone_at IS NULL AND out_at IS NULL")?
        .query_row(params![room], |r| r.get(0))?)
}

/// The room's switches: the organiser's "full", the door's latch, the organiser's "open".
fn switches(tx: &Connection, room_id: i64) -> Result<(bool, bool, bool)> {
    Ok(tx
        .prepare_cached("SELECT room_full, auto_full, room_open FROM room_live WHERE room_id = ?1")?
        .query_row(params![room_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .optional()?
        .unwrap_or_default())
}

/// Whether the door says *SALLE COMPLÈTE* to a new entry: a room with a capacity, full as
/// its signage shows it.
pub(super) fn is_full(tx: &Connection, room: &Room) -> Result<bool> {
    if room.capacity.is_none() {
        return Ok(false);
    }
    let (manual, auto, open) = switches(tx, room.id)?;
    Ok(manual || (auto && !open))
}

/// People went in (`delta` > 0) or out of `room`: kept for the figures, and the room's
/// latch follows its count.
pub(super) fn moved(tx: &Connection, room: Option<&str>, delta: i64, at: DateTime<Utc>) -> Result<()> {
    tx.prepare_cached("INSERT INTO movements(at, room, delta) VALUES (?1, ?2, ?3)")?.execute(params![to_db(at), room, delta])?;
    if let Some(name) = room {
        relatch(tx, name)?;
    }
    Ok(())
}

/// The door's latch set from the count now: on at the capacity, off below it less the
/// margin (the organiser's "open" is forgotten then: the next time it fills, it shows).
pub(super) fn relatch(tx: &Connection, name: &str) -> Result<()> {
    let Some(room) = super::event::rooms_tx(tx)?.into_iter().find(|r| r.name == name) else { return Ok(()) };
    let (_, was, _) = switches(tx, room.id)?;
    // A room without a capacity is never full by its count: nothing to count on the scan path.
    if room.capacity.is_none() && !was {
        return Ok(());
    }
    let full = room.full_with(inside_in(tx, name)?, was);
    if full != was {
        tx.prepare_cached(
            "INSERT INTO room_live(room_id, auto_full) VALUES (?1, ?2)
             ON CONFLICT(room_id) DO UPDATE SET auto_full = excluded.auto_full,
                 room_open = CASE WHEN excluded.auto_full = 0 THEN 0 ELSE room_open END",
        )?
        .execute(params![room.id, full])?;
    }
    Ok(())
}

/// People inside over the day, room by room: after each quarter hour something happened in.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize, ts_rs::TS)]
pub struct InsideOverTime {
    /// The room ("" for entries that count for no room), then (quarter's end, people inside).
    pub rooms: Vec<(String, Vec<(DateTime<Utc>, i64)>)>,
}

impl Store {
    /// People inside each room now (rooms without anyone included when they have a capacity).
    pub fn inside_by_room(&self) -> Result<BTreeMap<String, i64>> {
        let mut out: BTreeMap<String, i64> = BTreeMap::new();
        for r in self.rooms()? {
            out.insert(r.name, 0);
        }
        let mut st = self.conn.prepare_cached(
            "SELECT COALESCE(room, ''), COUNT(*) FROM checkins WHERE undone_at IS NULL AND out_at IS NULL GROUP BY 1",
        )?;
        for row in st.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))? {
            let (room, n) = row?;
            *out.entry(room).or_default() += n;
        }
        out.retain(|k, n| !k.is_empty() || *n > 0);
        Ok(out)
    }

    /// A room's capacity, door policy and margin; its *Salle complète* follows at once.
    pub fn set_room_capacity(&mut self, room: &Room) -> Result<()> {
        self.write_tx(|tx| {
            tx.execute(
                "UPDATE rooms SET capacity = ?2, full_policy = ?3, full_margin = ?4 WHERE id = ?1",
                params![room.id, room.capacity, room.policy.as_str(), room.margin],
            )?;
            relatch(tx, &room.name)
        })
    }


    /// People inside over time, from the anonymous movements (they survive a purge).
    pub fn inside_over_time(&self) -> Result<InsideOverTime> {
        let mut st = self.conn.prepare("SELECT at, COALESCE(room, ''), delta FROM movements ORDER BY id")?;
        let mut now: BTreeMap<String, i64> = BTreeMap::new();
        let mut series: BTreeMap<String, Vec<(DateTime<Utc>, i64)>> = BTreeMap::new();
        for row in st.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, i64>(2)?)))? {
            let (at, room, delta) = row?;
            let at = from_db(&at);
            let quarter = quarter_end(at);
            let n = now.entry(room.clone()).or_default();
            *n = (*n + delta).max(0);
            let s = series.entry(room).or_default();
            match s.last_mut() {
                Some((q, v)) if *q == quarter => *v = *n,
                _ => s.push((quarter, *n)),
            }
        }
        Ok(InsideOverTime { rooms: series.into_iter().collect() })
    }
}

/// The end of the quarter hour `at` falls in.
fn quarter_end(at: DateTime<Utc>) -> DateTime<Utc> {
    let secs = at.timestamp();
    let q = secs.div_euclid(900) * 900 + 900;
    DateTime::from_timestamp(q, 0).unwrap_or(at)
}
