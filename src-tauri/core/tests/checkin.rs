use bluehats_core::attendee::{Category, NewAttendee, Source};
use bluehats_core::verdict::{RecordKind, VerdictKind};
use bluehats_core::verdict::Verdict;
use bluehats_core::{demo, KioskError, Store};
use chrono::Duration;

use super::{paris, store};

fn helene() -> NewAttendee {
    NewAttendee {
        name: "Hélène Quéruel".into(),
        email: Some("helene@exemple.invalid".into()),
        organisation: Some("Mairie de Villefleurie".into()),
        category: Category::public_agent(),
    }
}

#[test]
fn first_scan_admits_then_already_admitted_names_time_and_desk() {
    let (_d, mut s) = store();
    let a = s.add_attendee(&helene(), Source::Manual, paris("08:30")).unwrap();
    let code = a.code.clone().unwrap();
    let first = s.scan(&code, "Entrée A", paris("09:02")).unwrap();
    assert!(matches!(&first.verdict, Verdict::Admitted { person } if person.name == "Hélène Quéruel"));
    let again = s.scan(&code, "Entrée B", paris("09:10")).unwrap();
    match again.verdict {
        Verdict::AlreadyAdmitted { first_at, first_desk, .. } => {
            assert_eq!(first_at, paris("09:02"));
            assert_eq!(first_desk, "Entrée A");
        }
        v => panic!("{v:?}"),
    }
    assert_eq!(s.stats().unwrap().admitted, 1);
    assert_eq!(s.stats().unwrap().scans, 2, "every attempt is recorded");
}

#[test]
fn a_double_send_within_three_seconds_repeats_the_first_verdict() {
    let (_d, mut s) = store();
    let code = s.add_attendee(&helene(), Source::Manual, paris("08:30")).unwrap().code.unwrap();
    let t = paris("09:00");
    s.scan(&code, "A", t).unwrap();
    let twice = s.scan(&code, "A", t + Duration::milliseconds(400)).unwrap();
    assert!(twice.repeat);
    assert_eq!(twice.verdict.kind(), VerdictKind::Admitted, "no false alarm for a scanner that sends twice");
    // Another desk, or later, is a real second scan.
    assert_eq!(s.scan(&code, "B", t + Duration::seconds(1)).unwrap().verdict.kind(), VerdictKind::AlreadyAdmitted);
    assert_eq!(s.scan(&code, "A", t + Duration::seconds(4)).unwrap().verdict.kind(), VerdictKind::AlreadyAdmitted);
}

#[test]
fn the_repeat_rule_follows_the_running_scanner_not_the_desk_name() {
    let (d, mut a) = store();
    let code = a.add_attendee(&helene(), Source::Manual, paris("08:30")).unwrap().code.unwrap();
    // A second process (or machine) left with the same default desk name scans a copy of
    // the same QR a second later: a real second scan, not a double send.
    let mut b = Store::open_dir(d.path()).unwrap();
    let t = paris("09:00");
    assert_eq!(a.scan(&code, "Entrée A", t).unwrap().verdict.kind(), VerdictKind::Admitted);
    let copy = b.scan(&code, "Entrée A", t + Duration::seconds(1)).unwrap();
    assert_eq!((copy.verdict.kind(), copy.repeat), (VerdictKind::AlreadyAdmitted, false));
    // After an undo, a rescan within 3 s admits for real: green means stored.
    let id = copy.verdict.person().unwrap().id;
    a.undo_checkin(id, "Entrée A", t + Duration::seconds(2)).unwrap();
    let again = a.scan(&code, "Entrée A", t + Duration::milliseconds(2500)).unwrap();
    assert_eq!((again.verdict.kind(), again.repeat), (VerdictKind::Admitted, false));
    assert_eq!(a.admitted_count().unwrap(), 1, "the person is in, on disk");
}

#[test]
fn a_cancelled_ticket_does_not_get_in_by_name_nor_as_a_walk_in() {
    let (_d, mut s) = store();
    let a = s.add_attendee(&helene(), Source::Manual, paris("08:30")).unwrap();
    assert!(s.revoke(a.code.as_deref().unwrap(), paris("08:45")).unwrap());
    // "I lost my QR": found by name, the volunteer clicks "let in".
    let found = s.search("helene", 10).unwrap();
    assert_eq!(found[0].revoked_at, Some(paris("08:45")), "search shows the ticket is cancelled");
    let by_hand = s.manual_checkin(a.id, "A", paris("09:00")).unwrap();
    assert_eq!(by_hand.verdict.kind(), VerdictKind::Revoked);
    // Registering again on the spot with the same e-mail is the same person.
    let (who, walk_in) = s.walk_in(&helene(), "A", paris("09:01")).unwrap();
    assert_eq!((who.id, walk_in.verdict.kind()), (a.id, VerdictKind::Revoked));
    assert_eq!(s.admitted_count().unwrap(), 0);
    assert_eq!(s.stats().unwrap().registered, 1, "no second person created");
}

