//! Attendees: who they are, what is typed about them, and how it is cleaned.

use serde::{Deserialize, Serialize};

pub use crate::categories::Category;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    Import,
    WalkIn,
    Demo,
    Manual,
}

impl Source {
    pub fn as_str(self) -> &'static str {
        match self {
            Source::Import => "import",
            Source::WalkIn => "walk_in",
            Source::Demo => "demo",
            Source::Manual => "manual",
        }
    }
    pub fn parse(s: &str) -> Source {
        match s {
            "import" => Source::Import,
            "walk_in" => Source::WalkIn,
            "demo" => Source::Demo,
            _ => Source::Manual,
        }
    }
}

/// A person to register.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct NewAttendee {
    pub name: String,
    pub email: Option<String>,
    pub organisation: Option<String>,
    pub category: Category,
}

/// The longest name and organisation kept (as the import's and the desk's forms).
pub const MAX_NAME: usize = 200;
/// The longest e-mail address (RFC 5321's path limit).
pub const MAX_EMAIL: usize = 254;
/// The longest note for the door: read at a glance on the verdict.
pub const MAX_NOTE: usize = 200;

/// A person's detail that cannot be taken (an empty name, a mistyped e-mail): which, and what
/// was typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadDetail {
    pub field: crate::bilingual::Bilingual,
    pub value: String,
}

impl BadDetail {
    /// As a person reads it: "courriel invalide : « zoe@ » / invalid e-mail: "zoe@"".
    pub fn words(&self) -> crate::bilingual::Bilingual {
        crate::bilingual::bi(format!("{} invalide : « {} »", self.field.fr, self.value), format!("invalid {}: \"{}\"", self.field.en, self.value))
    }
}

impl NewAttendee {
    /// Trims, joins the name's words with single spaces, drops empty optional fields, and
    /// refuses what cannot be a person. Every way in (a desk, the hub, an import) takes
    /// this, before anything is logged or stored.
    pub fn cleaned(&self) -> Result<NewAttendee, BadDetail> {
        use crate::bilingual::bi;
        let opt = |s: &Option<String>| s.as_ref().map(|s| s.trim().to_string()).filter(|s| !s.is_empty());
        let name = self.name.split_whitespace().collect::<Vec<_>>().join(" ");
        if name.is_empty() || name.chars().count() > MAX_NAME {
            return Err(BadDetail { field: bi("nom", "name"), value: self.name.clone() });
        }
        let email = opt(&self.email);
        if let Some(e) = &email {
            if !valid_email(e) || e.chars().count() > MAX_EMAIL {
                return Err(BadDetail { field: bi("courriel", "e-mail"), value: e.clone() });
            }
        }
        let organisation = opt(&self.organisation);
        if organisation.as_ref().is_some_and(|o| o.chars().count() > MAX_NAME) {
            return Err(BadDetail { field: bi("organisme", "organisation"), value: self.organisation.clone().unwrap_or_default() });
        }
        Ok(NewAttendee { name, email, organisation, category: self.category.clone() })
    }
}

/// A registered person, as the desk shows them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct Attendee {
    pub id: i64,
    pub name: String,
    pub email: Option<String>,
    pub organisation: Option<String>,
    pub category: Category,
    pub source: Source,
    /// The ticket code to print (the first valid one).
    pub code: Option<String>,
    /// When they were checked in, if they are in.
    pub checked_in_at: Option<chrono::DateTime<chrono::Utc>>,
    pub checked_in_desk: Option<String>,
    /// When their ticket was cancelled, if every ticket they had is: they may not enter,
    /// by scan, by name or as a walk-in.
    pub revoked_at: Option<chrono::DateTime<chrono::Utc>>,
    /// A word for the volunteer at the door (*Remettre le badge orateur*, *Accès PMR*).
    pub note: Option<String>,
    /// The door calls the organisers for this person (the scan is still recorded).
    pub attention: bool,
}

/// A note for the door as typed: trimmed, on one line, not too long; an empty one is none.
pub fn cleaned_note(note: Option<&str>) -> Result<Option<String>, BadDetail> {
    let Some(n) = note else { return Ok(None) };
    let n = n.split_whitespace().collect::<Vec<_>>().join(" ");
    if n.chars().count() > MAX_NOTE {
        return Err(BadDetail { field: crate::bilingual::bi(format!("note (au plus {MAX_NOTE} caractères)"), format!("note (at most {MAX_NOTE} characters)")), value: n });
    }
    Ok((!n.is_empty()).then_some(n))
}

/// Light check of an e-mail address: enough to catch a name typed in the wrong column.
pub fn valid_email(e: &str) -> bool {
    let Some((local, domain)) = e.split_once('@') else { return false };
    !local.is_empty() && domain.contains('.') && !domain.starts_with('.') && !domain.ends_with('.')
        && !e.chars().any(|c| c.is_whitespace() || c == ',' || c == ';')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails() {
        assert!(valid_email("helene@exemple.fr"));
        assert!(!valid_email("Hélène Dupont"));
        assert!(!valid_email("a@b"));
    }
}
