//! Whatever bytes arrive, the scan path and the importer answer with a verdict or a typed
//! error, never a panic, and never corrupt what is stored.

use bluehats_core::verdict::VerdictKind;
use bluehats_core::registrations::parse_csv;
use bluehats_core::ticket::TicketCode;
use proptest::prelude::*;

use super::{paris, store};

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn code_parser_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        let s = String::from_utf8_lossy(&bytes);
        let _ = TicketCode::parse(&s);
    }

    #[test]
    fn signed_looking_junk_is_malformed_or_forged(body in "[A-Z2-7]{0,140}") {
        let (_d, mut s) = store();
        let v = s.scan(&format!("BH1.{body}"), "A", paris("09:00")).unwrap().verdict;
        prop_assert!(matches!(v.kind(), VerdictKind::Malformed | VerdictKind::Forged), "{}", v.kind());
    }

    #[test]
    fn csv_importer_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..600)) {
        let _ = parse_csv(&bytes, "fuzz.csv");
    }

    #[test]
    fn csv_with_a_name_header_and_random_rows(rows in proptest::collection::vec("[a-zA-Zé;,\"\n @.]{0,40}", 0..20)) {
        let text = format!("nom;prénom;courriel\n{}", rows.join("\n"));
        let _ = parse_csv(text.as_bytes(), "fuzz.csv");
    }
}

#[test]
fn scanning_arbitrary_bytes_records_each_attempt() {
    let (_d, mut s) = store();
    let inputs: Vec<String> = vec![
        String::new(),
        "\u{0}\u{1}\u{7f}".into(),
        "é".repeat(1000),
        String::from_utf8_lossy(&[0xff, 0xfe, 0x00, 0x41]).into_owned(),
        "BH1.".into(),
        "bh1.zzzz".into(),
    ];
    for (i, inp) in inputs.iter().enumerate() {
        let v = s.scan(inp, "A", paris("09:00") + chrono::Duration::seconds(10 * i as i64)).unwrap();
        assert_eq!(v.verdict.kind(), VerdictKind::Malformed, "{inp:?}");
    }
    assert_eq!(s.stats().unwrap().scans, inputs.len() as i64);
}