#[test]
fn forged_unknown_malformed_and_revoked() {
    let (_d, mut s) = store();
    let code = s.add_attendee(&helene(), Source::Manual, paris("08:30")).unwrap().code.unwrap();
    // Change one character of the signature part: the signature no longer verifies.
    let mut forged: Vec<char> = code.chars().collect();
    let i = forged.len() - 5;
    forged[i] = if forged[i] == 'A' { 'B' } else { 'A' };
    let forged: String = forged.into_iter().collect();
    assert_eq!(s.scan(&forged, "A", paris("09:00")).unwrap().verdict, Verdict::Forged);
    // A code signed by another event's key is forged too.
    let (_d2, mut other) = store();
    let foreign = other.add_attendee(&helene(), Source::Manual, paris("08:30")).unwrap().code.unwrap();
    assert_eq!(s.scan(&foreign, "A", paris("09:00")).unwrap().verdict, Verdict::Forged);
    assert_eq!(s.scan("4006381333931", "A", paris("09:00")).unwrap().verdict, Verdict::Unknown);
    assert_eq!(s.scan("DROP TABLE attendees; --", "A", paris("09:00")).unwrap().verdict.kind(), VerdictKind::Malformed);
    assert!(s.revoke(&code, paris("09:01")).unwrap());
    assert_eq!(s.scan(&code, "A", paris("09:02")).unwrap().verdict.kind(), VerdictKind::Revoked);
    assert_eq!(s.stats().unwrap().scans, 5);
}

#[test]
fn undo_keeps_the_record_and_lets_the_person_in_again() {
    let (_d, mut s) = store();
    let a = s.add_attendee(&helene(), Source::Manual, paris("08:30")).unwrap();
    s.scan(a.code.as_deref().unwrap(), "A", paris("09:00")).unwrap();
    s.undo_checkin(a.id, "A", paris("09:01")).unwrap();
    assert_eq!(s.attendee(a.id).unwrap().checked_in_at, None);
    assert!(matches!(s.undo_checkin(a.id, "A", paris("09:02")), Err(KioskError::NothingToUndo)));
    assert_eq!(s.scan(a.code.as_deref().unwrap(), "A", paris("09:05")).unwrap().verdict.kind(), VerdictKind::Admitted);
    let history = s.recent_scans(None, 10).unwrap();
    assert!(history.iter().any(|r| r.verdict == RecordKind::Undone), "the undo is recorded");
}

#[test]
fn search_ignores_accents_and_case_and_manual_checkin_is_recorded() {
    let (_d, mut s) = store();
    s.add_attendees(&demo::attendees(300), Source::Demo, paris("08:00")).unwrap();
    let found = s.search("helene", 20).unwrap();
    assert!(!found.is_empty());
    assert!(found.iter().all(|a| bluehats_core::search::fold(&a.name).contains("helene")));
    assert_eq!(s.search("HÉLÈNE quer", 20).unwrap()[0].name, "Hélène Quéruel");
    assert!(!s.search("villefleurie", 20).unwrap().is_empty(), "organisation is searched");
    assert_eq!(s.search("helene.queruel0", 5).unwrap().len(), 1, "e-mail is searched");
    assert!(s.search("\"*)(", 5).unwrap().is_empty(), "search syntax cannot be injected");
    let who = &found[0];
    let out = s.manual_checkin(who.id, "A", paris("09:00")).unwrap();
    assert_eq!(out.verdict.kind(), VerdictKind::Admitted);
    assert_eq!(s.manual_checkin(who.id, "A", paris("09:01")).unwrap().verdict.kind(), VerdictKind::AlreadyAdmitted);
}

#[test]
fn walk_in_is_registered_admitted_and_has_a_ticket() {
    let (_d, mut s) = store();
    let (a, out) = s
        .walk_in(&NewAttendee { name: "  Zoé   Lavoûte ".into(), email: None, organisation: None, category: Category::citizen() }, "A", paris("10:00"))
        .unwrap();
    assert_eq!(a.name, "Zoé Lavoûte");
    assert_eq!(a.source, Source::WalkIn);
    assert!(a.code.as_deref().unwrap().starts_with("BH1."));
    assert_eq!(out.verdict.kind(), VerdictKind::Admitted);
    assert_eq!(s.scan(a.code.as_deref().unwrap(), "A", paris("10:01")).unwrap().verdict.kind(), VerdictKind::AlreadyAdmitted);
    let bad = s.walk_in(&NewAttendee { name: " ".into(), email: None, organisation: None, category: Category::other() }, "A", paris("10:02"));
    assert!(bad.unwrap_err().to_string().contains("invalid name"));
}

#[test]
fn a_desk_with_only_the_public_key_verifies_but_cannot_mint() {
    let (_d, mut s) = store();
    let code = s.add_attendee(&helene(), Source::Manual, paris("08:30")).unwrap().code.unwrap();
    s.forget_signing_key().unwrap();
    assert_eq!(s.scan(&code, "A", paris("09:00")).unwrap().verdict.kind(), VerdictKind::Admitted);
    assert!(matches!(s.add_attendee(&helene(), Source::Manual, paris("09:00")), Err(KioskError::NoSigningKey)));
}

