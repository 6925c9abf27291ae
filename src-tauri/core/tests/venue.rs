//! The venue network's rules, with the wire replaced by a direct call (the shell's HTTPS
//! link is tested with real processes in the app's tests): pairing, exactly-once
//! admissions, deciding alone when the hub is out of reach, idempotent uploads, conflicts.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use bluehats_core::attendee::{Category, NewAttendee};
use bluehats_core::clock::VenueClock;
use bluehats_core::service::{HubLink, Kiosk, Options};
use bluehats_core::venue::{Action, Answer, Applied, ConflictKind, EntranceCopy, Entry, Machine, PairingError, Role};
use bluehats_core::verdict::VerdictKind;
use bluehats_core::KioskError;
use chrono::Duration;

use crate::paris;

/// The hub, reached directly; `down` makes it unreachable (a cable pulled). Every call
/// shows the machine's credential, as over the network.
struct Wire {
    hub: Arc<Kiosk>,
    machine: Machine,
    credential: String,
    down: AtomicBool,
}

impl Wire {
    fn check(&self) -> Result<Machine, PairingError> {
        if self.down.load(Ordering::SeqCst) {
            return Err(PairingError::Unreachable("test: câble débranché / cable pulled".into()));
        }
        Ok(self.hub.machine(&self.credential)?)
    }
}

impl HubLink for Wire {
    fn send(&self, e: &Entry) -> Result<Applied, PairingError> {
        let m = self.check()?;
        Ok(self.hub.apply_entries(&m, std::slice::from_ref(e))?.remove(0))
    }
    fn upload(&self, entries: &[Entry]) -> Result<Vec<Applied>, PairingError> {
        let m = self.check()?;
        Ok(self.hub.apply_entries(&m, entries)?)
    }
    fn entrance(&self, since: i64) -> Result<EntranceCopy, PairingError> {
        let m = self.check()?;
        Ok(self.hub.entrance_copy(&m, since)?)
    }
}

fn kiosk(dir: &std::path::Path, demo: bool) -> Kiosk {
    let clock = VenueClock::rehearsal(paris("09:00"), 1.0);
    Kiosk::open(Options { dir: dir.to_path_buf(), clock, desk: None, demo }).unwrap()
}

/// A desk joined to the hub: its own store, the hub's event, a copy of the entrance.
fn join(hub: &Arc<Kiosk>, name: &str) -> (tempfile::TempDir, Kiosk, Arc<Wire>) {
    let dir = tempfile::tempdir().unwrap();
    let desk = kiosk(dir.path(), false);
    let pairing = hub.pair(Role::Desk, vec!["127.0.0.1".into()], 1, &"0".repeat(64), Duration::minutes(10)).unwrap();
    let welcome = hub.redeem(&pairing.token, name).unwrap();
    desk.join(&welcome, &pairing).unwrap();
    let machine = hub.machine(&welcome.credential).unwrap();
    let wire = Arc::new(Wire { hub: hub.clone(), machine, credential: welcome.credential.clone(), down: AtomicBool::new(false) });
    desk.attach(wire.clone());
    desk.refresh_copy().unwrap();
    (dir, desk, wire)
}

fn codes(hub: &Kiosk) -> Vec<String> {
    hub.list_attendees().unwrap().into_iter().filter_map(|a| a.code).collect()
}

#[test]
fn a_pairing_code_works_once_and_not_after_its_expiry() {
    let dir = tempfile::tempdir().unwrap();
    let hub = kiosk(dir.path(), true);
    let p = hub.pair(Role::Desk, vec!["127.0.0.1".into()], 1, &"0".repeat(64), Duration::minutes(10)).unwrap();
    let w = hub.redeem(&p.token, "Entrée B").unwrap();
    assert_eq!(w.name, "Entrée B");
    // Its first call with the credential: the join succeeded, the code is spent.
    hub.machine(&w.credential).unwrap();
    let again = hub.redeem(&p.token, "Entrée C").unwrap_err();
    assert!(matches!(again, KioskError::Pairing(PairingError::UsedOrUnknown)), "{again}");
    let old = hub.pair(Role::Desk, vec!["127.0.0.1".into()], 1, &"0".repeat(64), Duration::seconds(-1)).unwrap();
    assert!(matches!(hub.redeem(&old.token, "x"), Err(KioskError::Pairing(PairingError::Expired))));
    assert!(matches!(hub.redeem("forged-token-0000", "x"), Err(KioskError::Pairing(PairingError::UsedOrUnknown))));
    assert!(matches!(hub.machine("not-a-credential"), Err(KioskError::Pairing(PairingError::UnknownMachine))));
    // The welcome carries the public key only: a desk can verify, never mint.
    assert_eq!(w.event.public_key.len(), 64);
    let report = hub.venue_report().unwrap();
    assert_eq!(report.machines.len(), 1);
    assert_eq!(report.machines[0].role, Role::Desk);
}

#[test]
fn a_screen_gets_nothing_personal_and_admits_nobody() {
    let dir = tempfile::tempdir().unwrap();
    let hub = kiosk(dir.path(), true);
    let p = hub.pair(Role::Screen, vec!["127.0.0.1".into()], 1, &"0".repeat(64), Duration::minutes(10)).unwrap();
    let w = hub.redeem(&p.token, "Écran hall").unwrap();
    let m = hub.machine(&w.credential).unwrap();
    assert!(hub.entrance_copy(&m, 0).is_err());
    let json = serde_json::to_string(&w).unwrap();
    for a in hub.list_attendees().unwrap() {
        assert!(!json.contains(&a.name), "a screen's welcome names {}", a.name);
    }
}

#[test]
fn desks_admit_each_person_once_through_the_hub() {
    let dir = tempfile::tempdir().unwrap();
    let hub = Arc::new(kiosk(dir.path(), true));
    let (_a, desk_a, _) = join(&hub, "Entrée A");
    let (_b, desk_b, _) = join(&hub, "Entrée B");
    let code = codes(&hub).remove(0);
    // The desk's copy verifies the hub's signed codes.
    let first = desk_a.scan(&code, None, None).unwrap();
    assert_eq!(first.verdict.kind(), VerdictKind::Admitted);
    assert!(!first.offline);
    let second = desk_b.scan(&code, None, None).unwrap();
    assert_eq!(second.verdict.kind(), VerdictKind::AlreadyAdmitted, "{second:?}");
    assert_eq!(hub.counters().unwrap().admitted, 1);
    assert_eq!(desk_b.link_status().unwrap().waiting, 0);
    // A walk-in at a connected desk gets a ticket minted by the hub (signed), known to both.
    let w = desk_b.walk_in(&NewAttendee { name: "Noé Sur-Place".into(), email: None, organisation: None, category: Category::citizen() }).unwrap();
    let wcode = w.attendee.code.clone().unwrap();
    assert!(wcode.starts_with("BH1."), "{wcode}");
    assert!(!w.outcome.offline);
    assert_eq!(hub.scan(&wcode, None, None).unwrap().verdict.kind(), VerdictKind::AlreadyAdmitted);
    desk_a.refresh_copy().unwrap();
    assert_eq!(desk_a.search("Sur-Place").unwrap().len(), 1, "the other desk's copy knows them");
    // A forged code is refused by the desk's copy too.
    // One character of the signature changed (its last character carries padding bits,
    // and is 'A' one time in sixteen: a changed middle one always changes the signature).
    let mut forged: Vec<char> = code.chars().collect();
    forged[20] = if forged[20] == 'A' { 'B' } else { 'A' };
    let forged: String = forged.into_iter().collect();
    assert_ne!(desk_a.scan(&forged, None, None).unwrap().verdict.kind(), VerdictKind::Admitted);
}

