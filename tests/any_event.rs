//! Any event, prepared from the command line as an organiser would: a blank event, its
//! fields, rooms, positions and programme; what every screen then says; the event pack
//! carried to another folder; the refusals, each naming what is wrong.

use std::io::Read;
use std::process::Stdio;

use super::{bin, json, run};

/// Words of the embedded default day that must not reach another event's screens.
const DEFAULT_WORDS: [&str; 6] = ["223M", "Palais", "scalator", "iveau 2", "2021", "DINUM"];

fn ok(out: &std::process::Output) {
    assert!(out.status.success(), "{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
}

#[test]
fn an_event_made_from_nothing_by_the_cli_tells_its_own_truth() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    ok(&run(d, &["init", "--blank"]));
    // An announcement before there is any room is kept, and said.
    assert_eq!(json(&run(d, &["--json", "live", "announce", "Bienvenue"]))["announcement"], "Bienvenue");
    ok(&run(d, &["live", "clear"]));
    ok(&run(d, &[
        "event", "set", "--name", "Journée BlueHats 2026", "--date", "2026-11-18", "--days", "2", "--opens", "09:00", "--closes", "18:00",
        "--tz", "Europe/Paris", "--venue", "Ministère", "--address", "1 rue de l'Exemple, Paris", "--room", "Auditorium B", "--room", "Salle 2",
        "--contact", "bluehats@exemple.invalid", "--colour", "#6a1b9a", "--programme-url", "https://exemple.invalid/programme",
        "--credit", "Programme : équipe 2026",
    ]));
    ok(&run(d, &["positions", "set", "Accueil", "--name-en", "Reception", "--room", "Auditorium B", "--arrow", "left",
        "--fr", "Auditorium B : 1er étage, ascenseur à gauche", "--en", "Auditorium B: first floor, lift on the left"]));
    ok(&run(d, &["positions", "set", "Accueil", "--room", "Salle 2", "--arrow", "up-right", "--fr", "Salle 2 : au fond à droite", "--en", "Room 2: at the back, on the right"]));
    let prog = d.join("jour2.org");
    std::fs::write(&prog, "#+date: 2026-11-19\n- *9h30-10h30* : /Matin du jour 2/\n  - Un exposé du jour 2, Zoé Lavoûte\n").unwrap();
    ok(&run(d, &["programme", "import", prog.to_str().unwrap(), "--room", "Salle 2"]));
    // The event as it is now, all of it.
    let shown = json(&run(d, &["--json", "event", "show"]));
    assert_eq!(shown["event"]["first_day"], "2026-11-18");
    assert_eq!(shown["event"]["days"], 2);
    assert_eq!(shown["rooms"].as_array().unwrap().len(), 2);
    assert_eq!(shown["positions"][0]["ways"].as_array().unwrap().len(), 2);
    // Eight days before, in the hall: every room, each with its way; no word of the default day.
    let m = json(&run(d, &["--json", "programme", "now", "--at", "2026-11-10T10:00", "--hall", "--position", "accueil"]));
    let text = m.to_string();
    for w in DEFAULT_WORDS {
        assert!(!text.contains(w), "{w} in {text}");
    }
    assert_eq!(m["rooms"][0]["room"], "Salle 2", "the rooms with a programme");
    assert_eq!(m["rooms"][0]["day"]["words"]["fr"], "jeudi 19 novembre");
    assert_eq!(m["rooms"][0]["way"]["arrow"], "up-right");
    // The same in words, for a person.
    let human = String::from_utf8(run(d, &["programme", "now", "--at", "2026-11-19T09:40", "--room", "Salle 2"]).stdout).unwrap();
    assert!(human.contains("Un exposé du jour 2") && human.contains("au fond à droite"), "{human}");
}

