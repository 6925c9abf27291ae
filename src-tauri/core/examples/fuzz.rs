//! Fuzzes every importer (org, frab XML and JSON, Pentabarf, iCalendar, attendee CSV) and the
//! ticket parser with structured inputs: real files mutated where it hurts (huge numbers,
//! negative and absurd durations, broken dates, cut tags, stray bytes). Each programme that
//! is accepted also goes through the bounds check and, when it passes, through the signage's
//! computation at several instants, as the store would. Prints the inputs run, the panics
//! found and the time. A benchmark, not a CI test:
//!
//!     cargo run --release -p bluehats-core --example fuzz [-- INPUTS_PER_IMPORTER]

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::Instant;

use bluehats_core::signage::{self, SignageData, View};
use bluehats_core::venue_map::Room;
use bluehats_core::programme::{export, import, live};
use bluehats_core::registrations::parse_csv;
use bluehats_core::ticket::TicketCode;
use chrono::Duration;

/// xorshift64*: no dependency, the same inputs for the same seed.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

const TOKENS: &[&str] = &[
    "99999999999999999999", "9223372036854775807", "-1", "0", "P999999999999D", "PT99999999999H", "0:99999999999999999",
    "99:99", "-00:15", "2021-13-45T99:99:99+99:00", "20211309T256199Z", "T", ":", ";", ",", "\"", "<", ">", "</event>",
    "<duration>", "{", "}", "[", "]", "\n", "\r\n", " ", "\u{0}", "é", "€", "\u{FEFF}", "BEGIN:VEVENT", "END:VEVENT",
    "DURATION:", "DTSTART:", "- *9h30-10h30* : ", "*25h00-99h99*", "(en visio)", "BH1.", "1e300", "NaN",
];

fn mutate(seed: &[u8], rng: &mut Rng) -> Vec<u8> {
    let mut v = seed.to_vec();
    for _ in 0..1 + rng.below(4) {
        let at = rng.below(v.len() + 1);
        match rng.below(7) {
            0 if !v.is_empty() => {
                let i = rng.below(v.len());
                v[i] = rng.next() as u8;
            }
            1 => {
                let t = TOKENS[rng.below(TOKENS.len())].as_bytes();
                v.splice(at..at, t.iter().copied());
            }
            2 => {
                // A number of the file becomes a huge or negative one.
                if let Some(i) = (at..v.len()).find(|&i| v[i].is_ascii_digit()) {
                    let end = (i..v.len()).find(|&j| !v[j].is_ascii_digit()).unwrap_or(v.len());
                    let t = ["99999999999999999999", "-5", "0", "4294967296", "65535"][rng.below(5)].as_bytes();
                    v.splice(i..end, t.iter().copied());
                }
            }
            3 if at < v.len() => {
                let end = (at + rng.below(64)).min(v.len());
                v.drain(at..end);
            }
            4 if at < v.len() => {
                let end = (at + rng.below(256)).min(v.len());
                let copy = v[at..end].to_vec();
                let to = rng.below(v.len() + 1);
                v.splice(to..to, copy);
            }
            5 => v.truncate(at),
            _ => {}
        }
    }
    v
}

