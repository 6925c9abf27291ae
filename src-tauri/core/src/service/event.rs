//! The event as the organiser prepares it: its fields (each checked, the message naming the
//! field), its rooms, its logo, the whole of it as a pack to carry from the office to the
//! venue, and a blank event to start from.

use serde::{Deserialize, Serialize};

use super::{Change, Kiosk};
use crate::bilingual::bi;
use crate::error::{KioskError, Result};
use crate::event::{checked_url, parse_day, parse_time, Event};
use crate::event_pack::EventPack;
use crate::picture::Picture;
use crate::venue_map::{checked_name, same_name, FullPolicy, Room, MAX_ROOMS};

/// The largest capacity a room may be given (a stadium's; anything above is a typing slip).
pub const MAX_CAPACITY: u32 = 100_000;

/// The event's fields as the organiser changes them: `None` keeps a field; text is checked
/// and an empty text clears a field that may be empty (address, contact, web address,
/// credit), and is refused for one that may not (name, days, hours, zone, colour).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct EventEdit {
    pub name: Option<String>,
    pub venue: Option<String>,
    pub address: Option<String>,
    /// "2026-11-18".
    pub first_day: Option<String>,
    pub days: Option<u32>,
    /// "09:00".
    pub opens: Option<String>,
    pub closes: Option<String>,
    /// IANA, "Europe/Paris".
    pub time_zone: Option<String>,
    pub contact: Option<String>,
    /// "#0d5c98".
    pub colour: Option<String>,
    /// Shown as a QR code on the signage: http(s) only, or empty for none.
    pub programme_url: Option<String>,
    /// The programme's credit line (*À propos*).
    pub source: Option<String>,
    pub licence: Option<String>,
}

/// What changed in the rooms: kept, renamed, added, removed (with their programme).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct RoomsUpdate {
    pub rooms: Vec<Room>,
    pub added: Vec<String>,
    pub renamed: Vec<(String, String)>,
    pub removed: Vec<String>,
}

/// A room found by its name, or added, for an import that names it.
pub(super) fn room_or_new(s: &mut crate::Store, name: &str) -> Result<Room> {
    match s.room(name) {
        Ok(r) => Ok(r),
        Err(_) => {
            if s.rooms()?.len() >= MAX_ROOMS {
                return Err(KioskError::InvalidField { field: bi(format!("salles (au plus {MAX_ROOMS})"), format!("rooms (at most {MAX_ROOMS})")), value: name.to_string() });
            }
            s.add_room(&checked_name(name, bi("nom de salle", "room name"))?)
        }
    }
}

/// Applies an edit to an event (pure: checked afterwards as a whole).
fn edited(mut e: Event, edit: &EventEdit) -> Result<Event> {
    let text = |v: &Option<String>| v.as_deref().map(|s| s.trim().to_string());
    if let Some(v) = text(&edit.name) {
        e.name = v;
    }
    if let Some(v) = text(&edit.venue) {
        e.venue = v;
    }
    if let Some(v) = text(&edit.address) {
        e.address = v;
    }
    if let Some(v) = text(&edit.contact) {
        e.contact = v;
    }
    if let Some(v) = text(&edit.source) {
        e.source = v;
    }
    if let Some(v) = text(&edit.licence) {
        e.licence = v;
    }
    if let Some(v) = text(&edit.first_day) {
        e.first_day = parse_day(&v).map_err(|_| KioskError::InvalidField { field: bi("premier jour (AAAA-MM-JJ)", "first day (YYYY-MM-DD)"), value: v })?;
    }
    if let Some(n) = edit.days {
        e.days = n;
    }
    if let Some(v) = text(&edit.opens) {
        e.opens = parse_time(&v, bi("heure d'ouverture (HH:MM)", "opening time (HH:MM)"))?;
    }
    if let Some(v) = text(&edit.closes) {
        e.closes = parse_time(&v, bi("heure de fermeture (HH:MM)", "closing time (HH:MM)"))?;
    }
    if let Some(v) = text(&edit.time_zone) {
        e.time_zone = v;
    }
    if let Some(v) = text(&edit.colour) {
        e.colour = v.to_ascii_lowercase();
    }
    if let Some(v) = text(&edit.programme_url) {
        e.programme_url = if v.is_empty() { v } else { checked_url(&v)? };
    }
    e.check()?;
    Ok(e)
}

