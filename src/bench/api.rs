//! `steward bench --suite api`: the server under load, measured from outside over
//! loopback with keep-alive connections, like `wrk`: `/healthz` next to a nested read
//! and a flat one, one connection and many, and concurrent writers on the embedded
//! SQLite store. Runs on a fresh store holding the demo inventory, in a temporary
//! directory it removes afterwards.

use crate::domain::Role;
use crate::dsar::exports::ExportSettings;
use crate::graphql::Limits;
use crate::http::{self, AppState};
use crate::secret::SecretKey;
use std::net::SocketAddr;
use std::time::{Duration, Instant};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;

/// The nested read of the probe: systems with their organisation and categories, and
/// the categories' parents.
pub const NESTED: &str = "{ systems(first: 20) { edges { node { name organisation { name } categories { category { key name parent { key } } } } } } }";
pub const FLAT: &str = "{ systems(first: 20) { edges { node { name } } } }";

/// One keep-alive HTTP/1.1 connection.
struct Conn {
    reader: BufReader<TcpStream>,
    host: String,
}

impl Conn {
    async fn open(addr: SocketAddr) -> anyhow::Result<Self> {
        let stream = TcpStream::connect(addr).await?;
        stream.set_nodelay(true)?;
        Ok(Self {
            reader: BufReader::new(stream),
            host: addr.to_string(),
        })
    }

    /// Sends one request and reads the whole answer; returns the status and body.
    async fn send(&mut self, request: &Request) -> anyhow::Result<(u16, Vec<u8>)> {
        let head = match &request.body {
            Some(body) => format!(
                "POST {} HTTP/1.1\r\nHost: {}\r\nAuthorization: Bearer {}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
                request.path, self.host, request.token, body.len()
            ),
            None => format!("GET {} HTTP/1.1\r\nHost: {}\r\n\r\n", request.path, self.host),
        };
        let stream = self.reader.get_mut();
        stream.write_all(head.as_bytes()).await?;
        if let Some(body) = &request.body {
            stream.write_all(body.as_bytes()).await?;
        }
        let mut line = String::new();
        self.reader.read_line(&mut line).await?;
        let status: u16 = line
            .split_whitespace()
            .nth(1)
            .and_then(|s| s.parse().ok())
            .ok_or_else(|| anyhow::anyhow!("no HTTP status line: {line:?}"))?;
        let (mut length, mut chunked) = (None, false);
        loop {
            line.clear();
            self.reader.read_line(&mut line).await?;
            let l = line.trim_end();
            if l.is_empty() {
                break;
            }
            let lower = l.to_ascii_lowercase();
            if let Some(v) = lower.strip_prefix("content-length:") {
                length = v.trim().parse::<usize>().ok();
            }
            if lower.starts_with("transfer-encoding:") && lower.contains("chunked") {
                chunked = true;
            }
        }
        let mut body = Vec::new();
        if chunked {
            loop {
                line.clear();
                self.reader.read_line(&mut line).await?;
                let size = usize::from_str_radix(line.trim(), 16)?;
                let mut chunk = vec![0; size + 2];
                self.reader.read_exact(&mut chunk).await?;
                if size == 0 {
                    break;
                }
                body.extend_from_slice(&chunk[..size]);
            }
        } else {
            body.resize(length.unwrap_or(0), 0);
            self.reader.read_exact(&mut body).await?;
        }
        Ok((status, body))
    }
}

struct Request {
    path: &'static str,
    token: String,
    body: Option<String>,
}

/// What one load run measured.
struct Run {
    requests: u64,
    errors: u64,
    seconds: f64,
    latencies: Vec<Duration>,
}

impl Run {
    fn percentile(&self, p: f64) -> f64 {
        let mut l = self.latencies.clone();
        l.sort();
        l.get(((l.len() as f64 * p) as usize).min(l.len().saturating_sub(1)))
            .map_or(f64::NAN, |d| d.as_secs_f64() * 1000.0)
    }
}

/// `connections` connections send `make(n)` back to back for `seconds`.
async fn load(
    addr: SocketAddr,
    connections: usize,
    seconds: f64,
    make: impl Fn(usize, u64) -> Request + Clone + Send + 'static,
) -> anyhow::Result<Run> {
    let until = Instant::now() + Duration::from_secs_f64(seconds);
    let mut tasks = tokio::task::JoinSet::new();
    for c in 0..connections {
        let make = make.clone();
        tasks.spawn(async move {
            let mut conn = Conn::open(addr).await?;
            let (mut n, mut errors, mut latencies) = (0u64, 0u64, Vec::new());
            while Instant::now() < until {
                let request = make(c, n);
                let t = Instant::now();
                let (status, body) = conn.send(&request).await?;
                latencies.push(t.elapsed());
                let failed = status >= 400
                    || (request.body.is_some() && body.windows(9).any(|w| w == b"\"errors\""));
                errors += u64::from(failed);
                n += 1;
            }
            anyhow::Ok((n, errors, latencies))
        });
    }
    let started = Instant::now();
    let mut run = Run {
        requests: 0,
        errors: 0,
        seconds: 0.0,
        latencies: Vec::new(),
    };
    while let Some(r) = tasks.join_next().await {
        let (n, errors, latencies) = r??;
        run.requests += n;
        run.errors += errors;
        run.latencies.extend(latencies);
    }
    run.seconds = started.elapsed().as_secs_f64().max(seconds);
    Ok(run)
}