fn main() {
    let per: u64 = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(1_000_000);
    let event = bluehats_core::event_pack::default_event();
    let org = include_str!("../../../assets/default/bluehats-osx-2021.org").to_string();
    let p = import::read(org.as_bytes(), "seed.org", &event, None, None).expect("the default programme reads");
    // Smaller seeds than the whole day keep a million inputs within minutes.
    let mut small = p.clone();
    small.blocks.truncate(3);
    let seeds: Vec<(&str, Vec<u8>)> = vec![
        ("org", org.lines().take(30).collect::<Vec<_>>().join("\n").into_bytes()),
        ("frab-xml", export::schedule_xml(&event, &small).into_bytes()),
        ("frab-json", export::schedule_json(&event, &small).into_bytes()),
        ("pentabarf", b"<schedule><conference><title>F</title></conference><day index=\"1\" date=\"2024-02-03\"><room name=\"H\"><event id=\"1\"><start>10:30</start><duration>00:25</duration><room>H</room><title>Rust</title><type>devroom</type><persons><person id=\"1\">Ada</person></persons></event><event id=\"2\"><start>11:00</start><duration>01:25</duration><room>H</room><title>Break</title><type>break</type></event></room></day></schedule>".to_vec()),
        ("icalendar", export::ics(&event, &small).into_bytes()),
        ("csv", "Nom;Prénom;Courriel;Organisme;Catégorie;Billet\nDupré;Hélène;helene@exemple.fr;Mairie;Agent public;PRETIX-AAA111\n\"Lavoûte\";\"Zoé\nZ\";zoe@exemple.fr;;Citoyenne;\n".as_bytes().to_vec()),
        ("ticket", b"BH1.AAAAAAAB7E5UFXYLBQ3JPZWT5VHH3WBTHHNKSY6D4TY5YLAJ2ZB7YKUNQTA4MQZMXIHWFI3JZ4QKJ7MDBUUAQQE5BJ6XBXNRYPAMSGA6Y".to_vec()),
    ];
    let first_panic: Mutex<Option<String>> = Mutex::new(None);
    std::panic::set_hook(Box::new(|_| {}));
    println!("inputs per importer: {per}");
    let mut all_panics = 0;
    for (name, seed) in &seeds {
        let started = Instant::now();
        let (panics, accepted) = (AtomicU64::new(0), AtomicU64::new(0));
        std::thread::scope(|s| {
            for worker in 0..2u64 {
                let (seed, event, panics, accepted, first_panic) = (seed, &event, &panics, &accepted, &first_panic);
                s.spawn(move || {
                    let mut rng = Rng(0x9E37_79B9_7F4A_7C15 ^ (worker + 1) ^ name.len() as u64);
                    for _ in 0..per / 2 {
                        let input = mutate(seed, &mut rng);
                        let ok = catch_unwind(AssertUnwindSafe(|| match *name {
                            "csv" => parse_csv(&input, "f.csv").is_ok(),
                            "ticket" => TicketCode::parse(&String::from_utf8_lossy(&input)).is_ok(),
                            _ => {
                                let tz = (*name == "pentabarf").then_some("Europe/Brussels");
                                match import::read(&input, "f", event, None, tz) {
                                    Ok(mut p) if p.check(event.tz()).is_ok() => {
                                        let start = p.blocks.first().map(|b| b.starts).unwrap_or_default();
                                        for b in p.blocks.iter_mut().filter(|b| b.room.is_empty()) {
                                            b.room = "R".into();
                                        }
                                        let rooms = p.rooms().into_iter().enumerate().map(|(i, name)| Room { id: i as i64 + 1, ..Room::named(name) }).collect();
                                        let data = SignageData { event: event.clone(), logo: None, rooms, positions: vec![], programme: p.clone(), live: Default::default(), announcement: None };
                                        for m in [-60, 0, 35, 240, 2000] {
                                            let at = start + Duration::minutes(m);
                                            let _ = live::screen(event, &p, &Default::default(), at);
                                            let _ = signage::model(&data, None, Some(&View::Hall), at, false);
                                        }
                                        let _ = export::schedule_json(event, &p);
                                        true
                                    }
                                    Ok(_) | Err(_) => false,
                                }
                            }
                        }));
                        match ok {
                            Ok(true) => {
                                accepted.fetch_add(1, Ordering::Relaxed);
                            }
                            Ok(false) => {}
                            Err(e) => {
                                panics.fetch_add(1, Ordering::Relaxed);
                                let msg = e.downcast_ref::<String>().cloned().or(e.downcast_ref::<&str>().map(|s| s.to_string()));
                                first_panic.lock().unwrap().get_or_insert_with(|| format!("{name}: {msg:?} on {:?}", String::from_utf8_lossy(&input)));
                            }
                        }
                    }
                });
            }
        });
        let n = panics.load(Ordering::Relaxed);
        all_panics += n;
        println!(
            "{name:<10} inputs {:>9}  accepted {:>9}  panics {n}  time {:.1} s",
            per / 2 * 2,
            accepted.load(Ordering::Relaxed),
            started.elapsed().as_secs_f64()
        );
    }
    if let Some(p) = first_panic.lock().unwrap().as_ref() {
        println!("first panic: {p}");
    }
    println!("panics in all: {all_panics}");
}
