//! Reading attendee lists exported by registration systems.
//!
//! UTF-8 with or without BOM, or Windows-1252 (Excel's "CSV" on a French Windows); "," or
//! ";" detected from the header line; quoted fields with newlines; French or English
//! headers. Each bad row is reported with its line number and reason.

use serde::{Deserialize, Serialize};

use crate::bilingual::{bi, Bilingual};
use crate::attendee::{valid_email, Category, NewAttendee};
use crate::search::fold;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum ImportError {
    #[error("{file} : fichier vide / {file}: empty file")]
    Empty { file: String },
    #[error("{file}, ligne 1 : aucune colonne de nom reconnue (nom, prénom, name…) dans l'en-tête « {header} » / {file}, line 1: no name column recognised (nom, prénom, name…) in the header \"{header}\"")]
    NoNameColumn { file: String, header: String },
    #[error("{file} : {count} ligne(s) invalide(s), rien n'a été enregistré (--skip-bad pour garder les bonnes) ; première : ligne {line}, {} / {file}: {count} bad row(s), nothing was stored (--skip-bad keeps the good ones); first: line {line}, {}{details}", .reason.fr, .reason.en)]
    BadRows { file: String, count: usize, line: u64, reason: Bilingual, details: String },
    #[error("{file}, ligne {line} : {message} / {file}, line {line}: {message}")]
    Csv { file: String, line: u64, message: String },
}

/// A row that cannot be imported, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct BadRow {
    pub line: u64,
    pub reason: Bilingual,
}

impl BadRow {
    /// "  file, ligne 3 : nom manquant / line 3: missing name", as the CLI lists bad rows.
    pub fn describe(&self, file: &str) -> String {
        format!("  {file}, ligne {} : {} / line {}: {}", self.line, self.reason.fr, self.line, self.reason.en)
    }
}

/// A good row, ready for the store.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportRow {
    pub line: u64,
    pub attendee: NewAttendee,
    /// False when the file has no category column or the cell is empty: an update then
    /// keeps the stored category.
    pub category_given: bool,
    pub code: Option<String>,
}

#[derive(Debug, Default)]
pub struct Parsed {
    pub rows: Vec<ImportRow>,
    pub bad: Vec<BadRow>,
    pub encoding: &'static str,
    pub separator: char,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Column {
    Last,
    First,
    Full,
    Email,
    Org,
    Category,
    Code,
    Ignored,
}

fn column(header: &str) -> Column {
    let h: String = fold(header).chars().filter(|c| c.is_alphanumeric()).collect();
    match h.as_str() {
        "nom" | "lastname" | "surname" | "familyname" | "nomdefamille" | "nomdusage" => Column::Last,
        "prenom" | "firstname" | "givenname" | "prenoms" => Column::First,
        "name" | "fullname" | "nomcomplet" | "participant" | "attendeename" | "nometprenom" | "prenometnom"
        | "invoiceaddressname" | "attendee" => Column::Full,
        "courriel" | "email" | "mail" | "emailaddress" | "adressemail" | "adresseemail" | "adressecourriel"
        | "adresseelectronique" | "attendeeemail" => Column::Email,
        "organisme" | "organisation" | "organization" | "company" | "societe" | "entreprise" | "structure"
        | "employeur" | "administration" | "etablissement" => Column::Org,
        "categorie" | "category" | "profil" | "profile" | "type" | "typedeparticipant" => Column::Category,
        "code" | "billet" | "secret" | "ticket" | "ticketcode" | "codebillet" | "barcode" | "codebarre"
        | "codebarres" | "numerodebillet" | "ticketsecret" => Column::Code,
        _ => Column::Ignored,
    }
}

/// Bytes to text: UTF-8 (BOM dropped) when it is valid UTF-8, else Windows-1252.
pub fn decode(bytes: &[u8]) -> (String, &'static str) {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) => (s.to_string(), "UTF-8"),
        Err(_) => (encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes).0.into_owned(), "Windows-1252"),
    }
}

/// The separator is the one of ";", "," and tab seen most in the header line, outside quotes.
fn detect_separator(text: &str) -> u8 {
    let mut counts = [0usize; 3];
    let mut quoted = false;
    for c in text.chars() {
        match c {
            '"' => quoted = !quoted,
            '\n' if !quoted => break,
            ';' if !quoted => counts[0] += 1,
            ',' if !quoted => counts[1] += 1,
            '\t' if !quoted => counts[2] += 1,
            _ => {}
        }
    }
    let best = (0..3).max_by_key(|&i| (counts[i], i == 1)).unwrap_or(1);
    [b';', b',', b'\t'][best]
}

