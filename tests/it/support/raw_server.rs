//! The tests' one raw HTTP server: it answers each connection by a script
//! of faults (resets, truncated, stalled, dribbled or chunked bodies, any
//! status and headers) and counts the connections and requests it saw.
//!
//! Each server listens on 127.0.0.1, accepts at most [`MAX_CONNECTIONS`],
//! lives at most [`SERVER_LIFETIME`], and is stopped when it is dropped.

use std::io::Write as _;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinSet;

pub(crate) const SERVER_LIFETIME: Duration = Duration::from_secs(20);
pub(crate) const MAX_CONNECTIONS: usize = 16;
const MAX_REQUEST_BYTES: usize = 1024 * 1024;

/// What the server does with one connection.
#[derive(Clone)]
pub(crate) enum Fault {
    /// Reset the connection as soon as it is accepted, reading nothing.
    ResetBeforeRead,
    /// Read the whole request, then reset the connection.
    ResetAfterRead,
    /// Read the request and answer it.
    Respond {
        status: u16,
        headers: Vec<(&'static str, String)>,
        body: Vec<u8>,
    },
    /// Read the request, announce `declared` bytes of body, send `body`, close.
    Truncated { declared: usize, body: Vec<u8> },
    /// Read the request, send the head and `body`, then send nothing more.
    Stall { body: Vec<u8> },
    /// Read the request, announce `declared` bytes of body, send `parts`
    /// one write at a time with a pause between them, close.
    Dribble {
        declared: usize,
        parts: Vec<Vec<u8>>,
    },
    /// Read the request, answer 200 with `headers` and a chunked JSON body
    /// of `chunks`, stopping early when the client hangs up.
    Chunked {
        headers: Vec<(&'static str, String)>,
        chunks: Vec<Vec<u8>>,
    },
}

pub(crate) struct Server {
    pub(crate) url: String,
    connections: Arc<AtomicUsize>,
    requests: Arc<AtomicUsize>,
    task: tokio::task::JoinHandle<()>,
}

impl Server {
    pub(crate) fn connections(&self) -> usize {
        self.connections.load(Ordering::SeqCst)
    }
    /// Requests read in full.
    pub(crate) fn requests(&self) -> usize {
        self.requests.load(Ordering::SeqCst)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// Starts a server that treats its n-th connection with `script[n]`, the
/// last entry repeating.
pub(crate) async fn serve(script: Vec<Fault>) -> Server {
    assert!(!script.is_empty());
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/graphql/v1", listener.local_addr().unwrap());
    let connections = Arc::new(AtomicUsize::new(0));
    let requests = Arc::new(AtomicUsize::new(0));
    let (conns, reqs) = (Arc::clone(&connections), Arc::clone(&requests));
    let task = tokio::spawn(async move {
        // Dropping the set (when this task ends or is aborted) stops every connection.
        let mut handlers = JoinSet::new();
        let deadline = tokio::time::Instant::now() + SERVER_LIFETIME;
        for n in 0..MAX_CONNECTIONS {
            let Ok(Ok((stream, _))) = tokio::time::timeout_at(deadline, listener.accept()).await
            else {
                return;
            };
            conns.fetch_add(1, Ordering::SeqCst);
            let fault = script[n.min(script.len() - 1)].clone();
            let reqs = Arc::clone(&reqs);
            handlers.spawn(async move {
                let _ =
                    tokio::time::timeout(SERVER_LIFETIME, handle(stream, fault, reqs, n + 1)).await;
            });
        }
        // Let the last connections finish, within the lifetime.
        let _ = tokio::time::timeout_at(deadline, async {
            while handlers.join_next().await.is_some() {}
        })
        .await;
    });
    Server {
        url,
        connections,
        requests,
        task,
    }
}

async fn handle(
    mut stream: TcpStream,
    fault: Fault,
    requests: Arc<AtomicUsize>,
    number: usize,
) -> std::io::Result<()> {
    if let Fault::ResetBeforeRead = fault {
        stream.set_zero_linger()?;
        return Ok(());
    }
    read_request(&mut stream).await?;
    requests.fetch_add(1, Ordering::SeqCst);
    let request_id = format!("req-{number}");
    // `length` None: a chunked body. A script's own request id replaces the
    // numbered one.
    let head = |status: u16, headers: &[(&str, String)], length: Option<usize>| {
        let mut head = Vec::new();
        let _ = write!(
            head,
            "HTTP/1.1 {status} {}\r\nconnection: close\r\n",
            reason(status)
        );
        match length {
            Some(length) => _ = write!(head, "content-length: {length}\r\n"),
            None => head.extend_from_slice(b"transfer-encoding: chunked\r\n"),
        }
        if !headers.iter().any(|(name, _)| *name == "apigw-requestid") {
            let _ = write!(head, "apigw-requestid: {request_id}\r\n");
        }
        for (name, value) in headers {
            let _ = write!(head, "{name}: {value}\r\n");
        }
        head.extend_from_slice(b"\r\n");
        head
    };
    match fault {
        Fault::ResetBeforeRead => unreachable!(),
        Fault::ResetAfterRead => {
            stream.set_zero_linger()?;
        }
        Fault::Respond {
            status,
            headers,
            body,
        } => {
            stream
                .write_all(&head(status, &headers, Some(body.len())))
                .await?;
            stream.write_all(&body).await?;
            stream.shutdown().await?;
        }
        Fault::Truncated { declared, body } => {
            let json = [("content-type", "application/json".to_owned())];
            stream.write_all(&head(200, &json, Some(declared))).await?;
            stream.write_all(&body).await?;
            stream.shutdown().await?;
        }
        Fault::Dribble { declared, parts } => {
            let json = [("content-type", "application/json".to_owned())];
            stream.write_all(&head(200, &json, Some(declared))).await?;
            for part in parts {
                stream.write_all(&part).await?;
                stream.flush().await?;
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
            stream.shutdown().await?;
        }
        Fault::Chunked {
            mut headers,
            chunks,
        } => {
            headers.push(("content-type", "application/json".to_owned()));
            stream.write_all(&head(200, &headers, None)).await?;
            for chunk in chunks {
                let mut framed = format!("{:x}\r\n", chunk.len()).into_bytes();
                framed.extend_from_slice(&chunk);
                framed.extend_from_slice(b"\r\n");
                // An error here is the client hanging up, as it may.
                stream.write_all(&framed).await?;
            }
            stream.write_all(b"0\r\n\r\n").await?;
            stream.shutdown().await?;
        }
        Fault::Stall { body } => {
            let json = [("content-type", "application/json".to_owned())];
            stream
                .write_all(&head(200, &json, Some(body.len() + 100)))
                .await?;
            stream.write_all(&body).await?;
            stream.flush().await?;
            tokio::time::sleep(SERVER_LIFETIME).await;
        }
    }
    Ok(())
}

/// Reads one request: the head, then `content-length` bytes of body.
async fn read_request(stream: &mut TcpStream) -> std::io::Result<()> {
    let mut buf = Vec::with_capacity(8192);
    let mut chunk = [0u8; 8192];
    let head_end = loop {
        if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break i + 4;
        }
        let n = stream.read(&mut chunk).await?;
        if n == 0 || buf.len() > MAX_REQUEST_BYTES {
            return Err(std::io::ErrorKind::UnexpectedEof.into());
        }
        buf.extend_from_slice(&chunk[..n]);
    };
    let head = String::from_utf8_lossy(&buf[..head_end]).to_ascii_lowercase();
    let length = head
        .lines()
        .find_map(|line| line.strip_prefix("content-length:"))
        .and_then(|v| v.trim().parse::<usize>().ok())
        .unwrap_or(0)
        .min(MAX_REQUEST_BYTES);
    while buf.len() < head_end + length {
        let n = stream.read(&mut chunk).await?;
        if n == 0 {
            return Err(std::io::ErrorKind::UnexpectedEof.into());
        }
        buf.extend_from_slice(&chunk[..n]);
    }
    Ok(())
}

/// The reason phrase of a status line, as HTTP's registry has it.
pub(crate) fn reason(status: u16) -> &'static str {
    reqwest::StatusCode::from_u16(status)
        .ok()
        .and_then(|status| status.canonical_reason())
        .unwrap_or("Unknown")
}

/// A loopback port nothing listens on: bound, read and released.
pub(crate) fn closed_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("binds on loopback");
    listener.local_addr().expect("a bound address").port()
}
