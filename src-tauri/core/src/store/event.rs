//! The event's side of the store: the event row and its logo, the rooms, the screen
//! positions and their ways, a whole pack in or out, and what the signage reads in one go.

use std::collections::HashMap;

use rusqlite::{params, OptionalExtension, Transaction};

use super::Store;
use crate::error::Result;
use crate::event::Event;
use crate::event_pack::EventPack;
use crate::picture::{Picture, PictureInfo};
use crate::programme::live::LiveState;
use crate::signage::SignageData;
use crate::venue_map::{same_name, Arrow, FullPolicy, Here, Position, Room, Way};

/// A position's fields as stored (its ways and plan are set on their own).
#[derive(Debug, Clone, PartialEq)]
pub struct PositionRow {
    pub key: String,
    pub name: String,
    pub name_en: String,
    pub here: Option<Here>,
}

fn set_logo_tx(conn: &rusqlite::Connection, logo: Option<&Picture>) -> Result<()> {
    conn.execute(
        "UPDATE event SET logo_mime = ?1, logo = ?2, logo_sha = ?3, logo_width = ?4, logo_height = ?5, logo_text = ?6 WHERE id = 1",
        params![logo.map(|l| l.mime), logo.map(|l| &l.bytes), logo.map(|l| l.info().sha), logo.map(|l| l.width), logo.map(|l| l.height), logo.and_then(|l| l.text).map(f64::from)],
    )?;
    Ok(())
}

/// The event's row, inside the caller's transaction.
pub(super) fn write_event_tx(conn: &rusqlite::Connection, e: &Event) -> Result<()> {
    conn.execute("UPDATE event SET data = ?1 WHERE id = 1", params![event_json(e)])?;
    Ok(())
}

fn event_json(e: &Event) -> String {
    serde_json::to_string(e).expect("event serialises")
}

pub(super) fn rooms_tx(tx: &rusqlite::Connection) -> Result<Vec<Room>> {
    Ok(tx
        .prepare_cached("SELECT id, name, capacity, full_policy, full_margin FROM rooms ORDER BY ordinal, id")?
        .query_map([], |r| {
            Ok(Room { id: r.get(0)?, name: r.get(1)?, capacity: r.get(2)?, policy: FullPolicy::from_db(&r.get::<_, String>(3)?), margin: r.get(4)? })
        })?
        .collect::<rusqlite::Result<_>>()?)
}

fn positions_tx(conn: &rusqlite::Connection) -> Result<Vec<Position>> {
    let rooms: HashMap<i64, String> = rooms_tx(conn)?.into_iter().map(|r| (r.id, r.name)).collect();
    let mut ways: HashMap<i64, Vec<Way>> = HashMap::new();
    let rows = conn
        .prepare_cached("SELECT w.position_id, w.room_id, w.arrow, w.fr, w.en FROM ways w JOIN rooms r ON r.id = w.room_id ORDER BY r.ordinal, r.id")?
        .query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?, r.get::<_, String>(2)?, r.get::<_, String>(3)?, r.get::<_, String>(4)?)))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    for (pos, room, arrow, fr, en) in rows {
        let (Some(room), Ok(arrow)) = (rooms.get(&room), Arrow::parse(&arrow)) else { continue };
        ways.entry(pos).or_default().push(Way { room: room.clone(), arrow, fr, en });
    }
    Ok(conn
        .prepare_cached("SELECT id, key, name, name_en, plan_mime, plan_sha, here_x, here_y, plan_width, plan_height, plan_text FROM positions ORDER BY ordinal, id")?
        .query_map([], |r| {
            let id: i64 = r.get(0)?;
            let plan = match (r.get::<_, Option<String>>(4)?, r.get::<_, Option<String>>(5)?) {
                (Some(mime), Some(sha)) => Some(PictureInfo {
                    mime,
                    sha,
                    width: r.get::<_, Option<u32>>(8)?.unwrap_or(4),
                    height: r.get::<_, Option<u32>>(9)?.unwrap_or(3),
                    text: r.get::<_, Option<f64>>(10)?.map(|t| t as f32),
                }),
                _ => None,
            };
            let here = match (r.get::<_, Option<f64>>(6)?, r.get::<_, Option<f64>>(7)?) {
                (Some(x), Some(y)) => Some(Here { x: x as f32, y: y as f32 }),
                _ => None,
            };
            Ok(Position { id, key: r.get(1)?, name: r.get(2)?, name_en: r.get(3)?, ways: ways.remove(&id).unwrap_or_default(), plan, here })
        })?
        .collect::<rusqlite::Result<_>>()?)
}

