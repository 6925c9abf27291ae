//! The organiser's lock: a desk left alone must not become the organiser's screen. A PIN,
//! kept as a slow hash (Argon2id), unlocks the organiser's commands for a few idle minutes;
//! each wrong PIN doubles the wait before the next try. The desk's own work (scan, search,
//! manual check-in, walk-in, undo of its own recent check-ins) needs no PIN. The CLI, run by
//! the machine's owner, does not ask.
//!
//! Time here is the machine's monotonic clock, not the venue clock: a rehearsal at ×60 must
//! not unlock or lock anything faster.

use std::time::{Duration, Instant};

use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use argon2::Argon2;
use serde::{Deserialize, Serialize};

use super::{lock, Kiosk};
use crate::error::{KioskError, Result};
use crate::settings::Setting;

/// Idle time after which the organiser's screen locks itself.
pub const IDLE_LOCK: Duration = Duration::from_secs(5 * 60);
/// The longest wait imposed after wrong PINs.
const MAX_WAIT: Duration = Duration::from_secs(5 * 60);

#[derive(Debug, Default)]
pub(super) struct LockState {
    unlocked_until: Option<Instant>,
    failures: u32,
    not_before: Option<Instant>,
}

/// What the organiser's screen shows before it opens.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct LockStatus {
    /// A PIN was chosen (else the first person to open the screen chooses one).
    pub has_pin: bool,
    pub unlocked: bool,
    /// Seconds before a PIN may be tried again (after wrong ones).
    pub retry_in: u64,
}

fn ceil_secs(d: Duration) -> u64 {
    d.as_millis().div_ceil(1000) as u64
}

fn check_pin_shape(pin: &str) -> Result<()> {
    let n = pin.chars().count();
    if (4..=64).contains(&n) { Ok(()) } else { Err(KioskError::PinTooShort) }
}

/// The PIN as stored: a PHC string (algorithm, parameters, salt, hash).
pub fn hash_pin(pin: &str) -> Result<String> {
    check_pin_shape(pin)?;
    Argon2::default()
        .hash_password(pin.as_bytes())
        .map(|h| h.to_string())
        .map_err(|e| KioskError::Export(format!("argon2: {e}")))
}

fn pin_matches(pin: &str, stored: &str) -> bool {
    PasswordHash::new(stored).is_ok_and(|h| Argon2::default().verify_password(pin.as_bytes(), &h).is_ok())
}

impl Kiosk {
    fn stored_pin(&self) -> Result<Option<String>> {
        self.with_store(|s| s.setting(Setting::OrganiserPin))
    }

    pub fn lock_status(&self) -> Result<LockStatus> {
        let has_pin = self.stored_pin()?.is_some();
        let l = lock(&self.lock);
        let now = Instant::now();
        Ok(LockStatus {
            has_pin,
            unlocked: l.unlocked_until.is_some_and(|u| now < u),
            retry_in: l.not_before.map_or(0, |n| ceil_secs(n.saturating_duration_since(now))),
        })
    }

    /// Opens the organiser's commands for [`IDLE_LOCK`] (renewed by each of them).
    pub fn unlock(&self, pin: &str) -> Result<LockStatus> {
        let now = Instant::now();
        if let Some(n) = lock(&self.lock).not_before.filter(|n| now < *n) {
            return Err(KioskError::TooManyTries { retry_in: ceil_secs(n - now) });
        }
        let stored = self.stored_pin()?;
        let ok = match &stored {
            Some(h) => pin_matches(pin, h),
            None => false,
        };
        let mut l = lock(&self.lock);
        if ok {
            *l = LockState { unlocked_until: Some(now + IDLE_LOCK), ..Default::default() };
            drop(l);
            return self.lock_status();
        }
        // 1 s, 2 s, 4 s… up to five minutes between tries.
        l.failures = l.failures.saturating_add(1);
        let wait = Duration::from_secs(1u64 << (l.failures - 1).min(16)).min(MAX_WAIT);
        l.not_before = Some(now + wait);
        l.unlocked_until = None;
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
    /// first when a PIN exists; the CLI does not).
    pub fn set_pin(&self, pin: &str) -> Result<()> {
        let hash = hash_pin(pin)?;
        self.with_store(|s| s.set_setting(Setting::OrganiserPin, &hash))?;
        *lock(&self.lock) = LockState { unlocked_until: Some(Instant::now() + IDLE_LOCK), ..Default::default() };
        Ok(())
    }

    /// From the window: the first PIN, or a new one while unlocked.
    pub fn choose_pin(&self, pin: &str) -> Result<()> {
        if self.stored_pin()?.is_some() {
            self.require_organiser()?;
        }
        self.set_pin(pin)
    }
}
