//! What is on stage now, and what comes next: staff actions first, the clock's estimate
//! otherwise. The signage window, the admin screen and `programme now` all call [`screen`].

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

use super::{Block, BlockKind, Programme, Speaker};
use crate::event::Event;

/// What staff set; survives restarts (stored).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct LiveState {
    /// The talk staff started, and when.
    pub talk_id: Option<i64>,
    pub started_at: Option<DateTime<Utc>>,
    /// A block staff closed early ("end of block"), and when.
    pub ended_block_id: Option<i64>,
    pub ended_at: Option<DateTime<Utc>>,
    /// Minutes the rest of the current block runs late (negative: early).
    pub delay_minutes: i64,
    /// Overrides the signage until cleared ("Salle 223M complète", an emergency).
    pub announcement: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct TalkView {
    pub id: i64,
    pub title: String,
    pub speakers: Vec<Speaker>,
    pub remote: bool,
    /// Estimated (or actual, when staff started it) start, in the event's zone ("10:05").
    pub starts: String,
    pub starts_at: DateTime<Utc>,
    pub minutes: i64,
    /// For the talk on stage: minutes since it started and minutes left (negative when it overruns).
    pub elapsed_minutes: Option<i64>,
    pub remaining_minutes: Option<i64>,
    /// True when started by staff, false when inferred from the clock.
    pub confirmed: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct BlockView {
    pub id: i64,
    pub title: String,
    pub kind: BlockKind,
    pub starts: String,
    pub ends: String,
    pub starts_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    /// The day has not started.
    Before,
    /// A talk (or panel item) is on stage.
    OnStage,
    /// In a block with no talk on now (a break, welcome, the end of a block).
    Between,
    /// The day is over.
    After,
}

/// What a signage screen shows at an instant. No personal data: speakers are public.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct Screen {
    pub at: DateTime<Utc>,
    pub clock: String,
    pub phase: Phase,
    pub block: Option<BlockView>,
    pub now: Option<TalkView>,
    pub next: Option<TalkView>,
    /// The next block, with its time (during a break: what comes next and when).
    pub next_block: Option<BlockView>,
    pub announcement: Option<String>,
    pub delay_minutes: i64,
    /// The venue clock is a rehearsal's (the signage says RÉPÉTITION).
    #[serde(default)]
    pub rehearsal: bool,
}

/// One estimated slot of the day.
#[derive(Debug, Clone)]
struct Slot {
    block: usize,
    talk: usize,
    starts: DateTime<Utc>,
    minutes: i64,
    confirmed: bool,
}

/// Estimated starts of every talk, and of every block, given what staff did.
///
/// A block starts at its time, or later if the block before it overran. Inside a block,
/// talks follow one another; the talk staff started anchors those after it, and the delay
/// shifts the rest of that block. A break absorbs what it can: it still ends at its time.
fn estimate(p: &Programme, live: &LiveState, now: DateTime<Utc>) -> (Vec<DateTime<Utc>>, Vec<DateTime<Utc>>, Vec<Slot>) {
    let live_pos = live.talk_id.and_then(|id| p.find_talk(id));
    // The block the delay applies to: the live talk's, else the one the clock is in.
    let delay_block = live_pos.map(|(b, _)| b).or_else(|| p.blocks.iter().position(|b| b.starts <= now && now < b.ends));
    let delay = Duration::minutes(live.delay_minutes);
    let mut starts = Vec::with_capacity(p.blocks.len());
    let mut ends = Vec::with_capacity(p.blocks.len());
    let mut slots = Vec::new();
    let mut cursor: Option<DateTime<Utc>> = None;
    for (bi, b) in p.blocks.iter().enumerate() {
        let s = cursor.map_or(b.starts, |c| c.max(b.starts));
        let mut t = s + if Some(bi) == delay_block && live_pos.is_none() { delay } else { Duration::zero() };
        for (ti, talk) in b.talks.iter().enumerate() {
            let minutes = b.talk_minutes(talk);
            let mut confirmed = false;
            if live_pos == Some((bi, ti)) {
                if let Some(at) = live.started_at {
                    t = at;
                    confirmed = true;
                }
            }
            slots.push(Slot { block: bi, talk: ti, starts: t, minutes, confirmed });
            t += Duration::minutes(minutes);
            if live_pos == Some((bi, ti)) {
                t += delay;
            }
        }
        let mut e = if b.talks.is_empty() {
            // A break or welcome keeps its end time unless the day is already past it.
            b.ends.max(s)
        } else {
            // Talks finishing early do not pull the next block forward (that is `max` above).
            t.max(s)
        };
        if live.ended_block_id == Some(b.id) {
            if let Some(at) = live.ended_at {
                e = at.max(s);
            }
        }
        starts.push(s);
        ends.push(e);
        cursor = Some(e);
    }
    (starts, ends, slots)
}

