//! Synthetic attendees for demos and benchmarks: invented names with French accents,
//! drawn from lists by a fixed seed, so every demo has the same people and none is real.

use crate::attendee::{Category, NewAttendee};

const FIRST: &[&str] = &[
    "Hélène", "Éloïse", "François", "Jérôme", "Chloé", "Benoît", "Zoé", "Maël", "Anaïs", "Noémie", "Gaëlle",
    "Clément", "Agnès", "Loïc", "Cécile", "Théo", "Léa", "Amélie", "Frédéric", "René", "Océane", "Joël",
    "Célia", "Rémi", "Inès", "Josué", "Margaux", "Aurélien", "Solène", "Hervé", "Maëlys", "Stéphane",
    "Bérénice", "Anaël", "Mélanie", "Gérald", "Léonie", "Cédric", "Françoise", "Timothée",
];
const LAST: &[&str] = &[
    "Quéruel", "Bérangeon", "Lavoûte", "Ferrandière", "Moënnec", "Dufréchou", "Castelnaudé", "Pélissard",
    "Rochemaure", "Vérignon", "Lestrabée", "Galmiche-Noël", "Trébuchon", "Aubéran", "Fontaillé", "Mérindol",
    "Courbevigne", "Saint-Ébrard", "Laporté", "Ginestoux", "Hérouvillé", "Brézolles", "Escoffré", "Maltête",
    "Vauchelin", "Déodat", "Quincampoix", "Tréguennec", "Bonnafé", "Champeaux-Léger",
];
const ORGS: &[(&str, fn() -> Category)] = &[
    ("Mairie de Villefleurie", Category::public_agent),
    ("Ministère imaginaire des Communs", Category::public_agent),
    ("Université de Brévannes", Category::public_agent),
    ("Préfecture du Haut-Ourcq", Category::public_agent),
    ("Association Libre-Écran", Category::association),
    ("Collectif Données Ouvertes du Val", Category::association),
    ("Coopérative Logiciels Éthiques", Category::company),
    ("Société Forgeneuve", Category::company),
    ("", Category::citizen),
    ("", Category::other),
];

/// `n` invented people; the first is always "Hélène Quéruel".
pub fn attendees(n: usize) -> Vec<NewAttendee> {
    let mut seed: u64 = 0x5eed_b10e;
    let mut next = move || {
        seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (seed >> 33) as usize
    };
    (0..n)
        .map(|i| {
            let (f, l) = if i == 0 { (0, 0) } else { (next() % FIRST.len(), next() % LAST.len()) };
            let (org, category) = ORGS[if i == 0 { 0 } else { next() % ORGS.len() }];
            let first = FIRST[f];
            let last = LAST[l];
            let email = format!("{}.{}{}@exemple.invalid", crate::search::fold(first), crate::search::fold(last), i)
                .replace([' ', '\''], "");
            NewAttendee {
                name: format!("{first} {last}"),
                email: Some(email),
                organisation: (!org.is_empty()).then(|| org.to_string()),
                category: category(),
            }
        })
        .collect()
}
