//! Who the hub is on the wire: a self-signed certificate made once per event (rcgen), whose
//! SHA-256 the pairing QR carries. A joining machine trusts that fingerprint and nothing
//! else: no certificate authority, no host name (the hub is an address on a LAN).

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use bluehats_core::service::Kiosk;
use bluehats_core::{KioskError, Result};
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer, ServerName, UnixTime};
use rustls::{DigitallySignedStruct, SignatureScheme};
use sha2::Digest;

fn provider() -> Arc<rustls::crypto::CryptoProvider> {
    Arc::new(rustls::crypto::ring::default_provider())
}

/// The hex SHA-256 of a certificate: what the pairing QR pins.
pub fn fingerprint(cert_der: &[u8]) -> String {
    data_encoding::HEXLOWER.encode(&sha2::Sha256::digest(cert_der))
}

/// The hub's certificate and key, made the first time and kept in the event's store.
pub struct HubIdentity {
    pub cert: Vec<u8>,
    key: Vec<u8>,
}

impl HubIdentity {
    pub fn load_or_make(kiosk: &Kiosk) -> Result<HubIdentity> {
        let (cert, key) = kiosk.hub_identity(|| {
            let made = rcgen::generate_simple_self_signed(vec!["bluehats-kiosk-hub".to_string()])
                .map_err(|e| KioskError::Tls(format!("certificat / certificate: {e}")))?;
            Ok((made.cert.der().to_vec(), made.signing_key.serialize_der()))
        })?;
        Ok(HubIdentity { cert, key })
    }

    pub fn fingerprint(&self) -> String {
        fingerprint(&self.cert)
    }

    pub fn server_config(&self) -> Result<rustls::ServerConfig> {
        let key = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(self.key.clone()));
        rustls::ServerConfig::builder_with_provider(provider())
            .with_safe_default_protocol_versions()
            .and_then(|b| b.with_no_client_auth().with_single_cert(vec![CertificateDer::from(self.cert.clone())], key))
            .map_err(|e| KioskError::Tls(e.to_string()))
    }
}

/// Accepts the one certificate whose fingerprint was pinned at pairing, whatever its name
/// or issuer; the handshake's signatures are still checked, so only the key's holder passes.
#[derive(Debug)]
pub struct Pinned {
    fingerprint: String,
    /// Set when a server showed another certificate: said as "wrong hub", not "unreachable".
    pub mismatch: AtomicBool,
    algorithms: rustls::crypto::WebPkiSupportedAlgorithms,
}

impl Pinned {
    pub fn new(fingerprint: &str) -> Arc<Pinned> {
        Arc::new(Pinned {
            fingerprint: fingerprint.to_ascii_lowercase(),
            mismatch: AtomicBool::new(false),
            algorithms: provider().signature_verification_algorithms,
        })
    }

    pub fn client_config(self: &Arc<Self>) -> Result<rustls::ClientConfig> {
        Ok(rustls::ClientConfig::builder_with_provider(provider())
            .with_safe_default_protocol_versions()
            .map_err(|e| KioskError::Tls(e.to_string()))?
            .dangerous()
            .with_custom_certificate_verifier(self.clone())
            .with_no_client_auth())
    }
}

impl ServerCertVerifier for Pinned {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        _intermediates: &[CertificateDer<'_>],
        _server_name: &ServerName<'_>,
        _ocsp: &[u8],
        _now: UnixTime,
    ) -> std::result::Result<ServerCertVerified, rustls::Error> {
        if fingerprint(end_entity) == self.fingerprint {
            Ok(ServerCertVerified::assertion())
        } else {
            self.mismatch.store(true, Ordering::SeqCst);
            Err(rustls::Error::General("empreinte inattendue / unexpected fingerprint".into()))
        }
    }

    fn verify_tls12_signature(&self, message: &[u8], cert: &CertificateDer<'_>, dss: &DigitallySignedStruct) -> std::result::Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(message, cert, dss, &self.algorithms)
    }

    fn verify_tls13_signature(&self, message: &[u8], cert: &CertificateDer<'_>, dss: &DigitallySignedStruct) -> std::result::Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(message, cert, dss, &self.algorithms)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.algorithms.supported_schemes()
    }
}
