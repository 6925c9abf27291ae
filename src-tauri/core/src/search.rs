//! Folding text for search: "helene" must find "Hélène", "FRANCOIS" must find "François".

use unicode_normalization::UnicodeNormalization;

/// Lower case, without accents (canonical decomposition, combining marks dropped).
pub fn fold(s: &str) -> String {
    s.nfd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'œ' => 'o',
            'æ' => 'a',
            'ß' => 's',
            _ => c,
        })
        .collect()
}

/// Names compared as people mean them: case, accents and spaces ignored ("Salle 2" =
/// "salle2", "Amphithéâtre" = "AMPHITHEATRE").
pub fn same_name(a: &str, b: &str) -> bool {
    fold(a).replace(' ', "") == fold(b).replace(' ', "")
}

/// The words of a query, folded, ready for a prefix match. Anything that is not a letter or
/// digit separates words, so no query can inject search syntax.
pub fn query_words(s: &str) -> Vec<String> {
    fold(s)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_french_accents_and_case() {
        assert_eq!(fold("Hélène CÔTÉ-Gaëlle Œuvre"), "helene cote-gaelle ouvre");
        assert_eq!(query_words(" héLène  \"dup*"), vec!["helene", "dup"]);
    }
}
