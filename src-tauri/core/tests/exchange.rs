//! Programme files in and out: frab/pretalx schedule.xml and .json, Pentabarf, iCalendar;
//! exports validated against the official schemas (copied in tests/fixtures, EUPL-1.2).

use bluehats_core::programme::import::read;
use bluehats_core::programme::{export, BlockKind};
use super::DEFAULT_ORG as DEFAULT_PROGRAMME_ORG;

fn bluehats() -> bluehats_core::programme::Programme {
    let mut p = read(DEFAULT_PROGRAMME_ORG.as_bytes(), "bluehats.org", &bluehats_core::event_pack::default_event(), None, None).unwrap();
    for b in &mut p.blocks {
        b.room = "223M".into();
    }
    p
}

const FRAB_XML: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<schedule>
  <version>0.3</version>
  <conference><title>Journée test</title><acronym>test2021</acronym><time_zone_name>Europe/Paris</time_zone_name></conference>
  <day index="1" date="2021-11-09" start="2021-11-09T09:00:00+01:00" end="2021-11-09T18:00:00+01:00">
    <room name="223M">
      <event id="1" guid="not-a-uuid">
        <date>2021-11-09T09:30:00+01:00</date><start>09:30</start><duration>00:20</duration>
        <room>223M</room><title>Logiciels libres &amp; communs</title><type>lecture</type>
        <persons><person id="7">Zoé Lavoûte</person><person id="8">Rémi Déodat</person></persons>
        <links><link href="https://example.org/slides">Slides</link></links>
        <extra_key>ignored</extra_key>
      </event>
      <event id="2" guid="x"><date>2021-11-09T10:00:00+01:00</date><start>10:00</start><duration>00:30</duration><room>223M</room><title>Pause café</title><type>break</type></event>
    </room>
    <room name="Salle B">
      <event id="3" guid="y"><date>2021-11-09T09:30:00+01:00</date><start>09:30</start><duration>01:00</duration><room>Salle B</room><title>Atelier</title><type>workshop</type></event>
    </room>
  </day>
</schedule>"#;

#[test]
fn frab_xml_is_read_leniently_every_room_or_the_one_chosen() {
    let e = bluehats_core::event_pack::default_event();
    let all = read(FRAB_XML.as_bytes(), "s.xml", &e, None, None).unwrap();
    assert_eq!(all.rooms(), vec!["223M".to_string(), "Salle B".to_string()]);
    let err = read(FRAB_XML.as_bytes(), "s.xml", &e, Some("Salle C"), None).unwrap_err().to_string();
    assert!(err.contains("223M") && err.contains("Salle B") && err.contains("Salle C"), "{err}");
    let p = read(FRAB_XML.as_bytes(), "s.xml", &e, Some("223 m"), None).unwrap();
    assert!(p.blocks.iter().all(|b| b.room == "223M"));
    assert_eq!(p.blocks.len(), 2);
    let t = &p.blocks[0].talks[0];
    assert_eq!(t.title, "Logiciels libres & communs");
    assert_eq!(t.speakers.len(), 2);
    assert_eq!(t.minutes, Some(20));
    assert_eq!(e.local_hm(p.blocks[0].starts), "09:30");
    assert_eq!(p.blocks[1].kind, BlockKind::Break);
}

#[test]
fn pentabarf_has_no_time_zone_so_one_is_asked_for() {
    let xml = r#"<schedule><conference><title>FOSDEM</title></conference>
      <day index="1" date="2024-02-03"><room name="H.1308">
        <event id="1"><start>10:30</start><duration>00:25</duration><room>H.1308</room><title>Rust in the kernel</title><type>devroom</type>
          <persons><person id="1">Ada L.</person></persons></event>
      </room></day></schedule>"#;
    let e = bluehats_core::event_pack::default_event();
    let err = read(xml.as_bytes(), "fosdem.xml", &e, None, None).unwrap_err().to_string();
    assert!(err.contains("--tz") && err.contains("fosdem.xml, line 3"), "{err}");
    let p = read(xml.as_bytes(), "fosdem.xml", &e, None, Some("Europe/Brussels")).unwrap();
    assert_eq!(p.blocks[0].starts.to_rfc3339(), "2024-02-03T09:30:00+00:00");
}

