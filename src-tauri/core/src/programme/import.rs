//! Reads a programme file of any supported kind, recognised by its content: org-mode,
//! frab/pretalx schedule.xml and schedule.json, Pentabarf XML, iCalendar.

use crate::bilingual::bi;
use super::{frab, ical, org, Programme, ProgrammeError};
use crate::event::Event;

pub fn read(bytes: &[u8], file: &str, event: &Event, room: Option<&str>, tz: Option<&str>) -> Result<Programme, ProgrammeError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let line = bytes[..e.valid_up_to()].iter().filter(|&&b| b == b'\n').count() + 1;
        ProgrammeError::AtLine {
            file: file.into(),
            line,
            message: bi("le fichier n'est pas en UTF-8", "the file is not UTF-8"),
        }
    })?;
    let tz = match tz {
        Some(name) => Some(name.parse::<chrono_tz::Tz>().map_err(|_| ProgrammeError::File {
            file: file.into(),
            message: bi(format!("fuseau horaire inconnu « {name} » (ex. Europe/Paris)"), format!("unknown time zone \"{name}\" (e.g. Europe/Paris)")),
        })?),
        None => None,
    };
    let head = text.trim_start();
    let p = if head.starts_with('{') {
        frab::parse_json(text, file, room)?
    } else if head.starts_with('<') {
        frab::parse_xml(text, file, room, tz)?
    } else if head.starts_with("BEGIN:VCALENDAR") {
        ical::parse(text, file, room, tz.unwrap_or(event.tz()))?
    } else {
        org::parse_org(text, file, event)?
    };
    if p.blocks.is_empty() {
        return Err(ProgrammeError::File {
            file: file.into(),
            message: bi("aucun exposé dans ce fichier (ou dans cette salle)", "no talk in this file (or in this room)"),
        });
    }
    Ok(p)
}
