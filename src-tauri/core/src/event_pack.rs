//! The prepared event in one file: the event, its days, rooms, programme, screen positions,
//! plans and logo — never attendees — so that a hub is prepared at the office and loaded at
//! the venue. Versioned; read whole and checked before anything is stored, so a damaged or
//! foreign file changes nothing.
//!
//! The embedded default event (the first BlueHats day) is such a pack, in `assets/default`:
//! its pictures and programme are files beside `event.json`, as a pack folder may have.

use serde::{Deserialize, Serialize};

use crate::bilingual::{bi, Bilingual};
use crate::error::{KioskError, Result};
use crate::event::Event;
use crate::picture::Picture;
use crate::programme::Programme;
use crate::venue_map::{checked_directions, checked_name, key_of, same_name, Here, Position, Room, Way, MAX_POSITIONS, MAX_ROOMS};

/// What the `format` field of a pack says.
pub const FORMAT: &str = "bluehats-kiosk/event";
/// The version this build writes and the newest it reads.
pub const VERSION: u32 = 1;

/// A picture in a pack: inline (base64), or a file beside the pack.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PackPicture {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PackPosition {
    #[serde(default)]
    pub key: Option<String>,
    pub name: String,
    #[serde(default)]
    pub name_en: String,
    #[serde(default)]
    pub ways: Vec<Way>,
    #[serde(default)]
    pub plan: Option<PackPicture>,
    #[serde(default)]
    pub here: Option<Here>,
}

/// A pack as written in its file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PackFile {
    pub format: String,
    pub version: u32,
    pub event: Event,
    #[serde(default)]
    pub logo: Option<PackPicture>,
    #[serde(default)]
    pub rooms: Vec<Room>,
    #[serde(default)]
    pub positions: Vec<PackPosition>,
    /// The programme, block by block…
    #[serde(default)]
    pub programme: Option<Programme>,
    /// …or a programme file beside the pack (org, schedule.xml/json, iCalendar).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub programme_file: Option<String>,
}

/// A pack read and checked: every field valid, every picture clean, every room named.
#[derive(Debug, Clone, PartialEq)]
pub struct EventPack {
    pub event: Event,
    pub logo: Option<Picture>,
    pub rooms: Vec<Room>,
    pub positions: Vec<(Position, Option<Picture>)>,
    pub programme: Programme,
}

fn damaged(file: &str, message: Bilingual) -> KioskError {
    KioskError::Pack { file: file.to_string(), message }
}

impl PackFile {
    /// Reads a pack's text: its own format and a version this build knows, or a reason.
    pub fn parse(bytes: &[u8], file: &str) -> Result<PackFile> {
        let v: serde_json::Value = serde_json::from_slice(bytes)
            .map_err(|e| damaged(file, bi(format!("illisible, ligne {} : {e}", e.line()), format!("unreadable, line {}: {e}", e.line()))))?;
        let format = v.get("format").and_then(|f| f.as_str()).unwrap_or("");
        if format != FORMAT {
            return Err(damaged(
                file,
                bi(format!("ce n'est pas un fichier d'événement BlueHats Kiosk (format « {format} »)"), format!("not a BlueHats Kiosk event file (format \"{format}\")")),
            ));
        }
        let version = v.get("version").and_then(|f| f.as_u64()).unwrap_or(0);
        if version == 0 || version > VERSION as u64 {
            return Err(damaged(
                file,
                bi(format!("version {version} : cette application lit jusqu'à la version {VERSION}, mettez-la à jour"), format!("version {version}: this app reads up to version {VERSION}, update it")),
            ));
        }
        serde_json::from_value(v).map_err(|e| damaged(file, bi(format!("contenu invalide : {e}"), format!("invalid content: {e}"))))
    }

