//! The PostgreSQL store over TLS, against a real server that speaks it: the test server of
//! scripts/pg-server.sh, named by `STORYLINE_TEST_PG_URL`, whose certificate (for 127.0.0.1 and
//! localhost) is signed by the throw-away CA in `STORYLINE_TEST_PG_CA` (test.sh sets both).
//! Without them these tests skip with a message; the two that need no server always run.
//!
//! The server's pg_hba.conf (pg-server.sh) makes members of `storyline_tls_only` use TLS and
//! members of `storyline_scram` use SCRAM over TLS; the tests add roles of their own to them.

mod contract;

use std::io::{Read, Write};
use storyline_store::{PostgresStore, Store, StoreError};

fn env(name: &str) -> Option<String> {
    match std::env::var(name) {
        Ok(v) if !v.trim().is_empty() => Some(v),
        _ => None,
    }
}

/// The server URL and the CA path, or `None` (with a message) when either is unset.
fn tls_server() -> Option<(String, String)> {
    match (env("STORYLINE_TEST_PG_URL"), env("STORYLINE_TEST_PG_CA")) {
        (Some(url), Some(ca)) => Some((url, ca)),
        _ => {
            eprintln!(
                "SKIPPED: STORYLINE_TEST_PG_URL and STORYLINE_TEST_PG_CA are not both set \
                 (scripts/pg-server.sh start prints the URL, `scripts/pg-server.sh ca` the CA)"
            );
            None
        }
    }
}

/// The port of the server URL.
fn port(server: &str) -> u16 {
    let cfg = storyline_store::postgres_config(server).expect("server URL");
    cfg.config().get_ports().first().copied().unwrap_or(5432)
}

/// A test database (and optionally a login role of a pg_hba group owning it), dropped at the end.
struct Db {
    server: String,
    name: String,
    role: Option<String>,
}

impl Db {
    fn new(server: &str) -> Db {
        let name = contract::unique("storyline_tls");
        PostgresStore::create_database(server, &name).expect("create a test database");
        Db {
            server: server.to_owned(),
            name,
            role: None,
        }
    }

    /// A login role in `group`, owning this database (so it can migrate it).
    fn with_role(server: &str, group: &str, password: Option<&str>) -> Db {
        let mut db = Db::new(server);
        let role = contract::unique("storyline_r");
        let password = password.map_or(String::new(), |p| format!(" PASSWORD '{p}'"));
        contract::sql(
            server,
            &format!(
                "CREATE ROLE {role} LOGIN{password} IN ROLE {group}; \
                 ALTER DATABASE {} OWNER TO {role}",
                db.name
            ),
        );
        db.role = Some(role);
        db
    }

    /// The database's URL as `user[:password]`, with these query parameters.
    fn url(&self, userinfo: &str, params: &str) -> String {
        format!(
            "postgres://{userinfo}@127.0.0.1:{}/{}?{params}",
            port(&self.server),
            self.name
        )
    }
}

impl Drop for Db {
    fn drop(&mut self) {
        if let Err(e) = PostgresStore::drop_database(&self.server, &self.name) {
            eprintln!("could not drop test database {}: {e}", self.name);
        }
        if let Some(role) = &self.role {
            contract::sql(&self.server, &format!("DROP ROLE IF EXISTS {role}"));
        }
    }
}

fn open_err(url: &str) -> String {
    match PostgresStore::open(url) {
        Ok(_) => panic!("connected, but should not have: {url}"),
        Err(e) => {
            eprintln!("expected error: {e}");
            e.to_string()
        }
    }
}

/// Whether every connection the store holds to `db` is encrypted, and how many there are.
fn store_connections_encrypted(server: &str, db: &str) -> (i64, bool) {
    let rows = contract::sql(
        server,
        &format!(
            "SELECT count(*) || ' ' || coalesce(bool_and(s.ssl), false) \
             FROM pg_stat_activity a JOIN pg_stat_ssl s USING (pid) \
             WHERE a.datname = '{db}' AND a.application_name = 'storyline'"
        ),
    );
    let row = rows.first().cloned().unwrap_or_default();
    let (n, ssl) = row.split_once(' ').unwrap_or(("0", "f"));
    (n.parse().unwrap_or(0), ssl == "t" || ssl == "true")
}

