//! The `[llm]` configuration: which server, which model, and how patient to be with it.
//!
//! Unknown keys are rejected so that a typo ("timeout" for "timeout_secs") is an error at start-up,
//! not a silently ignored setting; [`LlmConfig::validate`] names the offending key.

use serde::{Deserialize, Serialize};
use std::path::PathBuf;

/// Settings of the OpenAI-compatible engine. Every key has a default.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct LlmConfig {
    /// Base URL of the API, up to and including `/v1` (`http://127.0.0.1:8088/v1`,
    /// `http://localhost:11434/v1` for Ollama, `https://api.openai.com/v1`).
    pub base_url: String,
    /// Model name sent with each request.
    pub model: String,
    /// Name of the environment variable that holds the API key (none for local servers).
    pub api_key_env: Option<String>,
    /// Time allowed for one HTTP request, connection to last byte, in seconds.
    pub timeout_secs: f64,
    /// Requests in flight at once, across all threads using one engine.
    pub max_concurrency: usize,
    /// Most tokens the model may generate per story.
    pub max_tokens: u32,
    /// Extra attempts after a 429, a 5xx, a timeout, a dropped connection or a garbled response.
    pub retries: u32,
    /// Folder whose `digest-system.txt` / `digest-user.txt` replace the shipped prompts.
    pub prompt_dir: Option<PathBuf>,
    /// Sampling temperature.
    pub temperature: f32,
    /// Most source sentences shown to the model per story.
    pub max_source_sentences: usize,
    /// Most characters of source sentences shown to the model per story.
    pub max_source_chars: usize,
    /// Share of a generated sentence's content words that must appear in its citations.
    pub min_overlap: f64,
    /// Ask the server for JSON-schema constrained output (turned off for the rest of the run when
    /// the server rejects it).
    pub structured_output: bool,
    /// After this many stories in a row fail to reach the server, stop calling it for
    /// `cooldown_secs` (stories get built-in digests meanwhile).
    pub breaker_failures: u32,
    pub cooldown_secs: f64,
}

impl Default for LlmConfig {
    fn default() -> Self {
        LlmConfig {
            base_url: "http://127.0.0.1:8088/v1".into(),
            model: "SmolLM2-135M-Instruct".into(),
            api_key_env: None,
            timeout_secs: 120.0,
            max_concurrency: 1,
            max_tokens: 700,
            retries: 2,
            prompt_dir: None,
            temperature: 0.2,
            max_source_sentences: 30,
            max_source_chars: 5000,
            min_overlap: 0.5,
            structured_output: true,
            breaker_failures: 3,
            cooldown_secs: 60.0,
        }
    }
}

/// A configuration value that cannot work.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("llm.{key}: {reason}")]
pub struct ConfigError {
    /// The offending key, as written in the config file.
    pub key: &'static str,
    pub reason: String,
}

fn bad(key: &'static str, reason: impl Into<String>) -> ConfigError {
    ConfigError {
        key,
        reason: reason.into(),
    }
}

impl LlmConfig {
    /// Checks every value; the error names the first bad key.
    pub fn validate(&self) -> Result<(), ConfigError> {
        let url = self.base_url.trim();
        if !(url.starts_with("http://") || url.starts_with("https://")) || url.len() < 10 {
            return Err(bad(
                "base_url",
                format!("{:?} is not an http(s) URL", self.base_url),
            ));
        }
        if self.model.trim().is_empty() {
            return Err(bad("model", "must name a model"));
        }
        if let Some(env) = &self.api_key_env {
            if env.trim().is_empty() || env.contains('=') {
                return Err(bad("api_key_env", "must be an environment variable name"));
            }
        }
        if !(self.timeout_secs.is_finite()
            && self.timeout_secs > 0.0
            && self.timeout_secs <= 3600.0)
        {
            return Err(bad("timeout_secs", "must be in (0, 3600]"));
        }
        if self.max_concurrency == 0 || self.max_concurrency > 256 {
            return Err(bad("max_concurrency", "must be in 1..=256"));
        }
        if self.max_tokens < 16 || self.max_tokens > 32_768 {
            return Err(bad("max_tokens", "must be in 16..=32768"));
        }
        if self.retries > 10 {
            return Err(bad("retries", "must be at most 10"));
        }
        if !(self.temperature.is_finite() && (0.0..=2.0).contains(&self.temperature)) {
            return Err(bad("temperature", "must be in [0, 2]"));
        }
        if self.max_source_sentences == 0 {
            return Err(bad("max_source_sentences", "must be at least 1"));
        }
        if self.max_source_chars < 200 {
            return Err(bad("max_source_chars", "must be at least 200"));
        }
        if !(self.min_overlap.is_finite() && (0.0..=1.0).contains(&self.min_overlap)) {
            return Err(bad("min_overlap", "must be in [0, 1]"));
        }
        if self.breaker_failures == 0 {
            return Err(bad("breaker_failures", "must be at least 1"));
        }
        if !(self.cooldown_secs.is_finite() && self.cooldown_secs >= 0.0) {
            return Err(bad("cooldown_secs", "must be >= 0"));
        }
        if let Some(dir) = &self.prompt_dir {
            if !dir.is_dir() {
                return Err(bad(
                    "prompt_dir",
                    format!("{} is not a directory", dir.display()),
                ));
            }
        }
        Ok(())
    }

