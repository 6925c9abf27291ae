//! The way to the rooms, as the organiser sets it: the places where screens stand, and from
//! each the way to every room (an arrow, a sentence in French and English), with a plan.

use serde::{Deserialize, Serialize};

use super::{Change, Kiosk};
use crate::bilingual::bi;
use crate::error::{KioskError, Result};
use crate::picture::Picture;
use crate::store::PositionRow;
use crate::venue_map::{checked_directions, checked_name, key_of, Arrow, Here, Position, MAX_POSITIONS};

/// The way from a position to one room; no arrow removes it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct WaySet {
    pub room: String,
    pub arrow: Option<Arrow>,
    pub fr: String,
    pub en: String,
}

/// A position as the organiser sets it: found by its key or name, or added.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct PositionSet {
    pub name: String,
    /// `None` keeps the English name it had.
    pub name_en: Option<String>,
    /// `None` keeps the mark it had.
    pub here: Option<Here>,
    /// The ways given are set; the others stay.
    pub ways: Vec<WaySet>,
}

impl Kiosk {
    pub fn positions(&self) -> Result<Vec<Position>> {
        self.with_store(|s| s.positions())
    }

    /// Adds or changes a position and the ways given; returns it as kept.
    pub fn set_position(&self, p: &PositionSet) -> Result<Position> {
        let name = checked_name(&p.name, bi("nom de la position", "position name"))?;
        if let Some(h) = p.here.filter(|h| !(0.0..=1.0).contains(&h.x) || !(0.0..=1.0).contains(&h.y)) {
            return Err(KioskError::InvalidField { field: bi("repère « vous êtes ici » (dans le plan)", "\"you are here\" mark (inside the plan)"), value: format!("{},{}", h.x, h.y) });
        }
        let ways = p
            .ways
            .iter()
            .map(|w| Ok((w.room.clone(), w.arrow, checked_directions(&w.fr, "fr")?, checked_directions(&w.en, "en")?)))
            .collect::<Result<Vec<_>>>()?;
        let out = self.with_store(|s| {
            let existing = s.positions()?;
            let key = existing.iter().find(|x| x.is(&name)).map(|x| x.key.clone());
            if key.is_none() && existing.len() >= MAX_POSITIONS {
                return Err(KioskError::InvalidField { field: bi(format!("positions (au plus {MAX_POSITIONS})"), format!("positions (at most {MAX_POSITIONS})")), value: name.clone() });
            }
            let key = key.unwrap_or_else(|| {
                let base = key_of(&name);
                // A new key, even when two names fold to the same one.
                (1..).map(|i| if i == 1 { base.clone() } else { format!("{base}-{i}") }).find(|k| !existing.iter().any(|x| x.key == *k)).expect("a free key")
            });
            let before = existing.iter().find(|x| x.key == key);
            // No English name given: the one it had stays.
            let name_en = match p.name_en.as_deref() {
                Some(n) => n.split_whitespace().collect::<Vec<_>>().join(" "),
                None => before.map(|x| x.name_en.clone()).unwrap_or_default(),
            };
            let keep_name = before.map(|x| x.name.clone());
            s.upsert_position(&PositionRow { key: key.clone(), name: keep_name.filter(|_| key.eq_ignore_ascii_case(name.trim())).unwrap_or(name.clone()), name_en, here: p.here })?;
            for (room, arrow, fr, en) in &ways {
                let r = s.room(room)?;
                match arrow {
                    Some(a) => {
                        if fr.is_empty() && en.is_empty() && *a != Arrow::Here {
                            return Err(KioskError::InvalidField { field: bi("indications (en français ou en anglais)", "directions (in French or English)"), value: String::new() });
                        }
                        s.set_way(&key, r.id, *a, fr, en)?
                    }
                    None => s.remove_way(&key, r.id)?,
                }
            }
            s.positions()?.into_iter().find(|x| x.key == key).ok_or_else(|| KioskError::Refused(bi("position introuvable", "position not found")))
        })?;
        self.changed(Change::Signage);
        Ok(out)
    }

    /// A position's plan picture (PNG, JPEG or SVG, checked and cleaned), or none.
    pub fn set_plan(&self, position: &str, picture: Option<(&[u8], &str)>) -> Result<()> {
        let plan = picture.map(|(bytes, name)| Picture::checked(bytes, name)).transpose()?;
        self.with_store(|s| {
            let key = position_key(s, position)?;
            s.set_plan(&key, plan.as_ref())
        })?;
        self.changed(Change::Signage);
        Ok(())
    }

    /// Removes a position (its ways and plan with it); false when there was none.
    pub fn remove_position(&self, position: &str) -> Result<bool> {
        let done = self.with_store(|s| match position_key(s, position) {
            Ok(key) => s.remove_position(&key),
            Err(_) => Ok(false),
        })?;
        self.changed(Change::Signage);
        Ok(done)
    }

    /// A position's plan as a `data:` address, for a window or the public page.
    pub fn plan_url(&self, position: &str) -> Result<Option<String>> {
        self.with_store(|s| match position_key(s, position) {
            Ok(key) => Ok(s.plan(&key)?.map(|p| p.data_url())),
            Err(_) => Ok(None),
        })
    }
}

/// The key of the position named or keyed `p`, or an error listing them.
fn position_key(s: &crate::Store, p: &str) -> Result<String> {
    Ok(crate::venue_map::find_position(&s.positions()?, p)?.key.clone())
}
