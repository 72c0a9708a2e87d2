//! A fault-injecting TCP proxy on loopback, between a site and the server: added latency,
//! connections sliced into small writes, and connections cut after a number of bytes from the
//! server. TLS passes through untouched, so the site still checks the server's certificate.
//! (A Toxiproxy port such as `noxious` was considered: its library cannot report the port it
//! bound and pulls in old tokio-util and rand; these three faults are all the tests need.)

use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering::SeqCst};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::tcp::{OwnedReadHalf, OwnedWriteHalf};
use tokio::net::{TcpListener, TcpStream};

/// The faults, changed while connections run; each new connection reads them when it opens.
#[derive(Debug, Default)]
pub struct Faults {
    /// Cut each connection after this many bytes from the server (0: never).
    pub cut_after: AtomicU64,
    /// Milliseconds to wait before passing on each chunk, both ways.
    pub latency_ms: AtomicU64,
    /// Pass data on in pieces of at most this many bytes (0: as read).
    pub slice: AtomicU64,
    /// Bytes passed from sites to the server so far.
    pub upstream_bytes: AtomicU64,
    /// Bytes passed from the server to sites so far.
    pub downstream_bytes: AtomicU64,
    /// Connections cut so far.
    pub cuts: AtomicU64,
}

/// A running proxy.
pub struct Proxy {
    pub addr: SocketAddr,
    pub faults: Arc<Faults>,
    upstream: Arc<Mutex<SocketAddr>>,
    task: tokio::task::JoinHandle<()>,
}

impl Proxy {
    /// A proxy on a free loopback port forwarding to `upstream`.
    pub async fn start(upstream: SocketAddr) -> Proxy {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("proxy port");
        let addr = listener.local_addr().expect("address");
        let faults = Arc::new(Faults::default());
        let upstream = Arc::new(Mutex::new(upstream));
        let (f, up) = (faults.clone(), upstream.clone());
        let task = tokio::spawn(async move {
            while let Ok((client, _)) = listener.accept().await {
                let (f, target) = (f.clone(), *up.lock().expect("upstream"));
                tokio::spawn(async move {
                    let Ok(server) = TcpStream::connect(target).await else { return };
                    let limit = f.cut_after.load(SeqCst);
                    let ((client_read, client_write), (server_read, server_write)) = (client.into_split(), server.into_split());
                    tokio::select! {
                        _ = pump(client_read, server_write, &f, 0, true) => {}
                        cut = pump(server_read, client_write, &f, limit, false) => {
                            if matches!(cut, Ok(true)) {
                                f.cuts.fetch_add(1, SeqCst);
                            }
                        }
                    }
                });
            }
        });
        Proxy { addr, faults, upstream, task }
    }

    /// `https://127.0.0.1:<port>` of the proxy.
    pub fn url(&self) -> String {
        format!("https://{}", self.addr)
    }

    /// Sends new connections to another server address (a restarted server).
    pub fn retarget(&self, upstream: SocketAddr) {
        *self.upstream.lock().expect("upstream") = upstream;
    }

    /// Removes every fault.
    pub fn heal(&self) {
        self.faults.cut_after.store(0, SeqCst);
        self.faults.latency_ms.store(0, SeqCst);
        self.faults.slice.store(0, SeqCst);
    }
}

impl Drop for Proxy {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// Copies one direction; returns true when it cut the connection at `limit` bytes.
async fn pump(mut from: OwnedReadHalf, mut to: OwnedWriteHalf, f: &Faults, limit: u64, upstream: bool) -> std::io::Result<bool> {
    let mut buf = vec![0u8; 16 * 1024];
    let mut sent = 0u64;
    loop {
        let n = from.read(&mut buf).await?;
        if n == 0 {
            to.shutdown().await?;
            return Ok(false);
        }
        let mut data = &buf[..n];
        if limit > 0 && sent + n as u64 >= limit {
            data = &data[..usize::try_from(limit - sent).unwrap_or(0)];
        }
        let latency = f.latency_ms.load(SeqCst);
        if latency > 0 {
            tokio::time::sleep(Duration::from_millis(latency)).await;
        }
        let slice = match f.slice.load(SeqCst) {
            0 => data.len().max(1),
            s => usize::try_from(s).unwrap_or(usize::MAX),
        };
        for piece in data.chunks(slice) {
            to.write_all(piece).await?;
            to.flush().await?;
        }
        sent += data.len() as u64;
        let counter = if upstream { &f.upstream_bytes } else { &f.downstream_bytes };
        counter.fetch_add(data.len() as u64, SeqCst);
        if limit > 0 && sent >= limit {
            return Ok(true);
        }
    }
}
