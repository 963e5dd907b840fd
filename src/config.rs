//! Command line and environment configuration.

use clap::{Args, Parser, Subcommand, ValueEnum};
use secrecy::{ExposeSecret, SecretString};
use std::fmt;
use std::net::SocketAddr;
use std::path::PathBuf;

use crate::domain::Role;

/// Steward: a personal-data inventory (GDPR Art. 30), discovery and subject-access exports.
#[derive(Debug, Parser)]
#[command(name = "steward", version, about)]
pub struct Cli {
    #[command(flatten)]
    pub store: StoreArgs,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Clone, Args)]
pub struct StoreArgs {
    /// Steward's own store: `sqlite://FILE?mode=rwc` or `postgres://…`.
    #[arg(
        long,
        env = "DATABASE_URL",
        default_value = "sqlite://steward.db?mode=rwc",
        global = true
    )]
    pub database_url: DbUrl,
    /// Secret key for encryption and signing. When absent, one is generated into the
    /// key file on first run.
    #[arg(
        long,
        env = "STEWARD_SECRET_KEY",
        hide_env_values = true,
        global = true
    )]
    pub secret_key: Option<SecretString>,
    /// Where the generated secret key lives. Default: beside the SQLite database, or
    /// `steward.key` in the working directory for PostgreSQL.
    #[arg(long, env = "STEWARD_KEY_FILE", global = true)]
    pub key_file: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the HTTP server (GraphQL at /graphql, WebSocket at /graphql/ws).
    Serve(ServeArgs),
    /// Run job workers only (scans, exports), against the same store and secret key
    /// as the server nodes: start more of these to share big scans.
    Worker(WorkerArgs),
    /// Apply pending migrations and exit.
    Migrate,
    /// Print the GraphQL schema (SDL).
    Schema,
    /// Manage API tokens.
    Token {
        #[command(subcommand)]
        command: TokenCommand,
    },
    /// Fides interop: the inventory as fideslang YAML resources.
    Fides {
        #[command(subcommand)]
        command: FidesCommand,
    },
    /// Load the demo inventory (one organisation per studied privacy policy).
    Demo,
    /// Scan a database for personal data, without the server (read-only).
    Scan(ScanArgs),
    /// Find personal data in text on stdin; prints one JSON object per entity.
    Detect,
    /// Locate one person's data in a database and write an export package (ZIP),
    /// without the server (read-only; runs a sample discovery scan first).
    Export(ExportArgs),
    /// Print discovery throughput and memory figures (generates a >1 GB table once).
    Bench(BenchArgs),
    /// Write the record of processing activities (Art. 30) to stdout or a file.
    Ropa {
        #[arg(long, value_enum, default_value_t = RopaFormat::Json)]
        format: RopaFormat,
        /// Write to this file instead of standard output (created 0600).
        #[arg(long)]
        out: Option<std::path::PathBuf>,
    },
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address to listen on.
    #[arg(long, env = "STEWARD_BIND", default_value = "127.0.0.1:8080")]
    pub bind: SocketAddr,
    /// Load the demo inventory when the store is empty.
    #[arg(long, env = "STEWARD_DEMO")]
    pub demo: bool,
    /// Deepest GraphQL query accepted.
    #[arg(long, env = "STEWARD_MAX_QUERY_DEPTH", default_value_t = 12)]
    pub max_query_depth: usize,
    /// Highest GraphQL query complexity accepted (connections count `first` × children).
    #[arg(long, env = "STEWARD_MAX_QUERY_COMPLEXITY", default_value_t = 5000)]
    pub max_query_complexity: usize,
    /// Largest request body `POST /graphql` accepts, in bytes (read only after the
    /// bearer token has been checked).
    #[arg(long, env = "STEWARD_MAX_BODY_BYTES", default_value_t = 1024 * 1024)]
    pub max_body_bytes: usize,
    /// Seconds one `POST /graphql` may take; past it the client gets a TIMEOUT error.
    #[arg(long, env = "STEWARD_REQUEST_TIMEOUT_SECS", default_value_t = 30, value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub request_timeout_secs: u64,
    /// Microseconds a GraphQL DataLoader batch waits for more keys: 0 answers nested
    /// reads soonest; a little more batches concurrent requests together.
    #[arg(long, env = "STEWARD_LOADER_DELAY_US", default_value_t = LOADER_DELAY_US)]
    pub loader_delay_us: u64,
    /// Answers to repeated inventory reads kept while the store is unchanged (0 keeps
    /// none); see README's "Reads under load".
    #[arg(long, env = "STEWARD_READ_CACHE_ENTRIES", default_value_t = READ_CACHE_ENTRIES)]
    pub read_cache_entries: usize,
    #[command(flatten)]
    pub exports: ExportJobArgs,
    /// The server's address as users reach it, for download links. Default: the bound
    /// address over http.
    #[arg(long, env = "STEWARD_PUBLIC_URL")]
    pub public_url: Option<String>,
    #[command(flatten)]
    pub jobs: JobArgs,
}

