use bluehats_core::attendee::{Category, Source};
use bluehats_core::verdict::VerdictKind;
use bluehats_core::registrations::parse_csv;
use bluehats_core::Store;

use super::{paris, store};

fn import(s: &mut Store, csv: &str, apply: bool) -> bluehats_core::store::ImportPlan {
    let p = parse_csv(csv.as_bytes(), "inscrits.csv").unwrap();
    s.import_attendees(&p.rows, p.bad, &p.categories_added, apply, paris("08:00"), &mut |_, _| {}).unwrap()
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
    assert_eq!(h.category, Category::public_agent(), "no category column: the stored one stays");
    // The imported plain code scans.
    assert_eq!(s.scan("PRETIX-AAA111", "A", paris("09:00")).unwrap().verdict.kind(), VerdictKind::Admitted);
    // Zoé had no code: she got a signed ticket.
    let z = &s.search("zoe", 5).unwrap()[0];
    assert!(z.code.as_deref().unwrap().starts_with("BH1."));
    assert_eq!(z.source, Source::Import);
}

#[test]
fn bad_rows_are_listed_with_their_lines() {
    let long = "x".repeat(60);
    let csv = format!("name,email,category\nAnaïs,anais@ex.fr,company\n,nobody@ex.fr,\nJoël,joel-at-ex.fr,\nRémi,remi@ex.fr,{long}\nMartin,martin@ex.fr,martian\n");
    let p = parse_csv(csv.as_bytes(), "f.csv").unwrap();
    assert_eq!(p.rows.len(), 2, "a category the event has not got is the event's own now");
    let lines: Vec<u64> = p.bad.iter().map(|b| b.line).collect();
    assert_eq!(lines, vec![3, 4, 5]);
    assert!(p.bad[0].reason.en.contains("missing name"));
    assert!(p.bad[2].reason.fr.contains("catégorie trop longue"), "{:?}", p.bad[2]);
}

#[test]
fn two_rows_sharing_an_email_are_two_people() {
    let (_d, mut s) = store();
    // A town hall's shared address: two people, each with their code.
    let shared = "Nom;Courriel;Billet\nAlice Martin;accueil@mairie.fr;AL-1\nBob Durand;accueil@mairie.fr;BO-2\n";
    let plan = import(&mut s, shared, true);
    assert_eq!((plan.new, plan.updated), (2, 0));
    assert_eq!(s.scan("AL-1", "A", paris("09:00")).unwrap().verdict.person().unwrap().name, "Alice Martin");
    // Without codes, in one file: still two people.
    let (_d2, mut s2) = store();
    let plan = import(&mut s2, "Nom;Courriel\nAlice Martin;accueil@mairie.fr\nBob Durand;accueil@mairie.fr\n", true);
    assert_eq!((plan.new, plan.updated), (2, 0));
    // Re-imported, each row finds… nobody by e-mail (two people share it): no merge either.
    let again = import(&mut s2, "Nom;Courriel\nAlice Martin;accueil@mairie.fr\n", true);
    assert_eq!(again.matched_by_email.len(), 0);
    // A row without a code matched by a unique e-mail is reported with its line.
    let (_d3, mut s3) = store();
    import(&mut s3, "Nom;Courriel\nZoé Lavoûte;zoe@exemple.fr\n", true);
    let plan = import(&mut s3, "Nom;Courriel;Organisme\nZoé Lavoûte;zoe@exemple.fr;Mairie\n", true);
    assert_eq!((plan.updated, plan.matched_by_email.len(), plan.matched_by_email[0].line), (1, 1, 2));
}

#[test]
fn one_bad_byte_in_a_utf8_file_is_one_bad_row_not_a_windows_1252_file() {
    let mut bytes = "Nom;Prénom\nDupré;Hélène\nLavoûte;Zoé\n".as_bytes().to_vec();
    bytes.extend_from_slice(b"Bad\xFFRow;X\n");
    let p = parse_csv(&bytes, "inscrits.csv").unwrap();
    assert_eq!(p.encoding, "UTF-8");
    assert_eq!(p.rows[0].attendee.name, "Hélène Dupré", "the header and accents read right");
    assert_eq!((p.rows.len(), p.bad.len(), p.bad[0].line), (2, 1, 4));
    assert!(p.bad[0].reason.en.contains("not UTF-8"));
}

#[test]
fn fields_are_cleaned_and_bounded_as_the_desk_does() {
    let long = "x".repeat(200_000);
    let csv = format!("Nom;Organisme\n{long};Mairie\nZo\u{0}é Lavoûte;Asso\u{7}\n");
    let p = parse_csv(csv.as_bytes(), "inscrits.csv").unwrap();
    assert_eq!(p.bad.len(), 1);
    assert!(p.bad[0].reason.en.contains("name too long"), "{:?}", p.bad[0]);
    assert_eq!(p.rows[0].attendee.name, "Zoé Lavoûte");
    assert_eq!(p.rows[0].attendee.organisation.as_deref(), Some("Asso"));
}