fn insert_position_tx(tx: &Transaction, ordinal: i64, p: &Position, plan: Option<&Picture>, rooms: &[Room]) -> Result<()> {
    tx.execute(
        "INSERT INTO positions(ordinal, key, name, name_en, plan_mime, plan, plan_sha, plan_width, plan_height, plan_text, here_x, here_y) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?12, ?10, ?11)",
        params![
            ordinal,
            p.key,
            p.name,
            p.name_en,
            plan.map(|x| x.mime),
            plan.map(|x| &x.bytes),
            plan.map(|x| x.info().sha),
            plan.map(|x| x.width),
            plan.map(|x| x.height),
            p.here.map(|h| h.x as f64),
            p.here.map(|h| h.y as f64),
            plan.and_then(|x| x.text).map(f64::from)
        ],
    )?;
    let id = tx.last_insert_rowid();
    for w in &p.ways {
        if let Some(r) = rooms.iter().find(|r| same_name(&r.name, &w.room)) {
            tx.execute("INSERT OR REPLACE INTO ways(position_id, room_id, arrow, fr, en) VALUES (?1, ?2, ?3, ?4, ?5)", params![id, r.id, w.arrow.as_str(), w.fr, w.en])?;
        }
    }
    Ok(())
}

/// Writes a whole pack: the event, its logo, its rooms (a room of the same name keeps its
/// identity, its programme and live state follow the pack), positions and programme.
pub(super) fn write_pack_tx(tx: &Transaction, pack: &EventPack) -> Result<()> {
    let logo = pack.logo.as_ref();
    tx.execute("UPDATE event SET data = ?1 WHERE id = 1", params![event_json(&pack.event)])?;
    set_logo_tx(tx, logo)?;
    let old = rooms_tx(tx)?;
    let mut kept = Vec::new();
    for (i, r) in pack.rooms.iter().enumerate() {
        match old.iter().find(|o| same_name(&o.name, &r.name)) {
            Some(o) => {
                tx.execute(
                    "UPDATE rooms SET ordinal = ?2, name = ?3, capacity = ?4, full_policy = ?5, full_margin = ?6 WHERE id = ?1",
                    params![o.id, i as i64, r.name, r.capacity, r.policy.as_str(), r.margin],
                )?;
                kept.push(o.id);
            }
            None => {
                tx.execute(
                    "INSERT INTO rooms(ordinal, name, capacity, full_policy, full_margin) VALUES (?1, ?2, ?3, ?4, ?5)",
                    params![i as i64, r.name, r.capacity, r.policy.as_str(), r.margin],
                )?;
                kept.push(tx.last_insert_rowid());
            }
        }
    }
    for o in old.iter().filter(|o| !kept.contains(&o.id)) {
        tx.execute("DELETE FROM rooms WHERE id = ?1", params![o.id])?;
    }
    let rooms = rooms_tx(tx)?;
    tx.execute("DELETE FROM positions", [])?;
    for (i, (p, plan)) in pack.positions.iter().enumerate() {
        insert_position_tx(tx, i as i64, p, plan.as_ref(), &rooms)?;
    }
    let all: Vec<i64> = rooms.iter().map(|r| r.id).collect();
    super::programme::save_programme_tx(tx, &pack.programme, &all, &rooms)?;
    Ok(())
}

