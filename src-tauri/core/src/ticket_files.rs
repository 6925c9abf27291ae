//! Tickets on paper and in mail: QR codes (SVG, PNG), an A4 sheet of badges (PDF), and a
//! CSV for mail merge whose cells no spreadsheet will run as formulas.

use std::path::{Path, PathBuf};

use qrcode::{Color, EcLevel, QrCode};
use serde::Serialize;

use crate::attendee::Attendee;
use crate::badge::{BadgeFace, BadgeSize};
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

/// A4 sheets of eight badges, cut by hand (see [`crate::badge`]).
pub fn badges_pdf(event: &Event, people: &[(Attendee, String)]) -> Result<Vec<u8>> {
    let faces: Vec<BadgeFace> = people.iter().map(|(a, code)| BadgeFace::of(event, a, code)).collect();
    crate::badge::badges_pdf(BadgeSize::A4Sheet8, event, &faces)
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
