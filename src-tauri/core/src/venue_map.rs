//! The venue as the organiser describes it: its rooms, and the places where screens stand
//! (positions), each with the way to every room — an arrow and a sentence in French and
//! English — and optionally a plan picture with a "you are here" mark. All of it is the
//! event's data: nothing of a venue is written in code.

use serde::{Deserialize, Serialize};

use crate::bilingual::bi;
use crate::error::{KioskError, Result};
use crate::picture::PictureInfo;

/// At most this many rooms and positions: more than a hall screen can list.
pub const MAX_ROOMS: usize = 40;
pub const MAX_POSITIONS: usize = 40;
/// The longest a room's or position's name, and a direction, may be.
pub const MAX_NAME: usize = 80;
pub const MAX_DIRECTIONS: usize = 200;

/// A place talks happen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct Room {
    /// 0 until stored.
    #[serde(default)]
    pub id: i64,
    pub name: String,
    /// How many people it holds, when the organiser said: reached, *Salle complète* shows
    /// on its signage by itself and the door says so (see [`FullPolicy`]).
    #[serde(default)]
    pub capacity: Option<u32>,
    /// What the door does with a new entry once the room is full.
    #[serde(default)]
    pub policy: FullPolicy,
    /// *Salle complète* lifts once the people inside are fewer than the capacity less this
    /// (so the strip does not flicker with each person at the door); unset: 5 % of it, at least 1.
    #[serde(default)]
    pub margin: Option<u32>,
}

/// What the door does with a new entry once a room is full.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum FullPolicy {
    /// Let them in, the verdict saying *SALLE COMPLÈTE* (the volunteer decides).
    #[default]
    Warn,
    /// Not let in, not an entry: *SALLE COMPLÈTE*, wait for someone to come out.
    Refuse,
}

impl FullPolicy {
    pub fn as_str(self) -> &'static str {
        match self {
            FullPolicy::Warn => "warn",
            FullPolicy::Refuse => "refuse",
        }
    }
    pub fn from_db(s: &str) -> FullPolicy {
        if s == "refuse" { FullPolicy::Refuse } else { FullPolicy::Warn }
    }
}

impl Room {
    /// A room called `name`, nothing else known of it.
    pub fn named(name: impl Into<String>) -> Room {
        Room { id: 0, name: name.into(), capacity: None, policy: FullPolicy::Warn, margin: None }
    }

    /// Below this many people inside, a full room is open again.
    pub fn reopens_below(&self) -> Option<i64> {
        let cap = self.capacity? as i64;
        let margin = self.margin.map(i64::from).unwrap_or((cap / 20).max(1)).clamp(0, cap);
        Some(cap - margin)
    }

    /// Whether the room is full with `inside` people in, given whether it was (`was`).
    pub fn full_with(&self, inside: i64, was: bool) -> bool {
        match (self.capacity, self.reopens_below()) {
            (Some(cap), Some(low)) => inside >= cap as i64 || (was && inside >= low),
            _ => false,
        }
    }
}

/// Where a screen's arrow points, as a visitor standing in front of it reads it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "kebab-case")]
pub enum Arrow {
    Up,
    Down,
    Left,
    Right,
    UpLeft,
    UpRight,
    DownLeft,
    DownRight,
    /// The screen stands at this room's door: "you are here".
    Here,
}

impl Arrow {
    pub const ALL: [Arrow; 9] = [Arrow::Up, Arrow::Down, Arrow::Left, Arrow::Right, Arrow::UpLeft, Arrow::UpRight, Arrow::DownLeft, Arrow::DownRight, Arrow::Here];

    pub fn as_str(self) -> &'static str {
        match self {
            Arrow::Up => "up",
            Arrow::Down => "down",
            Arrow::Left => "left",
            Arrow::Right => "right",
            Arrow::UpLeft => "up-left",
            Arrow::UpRight => "up-right",
            Arrow::DownLeft => "down-left",
            Arrow::DownRight => "down-right",
            Arrow::Here => "here",
        }
    }

    pub fn parse(s: &str) -> Result<Arrow> {
        let t = s.trim().to_ascii_lowercase().replace('_', "-");
        Arrow::ALL.into_iter().find(|a| a.as_str() == t).ok_or_else(|| KioskError::InvalidField {
            field: bi(
                "flèche (up, down, left, right, up-left, up-right, down-left, down-right, here)",
                "arrow (up, down, left, right, up-left, up-right, down-left, down-right, here)",
            ),
            value: s.to_string(),
        })
    }
}

/// The way from a position to a room.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct Way {
    pub room: String,
    pub arrow: Arrow,
    pub fr: String,
    pub en: String,
}

/// Where the "you are here" mark sits on a plan: fractions of its width and height.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct Here {
    pub x: f32,
    pub y: f32,
}

