//! A fault proxy of the tests' own, between a desk and the hub, on loopback: it forwards
//! TCP both ways and can delay every chunk, lose some (as TCP over a lossy link does: the
//! chunk comes late, by a retransmission timeout, and what follows waits behind it), hold
//! everything (a partition; what was held is delivered when it heals, as a kernel
//! retransmits what sat in its send buffer), or let requests through and drop the answers
//! (half-open). This kernel has no `tc netem`; a proxy in user space is the honest stand-in.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{mpsc, watch};

/// How the link behaves now.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Link {
    pub delay: Duration,
    /// Share of chunks that come late by a retransmission timeout (0.0–1.0).
    pub loss: f64,
    pub partitioned: bool,
    /// Requests reach the hub, answers never come back.
    pub half_open: bool,
}

impl Default for Link {
    fn default() -> Self {
        Link { delay: Duration::ZERO, loss: 0.0, partitioned: false, half_open: false }
    }
}

/// A retransmission timeout: Linux's least (200 ms) and its first doubling.
const RTO: [Duration; 2] = [Duration::from_millis(200), Duration::from_millis(400)];

pub struct Proxy {
    pub port: u16,
    link: watch::Sender<Link>,
    rt: tokio::runtime::Runtime,
    /// Chunks forwarded, and dropped by half-open (for the test's counts).
    pub counts: Arc<Mutex<(u64, u64)>>,
}

impl Proxy {
    /// A proxy on 127.0.0.1 (a free port) to the hub's `upstream` port.
    pub fn start(upstream: u16) -> Proxy {
        let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
        let (link, rx) = watch::channel(Link::default());
        let counts = Arc::new(Mutex::new((0, 0)));
        let listener = rt.block_on(TcpListener::bind(("127.0.0.1", 0))).unwrap();
        let port = listener.local_addr().unwrap().port();
        let c = counts.clone();
        rt.spawn(async move {
            while let Ok((client, _)) = listener.accept().await {
                let (rx, c) = (rx.clone(), c.clone());
                tokio::spawn(async move {
                    let Ok(server) = TcpStream::connect(("127.0.0.1", upstream)).await else { return };
                    let _ = client.set_nodelay(true);
                    let _ = server.set_nodelay(true);
                    let (cr, cw) = client.into_split();
                    let (sr, sw) = server.into_split();
                    tokio::join!(pump(cr, sw, rx.clone(), false, c.clone()), pump(sr, cw, rx, true, c));
                });
            }
        });
        Proxy { port, link, rt, counts }
    }

    pub fn set(&self, f: impl FnOnce(&mut Link)) {
        self.link.send_modify(f);
    }

    /// Runs a future on the proxy's runtime (a test's own sockets).
    pub fn block_on<F: std::future::Future>(&self, f: F) -> F::Output {
        self.rt.block_on(f)
    }
}

/// One direction of one connection: chunks read, then delivered in order, each when due
/// and when the link lets it through. `answers`: the hub-to-desk direction.
async fn pump(mut from: tokio::net::tcp::OwnedReadHalf, mut to: tokio::net::tcp::OwnedWriteHalf, link: watch::Receiver<Link>, answers: bool, counts: Arc<Mutex<(u64, u64)>>) {
    let (tx, mut rx) = mpsc::unbounded_channel::<Option<(Vec<u8>, tokio::time::Instant)>>();
    let reader_link = link.clone();
    let reader = tokio::spawn(async move {
        let mut buf = vec![0u8; 16 * 1024];
        let mut last_due = tokio::time::Instant::now();
        loop {
            let n = match from.read(&mut buf).await {
                Ok(0) | Err(_) => break,
                Ok(n) => n,
            };
            let l = *reader_link.borrow();
            let mut due = tokio::time::Instant::now() + l.delay;
            if l.loss > 0.0 && pseudo_random() < l.loss {
                due += RTO[(pseudo_random() * 2.0) as usize % 2];
            }
            // In order: nothing overtakes a chunk that came late.
            due = due.max(last_due);
            last_due = due;
            if tx.send(Some((buf[..n].to_vec(), due))).is_err() {
                break;
            }
        }
        let _ = tx.send(None);
    });
    let mut link = link;
    while let Some(item) = rx.recv().await {
        let Some((chunk, due)) = item else { break };
        tokio::time::sleep_until(due).await;
        // Held while partitioned; delivered when it heals.
        while link.borrow().partitioned {
            if link.changed().await.is_err() {
                return;
            }
        }
        if answers && link.borrow().half_open {
            counts.lock().unwrap().1 += 1;
            continue;
        }
        counts.lock().unwrap().0 += 1;
        if to.write_all(&chunk).await.is_err() {
            break;
        }
    }
    let _ = to.shutdown().await;
    reader.abort();
}

/// A cheap pseudo-random number in [0, 1): the proxy's loss needs no cryptography.
fn pseudo_random() -> f64 {
    use std::sync::atomic::{AtomicU64, Ordering};
    static STATE: AtomicU64 = AtomicU64::new(0x9E37_79B9_7F4A_7C15);
    let mut x = STATE.load(Ordering::Relaxed);
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    STATE.store(x, Ordering::Relaxed);
    (x >> 11) as f64 / (1u64 << 53) as f64
}
