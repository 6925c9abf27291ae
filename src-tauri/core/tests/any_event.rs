//! Any event, any venue: a new event made from nothing, multi-day schedules of several rooms
//! as real conferences publish them, the screen model on the days before and during, the
//! way as data, the event pack in and out.

use bluehats_core::clock::VenueClock;
use bluehats_core::event_pack::EventPack;
use bluehats_core::programme::live::Phase;
use bluehats_core::service::{EventEdit, Kiosk, PositionSet, ProgrammeImport, WaySet};
use bluehats_core::signage::{DayRelation, View};
use bluehats_core::venue_map::Arrow;
use chrono::{DateTime, Utc};

fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

fn blank() -> (tempfile::TempDir, Kiosk) {
    let dir = tempfile::tempdir().unwrap();
    let k = Kiosk::new(bluehats_core::Store::open_dir(dir.path()).unwrap(), VenueClock::Fixed { at: at("2026-11-01T10:00:00+01:00") }, None);
    k.start_blank().unwrap();
    (dir, k)
}

fn schedule(name: &str) -> Vec<u8> {
    std::fs::read(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/schedules").join(name)).unwrap()
}

fn take(k: &Kiosk, name: &str, tz: Option<&str>) -> bluehats_core::store::ProgrammeUpdate {
    let how = ProgrammeImport { room: None, tz: tz.map(str::to_string), take_dates: true };
    k.import_programme(&schedule(name), name, &how).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// The words of the embedded default day that must never show on another event's screens.
const DEFAULT_WORDS: [&str; 6] = ["223M", "Palais", "scalator", "iveau 2", "2021", "DINUM"];

#[test]
fn a_new_event_made_from_nothing_tells_its_own_truth() {
    let (_d, k) = blank();
    assert!(k.rooms().unwrap().is_empty() && k.positions().unwrap().is_empty() && k.programme().unwrap().blocks.is_empty());
    k.update_event(&EventEdit {
        name: Some("Journée BlueHats 2026".into()),
        first_day: Some("2026-11-18".into()),
        opens: Some("09:00".into()),
        closes: Some("18:00".into()),
        venue: Some("Ministère, Auditorium B".into()),
        address: Some("1 rue de l'Exemple, Paris".into()),
        ..Default::default()
    })
    .unwrap();
    k.set_rooms(&["Auditorium B".into()]).unwrap();
    k.set_position(&PositionSet {
        name: "Accueil".into(),
        name_en: Some("Reception".into()),
        here: None,
        ways: vec![WaySet { room: "Auditorium B".into(), arrow: Some(Arrow::Left), fr: "Auditorium B : 1er étage, ascenseur à gauche".into(), en: "Auditorium B: first floor, lift on the left".into() }],
    })
    .unwrap();
    let org = "#+title: Journée BlueHats 2026\n#+date: 2026-11-18\n- *9h30-10h30* : /Présentations du matin/\n  - Un logiciel libre, Zoé Lavoûte\n  - Un autre, Rémi Déodat\n- *10h30-11h* : /Pause café/\n";
    let up = k.import_programme(org.as_bytes(), "2026.org", &ProgrammeImport::default()).unwrap();
    assert_eq!(up.rooms, vec!["Auditorium B".to_string()]);
    // Eight days before: the day it starts, with its date; the way to the room, as set.
    let m = k.screen_model_for(None, None, at("2026-11-10T10:00:00+01:00")).unwrap();
    let json = serde_json::to_string(&m).unwrap();
    for w in DEFAULT_WORDS {
        assert!(!json.contains(w), "{w} on the new event's screen: {json}");
    }
    let r = &m.rooms[0];
    assert_eq!(r.screen.phase, Phase::Before);
    assert_eq!(r.opens.as_deref(), Some("09:30"));
    let day = r.day.as_ref().unwrap();
    assert_eq!((day.relation, day.words.fr.as_str()), (DayRelation::Later, "mercredi 18 novembre"));
    assert_eq!(r.way.as_ref().unwrap().fr, "Auditorium B : 1er étage, ascenseur à gauche");
    // The day before: "tomorrow"; on the day at 09:40: the first talk.
    let m = k.screen_model_for(None, None, at("2026-11-17T18:00:00+01:00")).unwrap();
    assert_eq!(m.rooms[0].day.as_ref().unwrap().relation, DayRelation::Tomorrow);
    let m = k.screen_model_for(None, None, at("2026-11-18T09:40:00+01:00")).unwrap();
    assert_eq!(m.rooms[0].screen.now.as_ref().unwrap().title, "Un logiciel libre");
}

#[test]
fn a_programme_for_other_days_says_so_and_can_take_them() {
    let dir = tempfile::tempdir().unwrap();
    let k = Kiosk::new(bluehats_core::Store::open_dir(dir.path()).unwrap(), VenueClock::Real, None);
    let before = k.programme().unwrap();
    let org = "#+date: 2026-11-18\n- *9h30-10h30* : /Matin/\n  - Un exposé, Zoé Lavoûte\n";
    // A second way from the same position keeps its English name.
    k.set_position(&PositionSet { name: "hall".into(), name_en: None, here: None, ways: vec![] }).unwrap();
    assert_eq!(k.positions().unwrap()[0].name_en, "Show entrance");
    let e = k.import_programme(org.as_bytes(), "2026.org", &ProgrammeImport::default()).unwrap_err();
    assert_eq!(e.code(), "dates_differ");
    assert!(e.to_string().contains("2026-11-18") && e.to_string().contains("2021-11-09") && e.to_string().contains("--take-dates"), "{e}");
    assert_eq!(k.programme().unwrap(), before, "nothing changed");
    k.import_programme(org.as_bytes(), "2026.org", &ProgrammeImport { take_dates: true, ..Default::default() }).unwrap();
    assert_eq!(k.event().first_day.to_string(), "2026-11-18");
}

#[test]
fn real_multi_day_schedules_import_every_day_and_room() {
    // (file, zone when the file has none, rooms, days, an instant of day 3, its talk there)
    let cases = [
        ("31c3.schedule.xml", None, 4, 4, "2014-12-29T11:40:00+01:00", "Saal G"),
        ("camp2019.schedule.json", None, 3, 5, "2019-08-23T11:20:00+02:00", "Curie"),
        ("rc3-pretalx.schedule.json", None, 3, 3, "2020-12-29T11:20:00+01:00", "rC1"),
        ("fosdem2020.pentabarf.xml", Some("Europe/Brussels"), 6, 2, "2020-02-02T09:40:00+01:00", "Janson"),
    ];
    for (file, tz, rooms, days, instant, room) in cases {
        let (_d, k) = blank();
        let up = take(&k, file, tz);
        assert_eq!((up.rooms.len(), up.days.len()), (rooms, days), "{file}");
        assert_eq!(k.event().days as usize, days, "{file}: the event took the programme's days");
        // On that day, in that room: that day's talk, and the day's list is that day only.
        let m = k.screen_model_for(None, Some(&View::Room { room: room.into() }), at(instant)).unwrap();
        let r = &m.rooms[0];
        let now = r.screen.now.as_ref().unwrap_or_else(|| panic!("{file}: nothing on at {instant}"));
        let started = now.starts_at.with_timezone(&k.event().tz()).date_naive();
        assert_eq!(started, at(instant).with_timezone(&k.event().tz()).date_naive(), "{file}: {}", now.title);
        assert!(r.screen.up_next.is_some(), "{file}: what comes next is said");
        let e = k.event();
        let that_day = e.day_of(at(instant));
        let expected = k.programme().unwrap().blocks.iter().filter(|b| b.room == room && e.day_of(b.starts) == that_day).count();
        assert_eq!(r.screen.day.len(), expected, "{file}: the day's list is that day's, whole");
        assert_eq!(m.day.as_ref().unwrap().number, 3.min(days as u32), "{file}: the day it is");
        // The hall shows every room.
        let hall = k.screen_model_for(None, Some(&View::Hall), at(instant)).unwrap();
        assert_eq!(hall.rooms.len(), rooms, "{file}");
    }
}

#[test]
fn fosdem_days_stay_apart() {
    let (_d, k) = blank();
    take(&k, "fosdem2020.pentabarf.xml", Some("Europe/Brussels"));
    let m = k.screen_model_for(None, Some(&View::Room { room: "Wikilab".into() }), at("2020-02-02T09:35:00+01:00")).unwrap();
    let titles: Vec<&str> = m.rooms[0].screen.day.iter().map(|d| d.title.as_str()).collect();
    assert!(!titles.iter().any(|t| t.contains("evening")), "day 1's evening is not day 2's list: {titles:?}");
    // At 18:40 on day 1 Wikilab's evening is on; after it, tomorrow's first talk is said.
    let m = k.screen_model_for(None, Some(&View::Room { room: "Wikilab".into() }), at("2020-02-01T19:30:00+01:00")).unwrap();
    let r = &m.rooms[0];
    assert_eq!(r.screen.phase, Phase::Before);
    assert_eq!(r.day.as_ref().unwrap().relation, DayRelation::Tomorrow);
    assert_eq!(r.opens.as_deref(), Some("10:20"));
}

#[test]
fn a_delay_moves_every_time_shown() {
    let dir = tempfile::tempdir().unwrap();
    let k = Kiosk::new(bluehats_core::Store::open_dir(dir.path()).unwrap(), VenueClock::Fixed { at: at("2021-11-09T10:16:00+01:00") }, None);
    // 10:16: the fourth talk of the morning (PLUME, 10:15–10:30), started by staff, then +5.
    k.apply_live(None, &bluehats_core::programme::control::LiveAction::Start { talk_id: None }).unwrap();
    let s = k.apply_live(None, &bluehats_core::programme::control::LiveAction::Delay { minutes: 5 }).unwrap();
    assert_eq!(s.now.as_ref().unwrap().remaining_minutes, Some(20), "15 min + 5 of delay");
    let brk = s.day.iter().find(|d| d.title == "Pause café").unwrap();
    assert_eq!(brk.starts, "10:36", "the break's time in the day's list moves with the delay");
    assert_eq!(s.up_next.unwrap().starts, "10:36");
}

#[test]
fn the_event_pack_goes_to_another_store_whole_and_a_damaged_one_changes_nothing() {
    let (_d, k) = blank();
    take(&k, "camp2019.schedule.json", None);
    k.set_position(&PositionSet { name: "Entrance".into(), name_en: None, here: None, ways: vec![WaySet { room: "Curie".into(), arrow: Some(Arrow::Up), fr: "Tout droit".into(), en: "Straight on".into() }] }).unwrap();
    k.set_plan("Entrance", Some((br#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 50"><text font-size="10">Curie</text></svg>"#, "plan.svg"))).unwrap();
    let text = k.export_pack().unwrap();
    let (_d2, other) = blank();
    other.import_pack(&EventPack::read(text.as_bytes(), "camp.json").unwrap()).unwrap();
    assert_eq!(other.event(), k.event());
    assert_eq!(other.rooms().unwrap().len(), 3);
    assert_eq!(other.programme().unwrap().talk_count(), k.programme().unwrap().talk_count());
    assert!(other.plan_url("entrance").unwrap().unwrap().starts_with("data:image/svg+xml;base64,"));
    // Cut in the middle: refused with a reason, the other store as it was.
    let before = other.programme().unwrap();
    let cut = &text[..text.len() / 2];
    let e = EventPack::read(cut.as_bytes(), "cut.json").unwrap_err();
    assert!(e.to_string().contains("cut.json") && e.to_string().contains("illisible"), "{e}");
    assert_eq!(other.programme().unwrap(), before);
}

#[test]
fn a_hostile_plan_is_cleaned_before_it_is_stored() {
    let (_d, k) = blank();
    k.set_position(&PositionSet { name: "Hall".into(), name_en: None, here: None, ways: vec![] }).unwrap();
    let svg = r#"<svg xmlns="http://www.w3.org/2000/svg" onload="fetch('https://evil.example')"><script>alert(1)</script><rect width="4" height="4"/></svg>"#;
    k.set_plan("hall", Some((svg.as_bytes(), "plan.svg"))).unwrap();
    let url = k.plan_url("hall").unwrap().unwrap();
    let stored = data_encoding::BASE64.decode(url.trim_start_matches("data:image/svg+xml;base64,").as_bytes()).unwrap();
    let stored = String::from_utf8(stored).unwrap();
    assert!(!stored.contains("script") && !stored.contains("onload") && !stored.contains("evil"), "{stored}");
    assert!(stored.contains("<rect"));
}

#[test]
fn a_store_made_before_rooms_keeps_its_room_its_live_state_and_its_screens() {
    let dir = tempfile::tempdir().unwrap();
    drop(bluehats_core::Store::open_dir(dir.path()).unwrap());
    // As the stores of the 2021 day were: one room named in the event, one live row, the
    // screen set to the door, no rooms or positions tables filled.
    let db = rusqlite::Connection::open(dir.path().join("event.sqlite")).unwrap();
    let old = r##"{"name":"Journée BlueHats 2021","venue":"Open Source Experience, Palais des congrès de Paris","address":"2 place de la Porte Maillot, 75017 Paris","room":"223M","date":"2021-11-09","starts":"09:00:00","ends":"17:30:00","time_zone":"Europe/Paris","contact":"logiciels-libres@data.gouv.fr","colour":"#0d5c98","languages":["fr","en"],"programme_url":"https://github.com/blue-hats/journee-bluehats-osx-2021","source":"x","licence":"Licence Ouverte 2.0 (Etalab)"}"##;
    db.execute_batch("UPDATE blocks SET room_id = NULL; DELETE FROM room_live; DELETE FROM ways; DELETE FROM positions; DELETE FROM rooms;").unwrap();
    db.execute("UPDATE event SET data = ?1", [old]).unwrap();
    db.execute("UPDATE live SET delay_minutes = 5, announcement = 'Bienvenue'", []).unwrap();
    db.execute("INSERT INTO settings(key, value) VALUES ('screen_position', 'door')", []).unwrap();
    drop(db);
    let k = Kiosk::new(bluehats_core::Store::open_dir(dir.path()).unwrap(), VenueClock::Fixed { at: at("2021-11-09T10:05:00+01:00") }, None);
    assert_eq!(k.rooms().unwrap().iter().map(|r| r.name.as_str()).collect::<Vec<_>>(), vec!["223M"]);
    assert_eq!(k.positions().unwrap().len(), 3, "the default day's positions are back");
    assert_eq!(k.event().first_day.to_string(), "2021-11-09");
    assert!(k.programme().unwrap().blocks.iter().all(|b| b.room == "223M"));
    assert_eq!(k.room_live(None).unwrap().delay_minutes, 5);
    let m = k.screen_model().unwrap();
    assert_eq!((m.position.as_ref().unwrap().key.as_str(), m.announcement.as_deref()), ("door", Some("Bienvenue")));
    assert_eq!(m.rooms[0].way.as_ref().unwrap().arrow, Arrow::Here);
}

#[test]
fn after_the_event_no_screen_sends_anyone_anywhere() {
    let dir = tempfile::tempdir().unwrap();
    let k = Kiosk::new(bluehats_core::Store::open_dir(dir.path()).unwrap(), VenueClock::Real, None);
    let during = k.screen_model_for(Some("hall"), None, at("2021-11-09T17:25:00+01:00")).unwrap();
    assert!(!during.over && during.rooms[0].way.is_some());
    let after = k.screen_model_for(Some("hall"), None, at("2021-11-09T18:00:00+01:00")).unwrap();
    assert!(after.over, "the event is over");
    assert_eq!(after.rooms[0].screen.phase, Phase::After);
}

#[test]
fn another_programme_is_new_talks_not_renamed_ones() {
    let dir = tempfile::tempdir().unwrap();
    let k = Kiosk::new(bluehats_core::Store::open_dir(dir.path()).unwrap(), VenueClock::Real, None);
    // Another day's programme at the same times: its talks are new, the old ones withdrawn.
    let other = "- *9h-9h30* : /Accueil/\n- *9h30-10h30* : /Matin/\n  - Cartographie ouverte des territoires, Inès Martin\n  - Sobriété numérique en collectivité, Paul Arnaud\n  - Accessibilité des démarches, Léa Moreau\n  - Un annuaire des communs, Omar Diallo\n";
    let up = k.import_programme(other.as_bytes(), "other.org", &ProgrammeImport::default()).unwrap();
    assert_eq!((up.renamed, up.added, up.removed), (0, 4, 19), "{up:?}");
}
