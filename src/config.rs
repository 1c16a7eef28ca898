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

/// Everything Storyline can be told. (`Debug` hides a password in a PostgreSQL URL.)
#[derive(Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    /// Where the data lives: a SQLite file path (the default), or a PostgreSQL server's URL
    /// (`postgres://user@host/db` or `postgresql://...`; the password may come from `PGPASSWORD`).
    pub database: PathBuf,
    /// Feeds (or pages to discover feeds on) subscribed at start-up, in addition to the stored ones.
    pub feeds: Vec<String>,
    /// An OPML file whose feeds are subscribed at start-up.
    pub opml: Option<PathBuf>,
    pub fetch: FetchSettings,
    pub web: WebSettings,
    pub cluster: ClusterSettings,
    pub digest: DigestSettings,
    /// Settings of the `openai` digest engine.
    pub llm: LlmConfig,
    /// The email newsletter (`storyline newsletter`).
    pub mail: MailSettings,
}

impl std::fmt::Debug for Config {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let database = match self.postgres_url() {
            Some(url) => storyline_store::redact_url(url),
            None => self.database.display().to_string(),
        };
        f.debug_struct("Config")
            .field("database", &database)
            .field("feeds", &self.feeds)
            .field("opml", &self.opml)
            .field("fetch", &self.fetch)
            .field("web", &self.web)
            .field("cluster", &self.cluster)
            .field("digest", &self.digest)
            .field("llm", &self.llm)
            .field("mail", &self.mail)
            .finish()
    }
}

