//! The venue network on a hostile LAN and on a slow, lossy link, with real processes:
//!
//! 1. **Hostile LAN** (loopback): a hub process (`serve`) held to 1,024 descriptors; an
//!    attacker in this process holding 1,100 idle sockets (from 40 loopback addresses), 300
//!    public event streams (10 addresses) and a flood of made-up credentials (one address,
//!    four keep-alive connections, as fast as they go); two desks in this process, joined as
//!    the app's desks are (warm link), each scanning 500 tickets. Latency per scan, with and
//!    without the attack, and what the attacker got.
//! 2. **Slow, lossy link**: two network namespaces made here, joined by a TUN bridge in this
//!    process that delays every packet 50 ms each way and drops 5 % of them; the hub in one,
//!    a desk that stays up (`checkin --batch -`) in the other: how many of its scans wait
//!    past the 800 ms and are decided alone; then one process per scan.
//!
//! Root (namespaces, TUN). `cargo build --release && cargo run --release --example
//! network-bench` (runs target/release/bluehats-kiosk, or $BLUEHATS_BIN). Only loopback
//! addresses and the namespaces it makes (10.77.0.0/24 inside them) are used.

use std::io::{BufRead, BufReader, Write};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use bluehats_core::clock::VenueClock;
use bluehats_core::service::{Kiosk, Options};
use bluehats_kiosk::venue::link;

fn bin() -> PathBuf {
    std::env::var_os("BLUEHATS_BIN").map(PathBuf::from).unwrap_or_else(|| PathBuf::from("target/release/bluehats-kiosk"))
}

fn cli(data: &Path, args: &[&str]) -> serde_json::Value {
    let out = Command::new(bin()).arg("--data").arg(data).arg("--json").args(args).output().expect("the binary runs");
    assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).expect("json")
}

/// `serve` on `listen`, in network namespace `ns` if given, with at most `nofile` descriptors.
fn hub(data: &Path, listen: &str, ns: Option<&str>, nofile: Option<u64>) -> (Child, u16, String) {
    let mut cmd = match ns {
        Some(ns) => {
            let mut c = Command::new("ip");
            c.args(["netns", "exec", ns]).arg(bin());
            c
        }
        None => Command::new(bin()),
    };
    cmd.arg("--data").arg(data).args(["--json", "serve", "--listen", listen]).stdout(Stdio::piped()).stderr(Stdio::null());
    if let Some(n) = nofile {
        // SAFETY: setrlimit only, between fork and exec.
        unsafe {
            cmd.pre_exec(move || {
                let lim = libc::rlimit { rlim_cur: n, rlim_max: n };
                if libc::setrlimit(libc::RLIMIT_NOFILE, &lim) == 0 { Ok(()) } else { Err(std::io::Error::last_os_error()) }
            });
        }
    }
    let mut child = cmd.spawn().expect("hub starts");
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
    let v: serde_json::Value = serde_json::from_str(&line).unwrap_or_else(|e| panic!("{e}: {line}"));
    let port = v["listening"].as_str().unwrap().rsplit(':').next().unwrap().parse().unwrap();
    (child, port, v["fingerprint"].as_str().unwrap().to_string())
}

fn pct(v: &mut [f64], p: f64) -> f64 {
    v.sort_by(|a, b| a.partial_cmp(b).unwrap());
    v[((v.len() as f64 - 1.0) * p).round() as usize]
}

fn summary(name: &str, lat: &mut [f64], alone: usize) {
    println!(
        "{name}: {} scans, p50 {:.1} ms, p95 {:.1} ms, p99 {:.1} ms, max {:.1} ms; decided alone {alone} ({:.1} %)",
        lat.len(),
        pct(lat, 0.5),
        pct(lat, 0.95),
        pct(lat, 0.99),
        pct(lat, 1.0),
        alone as f64 * 100.0 / lat.len() as f64
    );
}

// ---------------------------------------------------------------- 1. hostile LAN

