//! The programme and its live state in the store. Re-importing an edited programme updates
//! it in place: talks keep their identity (matched by title), so the live state survives;
//! withdrawn talks go; the new order is taken.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use rusqlite::{params, OptionalExtension};

use super::Store;
use crate::settings::Setting;
use crate::clock::{from_db, to_db};
use crate::error::Result;
use crate::programme::control::{self, LiveAction};
use crate::programme::live::{screen, LiveState, Screen};
use crate::programme::{talk_key, Block, BlockKind, Programme, ProgrammeError, Speaker, Talk};

/// Counts of what an import changed.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize, ts_rs::TS)]
pub struct ProgrammeUpdate {
    pub blocks: usize,
    pub talks: usize,
    pub added: usize,
    pub kept: usize,
    /// Talks found at their place (same block, same position) under a new title.
    #[serde(default)]
    pub renamed: usize,
    pub removed: usize,
}

impl Store {
    pub fn programme(&self) -> Result<Programme> {
        let mut blocks: Vec<Block> = self
            .conn
            .prepare_cached("SELECT id, starts, ends, title, kind FROM blocks ORDER BY starts, position")?
            .query_map([], |r| {
                Ok(Block {
                    id: r.get(0)?,
                    starts: from_db(&r.get::<_, String>(1)?),
                    ends: from_db(&r.get::<_, String>(2)?),
                    title: r.get(3)?,
                    kind: BlockKind::parse(&r.get::<_, String>(4)?),
                    talks: Vec::new(),
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        let index: HashMap<i64, usize> = blocks.iter().enumerate().map(|(i, b)| (b.id, i)).collect();
        let mut st = self.conn.prepare_cached(
            "SELECT id, block_id, title, speakers, remote, links, minutes FROM talks ORDER BY block_id, position",
        )?;
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

    /// Replaces the programme by `p`, in place (see the module's note).
    pub fn save_programme(&mut self, p: &Programme) -> Result<ProgrammeUpdate> {
        if p.blocks.is_empty() {
            return Err(ProgrammeError::Empty.into());
        }
        p.check()?;
        self.write_tx(|tx| {
            let old_blocks: Vec<(i64, String, String)> = tx
                .prepare("SELECT id, starts, title FROM blocks")?
                .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
                .collect::<rusqlite::Result<_>>()?;
            let old_talks: Vec<(i64, String)> = tx
                .prepare("SELECT id, title FROM talks")?
                .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<rusqlite::Result<_>>()?;
            let mut free_talks: HashMap<String, Vec<i64>> = HashMap::new();
            for (id, title) in old_talks.iter().rev() {
                free_talks.entry(talk_key(title)).or_default().push(*id);
            }
            // A talk whose title no longer appears anywhere in the file, at a place (block,
            // position) where the file has a talk with a new title: renamed, not withdrawn.
            let new_titles: std::collections::HashSet<String> = p.talks().map(|(_, t)| talk_key(&t.title)).collect();
            let by_place: HashMap<(i64, i64), (i64, String)> = tx
                .prepare("SELECT block_id, position, id, title FROM talks")?
                .query_map([], |r| Ok(((r.get(0)?, r.get(1)?), (r.get(2)?, r.get(3)?))))?
                .collect::<rusqlite::Result<_>>()?;
            let mut used_blocks = Vec::new();
            let mut kept_talks = Vec::new();
            let mut up = ProgrammeUpdate { blocks: p.blocks.len(), talks: p.talk_count(), ..Default::default() };
            for (bi, b) in p.blocks.iter().enumerate() {
                let starts = to_db(b.starts);
                let reuse = old_blocks
                    .iter()
                    .find(|(id, s, t)| !used_blocks.contains(id) && *s == starts && talk_key(t) == talk_key(&b.title))
                    .or_else(|| old_blocks.iter().find(|(id, s, _)| !used_blocks.contains(id) && *s == starts))
                    .map(|(id, _, _)| *id);
                let block_id = match reuse {
                    Some(id) => {
                        tx.execute(
                            "UPDATE blocks SET position = ?2, starts = ?3, ends = ?4, title = ?5, kind = ?6 WHERE id = ?1",
                            params![id, bi as i64, starts, to_db(b.ends), b.title, b.kind.as_str()],
                        )?;
                        id
                    }
                    None => {
                        tx.execute(
                            "INSERT INTO blocks(position, starts, ends, title, kind) VALUES (?1, ?2, ?3, ?4, ?5)",
                            params![bi as i64, starts, to_db(b.ends), b.title, b.kind.as_str()],
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
                            .filter(|(id, old)| !new_titles.contains(&talk_key(old)) && !kept_talks.contains(id))
                            .map(|(id, _)| *id),
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
            for (id, _) in &old_talks {
                if !kept_talks.contains(id) {
                    tx.execute("DELETE FROM talks WHERE id = ?1", params![id])?;
                    up.removed += 1;
                }
            }
            for (id, _, _) in &old_blocks {
                if !used_blocks.contains(id) {
                    tx.execute("DELETE FROM blocks WHERE id = ?1", params![id])?;
                }
            }
            match &p.source {
                Some(s) => tx.execute(
                    "INSERT INTO settings(key, value) VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                    params![Setting::ProgrammeSource.as_str(), s],
                )?,
                None => 0,
            };
            Ok(up)
        })
    }

    pub fn live(&self) -> Result<LiveState> {
        Ok(self
            .conn
            .prepare_cached("SELECT talk_id, started_at, ended_block_id, delay_minutes, announcement, ended_at, room_full FROM live WHERE id = 1")?
            .query_row([], |r| {
                Ok(LiveState {
                    talk_id: r.get(0)?,
                    started_at: r.get::<_, Option<String>>(1)?.as_deref().map(from_db),
                    ended_block_id: r.get(2)?,
                    delay_minutes: r.get(3)?,
                    announcement: r.get(4)?,
                    room_full: r.get(6)?,
                    ended_at: r.get::<_, Option<String>>(5)?.as_deref().map(from_db),
                })
            })
            .optional()?
            .unwrap_or_default())
    }

    /// Applies a staff action (start, next, delay…) and returns what the signage now shows.
    pub fn apply_live(&mut self, action: &LiveAction, now: DateTime<Utc>) -> Result<Screen> {
        let live = control::apply(&self.programme()?, &self.live()?, &self.screen(now)?, action, now)?;
        self.set_live(&live)?;
        self.screen(now)
    }

    pub fn set_live(&mut self, l: &LiveState) -> Result<()> {
        self.conn.execute(
            "UPDATE live SET talk_id = ?1, started_at = ?2, ended_block_id = ?3, delay_minutes = ?4, announcement = ?5, ended_at = ?6, room_full = ?7 WHERE id = 1",
            params![l.talk_id, l.started_at.map(to_db), l.ended_block_id, l.delay_minutes, l.announcement, l.ended_at.map(to_db), l.room_full],
        )?;
        Ok(())
    }

    /// What the signage shows at `now`.
    pub fn screen(&self, now: DateTime<Utc>) -> Result<Screen> {
        Ok(screen(&self.event, &self.programme()?, &self.live()?, now))
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
