//! Tickets on paper and in mail: QR codes (SVG, PNG), an A4 sheet of badges (PDF), and a
//! CSV for mail merge whose cells no spreadsheet will run as formulas.

use std::path::{Path, PathBuf};

use pdf_writer::{Content, Name, Pdf, Rect, Ref, Str};
use qrcode::{Color, EcLevel, QrCode};
use serde::Serialize;

use crate::attendee::Attendee;
use crate::error::{KioskError, Result};
use crate::event::Event;

fn qr(code: &str) -> Result<QrCode> {
    QrCode::with_error_correction_level(code.as_bytes(), EcLevel::M).map_err(|e| KioskError::Export(format!("QR: {e}")))
}

pub fn qr_svg(code: &str) -> Result<String> {
    Ok(qr(code)?
        .render::<qrcode::render::svg::Color>()
        .min_dimensions(200, 200)
        .quiet_zone(true)
        .build())
}

/// A greyscale PNG, `scale` pixels a module, with the 4-module quiet zone scanners need.
pub fn qr_png(code: &str, scale: usize) -> Result<Vec<u8>> {
    let q = qr(code)?;
    let w = q.width();
    let colors = q.to_colors();
    let quiet = 4;
    let side = (w + 2 * quiet) * scale;
    let mut pixels = vec![255u8; side * side];
    for (i, c) in colors.iter().enumerate() {
        if *c == Color::Dark {
            let (mx, my) = (i % w + quiet, i / w + quiet);
            for y in my * scale..(my + 1) * scale {
                pixels[y * side + mx * scale..y * side + (mx + 1) * scale].fill(0);
            }
        }
    }
    let mut out = Vec::new();
    {
        let mut enc = png::Encoder::new(&mut out, side as u32, side as u32);
        enc.set_color(png::ColorType::Grayscale);
        enc.set_depth(png::BitDepth::Eight);
        let mut wr = enc.write_header().map_err(|e| KioskError::Export(e.to_string()))?;
        wr.write_image_data(&pixels).map_err(|e| KioskError::Export(e.to_string()))?;
    }
    Ok(out)
}

pub use crate::sheet::csv_safe;

/// Helvetica in a PDF speaks Windows-1252: accents of French names come through.
fn win1252(s: &str) -> Vec<u8> {
    encoding_rs::WINDOWS_1252.encode(s).0.into_owned()
}

fn fit(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        format!("{}…", s.chars().take(max - 1).collect::<String>())
    }
}

/// A4 sheets of eight badges (95 × 69 mm, two columns, four rows) within the printable
/// area: 10 mm of margin or more on every side (printers do not print to the edge, and a
/// QR code cut at the page's edge fails at the door), with cutting guides in the margins.
/// Each badge: the event, the name, the organisation, the category and the QR code.
pub fn badges_pdf(event: &Event, people: &[(Attendee, String)]) -> Result<Vec<u8>> {
    const MM: f32 = 72.0 / 25.4;
    const PAGE: (f32, f32) = (210.0 * MM, 297.0 * MM);
    let (bw, bh) = (95.0 * MM, 69.0 * MM);
    // Centred: 10 mm left and right, 10.5 mm top and bottom.
    let (left, bottom) = ((PAGE.0 - 2.0 * bw) / 2.0, (PAGE.1 - 4.0 * bh) / 2.0);
    let mut pdf = Pdf::new();
    let catalog = Ref::new(1);
    let tree = Ref::new(2);
    let font = Ref::new(3);
    let bold = Ref::new(4);
    let pages: Vec<&[(Attendee, String)]> = people.chunks(8).collect();
    let page_ids: Vec<Ref> = (0..pages.len()).map(|i| Ref::new(10 + 2 * i as i32)).collect();
    pdf.catalog(catalog).pages(tree);
    pdf.pages(tree).kids(page_ids.iter().copied()).count(pages.len() as i32);
    pdf.type1_font(font).base_font(Name(b"Helvetica")).encoding_predefined(Name(b"WinAnsiEncoding"));
    pdf.type1_font(bold).base_font(Name(b"Helvetica-Bold")).encoding_predefined(Name(b"WinAnsiEncoding"));
    let (r, g, b) = hex_rgb(&event.colour);
    for (i, chunk) in pages.iter().enumerate() {
        let page_id = page_ids[i];
        let content_id = Ref::new(11 + 2 * i as i32);
        let mut c = Content::new();
        // Cutting guides: each cut line marked in the margins, where the knife goes in.
        c.set_stroke_gray(0.5).set_line_width(0.5);
        for col in 0..=2 {
            let x = left + col as f32 * bw;
            c.move_to(x, 2.0 * MM).line_to(x, bottom - 2.0 * MM).move_to(x, PAGE.1 - 2.0 * MM).line_to(x, PAGE.1 - bottom + 2.0 * MM);
        }
        for row in 0..=4 {
            let y = bottom + row as f32 * bh;
            c.move_to(2.0 * MM, y).line_to(left - 2.0 * MM, y).move_to(PAGE.0 - 2.0 * MM, y).line_to(PAGE.0 - left + 2.0 * MM, y);
        }
        c.stroke();
        for (k, (a, code)) in chunk.iter().enumerate() {
            let x0 = left + (k % 2) as f32 * bw;
            let y0 = PAGE.1 - bottom - ((k / 2) as f32 + 1.0) * bh;
            // The badge's outline, light: where to cut.
            c.set_stroke_gray(0.8).rect(x0, y0, bw, bh).stroke();
            // The event's band.
            c.set_fill_rgb(r, g, b).rect(x0, y0 + bh - 11.0 * MM, bw, 11.0 * MM).fill_nonzero();
            c.begin_text().set_fill_gray(1.0).set_font(Name(b"F2"), 11.0).next_line(x0 + 5.0 * MM, y0 + bh - 7.5 * MM)
                .show(Str(&win1252(&fit(&event.name, 44)))).end_text();
            // The name across the top, above the code; the organisation and the category on
            // the left, clear of the code's quiet zone.
            c.begin_text().set_fill_gray(0.0).set_font(Name(b"F2"), 16.0).next_line(x0 + 5.0 * MM, y0 + bh - 18.5 * MM)
                .show(Str(&win1252(&fit(&a.name, 26)))).end_text();
            if let Some(org) = &a.organisation {
                c.begin_text().set_font(Name(b"F1"), 9.0).next_line(x0 + 5.0 * MM, y0 + bh - 25.0 * MM)
                    .show(Str(&win1252(&fit(org, 22)))).end_text();
            }
            c.begin_text().set_font(Name(b"F1"), 8.0).next_line(x0 + 5.0 * MM, y0 + 5.0 * MM)
                .show(Str(&win1252(&crate::categories::words(&event.categories, &a.category).0))).end_text();
            // The QR code, bottom right, drawn as filled squares. A module is 1.016 mm
            // (1/25 inch): 4 pixels at 100 dpi, 12 at 300, wherever the page's pixel grid
            // falls, so that a scanner or a scan of the printed page reads every badge; 4 mm
            // of white around it (the quiet zone: 4 modules).
            let q = qr(code)?;
            let w = q.width();
            let m = 25.4 / 25.0 * MM;
            let side = m * w as f32;
            let (qx, qy) = (x0 + bw - side - 4.2 * MM, y0 + 4.2 * MM);
            c.set_fill_gray(0.0);
            for (j, col) in q.to_colors().iter().enumerate() {
                if *col == Color::Dark {
                    let (mx, my) = ((j % w) as f32, (j / w) as f32);
                    c.rect(qx + mx * m, qy + side - (my + 1.0) * m, m + 0.01, m + 0.01);
                }
            }
            c.fill_nonzero();
        }
        let data = c.finish();
        let mut page = pdf.page(page_id);
        page.media_box(Rect::new(0.0, 0.0, PAGE.0, PAGE.1)).parent(tree).contents(content_id);
        page.resources().fonts().pair(Name(b"F1"), font).pair(Name(b"F2"), bold);
        drop(page);
        pdf.stream(content_id, &data);
    }
    Ok(pdf.finish())
}

