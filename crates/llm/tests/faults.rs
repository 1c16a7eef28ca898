//! Fault injection: a scripted HTTP server on loopback answers slowly, with 429 + Retry-After,
//! with 500s, with garbage, with a connection dropped mid-body, or not at all. Whatever it does,
//! every story gets a digest and the call log says why it is (or is not) the model's.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::{json, Value};
use storyline_digest::{DigestEngine, Doc, Options};
use storyline_llm::engine::source_table;
use storyline_llm::{LlmConfig, OpenAiEngine, Outcome, Status};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// What the server does with one request.
#[derive(Clone, Debug)]
enum Act {
    /// 200 with this message content.
    Reply(String),
    /// Waits, then does the inner act.
    Slow(Duration, Box<Act>),
    /// This status, optional Retry-After, body.
    Status(u16, Option<&'static str>, &'static str),
    /// 200 whose body is not JSON.
    Garbage,
    /// Headers promising 2000 bytes, 40 sent, connection closed.
    DropMidBody,
}

struct Server {
    base_url: String,
    requests: Arc<Mutex<Vec<Value>>>,
    max_in_flight: Arc<AtomicUsize>,
    _shutdown: tokio::sync::oneshot::Sender<()>,
}

impl Server {
    /// Serves `script` in order, repeating its last act.
    fn start(script: Vec<Act>) -> Server {
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        let (addr_tx, addr_rx) = std::sync::mpsc::channel();
        let requests = Arc::new(Mutex::new(Vec::new()));
        let in_flight = Arc::new(AtomicUsize::new(0));
        let max_in_flight = Arc::new(AtomicUsize::new(0));
        let (req2, inf2, max2) = (requests.clone(), in_flight.clone(), max_in_flight.clone());
        std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .enable_all()
                .build()
                .expect("runtime");
            rt.block_on(async move {
                let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
                addr_tx.send(listener.local_addr().expect("addr")).expect("send");
                let script = Arc::new(script);
                let count = Arc::new(AtomicUsize::new(0));
                tokio::select! {
                    _ = rx => {}
                    _ = async {
                        loop {
                            let Ok((sock, _)) = listener.accept().await else { continue };
                            let (script, count, req, inf, max) =
                                (script.clone(), count.clone(), req2.clone(), inf2.clone(), max2.clone());
                            tokio::spawn(async move {
                                serve(sock, &script, &count, &req, (&inf, &max)).await;
                            });
                        }
                    } => {}
                }
            });
        });
        let addr = addr_rx.recv().expect("address");
        Server {
            base_url: format!("http://{addr}/v1"),
            requests,
            max_in_flight,
            _shutdown: tx,
        }
    }

    fn request_count(&self) -> usize {
        self.requests.lock().expect("lock").len()
    }
}

/// `(in_flight, max_in_flight)` count requests from when they are read until their answer is
/// about to be written: a client only sends its next request after reading an answer, so the
/// count cannot lag behind a connection that is still closing.
async fn serve(
    mut sock: TcpStream,
    script: &[Act],
    count: &AtomicUsize,
    log: &Mutex<Vec<Value>>,
    (in_flight, max_in_flight): (&AtomicUsize, &AtomicUsize),
) {
    // One request per connection is enough for these tests; answer with Connection: close.
    let mut buf = Vec::new();
    let mut tmp = [0u8; 8192];
    let header_end = loop {
        let Ok(n) = sock.read(&mut tmp).await else {
            return;
        };
        if n == 0 {
            return;
        }
        buf.extend_from_slice(&tmp[..n]);
        if let Some(p) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break p + 4;
        }
    };
    let head = String::from_utf8_lossy(&buf[..header_end]).to_lowercase();
    let len: usize = head
        .lines()
        .find_map(|l| l.strip_prefix("content-length:"))
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(0);
    while buf.len() < header_end + len {
        let Ok(n) = sock.read(&mut tmp).await else {
            return;
        };
        if n == 0 {
            return;
        }
        buf.extend_from_slice(&tmp[..n]);
    }
    let body: Value =
        serde_json::from_slice(&buf[header_end..header_end + len]).unwrap_or(Value::Null);
    log.lock().expect("lock").push(body);
    let i = count.fetch_add(1, Ordering::SeqCst);
    let act = script.get(i).or(script.last()).cloned().expect("script");
    let now = in_flight.fetch_add(1, Ordering::SeqCst) + 1;
    max_in_flight.fetch_max(now, Ordering::SeqCst);
    let act = match act {
        Act::Slow(d, inner) => {
            tokio::time::sleep(d).await;
            *inner
        }
        other => other,
    };
    in_flight.fetch_sub(1, Ordering::SeqCst);
    act_out(&mut sock, act).await;
}

