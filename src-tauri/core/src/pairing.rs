//! What can go wrong between a machine and its hub: a pairing code that is not one, is
//! damaged, expired or spent; a hub that is not the one pinned, or cannot be reached, or
//! refuses. Its own module, importing nothing of the crate, so that every layer may name it.

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PairingError {
    #[error("ce n'est pas un code d'appairage BlueHats / not a BlueHats pairing code")]
    NotPairing,
    #[error("code d'appairage abîmé ({0}) / damaged pairing code ({0})")]
    Damaged(String),
    #[error("code d'appairage expiré : affichez-en un nouveau sur l'écran organisateur / pairing code expired: show a new one on the organiser's screen")]
    Expired,
    #[error("code d'appairage déjà utilisé ou inconnu / pairing code already used or unknown")]
    UsedOrUnknown,
    #[error("l'empreinte du certificat du poste central ne correspond pas : ce n'est pas le bon poste / the hub's certificate fingerprint does not match: this is not the right hub")]
    WrongFingerprint,
    #[error("ce poste n'est pas reconnu par le poste central : appairez-le de nouveau / this machine is not known to the hub: pair it again")]
    UnknownMachine,
    #[error("ce dossier contient déjà un événement : rejoignez avec un dossier vide / this folder already holds an event: join with an empty one")]
    NotEmpty,
    #[error("ce poste n'est relié à aucun poste central / this machine has not joined a hub")]
    NotJoined,
    #[error("poste central injoignable : {0} / hub unreachable: {0}")]
    Unreachable(String),
    #[error("le poste central a refusé : {0} / the hub refused: {0}")]
    Refused(String),
}

impl PairingError {
    pub fn code(&self) -> &'static str {
        match self {
            PairingError::NotPairing => "not_pairing",
            PairingError::Damaged(_) => "pairing_damaged",
            PairingError::Expired => "pairing_expired",
            PairingError::UsedOrUnknown => "pairing_used",
            PairingError::WrongFingerprint => "wrong_fingerprint",
            PairingError::UnknownMachine => "unknown_machine",
            PairingError::NotEmpty => "not_empty",
            PairingError::NotJoined => "not_joined",
            PairingError::Unreachable(_) => "hub_unreachable",
            PairingError::Refused(_) => "hub_refused",
        }
    }
}

