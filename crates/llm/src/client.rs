//! A small OpenAI-compatible chat client: one request per story, retries with backoff on 429/5xx,
//! timeouts, dropped connections and garbled replies, a concurrency cap and a circuit breaker.
//!
//! The engine's trait is synchronous, so the client owns a one-worker tokio runtime and blocks on
//! it. **Call it from plain threads, never from inside an async runtime** (tokio panics when
//! `block_on` is nested); from async code use `tokio::task::spawn_blocking`.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use crate::config::LlmConfig;

/// Longest wait between two attempts, whatever the server's `Retry-After` says.
pub const MAX_RETRY_DELAY: Duration = Duration::from_secs(30);
/// First backoff step; doubles per attempt up to [`MAX_BACKOFF`].
const BASE_BACKOFF: Duration = Duration::from_millis(500);
const MAX_BACKOFF: Duration = Duration::from_secs(8);
/// Most bytes of an error body kept for the log.
const BODY_SNIPPET: usize = 300;

/// Why a call produced no usable reply.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum CallError {
    #[error("timed out after {0:.1} s")]
    Timeout(f64),
    #[error("HTTP {status}: {body}")]
    Status { status: u16, body: String },
    #[error("connection failed: {0}")]
    Connection(String),
    #[error("malformed response: {0}")]
    Malformed(String),
    #[error("server skipped after repeated failures (cooling down {0:.0} s more)")]
    CircuitOpen(f64),
    #[error("cannot start the HTTP client: {0}")]
    Setup(String),
}

impl CallError {
    /// Whether another attempt may succeed.
    fn retryable(&self) -> bool {
        match self {
            CallError::Timeout(_) | CallError::Connection(_) | CallError::Malformed(_) => true,
            CallError::Status { status, .. } => *status == 429 || *status >= 500,
            CallError::CircuitOpen(_) | CallError::Setup(_) => false,
        }
    }

    /// Whether this says the server is unreachable or overloaded (feeds the circuit breaker).
    fn server_trouble(&self) -> bool {
        match self {
            CallError::Timeout(_) | CallError::Connection(_) => true,
            CallError::Status { status, .. } => *status == 429 || *status >= 500,
            _ => false,
        }
    }
}

/// What a call ended with, as stored per call.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// The reply was parsed and its fields went through the grounding check.
    Ok,
    /// The reply arrived but held no digest that could be read.
    Unusable,
    Timeout,
    RateLimited,
    ServerError,
    /// A 4xx other than 429 (bad model name, context too long, bad key).
    ClientError,
    Connection,
    Malformed,
    /// Not attempted: the circuit breaker is open.
    CircuitOpen,
}

impl Outcome {
    /// The outcome for a failed call.
    pub fn of(err: &CallError) -> Self {
        match err {
            CallError::Timeout(_) => Outcome::Timeout,
            CallError::Status { status: 429, .. } => Outcome::RateLimited,
            CallError::Status { status, .. } if *status >= 500 => Outcome::ServerError,
            CallError::Status { .. } | CallError::Setup(_) => Outcome::ClientError,
            CallError::Connection(_) => Outcome::Connection,
            CallError::Malformed(_) => Outcome::Malformed,
            CallError::CircuitOpen(_) => Outcome::CircuitOpen,
        }
    }
}

/// A model's reply.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Reply {
    pub content: String,
    pub tokens_in: Option<u32>,
    pub tokens_out: Option<u32>,
    pub finish_reason: Option<String>,
    /// Time the server says it spent generating (llama.cpp's `timings.predicted_ms`), when it
    /// says so; prompt processing and queueing are not included.
    pub generation_ms: Option<f64>,
}

/// The result of one call, retries included.
#[derive(Debug, Clone)]
pub struct Called {
    pub result: Result<Reply, CallError>,
    pub attempts: u32,
    pub latency: Duration,
    /// One line per failed attempt, for the log.
    pub trail: Vec<String>,
}

#[derive(Debug, Default)]
struct Breaker {
    failures: u32,
    open_until: Option<Instant>,
}

impl Drop for Client {
    /// The engine may be dropped from async code (the pipeline lives in a Tokio runtime), where
    /// dropping a runtime normally panics; shutting it down in the background never blocks.
    fn drop(&mut self) {
        if let Some(rt) = self.rt.take() {
            rt.shutdown_background();
        }
    }
}

