//! The venue network with real processes on loopback: a headless hub (`serve`), desks that
//! joined it (`join`), check-ins through it, the hub killed and restarted, uploads killed
//! midway, pairing refused, and the public page read by a plain HTTP client. Every wait is
//! bounded; only 127.0.0.1 is used.

use std::collections::HashSet;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use super::{bin, demo_store, json, run};

/// A `serve` process; killed when dropped.
pub(super) struct Hub {
    child: Child,
    pub(super) port: u16,
    pub(super) fingerprint: String,
}

impl Hub {
    pub(super) fn start(data: &Path, port: u16) -> Hub {
        Hub::start_limited(data, port, None)
    }

    /// A hub whose process may hold at most `nofile` descriptors (`ulimit -n`).
    pub(super) fn start_limited(data: &Path, port: u16, nofile: Option<u64>) -> Hub {
        let mut cmd = bin();
        cmd.arg("--data")
            .arg(data)
            .args(["--json", "serve", "--listen", &format!("127.0.0.1:{port}")])
            .env_remove("KIOSK_DATA")
            .stdout(Stdio::piped())
            .stderr(Stdio::null());
        if let Some(n) = nofile {
            use std::os::unix::process::CommandExt;
            // SAFETY: setrlimit only, between fork and exec.
            unsafe {
                cmd.pre_exec(move || rlimit::setrlimit(rlimit::Resource::NOFILE, n, n));
            }
        }
        let mut child = cmd.spawn().unwrap();
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
        let v: serde_json::Value = serde_json::from_str(&line).unwrap_or_else(|e| panic!("{e}: {line:?}"));
        let port = v["listening"].as_str().unwrap().rsplit(':').next().unwrap().parse().unwrap();
        Hub { child, port, fingerprint: v["fingerprint"].as_str().unwrap().to_string() }
    }

    pub(super) fn kill(&mut self) {
        let _ = self.child.kill(); // SIGKILL
        let _ = self.child.wait();
    }
}

impl Drop for Hub {
    fn drop(&mut self) {
        self.kill();
    }
}

pub(super) fn pairing(hub_data: &Path, role: &str, extra: &[&str]) -> String {
    let mut args = vec!["--json", "pair", "--role", role, "--address", "127.0.0.1"];
    args.extend_from_slice(extra);
    let out = run(hub_data, &args);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    json(&out)["text"].as_str().unwrap().to_string()
}

pub(super) fn join(dir: &Path, text: &str, name: &str) -> std::process::Output {
    run(dir, &["--json", "--desk", name, "join", text])
}

pub(super) fn joined_desk(hub_data: &Path, name: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let out = join(dir.path(), &pairing(hub_data, "desk", &[]), name);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    dir
}

/// `checkin --batch -` fed with `codes`: the JSON line of each verdict, as acknowledged.
pub(super) fn batch(dir: &Path, codes: Vec<String>) -> Child {
    let mut child = bin()
        .arg("--data")
        .arg(dir)
        .args(["checkin", "--batch", "-"])
        .env_remove("KIOSK_DATA")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    std::thread::spawn(move || {
        let _ = stdin.write_all((codes.join("\n") + "\n").as_bytes());
    });
    child
}

pub(super) fn lines(out: &[u8]) -> Vec<serde_json::Value> {
    String::from_utf8_lossy(out).lines().map(|l| serde_json::from_str(l).unwrap()).collect()
}

pub(super) fn hub_stats(hub_data: &Path) -> serde_json::Value {
    json(&run(hub_data, &["--json", "stats"]))
}

