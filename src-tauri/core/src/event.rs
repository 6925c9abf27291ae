//! The event: its name, its venue, its days and opening hours, its time zone, its colours
//! and credits. Any event is made of data: the embedded default (the first BlueHats day) is
//! an event pack in `assets/default`, read like any other (see `event_pack`).
//!
//! An event lasts one to seven days, each with the same opening hours. Its rooms and the
//! screen positions of its venue are kept beside it (see `venue_map`).

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use crate::bilingual::{bi, Bilingual};
use crate::error::{KioskError, Result};

pub use crate::days::{DAY_CHANGE_HOUR, MAX_DAYS};

/// The longest a name, venue, address or credit may be: what a header or a page can show.
pub const MAX_TEXT: usize = 300;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct Event {
    pub name: String,
    pub venue: String,
    pub address: String,
    /// The first day (in the event's zone). Older stores called it `date`.
    #[serde(alias = "date")]
    pub first_day: NaiveDate,
    /// How many days, 1 to [`MAX_DAYS`].
    #[serde(default = "one_day")]
    pub days: u32,
    /// Opening and closing time of each day (closing may be past midnight: before opening).
    #[serde(alias = "starts")]
    pub opens: NaiveTime,
    #[serde(alias = "ends")]
    pub closes: NaiveTime,
    /// IANA zone name; times are stored in UTC and shown in this zone.
    pub time_zone: String,
    pub contact: String,
    /// The branding colour, "#rrggbb".
    pub colour: String,
    pub languages: Vec<String>,
    /// Where the published programme lives (the signage shows it as a QR code); may be empty.
    pub programme_url: String,
    /// The credit line for the programme's source (shown in *À propos*); may be empty.
    pub source: String,
    pub licence: String,
    /// The event's categories of people, in the order forms and charts list them. Older
    /// stores and packs had the default day's five.
    #[serde(default = "crate::categories::the_five")]
    pub categories: Vec<crate::categories::CategoryDef>,
    /// Entrances that admit some categories only (none: every door takes everyone).
    #[serde(default)]
    pub gates: Vec<crate::gates::Gate>,
}

fn one_day() -> u32 {
    1
}

impl Event {
    /// A new event to fill: today, one day, no rooms, no credits.
    pub fn blank(today: NaiveDate) -> Event {
        Event {
            name: "Nouvel événement".into(),
            venue: String::new(),
            address: String::new(),
            first_day: today,
            days: 1,
            opens: NaiveTime::from_hms_opt(9, 0, 0).expect("valid time"),
            closes: NaiveTime::from_hms_opt(18, 0, 0).expect("valid time"),
            time_zone: "Europe/Paris".into(),
            contact: String::new(),
            colour: "#0d5c98".into(),
            languages: vec!["fr".into(), "en".into()],
            programme_url: String::new(),
            source: String::new(),
            licence: String::new(),
            categories: crate::categories::the_five(),
            gates: Vec::new(),
        }
    }

    pub fn tz(&self) -> Tz {
        self.time_zone.parse().unwrap_or(chrono_tz::Europe::Paris)
    }

    /// The event's days, first to last.
    pub fn dates(&self) -> Vec<NaiveDate> {
        (0..self.days.clamp(1, MAX_DAYS)).filter_map(|i| self.first_day.checked_add_signed(Duration::days(i as i64))).collect()
    }

    pub fn last_day(&self) -> NaiveDate {
        *self.dates().last().unwrap_or(&self.first_day)
    }

    /// A wall-clock time of a day, in the event's zone, as a UTC instant (the earlier one
    /// when the clocks go back; the first valid one after a gap when they go forward).
    pub fn at_on(&self, day: NaiveDate, t: NaiveTime) -> DateTime<Utc> {
        let tz = self.tz();
        let local = day.and_time(t);
        match tz.from_local_datetime(&local).earliest() {
            Some(d) => d.with_timezone(&Utc),
            // In a spring-forward gap: an hour later exists.
            None => tz
                .from_local_datetime(&(local + Duration::hours(1)))
                .earliest()
                .map(|d| d.with_timezone(&Utc))
                .unwrap_or_else(|| Utc.from_utc_datetime(&local)),
        }
    }

    /// A wall-clock time of the first day.
    pub fn at(&self, t: NaiveTime) -> DateTime<Utc> {
        self.at_on(self.first_day, t)
    }