pub fn screen(event: &Event, p: &Programme, live: &LiveState, now: DateTime<Utc>) -> Screen {
    let (starts, ends, slots) = estimate(p, live, now);
    let hm = |t: DateTime<Utc>| event.local_hm(t);
    let block_view = |i: usize| {
        let b: &Block = &p.blocks[i];
        BlockView {
            id: b.id,
            title: b.title.clone(),
            kind: b.kind,
            starts: hm(starts[i]),
            ends: hm(ends[i].max(b.ends)),
            starts_at: starts[i],
        }
    };
    let talk_view = |s: &Slot, on_stage: bool| {
        let t = &p.blocks[s.block].talks[s.talk];
        let elapsed = (now - s.starts).num_minutes();
        TalkView {
            id: t.id,
            title: t.title.clone(),
            speakers: t.speakers.clone(),
            remote: t.remote,
            starts: hm(s.starts),
            starts_at: s.starts,
            minutes: s.minutes,
            elapsed_minutes: on_stage.then_some(elapsed),
            remaining_minutes: on_stage.then_some(s.minutes - elapsed),
            confirmed: s.confirmed,
        }
    };
    let mut screen = Screen {
        at: now,
        clock: hm(now),
        phase: Phase::Before,
        block: None,
        now: None,
        next: None,
        next_block: None,
        announcement: live.announcement.clone(),
        delay_minutes: live.delay_minutes,
        rehearsal: false,
    };
    if p.blocks.is_empty() {
        screen.phase = if now < event.opens_at() { Phase::Before } else { Phase::After };
        return screen;
    }
    // A block holds its slot until its time is up (talks ending early leave it running),
    // unless staff ended it or it ran into the next one.
    let held: Vec<DateTime<Utc>> = (0..p.blocks.len())
        .map(|i| {
            let b = &p.blocks[i];
            if live.ended_block_id == Some(b.id) {
                return ends[i];
            }
            let e = ends[i].max(b.ends);
            starts.get(i + 1).map_or(e, |&n| e.min(n.max(ends[i])))
        })
        .collect();
    // The block on now: the last one that has started and not ended.
    let current_block = (0..p.blocks.len()).rev().find(|&i| starts[i] <= now && now < held[i]);
    // The talk on stage: the one staff started (while its block is the current one or the
    // block is running late), else the slot the clock is in.
    let live_slot = slots.iter().position(|s| s.confirmed);
    let on_stage = match (live_slot, current_block) {
        (Some(i), Some(b)) if slots[i].block == b && live.ended_block_id != Some(p.blocks[b].id) => Some(i),
        (Some(i), None) if now >= slots[i].starts && p.blocks.get(slots[i].block + 1).is_none_or(|nb| now < nb.starts) => Some(i),
        (Some(_), _) => None,
        (None, Some(b)) if live.ended_block_id != Some(p.blocks[b].id) => {
            let in_block: Vec<usize> = (0..slots.len()).filter(|&i| slots[i].block == b).collect();
            in_block
                .iter()
                .copied()
                .find(|&i| slots[i].starts <= now && now < slots[i].starts + Duration::minutes(slots[i].minutes))
                // An overrunning last talk stays on until the block ends.
                .or_else(|| in_block.last().copied().filter(|&i| slots[i].starts <= now))
        }
        (None, _) => None,
    };
    screen.block = current_block.or(on_stage.map(|i| slots[i].block)).map(block_view);
    let after_time = on_stage.map(|i| slots[i].starts).unwrap_or(now);
    let next_slot = match on_stage {
        Some(i) => slots.get(i + 1).map(|_| i + 1),
        None => slots.iter().position(|s| s.starts > after_time && current_block.is_none_or(|b| s.block >= b) && live.ended_block_id != Some(p.blocks[s.block].id)),
    };
    screen.now = on_stage.map(|i| talk_view(&slots[i], true));
    screen.next = next_slot.map(|i| talk_view(&slots[i], false));
    let here = current_block.or(on_stage.map(|i| slots[i].block));
    screen.next_block = (0..p.blocks.len()).find(|&i| here.map_or(starts[i] > now, |h| i > h)).map(block_view);
    let day_start = starts[0];
    let day_end = *held.last().expect("blocks");
    screen.phase = if screen.now.is_some() {
        Phase::OnStage
    } else if now < day_start {
        Phase::Before
    } else if now >= day_end && here.is_none() {
        Phase::After
    } else {
        Phase::Between
    };
    screen
}

/// The planned day as exports show it: every block and every talk with its estimated start
/// and length (no staff action taken into account).
pub fn planned(p: &Programme) -> Vec<(usize, Option<usize>, DateTime<Utc>, i64)> {
    let (starts, ends, slots) = estimate(p, &LiveState::default(), DateTime::<Utc>::MIN_UTC);
    let mut out = Vec::new();
    for (bi, b) in p.blocks.iter().enumerate() {
        if b.talks.is_empty() {
            out.push((bi, None, starts[bi], (ends[bi] - starts[bi]).num_minutes()));
        }
        out.extend(slots.iter().filter(|s| s.block == bi).map(|s| (bi, Some(s.talk), s.starts, s.minutes)));
    }
    out
}
