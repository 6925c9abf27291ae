//! The organiser's lock: a desk left alone must not become the organiser's screen. A PIN,
//! kept as a slow hash (Argon2id), unlocks the organiser's commands for a few idle minutes;
//! each wrong PIN doubles the wait before the next try, and the wait is kept in the store
//! (a restart does not reset it). The desk's own work (scan, search, manual check-in,
//! walk-in, undo of its own recent check-ins) needs no PIN. The CLI, run by the machine's
//! owner, does not ask.
//!
//! The PIN is the event's: a machine that joined a hub takes the hub's PIN hash with its
//! copy and asks it; nobody chooses a PIN there (not even a first one).
//!
//! Time here is the machine's own clock, not the venue clock: a rehearsal at ×60 must not
//! unlock or lock anything faster.

use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};

use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use argon2::Argon2;
use serde::{Deserialize, Serialize};

use super::{lock, Kiosk};
use crate::bilingual::bi;
use crate::error::{KioskError, Result};
use crate::settings::Setting;

/// Idle time after which the organiser's screen locks itself.
pub const IDLE_LOCK: Duration = Duration::from_secs(5 * 60);
/// The longest wait imposed after wrong PINs.
const MAX_WAIT: Duration = Duration::from_secs(5 * 60);

#[derive(Debug, Default)]
pub(super) struct LockState {
    unlocked_until: Option<Instant>,
}

/// What the organiser's screen shows before it opens.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct LockStatus {
    /// A PIN was chosen (else, on a machine of its own, the first person to open the screen
    /// chooses one).
    pub has_pin: bool,
    /// A PIN may be chosen here: false on a machine that joined a hub (the hub's is asked).
    pub can_choose: bool,
    pub unlocked: bool,
    /// Seconds before a PIN may be tried again (after wrong ones).
    pub retry_in: u64,
}

/// Wrong PINs in a row, and until when the next try must wait (real time).
fn failures_of(text: Option<String>) -> (u32, Option<DateTime<Utc>>) {
    let Some(text) = text else { return (0, None) };
    let mut parts = text.split_whitespace();
    let n = parts.next().and_then(|n| n.parse().ok()).unwrap_or(0);
    let until = parts.next().and_then(|t| DateTime::parse_from_rfc3339(t).ok()).map(|t| t.with_timezone(&Utc));
    (n, until)
}

fn ceil_secs(d: Duration) -> u64 {
    d.as_millis().div_ceil(1000) as u64
}

/// A PIN's length, in characters.
pub const PIN_MIN: usize = 4;
pub const PIN_MAX: usize = 64;

fn check_pin_shape(pin: &str) -> Result<()> {
    let n = pin.chars().count();
    if (PIN_MIN..=PIN_MAX).contains(&n) { Ok(()) } else { Err(KioskError::PinTooShort) }
}

/// The PIN as stored: a PHC string (algorithm, parameters, salt, hash).
pub fn hash_pin(pin: &str) -> Result<String> {
    check_pin_shape(pin)?;
    Argon2::default()
        .hash_password(pin.as_bytes())
        .map(|h| h.to_string())
        .map_err(|e| KioskError::PinHash(format!("argon2: {e}")))
}

fn pin_matches(pin: &str, stored: &str) -> bool {
    PasswordHash::new(stored).is_ok_and(|h| Argon2::default().verify_password(pin.as_bytes(), &h).is_ok())
}

impl Kiosk {
    fn stored_pin(&self) -> Result<Option<String>> {
        self.with_store(|s| s.setting(Setting::OrganiserPin))
    }

    fn failures(&self) -> Result<(u32, Option<DateTime<Utc>>)> {
        Ok(failures_of(self.with_store(|s| s.setting(Setting::PinFailures))?))
    }

    pub fn lock_status(&self) -> Result<LockStatus> {
        let has_pin = self.stored_pin()?.is_some();
        let can_choose = self.link()?.is_none();
        let (_, until) = self.failures()?;
        let retry_in = until.map_or(0, |u| ceil_secs((u - Utc::now()).to_std().unwrap_or_default()));
        let l = lock(&self.lock);
        Ok(LockStatus { has_pin, can_choose, unlocked: l.unlocked_until.is_some_and(|u| Instant::now() < u), retry_in })
    }

