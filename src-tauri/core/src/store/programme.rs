//! The programme in the store, each block in a room. Re-importing an edited programme
//! updates it in place, room by room: talks keep their identity (matched by title), so the
//! live state survives; withdrawn talks go; the new order is taken. Rooms the file does not
//! cover keep their programme.

use std::collections::{HashMap, HashSet};

use rusqlite::{params, OptionalExtension, Transaction};

use super::Store;
use crate::clock::{from_db, to_db};
use crate::error::Result;
use crate::programme::{talk_key, Block, BlockKind, Programme, ProgrammeError, Speaker, Talk};
use crate::settings::Setting;
use crate::venue_map::{same_name, Room};

/// Counts of what an import changed.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize, ts_rs::TS)]
pub struct ProgrammeUpdate {
    pub blocks: usize,
    pub talks: usize,
    pub added: usize,
    pub kept: usize,
    /// Talks found at their place (same block, same position) under a new title, by the
    /// same speakers or with most of the same words: an edit, not a new talk.
    #[serde(default)]
    pub renamed: usize,
    pub removed: usize,
    /// The rooms whose programme was replaced.
    #[serde(default)]
    pub rooms: Vec<String>,
    /// The days the programme covers ("2026-11-18").
    #[serde(default)]
    pub days: Vec<String>,
}

/// Whether a talk at the same place under another title is the same talk, edited: the same
/// speakers, or at least half of the words of the shorter title.
fn same_talk(old_title: &str, old_speakers: &str, new: &Talk) -> bool {
    let names = |list: &[Speaker]| list.iter().map(|s| talk_key(&s.name)).collect::<HashSet<_>>();
    let old_people: Vec<Speaker> = serde_json::from_str(old_speakers).unwrap_or_default();
    if !old_people.is_empty() && names(&old_people) == names(&new.speakers) {
        return true;
    }
    let words = |t: &str| crate::search::query_words(t).into_iter().filter(|w| w.chars().count() > 2).collect::<HashSet<_>>();
    let (a, b) = (words(old_title), words(&new.title));
    let shared = a.intersection(&b).count();
    let shorter = a.len().min(b.len());
    shorter > 0 && shared * 2 >= shorter
}

