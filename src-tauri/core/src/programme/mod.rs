//! The programme: blocks of the day, talks in running order, and what is on now.
//!
//! Lightning talks have no times of their own: a talk's duration is estimated (the block's
//! length shared among its talks, clamped to 7–15 minutes, unless set per talk) and its start
//! derived from the block's start and what staff did (started, next, delay). Nothing derived
//! is stored.

pub mod control;
pub mod export;
pub mod frab;
pub mod import;
pub mod ical;
pub mod live;
pub mod org;
pub mod room;
pub mod speakers;

use chrono::{DateTime, Duration, Utc};

use crate::bilingual::Bilingual;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum ProgrammeError {
    #[error("{file}, ligne {line} : {} / {file}, line {line}: {}", .message.fr, .message.en)]
    AtLine { file: String, line: usize, message: Bilingual },
    #[error("{file}, élément <{element}> : {} / {file}, element <{element}>: {}", .message.fr, .message.en)]
    AtElement { file: String, element: String, message: Bilingual },
    #[error("{file} : {} / {file}: {}", .message.fr, .message.en)]
    File { file: String, message: Bilingual },
    #[error("exposé {0} introuvable / talk {0} not found")]
    TalkNotFound(i64),
    #[error("bloc {0} introuvable / block {0} not found")]
    BlockNotFound(i64),
    #[error("le programme est vide / the programme is empty")]
    Empty,
    #[error("salle « {room} » inconnue ; salles de l'événement : {rooms} / unknown room \"{room}\"; the event's rooms: {rooms}")]
    RoomNotFound { room: String, rooms: String },
    #[error("l'événement a plusieurs salles : dites laquelle (--room) parmi {0} / the event has several rooms: say which (--room) among {0}")]
    WhichRoom(String),
    #[error("« {title} » : {} / \"{title}\": {}", .message.fr, .message.en)]
    OutOfBounds { title: String, message: Bilingual },
}

/// The longest talk or item a programme may hold: a day.
pub const MAX_TALK_MINUTES: i64 = 24 * 60;
/// The longest a block, or one day's programme from its first start to its last end, may
/// last. The whole programme may span up to `event::MAX_DAYS` days.
pub const MAX_DAY_MINUTES: i64 = 24 * 60;