/// A store made before rooms: its event named one room, its live state was the room's. Moves
/// both into the rooms tables, and gives the embedded default event back its screen
/// positions (their keys are the ones those stores used).
pub(super) fn upgrade_legacy(tx: &Transaction, data: &str) -> Result<()> {
    let Ok(v) = serde_json::from_str::<serde_json::Value>(data) else { return Ok(()) };
    let Some(room) = v.get("room").and_then(|r| r.as_str()) else { return Ok(()) };
    if !rooms_tx(tx)?.is_empty() {
        return Ok(());
    }
    tx.execute("INSERT INTO rooms(ordinal, name) VALUES (0, ?1)", params![room])?;
    let id = tx.last_insert_rowid();
    tx.execute("UPDATE blocks SET room_id = ?1", params![id])?;
    tx.execute(
        "INSERT INTO room_live(room_id, talk_id, started_at, ended_block_id, ended_at, delay_minutes, room_full)
         SELECT ?1, talk_id, started_at, ended_block_id, ended_at, delay_minutes, room_full FROM live WHERE id = 1",
        params![id],
    )?;
    let event: Option<Event> = serde_json::from_value(v.clone()).ok();
    let default = crate::event_pack::default_pack();
    if let Some(e) = &event {
        if e.first_day == default.event.first_day && e.venue == default.event.venue && default.rooms.iter().any(|r| same_name(&r.name, room)) {
            let rooms = rooms_tx(tx)?;
            for (i, (p, plan)) in default.positions.iter().enumerate() {
                insert_position_tx(tx, i as i64, p, plan.as_ref(), &rooms)?;
            }
        }
        tx.execute("UPDATE event SET data = ?1 WHERE id = 1", params![event_json(e)])?;
    }
    Ok(())
}

impl Store {
    /// Changes the event's fields (checked by the service before).
    pub fn update_event(&mut self, event: Event) -> Result<()> {
        write_event_tx(&self.conn, &event)?;
        self.event = event;
        Ok(())
    }

    pub fn logo(&self) -> Result<Option<Picture>> {
        Ok(self
            .conn
            .query_row("SELECT logo_mime, logo, logo_width, logo_height, logo_text FROM event WHERE id = 1 AND logo IS NOT NULL", [], |r| {
                Ok(Picture::stored(&r.get::<_, String>(0)?, r.get(1)?, r.get::<_, Option<u32>>(2)?.unwrap_or(4), r.get::<_, Option<u32>>(3)?.unwrap_or(3), r.get::<_, Option<f64>>(4)?.map(|t| t as f32)))
            })
            .optional()?)
    }

    fn logo_info(&self) -> Result<Option<PictureInfo>> {
        Ok(self
            .conn
            .query_row("SELECT logo_mime, logo_sha, logo_width, logo_height, logo_text FROM event WHERE id = 1 AND logo IS NOT NULL", [], |r| {
                Ok(PictureInfo { mime: r.get(0)?, sha: r.get(1)?, width: r.get::<_, Option<u32>>(2)?.unwrap_or(4), height: r.get::<_, Option<u32>>(3)?.unwrap_or(3), text: r.get::<_, Option<f64>>(4)?.map(|t| t as f32) })
            })
            .optional()?)
    }

    pub fn set_logo(&mut self, logo: Option<&Picture>) -> Result<()> {
        set_logo_tx(&self.conn, logo)
    }

    pub fn rooms(&self) -> Result<Vec<Room>> {
        rooms_tx(&self.conn)
    }

    pub fn add_room(&mut self, name: &str) -> Result<Room> {
        self.conn.execute("INSERT INTO rooms(ordinal, name) VALUES ((SELECT COALESCE(MAX(ordinal), -1) + 1 FROM rooms), ?1)", params![name])?;
        Ok(Room { id: self.conn.last_insert_rowid(), ..Room::named(name) })
    }

    /// Renames a room; a screen set to show it by its old name follows.
    pub fn rename_room(&mut self, id: i64, name: &str) -> Result<()> {
        self.write_tx(|tx| {
            let old: Option<String> = tx.query_row("SELECT name FROM rooms WHERE id = ?1", params![id], |r| r.get(0)).optional()?;
            tx.execute("UPDATE rooms SET name = ?2 WHERE id = ?1", params![id, name])?;
            if let Some(old) = old {
                tx.execute("UPDATE settings SET value = ?3 WHERE key = ?1 AND value = ?2", params![crate::settings::Setting::ScreenView.as_str(), old, name])?;
                // The people inside it are inside it under its new name.
                for t in ["checkins", "movements", "arrivals_kept"] {
                    tx.execute(&format!("UPDATE {t} SET room = ?2 WHERE room = ?1"), params![old, name])?;
                }
            }
            Ok(())
        })
    }

