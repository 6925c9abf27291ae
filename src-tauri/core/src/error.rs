//! One error type for the core. Every message is written for the person who reads it:
//! French first, English after the slash, naming the file and line when there is one.

use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum KioskError {
    #[error("base de données : {0} / database: {0}")]
    Database(rusqlite::Error),

    #[error("fichier {path} : {source} / file {path}: {source}")]
    Io { path: PathBuf, source: std::io::Error },

    #[error("ce fichier d'événement a été écrit par une version plus récente de BlueHats Kiosk (schéma {found}, cette version connaît {known}) : mettez l'application à jour / this event file was written by a newer BlueHats Kiosk (schema {found}, this version knows {known}): update the app")]
    StoreTooNew { found: i64, known: i64 },

    #[error("ce poste ne détient que la clé publique : il vérifie les billets mais ne peut pas en créer / this desk holds only the public key: it verifies tickets but cannot mint them")]
    NoSigningKey,

    #[error("participant {0} introuvable / attendee {0} not found")]
    AttendeeNotFound(i64),

    #[error("aucune entrée à annuler pour ce participant / no check-in to undo for this attendee")]
    NothingToUndo,

    #[error("{} invalide : « {value} » / invalid {}: \"{value}\"", .field.fr, .field.en)]
    InvalidField { field: crate::bilingual::Bilingual, value: String },

    /// The event's categories as typed or read: which one is wrong and why.
    #[error("catégories : {} / categories: {}", .0.fr, .0.en)]
    Categories(crate::bilingual::Bilingual),

    #[error("{0}")]
    Import(#[from] crate::registrations::ImportError),

    #[error("{0}")]
    Programme(#[from] crate::programme::ProgrammeError),

    #[error("export : {0} / export: {0}")]
    Export(String),

    /// The venue network's secure channel: a certificate that cannot be made or read.
    #[error("TLS : {0} / TLS: {0}")]
    Tls(String),

    /// What the venue network needs to run (its threads, its event loop) could not start.
    #[error("le réseau de la salle n'a pas pu démarrer ({what}) : {reason} / the venue network could not start ({what}): {reason}")]
    Network { what: String, reason: String },

    /// The organiser PIN's slow hash could not be made.
    #[error("code organisateur : {0} / organiser PIN: {0}")]
    PinHash(String),

    /// A prepared event's file (an event pack) that is damaged, foreign or inconsistent.
    #[error("{file} : {} / {file}: {}", .message.fr, .message.en)]
    Pack { file: String, message: crate::bilingual::Bilingual },

    #[error("{} / {}", .0.fr, .0.en)]
    Refused(crate::bilingual::Bilingual),

    #[error("{file} : le programme est du {programme}, l'événement du {event} ; pour prendre les dates du programme, importez avec --take-dates (ou « Prendre les dates du programme ») / {file}: the programme runs {programme}, the event {event}; to take the programme's dates, import with --take-dates (or \"Take the programme's dates\")")]
    DatesDiffer { file: String, programme: String, event: String },

    #[error("l'application n'a pas pu ouvrir ses fenêtres : {0} / the app could not open its windows: {0}")]
    Window(String),

    #[error("écran organisateur verrouillé : saisissez le code / organiser's screen locked: enter the PIN")]
    Locked,

    #[error("code organisateur incorrect ; nouvel essai possible dans {retry_in} s / wrong organiser PIN; next try in {retry_in} s")]
    WrongPin { retry_in: u64 },

    #[error("trop d'essais : attendez {retry_in} s / too many tries: wait {retry_in} s")]
    TooManyTries { retry_in: u64 },

    #[error("le code organisateur doit avoir de 4 à 64 caractères / the organiser PIN must have 4 to 64 characters")]
    PinTooShort,

    #[error("{0}")]
    Pairing(#[from] crate::pairing::PairingError),

    #[error("aucun écran graphique (DISPLAY, WAYLAND_DISPLAY) : lancez l'app dans une session graphique ou sous Xvfb ; les sous-commandes (serve, checkin…) marchent sans / no graphical display (DISPLAY, WAYLAND_DISPLAY): run the app in a graphical session or under Xvfb; subcommands (serve, checkin…) work without one")]
    NoDisplay,

    #[error("base occupée (un import ou un autre poste écrit) : réessayez / store busy (an import or another desk is writing): try again")]
    Busy,
}

impl From<rusqlite::Error> for KioskError {
    /// A store that stays locked past the busy timeout (an import, another process) is
    /// "busy, try again" for the person at the desk, not a database failure.
    fn from(e: rusqlite::Error) -> Self {
        match e.sqlite_error_code() {
            Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked) => KioskError::Busy,
            _ => KioskError::Database(e),
        }
    }
}

impl From<crate::attendee::BadDetail> for KioskError {
    fn from(b: crate::attendee::BadDetail) -> Self {
        KioskError::InvalidField { field: b.field, value: b.value }
    }
}

impl KioskError {
    /// The venue network could not start `what`.
    pub fn network(what: &str, reason: impl std::fmt::Display) -> Self {
        KioskError::Network { what: what.to_string(), reason: reason.to_string() }
    }

    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        KioskError::Io { path: path.into(), source }
    }

    /// A stable code for scripts and tests (`--json`'s "error", IPC's `code`); people read
    /// the message, which is already in French and English.
    pub fn code(&self) -> &'static str {
        match self {
            KioskError::Database(_) => "database",
            KioskError::Io { .. } => "io",
            KioskError::StoreTooNew { .. } => "store_too_new",
            KioskError::NoSigningKey => "no_signing_key",
            KioskError::AttendeeNotFound(_) => "attendee_not_found",
            KioskError::NothingToUndo => "nothing_to_undo",
            KioskError::InvalidField { .. } => "invalid_field",
            KioskError::Categories(_) => "categories",
            KioskError::Import(_) => "import",
            KioskError::Programme(_) => "programme",
            KioskError::Export(_) => "export",
            KioskError::Tls(_) => "tls",
            KioskError::Network { .. } => "network",
            KioskError::PinHash(_) => "pin_hash",
            KioskError::Pack { .. } => "event_pack",
            KioskError::Refused(_) => "refused",
            KioskError::DatesDiffer { .. } => "dates_differ",
            KioskError::Window(_) => "window",
            KioskError::Locked => "locked",
            KioskError::WrongPin { .. } => "wrong_pin",
            KioskError::TooManyTries { .. } => "too_many_tries",
            KioskError::PinTooShort => "pin_too_short",
            KioskError::Pairing(e) => e.code(),
            KioskError::NoDisplay => "no_display",
            KioskError::Busy => "busy",
        }
    }
}

pub type Result<T, E = KioskError> = std::result::Result<T, E>;
