//! frab / pretalx schedule.xml and schedule.json, and FOSDEM's Pentabarf XML, read leniently:
//! real published files fail the official schemas (non-UUID guids, extra keys), so the
//! schema is a guide, not a gate. Each event becomes a block holding one talk with its
//! own duration; breaks become break blocks.

use crate::bilingual::bi;
use chrono::{DateTime, Duration, NaiveDate, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;
use serde_json::Value;

use super::room;
use super::{Block, BlockKind, Link, Programme, ProgrammeError, Speaker, Talk};

/// "00:15", "0:15", "00:15:00", "1:30".
/// Checked all the way: "0:99999999999999999" is unreadable, not a panic.
pub fn parse_duration(s: &str) -> Option<Duration> {
    let parts: Vec<i64> = s.trim().split(':').map(|p| p.parse().ok()).collect::<Option<_>>()?;
    if parts.iter().any(|&p| p < 0) {
        return None;
    }
    let seconds = match parts.as_slice() {
        [h, m] => h.checked_mul(3600)?.checked_add(m.checked_mul(60)?)?,
        [h, m, s] => h.checked_mul(3600)?.checked_add(m.checked_mul(60)?)?.checked_add(*s)?,
        _ => return None,
    };
    Duration::try_seconds(seconds)
}

struct Item {
    room: String,
    starts: DateTime<Utc>,
    minutes: i64,
    title: String,
    kind: String,
    speakers: Vec<Speaker>,
    links: Vec<Link>,
}

fn to_programme(mut items: Vec<Item>, source: Option<String>) -> Programme {
    items.sort_by_key(|i| i.starts);
    let blocks = items
        .into_iter()
        .map(|i| {
            let is_break = {
                let k = crate::search::fold(&format!("{} {}", i.kind, if i.speakers.is_empty() { &i.title } else { "" }));
                ["break", "pause", "lunch", "dejeuner", "coffee", "cafe"].iter().any(|w| k.contains(w))
            };
            let minutes = i.minutes.max(1);
            let talks = if is_break {
                vec![]
            } else {
                vec![Talk { id: 0, title: i.title.clone(), speakers: i.speakers, remote: false, links: i.links, minutes: Some(minutes as u32) }]
            };
            Block {
                id: 0,
                room: i.room,
                starts: i.starts,
                ends: i.starts.checked_add_signed(Duration::minutes(minutes)).unwrap_or(i.starts),
                kind: if is_break { BlockKind::Break } else { BlockKind::guess(&i.title, true) },
                title: i.title,
                talks,
            }
        })
        .collect();
    Programme { blocks, source }
}

fn err_el(file: &str, element: &str, message: &str, message_en: &str) -> ProgrammeError {
    ProgrammeError::AtElement { file: file.into(), element: element.into(), message: bi(message, message_en) }
}

pub fn parse_json(text: &str, file: &str, room: Option<&str>) -> Result<Programme, ProgrammeError> {
    let v: Value = serde_json::from_str(text).map_err(|e| ProgrammeError::AtLine {
        file: file.into(),
        line: e.line(),
        message: bi(format!("JSON invalide : {e}"), format!("invalid JSON: {e}")),
    })?;
    let conf = v.get("schedule").and_then(|s| s.get("conference")).ok_or_else(|| {
        err_el(file, "schedule.conference", "absent : ce n'est pas un schedule.json", "missing: this is not a schedule.json")
    })?;
    let days = conf.get("days").and_then(Value::as_array).ok_or_else(|| err_el(file, "conference.days", "absent", "missing"))?;
    let mut rooms: Vec<String> = Vec::new();
    for d in days {
        if let Some(r) = d.get("rooms").and_then(Value::as_object) {
            for (name, events) in r {
                if events.as_array().is_some_and(|e| !e.is_empty()) && !rooms.contains(name) {
                    rooms.push(name.clone());
                }
            }
        }
    }
    let room = room::choose(&rooms, room, file)?;
    let mut items = Vec::new();
    for (di, d) in days.iter().enumerate() {
        let Some(r) = d.get("rooms").and_then(Value::as_object) else { continue };
        for (name, events) in r {
            if room.as_ref().is_some_and(|x| x != name) {
                continue;
            }
            for (ei, e) in events.as_array().into_iter().flatten().enumerate() {
                let here = format!("days[{di}].rooms[{name}][{ei}]");
                let s = |k: &str| e.get(k).and_then(Value::as_str).unwrap_or("").trim().to_string();
                let starts = DateTime::parse_from_rfc3339(&s("date"))
                    .map_err(|_| err_el(file, &format!("{here}.date"), &format!("date illisible « {} »", s("date")), &format!("unreadable date \"{}\"", s("date"))))?
                    .with_timezone(&Utc);
                let minutes = super::bounded_minutes(parse_duration(&s("duration"))).ok_or_else(|| {
                    err_el(
                        file,
                        &format!("{here}.duration"),
                        &format!("durée illisible ou hors bornes (au plus 24 h) « {} »", s("duration")),
                        &format!("unreadable or out-of-bounds duration (at most 24 h) \"{}\"", s("duration")),
                    )
                })?;
                let speakers = e
                    .get("persons")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                    .filter_map(|p| p.get("name").or(p.get("public_name")).and_then(Value::as_str))
                    .map(|n| Speaker { name: n.trim().to_string(), organisation: None })
                    .collect();
                let links = e
                    .get("links")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                    .filter_map(|l| {
                        let url = l.get("url")?.as_str()?.to_string();
                        Some(Link { text: l.get("title").and_then(Value::as_str).unwrap_or(&url).to_string(), url })
                    })
                    .collect();
                items.push(Item { room: name.clone(), starts, minutes, title: s("title"), kind: s("type"), speakers, links });
            }
        }
    }
    let title = conf.get("title").and_then(Value::as_str).map(str::to_string);
    Ok(to_programme(items, title))
}

fn child<'a, 'i>(n: roxmltree::Node<'a, 'i>, name: &str) -> Option<roxmltree::Node<'a, 'i>> {
    n.children().find(|c| c.has_tag_name(name))
}

fn child_text(n: roxmltree::Node, name: &str) -> String {
    child(n, name).and_then(|c| c.text()).unwrap_or("").trim().to_string()
}

/// frab's schedule.xml (events carry a `<date>` with its offset) and Pentabarf's (only a
/// day's date and a local `<start>`: the time zone comes from `<time_zone_name>` or `tz`).
pub fn parse_xml(text: &str, file: &str, room: Option<&str>, tz: Option<Tz>) -> Result<Programme, ProgrammeError> {
    let doc = roxmltree::Document::parse(text).map_err(|e| ProgrammeError::AtLine {
        file: file.into(),
        line: e.pos().row as usize,
        message: bi(format!("XML invalide : {e}"), format!("invalid XML: {e}")),
    })?;
    let root = doc.root_element();
    let line_of = |n: roxmltree::Node| doc.text_pos_at(n.range().start).row as usize;
    if !root.has_tag_name("schedule") {
        return Err(ProgrammeError::AtLine {
            file: file.into(),
            line: line_of(root),
            message: bi(format!("élément racine <{}> : attendu <schedule>", root.tag_name().name()), format!("root element <{}>: expected <schedule>", root.tag_name().name())),
        });
    }
    let conf = child(root, "conference");
    let file_tz = conf.map(|c| child_text(c, "time_zone_name")).filter(|s| !s.is_empty()).and_then(|s| s.parse::<Tz>().ok());
    let tz = tz.or(file_tz);
    let days: Vec<_> = root.children().filter(|c| c.has_tag_name("day")).collect();
    let mut rooms = Vec::new();
    for d in &days {
        for r in d.children().filter(|c| c.has_tag_name("room")) {
            let name = r.attribute("name").unwrap_or("").to_string();
            if r.children().any(|e| e.has_tag_name("event")) && !rooms.contains(&name) {
                rooms.push(name);
            }
        }
    }
    let room = room::choose(&rooms, room, file)?;
    let mut items = Vec::new();
    for d in &days {
        let day_date = d.attribute("date").and_then(|s| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok());
        for r in d.children().filter(|c| c.has_tag_name("room")) {
            if room.as_deref().is_some_and(|x| Some(x) != r.attribute("name")) {
                continue;
            }
            for e in r.children().filter(|c| c.has_tag_name("event")) {
                let line = line_of(e);
                let bad = |what: &str, what_en: &str| ProgrammeError::AtLine {
                    file: file.into(),
                    line,
                    message: bi(format!("<event id=\"{}\"> : {what}", e.attribute("id").unwrap_or("?")), format!("<event id=\"{}\">: {what_en}", e.attribute("id").unwrap_or("?"))),
                };
                let date = child_text(e, "date");
                let starts = if let Ok(d) = DateTime::parse_from_rfc3339(&date) {
                    d.with_timezone(&Utc)
                } else {
                    let start = NaiveTime::parse_from_str(&child_text(e, "start"), "%H:%M")
                        .or_else(|_| NaiveTime::parse_from_str(&child_text(e, "start"), "%H:%M:%S"))
                        .map_err(|_| bad("<start> illisible", "unreadable <start>"))?;
                    let day = day_date.ok_or_else(|| bad("jour sans date", "day without a date"))?;
                    let tz = tz.ok_or_else(|| {
                        bad(
                            "pas de fuseau horaire dans ce fichier (Pentabarf) : indiquez-le (--tz Europe/Brussels)",
                            "no time zone in this file (Pentabarf): give one (--tz Europe/Brussels)",
                        )
                    })?;
                    tz.from_local_datetime(&day.and_time(start)).earliest().ok_or_else(|| bad("heure inexistante", "nonexistent time"))?.with_timezone(&Utc)
                };
                let minutes = super::bounded_minutes(parse_duration(&child_text(e, "duration")))
                    .ok_or_else(|| bad("<duration> illisible ou hors bornes (au plus 24 h)", "unreadable or out-of-bounds <duration> (at most 24 h)"))?;
                let speakers = child(e, "persons")
                    .into_iter()
                    .flat_map(|p| p.children().filter(|c| c.has_tag_name("person")))
                    .filter_map(|p| p.text().map(|t| Speaker { name: t.trim().to_string(), organisation: None }))
                    .collect();
                let links = child(e, "links")
                    .into_iter()
                    .flat_map(|p| p.children().filter(|c| c.has_tag_name("link")))
                    .filter_map(|l| {
                        let url = l.attribute("href")?.to_string();
                        Some(Link { text: l.text().unwrap_or(&url).trim().to_string(), url })
                    })
                    .collect();
                items.push(Item { room: r.attribute("name").unwrap_or("").to_string(), starts, minutes, title: child_text(e, "title"), kind: child_text(e, "type"), speakers, links });
            }
        }
    }
    let title = conf.map(|c| child_text(c, "title")).filter(|t| !t.is_empty());
    Ok(to_programme(items, title))
}
