//! TLS for the PostgreSQL store: tokio-postgres's TLS traits over tokio-rustls (rustls with the
//! ring provider, the same build the mail and HTTP clients already use), so the store adds no TLS
//! crates of its own. See the `# TLS` section of `postgres.rs` for what each `sslmode` does.

use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::client::WebPkiServerVerifier;
use rustls::crypto::{verify_tls12_signature, verify_tls13_signature, CryptoProvider};
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{CertificateError, ClientConfig, DigitallySignedStruct, RootCertStore};
use std::future::Future;
use std::io;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio_postgres::tls::{ChannelBinding, MakeTlsConnect, TlsConnect, TlsStream};

/// How the server's certificate is checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Verify {
    /// Not at all (`sslmode=prefer`/`allow`, as libpq): encryption against passive listeners only.
    Nothing,
    /// The chain up to a trusted root, not the host name (`verify-ca`).
    Chain,
    /// The chain and the host name (`require`, `verify-full`).
    Full,
}

/// What the server's certificate is checked against: the public roots (webpki-roots) and/or the
/// certificates of a `sslrootcert` file.
pub(crate) struct Trust {
    pub public_roots: bool,
    /// The `sslrootcert` path as written, and its contents.
    pub ca_file: Option<(String, Vec<u8>)>,
}

/// A TLS connector for tokio-postgres (`MakeTlsConnect`), cheap to clone.
#[derive(Clone)]
pub struct PgTls {
    config: Arc<ClientConfig>,
    /// For messages: what the certificate was checked against.
    trusted: Arc<str>,
}

fn provider() -> Arc<CryptoProvider> {
    Arc::new(rustls::crypto::ring::default_provider())
}

impl PgTls {
    /// Builds the connector; the error says what is wrong (an unreadable or empty CA file).
    pub(crate) fn new(verify: Verify, trust: Trust) -> Result<PgTls, String> {
        let provider = provider();
        let builder = ClientConfig::builder_with_provider(provider.clone())
            .with_safe_default_protocol_versions()
            .map_err(|e| format!("TLS set-up failed: {e}"))?;
        let mut roots = RootCertStore::empty();
        let mut trusted = Vec::new();
        if trust.public_roots {
            roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
            trusted.push("the public root CAs".to_owned());
        }
        if let Some((path, pem)) = &trust.ca_file {
            let mut n = 0;
            for cert in CertificateDer::pem_slice_iter(pem) {
                let cert =
                    cert.map_err(|e| format!("sslrootcert={path} is not a PEM file: {e}"))?;
                roots.add(cert).map_err(|e| {
                    format!("sslrootcert={path} holds a certificate that cannot be a CA: {e}")
                })?;
                n += 1;
            }
            if n == 0 {
                return Err(format!(
                    "sslrootcert={path} holds no PEM certificate (-----BEGIN CERTIFICATE-----)"
                ));
            }
            trusted.push(format!("the CA certificates in sslrootcert={path}"));
        }
        let mut trusted = trusted.join(" and ");
        if trust.ca_file.is_none() {
            trusted.push_str(" (give the CA that signed it as sslrootcert=/path/ca.pem)");
        }
        let verifier: Arc<dyn ServerCertVerifier> = match verify {
            Verify::Nothing => Arc::new(AnyCertificate(provider)),
            Verify::Chain | Verify::Full => {
                let webpki = WebPkiServerVerifier::builder_with_provider(Arc::new(roots), provider)
                    .build()
                    .map_err(|e| format!("TLS set-up failed: {e}"))?;
                if verify == Verify::Chain {
                    Arc::new(ChainOnly(webpki))
                } else {
                    webpki
                }
            }
        };
        let mut config = builder
            .dangerous()
            .with_custom_certificate_verifier(verifier)
            .with_no_client_auth();
        // PostgreSQL 17's direct TLS negotiation requires this ALPN; older servers ignore it.
        config.alpn_protocols = vec![b"postgresql".to_vec()];
        Ok(PgTls {
            config: Arc::new(config),
            trusted: trusted.into(),
        })
    }
}

/// `verify-ca`: the chain must lead to a trusted root; the host name is not checked.
#[derive(Debug)]
struct ChainOnly(Arc<WebPkiServerVerifier>);