impl Kiosk {
    /// Changes what is given (see [`EventEdit`]); returns the event as kept.
    pub fn update_event(&self, edit: &EventEdit) -> Result<Event> {
        let e = edited(self.event(), edit)?;
        self.with_store(|s| s.update_event(e.clone()))?;
        self.changed(Change::Signage);
        Ok(e)
    }

    pub fn set_programme_url(&self, url: &str) -> Result<String> {
        let edit = EventEdit { programme_url: Some(url.to_string()), ..Default::default() };
        Ok(self.update_event(&edit)?.programme_url)
    }

    pub fn rooms(&self) -> Result<Vec<Room>> {
        self.with_store(|s| s.rooms())
    }

    /// The event's rooms become `names`, in that order. A room keeps its programme under
    /// the same name; when exactly one room goes and one comes, it is the same room renamed
    /// (its programme stays); any other room that goes takes its programme with it.
    pub fn set_rooms(&self, names: &[String]) -> Result<RoomsUpdate> {
        let names: Vec<String> = names.iter().map(|n| checked_name(n, bi("nom de salle", "room name"))).collect::<Result<_>>()?;
        if names.len() > MAX_ROOMS {
            return Err(KioskError::InvalidField { field: bi(format!("salles (au plus {MAX_ROOMS})"), format!("rooms (at most {MAX_ROOMS})")), value: names.len().to_string() });
        }
        for (i, n) in names.iter().enumerate() {
            if names[..i].iter().any(|m| same_name(m, n)) {
                return Err(KioskError::InvalidField { field: bi("salles (chacune une fois)", "rooms (each once)"), value: n.clone() });
            }
        }
        let up = self.with_store(|s| {
            let old = s.rooms()?;
            let mut up = RoomsUpdate::default();
            let gone: Vec<&Room> = old.iter().filter(|o| !names.iter().any(|n| same_name(n, &o.name))).collect();
            let new: Vec<&String> = names.iter().filter(|n| !old.iter().any(|o| same_name(n, &o.name))).collect();
            let mut order = Vec::new();
            for n in &names {
                let id = match old.iter().find(|o| same_name(n, &o.name)) {
                    Some(o) => {
                        if o.name != *n {
                            s.rename_room(o.id, n)?;
                        }
                        o.id
                    }
                    None if gone.len() == 1 && new.len() == 1 => {
                        s.rename_room(gone[0].id, n)?;
                        up.renamed.push((gone[0].name.clone(), n.clone()));
                        gone[0].id
                    }
                    None => {
                        up.added.push(n.clone());
                        s.add_room(n)?.id
                    }
                };
                order.push(id);
            }
            if !(gone.len() == 1 && new.len() == 1) {
                for g in &gone {
                    s.delete_room(g.id)?;
                    up.removed.push(g.name.clone());
                }
            }
            s.set_room_order(&order)?;
            up.rooms = s.rooms()?;
            Ok(up)
        })?;
        self.changed(Change::Signage);
        Ok(up)
    }

    /// A room's capacity (`Some(None)`: none), what its door does once full, and the margin
    /// below which it opens again; `None` keeps what was set. On the hub (or a desk alone).
    pub fn set_room_capacity(&self, room: &str, capacity: Option<Option<u32>>, policy: Option<FullPolicy>, margin: Option<Option<u32>>) -> Result<Room> {
        if self.link()?.is_some() {
            return Err(KioskError::Refused(bi("la capacité des salles se règle au poste central", "room capacity is set on the hub")));
        }
        let mut r = crate::venue_map::find_room(&self.rooms()?, Some(room))?.clone();
        if let Some(c) = capacity {
            if c == Some(0) || c.is_some_and(|c| c > MAX_CAPACITY) {
                return Err(KioskError::InvalidField { field: bi(format!("capacité (de 1 à {MAX_CAPACITY})"), format!("capacity (1 to {MAX_CAPACITY})")), value: c.unwrap_or(0).to_string() });
            }
            r.capacity = c;
        }
        if let Some(p) = policy {
            r.policy = p;
        }
        if let Some(m) = margin {
            if m.is_some_and(|m| r.capacity.is_some_and(|c| m >= c)) {
                return Err(KioskError::InvalidField { field: bi("marge (plus petite que la capacité)", "margin (smaller than the capacity)"), value: m.unwrap_or(0).to_string() });
            }
            r.margin = m;
        }
        self.with_store(|s| s.set_room_capacity(&r))?;
        self.changed(Change::Signage);
        Ok(r)
    }

