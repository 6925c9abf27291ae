//! schedule.json, schedule.xml (frab / pretalx, passing the official schemas) and iCalendar,
//! so that phone programme apps can carry the day. Talks carry their estimated times.

use chrono::{DateTime, Utc};
use serde_json::json;

use super::live::planned;
use super::Programme;
use crate::event::Event;

/// A stable UUID-shaped identifier (FNV-1a over the text, twice): the same talk keeps its
/// guid from one export to the next.
fn guid(text: &str) -> String {
    let fnv = |seed: u64| {
        let mut h: u64 = 0xcbf29ce484222325 ^ seed;
        for b in text.bytes() {
            h ^= b as u64;
            h = h.wrapping_mul(0x100000001b3);
        }
        h
    };
    let (a, b) = (fnv(1), fnv(2));
    format!(
        "{:08x}-{:04x}-5{:03x}-{:04x}-{:012x}",
        a >> 32,
        (a >> 16) & 0xffff,
        a & 0xfff,
        0x8000 | (b >> 48 & 0x3fff),
        b & 0xffff_ffff_ffff
    )
}

pub(crate) fn slugify(s: &str) -> String {
    let mut out = String::new();
    for c in crate::search::fold(s).chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_matches('-').chars().take(60).collect::<String>().trim_end_matches('-').to_string()
}

fn acronym(e: &Event) -> String {
    let a: String = crate::search::fold(&e.name).chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '_' }).collect();
    let a = a.trim_matches('_').to_string();
    if a.len() >= 4 { a } else { format!("event_{a}") }
}

/// One row of the export: where, what, when, how long, who.
struct Row {
    room: String,
    id: i64,
    title: String,
    kind: &'static str,
    starts: DateTime<Utc>,
    minutes: i64,
    speakers: Vec<String>,
    abstract_: String,
    links: Vec<(String, String)>,
}

/// Every block and talk at its planned time, room by room (one room's delays never move
/// another's), in time order.
fn rows(p: &Programme) -> Vec<Row> {
    let mut out = Vec::new();
    for room in p.rooms() {
        let mine = p.of_room(&room, None);
        for (i, (bi, ti, starts, minutes)) in planned(&mine).into_iter().enumerate() {
            let b = &mine.blocks[bi];
            let base = Row { room: room.clone(), id: 0, title: String::new(), kind: "other", starts, minutes, speakers: vec![], abstract_: String::new(), links: vec![] };
            out.push(match ti {
                None => Row {
                    id: if b.id > 0 { 100_000 + b.id } else { 10_000 + (out.len() + i) as i64 },
                    title: b.title.clone(),
                    kind: if b.kind == super::BlockKind::Break { "break" } else { "other" },
                    ..base
                },
                Some(ti) => {
                    let t = &b.talks[ti];
                    let orgs: Vec<String> = t.speakers.iter().filter_map(|s| s.organisation.clone()).collect();
                    let mut abstract_ = orgs.join(", ");
                    if t.remote {
                        abstract_ = format!("{abstract_}{}En visio / remote", if abstract_.is_empty() { "" } else { " — " });
                    }
                    Row {
                        id: if t.id > 0 { t.id } else { 1 + out.len() as i64 },
                        title: t.title.clone(),
                        kind: if b.kind == super::BlockKind::Panel { "panel" } else { "lecture" },
                        speakers: t.speakers.iter().map(|s| s.name.clone()).collect(),
                        abstract_,
                        links: t.links.iter().filter(|l| l.url.starts_with("http")).map(|l| (l.url.clone(), l.text.clone())).collect(),
                        ..base
                    }
                }
            });
        }
    }
    out.sort_by_key(|r| r.starts);
    out
}

fn hhmm(minutes: i64) -> String {
    format!("{:02}:{:02}", minutes / 60, minutes % 60)
}

fn local(e: &Event, t: DateTime<Utc>) -> String {
    t.with_timezone(&e.tz()).format("%Y-%m-%dT%H:%M:%S%:z").to_string()
}

/// The programme's days: the event's, and any day of the programme outside them.
fn days(e: &Event, p: &Programme) -> Vec<chrono::NaiveDate> {
    let mut d = e.dates();
    d.extend(p.days(e.tz()));
    d.sort();
    d.dedup();
    d
}