#[test]
fn cut_off_a_desk_admits_alone_then_uploads_once_and_flags_the_double_entries() {
    let dir = tempfile::tempdir().unwrap();
    let hub = Arc::new(kiosk(dir.path(), true));
    let (_a, desk_a, wire_a) = join(&hub, "Entrée A");
    let (_b, desk_b, _) = join(&hub, "Entrée B");
    let codes = codes(&hub);
    wire_a.down.store(true, Ordering::SeqCst);
    // Desk A alone: three people in, one of them also let in at desk B meanwhile.
    for c in &codes[..3] {
        let o = desk_a.scan(c, None, None).unwrap();
        assert!(o.offline);
        assert_eq!(o.verdict.kind(), VerdictKind::Admitted);
    }
    let status = desk_a.link_status().unwrap();
    assert!(!status.online);
    assert_eq!(status.waiting, 3);
    assert_eq!(desk_b.scan(&codes[2], None, None).unwrap().verdict.kind(), VerdictKind::Admitted);
    // A walk-in registered alone gets a code unique by construction, a name cleaned by the
    // desk's rule, and is found by name at once.
    let w = desk_a.walk_in(&NewAttendee { name: "  Zoé   Hors-Ligne ".into(), email: None, organisation: None, category: Category::citizen() }).unwrap();
    let wcode = w.attendee.code.clone().unwrap();
    assert!(wcode.starts_with("WI-"), "{wcode}");
    assert_eq!(w.attendee.name, "Zoé Hors-Ligne");
    let found = desk_a.search("hors lig").unwrap();
    assert_eq!(found.iter().map(|a| a.name.as_str()).collect::<Vec<_>>(), ["Zoé Hors-Ligne"], "the desk finds whom it just registered");
    assert!(desk_a.sync().is_err(), "the hub is still out of reach");
    wire_a.down.store(false, Ordering::SeqCst);
    let report = desk_a.sync().unwrap();
    assert_eq!((report.uploaded, report.conflicts, report.waiting), (4, 1, 0));
    // Three people from the codes, and the walk-in: four in, the double entry flagged.
    assert_eq!(hub.counters().unwrap().admitted, 4);
    let conflicts = hub.venue_report().unwrap().conflicts;
    assert_eq!(conflicts.len(), 1);
    assert_eq!((conflicts[0].desk.as_str(), conflicts[0].first_desk.as_str()), ("Entrée A", "Entrée B"));
    // The walk-in is known to the hub by the desk's code, and admitted.
    assert_eq!(hub.scan(&wcode, None, None).unwrap().verdict.kind(), VerdictKind::AlreadyAdmitted);
    // A retry of everything (an answer lost) counts nothing twice.
    let again = wire_a.upload(&all_entries(&desk_a)).unwrap();
    assert!(again.iter().all(|a| a.duplicate));
    assert_eq!(hub.counters().unwrap().admitted, 4);
    assert_eq!(hub.venue_report().unwrap().conflicts.len(), 1);
    // The desk's copy now holds the hub's walk-in, once.
    let found = desk_a.search("Hors-Ligne").unwrap();
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].id > 0);
}

/// Every entry the desk ever logged, as a retry would send them.
fn all_entries(desk: &Kiosk) -> Vec<Entry> {
    desk.outbox_entries().unwrap()
}

/// A wire whose requests reach the hub late: the desk gives up waiting (and decides alone),
/// the request stays in flight and is delivered afterwards, as a partition that heals
/// delivers what the kernel kept in its send buffer.
struct Late {
    hub: Arc<Kiosk>,
    machine: Machine,
    in_flight: std::sync::Mutex<Vec<Entry>>,
}

impl HubLink for Late {
    fn send(&self, e: &Entry) -> Result<Applied, PairingError> {
        self.in_flight.lock().unwrap().push(e.clone());
        Err(PairingError::Unreachable("test: no answer in time".into()))
    }
    fn upload(&self, entries: &[Entry]) -> Result<Vec<Applied>, PairingError> {
        Ok(self.hub.apply_entries(&self.machine, entries)?)
    }
    fn entrance(&self, since: i64) -> Result<EntranceCopy, PairingError> {
        Ok(self.hub.entrance_copy(&self.machine, since)?)
    }
}

#[test]
fn a_double_entry_is_flagged_whether_the_late_copy_or_the_upload_comes_first() {
    for late_first in [true, false] {
        let dir = tempfile::tempdir().unwrap();
        let hub = Arc::new(kiosk(dir.path(), true));
        let (_d, desk, wire) = join(&hub, "Entrée B");
        let late = Arc::new(Late { hub: hub.clone(), machine: wire.machine.clone(), in_flight: Default::default() });
        desk.attach(late.clone());
        let code = codes(&hub)[0].clone();
        // The desk waits in vain and lets the person in alone…
        let o = desk.scan(&code, None, None).unwrap();
        assert!(o.offline && o.verdict.kind() == VerdictKind::Admitted);
        // …while the hub's own door lets them in too.
        assert_eq!(hub.scan(&code, None, None).unwrap().verdict.kind(), VerdictKind::Admitted);
        let copy = late.in_flight.lock().unwrap().remove(0);
        let deliver = || hub.apply_entries(&wire.machine, std::slice::from_ref(&copy)).unwrap();
        if late_first {
            assert!(deliver()[0].conflict.is_none(), "the copy alone looks like an ordinary 'already in'");
            desk.sync().unwrap();
        } else {
            desk.sync().unwrap();
            deliver();
        }
        let conflicts = hub.venue_report().unwrap().conflicts;
        assert_eq!(conflicts.len(), 1, "late copy first: {late_first}: {conflicts:?}");
    }
}

fn person(name: &str, email: Option<&str>) -> NewAttendee {
    NewAttendee { name: name.into(), email: email.map(str::to_string), organisation: None, category: Category::citizen() }
}