/// A duration as files give it, in minutes, if it is one a programme can hold (1 minute
/// to a day); arithmetic checked all the way, so no file can make it overflow.
pub fn bounded_minutes(d: Option<Duration>) -> Option<i64> {
    let m = d?.num_minutes();
    (0..=MAX_TALK_MINUTES).contains(&m).then_some(m.max(1))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum BlockKind {
    Talks,
    Panel,
    Break,
    Welcome,
    Discussion,
}

impl BlockKind {
    pub fn as_str(self) -> &'static str {
        match self {
            BlockKind::Talks => "talks",
            BlockKind::Panel => "panel",
            BlockKind::Break => "break",
            BlockKind::Welcome => "welcome",
            BlockKind::Discussion => "discussion",
        }
    }
    pub fn parse(s: &str) -> BlockKind {
        match s {
            "panel" => BlockKind::Panel,
            "break" => BlockKind::Break,
            "welcome" => BlockKind::Welcome,
            "discussion" => BlockKind::Discussion,
            _ => BlockKind::Talks,
        }
    }
    /// Guessed from a block's title and whether it has talks, in French or English.
    pub fn guess(title: &str, has_talks: bool) -> BlockKind {
        let t = crate::search::fold(title);
        let has = |words: &[&str]| words.iter().any(|w| t.contains(w));
        if has(&["bienvenue", "welcome", "accueil", "ouverture"]) {
            BlockKind::Welcome
        } else if has(&["table ronde", "panel", "round table", "round-table"]) {
            BlockKind::Panel
        } else if !has_talks && has(&["pause", "cafe", "dejeuner", "lunch", "break", "temps libre", "repas", "coffee"]) {
            BlockKind::Break
        } else if !has_talks {
            BlockKind::Discussion
        } else {
            BlockKind::Talks
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct Speaker {
    pub name: String,
    pub organisation: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct Link {
    pub url: String,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct Talk {
    /// 0 until stored.
    pub id: i64,
    pub title: String,
    pub speakers: Vec<Speaker>,
    pub remote: bool,
    pub links: Vec<Link>,
    /// Set by hand or by a file with per-talk times; otherwise estimated.
    pub minutes: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct Block {
    pub id: i64,
    /// The room it takes place in, by name; empty in a file that names no room (it goes to
    /// the room the import says).
    #[serde(default)]
    pub room: String,
    pub starts: DateTime<Utc>,
    pub ends: DateTime<Utc>,
    pub title: String,
    pub kind: BlockKind,
    pub talks: Vec<Talk>,
}

impl Block {
    pub fn length(&self) -> Duration {
        self.ends - self.starts
    }

    /// The estimated length of each talk of the block: its own, or the block's length
    /// shared among the talks, clamped to 7–15 minutes.
    pub fn talk_minutes(&self, t: &Talk) -> i64 {
        if let Some(m) = t.minutes {
            // Bounded on the way in; clamped here too for stores written before the bounds.
            return (m as i64).clamp(1, MAX_TALK_MINUTES);
        }
        let n = self.talks.len().max(1) as i64;
        (self.length().num_minutes() / n).clamp(7, 15)
    }
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, ts_rs::TS)]
pub struct Programme {
    pub blocks: Vec<Block>,
    /// Where it came from, and its licence (kept with the data, as the licence asks).
    pub source: Option<String>,
}

impl Programme {
    /// Refuses what no event can hold: a block ending before it starts or longer than
    /// [`MAX_DAY_MINUTES`], a talk longer than [`MAX_TALK_MINUTES`], one day's programme in a
    /// room spanning more than [`MAX_DAY_MINUTES`], or a programme over more than
    /// `days::MAX_DAYS` days. Days are the event's, in its zone `tz` (see `days`). Checked
    /// before anything is stored.
    pub fn check(&self, tz: chrono_tz::Tz) -> Result<(), ProgrammeError> {
        use crate::bilingual::bi;
        use crate::days::{day_of, MAX_DAYS};
        let out = |title: &str, fr: String, en: String| ProgrammeError::OutOfBounds { title: title.to_string(), message: bi(fr, en) };
        for b in &self.blocks {
            let len = (b.ends - b.starts).num_minutes();
            if b.ends < b.starts {
                return Err(out(&b.title, "le bloc finit avant de commencer".into(), "the block ends before it starts".into()));
            }
            if len > MAX_DAY_MINUTES {
                return Err(out(&b.title, format!("bloc de {len} min (au plus {MAX_DAY_MINUTES})"), format!("block of {len} min (at most {MAX_DAY_MINUTES})")));
            }
            for t in &b.talks {
                if let Some(m) = t.minutes.filter(|&m| m == 0 || m as i64 > MAX_TALK_MINUTES) {
                    return Err(out(&t.title, format!("durée de {m} min (de 1 à {MAX_TALK_MINUTES})"), format!("length of {m} min (1 to {MAX_TALK_MINUTES})")));
                }
            }
        }
        // Each room's day, from its first start to its last end.
        let mut spans: std::collections::BTreeMap<(String, chrono::NaiveDate), (DateTime<Utc>, DateTime<Utc>, &str)> = Default::default();
        for b in &self.blocks {
            let key = (crate::search::fold(&b.room), day_of(b.starts, tz));
            let e = spans.entry(key).or_insert((b.starts, b.ends, &b.title));
            e.0 = e.0.min(b.starts);
            if b.ends > e.1 {
                *e = (e.0, b.ends, &b.title);
            }
        }
        for ((_, day), (first, last, title)) in &spans {
            let span = (*last - *first).num_minutes();
            if span > MAX_DAY_MINUTES {
                return Err(out(title, format!("la journée du {day} s'étend sur {span} min (au plus {MAX_DAY_MINUTES})"), format!("the day of {day} spans {span} min (at most {MAX_DAY_MINUTES})")));
            }
        }
        let days = self.days(tz);
        if let (Some(first), Some(last)) = (days.first(), days.last()) {
            let n = (*last - *first).num_days() + 1;
            if n > MAX_DAYS as i64 {
                return Err(out(&self.source.clone().unwrap_or_default(), format!("le programme s'étend sur {n} jours, du {first} au {last} (au plus {MAX_DAYS})"), format!("the programme spans {n} days, {first} to {last} (at most {MAX_DAYS})")));
            }
        }
        Ok(())
    }

    /// The days the programme has blocks on, in order (in zone `tz`, see `days`).
    pub fn days(&self, tz: chrono_tz::Tz) -> Vec<chrono::NaiveDate> {
        let mut d: Vec<_> = self.blocks.iter().map(|b| crate::days::day_of(b.starts, tz)).collect();
        d.sort();
        d.dedup();
        d
    }

    /// The rooms the programme names, in the order they first appear.
    pub fn rooms(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for b in &self.blocks {
            if !out.iter().any(|r| crate::search::same_name(r, &b.room)) {
                out.push(b.room.clone());
            }
        }
        out
    }

    /// The part of the programme in one room (and, if given, on one day in zone `tz`).
    pub fn of_room(&self, room: &str, day: Option<(chrono::NaiveDate, chrono_tz::Tz)>) -> Programme {
        Programme {
            blocks: self
                .blocks
                .iter()
                .filter(|b| crate::search::same_name(&b.room, room) && day.is_none_or(|(d, tz)| crate::days::day_of(b.starts, tz) == d))
                .cloned()
                .collect(),
            source: self.source.clone(),
        }
    }

    /// Talks in running order over the whole day, with their block's index.
    pub fn talks(&self) -> impl Iterator<Item = (usize, &Talk)> {
        self.blocks.iter().enumerate().flat_map(|(i, b)| b.talks.iter().map(move |t| (i, t)))
    }

    pub fn find_talk(&self, id: i64) -> Option<(usize, usize)> {
        self.blocks.iter().enumerate().find_map(|(bi, b)| b.talks.iter().position(|t| t.id == id).map(|ti| (bi, ti)))
    }

    pub fn talk_count(&self) -> usize {
        self.blocks.iter().map(|b| b.talks.len()).sum()
    }
}

/// A stable identity for a talk across re-imports of an edited programme: its title, folded.
pub fn talk_key(title: &str) -> String {
    crate::search::query_words(title).join(" ")
}
