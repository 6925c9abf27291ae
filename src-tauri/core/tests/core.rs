//! The core's tests: one binary, a module per idea. Each test has its own store in a
//! temporary directory and its own clock; none depends on today's date.

mod any_event;
mod checkin;
mod exchange;
mod fuzz;
mod import;
mod printing;
mod privacy;
mod programme;
mod venue;

use bluehats_core::clock::from_db;

/// The embedded default day's programme, as published (the org file of `assets/default`).
pub const DEFAULT_ORG: &str = include_str!("../../../assets/default/bluehats-osx-2021.org");
use bluehats_core::Store;
use chrono::{DateTime, Utc};

pub fn store() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let s = Store::open_dir(dir.path()).unwrap();
    (dir, s)
}

/// 9 November 2021 at a Paris wall-clock time ("10:05").
pub fn paris(hm: &str) -> DateTime<Utc> {
    let (h, m) = hm.split_once(':').unwrap();
    let h: i64 = h.parse().unwrap();
    from_db(&format!("2021-11-09T{:02}:{}:00Z", h - 1, m))
}