#[test]
fn a_refused_entry_never_holds_back_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    let hub = Arc::new(kiosk(dir.path(), true));
    let (_a, desk_a, wire_a) = join(&hub, "Entrée A");
    let (_b, desk_b, _) = join(&hub, "Entrée B");
    let codes = codes(&hub);
    wire_a.down.store(true, Ordering::SeqCst);
    // A mistyped e-mail is said at the desk, and nothing enters the log.
    let bad = desk_a.walk_in(&person("Zoé Martin", Some("zoe.martin@"))).unwrap_err();
    assert!(matches!(bad, KioskError::InvalidField { .. }), "{bad}");
    assert_eq!(desk_a.link_status().unwrap().waiting, 0);
    // Later offline admissions reach the hub…
    assert!(desk_a.scan(&codes[0], None, None).unwrap().offline);
    wire_a.down.store(false, Ordering::SeqCst);
    let report = desk_a.sync().unwrap();
    assert_eq!((report.uploaded, report.refused, report.waiting), (1, 0, 0));
    // …so the other door knows the person is in.
    assert_eq!(desk_b.scan(&codes[0], None, None).unwrap().verdict.kind(), VerdictKind::AlreadyAdmitted);
    // A batch with an entry the hub cannot apply (a desk of an older version, a hostile
    // one): each entry answered on its own, the good ones applied, the bad one kept.
    let entries = vec![
        Entry { seq: 9001, at: chrono::Utc::now(), session: "s".into(), action: Action::Scan { code: codes[1].clone(), as_us: None, gate: None, exit: false }, offline: None },
        Entry { seq: 9002, at: chrono::Utc::now(), session: "s".into(), action: Action::Manual { attendee_id: 999_999 }, offline: None },
        Entry { seq: 9003, at: chrono::Utc::now(), session: "s".into(), action: Action::WalkIn { person: person("Léa", Some("pas-un-courriel")), code: None }, offline: None },
        Entry { seq: 9004, at: chrono::Utc::now(), session: "s".into(), action: Action::Scan { code: codes[2].clone(), as_us: None, gate: None, exit: false }, offline: None },
    ];
    let answers = wire_a.upload(&entries).unwrap();
    let kinds: Vec<&str> = answers.iter().map(|a| match &a.answer { Answer::Verdict { .. } => "verdict", Answer::Refused { .. } => "refused", Answer::Undone { .. } => "undone" }).collect();
    assert_eq!(kinds, ["verdict", "refused", "refused", "verdict"]);
    assert_eq!(hub.counters().unwrap().admitted, 3);
    let refused = hub.venue_report().unwrap().refused;
    assert_eq!(refused.len(), 2, "{refused:?}");
    assert!(refused.iter().all(|r| r.machine == "Entrée A"));
    assert!(refused[1].reason.contains("courriel"), "{}", refused[1].reason);
    // Sent again: the same answers, nothing counted twice.
    assert!(wire_a.upload(&entries).unwrap().iter().all(|a| a.duplicate));
    assert_eq!(hub.venue_report().unwrap().refused.len(), 2);
}

#[test]
fn an_undo_at_a_joined_desk_reaches_the_hub_online_or_alone() {
    let dir = tempfile::tempdir().unwrap();
    let hub = Arc::new(kiosk(dir.path(), true));
    let (_a, desk_a, wire_a) = join(&hub, "Entrée A");
    let (_b, desk_b, _) = join(&hub, "Entrée B");
    let codes = codes(&hub);
    // Online: the hub lets the person out, and the other door lets them in again.
    let o = desk_a.scan(&codes[0], None, None).unwrap();
    let id = o.verdict.person().unwrap().id;
    desk_a.undo_checkin(id).unwrap();
    assert_eq!(hub.counters().unwrap().admitted, 0, "the hub counts nobody in");
    assert_eq!(desk_a.counters().unwrap().admitted, 0);
    assert_eq!(desk_b.scan(&codes[0], None, None).unwrap().verdict.kind(), VerdictKind::Admitted, "the other door lets them in");
    // Alone: admitted and undone while cut off; the upload leaves them out on the hub.
    wire_a.down.store(true, Ordering::SeqCst);
    let q = desk_a.scan(&codes[1], None, None).unwrap();
    assert!(q.offline);
    desk_a.undo_checkin(q.verdict.person().unwrap().id).unwrap();
    // And one let in alone while another door let them in: undoing the desk's own
    // admission must not let out the person the other door admitted.
    let r = desk_a.scan(&codes[2], None, None).unwrap();
    assert_eq!(desk_b.scan(&codes[2], None, None).unwrap().verdict.kind(), VerdictKind::Admitted);
    desk_a.undo_checkin(r.verdict.person().unwrap().id).unwrap();
    wire_a.down.store(false, Ordering::SeqCst);
    let report = desk_a.sync().unwrap();
    assert_eq!(report.waiting, 0);
    let people = hub.list_attendees().unwrap();
    let in_hub = |id: i64| people.iter().find(|a| a.id == id).unwrap().checked_in_at.is_some();
    assert!(!in_hub(q.verdict.person().unwrap().id), "undone alone, out on the hub too");
    assert!(in_hub(r.verdict.person().unwrap().id), "the other door's admission stands");
    assert_eq!(hub.counters().unwrap().admitted, 2);
    // The undo is an entry like the others: sent again, it changes nothing.
    assert!(wire_a.upload(&all_entries(&desk_a)).unwrap().iter().all(|a| a.duplicate));
    assert_eq!(hub.counters().unwrap().admitted, 2);
}

#[test]
fn the_hub_checks_what_an_offline_desk_says() {
    let dir = tempfile::tempdir().unwrap();
    let hub = Arc::new(kiosk(dir.path(), true));
    let (_a, _desk, wire) = join(&hub, "Entrée A");
    let codes = codes(&hub);
    let m = wire.machine.id;
    let at = |s: &str| chrono::DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&chrono::Utc);
    let entry = |seq: i64, when: chrono::DateTime<chrono::Utc>, action: Action| Entry { seq, at: when, session: "s".into(), action, offline: Some(VerdictKind::Admitted) };
    let answers = wire
        .upload(&[
            entry(1, at("1999-12-31T23:00:00Z"), Action::Scan { code: codes[0].clone(), as_us: None, gate: None, exit: false }),
            entry(2, paris("09:01"), Action::WalkIn { person: person("Jo Libre", None), code: Some("FREE-PASS-42".into()) }),
            entry(3, paris("09:01"), Action::WalkIn { person: person("Jo Libre", None), code: Some(format!("WI-{}-3", m + 1)) }),
            entry(4, paris("09:02"), Action::WalkIn { person: person("Jo Libre", None), code: Some(format!("WI-{m}-4")) }),
        ])
        .unwrap();
    // Dated 1999: admitted, at the hub's time, and flagged.
    let first = answers[0].outcome().unwrap();
    assert_eq!(first.verdict.kind(), VerdictKind::Admitted);
    assert_eq!(answers[0].conflict, Some(ConflictKind::Clock));
    assert!(first.at > paris("08:00"), "kept at the hub's time, not {}", first.at);
    // Codes that are not this machine's own are refused; its own is taken.
    assert!(answers[1].refused().is_some_and(|r| r.contains("FREE-PASS-42")), "{:?}", answers[1]);
    assert!(answers[2].refused().is_some(), "another machine's code");
    assert_eq!(answers[3].walk_in.as_ref().map(|w| w.code.clone()), Some(format!("WI-{m}-4")));
    let report = hub.venue_report().unwrap();
    assert_eq!(report.conflicts.iter().map(|c| c.kind).collect::<Vec<_>>(), [ConflictKind::Clock]);
    assert_eq!(report.refused.len(), 2);
    assert_eq!(hub.scan("FREE-PASS-42", None, None).unwrap().verdict.kind(), VerdictKind::Unknown);
}

#[test]
fn a_ticket_revoked_during_a_split_and_let_in_alone_is_flagged() {
    let dir = tempfile::tempdir().unwrap();
    let hub = Arc::new(kiosk(dir.path(), true));
    let (_a, desk, wire) = join(&hub, "Entrée A");
    let code = codes(&hub).remove(0);
    wire.down.store(true, Ordering::SeqCst);
    assert!(hub.revoke_ticket(&code).unwrap());
    let o = desk.scan(&code, None, None).unwrap();
    assert!(o.offline && o.verdict.kind() == VerdictKind::Admitted, "the desk's copy did not know yet");
    wire.down.store(false, Ordering::SeqCst);
    let report = desk.sync().unwrap();
    assert_eq!(report.conflicts, 1);
    let conflicts = hub.venue_report().unwrap().conflicts;
    assert_eq!(conflicts.iter().map(|c| c.kind).collect::<Vec<_>>(), [ConflictKind::Revoked]);
    assert_eq!(conflicts[0].desk, "Entrée A");
    // The copy now knows the cancellation: the next scan is refused at the desk.
    assert_eq!(desk.scan(&code, None, None).unwrap().verdict.kind(), VerdictKind::Revoked);
}

