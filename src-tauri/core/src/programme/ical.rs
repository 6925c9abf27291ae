//! iCalendar (RFC 5545) programmes: each VEVENT a talk, LOCATION its room.

use crate::bilingual::bi;
use chrono::{DateTime, Duration, NaiveDate, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Tz;

use super::room;
use super::{Block, BlockKind, Programme, ProgrammeError, Speaker, Talk};

/// Joins folded lines (a line starting with a space or tab continues the previous one),
/// keeping each logical line's first physical line number.
fn unfold(text: &str) -> Vec<(usize, String)> {
    let mut out: Vec<(usize, String)> = Vec::new();
    for (i, l) in text.lines().enumerate() {
        let l = l.trim_end_matches('\r');
        if let (Some(rest), Some(last)) = (l.strip_prefix([' ', '\t']), out.last_mut()) {
            last.1.push_str(rest);
        } else if !l.is_empty() {
            out.push((i + 1, l.to_string()));
        }
    }
    out
}

pub fn unescape(s: &str) -> String {
    s.replace("\\n", "\n").replace("\\N", "\n").replace("\\,", ",").replace("\\;", ";").replace("\\\\", "\\")
}

pub fn escape(s: &str) -> String {
    s.replace('\\', "\\\\").replace(';', "\\;").replace(',', "\\,").replace('\n', "\\n")
}

/// "DTSTART;TZID=Europe/Paris:20211109T093000", "...:20211109T083000Z", floating times in `tz`.
fn parse_time(params: &str, value: &str, tz: Tz) -> Option<DateTime<Utc>> {
    let zone = params.split(';').find_map(|p| p.strip_prefix("TZID=")).and_then(|z| z.trim_matches('"').parse::<Tz>().ok()).unwrap_or(tz);
    if let Some(v) = value.strip_suffix('Z') {
        return NaiveDateTime::parse_from_str(v, "%Y%m%dT%H%M%S").ok().map(|n| Utc.from_utc_datetime(&n));
    }
    let n = NaiveDateTime::parse_from_str(value, "%Y%m%dT%H%M%S")
        .or_else(|_| NaiveDate::parse_from_str(value, "%Y%m%d").map(|d| d.and_hms_opt(0, 0, 0).expect("midnight")))
        .ok()?;
    zone.from_local_datetime(&n).earliest().map(|d| d.with_timezone(&Utc))
}

/// "PT15M", "PT1H30M", "P1D".
fn parse_ical_duration(v: &str) -> Option<Duration> {
    let v = v.strip_prefix('P')?;
    let (days, time) = v.split_once('T').unwrap_or((v, ""));
    // Checked all the way: "P999999999999D" is unreadable, not a panic.
    let mut seconds: i64 = 0;
    if let Some(d) = days.strip_suffix('D') {
        seconds = d.parse::<i64>().ok()?.checked_mul(86_400)?;
    }
    let mut num = String::new();
    for c in time.chars() {
        let unit: i64 = match c {
            '0'..='9' => {
                num.push(c);
                continue;
            }
            'H' => 3600,
            'M' => 60,
            'S' => 1,
            _ => return None,
        };
        seconds = seconds.checked_add(std::mem::take(&mut num).parse::<i64>().ok()?.checked_mul(unit)?)?;
    }
    Duration::try_seconds(seconds)
}

struct Ev {
    line: usize,
    start: Option<DateTime<Utc>>,
    end: Option<DateTime<Utc>>,
    duration: Option<Duration>,
    summary: String,
    location: String,
    speakers: Vec<Speaker>,
}

pub fn parse(text: &str, file: &str, room: Option<&str>, tz: Tz) -> Result<Programme, ProgrammeError> {
    let mut events = Vec::new();
    let mut cur: Option<Ev> = None;
    let mut cal_name = None;
    for (line, l) in unfold(text) {
        let (key, value) = l.split_once(':').unwrap_or((&l, ""));
        let (name, params) = key.split_once(';').unwrap_or((key, ""));
        let bad = |what: &str, what_en: &str| ProgrammeError::AtLine {
            file: file.into(),
            line,
            message: bi(format!("{what} « {value} »"), format!("{what_en} \"{value}\"")),
        };
        match (name.to_ascii_uppercase().as_str(), cur.as_mut()) {
            ("BEGIN", _) if value == "VEVENT" => {
                cur = Some(Ev { line, start: None, end: None, duration: None, summary: String::new(), location: String::new(), speakers: vec![] })
            }
            ("END", Some(_)) if value == "VEVENT" => events.push(cur.take().expect("in an event")),
            ("X-WR-CALNAME", None) => cal_name = Some(unescape(value)),
            ("DTSTART", Some(e)) => e.start = Some(parse_time(params, value, tz).ok_or_else(|| bad("DTSTART illisible", "unreadable DTSTART"))?),
            ("DTEND", Some(e)) => e.end = Some(parse_time(params, value, tz).ok_or_else(|| bad("DTEND illisible", "unreadable DTEND"))?),
            ("DURATION", Some(e)) => e.duration = Some(parse_ical_duration(value).ok_or_else(|| bad("DURATION illisible", "unreadable DURATION"))?),
            ("SUMMARY", Some(e)) => e.summary = unescape(value),
            ("LOCATION", Some(e)) => e.location = unescape(value),
            ("ATTENDEE" | "ORGANIZER", Some(e)) if name.eq_ignore_ascii_case("ATTENDEE") => {
                if let Some(cn) = params.split(';').find_map(|p| p.strip_prefix("CN=")) {
                    e.speakers.push(Speaker { name: cn.trim_matches('"').to_string(), organisation: None });
                }
            }
            _ => {}
        }
    }
    let mut rooms: Vec<String> = Vec::new();
    for e in &events {
        if !e.location.is_empty() && !rooms.contains(&e.location) {
            rooms.push(e.location.clone());
        }
    }
    let room = room::choose(&rooms, room, file)?;
    let mut blocks = Vec::new();
    for e in events {
        if room.as_ref().is_some_and(|r| *r != e.location) && !e.location.is_empty() {
            continue;
        }
        let starts = e.start.ok_or_else(|| ProgrammeError::AtLine {
            file: file.into(),
            line: e.line,
            message: bi("VEVENT sans DTSTART", "VEVENT without DTSTART"),
        })?;
        let ends = e
            .end
            .or(e.duration.and_then(|d| starts.checked_add_signed(d)))
            .unwrap_or(starts + Duration::minutes(15));
        let minutes = super::bounded_minutes(Some(ends - starts)).ok_or_else(|| ProgrammeError::AtLine {
            file: file.into(),
            line: e.line,
            message: bi("durée hors bornes (de 0 à 24 h)", "duration out of bounds (0 to 24 h)"),
        })?;
        let kind = BlockKind::guess(&e.summary, !e.speakers.is_empty());
        let talks = if matches!(kind, BlockKind::Break | BlockKind::Welcome) && e.speakers.is_empty() {
            vec![]
        } else {
            vec![Talk { id: 0, title: e.summary.clone(), speakers: e.speakers, remote: false, links: vec![], minutes: Some(minutes as u32) }]
        };
        let kind = if kind == BlockKind::Discussion { BlockKind::Talks } else { kind };
        blocks.push(Block { id: 0, room: e.location, starts, ends, title: e.summary, kind, talks });
    }
    blocks.sort_by_key(|b| b.starts);
    Ok(Programme { blocks, source: cal_name })
}
