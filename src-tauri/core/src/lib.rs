//! BlueHats Kiosk's core: the event, its store, tickets and check-in, the programme and its
//! live state, importers and exporters. No Tauri here: it builds and tests without a webview.

/// An enum stored and sent as snake_case text: one list of variants gives the Rust type,
/// its text (`as_str`), its reading back from the store (`from_db`) and `ALL`.
macro_rules! text_enum {
    ($(#[$m:meta])* pub enum $name:ident { $($(#[$vm:meta])* $variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize, ts_rs::TS)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($(#[$vm])* $variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }

            /// The value as stored; `None` for text this version does not know.
            pub fn from_db(s: &str) -> Option<$name> {
                match s { $($text => Some($name::$variant),)+ _ => None }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

pub mod attendee;
pub mod badge;
pub mod bilingual;
pub mod categories;
pub mod clock;
pub mod days;
pub mod desk;
pub mod demo;
pub mod error;
pub mod event;
pub mod event_pack;
pub mod figures;
pub mod gates;
pub mod programme;
pub mod pairing;
pub mod paper_list;
pub mod picture;
pub mod printer;
pub mod qr_reader;
pub mod registrations;
pub mod search;
pub mod service;
pub mod settings;
pub mod sheet;
pub mod signage;
pub mod store;
pub mod ticket;
pub mod ticket_files;
pub mod ticket_mail;
pub mod venue;
pub mod venue_map;
pub mod verdict;

pub use error::{KioskError, Result};
pub use store::Store;
