use bluehats_core::attendee::{Category, Source};
use bluehats_core::verdict::VerdictKind;
use bluehats_core::registrations::parse_csv;
use bluehats_core::Store;

use super::{paris, store};

fn import(s: &mut Store, csv: &str, apply: bool) -> bluehats_core::store::ImportPlan {
    let p = parse_csv(csv.as_bytes(), "inscrits.csv").unwrap();
    s.import_attendees(&p.rows, p.bad, apply, paris("08:00"), &mut |_, _| {}).unwrap()
}

const LIST: &str = "Nom;Prénom;Courriel;Organisme;Catégorie;Billet\n\
    Dupré;Hélène;helene@exemple.fr;Mairie;Agent public;PRETIX-AAA111\n\
    Lavoûte;Zoé;zoe@exemple.fr;;Citoyenne;\n";

#[test]
fn dry_run_reports_and_stores_nothing() {
    let (_d, mut s) = store();
    let plan = import(&mut s, LIST, false);
    assert_eq!((plan.new, plan.updated, plan.applied), (2, 0, false));
    assert_eq!(s.stats().unwrap().registered, 0);
}

#[test]
fn reimport_matches_on_code_then_email_and_never_duplicates() {
    let (_d, mut s) = store();
    assert_eq!(import(&mut s, LIST, true).new, 2);
    let again = import(&mut s, LIST, true);
    assert_eq!((again.new, again.updated, again.unchanged), (0, 0, 2));
    // Same code, new e-mail and organisation: an update, not a new person.
    let changed = "Nom;Prénom;Courriel;Organisme;Billet\nDupré;Hélène;h.dupre@exemple.fr;Préfecture;PRETIX-AAA111\n";
    let plan = import(&mut s, changed, true);
    assert_eq!((plan.new, plan.updated), (0, 1));
    assert_eq!(s.stats().unwrap().registered, 2);
    let h = &s.search("helene", 5).unwrap()[0];
    assert_eq!(h.organisation.as_deref(), Some("Préfecture"));
    assert_eq!(h.category, Category::PublicAgent, "no category column: the stored one stays");
    // The imported plain code scans.
    assert_eq!(s.scan("PRETIX-AAA111", "A", paris("09:00")).unwrap().verdict.kind(), VerdictKind::Admitted);
    // Zoé had no code: she got a signed ticket.
    let z = &s.search("zoe", 5).unwrap()[0];
    assert!(z.code.as_deref().unwrap().starts_with("BH1."));
    assert_eq!(z.source, Source::Import);
}

#[test]
fn bad_rows_are_listed_with_their_lines() {
    let csv = "name,email,category\nAnaïs,anais@ex.fr,company\n,nobody@ex.fr,\nJoël,joel-at-ex.fr,\nRémi,remi@ex.fr,martian\n";
    let p = parse_csv(csv.as_bytes(), "f.csv").unwrap();
    assert_eq!(p.rows.len(), 1);
    let lines: Vec<u64> = p.bad.iter().map(|b| b.line).collect();
    assert_eq!(lines, vec![3, 4, 5]);
    assert!(p.bad[0].reason.en.contains("missing name"));
    assert!(p.bad[2].reason.fr.contains("catégorie inconnue"));
}