/// Where export jobs write, and how they read phone numbers.
#[derive(Debug, Args)]
pub struct ExportJobArgs {
    /// Where export packages are written. Default: `exports/` beside the SQLite store,
    /// or in the working directory. Nodes that share a store must share this directory.
    #[arg(long, env = "STEWARD_EXPORT_DIR")]
    pub export_dir: Option<PathBuf>,
    /// Days an export package (and any link to it) lives before it is purged.
    #[arg(long, env = "STEWARD_EXPORT_TTL_DAYS", default_value_t = 7, value_parser = clap::value_parser!(u32).range(1..=90))]
    pub export_ttl_days: u32,
    /// Region for phone numbers written without a country code (ISO 3166 alpha-2).
    #[arg(long, env = "STEWARD_PHONE_REGION", default_value = "NO")]
    pub phone_region: String,
}

/// How this node runs background jobs (scans, exports).
#[derive(Debug, Args)]
pub struct JobArgs {
    /// Jobs this node runs at once; 0 runs none (an API-only node).
    #[arg(long, env = "STEWARD_WORKERS", default_value_t = 2, value_parser = clap::value_parser!(u16).range(0..=64))]
    pub workers: u16,
    /// This node's name in job leases and `Scan.nodes`. Default: host name and pid.
    #[arg(long, env = "STEWARD_NODE_ID")]
    pub node_id: Option<String>,
    /// Seconds a job's lease lasts without a heartbeat: how long a job of a node that
    /// died waits before another node takes it over.
    #[arg(long, env = "STEWARD_JOB_LEASE_SECONDS", default_value_t = 30, value_parser = clap::value_parser!(u64).range(3..=3600))]
    pub job_lease_seconds: u64,
    /// Seconds running jobs get to stop at shutdown (SIGTERM, Ctrl-C) before their
    /// leases are released to other nodes.
    #[arg(long, env = "STEWARD_SHUTDOWN_GRACE_SECONDS", default_value_t = 20, value_parser = clap::value_parser!(u64).range(0..=3600))]
    pub shutdown_grace_seconds: u64,
    /// A FULL scan reads a PostgreSQL table bigger than this many MiB in parts of this
    /// size, which any node's workers may read.
    #[arg(long, env = "STEWARD_SCAN_PART_MB", default_value_t = 256, value_parser = clap::value_parser!(u64).range(1..=1_000_000))]
    pub scan_part_mb: u64,
}

impl JobArgs {
    pub fn settings(&self) -> crate::jobs::JobSettings {
        let mut s = crate::jobs::JobSettings::new(
            self.node_id
                .clone()
                .filter(|n| !n.trim().is_empty())
                .unwrap_or_else(crate::jobs::default_node_id),
        );
        s.workers = usize::from(self.workers);
        s.lease = std::time::Duration::from_secs(self.job_lease_seconds);
        s.grace = std::time::Duration::from_secs(self.shutdown_grace_seconds);
        s
    }
}

