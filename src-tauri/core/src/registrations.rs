//! Reading attendee lists exported by registration systems.
//!
//! UTF-8 with or without BOM, or Windows-1252 (Excel's "CSV" on a French Windows); "," or
//! ";" detected from the header line; quoted fields with newlines; French or English
//! headers. Each bad row is reported with its line number and reason.

use std::borrow::Cow;

use serde::{Deserialize, Serialize};

use crate::bilingual::{bi, Bilingual};
use crate::attendee::{valid_email, NewAttendee};
use crate::categories::{Categories, Category, CategoryDef};
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
    /// A word for the volunteer at the door (*Remettre le badge orateur*); `None` keeps the
    /// stored one.
    pub note: Option<String>,
    /// Whether the door calls the organisers for this person; `None` keeps the stored flag.
    pub attention: Option<bool>,
}

#[derive(Debug, Default)]
pub struct Parsed {
    pub rows: Vec<ImportRow>,
    pub bad: Vec<BadRow>,
    pub encoding: String,
    pub separator: char,
    /// Categories the file named that the event did not have: made, to store with the rows.
    pub categories_added: Vec<CategoryDef>,
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
    Note,
    Attention,
    Ignored,
}

/// How many kinds of column there are (`Column` as an index).
const COLUMNS: usize = Column::Ignored as usize + 1;

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
        "note" | "notes" | "remarque" | "remarques" | "commentaire" | "commentaires" | "comment" | "comments"
        | "notepourlaccueil" | "desknote" | "consigne" => Column::Note,
        "attention" | "alerte" | "alert" | "appelerlorganisation" | "calltheorganisers" => Column::Attention,
        _ => Column::Ignored,
    }
}

/// Bytes to text, and the encoding found. UTF-8 (BOM dropped) when it is UTF-8 — even
/// with a few bad bytes, which then show as U+FFFD and make their rows bad rows, so that one
/// misread byte never turns "Dupré" into "DuprÃ©" for the whole file. Otherwise the
/// legacy encoding chardetng recognises (Windows-1252 for Excel on a French Windows).
pub fn decode(bytes: &[u8]) -> (Cow<'_, str>, String) {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if let Ok(s) = std::str::from_utf8(bytes) {
        return (Cow::Borrowed(s), "UTF-8".into());
    }
    let (mut good, mut bad) = (0usize, 0usize);
    for chunk in bytes.utf8_chunks() {
        good += chunk.valid().chars().filter(|c| !c.is_ascii()).count();
        bad += usize::from(!chunk.invalid().is_empty());
    }
    if good > bad {
        return (String::from_utf8_lossy(bytes), "UTF-8".into());
    }
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    let encoding = detector.guess(None, chardetng::Utf8Detection::Deny);
    // encoding_rs says "windows-1252"; people read "Windows-1252".
    let name = encoding.name().strip_prefix("windows").map_or_else(|| encoding.name().to_string(), |rest| format!("Windows{rest}"));
    (encoding.decode_without_bom_handling(bytes).0, name)
}

/// The longest name, organisation and e-mail kept (as the desk's own forms).
pub use crate::attendee::{MAX_EMAIL, MAX_NAME, MAX_NOTE};

/// A cell as stored: control characters (NUL…) dropped but line breaks kept, trimmed. Most
/// cells have none: they are only trimmed, not copied.
fn clean_cell(s: &str) -> Cow<'_, str> {
    if s.chars().any(|c| c.is_control() && c != '\n') {
        Cow::Owned(s.chars().filter(|c| !c.is_control() || *c == '\n').collect::<String>().trim().to_string())
    } else {
        Cow::Borrowed(s.trim())
    }
}

/// Longer than `max` characters (a byte count at most `max` says no without counting).
fn longer_than(s: &str, max: usize) -> bool {
    s.len() > max && s.chars().count() > max
}

