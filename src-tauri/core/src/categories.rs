//! Categories of people: the event's own (agent public, orateur·rice, presse, bénévole…),
//! each with its French and English name and its colour. A person's category is a short key
//! the store keeps; the words and the colour are the event's, so an organiser renames or
//! recolours a category without touching anyone's row.

use serde::{Deserialize, Serialize};

use crate::bilingual::{bi, Bilingual};
use crate::search::fold;

/// A category's key: lower-case letters, digits and `_` (`public_agent`, `presse`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, ts_rs::TS)]
#[serde(transparent)]
#[ts(type = "string")]
pub struct Category(String);

/// The most categories an event has: a legend, a chart and a gate's list stay readable (a
/// wrong column taken for categories stops here instead of making thousands).
pub const MAX_CATEGORIES: usize = 24;
/// The longest category name.
pub const MAX_CATEGORY_NAME: usize = 40;
const MAX_KEY: usize = 40;

impl Category {
    /// A key as written, if it is one.
    pub fn key(s: &str) -> Option<Category> {
        let ok = !s.is_empty() && s.len() <= MAX_KEY && s.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
        ok.then(|| Category(s.to_string()))
    }
    /// The key a label gets: folded, spaces as `_`, nothing else ("Orateur·rice" → `orateur_rice`).
    pub fn from_label(label: &str) -> Category {
        let mut k = String::new();
        for c in fold(label).chars() {
            if c.is_ascii_alphanumeric() {
                k.push(c.to_ascii_lowercase());
            } else if !k.ends_with('_') && !k.is_empty() {
                k.push('_');
            }
        }
        let k: String = k.trim_end_matches('_').chars().take(MAX_KEY).collect();
        Category(if k.is_empty() { "category".into() } else { k })
    }
    /// What a stored key reads as: a key, or `other` for anything damaged.
    pub fn stored(s: &str) -> Category {
        Category::key(s).unwrap_or_else(Category::other)
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
    pub fn public_agent() -> Category {
        Category("public_agent".into())
    }
    pub fn citizen() -> Category {
        Category("citizen".into())
    }
    pub fn association() -> Category {
        Category("association".into())
    }
    pub fn company() -> Category {
        Category("company".into())
    }
    /// Where a person with no category goes.
    pub fn other() -> Category {
        Category("other".into())
    }

    /// The default day's five, as people write them in registration exports (French or
    /// English): for those keys, any of these words.
    fn synonym(s: &str) -> Option<Category> {
        let f = fold(s).replace([' ', '-', '_'], "");
        Some(match f.as_str() {
            "publicagent" | "agentpublic" | "agent" | "agentepublique" | "fonctionnaire" | "administration" | "public"
            | "secteurpublic" => Category::public_agent(),
            "citizen" | "citoyen" | "citoyenne" | "particulier" | "individual" => Category::citizen(),
            "association" | "asso" | "nonprofit" | "ngo" => Category::association(),
            "company" | "entreprise" | "societe" | "business" | "prive" | "private" => Category::company(),
            "other" | "autre" | "" => Category::other(),
            _ => return None,
        })
    }
}

impl std::fmt::Display for Category {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// One of the event's categories: its key, its names, its colour.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct CategoryDef {
    pub key: Category,
    pub fr: String,
    pub en: String,
    /// "#rrggbb": the chart's bars, the desk's badge.
    pub colour: String,
}

/// Colours told apart by people with the common colour-vision deficiencies (Okabe–Ito),
/// then darker ones: a new category takes the first one not in use.
pub const PALETTE: [&str; 12] =
    ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000", "#6A3D9A", "#8C564B", "#1B7837", "#7F7F7F"];

/// The default day's five categories, in the order the forms list them.
pub fn the_five() -> Vec<CategoryDef> {
    let d = |key: Category, fr: &str, en: &str, colour: &str| CategoryDef { key, fr: fr.into(), en: en.into(), colour: colour.into() };
    vec![
        d(Category::public_agent(), "Agent public", "Public agent", PALETTE[0]),
        d(Category::citizen(), "Citoyen·ne", "Citizen", PALETTE[1]),
        d(Category::association(), "Association", "Association", PALETTE[2]),
        d(Category::company(), "Entreprise", "Company", PALETTE[3]),
        d(Category::other(), "Autre", "Other", PALETTE[4]),
    ]
}

/// What can be wrong with a category as typed.
fn bad(what: &str, what_en: &str, value: &str) -> Bilingual {
    bi(format!("{what} : « {value} »"), format!("{what_en}: \"{value}\""))
}

/// A colour as `#rrggbb`, lower or upper case.
pub fn is_colour(s: &str) -> bool {
    s.len() == 7 && s.starts_with('#') && s[1..].bytes().all(|b| b.is_ascii_hexdigit())
}

/// The event's categories are well made: keys unique and well formed, names present and
/// short, colours `#rrggbb`, at most [`MAX_CATEGORIES`]. The reason names the category.
pub fn check(defs: &[CategoryDef]) -> Result<(), Bilingual> {
    if defs.len() > MAX_CATEGORIES {
        return Err(bi(format!("trop de catégories : {} (au plus {MAX_CATEGORIES})", defs.len()), format!("too many categories: {} (at most {MAX_CATEGORIES})", defs.len())));
    }
    for (i, d) in defs.iter().enumerate() {
        if Category::key(d.key.as_str()).is_none() {
            return Err(bad("clé de catégorie invalide (a-z, 0-9, _)", "invalid category key (a-z, 0-9, _)", d.key.as_str()));
        }
        if defs[..i].iter().any(|e| e.key == d.key) {
            return Err(bad("catégorie en double", "duplicate category", d.key.as_str()));
        }
        for name in [&d.fr, &d.en] {
            if name.trim().is_empty() || name.chars().count() > MAX_CATEGORY_NAME {
                return Err(bad(&format!("nom de catégorie vide ou trop long (au plus {MAX_CATEGORY_NAME})"), &format!("category name empty or too long (at most {MAX_CATEGORY_NAME})"), name));
            }
        }
        if !is_colour(&d.colour) {
            return Err(bad("couleur invalide (#rrggbb)", "invalid colour (#rrggbb)", &d.colour));
        }
    }
    Ok(())
}

/// The event's categories while a file is read: each label found is one of them (by its key,
/// its names, or for the default five the usual words), or becomes a new one named as
/// written. What the file added is kept apart, to store with the people.
#[derive(Debug, Clone)]
pub struct Categories {
    pub defs: Vec<CategoryDef>,
    pub added: Vec<CategoryDef>,
}

impl Categories {
    pub fn new(defs: Vec<CategoryDef>) -> Categories {
        Categories { defs, added: Vec::new() }
    }