fn hex_rgb(hex: &str) -> (f32, f32, f32) {
    let h = hex.trim_start_matches('#');
    let p = |i: usize| u8::from_str_radix(h.get(i..i + 2).unwrap_or("00"), 16).unwrap_or(0) as f32 / 255.0;
    if h.len() == 6 { (p(0), p(2), p(4)) } else { (0.05, 0.36, 0.6) }
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct ExportReport {
    pub tickets: usize,
    #[ts(type = "string")]
    pub dir: PathBuf,
    #[ts(type = "string")]
    pub csv: PathBuf,
    #[ts(type = "string | null")]
    pub pdf: Option<PathBuf>,
    /// Every file written (the purge deletes them).
    #[serde(skip)]
    #[ts(skip)]
    pub written: Vec<PathBuf>,
}

/// Writes `<dir>/qr/<id>.svg|png`, `<dir>/tickets.csv`, and the badge sheet if asked.
pub fn export_tickets(event: &Event, people: &[(Attendee, String)], dir: &Path, pdf: Option<&Path>) -> Result<ExportReport> {
    let qr_dir = dir.join("qr");
    std::fs::create_dir_all(&qr_dir).map_err(|e| KioskError::io(&qr_dir, e))?;
    let csv_path = dir.join("tickets.csv");
    let mut sheet = crate::sheet::Sheet::new();
    let mut written = Vec::with_capacity(people.len() * 2 + 2);
    sheet.row(["nom/name", "courriel/email", "organisme/organisation", "code", "qr_png", "qr_svg"])?;
    for (a, code) in people {
        let stem = format!("{:06}", a.id);
        let png_path = qr_dir.join(format!("{stem}.png"));
        let svg_path = qr_dir.join(format!("{stem}.svg"));
        std::fs::write(&png_path, qr_png(code, 8)?).map_err(|e| KioskError::io(&png_path, e))?;
        std::fs::write(&svg_path, qr_svg(code)?).map_err(|e| KioskError::io(&svg_path, e))?;
        written.push(png_path);
        written.push(svg_path);
        sheet.row([
            a.name.as_str(),
            a.email.as_deref().unwrap_or(""),
            a.organisation.as_deref().unwrap_or(""),
            code,
            &format!("qr/{stem}.png"),
            &format!("qr/{stem}.svg"),
        ])?;
    }
    sheet.write_to(&csv_path)?;
    written.push(csv_path.clone());
    if let Some(p) = pdf {
        std::fs::write(p, badges_pdf(event, people)?).map_err(|e| KioskError::io(p, e))?;
        written.push(p.to_path_buf());
    }
    Ok(ExportReport { tickets: people.len(), dir: dir.to_path_buf(), csv: csv_path, pdf: pdf.map(Path::to_path_buf), written })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn png_is_a_png() {
        let png = qr_png("BH1.TEST", 4).unwrap();
        assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
    }
}
