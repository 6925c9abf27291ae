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
    #[error("ce poste a été retiré du réseau de la salle par l'organisateur : ses données personnelles ont été effacées ; pour le remettre en service, appairez-le de nouveau avec un dossier vide / this machine was removed from the venue network by the organiser: its personal data was erased; to use it again, pair it again with an empty folder")]
    Revoked,
    #[error("l'événement est terminé : le lien de ce poste avec le poste central a expiré et ses données personnelles ont été effacées / the event is over: this machine's link to the hub has expired and its personal data was erased")]
    CredentialExpired,
    #[error("l'organisateur a effacé les données personnelles de l'événement : celles de ce poste aussi / the organiser erased the event's personal data: this machine's too")]
    Purged,
    #[error("poste central injoignable : {0} / hub unreachable: {0}")]
    Unreachable(String),
    #[error("le poste central a refusé : {0} / the hub refused: {0}")]
    Refused(String),
}

impl PairingError {
    /// The hub said this machine may no longer hold the event's people: it erases them.
    pub fn ends_the_link(&self) -> bool {
        matches!(self, PairingError::Revoked | PairingError::CredentialExpired | PairingError::Purged)
    }

    /// The error a stable code names (what a hub's answer carries), if it is one of these.
    pub fn from_code(code: &str) -> Option<PairingError> {
        Some(match code {
            "unknown_machine" => PairingError::UnknownMachine,
            "pairing_expired" => PairingError::Expired,
            "pairing_used" => PairingError::UsedOrUnknown,
            "machine_revoked" => PairingError::Revoked,
            "credential_expired" => PairingError::CredentialExpired,
            "event_purged" => PairingError::Purged,
            _ => return None,
        })
    }

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
            PairingError::Revoked => "machine_revoked",
            PairingError::CredentialExpired => "credential_expired",
            PairingError::Purged => "event_purged",
            PairingError::Unreachable(_) => "hub_unreachable",
            PairingError::Refused(_) => "hub_refused",
        }
    }
}