/// Replaces the programme of the rooms `scope` by `p` (whose blocks name their rooms), in
/// place (see the module's note).
pub(super) fn save_programme_tx(tx: &Transaction, p: &Programme, scope: &[i64], rooms: &[Room]) -> Result<ProgrammeUpdate> {
    let in_scope = |room_id: Option<i64>| room_id.is_some_and(|r| scope.contains(&r));
    let old_blocks: Vec<(i64, Option<i64>, String, String)> = tx
        .prepare("SELECT id, room_id, starts, title FROM blocks")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
        .collect::<rusqlite::Result<Vec<_>>>()?
        .into_iter()
        .filter(|(_, room, _, _)| in_scope(*room))
        .collect();
    let old_block_ids: HashSet<i64> = old_blocks.iter().map(|b| b.0).collect();
    let old_talks: Vec<(i64, i64, i64, String, String)> = tx
        .prepare("SELECT id, block_id, position, title, speakers FROM talks")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)))?
        .collect::<rusqlite::Result<Vec<_>>>()?
        .into_iter()
        .filter(|t| old_block_ids.contains(&t.1))
        .collect();
    let mut free_talks: HashMap<String, Vec<i64>> = HashMap::new();
    for (id, _, _, title, _) in old_talks.iter().rev() {
        free_talks.entry(talk_key(title)).or_default().push(*id);
    }
    let new_titles: HashSet<String> = p.talks().map(|(_, t)| talk_key(&t.title)).collect();
    let by_place: HashMap<(i64, i64), (i64, String, String)> = old_talks.iter().map(|(id, b, pos, title, sp)| ((*b, *pos), (*id, title.clone(), sp.clone()))).collect();
    let mut used_blocks = Vec::new();
    let mut kept_talks = Vec::new();
    let mut up = ProgrammeUpdate { blocks: p.blocks.len(), talks: p.talk_count(), ..Default::default() };
    for (bi, b) in p.blocks.iter().enumerate() {
        let room = rooms.iter().find(|r| same_name(&r.name, &b.room)).ok_or_else(|| ProgrammeError::RoomNotFound {
            room: b.room.clone(),
            rooms: rooms.iter().map(|r| r.name.as_str()).collect::<Vec<_>>().join(", "),
        })?;
        if !up.rooms.contains(&room.name) {
            up.rooms.push(room.name.clone());
        }
        let starts = to_db(b.starts);
        let free = |id: &i64, r: &Option<i64>, s: &String| !used_blocks.contains(id) && *r == Some(room.id) && *s == starts;
        let reuse = old_blocks
            .iter()
            .find(|(id, r, s, t)| free(id, r, s) && talk_key(t) == talk_key(&b.title))
            .or_else(|| old_blocks.iter().find(|(id, r, s, _)| free(id, r, s)))
            .map(|(id, _, _, _)| *id);
        let block_id = match reuse {
            Some(id) => {
                tx.execute(
                    "UPDATE blocks SET position = ?2, starts = ?3, ends = ?4, title = ?5, kind = ?6, room_id = ?7 WHERE id = ?1",
                    params![id, bi as i64, starts, to_db(b.ends), b.title, b.kind.as_str(), room.id],
                )?;
                id
            }
            None => {
                tx.execute(
                    "INSERT INTO blocks(position, starts, ends, title, kind, room_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                    params![bi as i64, starts, to_db(b.ends), b.title, b.kind.as_str(), room.id],
                )?;
                tx.last_insert_rowid()
            }
        };
        used_blocks.push(block_id);
        for (ti, t) in b.talks.iter().enumerate() {
            let speakers = serde_json::to_string(&t.speakers).expect("speakers serialise");
            let links = serde_json::to_string(&t.links).expect("links serialise");
            let by_title = free_talks.get_mut(&talk_key(&t.title)).and_then(Vec::pop);
            let renamed = match by_title {
                Some(_) => None,
                None => by_place
                    .get(&(block_id, ti as i64))
                    .filter(|(id, old, sp)| !new_titles.contains(&talk_key(old)) && !kept_talks.contains(id) && same_talk(old, sp, t))
                    .map(|(id, _, _)| *id),
            };
            match by_title.or(renamed) {
                Some(id) => {
                    tx.execute(
                        "UPDATE talks SET block_id = ?2, position = ?3, title = ?4, speakers = ?5, remote = ?6, links = ?7,
                         minutes = COALESCE(?8, minutes) WHERE id = ?1",
                        params![id, block_id, ti as i64, t.title, speakers, t.remote, links, t.minutes],
                    )?;
                    kept_talks.push(id);
                    if renamed.is_some() { up.renamed += 1 } else { up.kept += 1 }
                }
                None => {
                    tx.execute(
                        "INSERT INTO talks(block_id, position, title, speakers, remote, links, minutes) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                        params![block_id, ti as i64, t.title, speakers, t.remote, links, t.minutes],
                    )?;
                    kept_talks.push(tx.last_insert_rowid());
                    up.added += 1;
                }
            }
        }
    }
    for (id, ..) in &old_talks {
        if !kept_talks.contains(id) {
            tx.execute("DELETE FROM talks WHERE id = ?1", params![id])?;
            up.removed += 1;
        }
    }
    for (id, ..) in &old_blocks {
        if !used_blocks.contains(id) {
            tx.execute("DELETE FROM blocks WHERE id = ?1", params![id])?;
        }
    }
    if let Some(s) = &p.source {
        tx.execute(
            "INSERT INTO settings(key, value) VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            params![Setting::ProgrammeSource.as_str(), s],
        )?;
    }
    Ok(up)
}