fn act_out<'a>(
    sock: &'a mut TcpStream,
    act: Act,
) -> std::pin::Pin<Box<dyn std::future::Future<Output = ()> + Send + 'a>> {
    Box::pin(async move {
        let send = |status: u16, extra: String, body: String| {
            format!(
                "HTTP/1.1 {status} X\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n{extra}\r\n{body}",
                body.len()
            )
        };
        let out = match act {
            Act::Reply(content) => send(
                200,
                String::new(),
                json!({
                    "choices": [{"message": {"role": "assistant", "content": content}, "finish_reason": "stop"}],
                    "usage": {"prompt_tokens": 100, "completion_tokens": 40}
                })
                .to_string(),
            ),
            Act::Slow(d, inner) => {
                tokio::time::sleep(d).await;
                return act_out(sock, *inner).await;
            }
            Act::Status(code, retry, body) => send(
                code,
                retry.map(|r| format!("retry-after: {r}\r\n")).unwrap_or_default(),
                body.to_string(),
            ),
            Act::Garbage => send(200, String::new(), "<html>upstream exploded".into()),
            Act::DropMidBody => {
                let head = "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 2000\r\n\r\n{\"choices\": [{\"message\": {\"content\": \"";
                let _ = sock.write_all(head.as_bytes()).await;
                let _ = sock.flush().await;
                let _ = sock.shutdown().await;
                return;
            }
        };
        let _ = sock.write_all(out.as_bytes()).await;
        let _ = sock.flush().await;
        let _ = sock.shutdown().await;
    })
}

fn docs() -> Vec<Doc> {
    vec![
        Doc {
            id: "11".into(),
            title: Some("Springfield bans plastic bags".into()),
            text: "The Springfield city council voted 7-2 on Monday to ban plastic bags.\n\n\
                   Mayor Jane Doe said the ban takes effect in March 2025."
                .into(),
            ..Doc::default()
        },
        Doc {
            id: "12".into(),
            title: Some("Shops fear costs of bag ban".into()),
            text: "Shop owners said the rule would raise their costs by $1,200 a year.\n\n\
                   Residents were divided over the new plastic bag rule."
                .into(),
            ..Doc::default()
        },
    ]
}

/// A reply citing the table above (ids 1-4 in reading order) with one invented sentence.
fn good_reply() -> String {
    json!({
        "headline": {"text": "Springfield council bans plastic bags", "ids": [1]},
        "summary": [
            {"text": "The Springfield city council voted 7-2 on Monday to ban plastic bags.", "ids": [1]},
            {"text": "Mayor Jane Doe said the ban takes effect in March 2025.", "ids": [2]},
            {"text": "Governor Bob Smith promised to sue the council over the ban.", "ids": [1]}
        ],
        "takeaways": [
            {"text": "Shop owners said the rule would raise their costs by $1,200 a year.", "ids": [3]},
            {"text": "Residents were divided over the plastic bag rule.", "ids": [4]}
        ],
        "why_it_matters": [{"text": "The ban raises costs for shop owners.", "ids": [3]}],
        "faq": [{"question": "When does the ban start?", "answer": "The ban takes effect in March 2025.", "ids": [2]}]
    })
    .to_string()
}

fn cfg(base_url: &str) -> LlmConfig {
    LlmConfig {
        base_url: base_url.into(),
        model: "test-model".into(),
        timeout_secs: 0.6,
        retries: 1,
        max_tokens: 256,
        cooldown_secs: 30.0,
        ..LlmConfig::default()
    }
}

fn opts() -> Options {
    Options::default()
}

