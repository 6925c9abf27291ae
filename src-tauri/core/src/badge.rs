//! Name badges, laid out for the labels and sheets badge printers take: a Brother QL's 62 mm
//! roll cut at 100 mm, DYMO's 89 × 36 mm and 54 × 101 mm labels, A6 cards, and the A4 sheet
//! of eight (cut by hand). Each badge: the name (large, shortened sensibly when long), the
//! organisation, the category in its colour, the event, and the QR code, printed at a whole
//! number of printer dots a module so that every scanner reads it.

use pdf_writer::{Content, Name, Pdf, Rect, Ref, Str};
use qrcode::{Color, EcLevel, QrCode};

use crate::attendee::Attendee;
use crate::bilingual::bi;
use crate::error::{KioskError, Result};
use crate::event::Event;

const MM: f32 = 72.0 / 25.4;
/// Badge printers print at 300 dpi (Brother QL, DYMO LabelWriter); office printers at 300 or
/// 600: a module of a whole number of 300-dpi dots falls on whole pixels on all of them.
const DOT_MM: f32 = 25.4 / 300.0;

text_enum! {
    /// What the badge printer is loaded with.
    pub enum BadgeSize {
        /// Brother QL, 62 mm continuous roll cut at 100 mm (portrait).
        Ql62x100 = "62x100",
        /// DYMO LabelWriter 99012 address label, 89 × 36 mm (landscape).
        Dymo89x36 = "89x36",
        /// DYMO LabelWriter 99014 shipping label, 54 × 101 mm (portrait).
        Dymo54x101 = "54x101",
        /// An A6 card, 105 × 148 mm (portrait).
        A6 = "a6",
        /// An A4 sheet of eight badges of 95 × 69 mm, with cutting guides.
        A4Sheet8 = "a4-8",
    }
}

impl BadgeSize {
    /// The page, in millimetres (width, height).
    pub fn page_mm(self) -> (f32, f32) {
        match self {
            BadgeSize::Ql62x100 => (62.0, 100.0),
            BadgeSize::Dymo89x36 => (89.0, 36.0),
            BadgeSize::Dymo54x101 => (54.0, 101.0),
            BadgeSize::A6 => (105.0, 148.0),
            BadgeSize::A4Sheet8 => (210.0, 297.0),
        }
    }

    /// The media name CUPS knows the page by (`lp -o media=`), so that the driver neither
    /// scales nor centres the badge on a page of another size.
    pub fn cups_media(self) -> String {
        match self {
            BadgeSize::A6 => "A6".into(),
            BadgeSize::A4Sheet8 => "A4".into(),
            s => {
                let (w, h) = s.page_mm();
                format!("Custom.{w}x{h}mm")
            }
        }
    }

    /// Badges a page holds.
    pub fn per_page(self) -> usize {
        if self == BadgeSize::A4Sheet8 { 8 } else { 1 }
    }

    /// The size as typed (`--size`), or a message listing the sizes there are.
    pub fn parse(s: &str) -> Result<BadgeSize> {
        let t = s.trim().to_ascii_lowercase().replace(' ', "").replace("mm", "").replace(['×', '*'], "x");
        BadgeSize::from_db(&t).ok_or_else(|| {
            let all = BadgeSize::ALL.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(", ");
            KioskError::InvalidField { field: bi(format!("format de badge (un de : {all})"), format!("badge size (one of: {all})")), value: s.to_string() }
        })
    }
}

/// What one badge shows.
#[derive(Debug, Clone)]
pub struct BadgeFace {
    pub name: String,
    pub organisation: Option<String>,
    /// The category's words (French, English) and colour ("#rrggbb").
    pub category: (String, String),
    pub colour: String,
    pub code: String,
}

impl BadgeFace {
    pub fn of(event: &Event, a: &Attendee, code: &str) -> BadgeFace {
        BadgeFace::new(event, &a.name, a.organisation.as_deref(), &a.category, code)
    }

    /// The person's words, in the event's category words and colour of now.
    fn new(event: &Event, name: &str, organisation: Option<&str>, category: &crate::categories::Category, code: &str) -> BadgeFace {
        let def = event.categories.iter().find(|d| d.key == *category);
        BadgeFace {
            name: name.to_string(),
            organisation: organisation.map(str::to_string),
            category: crate::categories::words(&event.categories, category),
            colour: def.map(|d| d.colour.clone()).unwrap_or_else(|| "#7F7F7F".into()),
            code: code.to_string(),
        }
    }
}

