//! Badges at the door without a print system's help: what is queued, when, and what stays
//! when the printer is not there. (The real CUPS is in `tests/print/check.sh`.)

use bluehats_core::attendee::{Category, NewAttendee};
use bluehats_core::badge::BadgeSize;
use bluehats_core::clock::VenueClock;
use bluehats_core::service::Kiosk;
use bluehats_core::store::JobState;
use bluehats_core::verdict::VerdictKind;
use chrono::{DateTime, Utc};

fn kiosk() -> (tempfile::TempDir, Kiosk) {
    let dir = tempfile::tempdir().unwrap();
    let at = DateTime::parse_from_rfc3339("2021-11-09T09:30:00+01:00").unwrap().with_timezone(&Utc);
    let k = Kiosk::new(bluehats_core::Store::open_dir(dir.path()).unwrap(), VenueClock::Fixed { at }, Some("Entrée A"));
    (dir, k)
}

fn person(name: &str) -> NewAttendee {
    NewAttendee { name: name.into(), email: None, organisation: Some("DINUM".into()), category: Category::public_agent() }
}

#[test]
fn an_auto_print_desk_queues_one_badge_per_person_and_a_missing_printer_keeps_it() {
    let (_d, k) = kiosk();
    let zoe = k.add_attendee(&person("Zoé Martin")).unwrap();
    let code = zoe.code.clone().unwrap();
    // Auto-print off (the default): an admission queues nothing.
    assert_eq!(k.scan(&code, None, None).unwrap().verdict.kind(), VerdictKind::Admitted);
    assert!(k.print_jobs(10).unwrap().is_empty());

    let setup = k.set_print_setup(Some("BH-NO-SUCH-PRINTER"), Some(BadgeSize::Dymo89x36), Some(true)).unwrap();
    assert_eq!((setup.printer.as_deref(), setup.size, setup.auto), (Some("BH-NO-SUCH-PRINTER"), BadgeSize::Dymo89x36, true));
    let ana = k.add_attendee(&person("Ana Lopez")).unwrap();
    let ana_code = ana.code.clone().unwrap();
    assert_eq!(k.scan(&ana_code, None, None).unwrap().verdict.kind(), VerdictKind::Admitted);
    // The scanner sending twice (the first verdict repeated), then scanned again later
    // (already in): no second badge.
    assert!(k.scan(&ana_code, None, None).unwrap().repeat);
    k.use_clock(VenueClock::Fixed { at: DateTime::parse_from_rfc3339("2021-11-09T09:35:00+01:00").unwrap().with_timezone(&Utc) });
    assert_eq!(k.scan(&ana_code, None, None).unwrap().verdict.kind(), VerdictKind::AlreadyAdmitted);
    let walk = k.walk_in(&person("Léa Dubois")).unwrap();
    let jobs = k.print_jobs(10).unwrap();
    assert_eq!(jobs.iter().map(|j| j.name.as_str()).collect::<Vec<_>>(), ["Léa Dubois", "Ana Lopez"], "newest first");
    assert_eq!(jobs[1].code, ana_code);
    assert_eq!(jobs[0].code, walk.attendee.code.clone().unwrap());

    // The printer is not there (no such queue, or no print system at all): the jobs wait,
    // each with the reason, and the desk's line says so.
    let round = k.print_waiting().unwrap();
    assert!(round.sent.is_empty());
    assert_eq!(round.waiting.len(), 2);
    let line = round.line.expect("the desk is told");
    assert!(line.fr.contains("2 badge(s) en attente") && line.en.contains("2 badge(s) waiting"), "{line:?}");
    assert!(round.waiting.iter().all(|j| j.tries == 1 && j.reason.is_some()));

    // Dropped, it is not tried again; reprinted, a new one waits.
    k.drop_print_job(round.waiting[0].id).unwrap();
    assert!(k.drop_print_job(round.waiting[0].id).is_err(), "a job is dropped once");
    let again = k.reprint(zoe.id).unwrap();
    assert_eq!((again.name.as_str(), again.state), ("Zoé Martin", JobState::Waiting));
    assert_eq!(k.print_waiting().unwrap().waiting.len(), 2);

    // The badge as it would print: a PDF of the size chosen.
    let pdf = k.badges_pdf_of(&[code.clone()], None).unwrap();
    assert!(pdf.starts_with(b"%PDF"));
    let media = format!("/MediaBox [0 0 {:.1}", 89.0 * 72.0 / 25.4);
    assert!(String::from_utf8_lossy(&pdf).contains(&media[..media.len() - 1]), "89 mm wide");

    // The purge takes the badges' names with everything else.
    k.purge(bluehats_core::service::PURGE_WORD).unwrap();
    assert!(k.print_jobs(10).unwrap().is_empty());
}
