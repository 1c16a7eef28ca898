//! `storyline newsletter` as a user runs it: a real SQLite store with stories and digests, the
//! binary, and a real SMTP server (Python's aiosmtpd) on 127.0.0.1.

#[path = "../crates/mail/tests/support/mod.rs"]
mod support;

use chrono::{Duration, Utc};
use std::path::Path;
use std::process::{Command, Output};
use std::sync::Arc;
use storyline_core::text::content_hash;
use storyline_core::{Cited, Digest, NewArticle};
use storyline_store::{Placement, SqliteStore, Store};
use support::{closed_port, part, SmtpServer, TestCa};

const BASE: &str = "https://news.example.org";
const HOSTILE: &str = "<script>alert(1)</script> Zürich council approves flood barrier";

fn storyline(config: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_storyline"))
        .arg("--config")
        .arg(config)
        .args(args)
        .env_remove("STORYLINE_SMTP_PASSWORD")
        .output()
        .expect("run storyline")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).to_string()
}

fn ok(out: &Output) -> String {
    assert!(
        out.status.success(),
        "exit {:?}\nstdout: {}\nstderr: {}",
        out.status,
        text(&out.stdout),
        text(&out.stderr)
    );
    text(&out.stdout)
}

fn failed(out: &Output) -> String {
    assert!(
        !out.status.success(),
        "expected a failure\nstdout: {}\nstderr: {}",
        text(&out.stdout),
        text(&out.stderr)
    );
    assert!(
        !text(&out.stderr).contains("panicked"),
        "{}",
        text(&out.stderr)
    );
    text(&out.stderr)
}

/// Story ids: the hostile headline (3 outlets), the chip launch (2), a story without a digest,
/// and a story from three days ago.
struct Filled {
    hostile: i64,
    chip: i64,
    no_digest: i64,
    old: i64,
}

fn fill(store: &dyn Store) -> Filled {
    let now = Utc::now();
    let mut placements = Vec::new();
    let mut add =
        |story: i64, outlet: &str, slug: &str, title: &str, hours_ago: i64, body: &str| {
            let url = format!("https://{outlet}.example/news/{slug}");
            let id = store
                .insert_article(
                    &NewArticle {
                        source_id: None,
                        source_name: outlet.into(),
                        url: url.clone(),
                        canonical_url: url,
                        title: title.into(),
                        published: Some(now - Duration::hours(hours_ago)),
                        text: body.into(),
                        content_hash: content_hash(body),
                        ..NewArticle::default()
                    },
                    &[],
                )
                .expect("insert article")
                .id();
            placements.push(Placement {
                article: id,
                story,
                duplicate_of: None,
            });
        };
    for (i, outlet) in ["coastal-ledger", "metro-wire", "harbor-gazette"]
        .iter()
        .enumerate()
    {
        add(
            1,
            outlet,
            "barrier",
            "Council approves barrier",
            2 + i as i64,
            &format!("The council voted {i} times on Tuesday to build a flood barrier. It will cost $1.2 billion."),
        );
    }
    for (i, outlet) in ["tech-brief", "metro-wire"].iter().enumerate() {
        add(
            2,
            outlet,
            "a7",
            "Alder unveils A7 chip",
            5 + i as i64,
            &format!("Alder Semiconductor unveiled the A7 laptop chip on Monday, story {i}. It uses less power."),
        );
    }
    add(
        3,
        "community-post",
        "library",
        "Central library extends weekend hours",
        8,
        "The central library will stay open until 8 p.m. on weekends. The change follows a petition.",
    );
    add(
        4,
        "daily-current",
        "old",
        "Last week's regatta results",
        72,
        "The regatta was won by the harbor crew. Crowds lined the quay.",
    );
    store
        .apply_clustering(&placements, &[])
        .expect("clustering");
    let digest = |headline: &str, summary: &str, category: &str| Digest {
        headline: Cited {
            text: headline.into(),
            citations: vec![],
        },
        summary: vec![Cited {
            text: summary.into(),
            citations: vec![],
        }],
        category: category.into(),
        engine: "builtin".into(),
        ..Digest::default()
    };
    store
        .put_digest(
            1,
            &digest(
                HOSTILE,
                "The council voted on Tuesday <img src=x onerror=alert(2)> to build a $1.2 billion barrier.",
                "Politics",
            ),
            "h1",
        )
        .expect("digest 1");
    store
        .put_digest(
            2,
            &digest(
                "Alder unveils A7 laptop chip",
                "Alder Semiconductor unveiled the A7, which uses less power.",
                "Technology",
            ),
            "h2",
        )
        .expect("digest 2");
    store
        .put_digest(
            4,
            &digest(
                "Harbor crew wins the regatta",
                "The harbor crew won.",
                "Sport",
            ),
            "h4",
        )
        .expect("digest 4");
    Filled {
        hostile: 1,
        chip: 2,
        no_digest: 3,
        old: 4,
    }
}