impl BadgeFace {
    /// A queued job's badge: the person as they were when it was asked, in the event's
    /// category words and colour of now.
    pub fn stored(event: &Event, job: &crate::store::PrintJob) -> BadgeFace {
        BadgeFace::new(event, &job.name, job.organisation.as_deref(), &job.category, &job.code)
    }
}

/// Helvetica in a PDF speaks Windows-1252: accents of French names come through.
fn win1252(s: &str) -> Vec<u8> {
    encoding_rs::WINDOWS_1252.encode(s).0.into_owned()
}

/// A line's width in Helvetica Bold, in ems: the AFM's widths by kind of letter, a little
/// wide rather than narrow (a name that overflows is worse than one a point smaller).
pub fn text_width_em(s: &str) -> f32 {
    s.chars()
        .map(|c| match c {
            'i' | 'j' | 'l' | '\'' | '.' | ',' | ':' | ';' | '!' | '|' | 'í' | 'ì' | 'ï' | 'î' => 0.28,
            ' ' | 'f' | 't' | 'I' | 'r' | '-' | '(' | ')' | '/' => 0.34,
            'm' | 'M' | 'W' | 'Œ' | 'Æ' | 'œ' | 'æ' => 0.89,
            'w' => 0.78,
            c if c.is_uppercase() => 0.74,
            c if c.is_ascii_digit() => 0.56,
            _ => 0.61,
        })
        .sum()
}

/// Cut to fit, with an ellipsis (an organisation, an event's name).
fn fitted(s: &str, max_em: f32) -> String {
    if text_width_em(s) <= max_em {
        return s.to_string();
    }
    let mut out = String::new();
    for c in s.chars() {
        if text_width_em(&format!("{out}{c}…")) > max_em {
            break;
        }
        out.push(c);
    }
    format!("{}…", out.trim_end())
}

/// Words that belong with the family name that follows ("de Montmorency", "van der Berg").
const PARTICLES: [&str; 14] = ["de", "du", "des", "d'", "la", "le", "van", "von", "der", "den", "da", "di", "del", "dos"];

/// The name as the badge prints it, and its size: one line at the nominal size (or down to
/// three quarters of it) when it fits; else two, the given names above and the family name
/// (with its particles) below, down to half the nominal size; then the given names
/// shortened to the first, and what still overflows cut with an ellipsis.
pub fn name_lines(name: &str, width: f32, nominal: f32) -> (Vec<String>, f32) {
    let full = name.split_whitespace().collect::<Vec<_>>().join(" ");
    let em = text_width_em(&full).max(0.1);
    if em * nominal * 0.75 <= width {
        return (vec![full], (width / em).min(nominal));
    }
    let words: Vec<&str> = full.split(' ').collect();
    if words.len() < 2 {
        let size = (width / em).max(nominal * 0.6);
        return (vec![fitted(&full, width / size)], size);
    }
    let mut k = words.len() - 1;
    while k > 1 && PARTICLES.contains(&words[k - 1].to_lowercase().as_str()) {
        k -= 1;
    }
    let (given, family) = (words[..k].join(" "), words[k..].join(" "));
    let widest = text_width_em(&given).max(text_width_em(&family)).max(0.1);
    let size = (width / widest).clamp(nominal * 0.5, nominal);
    let room = width / size;
    let given = if text_width_em(&given) <= room { given } else { fitted(words[0], room) };
    (vec![given, fitted(&family, room)], size)
}

/// A line's size: `nominal` if it fits `width`, else smaller down to 70 % of it (then the
/// caller cuts it with an ellipsis).
fn size_to_fit(s: &str, width: f32, nominal: f32) -> f32 {
    let em = text_width_em(s).max(0.1);
    (width / em).clamp(nominal * 0.7, nominal)
}

fn hex_rgb(hex: &str) -> (f32, f32, f32) {
    let h = hex.trim_start_matches('#');
    let p = |i: usize| u8::from_str_radix(h.get(i..i + 2).unwrap_or("00"), 16).unwrap_or(0) as f32 / 255.0;
    if h.len() == 6 { (p(0), p(2), p(4)) } else { (0.05, 0.36, 0.6) }
}

