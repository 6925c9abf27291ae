//! The hub's budgets: how many requests an address, a machine, a pairing attempt may make.
//! Each is checked before any work it would cost (a credential looked up under the store's
//! lock, a pairing token hashed), so a flood costs the hub a hash-map lookup per request.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// A budget: so many in so long.
#[derive(Debug, Clone, Copy)]
pub struct Budget {
    pub max: u32,
    pub window: Duration,
}

const fn per_second(max: u32) -> Budget {
    Budget { max, window: Duration::from_secs(1) }
}

/// Plain HTTP (the public page, any browser on the LAN), per address.
pub const OPEN: Budget = per_second(200);
/// TLS requests per address, before the credential is looked up: far above what a desk
/// sends (a batch of scans, its copy, its pings).
pub const TLS: Budget = per_second(500);
/// Requests per paired machine, once it is known.
pub const MACHINE: Budget = per_second(2000);
/// Unknown credentials per address, answered 401; past them, 429 (real ones still pass).
pub const BAD_CREDENTIALS: Budget = Budget { max: 20, window: Duration::from_secs(10) };
/// Pairing attempts per address: a budget of their own, so that a flood of other requests
/// never stops a desk from joining, and tokens cannot be guessed at speed.
pub const PAIRING: Budget = Budget { max: 10, window: Duration::from_secs(10) };

/// Fixed windows per key: enough to stop a runaway client, invisible to a desk.
#[derive(Default)]
pub struct Limiter {
    windows: Mutex<HashMap<String, (Instant, u32)>>,
}

impl Limiter {
    fn with<T>(&self, key: String, b: Budget, f: impl FnOnce(&mut (Instant, u32)) -> T) -> T {
        let mut w = self.windows.lock().unwrap_or_else(|e| e.into_inner());
        let now = Instant::now();
        if w.len() > 20_000 {
            w.retain(|_, (t, _)| now.duration_since(*t) < Duration::from_secs(60));
        }
        let slot = w.entry(key).or_insert((now, 0));
        if now.duration_since(slot.0) >= b.window {
            *slot = (now, 0);
        }
        f(slot)
    }

    /// Counts one and says whether it is within the budget.
    pub fn allow(&self, key: String, b: Budget) -> bool {
        self.with(key, b, |slot| {
            slot.1 = slot.1.saturating_add(1);
            slot.1 <= b.max
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_spent_budget_refuses_until_its_window_passes() {
        let l = Limiter::default();
        let b = Budget { max: 3, window: Duration::from_millis(200) };
        assert!((0..3).all(|_| l.allow("a".into(), b)));
        assert!(!l.allow("a".into(), b));
        assert!(l.allow("b".into(), b), "another key has its own budget");
        std::thread::sleep(Duration::from_millis(250));
        assert!(l.allow("a".into(), b));
    }
}
