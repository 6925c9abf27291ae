//! Schema migrations, versioned in code. `user_version` is the number applied.

use rusqlite::Connection;

use crate::error::{KioskError, Result};

/// The name search's index: words folded (accents, case), a prefix index for one letter,
/// contentless (`contentless_delete`: a person's line can be replaced and deleted).
macro_rules! search_table {
    () => {
        "CREATE VIRTUAL TABLE attendee_search USING fts5(
            text, tokenize = 'unicode61 remove_diacritics 2', prefix = '1', content = '', contentless_delete = 1
        );"
    };
}

const MIGRATIONS: &[&str] = &[
    // 1: event, keys, attendees, tickets, scans, check-ins.
    r#"
    CREATE TABLE event (id INTEGER PRIMARY KEY CHECK (id = 1), uid TEXT NOT NULL, data TEXT NOT NULL);
    CREATE TABLE keys (id INTEGER PRIMARY KEY CHECK (id = 1), public BLOB NOT NULL, secret BLOB);
    CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    CREATE TABLE attendees (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        email TEXT,
        organisation TEXT,
        category TEXT NOT NULL,
        source TEXT NOT NULL,
        created_at TEXT NOT NULL
    );
    CREATE INDEX attendees_email ON attendees(lower(email));
    CREATE VIRTUAL TABLE attendee_search USING fts5(
        text, tokenize = 'unicode61 remove_diacritics 2', prefix = '1 2 3'
    );
    CREATE TABLE tickets (
        id INTEGER PRIMARY KEY,
        code TEXT NOT NULL UNIQUE,
        attendee_id INTEGER NOT NULL REFERENCES attendees(id),
        signed INTEGER NOT NULL,
        created_at TEXT NOT NULL,
        revoked_at TEXT
    );
    CREATE INDEX tickets_attendee ON tickets(attendee_id);
    CREATE TABLE scans (
        id INTEGER PRIMARY KEY,
        code TEXT NOT NULL,
        desk TEXT NOT NULL,
        at TEXT NOT NULL,
        verdict TEXT NOT NULL,
        attendee_id INTEGER REFERENCES attendees(id),
        repeat INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX scans_desk_code ON scans(desk, code, at);
    CREATE TABLE checkins (
        id INTEGER PRIMARY KEY,
        attendee_id INTEGER NOT NULL REFERENCES attendees(id),
        scan_id INTEGER REFERENCES scans(id),
        desk TEXT NOT NULL,
        at TEXT NOT NULL,
        method TEXT NOT NULL,
        undone_at TEXT,
        undone_desk TEXT
    );
    -- At most one standing check-in per person: the database itself admits once.
    CREATE UNIQUE INDEX checkins_once ON checkins(attendee_id) WHERE undone_at IS NULL;
    "#,
    // 2: the programme and its live state.
    r#"
    CREATE TABLE blocks (
        id INTEGER PRIMARY KEY,
        position INTEGER NOT NULL,
        starts TEXT NOT NULL,
        ends TEXT NOT NULL,
        title TEXT NOT NULL,
        kind TEXT NOT NULL
    );
    CREATE TABLE talks (
        id INTEGER PRIMARY KEY,
        block_id INTEGER NOT NULL REFERENCES blocks(id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        title TEXT NOT NULL,
        speakers TEXT NOT NULL,
        remote INTEGER NOT NULL DEFAULT 0,
        links TEXT NOT NULL,
        minutes INTEGER
    );
    CREATE TABLE live (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        talk_id INTEGER REFERENCES talks(id) ON DELETE SET NULL,
        started_at TEXT,
        ended_block_id INTEGER REFERENCES blocks(id) ON DELETE SET NULL,
        ended_at TEXT,
        delay_minutes INTEGER NOT NULL DEFAULT 0,
        announcement TEXT
    );
    INSERT INTO live(id) VALUES (1);
    "#,
    // 3: the scanning session (one per running desk) that the repeat rule is keyed by:
    // two processes given the same desk name are still two scanners.
    r#"
    ALTER TABLE scans ADD COLUMN session TEXT NOT NULL DEFAULT '';
    CREATE INDEX scans_session_code ON scans(session, code, at);
    "#,
    // 4: privacy: every export of personal data logged; what a purge keeps (anonymous
    // arrivals, the count of people registered).
    r#"
    CREATE TABLE exports_log (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        desk TEXT NOT NULL,
        what TEXT NOT NULL,
        place TEXT NOT NULL,
        people INTEGER NOT NULL
    );
    CREATE TABLE arrivals_kept (at TEXT NOT NULL, category TEXT NOT NULL, desk TEXT NOT NULL, method TEXT NOT NULL);
    CREATE TABLE purges (at TEXT NOT NULL, desk TEXT NOT NULL, registered INTEGER NOT NULL, walk_ins INTEGER NOT NULL);
    "#,
    // 5: the room-full state of the live programme.
    "ALTER TABLE live ADD COLUMN room_full INTEGER NOT NULL DEFAULT 0;",
    // 6: the venue network. On a hub: the machines that joined, one-time pairing tokens,
    // each desk's uploaded entries keyed by (machine, sequence), the conflicts of a split,
    // and a journal of what changed at the entrance (pushed to desks). On a desk: its
    // append-only log of entries (the outbox).
    r#"
    CREATE TABLE machines (
        id INTEGER PRIMARY KEY,
        role TEXT NOT NULL,
        name TEXT NOT NULL,
        credential TEXT NOT NULL UNIQUE,
        paired_at TEXT NOT NULL,
        last_seen TEXT
    );
    CREATE TABLE pairing_tokens (token TEXT PRIMARY KEY, role TEXT NOT NULL, expires_at TEXT NOT NULL, used_at TEXT);
    CREATE TABLE desk_entries (
        machine_id INTEGER NOT NULL REFERENCES machines(id),
        session TEXT NOT NULL,
        seq INTEGER NOT NULL,
        outcome TEXT NOT NULL,
        walk_in TEXT,
        conflict INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (machine_id, session, seq)
    );
    CREATE TABLE conflicts (
        id INTEGER PRIMARY KEY,
        attendee_id INTEGER NOT NULL,
        scan_id INTEGER NOT NULL,
        desk TEXT NOT NULL,
        at TEXT NOT NULL,
        first_desk TEXT NOT NULL,
        first_at TEXT NOT NULL
    );
    CREATE TABLE outbox (seq INTEGER PRIMARY KEY, at TEXT NOT NULL, session TEXT NOT NULL, action TEXT NOT NULL, offline TEXT, outcome TEXT, acked_at TEXT);
    CREATE TABLE changes (id INTEGER PRIMARY KEY AUTOINCREMENT, tbl TEXT NOT NULL, row_id INTEGER NOT NULL);
    CREATE TRIGGER attendee_added AFTER INSERT ON attendees BEGIN INSERT INTO changes(tbl, row_id) VALUES ('attendee', NEW.id); END;
    CREATE TRIGGER attendee_edited AFTER UPDATE ON attendees BEGIN INSERT INTO changes(tbl, row_id) VALUES ('attendee', NEW.id); END;
    CREATE TRIGGER ticket_added AFTER INSERT ON tickets BEGIN INSERT INTO changes(tbl, row_id) VALUES ('ticket', NEW.id); END;
    CREATE TRIGGER ticket_edited AFTER UPDATE ON tickets BEGIN INSERT INTO changes(tbl, row_id) VALUES ('ticket', NEW.id); END;
    CREATE TRIGGER checkin_added AFTER INSERT ON checkins BEGIN INSERT INTO changes(tbl, row_id) VALUES ('checkin', NEW.attendee_id); END;
    CREATE TRIGGER checkin_edited AFTER UPDATE ON checkins BEGIN INSERT INTO changes(tbl, row_id) VALUES ('checkin', NEW.attendee_id); END;
    "#,
    // 7: any event: its rooms (each block in one, each with its live state), the screen
    // positions of its venue with the way to each room and a plan, its logo. The event's
    // single room and live row of earlier stores move in (see `event::upgrade_legacy`).
    r#"
    CREATE TABLE rooms (id INTEGER PRIMARY KEY, ordinal INTEGER NOT NULL, name TEXT NOT NULL, capacity INTEGER);
    CREATE TABLE positions (
        id INTEGER PRIMARY KEY,
        ordinal INTEGER NOT NULL,
        key TEXT NOT NULL UNIQUE,
        name TEXT NOT NULL,
        name_en TEXT NOT NULL DEFAULT '',
        plan_mime TEXT,
        plan BLOB,
        plan_sha TEXT,
        plan_width INTEGER,
        plan_height INTEGER,
        plan_text REAL,
        here_x REAL,
        here_y REAL
    );
    CREATE TABLE ways (
        position_id INTEGER NOT NULL REFERENCES positions(id) ON DELETE CASCADE,
        room_id INTEGER NOT NULL REFERENCES rooms(id) ON DELETE CASCADE,
        arrow TEXT NOT NULL,
        fr TEXT NOT NULL,
        en TEXT NOT NULL,
        PRIMARY KEY (position_id, room_id)
    );
    ALTER TABLE blocks ADD COLUMN room_id INTEGER REFERENCES rooms(id) ON DELETE CASCADE;
    CREATE INDEX blocks_room ON blocks(room_id, starts);
    CREATE TABLE room_live (
        room_id INTEGER PRIMARY KEY REFERENCES rooms(id) ON DELETE CASCADE,
        talk_id INTEGER REFERENCES talks(id) ON DELETE SET NULL,
        started_at TEXT,
        ended_block_id INTEGER REFERENCES blocks(id) ON DELETE SET NULL,
        ended_at TEXT,
        delay_minutes INTEGER NOT NULL DEFAULT 0,
        room_full INTEGER NOT NULL DEFAULT 0
    );
    ALTER TABLE event ADD COLUMN logo_mime TEXT;
    ALTER TABLE event ADD COLUMN logo BLOB;
    ALTER TABLE event ADD COLUMN logo_sha TEXT;
    ALTER TABLE event ADD COLUMN logo_width INTEGER;
    ALTER TABLE event ADD COLUMN logo_height INTEGER;
    ALTER TABLE event ADD COLUMN logo_text REAL;
    ALTER TABLE machines ADD COLUMN screen_position TEXT;
    ALTER TABLE machines ADD COLUMN screen_view TEXT;
    "#,
    // 8: a hostile or busy venue network. Every desk entry answered on its own (a refusal
    // kept with its reason), conflicts of several kinds, an undo that reaches the hub; the
    // machines' venue time of joining (offline entries before it are flagged), revocation
    // and expiry of their credentials; the purge told to every machine.
    r#"
    ALTER TABLE desk_entries ADD COLUMN at TEXT;
    ALTER TABLE desk_entries ADD COLUMN what TEXT;
    ALTER TABLE desk_entries ADD COLUMN refused TEXT;
    ALTER TABLE desk_entries ADD COLUMN conflict_kind TEXT;
    ALTER TABLE conflicts ADD COLUMN kind TEXT NOT NULL DEFAULT 'twice';
    ALTER TABLE outbox ADD COLUMN refused TEXT;
    ALTER TABLE machines ADD COLUMN joined_venue_at TEXT;
    ALTER TABLE machines ADD COLUMN revoked_at TEXT;
    ALTER TABLE machines ADD COLUMN purge_told_at TEXT;
    ALTER TABLE pairing_tokens ADD COLUMN machine_id INTEGER;
    CREATE TABLE written_files (path TEXT PRIMARY KEY, what TEXT NOT NULL, at TEXT NOT NULL);
    "#,
    // 9: the door as real venues run it: a note for the volunteer on a person, the flag
    // that makes the door call the organisers, the gate each entry came through, and when a
    // person who came in went out (null: inside; their first entry stays the figures').
    r#"
    ALTER TABLE attendees ADD COLUMN note TEXT;
    ALTER TABLE attendees ADD COLUMN attention INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE checkins ADD COLUMN gate TEXT;
    ALTER TABLE checkins ADD COLUMN out_at TEXT;
    "#,
    // 10: a room's capacity: what the door does once it is full, the margin below which it
    // opens again; the room each entry counts for; the room's full state as the door's
    // counts latched it (`auto_full`) and the organiser's "open" that wins over it; people
    // going in and out, anonymous (the figures over time survive a purge); the gate and
    // room of the arrivals a purge keeps.
    r#"
    ALTER TABLE rooms ADD COLUMN full_policy TEXT NOT NULL DEFAULT 'warn';
    ALTER TABLE rooms ADD COLUMN full_margin INTEGER;
    ALTER TABLE checkins ADD COLUMN room TEXT;
    CREATE INDEX checkins_inside ON checkins(room) WHERE undone_at IS NULL AND out_at IS NULL;
    ALTER TABLE room_live ADD COLUMN auto_full INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE room_live ADD COLUMN room_open INTEGER NOT NULL DEFAULT 0;
    CREATE TABLE movements (id INTEGER PRIMARY KEY, at TEXT NOT NULL, room TEXT, delta INTEGER NOT NULL);
    ALTER TABLE arrivals_kept ADD COLUMN gate TEXT;
    ALTER TABLE arrivals_kept ADD COLUMN room TEXT;
    "#,
    // Badges to print at this desk: what each shows, its state, the print system's last word.
    r#"
    CREATE TABLE print_jobs (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        attendee_id INTEGER NOT NULL,
        name TEXT NOT NULL,
        organisation TEXT,
        category TEXT NOT NULL,
        code TEXT NOT NULL,
        state TEXT NOT NULL,
        tries INTEGER NOT NULL DEFAULT 0,
        reason TEXT,
        sent_at TEXT,
        system_id TEXT
    );
    CREATE INDEX print_jobs_waiting ON print_jobs(id) WHERE state = 'waiting';
    CREATE TABLE mails (id INTEGER PRIMARY KEY, attendee_id INTEGER NOT NULL, address TEXT NOT NULL, at TEXT NOT NULL, state TEXT NOT NULL, reason TEXT);
    "#,
    // The name search as an index only: no copy of the text (the search reads row ids, the
    // people's table has the names) and one prefix index, not three (two letters and more
    // are quick from the main index). A 100,000-row import wrote it in 0.37 s, now 0.21 s.
    concat!(
        "DROP TABLE attendee_search;",
        search_table!(),
        "INSERT INTO attendee_search(rowid, text)
           SELECT id, name || ' ' || COALESCE(organisation, '') || ' ' || COALESCE(email, '') FROM attendees;"
    ),
];

/// The journal's triggers for new people and tickets, as created by migration 6: a large
/// import writes its lines of the journal in one statement instead (see `import_rows`).
pub const NEW_ROW_TRIGGERS: &str = "
    CREATE TRIGGER attendee_added AFTER INSERT ON attendees BEGIN INSERT INTO changes(tbl, row_id) VALUES ('attendee', NEW.id); END;
    CREATE TRIGGER ticket_added AFTER INSERT ON tickets BEGIN INSERT INTO changes(tbl, row_id) VALUES ('ticket', NEW.id); END;";

/// The name search's index, as the last migration made it (the purge recreates it empty).
pub const SEARCH_TABLE: &str = search_table!();

#[cfg(test)]
mod tests {
    /// The triggers a large import puts back are the ones the migration made.
    #[test]
    fn the_import_puts_back_the_migrations_triggers() {
        for line in super::NEW_ROW_TRIGGERS.lines().map(str::trim).filter(|l| !l.is_empty()) {
            assert!(super::MIGRATIONS.iter().any(|m| m.contains(line)), "{line}");
        }
    }
}

pub const CURRENT: i64 = MIGRATIONS.len() as i64;

pub fn migrate(conn: &mut Connection) -> Result<()> {
    let found: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    if found > CURRENT {
        return Err(KioskError::StoreTooNew { found, known: CURRENT });
    }
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(found as usize) {
        let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        // Another process may have migrated while we waited for the lock.
        let now: i64 = tx.pragma_query_value(None, "user_version", |r| r.get(0))?;
        if now > i as i64 {
            tx.commit()?;
            continue;
        }
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", i as i64 + 1)?;
        tx.commit()?;
    }
    Ok(())
}

#[cfg(test)]
mod search_migration {
    use rusqlite::Connection;

    /// A store made before the search became an index only keeps finding its people.
    #[test]
    fn a_store_of_the_old_search_keeps_finding_its_people() {
        let mut conn = Connection::open_in_memory().unwrap();
        let before = super::MIGRATIONS.len() - 1;
        for sql in &super::MIGRATIONS[..before] {
            conn.execute_batch(sql).unwrap();
        }
        conn.pragma_update(None, "user_version", before as i64).unwrap();
        conn.execute_batch(
            "INSERT INTO attendees(id, name, email, organisation, category, source, created_at)
               VALUES (7, 'Hélène Dupré', 'helene@exemple.fr', 'Mairie de Villefleurie', 'citoyen', 'import', '2021-11-09T08:00:00Z');
             INSERT INTO attendee_search(rowid, text) VALUES (7, 'Hélène Dupré Mairie de Villefleurie helene@exemple.fr');",
        )
        .unwrap();
        super::migrate(&mut conn).unwrap();
        let found = |q: &str| -> Vec<i64> {
            conn.prepare("SELECT rowid FROM attendee_search WHERE attendee_search MATCH ?1").unwrap().query_map([q], |r| r.get(0)).unwrap().map(Result::unwrap).collect()
        };
        assert_eq!(found("\"hel\"* \"villefl\"*"), [7]);
        assert_eq!(found("\"d\"*"), [7]);
        assert!(found("\"zoe\"*").is_empty());
    }
}
