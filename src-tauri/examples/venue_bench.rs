//! The venue network's figures, over loopback TLS, with a real hub process (`serve`) and
//! desks in this process going through the same code as the app (`Kiosk::scan` → log →
//! HTTPS to the pinned hub → verdict, each step on disk):
//! - desk → hub → verdict latency, 1 desk and 4 desks at once: p50, p99;
//! - the hub's throughput with 4 desks scanning as fast as they can;
//! - time to decide alone when the hub vanishes (process killed), and when it hangs;
//! - upload of 1,000 scans queued while cut off.
//!
//! `cargo run --release --example venue-bench` (builds nothing else: it runs
//! target/release/bluehats-kiosk, or $BLUEHATS_BIN, as the hub).

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use bluehats_core::clock::VenueClock;
use bluehats_core::service::{Kiosk, Options};
use bluehats_kiosk::venue::link;

const PEOPLE: usize = 4000;

fn bin() -> PathBuf {
    std::env::var_os("BLUEHATS_BIN").map(PathBuf::from).unwrap_or_else(|| PathBuf::from("target/release/bluehats-kiosk"))
}

fn cli(data: &Path, args: &[&str]) -> serde_json::Value {
    let out = Command::new(bin()).arg("--data").arg(data).arg("--json").args(args).output().expect("the binary runs");
    assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).expect("json")
}

fn hub(data: &Path, port: u16) -> (Child, u16) {
    let mut child = Command::new(bin())
        .arg("--data")
        .arg(data)
        .args(["--json", "serve", "--listen", &format!("127.0.0.1:{port}")])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("hub starts");
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
    let v: serde_json::Value = serde_json::from_str(&line).unwrap();
    let port = v["listening"].as_str().unwrap().rsplit(':').next().unwrap().parse().unwrap();
    (child, port)
}

fn desk(hub_data: &Path, name: &str) -> (tempfile::TempDir, Arc<Kiosk>) {
    let dir = tempfile::tempdir().unwrap();
    let k = Kiosk::open(Options { dir: dir.path().to_path_buf(), clock: VenueClock::Real, desk: Some(name.into()), demo: false }).unwrap();
    let text = cli(hub_data, &["pair", "--role", "desk", "--address", "127.0.0.1"])["text"].as_str().unwrap().to_string();
    link::join(&k, &text, name).unwrap();
    // As the app's desk does: its scans' connections kept open and warm.
    k.keep_link_warm();
    (dir, Arc::new(k))
}

fn pct(v: &mut [f64], p: f64) -> f64 {
    v.sort_by(|a, b| a.partial_cmp(b).unwrap());
    v[((v.len() as f64 - 1.0) * p).round() as usize]
}

/// Scans the desks decided alone (no answer from the hub in time: a busy machine), counted
/// and printed rather than fatal: a benchmark reports.
static ALONE: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// Each desk scans its codes one after the other; returns every scan's latency (ms) and
/// the wall time of the whole run.
fn race(desks: &[Arc<Kiosk>], codes: &[String]) -> (Vec<f64>, Duration) {
    let start = Instant::now();
    let handles: Vec<_> = desks
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let d = d.clone();
            let mine: Vec<String> = codes.iter().skip(i).step_by(desks.len()).cloned().collect();
            std::thread::spawn(move || {
                mine.iter()
                    .map(|c| {
                        let t = Instant::now();
                        let o = d.scan(c, None, None).unwrap();
                        if o.offline {
                            ALONE.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        }
                        t.elapsed().as_secs_f64() * 1000.0
                    })
                    .collect::<Vec<_>>()
            })
        })
        .collect();
    let lat = handles.into_iter().flat_map(|h| h.join().unwrap()).collect();
    (lat, start.elapsed())
}

