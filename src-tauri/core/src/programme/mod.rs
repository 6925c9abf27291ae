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
    #[error("« {title} » : {} / \"{title}\": {}", .message.fr, .message.en)]
    OutOfBounds { title: String, message: Bilingual },
}

/// The longest talk or item a programme may hold: a day.
pub const MAX_TALK_MINUTES: i64 = 24 * 60;
/// The longest a block, or the whole programme from first start to last end, may last.
pub const MAX_DAY_MINUTES: i64 = 48 * 60;

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
    /// Refuses what no day can hold: a block ending before it starts or longer than
    /// [`MAX_DAY_MINUTES`], a talk longer than [`MAX_TALK_MINUTES`], a programme spanning
    /// more than [`MAX_DAY_MINUTES`]. Checked before anything is stored.
    pub fn check(&self) -> Result<(), ProgrammeError> {
        use crate::bilingual::bi;
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
        if let (Some(first), Some(last)) = (self.blocks.iter().map(|b| b.starts).min(), self.blocks.iter().map(|b| b.ends).max()) {
            let span = (last - first).num_minutes();
            if span > MAX_DAY_MINUTES {
                let title = self.blocks.iter().find(|b| b.ends == last).map(|b| b.title.as_str()).unwrap_or("");
                return Err(out(title, format!("le programme s'étend sur {span} min (au plus {MAX_DAY_MINUTES})"), format!("the programme spans {span} min (at most {MAX_DAY_MINUTES})")));
            }
        }
        Ok(())
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
