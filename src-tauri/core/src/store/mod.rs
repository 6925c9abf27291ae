//! The event store: one SQLite file per event. The only place with SQL.
//!
//! WAL, foreign keys on, and synchronous=FULL so that a committed check-in is on disk
//! (the WAL fsynced) before its verdict is returned. Migrations are versioned with
//! `user_version`; a binary refuses a store written by a newer one.

mod attendees;
mod capacity;
mod desk_copy;
mod entrance;
mod event;
mod hub;
mod migrations;
mod mailing;
mod outbox;
mod printing;
mod privacy;
mod programme;
mod scans;

pub use attendees::{EmailMatch, ImportPlan, Stats};
pub use capacity::InsideOverTime;
pub use entrance::{EntranceTx, Stamp};
pub use event::PositionRow;
pub use hub::Flag;
pub use scans::{Readings, WalkInAs};
pub use privacy::{ExportLogged, PurgeReport};
pub use printing::{JobState, NewJob, PrintJob};
pub use programme::ProgrammeUpdate;
pub use scans::CheckinRow;

use std::path::{Path, PathBuf};

use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};

use crate::error::{KioskError, Result};
use crate::event::Event;
use crate::settings::Setting;
use crate::ticket::{self, Minter, Verifier};

pub const FILE_NAME: &str = "event.sqlite";

/// How long a write waits for another writer (an import, another process) before the desk
/// says "busy, try again": long enough for a batch to commit, short enough that nobody stands
/// at the door looking at an old verdict.
pub const BUSY_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(3);

pub struct Store {
    conn: Connection,
    path: PathBuf,
    event: Event,
    event_uid: String,
    verifier: Verifier,
    minter: Option<Minter>,
    /// This running scanner: random per opening, so that a scanner's double send is
    /// recognised (the repeat rule) but another process's scan of the same code never is.
    session: String,
}

impl Store {
    /// Opens the store in `dir`, creating the directory, the file and the default event
    /// (the BlueHats day 2021) when there is none yet.
    pub fn open_dir(dir: &Path) -> Result<Store> {
        std::fs::create_dir_all(dir).map_err(|e| KioskError::io(dir, e))?;
        // Names, e-mails and the minting key live here: the machine's other users keep out.
        private(dir, 0o700)?;
        Store::open(&dir.join(FILE_NAME))
    }

    pub fn open(path: &Path) -> Result<Store> {
        let mut conn = Connection::open(path)?;
        conn.busy_timeout(BUSY_TIMEOUT)?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        // A checkpoint costs milliseconds: keep it off the scan path. The app checkpoints
        // when idle (`checkpoint`); SQLite also does when the last connection closes.
        conn.pragma_update(None, "wal_autocheckpoint", 10_000)?;
        // A statement that fires a trigger keeps a statement journal: in memory, not a
        // temporary file written page by page (most of a large import's time went there).
        conn.pragma_update(None, "temp_store", "MEMORY")?;
        migrations::migrate(&mut conn)?;
        for suffix in ["", "-wal", "-shm"] {
            let mut p = path.as_os_str().to_owned();
            p.push(suffix);
            let p = PathBuf::from(p);
            if p.exists() {
                private(&p, 0o600)?;
            }
        }
        let (event, event_uid) = load_or_create_event(&mut conn)?;
        let (public, secret) = load_or_create_keys(&mut conn)?;
        let verifier = Verifier::new(&public, &event_uid);
        let minter = secret.map(|s| Minter::new(&s, &event_uid));
        let session = data_encoding::HEXLOWER.encode(&ticket::new_secret()[..8]);
        Ok(Store { conn, path: path.to_path_buf(), event, event_uid, verifier, minter, session })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn event(&self) -> &Event {
        &self.event
    }

    pub fn event_uid(&self) -> &str {
        &self.event_uid
    }

    /// Makes this store a verify-only desk: the signing key is erased from the file.
    pub fn forget_signing_key(&mut self) -> Result<()> {
        self.conn.execute("UPDATE keys SET secret = NULL WHERE id = 1", [])?;
        self.minter = None;
        Ok(())
    }

    /// SQLite's count of commits made by other connections (another process: the CLI
    /// importing while the hub serves). It changes when they write; cheap to ask.
    pub fn data_version(&self) -> Result<i64> {
        Ok(self.conn.pragma_query_value(None, "data_version", |r| r.get(0))?)
    }

    /// Copies the WAL into the database file without blocking readers (idle time).
    pub fn checkpoint(&self) -> Result<()> {
        self.conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(()))?;
        Ok(())
    }

