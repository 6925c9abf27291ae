//! The tickets sent by e-mail: one row a try (person, address, when, sent or refused and
//! why), so that a run that stopped goes on where it was and a person is mailed once. A
//! purge deletes them (they hold addresses).

use chrono::{DateTime, Utc};
use rusqlite::params;

use super::Store;
use crate::clock::to_db;
use crate::error::Result;

impl Store {
    /// The people whose ticket was mailed (and accepted by the server) already.
    pub fn mailed_people(&self) -> Result<std::collections::HashSet<i64>> {
        let mut st = self.conn.prepare_cached("SELECT DISTINCT attendee_id FROM mails WHERE state = 'sent'")?;
        let rows = st.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }

    /// One try recorded: `refused` is the server's reason when it did not take it.
    pub fn record_mail(&self, attendee_id: i64, address: &str, at: DateTime<Utc>, refused: Option<&str>) -> Result<()> {
        self.conn.execute(
            "INSERT INTO mails(attendee_id, address, at, state, reason) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![attendee_id, address, to_db(at), if refused.is_some() { "failed" } else { "sent" }, refused],
        )?;
        Ok(())
    }
}