fn write_config(dir: &Path, db: &Path, port: u16, base_url: bool) -> std::path::PathBuf {
    let config = dir.join(format!("storyline-{port}-{base_url}.toml"));
    let web = if base_url {
        format!("[web]\nbase_url = \"{BASE}\"\n")
    } else {
        String::new()
    };
    std::fs::write(
        &config,
        format!(
            "database = {db:?}\n{web}[mail]\nsmtp_host = \"127.0.0.1\"\nsmtp_port = {port}\n\
             security = \"none\"\nfrom = \"Desk <desk@example.org>\"\n\
             to = [\"default@example.org\"]\nsubject_prefix = \"[Desk]\"\ntimeout_secs = 10\n"
        ),
    )
    .expect("config");
    config
}

/// Story ids in the order of the text part's links.
fn linked_ids(text_part: &str) -> Vec<i64> {
    text_part
        .lines()
        .filter_map(|l| l.trim().strip_prefix(&format!("{BASE}/story/")))
        .filter_map(|id| id.parse().ok())
        .collect()
}

#[test]
fn newsletter_sends_one_message_with_the_top_stories() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("news.db");
    let f = fill(&SqliteStore::open(&db).expect("store"));
    let server = SmtpServer::start(&[]);
    let config = write_config(dir.path(), &db, server.port, true);

    let out = storyline(
        &config,
        &[
            "newsletter",
            "--to",
            "ann@example.org",
            "--to",
            "Bob <bob@example.net>",
        ],
    );
    ok(&out);
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("sent the newsletter (3 stories) to 2 recipients"),
        "{stderr}"
    );
    let got = server.received();
    assert_eq!(got.len(), 1, "exactly one message");
    let m = &got[0];
    assert_eq!(m["mail_from"], "desk@example.org");
    assert_eq!(
        m["rcpt_tos"],
        serde_json::json!(["ann@example.org", "bob@example.net"])
    );
    assert_eq!(m["content_type"], "multipart/alternative");
    let subject = m["subject"].as_str().expect("subject");
    assert_eq!(subject, format!("[Desk] {HOSTILE} (+2 more)"));
    // Non-ASCII header text travels RFC 2047-encoded.
    let raw = m["raw"].as_str().expect("raw");
    assert!(raw.is_ascii());
    assert!(raw.contains("=?utf-8?"), "{raw}");

    let plain = part(m, "text/plain");
    assert!(plain.contains(&format!("1. {HOSTILE}")), "{plain}");
    assert!(plain.contains("3 sources · Politics"), "{plain}");
    assert!(plain.contains("2 sources · Technology"), "{plain}");
    assert!(
        plain.contains("Alder Semiconductor unveiled the A7"),
        "{plain}"
    );
    // The story without a digest shows its first article, as on the front page.
    assert!(
        plain.contains("Central library extends weekend hours"),
        "{plain}"
    );
    assert!(
        !plain.contains("regatta"),
        "the old story is outside the window: {plain}"
    );
    let ids = linked_ids(plain);
    assert_eq!(ids.len(), 3, "{plain}");
    assert_eq!(ids[0], f.hostile);
    assert!(ids.contains(&f.chip) && ids.contains(&f.no_digest) && !ids.contains(&f.old));

    let html = part(m, "text/html");
    assert!(
        !html.contains("<script>") && !html.contains("<img"),
        "{html}"
    );
    assert!(
        html.contains("&lt;script&gt;alert(1)&lt;/script&gt; Zürich council approves"),
        "{html}"
    );
    assert!(
        html.contains(&format!("<a href=\"{BASE}/story/{}\"", f.hostile)),
        "{html}"
    );

    // --since and --limit narrow it; the config's recipients are the default.
    let out = storyline(&config, &["newsletter", "--limit", "1", "--since", "100"]);
    ok(&out);
    let got = server.received();
    assert_eq!(got.len(), 2);
    assert_eq!(
        got[1]["rcpt_tos"],
        serde_json::json!(["default@example.org"])
    );
    assert_eq!(got[1]["to"], "default@example.org");
    assert_eq!(linked_ids(part(&got[1], "text/plain")), vec![f.hostile]);

    // Nothing in the window: said, nothing sent, success.
    let out = storyline(&config, &["newsletter", "--since", "1"]);
    ok(&out);
    assert!(
        text(&out.stderr).contains("no stories were updated in the last 1 hour;"),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(server.received().len(), 2);
}

