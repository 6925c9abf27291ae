//! A desk's warm channel to its hub, for the scans: HTTP/1.1 connections opened ahead of
//! time and kept open (a ping every few seconds, well within the hub's idle limit), so that
//! a scan pays one round trip, never a TCP and TLS handshake. The scan's clock
//! ([`super::link::HUB_TIMEOUT`]) starts when its request is sent on an open connection;
//! opening one, when none is ready, has its own limit ([`CONNECT`]).
//!
//! A connection whose answer did not come in time is closed, never reused: what it carried
//! may still arrive (the hub then finds the entry by its key, see `service::hub`).

use std::sync::{Arc, Mutex};
use std::time::Duration;

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::client::conn::http1::SendRequest;
use rustls::pki_types::ServerName;

use super::identity::Pinned;

/// How long opening a connection (TCP and TLS) may take: a handshake over a slow link, one
/// lost SYN retransmitted (Linux waits 1 s) included.
pub const CONNECT: Duration = Duration::from_millis(1500);
/// How often an idle connection is used (the hub closes one idle for `hub::HEADERS`).
pub const WARM_EVERY: Duration = Duration::from_secs(3);
/// Connections kept ready.
const READY: usize = 2;

/// What went wrong on the channel: the words the link turns into "unreachable".
#[derive(Debug)]
pub enum ChannelError {
    /// No connection could be opened within [`CONNECT`].
    Connect(String),
    /// The request went out and no answer came within its time.
    NoAnswer,
    /// The connection broke under the request.
    Broken(String),
}

impl std::fmt::Display for ChannelError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ChannelError::Connect(e) => write!(f, "connexion / connection: {e}"),
            ChannelError::NoAnswer => f.write_str("délai dépassé / timed out"),
            ChannelError::Broken(e) => write!(f, "connexion rompue / connection broken: {e}"),
        }
    }
}

pub struct Channel {
    /// (host, port) to try in order.
    targets: Vec<(String, u16)>,
    credential: String,
    tls: tokio_rustls::TlsConnector,
    ready: Mutex<Vec<SendRequest<Full<Bytes>>>>,
}

impl Channel {
    pub fn new(addresses: &[String], port: u16, pinned: &Arc<Pinned>, credential: &str) -> bluehats_core::Result<Arc<Channel>> {
        let config = pinned.client_config()?;
        Ok(Arc::new(Channel {
            targets: addresses.iter().map(|a| (a.trim_start_matches('[').trim_end_matches(']').to_string(), port)).collect(),
            credential: credential.to_string(),
            tls: tokio_rustls::TlsConnector::from(Arc::new(config)),
            ready: Mutex::new(Vec::new()),
        }))
    }

    fn take(&self) -> Option<SendRequest<Full<Bytes>>> {
        let mut r = self.ready.lock().unwrap_or_else(|e| e.into_inner());
        while let Some(s) = r.pop() {
            if s.is_ready() {
                return Some(s);
            }
        }
        None
    }

    fn give_back(&self, s: SendRequest<Full<Bytes>>) {
        let mut r = self.ready.lock().unwrap_or_else(|e| e.into_inner());
        if r.len() < READY && s.is_ready() {
            r.push(s);
        }
    }

    /// Connections ready now.
    pub fn ready(&self) -> usize {
        self.ready.lock().unwrap_or_else(|e| e.into_inner()).iter().filter(|s| s.is_ready()).count()
    }

    async fn open(&self) -> Result<SendRequest<Full<Bytes>>, ChannelError> {
        let mut last = ChannelError::Connect("aucune adresse / no address".into());
        for (host, port) in &self.targets {
            let attempt = async {
                let tcp = tokio::net::TcpStream::connect((host.as_str(), *port)).await.map_err(|e| ChannelError::Connect(e.to_string()))?;
                let _ = tcp.set_nodelay(true);
                let name = ServerName::try_from(host.clone()).map_err(|e| ChannelError::Connect(e.to_string()))?;
                let tls = self.tls.connect(name, tcp).await.map_err(|e| ChannelError::Connect(e.to_string()))?;
                let (sender, conn) = hyper::client::conn::http1::handshake(hyper_util::rt::TokioIo::new(tls)).await.map_err(|e| ChannelError::Connect(e.to_string()))?;
                tokio::spawn(async move {
                    let _ = conn.await;
                });
                Ok::<_, ChannelError>(sender)
            };
            match tokio::time::timeout(CONNECT, attempt).await {
                Ok(Ok(s)) => return Ok(s),
                Ok(Err(e)) => last = e,
                Err(_) => last = ChannelError::Connect("délai dépassé / timed out".into()),
            }
        }
        Err(last)
    }

    /// A request on a ready connection (one is opened if none is): its status and body,
    /// within `limit` from the moment it is sent.
    pub async fn request(&self, method: hyper::Method, path: &str, body: Vec<u8>, limit: Duration) -> Result<(u16, Bytes), ChannelError> {
        let mut sender = match self.take() {
            Some(s) => s,
            None => self.open().await?,
        };
        let req = hyper::Request::builder()
            .method(method)
            .uri(path)
            .header(hyper::header::HOST, self.targets.first().map(|t| t.0.as_str()).unwrap_or("hub"))
            .header(hyper::header::AUTHORIZATION, format!("Bearer {}", self.credential))
            .header(hyper::header::CONTENT_TYPE, "application/json")
            .body(Full::new(Bytes::from(body)))
            .map_err(|e| ChannelError::Broken(e.to_string()))?;
        let exchange = async {
            let resp = sender.send_request(req).await.map_err(|e| ChannelError::Broken(e.to_string()))?;
            let status = resp.status().as_u16();
            let bytes = resp.into_body().collect().await.map_err(|e| ChannelError::Broken(e.to_string()))?.to_bytes();
            Ok::<_, ChannelError>((status, bytes))
        };
        match tokio::time::timeout(limit, exchange).await {
            Ok(Ok(answer)) => {
                self.give_back(sender);
                Ok(answer)
            }
            Ok(Err(e)) => Err(e),
            // Dropped, not given back: the answer may still come on it.
            Err(_) => Err(ChannelError::NoAnswer),
        }
    }

    /// Keeps connections ready while the link lives: every one is pinged (which checks it
    /// and keeps the hub from closing it as idle), and those missing are opened again.
    pub async fn keep_warm(self: Arc<Self>) {
        loop {
            let held: Vec<_> = std::mem::take(&mut *self.ready.lock().unwrap_or_else(|e| e.into_inner()));
            for mut s in held {
                if !s.is_ready() {
                    continue;
                }
                let ping = hyper::Request::get("/api/ping")
                    .header(hyper::header::HOST, self.targets.first().map(|t| t.0.as_str()).unwrap_or("hub"))
                    .header(hyper::header::AUTHORIZATION, format!("Bearer {}", self.credential))
                    .body(Full::new(Bytes::new()));
                let Ok(ping) = ping else { continue };
                let answered = tokio::time::timeout(CONNECT, async {
                    let resp = s.send_request(ping).await.ok()?;
                    resp.into_body().collect().await.ok()
                })
                .await;
                if matches!(answered, Ok(Some(_))) {
                    self.give_back(s);
                }
            }
            for _ in self.ready()..READY {
                match self.open().await {
                    Ok(s) => self.give_back(s),
                    Err(_) => break,
                }
            }
            tokio::time::sleep(WARM_EVERY).await;
        }
    }
}