/// Runs of spaces, tabs and line breaks as one space (the cell is trimmed already).
fn one_space(s: String) -> String {
    if s.contains("  ") || s.contains(|c: char| c.is_whitespace() && c != ' ') {
        s.split_whitespace().collect::<Vec<_>>().join(" ")
    } else {
        s
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

/// A yes or a no as people type it in a spreadsheet (oui, x, 1, yes, vrai…; non, 0, no…).
fn yes_or_no(v: &str) -> Option<bool> {
    match fold(v.trim()).as_str() {
        "oui" | "o" | "yes" | "y" | "x" | "1" | "vrai" | "true" => Some(true),
        "non" | "n" | "no" | "0" | "faux" | "false" | "" | "-" => Some(false),
        _ => None,
    }
}

/// Reads a file for the default day's five categories (a label beyond them becomes a new one).
pub fn parse_csv(bytes: &[u8], file: &str) -> Result<Parsed, ImportError> {
    parse_csv_for(bytes, file, &crate::categories::the_five())
}

/// Reads a file for an event with these categories: a label the event has not got yet
/// becomes its own category (listed in `categories_added`).
pub fn parse_csv_for(bytes: &[u8], file: &str, categories: &[CategoryDef]) -> Result<Parsed, ImportError> {
    let mut categories = Categories::new(categories.to_vec());
    let (text, encoding) = decode(bytes);
    if text.trim().is_empty() {
        return Err(ImportError::Empty { file: file.into() });
    }
    let sep = detect_separator(&text);
    let mut rdr = reader(text.as_bytes(), sep, true);
    let headers = rdr.headers().map_err(|e| ImportError::Csv { file: file.into(), line: 1, message: e.to_string() })?.clone();
    let cols: Vec<Column> = headers.iter().map(column).collect();
    let has = |c: Column| cols.contains(&c);
    if !has(Column::Last) && !has(Column::First) && !has(Column::Full) {
        return Err(ImportError::NoNameColumn { file: file.into(), header: headers.iter().collect::<Vec<_>>().join(&(sep as char).to_string()) });
    }
    // Where each field is, found once from the header (not searched again on every row).
    let mut where_is: [Vec<usize>; COLUMNS] = Default::default();
    for (i, c) in cols.iter().enumerate() {
        where_is[*c as usize].push(i);
    }
    // The file in parts of PART records, each checked on a core of its own. Only a reader
    // knows where a record ends (a quoted cell may hold line breaks): the records are read
    // once here, without a check, to find where each part starts.
    let mut starts: Vec<(u64, u64)> = Vec::new();
    let mut record = csv::ByteRecord::new();
    for n in 0.. {
        let at = rdr.position().clone();
        if n % PART == 0 {
            starts.push((at.byte(), at.line()));
        }
        match rdr.read_byte_record(&mut record) {
            Ok(false) => break,
            Ok(true) | Err(_) => {}
        }
    }
    let part = |k: usize| -> Vec<Checked> {
        let (byte, line) = starts[k];
        let end = starts.get(k + 1).map_or(text.len(), |s| s.0 as usize);
        check_part(reader(&text.as_bytes()[byte as usize..end], sep, false), line - 1, &where_is)
    };
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get()).min(starts.len());
    let parts: Vec<Vec<Checked>> = if cores < 2 {
        (0..starts.len()).map(part).collect()
    } else {
        let next = std::sync::atomic::AtomicUsize::new(0);
        let done = std::sync::Mutex::new(Vec::with_capacity(starts.len()));
        std::thread::scope(|scope| {
            for _ in 0..cores {
                scope.spawn(|| loop {
                    let k = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    if k >= starts.len() {
                        break;
                    }
                    let checked = part(k);
                    done.lock().unwrap_or_else(|e| e.into_inner()).push((k, checked));
                });
            }
        });
        let mut done = done.into_inner().unwrap_or_else(|e| e.into_inner());
        done.sort_unstable_by_key(|(k, _)| *k);
        done.into_iter().map(|(_, c)| c).collect()
    };
    // What depends on the rows before, in the file's order: the categories (a new label is
    // made once, the first time it is seen) and the codes seen already.
    let mut known = foldhash::HashMap::<&str, Category>::default();
    let mut seen_codes = foldhash::HashMap::<&str, u64>::default();
    let mut verdicts: Vec<Result<Category, BadRow>> = Vec::new();
    for row in parts.iter().flatten() {
        let Checked::Row(d) = row else { continue };
        let label = d.category.as_deref().unwrap_or("");
        let category = match known.get(label) {
            Some(c) => Ok(c.clone()),
            None => categories.take(label).inspect(|c| {
                known.insert(label, c.clone());
            }),
        };
        verdicts.push(match (category, &d.bad_code, &d.code) {
            (Err(why), _, _) => Err(BadRow { line: d.line, reason: why }),
            (Ok(_), Some(bad), _) => Err(bad.clone()),
            (Ok(c), None, Some(code)) => match seen_codes.insert(code, d.line) {
                Some(first) => Err(BadRow {
                    line: d.line,
                    reason: bi(format!("code de billet déjà vu ligne {first}"), format!("ticket code already seen on line {first}")),
                }),
                None => d.bad_later.clone().map_or(Ok(c), Err),
            },
            (Ok(c), None, None) => d.bad_later.clone().map_or(Ok(c), Err),
        });
    }
    drop((known, seen_codes));
    let mut out = Parsed { encoding, separator: sep as char, ..Default::default() };
    let mut verdicts = verdicts.into_iter();
    for row in parts.into_iter().flatten() {
        match row {
            Checked::Blank => {}
            Checked::Bad(b) => out.bad.push(b),
            Checked::Row(d) => match verdicts.next().expect("a verdict for each row") {
                Err(b) => out.bad.push(b),
                Ok(category) => out.rows.push(ImportRow {
                    line: d.line,
                    attendee: NewAttendee { name: d.name, email: d.email, organisation: d.organisation, category },
                    category_given: d.category.is_some(),
                    code: d.code,
                    note: d.note,
                    attention: d.attention,
                }),
            },
        }
    }
    out.categories_added = categories.added;
    Ok(out)
}

fn reader(from: &[u8], sep: u8, headers: bool) -> csv::Reader<&[u8]> {
    csv::ReaderBuilder::new().delimiter(sep).flexible(true).has_headers(headers).from_reader(from)
}

/// How many records a core checks at a time.
const PART: usize = 4_096;

/// A record as checked on its own, before what depends on the rows before it.
enum Checked {
    /// No cell filled: not a row.
    Blank,
    Bad(BadRow),
    Row(Draft),
}

/// A row whose cells are good in themselves; its category and code are settled in the
/// file's order (`parse_csv_for`).
struct Draft {
    line: u64,
    name: String,
    email: Option<String>,
    organisation: Option<String>,
    /// The category's label as written.
    category: Option<String>,
    code: Option<String>,
    /// The code is not a ticket code.
    bad_code: Option<BadRow>,
    /// What is wrong after the code (the note, the attention flag), said only when the
    /// category and the code are good, as a row is read from left to right.
    bad_later: Option<BadRow>,
    note: Option<String>,
    attention: Option<bool>,
}

/// Checks each record of a part; `lines_before`: the file's lines before the part.
fn check_part(mut rdr: csv::Reader<&[u8]>, lines_before: u64, where_is: &[Vec<usize>; COLUMNS]) -> Vec<Checked> {
    let mut out = Vec::with_capacity(PART);
    let mut record = csv::StringRecord::new();
    loop {
        let line = rdr.position().line() + lines_before;
        match rdr.read_record(&mut record) {
            Ok(false) => break,
            Err(e) => {
                let line = e.position().map_or(line, |p| p.line() + lines_before);
                out.push(Checked::Bad(BadRow { line, reason: bi(format!("ligne illisible ({e})"), format!("unreadable line ({e})")) }));
            }
            Ok(true) => {
                let line = record.position().map_or(line, |p| p.line() + lines_before);
                out.push(check_record(&record, line, where_is));
            }
        }
    }
    out
}

fn check_record(record: &csv::StringRecord, line: u64, where_is: &[Vec<usize>; COLUMNS]) -> Checked {
    let bad = |fr: String, en: String| Checked::Bad(BadRow { line, reason: bi(fr, en) });
    if record.iter().all(|f| f.trim().is_empty()) {
        return Checked::Blank;
    }
    if record.iter().any(|f| f.contains('\u{FFFD}')) {
        return bad("octets illisibles (pas de l'UTF-8) : corrigez cette ligne".into(), "unreadable bytes (not UTF-8): fix this row".into());
    }
    // A field's cells (a file may have two "Nom" columns), cleaned, the empty ones left out,
    // joined by a space.
    let get = |c: Column| -> Option<String> {
        let mut joined: Option<String> = None;
        for v in where_is[c as usize].iter().filter_map(|&i| record.get(i)).map(clean_cell).filter(|v| !v.is_empty()) {
            match &mut joined {
                None => joined = Some(v.into_owned()),
                Some(j) => {
                    j.push(' ');
                    j.push_str(&v);
                }
            }
        }
        joined
    };
    let too_long = |what: &str, what_en: &str, max: usize| {
        BadRow { line, reason: bi(format!("{what} trop long (au plus {max} caractères)"), format!("{what_en} too long (at most {max} characters)")) }
    };
    let name = match (get(Column::First), get(Column::Last), get(Column::Full)) {
        (_, _, Some(full)) => full,
        (Some(f), Some(l), None) => format!("{f} {l}"),
        (Some(x), None, None) | (None, Some(x), None) => x,
        (None, None, None) => return bad("nom manquant".into(), "missing name".into()),
    };
    let name = one_space(name);
    if longer_than(&name, MAX_NAME) {
        return Checked::Bad(too_long("nom", "name", MAX_NAME));
    }
    let organisation = get(Column::Org);
    if organisation.as_ref().is_some_and(|o| longer_than(o, MAX_NAME)) {
        return Checked::Bad(too_long("organisme", "organisation", MAX_NAME));
    }
    let email = get(Column::Email);
    if email.as_ref().is_some_and(|e| longer_than(e, MAX_EMAIL)) {
        return Checked::Bad(too_long("courriel", "e-mail", MAX_EMAIL));
    }
    if let Some(e) = email.as_ref().filter(|e| !valid_email(e)) {
        return bad(format!("courriel invalide « {e} »"), format!("invalid e-mail \"{e}\""));
    }
    let code = get(Column::Code).map(|c| if c.contains(' ') { c.replace(' ', "") } else { c }).filter(|c| !c.is_empty());
    let bad_code = code.as_ref().and_then(|c| crate::ticket::TicketCode::parse(c).err()).map(|m| BadRow {
        line,
        reason: bi(format!("code de billet invalide : {m}"), format!("invalid ticket code: {m}")),
    });
    let note = get(Column::Note);
    let attention_text = get(Column::Attention);
    let attention = attention_text.as_deref().map(yes_or_no);
    let bad_later = if note.as_ref().is_some_and(|n| longer_than(n, MAX_NOTE)) {
        Some(too_long("note", "note", MAX_NOTE))
    } else if let (Some(None), Some(v)) = (attention, &attention_text) {
        Some(BadRow { line, reason: bi(format!("attention : « {v} » n'est ni oui ni non"), format!("attention: \"{v}\" is neither yes nor no")) })
    } else {
        None
    };
    Checked::Row(Draft {
        line,
        name,
        email,
        organisation,
        category: get(Column::Category),
        code,
        bad_code,
        bad_later,
        note,
        attention: attention.flatten(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::categories::Category;

    #[test]
    fn a_category_the_event_has_not_got_becomes_its_own() {
        let csv = "Nom,Catégorie\nAnne Presse,Presse\nBob Orateur,Orateur·rice\nCléo Presse,PRESSE\nDan,Agent public\nEve,\n";
        let p = parse_csv(csv.as_bytes(), "f.csv").unwrap();
        assert!(p.bad.is_empty(), "{:?}", p.bad);
        let cats: Vec<&str> = p.rows.iter().map(|r| r.attendee.category.as_str()).collect();
        assert_eq!(cats, ["presse", "orateur_rice", "presse", "public_agent", "other"]);
        let added: Vec<&str> = p.categories_added.iter().map(|d| d.fr.as_str()).collect();
        assert_eq!(added, ["Presse", "Orateur·rice"]);
    }

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
        assert_eq!(a.category, Category::public_agent());
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