impl ServerCertVerifier for ChainOnly {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        // webpki checks the chain first and the name after it, so a name error means the chain
        // was good.
        match self
            .0
            .verify_server_cert(end_entity, intermediates, server_name, ocsp, now)
        {
            Err(rustls::Error::InvalidCertificate(
                CertificateError::NotValidForName | CertificateError::NotValidForNameContext { .. },
            )) => Ok(ServerCertVerified::assertion()),
            other => other,
        }
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.0.verify_tls12_signature(message, cert, dss)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.0.verify_tls13_signature(message, cert, dss)
    }

    fn supported_verify_schemes(&self) -> Vec<rustls::SignatureScheme> {
        self.0.supported_verify_schemes()
    }
}

/// `prefer`/`allow` (libpq's meaning): any certificate is accepted, so the session is encrypted
/// but the server is not authenticated. The handshake's signatures are still checked.
#[derive(Debug)]
struct AnyCertificate(Arc<CryptoProvider>);

impl ServerCertVerifier for AnyCertificate {
    fn verify_server_cert(
        &self,
        _: &CertificateDer<'_>,
        _: &[CertificateDer<'_>],
        _: &ServerName<'_>,
        _: &[u8],
        _: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        Ok(ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        verify_tls12_signature(
            message,
            cert,
            dss,
            &self.0.signature_verification_algorithms,
        )
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        verify_tls13_signature(
            message,
            cert,
            dss,
            &self.0.signature_verification_algorithms,
        )
    }

    fn supported_verify_schemes(&self) -> Vec<rustls::SignatureScheme> {
        self.0.signature_verification_algorithms.supported_schemes()
    }
}

/// A TLS handshake failure, said in terms of what failed.
#[derive(Debug)]
pub struct PgTlsError(String);

impl std::fmt::Display for PgTlsError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for PgTlsError {}

fn describe(e: io::Error, host: &str, trusted: &str) -> PgTlsError {
    let rustls_error = e
        .get_ref()
        .and_then(|inner| inner.downcast_ref::<rustls::Error>());
    let msg = match rustls_error {
        Some(rustls::Error::InvalidCertificate(ce)) => match ce {
            CertificateError::NotValidForName | CertificateError::NotValidForNameContext { .. } => {
                format!("the server's certificate is not valid for the host name {host}: {ce}")
            }
            CertificateError::Expired
            | CertificateError::ExpiredContext { .. }
            | CertificateError::NotValidYet
            | CertificateError::NotValidYetContext { .. } => {
                format!("the server's certificate is out of its validity period: {ce}")
            }
            CertificateError::UnknownIssuer | CertificateError::BadSignature => format!(
                "the server's certificate is not trusted: it was not issued by {trusted}: {ce}"
            ),
            _ => format!("the server's certificate was rejected: {ce}"),
        },
        Some(other) => format!("TLS handshake with the server failed: {other}"),
        None => format!("TLS handshake with the server failed: {e}"),
    };
    PgTlsError(msg)
}

impl<S> MakeTlsConnect<S> for PgTls
where
    S: AsyncRead + AsyncWrite + Unpin + Send + 'static,
{
    type Stream = PgTlsStream<S>;
    type TlsConnect = PgTlsConnect;
    type Error = PgTlsError;

    fn make_tls_connect(&mut self, host: &str) -> Result<PgTlsConnect, PgTlsError> {
        let name = ServerName::try_from(host.to_owned()).map_err(|_| {
            PgTlsError(format!(
                "the host name {host} cannot be checked against a TLS certificate"
            ))
        })?;
        Ok(PgTlsConnect {
            config: self.config.clone(),
            name,
            trusted: self.trusted.clone(),
        })
    }
}

/// One handshake with one host.
pub struct PgTlsConnect {
    config: Arc<ClientConfig>,
    name: ServerName<'static>,
    trusted: Arc<str>,
}

type HandshakeFuture<S> = Pin<Box<dyn Future<Output = Result<PgTlsStream<S>, PgTlsError>> + Send>>;

impl<S> TlsConnect<S> for PgTlsConnect
where
    S: AsyncRead + AsyncWrite + Unpin + Send + 'static,
{
    type Stream = PgTlsStream<S>;
    type Error = PgTlsError;
    type Future = HandshakeFuture<S>;

    fn connect(self, stream: S) -> HandshakeFuture<S> {
        Box::pin(async move {
            let host = self.name.to_str().into_owned();
            let connector = tokio_rustls::TlsConnector::from(self.config);
            let tls = connector
                .connect(self.name, stream)
                .await
                .map_err(|e| describe(e, &host, &self.trusted))?;
            Ok(PgTlsStream(tls))
        })
    }
}

/// A TLS session with the server.
pub struct PgTlsStream<S>(tokio_rustls::client::TlsStream<S>);

impl<S: AsyncRead + AsyncWrite + Unpin> AsyncRead for PgTlsStream<S> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        Pin::new(&mut self.0).poll_read(cx, buf)
    }
}