impl Store {
    pub fn programme(&self) -> Result<Programme> {
        let mut blocks: Vec<Block> = self
            .conn
            .prepare_cached(
                "SELECT b.id, b.starts, b.ends, b.title, b.kind, COALESCE(r.name, '') FROM blocks b LEFT JOIN rooms r ON r.id = b.room_id
                 ORDER BY b.starts, r.ordinal, b.position",
            )?
            .query_map([], |r| {
                Ok(Block {
                    id: r.get(0)?,
                    room: r.get(5)?,
                    starts: from_db(&r.get::<_, String>(1)?),
                    ends: from_db(&r.get::<_, String>(2)?),
                    title: r.get(3)?,
                    kind: BlockKind::parse(&r.get::<_, String>(4)?),
                    talks: Vec::new(),
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        let index: HashMap<i64, usize> = blocks.iter().enumerate().map(|(i, b)| (b.id, i)).collect();
        let mut st = self.conn.prepare_cached("SELECT id, block_id, title, speakers, remote, links, minutes FROM talks ORDER BY block_id, position")?;
        let talks = st.query_map([], |r| {
            Ok((
                r.get::<_, i64>(1)?,
                Talk {
                    id: r.get(0)?,
                    title: r.get(2)?,
                    speakers: serde_json::from_str(&r.get::<_, String>(3)?).unwrap_or_default(),
                    remote: r.get(4)?,
                    links: serde_json::from_str(&r.get::<_, String>(5)?).unwrap_or_default(),
                    minutes: r.get(6)?,
                },
            ))
        })?;
        for t in talks {
            let (block_id, talk) = t?;
            if let Some(&i) = index.get(&block_id) {
                blocks[i].talks.push(talk);
            }
        }
        Ok(Programme { blocks, source: self.setting(Setting::ProgrammeSource)? })
    }

    /// Replaces the programme of the rooms `p` names (they must exist), in place; the
    /// other rooms keep theirs. Checked against the event's bounds first.
    pub fn save_programme(&mut self, p: &Programme) -> Result<ProgrammeUpdate> {
        if p.blocks.is_empty() {
            return Err(ProgrammeError::Empty.into());
        }
        p.check(self.event.tz())?;
        let rooms = self.rooms()?;
        let scope: Vec<i64> = rooms.iter().filter(|r| p.blocks.iter().any(|b| same_name(&b.room, &r.name))).map(|r| r.id).collect();
        let event = self.event.clone();
        let mut up = self.write_tx(|tx| save_programme_tx(tx, p, &scope, &rooms))?;
        up.days = p.days(event.tz()).iter().map(|d| d.to_string()).collect();
        Ok(up)
    }

    pub fn withdraw_talk(&mut self, talk_id: i64) -> Result<()> {
        let n = self.conn.execute("DELETE FROM talks WHERE id = ?1", params![talk_id])?;
        if n == 0 {
            return Err(ProgrammeError::TalkNotFound(talk_id).into());
        }
        Ok(())
    }

    pub fn edit_talk(&mut self, talk_id: i64, title: Option<&str>, speakers: Option<&[Speaker]>, minutes: Option<Option<u32>>) -> Result<()> {
        let mut n = 0;
        if let Some(t) = title.map(str::trim).filter(|t| !t.is_empty()) {
            n += self.conn.execute("UPDATE talks SET title = ?2 WHERE id = ?1", params![talk_id, t])?;
        }
        if let Some(s) = speakers {
            let json = serde_json::to_string(s).expect("speakers serialise");
            n += self.conn.execute("UPDATE talks SET speakers = ?2 WHERE id = ?1", params![talk_id, json])?;
        }
        if let Some(m) = minutes {
            n += self.conn.execute("UPDATE talks SET minutes = ?2 WHERE id = ?1", params![talk_id, m])?;
        }
        if n == 0 && self.conn.query_row("SELECT 1 FROM talks WHERE id = ?1", params![talk_id], |_| Ok(())).optional()?.is_none() {
            return Err(ProgrammeError::TalkNotFound(talk_id).into());
        }
        Ok(())
    }

    /// Adds a talk to a block, at `position` (or last).
    pub fn add_talk(&mut self, block_id: i64, talk: &Talk, position: Option<usize>) -> Result<i64> {
        self.write_tx(|tx| {
            let count: i64 = tx.query_row("SELECT COUNT(*) FROM blocks WHERE id = ?1", params![block_id], |r| r.get(0))?;
            if count == 0 {
                return Err(ProgrammeError::BlockNotFound(block_id).into());
            }
            let n: i64 = tx.query_row("SELECT COUNT(*) FROM talks WHERE block_id = ?1", params![block_id], |r| r.get(0))?;
            let pos = position.map(|p| p as i64).unwrap_or(n).min(n);
            tx.execute("UPDATE talks SET position = position + 1 WHERE block_id = ?1 AND position >= ?2", params![block_id, pos])?;
            tx.execute(
                "INSERT INTO talks(block_id, position, title, speakers, remote, links, minutes) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                params![
                    block_id,
                    pos,
                    talk.title.trim(),
                    serde_json::to_string(&talk.speakers).expect("speakers serialise"),
                    talk.remote,
                    serde_json::to_string(&talk.links).expect("links serialise"),
                    talk.minutes
                ],
            )?;
            Ok(tx.last_insert_rowid())
        })
    }
}
