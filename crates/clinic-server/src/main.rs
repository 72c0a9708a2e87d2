//! `clinic-server`: runs the sync server and manages its organisations, enrolment codes and
//! sites. With no options it keeps its data (a SQLite file and a self-signed certificate) under
//! `./clinic-server-data`. See docs/operations.md.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use anyhow::{bail, Context};
use clap::{Parser, Subcommand, ValueEnum};
use clinic_server::storage::now_text;
use clinic_server::tls::TlsSource;
use clinic_server::{codes, AnyStorage, Database, Limits, ServerOptions, Storage};

#[derive(Parser)]
#[command(name = "clinic-server", version, about = "Clinic Desk's central sync server")]
struct Cli {
    /// Folder for the server's data: the SQLite database and the self-signed certificate.
    #[arg(long, env = "CLINIC_SERVER_DATA_DIR", default_value = "clinic-server-data", global = true)]
    data_dir: PathBuf,
    /// A PostgreSQL URL (postgres://user:password@host/db) to use instead of the SQLite file.
    #[arg(long, env = "CLINIC_SERVER_DATABASE", global = true, hide_env_values = true)]
    database: Option<String>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Serves the sync API over HTTPS.
    Serve {
        /// Address and port to listen on.
        #[arg(long, default_value = "0.0.0.0:8443")]
        listen: SocketAddr,
        /// The certificate chain (PEM) of a certificate the clinic's computers trust.
        #[arg(long, requires = "key", conflicts_with = "self_signed")]
        cert: Option<PathBuf>,
        /// The certificate's private key (PEM).
        #[arg(long, requires = "cert")]
        key: Option<PathBuf>,
        /// Use a self-signed certificate (made once in the data folder); sites pin its
        /// fingerprint, printed at start. This is the default when no --cert is given.
        #[arg(long)]
        self_signed: bool,
        /// Extra names or addresses for the self-signed certificate (the server's LAN name).
        #[arg(long = "tls-name")]
        tls_names: Vec<String>,
        /// The token a monitoring system presents to read /metrics (Authorization: Bearer).
        /// Without one, /metrics is off.
        #[arg(long, env = "CLINIC_SERVER_METRICS_TOKEN", hide_env_values = true)]
        metrics_token: Option<String>,
        /// Connections served at once; more wait up to 10 s for one to close.
        #[arg(long, default_value_t = Limits::default().max_connections)]
        max_connections: usize,
        /// Log lines as JSON (for a log collector) or as text.
        #[arg(long, value_enum, default_value_t = LogFormat::Json)]
        log_format: LogFormat,
    },
    /// Organisations (clinic groups); each is isolated from the others.
    #[command(subcommand)]
    Org(OrgCommand),
    /// Makes a one-time code with which a site of ORG enrols.
    EnrolmentCode {
        /// The organisation's name or id.
        org: String,
        /// Hours until the code expires.
        #[arg(long, default_value_t = 24)]
        valid_hours: u32,
    },
    /// The sites of an organisation.
    #[command(subcommand)]
    Site(SiteCommand),
    /// After restoring the database from a backup: gives it a new identity, so every site
    /// sends what it has again and fetches everything from the start.
    RotateEpoch,
}

#[derive(Subcommand)]
enum OrgCommand {
    /// Creates an organisation.
    Create { name: String },
    /// Lists the organisations.
    List,
}

#[derive(Subcommand)]
enum SiteCommand {
    /// Lists an organisation's sites.
    List { org: String },
    /// Revokes a site (by id or code): its token is refused from now on.
    Revoke { org: String, site: String },
    /// Makes a one-time code with which an existing site (by id or code) enrols again and gets
    /// a new token, say after its computer's keychain was lost. Its old token stops working
    /// when the code is used. An ordinary enrolment code only ever makes a new site.
    Rekey {
        org: String,
        site: String,
        /// Hours until the code expires.
        #[arg(long, default_value_t = 24)]
        valid_hours: u32,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum LogFormat {
    Json,
    Text,
}

fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    let json_logs = matches!(cli.command, Command::Serve { log_format: LogFormat::Json, .. });
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,tower_http=info"));
    let logs = tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr);
    if json_logs {
        logs.json().with_current_span(true).init();
    } else {
        logs.init();
    }
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().context("cannot start the runtime")?;
    runtime.block_on(run(cli))
}

async fn run(cli: Cli) -> anyhow::Result<()> {
    let database = match &cli.database {
        Some(url) => Database::parse(url),
        None => Database::Sqlite(cli.data_dir.join("server.db")),
    };
    let storage = AnyStorage::open(&database).await.with_context(|| format!("cannot open {}", database.describe()))?;
    command(storage, &cli, &database).await
}

