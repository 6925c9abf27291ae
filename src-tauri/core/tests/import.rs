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

/// A file of thousands of rows is checked a part at a time, on every core: it reads as one
/// file, to the line — a quoted cell's line break counted, a code seen in an earlier part
/// refused, a new category made once, where it first comes.
#[test]
fn a_long_file_reads_as_one_file_to_the_line() {
    let mut csv = String::from("Nom;Prénom;Courriel;Organisme;Catégorie;Billet\n");
    for i in 1..=12_000 {
        let org = if i == 5_000 { "\"Mairie\nde Villefleurie\"".to_string() } else { format!("Org {}", i % 7) };
        let email = if i == 11_000 { "pas-un-courriel".to_string() } else { format!("p{i}@exemple.fr") };
        let category = if i == 9_000 { "Presse" } else { "citoyen" };
        let code = if i == 10_500 { "PX10".to_string() } else { format!("PX{i}") };
        csv.push_str(&format!("Nom{i};Prénom{i};{email};{org};{category};{code}\n"));
    }
    let p = parse_csv(csv.as_bytes(), "long.csv").unwrap();
    // Row i is on line i + 1 until the quoted line break of row 5,000, i + 2 after it.
    let bad: Vec<(u64, &str)> = p.bad.iter().map(|b| (b.line, b.reason.en.as_str())).collect();
    assert_eq!(bad, [(10_502, "ticket code already seen on line 11"), (11_002, "invalid e-mail \"pas-un-courriel\"")]);
    assert_eq!(p.rows.len(), 11_998);
    assert_eq!(p.rows[4_999].attendee.organisation.as_deref(), Some("Mairie\nde Villefleurie"));
    assert_eq!((p.rows[4_999].line, p.rows[5_000].line), (5_001, 5_003));
    assert_eq!(p.rows.last().map(|r| (r.line, r.attendee.name.as_str())), Some((12_002, "Prénom12000 Nom12000")));
    let added: Vec<&str> = p.categories_added.iter().map(|d| d.fr.as_str()).collect();
    assert_eq!(added, ["Presse"]);
    assert_eq!(p.rows[8_999].attendee.category.as_str(), "presse");
}

/// A large import signs a ticket for each person without one (in batches, on every core):
/// each code carries its ticket's serial and scans; the codes the file gave stay theirs; the
/// name search finds everyone, and a person's new organisation replaces the old in it.
#[test]
fn a_large_import_mints_a_good_ticket_for_each_and_the_search_follows() {
    let (_d, mut s) = store();
    let mut csv = String::from("Nom;Prénom;Courriel;Organisme;Billet\n");
    for i in 0..5_000 {
        let code = if i % 1_000 == 7 { format!("PRETIX-{i}") } else { String::new() };
        csv.push_str(&format!("Nom{i};Prénom{i};p{i}@exemple.fr;Mairie{i};{code}\n"));
    }
    assert_eq!(import(&mut s, &csv, true).new, 5_000);
    let tickets = s.tickets().unwrap();
    assert_eq!(tickets.len(), 5_000);
    let mut signed = 0;
    for (person, code) in &tickets {
        let i: usize = person.name.trim_start_matches("Prénom").split(' ').next().unwrap().parse().unwrap();
        match bluehats_core::ticket::TicketCode::parse(code).unwrap() {
            bluehats_core::ticket::TicketCode::Signed { serial, .. } => {
                // Tickets are made in the file's order: the serial is the row's rank.
                assert_eq!(serial as usize, i + 1, "{code}");
                signed += 1;
            }
            bluehats_core::ticket::TicketCode::Plain(c) => assert_eq!(c, format!("PRETIX-{i}")),
        }
    }
    assert_eq!(signed, 4_995);
    for (k, (_, code)) in tickets.iter().enumerate().step_by(499) {
        let at = paris("09:00") + chrono::Duration::seconds(k as i64);
        assert_eq!(s.scan(code, "A", at).unwrap().verdict.kind(), VerdictKind::Admitted, "{code}");
    }
    assert_eq!(s.search("prenom4321", 5).unwrap().len(), 1);
    assert_eq!(s.search("mairie4321", 5).unwrap().len(), 1);
    // Matched on e-mail, moved to another organisation: found by the new one, not the old.
    let moved = "Nom;Prénom;Courriel;Organisme\nNom4321;Prénom4321;p4321@exemple.fr;Préfecture du Haut-Ourcq\n";
    assert_eq!(import(&mut s, moved, true).updated, 1);
    assert_eq!(s.search("haut ourcq", 5).unwrap().iter().map(|a| a.name.as_str()).collect::<Vec<_>>(), ["Prénom4321 Nom4321"]);
    assert!(s.search("mairie4321", 5).unwrap().is_empty());
}