impl Default for Config {
    fn default() -> Self {
        Config {
            database: PathBuf::from("storyline.db"),
            feeds: Vec::new(),
            opml: None,
            fetch: FetchSettings::default(),
            web: WebSettings::default(),
            cluster: ClusterSettings::default(),
            digest: DigestSettings::default(),
            llm: LlmConfig::default(),
            mail: MailSettings::default(),
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
    /// Leave article pages that the site's robots.txt keeps Storyline out of unfetched (their
    /// entries keep the feed's text). Feeds are fetched regardless: you subscribed to them.
    pub robots: bool,
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
            robots: true,
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

/// `[cluster]`: how long a story stays open. Changing these regroups the stored articles at the
/// next start, when the store is replayed through the clusterer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ClusterSettings {
    /// A story takes no article published this many days after its first one (0: no limit): a
    /// subject covered for months becomes a series of stories, linked as related.
    pub story_days: f64,
    /// How fast an article with no body text (a headline-only feed item) loses its pull to a
    /// story that has had no article for a while: its similarity is multiplied by
    /// `exp(-hours / headline_decay_hours)` (0: no decay). Lower gives daily stories, higher
    /// lets a quiet story take headlines days later.
    pub headline_decay_hours: f64,
}

impl Default for ClusterSettings {
    fn default() -> Self {
        let d = storyline_cluster::Config::default();
        ClusterSettings {
            story_days: d.max_story_hours / 24.0,
            headline_decay_hours: d.headline.decay_hours,
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

/// `[mail]`: the SMTP server and addresses of the newsletter. Its links point at `web.base_url`.
/// (`Debug` and serialisation leave the password out.)
#[derive(Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct MailSettings {
    /// The SMTP server's host name.
    pub smtp_host: Option<String>,
    /// Default: 25 with `none`, 587 with `starttls`, 465 with `tls`.
    pub smtp_port: Option<u16>,
    pub security: MailSecurity,
    /// Log in with this user (AUTH PLAIN or LOGIN).
    pub username: Option<String>,
    /// The password; the variable named by `password_env` takes precedence.
    #[serde(skip_serializing)]
    pub password: Option<String>,
    /// The environment variable holding the SMTP password.
    pub password_env: String,
    /// The sender, e.g. `Storyline <news@example.org>`.
    pub from: Option<String>,
    /// Recipients when `--to` is not given.
    pub to: Vec<String>,
    /// Put before every subject.
    pub subject_prefix: String,
    /// Time limit for connecting and for each server reply, seconds.
    pub timeout_secs: u64,
    /// A PEM file of certificate authorities to trust besides the public ones (a server with a
    /// private or self-signed certificate).
    pub ca_file: Option<PathBuf>,
    /// `storyline run` sends the newsletter (the last 24 hours' top stories) every day at this
    /// time, `HH:MM` in the server's time zone (`TZ`). Unset: only `storyline newsletter` sends.
    pub send_at: Option<String>,
    /// Where a reader asks to stop receiving it (a `mailto:` or web URL): sent as the
    /// `List-Unsubscribe` header and printed in the footer.
    pub unsubscribe: Option<String>,
}

impl Default for MailSettings {
    fn default() -> Self {
        MailSettings {
            smtp_host: None,
            smtp_port: None,
            security: MailSecurity::Starttls,
            username: None,
            password: None,
            password_env: "STORYLINE_SMTP_PASSWORD".into(),
            from: None,
            to: Vec::new(),
            subject_prefix: "[Storyline]".into(),
            timeout_secs: 30,
            ca_file: None,
            send_at: None,
            unsubscribe: None,
        }
    }
}

impl std::fmt::Debug for MailSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MailSettings")
            .field("smtp_host", &self.smtp_host)
            .field("smtp_port", &self.smtp_port)
            .field("security", &self.security)
            .field("username", &self.username)
            .field("password", &self.password.as_ref().map(|_| "<redacted>"))
            .field("password_env", &self.password_env)
            .field("from", &self.from)
            .field("to", &self.to)
            .field("subject_prefix", &self.subject_prefix)
            .field("timeout_secs", &self.timeout_secs)
            .field("ca_file", &self.ca_file)
            .field("send_at", &self.send_at)
            .field("unsubscribe", &self.unsubscribe)
            .finish()
    }
}

/// `mail.security`: how the SMTP connection is protected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MailSecurity {
    /// Plain text: only for a trusted server on this machine or network.
    None,
    /// STARTTLS, required (submission, port 587).
    Starttls,
    /// TLS from the first byte (port 465).
    Tls,
}

impl MailSettings {
    /// The SMTP settings to send with; the password comes from the environment variable named by
    /// `password_env` when it is set, else from `password`.
    pub fn smtp_config(&self) -> Result<storyline_mail::SmtpConfig, ConfigError> {
        let host = self
            .smtp_host
            .clone()
            .filter(|h| !h.trim().is_empty())
            .ok_or_else(|| ConfigError::Invalid {
                key: "mail.smtp_host".into(),
                reason: "set it to your SMTP server to send the newsletter".into(),
            })?;
        let security = match self.security {
            MailSecurity::None => storyline_mail::Security::None,
            MailSecurity::Starttls => storyline_mail::Security::StartTls,
            MailSecurity::Tls => storyline_mail::Security::Tls,
        };
        let password = std::env::var(&self.password_env)
            .ok()
            .filter(|p| !p.is_empty())
            .or_else(|| self.password.clone());
        let extra_roots_pem = match &self.ca_file {
            Some(path) => Some(std::fs::read(path).map_err(|e| ConfigError::Invalid {
                key: "mail.ca_file".into(),
                reason: format!("cannot read {}: {e}", path.display()),
            })?),
            None => None,
        };
        Ok(storyline_mail::SmtpConfig {
            host: host.trim().to_string(),
            port: self.smtp_port.unwrap_or(security.default_port()),
            security,
            username: self.username.clone().filter(|u| !u.is_empty()),
            password,
            timeout: Duration::from_secs(self.timeout_secs),
            extra_roots_pem,
        })
    }

