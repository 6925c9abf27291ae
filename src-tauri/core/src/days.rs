//! The days of an event, as a programme counts them: a day runs from [`DAY_CHANGE_HOUR`] to
//! the same hour the next morning, in the event's zone, so that a congress night (talks
//! until 2 a.m.) belongs to the day it started on. Imports nothing of the crate: the
//! programme, the event and the screens all lean on it.

use chrono::{DateTime, NaiveDate, Timelike, Utc};
use chrono_tz::Tz;

/// At most this many days: a week of a show. A programme longer than that is refused.
pub const MAX_DAYS: u32 = 7;

/// When one programme day gives way to the next, local time.
pub const DAY_CHANGE_HOUR: u32 = 5;

/// The programme day an instant belongs to, in zone `tz`.
pub fn day_of(t: DateTime<Utc>, tz: Tz) -> NaiveDate {
    let local = t.with_timezone(&tz).naive_local();
    let d = local.date();
    if local.hour() < DAY_CHANGE_HOUR {
        d.pred_opt().unwrap_or(d)
    } else {
        d
    }
}
