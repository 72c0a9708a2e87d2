//! The real pieces for the sync tests: a clinic-server over HTTPS on loopback (SQLite in a temp
//! folder, or PostgreSQL in a schema of its own), and sites that are real encrypted clinic
//! databases syncing through the real client.

use std::net::SocketAddr;
use std::sync::Mutex;
use std::time::Duration;

use clinic_core::sync::Replica;
use clinic_core::{Actor, PatientInput, Role, Sex};
use clinic_server::storage::postgres::fresh_schema_url;
use clinic_server::storage::{now_text, Org, StoredField};
use clinic_server::tls::{TlsMaterial, TlsSource};
use clinic_server::{codes, AnyStorage, PostgresStorage, RunningServer, ServerOptions, SqliteStorage, Storage};
use clinic_store::sync::{Enrolment, SyncedRows};
use clinic_store::{DatabaseKey, SiteSetup, Store};
use clinic_sync::protocol::EnrolRequest;
use clinic_sync::{sync_in_batches, sync_once, Batches, Credentials, ServerAddress, SyncClient, SyncError, SyncReport, Trust};
use tempfile::TempDir;

/// Where the PostgreSQL tests find their database (`make test` sets it).
pub const POSTGRES_URL_VAR: &str = "CLINIC_TEST_POSTGRES_URL";

/// Which storage a test server runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// A PostgreSQL URL whose connections use a new, empty schema. Fails (never skips) when the
/// database is not configured or cannot be reached.
pub async fn postgres_schema_url() -> String {
    let base = std::env::var(POSTGRES_URL_VAR).unwrap_or_else(|_| {
        panic!("{POSTGRES_URL_VAR} is not set: the PostgreSQL tests need a database (make test starts one and sets it)")
    });
    fresh_schema_url(&base, "t_")
        .await
        .unwrap_or_else(|e| panic!("cannot make a schema in PostgreSQL at {POSTGRES_URL_VAR}: {e}"))
}

/// A running server with its own database.
pub struct TestServer {
    pub running: Option<RunningServer>,
    pub storage: TestStorage,
    pub tls: TlsMaterial,
    /// The PostgreSQL URL (with its schema) a PostgreSQL server runs on.
    pub postgres_url: Option<String>,
    /// The limits and metrics token it runs with: the defaults, and [`METRICS_TOKEN`].
    pub options: ServerOptions,
    _dir: TempDir,
}

/// The token the test servers' `/metrics` asks for.
pub const METRICS_TOKEN: &str = "test-metrics-token-0123456789";

fn test_options() -> ServerOptions {
    ServerOptions { metrics_token: Some(METRICS_TOKEN.into()), ..ServerOptions::default() }
}

/// Either storage, for the tests that look inside: short forms of the calls they make.
#[derive(Clone)]
pub struct TestStorage(pub AnyStorage);

impl TestStorage {
    pub async fn create_org(&self, name: &str) -> Org {
        self.0.create_org(name, &now_text()).await.expect("create org")
    }

    /// A one-time code for `org`, valid for an hour.
    pub async fn enrolment_code(&self, org: &Org) -> String {
        codes::issue_enrolment_code(&self.0, &org.id, chrono::Duration::hours(1)).await.expect("code").0
    }

    pub async fn field_states(&self, org: &Org) -> Vec<StoredField> {
        self.0.field_states(&org.id).await.expect("field states")
    }

    pub async fn count_changes(&self, org: &Org) -> i64 {
        self.0.count_changes(&org.id).await.expect("count")
    }

    pub async fn revoke(&self, org: &Org, site_code: &str) {
        self.0.revoke_site(&org.id, site_code, &now_text()).await.expect("revoke");
    }
}