    /// Deletes a room with its programme, live state and ways.
    pub fn delete_room(&mut self, id: i64) -> Result<()> {
        self.conn.execute("DELETE FROM rooms WHERE id = ?1", params![id])?;
        Ok(())
    }

    pub fn set_room_order(&mut self, ids: &[i64]) -> Result<()> {
        self.write_tx(|tx| {
            for (i, id) in ids.iter().enumerate() {
                tx.execute("UPDATE rooms SET ordinal = ?2 WHERE id = ?1", params![id, i as i64])?;
            }
            Ok(())
        })
    }

    pub fn positions(&self) -> Result<Vec<Position>> {
        positions_tx(&self.conn)
    }

    /// Adds a position, or changes its names and mark (its ways and plan stay).
    pub fn upsert_position(&mut self, p: &PositionRow) -> Result<()> {
        self.conn.execute(
            "INSERT INTO positions(ordinal, key, name, name_en, here_x, here_y)
             VALUES ((SELECT COALESCE(MAX(ordinal), -1) + 1 FROM positions), ?1, ?2, ?3, ?4, ?5)
             ON CONFLICT(key) DO UPDATE SET name = excluded.name, name_en = excluded.name_en,
                 here_x = COALESCE(excluded.here_x, here_x), here_y = COALESCE(excluded.here_y, here_y)",
            params![p.key, p.name, p.name_en, p.here.map(|h| h.x as f64), p.here.map(|h| h.y as f64)],
        )?;
        Ok(())
    }

    pub fn set_way(&mut self, position_key: &str, room_id: i64, arrow: Arrow, fr: &str, en: &str) -> Result<()> {
        self.conn.execute(
            "INSERT OR REPLACE INTO ways(position_id, room_id, arrow, fr, en) SELECT id, ?2, ?3, ?4, ?5 FROM positions WHERE key = ?1",
            params![position_key, room_id, arrow.as_str(), fr, en],
        )?;
        Ok(())
    }

    pub fn remove_way(&mut self, position_key: &str, room_id: i64) -> Result<()> {
        self.conn.execute("DELETE FROM ways WHERE room_id = ?2 AND position_id = (SELECT id FROM positions WHERE key = ?1)", params![position_key, room_id])?;
        Ok(())
    }

    pub fn set_plan(&mut self, position_key: &str, plan: Option<&Picture>) -> Result<()> {
        self.conn.execute(
            "UPDATE positions SET plan_mime = ?2, plan = ?3, plan_sha = ?4, plan_width = ?5, plan_height = ?6, plan_text = ?7 WHERE key = ?1",
            params![position_key, plan.map(|x| x.mime), plan.map(|x| &x.bytes), plan.map(|x| x.info().sha), plan.map(|x| x.width), plan.map(|x| x.height), plan.and_then(|x| x.text).map(f64::from)],
        )?;
        Ok(())
    }

    /// Deletes a position; false when there was none of that key.
    pub fn remove_position(&mut self, key: &str) -> Result<bool> {
        Ok(self.conn.execute("DELETE FROM positions WHERE key = ?1", params![key])? > 0)
    }

    pub fn plan(&self, key: &str) -> Result<Option<Picture>> {
        Ok(self
            .conn
            .query_row("SELECT plan_mime, plan, plan_width, plan_height, plan_text FROM positions WHERE key = ?1 AND plan IS NOT NULL", params![key], |r| {
                Ok(Picture::stored(&r.get::<_, String>(0)?, r.get(1)?, r.get::<_, Option<u32>>(2)?.unwrap_or(4), r.get::<_, Option<u32>>(3)?.unwrap_or(3), r.get::<_, Option<f64>>(4)?.map(|t| t as f32)))
            })
            .optional()?)
    }