fn joined(hub_data: &Path, name: &str) -> (tempfile::TempDir, Arc<Kiosk>) {
    let dir = tempfile::tempdir().unwrap();
    let k = Kiosk::open(Options { dir: dir.path().to_path_buf(), clock: VenueClock::Real, desk: Some(name.into()), demo: false }).unwrap();
    let text = cli(hub_data, &["pair", "--role", "desk", "--address", "127.0.0.1"])["text"].as_str().unwrap().to_string();
    link::join(&k, &text, name).unwrap();
    k.keep_link_warm();
    (dir, Arc::new(k))
}

/// Two desks scanning at once, each its own tickets: every latency (ms) and how many were
/// decided alone.
fn two_desks(desks: &[Arc<Kiosk>; 2], codes: &[String]) -> (Vec<f64>, usize) {
    let handles: Vec<_> = desks
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let d = d.clone();
            let mine: Vec<String> = codes.iter().skip(i).step_by(2).cloned().collect();
            std::thread::spawn(move || {
                mine.iter()
                    .map(|c| {
                        let t = Instant::now();
                        let o = d.scan(c, None, None).unwrap();
                        // A volunteer's pace is far slower; this keeps the desks busy.
                        std::thread::sleep(Duration::from_millis(5));
                        (t.elapsed().as_secs_f64() * 1000.0 - 5.0, o.offline)
                    })
                    .collect::<Vec<_>>()
            })
        })
        .collect();
    let all: Vec<(f64, bool)> = handles.into_iter().flat_map(|h| h.join().unwrap()).collect();
    (all.iter().map(|x| x.0.max(0.0)).collect(), all.iter().filter(|x| x.1).count())
}

async fn connect_from(from: [u8; 4], port: u16) -> std::io::Result<tokio::net::TcpStream> {
    let s = tokio::net::TcpSocket::new_v4()?;
    s.bind(std::net::SocketAddr::from((from, 0)))?;
    s.connect(std::net::SocketAddr::from(([127, 0, 0, 1], port))).await
}

struct Attack {
    stop: Arc<AtomicBool>,
    idle_open: Arc<AtomicU64>,
    streams: Arc<AtomicU64>,
    streams_refused: Arc<AtomicU64>,
    bogus_401: Arc<AtomicU64>,
    bogus_429: Arc<AtomicU64>,
}