#[test]
fn the_organiser_pin_is_the_events_and_its_wait_survives_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let hub = Arc::new(kiosk(dir.path(), true));
    // Joined before the hub's organiser chose a PIN: nobody may choose one at the desk.
    let (desk_dir, desk, _) = join(&hub, "Entrée A");
    let s = desk.lock_status().unwrap();
    assert!(!s.has_pin && !s.can_choose, "{s:?}");
    assert!(matches!(desk.choose_pin("0000"), Err(KioskError::Refused(_))));
    assert!(desk.set_pin("0000").is_err(), "not even from the command line");
    assert!(desk.require_organiser().is_err());
    // The hub's PIN reaches the desk with its copy; the desk asks it.
    hub.set_pin("2468").unwrap();
    desk.refresh_copy().unwrap();
    assert!(desk.lock_status().unwrap().has_pin);
    assert!(matches!(desk.unlock("1357"), Err(KioskError::WrongPin { .. })));
    // The wait after a wrong PIN is in the store: a restart does not reset it.
    drop(desk);
    let again = kiosk(desk_dir.path(), false);
    assert!(again.lock_status().unwrap().retry_in > 0, "the wait survives a restart");
    assert!(matches!(again.unlock("2468"), Err(KioskError::TooManyTries { .. })));
    std::thread::sleep(std::time::Duration::from_millis(1100));
    assert!(again.unlock("2468").unwrap().unlocked);
    // A machine of its own still chooses its first PIN.
    let own = tempfile::tempdir().unwrap();
    let alone = kiosk(own.path(), false);
    assert!(alone.lock_status().unwrap().can_choose);
    alone.choose_pin("9999").unwrap();
}

#[test]
fn a_removed_desk_is_refused_at_once_erases_its_copy_and_says_why() {
    let dir = tempfile::tempdir().unwrap();
    let hub = Arc::new(kiosk(dir.path(), true));
    let (desk_dir, desk, wire) = join(&hub, "Entrée A");
    let code = codes(&hub).remove(0);
    assert_eq!(desk.list_attendees().unwrap().len(), 300, "a desk's copy holds everyone");
    // A copy of the desk's folder (its credential is in it), taken before the removal.
    let copy_dir = tempfile::tempdir().unwrap();
    for f in std::fs::read_dir(desk_dir.path()).unwrap().flatten() {
        std::fs::copy(f.path(), copy_dir.path().join(f.file_name())).unwrap();
    }
    let removed = hub.revoke_machine("entree a").unwrap();
    assert!(removed.revoked_at.is_some());
    assert!(matches!(hub.machine(&wire.credential), Err(KioskError::Pairing(PairingError::Revoked))));
    // The desk's next scan hears it: nobody let in, its people erased, the reason shown.
    let e = desk.scan(&code, None, None).unwrap_err();
    assert!(matches!(e, KioskError::Pairing(PairingError::Revoked)), "{e}");
    assert!(desk.list_attendees().unwrap().is_empty(), "the removed desk's copy is erased");
    let status = desk.link_status().unwrap();
    assert_eq!(status.ended.as_deref(), Some("machine_revoked"), "{status:?}");
    assert!(!status.online);
    assert!(desk.scan(&code, None, None).is_err(), "and it stays closed");
    assert!(desk.sync().is_err());
    // The copy of its folder holds the same credential: refused as well.
    let copied = kiosk(copy_dir.path(), false);
    let w2 = Arc::new(Wire { hub: hub.clone(), machine: wire.machine.clone(), credential: wire.credential.clone(), down: AtomicBool::new(false) });
    copied.attach(w2);
    assert!(matches!(copied.refresh_copy(), Err(KioskError::Pairing(PairingError::Revoked))));
    assert!(copied.list_attendees().unwrap().is_empty());
    // The hub's list shows it removed; unknown names are said.
    let list = hub.machines().unwrap();
    assert!(list[0].revoked_at.is_some());
    assert!(matches!(hub.revoke_machine("Entrée Z"), Err(KioskError::InvalidField { .. })));
}

#[test]
fn a_credential_ends_after_the_events_last_day() {
    let dir = tempfile::tempdir().unwrap();
    let hub = Arc::new(kiosk(dir.path(), true));
    let (_d, _desk, wire) = join(&hub, "Entrée A");
    let m = hub.machines().unwrap().remove(0);
    // The default day is long past: a rehearsal gets a day from its joining.
    assert_eq!(m.expires_at, Some(m.paired_at + Duration::hours(24)));
    // An event to come: the credential ends the morning after its last day.
    hub.update_event(&bluehats_core::service::EventEdit { first_day: Some("2031-06-03".into()), days: Some(2), ..Default::default() }).unwrap();
    let m = hub.machines().unwrap().remove(0);
    assert_eq!(m.expires_at.unwrap().with_timezone(&chrono_tz::Europe::Paris).to_rfc3339(), "2031-06-05T05:00:00+02:00");
    assert!(hub.machine(&wire.credential).is_ok());
}

#[test]
fn a_pairing_code_is_spent_only_when_the_join_succeeded() {
    let dir = tempfile::tempdir().unwrap();
    let hub = Arc::new(kiosk(dir.path(), true));
    // A folder that holds an event cannot join: said before anything is asked of the hub.
    let full = tempfile::tempdir().unwrap();
    let busy = kiosk(full.path(), true);
    assert!(matches!(busy.ready_to_join(), Err(KioskError::Pairing(PairingError::NotEmpty))));
    let p = hub.pair(Role::Desk, vec!["127.0.0.1".into()], 1, &"0".repeat(64), Duration::minutes(10)).unwrap();
    // The hub answered but the machine never called with its credential (its join failed
    // after): the same code works again, and the first credential is forgotten.
    let first = hub.redeem(&p.token, "Entrée A").unwrap();
    let second = hub.redeem(&p.token, "Entrée A").unwrap();
    assert!(matches!(hub.machine(&first.credential), Err(KioskError::Pairing(PairingError::UnknownMachine))));
    hub.machine(&second.credential).unwrap();
    // Once the machine called, the code is spent for good.
    assert!(matches!(hub.redeem(&p.token, "Entrée B"), Err(KioskError::Pairing(PairingError::UsedOrUnknown))));
    assert_eq!(hub.machines().unwrap().len(), 1);
}

