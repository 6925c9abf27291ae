//! Reading QR codes from pictures: photos and scans on the command line (`decode`,
//! `checkin --image`), and the desk's webcam frames ([`FrameReader`]). One decoder for all of them
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
    let table: Vec<u8> = (0..256).map(|v| (((v as f32 - lo as f32) / span).clamp(0.0, 1.0) * 255.0) as u8).collect();
    let mut out = img.clone();
    for p in out.iter_mut() {
        *p = table[*p as usize];
    }
    out
}

/// A webcam's frames, read one after another. Most frames hold no code (the desk, a hand, a
/// face), so each frame gets the plain reading and one of the rescues, in turn: a frame costs
/// about two readings, never the whole chain, and any three frames in a row (a third of a
/// second at the desk's 10 frames a second) try them all.
#[derive(Debug, Default)]
pub struct FrameReader {
    turn: usize,
}

impl FrameReader {
    /// The codes in this frame (grey, one byte a pixel, row by row), each once.
    pub fn read(&mut self, width: u32, height: u32, luma: Vec<u8>) -> Vec<String> {
        let Some(img) = GrayImage::from_raw(width, height, luma) else {
            return Vec::new();
        };
        let found = grids(&img);
        if !found.is_empty() {
            return found;
        }
        self.turn = (self.turn + 1) % RESCUES;
        rescue(&stretched(&img), self.turn, Doubling::Middle)
    }
}

/// How many ways a picture where nothing was read is tried again.
const RESCUES: usize = 3;

/// Where a small code is looked for, doubled: in the whole picture (a still), or in a frame's
/// middle, where the camera's guide asks for the ticket (a frame every tenth of a second).
#[derive(Clone, Copy)]
enum Doubling {
    Whole,
    Middle,
}

/// Rescue `n`, on the picture's contrast-stretched copy: as it is (a dim hall, a glossy badge),
/// halved (blur and sensor noise average out), doubled (a code small in the picture).
fn rescue(contrast: &GrayImage, n: usize, doubling: Doubling) -> Vec<String> {
    let (w, h) = contrast.dimensions();
    match (n, doubling) {
        (0, _) => grids(contrast),
        (1, _) => grids(&halved(contrast)),
        (_, Doubling::Whole) if w <= 1600 && h <= 1600 => grids(&doubled(contrast)),
        (_, Doubling::Whole) => Vec::new(),
        (_, Doubling::Middle) => {
            let (cw, ch) = ((w / 2).max(1), (h * 3 / 5).max(1));
            grids(&doubled(&imageops::crop_imm(contrast, (w - cw) / 2, (h - ch) / 2, cw, ch).to_image()))
        }
    }
}

/// Half the size, each pixel the mean of four: blur and sensor noise average out.
fn halved(img: &GrayImage) -> GrayImage {
    let (w, h) = ((img.width() / 2).max(1), (img.height() / 2).max(1));
    let src = img.as_raw();
    let stride = img.width() as usize;
    let mut out = GrayImage::new(w, h);
    for (y, row) in out.as_mut().chunks_exact_mut(w as usize).enumerate() {
        let (a, b) = (2 * y * stride, (2 * y + 1).min(img.height() as usize - 1) * stride);
        for (x, p) in row.iter_mut().enumerate() {
            let (x0, x1) = (2 * x, (2 * x + 1).min(stride - 1));
            let sum = u16::from(src[a + x0]) + u16::from(src[a + x1]) + u16::from(src[b + x0]) + u16::from(src[b + x1]);
            *p = (sum / 4) as u8;
        }
    }
    out
}

/// Twice the size, each pixel repeated: a code small in the picture gets the pixels per module
/// the detector needs (as good as smoothing for it, and a hundred times quicker).
fn doubled(img: &GrayImage) -> GrayImage {
    let (w, h) = (img.width() as usize, img.height() as usize);
    let src = img.as_raw();
    let mut out = vec![0u8; 4 * w * h];
    for y in 0..h {
        let row = &src[y * w..(y + 1) * w];
        let top = &mut out[2 * y * 2 * w..(2 * y + 1) * 2 * w];
        for (x, &p) in row.iter().enumerate() {
            top[2 * x] = p;
            top[2 * x + 1] = p;
        }
        out.copy_within(2 * y * 2 * w..(2 * y + 1) * 2 * w, (2 * y + 1) * 2 * w);
    }
    GrayImage::from_raw(2 * w as u32, 2 * h as u32, out).expect("size")
}

/// The codes in a still picture, grey: every rescue tried until one finds a code.
pub fn decode_gray(img: &GrayImage) -> Vec<String> {
    let found = grids(img);
    decode_harder(img, found)
}

/// Every code in a picture (a photo, a page of badges): also read in overlapping tiles, a
/// third of the picture's width each, where the detector reads one or two codes best, then a
/// quarter: a code the detector misses at one scale it reads at the other (on 76 printed
/// pages of 8 badges at 150 dpi, thirds alone missed 2 of 600 codes, thirds and quarters
/// none). Tiles move by a third of their side, so that any code up to two thirds of a tile
/// lies whole in one (moved by half, a badge's code could fall between two and be missed).
pub fn decode_all(img: &GrayImage) -> Vec<String> {
    let mut found = grids(img);
    let (w, h) = img.dimensions();
    if u64::from(w) * u64::from(h) > 500_000 {
        for parts in [3, 4] {
            let side = (w.min(h) / parts).max(200);
            let step = (side / 3).max(1);
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
    }
    decode_harder(img, found)
}

/// Nothing found yet: the picture stretched, halved, doubled.
fn decode_harder(img: &GrayImage, found: Vec<String>) -> Vec<String> {
    if !found.is_empty() {
        return found;
    }
    let contrast = stretched(img);
    (0..RESCUES).map(|n| rescue(&contrast, n, Doubling::Whole)).find(|f| !f.is_empty()).unwrap_or_default()
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
        let mut camera = FrameReader::default();
        for _ in 0..3 {
            assert!(camera.read(2, 2, vec![0, 255]).is_empty(), "wrong size: nothing, no panic");
            assert!(camera.read(4, 4, vec![128; 16]).is_empty());
            assert!(camera.read(1, 1, vec![0]).is_empty());
            assert!(camera.read(3, 5, vec![7; 15]).is_empty(), "odd sizes halve and double");
        }
    }

    #[test]
    fn halving_and_doubling_keep_the_picture() {
        let img = GrayImage::from_fn(5, 3, |x, y| image::Luma([(x * 40 + y * 10) as u8]));
        let d = doubled(&img);
        assert_eq!(d.dimensions(), (10, 6));
        assert_eq!(d.get_pixel(9, 5), img.get_pixel(4, 2));
        assert_eq!(d.get_pixel(2, 1), img.get_pixel(1, 0));
        let h = halved(&d);
        assert_eq!(h.dimensions(), (5, 3));
        assert_eq!(h, img);
    }
}