#[test]
fn three_desks_racing_over_the_same_codes_admit_each_person_once() {
    let hub_dir = tempfile::tempdir().unwrap();
    let codes = demo_store(hub_dir.path());
    let _hub = Hub::start(hub_dir.path(), 0);
    let desks: Vec<_> = ["Entrée A", "Entrée B", "Entrée C"].iter().map(|n| joined_desk(hub_dir.path(), n)).collect();
    let orders = [codes.clone(), codes.iter().rev().cloned().collect(), codes[150..].iter().chain(&codes[..150]).cloned().collect()];
    let children: Vec<Child> = desks.iter().zip(orders).map(|(d, o)| batch(d.path(), o)).collect();
    let outputs: Vec<_> = children.into_iter().map(|c| c.wait_with_output().unwrap()).collect();
    let mut verdicts = Vec::new();
    for o in &outputs {
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        verdicts.extend(lines(&o.stdout));
    }
    assert_eq!(verdicts.len(), 900);
    // What must hold whatever the machine's speed: a desk that waited past its timeout (a
    // busy disk on the hub) decided alone and said so; once every desk has synced, each
    // person is in once on the hub, and exactly the people let in by more than one desk's
    // green are flagged as conflicts.
    for d in &desks {
        let out = run(d.path(), &["--json", "sync"]);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        assert_eq!(json(&out)["waiting"], 0);
    }
    let greens = |id: i64| verdicts.iter().filter(|v| v["verdict"] == "admitted" && v["person"]["id"] == id).count();
    let by_hub = verdicts.iter().filter(|v| v["offline"] == false).count();
    let ids: HashSet<i64> = verdicts.iter().filter_map(|v| v["person"]["id"].as_i64()).collect();
    assert_eq!(ids.len(), 300);
    let twice: HashSet<i64> = ids.iter().copied().filter(|&id| greens(id) > 1).collect();
    assert!(ids.iter().all(|&id| greens(id) >= 1), "everyone was let in at some door");
    let stats = hub_stats(hub_dir.path());
    assert_eq!(stats["admitted"], 300, "each person once on the hub");
    let flagged: HashSet<i64> = stats["conflicts"].as_array().unwrap().iter().filter_map(|c| c["attendee_id"].as_i64()).collect();
    assert_eq!(flagged, twice, "the double entries, and only them, are flagged");
    if by_hub == 900 {
        // The usual case: the hub answered every scan in time.
        let count = |k: &str| verdicts.iter().filter(|v| v["verdict"] == k).count();
        assert_eq!((count("admitted"), count("already_admitted")), (300, 600));
    }
    assert_eq!(stats["machines"].as_array().unwrap().len(), 3);
    assert!(stats["machines"].as_array().unwrap().iter().all(|m| !m["last_seen"].is_null()), "each desk's last contact is known");
}

/// The people a batch's output says were let in.
fn admitted_ids(verdicts: &[serde_json::Value]) -> HashSet<i64> {
    verdicts.iter().filter(|v| v["verdict"] == "admitted").map(|v| v["person"]["id"].as_i64().unwrap()).collect()
}

#[test]
fn the_hub_killed_mid_burst_loses_nothing_and_flags_exactly_the_double_entries() {
    let hub_dir = tempfile::tempdir().unwrap();
    let codes = demo_store(hub_dir.path());
    let mut hub = Hub::start(hub_dir.path(), 0);
    let port = hub.port;
    let (a, b) = (joined_desk(hub_dir.path(), "Entrée A"), joined_desk(hub_dir.path(), "Entrée B"));
    // Desk A goes through the first 200 codes, desk B the last 200 backwards: 100 people
    // are scanned at both doors.
    let mut child_a = batch(a.path(), codes[..200].to_vec());
    let child_b = batch(b.path(), codes[100..].iter().rev().cloned().collect());
    // The hub dies once desk A has had 40 verdicts acknowledged.
    let mut seen_a = Vec::new();
    let mut out_a = BufReader::new(child_a.stdout.take().unwrap()).lines();
    while seen_a.len() < 40 {
        seen_a.push(serde_json::from_str::<serde_json::Value>(&out_a.next().unwrap().unwrap()).unwrap());
    }
    hub.kill();
    seen_a.extend(out_a.map(|l| serde_json::from_str::<serde_json::Value>(&l.unwrap()).unwrap()));
    assert!(child_a.wait().unwrap().success());
    let out_b = child_b.wait_with_output().unwrap();
    assert!(out_b.status.success(), "{}", String::from_utf8_lossy(&out_b.stderr));
    let seen_b = lines(&out_b.stdout);
    assert_eq!((seen_a.len(), seen_b.len()), (200, 200), "no scan refused at either desk");
    assert!(seen_a.iter().any(|v| v["offline"] == true), "desk A went on alone");
    // The hub comes back on the same port; both desks upload what waits.
    let _hub = Hub::start(hub_dir.path(), port);
    for d in [&a, &b] {
        let r = run(d.path(), &["--json", "sync"]);
        assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
        assert_eq!(json(&r)["waiting"], 0);
    }
    // Every person let in anywhere is in on the hub.
    let (in_a, in_b) = (admitted_ids(&seen_a), admitted_ids(&seen_b));
    let everyone: HashSet<i64> = in_a.union(&in_b).copied().collect();
    let stats = hub_stats(hub_dir.path());
    assert_eq!(stats["admitted"].as_i64().unwrap(), everyone.len() as i64);
    assert_eq!(everyone.len(), 300);
    // Flagged: exactly the people let in at both doors.
    let flagged: HashSet<i64> = stats["conflicts"].as_array().unwrap().iter().map(|c| c["attendee_id"].as_i64().unwrap()).collect();
    let twice: HashSet<i64> = in_a.intersection(&in_b).copied().collect();
    assert_eq!(flagged, twice);
    // A second sync finds nothing to do.
    assert_eq!(json(&run(a.path(), &["--json", "sync"]))["uploaded"], 0);
    // The conflicts are exported with the figures, one line each.
    let figures = tempfile::tempdir().unwrap();
    let out = json(&run(hub_dir.path(), &["--json", "stats", "--figures", figures.path().to_str().unwrap()]));
    let file = out["figures"]["conflicts"].as_str().map(std::path::PathBuf::from);
    if twice.is_empty() {
        assert!(file.is_none());
    } else {
        let text = std::fs::read_to_string(file.unwrap()).unwrap();
        assert_eq!(text.lines().count(), twice.len() + 1, "{text}");
    }
}

