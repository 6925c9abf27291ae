//! What a scan says to the volunteer.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::attendee::Category;

/// The person behind a ticket, as the verdict screen shows them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Person {
    pub id: i64,
    pub name: String,
    pub organisation: Option<String>,
    pub category: Category,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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
    /// Not a ticket at all.
    Malformed { reason: String },
}

impl Verdict {
    pub fn kind(&self) -> &'static str {
        match self {
            Verdict::Admitted { .. } => "admitted",
            Verdict::AlreadyAdmitted { .. } => "already_admitted",
            Verdict::Unknown => "unknown",
            Verdict::Forged => "forged",
            Verdict::Revoked { .. } => "revoked",
            Verdict::Malformed { .. } => "malformed",
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
        }
    }

    pub fn person(&self) -> Option<&Person> {
        match self {
            Verdict::Admitted { person } | Verdict::AlreadyAdmitted { person, .. } | Verdict::Revoked { person } => {
                Some(person)
            }
            _ => None,
        }
    }
}

/// One scan attempt and its verdict.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Method {
    Scan,
    Manual,
    WalkIn,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Scan => "scan",
            Method::Manual => "manual",
            Method::WalkIn => "walk_in",
        }
    }
}
