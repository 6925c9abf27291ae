//! Ticket codes: what a QR code holds.
//!
//! Codes minted here are `BH1.` followed by base32 of (serial, Ed25519 signature). Base32 keeps
//! to QR's alphanumeric mode (upper case, digits, `.`), so the 113 characters fit a version 6
//! QR code at error correction M (122 characters). A desk holding only the public key can
//! verify a code but cannot mint one. Codes from other registration systems (pretix secrets,
//! numeric barcodes) are plain look-ups.

use data_encoding::BASE32_NOPAD;
use ed25519_dalek::{Signature, Signer, SigningKey, VerifyingKey};

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
        let sig = self.key.sign(&message(&self.event_uid, serial));
        let mut bytes = Vec::with_capacity(SIGNED_BYTES);
        bytes.extend_from_slice(&serial.to_be_bytes());
        bytes.extend_from_slice(&sig.to_bytes());
        format!("{PREFIX}{}", BASE32_NOPAD.encode(&bytes))
    }
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