#[test]
fn verify_full_with_the_ca_is_encrypted_and_the_store_works() {
    let Some((server, ca)) = tls_server() else {
        return;
    };
    let db = Db::new(&server);
    let url = db.url(
        "postgres",
        &format!("sslmode=verify-full&sslrootcert={ca}&connect_timeout=10"),
    );
    // This very connection path is encrypted, with a modern protocol.
    let rows = contract::sql(
        &url,
        "SELECT ssl || ' ' || version FROM pg_stat_ssl WHERE pid = pg_backend_pid()",
    );
    assert!(
        rows.first()
            .is_some_and(|r| r == "true TLSv1.3" || r == "true TLSv1.2"),
        "{rows:?}"
    );
    let store = PostgresStore::open(&url).expect("open over verify-full");
    // The contract's end-to-end round trip (each contract test wants a fresh database).
    contract::the_original_round_trip(&store);
    let id = store
        .insert_article(
            &contract::article(1, "https://tls.test/a", "Sent over TLS."),
            &[],
        )
        .expect("insert")
        .id();
    let back = store.article(id).expect("read").expect("stored");
    assert_eq!(back.text, "Sent over TLS.");
    // The store's own connections (the writer and the readers) are all encrypted.
    let (n, all_tls) = store_connections_encrypted(&server, &db.name);
    assert!(n >= 2, "the writer and the readers: {n}");
    assert!(all_tls, "a store connection is not encrypted");
    drop(store);

    // The default (libpq's prefer) encrypts when the server offers TLS; disable does not.
    let rows = contract::sql(
        &db.url("postgres", ""),
        "SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()",
    );
    assert_eq!(rows, ["t"]);
    let rows = contract::sql(
        &db.url("postgres", "sslmode=disable"),
        "SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()",
    );
    assert_eq!(rows, ["f"]);
}

#[test]
fn require_trusts_the_public_roots_and_the_given_ca_only() {
    let Some((server, ca)) = tls_server() else {
        return;
    };
    let db = Db::new(&server);
    // The test CA is not a public root.
    let e = open_err(&db.url("postgres:s3cret", "sslmode=require"));
    assert!(
        e.contains("the server's certificate is not trusted")
            && e.contains("sslrootcert=")
            && e.contains("UnknownIssuer"),
        "{e}"
    );
    assert!(!e.contains("s3cret"), "{e}");
    let store =
        PostgresStore::open(&db.url("postgres", &format!("sslmode=require&sslrootcert={ca}")))
            .expect("require with the CA");
    assert_eq!(store.stats().expect("stats").articles, 0);
    drop(store);
    // verify-full without the CA fails the same way.
    let e = open_err(&db.url("postgres", "sslmode=verify-full"));
    assert!(e.contains("not trusted"), "{e}");
    // A CA that did not sign the server's certificate: trusted roots, but the wrong ones.
    let dir = tempfile::tempdir().expect("tempdir");
    let other = dir.path().join("other-ca.pem");
    let key = dir.path().join("other-ca.key");
    let made = std::process::Command::new("openssl")
        .args(["req", "-x509", "-newkey", "ec", "-pkeyopt"])
        .args(["ec_paramgen_curve:prime256v1", "-nodes", "-days", "1"])
        .args(["-subj", "/CN=Another CA", "-keyout"])
        .arg(&key)
        .arg("-out")
        .arg(&other)
        .output()
        .expect("openssl (pg-server.sh needed it too)");
    assert!(made.status.success(), "{made:?}");
    let e = open_err(&db.url(
        "postgres",
        &format!("sslmode=verify-full&sslrootcert={}", other.display()),
    ));
    assert!(
        e.contains("not trusted") && e.contains(&other.display().to_string()),
        "{e}"
    );
}

