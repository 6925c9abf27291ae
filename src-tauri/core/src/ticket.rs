//! Ticket codes: what a QR code holds.
//!
//! Codes minted here are `BH1.` followed by base32 of (serial, Ed25519 signature). Base32 keeps
//! to QR's alphanumeric mode (upper case, digits, `.`), so the 113 characters fit a version 6
//! QR code at error correction M (122 characters). A desk holding only the public key can
//! verify a code but cannot mint one. Codes from other registration systems (pretix secrets,
//! numeric barcodes) are plain look-ups.

use data_encoding::BASE32_NOPAD;
use curve25519_dalek::edwards::EdwardsPoint;
use curve25519_dalek::scalar::Scalar;
use ed25519_dalek::hazmat::ExpandedSecretKey;
use ed25519_dalek::{Signature, Signer, SigningKey, VerifyingKey};
use sha2::{Digest, Sha512};

pub const PREFIX: &str = "BH1.";
const SIGNED_BYTES: usize = 4 + 64;
/// Longest plain code accepted; pretix secrets are 32 characters, barcodes shorter.
const MAX_PLAIN: usize = 128;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TicketCode {
    Signed { serial: u32, signature: [u8; 64], text: String },
    Plain(String),
}

/// Why a scanned text is not a ticket at all. Never a panic, whatever bytes arrive.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Malformed {
    #[error("code vide / empty code")]
    Empty,
    #[error("code trop long ({0} caractères) / code too long ({0} characters)")]
    TooLong(usize),
    #[error("caractère interdit dans le code / forbidden character in the code")]
    BadCharacter,
    #[error("code BlueHats tronqué ou abîmé / truncated or damaged BlueHats code")]
    BadSignedCode,
}

impl TicketCode {
    pub fn parse(raw: &str) -> Result<TicketCode, Malformed> {
        let s = raw.trim_matches(|c: char| c.is_whitespace() || c == '\0');
        if s.is_empty() {
            return Err(Malformed::Empty);
        }
        let chars = s.chars().count();
        if chars > 256 {
            return Err(Malformed::TooLong(chars));
        }
        let upper = s.to_ascii_uppercase();
        if let Some(body) = upper.strip_prefix(PREFIX) {
            let bytes = BASE32_NOPAD.decode(body.as_bytes()).map_err(|_| Malformed::BadSignedCode)?;
            if bytes.len() != SIGNED_BYTES {
                return Err(Malformed::BadSignedCode);
            }
            let serial = u32::from_be_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]);
            let mut signature = [0u8; 64];
            signature.copy_from_slice(&bytes[4..]);
            return Ok(TicketCode::Signed { serial, signature, text: upper });
        }
        if chars > MAX_PLAIN {
            return Err(Malformed::TooLong(chars));
        }
        // Other systems' codes: letters, digits and the few signs they use.
        if !s.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | ':' | '/' | '+' | '=')) {
            return Err(Malformed::BadCharacter);
        }
        Ok(TicketCode::Plain(s.to_string()))
    }

    /// The text stored and looked up.
    pub fn text(&self) -> &str {
        match self {
            TicketCode::Signed { text, .. } => text,
            TicketCode::Plain(s) => s,
        }
    }
}

/// What is signed: the event's identity and the serial, so that a code of another event
/// (or another store's key) does not verify.
fn message(event_uid: &str, serial: u32) -> Vec<u8> {
    let mut m = b"bluehats-kiosk/ticket/v1/".to_vec();
    m.extend_from_slice(event_uid.as_bytes());
    m.push(b'/');
    m.extend_from_slice(&serial.to_be_bytes());
    m
}

#[derive(Clone)]
pub struct Minter {
    key: SigningKey,
    event_uid: String,
}

impl Minter {
    pub fn new(secret: &[u8; 32], event_uid: &str) -> Self {
        Minter { key: SigningKey::from_bytes(secret), event_uid: event_uid.to_string() }
    }

    pub fn mint(&self, serial: u32) -> String {
        code(serial, &self.key.sign(&message(&self.event_uid, serial)).to_bytes())
    }

    /// The codes of these serials, in their order: the very signatures `mint` makes
    /// (Ed25519 is deterministic, RFC 8032 §5.1.6), a third cheaper. The curve point of each
    /// nonce is turned into its bytes by one field inversion for the whole batch (Montgomery's
    /// trick) instead of one each, and the key is expanded once. Constant time in the secrets,
    /// as `mint`.
    pub fn mint_batch(&self, serials: &[u32]) -> Vec<String> {
        // The key as Ed25519 signs with it: its scalar and its nonces' prefix.
        let expanded = ExpandedSecretKey::from(self.key.as_bytes());
        let public = self.key.verifying_key().to_bytes();
        let wide = |h: Sha512| Scalar::from_bytes_mod_order_wide(&h.finalize().into());
        let messages: Vec<Vec<u8>> = serials.iter().map(|&s| message(&self.event_uid, s)).collect();
        // r = H(prefix ‖ M), R = r·B, for each.
        let nonces: Vec<Scalar> = messages
            .iter()
            .map(|m| {
                let mut h = Sha512::new();
                h.update(expanded.hash_prefix);
                h.update(m);
                wide(h)
            })
            .collect();
        let points: Vec<EdwardsPoint> = nonces.iter().map(EdwardsPoint::mul_base).collect();
        let compressed = EdwardsPoint::compress_batch_alloc(&points);
        // k = H(R ‖ A ‖ M), S = r + k·a.
        serials
            .iter()
            .zip(&messages)
            .zip(nonces.iter().zip(&compressed))
            .map(|((&serial, m), (r, big_r))| {
                let mut h = Sha512::new();
                h.update(big_r.as_bytes());
                h.update(public);
                h.update(m);
                let s = wide(h) * expanded.scalar + r;
                let mut signature = [0u8; 64];
                signature[..32].copy_from_slice(big_r.as_bytes());
                signature[32..].copy_from_slice(s.as_bytes());
                code(serial, &signature)
            })
            .collect()
    }
}