/// The HTTP side of the engine.
pub struct Client {
    http: reqwest::Client,
    /// Always `Some` until dropped (see the `Drop` impl).
    rt: Option<tokio::runtime::Runtime>,
    url: String,
    model: String,
    api_key: Option<String>,
    max_tokens: u32,
    temperature: f32,
    retries: u32,
    timeout: Duration,
    structured: AtomicBool,
    permits: tokio::sync::Semaphore,
    breaker: Mutex<Breaker>,
    breaker_failures: u32,
    cooldown: Duration,
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client")
            .field("url", &self.url)
            .field("model", &self.model)
            .finish_non_exhaustive()
    }
}

impl Client {
    fn rt_handle(&self) -> &tokio::runtime::Runtime {
        // Set in `new` and only taken in `drop`.
        self.rt.as_ref().expect("runtime present until drop")
    }

    /// A client for `cfg` (validated by the caller) with the API key already read.
    pub fn new(cfg: &LlmConfig, api_key: Option<String>) -> Result<Self, CallError> {
        let timeout = Duration::from_secs_f64(cfg.timeout_secs);
        let http = reqwest::Client::builder()
            .timeout(timeout)
            .connect_timeout(timeout.min(Duration::from_secs(10)))
            .user_agent(concat!("storyline/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| CallError::Setup(e.to_string()))?;
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .thread_name("storyline-llm")
            .enable_all()
            .build()
            .map_err(|e| CallError::Setup(e.to_string()))?;
        Ok(Client {
            http,
            rt: Some(rt),
            url: format!(
                "{}/chat/completions",
                cfg.base_url.trim().trim_end_matches('/')
            ),
            model: cfg.model.clone(),
            api_key,
            max_tokens: cfg.max_tokens,
            temperature: cfg.temperature,
            retries: cfg.retries,
            timeout,
            structured: AtomicBool::new(cfg.structured_output),
            permits: tokio::sync::Semaphore::new(cfg.max_concurrency),
            breaker: Mutex::new(Breaker::default()),
            breaker_failures: cfg.breaker_failures,
            cooldown: Duration::from_secs_f64(cfg.cooldown_secs),
        })
    }

    /// Whether requests still ask for JSON-schema output.
    pub fn structured(&self) -> bool {
        self.structured.load(Ordering::Relaxed)
    }

    /// Sends one chat request (system + user message), retrying as configured.
    pub fn chat(&self, system: &str, user: &str, schema: &Value) -> Called {
        let start = Instant::now();
        if let Some(left) = self.breaker_open() {
            return Called {
                result: Err(CallError::CircuitOpen(left.as_secs_f64())),
                attempts: 0,
                latency: start.elapsed(),
                trail: Vec::new(),
            };
        }
        let (result, attempts, trail) = self.rt_handle().block_on(async {
            // The semaphore is never closed, so acquiring cannot fail; treat it as "go ahead".
            let _permit = self.permits.acquire().await.ok();
            self.with_retries(system, user, schema).await
        });
        self.breaker_update(&result);
        Called {
            result,
            attempts,
            latency: start.elapsed(),
            trail,
        }
    }

    fn breaker_open(&self) -> Option<Duration> {
        let mut b = self.breaker.lock().unwrap_or_else(|p| p.into_inner());
        match b.open_until {
            Some(t) if Instant::now() < t => Some(t - Instant::now()),
            Some(_) => {
                // Half-open: let this call through; one more failure re-opens it.
                b.open_until = None;
                b.failures = self.breaker_failures.saturating_sub(1);
                None
            }
            None => None,
        }
    }

    fn breaker_update(&self, result: &Result<Reply, CallError>) {
        let mut b = self.breaker.lock().unwrap_or_else(|p| p.into_inner());
        match result {
            Ok(_) => *b = Breaker::default(),
            Err(e) if e.server_trouble() => {
                b.failures += 1;
                if b.failures >= self.breaker_failures && !self.cooldown.is_zero() {
                    b.open_until = Some(Instant::now() + self.cooldown);
                    tracing::warn!(
                        failures = b.failures,
                        cooldown_secs = self.cooldown.as_secs_f64(),
                        "llm: server keeps failing; using built-in digests until the cooldown ends"
                    );
                }
            }
            Err(_) => {}
        }
    }

    async fn with_retries(
        &self,
        system: &str,
        user: &str,
        schema: &Value,
    ) -> (Result<Reply, CallError>, u32, Vec<String>) {
        let mut attempts = 0u32;
        let mut failures = 0u32;
        let mut trail = Vec::new();
        loop {
            attempts += 1;
            let structured = self.structured();
            let body = self.body(system, user, schema, structured);
            let (err, retry_after) = match self.send_once(&body).await {
                Ok(reply) => return (Ok(reply), attempts, trail),
                Err(e) => e,
            };
            trail.push(format!("attempt {attempts}: {err}"));
            if structured && rejects_schema(&err) {
                // The server does not do structured output: ask plainly, parse leniently.
                tracing::warn!(error = %err, "llm: server rejected response_format; retrying without it");
                self.structured.store(false, Ordering::Relaxed);
                continue;
            }
            failures += 1;
            if !err.retryable() || failures > self.retries {
                return (Err(err), attempts, trail);
            }
            let delay = retry_after
                .unwrap_or_else(|| backoff(failures))
                .min(MAX_RETRY_DELAY);
            tracing::warn!(
                error = %err,
                attempt = attempts,
                retry_in_ms = delay.as_millis() as u64,
                "llm: call failed; retrying"
            );
            tokio::time::sleep(delay).await;
        }
    }

    fn body(&self, system: &str, user: &str, schema: &Value, structured: bool) -> Value {
        let mut body = json!({
            "model": self.model,
            "messages": [
                {"role": "system", "content": system},
                {"role": "user", "content": user},
            ],
            "max_tokens": self.max_tokens,
            "temperature": self.temperature,
            "stream": false,
        });
        if structured {
            body["response_format"] = json!({
                "type": "json_schema",
                "json_schema": {"name": "storyline_digest", "strict": true, "schema": schema},
            });
        }
        body
    }

    async fn send_once(&self, body: &Value) -> Result<Reply, (CallError, Option<Duration>)> {
        let mut req = self.http.post(&self.url).json(body);
        if let Some(key) = &self.api_key {
            req = req.bearer_auth(key);
        }
        let resp = req.send().await.map_err(|e| (self.classify(&e), None))?;
        let status = resp.status();
        let retry_after = resp
            .headers()
            .get(reqwest::header::RETRY_AFTER)
            .and_then(|v| v.to_str().ok())
            .and_then(parse_retry_after);
        let text = resp
            .text()
            .await
            .map_err(|e| (self.classify(&e), retry_after))?;
        if !status.is_success() {
            return Err((
                CallError::Status {
                    status: status.as_u16(),
                    body: snippet(&text),
                },
                retry_after,
            ));
        }
        parse_envelope(&text).map_err(|e| (e, None))
    }

    fn classify(&self, e: &reqwest::Error) -> CallError {
        if e.is_timeout() {
            return CallError::Timeout(self.timeout.as_secs_f64());
        }
        // reqwest's top-level message is terse ("error sending request"); add the causes.
        let mut msg = e.to_string();
        let mut src = std::error::Error::source(e);
        while let Some(s) = src {
            msg.push_str(": ");
            msg.push_str(&s.to_string());
            src = s.source();
        }
        CallError::Connection(msg)
    }
}

/// Whether a 400 says the server does not understand `response_format` / JSON schemas.
fn rejects_schema(err: &CallError) -> bool {
    match err {
        CallError::Status { status, body } if (400..500).contains(status) && *status != 429 => {
            let b = body.to_lowercase();
            [
                "response_format",
                "json_schema",
                "schema",
                "grammar",
                "structured",
            ]
            .iter()
            .any(|k| b.contains(k))
        }
        _ => false,
    }
}

/// Exponential backoff with a little jitter: 0.5 s, 1 s, 2 s … capped at 8 s.
fn backoff(failures: u32) -> Duration {
    let exp = BASE_BACKOFF.saturating_mul(1u32 << failures.saturating_sub(1).min(5));
    let jitter = Duration::from_millis(u64::from(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.subsec_nanos() % 200)
            .unwrap_or(0),
    ));
    exp.min(MAX_BACKOFF) + jitter
}

/// `Retry-After` as seconds or an HTTP date.
pub fn parse_retry_after(v: &str) -> Option<Duration> {
    let v = v.trim();
    if let Ok(secs) = v.parse::<f64>() {
        return (secs.is_finite() && secs >= 0.0)
            .then(|| Duration::from_secs_f64(secs.min(3600.0)));
    }
    let when = chrono::DateTime::parse_from_rfc2822(v).ok()?;
    let wait = when.with_timezone(&chrono::Utc) - chrono::Utc::now();
    Some(wait.to_std().unwrap_or(Duration::ZERO))
}

fn snippet(s: &str) -> String {
    let s = s.trim();
    if s.len() <= BODY_SNIPPET {
        return s.to_string();
    }
    let mut end = BODY_SNIPPET;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}…", &s[..end])
}