#[test]
fn a_desk_killed_mid_upload_counts_nothing_twice() {
    let hub_dir = tempfile::tempdir().unwrap();
    let codes = demo_store(hub_dir.path());
    let mut hub = Hub::start(hub_dir.path(), 0);
    let port = hub.port;
    let desk = joined_desk(hub_dir.path(), "Entrée A");
    hub.kill();
    // Alone: 300 people in, all waiting.
    let out = batch(desk.path(), codes.clone()).wait_with_output().unwrap();
    assert!(lines(&out.stdout).iter().all(|v| v["offline"] == true && v["verdict"] == "admitted"));
    let _hub = Hub::start(hub_dir.path(), port);
    // An upload killed at a few points of its run, then one left to finish.
    for ms in [20, 60, 150] {
        let mut sync = bin().arg("--data").arg(desk.path()).arg("sync").env_remove("KIOSK_DATA").stdout(Stdio::null()).spawn().unwrap();
        std::thread::sleep(Duration::from_millis(ms));
        let _ = sync.kill();
        let _ = sync.wait();
    }
    let r = json(&run(desk.path(), &["--json", "sync"]));
    assert_eq!(r["waiting"], 0);
    let stats = hub_stats(hub_dir.path());
    assert_eq!(stats["admitted"], 300);
    assert_eq!(stats["scans"], 300, "each entry recorded once on the hub");
    assert_eq!(stats["conflicts"].as_array().unwrap().len(), 0);
}

#[test]
fn pairing_codes_that_are_expired_reused_forged_or_for_another_hub_are_refused() {
    let hub_dir = tempfile::tempdir().unwrap();
    demo_store(hub_dir.path());
    let hub = Hub::start(hub_dir.path(), 0);
    let refused = |text: &str, says: &str| {
        let dir = tempfile::tempdir().unwrap();
        let out = join(dir.path(), text, "Entrée Z");
        assert!(!out.status.success());
        let msg = String::from_utf8_lossy(&out.stderr).to_string();
        assert!(msg.contains(says), "expected {says:?} in {msg}");
        // Nothing adopted: the folder is still blank.
        let list = json(&run(dir.path(), &["--json", "attendees", "list"]));
        assert_eq!(list.as_array().unwrap().len(), 0);
    };
    // Expired.
    let old = pairing(hub_dir.path(), "desk", &["--ttl", "1"]);
    std::thread::sleep(Duration::from_millis(1100));
    refused(&old, "pairing code expired");
    // Used once, refused the second time.
    let text = pairing(hub_dir.path(), "desk", &[]);
    assert!(join(tempfile::tempdir().unwrap().path(), &text, "Entrée B").status.success());
    refused(&text, "déjà utilisé");
    // Forged token, and a fingerprint that is not this hub's.
    let edit = |text: &str, f: &dyn Fn(&mut serde_json::Value)| {
        use data_encoding::BASE64URL_NOPAD;
        let body = text.strip_prefix("BHPAIR1:").unwrap();
        let mut v: serde_json::Value = serde_json::from_slice(&BASE64URL_NOPAD.decode(body.as_bytes()).unwrap()).unwrap();
        f(&mut v);
        format!("BHPAIR1:{}", BASE64URL_NOPAD.encode(v.to_string().as_bytes()))
    };
    let fresh = pairing(hub_dir.path(), "desk", &[]);
    refused(&edit(&fresh, &|v| v["token"] = "0123456789abcdef0123456789abcdef".into()), "déjà utilisé ou inconnu");
    refused(&edit(&fresh, &|v| v["fingerprint"] = "ab".repeat(32).into()), "empreinte");
    assert_ne!(hub.fingerprint, "ab".repeat(32));
    refused("BHPAIR1:pas-du-tout", "abîmé");
    // The token that was not spent still works.
    assert!(join(tempfile::tempdir().unwrap().path(), &fresh, "Entrée C").status.success());
    // Without TLS, the paired routes give nothing.
    let (status, body) = http_get(hub.port, "/api/entrance?since=0");
    assert!(status.contains("403"), "{status}");
    assert!(!body.contains("@exemple.invalid"));
}

