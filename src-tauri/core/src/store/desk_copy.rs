//! A joined machine's copy: the hub's event adopted on a blank store (its identity and public
//! key, never the minting key), and for a desk the entrance as the hub last said it.

use rusqlite::{params, OptionalExtension};

use super::Store;
use crate::error::Result;
use crate::ticket::Verifier;
use crate::venue::{EntranceCopy, EventCopy, PairingError};

impl Store {
    /// Whether nothing was ever registered or scanned here (a machine may join only then).
    pub fn is_blank(&self) -> Result<bool> {
        let n: i64 = self.conn.query_row("SELECT (SELECT COUNT(*) FROM attendees) + (SELECT COUNT(*) FROM scans)", [], |r| r.get(0))?;
        Ok(n == 0)
    }

    /// Becomes a copy of the hub's event: its identity, its public key (this store's own
    /// keys are erased: a desk never mints), its programme.
    pub fn adopt(&mut self, copy: &EventCopy) -> Result<()> {
        if !self.is_blank()? {
            return Err(PairingError::NotEmpty.into());
        }
        let public = data_encoding::HEXLOWER
            .decode(copy.public_key.as_bytes())
            .ok()
            .filter(|k| k.len() == 32)
            .ok_or_else(|| PairingError::Damaged("clé publique / public key".into()))?;
        // The hub's event, checked as any pack is: a damaged copy changes nothing here.
        let pack = copy.pack.clone().check("poste central / hub", &|_| None)?;
        self.write_tx(|tx| {
            tx.execute("UPDATE event SET uid = ?1 WHERE id = 1", params![copy.uid])?;
            tx.execute("UPDATE keys SET public = ?1, secret = NULL WHERE id = 1", params![public])?;
            super::event::write_pack_tx(tx, &pack)
        })?;
        let mut key = [0u8; 32];
        key.copy_from_slice(&public);
        self.verifier = Verifier::new(&key, &copy.uid);
        self.minter = None;
        self.event = pack.event;
        self.event_uid = copy.uid.clone();
        Ok(())
    }

    /// Brings the desk's copy up to the hub's: people, tickets (revocations included),
    /// standing check-ins. A check-in this desk made alone and has not uploaded yet stays.
    pub fn apply_copy(&mut self, copy: &EntranceCopy) -> Result<()> {
        self.write_tx(|tx| {
            let waiting: i64 = tx.query_row("SELECT COUNT(*) FROM outbox WHERE acked_at IS NULL", [], |r| r.get(0))?;
            for p in &copy.people {
                tx.prepare_cached(
                    "INSERT INTO attendees(id, name, email, organisation, category, source, created_at, note, attention) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
                     ON CONFLICT(id) DO UPDATE SET name = excluded.name, email = excluded.email, organisation = excluded.organisation,
                       category = excluded.category, source = excluded.source, note = excluded.note, attention = excluded.attention",
                )?
                .execute(params![p.id, p.name, p.email, p.organisation, p.category, p.source, p.created_at, p.note, p.attention])?;
                let text = super::attendees::search_line(&p.name, p.organisation.as_deref(), p.email.as_deref());
                tx.prepare_cached("DELETE FROM attendee_search WHERE rowid = ?1")?.execute(params![p.id])?;
                tx.prepare_cached("INSERT INTO attendee_search(rowid, text) VALUES (?1, ?2)")?.execute(params![p.id, text])?;
            }
            for t in &copy.tickets {
                tx.prepare_cached(
                    "INSERT INTO tickets(code, attendee_id, signed, created_at, revoked_at) VALUES (?1, ?2, ?3, ?4, ?5)
                     ON CONFLICT(code) DO UPDATE SET attendee_id = excluded.attendee_id, revoked_at = excluded.revoked_at",
                )?
                .execute(params![t.code, t.attendee_id, t.signed, t.created_at, t.revoked_at])?;
            }
            for c in &copy.checkins {
                let local: Option<i64> = tx
                    .prepare_cached("SELECT id FROM checkins WHERE attendee_id = ?1 AND undone_at IS NULL")?
                    .query_row(params![c.attendee_id], |r| r.get(0))
                    .optional()?;
                match (&c.standing, local) {
                    (Some((at, desk)), None) => {
                        tx.prepare_cached("INSERT INTO checkins(attendee_id, desk, at, method, out_at) VALUES (?1, ?2, ?3, 'scan', ?4)")?
                            .execute(params![c.attendee_id, desk, at, c.out_at])?;
                    }
                    // In or out, as the hub has it; unless this desk's own moves wait to be
                    // uploaded.
                    (Some(_), Some(id)) if waiting == 0 => {
                        tx.prepare_cached("UPDATE checkins SET out_at = ?2 WHERE id = ?1 AND out_at IS NOT ?2")?.execute(params![id, c.out_at])?;
                    }
                    // Undone on the hub; unless this desk's own admissions wait to be uploaded.
                    (None, Some(id)) if waiting == 0 => {
                        tx.execute("UPDATE checkins SET undone_at = checkins.at, undone_desk = 'hub' WHERE id = ?1", params![id])?;
                    }
                    _ => {}
                }
            }
            // Walk-ins this desk registered alone, now known to the hub under its own id
            // (their ticket moved to it): the provisional copy goes.
            let orphans: Vec<i64> = tx
                .prepare("SELECT id FROM attendees WHERE id < 0 AND NOT EXISTS (SELECT 1 FROM tickets t WHERE t.attendee_id = attendees.id)")?
                .query_map([], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            for id in orphans {
                tx.execute("UPDATE scans SET attendee_id = NULL WHERE attendee_id = ?1", params![id])?;
                tx.execute("DELETE FROM checkins WHERE attendee_id = ?1", params![id])?;
                tx.execute("DELETE FROM attendee_search WHERE rowid = ?1", params![id])?;
                tx.execute("DELETE FROM attendees WHERE id = ?1", params![id])?;
            }
            Ok(())
        })
    }
}