impl TestServer {
    /// A server on a free loopback port with a self-signed certificate.
    pub async fn start(backend: Backend) -> TestServer {
        let dir = tempfile::tempdir().expect("tempdir");
        let tls = TlsSource::SelfSigned { dir: dir.path().join("tls"), names: vec![] }.load().expect("certificate");
        let (storage, postgres_url) = match backend {
            Backend::Sqlite => (AnyStorage::Sqlite(SqliteStorage::open(&dir.path().join("server.db")).expect("sqlite")), None),
            Backend::Postgres => {
                let url = postgres_schema_url().await;
                (AnyStorage::Postgres(PostgresStorage::connect(&url).await.expect("postgres storage")), Some(url))
            }
        };
        let mut server =
            TestServer { running: None, storage: TestStorage(storage), tls, postgres_url, options: test_options(), _dir: dir };
        server.listen("127.0.0.1:0".parse().expect("address")).await;
        server
    }

    /// Another server on this one's PostgreSQL database (its own connections, port and
    /// certificate), as a second `clinic-server` process behind a load balancer would be.
    pub async fn beside(&self) -> TestServer {
        let url = self.postgres_url.clone().expect("only a PostgreSQL server has a database to share");
        let dir = tempfile::tempdir().expect("tempdir");
        let tls = TlsSource::SelfSigned { dir: dir.path().join("tls"), names: vec![] }.load().expect("certificate");
        let storage = AnyStorage::Postgres(PostgresStorage::connect(&url).await.expect("postgres storage"));
        let mut server = TestServer {
            running: None,
            storage: TestStorage(storage),
            tls,
            postgres_url: Some(url),
            options: test_options(),
            _dir: dir,
        };
        server.listen("127.0.0.1:0".parse().expect("address")).await;
        server
    }

    /// (Re)starts serving on `addr`.
    pub async fn listen(&mut self, addr: SocketAddr) {
        // The server runs on the storage itself, as `clinic-server serve` does.
        let running = match &self.storage.0 {
            AnyStorage::Sqlite(s) => clinic_server::start_with(s.clone(), addr, &self.tls, self.options.clone()).await,
            AnyStorage::Postgres(s) => clinic_server::start_with(s.clone(), addr, &self.tls, self.options.clone()).await,
        }
        .expect("server starts");
        self.running = Some(running);
    }

    pub fn addr(&self) -> SocketAddr {
        self.running.as_ref().expect("running").addr
    }

    pub fn url(&self) -> String {
        format!("https://{}", self.addr())
    }

    /// How sites reach and trust this server.
    pub fn address(&self) -> ServerAddress {
        ServerAddress { url: self.url(), trust: Trust::Pinned(self.tls.fingerprint) }
    }

    /// The organisation's data on the server, as a site's rows would show it.
    pub async fn rows(&self, org: &Org) -> SyncedRows {
        server_rows(&self.storage.field_states(org).await)
    }
}

/// The server's field states grouped into rows, empty fields left out, with the row's site taken
/// from the site that wrote its `created_at`, as sites do.
pub fn server_rows(fields: &[StoredField]) -> SyncedRows {
    let mut rows = SyncedRows::new();
    for f in fields {
        let row = rows.entry((f.entity.clone(), f.entity_id.clone())).or_default();
        if f.field == "created_at" {
            row.insert("site_id".into(), f.site_id.clone());
        }
        if let Some(value) = &f.value {
            row.insert(f.field.clone(), value.clone());
        }
    }
    rows
}

/// The username of the front-desk account every test clinic has.
pub const DESK: &str = "desk";

/// One site: a real encrypted clinic database with its sync client.
pub struct TestSite {
    pub store: Mutex<Store>,
    pub code: String,
    pub client: SyncClient,
    pub credentials: Credentials,
    pub admin: Actor,
    _dir: TempDir,
}

impl TestSite {
    /// A new database with `code`, not yet enrolled.
    fn create(code: &str) -> (Store, TempDir) {
        let dir = tempfile::tempdir().expect("tempdir");
        let setup = SiteSetup { clinic_name: "Riverside".into(), site_name: format!("Site {code}"), site_code: code.into() };
        let mut store = Store::create(&dir.path().join("clinic.db"), &DatabaseKey::generate(), &setup).expect("store");
        store.adopt_install_id(&uuid::Uuid::now_v7().to_string()).expect("install id");
        (store, dir)
    }

