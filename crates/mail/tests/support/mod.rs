//! A real SMTP server (Python's aiosmtpd, `smtp_server.py` beside this folder) on 127.0.0.1 for
//! the mail tests. Shared by this crate's tests and the binary's (`#[path]`-included there).

#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

/// A running server; stopped when dropped.
pub struct SmtpServer {
    child: Child,
    pub port: u16,
    out: PathBuf,
    _dir: tempfile::TempDir,
}

fn script() -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for p in [
        root.join("tests/smtp_server.py"),
        root.join("crates/mail/tests/smtp_server.py"),
    ] {
        if p.exists() {
            return p;
        }
    }
    panic!("smtp_server.py not found under {}", root.display());
}

impl SmtpServer {
    /// Starts the server with extra arguments (`--reject ADDR`, `--auth USER:PASSWORD`).
    /// Panics, saying to `pip install aiosmtpd`, when aiosmtpd is missing.
    pub fn start(args: &[&str]) -> SmtpServer {
        let dir = tempfile::tempdir().expect("tempdir");
        let out = dir.path().join("received.jsonl");
        let mut child = Command::new("python3")
            .arg(script())
            .arg(&out)
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("python3 must be installed to run the SMTP tests");
        let mut line = String::new();
        if let Some(stdout) = child.stdout.take() {
            let _ = BufReader::new(stdout).read_line(&mut line);
        }
        let port = match line.trim().parse::<u16>() {
            Ok(p) => p,
            Err(_) => {
                let status = child.wait().ok().and_then(|s| s.code());
                let mut err = String::new();
                if let Some(mut e) = child.stderr.take() {
                    let _ = e.read_to_string(&mut err);
                }
                if status == Some(3) || err.contains("aiosmtpd") {
                    panic!(
                        "the SMTP tests need Python's aiosmtpd: run `pip install aiosmtpd` \
                         (test.sh installs it)\n{err}"
                    );
                }
                panic!("the test SMTP server did not start (exit {status:?}): {err}");
            }
        };
        SmtpServer {
            child,
            port,
            out,
            _dir: dir,
        }
    }

    /// The messages received so far, as the server decoded them.
    pub fn received(&self) -> Vec<serde_json::Value> {
        let text = std::fs::read_to_string(&self.out).unwrap_or_default();
        text.lines()
            .map(|l| serde_json::from_str(l).expect("server wrote JSON"))
            .collect()
    }
}

impl Drop for SmtpServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A port on 127.0.0.1 where nothing listens.
pub fn closed_port() -> u16 {
    let l = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = l.local_addr().expect("addr").port();
    drop(l);
    port
}

/// The decoded text of the part with this content type.
pub fn part<'a>(msg: &'a serde_json::Value, content_type: &str) -> &'a str {
    msg["parts"]
        .as_array()
        .and_then(|ps| ps.iter().find(|p| p["content_type"] == content_type))
        .and_then(|p| p["text"].as_str())
        .unwrap_or_else(|| panic!("no {content_type} part in {msg}"))
}

/// A throw-away certificate authority and a server certificate it signed for 127.0.0.1 and
/// localhost, made with the `openssl` command.
pub struct TestCa {
    _dir: tempfile::TempDir,
    pub cert: String,
    pub key: String,
    pub ca_pem: Vec<u8>,
}

impl TestCa {
    pub fn new() -> TestCa {
        let dir = tempfile::tempdir().expect("tempdir");
        let p = |name: &str| dir.path().join(name).to_string_lossy().to_string();
        std::fs::write(
            p("leaf.ext"),
            "subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\n\
             keyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n",
        )
        .expect("ext file");
        let ec = [
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:prime256v1",
            "-nodes",
        ];
        let steps: Vec<Vec<String>> = vec![
            [
                &["req", "-x509"][..],
                &ec[..],
                &["-days", "2", "-subj", "/CN=Storyline test CA"],
            ]
            .concat()
            .iter()
            .map(|s| s.to_string())
            .chain(["-keyout", &p("ca.key"), "-out", &p("ca.pem")].map(String::from))
            .collect(),
            [&["req"][..], &ec[..], &["-subj", "/CN=127.0.0.1"]]
                .concat()
                .iter()
                .map(|s| s.to_string())
                .chain(["-keyout", &p("leaf.key"), "-out", &p("leaf.csr")].map(String::from))
                .collect(),
            [
                "x509",
                "-req",
                "-days",
                "2",
                "-in",
                &p("leaf.csr"),
                "-CA",
                &p("ca.pem"),
                "-CAkey",
                &p("ca.key"),
                "-CAcreateserial",
                "-extfile",
                &p("leaf.ext"),
                "-out",
                &p("leaf.pem"),
            ]
            .map(String::from)
            .to_vec(),
        ];
        for args in steps {
            let out = Command::new("openssl")
                .args(&args)
                .output()
                .expect("the TLS tests need the `openssl` command");
            assert!(
                out.status.success(),
                "openssl {args:?}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        TestCa {
            cert: p("leaf.pem"),
            key: p("leaf.key"),
            ca_pem: std::fs::read(p("ca.pem")).expect("ca.pem"),
            _dir: dir,
        }
    }
}