    /// The category a label names, if the event has it.
    pub fn find(&self, label: &str) -> Option<Category> {
        let f = fold(label.trim());
        let same = |s: &str| fold(s) == f;
        if let Some(d) = self.defs.iter().find(|d| same(d.key.as_str()) || same(&d.fr) || same(&d.en)) {
            return Some(d.key.clone());
        }
        let k = Category::from_label(label);
        if let Some(d) = self.defs.iter().find(|d| d.key == k) {
            return Some(d.key.clone());
        }
        Category::synonym(label).filter(|k| self.defs.iter().any(|d| d.key == *k))
    }

    /// The category a label names, made if the event does not have it yet. An empty label is
    /// `other` (made as *Autre / Other* if the event had none).
    pub fn take(&mut self, label: &str) -> Result<Category, Bilingual> {
        let label = label.split_whitespace().collect::<Vec<_>>().join(" ");
        if let Some(k) = self.find(&label) {
            return Ok(k);
        }
        if label.chars().count() > MAX_CATEGORY_NAME {
            return Err(bad(&format!("catégorie trop longue (au plus {MAX_CATEGORY_NAME} caractères)"), &format!("category too long (at most {MAX_CATEGORY_NAME} characters)"), &label));
        }
        if self.defs.len() >= MAX_CATEGORIES {
            return Err(bi(
                format!("catégorie « {label} » de trop : l'événement en a déjà {MAX_CATEGORIES} (la colonne est-elle la bonne ?)"),
                format!("one category too many, \"{label}\": the event already has {MAX_CATEGORIES} (is it the right column?)"),
            ));
        }
        let def = if label.is_empty() {
            CategoryDef { key: Category::other(), fr: "Autre".into(), en: "Other".into(), colour: self.free_colour() }
        } else {
            let mut key = Category::from_label(&label);
            let base = key.0.clone();
            for n in 2.. {
                if !self.defs.iter().any(|d| d.key == key) {
                    break;
                }
                key = Category(format!("{base}_{n}"));
            }
            CategoryDef { key, fr: label.clone(), en: label.clone(), colour: self.free_colour() }
        };
        self.defs.push(def.clone());
        self.added.push(def.clone());
        Ok(def.key)
    }