/// A place where a screen stands.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct Position {
    #[serde(default)]
    pub id: i64,
    /// A short ASCII key for addresses (`/screen?position=door`), unique.
    pub key: String,
    /// Its name, in French, and in English when it differs.
    pub name: String,
    #[serde(default)]
    pub name_en: String,
    pub ways: Vec<Way>,
    /// The plan picture, if any (its bytes are fetched on their own).
    #[serde(default)]
    pub plan: Option<PictureInfo>,
    #[serde(default)]
    pub here: Option<Here>,
}

impl Position {
    pub fn way_to(&self, room: &str) -> Option<&Way> {
        self.ways.iter().find(|w| same_name(&w.room, room))
    }

    /// Whether a person naming a position means this one: by its key ("door") or its name.
    pub fn is(&self, asked: &str) -> bool {
        self.key.eq_ignore_ascii_case(asked.trim()) || same_name(&self.name, asked)
    }
}

/// The position a person names, or an error listing the event's positions.
pub fn find_position<'a>(positions: &'a [Position], asked: &str) -> Result<&'a Position> {
    positions.iter().find(|p| p.is(asked)).ok_or_else(|| {
        let keys: Vec<&str> = positions.iter().map(|x| x.key.as_str()).collect();
        KioskError::InvalidField { field: bi(format!("position (parmi : {})", keys.join(", ")), format!("position (among: {})", keys.join(", "))), value: asked.to_string() }
    })
}

/// The room a person names (case, accents and spaces ignored), or the event's only one when
/// none is named; an error lists the event's rooms.
pub fn find_room<'a>(rooms: &'a [Room], asked: Option<&str>) -> Result<&'a Room> {
    use crate::programme::ProgrammeError;
    let names = || rooms.iter().map(|r| r.name.as_str()).collect::<Vec<_>>().join(", ");
    match (asked, rooms) {
        (Some(a), _) => rooms.iter().find(|r| same_name(&r.name, a)).ok_or_else(|| ProgrammeError::RoomNotFound { room: a.to_string(), rooms: names() }.into()),
        (None, [only]) => Ok(only),
        (None, []) => Err(ProgrammeError::Empty.into()),
        (None, _) => Err(ProgrammeError::WhichRoom(names()).into()),
    }
}

pub use crate::search::same_name;

/// A position's key made from its name: "Porte de la salle" → "porte-de-la-salle".
pub fn key_of(name: &str) -> String {
    let mut out = String::new();
    for c in crate::search::fold(name).chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let k: String = out.trim_end_matches('-').chars().take(40).collect();
    if k.is_empty() { "ecran".into() } else { k }
}

/// A name as typed: trimmed, one space between words, bounded, not empty.
pub fn checked_name(s: &str, what: crate::bilingual::Bilingual) -> Result<String> {
    let t = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if t.is_empty() || t.chars().count() > MAX_NAME || t.chars().any(char::is_control) {
        return Err(KioskError::InvalidField { field: bi(format!("{} (1 à {MAX_NAME} caractères)", what.fr), format!("{} (1 to {MAX_NAME} characters)", what.en)), value: s.to_string() });
    }
    Ok(t)
}

/// Directions as typed: one line, bounded.
pub fn checked_directions(s: &str, lang: &str) -> Result<String> {
    let t = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if t.chars().count() > MAX_DIRECTIONS {
        return Err(KioskError::InvalidField {
            field: bi(format!("indications ({lang}, au plus {MAX_DIRECTIONS} caractères)"), format!("directions ({lang}, at most {MAX_DIRECTIONS} characters)")),
            value: s.chars().take(40).collect::<String>() + "…",
        });
    }
    Ok(t)
}

/// A "you are here" mark as typed: "30,80" (per cent of the plan's width and height).
pub fn parse_here(s: &str) -> Result<Here> {
    let bad = || KioskError::InvalidField { field: bi("repère « vous êtes ici » (X,Y en %, ex. 30,80)", "\"you are here\" mark (X,Y in %, e.g. 30,80)"), value: s.to_string() };
    let (x, y) = s.split_once([',', ';', ' ']).ok_or_else(bad)?;
    let (x, y): (f32, f32) = (x.trim().parse().map_err(|_| bad())?, y.trim().parse().map_err(|_| bad())?);
    if !(0.0..=100.0).contains(&x) || !(0.0..=100.0).contains(&y) {
        return Err(bad());
    }
    Ok(Here { x: x / 100.0, y: y / 100.0 })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_keys_and_arrows() {
        assert!(same_name("Salle 2", "salle2"));
        assert!(same_name("Amphithéâtre", "AMPHITHEATRE"));
        assert_eq!(key_of("Porte de la salle"), "porte-de-la-salle");
        assert_eq!(key_of("  Hall d'accueil !"), "hall-d-accueil");
        assert_eq!(Arrow::parse("Up_Left").unwrap(), Arrow::UpLeft);
        assert!(Arrow::parse("north").unwrap_err().to_string().contains("flèche"));
        assert_eq!(parse_here("30,80").unwrap(), Here { x: 0.3, y: 0.8 });
        assert!(parse_here("130,80").is_err());
        assert!(checked_name("   ", bi("salle", "room")).is_err());
    }
}