/// `steward worker`: run jobs against the shared store, without HTTP.
#[derive(Debug, Args)]
pub struct WorkerArgs {
    #[command(flatten)]
    pub exports: ExportJobArgs,
    #[command(flatten)]
    pub jobs: JobArgs,
}

#[derive(Debug, Args)]
pub struct ScanArgs {
    /// The source: postgres://…, mysql://… (or mariadb://…), or sqlite:FILE.
    pub url: String,
    #[arg(long, value_enum, default_value_t = ScanModeArg::Sample)]
    pub mode: ScanModeArg,
    /// Rows per table in sample mode.
    #[arg(long, default_value_t = 1000, value_parser = clap::value_parser!(u64).range(1..=10_000_000))]
    pub sample_rows: u64,
    /// Only these schemas (repeatable).
    #[arg(long = "schema")]
    pub schemas: Vec<String>,
    /// Only these tables, as TABLE or SCHEMA.TABLE (repeatable).
    #[arg(long = "table")]
    pub tables: Vec<String>,
    /// Seconds one table may take before it is reported as partial.
    #[arg(long, default_value_t = 300)]
    pub table_budget: u64,
    /// Seconds one statement may run on the source.
    #[arg(long, default_value_t = 60)]
    pub statement_timeout: u64,
    /// Print the findings as a JSON array on stdout.
    #[arg(long)]
    pub json: bool,
    /// Print the whole report (findings and coverage) as JSON on stdout.
    #[arg(long, conflicts_with = "json")]
    pub report: bool,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// The source: postgres://…, mysql://… (or mariadb://…), or sqlite:FILE.
    pub url: String,
    /// KIND=VALUE with KIND one of email, phone, ip, national_id, or
    /// account=[SCHEMA.]TABLE.COLUMN:VALUE (repeatable).
    #[arg(long = "identifier", required = true)]
    pub identifiers: Vec<String>,
    /// [SCHEMA.]TABLE.COLUMN=[SCHEMA.]TABLE.COLUMN: the left column holds values of the
    /// right one, where no foreign key says so (repeatable).
    #[arg(long = "reference")]
    pub references: Vec<String>,
    /// A fideslang file with the source's dataset: its field categories and identity
    /// fields count as confirmed columns, its references are followed in the direction
    /// they declare (`to`: this field holds values of the referenced one).
    #[arg(long = "fides-dataset")]
    pub fides_dataset: Option<PathBuf>,
    /// Only what Art. 20 covers: categories provided or observed and processed on
    /// consent or contract, according to the inventory.
    #[arg(long)]
    pub portability: bool,
    /// Where to write the ZIP.
    #[arg(long)]
    pub out: PathBuf,
    /// The inventory system this source belongs to: the export's context describes
    /// that system's processing activities. Default: the database's name.
    #[arg(long)]
    pub system: Option<String>,
    /// A row a previous run listed as ambiguous that is the person's, as
    /// SCHEMA.TABLE=KEY (e.g. public.customers={"id":12}); repeatable.
    #[arg(long = "include-row")]
    pub include_rows: Vec<String>,
    /// A matched row that is not the person's, as SCHEMA.TABLE=KEY; repeatable.
    #[arg(long = "exclude-row")]
    pub exclude_rows: Vec<String>,
    /// Only these schemas (repeatable; MySQL: databases).
    #[arg(long = "schema")]
    pub schemas: Vec<String>,
    /// Rows per table the discovery scan samples.
    #[arg(long, default_value_t = 1000, value_parser = clap::value_parser!(u64).range(1..=10_000_000))]
    pub sample_rows: u64,
    /// Region for phone numbers written without a country code (ISO 3166 alpha-2).
    #[arg(long, env = "STEWARD_PHONE_REGION", default_value = "NO")]
    pub phone_region: String,
    /// Seconds one statement may run on the source.
    #[arg(long, default_value_t = 60)]
    pub statement_timeout: u64,
    /// Read every probed table in one pass even where an index could answer.
    #[arg(long, hide = true)]
    pub no_index: bool,
    /// Probe only the columns discovery found identifiers in, so indexes can answer
    /// lookups on large tables. Faster, but a column discovery misjudged is not
    /// searched; the manifest lists the columns left unprobed.
    #[arg(long)]
    pub discovered_columns_only: bool,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum ScanModeArg {
    Sample,
    Full,
}

#[derive(Debug, Subcommand)]
pub enum FidesCommand {
    /// Write the whole inventory as one fideslang YAML file (organization, system,
    /// dataset, data_category, data_subject).
    Export {
        /// Write to this file instead of standard output (created 0600).
        #[arg(long)]
        out: Option<std::path::PathBuf>,
        /// Only this organisation (by fides key): it, its systems and their datasets.
        #[arg(long)]
        organization: Option<String>,
    },
    /// Read fideslang YAML files (or every .yml/.yaml file of a folder) into the
    /// inventory, one transaction per file; importing a file again changes nothing.
    Import {
        #[arg(required = true)]
        paths: Vec<std::path::PathBuf>,
    },
}

#[derive(Debug, Subcommand)]
pub enum TokenCommand {
    /// Create a token and print it once.
    Create {
        #[arg(long)]
        name: String,
        #[arg(long, value_enum)]
        role: RoleArg,
    },
    /// List tokens (never their secrets).
    List,
    /// Revoke a token by name.
    Revoke { name: String },
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum RoleArg {
    Admin,
    Dpo,
    Viewer,
}

impl From<RoleArg> for Role {
    fn from(r: RoleArg) -> Self {
        match r {
            RoleArg::Admin => Role::Admin,
            RoleArg::Dpo => Role::Dpo,
            RoleArg::Viewer => Role::Viewer,
        }
    }
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum RopaFormat {
    Json,
    Csv,
    /// A spreadsheet: controller (Art. 30(1)) and processor (Art. 30(2)) sheets.
    Xlsx,
}

/// A database URL whose `Debug`/`Display` hide the password.
#[derive(Clone)]
pub struct DbUrl(SecretString);

impl DbUrl {
    pub fn expose(&self) -> &str {
        self.0.expose_secret()
    }