fn url(e: &Event, id: i64) -> String {
    if e.programme_url.is_empty() { String::new() } else { format!("{}#{id}", e.programme_url) }
}

pub fn schedule_json(e: &Event, p: &Programme) -> String {
    let acr = acronym(e);
    let all = rows(p);
    let rooms = p.rooms();
    let day_list: Vec<_> = days(e, p)
        .into_iter()
        .enumerate()
        .map(|(di, day)| {
            let (opens, closes) = e.hours_of(day);
            let mut by_room = serde_json::Map::new();
            for room in &rooms {
                let events: Vec<_> = all
                    .iter()
                    .filter(|r| &r.room == room && e.day_of(r.starts) == day)
                    .map(|r| {
                        json!({
                            "guid": guid(&format!("{acr}/{}/{}", r.id, r.title)),
                            "id": r.id,
                            "date": local(e, r.starts),
                            "start": r.starts.with_timezone(&e.tz()).format("%H:%M").to_string(),
                            "duration": hhmm(r.minutes),
                            "room": r.room,
                            "slug": format!("{acr}-{}-{}", r.id, slugify(&r.title)).trim_end_matches('-'),
                            "url": url(e, r.id),
                            "title": r.title,
                            "subtitle": "",
                            "track": e.name,
                            "type": r.kind,
                            "language": e.languages.first().cloned().unwrap_or_else(|| "fr".into()),
                            "abstract": r.abstract_,
                            "persons": r.speakers.iter().map(|n| json!({ "name": n })).collect::<Vec<_>>(),
                            "links": r.links.iter().map(|(u, t)| json!({ "url": u, "title": t })).collect::<Vec<_>>(),
                        })
                    })
                    .collect();
                by_room.insert(room.clone(), serde_json::Value::Array(events));
            }
            json!({
                "index": di + 1,
                "date": day.format("%Y-%m-%d").to_string(),
                "day_start": local(e, opens),
                "day_end": local(e, closes),
                "rooms": by_room,
            })
        })
        .collect();
    let doc = json!({
        "$schema": "https://c3voc.de/schedule/schema.json",
        "generator": { "name": "bluehats-kiosk", "version": env!("CARGO_PKG_VERSION") },
        "schedule": {
            "version": "1.0",
            "conference": {
                "acronym": acr,
                "title": e.name,
                "start": local(e, e.opens_at()),
                "end": local(e, e.closes_at()),
                "daysCount": day_list.len(),
                "timeslot_duration": "00:05",
                "time_zone_name": e.time_zone,
                "url": e.programme_url,
                "rooms": rooms.iter().map(|r| json!({ "name": r, "guid": guid(&format!("{acr}/room/{r}")) })).collect::<Vec<_>>(),
                "days": day_list,
            },
        },
    });
    serde_json::to_string_pretty(&doc).expect("json")
}