#[test]
fn the_hubs_purge_reaches_every_machine_and_every_file_with_names() {
    let dir = tempfile::tempdir().unwrap();
    let hub = Arc::new(kiosk(dir.path(), true));
    let (_a, desk_a, wire_a) = join(&hub, "=HYPERLINK(\"http://x\")");
    let (_b, desk_b, _) = join(&hub, "Entrée B");
    let codes = codes(&hub);
    // A double entry during a split, so that conflits.csv names someone.
    wire_a.down.store(true, Ordering::SeqCst);
    desk_a.scan(&codes[0], None, None).unwrap();
    desk_b.scan(&codes[0], None, None).unwrap();
    wire_a.down.store(false, Ordering::SeqCst);
    desk_a.sync().unwrap();
    let figures = tempfile::tempdir().unwrap();
    let report = hub.export_figures(Some(figures.path())).unwrap();
    let conflicts = std::fs::read_to_string(report.conflicts.as_ref().unwrap()).unwrap();
    assert!(conflicts.contains("'=HYPERLINK"), "a desk's name is defused: {conflicts}");
    assert!(!conflicts.contains(",=HYPERLINK"), "{conflicts}");
    // Tickets exported into a folder of the organiser's, beside a file of theirs.
    let mine = tempfile::tempdir().unwrap();
    std::fs::write(mine.path().join("notes.txt"), "à garder / keep").unwrap();
    hub.export_tickets(Some(mine.path()), Some(&mine.path().join("badges.pdf"))).unwrap();
    let purged = hub.purge(bluehats_core::service::PURGE_WORD).unwrap();
    assert!(purged.files_deleted >= 603, "{purged:?}");
    assert!(!report.conflicts.as_ref().unwrap().exists(), "conflits.csv goes with the purge");
    assert!(figures.path().join("arrivees.csv").exists(), "the anonymous figures stay");
    let left: Vec<String> = std::fs::read_dir(mine.path()).unwrap().flatten().map(|e| e.file_name().to_string_lossy().into_owned()).collect();
    assert_eq!(left, ["notes.txt"], "the organiser's own file stays, nothing of the export");
    // Desk A hears it at its next contact and erases its copy; desk B has not called yet.
    assert!(matches!(desk_a.refresh_copy(), Err(KioskError::Pairing(PairingError::Purged))));
    assert!(desk_a.list_attendees().unwrap().is_empty());
    let told: Vec<(String, bool)> = hub.venue_report().unwrap().machines.iter().map(|m| (m.name.clone(), m.purge_told_at.is_some())).collect();
    assert_eq!(told, [("=HYPERLINK(\"http://x\")".to_string(), true), ("Entrée B".to_string(), false)]);
    // No credential returns personal data after the purge, told or not.
    assert!(matches!(hub.machine(&wire_a.credential), Err(KioskError::Pairing(PairingError::Purged))));
    assert!(desk_b.scan(&codes[1], None, None).is_err());
    assert!(desk_b.list_attendees().unwrap().is_empty(), "desk B erased at its first contact");
}

/// A wire on which, while a scan waits for the hub, the desk's own background upload goes
/// out first and carries that entry as it then stood (not yet decided), and the copy
/// cannot be refreshed: the scan then gives up and decides alone.
struct Racing {
    hub: Arc<Kiosk>,
    machine: Machine,
    desk: std::sync::Mutex<Option<Arc<Kiosk>>>,
    racing: AtomicBool,
}

impl HubLink for Racing {
    fn send(&self, _e: &Entry) -> Result<Applied, PairingError> {
        let desk = self.desk.lock().unwrap().clone().unwrap();
        self.racing.store(true, Ordering::SeqCst);
        let _ = desk.sync();
        self.racing.store(false, Ordering::SeqCst);
        Err(PairingError::Unreachable("test: the answer never came".into()))
    }
    fn upload(&self, entries: &[Entry]) -> Result<Vec<Applied>, PairingError> {
        Ok(self.hub.apply_entries(&self.machine, entries)?)
    }
    fn entrance(&self, since: i64) -> Result<EntranceCopy, PairingError> {
        if self.racing.load(Ordering::SeqCst) {
            return Err(PairingError::Unreachable("test: no copy now".into()));
        }
        Ok(self.hub.entrance_copy(&self.machine, since)?)
    }
}

#[test]
fn an_upload_racing_a_scan_does_not_hide_what_the_desk_then_decided_alone() {
    let dir = tempfile::tempdir().unwrap();
    let hub = Arc::new(kiosk(dir.path(), true));
    let (_d, desk, wire) = join(&hub, "Entrée B");
    let desk = Arc::new(desk);
    let racing = Arc::new(Racing { hub: hub.clone(), machine: wire.machine.clone(), desk: Default::default(), racing: AtomicBool::new(false) });
    *racing.desk.lock().unwrap() = Some(desk.clone());
    desk.attach(racing.clone());
    let code = codes(&hub)[0].clone();
    // The hub's own door lets the person in; the desk, not told yet, lets them in alone.
    assert_eq!(hub.scan(&code, None, None).unwrap().verdict.kind(), VerdictKind::Admitted);
    let o = desk.scan(&code, None, None).unwrap();
    assert!(o.offline && o.verdict.kind() == VerdictKind::Admitted);
    // The racing upload carried the entry undecided; what the desk decided still waits…
    assert_eq!(desk.link_status().unwrap().waiting, 1, "decided alone after it went out: waiting again");
    // …and, once uploaded, the double entry is flagged.
    desk.attach(wire.clone());
    desk.sync().unwrap();
    assert_eq!(hub.venue_report().unwrap().conflicts.len(), 1);
}

#[test]
fn the_events_categories_come_from_its_file_and_reach_every_door() {
    use bluehats_core::service::{CategoryEdit, ImportOptions};
    let dir = tempfile::tempdir().unwrap();
    let hub = Arc::new(kiosk(dir.path(), false));
    let csv = "Nom;Courriel;Catégorie\nAnne Presse;anne@ex.fr;Presse\nBob Orateur;bob@ex.fr;Orateur·rice\nCléo;cleo@ex.fr;Agent public\n";
    let plan = hub.import_attendees(csv.as_bytes(), "inscrits.csv", ImportOptions::default(), &mut |_, _| {}).unwrap();
    assert_eq!((plan.new, plan.bad.len()), (3, 0), "a press row is no longer refused: {:?}", plan.bad);
    assert_eq!(plan.categories_added.iter().map(|d| d.fr.as_str()).collect::<Vec<_>>(), ["Presse", "Orateur·rice"]);
    let keys: Vec<String> = hub.categories().iter().map(|d| d.key.to_string()).collect();
    assert_eq!(keys, ["public_agent", "citizen", "association", "company", "other", "presse", "orateur_rice"], "the five stay, the file's follow");
    // A dry run adds none.
    let dry = hub.import_attendees("Nom;Catégorie\nDan;Bénévole\n".as_bytes(), "b.csv", ImportOptions { dry_run: true, ..Default::default() }, &mut |_, _| {}).unwrap();
    assert_eq!(dry.categories_added.len(), 1);
    assert!(hub.category_named("Bénévole").is_err(), "a dry run stores no category");
    // The organiser names it in English and recolours it; the key, and everyone in it, stay.
    let d = hub.set_category(&CategoryEdit { category: "presse".into(), fr: None, en: Some("Press".into()), colour: Some("#AA3377".into()) }).unwrap();
    assert_eq!((d.fr.as_str(), d.en.as_str(), d.colour.as_str()), ("Presse", "Press", "#aa3377"));
    assert!(hub.set_category(&CategoryEdit { category: "presse".into(), colour: Some("rose".into()), ..Default::default() }).unwrap_err().to_string().contains("rose"));
    let stats = hub.stats().unwrap();
    assert_eq!(stats.registered_by_category.get("presse"), Some(&1));
    // A desk that joins has them, and a change made later reaches it with its copy.
    let (_d, desk, _) = join(&hub, "Entrée presse");
    assert!(desk.categories().iter().any(|d| d.en == "Press"));
    assert!(desk.set_category(&CategoryEdit { category: "VIP".into(), ..Default::default() }).is_err(), "set on the hub only");
    hub.set_category(&CategoryEdit { category: "Bénévole".into(), en: Some("Volunteer".into()), ..Default::default() }).unwrap();
    desk.refresh_copy().unwrap();
    assert_eq!(desk.category_named("Volunteer").unwrap().as_str(), "benevole");
    let anne = desk.search("Anne").unwrap().remove(0);
    assert_eq!(anne.category.as_str(), "presse");
    // The chart's legend names them.
    let code = anne.code.unwrap();
    assert_eq!(desk.scan(&code, None, None).unwrap().verdict.kind(), VerdictKind::Admitted);
    assert!(hub.arrivals_svg().unwrap().contains("Presse / Press"));
}