fn attack(rt: &tokio::runtime::Runtime, port: u16, fingerprint: &str) -> Attack {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let a = Attack {
        stop: Arc::new(AtomicBool::new(false)),
        idle_open: Arc::default(),
        streams: Arc::default(),
        streams_refused: Arc::default(),
        bogus_401: Arc::default(),
        bogus_429: Arc::default(),
    };
    // 1,100 idle sockets, each having sent one byte, from 40 addresses; reopened when the hub
    // closes them, for as long as the attack lasts.
    for i in 0..1100u32 {
        let (stop, open) = (a.stop.clone(), a.idle_open.clone());
        let from = [127, 0, 1, 2 + (i % 40) as u8];
        rt.spawn(async move {
            while !stop.load(Ordering::SeqCst) {
                if let Ok(Ok(mut s)) = tokio::time::timeout(Duration::from_secs(2), connect_from(from, port)).await {
                    let _ = s.write_all(b"G").await;
                    open.fetch_add(1, Ordering::SeqCst);
                    let mut b = [0u8; 64];
                    let _ = s.read(&mut b).await;
                    open.fetch_sub(1, Ordering::SeqCst);
                }
                tokio::time::sleep(Duration::from_millis(200)).await;
            }
        });
    }
    // 300 public streams from 10 addresses, read for as long as the attack lasts.
    for i in 0..300u32 {
        let (stop, ok, refused) = (a.stop.clone(), a.streams.clone(), a.streams_refused.clone());
        let from = [127, 0, 2, 2 + (i % 10) as u8];
        rt.spawn(async move {
            let Ok(mut s) = connect_from(from, port).await else { return };
            let _ = s.write_all(b"GET /api/public/events?view=hall HTTP/1.1\r\nHost: hub\r\n\r\n").await;
            let mut b = vec![0u8; 8192];
            let Ok(n) = s.read(&mut b).await else { return };
            if b[..n].starts_with(b"HTTP/1.1 200") {
                ok.fetch_add(1, Ordering::SeqCst);
                while !stop.load(Ordering::SeqCst) {
                    if !matches!(tokio::time::timeout(Duration::from_secs(1), s.read(&mut b)).await, Ok(Ok(1..)) | Err(_)) {
                        break;
                    }
                }
            } else {
                refused.fetch_add(1, Ordering::SeqCst);
            }
        });
    }
    // Made-up credentials, as fast as four keep-alive connections go, from one address.
    let pinned = bluehats_kiosk::venue::identity::Pinned::new(fingerprint);
    let client = reqwest::Client::builder()
        .tls_backend_preconfigured(pinned.client_config().unwrap())
        .no_proxy()
        .local_address(std::net::IpAddr::from([127, 0, 3, 2]))
        .build()
        .unwrap();
    for w in 0..4 {
        let (stop, c401, c429, client) = (a.stop.clone(), a.bogus_401.clone(), a.bogus_429.clone(), client.clone());
        rt.spawn(async move {
            let mut i = 0u64;
            while !stop.load(Ordering::SeqCst) {
                i += 1;
                let r = client.get(format!("https://127.0.0.1:{port}/api/entrance")).bearer_auth(format!("made-up-{w}-{i}")).timeout(Duration::from_secs(5)).send().await;
                match r.map(|r| r.status().as_u16()) {
                    Ok(401) => c401.fetch_add(1, Ordering::SeqCst),
                    Ok(429) => c429.fetch_add(1, Ordering::SeqCst),
                    _ => 0,
                };
            }
        });
    }
    a
}

fn hostile_lan() {
    let hub_dir = tempfile::tempdir().unwrap();
    cli(hub_dir.path(), &["init", "--demo"]);
    let codes: Vec<String> = cli(hub_dir.path(), &["attendees", "list"]).as_array().unwrap().iter().map(|a| a["code"].as_str().unwrap().to_string()).collect();
    let (mut hub_proc, port, fingerprint) = hub(hub_dir.path(), "127.0.0.1:0", None, Some(1024));
    println!("1. hostile LAN over loopback: hub held to 1,024 descriptors, {} attendees", codes.len());
    let (_a, a) = joined(hub_dir.path(), "Entrée A");
    let (_b, b) = joined(hub_dir.path(), "Entrée B");
    let desks = [a, b];
    std::thread::sleep(Duration::from_secs(2));
    let all: Vec<String> = codes.iter().cycle().take(1000).cloned().collect();
    let (mut quiet, alone) = two_desks(&desks, &all);
    summary("   quiet LAN, 2 desks", &mut quiet, alone);

    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    let attack = attack(&rt, port, &fingerprint);
    std::thread::sleep(Duration::from_secs(4));
    let (mut loud, alone) = two_desks(&desks, &all);
    println!(
        "   attack held during the run: {} idle sockets open at the end (of 1,100 kept trying), {} streams served, {} refused; made-up credentials: {} answered 401, {} answered 429",
        attack.idle_open.load(Ordering::SeqCst),
        attack.streams.load(Ordering::SeqCst),
        attack.streams_refused.load(Ordering::SeqCst),
        attack.bogus_401.load(Ordering::SeqCst),
        attack.bogus_429.load(Ordering::SeqCst),
    );
    summary("   under attack, 2 desks", &mut loud, alone);
    attack.stop.store(true, Ordering::SeqCst);
    let (status, _) = public_get(port);
    println!("   public page after the attack: {status}");
    drop(rt);
    let _ = hub_proc.kill();
    let _ = hub_proc.wait();
}