    pub fn is_sqlite(&self) -> bool {
        self.expose().starts_with("sqlite:")
    }

    /// The SQLite file this URL names, if it names one.
    pub fn sqlite_path(&self) -> Option<PathBuf> {
        let rest = self.expose().strip_prefix("sqlite:")?;
        let rest = rest.trim_start_matches("//");
        let path = rest.split('?').next()?;
        (!path.is_empty() && path != ":memory:").then(|| PathBuf::from(path))
    }

    /// The URL with any password replaced by `***`.
    pub fn redacted(&self) -> String {
        let url = self.expose();
        match (url.find("://"), url.rfind('@')) {
            (Some(scheme), Some(at)) if at > scheme => {
                let userinfo = &url[scheme + 3..at];
                match userinfo.find(':') {
                    Some(colon) => format!(
                        "{}{}:***{}",
                        &url[..scheme + 3],
                        &userinfo[..colon],
                        &url[at..]
                    ),
                    None => url.to_owned(),
                }
            }
            _ => url.to_owned(),
        }
    }
}

impl std::str::FromStr for DbUrl {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if s.starts_with("sqlite:")
            || s.starts_with("postgres://")
            || s.starts_with("postgresql://")
        {
            Ok(DbUrl(SecretString::from(s.to_owned())))
        } else {
            Err("DATABASE_URL must start with sqlite: or postgres://".into())
        }
    }
}

impl fmt::Debug for DbUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "DbUrl({})", self.redacted())
    }
}