pub fn parse_csv(bytes: &[u8], file: &str) -> Result<Parsed, ImportError> {
    let (text, encoding) = decode(bytes);
    if text.trim().is_empty() {
        return Err(ImportError::Empty { file: file.into() });
    }
    let sep = detect_separator(&text);
    let mut rdr = csv::ReaderBuilder::new().delimiter(sep).flexible(true).has_headers(true).from_reader(text.as_bytes());
    let headers = rdr.headers().map_err(|e| ImportError::Csv { file: file.into(), line: 1, message: e.to_string() })?.clone();
    let cols: Vec<Column> = headers.iter().map(column).collect();
    let has = |c: Column| cols.contains(&c);
    if !has(Column::Last) && !has(Column::First) && !has(Column::Full) {
        return Err(ImportError::NoNameColumn { file: file.into(), header: headers.iter().collect::<Vec<_>>().join(&(sep as char).to_string()) });
    }
    let mut out = Parsed { encoding, separator: sep as char, ..Default::default() };
    let mut seen_codes = std::collections::HashMap::<String, u64>::new();
    let mut record = csv::StringRecord::new();
    loop {
        let line = rdr.position().line();
        match rdr.read_record(&mut record) {
            Ok(false) => break,
            Err(e) => {
                let line = e.position().map(|p| p.line()).unwrap_or(line);
                out.bad.push(BadRow { line, reason: bi(format!("ligne illisible ({e})"), format!("unreadable line ({e})")) });
                continue;
            }
            Ok(true) => {}
        }
        let line = record.position().map(|p| p.line()).unwrap_or(line);
        if record.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        let get = |c: Column| -> Option<String> {
            let parts: Vec<&str> = cols
                .iter()
                .zip(record.iter())
                .filter(|(k, v)| **k == c && !v.trim().is_empty())
                .map(|(_, v)| v.trim())
                .collect();
            (!parts.is_empty()).then(|| parts.join(" "))
        };
        let name = match (get(Column::First), get(Column::Last), get(Column::Full)) {
            (_, _, Some(full)) => full,
            (Some(f), Some(l), None) => format!("{f} {l}"),
            (Some(x), None, None) | (None, Some(x), None) => x,
            (None, None, None) => {
                out.bad.push(BadRow { line, reason: bi("nom manquant", "missing name") });
                continue;
            }
        };
        let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
        let email = get(Column::Email);
        if let Some(e) = &email {
            if !valid_email(e) {
                out.bad.push(BadRow {
                    line,
                    reason: bi(format!("courriel invalide « {e} »"), format!("invalid e-mail \"{e}\"")),
                });
                continue;
            }
        }
        let cat_text = get(Column::Category);
        let category = match cat_text.as_deref().map(Category::parse) {
            None => Category::Other,
            Some(Some(c)) => c,
            Some(None) => {
                let v = cat_text.unwrap_or_default();
                out.bad.push(BadRow {
                    line,
                    reason: bi(format!("catégorie inconnue « {v} » (agent public, citoyen, association, entreprise, autre)"), format!("unknown category \"{v}\" (public agent, citizen, association, company, other)")),
                });
                continue;
            }
        };
        let code = get(Column::Code).map(|c| c.replace(' ', ""));
        if let Some(c) = &code {
            if let Err(m) = crate::ticket::TicketCode::parse(c) {
                out.bad.push(BadRow { line, reason: bi(format!("code de billet invalide : {m}"), format!("invalid ticket code: {m}")) });
                continue;
            }
            if let Some(first) = seen_codes.insert(c.clone(), line) {
                out.bad.push(BadRow {
                    line,
                    reason: bi(format!("code de billet déjà vu ligne {first}"), format!("ticket code already seen on line {first}")),
                });
                continue;
            }
        }
        out.rows.push(ImportRow {
            line,
            attendee: NewAttendee { name, email, organisation: get(Column::Org), category },
            category_given: cat_text.is_some(),
            code,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn french_excel_export_in_windows_1252_with_semicolons() {
        let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(
            "Nom;Prénom;Courriel;Organisme;Catégorie\r\nDupré;Hélène;helene@exemple.fr;Mairie de Villefleurie;Agent public\r\n",
        );
        let p = parse_csv(&bytes, "inscrits.csv").unwrap();
        assert_eq!(p.encoding, "Windows-1252");
        assert_eq!(p.separator, ';');
        assert_eq!(p.rows.len(), 1);
        let a = &p.rows[0].attendee;
        assert_eq!(a.name, "Hélène Dupré");
        assert_eq!(a.organisation.as_deref(), Some("Mairie de Villefleurie"));
        assert_eq!(a.category, Category::PublicAgent);
    }

    #[test]
    fn english_utf8_with_bom_commas_and_multiline_quotes() {
        let csv = "\u{feff}First name,Last name,E-mail,Organization,Ticket\n\"Zoé\",\"Lemaître\",zoe@ex.org,\"Asso, \"\"Libre\"\"\nParis\",ABC123\nJean,Bon,not-an-email,,\n";
        let p = parse_csv(csv.as_bytes(), "f.csv").unwrap();
        assert_eq!(p.separator, ',');
        assert_eq!(p.rows.len(), 1);
        assert_eq!(p.rows[0].attendee.organisation.as_deref(), Some("Asso, \"Libre\"\nParis"));
        assert_eq!(p.rows[0].code.as_deref(), Some("ABC123"));
        assert_eq!(p.bad.len(), 1);
        assert_eq!(p.bad[0].line, 4, "the bad row's line counts the quoted newline");
        assert!(p.bad[0].reason.en.contains("invalid e-mail"));
    }

    #[test]
    fn a_file_without_a_name_column_says_so() {
        let e = parse_csv(b"foo,bar\n1,2\n", "x.csv").unwrap_err();
        assert!(e.to_string().contains("x.csv, line 1"), "{e}");
    }
}