    /// Checks everything; `files` gives the bytes of a file named beside the pack (none for a
    /// pack that must be whole in itself).
    pub fn check(self, file: &str, files: &dyn Fn(&str) -> Option<Vec<u8>>) -> Result<EventPack> {
        let in_pack = |what: Bilingual, e: KioskError| damaged(file, bi(format!("{} : {e}", what.fr), format!("{}: {e}", what.en)));
        let event = self.event;
        event.check().map_err(|e| in_pack(bi("événement", "event"), e))?;
        let picture = |p: &PackPicture, name: &str| -> Result<Picture> {
            let bytes = match (&p.data, &p.file) {
                (Some(d), _) => data_encoding::BASE64
                    .decode(d.trim().as_bytes())
                    .map_err(|e| damaged(file, bi(format!("image {name} : base64 invalide ({e})"), format!("picture {name}: invalid base64 ({e})"))))?,
                (None, Some(f)) => files(f).ok_or_else(|| {
                    damaged(file, bi(format!("image {name} : fichier « {f} » absent du paquet"), format!("picture {name}: file \"{f}\" missing from the pack")))
                })?,
                (None, None) => return Err(damaged(file, bi(format!("image {name} vide"), format!("picture {name} empty")))),
            };
            Picture::checked(&bytes, name)
        };
        let logo = self.logo.as_ref().map(|p| picture(p, "logo")).transpose()?;
        if self.rooms.len() > MAX_ROOMS || self.positions.len() > MAX_POSITIONS {
            return Err(damaged(file, bi(format!("au plus {MAX_ROOMS} salles et {MAX_POSITIONS} positions"), format!("at most {MAX_ROOMS} rooms and {MAX_POSITIONS} positions"))));
        }
        let mut rooms: Vec<Room> = Vec::new();
        for r in self.rooms {
            let name = checked_name(&r.name, bi("nom de salle", "room name")).map_err(|e| in_pack(bi("salles", "rooms"), e))?;
            if rooms.iter().any(|x| same_name(&x.name, &name)) {
                return Err(damaged(file, bi(format!("salle « {name} » en double"), format!("room \"{name}\" twice"))));
            }
            rooms.push(Room { id: 0, name, ..r });
        }
        let mut positions: Vec<(Position, Option<Picture>)> = Vec::new();
        for p in self.positions {
            let name = checked_name(&p.name, bi("nom de position", "position name")).map_err(|e| in_pack(bi("positions", "positions"), e))?;
            let key = p.key.as_deref().map(key_of).unwrap_or_else(|| key_of(&name));
            if positions.iter().any(|(x, _)| x.key == key) {
                return Err(damaged(file, bi(format!("position « {key} » en double"), format!("position \"{key}\" twice"))));
            }
            let mut ways = Vec::new();
            for w in p.ways {
                let room = rooms.iter().find(|r| same_name(&r.name, &w.room)).ok_or_else(|| {
                    damaged(file, bi(format!("position « {name} » : salle « {} » inconnue", w.room), format!("position \"{name}\": unknown room \"{}\"", w.room)))
                })?;
                let what = bi(format!("position « {name} »"), format!("position \"{name}\""));
                let fr = checked_directions(&w.fr, "fr").map_err(|e| in_pack(what.clone(), e))?;
                let en = checked_directions(&w.en, "en").map_err(|e| in_pack(what, e))?;
                ways.push(Way { room: room.name.clone(), arrow: w.arrow, fr, en });
            }
            if p.here.is_some_and(|h| !(0.0..=1.0).contains(&h.x) || !(0.0..=1.0).contains(&h.y)) {
                return Err(damaged(file, bi(format!("position « {name} » : repère hors du plan"), format!("position \"{name}\": mark outside the plan"))));
            }
            let plan = p.plan.as_ref().map(|pl| picture(pl, &format!("plan {name}"))).transpose()?;
            let name_en = p.name_en.trim().to_string();
            positions.push((Position { id: 0, key, name, name_en, ways, plan: plan.as_ref().map(Picture::info), here: p.here }, plan));
        }
        let mut programme = match (self.programme, &self.programme_file) {
            (Some(p), _) => p,
            (None, Some(f)) => {
                let bytes = files(f).ok_or_else(|| damaged(file, bi(format!("programme « {f} » absent du paquet"), format!("programme \"{f}\" missing from the pack"))))?;
                crate::programme::import::read(&bytes, f, &event, None, None)?
            }
            (None, None) => Programme::default(),
        };
        for b in &mut programme.blocks {
            if b.room.trim().is_empty() {
                b.room = rooms.first().map(|r| r.name.clone()).ok_or_else(|| damaged(file, bi("programme sans salle", "programme without a room")))?;
            }
            match rooms.iter().find(|r| same_name(&r.name, &b.room)) {
                Some(r) => b.room = r.name.clone(),
                None => return Err(damaged(file, bi(format!("bloc « {} » : salle « {} » inconnue", b.title, b.room), format!("block \"{}\": unknown room \"{}\"", b.title, b.room)))),
            }
            b.id = 0;
            for t in &mut b.talks {
                t.id = 0;
            }
        }
        programme.check(event.tz())?;
        Ok(EventPack { event, logo, rooms, positions, programme })
    }
}

impl EventPack {
    /// Reads a pack file whole in itself (pictures inline).
    pub fn read(bytes: &[u8], file: &str) -> Result<EventPack> {
        PackFile::parse(bytes, file)?.check(file, &|_| None)
    }