/// White or black, whichever reads on that colour (yellow takes black).
fn ink_on(rgb: (f32, f32, f32)) -> f32 {
    let l = 0.2126 * rgb.0 + 0.7152 * rgb.1 + 0.0722 * rgb.2;
    if l > 0.55 { 0.0 } else { 1.0 }
}

struct Fonts;
impl Fonts {
    const REGULAR: Name<'static> = Name(b"F1");
    const BOLD: Name<'static> = Name(b"F2");
}

fn text(c: &mut Content, font: Name, size: f32, x: f32, y: f32, s: &str) {
    c.begin_text().set_font(font, size).next_line(x, y).show(Str(&win1252(s))).end_text();
}

/// The QR code as filled squares in a square of at most `side` points whose lower left
/// corner is (x, y), quiet zone included; returns the side used.
fn draw_qr(c: &mut Content, code: &str, x: f32, y: f32, side: f32) -> Result<f32> {
    let q = QrCode::with_error_correction_level(code.as_bytes(), EcLevel::M).map_err(|e| KioskError::Export(format!("QR: {e}")))?;
    let w = q.width();
    let modules = (w + 8) as f32;
    let dots = ((side / MM) / modules / DOT_MM).floor().max(2.0);
    let m = dots * DOT_MM * MM;
    let used = m * modules;
    // Centred in the square it was given.
    let (ox, oy) = (x + (side - used) / 2.0 + 4.0 * m, y + (side - used) / 2.0 + 4.0 * m);
    let inner = m * w as f32;
    c.set_fill_gray(0.0);
    for (j, col) in q.to_colors().iter().enumerate() {
        if *col == Color::Dark {
            let (mx, my) = ((j % w) as f32, (j / w) as f32);
            c.rect(ox + mx * m, oy + inner - (my + 1.0) * m, m + 0.01, m + 0.01);
        }
    }
    c.fill_nonzero();
    Ok(used)
}

