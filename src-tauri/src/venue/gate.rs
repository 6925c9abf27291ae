//! The hub's gate: how many connections it holds, from whom, and for how long. Bounded by
//! construction, so that sockets opened by anyone on the venue's Wi-Fi never take the room
//! the desks need:
//!
//! - at most [`Caps::total`] connections, below the process's descriptor limit (raised to
//!   its hard limit at start), so that `accept` itself never fails for want of one;
//! - a connection that has not yet sent a whole request is *fresh*: at most
//!   [`Caps::per_address`] of them per address, and when the hub is full the oldest fresh
//!   one is closed to let a newcomer in (an idle socket never outlives a desk's connection);
//! - a connection that carried a paired machine's valid credential is *proven*: it is never
//!   evicted, and fresh ones may take at most `total - PROVEN_ROOM`, so there is always room
//!   for the machines that joined;
//! - new connections per address and per second are limited before any TLS work is done.
//!
//! Time limits (first byte, TLS handshake, request headers, a request) are in `hub.rs`.

use std::collections::{BTreeMap, HashMap};
use std::net::IpAddr;
use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use tokio::sync::Notify;

/// Room always kept for connections of machines that proved who they are.
pub const PROVEN_ROOM: usize = 64;
/// Descriptors kept for the store, its WAL, the runtime and what a request opens.
const RESERVED_FDS: u64 = 64;

/// How many connections the hub holds, in all and from one address.
#[derive(Debug, Clone, Copy)]
pub struct Caps {
    pub total: usize,
    pub per_address: usize,
    /// New connections one address may open in a second.
    pub new_per_second: u32,
}

impl Caps {
    /// From the descriptor limit, raised to the hard limit first (a hub under
    /// `ulimit -n 1024` keeps 64 of them for itself).
    pub fn for_this_process() -> Caps {
        let soft = rlimit::increase_nofile_limit(u64::MAX).unwrap_or(1024);
        let total = soft.saturating_sub(RESERVED_FDS).clamp(PROVEN_ROOM as u64 * 2, 16_384) as usize;
        Caps { total, per_address: 64, new_per_second: 100 }
    }
}

const FRESH: u8 = 0;
const SPOKEN: u8 = 1;
const PROVEN: u8 = 2;

/// One connection's place at the gate; given back when dropped.
pub struct Ticket {
    id: u64,
    addr: IpAddr,
    state: AtomicU8,
    gate: Arc<Gate>,
    /// Notified when the gate evicts this connection: its task drops it.
    pub evicted: Notify,
}

impl Ticket {
    /// A whole request arrived: not an idle socket any more (never evicted for a newcomer).
    pub fn spoke(&self) {
        if self.state.compare_exchange(FRESH, SPOKEN, Ordering::SeqCst, Ordering::SeqCst).is_ok() {
            self.gate.state().fresh.remove(&self.id);
        }
    }

    /// It carried a paired machine's valid credential.
    pub fn proven(&self) {
        self.spoke();
        if self.state.swap(PROVEN, Ordering::SeqCst) != PROVEN {
            let mut s = self.gate.state();
            s.proven += 1;
            if let Some(n) = s.unproven_by_addr.get_mut(&self.addr) {
                *n = n.saturating_sub(1);
            }
        }
    }
}

impl Drop for Ticket {
    fn drop(&mut self) {
        let mut s = self.gate.state();
        s.open = s.open.saturating_sub(1);
        s.fresh.remove(&self.id);
        if self.state.load(Ordering::SeqCst) == PROVEN {
            s.proven = s.proven.saturating_sub(1);
        } else if let Some(n) = s.unproven_by_addr.get_mut(&self.addr) {
            *n = n.saturating_sub(1);
            if *n == 0 {
                s.unproven_by_addr.remove(&self.addr);
            }
        }
    }
}

#[derive(Default)]
struct State {
    next: u64,
    open: usize,
    proven: usize,
    /// Fresh connections, oldest first: the ones evicted when the hub is full.
    fresh: BTreeMap<u64, std::sync::Weak<Ticket>>,
    unproven_by_addr: HashMap<IpAddr, usize>,
    /// New connections per address in the current second.
    arrivals: HashMap<IpAddr, (Instant, u32)>,
}

pub struct Gate {
    caps: Caps,
    state: Mutex<State>,
}

/// Why a connection was turned away (counted by the benchmark, said nowhere else: the
/// socket is simply closed).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    TooManyFromAddress,
    TooFast,
    Full,
}

