//! Nothing personal left after the day: the purge, checked byte by byte on disk.

use bluehats_core::attendee::{Category, NewAttendee};
use bluehats_core::clock::VenueClock;
use bluehats_core::demo;
use bluehats_core::service::{Kiosk, Options, PURGE_WORD};

use super::paris;

fn all_files(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() { all_files(&p, out) } else { out.push(p) }
    }
}

#[test]
fn the_purge_leaves_no_personal_byte_and_keeps_the_figures() {
    let dir = tempfile::tempdir().unwrap();
    let k = Kiosk::open(Options { dir: dir.path().into(), clock: VenueClock::Fixed { at: paris("09:10") }, desk: Some("Entrée A".into()), demo: true }).unwrap();
    let people = k.list_attendees().unwrap();
    for a in people.iter().take(40) {
        k.scan(a.code.as_deref().unwrap(), None, None).unwrap();
    }
    k.walk_in(&NewAttendee { name: "Zoé Sur-Place".into(), email: Some("zoe.surplace@exemple.invalid".into()), organisation: None, category: Category::citizen() }).unwrap();
    k.scan("BEGIN:VCARD N:Secret;Personne", None, None).unwrap();
    // A note for the door is personal data too.
    k.set_note(people[1].id, Some("Accès PMR, prévenir Mme Vérignon"), true).unwrap();
    let report = k.export_tickets(None, None).unwrap();
    assert_eq!(k.exports_log().unwrap()[0].people, report.tickets as i64, "the export is logged");
    let before = k.stats().unwrap();
    let name = people[0].name.as_bytes().to_vec();
    let on_disk = |p: &str| std::fs::read(dir.path().join(p)).unwrap_or_default();
    let found = |b: Vec<u8>| b.windows(name.len()).any(|w| w == name);
    assert!(found(on_disk("event.sqlite")) || found(on_disk("event.sqlite-wal")), "the check below can see a name");
    assert_eq!(k.purge("effacer").unwrap_err().code(), "invalid_field", "the word must be typed as asked");
    let purged = k.purge(PURGE_WORD).unwrap();
    assert_eq!((purged.people, purged.arrivals_kept), (301, 41));
    // The anonymous figures survive: admitted, by category, by hour, by desk, verdicts.
    let after = k.stats().unwrap();
    assert_eq!((after.admitted, after.registered, after.walk_ins), (before.admitted, before.registered, before.walk_ins));
    assert_eq!(after.admitted_by_category, before.admitted_by_category);
    assert_eq!(after.by_verdict, before.by_verdict);
    assert_eq!(k.arrivals_chart().unwrap().total, 41);
    assert!(k.search("a").unwrap().is_empty());
    drop(k);
    // No name, e-mail or scanned text anywhere in the data directory: store, WAL, exports.
    let mut needles: Vec<String> = demo::attendees(300).iter().flat_map(|a| [a.name.clone(), a.email.clone().unwrap_or_default()]).collect();
    needles.retain(|n| !n.is_empty());
    needles.extend(["Zoé Sur-Place".into(), "zoe.surplace@exemple.invalid".into(), "VCARD".into(), "prévenir Mme Vérignon".into()]);
    let mut files = Vec::new();
    all_files(dir.path(), &mut files);
    assert!(files.iter().all(|f| !f.display().to_string().contains("billets-")), "ticket exports removed");
    for f in files {
        let bytes = std::fs::read(&f).unwrap();
        for n in &needles {
            assert!(!bytes.windows(n.len()).any(|w| w == n.as_bytes()), "{n} found in {}", f.display());
        }
    }
}