#[test]
fn schedule_json_with_extra_keys_is_read() {
    let json = r#"{"schedule":{"version":"1","conference":{"title":"T","acronym":"t","days":[{"index":1,"date":"2021-11-09",
      "rooms":{"223M":[{"guid":"zz","date":"2021-11-09T14:00:00+01:00","duration":"00:10","title":"Onyxia","type":"lecture",
      "persons":[{"public_name":"Frédéric Comte","id":1}],"links":[],"weird":true}]}}]}}}"#;
    let p = read(json.as_bytes(), "s.json", &bluehats_core::event_pack::default_event(), None, None).unwrap();
    assert_eq!(p.blocks[0].talks[0].speakers[0].name, "Frédéric Comte");
    assert_eq!(p.blocks[0].talks[0].minutes, Some(10));
}

#[test]
fn icalendar_is_read_with_folded_lines_and_zones() {
    let ics = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nX-WR-CALNAME:Test\r\nBEGIN:VEVENT\r\nDTSTART;TZID=Europe/Paris:20211109T093000\r\nDTEND;TZID=Europe/Paris:20211109T094500\r\nSUMMARY:Déploiement de RocketChat à l'Université\r\n  de Lorraine\r\nLOCATION:223M\r\nATTENDEE;CN=\"Benjamin Seclier\":mailto:x@y\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nDTSTART:20211109T093000Z\r\nDURATION:PT30M\r\nSUMMARY:Pause\r\nLOCATION:223M\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
    let e = bluehats_core::event_pack::default_event();
    let p = read(ics.as_bytes(), "p.ics", &e, None, None).unwrap();
    assert_eq!(p.blocks.len(), 2);
    assert_eq!(p.blocks[0].talks[0].title, "Déploiement de RocketChat à l'Université de Lorraine");
    assert_eq!(p.blocks[0].talks[0].speakers[0].name, "Benjamin Seclier");
    assert_eq!(e.local_hm(p.blocks[0].starts), "09:30");
    assert_eq!(p.blocks[1].kind, BlockKind::Break);
}

#[test]
fn malformed_files_name_the_line_or_element() {
    let e = bluehats_core::event_pack::default_event();
    let bad_xml = read(b"<schedule>\n<day>\n</schedule>", "bad.xml", &e, None, None).unwrap_err().to_string();
    assert!(bad_xml.contains("bad.xml, line 3"), "{bad_xml}");
    let bad_json = read(b"{\n\"schedule\": [1,\n}", "bad.json", &e, None, None).unwrap_err().to_string();
    assert!(bad_json.contains("bad.json, line"), "{bad_json}");
    let bad_date = FRAB_XML.replace("<duration>00:20</duration>", "<duration>vingt</duration>");
    let m = read(bad_date.as_bytes(), "d.xml", &e, Some("223M"), None).unwrap_err().to_string();
    assert!(m.contains("d.xml, line 7") && m.contains("<duration>"), "{m}");
    let bin = read(&[0xff, 0xfe, 0x00], "x.org", &e, None, None).unwrap_err().to_string();
    assert!(bin.contains("UTF-8"));
    let bad_ics = read(b"BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART:demain\nEND:VEVENT\nEND:VCALENDAR\n", "b.ics", &e, None, None).unwrap_err().to_string();
    assert!(bad_ics.contains("b.ics, line 3"), "{bad_ics}");
}

fn fixture(name: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name)
}