impl Gate {
    pub fn new(caps: Caps) -> Arc<Gate> {
        Arc::new(Gate { caps, state: Mutex::new(State::default()) })
    }

    fn state(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// A new connection from `addr`: its ticket, or why not. When the hub is full, the
    /// oldest fresh connection is evicted to make room.
    pub fn admit(self: &Arc<Self>, addr: IpAddr) -> Result<Arc<Ticket>, Refusal> {
        let mut s = self.state();
        let now = Instant::now();
        if s.arrivals.len() > 10_000 {
            s.arrivals.retain(|_, (t, _)| now.duration_since(*t) < Duration::from_secs(1));
        }
        let slot = s.arrivals.entry(addr).or_insert((now, 0));
        if now.duration_since(slot.0) >= Duration::from_secs(1) {
            *slot = (now, 0);
        }
        slot.1 += 1;
        if slot.1 > self.caps.new_per_second {
            return Err(Refusal::TooFast);
        }
        if s.unproven_by_addr.get(&addr).copied().unwrap_or(0) >= self.caps.per_address {
            return Err(Refusal::TooManyFromAddress);
        }
        let unproven = s.open - s.proven;
        // Whom to evict is chosen under the lock; the evicted ticket is let go after it
        // (dropping the last reference to a ticket takes the lock again).
        let mut evictee = None;
        if s.open >= self.caps.total || unproven >= self.caps.total.saturating_sub(PROVEN_ROOM) {
            // The oldest fresh connection goes; with none to evict, the newcomer is refused.
            while let Some((&id, weak)) = s.fresh.iter().next() {
                let weak = weak.clone();
                s.fresh.remove(&id);
                if let Some(t) = weak.upgrade() {
                    evictee = Some(t);
                    break;
                }
            }
            if evictee.is_none() {
                return Err(Refusal::Full);
            }
        }
        s.next += 1;
        let id = s.next;
        s.open += 1;
        *s.unproven_by_addr.entry(addr).or_insert(0) += 1;
        let ticket = Arc::new(Ticket { id, addr, state: AtomicU8::new(FRESH), gate: self.clone(), evicted: Notify::new() });
        s.fresh.insert(id, Arc::downgrade(&ticket));
        drop(s);
        // Counted out when its task drops it; the newcomer may exceed by one meanwhile.
        if let Some(t) = evictee {
            t.evicted.notify_one();
        }
        Ok(ticket)
    }

    /// Connections held now: (all, proven).
    pub fn held(&self) -> (usize, usize) {
        let s = self.state();
        (s.open, s.proven)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(n: u8) -> IpAddr {
        IpAddr::from([127, 0, 0, n])
    }

    #[test]
    fn a_full_gate_evicts_the_oldest_idle_socket_and_keeps_room_for_proven_machines() {
        let gate = Gate::new(Caps { total: PROVEN_ROOM + 4, per_address: 3, new_per_second: 1000 });
        let mut held = Vec::new();
        for n in 0..4 {
            held.push(gate.admit(ip(10 + n)).unwrap());
        }
        // Full of fresh sockets: a newcomer evicts the oldest.
        let desk = gate.admit(ip(1)).unwrap();
        let evicted = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(async {
            tokio::time::timeout(Duration::from_millis(100), held[0].evicted.notified()).await.is_ok()
        });
        assert!(evicted, "the oldest idle socket is told to go");
        drop(held.remove(0));
        desk.proven();
        assert_eq!(gate.held(), (4, 1));
        // Per address: a fourth unproven connection from one address is refused.
        let a: Vec<_> = (0..2).map(|_| gate.admit(ip(20)).unwrap()).collect();
        for t in &a {
            t.spoke();
        }
        let _third = gate.admit(ip(20));
        assert_eq!(gate.admit(ip(20)).err(), Some(Refusal::TooManyFromAddress));
    }

    #[test]
    fn an_address_opening_too_fast_is_turned_away_before_any_work() {
        let gate = Gate::new(Caps { total: 1000, per_address: 1000, new_per_second: 5 });
        let kept: Vec<_> = (0..5).map(|_| gate.admit(ip(30)).unwrap()).collect();
        assert_eq!(gate.admit(ip(30)).err(), Some(Refusal::TooFast));
        assert!(gate.admit(ip(31)).is_ok(), "another address is not slowed");
        drop(kept);
    }
}