    /// When a day opens and closes (closing past midnight is the next morning).
    pub fn hours_of(&self, day: NaiveDate) -> (DateTime<Utc>, DateTime<Utc>) {
        let opens = self.at_on(day, self.opens);
        let close_day = if self.closes <= self.opens { day.succ_opt().unwrap_or(day) } else { day };
        (opens, self.at_on(close_day, self.closes))
    }

    pub fn opens_at(&self) -> DateTime<Utc> {
        self.hours_of(self.first_day).0
    }

    pub fn closes_at(&self) -> DateTime<Utc> {
        self.hours_of(self.last_day()).1
    }

    /// "10:05" in the event's zone, whatever the machine's zone.
    pub fn local_hm(&self, t: DateTime<Utc>) -> String {
        t.with_timezone(&self.tz()).format("%H:%M").to_string()
    }

    /// The programme day an instant belongs to (see `days`).
    pub fn day_of(&self, t: DateTime<Utc>) -> NaiveDate {
        crate::days::day_of(t, self.tz())
    }

    /// Which day of the event a date is (1-based), if it is one.
    pub fn day_number(&self, d: NaiveDate) -> Option<u32> {
        let n = (d - self.first_day).num_days();
        (0..self.days as i64).contains(&n).then(|| n as u32 + 1)
    }

    /// Checks every field a person sets, naming the first that is wrong.
    pub fn check(&self) -> Result<()> {
        let bad = |field: Bilingual, value: &str| Err(KioskError::InvalidField { field, value: value.to_string() });
        if self.name.trim().is_empty() {
            return bad(bi("nom de l'événement (obligatoire)", "event name (required)"), &self.name);
        }
        for (v, fr, en) in [
            (&self.name, "nom de l'événement", "event name"),
            (&self.venue, "lieu", "venue"),
            (&self.address, "adresse", "address"),
            (&self.contact, "contact", "contact"),
            (&self.source, "crédit du programme", "programme credit"),
            (&self.licence, "licence", "licence"),
        ] {
            if v.chars().count() > MAX_TEXT || v.chars().any(|c| c.is_control() && c != '\n') {
                return bad(bi(format!("{fr} (au plus {MAX_TEXT} caractères, sans caractère de contrôle)"), format!("{en} (at most {MAX_TEXT} characters, no control character)")), v);
            }
        }
        if !(1..=MAX_DAYS).contains(&self.days) {
            return bad(bi(format!("nombre de jours (de 1 à {MAX_DAYS})"), format!("number of days (1 to {MAX_DAYS})")), &self.days.to_string());
        }
        if !(2000..=2200).contains(&self.first_day.year()) {
            return bad(bi("premier jour (AAAA-MM-JJ)", "first day (YYYY-MM-DD)"), &self.first_day.to_string());
        }
        if self.time_zone.parse::<Tz>().is_err() {
            return bad(bi("fuseau horaire (IANA, ex. Europe/Paris)", "time zone (IANA, e.g. Europe/Paris)"), &self.time_zone);
        }
        if self.opens == self.closes {
            return bad(bi("heures d'ouverture (l'ouverture et la fermeture sont égales)", "opening hours (opening and closing are the same)"), &self.opens.format("%H:%M").to_string());
        }
        if let Err(why) = crate::categories::check(&self.categories) {
            return Err(KioskError::Categories(why));
        }
        if let Err(why) = crate::gates::check(&self.gates, &self.categories) {
            return Err(KioskError::Categories(why));
        }
        if parse_colour(&self.colour).is_none() {
            return bad(bi("couleur (#rrvvbb)", "colour (#rrggbb)"), &self.colour);
        }
        if !self.programme_url.is_empty() {
            checked_url(&self.programme_url)?;
        }
        Ok(())
    }
}

/// Every IANA time zone name, for a person to choose from.
pub fn time_zones() -> Vec<String> {
    chrono_tz::TZ_VARIANTS.iter().map(|z| z.name().to_string()).collect()
}

/// "#0d5c98" as its three bytes.
pub fn parse_colour(s: &str) -> Option<(u8, u8, u8)> {
    let h = s.trim().strip_prefix('#')?;
    if h.len() != 6 || !h.is_ascii() {
        return None;
    }
    let byte = |i: usize| u8::from_str_radix(&h[i..i + 2], 16).ok();
    Some((byte(0)?, byte(2)?, byte(4)?))
}