#[test]
fn a_note_for_the_door_shows_on_the_verdict_at_every_desk_and_a_flag_calls_the_organisers() {
    use bluehats_core::service::ImportOptions;
    let dir = tempfile::tempdir().unwrap();
    let hub = Arc::new(kiosk(dir.path(), false));
    let csv = "Nom;Catégorie;Remarque;Attention\nAda Orateur;Orateur·rice;Remettre le badge orateur;\nBéa Sécurité;;Ne pas laisser entrer seule;oui\nCyril;;;\n";
    let plan = hub.import_attendees(csv.as_bytes(), "inscrits.csv", ImportOptions::default(), &mut |_, _| {}).unwrap();
    assert!(plan.bad.is_empty(), "{:?}", plan.bad);
    let people = hub.list_attendees().unwrap();
    let code = |n: &str| people.iter().find(|a| a.name.starts_with(n)).unwrap().code.clone().unwrap();
    let (_d, desk, wire) = join(&hub, "Entrée A");
    // Through the hub: the note, and the call for the organisers, on an admission.
    let ada = desk.scan(&code("Ada"), None, None).unwrap();
    assert_eq!(ada.verdict.kind(), VerdictKind::Admitted);
    let p = ada.verdict.person().unwrap();
    assert_eq!((p.note.as_deref(), p.attention), (Some("Remettre le badge orateur"), false));
    // Alone: the desk's copy has them too; the scan is recorded all the same.
    wire.down.store(true, Ordering::SeqCst);
    let bea = desk.scan(&code("Béa"), None, None).unwrap();
    assert!(bea.offline);
    assert_eq!(bea.verdict.kind(), VerdictKind::Admitted);
    assert!(bea.verdict.person().unwrap().attention);
    wire.down.store(false, Ordering::SeqCst);
    desk.sync().unwrap();
    assert_eq!(hub.counters().unwrap().admitted, 2, "a person flagged is still let in and counted");
    // Set on the hub, seen at the desk with its next copy; cleaned, bounded; a second import
    // without the column keeps it.
    let cyril = people.iter().find(|a| a.name == "Cyril").unwrap();
    hub.set_note(cyril.id, Some("  Accès   PMR "), false).unwrap();
    assert!(hub.set_note(cyril.id, Some(&"x".repeat(300)), false).is_err());
    assert!(desk.set_note(cyril.id, Some("non"), false).is_err(), "notes are set on the hub");
    hub.import_attendees("Nom\nCyril\n".as_bytes(), "b.csv", ImportOptions::default(), &mut |_, _| {}).unwrap();
    desk.refresh_copy().unwrap();
    let c = desk.scan(&code("Cyril"), None, None).unwrap();
    assert_eq!(c.verdict.person().unwrap().note.as_deref(), Some("Accès PMR"));
    assert!(desk.search("Cyril").unwrap()[0].note.is_some());
    // Nothing of it on a screen's payloads.
    let screen = serde_json::to_string(&hub.screen_model().unwrap()).unwrap();
    assert!(!screen.contains("badge orateur") && !screen.contains("PMR"));
}

#[test]
fn a_press_ticket_is_sent_from_the_main_gate_to_the_press_one_at_every_desk() {
    use bluehats_core::service::ImportOptions;
    use bluehats_core::verdict::Verdict;
    let dir = tempfile::tempdir().unwrap();
    let hub = Arc::new(kiosk(dir.path(), false));
    let csv = "Nom;Catégorie\nAnne Presse;Presse\nBob Public;Agent public\nCléo Presse;Presse\nDan Presse;Presse\n";
    hub.import_attendees(csv.as_bytes(), "inscrits.csv", ImportOptions::default(), &mut |_, _| {}).unwrap();
    hub.set_gate("Entrée principale", &["Agent public".into(), "citizen".into(), "other".into()], None).unwrap();
    hub.set_gate("Orateurs et presse", &["Presse".into()], None).unwrap();
    assert!(hub.set_gate("VIP", &["martien".into()], None).is_err(), "a gate of categories the event has");
    let people = hub.list_attendees().unwrap();
    let code = |n: &str| people.iter().find(|a| a.name.starts_with(n)).unwrap().code.clone().unwrap();
    // The hub's own desk at the main gate.
    hub.stand_at_gate(Some("entree principale")).unwrap();
    let anne = hub.scan(&code("Anne"), None, None).unwrap();
    match &anne.verdict {
        Verdict::WrongGate { person, gates } => {
            assert_eq!(person.name, "Anne Presse");
            assert_eq!(gates, &["Orateurs et presse"]);
        }
        v => panic!("{v:?}"),
    }
    assert_eq!(hub.counters().unwrap().admitted, 0, "not let in, not an entry");
    assert_eq!(hub.scan(&code("Bob"), None, None).unwrap().verdict.kind(), VerdictKind::Admitted);
    assert!(hub.stand_at_gate(Some("Porte de derrière")).is_err());
    // A joined desk at the press gate, through the hub and alone.
    let (_d, desk, wire) = join(&hub, "Presse");
    desk.stand_at_gate(Some("Orateurs et presse")).unwrap();
    assert_eq!(desk.scan(&code("Anne"), None, None).unwrap().verdict.kind(), VerdictKind::Admitted);
    assert_eq!(desk.scan(&code("Bob"), None, None).unwrap().verdict.kind(), VerdictKind::AlreadyAdmitted, "already in comes first");
    wire.down.store(true, Ordering::SeqCst);
    let cleo = desk.scan(&code("Cléo"), None, None).unwrap();
    assert!(cleo.offline);
    assert_eq!(cleo.verdict.kind(), VerdictKind::Admitted);
    // A desk deciding alone at the wrong gate says so too, with its copy's gates.
    let (_d2, main, wire2) = join(&hub, "Principale");
    main.stand_at_gate(Some("Entrée principale")).unwrap();
    wire2.down.store(true, Ordering::SeqCst);
    let dan = main.scan(&code("Dan"), None, None).unwrap();
    assert!(dan.offline);
    assert_eq!(dan.verdict.kind(), VerdictKind::WrongGate);
    wire.down.store(false, Ordering::SeqCst);
    wire2.down.store(false, Ordering::SeqCst);
    desk.sync().unwrap();
    main.sync().unwrap();
    let stats = hub.stats().unwrap();
    assert_eq!(stats.admitted, 3, "Anne, Bob, Cléo; Dan was turned to the press gate");
    assert_eq!(stats.admitted_by_gate.get("Orateurs et presse"), Some(&2));
    assert_eq!(stats.admitted_by_gate.get("Entrée principale"), Some(&1));
    // A gate removed: its desk admits everyone.
    assert!(hub.remove_gate("Entrée principale").unwrap());
    assert_eq!(hub.gate().unwrap(), None);
    assert_eq!(hub.scan(&code("Dan"), None, None).unwrap().verdict.kind(), VerdictKind::Admitted);
}