impl<S: AsyncRead + AsyncWrite + Unpin> AsyncWrite for PgTlsStream<S> {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.0).poll_write(cx, buf)
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.0).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.0).poll_shutdown(cx)
    }
}

impl<S: AsyncRead + AsyncWrite + Unpin> TlsStream for PgTlsStream<S> {
    /// `tls-server-end-point` (RFC 5929): a hash of the server's certificate, so SCRAM
    /// authentication (`SCRAM-SHA-256-PLUS`) is bound to this TLS session and a man in the middle
    /// cannot relay it, even when the certificate itself is not verified.
    fn channel_binding(&self) -> ChannelBinding {
        let (_, session) = self.0.get_ref();
        session
            .peer_certificates()
            .and_then(|certs| certs.first())
            .and_then(|cert| server_end_point(cert.as_ref()))
            .map_or_else(ChannelBinding::none, ChannelBinding::tls_server_end_point)
    }
}

/// The `tls-server-end-point` value of a DER certificate: its hash by the hash function of its
/// signature algorithm, SHA-256 for MD5 and SHA-1 (RFC 5929 §4.1). `None` for an algorithm
/// without a defined hash (Ed25519, RSA-PSS), when PostgreSQL does not offer channel binding
/// either.
pub(crate) fn server_end_point(der: &[u8]) -> Option<Vec<u8>> {
    let oid = signature_algorithm_oid(der)?;
    // 1.2.840.113549.1.1.{4,5,11,12,13}: RSA with MD5, SHA-1, SHA-256, SHA-384, SHA-512.
    // 1.2.840.10045.4.1 and 1.2.840.10045.4.3.{2,3,4}: ECDSA with SHA-1, SHA-256, SHA-384, SHA-512.
    const RSA: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01];
    const ECDSA: &[u8] = &[0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04];
    let alg = match oid {
        [p @ .., last] if p == RSA => match last {
            4 | 5 | 11 => &ring::digest::SHA256,
            12 => &ring::digest::SHA384,
            13 => &ring::digest::SHA512,
            _ => return None,
        },
        [p @ .., 1] if p == ECDSA => &ring::digest::SHA256,
        [p @ .., 3, last] if p == ECDSA => match last {
            2 => &ring::digest::SHA256,
            3 => &ring::digest::SHA384,
            4 => &ring::digest::SHA512,
            _ => return None,
        },
        _ => return None,
    };
    Some(ring::digest::digest(alg, der).as_ref().to_vec())
}

/// Reads one DER TLV at the start of `input`: (tag, contents, rest).
fn der_tlv(input: &[u8]) -> Option<(u8, &[u8], &[u8])> {
    let (&tag, rest) = input.split_first()?;
    let (&first, rest) = rest.split_first()?;
    let (len, rest) = if first < 0x80 {
        (usize::from(first), rest)
    } else {
        let n = usize::from(first & 0x7f);
        if n == 0 || n > 4 || rest.len() < n {
            return None;
        }
        let len = rest[..n]
            .iter()
            .fold(0usize, |acc, &b| (acc << 8) | usize::from(b));
        (len, &rest[n..])
    };
    if rest.len() < len {
        return None;
    }
    Some((tag, &rest[..len], &rest[len..]))
}

