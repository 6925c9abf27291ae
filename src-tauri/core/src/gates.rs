//! Gates: an entrance that admits some categories only (*Orateurs et presse*), beside the
//! main one. A desk stands at a gate; a ticket of a category that gate does not take gets
//! its own verdict, *MAUVAISE ENTRÉE → Entrée principale*: not let in, not an entry, and
//! the gates that do take it named.

use serde::{Deserialize, Serialize};

use crate::bilingual::{bi, Bilingual};
use crate::categories::{Category, CategoryDef};
use crate::search::same_name;

/// An entrance and the categories it admits (none listed: everyone).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct Gate {
    pub name: String,
    pub categories: Vec<Category>,
    /// The room this gate is the door of: its entries count for that room's people inside
    /// (and its capacity). None: the event's only room, or the venue when it has several.
    #[serde(default)]
    pub room: Option<String>,
}

/// The most gates an event has.
pub const MAX_GATES: usize = 12;
const MAX_GATE_NAME: usize = 60;

impl Gate {
    pub fn admits(&self, c: &Category) -> bool {
        self.categories.is_empty() || self.categories.contains(c)
    }
}

/// A desk at a gate, knowing the others (to say where to go instead).
#[derive(Debug, Clone, Copy)]
pub struct AtGate<'a> {
    pub gate: &'a Gate,
    pub all: &'a [Gate],
}

impl<'a> AtGate<'a> {
    /// The gate of that name among the event's, if there is one.
    pub fn find(all: &'a [Gate], name: &str) -> Option<AtGate<'a>> {
        all.iter().find(|g| same_name(&g.name, name)).map(|gate| AtGate { gate, all })
    }

    /// The other gates that take this category, in the event's order.
    pub fn elsewhere(&self, c: &Category) -> Vec<String> {
        self.all.iter().filter(|g| g.name != self.gate.name && g.admits(c)).map(|g| g.name.clone()).collect()
    }
}

/// The event's gates are well made: named, each once, of the event's categories.
pub fn check(gates: &[Gate], categories: &[CategoryDef]) -> Result<(), Bilingual> {
    if gates.len() > MAX_GATES {
        return Err(bi(format!("trop d'entrées : {} (au plus {MAX_GATES})", gates.len()), format!("too many gates: {} (at most {MAX_GATES})", gates.len())));
    }
    for (i, g) in gates.iter().enumerate() {
        let name = g.name.trim();
        if name.is_empty() || name.chars().count() > MAX_GATE_NAME || name.chars().any(char::is_control) {
            return Err(bi(format!("nom d'entrée vide ou trop long (au plus {MAX_GATE_NAME}) : « {name} »"), format!("gate name empty or too long (at most {MAX_GATE_NAME}): \"{name}\"")));
        }
        if gates[..i].iter().any(|o| same_name(&o.name, name)) {
            return Err(bi(format!("entrée « {name} » en double"), format!("gate \"{name}\" twice")));
        }
        if let Some(c) = g.categories.iter().find(|c| !categories.iter().any(|d| d.key == **c)) {
            return Err(bi(format!("entrée « {name} » : catégorie inconnue « {c} »"), format!("gate \"{name}\": unknown category \"{c}\"")));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_gate_for_press_sends_others_to_the_main_one() {
        let press = Category::key("presse").unwrap();
        let all = vec![
            Gate { name: "Entrée principale".into(), categories: vec![Category::public_agent(), Category::citizen(), Category::other()], room: None },
            Gate { name: "Orateurs et presse".into(), categories: vec![press.clone()], room: None },
        ];
        let main = AtGate::find(&all, "entree principale").unwrap();
        assert!(!main.gate.admits(&press));
        assert_eq!(main.elsewhere(&press), ["Orateurs et presse"]);
        let p = AtGate::find(&all, "Orateurs et presse").unwrap();
        assert_eq!(p.elsewhere(&Category::citizen()), ["Entrée principale"]);
        let mut defs = crate::categories::the_five();
        assert!(check(&all, &defs).unwrap_err().fr.contains("presse"));
        defs.push(CategoryDef { key: press, fr: "Presse".into(), en: "Press".into(), colour: "#aa3377".into() });
        assert!(check(&all, &defs).is_ok());
    }
}