fn x(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

pub fn schedule_xml(e: &Event, p: &Programme) -> String {
    let acr = acronym(e);
    let all = rows(p);
    let rooms = p.rooms();
    let day_list = days(e, p);
    let mut o = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<schedule>\n");
    o += &format!("  <generator name=\"bluehats-kiosk\" version=\"{}\"/>\n  <version>1.0</version>\n", env!("CARGO_PKG_VERSION"));
    o += &format!(
        "  <conference>\n    <title>{}</title>\n    <acronym>{}</acronym>\n    <start>{}</start>\n    <end>{}</end>\n    <days>{}</days>\n    <timeslot_duration>00:05</timeslot_duration>\n    <url>{}</url>\n    <time_zone_name>{}</time_zone_name>\n  </conference>\n",
        x(&e.name), acr.replace('_', "-"), local(e, e.opens_at()), local(e, e.closes_at()), day_list.len(), x(&e.programme_url), x(&e.time_zone)
    );
    for (di, day) in day_list.iter().enumerate() {
        let (opens, closes) = e.hours_of(*day);
        o += &format!("  <day index=\"{}\" date=\"{}\" start=\"{}\" end=\"{}\">\n", di + 1, day.format("%Y-%m-%d"), local(e, opens), local(e, closes));
        for room in &rooms {
            o += &format!("    <room name=\"{}\" guid=\"{}\">\n", x(room), guid(&format!("{acr}/room/{room}")));
            for r in all.iter().filter(|r| &r.room == room && e.day_of(r.starts) == *day) {
                o += &format!("      <event id=\"{}\" guid=\"{}\">\n", r.id, guid(&format!("{acr}/{}/{}", r.id, r.title)));
                o += &format!("        <date>{}</date>\n", local(e, r.starts));
                o += &format!("        <start>{}</start>\n", r.starts.with_timezone(&e.tz()).format("%H:%M"));
                o += &format!("        <duration>{}</duration>\n", hhmm(r.minutes));
                o += &format!("        <room>{}</room>\n", x(&r.room));
                o += &format!("        <slug>{}</slug>\n", format!("{acr}-{}-{}", r.id, slugify(&r.title)).trim_end_matches('-'));
                o += &format!("        <url>{}</url>\n", x(&url(e, r.id)));
                o += &format!("        <title>{}</title>\n        <subtitle></subtitle>\n", x(&r.title));
                o += &format!("        <track>{}</track>\n        <type>{}</type>\n", x(&e.name), r.kind);
                o += &format!("        <language>{}</language>\n", e.languages.first().map(String::as_str).unwrap_or("fr"));
                o += &format!("        <abstract>{}</abstract>\n        <description></description>\n", x(&r.abstract_));
                o += "        <persons>\n";
                for (i, s) in r.speakers.iter().enumerate() {
                    o += &format!("          <person id=\"{}\">{}</person>\n", r.id * 10 + i as i64, x(s));
                }
                o += "        </persons>\n        <links>\n";
                for (u, t) in &r.links {
                    o += &format!("          <link href=\"{}\">{}</link>\n", x(u), x(t));
                }
                o += "        </links>\n      </event>\n";
            }
            o += "    </room>\n";
        }
        o += "  </day>\n";
    }
    o += "</schedule>\n";
    o
}

/// Folds an iCalendar content line at 75 octets, on character boundaries.
pub(crate) fn fold_line(line: &str) -> String {
    let mut out = String::new();
    let mut len = 0;
    for c in line.chars() {
        if len + c.len_utf8() > 75 {
            out.push_str("\r\n ");
            len = 1;
        }
        out.push(c);
        len += c.len_utf8();
    }
    out.push_str("\r\n");
    out
}

pub fn ics(e: &Event, p: &Programme) -> String {
    use super::ical::escape;
    let acr = acronym(e);
    let z = |t: DateTime<Utc>| t.format("%Y%m%dT%H%M%SZ").to_string();
    let mut lines = vec![
        "BEGIN:VCALENDAR".to_string(),
        "VERSION:2.0".into(),
        format!("PRODID:-//BlueHats Kiosk//{}//FR", env!("CARGO_PKG_VERSION")),
        "CALSCALE:GREGORIAN".into(),
        format!("X-WR-CALNAME:{}", escape(&e.name)),
        format!("X-WR-TIMEZONE:{}", e.time_zone),
    ];
    let stamp = z(Utc::now());
    for r in rows(p) {
        lines.push("BEGIN:VEVENT".into());
        lines.push(format!("UID:{}@bluehats-kiosk", guid(&format!("{acr}/{}/{}", r.id, r.title))));
        lines.push(format!("DTSTAMP:{stamp}"));
        lines.push(format!("DTSTART:{}", z(r.starts)));
        lines.push(format!("DTEND:{}", z(r.starts + chrono::Duration::minutes(r.minutes))));
        lines.push(format!("SUMMARY:{}", escape(&r.title)));
        lines.push(format!("LOCATION:{}", escape(&r.room)));
        let mut desc = r.speakers.join(", ");
        if !r.abstract_.is_empty() {
            desc = format!("{desc} ({})", r.abstract_);
        }
        if !desc.is_empty() {
            lines.push(format!("DESCRIPTION:{}", escape(&desc)));
        }
        for s in &r.speakers {
            lines.push(format!("ATTENDEE;ROLE=CHAIR;CN=\"{}\":mailto:noreply@invalid", s.replace('"', "'")));
        }
        lines.push("END:VEVENT".into());
    }
    lines.push("END:VCALENDAR".into());
    lines.iter().map(|l| fold_line(l)).collect()
}