#[test]
fn dry_run_prints_the_message_and_sends_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("news.db");
    fill(&SqliteStore::open(&db).expect("store"));
    let server = SmtpServer::start(&[]);
    let config = write_config(dir.path(), &db, server.port, true);
    let out = ok(&storyline(&config, &["newsletter", "--dry-run"]));
    assert!(out.contains("From: Desk <desk@example.org>\r\n"), "{out}");
    assert!(out.contains("To: default@example.org\r\n"), "{out}");
    assert!(out.contains("Subject: [Desk] "), "{out}");
    assert!(out.contains("MIME-Version: 1.0\r\n"), "{out}");
    assert!(
        out.contains("Content-Type: multipart/alternative;"),
        "{out}"
    );
    assert!(
        out.contains("Content-Type: text/plain; charset=utf-8"),
        "{out}"
    );
    assert!(
        out.contains("Content-Type: text/html; charset=utf-8"),
        "{out}"
    );
    assert!(out.contains(&format!("{BASE}/story/1")), "{out}");
    assert!(server.received().is_empty());

    // Without a public URL a dry run warns; a real send refuses, naming the key.
    let bare = write_config(dir.path(), &db, server.port, false);
    let out = storyline(&bare, &["newsletter", "--dry-run"]);
    ok(&out);
    assert!(text(&out.stderr).contains("web.base_url"));
    let e = failed(&storyline(&bare, &["newsletter"]));
    assert!(e.contains("web.base_url"), "{e}");
    assert!(server.received().is_empty());
}

#[test]
fn a_refused_recipient_and_a_refused_connection_fail_clearly() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("news.db");
    fill(&SqliteStore::open(&db).expect("store"));

    let server = SmtpServer::start(&["--reject", "gone@example.org"]);
    let config = write_config(dir.path(), &db, server.port, true);
    let e = failed(&storyline(
        &config,
        &[
            "newsletter",
            "--to",
            "ann@example.org",
            "--to",
            "gone@example.org",
        ],
    ));
    assert!(
        e.contains(&format!(
            "the SMTP server 127.0.0.1:{} refused the recipient <gone@example.org>: 550",
            server.port
        )),
        "{e}"
    );
    assert!(server.received().is_empty(), "nothing is sent");

    let port = closed_port();
    let config = write_config(dir.path(), &db, port, true);
    let e = failed(&storyline(&config, &["newsletter"]));
    assert!(
        e.contains(&format!(
            "could not connect to the SMTP server 127.0.0.1:{port}"
        )),
        "{e}"
    );

    let e = failed(&storyline(
        &config,
        &["newsletter", "--to", "not an address"],
    ));
    assert!(
        e.contains("\"not an address\" is not an email address"),
        "{e}"
    );
}

/// The newsletter lists stories in the front page's order.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn newsletter_order_is_the_front_page_order() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("news.db");
    let store: Arc<dyn Store> = Arc::new(SqliteStore::open(&db).expect("store"));
    fill(store.as_ref());
    let config = write_config(dir.path(), &db, closed_port(), true);

    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = listener.local_addr().expect("addr");
    drop(listener);
    let cfg = storyline::config::Config::load(&config).expect("config");
    let state = storyline::desk::web_state(
        &cfg,
        store,
        Arc::new(storyline_web::Metrics::default()),
        None,
        None,
    );
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let web = tokio::spawn(storyline_web::serve(state, addr, async {
        let _ = stopped.await;
    }));
    let mut front = String::new();
    for _ in 0..100 {
        if let Ok(r) = reqwest::get(format!("http://{addr}/")).await {
            front = r.text().await.expect("front page");
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    let _ = stop.send(());
    let _ = web.await;
    let mut front_ids: Vec<i64> = Vec::new();
    for chunk in front.split("href=\"/story/").skip(1) {
        let id: String = chunk.chars().take_while(|c| c.is_ascii_digit()).collect();
        if let Ok(id) = id.parse() {
            if !front_ids.contains(&id) {
                front_ids.push(id);
            }
        }
    }
    assert_eq!(front_ids.len(), 4, "{front}");

    let out = tokio::task::spawn_blocking(move || {
        storyline(&config, &["newsletter", "--dry-run", "--since", "1000"])
    })
    .await
    .expect("join");
    let raw = ok(&out);
    assert_eq!(linked_ids(&raw), front_ids);
}

/// STARTTLS with a private certificate authority (`mail.ca_file`) and a login whose password
/// comes from the environment.
#[test]
fn newsletter_over_starttls_with_a_password_from_the_environment() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("news.db");
    fill(&SqliteStore::open(&db).expect("store"));
    let ca = TestCa::new();
    let ca_file = dir.path().join("ca.pem");
    std::fs::write(&ca_file, &ca.ca_pem).expect("ca file");
    let server = SmtpServer::start(&["--starttls", &ca.cert, &ca.key, "--auth", "desk:s3cret"]);
    let config = dir.path().join("tls.toml");
    std::fs::write(
        &config,
        format!(
            "database = {db:?}\n[web]\nbase_url = \"{BASE}\"\n[mail]\nsmtp_host = \"127.0.0.1\"\n\
             smtp_port = {}\nsecurity = \"starttls\"\nca_file = {ca_file:?}\nusername = \"desk\"\n\
             password_env = \"STORYLINE_TEST_SMTP_PASSWORD\"\nfrom = \"desk@example.org\"\n\
             to = [\"ann@example.org\"]\n",
            server.port
        ),
    )
    .expect("config");
    let run = |password: Option<&str>| {
        let mut c = Command::new(env!("CARGO_BIN_EXE_storyline"));
        c.arg("--config").arg(&config).arg("newsletter");
        match password {
            Some(p) => c.env("STORYLINE_TEST_SMTP_PASSWORD", p),
            None => c.env_remove("STORYLINE_TEST_SMTP_PASSWORD"),
        };
        c.output().expect("run storyline")
    };
    let e = failed(&run(None));
    assert!(
        e.contains("a password is needed for SMTP user \"desk\""),
        "{e}"
    );
    let e = failed(&run(Some("wrong-password")));
    assert!(e.contains("refused the login of user \"desk\": 535"), "{e}");
    assert!(!e.contains("wrong-password"), "{e}");
    assert!(server.received().is_empty());
    ok(&run(Some("s3cret")));
    let got = server.received();
    assert_eq!(got.len(), 1);
    assert_eq!(got[0]["rcpt_tos"], serde_json::json!(["ann@example.org"]));
}