/// A plain HTTP/1.1 GET over loopback: (status line, body).
pub(super) fn http_get(port: u16, path: &str) -> (String, String) {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    write!(s, "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n").unwrap();
    let mut text = String::new();
    let _ = s.read_to_string(&mut text);
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    (head.lines().next().unwrap_or_default().to_string(), body.to_string())
}

/// An SSE stream read until `until` says stop or `limit` passes: what arrived, and when.
fn sse(port: u16, path: &str, limit: Duration, until: impl Fn(&str) -> bool) -> (String, Option<Instant>) {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(Duration::from_millis(200))).unwrap();
    write!(s, "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n").unwrap();
    let start = Instant::now();
    let mut text = String::new();
    let mut buf = [0u8; 8192];
    while start.elapsed() < limit {
        if let Ok(n) = s.read(&mut buf) {
            if n == 0 {
                break;
            }
            text.push_str(&String::from_utf8_lossy(&buf[..n]));
            if until(&text) {
                return (text, Some(Instant::now()));
            }
        }
    }
    (text, None)
}

#[test]
fn the_public_page_and_a_paired_screen_carry_nothing_personal_and_follow_staff() {
    let hub_dir = tempfile::tempdir().unwrap();
    let codes = demo_store(hub_dir.path());
    let people = json(&run(hub_dir.path(), &["--json", "attendees", "list"]));
    let hub = Hub::start(hub_dir.path(), 0);
    // Some people in, so that names exist in every table.
    for c in &codes[..20] {
        run(hub_dir.path(), &["checkin", c]);
    }
    let screen_dir = tempfile::tempdir().unwrap();
    assert!(join(screen_dir.path(), &pairing(hub_dir.path(), "screen", &[]), "Écran hall").status.success());
    let mut payloads = Vec::new();
    for path in ["/screen?position=door", "/api/public/screen_model", "/api/public/screen_model?view=hall&position=hall", "/api/public/plan?position=door", "/js/signage.js"] {
        let (status, body) = http_get(hub.port, path);
        assert!(status.contains("200"), "{path}: {status}");
        payloads.push(body);
    }
    // The desk's sounds and the organiser's exports are not served; nor is anything personal.
    assert!(http_get(hub.port, "/assets/sounds/admitted.wav").0.contains("404"));
    // A staff action reaches the public stream.
    let port = hub.port;
    let watcher = std::thread::spawn(move || sse(port, "/api/public/events?position=hall", Duration::from_secs(8), |t| t.matches("event: screen").count() >= 2));
    std::thread::sleep(Duration::from_millis(700));
    assert!(run(hub_dir.path(), &["live", "announce", "Salle 223M : entrée par la porte B"]).status.success());
    let (stream, got) = watcher.join().unwrap();
    assert!(got.is_some(), "the announcement was pushed: {stream}");
    assert!(stream.contains("porte B"), "{stream}");
    payloads.push(stream);
    // The screen that joined holds the event and programme, and nobody.
    let listed = json(&run(screen_dir.path(), &["--json", "attendees", "list"]));
    assert_eq!(listed.as_array().unwrap().len(), 0);
    let shown = json(&run(screen_dir.path(), &["--json", "programme", "show"]));
    assert!(!shown["blocks"].as_array().unwrap().is_empty());
    for p in &payloads {
        for a in people.as_array().unwrap() {
            for field in ["name", "email", "code"] {
                if let Some(v) = a[field].as_str() {
                    assert!(!p.contains(v), "a public payload holds {field} {v}");
                }
            }
        }
    }
}

/// The credential a joined desk keeps in its store (read as a person with the file could).
pub(super) fn credential(desk: &Path) -> String {
    let db = rusqlite::Connection::open(desk.join("event.sqlite")).unwrap();
    let link: String = db.query_row("SELECT value FROM settings WHERE key = 'hub_link'", [], |r| r.get(0)).unwrap();
    serde_json::from_str::<serde_json::Value>(&link).unwrap()["credential"].as_str().unwrap().to_string()
}