#[test]
fn verify_full_checks_the_host_name_and_verify_ca_does_not() {
    let Some((server, ca)) = tls_server() else {
        return;
    };
    let db = Db::new(&server);
    let port = port(&server);
    // Reach 127.0.0.1 (hostaddr) while checking a name the certificate is not for (host).
    let wrong = |mode: &str| {
        format!(
            "postgres://postgres@wrong-name.invalid:{port}/{}?hostaddr=127.0.0.1&sslmode={mode}&sslrootcert={ca}",
            db.name
        )
    };
    let e = open_err(&wrong("verify-full"));
    assert!(
        e.contains("not valid for the host name wrong-name.invalid"),
        "{e}"
    );
    let e = open_err(&wrong("require"));
    assert!(e.contains("not valid for the host name"), "{e}");
    // verify-ca checks the chain only (libpq's meaning).
    let store = PostgresStore::open(&wrong("verify-ca")).expect("verify-ca ignores the name");
    assert_eq!(store.stats().expect("stats").articles, 0);
    drop(store);
    // The names the certificate is for.
    let store = PostgresStore::open(&format!(
        "postgres://postgres@localhost:{port}/{}?sslmode=verify-full&sslrootcert={ca}",
        db.name
    ))
    .expect("localhost is in the certificate");
    drop(store);
    // A CA file that is not there: named, with no password shown.
    let e = open_err(&format!(
        "postgres://postgres:s3cret@127.0.0.1:{port}/{}?sslmode=verify-full&sslrootcert=/nonexistent/ca.pem",
        db.name
    ));
    assert!(
        e.contains("cannot read the CA file sslrootcert=/nonexistent/ca.pem"),
        "{e}"
    );
    assert!(!e.contains("s3cret"), "{e}");
}

#[test]
fn a_hostssl_only_role_is_refused_in_plain_text_and_accepted_over_tls() {
    let Some((server, ca)) = tls_server() else {
        return;
    };
    let db = Db::with_role(&server, "storyline_tls_only", None);
    let role = db.role.clone().expect("role");
    let e = open_err(&db.url(&role, "sslmode=disable"));
    assert!(e.contains("no encryption"), "{e}");
    let store =
        PostgresStore::open(&db.url(&role, &format!("sslmode=verify-full&sslrootcert={ca}")))
            .expect("TLS is accepted");
    store
        .add_source("http://a.test/feed", "A", None)
        .expect("write");
    drop(store);
    // allow: plain first, then TLS when the server refuses plain (libpq's meaning).
    let store =
        PostgresStore::open(&db.url(&role, "sslmode=allow")).expect("allow falls back to TLS");
    assert_eq!(store.stats().expect("stats").sources, 1);
    drop(store);
    // prefer (the default) uses TLS when offered.
    let store = PostgresStore::open(&db.url(&role, "")).expect("prefer");
    drop(store);
}

#[test]
fn scram_over_tls_is_bound_to_the_tls_session() {
    let Some((server, ca)) = tls_server() else {
        return;
    };
    let password = contract::unique("pw");
    let db = Db::with_role(&server, "storyline_scram", Some(&password));
    let role = db.role.clone().expect("role");
    let userinfo = format!("{role}:{password}");
    // channel_binding=require fails unless SCRAM-SHA-256-PLUS with tls-server-end-point ran.
    let store = PostgresStore::open(&db.url(
        &userinfo,
        &format!("sslmode=verify-full&sslrootcert={ca}&channel_binding=require"),
    ))
    .expect("SCRAM with channel binding over verify-full");
    store
        .add_source("http://a.test/feed", "A", None)
        .expect("write");
    drop(store);
    // Also when the certificate is not verified (prefer): the binding is what stops a relay.
    let store = PostgresStore::open(&db.url(&userinfo, "channel_binding=require"))
        .expect("SCRAM with channel binding over prefer");
    drop(store);
    // A wrong password: refused, and not shown.
    let e = open_err(&db.url(
        &format!("{role}:wrong-{password}"),
        &format!("sslmode=verify-full&sslrootcert={ca}"),
    ));
    assert!(e.contains("password authentication failed"), "{e}");
    assert!(!e.contains(&password), "{e}");
}

