//! The venue's use-cases, written once for every face: the desk window (Tauri commands), the
//! CLI, and the venue network's HTTP API. A face parses what it was given, calls one method
//! of [`Kiosk`] and shows what comes back; the rules (who may enter, what the signage says,
//! what a desk is called) live here or below, never in a face. No Tauri here.
//!
//! A `Kiosk` is shared between threads (the window's commands, the signage pusher, a
//! server): it holds the store behind a lock, the venue clock and this machine's desk name,
//! and tells whoever subscribed when something a screen shows has changed.

mod categories;
mod door;
mod gates;
mod entrance;
mod event;
mod hub;
mod link;
mod mailing;
mod lock;
mod printing;
mod privacy;
mod self_service;
mod setup;
mod stage;
mod wayfinding;

pub use categories::CategoryEdit;
pub use door::{Acted, MAX_SCANNED};
pub use entrance::{Counters, ImportOptions, WalkIn, OWN_UNDO_WINDOW, SEARCH_LIMIT};
pub use lock::{hash_pin, LockStatus, IDLE_LOCK, PIN_MAX, PIN_MIN};
pub use mailing::{parse_host_port, MailFailure, MailReport, MailRun, MailSecurity, MailServer, MailSettings, DRY_RUN_FILES};
pub use printing::{PrintRound, PrintSetup};
pub use privacy::{FiguresReport, PURGE_WORD};
pub use self_service::{first_name, SelfScan};
pub use event::{EventEdit, RoomsUpdate};
pub use setup::{EventInfo, ScreenSetting};
pub use stage::{ClockRequest, NewTalk, ProgrammeFormat, ProgrammeImport, TalkEdit};
pub use wayfinding::{PositionSet, WaySet};
pub use hub::secret_hash;
pub use link::{HubLink, UPLOAD_BATCH};

use std::path::{Path, PathBuf};
use std::sync::{mpsc, Mutex, MutexGuard};

use chrono::{DateTime, Utc};

use crate::clock::VenueClock;
use crate::error::Result;
use crate::event::Event;
use crate::settings::Setting;
use crate::{desk, Store};

/// What changed, for the faces that repaint or push (the signage, a desk's counters).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    /// The programme, the live state, the clock or the screen's settings: signage repaints.
    Signage,
    /// Check-ins, walk-ins, revocations, imports: desks refresh their counters.
    Entrance,
}

/// How a face opens the kiosk.
#[derive(Debug, Clone)]
pub struct Options {
    /// The data directory: one SQLite file per event.
    pub dir: PathBuf,
    pub clock: VenueClock,
    /// This machine's desk name, if given (else the stored one, else [`desk::UNNAMED`]).
    pub desk: Option<String>,
    /// Adds the 300 invented attendees to an empty store.
    pub demo: bool,
}

pub struct Kiosk {
    store: Mutex<Store>,
    clock: Mutex<VenueClock>,
    desk: Mutex<String>,
    watchers: Mutex<Vec<mpsc::Sender<Change>>>,
    lock: Mutex<lock::LockState>,
    link: Mutex<link::LinkState>,
    seen_version: Mutex<Option<i64>>,
    printing: printing::PrintingState,
}

/// A lock whose holder panicked still guards good data (SQLite rolled the transaction
/// back): take it rather than take the whole app down with it.
fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl Kiosk {
    /// Opens the store (with the default programme if it has none, and the demo attendees
    /// if asked) and settles this machine's desk name.
    pub fn open(opts: Options) -> Result<Kiosk> {
        // A new folder gets the embedded default event, whole (see `Store::open`).
        let store = Store::open_dir(&opts.dir)?;
        let kiosk = Kiosk::new(store, opts.clock, opts.desk.as_deref());
        if opts.demo {
            kiosk.add_demo()?;
        }
        Ok(kiosk)
    }

    /// Over a store already open (tests, benchmarks).
    pub fn new(store: Store, clock: VenueClock, desk: Option<&str>) -> Kiosk {
        let stored = store.setting(Setting::Desk).ok().flatten();
        let desk = desk::name(desk.or(stored.as_deref()).unwrap_or(desk::UNNAMED));
        Kiosk { store: Mutex::new(store), clock: Mutex::new(clock), desk: Mutex::new(desk), watchers: Mutex::new(Vec::new()), lock: Mutex::new(Default::default()), link: Mutex::new(Default::default()), seen_version: Mutex::new(None), printing: Default::default() }
    }

    /// The venue's time now (real, or the rehearsal's).
    pub fn now(&self) -> DateTime<Utc> {
        lock(&self.clock).now()
    }

    /// Sets the venue clock as it is (tests and benchmarks: a fixed instant).
    pub fn use_clock(&self, c: VenueClock) {
        *lock(&self.clock) = c;
        self.changed(Change::Signage);
    }

    pub fn clock(&self) -> VenueClock {
        *lock(&self.clock)
    }

    pub fn desk(&self) -> String {
        lock(&self.desk).clone()
    }

    pub fn event(&self) -> Event {
        lock(&self.store).event().clone()
    }

    pub fn store_path(&self) -> PathBuf {
        lock(&self.store).path().to_path_buf()
    }

    /// The data directory (where exports go when no place is given).
    pub fn data_dir(&self) -> PathBuf {
        self.store_path().parent().map(Path::to_path_buf).unwrap_or_else(|| PathBuf::from("."))
    }

    /// Runs `f` on the store, under its lock.
    fn with_store<T>(&self, f: impl FnOnce(&mut Store) -> Result<T>) -> Result<T> {
        f(&mut lock(&self.store))
    }

    /// A receiver of every change from now on (the signage pusher, the network's pushes).
    pub fn subscribe(&self) -> mpsc::Receiver<Change> {
        let (tx, rx) = mpsc::channel();
        lock(&self.watchers).push(tx);
        rx
    }

    fn changed(&self, c: Change) {
        lock(&self.watchers).retain(|w| w.send(c).is_ok());
    }

    /// Whether another process wrote to the store since the last call (then the screens
    /// and desks this process serves are told, as for a change made here).
    pub fn notice_other_writers(&self) -> Result<bool> {
        let v = self.with_store(|s| s.data_version())?;
        let mut seen = lock(&self.seen_version);
        let changed = seen.is_some_and(|s| s != v);
        *seen = Some(v);
        if changed {
            self.changed(Change::Signage);
            self.changed(Change::Entrance);
        }
        Ok(changed)
    }

    /// Copies the WAL into the database file, when idle (never on the scan path).
    pub fn checkpoint(&self) -> Result<()> {
        self.with_store(|s| s.checkpoint())
    }
}