#[test]
fn malformed_oversized_and_unauthenticated_requests_are_refused_without_effect() {
    let hub_dir = tempfile::tempdir().unwrap();
    demo_store(hub_dir.path());
    let hub = Hub::start(hub_dir.path(), 0);
    let desk = joined_desk(hub_dir.path(), "Entrée A");
    let cred = credential(desk.path());
    let pinned = bluehats_kiosk::venue::identity::Pinned::new(&hub.fingerprint);
    // A new connection per request: the hub closes one whose body it refused unread.
    let client = reqwest::Client::builder().tls_backend_preconfigured(pinned.client_config().unwrap()).no_proxy().pool_max_idle_per_host(0).build().unwrap();
    let url = format!("https://127.0.0.1:{}/api/entries", hub.port);
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let post = |body: Vec<u8>, auth: Option<&str>| -> u16 {
        rt.block_on(async {
            let mut req = client.post(&url).body(body).timeout(Duration::from_secs(10));
            if let Some(a) = auth {
                req = req.bearer_auth(a);
            }
            req.send().await.map(|r| r.status().as_u16()).unwrap_or(0)
        })
    };
    let entry = |seq: i64| serde_json::json!({ "seq": seq, "at": "2021-11-09T09:00:00Z", "action": { "kind": "scan", "code": "1234567890", "as_us": null }, "offline": null });
    let one = serde_json::to_vec(&vec![entry(1)]).unwrap();
    assert_eq!(post(one.clone(), None), 401, "no credential");
    assert_eq!(post(one.clone(), Some("forged-credential")), 401, "unknown credential");
    assert_eq!(post(b"{not json".to_vec(), Some(&cred)), 400, "malformed");
    assert_eq!(post(vec![b' '; 2 << 20], Some(&cred)), 413, "too large");
    let many: Vec<_> = (0..1001).map(entry).collect();
    assert_eq!(post(serde_json::to_vec(&many).unwrap(), Some(&cred)), 413, "too many entries");
    assert_eq!(hub_stats(hub_dir.path())["scans"], 0, "nothing was recorded");
    // The same request, well formed and signed, is taken.
    assert_eq!(post(one, Some(&cred)), 200);
    assert_eq!(hub_stats(hub_dir.path())["scans"], 1);
}

#[test]
fn a_screen_is_placed_when_it_joins_and_from_the_hubs_list_of_machines() {
    let hub_dir = tempfile::tempdir().unwrap();
    demo_store(hub_dir.path());
    let hub = Hub::start(hub_dir.path(), 0);
    let screen = tempfile::tempdir().unwrap();
    let text = pairing(hub_dir.path(), "screen", &[]);
    let out = run(screen.path(), &["--json", "--desk", "Écran porte", "join", &text, "--position", "door", "--room", "223M"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    // The screen's own copy says where it stands, with the way from there.
    let m = json(&run(screen.path(), &["--json", "screen", "show"]));
    assert_eq!((m["position"]["key"].as_str(), m["rooms"][0]["way"]["arrow"].as_str()), (Some("door"), Some("here")));
    // The hub's organiser moves it to the escalator: the hub's answer to that screen says so.
    let placed = json(&run(hub_dir.path(), &["--json", "screen", "set", "--machine", "Écran porte", "--position", "escalator"]));
    assert_eq!(placed["screen_position"], "escalator");
    let cred = credential(screen.path());
    let pinned = bluehats_kiosk::venue::identity::Pinned::new(&hub.fingerprint);
    let client = reqwest::Client::builder().tls_backend_preconfigured(pinned.client_config().unwrap()).no_proxy().build().unwrap();
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let model: serde_json::Value = rt.block_on(async {
        let r = client.get(format!("https://127.0.0.1:{}/api/screen?position=door", hub.port)).bearer_auth(&cred).timeout(Duration::from_secs(10)).send().await.unwrap();
        r.json().await.unwrap()
    });
    assert_eq!(model["position"]["key"], "escalator", "the hub's placement wins over the screen's own");
    assert_eq!(model["rooms"][0]["way"]["arrow"], "right");
    // A desk is not a screen: it cannot be placed.
    joined_desk(hub_dir.path(), "Entrée A");
    let out = run(hub_dir.path(), &["screen", "set", "--machine", "Entrée A", "--position", "door"]);
    assert_eq!(out.status.code(), Some(3));
}
