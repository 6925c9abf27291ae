//! A desk's name: what the history, the "already admitted at…" verdict and the figures per
//! desk show. One rule for every face (window, CLI, network), so that one desk is never
//! recorded under two spellings.

/// The name of a desk nobody has named yet.
pub const UNNAMED: &str = "Entrée A";

/// The longest name kept: it must fit the verdict line "déjà entré·e à 09:12, Entrée B".
pub const MAX_CHARS: usize = 64;

/// Trimmed, without control characters, at most [`MAX_CHARS`]; blank means [`UNNAMED`].
pub fn name(raw: &str) -> String {
    let d: String = raw.trim().chars().filter(|c| !c.is_control()).take(MAX_CHARS).collect();
    let d = d.trim();
    if d.is_empty() { UNNAMED.to_string() } else { d.to_string() }
}

#[cfg(test)]
mod tests {
    #[test]
    fn one_rule_for_every_desk_name() {
        assert_eq!(super::name("  Entrée B \n"), "Entrée B");
        assert_eq!(super::name("\u{7}\u{0}"), super::UNNAMED);
        assert_eq!(super::name(&"x".repeat(500)).chars().count(), super::MAX_CHARS);
    }
}
