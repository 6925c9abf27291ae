//! The event: one day, one venue, one room. The BlueHats day 2021 is the embedded default.

use chrono::{DateTime, NaiveDate, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct Event {
    pub name: String,
    pub venue: String,
    pub address: String,
    pub room: String,
    pub date: NaiveDate,
    pub starts: NaiveTime,
    pub ends: NaiveTime,
    /// IANA zone name; times are stored in UTC and shown in this zone.
    pub time_zone: String,
    pub contact: String,
    pub colour: String,
    pub languages: Vec<String>,
    /// Where the published programme lives (the signage shows it as a QR code).
    pub programme_url: String,
    pub source: String,
    pub licence: String,
}

impl Event {
    pub fn bluehats_2021() -> Self {
        Event {
            name: "Journée BlueHats 2021".into(),
            venue: "Open Source Experience, Palais des congrès de Paris".into(),
            address: "2 place de la Porte Maillot, 75017 Paris".into(),
            room: "223M".into(),
            date: NaiveDate::from_ymd_opt(2021, 11, 9).expect("valid date"),
            starts: NaiveTime::from_hms_opt(9, 0, 0).expect("valid time"),
            ends: NaiveTime::from_hms_opt(17, 30, 0).expect("valid time"),
            time_zone: "Europe/Paris".into(),
            contact: "logiciels-libres@data.gouv.fr".into(),
            colour: "#0d5c98".into(),
            languages: vec!["fr".into(), "en".into()],
            programme_url: "https://github.com/blue-hats/journee-bluehats-osx-2021".into(),
            source: "Programme : dépôt blue-hats/journee-bluehats-osx-2021 (commit 68610f5, mis à jour le 8 novembre 2021), publication DINUM, 20 avenue de Ségur, 75007 Paris / Programme: blue-hats/journee-bluehats-osx-2021 repository (commit 68610f5, last updated 8 November 2021), published by DINUM".into(),
            licence: "Licence Ouverte 2.0 (Etalab)".into(),
        }
    }

    pub fn tz(&self) -> Tz {
        self.time_zone.parse().unwrap_or(chrono_tz::Europe::Paris)
    }

    /// A wall-clock time of the event's day, in the event's zone, as a UTC instant.
    pub fn at(&self, t: NaiveTime) -> DateTime<Utc> {
        let local = self.date.and_time(t);
        self.tz()
            .from_local_datetime(&local)
            .earliest()
            .unwrap_or_else(|| Utc.from_utc_datetime(&local).with_timezone(&self.tz()))
            .with_timezone(&Utc)
    }

    pub fn opens_at(&self) -> DateTime<Utc> {
        self.at(self.starts)
    }

    pub fn closes_at(&self) -> DateTime<Utc> {
        self.at(self.ends)
    }

    /// "10:05" in the event's zone, whatever the machine's zone.
    pub fn local_hm(&self, t: DateTime<Utc>) -> String {
        t.with_timezone(&self.tz()).format("%H:%M").to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_day_opens_at_nine_paris_time() {
        let e = Event::bluehats_2021();
        assert_eq!(e.opens_at().to_rfc3339(), "2021-11-09T08:00:00+00:00");
        assert_eq!(e.local_hm(e.closes_at()), "17:30");
    }
}
