//! The paper list: when every machine fails (a power cut, a stolen bag), the door goes on
//! with a pen. A4 pages sorted by surname, each person on one line with their organisation,
//! category, a short ticket reference and a box to tick; who was already in when it was
//! printed, said; a header with the event and the page's first and last names, page numbers.
//! Black on white with grey rules, so it reads once printed on any office printer.

use pdf_writer::{Content, Name, Pdf, Rect, Ref, Str};

use crate::attendee::Attendee;
use crate::categories::words;
use crate::event::Event;
use crate::search::fold;

const MM: f32 = 72.0 / 25.4;
const PAGE: (f32, f32) = (210.0 * MM, 297.0 * MM);
/// Rows per page: 6.4 mm each, big enough to tick with a pen and read at arm's length.
pub const ROWS: usize = 38;
const ROW: f32 = 6.4 * MM;
const LEFT: f32 = 14.0 * MM;
const TOP: f32 = PAGE.1 - 32.0 * MM;

/// Helvetica in a PDF speaks Windows-1252: accents of French names come through.
fn win1252(s: &str) -> Vec<u8> {
    encoding_rs::WINDOWS_1252.encode(s).0.into_owned()
}

fn fit(s: &str, max: usize) -> String {
    if s.chars().count() <= max { s.to_string() } else { format!("{}…", s.chars().take(max - 1).collect::<String>()) }
}

/// "Hélène Quéruel" is listed as "Quéruel, Hélène": the surname first, as a volunteer
/// looks it up; a one-word name stays as it is. Particles stay with the surname
/// ("Jean de La Fontaine" → "de La Fontaine, Jean").
pub fn surname_first(name: &str) -> (String, String) {
    let words: Vec<&str> = name.split_whitespace().collect();
    if words.len() < 2 {
        return (name.to_string(), String::new());
    }
    let particle = |w: &str| matches!(fold(w).as_str(), "de" | "du" | "des" | "d" | "la" | "le" | "van" | "von" | "der" | "di" | "da");
    let mut start = words.len() - 1;
    while start > 1 && particle(words[start - 1]) {
        start -= 1;
    }
    (words[start..].join(" "), words[..start].join(" "))
}

/// The sort key: the surname folded (accents, case), then the given names.
fn sort_key(a: &Attendee) -> (String, String, i64) {
    let (last, first) = surname_first(&a.name);
    let bare = |s: &str| fold(s).trim_start_matches(|c: char| !c.is_alphanumeric()).to_string();
    // "de La Fontaine" files under F, as French lists do.
    let filed = last.split_whitespace().skip_while(|w| matches!(fold(w).as_str(), "de" | "du" | "des" | "d" | "la" | "le")).collect::<Vec<_>>().join(" ");
    (bare(if filed.is_empty() { &last } else { &filed }), bare(&first), a.id)
}

/// The short reference printed for a ticket: its last six characters (what a volunteer
/// reads off a phone's screen to tell two people of the same name apart).
pub fn short_ref(code: &str) -> String {
    let c: Vec<char> = code.chars().collect();
    c[c.len().saturating_sub(6)..].iter().collect()
}