/// `BH1.` and the base32 of the serial and its signature.
fn code(serial: u32, signature: &[u8; 64]) -> String {
    let mut bytes = [0u8; SIGNED_BYTES];
    bytes[..4].copy_from_slice(&serial.to_be_bytes());
    bytes[4..].copy_from_slice(signature);
    format!("{PREFIX}{}", BASE32_NOPAD.encode(&bytes))
}

pub struct Verifier {
    key: Option<VerifyingKey>,
    event_uid: String,
}

impl Verifier {
    pub fn new(public: &[u8; 32], event_uid: &str) -> Self {
        Verifier { key: VerifyingKey::from_bytes(public).ok(), event_uid: event_uid.to_string() }
    }

    pub fn verify(&self, serial: u32, signature: &[u8; 64]) -> bool {
        let Some(key) = &self.key else { return false };
        key.verify_strict(&message(&self.event_uid, serial), &Signature::from_bytes(signature)).is_ok()
    }
}

pub fn new_secret() -> [u8; 32] {
    let mut s = [0u8; 32];
    getrandom::fill(&mut s).expect("the operating system's random source");
    s
}

pub fn public_of(secret: &[u8; 32]) -> [u8; 32] {
    SigningKey::from_bytes(secret).verifying_key().to_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;
    use qrcode::{EcLevel, QrCode, Version};

    #[test]
    fn minted_code_verifies_and_fits_a_version_6_qr_at_level_m() {
        let secret = new_secret();
        let code = Minter::new(&secret, "ev1").mint(123_456);
        assert!(code.starts_with(PREFIX));
        let qr = QrCode::with_error_correction_level(code.as_bytes(), EcLevel::M).unwrap();
        match qr.version() {
            Version::Normal(v) => assert!(v <= 6, "QR version {v}"),
            other => panic!("{other:?}"),
        }
        let TicketCode::Signed { serial, signature, .. } = TicketCode::parse(&code).unwrap() else { panic!() };
        assert_eq!(serial, 123_456);
        assert!(Verifier::new(&public_of(&secret), "ev1").verify(serial, &signature));
        // Another event's key, or the same key for another event, does not verify.
        assert!(!Verifier::new(&public_of(&new_secret()), "ev1").verify(serial, &signature));
        assert!(!Verifier::new(&public_of(&secret), "ev2").verify(serial, &signature));
    }

    /// A batch signs as one ticket at a time does, to the byte (a code printed from either is
    /// the same code), and each verifies; an empty batch is nothing.
    #[test]
    fn a_batch_mints_the_codes_one_at_a_time_would() {
        let secret = new_secret();
        let minter = Minter::new(&secret, "ev-batch");
        let serials: Vec<u32> = (1..=40).chain([0, 7, 7, u32::MAX]).collect();
        let batch = minter.mint_batch(&serials);
        let one_by_one: Vec<String> = serials.iter().map(|&s| minter.mint(s)).collect();
        assert_eq!(batch, one_by_one);
        let verifier = Verifier::new(&public_of(&secret), "ev-batch");
        for (code, &s) in batch.iter().zip(&serials) {
            let TicketCode::Signed { serial, signature, .. } = TicketCode::parse(code).unwrap() else { panic!("{code}") };
            assert_eq!(serial, s);
            assert!(verifier.verify(serial, &signature), "{code}");
        }
        assert!(minter.mint_batch(&[]).is_empty());
    }

    #[test]
    fn scanner_noise_is_tolerated_but_junk_is_malformed() {
        assert!(matches!(TicketCode::parse("  1234567890\r\n"), Ok(TicketCode::Plain(s)) if s == "1234567890"));
        assert_eq!(TicketCode::parse(""), Err(Malformed::Empty));
        assert_eq!(TicketCode::parse("BH1.AAAA"), Err(Malformed::BadSignedCode));
        assert_eq!(TicketCode::parse("hello world"), Err(Malformed::BadCharacter));
        assert!(matches!(TicketCode::parse(&"x".repeat(300)), Err(Malformed::TooLong(300))));
    }

    #[test]
    fn lower_case_scans_of_signed_codes_still_parse() {
        let code = Minter::new(&new_secret(), "e").mint(7);
        assert_eq!(TicketCode::parse(&code.to_lowercase()).unwrap().text(), code);
    }
}
