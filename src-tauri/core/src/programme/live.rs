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
    /// Shown on every screen until cleared (the cloakroom closes, an emergency), beside the
    /// rest: the clock and the way to the room stay. The venue's, not a room's.
    pub announcement: Option<String>,
    /// The room is full: one touch on the organiser's screen, a strip on every signage.
    #[serde(default)]
    pub room_full: bool,
    /// The door's counts reached the room's capacity (and have not gone below it less the
    /// margin since): full by itself. Written by the door only.
    #[serde(default)]
    pub auto_full: bool,
    /// The organiser opened the room although the counts say full: their switch wins, until
    /// the counts go down by themselves.
    #[serde(default)]
    pub room_open: bool,
}

impl LiveState {
    /// Full as the signage shows it: the organiser's switch, else the door's counts.
    pub fn full(&self) -> bool {
        self.room_full || (self.auto_full && !self.room_open)
    }
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
    /// Minutes over time, only when it is a real overrun: a talk staff started that runs
    /// past its block's end, or past its own estimate while another talk waits.
    pub overrun_minutes: Option<i64>,
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
    /// The block's talks are over but the block is not: its own time (the round table's
    /// discussion, questions, an open discussion) until the block ends.
    BlockTime,
    /// The day is over.
    After,
}

/// The next thing in the room: a talk (with its details), or a block such as a break.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct UpNext {
    pub title: String,
    /// "10:30", in the event's zone.
    pub starts: String,
    pub starts_at: DateTime<Utc>,
    pub kind: BlockKind,
    /// When it is a talk.
    pub talk: Option<TalkView>,
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
    pub room_full: bool,
    pub delay_minutes: i64,
    /// The next thing in the room, a break included: a talk, or a block without talks.
    pub up_next: Option<UpNext>,
    /// Something of the day has already started (so a break's end is a resumption, not
    /// the start).
    pub started: bool,
    /// The venue clock is a rehearsal's (the signage says RÉPÉTITION).
    #[serde(default)]
    pub rehearsal: bool,
    /// The day in this room, block by block, at its estimated times (a delay moves them).
    #[serde(default)]
    pub day: Vec<DayItem>,
    /// The next block with its talks (during a break, before the day: what comes).
    #[serde(default)]
    pub coming: Option<Coming>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum ItemState {
    Past,
    Current,
    Coming,
}

/// One block of the day as the signage lists it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct DayItem {
    pub block_id: i64,
    pub title: String,
    pub kind: BlockKind,
    /// Estimated start and end, in the event's zone ("10:35" after a delay of 5).
    pub starts: String,
    pub ends: String,
    pub state: ItemState,
}

