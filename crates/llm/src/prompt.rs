//! Prompt files: shipped in the repo under `prompts/`, compiled in, overridable per deployment.

use std::path::{Path, PathBuf};

use storyline_core::text::fnv1a64;

/// The shipped system prompt (`prompts/digest-system.txt`).
pub const SYSTEM: &str = include_str!("../../../prompts/digest-system.txt");
/// The shipped user prompt (`prompts/digest-user.txt`).
pub const USER: &str = include_str!("../../../prompts/digest-user.txt");

/// File names looked up in `llm.prompt_dir`.
pub const SYSTEM_FILE: &str = "digest-system.txt";
pub const USER_FILE: &str = "digest-user.txt";

#[derive(Debug, thiserror::Error)]
pub enum PromptError {
    #[error("cannot read prompt {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("prompt {0} lacks the {{{{sources}}}} placeholder")]
    NoSources(String),
}

/// The two prompt texts and their version (a hash of both).
#[derive(Debug, Clone, PartialEq)]
pub struct Prompts {
    pub system: String,
    pub user: String,
    /// `p` + 12 hex digits; recorded per call and part of the cache key.
    pub version: String,
}

impl Prompts {
    /// The shipped prompts, with each file found in `dir` replacing its shipped twin.
    pub fn load(dir: Option<&Path>) -> Result<Self, PromptError> {
        let read = |name: &str, shipped: &str| -> Result<String, PromptError> {
            match dir {
                Some(d) if d.join(name).is_file() => {
                    let path = d.join(name);
                    std::fs::read_to_string(&path)
                        .map_err(|source| PromptError::Read { path, source })
                }
                _ => Ok(shipped.to_string()),
            }
        };
        let system = read(SYSTEM_FILE, SYSTEM)?;
        let user = read(USER_FILE, USER)?;
        if !user.contains("{{sources}}") {
            return Err(PromptError::NoSources(USER_FILE.into()));
        }
        let version = format!(
            "p{:012x}",
            fnv1a64(format!("{system}\u{0}{user}").as_bytes()) & 0xffff_ffff_ffff
        );
        Ok(Prompts {
            system,
            user,
            version,
        })
    }

    /// The user message for one story.
    pub fn render_user(
        &self,
        sources: &str,
        summary_words: usize,
        summary_sentences: &str,
    ) -> String {
        self.user
            .replace("{{sources}}", sources)
            .replace("{{summary_words}}", &summary_words.to_string())
            .replace("{{summary_sentences}}", summary_sentences)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_prompts_load_and_render() {
        let p = Prompts::load(None).expect("shipped");
        assert!(p.version.starts_with('p') && p.version.len() == 13);
        let u = p.render_user("[1] A.", 60, "2 or 3");
        assert!(u.contains("[1] A.") && u.contains("60") && !u.contains("{{"));
    }

    #[test]
    fn operator_override_changes_version() {
        let dir = std::env::temp_dir().join(format!("storyline-prompt-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("tmp");
        std::fs::write(dir.join(USER_FILE), "Sources:\n{{sources}}\nJSON please.").expect("write");
        let p = Prompts::load(Some(&dir)).expect("override");
        assert_eq!(p.system, SYSTEM);
        assert!(p.user.starts_with("Sources:"));
        assert_ne!(p.version, Prompts::load(None).expect("shipped").version);
        std::fs::write(dir.join(USER_FILE), "no placeholder").expect("write");
        assert!(matches!(
            Prompts::load(Some(&dir)),
            Err(PromptError::NoSources(_))
        ));
        let _ = std::fs::remove_dir_all(&dir);
    }
}