/// One badge in the rectangle (x0, y0, w, h), in points. Portrait badges have the text above
/// the code; landscape ones the text on the left and the code on the right.
fn draw_badge(c: &mut Content, event: &Event, face: &BadgeFace, x0: f32, y0: f32, w: f32, h: f32) -> Result<()> {
    let margin = 3.0 * MM;
    let cat_rgb = hex_rgb(&face.colour);
    let event_rgb = hex_rgb(&event.colour);
    let (cat_fr, cat_en) = &face.category;
    let cat_words = if cat_fr == cat_en { cat_fr.clone() } else { format!("{cat_fr} / {cat_en}") };
    if h >= w {
        // Portrait: the event's band, the name, the organisation, the code, the category band.
        let band = (h * 0.08).max(6.0 * MM);
        c.set_fill_rgb(event_rgb.0, event_rgb.1, event_rgb.2).rect(x0, y0 + h - band, w, band).fill_nonzero();
        let ev_size = size_to_fit(&event.name, w - 2.0 * margin, band * 0.45);
        c.set_fill_gray(ink_on(event_rgb));
        text(c, Fonts::BOLD, ev_size, x0 + margin, y0 + h - band * 0.68, &fitted(&event.name, (w - 2.0 * margin) / ev_size));
        let (lines, size) = name_lines(&face.name, w - 2.0 * margin, (w * 0.14).min(26.0));
        c.set_fill_gray(0.0);
        let mut name_y = y0 + h - band - 3.0 * MM - size * 0.8;
        for (i, line) in lines.iter().enumerate() {
            if i > 0 {
                name_y -= size * 1.05;
            }
            text(c, Fonts::BOLD, size, x0 + margin, name_y, line);
        }
        let mut below = name_y - 2.0 * MM;
        if let Some(org) = &face.organisation {
            let os = (size * 0.55).max(7.0);
            below -= os * 0.8;
            text(c, Fonts::REGULAR, os, x0 + margin, below, &fitted(org, (w - 2.0 * margin) / os));
            below -= 2.0 * MM;
        }
        let cat_band = (h * 0.09).max(6.0 * MM);
        c.set_fill_rgb(cat_rgb.0, cat_rgb.1, cat_rgb.2).rect(x0, y0, w, cat_band).fill_nonzero();
        let cs = size_to_fit(&cat_words, w - 2.0 * margin, cat_band * 0.42);
        c.set_fill_gray(ink_on(cat_rgb));
        text(c, Fonts::BOLD, cs, x0 + margin, y0 + cat_band * 0.33, &fitted(&cat_words, (w - 2.0 * margin) / cs));
        let room = (below - (y0 + cat_band) - 1.0 * MM).min(w - 2.0 * margin);
        draw_qr(c, &face.code, x0 + (w - room) / 2.0, y0 + cat_band + 0.5 * MM, room)?;
    } else {
        // Landscape: the category's strip on the left edge, the text, the code on the right.
        let strip = (w * 0.035).max(2.5 * MM);
        c.set_fill_rgb(cat_rgb.0, cat_rgb.1, cat_rgb.2).rect(x0, y0, strip, h).fill_nonzero();
        // The code as tall as the label on a narrow one (89 × 36), at most 40 % of the width
        // on a wider card (the sheet's 95 × 69): the name keeps the room to be read.
        let side = (h - 2.0 * MM).min(w * 0.4);
        let qx = x0 + w - side - 1.0 * MM;
        draw_qr(c, &face.code, qx, y0 + (h - side) / 2.0, side)?;
        let tx = x0 + strip + 2.5 * MM;
        let tw = qx - tx;
        let band = (h * 0.16).max(5.0 * MM);
        c.set_fill_rgb(event_rgb.0, event_rgb.1, event_rgb.2).rect(x0 + strip, y0 + h - band, qx - x0 - strip, band).fill_nonzero();
        let ev_size = size_to_fit(&event.name, tw - 1.0 * MM, band * 0.5);
        c.set_fill_gray(ink_on(event_rgb));
        text(c, Fonts::BOLD, ev_size, tx, y0 + h - band * 0.7, &fitted(&event.name, tw / ev_size));
        let (lines, size) = name_lines(&face.name, tw, (h * 0.2).min(22.0));
        // Two lines on a short label: smaller, so that the organisation still fits.
        let size = if lines.len() > 1 { size.min(h * 0.15) } else { size };
        c.set_fill_gray(0.0);
        let mut name_y = y0 + h - band - 2.0 * MM - size * 0.8;
        for (i, line) in lines.iter().enumerate() {
            if i > 0 {
                name_y -= size * 1.05;
            }
            text(c, Fonts::BOLD, size, tx, name_y, &fitted(line, tw / size));
        }
        if let Some(org) = &face.organisation {
            let os = (size * 0.55).max(6.5);
            text(c, Fonts::REGULAR, os, tx, name_y - 1.5 * MM - os * 0.8, &fitted(org, tw / os));
        }
        let cs = size_to_fit(&cat_words, tw, (h * 0.085).clamp(6.0, 10.0));
        text(c, Fonts::BOLD, cs, tx, y0 + 2.5 * MM, &fitted(&cat_words, tw / cs));
    }
    Ok(())
}

/// The badges as a PDF: one page a badge, or sheets of eight for [`BadgeSize::A4Sheet8`].
pub fn badges_pdf(size: BadgeSize, event: &Event, faces: &[BadgeFace]) -> Result<Vec<u8>> {
    let (pw, ph) = size.page_mm();
    let page = (pw * MM, ph * MM);
    let mut pdf = Pdf::new();
    let (catalog, tree, font, bold) = (Ref::new(1), Ref::new(2), Ref::new(3), Ref::new(4));
    let pages: Vec<&[BadgeFace]> = if faces.is_empty() { vec![&[]] } else { faces.chunks(size.per_page()).collect() };
    let page_ids: Vec<Ref> = (0..pages.len()).map(|i| Ref::new(10 + 2 * i as i32)).collect();
    pdf.catalog(catalog).pages(tree);
    pdf.pages(tree).kids(page_ids.iter().copied()).count(pages.len() as i32);
    pdf.type1_font(font).base_font(Name(b"Helvetica")).encoding_predefined(Name(b"WinAnsiEncoding"));
    pdf.type1_font(bold).base_font(Name(b"Helvetica-Bold")).encoding_predefined(Name(b"WinAnsiEncoding"));
    for (i, chunk) in pages.iter().enumerate() {
        let mut c = Content::new();
        if size == BadgeSize::A4Sheet8 {
            sheet_of_eight(&mut c, event, chunk, page)?;
        } else if let Some(face) = chunk.first() {
            draw_badge(&mut c, event, face, 0.0, 0.0, page.0, page.1)?;
        }
        let data = c.finish();
        let content_id = Ref::new(11 + 2 * i as i32);
        let mut p = pdf.page(page_ids[i]);
        p.media_box(Rect::new(0.0, 0.0, page.0, page.1)).parent(tree).contents(content_id);
        p.resources().fonts().pair(Fonts::REGULAR, font).pair(Fonts::BOLD, bold);
        drop(p);
        pdf.stream(content_id, &data);
    }
    Ok(pdf.finish())
}