fn public_get(port: u16) -> (String, String) {
    use std::io::Read;
    let Ok(mut s) = std::net::TcpStream::connect(("127.0.0.1", port)) else { return ("no connection".into(), String::new()) };
    let _ = s.set_read_timeout(Some(Duration::from_secs(5)));
    let _ = s.write_all(b"GET /api/public/screen_model?view=hall HTTP/1.1\r\nHost: hub\r\nConnection: close\r\n\r\n");
    let mut out = String::new();
    let _ = s.read_to_string(&mut out);
    (out.lines().next().unwrap_or("").to_string(), out)
}

// ---------------------------------------------------------------- 2. slow, lossy link

const TUNSETIFF: libc::c_ulong = 0x4004_54ca;

/// A TUN device made inside network namespace `ns` (by a thread that enters it): its fd.
fn tun_in(ns: &str, name: &str) -> std::fs::File {
    let ns = ns.to_string();
    let name = name.to_string();
    std::thread::spawn(move || {
        let nsf = std::fs::File::open(format!("/var/run/netns/{ns}")).unwrap();
        use std::os::fd::AsRawFd;
        // SAFETY: setns on this thread only, with an fd we hold.
        assert_eq!(unsafe { libc::setns(nsf.as_raw_fd(), libc::CLONE_NEWNET) }, 0, "setns: {}", std::io::Error::last_os_error());
        let tun = std::fs::OpenOptions::new().read(true).write(true).open("/dev/net/tun").unwrap();
        let mut req = [0u8; 40];
        req[..name.len()].copy_from_slice(name.as_bytes());
        let flags: u16 = 0x0001 | 0x1000; // IFF_TUN | IFF_NO_PI
        req[16..18].copy_from_slice(&flags.to_ne_bytes());
        // SAFETY: TUNSETIFF with an ifreq-sized buffer.
        assert_eq!(unsafe { libc::ioctl(tun.as_raw_fd(), TUNSETIFF, req.as_mut_ptr()) }, 0, "TUNSETIFF: {}", std::io::Error::last_os_error());
        tun
    })
    .join()
    .unwrap()
}

fn sh(cmd: &str) {
    let ok = Command::new("sh").arg("-c").arg(cmd).status().map(|s| s.success()).unwrap_or(false);
    assert!(ok, "{cmd}");
}

/// Packets from `from` to `to`, each late by `delay`, `loss` of them dropped.
fn bridge(from: std::fs::File, to: std::fs::File, delay: Duration, loss: f64, stop: Arc<AtomicBool>) {
    use std::io::Read;
    let (tx, rx) = std::sync::mpsc::channel::<(Instant, Vec<u8>)>();
    let stop2 = stop.clone();
    std::thread::spawn(move || {
        let mut to = to;
        while let Ok((due, pkt)) = rx.recv() {
            let now = Instant::now();
            if due > now {
                std::thread::sleep(due - now);
            }
            if stop2.load(Ordering::SeqCst) {
                return;
            }
            let _ = to.write_all(&pkt);
        }
    });
    std::thread::spawn(move || {
        let mut from = from;
        let mut buf = vec![0u8; 65536];
        let mut x: u64 = 0x2545_F491_4F6C_DD1D;
        while !stop.load(Ordering::SeqCst) {
            let Ok(n) = from.read(&mut buf) else { return };
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            if (x >> 11) as f64 / (1u64 << 53) as f64 >= loss {
                let _ = tx.send((Instant::now() + delay, buf[..n].to_vec()));
            }
        }
    });
}