/// A web address for the programme's QR code: http(s) only, no spaces, bounded.
pub fn checked_url(url: &str) -> Result<String> {
    let u = url.trim();
    if (u.starts_with("https://") || u.starts_with("http://")) && u.len() > 10 && u.len() <= 512 && !u.contains(char::is_whitespace) {
        Ok(u.to_string())
    } else {
        Err(KioskError::InvalidField { field: bi("adresse web (http:// ou https://)", "web address (http:// or https://)"), value: url.to_string() })
    }
}

/// "2026-11-18" as people type it.
pub fn parse_day(s: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
        .map_err(|_| KioskError::InvalidField { field: bi("date (AAAA-MM-JJ)", "date (YYYY-MM-DD)"), value: s.to_string() })
}

/// "09:00" or "9h30" as people type it.
pub fn parse_time(s: &str, field: Bilingual) -> Result<NaiveTime> {
    let t = s.trim().to_lowercase();
    let (h, m) = t.split_once([':', 'h']).unwrap_or((&t, "0"));
    let m = if m.trim().is_empty() { "0" } else { m };
    match (h.trim().parse::<u32>(), m.trim().parse::<u32>()) {
        (Ok(h), Ok(m)) => NaiveTime::from_hms_opt(h, m, 0),
        _ => None,
    }
    .ok_or(KioskError::InvalidField { field, value: s.to_string() })
}

const WEEKDAYS_FR: [&str; 7] = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"];
const WEEKDAYS_EN: [&str; 7] = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
const MONTHS_FR: [&str; 12] = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"];
const MONTHS_EN: [&str; 12] = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

/// "mercredi 18 novembre" / "Wednesday 18 November" (with the year when it is not `this_year`).
pub fn day_words(d: NaiveDate, this_year: i32) -> Bilingual {
    let w = d.weekday().num_days_from_monday() as usize;
    let m = d.month0() as usize;
    let year = if d.year() == this_year { String::new() } else { format!(" {}", d.year()) };
    let first = if d.day() == 1 { "1er".to_string() } else { d.day().to_string() };
    bi(format!("{} {first} {}{year}", WEEKDAYS_FR[w], MONTHS_FR[m]), format!("{} {} {}{year}", WEEKDAYS_EN[w], d.day(), MONTHS_EN[m]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_night_belongs_to_the_day_it_started_on() {
        let mut e = Event::blank(NaiveDate::from_ymd_opt(2014, 12, 27).unwrap());
        e.time_zone = "Europe/Berlin".into();
        e.days = 4;
        let t = |s: &str| DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc);
        assert_eq!(e.day_of(t("2014-12-28T02:30:00+01:00")).to_string(), "2014-12-27");
        assert_eq!(e.day_of(t("2014-12-28T11:00:00+01:00")).to_string(), "2014-12-28");
        assert_eq!(e.day_number(NaiveDate::from_ymd_opt(2014, 12, 30).unwrap()), Some(4));
        assert_eq!(e.day_number(NaiveDate::from_ymd_opt(2014, 12, 31).unwrap()), None);
    }

    #[test]
    fn every_field_is_checked_by_name() {
        let ok = Event::blank(NaiveDate::from_ymd_opt(2026, 11, 18).unwrap());
        assert!(ok.check().is_ok());
        let msg = |e: Event| e.check().unwrap_err().to_string();
        assert!(msg(Event { days: 9, ..ok.clone() }).contains("nombre de jours"));
        assert!(msg(Event { time_zone: "Mars/Olympus".into(), ..ok.clone() }).contains("fuseau horaire"));
        assert!(msg(Event { colour: "blue".into(), ..ok.clone() }).contains("couleur"));
        assert!(msg(Event { name: " ".into(), ..ok.clone() }).contains("nom de l'événement"));
        assert!(msg(Event { programme_url: "javascript:alert(1)".into(), ..ok.clone() }).contains("adresse web"));
        assert!(msg(Event { venue: "x".repeat(301), ..ok }).contains("lieu"));
    }

    #[test]
    fn days_in_french_and_english() {
        let d = NaiveDate::from_ymd_opt(2026, 11, 18).unwrap();
        assert_eq!(day_words(d, 2026), bi("mercredi 18 novembre", "Wednesday 18 November"));
        assert_eq!(day_words(d, 2025).fr, "mercredi 18 novembre 2026");
        assert_eq!(day_words(NaiveDate::from_ymd_opt(2026, 12, 1).unwrap(), 2026).fr, "mardi 1er décembre");
    }
}