/// A4 sheets of eight badges (95 × 69 mm, two columns, four rows) within the printable
/// area: 10 mm of margin or more on every side (printers do not print to the edge, and a
/// QR code cut at the page's edge fails at the door), with cutting guides in the margins.
fn sheet_of_eight(c: &mut Content, event: &Event, faces: &[BadgeFace], page: (f32, f32)) -> Result<()> {
    let (bw, bh) = (95.0 * MM, 69.0 * MM);
    // Centred: 10 mm left and right, 10.5 mm top and bottom.
    let (left, bottom) = ((page.0 - 2.0 * bw) / 2.0, (page.1 - 4.0 * bh) / 2.0);
    // Cutting guides: each cut line marked in the margins, where the knife goes in.
    c.set_stroke_gray(0.5).set_line_width(0.5);
    for col in 0..=2 {
        let x = left + col as f32 * bw;
        c.move_to(x, 2.0 * MM).line_to(x, bottom - 2.0 * MM).move_to(x, page.1 - 2.0 * MM).line_to(x, page.1 - bottom + 2.0 * MM);
    }
    for row in 0..=4 {
        let y = bottom + row as f32 * bh;
        c.move_to(2.0 * MM, y).line_to(left - 2.0 * MM, y).move_to(page.0 - 2.0 * MM, y).line_to(page.0 - left + 2.0 * MM, y);
    }
    c.stroke();
    for (k, face) in faces.iter().enumerate() {
        let x0 = left + (k % 2) as f32 * bw;
        let y0 = page.1 - bottom - ((k / 2) as f32 + 1.0) * bh;
        // The badge's outline, light: where to cut.
        c.set_stroke_gray(0.8).rect(x0, y0, bw, bh).stroke();
        draw_badge(c, event, face, x0, y0, bw, bh)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_name_goes_on_two_lines_given_names_above() {
        let (lines, size) = name_lines("Zoé Martin", 150.0, 24.0);
        assert_eq!((lines, size), (vec!["Zoé Martin".to_string()], 24.0));
        let (lines, size) = name_lines("Jean-Baptiste Pierre Marie de Montmorency-Laval", 160.0, 24.0);
        assert_eq!(lines[1], "de Montmorency-Laval");
        assert!(lines[0] == "Jean-Baptiste" || lines[0] == "Jean-Baptiste Pierre Marie", "{lines:?}");
        assert!(lines.iter().all(|l| text_width_em(l) * size <= 160.0 + 0.01), "{lines:?} at {size}");
        // One word too long even at the smallest size: cut, with an ellipsis, within the width.
        let (lines, size) = name_lines("Wolfeschlegelsteinhausenbergerdorff", 100.0, 24.0);
        assert!(lines.len() == 1 && lines[0].ends_with('…') && text_width_em(&lines[0]) * size <= 100.01, "{lines:?}");
    }

    #[test]
    fn sizes_read_as_typed() {
        assert_eq!(BadgeSize::parse("62x100").unwrap(), BadgeSize::Ql62x100);
        assert_eq!(BadgeSize::parse("89 × 36 mm").unwrap(), BadgeSize::Dymo89x36);
        assert_eq!(BadgeSize::parse("A6").unwrap(), BadgeSize::A6);
        let e = BadgeSize::parse("letter").unwrap_err().to_string();
        assert!(e.contains("62x100") && e.contains("a4-8") && e.contains("letter"), "{e}");
    }
}