#[test]
fn a_ticket_sent_to_the_other_gate_and_scanned_there_at_once_is_an_entry_not_a_double_read() {
    use bluehats_core::service::ImportOptions;
    let dir = tempfile::tempdir().unwrap();
    let hub = kiosk(dir.path(), false);
    hub.import_attendees("Nom;Catégorie\nAnne Presse;Presse\n".as_bytes(), "p.csv", ImportOptions::default(), &mut |_, _| {}).unwrap();
    hub.set_gate("Entrée principale", &["other".into()], None).unwrap();
    hub.set_gate("Presse", &["presse".into()], None).unwrap();
    let code = hub.list_attendees().unwrap()[0].code.clone().unwrap();
    hub.stand_at_gate(Some("Entrée principale")).unwrap();
    assert_eq!(hub.scan(&code, None, None).unwrap().verdict.kind(), VerdictKind::WrongGate);
    let twice = hub.scan(&code, None, None).unwrap();
    assert!(twice.repeat && twice.verdict.kind() == VerdictKind::WrongGate, "a double read stays one");
    // Within the scanner's double-read window, the desk moved to the right gate.
    hub.stand_at_gate(Some("Presse")).unwrap();
    let o = hub.scan(&code, None, None).unwrap();
    assert_eq!((o.verdict.kind(), o.repeat), (VerdictKind::Admitted, false));
    assert_eq!(hub.counters().unwrap().admitted, 1, "the entry is recorded");
}

#[test]
fn exits_bring_the_people_inside_down_and_a_person_who_went_out_comes_back_in() {
    let dir = tempfile::tempdir().unwrap();
    let hub = Arc::new(kiosk(dir.path(), true));
    let codes = codes(&hub);
    for c in &codes[..3] {
        assert_eq!(hub.scan(c, None, None).unwrap().verdict.kind(), VerdictKind::Admitted);
    }
    assert_eq!(hub.counters().unwrap().inside, 3);
    let out = hub.exit_scan(&codes[0], None).unwrap();
    assert_eq!(out.verdict.kind(), VerdictKind::Exited);
    assert!(hub.exit_scan(&codes[0], None).unwrap().repeat, "a double read at the exit is one exit");
    assert_eq!(hub.exit_scan(&codes[9], None).unwrap().verdict.kind(), VerdictKind::NotInside, "never came in");
    let c = hub.counters().unwrap();
    assert_eq!((c.admitted, c.inside), (3, 2), "admitted counts each person once; inside goes down");
    // Back in: admitted again, not "already in"; the first entry stays the figures'.
    let back = hub.scan(&codes[0], None, None).unwrap();
    assert_eq!((back.verdict.kind(), back.repeat), (VerdictKind::Admitted, false));
    assert_eq!(hub.scan(&codes[0], None, None).unwrap().verdict.kind(), VerdictKind::Admitted, "a double read");
    let s = hub.stats().unwrap();
    assert_eq!((s.admitted, s.inside), (3, 3));
    assert_eq!(hub.arrivals_chart().unwrap().total, 3);
    // A joined desk at an exit, cut off: it lets people out alone, and the hub hears it.
    let (_d, exit_desk, wire) = join(&hub, "Sortie");
    let (_e, entry_desk, _) = join(&hub, "Entrée B");
    wire.down.store(true, Ordering::SeqCst);
    let alone = exit_desk.exit_scan(&codes[1], None).unwrap();
    assert!(alone.offline);
    assert_eq!(alone.verdict.kind(), VerdictKind::Exited);
    wire.down.store(false, Ordering::SeqCst);
    exit_desk.sync().unwrap();
    assert_eq!(hub.counters().unwrap().inside, 2);
    // The other door lets them back in through the hub, and its copy knows who is out.
    assert_eq!(entry_desk.scan(&codes[1], None, None).unwrap().verdict.kind(), VerdictKind::Admitted);
    assert_eq!(hub.counters().unwrap().inside, 3);
    hub.exit_scan(&codes[2], None).unwrap();
    entry_desk.refresh_copy().unwrap();
    assert_eq!(entry_desk.counters().unwrap().inside, 2, "the desk's copy has who went out");
}

#[test]
fn a_room_at_capacity_turns_salle_complete_on_and_off_by_itself_and_the_door_says_so() {
    use bluehats_core::programme::control::LiveAction;
    use bluehats_core::venue_map::FullPolicy;
    use bluehats_core::verdict::Verdict;
    let dir = tempfile::tempdir().unwrap();
    let hub = Arc::new(kiosk(dir.path(), true));
    let codes = codes(&hub);
    let room = hub.rooms().unwrap()[0].name.clone();
    let full = |k: &Kiosk| k.room_screen(None).unwrap().room_full;
    // Three seats; open again below two.
    let r = hub.set_room_capacity(&room, Some(Some(3)), Some(FullPolicy::Refuse), Some(Some(1))).unwrap();
    assert_eq!(r.reopens_below(), Some(2));
    assert!(hub.set_room_capacity(&room, Some(Some(0)), None, None).is_err(), "a capacity of nobody is a slip");
    assert!(hub.set_room_capacity(&room, None, None, Some(Some(3))).is_err(), "a margin as large as the room");
    for c in &codes[..3] {
        assert_eq!(hub.scan(c, None, None).unwrap().verdict.kind(), VerdictKind::Admitted);
    }
    assert!(full(&hub), "three inside: Salle complète on the signage, by itself");
    assert_eq!(hub.stats().unwrap().rooms_full, [room.clone()]);
    match hub.scan(&codes[3], None, None).unwrap().verdict {
        Verdict::RoomFull { person, room: r } => assert!(!person.name.is_empty() && r == room),
        v => panic!("{v:?}"),
    }
    assert_eq!(hub.counters().unwrap().admitted, 3, "turned away: not an entry");
    // One goes out: 2 inside, not yet below the margin; the strip stays (no flicker).
    hub.exit_scan(&codes[0], None).unwrap();
    assert!(full(&hub));
    assert_eq!(hub.scan(&codes[3], None, None).unwrap().verdict.kind(), VerdictKind::RoomFull);
    hub.exit_scan(&codes[1], None).unwrap();
    assert!(!full(&hub), "one inside, below 3 less 1: open again by itself");
    assert_eq!(hub.scan(&codes[3], None, None).unwrap().verdict.kind(), VerdictKind::Admitted);
    assert_eq!(hub.stats().unwrap().inside_by_room.get(&room), Some(&2));
    // A door that only warns: the fourth is let in, told; the count goes on.
    hub.set_room_capacity(&room, None, Some(FullPolicy::Warn), None).unwrap();
    assert_eq!(hub.scan(&codes[4], None, None).unwrap().verdict.kind(), VerdictKind::Admitted);
    assert!(full(&hub));
    let warned = hub.scan(&codes[5], None, None).unwrap();
    assert_eq!((warned.verdict.kind(), warned.verdict.exit_code()), (VerdictKind::AdmittedRoomFull, 0));
    assert_eq!(hub.counters().unwrap().inside, 4);
    // The organiser's switch wins: opened while the counts say full, the door lets in.
    let s = hub.apply_live(None, &LiveAction::RoomFull { full: false }).unwrap();
    assert!(!s.room_full && !full(&hub));
    assert_eq!(hub.scan(&codes[6], None, None).unwrap().verdict.kind(), VerdictKind::Admitted);
    // Below the margin and full again: the counts show it again (the "open" is forgotten).
    for c in [&codes[2], &codes[3], &codes[4], &codes[5]] {
        hub.exit_scan(c, None).unwrap();
    }
    assert!(!full(&hub));
    for c in [&codes[2], &codes[3]] {
        hub.scan(c, None, None).unwrap();
    }
    assert!(full(&hub), "filled again: full by itself again");
    // And the switch on beats a room with seats left.
    hub.set_room_capacity(&room, Some(Some(50)), None, None).unwrap();
    assert!(!full(&hub), "a larger capacity lifts it at once");
    hub.apply_live(None, &LiveAction::RoomFull { full: true }).unwrap();
    assert!(full(&hub));
    assert_eq!(hub.scan(&codes[7], None, None).unwrap().verdict.kind(), VerdictKind::AdmittedRoomFull);
    hub.apply_live(None, &LiveAction::RoomFull { full: false }).unwrap();
    assert!(!full(&hub));
    // Over time, room by room; anonymous, it outlives a purge.
    let over = hub.stats().unwrap().inside_over_time;
    let (name, series) = &over.rooms[0];
    assert_eq!(name, &room);
    assert_eq!(series.last().unwrap().1, hub.counters().unwrap().inside);
    hub.purge(bluehats_core::service::PURGE_WORD).unwrap();
    assert_eq!(hub.stats().unwrap().inside_over_time, over);
}

