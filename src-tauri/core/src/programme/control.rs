//! Staff steering the programme on the day: start, next, previous, end of block, delay,
//! announcement. A pure rule: given the programme, the live state and what the signage
//! shows now, an action gives the next live state (the store keeps it, see
//! `Store::apply_live`).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::live::{LiveState, Screen};
use super::{Programme, ProgrammeError};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum LiveAction {
    /// Start a given talk, or the one the clock says is on (or next).
    Start { talk_id: Option<i64> },
    Next,
    Prev,
    EndBlock,
    /// Add minutes of delay to what follows (negative: catch up).
    Delay { minutes: i64 },
    Announce { text: String },
    Clear,
    /// The room is full (or no longer): a strip on every signage, nothing hidden.
    RoomFull { full: bool },
}

/// The longest announcement: what a screen shows whole, large enough to read from afar.
pub const MAX_ANNOUNCEMENT: usize = 280;

/// The live state after `action`, taken at `now` while the signage showed `shown`.
pub fn apply(p: &Programme, live: &LiveState, shown: &Screen, action: &LiveAction, now: DateTime<Utc>) -> Result<LiveState, ProgrammeError> {
    let mut live = live.clone();
    let order: Vec<i64> = p.talks().map(|(_, t)| t.id).collect();
    let current = shown.now.as_ref().map(|t| t.id);
    let start = |live: &mut LiveState, id: i64| {
        live.talk_id = Some(id);
        live.started_at = Some(now);
        live.delay_minutes = 0;
        live.ended_block_id = None;
        live.ended_at = None;
    };
    match action {
        LiveAction::Start { talk_id: Some(id) } => {
            if p.find_talk(*id).is_none() {
                return Err(ProgrammeError::TalkNotFound(*id));
            }
            start(&mut live, *id);
        }
        LiveAction::Start { talk_id: None } => {
            if let Some(id) = current.or(shown.next.as_ref().map(|t| t.id)) {
                start(&mut live, id);
            }
        }
        LiveAction::Next => {
            let id = match current {
                Some(c) => order.iter().position(|&x| x == c).and_then(|i| order.get(i + 1)).copied(),
                None => shown.next.as_ref().map(|t| t.id),
            };
            if let Some(id) = id {
                start(&mut live, id);
            }
        }
        LiveAction::Prev => {
            let anchor = current.or(shown.next.as_ref().map(|t| t.id));
            let id = anchor.and_then(|c| order.iter().position(|&x| x == c)).and_then(|i| i.checked_sub(1)).map(|i| order[i]);
            if let Some(id) = id {
                start(&mut live, id);
            }
        }
        LiveAction::EndBlock => {
            if let Some(b) = &shown.block {
                live.ended_block_id = Some(b.id);
                live.ended_at = Some(now);
                live.talk_id = None;
                live.started_at = None;
                live.delay_minutes = 0;
            }
        }
        LiveAction::Delay { minutes } => live.delay_minutes = (live.delay_minutes + minutes).clamp(-240, 240),
        LiveAction::Announce { text } => {
            let t = text.trim();
            live.announcement = (!t.is_empty()).then(|| t.chars().take(MAX_ANNOUNCEMENT).collect());
        }
        LiveAction::Clear => live.announcement = None,
        // Off while the counts say full: the organiser's word wins over them.
        LiveAction::RoomFull { full } => {
            live.room_full = *full;
            live.room_open = !*full && live.auto_full;
        }
    }
    Ok(live)
}