/// Every generated sentence on the digest still passes the check against the table.
fn assert_grounded(d: &storyline_core::Digest, docs: &[Doc], c: &LlmConfig) {
    let table = source_table(docs, c.max_source_sentences, c.max_source_chars);
    let id_of = |cit: &storyline_core::Citation| {
        table
            .iter()
            .find(|(_, s)| s.article == cit.article && s.sentence == cit.sentence)
            .map(|(id, _)| id)
            .expect("citation points into the table")
    };
    let rules = storyline_llm::Rules::strict(c.min_overlap);
    let check = |field: &str, text: &str, cits: &[storyline_core::Citation]| {
        if d.field_engines.contains_key(field) {
            return;
        }
        let ids: Vec<usize> = cits.iter().map(id_of).collect();
        for s in storyline_core::text::sentences(text) {
            assert_eq!(
                storyline_llm::check_sentence(s, &ids, &table, rules),
                Ok(()),
                "{field}: {s}"
            );
        }
    };
    if d.engine == "builtin" {
        return;
    }
    check("headline", &d.headline.text, &d.headline.citations);
    for c in d
        .summary
        .iter()
        .chain(&d.takeaways)
        .chain(&d.why_it_matters)
    {
        check("summary", &c.text, &c.citations);
    }
    for f in &d.faq {
        check("faq", &f.answer, &f.citations);
    }
}

#[test]
fn good_reply_is_checked_and_merged() {
    let server = Server::start(vec![Act::Reply(good_reply())]);
    let c = cfg(&server.base_url);
    let engine = OpenAiEngine::new(c.clone()).expect("engine");
    let docs = docs();
    let (d, status) = engine.digest_with_status(&docs, &opts());
    assert_eq!(status, Status::Fresh);
    assert_eq!(d.engine, "openai:test-model");
    assert_eq!(d.headline.text, "Springfield council bans plastic bags");
    assert_eq!(
        d.summary.len(),
        2,
        "invented sentence removed: {:?}",
        d.summary
    );
    let g = d.grounding.clone().expect("grounding recorded");
    assert_eq!(g.removed, 1);
    assert!(g.reasons[0].contains("Governor"), "{:?}", g.reasons);
    assert_eq!(d.takeaways.len(), 2);
    assert_eq!(d.faq.len(), 1);
    // Which engine wrote each field: the model's fields are absent (they are the digest's
    // engine), every built-in field with content is listed, empty ones are not.
    assert!(
        d.field_engines.values().all(|e| e == "builtin"),
        "{:?}",
        d.field_engines
    );
    for f in ["headline", "summary", "takeaways", "why_it_matters", "faq"] {
        assert!(
            !d.field_engines.contains_key(f),
            "{f}: {:?}",
            d.field_engines
        );
    }
    let builtin = storyline_digest::digest(&docs, &opts());
    for (f, has) in [
        ("timeline", !builtin.timeline.is_empty()),
        ("figures", !builtin.figures.is_empty()),
        ("players", !builtin.players.is_empty()),
        ("perspectives", !builtin.perspectives.is_empty()),
        ("agreed", !builtin.agreed.is_empty()),
        ("category", !builtin.category.is_empty()),
    ] {
        assert_eq!(
            d.field_engines.contains_key(f),
            has,
            "{f}: {:?}",
            d.field_engines
        );
    }
    assert!(
        !d.field_engines.is_empty(),
        "the built-in engine wrote something: {:?}",
        d.field_engines
    );
    assert_eq!(d.summary[1].citations[0].article, "11");
    assert_eq!(d.summary[1].citations[0].sentence, 1);
    assert_grounded(&d, &docs, &c);

    let log = engine.take_call_log();
    assert_eq!(log.len(), 1);
    assert_eq!(log[0].outcome, Outcome::Ok);
    assert_eq!((log[0].tokens_in, log[0].tokens_out), (Some(100), Some(40)));
    assert_eq!((log[0].checked, log[0].removed), (g.checked, 1));
    assert_eq!(log[0].removed_by.values().sum::<u32>(), 1);
    assert_eq!(
        log[0].removed_by.get("name"),
        Some(&1),
        "{:?}",
        log[0].removed_by
    );

    // The request carried the sources, the limits and the JSON schema.
    let req = server.requests.lock().expect("lock")[0].clone();
    assert_eq!(req["model"], "test-model");
    assert_eq!(req["max_tokens"], 256);
    assert_eq!(req["response_format"]["type"], "json_schema");
    let user = req["messages"][1]["content"]
        .as_str()
        .expect("user message");
    assert!(user.contains("[4] Residents were divided"), "{user}");

    // Same articles: served from the cache, no second request.
    let (again, status) = engine.digest_with_status(&docs, &opts());
    assert_eq!(status, Status::Cached);
    assert_eq!(again, d);
    assert_eq!(server.request_count(), 1);
    // A changed story is asked again.
    let mut changed = docs.clone();
    changed[1]
        .text
        .push_str("\n\nThe council will review the ban next year.");
    let _ = engine.digest(&changed, &opts());
    assert_eq!(server.request_count(), 2);
}