    fn free_colour(&self) -> String {
        PALETTE.iter().find(|c| !self.defs.iter().any(|d| d.colour.eq_ignore_ascii_case(c))).unwrap_or(&PALETTE[self.defs.len() % PALETTE.len()]).to_string()
    }
}

/// A category's names, from the event's list (a key the list lost reads as itself).
pub fn words(defs: &[CategoryDef], key: &Category) -> (String, String) {
    defs.iter().find(|d| d.key == *key).map(|d| (d.fr.clone(), d.en.clone())).unwrap_or_else(|| (key.0.clone(), key.0.clone()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_five_read_in_both_languages() {
        let c = Categories::new(the_five());
        assert_eq!(c.find("Agent public"), Some(Category::public_agent()));
        assert_eq!(c.find("public agent"), Some(Category::public_agent()));
        assert_eq!(c.find("Société"), Some(Category::company()));
        assert_eq!(c.find("Citoyenne"), Some(Category::citizen()));
        assert_eq!(c.find("Citoyen·ne"), Some(Category::citizen()));
        assert_eq!(c.find(""), Some(Category::other()));
        assert_eq!(c.find("Presse"), None);
    }

    #[test]
    fn a_new_label_becomes_the_events_own_category() {
        let mut c = Categories::new(the_five());
        let k = c.take("  Orateur·rice ").unwrap();
        assert_eq!(k.as_str(), "orateur_rice");
        assert_eq!(c.take("ORATEUR·RICE").unwrap(), k, "the same label, written otherwise, is the same category");
        assert_eq!(c.take("Presse").unwrap().as_str(), "presse");
        assert_eq!(c.added.len(), 2);
        assert_eq!(c.added[0].fr, "Orateur·rice");
        assert_ne!(c.added[0].colour, c.added[1].colour);
        assert!(c.defs.iter().all(|d| is_colour(&d.colour)));
        assert!(check(&c.defs).is_ok());
    }

    #[test]
    fn an_event_without_the_five_makes_no_synonym_of_them() {
        let mut c = Categories::new(vec![]);
        assert_eq!(c.take("Entreprise").unwrap().as_str(), "entreprise");
        assert_eq!(c.take("").unwrap(), Category::other());
        assert_eq!(c.defs[1].fr, "Autre");
    }

    #[test]
    fn too_many_categories_are_refused_with_the_label() {
        let mut c = Categories::new(vec![]);
        for i in 0..MAX_CATEGORIES {
            c.take(&format!("Groupe {i}")).unwrap();
        }
        let e = c.take("Encore un").unwrap_err();
        assert!(e.fr.contains("Encore un") && e.en.contains("Encore un"), "{e:?}");
    }

    #[test]
    fn a_bad_list_says_which_category() {
        let mut l = the_five();
        l[1].colour = "rouge".into();
        assert!(check(&l).unwrap_err().fr.contains("rouge"));
        let mut l = the_five();
        l.push(l[0].clone());
        assert!(check(&l).unwrap_err().fr.contains("public_agent"));
        assert_eq!(Category::key("Presse"), None);
        assert_eq!(Category::stored("Pr€sse"), Category::other());
    }
}