#[test]
fn a_gate_that_is_a_rooms_door_counts_its_people_and_moves_them_between_rooms() {
    use bluehats_core::service::ImportOptions;
    let dir = tempfile::tempdir().unwrap();
    let hub = kiosk(dir.path(), false);
    hub.set_rooms(&["Amphi A".into(), "Salle B".into()]).unwrap();
    hub.import_attendees("Nom\nAnne\nBob\nCléo\n".as_bytes(), "p.csv", ImportOptions::default(), &mut |_, _| {}).unwrap();
    hub.set_gate("Porte A", &[], Some("amphi a")).unwrap();
    hub.set_gate("Porte B", &[], Some("Salle B")).unwrap();
    assert!(hub.set_gate("Porte C", &[], Some("Salle C")).is_err(), "a room the event has");
    let code = |i: usize| codes(&hub)[i].clone();
    hub.stand_at_gate(Some("Porte A")).unwrap();
    hub.scan(&code(0), None, None).unwrap();
    hub.scan(&code(1), None, None).unwrap();
    hub.stand_at_gate(Some("Porte B")).unwrap();
    hub.scan(&code(2), None, None).unwrap();
    let inside = hub.stats().unwrap().inside_by_room;
    assert_eq!((inside["Amphi A"], inside["Salle B"]), (2, 1));
    // Anne walks from A to B (a minute later): into B, out of A; still one person admitted.
    hub.set_clock(bluehats_core::service::ClockRequest::Rehearsal { start: "2021-11-09T09:05".into(), speed: 1.0 }).unwrap();
    assert_eq!(hub.scan(&code(0), None, None).unwrap().verdict.kind(), VerdictKind::Admitted);
    let s = hub.stats().unwrap();
    assert_eq!((s.inside_by_room["Amphi A"], s.inside_by_room["Salle B"], s.admitted, s.inside), (1, 2, 3, 3));
    // B's door again, later: she is in already.
    hub.set_clock(bluehats_core::service::ClockRequest::Rehearsal { start: "2021-11-09T09:10".into(), speed: 1.0 }).unwrap();
    assert_eq!(hub.scan(&code(0), None, None).unwrap().verdict.kind(), VerdictKind::AlreadyAdmitted);
    // A room renamed keeps its people.
    hub.set_rooms(&["Amphi A".into(), "Salle Bleue".into()]).unwrap();
    assert_eq!(hub.stats().unwrap().inside_by_room.get("Salle Bleue"), Some(&2));
    // Per-gate entries outlive a purge.
    let gates = hub.stats().unwrap().admitted_by_gate;
    hub.purge(bluehats_core::service::PURGE_WORD).unwrap();
    assert_eq!(hub.stats().unwrap().admitted_by_gate, gates);
}

#[test]
fn a_large_import_on_the_hub_reaches_a_joined_desk_whole() {
    use bluehats_core::service::ImportOptions;
    let dir = tempfile::tempdir().unwrap();
    let hub = Arc::new(kiosk(dir.path(), false));
    let (_d, desk, wire) = join(&hub, "Entrée A");
    // Large enough for the import's bulk journal; half with codes of another system, half
    // minted here.
    let mut csv = String::from("Nom;Courriel;Billet\n");
    for i in 0..1_200 {
        let code = if i % 2 == 0 { format!("PX{i:06}") } else { String::new() };
        csv.push_str(&format!("Personne {i};p{i}@exemple.fr;{code}\n"));
    }
    let plan = hub.import_attendees(csv.as_bytes(), "grand.csv", ImportOptions::default(), &mut |_, _| {}).unwrap();
    assert_eq!((plan.new, plan.updated), (1_200, 0));
    desk.refresh_copy().unwrap();
    // Cut off from the hub, the desk decides on its copy: every one of them is there.
    wire.down.store(true, Ordering::SeqCst);
    let people = hub.list_attendees().unwrap();
    for who in [&people[0], &people[1], &people[1_199]] {
        let v = desk.scan(who.code.as_deref().unwrap(), None, None).unwrap();
        assert!(v.offline);
        assert_eq!(v.verdict.kind(), VerdictKind::Admitted, "{}", who.name);
    }
    assert_eq!(desk.search("Personne 1199").unwrap().len(), 1);
    wire.down.store(false, Ordering::SeqCst);
    desk.sync().unwrap();
    // The same file again changes nothing; a row that changes reaches the desk too.
    let again = hub.import_attendees(csv.as_bytes(), "grand.csv", ImportOptions::default(), &mut |_, _| {}).unwrap();
    assert_eq!((again.new, again.updated, again.unchanged), (0, 0, 1_200));
    let one = csv.replace("Personne 7;p7@exemple.fr", "Personne Sept;p7@exemple.fr");
    let changed = hub.import_attendees(one.as_bytes(), "grand.csv", ImportOptions::default(), &mut |_, _| {}).unwrap();
    assert_eq!((changed.new, changed.updated), (0, 1));
    desk.refresh_copy().unwrap();
    assert_eq!(desk.search("Sept").unwrap().len(), 1);
    // A new person after the bulk import is journaled by the triggers put back.
    hub.import_attendees("Nom\nZoé Dernière\n".as_bytes(), "z.csv", ImportOptions::default(), &mut |_, _| {}).unwrap();
    desk.refresh_copy().unwrap();
    assert_eq!(desk.search("Zoé Dernière").unwrap().len(), 1);
}