#[test]
fn slow_server_times_out_and_story_keeps_builtin_digest() {
    let server = Server::start(vec![Act::Slow(
        Duration::from_secs(3),
        Box::new(Act::Reply(good_reply())),
    )]);
    let engine = OpenAiEngine::new(cfg(&server.base_url)).expect("engine");
    let t = Instant::now();
    let (d, status) = engine.digest_with_status(&docs(), &opts());
    assert!(t.elapsed() < Duration::from_secs(4), "{:?}", t.elapsed());
    assert!(matches!(status, Status::Fallback(_)));
    assert_eq!(d, storyline_digest::digest(&docs(), &opts()));
    let log = engine.take_call_log();
    assert_eq!(log[0].outcome, Outcome::Timeout);
    assert_eq!(log[0].attempts, 2);
    assert!(log[0].detail.contains("timed out"), "{}", log[0].detail);
}

#[test]
fn rate_limit_honours_retry_after() {
    let server = Server::start(vec![
        Act::Status(429, Some("1"), "{\"error\": \"slow down\"}"),
        Act::Reply(good_reply()),
    ]);
    let engine = OpenAiEngine::new(cfg(&server.base_url)).expect("engine");
    let (d, _) = engine.digest_with_status(&docs(), &opts());
    assert_eq!(d.engine, "openai:test-model");
    let log = engine.take_call_log();
    assert_eq!(log[0].outcome, Outcome::Ok);
    assert_eq!(log[0].attempts, 2);
    assert!(log[0].latency_ms >= 1000, "waited {} ms", log[0].latency_ms);
}

#[test]
fn server_errors_are_retried_then_given_up() {
    let server = Server::start(vec![
        Act::Status(500, None, "oops"),
        Act::Status(503, None, "busy"),
        Act::Reply(good_reply()),
    ]);
    let engine = OpenAiEngine::new(LlmConfig {
        retries: 2,
        ..cfg(&server.base_url)
    })
    .expect("engine");
    let (d, _) = engine.digest_with_status(&docs(), &opts());
    assert_eq!(d.engine, "openai:test-model");
    assert_eq!(engine.take_call_log()[0].attempts, 3);

    let server = Server::start(vec![Act::Status(500, None, "always broken")]);
    let engine = OpenAiEngine::new(cfg(&server.base_url)).expect("engine");
    let (d, status) = engine.digest_with_status(&docs(), &opts());
    assert_eq!(d.engine, "builtin");
    assert!(matches!(status, Status::Fallback(_)));
    let log = engine.take_call_log();
    assert_eq!(log[0].outcome, Outcome::ServerError);
    assert!(log[0].detail.contains("HTTP 500"), "{}", log[0].detail);
    assert_eq!(server.request_count(), 2);
}

#[test]
fn malformed_envelope_and_unusable_content() {
    let server = Server::start(vec![Act::Garbage]);
    let engine = OpenAiEngine::new(cfg(&server.base_url)).expect("engine");
    let (d, _) = engine.digest_with_status(&docs(), &opts());
    assert_eq!(d.engine, "builtin");
    let log = engine.take_call_log();
    assert_eq!(log[0].outcome, Outcome::Malformed);
    assert!(log[0].detail.contains("malformed"), "{}", log[0].detail);

    // The envelope is fine but the model rambled: no retry, built-in digest, cached.
    let server = Server::start(vec![Act::Reply(
        "I am a small model and I like bags.".into(),
    )]);
    let engine = OpenAiEngine::new(cfg(&server.base_url)).expect("engine");
    let (d, status) = engine.digest_with_status(&docs(), &opts());
    assert_eq!(d.engine, "builtin");
    assert!(matches!(status, Status::Fallback(_)));
    let log = engine.take_call_log();
    assert_eq!(log[0].outcome, Outcome::Unusable);
    assert!(log[0].detail.contains("no JSON"), "{}", log[0].detail);
    let (_, status) = engine.digest_with_status(&docs(), &opts());
    assert_eq!(status, Status::Cached);
    assert_eq!(server.request_count(), 1);
}

