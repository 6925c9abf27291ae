//! BlueHats Kiosk's core: the event, its store, tickets and check-in, the programme and its
//! live state, importers and exporters. No Tauri here: it builds and tests without a webview.

pub mod attendee;
pub mod clock;
pub mod demo;
pub mod error;
pub mod event;
pub mod export;
pub mod import;
pub mod programme;
pub mod search;
pub mod store;
pub mod ticket;
pub mod verdict;

pub use error::{KioskError, Result};
pub use store::Store;

/// The BlueHats day 2021 programme as published (Licence Ouverte 2.0, DINUM), embedded so
/// the app needs nothing outside itself.
pub const DEFAULT_PROGRAMME_ORG: &str = include_str!("../../../assets/default/bluehats-osx-2021.org");
