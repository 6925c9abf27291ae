//! Attendees and their categories.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    PublicAgent,
    Citizen,
    Association,
    Company,
    Other,
}

impl Category {
    pub const ALL: [Category; 5] =
        [Category::PublicAgent, Category::Citizen, Category::Association, Category::Company, Category::Other];

    pub fn as_str(self) -> &'static str {
        match self {
            Category::PublicAgent => "public_agent",
            Category::Citizen => "citizen",
            Category::Association => "association",
            Category::Company => "company",
            Category::Other => "other",
        }
    }

    /// Reads what people write in registration exports, in French or English.
    pub fn parse(s: &str) -> Option<Category> {
        let f = crate::search::fold(s).replace([' ', '-', '_'], "");
        Some(match f.as_str() {
            "publicagent" | "agentpublic" | "agent" | "agentepublique" | "fonctionnaire" | "administration"
            | "public" | "secteurpublic" => Category::PublicAgent,
            "citizen" | "citoyen" | "citoyenne" | "particulier" | "individual" => Category::Citizen,
            "association" | "asso" | "nonprofit" | "ngo" => Category::Association,
            "company" | "entreprise" | "societe" | "business" | "prive" | "private" => Category::Company,
            "other" | "autre" | "" => Category::Other,
            _ => return None,
        })
    }

    pub fn label_fr(self) -> &'static str {
        match self {
            Category::PublicAgent => "Agent public",
            Category::Citizen => "Citoyen",
            Category::Association => "Association",
            Category::Company => "Entreprise",
            Category::Other => "Autre",
        }
    }
}

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
    fn categories_in_both_languages() {
        assert_eq!(Category::parse("Agent public"), Some(Category::PublicAgent));
        assert_eq!(Category::parse("public agent"), Some(Category::PublicAgent));
        assert_eq!(Category::parse("Société"), Some(Category::Company));
        assert_eq!(Category::parse("Citoyenne"), Some(Category::Citizen));
        assert_eq!(Category::parse(""), Some(Category::Other));
        assert_eq!(Category::parse("martien"), None);
    }

    #[test]
    fn emails() {
        assert!(valid_email("helene@exemple.fr"));
        assert!(!valid_email("Hélène Dupont"));
        assert!(!valid_email("a@b"));
    }
}