#[test]
fn dropped_connection_is_retried() {
    let server = Server::start(vec![Act::DropMidBody, Act::Reply(good_reply())]);
    let engine = OpenAiEngine::new(cfg(&server.base_url)).expect("engine");
    let (d, _) = engine.digest_with_status(&docs(), &opts());
    assert_eq!(d.engine, "openai:test-model");
    let log = engine.take_call_log();
    assert_eq!((log[0].outcome, log[0].attempts), (Outcome::Ok, 2));

    let server = Server::start(vec![Act::DropMidBody]);
    let engine = OpenAiEngine::new(cfg(&server.base_url)).expect("engine");
    let (d, _) = engine.digest_with_status(&docs(), &opts());
    assert_eq!(d.engine, "builtin");
    let log = engine.take_call_log();
    assert_eq!(log[0].outcome, Outcome::Connection);
    assert!(log[0].detail.contains("attempt 2"), "{}", log[0].detail);
}

#[test]
fn down_server_trips_the_breaker() {
    // Bind and drop: nothing listens on this port any more.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("port")
        .port();
    let engine = OpenAiEngine::new(LlmConfig {
        retries: 0,
        breaker_failures: 2,
        ..cfg(&format!("http://127.0.0.1:{port}/v1"))
    })
    .expect("engine");
    let stories: Vec<Vec<Doc>> = (0..4)
        .map(|i| {
            let mut d = docs();
            d[0].id = format!("s{i}");
            d
        })
        .collect();
    let t = Instant::now();
    for s in &stories {
        let d = engine.digest(s, &opts());
        assert_eq!(d.engine, "builtin");
        assert_eq!(d, storyline_digest::digest(s, &opts()));
    }
    assert!(t.elapsed() < Duration::from_secs(3));
    let outcomes: Vec<Outcome> = engine.take_call_log().iter().map(|r| r.outcome).collect();
    assert_eq!(
        outcomes,
        vec![
            Outcome::Connection,
            Outcome::Connection,
            Outcome::CircuitOpen,
            Outcome::CircuitOpen
        ]
    );
}

#[test]
fn server_without_structured_output_gets_a_plain_request() {
    let server = Server::start(vec![
        Act::Status(
            400,
            None,
            "{\"error\": \"response_format is not supported\"}",
        ),
        Act::Reply(format!("Here you go:\n```json\n{}\n```", good_reply())),
    ]);
    let engine = OpenAiEngine::new(cfg(&server.base_url)).expect("engine");
    let (d, _) = engine.digest_with_status(&docs(), &opts());
    assert_eq!(d.engine, "openai:test-model");
    let reqs = server.requests.lock().expect("lock").clone();
    assert!(reqs[0].get("response_format").is_some());
    assert!(reqs[1].get("response_format").is_none());
}

#[test]
fn concurrency_is_capped() {
    let server = Server::start(vec![Act::Slow(
        Duration::from_millis(300),
        Box::new(Act::Reply(good_reply())),
    )]);
    let engine = OpenAiEngine::new(LlmConfig {
        max_concurrency: 2,
        timeout_secs: 5.0,
        ..cfg(&server.base_url)
    })
    .expect("engine");
    let stories: Vec<Vec<Doc>> = (0..6)
        .map(|i| {
            let mut d = docs();
            d[1].id = format!("t{i}");
            d
        })
        .collect();
    let out = engine.digest_many(&stories, &opts());
    assert_eq!(out.len(), 6);
    assert!(out.iter().all(|(d, _)| d.engine == "openai:test-model"));
    assert_eq!(server.request_count(), 6);
    assert_eq!(server.max_in_flight.load(Ordering::SeqCst), 2);
}