/// The list as a PDF; `printed_at` in the event's words ("mardi 9 novembre 2021, 08:12").
pub fn door_list_pdf(event: &Event, people: &[Attendee], printed_at: &str) -> Vec<u8> {
    let mut sorted: Vec<&Attendee> = people.iter().collect();
    sorted.sort_by_cached_key(|a| sort_key(a));
    let tz = event.tz();
    let pages: Vec<&[&Attendee]> = if sorted.is_empty() { vec![&[][..]] } else { sorted.chunks(ROWS).collect() };
    let mut pdf = Pdf::new();
    let (catalog, tree, font, bold) = (Ref::new(1), Ref::new(2), Ref::new(3), Ref::new(4));
    let page_ids: Vec<Ref> = (0..pages.len()).map(|i| Ref::new(10 + 2 * i as i32)).collect();
    pdf.catalog(catalog).pages(tree);
    pdf.pages(tree).kids(page_ids.iter().copied()).count(pages.len() as i32);
    pdf.type1_font(font).base_font(Name(b"Helvetica")).encoding_predefined(Name(b"WinAnsiEncoding"));
    pdf.type1_font(bold).base_font(Name(b"Helvetica-Bold")).encoding_predefined(Name(b"WinAnsiEncoding"));
    let text = |c: &mut Content, f: &[u8], size: f32, x: f32, y: f32, s: &str| {
        c.begin_text().set_font(Name(f), size).next_line(x, y).show(Str(&win1252(s))).end_text();
    };
    // Columns: box, name, organisation, category, reference.
    let (x_box, x_name, x_org, x_cat, x_ref) = (LEFT, LEFT + 9.0 * MM, LEFT + 78.0 * MM, LEFT + 128.0 * MM, LEFT + 163.0 * MM);
    let total = pages.len();
    for (i, chunk) in pages.iter().enumerate() {
        let mut c = Content::new();
        c.set_fill_gray(0.0);
        text(&mut c, b"F2", 15.0, LEFT, PAGE.1 - 16.0 * MM, &fit(&event.name, 60));
        let range = match (chunk.first(), chunk.last()) {
            (Some(f), Some(l)) => format!("{} — {}", surname_first(&f.name).0, surname_first(&l.name).0),
            _ => "personne / nobody".into(),
        };
        text(&mut c, b"F1", 9.5, LEFT, PAGE.1 - 22.0 * MM, &format!("Liste de contrôle à l'entrée / door list · imprimée le / printed {printed_at}"));
        text(&mut c, b"F2", 11.0, PAGE.0 - LEFT - 60.0 * MM, PAGE.1 - 16.0 * MM, &fit(&range, 34));
        // Column heads.
        let head_y = TOP + 2.5 * MM;
        for (x, fr) in [(x_name, "Nom / name"), (x_org, "Organisme / organisation"), (x_cat, "Catégorie / category"), (x_ref, "Billet / ticket")] {
            text(&mut c, b"F2", 8.0, x, head_y, fr);
        }
        c.set_stroke_gray(0.0).set_line_width(0.8).move_to(LEFT, head_y - 1.5 * MM).line_to(PAGE.0 - LEFT, head_y - 1.5 * MM).stroke();
        let mut initial: Option<char> = None;
        for (k, a) in chunk.iter().enumerate() {
            let y = TOP - (k as f32 + 1.0) * ROW;
            // Every other row on light grey: the eye keeps its line across the page.
            if k % 2 == 1 {
                c.set_fill_gray(0.92).rect(LEFT, y - 1.6 * MM, PAGE.0 - 2.0 * LEFT, ROW).fill_nonzero();
            }
            c.set_fill_gray(0.0);
            // The box to tick.
            c.set_stroke_gray(0.0).set_line_width(0.9).rect(x_box + 1.0 * MM, y - 0.6 * MM, 4.2 * MM, 4.2 * MM).stroke();
            let (last, first) = surname_first(&a.name);
            let letter = sort_key(a).0.chars().next().map(|c| c.to_ascii_uppercase());
            if letter != initial {
                // A new letter: said in the margin, as in a phone book.
                if let Some(l) = letter {
                    text(&mut c, b"F2", 11.0, 5.0 * MM, y, &l.to_string());
                }
                initial = letter;
            }
            let name = if first.is_empty() { last.clone() } else { format!("{last}, {first}") };
            text(&mut c, b"F2", 10.0, x_name, y, &fit(&name, 36));
            text(&mut c, b"F1", 8.5, x_org, y, &fit(a.organisation.as_deref().unwrap_or(""), 32));
            text(&mut c, b"F1", 8.5, x_cat, y, &fit(&words(&event.categories, &a.category).0, 20));
            let reference = match (&a.revoked_at, &a.code) {
                (Some(_), _) => "ANNULÉ / CANCELLED".to_string(),
                (None, Some(code)) => short_ref(code),
                (None, None) => "—".into(),
            };
            text(&mut c, b"F1", 8.5, x_ref, y, &reference);
            if let Some(at) = a.checked_in_at {
                // In when the list was printed: the box crossed, the time beside it.
                c.set_stroke_gray(0.0).set_line_width(1.2)
                    .move_to(x_box + 1.0 * MM, y - 0.6 * MM).line_to(x_box + 5.2 * MM, y + 3.6 * MM)
                    .move_to(x_box + 1.0 * MM, y + 3.6 * MM).line_to(x_box + 5.2 * MM, y - 0.6 * MM).stroke();
                text(&mut c, b"F1", 7.0, x_ref + 14.0 * MM, y, &format!("entré·e {}", at.with_timezone(&tz).format("%H:%M")));
            }
        }
        text(&mut c, b"F1", 9.0, PAGE.0 / 2.0 - 12.0 * MM, 10.0 * MM, &format!("page {} / {total}", i + 1));
        text(&mut c, b"F1", 7.5, LEFT, 10.0 * MM, &format!("{} personnes / people", people.len()));
        let content_id = Ref::new(11 + 2 * i as i32);
        let data = c.finish();
        let mut page = pdf.page(page_ids[i]);
        page.media_box(Rect::new(0.0, 0.0, PAGE.0, PAGE.1)).parent(tree).contents(content_id);
        page.resources().fonts().pair(Name(b"F1"), font).pair(Name(b"F2"), bold);
        drop(page);
        pdf.stream(content_id, &data);
    }
    pdf.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn surnames_first_with_their_particles() {
        assert_eq!(surname_first("Hélène Quéruel"), ("Quéruel".into(), "Hélène".into()));
        assert_eq!(surname_first("Jean de La Fontaine"), ("de La Fontaine".into(), "Jean".into()));
        assert_eq!(surname_first("Marie-Claire  Galmiche-Noël"), ("Galmiche-Noël".into(), "Marie-Claire".into()));
        assert_eq!(surname_first("Prince"), ("Prince".into(), String::new()));
        assert_eq!(short_ref("BH1.ABCDEFGHIJ"), "EFGHIJ");
        assert_eq!(short_ref("AB"), "AB");
    }
}