#[test]
fn the_event_pack_carries_the_prepared_event_and_a_damaged_one_changes_nothing() {
    let office = tempfile::tempdir().unwrap();
    ok(&run(office.path(), &["init", "--demo"]));
    ok(&run(office.path(), &["event", "set", "--name", "Journée préparée", "--room", "Amphi A"]));
    let pack = office.path().join("pack.json");
    ok(&run(office.path(), &["event", "export", "--out", pack.to_str().unwrap()]));
    let text = std::fs::read_to_string(&pack).unwrap();
    // Never attendees.
    let people = json(&run(office.path(), &["--json", "attendees", "list"]));
    for p in people.as_array().unwrap().iter().take(50) {
        assert!(!text.contains(p["name"].as_str().unwrap()), "the pack holds an attendee");
    }
    let venue = tempfile::tempdir().unwrap();
    ok(&run(venue.path(), &["init"]));
    ok(&run(venue.path(), &["event", "import", pack.to_str().unwrap()]));
    let shown = json(&run(venue.path(), &["--json", "event", "show"]));
    assert_eq!(shown["event"]["name"], "Journée préparée");
    assert_eq!(shown["rooms"][0]["name"], "Amphi A", "the room renamed, with its programme");
    assert_eq!(json(&run(venue.path(), &["--json", "programme", "show"]))["blocks"].as_array().unwrap().len(), 10);
    // A damaged file, a foreign one: refused with the file and the reason; nothing changes.
    let cut = venue.path().join("cut.json");
    std::fs::write(&cut, &text[..text.len() / 3]).unwrap();
    let schedule = venue.path().join("schedule.json");
    std::fs::write(&schedule, r#"{"schedule": {"conference": {}}}"#).unwrap();
    for (f, why) in [(&cut, "illisible"), (&schedule, "pas un fichier d'événement")] {
        let out = run(venue.path(), &["event", "import", f.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(3));
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(f.file_name().unwrap().to_str().unwrap()) && err.contains(why), "{err}");
    }
    assert_eq!(json(&run(venue.path(), &["--json", "event", "show"]))["event"]["name"], "Journée préparée");
}

#[test]
fn bad_values_are_refused_naming_the_field_and_nothing_is_kept() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    ok(&run(d, &["init"]));
    for (args, field) in [
        (vec!["event", "set", "--date", "18/11/2026"], "premier jour"),
        (vec!["event", "set", "--days", "9"], "nombre de jours"),
        (vec!["event", "set", "--tz", "Mars/Olympus"], "fuseau horaire"),
        (vec!["event", "set", "--opens", "25:00"], "heure d'ouverture"),
        (vec!["event", "set", "--colour", "bleu"], "couleur"),
        (vec!["positions", "set", "Hall", "--room", "Nulle part", "--arrow", "up"], "Nulle part"),
        (vec!["positions", "set", "Hall", "--room", "223M", "--arrow", "north"], "flèche"),
    ] {
        let out = run(d, &args);
        assert_eq!(out.status.code(), Some(3), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(field), "{args:?}: {err}");
    }
    let e = json(&run(d, &["--json", "event", "show"]));
    assert_eq!((e["event"]["first_day"].as_str(), e["event"]["days"].as_i64()), (Some("2021-11-09"), Some(1)));
    // A blank event over attendees is refused: that is another event's folder.
    ok(&run(d, &["attendees", "add", "--name", "Zoé Lavoûte"]));
    let out = run(d, &["init", "--blank"]);
    assert_ne!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stderr).contains("dossier vide"));
}

#[test]
fn a_programme_for_other_days_is_refused_saying_so_then_taken_with_take_dates() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let f = d.join("p.org");
    std::fs::create_dir_all(d).unwrap();
    std::fs::write(&f, "#+date: 2026-11-18\n- *9h-10h* : /Matin/\n  - Un exposé, Zoé Lavoûte\n").unwrap();
    let out = run(d, &["programme", "import", f.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(3));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("2026-11-18") && err.contains("2021-11-09") && err.contains("--take-dates"), "{err}");
    ok(&run(d, &["programme", "import", f.to_str().unwrap(), "--take-dates"]));
    assert_eq!(json(&run(d, &["--json", "event", "show"]))["event"]["first_day"], "2026-11-18");
}

#[test]
fn a_listing_piped_into_head_ends_quietly() {
    let dir = tempfile::tempdir().unwrap();
    super::demo_store(dir.path());
    let mut child = bin()
        .arg("--data")
        .arg(dir.path())
        .args(["--json", "attendees", "list"])
        .env_remove("KIOSK_DATA")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // As `| head -c 100`: read a little, then go away.
    let mut out = child.stdout.take().unwrap();
    let mut first = [0u8; 100];
    out.read_exact(&mut first).unwrap();
    drop(out);
    let status = child.wait().unwrap();
    let mut err = String::new();
    child.stderr.take().unwrap().read_to_string(&mut err).unwrap();
    assert!(!err.contains("panicked") && !err.contains("Broken pipe"), "{err}");
    assert_eq!(status.code(), Some(0));
}
