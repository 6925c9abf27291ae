//! Who speaks: one reading of "Name (Organisation)" lists, for the org-mode programme and
//! for what the organiser types in the "speakers" field.

use super::Speaker;

/// "Alice Martin (DINUM), Bob (INSEE) et Chloé" → three speakers, organisations kept.
/// Commas and semicolons separate people; so do " et ", " and " and " & ".
pub fn parse(s: &str) -> Vec<Speaker> {
    s.split([',', ';']).filter(|p| !p.trim().is_empty()).flat_map(one_group).collect()
}

/// "Frédéric Comte (INSEE)" → name and organisation; "la DINUM Philippe Vrignaud" → the
/// last two words are the name, the rest (without its article) the organisation.
fn one_speaker(s: &str) -> Speaker {
    let s = s.trim().trim_end_matches(['.', ',']);
    if let (Some(open), true) = (s.rfind('('), s.ends_with(')')) {
        let name = s[..open].trim();
        let org = s[open + 1..s.len() - 1].trim();
        if !name.is_empty() {
            return Speaker { name: name.to_string(), organisation: Some(org.to_string()) };
        }
    }
    Speaker { name: s.to_string(), organisation: None }
}

fn one_group(s: &str) -> Vec<Speaker> {
    let mut s = s.trim().to_string();
    for art in ["la ", "le ", "les ", "l'", "l’"] {
        if let Some(rest) = s.strip_prefix(art) {
            // "la DINUM Philippe Vrignaud": organisation then name.
            let words: Vec<&str> = rest.split_whitespace().collect();
            if words.len() >= 3 {
                let name = words[words.len() - 2..].join(" ");
                let org = words[..words.len() - 2].join(" ");
                return vec![Speaker { name, organisation: Some(org) }];
            }
            s = rest.to_string();
        }
    }
    s.split(" et ")
        .flat_map(|p| p.split(" and "))
        .flat_map(|p| p.split(" & "))
        .filter(|p| !p.trim().is_empty())
        .map(one_speaker)
        .collect()
}


#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_organisations() {
        let s = parse("Alice Martin (DINUM), Bob ; Chloé Durand et Denis (INSEE)");
        let names: Vec<_> = s.iter().map(|p| (p.name.as_str(), p.organisation.as_deref())).collect();
        assert_eq!(names, [("Alice Martin", Some("DINUM")), ("Bob", None), ("Chloé Durand", None), ("Denis", Some("INSEE"))]);
        assert_eq!(parse("la DINUM Philippe Vrignaud")[0].organisation.as_deref(), Some("DINUM"));
        assert!(parse(" , ").is_empty());
    }
}
