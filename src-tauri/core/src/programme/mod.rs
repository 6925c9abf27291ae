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
            return m as i64;
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
