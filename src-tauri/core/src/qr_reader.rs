//! Reading QR codes from pictures: photos and scans on the command line (`decode`,
//! `checkin --image`), and, next, the desk's webcam frames. One decoder for all of them
//! (rqrr, pure Rust, bundled): what it finds goes to the same scan path as a USB scanner.
//!
//! A picture is tried as it is, then, if nothing was found, in the ways that rescue the
//! hard ones seen at a door: contrast stretched (a dim hall, a glossy badge), halved (blur
//! and sensor noise average out), doubled (a code small in the frame).

use image::{imageops, GrayImage};

use crate::bilingual::bi;
use crate::error::{KioskError, Result};

/// The largest picture read (pixels): a 24-megapixel photo, not a decompression bomb.
const MAX_PIXELS: u64 = 24_000_000;

fn grids(img: &GrayImage) -> Vec<String> {
    let mut prepared = rqrr::PreparedImage::prepare(img.clone());
    let mut found = Vec::new();
    for grid in prepared.detect_grids() {
        if let Ok((_, text)) = grid.decode() {
            if !found.contains(&text) {
                found.push(text);
            }
        }
    }
    found
}

/// The picture's darkest and lightest stretched to black and white (1 % of pixels cut each side).
fn stretched(img: &GrayImage) -> GrayImage {
    let mut hist = [0u64; 256];
    for p in img.pixels() {
        hist[p.0[0] as usize] += 1;
    }
    let total: u64 = hist.iter().sum();
    let cut = total / 100;
    let (mut lo, mut acc) = (0usize, 0u64);
    while lo < 255 && acc + hist[lo] <= cut {
        acc += hist[lo];
        lo += 1;
    }
    let (mut hi, mut acc) = (255usize, 0u64);
    while hi > lo && acc + hist[hi] <= cut {
        acc += hist[hi];
        hi -= 1;
    }
    let span = (hi - lo).max(1) as f32;
    let mut out = img.clone();
    for p in out.pixels_mut() {
        p.0[0] = (((p.0[0] as f32 - lo as f32) / span).clamp(0.0, 1.0) * 255.0) as u8;
    }
    out
}

/// The codes in a grey picture (one byte per pixel, row by row), each once.
pub fn decode_luma(width: u32, height: u32, luma: &[u8]) -> Vec<String> {
    match GrayImage::from_raw(width, height, luma.to_vec()) {
        Some(img) => decode_gray(&img),
        None => Vec::new(),
    }
}

/// The codes in a camera frame: the first way that finds one is enough (a frame every
/// few tens of milliseconds).
pub fn decode_gray(img: &GrayImage) -> Vec<String> {
    let found = grids(img);
    decode_harder(img, found)
}

/// Every code in a picture (a photo, a page of badges): also read in overlapping tiles, a
/// third of the picture's width each, where the detector reads one or two codes best.
pub fn decode_all(img: &GrayImage) -> Vec<String> {
    let mut found = grids(img);
    let (w, h) = img.dimensions();
    if u64::from(w) * u64::from(h) > 500_000 {
        let side = (w.min(h) / 3).max(200);
        let step = (side / 2).max(1);
        let mut y = 0;
        while y < h {
            let mut x = 0;
            while x < w {
                let tile = imageops::crop_imm(img, x, y, side.min(w - x), side.min(h - y)).to_image();
                for c in grids(&tile) {
                    if !found.contains(&c) {
                        found.push(c);
                    }
                }
                if x + side >= w {
                    break;
                }
                x += step;
            }
            if y + side >= h {
                break;
            }
            y += step;
        }
    }
    decode_harder(img, found)
}

/// Nothing found yet: the picture stretched, halved, doubled.
fn decode_harder(img: &GrayImage, found: Vec<String>) -> Vec<String> {
    if !found.is_empty() {
        return found;
    }
    let contrast = stretched(img);
    let tries: [&dyn Fn() -> GrayImage; 3] = [
        &|| contrast.clone(),
        &|| imageops::resize(&contrast, (img.width() / 2).max(1), (img.height() / 2).max(1), imageops::FilterType::Triangle),
        &|| {
            if img.width() <= 1600 && img.height() <= 1600 {
                imageops::resize(&contrast, img.width() * 2, img.height() * 2, imageops::FilterType::Triangle)
            } else {
                GrayImage::new(1, 1)
            }
        },
    ];
    for t in tries {
        let found = grids(&t());
        if !found.is_empty() {
            return found;
        }
    }
    Vec::new()
}

/// The codes in a picture file's bytes (PNG or JPEG). `name` is for the message.
pub fn decode_file(bytes: &[u8], name: &str) -> Result<Vec<String>> {
    let unreadable = |why: String| KioskError::InvalidField { field: bi(&format!("image {name}"), &format!("picture {name}")), value: why };
    let reader = image::ImageReader::new(std::io::Cursor::new(bytes)).with_guessed_format().map_err(|e| unreadable(e.to_string()))?;
    let (w, h) = reader.into_dimensions().map_err(|e| unreadable(e.to_string()))?;
    if u64::from(w) * u64::from(h) > MAX_PIXELS {
        return Err(unreadable(format!("{w} × {h} px : trop grande / too large")));
    }
    let img = image::load_from_memory(bytes).map_err(|e| unreadable(e.to_string()))?;
    Ok(decode_all(&img.to_luma8()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_ticket_drawn_by_the_app_reads_back_and_garbage_is_refused() {
        let code = "BH1.AAAAAIX2RQX2MUX3FOPO5CPFZV4Y4VBVENKIR2JCTW57PCIFRDNFTI2JZDLJYGIZBTFWOUSAJ3QRXRV764ANFH67NKL6OJOSH27DHTB4SPAAE";
        let png = crate::ticket_files::qr_png(code, 6).unwrap();
        assert_eq!(decode_file(&png, "t.png").unwrap(), vec![code.to_string()]);
        assert!(decode_file(b"not a picture", "x.png").is_err());
        assert!(decode_luma(2, 2, &[0, 255]).is_empty(), "wrong size: nothing, no panic");
        assert!(decode_luma(4, 4, &[128; 16]).is_empty());
    }
}