#[test]
fn state_survives_reopening_and_a_newer_store_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let code = {
        let mut s = Store::open_dir(dir.path()).unwrap();
        let code = s.add_attendee(&helene(), Source::Manual, paris("08:30")).unwrap().code.unwrap();
        s.scan(&code, "A", paris("09:00")).unwrap();
        code
    };
    let mut s = Store::open_dir(dir.path()).unwrap();
    assert_eq!(s.scan(&code, "A", paris("09:30")).unwrap().verdict.kind(), VerdictKind::AlreadyAdmitted);
    drop(s);
    let conn = rusqlite::Connection::open(dir.path().join("event.sqlite")).unwrap();
    conn.pragma_update(None, "user_version", 99).unwrap();
    drop(conn);
    let err = Store::open_dir(dir.path()).err().unwrap();
    assert!(matches!(err, KioskError::StoreTooNew { found: 99, .. }));
    assert!(err.to_string().contains("newer BlueHats Kiosk"));
}

#[test]
fn times_are_stored_in_utc() {
    let (_d, mut s) = store();
    let code = s.add_attendee(&helene(), Source::Manual, paris("08:30")).unwrap().code.unwrap();
    s.scan(&code, "A", paris("09:00")).unwrap();
    let row = &s.recent_scans(None, 1).unwrap()[0];
    assert_eq!(bluehats_core::clock::to_db(row.at), "2021-11-09T08:00:00.000Z", "9:00 in Paris is 8:00 UTC in November");
    assert_eq!(s.event().local_hm(row.at), "09:00");
}

/// What a scanner set up as a US keyboard types on a French AZERTY machine.
fn as_azerty(us: &str) -> String {
    us.chars()
        .map(|c| match c {
            'A' => 'Q',
            'Q' => 'A',
            'Z' => 'W',
            'W' => 'Z',
            'M' => '?',
            '1' => '&',
            '2' => 'é',
            '3' => '"',
            '4' => '\'',
            '5' => '(',
            '6' => '-',
            '7' => 'è',
            '8' => '_',
            '9' => 'ç',
            '0' => 'à',
            '.' => ':',
            c => c,
        })
        .collect()
}

#[test]
fn a_us_keyboard_scanner_on_an_azerty_machine_still_admits() {
    let (_d, mut s) = store();
    let code = s.add_attendee(&helene(), Source::Manual, paris("08:30")).unwrap().code.unwrap();
    let typed = as_azerty(&code);
    assert_ne!(typed, code);
    assert_eq!(s.scan(&typed, "A", paris("09:00")).unwrap().verdict.kind(), VerdictKind::Malformed, "as typed, it is not a ticket");
    let o = s.scan_typed(&typed, Some(&code), "A", paris("09:01")).unwrap();
    assert_eq!(o.verdict.kind(), VerdictKind::Admitted);
    assert_eq!(o.code, code, "the ticket's real code is recorded");
    // A code that is right as typed is never replaced by its US reading.
    let (_d2, mut s2) = store();
    let a = s2.add_attendee(&helene(), Source::Manual, paris("08:30")).unwrap();
    let c = a.code.unwrap();
    assert_eq!(s2.scan_typed(&c, Some("QWERTY123"), "A", paris("09:01")).unwrap().code, c);
}

#[test]
fn a_store_busy_past_the_timeout_says_so_and_stores_nothing() {
    let (d, mut s) = store();
    let code = s.add_attendee(&helene(), Source::Manual, paris("08:30")).unwrap().code.unwrap();
    // Another process holds the write lock (a long import).
    let other = rusqlite::Connection::open(d.path().join("event.sqlite")).unwrap();
    other.execute_batch("BEGIN IMMEDIATE").unwrap();
    let err = s.scan(&code, "A", paris("09:00")).unwrap_err();
    assert_eq!(err.code(), "busy");
    assert!(err.to_string().contains("réessayez") && err.to_string().contains("try again"), "{err}");
    other.execute_batch("ROLLBACK").unwrap();
    assert_eq!(s.scan(&code, "A", paris("09:01")).unwrap().verdict.kind(), VerdictKind::Admitted, "then it works");
}

#[test]
fn a_word_is_not_a_ticket_but_a_listed_word_is() {
    let (_d, mut s) = store();
    let o = s.scan("bonjour", "A", paris("09:00")).unwrap();
    assert_eq!(o.verdict.kind(), VerdictKind::Malformed, "CE N'EST PAS UN BILLET, not BILLET INCONNU");
    assert!(o.code.starts_with("non-billet:"));
    assert_eq!(s.scan("1234567890123", "A", paris("09:01")).unwrap().verdict.kind(), VerdictKind::Unknown);
}