fn main() {
    let hub_dir = tempfile::tempdir().unwrap();
    let csv: String = std::iter::once("nom;prénom;courriel".to_string())
        .chain((0..PEOPLE).map(|i| format!("Banc{i};Essai;banc{i}@exemple.invalid")))
        .collect::<Vec<_>>()
        .join("\n");
    let file = hub_dir.path().join("people.csv");
    std::fs::write(&file, csv).unwrap();
    cli(hub_dir.path(), &["attendees", "import", file.to_str().unwrap()]);
    let codes: Vec<String> =
        cli(hub_dir.path(), &["attendees", "list"]).as_array().unwrap().iter().map(|a| a["code"].as_str().unwrap().to_string()).collect();
    let (mut hub_proc, port) = hub(hub_dir.path(), 0);
    println!("venue network over loopback TLS, hub = {} serve ({} people)", bin().display(), codes.len());

    let desks: Vec<_> = (0..4).map(|i| desk(hub_dir.path(), &format!("Banc {i}"))).collect();
    let ks: Vec<Arc<Kiosk>> = desks.iter().map(|(_, k)| k.clone()).collect();

    // Warm-up (connections, statements).
    race(&ks[..1], &codes[..50]);
    let (mut one, _) = race(&ks[..1], &codes[50..550]);
    println!("1 desk,  500 scans: p50 {:.2} ms  p99 {:.2} ms", pct(&mut one, 0.5), pct(&mut one, 0.99));
    println!("BENCH desk → hub → verdict, 1 desk, p99 = {:.2} ms", pct(&mut one, 0.99));
    let (mut four, wall) = race(&ks, &codes[550..3550]);
    let n = four.len();
    println!(
        "4 desks, {n} scans: p50 {:.2} ms  p99 {:.2} ms; hub throughput {:.0} check-ins/s",
        pct(&mut four, 0.5),
        pct(&mut four, 0.99),
        n as f64 / wall.as_secs_f64()
    );
    println!("scans decided alone (no answer within the timeout) so far: {}", ALONE.load(std::sync::atomic::Ordering::Relaxed));
    println!("BENCH desk → hub → verdict, 4 desks, p99 = {:.2} ms", pct(&mut four, 0.99));
    println!("BENCH hub throughput, 4 desks = {:.0} check-ins/s", n as f64 / wall.as_secs_f64());
    let stats = cli(hub_dir.path(), &["stats"]);
    println!("hub: {} admitted, {} scans", stats["admitted"], stats["scans"]);

    // The hub vanishes (killed): how long the next scan takes to be decided alone.
    hub_proc.kill().unwrap();
    hub_proc.wait().unwrap();
    let d = &ks[0];
    let t = Instant::now();
    let o = d.scan(&codes[3550], None, None).unwrap();
    assert!(o.offline);
    println!("hub killed: first scan decided alone in {:.1} ms (connection refused)", t.elapsed().as_secs_f64() * 1000.0);
    // Queue 1,000 scans while cut off.
    let t = Instant::now();
    for c in &codes[3551..4000] {
        d.scan(c, None, None).unwrap();
    }
    for c in &codes[..551] {
        d.scan(c, None, None).unwrap();
    }
    let waiting = d.link_status().unwrap().waiting;
    println!("{} scans decided alone in {:.0} ms ({:.2} ms each)", waiting, t.elapsed().as_secs_f64() * 1000.0, t.elapsed().as_secs_f64() * 1000.0 / waiting as f64);

    // A hub that accepts and never answers (frozen machine): the timeout decides.
    let hung = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let hung_port = hung.local_addr().unwrap().port();
    let held = std::thread::spawn(move || {
        let conns: Vec<_> = hung.incoming().take(1).collect();
        std::thread::sleep(Duration::from_secs(3));
        drop(conns);
    });
    let (hung_dir, hung_desk) = {
        let dir = tempfile::tempdir().unwrap();
        let k = Kiosk::open(Options { dir: dir.path().to_path_buf(), clock: VenueClock::Real, desk: Some("Gelé".into()), demo: false }).unwrap();
        let l = link::HttpsLink::new(&["127.0.0.1".to_string()], hung_port, &"0".repeat(64), Some("x".into())).unwrap();
        k.attach(Arc::new(l));
        (dir, k)
    };
    let t = Instant::now();
    let o = hung_desk.scan("1234567890123", None, None).unwrap();
    assert!(o.offline);
    println!("hub frozen: scan decided alone after {:.0} ms (timeout {} ms)", t.elapsed().as_secs_f64() * 1000.0, link::HUB_TIMEOUT.as_millis());
    drop(hung_dir);
    let _ = held.join();

    // The hub comes back: the 1,000 queued scans go up.
    let (mut hub_proc, _) = hub(hub_dir.path(), port);
    let t = Instant::now();
    let r = d.sync().unwrap();
    println!(
        "upload of {} queued scans: {:.0} ms ({} new, {} already there, {} conflicts)",
        waiting,
        t.elapsed().as_secs_f64() * 1000.0,
        r.uploaded,
        r.duplicates,
        r.conflicts
    );
    hub_proc.kill().unwrap();
    let _ = hub_proc.wait();
}
