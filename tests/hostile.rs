//! The venue network as an attacker on the venue's Wi-Fi and a volunteer at a joined desk
//! would try it, with real processes on 127.0.0.1: a desk removed, a folder that is not
//! blank, a purge, a hub whose disk is full, a desk whose disk is full. Every wait bounded.

use std::path::{Path, PathBuf};
use std::time::Duration;

use super::venue::{batch, hub_stats, join, joined_desk, lines, pairing, Hub};
use super::{demo_store, json, run};

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).to_string()
}

#[test]
fn a_removed_desk_and_the_hubs_purge_end_what_a_joined_desk_holds() {
    let hub_dir = tempfile::tempdir().unwrap();
    let codes = demo_store(hub_dir.path());
    let _hub = Hub::start(hub_dir.path(), 0);
    // A folder that holds an event does not join, and the code is not spent by it.
    let text = pairing(hub_dir.path(), "desk", &[]);
    let full = tempfile::tempdir().unwrap();
    demo_store(full.path());
    let out = join(full.path(), &text, "Entrée Z");
    assert!(!out.status.success());
    assert!(stderr(&out).contains("dossier vide"), "{}", stderr(&out));
    let a = tempfile::tempdir().unwrap();
    let out = join(a.path(), &text, "Entrée A");
    assert!(out.status.success(), "the same code still works: {}", stderr(&out));
    let b = joined_desk(hub_dir.path(), "Entrée B");
    // The organiser lists the machines and removes desk A.
    let list = json(&run(hub_dir.path(), &["--json", "machines", "list"]));
    let names: Vec<&str> = list.as_array().unwrap().iter().map(|m| m["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["Entrée A", "Entrée B"]);
    assert!(list[0]["expires_at"].is_string());
    let out = run(hub_dir.path(), &["--json", "machines", "revoke", "Entrée A"]);
    assert!(out.status.success(), "{}", stderr(&out));
    // Desk A is refused at once, lets nobody in, erases its copy and says why.
    let out = run(a.path(), &["--json", "checkin", &codes[0]]);
    assert!(!out.status.success());
    assert!(stderr(&out).contains("retiré du réseau"), "{}", stderr(&out));
    assert_eq!(json(&run(a.path(), &["--json", "attendees", "list"])).as_array().unwrap().len(), 0, "its copy is erased");
    assert_eq!(hub_stats(hub_dir.path())["admitted"], 0);
    // Desk B works, until the organiser purges the event.
    assert_eq!(json(&run(b.path(), &["--json", "checkin", &codes[1]]))["verdict"], "admitted");
    let out = run(hub_dir.path(), &["--json", "purge", "--confirm", "EFFACER"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let list = json(&run(hub_dir.path(), &["--json", "machines", "list"]));
    assert!(list[1]["purge_told_at"].is_null(), "desk B not told yet");
    let out = run(b.path(), &["--json", "sync"]);
    assert!(!out.status.success());
    assert!(stderr(&out).contains("effacé"), "{}", stderr(&out));
    assert_eq!(json(&run(b.path(), &["--json", "attendees", "list"])).as_array().unwrap().len(), 0);
    let list = json(&run(hub_dir.path(), &["--json", "machines", "list"]));
    assert!(list[1]["purge_told_at"].is_string(), "desk B told: {list}");
}

/// A tmpfs of `mb` megabytes this test mounts (and unmounts when dropped): a disk that can
/// be filled for real.
struct SmallDisk {
    dir: tempfile::TempDir,
}

impl SmallDisk {
    fn new(mb: u32) -> SmallDisk {
        let dir = tempfile::tempdir().unwrap();
        let out = std::process::Command::new("mount").args(["-t", "tmpfs", "-o", &format!("size={mb}m"), "tmpfs"]).arg(dir.path()).output().unwrap();
        assert!(out.status.success(), "mounting a tmpfs needs root: {}", String::from_utf8_lossy(&out.stderr));
        SmallDisk { dir }
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Fills the disk to its last byte; returns the file to remove to free it.
    fn fill(&self) -> PathBuf {
        use std::io::Write;
        let path = self.path().join("filler");
        let mut f = std::fs::File::create(&path).unwrap();
        let block = vec![0u8; 64 * 1024];
        for _ in 0..100_000 {
            if f.write_all(&block).is_err() {
                break;
            }
        }
        for _ in 0..100_000 {
            if f.write_all(&[0]).is_err() {
                break;
            }
        }
        path
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = std::process::Command::new("umount").arg("-l").arg(self.dir.path()).status();
    }
}

#[test]
fn a_hub_whose_disk_is_full_is_an_absent_hub_and_a_desks_batch_goes_on_past_its_own() {
    let disk = SmallDisk::new(24);
    let hub_dir = disk.path().join("hub");
    let codes = demo_store(&hub_dir);
    let _hub = Hub::start(&hub_dir, 0);
    let desk = joined_desk(&hub_dir, "Entrée A");
    assert_eq!(json(&run(desk.path(), &["--json", "checkin", &codes[0]]))["verdict"], "admitted");
    let filler = disk.fill();
    // The hub answers but cannot write: the desk decides alone, at once, and says so.
    let o = json(&run(desk.path(), &["--json", "checkin", &codes[1]]));
    assert_eq!((o["verdict"].as_str(), o["offline"].as_bool()), (Some("admitted"), Some(true)), "{o}");
    // Space again: the upload goes through, the hub's store is whole.
    std::fs::remove_file(filler).unwrap();
    let r = json(&run(desk.path(), &["--json", "sync"]));
    assert_eq!((r["uploaded"].as_i64(), r["waiting"].as_i64()), (Some(1), Some(0)), "{r}");
    assert_eq!(hub_stats(&hub_dir)["admitted"], 2);
    // A batch at the desk while the hub's disk is full again: every line decided, alone.
    let filler = disk.fill();
    let out = wait_with_timeout(batch(desk.path(), codes[2..7].to_vec()), Duration::from_secs(60));
    let answered = lines(&out.stdout);
    assert_eq!(answered.len(), 5, "{answered:?} {}", String::from_utf8_lossy(&out.stderr));
    assert!(answered.iter().all(|l| l["verdict"] == "admitted" && l["offline"] == true), "{answered:?}");
    std::fs::remove_file(filler).unwrap();
    assert_eq!(json(&run(desk.path(), &["--json", "sync"]))["uploaded"], 5);
    assert_eq!(hub_stats(&hub_dir)["admitted"], 7);
}

#[test]
fn a_batch_goes_on_past_a_line_its_own_full_disk_refused() {
    use std::io::{BufRead, BufReader, Write};
    let disk = SmallDisk::new(24);
    let own = disk.path().join("desk");
    let codes = demo_store(&own);
    let mut child = super::bin()
        .arg("--data")
        .arg(&own)
        .args(["checkin", "--batch", "-"])
        .env_remove("KIOSK_DATA")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    // The first line on a disk with room; the rest after the disk filled up.
    writeln!(stdin, "{}", codes[0]).unwrap();
    let mut first = String::new();
    stdout.read_line(&mut first).unwrap();
    assert!(first.contains("\"admitted\""), "{first}");
    let filler = disk.fill();
    for c in &codes[1..5] {
        writeln!(stdin, "{c}").unwrap();
    }
    drop(stdin);
    let rest: Vec<String> = stdout.lines().map_while(Result::ok).collect();
    let status = child.wait().unwrap();
    assert_eq!(rest.len(), 4, "every line answered, none dropped: {rest:?}");
    assert!(rest.iter().all(|l| l.contains("\"error\"")), "{rest:?}");
    assert_eq!(status.code(), Some(1), "a line failed: exit 1");
    // Room again: the store is whole, the first admission stands, the others can be redone.
    std::fs::remove_file(filler).unwrap();
    assert_eq!(json(&run(&own, &["--json", "stats"]))["admitted"], 1);
    assert_eq!(json(&run(&own, &["--json", "checkin", &codes[1]]))["verdict"], "admitted");
}

fn wait_with_timeout(mut child: std::process::Child, limit: Duration) -> std::process::Output {
    let start = std::time::Instant::now();
    while start.elapsed() < limit {
        if let Ok(Some(_)) = child.try_wait() {
            return child.wait_with_output().unwrap();
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let _ = child.kill();
    panic!("the batch did not end within {limit:?}");
}

/// A socket from `from` (any 127.0.0.0/8 address) to the hub.
async fn connect_from(from: [u8; 4], port: u16) -> std::io::Result<tokio::net::TcpStream> {
    let s = tokio::net::TcpSocket::new_v4()?;
    s.bind(std::net::SocketAddr::from((from, 0)))?;
    s.connect(std::net::SocketAddr::from(([127, 0, 0, 1], port))).await
}

/// Whether the hub closed this connection within `limit` (it read nothing more from it).
async fn closed_within(s: &mut tokio::net::TcpStream, limit: Duration) -> bool {
    use tokio::io::AsyncReadExt;
    let mut buf = [0u8; 4096];
    let end = tokio::time::Instant::now() + limit;
    loop {
        match tokio::time::timeout_at(end, s.read(&mut buf)).await {
            Ok(Ok(0)) | Ok(Err(_)) => return true,
            Ok(Ok(_)) => continue,
            Err(_) => return false,
        }
    }
}

#[test]
fn idle_sockets_streams_and_made_up_credentials_leave_the_desks_online() {
    use tokio::io::AsyncWriteExt;
    let hub_dir = tempfile::tempdir().unwrap();
    let codes = demo_store(hub_dir.path());
    // 256 descriptors: fewer than the sockets below.
    let hub = Hub::start_limited(hub_dir.path(), 0, Some(256));
    let a = joined_desk(hub_dir.path(), "Entrée A");
    let b = joined_desk(hub_dir.path(), "Entrée B");
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    let port = hub.port;
    // 500 idle sockets, each having sent one byte: 300 from one address, 200 from ten others.
    let idle = rt.block_on(async {
        let mut held = Vec::new();
        for i in 0..500u32 {
            let from = if i < 300 { [127, 0, 0, 2] } else { [127, 0, 0, 3 + (i % 10) as u8] };
            if let Ok(Ok(mut s)) = tokio::time::timeout(Duration::from_secs(2), connect_from(from, port)).await {
                let _ = s.write_all(b"G").await;
                held.push(s);
            }
        }
        held
    });
    // Headers that never end: the hub closes the connection when their time is up.
    let mut partial = rt.block_on(async {
        let mut s = connect_from([127, 0, 0, 14], port).await.unwrap();
        s.write_all(b"GET /screen HTTP/1.1\r\nHost: hub\r\n").await.unwrap();
        s
    });
    // Public streams from one address: capped, the rest told to slow down.
    let streams = rt.block_on(async {
        let mut ok = Vec::new();
        let mut refused = 0;
        for _ in 0..40 {
            let Ok(mut s) = connect_from([127, 0, 0, 13], port).await else { continue };
            s.write_all(b"GET /api/public/events?view=hall HTTP/1.1\r\nHost: hub\r\n\r\n").await.unwrap();
            let mut head = vec![0u8; 256];
            let n = tokio::time::timeout(Duration::from_secs(5), tokio::io::AsyncReadExt::read(&mut s, &mut head)).await.ok().and_then(Result::ok).unwrap_or(0);
            let head = String::from_utf8_lossy(&head[..n]).to_string();
            if head.starts_with("HTTP/1.1 200") {
                ok.push(s);
            } else if head.starts_with("HTTP/1.1 429") {
                refused += 1;
            }
        }
        (ok, refused)
    });
    assert_eq!(streams.0.len(), bluehats_kiosk::venue::screens::MAX_STREAMS_PER_ADDRESS, "streams served from one address");
    assert_eq!(streams.1, 40 - streams.0.len(), "the others refused with 429");
    // Made-up credentials over one TLS connection from one address: 401, then 429.
    let pinned = bluehats_kiosk::venue::identity::Pinned::new(&hub.fingerprint);
    let client = reqwest::Client::builder()
        .tls_backend_preconfigured(pinned.client_config().unwrap())
        .no_proxy()
        .local_address(std::net::IpAddr::from([127, 0, 0, 15]))
        .build()
        .unwrap();
    let statuses: Vec<u16> = rt.block_on(async {
        let mut v = Vec::new();
        for i in 0..300 {
            let r = client.get(format!("https://127.0.0.1:{port}/api/entrance")).bearer_auth(format!("made-up-{i:04}")).timeout(Duration::from_secs(5)).send().await;
            v.push(r.map(|r| r.status().as_u16()).unwrap_or(0));
        }
        v
    });
    let unauthorised = statuses.iter().filter(|s| **s == 401).count();
    let slowed = statuses.iter().filter(|s| **s == 429).count();
    assert!(unauthorised <= 20 && unauthorised + slowed == 300, "401: {unauthorised}, 429: {slowed}, {statuses:?}");
    // Meanwhile both desks decide every scan with the hub.
    for (i, desk) in [&a, &b].iter().enumerate() {
        for c in &codes[i * 10..i * 10 + 10] {
            let o = json(&run(desk.path(), &["--json", "checkin", c]));
            assert_eq!((o["verdict"].as_str(), o["offline"].as_bool()), (Some("admitted"), Some(false)), "{o}");
        }
    }
    assert_eq!(hub_stats(hub_dir.path())["admitted"], 20);
    // The public page answers a browser that is not flooding.
    let (status, body) = super::venue::http_get(port, "/api/public/screen_model?view=hall");
    assert!(status.contains("200"), "{status}");
    assert!(body.contains("\"clock\""));
    // A flood of plain requests from the desks' own address, then a join from it: pairing
    // has a budget of its own.
    rt.block_on(async {
        for _ in 0..300 {
            if let Ok(mut s) = connect_from([127, 0, 0, 1], port).await {
                let _ = s.write_all(b"GET /nope HTTP/1.1\r\nHost: hub\r\nConnection: close\r\n\r\n").await;
            }
        }
    });
    let c = tempfile::tempdir().unwrap();
    let out = join(c.path(), &pairing(hub_dir.path(), "desk", &[]), "Entrée C");
    assert!(out.status.success(), "a join after a flood: {}", stderr(&out));
    // The partial headers were not served for long.
    assert!(rt.block_on(closed_within(&mut partial, bluehats_kiosk::venue::hub::HEADERS + Duration::from_secs(5))), "partial headers held open");
    drop((idle, streams));
}

#[test]
fn a_joined_desk_undoes_its_own_admissions_registers_walk_ins_and_is_never_a_hub() {
    let hub_dir = tempfile::tempdir().unwrap();
    let codes = demo_store(hub_dir.path());
    let hub = Hub::start(hub_dir.path(), 0);
    let desk = joined_desk(hub_dir.path(), "Entrée A");
    let other = joined_desk(hub_dir.path(), "Entrée B");
    // `undo CODE`: this desk's own admission of that ticket, on the hub too.
    assert_eq!(json(&run(desk.path(), &["--json", "checkin", &codes[0]]))["verdict"], "admitted");
    let out = run(desk.path(), &["--json", "undo", &codes[0]]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(hub_stats(hub_dir.path())["admitted"], 0, "the hub counts nobody in");
    assert_eq!(json(&run(other.path(), &["--json", "checkin", &codes[0]]))["verdict"], "admitted", "the other door lets them in");
    // Its own admission was undone already; the other door's is not this desk's to undo.
    let out = run(desk.path(), &["--json", "undo", &codes[0]]);
    assert!(!out.status.success());
    assert!(stderr(&out).contains("aucune entrée à annuler"), "{}", stderr(&out));
    let out = run(other.path(), &["--json", "undo", &codes[1]]);
    assert!(!out.status.success(), "never admitted: nothing to undo");
    // `attendees add` at a joined desk is a walk-in at its door: on the hub, admitted.
    let added = json(&run(desk.path(), &["--json", "attendees", "add", "--name", "  Léa   Sur-Place ", "--email", "lea@exemple.invalid"]));
    assert_eq!(added["name"], "Léa Sur-Place");
    assert_eq!(hub_stats(hub_dir.path())["admitted"], 2);
    assert_eq!(json(&run(hub_dir.path(), &["--json", "search", "sur-place"])).as_array().unwrap().len(), 1);
    // A mistyped e-mail is said at once, and nothing waits in the desk's log.
    let out = run(desk.path(), &["--json", "attendees", "add", "--name", "Zoé", "--email", "zoe@"]);
    assert!(!out.status.success());
    assert_eq!(json(&run(desk.path(), &["--json", "sync"]))["waiting"], 0);
    // A joined desk is never a second hub, and gives no pairing code.
    let out = run(desk.path(), &["serve", "--listen", "127.0.0.1:0"]);
    assert!(!out.status.success());
    assert!(stderr(&out).contains("relié"), "{}", stderr(&out));
    let out = run(desk.path(), &["pair", "--role", "desk", "--address", "127.0.0.1", "--port", &hub.port.to_string()]);
    assert!(!out.status.success());
    // Nor does it take a PIN of its own.
    let out = run(desk.path(), &["pin", "1234"]);
    assert!(!out.status.success());
}