    /// The rooms full as their signage shows it (the organiser's switch, else the counts).
    pub fn rooms_full(&self) -> Result<Vec<String>> {
        Ok(self.stats()?.rooms_full)
    }

    /// The event's logo (PNG, JPEG or SVG, checked and cleaned), or none.
    pub fn set_logo(&self, picture: Option<(&[u8], &str)>) -> Result<()> {
        let logo = picture.map(|(bytes, name)| Picture::checked(bytes, name)).transpose()?;
        self.with_store(|s| s.set_logo(logo.as_ref()))?;
        self.changed(Change::Signage);
        Ok(())
    }

    /// The event's logo as a `data:` address, for a window or the public page.
    pub fn logo_url(&self) -> Result<Option<String>> {
        Ok(self.with_store(|s| s.logo())?.map(|p| p.data_url()))
    }

    /// The prepared event as one file's text (never attendees).
    pub fn export_pack(&self) -> Result<String> {
        Ok(self.with_store(|s| s.pack())?.to_json())
    }

    /// The prepared event written to `out`, or beside the store under the event's name.
    pub fn export_pack_file(&self, out: Option<&std::path::Path>) -> Result<std::path::PathBuf> {
        let text = self.export_pack()?;
        let e = self.event();
        let path = match out {
            Some(p) => p.to_path_buf(),
            None => self.data_dir().join(format!("evenement-{}-{}.json", crate::venue_map::key_of(&e.name), e.first_day)),
        };
        std::fs::write(&path, text).map_err(|err| KioskError::io(&path, err))?;
        Ok(path)
    }

    /// Replaces the prepared event by a checked pack: all of it, or nothing when anything in
    /// it is wrong. Attendees, tickets and check-ins stay as they are.
    pub fn import_pack(&self, pack: &EventPack) -> Result<()> {
        self.with_store(|s| s.load_pack(pack))?;
        self.changed(Change::Signage);
        Ok(())
    }

    /// A new event to fill, on a store where nobody was registered or scanned yet.
    pub fn start_blank(&self) -> Result<Event> {
        let today = self.event().day_of(self.now());
        self.with_store(|s| {
            if !s.is_blank()? {
                return Err(KioskError::Refused(bi(
                    "ce dossier a déjà des inscrits ou des passages : un nouvel événement se prépare dans un dossier vide (--data)",
                    "this folder already has attendees or scans: prepare a new event in an empty folder (--data)",
                )));
            }
            s.load_pack(&EventPack::blank(today))
        })?;
        self.changed(Change::Signage);
        Ok(self.event())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_edit_is_checked_field_by_field() {
        let e = crate::event_pack::default_event();
        let ok = edited(e.clone(), &EventEdit { first_day: Some("2026-11-18".into()), days: Some(2), opens: Some("9h30".into()), ..Default::default() }).unwrap();
        assert_eq!((ok.first_day.to_string(), ok.days, ok.opens.to_string()), ("2026-11-18".into(), 2, "09:30:00".into()));
        let err = |edit: EventEdit| edited(e.clone(), &edit).unwrap_err().to_string();
        assert!(err(EventEdit { first_day: Some("18/11/2026".into()), ..Default::default() }).contains("premier jour"));
        assert!(err(EventEdit { closes: Some("25:00".into()), ..Default::default() }).contains("heure de fermeture"));
        assert!(err(EventEdit { time_zone: Some("Paris".into()), ..Default::default() }).contains("fuseau horaire"));
        assert!(err(EventEdit { name: Some("".into()), ..Default::default() }).contains("nom de l'événement"));
        // Clearable fields clear.
        let cleared = edited(e, &EventEdit { programme_url: Some("".into()), source: Some(" ".into()), ..Default::default() }).unwrap();
        assert!(cleared.programme_url.is_empty() && cleared.source.is_empty());
    }
}