async fn command(storage: AnyStorage, cli: &Cli, database: &Database) -> anyhow::Result<()> {
    match &cli.command {
        Command::Serve { listen, cert, key, tls_names, metrics_token, max_connections, .. } => {
            let source = match (cert, key) {
                (Some(cert), Some(key)) => TlsSource::Files { cert: cert.clone(), key: key.clone() },
                _ => TlsSource::SelfSigned { dir: cli.data_dir.join("tls"), names: tls_names.clone() },
            };
            let tls = source.load()?;
            let metrics_token = metrics_token.as_ref().map(|t| t.trim().to_string()).filter(|t| !t.is_empty());
            if metrics_token.as_ref().is_some_and(|t| t.len() < 16) {
                bail!("the metrics token must be at least 16 characters long");
            }
            let options =
                ServerOptions { limits: Limits { max_connections: *max_connections, ..Limits::default() }, metrics_token };
            let metrics_on = options.metrics_token.is_some();
            let server = clinic_server::start_with(storage, *listen, &tls, options).await?;
            println!("Clinic Desk sync server listening on {}", server.url());
            println!("Storage: {}", database.describe());
            println!("Certificate SHA-256 fingerprint: {}", tls.fingerprint);
            println!("Metrics: {}", if metrics_on { "on /metrics, with the metrics token" } else { "off (no --metrics-token)" });
            let handle = server.handle();
            tokio::spawn(async move {
                shutdown_signal().await;
                tracing::info!("stopping: finishing requests in flight");
                handle.graceful_shutdown(Some(Duration::from_secs(10)));
            });
            server.wait().await?;
        }
        Command::Org(OrgCommand::Create { name }) => {
            let name = name.trim();
            if name.is_empty() {
                bail!("give the organisation a name");
            }
            let org = storage.create_org(name, &now_text()).await?;
            println!("Created organisation {} ({})", org.name, org.id);
        }
        Command::Org(OrgCommand::List) => {
            for org in storage.list_orgs().await? {
                println!("{}\t{}\tcreated {}", org.id, org.name, org.created_at);
            }
        }
        Command::EnrolmentCode { org, valid_hours } => {
            let org = find_org(&storage, org).await?;
            let valid_for = chrono::Duration::hours(i64::from((*valid_hours).clamp(1, 24 * 30)));
            let (code, expires) = codes::issue_enrolment_code(&storage, &org.id, valid_for).await?;
            println!("Enrolment code for {}: {code}", org.name);
            println!("It can be used once, until {} (UTC).", expires.format("%Y-%m-%d %H:%M"));
        }
        Command::Site(SiteCommand::List { org }) => {
            let org = find_org(&storage, org).await?;
            for site in storage.list_sites(&org.id).await? {
                let state = site.revoked_at.as_deref().map_or("active".to_string(), |at| format!("revoked {at}"));
                let seen = site.last_seen_at.as_deref().unwrap_or("never");
                println!("{}\t{}\t{}\t{state}\tlast seen {seen}", site.code, site.site_id, site.name);
            }
        }
        Command::Site(SiteCommand::Revoke { org, site }) => {
            let org = find_org(&storage, org).await?;
            let site = storage.revoke_site(&org.id, site, &now_text()).await?;
            println!("Revoked site {} ({}) of {}", site.code, site.site_id, org.name);
        }
        Command::Site(SiteCommand::Rekey { org, site, valid_hours }) => {
            let org = find_org(&storage, org).await?;
            let sites = storage.list_sites(&org.id).await?;
            let Some(found) = sites.iter().find(|s| s.site_id == *site || s.code.eq_ignore_ascii_case(site)) else {
                bail!("{} has no site {site} (see `clinic-server site list`)", org.name);
            };
            if found.revoked_at.is_some() {
                bail!("site {} was revoked: set that computer up as a new site instead", found.code);
            }
            let valid_for = chrono::Duration::hours(i64::from((*valid_hours).clamp(1, 24 * 30)));
            let (code, expires) = codes::issue_rekey_code(&storage, &org.id, &found.site_id, valid_for).await?;
            println!("Re-key code for site {} ({}) of {}: {code}", found.code, found.site_id, org.name);
            println!(
                "Only that site can use it, once, until {} (UTC). Its admin unlinks the site",
                expires.format("%Y-%m-%d %H:%M")
            );
            println!("(Settings, Sync) and enrols it again with this code; its old token then stops working.");
        }
        Command::RotateEpoch => {
            let epoch = storage.rotate_epoch().await?;
            println!("The server's database now has the identity {epoch}: every site will resend and refetch everything");
        }
    }
    Ok(())
}

async fn find_org<S: Storage>(storage: &S, key: &str) -> anyhow::Result<clinic_server::storage::Org> {
    match storage.find_org(key).await? {
        Some(org) => Ok(org),
        None => bail!("no organisation is called {key} (see `clinic-server org list`)"),
    }
}

async fn shutdown_signal() {
    let interrupt = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        let mut terminate = match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(signal) => signal,
            Err(_) => {
                let _ = interrupt.await;
                return;
            }
        };
        tokio::select! {
            _ = interrupt => {}
            _ = terminate.recv() => {}
        }
    }
    #[cfg(not(unix))]
    {
        let _ = interrupt.await;
    }
}
