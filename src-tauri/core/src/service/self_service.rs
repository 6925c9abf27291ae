//! The self-service desk: attendees face the screen and scan their own ticket. It says
//! *Bienvenue, Hélène !* to a ticket that lets its holder in and *Adressez-vous à l'accueil*
//! to every other (no verdict word that would help a forger try again, no one else's data,
//! no search, no walk-in, no history). The organiser's PIN leaves the mode; the mode is kept
//! in the store, so a restart does not hand the desk over.

use serde::{Deserialize, Serialize};

use super::Kiosk;
use crate::bilingual::bi;
use crate::error::{KioskError, Result};
use crate::settings::Setting;
use crate::verdict::Verdict;

/// What a self-service screen may show of a scan: a first name to welcome, or nothing (go
/// to the desk). Nothing else leaves the core.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct SelfScan {
    /// The first name of the person let in; `None`: "Adressez-vous à l'accueil".
    pub welcome: Option<String>,
}

/// "Hélène Quéruel" → "Hélène".
pub fn first_name(name: &str) -> String {
    name.split_whitespace().next().unwrap_or(name).to_string()
}

impl Kiosk {
    pub fn self_service(&self) -> Result<bool> {
        Ok(self.with_store(|s| s.setting(Setting::SelfService))?.as_deref() == Some("on"))
    }

    /// Turns the mode on (the organiser, from their screen); it locks the organiser's screen.
    pub fn start_self_service(&self) -> Result<()> {
        self.with_store(|s| s.set_setting(Setting::SelfService, "on"))?;
        self.lock_organiser();
        Ok(())
    }

    /// Leaves the mode with the organiser's PIN (wrong tries wait, as at the lock).
    pub fn end_self_service(&self, pin: &str) -> Result<()> {
        self.unlock(pin)?;
        self.with_store(|s| s.clear_setting(Setting::SelfService))
    }

    /// Refuses what a self-service desk must not do (search, walk-in, history, the
    /// organiser's screen), whoever asks.
    pub fn refuse_in_self_service(&self) -> Result<()> {
        if self.self_service()? {
            return Err(KioskError::Refused(bi("ce poste est en libre-service", "this desk is in self-service mode")));
        }
        Ok(())
    }

    /// A ticket scanned by its holder: recorded as any scan (through the hub for a joined
    /// desk), answered with a first name or nothing. Never an error: whatever went wrong,
    /// the person goes to the desk.
    pub fn self_scan(&self, code: &str) -> SelfScan {
        let welcome = match self.scan(code, None, None) {
            Ok(o) => match o.verdict {
                // A full room that only warns lets them in: welcome; one that refuses sends
                // them to the desk like every other problem.
                Verdict::Admitted { person } | Verdict::AdmittedRoomFull { person, .. } if !person.attention => Some(first_name(&person.name)),
                _ => None,
            },
            Err(_) => None,
        };
        SelfScan { welcome }
    }
}
