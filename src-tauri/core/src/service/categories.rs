//! The event's categories of people as the organiser keeps them: listed, added, renamed,
//! recoloured. Set on the hub; joined desks take them with their copy.

use serde::{Deserialize, Serialize};

use super::{Change, Kiosk};
use crate::bilingual::bi;
use crate::categories::{check, is_colour, Categories, Category, CategoryDef};
use crate::error::{KioskError, Result};

/// A category as the organiser changes it: `None` keeps a field.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct CategoryEdit {
    /// The category's key or one of its names; a new one if the event has none such.
    pub category: String,
    pub fr: Option<String>,
    pub en: Option<String>,
    pub colour: Option<String>,
}

impl Kiosk {
    pub fn categories(&self) -> Vec<CategoryDef> {
        self.event().categories
    }

    /// The category a key or a name stands for; an unknown one is refused with the event's
    /// list, so a typo does not make a category.
    pub fn category_named(&self, label: &str) -> Result<Category> {
        let defs = self.categories();
        Categories::new(defs.clone()).find(label).ok_or_else(|| {
            let list = defs.iter().map(|d| d.fr.as_str()).collect::<Vec<_>>().join(", ");
            KioskError::Categories(bi(format!("catégorie inconnue « {label} » ; celles de l'événement : {list}"), format!("unknown category \"{label}\"; the event's: {list}")))
        })
    }

    /// Adds a category or changes one; returns it as kept.
    pub fn set_category(&self, edit: &CategoryEdit) -> Result<CategoryDef> {
        if self.link()?.is_some() {
            return Err(KioskError::Categories(bi("elles se règlent au poste central", "they are set on the hub")));
        }
        let mut event = self.event();
        let mut all = Categories::new(event.categories.clone());
        let key = all.take(&edit.category).map_err(KioskError::Categories)?;
        let name = |v: &Option<String>| v.as_ref().map(|s| s.split_whitespace().collect::<Vec<_>>().join(" "));
        let def = all.defs.iter_mut().find(|d| d.key == key).expect("taken just now");
        if let Some(fr) = name(&edit.fr) {
            def.fr = fr;
        }
        if let Some(en) = name(&edit.en) {
            def.en = en;
        }
        if let Some(c) = &edit.colour {
            if !is_colour(c.trim()) {
                return Err(KioskError::Categories(bi(format!("couleur invalide (#rrvvbb) : « {c} »"), format!("invalid colour (#rrggbb): \"{c}\""))));
            }
            def.colour = c.trim().to_ascii_lowercase();
        }
        let def = def.clone();
        check(&all.defs).map_err(KioskError::Categories)?;
        event.categories = all.defs;
        self.with_store(|s| s.update_event(event))?;
        // Desks word people with them; the charts' legends too.
        self.changed(Change::Entrance);
        Ok(def)
    }
}