/// A block to come, with its talks in running order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct Coming {
    pub title: String,
    pub starts: String,
    pub kind: BlockKind,
    pub talks: Vec<ComingTalk>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct ComingTalk {
    pub title: String,
    pub speakers: Vec<Speaker>,
    pub remote: bool,
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
            let mut minutes = b.talk_minutes(talk);
            let mut confirmed = false;
            if live_pos == Some((bi, ti)) {
                if let Some(at) = live.started_at {
                    t = at;
                    confirmed = true;
                }
                // The delay is this talk running longer (or shorter): its time left says so,
                // and everything after it moves.
                minutes = (minutes + live.delay_minutes).max(1);
            }
            slots.push(Slot { block: bi, talk: ti, starts: t, minutes, confirmed });
            t += Duration::minutes(minutes);
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
    let mut screen = Screen {
        at: now,
        clock: hm(now),
        phase: Phase::Before,
        block: None,
        now: None,
        next: None,
        next_block: None,
        announcement: live.announcement.clone(),
        room_full: live.full(),
        delay_minutes: live.delay_minutes,
        up_next: None,
        started: false,
        rehearsal: false,
        day: Vec::new(),
        coming: None,
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
    let slot_end = |i: usize| slots[i].starts + Duration::minutes(slots[i].minutes);
    let another_waits = |i: usize| slots.get(i + 1).is_some_and(|n| n.block == slots[i].block);
    // The talk on stage: the one staff started (while its block is the current one or the
    // block is running late), else the slot the clock is in. An estimated talk whose time
    // is up leaves the stage to the block's own time; a talk staff started stays on until
    // they move on.
    let live_slot = slots.iter().position(|s| s.confirmed);
    let on_stage = match (live_slot, current_block) {
        (Some(i), Some(b)) if slots[i].block == b && live.ended_block_id != Some(p.blocks[b].id) => Some(i),
        (Some(i), None) if now >= slots[i].starts && p.blocks.get(slots[i].block + 1).is_none_or(|nb| now < nb.starts) => Some(i),
        (Some(_), _) => None,
        (None, Some(b)) if live.ended_block_id != Some(p.blocks[b].id) => {
            (0..slots.len()).find(|&i| slots[i].block == b && slots[i].starts <= now && now < slot_end(i))
        }
        (None, _) => None,
    };
    let talk_view = |i: usize, on: bool| {
        let s = &slots[i];
        let t = &p.blocks[s.block].talks[s.talk];
        let elapsed = (now - s.starts).num_minutes();
        // The block's end as planned from when it really started.
        let block_end = starts[s.block] + p.blocks[s.block].length();
        // Past its estimate: an overrun only if another talk waits; the last talk of a
        // block has until the block ends.
        let (remaining, overrun) = if !on {
            (None, None)
        } else if another_waits(i) || now >= block_end {
            let left = if another_waits(i) { s.minutes - elapsed } else { (block_end - now).num_minutes() };
            (Some(left), (left < 0).then_some(-left))
        } else if elapsed <= s.minutes {
            (Some(s.minutes - elapsed), None)
        } else {
            (Some((block_end - now).num_minutes()), None)
        };
        TalkView {
            id: t.id,
            title: t.title.clone(),
            speakers: t.speakers.clone(),
            remote: t.remote,
            starts: hm(s.starts),
            starts_at: s.starts,
            minutes: s.minutes,
            elapsed_minutes: on.then_some(elapsed),
            remaining_minutes: remaining,
            confirmed: s.confirmed,
            overrun_minutes: overrun,
        }
    };
    screen.block = current_block.or(on_stage.map(|i| slots[i].block)).map(block_view);
    let after_time = on_stage.map(|i| slots[i].starts).unwrap_or(now);
    let next_slot = match on_stage {
        Some(i) => slots.get(i + 1).map(|_| i + 1),
        None => slots.iter().position(|s| s.starts > after_time && current_block.is_none_or(|b| s.block >= b) && live.ended_block_id != Some(p.blocks[s.block].id)),
    };
    screen.now = on_stage.map(|i| talk_view(i, true));
    screen.next = next_slot.map(|i| talk_view(i, false));
    let here = current_block.or(on_stage.map(|i| slots[i].block));
    let next_block = (0..p.blocks.len()).find(|&i| here.map_or(starts[i] > now, |h| i > h));
    screen.next_block = next_block.map(block_view);
    // The next thing in the room: a break before the next talk comes first.
    screen.up_next = match (next_slot, next_block) {
        (Some(t), Some(b)) if p.blocks[b].talks.is_empty() && starts[b] < slots[t].starts => Some(b_up_next(&block_view(b), None)),
        (Some(t), _) => {
            let view = talk_view(t, false);
            Some(UpNext { title: view.title.clone(), starts: view.starts.clone(), starts_at: view.starts_at, kind: p.blocks[slots[t].block].kind, talk: Some(view) })
        }
        (None, Some(b)) => Some(b_up_next(&block_view(b), None)),
        (None, None) => None,
    };
    screen.started = slots.iter().any(|s| s.starts <= now);
    let day_start = starts[0];
    let day_end = *held.last().expect("blocks");
    // The block's own time: it has talks, they are all over, the block is not.
    let block_time = here.is_some_and(|b| {
        !p.blocks[b].talks.is_empty()
            && live.ended_block_id != Some(p.blocks[b].id)
            && (0..slots.len()).filter(|&i| slots[i].block == b).all(|i| slot_end(i) <= now)
    });
    screen.phase = if screen.now.is_some() {
        Phase::OnStage
    } else if now < day_start {
        Phase::Before
    } else if now >= day_end && here.is_none() {
        Phase::After
    } else if block_time {
        Phase::BlockTime
    } else {
        Phase::Between
    };
    screen.day = (0..p.blocks.len())
        .map(|i| {
            let b = &p.blocks[i];
            let state = if Some(i) == here {
                ItemState::Current
            } else if held[i] <= now || here.is_some_and(|h| i < h) {
                ItemState::Past
            } else {
                ItemState::Coming
            };
            DayItem { block_id: b.id, title: b.title.clone(), kind: b.kind, starts: hm(starts[i]), ends: hm(ends[i].max(b.ends)), state }
        })
        .collect();
    screen.coming = next_block.map(|i| {
        let b = &p.blocks[i];
        Coming {
            title: b.title.clone(),
            starts: hm(starts[i]),
            kind: b.kind,
            talks: b.talks.iter().map(|t| ComingTalk { title: t.title.clone(), speakers: t.speakers.clone(), remote: t.remote }).collect(),
        }
    });
    screen
}

fn b_up_next(b: &BlockView, talk: Option<TalkView>) -> UpNext {
    UpNext { title: b.title.clone(), starts: b.starts.clone(), starts_at: b.starts_at, kind: b.kind, talk }
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
