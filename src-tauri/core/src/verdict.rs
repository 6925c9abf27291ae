//! What a scan says to the volunteer.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::attendee::Category;

/// The person behind a ticket, as the verdict screen shows them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct Person {
    pub id: i64,
    pub name: String,
    pub organisation: Option<String>,
    pub category: Category,
    /// What the volunteer is to do or know (shown large on the verdict).
    #[serde(default)]
    pub note: Option<String>,
    /// The door calls the organisers: *APPELEZ L'ORGANISATION* over the verdict.
    #[serde(default)]
    pub attention: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
#[serde(tag = "verdict", rename_all = "snake_case")]
pub enum Verdict {
    /// Let them in: first time.
    Admitted { person: Person },
    /// Already in: when and at which desk.
    AlreadyAdmitted { person: Person, first_at: DateTime<Utc>, first_desk: String },
    /// A well-formed code that is not in the list.
    Unknown,
    /// A BlueHats code whose signature is wrong.
    Forged,
    /// A cancelled ticket.
    Revoked { person: Person },
    /// A good ticket at a gate that does not take its category: not let in, not an entry;
    /// the gates that do take it.
    WrongGate { person: Person, gates: Vec<String> },
    /// At an exit: the person went out (they come back in without *already in*).
    Exited { person: Person },
    /// At an exit: the person is not inside (never came in, or went out already).
    NotInside { person: Person },
    /// The room is full and its door lets no one more in: not an entry (wait for someone to
    /// come out).
    RoomFull { person: Person, room: String },
    /// The room is full but its door only warns: let in, the volunteer told.
    AdmittedRoomFull { person: Person, room: String },
    /// Not a ticket at all.
    Malformed { reason: String },
}

text_enum! {
    /// A verdict without its details: what the desk's colour, icon and sound follow.
    pub enum VerdictKind {
        Admitted = "admitted",
        AlreadyAdmitted = "already_admitted",
        Unknown = "unknown",
        Forged = "forged",
        Revoked = "revoked",
        Malformed = "malformed",
        WrongGate = "wrong_gate",
        Exited = "exited",
        NotInside = "not_inside",
        RoomFull = "room_full",
        AdmittedRoomFull = "admitted_room_full",
    }
}

text_enum! {
    /// A line of the desk's record: a scan's verdict, or the undo of a check-in (a mistake
    /// put right, kept in the record).
    pub enum RecordKind {
        Admitted = "admitted",
        AlreadyAdmitted = "already_admitted",
        Unknown = "unknown",
        Forged = "forged",
        Revoked = "revoked",
        Malformed = "malformed",
        WrongGate = "wrong_gate",
        Exited = "exited",
        NotInside = "not_inside",
        RoomFull = "room_full",
        Undone = "undone",
    }
}

impl From<VerdictKind> for RecordKind {
    fn from(k: VerdictKind) -> RecordKind {
        match k {
            VerdictKind::Admitted => RecordKind::Admitted,
            VerdictKind::AlreadyAdmitted => RecordKind::AlreadyAdmitted,
            VerdictKind::Unknown => RecordKind::Unknown,
            VerdictKind::Forged => RecordKind::Forged,
            VerdictKind::Revoked => RecordKind::Revoked,
            VerdictKind::Malformed => RecordKind::Malformed,
            VerdictKind::WrongGate => RecordKind::WrongGate,
            VerdictKind::Exited => RecordKind::Exited,
            VerdictKind::NotInside => RecordKind::NotInside,
            VerdictKind::RoomFull => RecordKind::RoomFull,
            // An admission: counted, repeated and undone as one.
            VerdictKind::AdmittedRoomFull => RecordKind::Admitted,
        }
    }
}

impl Verdict {
    pub fn kind(&self) -> VerdictKind {
        match self {
            Verdict::Admitted { .. } => VerdictKind::Admitted,
            Verdict::AlreadyAdmitted { .. } => VerdictKind::AlreadyAdmitted,
            Verdict::Unknown => VerdictKind::Unknown,
            Verdict::Forged => VerdictKind::Forged,
            Verdict::Revoked { .. } => VerdictKind::Revoked,
            Verdict::Malformed { .. } => VerdictKind::Malformed,
            Verdict::WrongGate { .. } => VerdictKind::WrongGate,
            Verdict::Exited { .. } => VerdictKind::Exited,
            Verdict::NotInside { .. } => VerdictKind::NotInside,
            Verdict::RoomFull { .. } => VerdictKind::RoomFull,
            Verdict::AdmittedRoomFull { .. } => VerdictKind::AdmittedRoomFull,
        }
    }

    /// CLI exit codes: 0 admitted, then one per verdict (documented in the README).
    pub fn exit_code(&self) -> i32 {
        match self {
            Verdict::Admitted { .. } => 0,
            Verdict::AlreadyAdmitted { .. } => 10,
            Verdict::Unknown => 11,
            Verdict::Forged => 12,
            Verdict::Revoked { .. } => 13,
            Verdict::Malformed { .. } => 14,
            Verdict::WrongGate { .. } => 15,
            Verdict::Exited { .. } => 0,
            Verdict::NotInside { .. } => 16,
            Verdict::RoomFull { .. } => 17,
            Verdict::AdmittedRoomFull { .. } => 0,
        }
    }

    /// The person it lets in, if it lets someone in.
    pub fn admits(&self) -> Option<&Person> {
        match self {
            Verdict::Admitted { person } | Verdict::AdmittedRoomFull { person, .. } => Some(person),
            _ => None,
        }
    }

    pub fn person(&self) -> Option<&Person> {
        match self {
            Verdict::Admitted { person } | Verdict::AlreadyAdmitted { person, .. } | Verdict::Revoked { person } | Verdict::WrongGate { person, .. }
            | Verdict::Exited { person }
            | Verdict::NotInside { person }
            | Verdict::RoomFull { person, .. }
            | Verdict::AdmittedRoomFull { person, .. } => {
                Some(person)
            }
            _ => None,
        }
    }
}

/// One scan attempt and its verdict.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct ScanOutcome {
    #[serde(flatten)]
    pub verdict: Verdict,
    pub scan_id: i64,
    pub code: String,
    pub desk: String,
    pub at: DateTime<Utc>,
    /// The same code at the same desk within a few seconds (scanners that send twice): the
    /// first verdict, repeated, so the volunteer sees no false alarm.
    pub repeat: bool,
    /// Decided by this desk alone, the venue's hub out of reach: the desk's copy said so,
    /// and the hub will check it when the scan is uploaded.
    #[serde(default)]
    pub offline: bool,
}

text_enum! {
    /// How a person was let in.
    pub enum Method {
        Scan = "scan",
        Manual = "manual",
        WalkIn = "walk_in",
    }
}
