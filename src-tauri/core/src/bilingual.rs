//! Words for a person: French first, English beside them. One type, so that no message is
//! paired by hand and no English half can be forgotten.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct Bilingual {
    pub fr: String,
    pub en: String,
}

/// `bi("nom manquant", "missing name")`.
pub fn bi(fr: impl Into<String>, en: impl Into<String>) -> Bilingual {
    Bilingual { fr: fr.into(), en: en.into() }
}

impl std::fmt::Display for Bilingual {
    /// "français / English", as the CLI and the error dialogs print it.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} / {}", self.fr, self.en)
    }
}