/// `Certificate ::= SEQUENCE { tbsCertificate, signatureAlgorithm AlgorithmIdentifier, ... }`:
/// the OID of `signatureAlgorithm`.
fn signature_algorithm_oid(der: &[u8]) -> Option<&[u8]> {
    const SEQUENCE: u8 = 0x30;
    const OID: u8 = 0x06;
    let (SEQUENCE, cert, _) = der_tlv(der)? else {
        return None;
    };
    let (SEQUENCE, _tbs, rest) = der_tlv(cert)? else {
        return None;
    };
    let (SEQUENCE, alg, _) = der_tlv(rest)? else {
        return None;
    };
    let (OID, oid, _) = der_tlv(alg)? else {
        return None;
    };
    Some(oid)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn der_lengths_short_and_long() {
        assert_eq!(
            der_tlv(&[0x30, 0x01, 0xaa, 0xbb]),
            Some((0x30, &[0xaa][..], &[0xbb][..]))
        );
        let mut long = vec![0x04, 0x82, 0x01, 0x00];
        long.extend(std::iter::repeat_n(7u8, 256));
        let (tag, body, rest) = der_tlv(&long).expect("long form");
        assert_eq!((tag, body.len(), rest.len()), (0x04, 256, 0));
        assert_eq!(der_tlv(&[0x30, 0x05, 0x00]), None, "truncated");
        assert_eq!(der_tlv(&[0x30, 0x80]), None, "indefinite length is not DER");
        assert_eq!(server_end_point(b"not a certificate"), None);
    }

    /// Certificates made by `openssl` with each signature algorithm: the end point is the hash
    /// `openssl dgst` computes with RFC 5929's choice of function. Skips without `openssl`.
    #[test]
    fn server_end_point_hashes_as_rfc_5929_says() {
        use std::process::Command;
        if Command::new("openssl").arg("version").output().is_err() {
            eprintln!("SKIPPED: no openssl command");
            return;
        }
        let dir = tempfile::tempdir().expect("tempdir");
        let ec = |curve: &str| format!("ec -pkeyopt {curve}");
        let cases = [
            // (key, signing digest, end point digest)
            ("rsa:2048".to_owned(), "-sha1", "-sha256"),
            ("rsa:2048".to_owned(), "-sha384", "-sha384"),
            (ec("ec_paramgen_curve:prime256v1"), "-sha256", "-sha256"),
            (ec("ec_paramgen_curve:secp384r1"), "-sha384", "-sha384"),
            (ec("ec_paramgen_curve:secp384r1"), "-sha512", "-sha512"),
        ];
        for (i, (key, sign, end_point)) in cases.iter().enumerate() {
            let der = dir.path().join(format!("c{i}.der"));
            let out = Command::new("openssl")
                .args(["req", "-x509", "-newkey"])
                .args(key.split(' '))
                .args([
                    *sign, "-nodes", "-subj", "/CN=t", "-days", "1", "-outform", "DER",
                ])
                .arg("-keyout")
                .arg(dir.path().join(format!("k{i}.pem")))
                .arg("-out")
                .arg(&der)
                .output()
                .expect("openssl req");
            assert!(out.status.success(), "{key} {sign}: {out:?}");
            let want = Command::new("openssl")
                .args(["dgst", end_point, "-binary"])
                .arg(&der)
                .output()
                .expect("openssl dgst")
                .stdout;
            let cert = std::fs::read(&der).expect("read the certificate");
            assert_eq!(
                server_end_point(&cert).as_deref(),
                Some(&want[..]),
                "{key} {sign}"
            );
        }
        // Ed25519 has no hash of its own for this: no channel binding.
        let der = dir.path().join("ed.der");
        let out = Command::new("openssl")
            .args([
                "req", "-x509", "-newkey", "ed25519", "-nodes", "-subj", "/CN=t",
            ])
            .args(["-days", "1", "-outform", "DER", "-keyout"])
            .arg(dir.path().join("ked.pem"))
            .arg("-out")
            .arg(&der)
            .output()
            .expect("openssl req");
        assert!(out.status.success(), "{out:?}");
        let cert = std::fs::read(&der).expect("read the certificate");
        assert_eq!(server_end_point(&cert), None);
    }
}
