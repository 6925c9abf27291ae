//! A hub and two desks in real processes, each desk behind a fault proxy of the test's own
//! (`fault_proxy.rs`): exactly-once while connected, decisions alone during a partition,
//! the late delivery of a request a desk gave up on, conflicts after healing equal to the
//! people let in on both sides, half-open links, delay and loss; nothing lost. Every wait
//! is bounded; only 127.0.0.1.

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use super::fault_proxy::Proxy;
use super::venue::{hub_stats, join, pairing, Hub};
use super::{bin, demo_store, json, run};

/// A desk that stays up: `checkin --batch -`, fed one code at a time, read one verdict at
/// a time (its link kept warm, its uploads retried, as the app's).
struct Desk {
    child: Child,
    stdin: ChildStdin,
    lines: mpsc::Receiver<serde_json::Value>,
}

impl Desk {
    fn start(dir: &Path) -> Desk {
        let mut child = bin()
            .arg("--data")
            .arg(dir)
            .args(["checkin", "--batch", "-"])
            .env_remove("KIOSK_DATA")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let stdin = child.stdin.take().unwrap();
        let stdout = child.stdout.take().unwrap();
        let (tx, lines) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if tx.send(serde_json::from_str(&line).unwrap_or(serde_json::Value::Null)).is_err() {
                    return;
                }
            }
        });
        Desk { child, stdin, lines }
    }

    fn scan(&mut self, code: &str) -> serde_json::Value {
        writeln!(self.stdin, "{code}").unwrap();
        self.stdin.flush().unwrap();
        self.lines.recv_timeout(Duration::from_secs(30)).expect("a verdict within 30 s")
    }
}