    /// The clinic's first site: sets the clinic up (its first admin) and enrols.
    pub async fn founding(server: &TestServer, org: &Org, code: &str) -> TestSite {
        let enrolment_code = server.storage.enrolment_code(org).await;
        TestSite::founding_at(&server.address(), &enrolment_code, code).await
    }

    /// [`TestSite::founding`] with a server reached at `address` and a code made elsewhere.
    pub async fn founding_at(address: &ServerAddress, enrolment_code: &str, code: &str) -> TestSite {
        let (mut store, dir) = TestSite::create(code);
        let setup = clinic_core::ClinicSetupInput {
            clinic_name: "Riverside".into(),
            site_name: format!("Site {code}"),
            site_code: code.into(),
            username: "ada".into(),
            display_name: "Ada Admin".into(),
            password: "plum tree harbour".into(),
        }
        .validate()
        .expect("setup");
        let user = store.set_up_clinic(&setup).expect("set up");
        let admin = Actor { user_id: user.id, username: user.username, role: user.role };
        // The front desk registers, books and takes payments: the server lets no admin do that.
        super::fixtures::account(&mut store, &admin, DESK, Role::FrontDesk);
        TestSite::enrol(address, enrolment_code, code, store, dir, admin, false).await
    }

    /// A new site of an existing clinic: enrols, then its accounts arrive with the first sync.
    pub async fn joining(server: &TestServer, org: &Org, code: &str, admin: &Actor) -> TestSite {
        let enrolment_code = server.storage.enrolment_code(org).await;
        TestSite::joining_at(&server.address(), &enrolment_code, code, admin).await
    }

    /// [`TestSite::joining`] with a server reached at `address` and a code made elsewhere.
    pub async fn joining_at(address: &ServerAddress, enrolment_code: &str, code: &str, admin: &Actor) -> TestSite {
        let (mut store, dir) = TestSite::create(code);
        store
            .join_clinic(&SiteSetup {
                clinic_name: "Riverside".into(),
                site_name: format!("Site {code}"),
                site_code: code.into(),
            })
            .expect("join");
        TestSite::enrol(address, enrolment_code, code, store, dir, admin.clone(), true).await
    }

    /// A site database made elsewhere (an older version's, say) that has been enrolled with
    /// `server` all along: the server learns the site under a new token and the database's
    /// link points at this server, without the database enrolling again.
    pub async fn adopt(server: &TestServer, org: &Org, mut store: Store, dir: TempDir, admin: Actor) -> TestSite {
        let site = store.site().clone();
        store.adopt_install_id(&uuid::Uuid::now_v7().to_string()).expect("install id");
        let install_id = store.install_id().expect("install id").expect("set");
        let code = server.storage.enrolment_code(org).await;
        let token = codes::new_token();
        let enrolment = clinic_server::storage::Enrolment {
            code_hash: codes::enrolment_code_hash(&code),
            site_id: site.site_id.clone(),
            site_code: site.site_code.clone(),
            site_name: site.site_name.clone(),
            install_id: install_id.clone(),
            token_hash: codes::secret_hash(&token),
            now: now_text(),
        };
        server.storage.0.enrol(&enrolment).await.expect("the server learns the site");
        let epoch = server.storage.0.epoch().await.expect("epoch");
        // As if it had pulled everything this server holds (nothing) from this server's epoch.
        store
            .connection()
            .execute(
                "UPDATE local_sync SET server_url = ?1, cert_fingerprint = ?2, org_id = ?3, org_name = ?4, epoch = ?5, cursor = 0",
                [server.url(), server.tls.fingerprint.to_string(), org.id.clone(), org.name.clone(), epoch],
            )
            .expect("the link points here");
        let credentials = Credentials { token, install_id };
        let client = SyncClient::new(&server.address(), Some(credentials.clone())).expect("client");
        TestSite { store: Mutex::new(store), code: site.site_code, client, credentials, admin, _dir: dir }
    }

