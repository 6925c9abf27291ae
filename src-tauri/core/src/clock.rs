//! The venue clock. Everything that asks "what time is it" asks this, so that a rehearsal
//! can replay the day at any speed and tests never depend on today's date.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, ts_rs::TS)]
#[serde(tag = "mode", rename_all = "snake_case")]
pub enum VenueClock {
    Real,
    /// The venue time was `start` when the wall clock read `anchor`, and runs `speed` times
    /// faster than the wall clock from there.
    Rehearsal { start: DateTime<Utc>, anchor: DateTime<Utc>, speed: f64 },
    /// A clock that never moves (tests, `programme now --at`).
    Fixed { at: DateTime<Utc> },
}

impl VenueClock {
    /// A rehearsal from `start`; a speed out of [`SPEEDS`] is brought back within them
    /// (faces check it first with [`check_speed`], so a person is told).
    pub fn rehearsal(start: DateTime<Utc>, speed: f64) -> Self {
        let speed = if speed.is_finite() { speed.clamp(*SPEEDS.start(), *SPEEDS.end()) } else { 1.0 };
        VenueClock::Rehearsal { start, anchor: Utc::now(), speed }
    }

    pub fn now(&self) -> DateTime<Utc> {
        match *self {
            VenueClock::Real => Utc::now(),
            VenueClock::Fixed { at } => at,
            VenueClock::Rehearsal { start, anchor, speed } => {
                // Saturating all the way: a rehearsal left running for years at ×3600 stops at
                // the end of time rather than panicking.
                let wall_ms = (Utc::now() - anchor).num_milliseconds() as f64;
                let venue_ms = (wall_ms * speed).clamp(-1e15, 1e15) as i64;
                start.checked_add_signed(Duration::milliseconds(venue_ms)).unwrap_or(start)
            }
        }
    }

    pub fn is_rehearsal(&self) -> bool {
        !matches!(self, VenueClock::Real)
    }
}

/// The speeds a rehearsal may run at: a tenth of real time to an hour a second.
pub const SPEEDS: std::ops::RangeInclusive<f64> = 0.1..=3600.0;

/// A rehearsal speed, refused with its bounds when out of them (or not a number).
pub fn check_speed(speed: f64) -> crate::Result<f64> {
    if SPEEDS.contains(&speed) {
        Ok(speed)
    } else {
        Err(crate::KioskError::InvalidField {
            field: crate::bilingual::bi("vitesse de répétition (0,1 à 3600)", "rehearsal speed (0.1 to 3600)"),
            value: speed.to_string(),
        })
    }
}

/// An instant as people give it on the command line: RFC 3339, with its offset.
pub fn parse_instant(s: &str) -> crate::Result<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(s.trim()).map(|d| d.with_timezone(&Utc)).map_err(|_| crate::KioskError::InvalidField {
        field: crate::bilingual::bi("instant (RFC 3339, ex. 2021-11-09T10:05:00+01:00)", "instant (RFC 3339, e.g. 2021-11-09T10:05:00+01:00)"),
        value: s.to_string(),
    })
}

/// Timestamps as stored: UTC, milliseconds, fixed width, so that text order is time order.
pub fn to_db(t: DateTime<Utc>) -> String {
    t.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string()
}

pub fn from_db(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).map(|d| d.with_timezone(&Utc)).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rehearsal_runs_at_its_speed() {
        let start = from_db("2021-11-09T08:55:00.000Z");
        let c = VenueClock::Rehearsal { start, anchor: Utc::now() - Duration::seconds(10), speed: 60.0 };
        let elapsed = c.now() - start;
        assert!(elapsed >= Duration::seconds(600) && elapsed < Duration::seconds(620), "{elapsed}");
    }

    #[test]
    fn db_times_sort_as_text() {
        let a = to_db(from_db("2021-11-09T08:00:00Z"));
        let b = to_db(from_db("2021-11-09T10:00:00.5Z"));
        assert!(a < b);
        assert_eq!(a, "2021-11-09T08:00:00.000Z");
    }
}