fn slow_link() {
    let (hub_ns, desk_ns) = (format!("bhb-hub-{}", std::process::id()), format!("bhb-desk-{}", std::process::id()));
    sh(&format!("ip netns add {hub_ns} && ip netns add {desk_ns}"));
    let th = tun_in(&hub_ns, "bhb0");
    let td = tun_in(&desk_ns, "bhb1");
    sh(&format!("ip netns exec {hub_ns} sh -c 'ip addr add 10.77.0.1/24 dev bhb0 && ip link set bhb0 up && ip link set lo up'"));
    sh(&format!("ip netns exec {desk_ns} sh -c 'ip addr add 10.77.0.2/24 dev bhb1 && ip link set bhb1 up && ip link set lo up'"));
    let stop = Arc::new(AtomicBool::new(false));
    let (delay, loss) = (Duration::from_millis(50), 0.05);
    bridge(th.try_clone().unwrap(), td.try_clone().unwrap(), delay, loss, stop.clone());
    bridge(td, th, delay, loss, stop.clone());
    println!("2. slow, lossy link: two namespaces, {} ms each way, {:.0} % of packets lost", delay.as_millis(), loss * 100.0);

    let hub_dir = tempfile::tempdir().unwrap();
    cli(hub_dir.path(), &["init", "--demo"]);
    let codes: Vec<String> = cli(hub_dir.path(), &["attendees", "list"]).as_array().unwrap().iter().map(|a| a["code"].as_str().unwrap().to_string()).collect();
    let (mut hub_proc, port, _) = hub(hub_dir.path(), "10.77.0.1:0", Some(&hub_ns), None);
    let text = cli(hub_dir.path(), &["pair", "--role", "desk", "--address", "10.77.0.1", "--port", &port.to_string()])["text"].as_str().unwrap().to_string();
    let desk_dir = tempfile::tempdir().unwrap();
    let in_desk_ns = |args: &[&str]| {
        let mut c = Command::new("ip");
        c.args(["netns", "exec", &desk_ns]).arg(bin()).arg("--data").arg(desk_dir.path()).args(args);
        c
    };
    let out = in_desk_ns(&["--json", "--desk", "Entrée lente", "join", &text]).output().unwrap();
    assert!(out.status.success(), "join: {}", String::from_utf8_lossy(&out.stderr));

    // A desk that stays up: its link warm, one scan after the other at a brisk pace.
    let mut desk = in_desk_ns(&["checkin", "--batch", "-"]).stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::null()).spawn().unwrap();
    let mut input = desk.stdin.take().unwrap();
    let mut output = BufReader::new(desk.stdout.take().unwrap());
    std::thread::sleep(Duration::from_secs(5));
    let (mut lat, mut alone) = (Vec::new(), 0);
    for c in codes.iter().cycle().take(600) {
        let t = Instant::now();
        writeln!(input, "{c}").unwrap();
        input.flush().unwrap();
        let mut line = String::new();
        output.read_line(&mut line).unwrap();
        lat.push(t.elapsed().as_secs_f64() * 1000.0);
        let v: serde_json::Value = serde_json::from_str(&line).unwrap_or_default();
        alone += usize::from(v["offline"] == true);
        std::thread::sleep(Duration::from_millis(200));
    }
    drop(input);
    let _ = desk.wait();
    summary("   a desk that stays up", &mut lat, alone);

    // One process per scan: a new TCP and TLS handshake each time.
    let (mut lat, mut alone) = (Vec::new(), 0);
    for c in codes.iter().take(100) {
        let t = Instant::now();
        let out = in_desk_ns(&["--json", "checkin", c]).output().unwrap();
        lat.push(t.elapsed().as_secs_f64() * 1000.0);
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_default();
        alone += usize::from(v["offline"] == true);
    }
    summary("   one process per scan", &mut lat, alone);

    stop.store(true, Ordering::SeqCst);
    let _ = hub_proc.kill();
    let _ = hub_proc.wait();
    sh(&format!("ip netns del {hub_ns}; ip netns del {desk_ns}"));
}

fn main() {
    let only = std::env::args().nth(1);
    if only.as_deref() != Some("slow") {
        hostile_lan();
    }
    if only.as_deref() != Some("hostile") {
        slow_link();
    }
}