/// `storyline run` with `mail.send_at` mails the newsletter at that time of day, once, with the
/// `List-Unsubscribe` header, and keeps serving.
#[test]
fn run_sends_the_newsletter_at_the_scheduled_time() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("news.db");
    fill(&SqliteStore::open(&db).expect("store"));
    let server = SmtpServer::start(&[]);
    let config = write_config(dir.path(), &db, server.port, true);
    // A few seconds from now on the child's clock (TZ=UTC), to the second.
    let at = (Utc::now() + Duration::seconds(4)).format("%H:%M:%S");
    let listen = format!("127.0.0.1:{}", closed_port());
    let mut text_cfg = std::fs::read_to_string(&config).expect("config");
    text_cfg = text_cfg.replace("[web]\n", &format!("[web]\nlisten = \"{listen}\"\n"));
    text_cfg.push_str(&format!(
        "send_at = \"{at}\"\nunsubscribe = \"mailto:desk@example.org?subject=unsubscribe\"\n"
    ));
    std::fs::write(&config, text_cfg).expect("config");

    let mut child = Command::new(env!("CARGO_BIN_EXE_storyline"))
        .arg("--config")
        .arg(&config)
        .arg("run")
        .env("TZ", "UTC")
        .env_remove("STORYLINE_SMTP_PASSWORD")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("start storyline run");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    while server.received().is_empty() && std::time::Instant::now() < deadline {
        std::thread::sleep(std::time::Duration::from_millis(200));
    }
    // A moment more: a second send for the same slot would show now.
    std::thread::sleep(std::time::Duration::from_secs(2));
    let _ = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while child.try_wait().ok().flatten().is_none() && std::time::Instant::now() < deadline {
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    let _ = child.kill();
    let out = child.wait_with_output().expect("output");
    let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));

    let got = server.received();
    assert_eq!(
        got.len(),
        1,
        "one message\nstdout: {stdout}\nstderr: {stderr}"
    );
    assert!(
        stdout.contains("Newsletter: daily at") && stdout.contains("default@example.org"),
        "{stdout}"
    );
    assert!(
        stderr.contains("sent the newsletter (")
            && stderr.contains(" to 1 recipient via 127.0.0.1:"),
        "{stderr}"
    );
    let m = &got[0];
    assert_eq!(m["rcpt_tos"], serde_json::json!(["default@example.org"]));
    let raw = m["raw"].as_str().expect("raw");
    assert!(
        raw.contains("List-Unsubscribe: <mailto:desk@example.org?subject=unsubscribe>"),
        "{raw}"
    );
    let plain = part(m, "text/plain");
    // `run` polls and re-clusters the stored articles first, so story ids may differ from
    // `fill`'s; the stories are the same articles.
    assert!(!linked_ids(plain).is_empty(), "{plain}");
    assert!(plain.contains("Alder"), "{plain}");
    assert!(
        plain
            .trim_end()
            .ends_with("\nUnsubscribe: mailto:desk@example.org?subject=unsubscribe"),
        "{plain}"
    );
}