    pub fn setting(&self, key: Setting) -> Result<Option<String>> {
        Ok(self
            .conn
            .query_row("SELECT value FROM settings WHERE key = ?1", params![key.as_str()], |r| r.get(0))
            .optional()?)
    }

    pub fn set_setting(&self, key: Setting, value: &str) -> Result<()> {
        self.conn.execute(
            "INSERT INTO settings(key, value) VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            params![key.as_str(), value],
        )?;
        Ok(())
    }

    pub fn clear_setting(&self, key: Setting) -> Result<()> {
        self.conn.execute("DELETE FROM settings WHERE key = ?1", params![key.as_str()])?;
        Ok(())
    }

    /// Runs `f` in an IMMEDIATE transaction: the write lock is taken first, so two
    /// processes cannot both read "not yet admitted" and both admit.
    fn write_tx<T>(&mut self, f: impl FnOnce(&rusqlite::Transaction) -> Result<T>) -> Result<T> {
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let out = f(&tx)?;
        tx.commit()?;
        Ok(out)
    }
}

/// Readable by this machine's user only (a no-op where there are no Unix permissions).
fn private(path: &Path, mode: u32) -> Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).map_err(|e| KioskError::io(path, e))?;
    }
    #[cfg(not(unix))]
    let _ = (path, mode);
    Ok(())
}

/// The event of this store; a new store gets the embedded default event, whole (its rooms,
/// positions and programme), in the same transaction as its row, so that two processes
/// opening a new folder at once end with one event.
fn load_or_create_event(conn: &mut Connection) -> Result<(Event, String)> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let row: Option<(String, String)> = tx.query_row("SELECT data, uid FROM event WHERE id = 1", [], |r| Ok((r.get(0)?, r.get(1)?))).optional()?;
    let (data, uid) = match row {
        Some(row) => {
            event::upgrade_legacy(&tx, &row.0)?;
            tx.query_row("SELECT data, uid FROM event WHERE id = 1", [], |r| Ok((r.get(0)?, r.get(1)?)))?
        }
        None => {
            let pack = crate::event_pack::default_pack();
            let uid = data_encoding::HEXLOWER.encode(&ticket::new_secret()[..8]);
            let json = serde_json::to_string(&pack.event).expect("event serialises");
            tx.execute("INSERT INTO event(id, uid, data) VALUES (1, ?1, ?2)", params![uid, json])?;
            event::write_pack_tx(&tx, pack)?;
            (json, uid)
        }
    };
    tx.commit()?;
    let event = serde_json::from_str(&data).unwrap_or_else(|_| crate::event_pack::default_event());
    Ok((event, uid))
}

fn load_or_create_keys(conn: &mut Connection) -> Result<([u8; 32], Option<[u8; 32]>)> {
    let secret = ticket::new_secret();
    conn.execute(
        "INSERT OR IGNORE INTO keys(id, public, secret) VALUES (1, ?1, ?2)",
        params![ticket::public_of(&secret).to_vec(), secret.to_vec()],
    )?;
    let (public, secret): (Vec<u8>, Option<Vec<u8>>) =
        conn.query_row("SELECT public, secret FROM keys WHERE id = 1", [], |r| Ok((r.get(0)?, r.get(1)?)))?;
    let to32 = |v: &[u8]| -> [u8; 32] {
        let mut a = [0u8; 32];
        a.copy_from_slice(&v[..32.min(v.len())]);
        a
    };
    Ok((to32(&public), secret.as_deref().map(to32)))
}
