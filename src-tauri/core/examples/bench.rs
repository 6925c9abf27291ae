//! Benchmarks of the core (figures printed, not asserted): durable check-in with signature
//! check, name search, ticket export and a 1,000-talk schedule.xml import (the registrations
//! import: `examples/import-bench.rs`). Run: `cargo run --release -p bluehats-core --example bench [-- --quick]`.

use bluehats_core::verdict::VerdictKind;
use std::time::{Duration, Instant};

use bluehats_core::attendee::Source;
use bluehats_core::clock::from_db;
use bluehats_core::{demo, ticket_files, Store};

fn pct(mut v: Vec<Duration>, p: f64) -> f64 {
    v.sort();
    let i = ((v.len() as f64 - 1.0) * p).round() as usize;
    v[i].as_secs_f64() * 1000.0
}

fn main() {
    let quick = std::env::args().any(|a| a == "--quick");
    let sizes: &[usize] = if quick { &[1_000, 10_000] } else { &[1_000, 10_000, 100_000] };
    let t0 = from_db("2021-11-09T08:00:00Z");
    println!("BlueHats Kiosk core benchmark ({} cores)", std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1));
    for &n in sizes {
        let dir = tempfile::tempdir().unwrap();
        let mut s = Store::open_dir(dir.path()).unwrap();
        let t = Instant::now();
        s.add_attendees(&demo::attendees(n), Source::Demo, t0).unwrap();
        let setup = t.elapsed();
        let codes: Vec<String> = s.tickets().unwrap().into_iter().map(|(_, c)| c).collect();
        // Check-in: parse + Ed25519 verification + durable commit (fsync), 1,000 people.
        let mut lat = Vec::new();
        for (i, c) in codes.iter().step_by((n / 1000).max(1)).take(1000).enumerate() {
            let at = t0 + chrono::Duration::seconds(i as i64);
            let t = Instant::now();
            let v = s.scan(c, "A", at).unwrap();
            lat.push(t.elapsed());
            assert_eq!(v.verdict.kind(), VerdictKind::Admitted);
        }
        println!(
            "{n:>7} attendees: check-in p50 {:.3} ms  p99 {:.3} ms   (setup {:.1} s)",
            pct(lat.clone(), 0.5),
            pct(lat.clone(), 0.99),
            setup.as_secs_f64()
        );
        println!("BENCH check-in at {n} attendees, p99 = {:.3} ms", pct(lat, 0.99));
        let queries = ["helene", "Hél", "queruel", "mairie", "zoe lav", "f", "jér", "villefleurie", "anaïs quin", "clément d"];
        let mut lat = Vec::new();
        for round in 0..50 {
            for q in &queries {
                let q = &q[..q.len().min(q.len() - (round % 2))];
                let t = Instant::now();
                let _ = s.search(q, 30).unwrap();
                lat.push(t.elapsed());
            }
        }
        println!("{n:>7} attendees: search   p50 {:.3} ms  p99 {:.3} ms", pct(lat.clone(), 0.5), pct(lat.clone(), 0.99));
        println!("BENCH name search at {n} attendees, p99 = {:.3} ms", pct(lat, 0.99));
    }

    // A door's verdict with auto-print on (the badge queued, the printer asked only after)
    // against a desk that prints nothing: 1,000 admissions each, alternating, through the
    // service as the desk calls it. The printer is never called on this path.
    {
        use bluehats_core::service::Kiosk;
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open_dir(dir.path()).unwrap();
        let k = Kiosk::new(store, bluehats_core::clock::VenueClock::Fixed { at: t0 }, Some("A"));
        let people: Vec<_> = demo::attendees(2_000);
        let codes: Vec<String> = people.iter().map(|p| k.add_attendee(p).unwrap().code.unwrap()).collect();
        let (mut off, mut on) = (Vec::new(), Vec::new());
        for (i, c) in codes.iter().enumerate() {
            let auto = i % 2 == 1;
            k.set_print_setup(Some("BH-BENCH-STOPPED"), None, Some(auto)).unwrap();
            let t = Instant::now();
            let v = k.scan(c, None, None).unwrap();
            let el = t.elapsed();
            assert_eq!(v.verdict.kind(), VerdictKind::Admitted);
            if auto { on.push(el) } else { off.push(el) }
        }
        let queued = k.print_jobs(10_000).unwrap().len();
        assert_eq!(queued, 1_000, "one badge queued per admission with auto-print");
        println!("   door verdict, desk printing nothing:        p50 {:.3} ms  p99 {:.3} ms", pct(off.clone(), 0.5), pct(off.clone(), 0.99));
        println!("   door verdict, auto-print on (badge queued): p50 {:.3} ms  p99 {:.3} ms", pct(on.clone(), 0.5), pct(on.clone(), 0.99));
        println!("BENCH door verdict without printing, p99 = {:.3} ms", pct(off, 0.99));
        println!("BENCH door verdict with auto-print, p99 = {:.3} ms", pct(on, 0.99));
    }

    // The registrations import: examples/import-bench.rs.

    // Ticket export: SVG + PNG per attendee, the CSV, and the PDF sheet.
    let dir = tempfile::tempdir().unwrap();
    let mut s = Store::open_dir(dir.path()).unwrap();
    let n = if quick { 300 } else { 2_000 };
    s.add_attendees(&demo::attendees(n), Source::Demo, t0).unwrap();
    let people = s.tickets().unwrap();
    let out = dir.path().join("out");
    let t = Instant::now();
    ticket_files::export_tickets(s.event(), &people, &out, Some(&dir.path().join("badges.pdf"))).unwrap();
    let el = t.elapsed().as_secs_f64();
    println!("ticket export: {n} tickets (SVG + PNG + CSV + PDF) in {el:.2} s = {:.0} tickets/s", n as f64 / el);
    println!("BENCH ticket export = {:.0} tickets/s", n as f64 / el);

    // A 1,000-talk schedule.xml.
    let mut xml = String::from("<schedule><version>1</version><conference><title>Big</title><acronym>big1</acronym><time_zone_name>Europe/Paris</time_zone_name></conference><day index=\"1\" date=\"2021-11-09\" start=\"2021-11-09T08:00:00+01:00\" end=\"2021-11-12T20:00:00+01:00\"><room name=\"223M\">\n");
    for i in 0..1000 {
        // 2 minutes apart: a thousand talks within the 48 hours a programme may span.
        let start = from_db("2021-11-09T07:00:00Z") + chrono::Duration::minutes(2 * i);
        xml.push_str(&format!(
            "<event id=\"{}\" guid=\"g{i}\"><date>{}</date><start>{}</start><duration>00:02</duration><room>223M</room><title>Exposé numéro {i}</title><type>lecture</type><persons><person id=\"{i}\">Personne {i}</person></persons></event>\n",
            i + 1,
            start.to_rfc3339(),
            start.format("%H:%M")
        ));
    }
    xml.push_str("</room></day></schedule>\n");
    let dir = tempfile::tempdir().unwrap();
    let mut s = Store::open_dir(dir.path()).unwrap();
    let t = Instant::now();
    let p = bluehats_core::programme::import::read(xml.as_bytes(), "big.xml", s.event(), None, None).unwrap();
    let parsed = t.elapsed();
    s.save_programme(&p).unwrap();
    println!("schedule.xml import, 1000 talks: {:.0} ms (parse {:.0} ms)", t.elapsed().as_secs_f64() * 1000.0, parsed.as_secs_f64() * 1000.0);
    println!("BENCH schedule.xml import, 1000 talks = {:.0} ms", t.elapsed().as_secs_f64() * 1000.0);
    // Re-import of the same file (update in place).
    let t = Instant::now();
    s.save_programme(&p).unwrap();
    println!("schedule.xml re-import in place, 1000 talks: {:.0} ms", t.elapsed().as_secs_f64() * 1000.0);
    println!("BENCH schedule.xml re-import, 1000 talks = {:.0} ms", t.elapsed().as_secs_f64() * 1000.0);
}