pub async fn run(
    seconds: f64,
    loader_delay_us: &[u64],
    read_cache_entries: &[usize],
) -> anyhow::Result<()> {
    let dir = std::env::temp_dir().join(format!("steward-bench-api-{}", std::process::id()));
    let mut result = Ok(());
    let settings = read_cache_entries
        .iter()
        .flat_map(|&c| loader_delay_us.iter().map(move |&d| (d, c)));
    for (n, (delay, cache)) in settings.enumerate() {
        let dir = dir.join(n.to_string());
        std::fs::create_dir_all(&dir)?;
        result = measure(&dir, seconds, delay, cache).await;
        if result.is_err() {
            break;
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
    result
}

async fn measure(
    dir: &std::path::Path,
    seconds: f64,
    delay_us: u64,
    cache: usize,
) -> anyhow::Result<()> {
    let url: crate::config::DbUrl = format!("sqlite://{}/store.db?mode=rwc", dir.display())
        .parse()
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    let db = crate::db::connect(&url).await?;
    crate::db::migrate(&db).await?;
    crate::demo::load(&db).await?;
    let (_, token) = crate::auth::create(&db, "bench", Role::Admin).await?;
    let key = SecretKey::from_secret(&hex::encode(rand::random::<[u8; 32]>()))?;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    let exports = ExportSettings::new(dir.join("exports"), format!("http://{addr}"));
    let limits = Limits {
        loader_delay: Duration::from_micros(delay_us),
        read_cache_entries: cache,
        ..Limits::default()
    };
    let state = AppState::new(db, key, limits, exports);
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(http::serve(listener, state, async {
        let _ = stopped.await;
    }));

    let get = |path: &'static str| {
        move |_: usize, _: u64| Request {
            path,
            token: String::new(),
            body: None,
        }
    };
    let query = |token: String, q: &'static str| {
        move |_: usize, _: u64| Request {
            path: "/graphql",
            token: token.clone(),
            body: Some(serde_json::json!({ "query": q }).to_string()),
        }
    };
    // Warm up: caches, prepared statements, the first connections.
    load(addr, 4, 0.5, query(token.clone(), NESTED)).await?;

    println!("API benchmark ({seconds:.0} s per run, loopback, keep-alive; demo inventory on SQLite; DataLoader wait {delay_us} µs; read cache {cache} entries)");
    println!(
        "  {:<34}{:>6}{:>11}{:>9}{:>9}{:>8}",
        "run", "conns", "req/s", "p50 ms", "p99 ms", "errors"
    );
    let report = |label: &str, connections: usize, r: &Run| {
        println!(
            "  {label:<34}{connections:>6}{:>11.0}{:>9.2}{:>9.2}{:>8}",
            r.requests as f64 / r.seconds,
            r.percentile(0.5),
            r.percentile(0.99),
            r.errors
        );
    };
    let healthz = load(addr, 50, seconds, get("/healthz")).await?;
    report("GET /healthz", 50, &healthz);
    let nested = load(addr, 50, seconds, query(token.clone(), NESTED)).await?;
    report("nested read (systems, orgs, categories)", 50, &nested);
    let one = load(addr, 1, seconds, query(token.clone(), NESTED)).await?;
    report("nested read, one connection", 1, &one);
    let flat = load(addr, 1, seconds, query(token.clone(), FLAT)).await?;
    report("flat read, one connection", 1, &flat);
    let writer_token = token.clone();
    let write = move |c: usize, n: u64| {
        Request {
        path: "/graphql",
        token: writer_token.clone(),
        body: Some(
            serde_json::json!({
                "query": "mutation($n: String!) { createSystem(input: {name: $n, kind: DATABASE}) { id } }",
                "variables": { "n": format!("bench {c}-{n} æøå") }
            })
            .to_string(),
        ),
    }
    };
    let writes = load(addr, 50, seconds, write.clone()).await?;
    report("writers (createSystem)", 50, &writes);
    // Readers beside writers: every write changes the store, so answers kept before it
    // are not served after it.
    let (mixed_reads, mixed_writes) = tokio::join!(
        load(addr, 45, seconds, query(token.clone(), NESTED)),
        load(addr, 5, seconds, write)
    );
    report("nested read beside 5 writers", 45, &mixed_reads?);
    report("writers beside 45 readers", 5, &mixed_writes?);
    println!(
        "  nested read at {:.0} % of /healthz throughput",
        100.0 * (nested.requests as f64 / nested.seconds)
            / (healthz.requests as f64 / healthz.seconds)
    );
    let _ = stop.send(());
    let _ = server.await;
    Ok(())
}