    fn validate(&self) -> Result<(), ConfigError> {
        let bad = |key: &str, reason: String| {
            Err(ConfigError::Invalid {
                key: format!("mail.{key}"),
                reason,
            })
        };
        if let Some(h) = &self.smtp_host {
            let h = h.trim();
            let ipv6 = h.parse::<std::net::Ipv6Addr>().is_ok();
            if h.is_empty() || h.contains(char::is_whitespace) || h.contains('/') {
                return bad("smtp_host", format!("{h:?} is not a host name"));
            }
            if h.contains(':') && !ipv6 {
                return bad(
                    "smtp_host",
                    format!("{h:?}: give the host alone and the port in `mail.smtp_port`"),
                );
            }
        }
        if self.smtp_port == Some(0) {
            return bad("smtp_port", "must be between 1 and 65535".into());
        }
        if self.timeout_secs == 0 {
            return bad("timeout_secs", "must be at least 1".into());
        }
        if let Some(f) = &self.from {
            if let Err(e) = storyline_mail::check_mailbox("mail.from", f) {
                return bad("from", e.to_string());
            }
        }
        for t in &self.to {
            if let Err(e) = storyline_mail::check_mailbox("mail.to", t) {
                return bad("to", e.to_string());
            }
        }
        if self.password.is_some() && self.username.is_none() {
            return bad("password", "set `mail.username` too".into());
        }
        if self.password_env.trim().is_empty() {
            return bad("password_env", "must name an environment variable".into());
        }
        if self.subject_prefix.chars().any(char::is_control) {
            return bad("subject_prefix", "must be one line".into());
        }
        if let Some(u) = &self.unsubscribe {
            if let Err(e) = storyline_mail::check_unsubscribe("mail.unsubscribe", u) {
                return bad("unsubscribe", e.to_string());
            }
        }
        if let Some(at) = &self.send_at {
            if parse_send_at(at).is_none() {
                return bad(
                    "send_at",
                    format!("{at:?} is not a time of day; write it as HH:MM, e.g. \"07:00\""),
                );
            }
            // A schedule that cannot send is a mistake to report at start, not at 7 am.
            if self
                .smtp_host
                .as_deref()
                .is_none_or(|h| h.trim().is_empty())
            {
                return bad(
                    "send_at",
                    "set `mail.smtp_host` too, or the newsletter cannot be sent".into(),
                );
            }
            if self.from.is_none() {
                return bad(
                    "send_at",
                    "set `mail.from` too, or the newsletter cannot be sent".into(),
                );
            }
            if self.to.is_empty() {
                return bad(
                    "send_at",
                    "set `mail.to` too: the scheduled newsletter goes to those addresses".into(),
                );
            }
        }
        Ok(())
    }