    /// The prepared event as a pack (never attendees).
    pub fn pack(&self) -> Result<EventPack> {
        let positions = self.positions()?.into_iter().map(|p| self.plan(&p.key).map(|plan| (p, plan))).collect::<Result<Vec<_>>>()?;
        let mut programme = self.programme()?;
        for b in &mut programme.blocks {
            b.id = 0;
            b.talks.iter_mut().for_each(|t| t.id = 0);
        }
        Ok(EventPack { event: self.event.clone(), logo: self.logo()?, rooms: self.rooms()?, positions, programme })
    }

    /// Replaces the event by a pack, in one transaction: all of it or nothing.
    pub fn load_pack(&mut self, pack: &EventPack) -> Result<()> {
        self.write_tx(|tx| write_pack_tx(tx, pack))?;
        self.event = pack.event.clone();
        Ok(())
    }

    /// Each room's live state, and the venue's announcement.
    pub fn lives(&self) -> Result<(HashMap<String, LiveState>, Option<String>)> {
        let announcement: Option<String> = self.conn.query_row("SELECT announcement FROM live WHERE id = 1", [], |r| r.get(0)).optional()?.flatten();
        let rows = self
            .conn
            .prepare_cached(
                "SELECT r.name, l.talk_id, l.started_at, l.ended_block_id, l.ended_at, l.delay_minutes, l.room_full, l.auto_full, l.room_open
                 FROM room_live l JOIN rooms r ON r.id = l.room_id",
            )?
            .query_map([], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    LiveState {
                        talk_id: r.get(1)?,
                        started_at: r.get::<_, Option<String>>(2)?.as_deref().map(crate::clock::from_db),
                        ended_block_id: r.get(3)?,
                        ended_at: r.get::<_, Option<String>>(4)?.as_deref().map(crate::clock::from_db),
                        delay_minutes: r.get(5)?,
                        announcement: announcement.clone(),
                        room_full: r.get(6)?,
                        auto_full: r.get(7)?,
                        room_open: r.get(8)?,
                    },
                ))
            })?
            .collect::<rusqlite::Result<HashMap<_, _>>>()?;
        Ok((rows, announcement))
    }

    /// Keeps a room's live state (its announcement is the venue's: see `set_announcement`;
    /// the door's latch is the door's: see `capacity`). The organiser's "open" stands only
    /// while the latch it answered does.
    pub fn set_live(&mut self, room_id: i64, l: &LiveState) -> Result<()> {
        self.conn.execute(
            "INSERT INTO room_live(room_id, talk_id, started_at, ended_block_id, ended_at, delay_minutes, room_full, room_open)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 0)
             ON CONFLICT(room_id) DO UPDATE SET talk_id = excluded.talk_id, started_at = excluded.started_at,
                 ended_block_id = excluded.ended_block_id, ended_at = excluded.ended_at,
                 delay_minutes = excluded.delay_minutes, room_full = excluded.room_full,
                 room_open = CASE WHEN ?8 AND room_live.auto_full THEN 1 ELSE 0 END",
            params![room_id, l.talk_id, l.started_at.map(crate::clock::to_db), l.ended_block_id, l.ended_at.map(crate::clock::to_db), l.delay_minutes, l.room_full, l.room_open],
        )?;
        Ok(())
    }

    pub fn set_announcement(&mut self, text: Option<&str>) -> Result<()> {
        self.conn.execute("UPDATE live SET announcement = ?1 WHERE id = 1", params![text])?;
        Ok(())
    }

    /// What every screen is computed from, read in one go.
    pub fn signage_data(&self) -> Result<SignageData> {
        let (live, announcement) = self.lives()?;
        Ok(SignageData {
            event: self.event.clone(),
            logo: self.logo_info()?,
            rooms: self.rooms()?,
            positions: self.positions()?,
            programme: self.programme()?,
            live,
            announcement,
        })
    }

    /// The room of that name (case, accents and spaces ignored).
    pub fn room(&self, name: &str) -> Result<Room> {
        crate::venue_map::find_room(&self.rooms()?, Some(name)).cloned()
    }
}