impl Drop for Desk {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn desk_behind(hub_dir: &Path, proxy: &Proxy, name: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let text = pairing(hub_dir, "desk", &["--port", &proxy.port.to_string()]);
    let out = join(dir.path(), &text, name);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    dir
}

/// Waits (at most `limit`) until the hub's figures say what `done` wants.
fn until(hub_dir: &Path, limit: Duration, done: impl Fn(&serde_json::Value) -> bool) -> serde_json::Value {
    let start = Instant::now();
    loop {
        let s = hub_stats(hub_dir);
        if done(&s) || start.elapsed() > limit {
            return s;
        }
        std::thread::sleep(Duration::from_millis(200));
    }
}

fn admitted(v: &serde_json::Value) -> bool {
    v["verdict"] == "admitted"
}

#[test]
fn two_desks_behind_faulty_links_admit_each_person_once_and_flag_every_double_entry() {
    let hub_dir = tempfile::tempdir().unwrap();
    let codes = demo_store(hub_dir.path());
    let hub = Hub::start(hub_dir.path(), 0);
    let (pa, pb) = (Proxy::start(hub.port), Proxy::start(hub.port));
    for p in [&pa, &pb] {
        p.set(|l| l.delay = Duration::from_millis(20));
    }
    let (dir_a, dir_b) = (desk_behind(hub_dir.path(), &pa, "Entrée A"), desk_behind(hub_dir.path(), &pb, "Entrée B"));
    let (mut a, mut b) = (Desk::start(dir_a.path()), Desk::start(dir_b.path()));

    // Connected: both doors scan the same 20 tickets; each person is let in once.
    let mut counts = std::collections::BTreeMap::<&str, usize>::new();
    for c in &codes[0..20] {
        let (va, vb) = (a.scan(c), b.scan(c));
        assert!(!va["offline"].as_bool().unwrap() && !vb["offline"].as_bool().unwrap(), "{va} {vb}");
        assert_eq!([admitted(&va), admitted(&vb)].iter().filter(|x| **x).count(), 1, "{va} {vb}");
        *counts.entry("connected scans").or_default() += 2;
    }
    assert_eq!(hub_stats(hub_dir.path())["admitted"], 20);

    // Partition at door A. Its first request is held by the link (the desk gives up on it
    // and decides alone); door B meanwhile lets in codes 20–29, five of whom door A lets in
    // alone too (20–24), with five of its own (30–34).
    pa.set(|l| l.partitioned = true);
    for c in codes[20..25].iter().chain(&codes[30..35]) {
        let v = a.scan(c);
        assert!(admitted(&v) && v["offline"] == true, "decided alone: {v}");
        *counts.entry("decided alone, partition").or_default() += 1;
    }
    for c in &codes[20..30] {
        let v = b.scan(c);
        assert!(admitted(&v) && v["offline"] == false, "{v}");
    }
    // Healed: the held request arrives late, the desk uploads what it decided; five people
    // were let in at both doors, and five conflicts say so, the late one included.
    pa.set(|l| l.partitioned = false);
    let s = until(hub_dir.path(), Duration::from_secs(40), |s| s["admitted"] == 35 && s["conflicts"].as_array().is_some_and(|c| c.len() == 5));
    assert_eq!(s["admitted"], 35, "{s}");
    let conflicts = s["conflicts"].as_array().unwrap();
    if conflicts.len() != 5 {
        let db = rusqlite::Connection::open(hub_dir.path().join("event.sqlite")).unwrap();
        let mut st = db.prepare("SELECT machine_id, session, seq, at, what, conflict, conflict_kind, substr(outcome, 1, 160) FROM desk_entries ORDER BY rowid").unwrap();
        let rows: Vec<String> = st
            .query_map([], |r| Ok(format!("{:?} {:?} {:?} {:?} {:?} {:?} {:?} {:?}", r.get::<_, i64>(0)?, r.get::<_, String>(1)?, r.get::<_, i64>(2)?, r.get::<_, Option<String>>(3)?, r.get::<_, Option<String>>(4)?, r.get::<_, bool>(5)?, r.get::<_, Option<String>>(6)?, r.get::<_, String>(7)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        eprintln!("codes 20..25: {:?}", &codes[20..25]);
        for r in rows {
            eprintln!("{r}");
        }
    }
    assert_eq!(conflicts.len(), 5, "{conflicts:?}");
    assert!(conflicts.iter().all(|c| c["kind"] == "twice" && c["desk"] == "Entrée A" && c["first_desk"] == "Entrée B"), "{conflicts:?}");
    counts.insert("conflicts after healing", conflicts.len());

    // Half-open at door B: the hub hears, the desk never gets the answer: it decides alone,
    // and its later upload counts nothing twice and flags nothing.
    pb.set(|l| l.half_open = true);
    for c in &codes[40..43] {
        let v = b.scan(c);
        assert!(admitted(&v) && v["offline"] == true, "{v}");
        *counts.entry("decided alone, half-open").or_default() += 1;
    }
    pb.set(|l| l.half_open = false);
    let s = until(hub_dir.path(), Duration::from_secs(40), |s| s["admitted"] == 38);
    assert_eq!(s["admitted"], 38, "{s}");
    assert_eq!(s["conflicts"].as_array().unwrap().len(), 5, "no false conflict");

    // Delay and loss at door A (50 ms each way, 5 % of chunks late by a retransmission):
    // every scan is decided exactly once, with the hub or alone, and nothing is lost.
    pa.set(|l| {
        l.delay = Duration::from_millis(50);
        l.loss = 0.05;
    });
    let mut alone = 0;
    for c in &codes[50..90] {
        let v = a.scan(c);
        assert!(admitted(&v), "{v}");
        alone += usize::from(v["offline"] == true);
    }
    counts.insert("scans over 50 ms + 5 % loss", 40);
    counts.insert("of which decided alone", alone);
    let s = until(hub_dir.path(), Duration::from_secs(40), |s| s["admitted"] == 78);
    assert_eq!(s["admitted"], 78, "nothing lost: {s}");
    assert_eq!(s["conflicts"].as_array().unwrap().len(), 5);
    drop((a, b));
    for d in [&dir_a, &dir_b] {
        let r = json(&run(d.path(), &["--json", "sync"]));
        assert_eq!(r["waiting"], 0, "nothing left waiting: {r}");
    }
    eprintln!("fault proxy counts: {counts:?}");
}