    /// The daily send time of `send_at`, once validated.
    pub fn send_time(&self) -> Option<chrono::NaiveTime> {
        self.send_at.as_deref().and_then(parse_send_at)
    }
}

/// `HH:MM` (or `HH:MM:SS`), 24-hour clock.
fn parse_send_at(s: &str) -> Option<chrono::NaiveTime> {
    let s = s.trim();
    chrono::NaiveTime::parse_from_str(s, "%H:%M:%S")
        .or_else(|_| chrono::NaiveTime::parse_from_str(s, "%H:%M"))
        .ok()
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
        self.validate_database()?;
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
        if !(0.0..=3650.0).contains(&self.cluster.story_days) {
            return bad(
                "cluster.story_days",
                "must be between 0 (no limit) and 3650",
            );
        }
        if !(0.0..=8760.0).contains(&self.cluster.headline_decay_hours) {
            return bad(
                "cluster.headline_decay_hours",
                "must be between 0 (no decay) and 8760",
            );
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
        if let Some(b) = &self.web.base_url {
            match url::Url::parse(b) {
                Ok(u) if matches!(u.scheme(), "http" | "https") => {}
                _ => {
                    return bad(
                        "web.base_url",
                        "must be an http(s) URL such as https://news.example.org",
                    )
                }
            }
        }
        self.mail.validate()?;
        if self.mail.send_at.is_some() && self.web.base_url.is_none() {
            return bad(
                "mail.send_at",
                "set `web.base_url` too: the newsletter links to story pages there",
            );
        }
        Ok(())
    }

    /// The PostgreSQL URL `database` names, if it names one (otherwise it is a SQLite file).
    pub fn postgres_url(&self) -> Option<&str> {
        self.database
            .to_str()
            .filter(|s| storyline_store::is_postgres_url(s))
    }

    /// `database`: a SQLite path, or a PostgreSQL URL this build can use: a known `sslmode`, and
    /// a readable `sslrootcert` CA file when one is named (read now, so a typo shows at start-up
    /// rather than at the first connection). The message never shows a password.
    fn validate_database(&self) -> Result<(), ConfigError> {
        let bad = |reason: String| ConfigError::Invalid {
            key: "database".into(),
            reason,
        };
        if self.database.as_os_str().is_empty() {
            return Err(bad("must be a SQLite file path or a postgres:// URL".into()));
        }
        if let Some(url) = self.postgres_url() {
            storyline_store::postgres_config(url).map_err(|e| bad(e.to_string()))?;
        } else if let Some(s) = self.database.to_str() {
            let lower = s.to_ascii_lowercase();
            if lower.starts_with("postgres:") || lower.starts_with("postgresql:") {
                return Err(bad(
                    "looks like a PostgreSQL URL but is not one: write postgres://user@host/db"
                        .into(),
                ));
            }
        }
        Ok(())
    }

    /// The clusterer settings these options describe.
    pub fn cluster_config(&self) -> storyline_cluster::Config {
        let mut c = storyline_cluster::Config {
            max_story_hours: self.cluster.story_days * 24.0,
            ..storyline_cluster::Config::default()
        };
        c.headline.decay_hours = self.cluster.headline_decay_hours;
        c
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
            respect_robots: self.fetch.robots,
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
        // The values it shows are the defaults.
        assert_eq!(cfg.cluster, ClusterSettings::default());
        // The commented [mail] section, switched on, is valid too.
        let (head, mail) = text.split_once("# [mail]").expect("a [mail] example");
        let mail: String = mail
            .lines()
            .map(|l| l.strip_prefix("# ").unwrap_or(l))
            .collect::<Vec<_>>()
            .join("\n");
        let head = head.replace("# base_url = ", "base_url = ");
        let cfg = Config::parse(&format!("{head}[mail]{mail}\n")).expect("example [mail] parses");
        assert_eq!(cfg.mail.smtp_host.as_deref(), Some("smtp.example.org"));
        assert_eq!(cfg.mail.to, ["you@example.org"]);
        assert!(cfg.mail.password.is_none());
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
        for text in [
            "[cluster]\nstory_days = -1.0\n",
            "[cluster]\nstory_days = nan\n",
        ] {
            let e = Config::parse(text).unwrap_err().to_string();
            assert!(e.contains("cluster.story_days"), "{e}");
        }
        let e = Config::parse("[cluster]\nheadline_decay_hours = inf\n")
            .unwrap_err()
            .to_string();
        assert!(e.contains("cluster.headline_decay_hours"), "{e}");
    }

    #[test]
    fn the_cluster_section_reaches_the_clusterer() {
        let cfg = Config::parse("[cluster]\nstory_days = 3.5\nheadline_decay_hours = 0\n")
            .expect("valid [cluster]");
        let c = cfg.cluster_config();
        assert_eq!(c.max_story_hours, 84.0);
        assert_eq!(c.headline.decay_hours, 0.0);
        // 0 is the clusterer's "off", and the settings not in [cluster] keep its defaults.
        let c = Config::parse("[cluster]\nstory_days = 0\n")
            .expect("valid [cluster]")
            .cluster_config();
        let own = storyline_cluster::Config::default();
        assert_eq!(c.max_story_hours, 0.0);
        assert_eq!(c.headline.decay_hours, own.headline.decay_hours);
        assert_eq!(c.headline.join_dated, own.headline.join_dated);
        assert_eq!(c.window_hours, own.window_hours);
    }

    #[test]
    fn the_mail_section_is_checked_key_by_key() {
        let ok = Config::parse(
            "[web]\nbase_url = \"https://news.example.org\"\n[mail]\nsmtp_host = \"smtp.example.org\"\n\
             security = \"tls\"\nusername = \"desk\"\npassword = \"hunter2\"\n\
             from = \"Storyline <news@example.org>\"\nto = [\"a@example.org\"]\n",
        )
        .expect("valid [mail]");
        assert!(
            !format!("{ok:?}").contains("hunter2"),
            "the password is not logged"
        );
        let smtp = ok.mail.smtp_config().expect("smtp config");
        assert_eq!(
            (smtp.port, smtp.security),
            (465, storyline_mail::Security::Tls)
        );
        assert!(!format!("{smtp:?}").contains("hunter2"));
        for (text, key) in [
            ("[mail]\nsmtp_server = \"x\"\n", "smtp_server"),
            ("[mail]\nsecurity = \"ssl\"\n", "ssl"),
            ("[mail]\nfrom = \"not an address\"\n", "mail.from"),
            (
                "[mail]\nto = [\"a@example.org\", \"b at example\"]\n",
                "mail.to",
            ),
            (
                "[mail]\nsmtp_host = \"smtp.example.org:587\"\n",
                "mail.smtp_port",
            ),
            ("[mail]\nsmtp_port = 0\n", "mail.smtp_port"),
            ("[mail]\npassword = \"x\"\n", "mail.password"),
            ("[web]\nbase_url = \"news.example.org\"\n", "web.base_url"),
            ("[mail]\nunsubscribe = \"javascript:x\"\n", "mail.unsubscribe"),
            (
                "[web]\nbase_url = \"https://n.example\"\n[mail]\nsmtp_host = \"h\"\nfrom = \"a@b.org\"\nto = [\"c@d.org\"]\nsend_at = \"7 am\"\n",
                "mail.send_at`: \"7 am\" is not a time of day",
            ),
            (
                "[web]\nbase_url = \"https://n.example\"\n[mail]\nsmtp_host = \"h\"\nfrom = \"a@b.org\"\nsend_at = \"07:00\"\n",
                "mail.send_at`: set `mail.to` too",
            ),
            (
                "[mail]\nsmtp_host = \"h\"\nfrom = \"a@b.org\"\nto = [\"c@d.org\"]\nsend_at = \"07:00\"\n",
                "mail.send_at`: set `web.base_url` too",
            ),
        ] {
            let e = Config::parse(text).unwrap_err().to_string();
            assert!(e.contains(key), "{text}: {e}");
        }
        let e = Config::default()
            .mail
            .smtp_config()
            .unwrap_err()
            .to_string();
        assert!(e.contains("mail.smtp_host"), "{e}");
        let ok = Config::parse(
            "[web]\nbase_url = \"https://n.example\"\n[mail]\nsmtp_host = \"h\"\nfrom = \"a@b.org\"\n\
             to = [\"c@d.org\"]\nsend_at = \"07:30\"\nunsubscribe = \"mailto:a@b.org\"\n",
        )
        .expect("valid schedule");
        assert_eq!(
            ok.mail.send_time(),
            chrono::NaiveTime::from_hms_opt(7, 30, 0)
        );
    }

    #[test]
    fn the_database_is_a_sqlite_path_or_a_postgres_url() {
        let cfg = Config::parse("database = \"data/news.db\"\n").expect("a path");
        assert_eq!(cfg.postgres_url(), None);
        for url in [
            "postgres://storyline@db.internal/news",
            "postgresql://storyline:pw@10.0.0.5:5433/news?sslmode=disable",
            "postgres://storyline@db.example.com/news?sslmode=verify-full",
            "postgres://storyline@db.example.com/news?sslmode=require&sslrootcert=system",
        ] {
            let cfg = Config::parse(&format!("database = \"{url}\"\n")).expect(url);
            assert_eq!(cfg.postgres_url(), Some(url));
        }
        for (text, shows) in [
            (
                "database = \"postgres://u:hunter2@db/news?sslmode=requier\"\n",
                "sslmode=requier",
            ),
            (
                "database = \"postgres://u:hunter2@db/news?sslmode=verify-full&sslrootcert=/no/such/ca.pem\"\n",
                "cannot read the CA file sslrootcert=/no/such/ca.pem",
            ),
            (
                "database = \"postgres://u:hunter2@db/news?sslmode=verify-ca\"\n",
                "sslrootcert",
            ),
            (
                "database = \"postgres://u:hunter2@db:port/news\"\n",
                "invalid",
            ),
            ("database = \"postgres:u:hunter2@db/news\"\n", "postgres://"),
            ("database = \"\"\n", "postgres://"),
        ] {
            let e = Config::parse(text).unwrap_err().to_string();
            assert!(e.contains("`database`"), "{text}: {e}");
            assert!(e.contains(shows), "{text}: {e}");
            assert!(!e.contains("hunter2"), "{text}: {e}");
        }
        let cfg = Config::parse("database = \"postgres://u:hunter2@db/news\"\n").expect("url");
        let shown = format!("{cfg:?}");
        assert!(
            !shown.contains("hunter2") && shown.contains("db/news"),
            "{shown}"
        );
    }
}
