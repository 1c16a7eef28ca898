//! Optional LLM digests through an OpenAI-compatible API (Ollama, the llama.cpp server, vLLM,
//! OpenAI), checked against the sources before anyone sees them.
//!
//! An LLM writes better prose than an extractive engine, and it also invents facts and quotes.
//! This crate lets a model write the headline, summary, takeaways, "why it matters" and FAQ, then
//! holds every generated sentence to the sources it cites ([`ground`]): unsupported sentences are
//! removed and counted, thin fields fall back to the built-in engine, and a failing server falls
//! back entirely. The digest records which engine wrote each field and what the check removed.
//!
//! Modules: [`config`] (the `[llm]` settings), [`prompt`] (prompt files), [`client`] (HTTP with
//! retries), [`parse`] (lenient JSON), [`ground`] (the check), [`engine`] (the `DigestEngine`),
//! [`eval`] (`storyline eval summarize`).
//!
//! The engine blocks on HTTP: call it from plain threads or `spawn_blocking`, never inside an
//! async task.

pub mod client;
pub mod config;
pub mod engine;
pub mod eval;
pub mod ground;
pub mod parse;
pub mod prompt;

pub use client::Outcome;
pub use config::{ConfigError, LlmConfig};
pub use engine::{CallRecord, EngineError, OpenAiEngine, Status};
pub use ground::{check_sentence, Failure, Rules, SourceTable};