    async fn enrol(
        address: &ServerAddress,
        enrolment_code: &str,
        code: &str,
        mut store: Store,
        dir: TempDir,
        admin: Actor,
        joining: bool,
    ) -> TestSite {
        let install_id = store.install_id().expect("install id").expect("set");
        let request = EnrolRequest {
            code: enrolment_code.into(),
            site_id: store.site().site_id.clone(),
            site_code: code.into(),
            site_name: format!("Site {code}"),
            install_id: install_id.clone(),
        };
        let anonymous = SyncClient::new(address, None).expect("client");
        let answer = anonymous.enrol(&request).await.expect("enrol");
        let fingerprint = match &address.trust {
            Trust::Pinned(f) => Some(f.to_string()),
            _ => None,
        };
        let enrolment = Enrolment {
            server_url: address.url.clone(),
            cert_fingerprint: fingerprint,
            org_id: answer.org_id,
            org_name: answer.org_name,
        };
        store.save_enrolment(&enrolment, joining).expect("save enrolment");
        let credentials = Credentials { token: answer.token, install_id };
        let client = SyncClient::new(address, Some(credentials.clone())).expect("client");
        TestSite { store: Mutex::new(store), code: code.into(), client, credentials, admin, _dir: dir }
    }

    /// Pushes and pulls until both are done.
    /// The clinic's front-desk account, as this site holds it (a joining site once it has synced).
    pub fn desk(&self) -> Actor {
        self.with(|s| {
            let user = s.list_users().expect("users").into_iter().find(|u| u.username == DESK).expect("the front desk's account");
            Actor { user_id: user.id, username: user.username, role: user.role }
        })
    }

    pub async fn sync(&self) -> SyncReport {
        self.try_sync().await.unwrap_or_else(|e| panic!("site {} failed to sync: {e}", self.code))
    }

    pub async fn try_sync(&self) -> Result<SyncReport, SyncError> {
        sync_once(&self.store, &self.client, &|_| {}).await
    }

    /// Another client for this site, e.g. through a proxy.
    pub fn client_via(&self, url: &str, server: &TestServer) -> SyncClient {
        let address = ServerAddress { url: url.into(), trust: Trust::Pinned(server.tls.fingerprint) };
        SyncClient::new(&address, Some(self.credentials.clone())).expect("client")
    }

    /// Syncs through another client (a proxy in between) with other batch sizes.
    pub async fn sync_with(&self, client: &SyncClient, batches: Batches) -> Result<SyncReport, SyncError> {
        sync_in_batches(&self.store, client, batches, &|_| {}).await
    }

    /// Changes made at this site that wait for the server.
    pub fn waiting(&self) -> i64 {
        self.with(|s| s.count_pending().expect("pending")) as i64
    }

    /// The last server sequence this site applied.
    pub fn cursor(&self) -> i64 {
        self.with(|s| s.pull_position().expect("position").map_or(0, |p| p.cursor))
    }

    pub fn with<T>(&self, f: impl FnOnce(&mut Store) -> T) -> T {
        f(&mut self.store.lock().expect("store"))
    }

    pub fn rows(&self) -> SyncedRows {
        self.with(|s| s.synced_rows().expect("rows"))
    }
}

/// A patient with a family name and sensible details.
pub fn patient(given: &str, family: &str) -> PatientInput {
    PatientInput {
        given_name: given.into(),
        family_name: family.into(),
        date_of_birth: "1984-03-27".into(),
        sex: Some(Sex::Female),
        phone: "+1 555 0100 2030".into(),
        ..Default::default()
    }
}

/// Today as the tests register patients.
pub fn today() -> chrono::NaiveDate {
    chrono::Utc::now().date_naive()
}

/// Runs `f` with a timeout, so a hung sync fails the test instead of hanging CI.
pub async fn within<T>(seconds: u64, f: impl std::future::Future<Output = T>) -> T {
    tokio::time::timeout(Duration::from_secs(seconds), f).await.expect("finished in time")
}