    /// Opens the organiser's commands for [`IDLE_LOCK`] (renewed by each of them).
    pub fn unlock(&self, pin: &str) -> Result<LockStatus> {
        let (failures, until) = self.failures()?;
        let now = Utc::now();
        if let Some(u) = until.filter(|u| now < *u) {
            return Err(KioskError::TooManyTries { retry_in: ceil_secs((u - now).to_std().unwrap_or_default()) });
        }
        let stored = self.stored_pin()?;
        let ok = match &stored {
            Some(h) => pin_matches(pin, h),
            None => false,
        };
        if ok {
            self.with_store(|s| s.clear_setting(Setting::PinFailures))?;
            lock(&self.lock).unlocked_until = Some(Instant::now() + IDLE_LOCK);
            return self.lock_status();
        }
        // 1 s, 2 s, 4 s… up to five minutes between tries.
        let failures = failures.saturating_add(1);
        let wait = Duration::from_secs(1u64 << (failures - 1).min(16)).min(MAX_WAIT);
        let until = now + chrono::Duration::from_std(wait).unwrap_or_default();
        self.with_store(|s| s.set_setting(Setting::PinFailures, &format!("{failures} {}", crate::clock::to_db(until))))?;
        lock(&self.lock).unlocked_until = None;
        if stored.is_none() {
            return Err(KioskError::Locked);
        }
        Err(KioskError::WrongPin { retry_in: ceil_secs(wait) })
    }

    /// Locks at once (the organiser leaves the desk).
    pub fn lock_organiser(&self) {
        lock(&self.lock).unlocked_until = None;
    }

    /// Refuses unless the organiser unlocked recently; renews the idle time.
    pub fn require_organiser(&self) -> Result<()> {
        let mut l = lock(&self.lock);
        let now = Instant::now();
        match l.unlocked_until {
            Some(u) if now < u => {
                l.unlocked_until = Some(now + IDLE_LOCK);
                Ok(())
            }
            _ => Err(KioskError::Locked),
        }
    }

    /// Chooses the organiser's PIN. The first one needs nothing; changing it needs the
    /// screen unlocked (a face that checks rights, the window, asks `require_organiser`
    /// first when a PIN exists; the CLI does not). A machine that joined a hub has the
    /// hub's: it is chosen there.
    pub fn set_pin(&self, pin: &str) -> Result<()> {
        if self.link()?.is_some() {
            return Err(KioskError::Refused(bi(
                "ce poste est relié au poste central : le code organisateur est celui de l'événement, choisissez-le sur le poste central",
                "this machine joined the hub: the organiser PIN is the event's, choose it on the hub",
            )));
        }
        let hash = hash_pin(pin)?;
        self.with_store(|s| {
            s.set_setting(Setting::OrganiserPin, &hash)?;
            s.clear_setting(Setting::PinFailures)
        })?;
        lock(&self.lock).unlocked_until = Some(Instant::now() + IDLE_LOCK);
        Ok(())
    }

    /// From the window: the first PIN, or a new one while unlocked.
    pub fn choose_pin(&self, pin: &str) -> Result<()> {
        if self.stored_pin()?.is_some() {
            self.require_organiser()?;
        }
        self.set_pin(pin)
    }

    /// The PIN hash this hub gives the machines that join it (none before one is chosen).
    pub fn pin_hash(&self) -> Result<Option<String>> {
        self.stored_pin()
    }

    /// On a joined machine: the hub's PIN becomes this machine's (or none, if the hub has
    /// none yet: then nobody opens the organiser's screen here).
    pub(super) fn take_pin(&self, hash: Option<&str>) -> Result<()> {
        self.with_store(|s| {
            if s.setting(Setting::OrganiserPin)?.as_deref() == hash {
                return Ok(());
            }
            match hash {
                Some(h) => s.set_setting(Setting::OrganiserPin, h),
                None => s.clear_setting(Setting::OrganiserPin),
            }
        })?;
        Ok(())
    }
}