    /// Reads a pack file from disk; pictures and programme may be files beside it (in its
    /// folder, never above it).
    pub fn read_path(path: &std::path::Path) -> Result<EventPack> {
        let bytes = std::fs::read(path).map_err(|e| KioskError::io(path, e))?;
        let dir = path.parent().map(std::path::Path::to_path_buf).unwrap_or_default();
        let name = path.display().to_string();
        PackFile::parse(&bytes, &name)?.check(&name, &|f: &str| {
            let rel = std::path::Path::new(f);
            let inside = rel.components().all(|c| matches!(c, std::path::Component::Normal(_)));
            if inside { std::fs::read(dir.join(rel)).ok() } else { None }
        })
    }

    /// The pack as a file, whole in itself.
    pub fn to_file(&self) -> PackFile {
        let inline = |p: &Picture| PackPicture { file: None, data: Some(data_encoding::BASE64.encode(&p.bytes)) };
        PackFile {
            format: FORMAT.into(),
            version: VERSION,
            event: self.event.clone(),
            logo: self.logo.as_ref().map(inline),
            rooms: self.rooms.iter().map(|r| Room { id: 0, ..r.clone() }).collect(),
            positions: self
                .positions
                .iter()
                .map(|(p, plan)| PackPosition { key: Some(p.key.clone()), name: p.name.clone(), name_en: p.name_en.clone(), ways: p.ways.clone(), plan: plan.as_ref().map(inline), here: p.here })
                .collect(),
            programme: Some(self.programme.clone()),
            programme_file: None,
        }
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(&self.to_file()).expect("a pack serialises")
    }

    /// An event to fill: no room, no position, no programme.
    pub fn blank(today: chrono::NaiveDate) -> EventPack {
        EventPack { event: Event::blank(today), logo: None, rooms: vec![], positions: vec![], programme: Programme::default() }
    }
}

/// The embedded default event (the first BlueHats day), as its pack holds it.
pub fn default_event() -> Event {
    default_pack().event.clone()
}

/// The embedded default event's folder, as data.
static DEFAULT_DIR: include_dir::Dir<'_> = include_dir::include_dir!("$CARGO_MANIFEST_DIR/../../assets/default");

/// The embedded default event (read once; it is checked by the same rules as any pack, and
/// a test makes sure it passes them).
pub fn default_pack() -> &'static EventPack {
    static PACK: std::sync::OnceLock<EventPack> = std::sync::OnceLock::new();
    PACK.get_or_init(|| {
        let file = DEFAULT_DIR.get_file("event.json").expect("the default event is embedded");
        PackFile::parse(file.contents(), "event.json")
            .and_then(|p| p.check("event.json", &|f| DEFAULT_DIR.get_file(f).map(|x| x.contents().to_vec())))
            .expect("the embedded default event is valid")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_event_is_a_valid_pack_and_round_trips() {
        let p = default_pack();
        assert_eq!(p.rooms.len(), 1);
        assert_eq!(p.positions.len(), 3);
        assert!(p.positions.iter().all(|(_, plan)| plan.is_some()));
        assert_eq!(p.programme.blocks.len(), 10);
        assert!(p.programme.blocks.iter().all(|b| b.room == p.rooms[0].name));
        let back = EventPack::read(p.to_json().as_bytes(), "copy.json").unwrap();
        assert_eq!(&back, p);
    }

    #[test]
    fn the_default_day_opens_at_nine_paris_time() {
        let e = default_event();
        assert_eq!(e.opens_at().to_rfc3339(), "2021-11-09T08:00:00+00:00");
        assert_eq!(e.local_hm(e.closes_at()), "17:30");
        assert_eq!(e.days, 1);
    }

    #[test]
    fn damaged_and_foreign_files_say_why() {
        let msg = |text: &str| EventPack::read(text.as_bytes(), "x.json").unwrap_err().to_string();
        assert!(msg("{ not json").contains("x.json, ") || msg("{ not json").contains("ligne 1"), "{}", msg("{ not json"));
        assert!(msg(r#"{"schedule": {}}"#).contains("pas un fichier d'événement"));
        assert!(msg(r#"{"format": "bluehats-kiosk/event", "version": 9}"#).contains("version 9"));
        let mut f = default_pack().to_file();
        f.positions[0].ways[0].room = "Nulle part".into();
        let bad = serde_json::to_string(&f).unwrap();
        assert!(msg(&bad).contains("salle « Nulle part » inconnue"), "{}", msg(&bad));
        let mut f = default_pack().to_file();
        f.event.days = 12;
        assert!(msg(&serde_json::to_string(&f).unwrap()).contains("nombre de jours"));
    }
}