#[derive(Deserialize)]
struct Envelope {
    choices: Vec<Choice>,
    usage: Option<Usage>,
    /// llama.cpp server extension.
    timings: Option<Timings>,
}

#[derive(Deserialize)]
struct Timings {
    predicted_ms: Option<f64>,
}

#[derive(Deserialize)]
struct Choice {
    message: Option<Message>,
    /// Completion-style servers.
    text: Option<String>,
    finish_reason: Option<String>,
}

#[derive(Deserialize)]
struct Message {
    content: Option<String>,
}

#[derive(Deserialize)]
struct Usage {
    prompt_tokens: Option<u32>,
    completion_tokens: Option<u32>,
}

/// Reads a chat-completion response body.
pub fn parse_envelope(text: &str) -> Result<Reply, CallError> {
    let env: Envelope = serde_json::from_str(text)
        .map_err(|e| CallError::Malformed(format!("{e} in {:?}", snippet(text))))?;
    let choice = env
        .choices
        .into_iter()
        .next()
        .ok_or_else(|| CallError::Malformed("no choices".into()))?;
    let content = choice
        .message
        .and_then(|m| m.content)
        .or(choice.text)
        .ok_or_else(|| CallError::Malformed("choice has no content".into()))?;
    Ok(Reply {
        content,
        tokens_in: env.usage.as_ref().and_then(|u| u.prompt_tokens),
        tokens_out: env.usage.as_ref().and_then(|u| u.completion_tokens),
        finish_reason: choice.finish_reason,
        generation_ms: env
            .timings
            .and_then(|t| t.predicted_ms)
            .filter(|ms| ms.is_finite() && *ms > 0.0),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_forms() {
        assert_eq!(parse_retry_after("2"), Some(Duration::from_secs(2)));
        assert_eq!(parse_retry_after(" 0.5 "), Some(Duration::from_millis(500)));
        assert_eq!(parse_retry_after("-1"), None);
        assert_eq!(
            parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT"),
            Some(Duration::ZERO)
        );
        assert_eq!(parse_retry_after("soon"), None);
    }

    #[test]
    fn backoff_grows_and_is_capped() {
        assert!(backoff(1) < Duration::from_millis(800));
        assert!(backoff(2) >= Duration::from_secs(1));
        assert!(backoff(20) <= MAX_BACKOFF + Duration::from_millis(200));
    }

    #[test]
    fn envelopes() {
        let r = parse_envelope(
            r#"{"choices":[{"message":{"content":"{}"},"finish_reason":"stop"}],"usage":{"prompt_tokens":5,"completion_tokens":2}}"#,
        )
        .expect("ok");
        assert_eq!(r.content, "{}");
        assert_eq!((r.tokens_in, r.tokens_out), (Some(5), Some(2)));
        assert_eq!(r.generation_ms, None);
        let r = parse_envelope(
            r#"{"choices":[{"message":{"content":"{}"}}],"timings":{"prompt_ms":900.5,"predicted_ms":250.0}}"#,
        )
        .expect("llama.cpp timings");
        assert_eq!(r.generation_ms, Some(250.0));
        assert!(matches!(
            parse_envelope("{\"choices\": []}"),
            Err(CallError::Malformed(_))
        ));
        assert!(matches!(
            parse_envelope("<html>"),
            Err(CallError::Malformed(_))
        ));
        assert!(matches!(
            parse_envelope(r#"{"choices":[{"message":{"content":null}}]}"#),
            Err(CallError::Malformed(_))
        ));
    }

    #[test]
    fn classification() {
        let s = |status| CallError::Status {
            status,
            body: String::new(),
        };
        assert!(s(429).retryable() && s(503).retryable() && !s(404).retryable());
        assert_eq!(Outcome::of(&s(429)), Outcome::RateLimited);
        assert_eq!(Outcome::of(&s(502)), Outcome::ServerError);
        assert_eq!(Outcome::of(&s(400)), Outcome::ClientError);
        assert!(rejects_schema(&CallError::Status {
            status: 400,
            body: "unsupported response_format".into()
        }));
        assert!(!rejects_schema(&CallError::Status {
            status: 400,
            body: "context too long".into()
        }));
    }
}