impl fmt::Display for DbUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.redacted())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn db_url_hides_its_password() {
        let url: DbUrl = "postgres://steward:hunter2@db.example:5432/steward"
            .parse()
            .unwrap();
        assert_eq!(
            url.to_string(),
            "postgres://steward:***@db.example:5432/steward"
        );
        assert!(!format!("{url:?}").contains("hunter2"));
    }

    #[test]
    fn sqlite_path_is_read_from_the_url() {
        let url: DbUrl = "sqlite://data/steward.db?mode=rwc".parse().unwrap();
        assert_eq!(url.sqlite_path().unwrap(), PathBuf::from("data/steward.db"));
        let mem: DbUrl = "sqlite::memory:".parse().unwrap();
        assert_eq!(mem.sqlite_path(), None);
    }

    #[test]
    fn unknown_schemes_are_refused() {
        assert!("mysql://root@localhost/x".parse::<DbUrl>().is_err());
    }
}

/// Microseconds a DataLoader batch waits for more keys, unless configured.
pub const LOADER_DELAY_US: u64 = 1000;

/// Default number of inventory answers the read cache keeps.
pub const READ_CACHE_ENTRIES: usize = 256;

/// `steward bench`.
#[derive(Debug, clap::Args)]
pub struct BenchArgs {
    /// A PostgreSQL server to generate the table on (a database `steward_bench` is made).
    #[arg(
        long = "server",
        env = "BENCH_SERVER_URL",
        default_value = "postgres://postgres@127.0.0.1:5432/postgres"
    )]
    pub server_url: String,
    /// Size of the generated table in MB (COPY text size).
    #[arg(long, default_value_t = 1100)]
    pub size_mb: u64,
    /// Size of the generated adversarial table in MB (COPY text size): product codes,
    /// long digit runs, long free text, JSON, user agents.
    #[arg(long, default_value_t = 300)]
    pub adversarial_mb: u64,
    /// MB of free text for the detector benchmark.
    #[arg(long, default_value_t = 64)]
    pub text_mb: u64,
    /// Rounds of COPY then FULL scan; figures are each round's and their medians (a
    /// shared machine's speed drifts from minute to minute).
    #[arg(long, default_value_t = 3, value_parser = clap::value_parser!(u32).range(1..=20))]
    pub rounds: u32,
    /// Drop the generated database afterwards.
    #[arg(long)]
    pub drop: bool,
    /// Seconds each run of `--suite api` lasts.
    #[arg(long, default_value_t = 5.0)]
    pub api_seconds: f64,
    /// DataLoader waits (µs) to compare in `--suite api`, comma-separated.
    #[arg(long, value_delimiter = ',', default_value = "1000")]
    pub loader_delay_us: Vec<u64>,
    /// Read-cache sizes to compare in `--suite api`, comma-separated (0: no cache).
    #[arg(long, value_delimiter = ',', default_value = "256,0")]
    pub read_cache_entries: Vec<usize>,
    /// Scan part size (MiB) for `--suite jobs`.
    #[arg(long, default_value_t = 64)]
    pub part_mb: u64,
    /// Which figures to print.
    #[arg(long, value_enum, default_value_t = Suite::All)]
    pub suite: Suite,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Suite {
    /// Discovery and locate.
    All,
    /// COPY vs FULL scan, peak RSS, detectors.
    Discovery,
    /// Locating one subject over 1,000,000 rows with and without an index, and the
    /// peak RSS of locate plus export.
    Locate,
    /// The server under read and write load: /healthz, nested and flat reads,
    /// concurrent writers on the embedded store (no PostgreSQL needed).
    Api,
    /// The job queue: claims per second with 1–4 claimers; a FULL scan of the bench
    /// table by one and by two `steward worker` processes.
    Jobs,
}
