//! The event's gates as the organiser sets them (on the hub), and the gate each desk stands
//! at (each machine's own, joined desks included).

use super::{Change, Kiosk};
use crate::bilingual::bi;
use crate::error::{KioskError, Result};
use crate::gates::{AtGate, Gate};
use crate::search::same_name;
use crate::settings::Setting;

impl Kiosk {
    pub fn gates(&self) -> Vec<Gate> {
        self.event().gates
    }

    /// Adds a gate or changes the categories it admits (keys or names; none: everyone), and
    /// the room it is the door of (`None`: as it was; `Some("")`: none).
    pub fn set_gate(&self, name: &str, categories: &[String], room: Option<&str>) -> Result<Gate> {
        if self.link()?.is_some() {
            return Err(KioskError::Categories(bi("les entrées se règlent au poste central", "gates are set on the hub")));
        }
        let categories = categories.iter().map(|c| self.category_named(c)).collect::<Result<Vec<_>>>()?;
        let mut event = self.event();
        let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
        let before = event.gates.iter().find(|g| same_name(&g.name, &name)).and_then(|g| g.room.clone());
        let room = match room.map(str::trim) {
            None => before,
            Some("") => None,
            Some(r) => Some(crate::venue_map::find_room(&self.rooms()?, Some(r))?.name.clone()),
        };
        let gate = Gate { name: name.clone(), categories, room };
        match event.gates.iter_mut().find(|g| same_name(&g.name, &name)) {
            Some(g) => *g = gate.clone(),
            None => event.gates.push(gate.clone()),
        }
        crate::gates::check(&event.gates, &event.categories).map_err(KioskError::Categories)?;
        self.with_store(|s| s.update_event(event))?;
        self.changed(Change::Entrance);
        Ok(gate)
    }

    /// Removes a gate; the desks that stood at it admit everyone again.
    pub fn remove_gate(&self, name: &str) -> Result<bool> {
        let mut event = self.event();
        let before = event.gates.len();
        event.gates.retain(|g| !same_name(&g.name, name));
        let removed = event.gates.len() != before;
        if removed {
            self.with_store(|s| s.update_event(event))?;
            self.changed(Change::Entrance);
        }
        Ok(removed)
    }

    /// The gate this desk stands at, if the event still has it.
    pub fn gate(&self) -> Result<Option<String>> {
        let name = self.with_store(|s| s.setting(Setting::Gate))?;
        let gates = self.gates();
        Ok(name.and_then(|n| AtGate::find(&gates, &n).map(|g| g.gate.name.clone())))
    }

    /// Puts this desk at a gate of the event's (`None`: no gate, everyone).
    pub fn stand_at_gate(&self, name: Option<&str>) -> Result<Option<String>> {
        match name.map(str::trim).filter(|n| !n.is_empty()) {
            None => self.with_store(|s| s.clear_setting(Setting::Gate))?,
            Some(n) => {
                let gates = self.gates();
                let g = AtGate::find(&gates, n).ok_or_else(|| unknown_gate(n, &gates))?;
                self.with_store(|s| s.set_setting(Setting::Gate, &g.gate.name))?;
            }
        }
        self.gate()
    }
}

/// A gate named that the event does not have: said with the event's list.
pub(super) fn unknown_gate(n: &str, gates: &[Gate]) -> KioskError {
    let list = gates.iter().map(|g| g.name.as_str()).collect::<Vec<_>>().join(", ");
    KioskError::Categories(bi(format!("entrée inconnue « {n} » ; celles de l'événement : {list}"), format!("unknown gate \"{n}\"; the event's: {list}")))
}