#[test]
fn schedule_json_export_passes_the_official_schema() {
    let json: serde_json::Value = serde_json::from_str(&export::schedule_json(&bluehats_core::event_pack::default_event(), &bluehats())).unwrap();
    let schema: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(fixture("SCHEMA-voc-schedule.json")).unwrap()).unwrap();
    let v = jsonschema::options().should_validate_formats(true).build(&schema).unwrap();
    let errors: Vec<String> = v.iter_errors(&json).map(|e| format!("{} at {}", e, e.instance_path())).collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let events = json["schedule"]["conference"]["days"][0]["rooms"]["223M"].as_array().unwrap();
    assert_eq!(events.len(), 19 + 5, "19 talks and 5 blocks without talks");
    assert_eq!(events[1]["date"], "2021-11-09T09:30:00+01:00");
    assert_eq!(events[2]["date"], "2021-11-09T09:45:00+01:00", "estimated: 60 min shared by 4 talks");
}

#[test]
fn schedule_xml_export_passes_the_official_xsd() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("schedule.xml");
    std::fs::write(&path, export::schedule_xml(&bluehats_core::event_pack::default_event(), &bluehats())).unwrap();
    let out = std::process::Command::new("xmllint")
        .args(["--noout", "--schema"])
        .arg(fixture("SCHEMA-voc-schedule.xml.xsd"))
        .arg(&path)
        .output()
        .expect("xmllint (Debian package libxml2-utils) validates the export");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    // And it reads back as the same day.
    let back = read(&std::fs::read(&path).unwrap(), "schedule.xml", &bluehats_core::event_pack::default_event(), None, None).unwrap();
    assert_eq!(back.talk_count(), 19);
}

#[test]
fn ics_export_reads_back() {
    let ics = export::ics(&bluehats_core::event_pack::default_event(), &bluehats());
    assert!(ics.lines().all(|l| l.len() <= 76), "lines are folded at 75 octets");
    let back = read(ics.as_bytes(), "p.ics", &bluehats_core::event_pack::default_event(), None, None).unwrap();
    assert_eq!(back.talk_count(), 19);
    assert_eq!(back.blocks[1].talks[0].title, "Déploiement et intégration de RocketChat à l'Université de Lorraine");
}

#[test]
fn durations_no_day_can_hold_are_refused_with_their_place_not_a_panic() {
    let e = bluehats_core::event_pack::default_event();
    let ics = "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART:20211109T090000Z\r\nDURATION:P999999999999D\r\nSUMMARY:Sans fin\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
    let err = read(ics.as_bytes(), "long.ics", &e, None, None).unwrap_err().to_string();
    assert!(err.contains("long.ics, line 4") && err.contains("DURATION"), "{err}");
    let xml = FRAB_XML.replace("<duration>00:20</duration>", "<duration>0:99999999999999999</duration>");
    let err = read(xml.as_bytes(), "huge.xml", &e, Some("223M"), None).unwrap_err().to_string();
    assert!(err.contains("huge.xml") && err.contains("<duration>"), "{err}");
    // Each event within bounds, but spread over years: refused before anything is stored.
    let mut many = String::from("BEGIN:VCALENDAR\r\n");
    for year in 2021..2031 {
        many.push_str(&format!("BEGIN:VEVENT\r\nDTSTART:{year}1109T090000Z\r\nDURATION:PT23H\r\nSUMMARY:Jour {year}\r\nEND:VEVENT\r\n"));
    }
    many.push_str("END:VCALENDAR\r\n");
    let (_d, mut s) = super::store();
    let before = s.programme().unwrap();
    let mut p = read(many.as_bytes(), "years.ics", &e, None, None).unwrap();
    p.blocks.iter_mut().for_each(|b| b.room = "223M".into());
    let err = s.save_programme(&p).unwrap_err().to_string();
    assert!(err.contains("3288 jours") && err.contains("at most 7"), "{err}");
    assert_eq!(s.programme().unwrap(), before, "nothing stored");
}
