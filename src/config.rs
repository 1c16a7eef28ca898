//! One configuration for the whole desk: a TOML file, overridden by flags and environment
//! variables (the binary maps those onto these fields). Unknown keys are errors, so a typo is caught
//! at start-up with the key's name rather than silently ignored.

use serde::{Deserialize, Serialize};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;
use storyline_llm::LlmConfig;

/// Why a configuration was refused.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("could not read config file {path}: {source}")]
    Read {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("config file {path}: {reason}")]
    Parse { path: String, reason: String },
    #[error("config key `{key}`: {reason}")]
    Invalid { key: String, reason: String },
}

/// Everything Storyline can be told.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    /// Where the SQLite database lives.
    pub database: PathBuf,
    /// Feeds (or pages to discover feeds on) subscribed at start-up, in addition to the stored ones.
    pub feeds: Vec<String>,
    /// An OPML file whose feeds are subscribed at start-up.
    pub opml: Option<PathBuf>,
    pub fetch: FetchSettings,
    pub web: WebSettings,
    pub digest: DigestSettings,
    /// Settings of the `openai` digest engine.
    pub llm: LlmConfig,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            database: PathBuf::from("storyline.db"),
            feeds: Vec::new(),
            opml: None,
            fetch: FetchSettings::default(),
            web: WebSettings::default(),
            digest: DigestSettings::default(),
            llm: LlmConfig::default(),
        }
    }
}

/// `[fetch]`: how politely and how often sources are polled.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct FetchSettings {
    /// Minutes between polls in `storyline run`.
    pub interval_minutes: u64,
    /// Whole-request time limit, seconds.
    pub timeout_secs: u64,
    /// Largest response body accepted, bytes.
    pub max_bytes: usize,
    /// Parallel requests to one host.
    pub per_host: usize,
    /// Parallel sources polled at once.
    pub concurrency: usize,
    /// Retries of a failed request (timeouts, 429, 5xx), with exponential backoff.
    pub retries: u32,
    /// Fetch article pages (not only the feed's text).
    pub pages: bool,
    /// Allow loopback and private addresses (off by default: third-party feeds could point there).
    pub allow_private: bool,
    pub user_agent: Option<String>,
}

impl Default for FetchSettings {
    fn default() -> Self {
        FetchSettings {
            interval_minutes: 30,
            timeout_secs: 20,
            max_bytes: 5 * 1024 * 1024,
            per_host: 2,
            concurrency: 8,
            retries: 2,
            pages: true,
            allow_private: false,
            user_agent: None,
        }
    }
}

/// `[web]`: the reader's site.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct WebSettings {
    /// Address to listen on.
    pub listen: String,
    pub site_title: String,
    /// The public URL of the site, used in feeds.
    pub base_url: Option<String>,
    /// The environment variable holding the admin token (admin pages are off without it).
    pub admin_token_env: String,
    pub page_size: usize,
}

impl Default for WebSettings {
    fn default() -> Self {
        WebSettings {
            listen: "127.0.0.1:8080".into(),
            site_title: "Storyline".into(),
            base_url: None,
            admin_token_env: "STORYLINE_ADMIN_TOKEN".into(),
            page_size: 20,
        }
    }
}

/// `[digest]`: which engine writes digests.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct DigestSettings {
    /// `builtin` (default, no model) or `openai` (any OpenAI-compatible server, see `[llm]`).
    pub engine: String,
}

impl Default for DigestSettings {
    fn default() -> Self {
        DigestSettings {
            engine: "builtin".into(),
        }
    }
}

impl Config {
    /// Reads and validates a TOML file.
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
            path: path.display().to_string(),
            source,
        })?;
        let cfg = Config::parse(&text).map_err(|e| match e {
            ConfigError::Parse { reason, .. } => ConfigError::Parse {
                path: path.display().to_string(),
                reason,
            },
            other => other,
        })?;
        Ok(cfg)
    }

    /// Parses and validates TOML text.
    pub fn parse(text: &str) -> Result<Config, ConfigError> {
        let cfg: Config = toml::from_str(text).map_err(|e| ConfigError::Parse {
            path: "<text>".into(),
            reason: e.to_string(),
        })?;
        cfg.validate()?;
        Ok(cfg)
    }

    /// Checks values serde cannot, naming the offending key.
    pub fn validate(&self) -> Result<(), ConfigError> {
        let bad = |key: &str, reason: &str| {
            Err(ConfigError::Invalid {
                key: key.into(),
                reason: reason.into(),
            })
        };
        if self.web.listen.parse::<SocketAddr>().is_err() {
            return bad("web.listen", "must be an address such as 127.0.0.1:8080");
        }
        if self.web.page_size == 0 || self.web.page_size > 200 {
            return bad("web.page_size", "must be between 1 and 200");
        }
        if self.fetch.interval_minutes == 0 {
            return bad("fetch.interval_minutes", "must be at least 1");
        }
        if self.fetch.timeout_secs == 0 {
            return bad("fetch.timeout_secs", "must be at least 1");
        }
        if self.fetch.max_bytes < 1024 {
            return bad("fetch.max_bytes", "must be at least 1024");
        }
        if self.fetch.per_host == 0 || self.fetch.concurrency == 0 {
            return bad(
                "fetch.per_host",
                "per_host and concurrency must be at least 1",
            );
        }
        for f in &self.feeds {
            if url::Url::parse(f).is_err() {
                return bad("feeds", &format!("{f:?} is not a URL"));
            }
        }
        match self.digest.engine.as_str() {
            "builtin" => {}
            "openai" => {
                self.llm.validate().map_err(|e| ConfigError::Invalid {
                    key: format!("llm.{}", e.key),
                    reason: e.reason,
                })?;
            }
            _ => return bad("digest.engine", "must be `builtin` or `openai`"),
        }
        Ok(())
    }

    /// The fetcher settings these options describe.
    pub fn fetch_config(&self) -> storyline_ingest::FetchConfig {
        let defaults = storyline_ingest::FetchConfig::default();
        storyline_ingest::FetchConfig {
            timeout: Duration::from_secs(self.fetch.timeout_secs),
            max_bytes: self.fetch.max_bytes,
            per_host: self.fetch.per_host,
            retries: self.fetch.retries,
            allow_private: self.fetch.allow_private,
            user_agent: self
                .fetch
                .user_agent
                .clone()
                .unwrap_or(defaults.user_agent.clone()),
            ..defaults
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_example_config_is_valid() {
        let text = include_str!("../storyline.example.toml");
        let cfg = Config::parse(text).expect("example config parses");
        assert_eq!(cfg.web.listen, "127.0.0.1:8080");
    }

    #[test]
    fn the_example_opml_lists_real_feeds() {
        let feeds = storyline_ingest::opml::parse(include_str!("../examples/news-feeds.opml"))
            .expect("example OPML parses");
        assert!(feeds.len() >= 8);
        assert!(feeds.iter().all(|f| f.url.starts_with("https://")));
    }

    #[test]
    fn unknown_keys_and_bad_values_name_the_key() {
        let e = Config::parse("[fetch]\ninterval = 5\n")
            .unwrap_err()
            .to_string();
        assert!(e.contains("interval"), "{e}");
        let e = Config::parse("[web]\nlisten = \"nowhere\"\n")
            .unwrap_err()
            .to_string();
        assert!(e.contains("web.listen"), "{e}");
        let e = Config::parse("[digest]\nengine = \"gpt\"\n")
            .unwrap_err()
            .to_string();
        assert!(e.contains("digest.engine"), "{e}");
    }
}