    /// The API key, read from `api_key_env` when set.
    pub fn api_key(&self) -> Result<Option<String>, ConfigError> {
        match &self.api_key_env {
            None => Ok(None),
            Some(name) => match std::env::var(name) {
                Ok(v) if !v.trim().is_empty() => Ok(Some(v.trim().to_string())),
                _ => Err(bad(
                    "api_key_env",
                    format!("environment variable {name} is not set"),
                )),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_validate() {
        assert_eq!(LlmConfig::default().validate(), Ok(()));
    }

    #[test]
    fn validate_names_the_key() {
        let cases: Vec<(LlmConfig, &str)> = vec![
            (
                LlmConfig {
                    base_url: "localhost:8080".into(),
                    ..LlmConfig::default()
                },
                "base_url",
            ),
            (
                LlmConfig {
                    model: " ".into(),
                    ..LlmConfig::default()
                },
                "model",
            ),
            (
                LlmConfig {
                    timeout_secs: 0.0,
                    ..LlmConfig::default()
                },
                "timeout_secs",
            ),
            (
                LlmConfig {
                    max_concurrency: 0,
                    ..LlmConfig::default()
                },
                "max_concurrency",
            ),
            (
                LlmConfig {
                    max_tokens: 1,
                    ..LlmConfig::default()
                },
                "max_tokens",
            ),
            (
                LlmConfig {
                    temperature: 3.0,
                    ..LlmConfig::default()
                },
                "temperature",
            ),
            (
                LlmConfig {
                    min_overlap: 1.5,
                    ..LlmConfig::default()
                },
                "min_overlap",
            ),
            (
                LlmConfig {
                    prompt_dir: Some("/nonexistent/prompts".into()),
                    ..LlmConfig::default()
                },
                "prompt_dir",
            ),
            (
                LlmConfig {
                    api_key_env: Some("A=B".into()),
                    ..LlmConfig::default()
                },
                "api_key_env",
            ),
        ];
        for (cfg, key) in cases {
            let err = cfg.validate().expect_err(key);
            assert_eq!(err.key, key);
            assert!(err.to_string().starts_with(&format!("llm.{key}:")), "{err}");
        }
    }

    #[test]
    fn unknown_keys_are_rejected() {
        let ok: LlmConfig =
            serde_json::from_str(r#"{"base_url": "http://x:1/v1", "model": "m", "retries": 1}"#)
                .expect("valid");
        assert_eq!(ok.retries, 1);
        assert_eq!(ok.max_tokens, LlmConfig::default().max_tokens);
        let err = serde_json::from_str::<LlmConfig>(r#"{"timeout": 5}"#).expect_err("unknown");
        assert!(err.to_string().contains("timeout"), "{err}");
    }

    #[test]
    fn missing_api_key_variable_is_named() {
        let cfg = LlmConfig {
            api_key_env: Some("STORYLINE_TEST_SURELY_UNSET_KEY".into()),
            ..LlmConfig::default()
        };
        let err = cfg.api_key().expect_err("unset");
        assert!(err.to_string().contains("STORYLINE_TEST_SURELY_UNSET_KEY"));
    }
}