#[test]
fn require_against_a_server_without_tls_says_so() {
    // A listener that answers PostgreSQL's TLS request with 'N', as a server without TLS does.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("addr").port();
    let server = std::thread::spawn(move || {
        if let Ok((mut s, _)) = listener.accept() {
            let mut request = [0u8; 8];
            if s.read_exact(&mut request).is_ok() {
                assert_eq!(request, SSL_REQUEST);
                let _ = s.write_all(b"N");
            }
        }
    });
    let e = match PostgresStore::open(&format!(
        "postgres://alice:s3cret@127.0.0.1:{port}/news?sslmode=require&connect_timeout=5"
    )) {
        Err(e @ StoreError::PgConnect { .. }) => e.to_string(),
        Err(e) => panic!("unexpected error: {e}"),
        Ok(_) => panic!("connected without TLS"),
    };
    assert!(e.contains("server does not support TLS"), "{e}");
    assert!(!e.contains("s3cret"), "{e}");
    server.join().expect("fake server");
}

#[test]
fn tls_settings_are_checked_before_connecting() {
    let e = open_err(
        "postgres://alice:s3cret@127.0.0.1:1/x?sslmode=verify-full&sslrootcert=/nonexistent/ca.pem",
    );
    assert!(
        e.contains("cannot read the CA file sslrootcert=/nonexistent/ca.pem")
            && e.contains("No such file"),
        "{e}"
    );
    assert!(!e.contains("s3cret"), "{e}");
    let e = open_err("postgres://alice:s3cret@127.0.0.1:1/x?sslmode=verify-ca");
    assert!(e.contains("verify-ca needs sslrootcert"), "{e}");
    assert!(!e.contains("s3cret"), "{e}");
}

/// PostgreSQL's SSLRequest: length 8, code 80877103.
const SSL_REQUEST: [u8; 8] = [0, 0, 0, 8, 4, 210, 22, 47];

/// A listener that says yes to TLS and then sends bytes that are not TLS, and closes a plain
/// startup at once. Returns its port and, when joined, the first 8 bytes of each connection (at
/// most `n` connections; [`unblock`] ends the wait for more).
fn tls_breaker(n: usize) -> (u16, std::thread::JoinHandle<Vec<[u8; 8]>>) {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("addr").port();
    let handle = std::thread::spawn(move || {
        let mut firsts = Vec::new();
        for _ in 0..n {
            let Ok((mut s, _)) = listener.accept() else {
                break;
            };
            let mut head = [0u8; 8];
            if s.read_exact(&mut head).is_err() {
                break;
            }
            firsts.push(head);
            if head == SSL_REQUEST {
                let _ = s.write_all(b"S");
                let _ = s.write_all(b"this is not a TLS record\r\n");
            }
        }
        firsts
    });
    (port, handle)
}

/// Wakes a [`tls_breaker`] still waiting for a connection.
fn unblock(port: u16) {
    let _ = std::net::TcpStream::connect(("127.0.0.1", port));
}

#[test]
fn prefer_retries_in_plain_text_when_tls_fails_and_require_does_not() {
    // prefer (the default), as libpq: the failed handshake is followed by a plain connection.
    let (port, server) = tls_breaker(2);
    let e = open_err(&format!(
        "postgres://alice:s3cret@127.0.0.1:{port}/news?connect_timeout=5"
    ));
    unblock(port);
    let firsts = server.join().expect("fake server");
    assert_eq!(firsts.len(), 2, "{firsts:?}: {e}");
    assert_eq!(firsts[0], SSL_REQUEST);
    // The second starts with a plain StartupMessage (protocol 3.0), no TLS request.
    assert_eq!(firsts[1][4..8], [0, 3, 0, 0], "{firsts:?}");
    assert!(!e.contains("s3cret"), "{e}");

    // require: the handshake failure is the answer.
    let (port, server) = tls_breaker(2);
    let e = open_err(&format!(
        "postgres://alice:s3cret@127.0.0.1:{port}/news?sslmode=require&connect_timeout=5"
    ));
    unblock(port);
    let firsts = server.join().expect("fake server");
    assert_eq!(firsts, [SSL_REQUEST], "{e}");
    assert!(e.contains("TLS handshake with the server failed"), "{e}");
    assert!(!e.contains("s3cret"), "{e}");
}
