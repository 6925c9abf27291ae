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

fn slugify(s: &str) -> String {
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

/// One row of the export: what, when, how long, who.
struct Row {
    id: i64,
    title: String,
    kind: &'static str,
    starts: DateTime<Utc>,
    minutes: i64,
    speakers: Vec<String>,
    abstract_: String,
    links: Vec<(String, String)>,
}

fn rows(p: &Programme) -> Vec<Row> {
    planned(p)
        .into_iter()
        .enumerate()
        .map(|(i, (bi, ti, starts, minutes))| {
            let b = &p.blocks[bi];
            match ti {
                None => Row {
                    id: 10_000 + i as i64,
                    title: b.title.clone(),
                    kind: if b.kind == super::BlockKind::Break { "break" } else { "other" },
                    starts,
                    minutes,
                    speakers: vec![],
                    abstract_: String::new(),
                    links: vec![],
                },
                Some(ti) => {
                    let t = &b.talks[ti];
                    let orgs: Vec<String> = t.speakers.iter().filter_map(|s| s.organisation.clone()).collect();
                    let mut abstract_ = orgs.join(", ");
                    if t.remote {
                        abstract_ = format!("{abstract_}{}En visio / remote", if abstract_.is_empty() { "" } else { " — " });
                    }
                    Row {
                        id: if t.id > 0 { t.id } else { 1 + i as i64 },
                        title: t.title.clone(),
                        kind: if b.kind == super::BlockKind::Panel { "panel" } else { "lecture" },
                        starts,
                        minutes,
                        speakers: t.speakers.iter().map(|s| s.name.clone()).collect(),
                        abstract_,
                        links: t.links.iter().filter(|l| l.url.starts_with("http")).map(|l| (l.url.clone(), l.text.clone())).collect(),
                    }
                }
            }
        })
        .collect()
}

fn hhmm(minutes: i64) -> String {
    format!("{:02}:{:02}", minutes / 60, minutes % 60)
}

fn local(e: &Event, t: DateTime<Utc>) -> String {
    t.with_timezone(&e.tz()).format("%Y-%m-%dT%H:%M:%S%:z").to_string()
}

pub fn schedule_json(e: &Event, p: &Programme) -> String {
    let acr = acronym(e);
    let events: Vec<_> = rows(p)
        .into_iter()
        .map(|r| {
            json!({
                "guid": guid(&format!("{acr}/{}/{}", r.id, r.title)),
                "id": r.id,
                "date": local(e, r.starts),
                "start": r.starts.with_timezone(&e.tz()).format("%H:%M").to_string(),
                "duration": hhmm(r.minutes),
                "room": e.room,
                "slug": format!("{acr}-{}-{}", r.id, slugify(&r.title)).trim_end_matches('-'),
                "url": format!("{}#{}", e.programme_url, r.id),
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
                "daysCount": 1,
                "timeslot_duration": "00:05",
                "time_zone_name": e.time_zone,
                "url": e.programme_url,
                "rooms": [{ "name": e.room, "guid": guid(&format!("{acr}/room/{}", e.room)) }],
                "days": [{
                    "index": 1,
                    "date": e.date.format("%Y-%m-%d").to_string(),
                    "day_start": local(e, e.opens_at()),
                    "day_end": local(e, e.closes_at()),
                    "rooms": { e.room.clone(): events },
                }],
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
    let mut o = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<schedule>\n");
    o += &format!("  <generator name=\"bluehats-kiosk\" version=\"{}\"/>\n  <version>1.0</version>\n", env!("CARGO_PKG_VERSION"));
    o += &format!(
        "  <conference>\n    <title>{}</title>\n    <acronym>{}</acronym>\n    <start>{}</start>\n    <end>{}</end>\n    <days>1</days>\n    <timeslot_duration>00:05</timeslot_duration>\n    <url>{}</url>\n    <time_zone_name>{}</time_zone_name>\n  </conference>\n",
        x(&e.name), acr.replace('_', "-"), local(e, e.opens_at()), local(e, e.closes_at()), x(&e.programme_url), x(&e.time_zone)
    );
    o += &format!(
        "  <day index=\"1\" date=\"{}\" start=\"{}\" end=\"{}\">\n    <room name=\"{}\" guid=\"{}\">\n",
        e.date.format("%Y-%m-%d"), local(e, e.opens_at()), local(e, e.closes_at()), x(&e.room), guid(&format!("{acr}/room/{}", e.room))
    );
    for r in rows(p) {
        o += &format!("      <event id=\"{}\" guid=\"{}\">\n", r.id, guid(&format!("{acr}/{}/{}", r.id, r.title)));
        o += &format!("        <date>{}</date>\n", local(e, r.starts));
        o += &format!("        <start>{}</start>\n", r.starts.with_timezone(&e.tz()).format("%H:%M"));
        o += &format!("        <duration>{}</duration>\n", hhmm(r.minutes));
        o += &format!("        <room>{}</room>\n", x(&e.room));
        o += &format!("        <slug>{}</slug>\n", format!("{acr}-{}-{}", r.id, slugify(&r.title)).trim_end_matches('-'));
        o += &format!("        <url>{}#{}</url>\n", x(&e.programme_url), r.id);
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
    o += "    </room>\n  </day>\n</schedule>\n";
    o
}

/// Folds an iCalendar content line at 75 octets, on character boundaries.
fn fold_line(line: &str) -> String {
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
        lines.push(format!("LOCATION:{}", escape(&e.room)));
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
