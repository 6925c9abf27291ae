//! Reading QR codes from pictures: photos and scans on the command line (`decode`,
//! `checkin --image`), and the desk's webcam frames ([`FrameReader`]). One decoder for all of them
//! (rqrr, pure Rust, bundled): what it finds goes to the same scan path as a USB scanner.
//!
//! A picture is tried as it is, then, if nothing was found, in the ways that rescue the
//! hard ones seen at a door: contrast stretched (a dim hall, a glossy badge), halved (blur
//! and sensor noise average out), doubled (a code small in the frame), sharpened (a ticket
//! out of focus), straightened (a wide-angle webcam's barrel bends the code's lines), and
//! last by ZXing's reader (rxing), whose own way of finding the code takes a thumb over it.

use image::{imageops, GrayImage};

use crate::bilingual::bi;
use crate::error::{KioskError, Result};

/// The largest picture read (pixels): a 24-megapixel photo, not a decompression bomb.
const MAX_PIXELS: u64 = 24_000_000;

fn grids(img: &GrayImage) -> Vec<String> {
    let (w, h) = (img.width() as usize, img.height() as usize);
    let black = binarized(img.as_raw(), w);
    let mut prepared = rqrr::PreparedImage::prepare_from_bitmap(w, h, |x, y| black[y * w + x]);
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

/// Black and white as rqrr's own preparation makes them (a pixel is black under 95 % of the
/// mean along its row, a moving mean over an eighth of the width, taken both ways), in floating
/// point: rqrr divides twice a pixel, and its preparation was most of a frame's time.
///
/// A moving mean is a chain (each value the one before times a decay, plus the pixel): walked
/// pixel after pixel, each step waits for the one before, and a 1280×720 frame took 5 ms. So
/// each row is cut in [`LANES`] pieces walked side by side from zero, then each piece is given
/// what it missed from the pieces before it (their end, decayed by the distance): the same
/// means, in a third of the time.
fn binarized(src: &[u8], w: usize) -> Vec<bool> {
    let mut black = vec![false; src.len()];
    if w == 0 {
        return black;
    }
    let s = (w / 8).max(1) as f32;
    let keep = (s - 1.0) / s;
    let scale = 0.95 / (2.0 * s);
    let piece = w.div_ceil(LANES);
    // decay[n] = keep^n: what a mean n pixels back still weighs.
    let decay: Vec<f32> = (0..=piece).map(|n| f64::from(keep).powi(n as i32) as f32).collect();
    // The row forth and the row back (reversed): two chains walked forward, zeros past the end.
    let (mut forth, mut back) = (vec![0f32; LANES * piece], vec![0f32; LANES * piece]);
    // rqrr carries its two means from one row into the next, each walking back and forth.
    let (mut a, mut b) = (0f32, 0f32);
    for (y, (line, out)) in src.chunks_exact(w).zip(black.chunks_exact_mut(w)).enumerate() {
        let (back_from, forth_from) = if y % 2 == 0 { (&mut a, &mut b) } else { (&mut b, &mut a) };
        for (x, &p) in line.iter().enumerate() {
            forth[x] = f32::from(p);
            back[w - 1 - x] = f32::from(p);
        }
        let (mut f, mut k) = ([0f32; LANES], [0f32; LANES]);
        for i in 0..piece {
            for lane in 0..LANES {
                let at = lane * piece + i;
                f[lane] = f[lane] * keep + forth[at];
                forth[at] = f[lane];
                k[lane] = k[lane] * keep + back[at];
                back[at] = k[lane];
            }
        }
        *forth_from = carried(&mut forth, piece, &decay, *forth_from)[w - 1];
        *back_from = carried(&mut back, piece, &decay, *back_from)[w - 1];
        for (x, (o, &p)) in out.iter_mut().zip(line).enumerate() {
            *o = f32::from(p) < (forth[x] + back[w - 1 - x]) * scale;
        }
    }
    black
}

/// How many pieces of a row [`binarized`] walks side by side.
const LANES: usize = 8;

/// Each piece's means, walked from zero, given what came before it: the mean entering the
/// row (`from`), then each piece's last, decayed by the distance.
fn carried<'a>(means: &'a mut [f32], piece: usize, decay: &[f32], from: f32) -> &'a [f32] {
    let mut entering = from;
    for chunk in means.chunks_exact_mut(piece) {
        for (m, d) in chunk.iter_mut().zip(&decay[1..]) {
            *m += d * entering;
        }
        entering = chunk[piece - 1];
    }
    means
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
/// face), so each frame gets a quick reading at half size (a ticket held before the camera
/// fills a good part of the frame, and halving averages sensor noise out) and, at the same
/// time on another core, one of the full-size readings, in turn: a frame costs one reading,
/// never the whole chain, and any [`FRAMES_TO_TRY_ALL`] frames in a row (half a second at the desk's 10
/// frames a second) try them all.
#[derive(Debug, Default)]
pub struct FrameReader {
    turn: usize,
    /// The straightening's map for the frames' size, made once: frames keep their size.
    straightening: Option<Straightening>,
}

/// How many frames in a row the camera's reader needs to have tried every reading.
pub const FRAMES_TO_TRY_ALL: usize = 6;

impl FrameReader {
    /// The codes in this frame (grey, one byte a pixel, row by row), each once.
    pub fn read(&mut self, width: u32, height: u32, luma: Vec<u8>) -> Vec<String> {
        let Some(img) = GrayImage::from_raw(width, height, luma) else {
            return Vec::new();
        };
        // The quick reading on a core of its own while this one does the frame's full-size
        // reading: a frame takes the longer of the two, not their sum (a kiosk's laptop has
        // two cores or more; on one, the two share it as before). A reading that panics is a
        // frame with nothing read, never a scan path that stops.
        let (mut found, rescued) = std::thread::scope(|s| {
            let quick = s.spawn(|| grids(&halved(&img)));
            let rescued = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| self.full_size(&img))).unwrap_or_default();
            (quick.join().unwrap_or_default(), rescued)
        });
        for code in rescued {
            if !found.contains(&code) {
                found.push(code);
            }
        }
        found
    }

    /// This frame's turn of the full-size readings.
    fn full_size(&mut self, img: &GrayImage) -> Vec<String> {
        self.turn = (self.turn + 1) % FRAMES_TO_TRY_ALL;
        match self.turn {
            // As it came (a code small in the frame), then contrast stretched and halved (a
            // dim hall's noise, a glossy badge), sharpened (out of focus), its middle doubled
            // (smaller still, where the camera's guide asks for the ticket), straightened (a
            // wide-angle lens), read by ZXing's reader (a thumb on the code).
            0 => grids(img),
            1 => grids(&halved(&stretched(img))),
            2 => grids(&sharpened(img)),
            3 => rescue(&stretched(img), 2, Doubling::Middle),
            5 => zxing(img),
            _ => {
                let size = img.dimensions();
                if self.straightening.as_ref().is_none_or(|s| s.size != size) {
                    self.straightening = Some(Straightening::new(size.0, size.1));
                }
                grids(&self.straightening.as_ref().expect("made above").apply(img))
            }
        }
    }
}

/// How many ways a still picture where nothing was read is tried again.
const RESCUES: usize = 5;
/// The rescue that sharpens (on the picture as it came: stretched first, the sharpening
/// clips more and reads less).
const SHARPENED: usize = 3;
/// The rescue that straightens a wide-angle lens's barrel.
const STRAIGHTENED: usize = 4;

/// Where a small code is looked for, doubled: in the whole picture (a still), or in a frame's
/// middle, where the camera's guide asks for the ticket (a frame every tenth of a second).
#[derive(Clone, Copy)]
enum Doubling {
    Whole,
    Middle,
}

/// Rescue `n`, on the picture's contrast-stretched copy: as it is (a dim hall, a glossy badge),
/// halved (blur and sensor noise average out), doubled (a code small in the picture),
/// straightened (a wide-angle lens). The sharpening ([`SHARPENED`]) is on the picture itself.
fn rescue(contrast: &GrayImage, n: usize, doubling: Doubling) -> Vec<String> {
    let (w, h) = contrast.dimensions();
    match (n, doubling) {
        (0, _) => grids(contrast),
        (1, _) => grids(&halved(contrast)),
        (STRAIGHTENED, _) if u64::from(w) * u64::from(h) <= MAX_STRAIGHTENED => grids(&Straightening::new(w, h).apply(contrast)),
        (STRAIGHTENED, _) => Vec::new(),
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

/// The unsharp mask: each pixel pushed away from its neighbourhood's mean (a box blur of
/// radius 2, twice: close to a Gaussian of σ 2) by four times its difference, which gives
/// back the edges a ticket out of focus lost: under a blur of σ 2.6, codes of 230 pixels and
/// more in a 1280×720 frame are read after it (pushed by 1 to 3 times, not under 250).
fn sharpened(img: &GrayImage) -> GrayImage {
    let (w, h) = (img.width() as usize, img.height() as usize);
    let src = img.as_raw();
    let blurred = blurred5(&blurred5(src, w, h), w, h);
    let mut out = img.clone();
    for (o, (&p, &b)) in out.iter_mut().zip(src.iter().zip(&blurred)) {
        *o = (5 * i16::from(p) - 4 * i16::from(b)).clamp(0, 255) as u8;
    }
    out
}

/// The mean of each pixel's 5 × 5 neighbourhood (the picture's edge pixels repeated beyond it):
/// the columns' sums of five rows, then five of those sums along the row. Written as whole
/// rows added to whole rows, which the compiler turns into vector instructions: a running sum
/// along each row, a division a pixel, took 8 ms of the sharpened frame's 30 (now about 1).
fn blurred5(src: &[u8], w: usize, h: usize) -> Vec<u8> {
    if w == 0 || h == 0 {
        return src.to_vec();
    }
    let row = |k: usize| {
        let k = k.saturating_sub(2).min(h - 1);
        &src[k * w..(k + 1) * w]
    };
    let mut columns = vec![0u16; w * h];
    for (y, out) in columns.chunks_exact_mut(w).enumerate() {
        // Rows y-2 to y+2 (shifted by 2: row(k) is row k-2, held inside the picture).
        let (a, b, c, d, e) = (row(y), row(y + 1), row(y + 2), row(y + 3), row(y + 4));
        for (((((o, &a), &b), &c), &d), &e) in out.iter_mut().zip(a).zip(b).zip(c).zip(d).zip(e) {
            *o = u16::from(a) + u16::from(b) + u16::from(c) + u16::from(d) + u16::from(e);
        }
    }
    let mut out = vec![0u8; w * h];
    for (sums, line) in columns.chunks_exact(w).zip(out.chunks_exact_mut(w)) {
        let at = |x: isize| u32::from(sums[x.clamp(0, w as isize - 1) as usize]);
        // The two pixels at each end, whose neighbourhood leaves the row.
        for x in (0..w.min(2)).chain(w.saturating_sub(2).max(2)..w) {
            let x = x as isize;
            line[x as usize] = ((at(x - 2) + at(x - 1) + at(x) + at(x + 1) + at(x + 2)) / 25) as u8;
        }
        if w > 4 {
            let inside = line[2..w - 2].iter_mut().zip(sums).zip(&sums[1..]).zip(&sums[2..]).zip(&sums[3..]).zip(&sums[4..]);
            for (((((o, &a), &b), &c), &d), &e) in inside {
                *o = ((a + b + c + d + e) / 25) as u8;
            }
        }
    }
    out
}

/// ZXing's reader (rxing, its hybrid binariser and its own finder), trying harder. A panic in
/// it is a miss: the scan path goes on whatever the picture.
fn zxing(img: &GrayImage) -> Vec<String> {
    let (w, h) = img.dimensions();
    let luma = img.as_raw().clone();
    std::panic::catch_unwind(move || {
        let mut hints = rxing::DecodeHints::default();
        rxing::helpers::detect_in_luma_with_hints(luma, w, h, Some(rxing::BarcodeFormat::QR_CODE), &mut hints).map(|r| vec![r.getText().to_string()]).unwrap_or_default()
    })
    .unwrap_or_default()
}

/// The largest picture straightened (pixels): its map takes four bytes a pixel.
const MAX_STRAIGHTENED: u64 = 2_100_000;

/// A wide-angle webcam's barrel undone: straight lines bent outward by the lens are bent
/// back, by the usual one-coefficient radial model (a point at distance r from the middle,
/// in half-diagonals, is seen at the distance d with r = d (1 + K d²)). One coefficient for
/// every lens: the detector forgives what is left, so the straightening only has to bring the
/// code's lines close to straight (measured: with K = 0.6, ImageMagick's barrels of 0.12 and
/// 0.2 are read, a milder one is read without it).
#[derive(Debug)]
struct Straightening {
    size: (u32, u32),
    /// For each pixel of the straightened picture, the pixel of the frame it shows.
    from: Vec<u32>,
}

/// The barrel's coefficient, on distances in half-diagonals.
const BARREL_K: f64 = 0.6;

impl Straightening {
    fn new(width: u32, height: u32) -> Self {
        Self::with(width, height, BARREL_K)
    }

    fn with(width: u32, height: u32, barrel_k: f64) -> Self {
        let (w, h) = (f64::from(width), f64::from(height));
        let (cx, cy) = ((w - 1.0) / 2.0, (h - 1.0) / 2.0);
        let half_diagonal = (cx * cx + cy * cy).sqrt().max(1.0);
        // The straightened picture keeps the frame's size and its corners: a point at r (up to
        // the corner's 1 + K) is shown at scale (1 + K) from the middle.
        let scale = 1.0 + barrel_k;
        // The shown distance for a straightened one depends on the distance only: solved once
        // for each of STEPS distances from the middle to the corner (Newton's method from
        // d = r), then looked up for each pixel.
        const STEPS: usize = 2048;
        let ratio: Vec<f64> = (0..=STEPS)
            .map(|i| {
                let r = i as f64 / STEPS as f64 * scale;
                let mut d = r.min(1.0);
                for _ in 0..6 {
                    d -= (d + barrel_k * d * d * d - r) / (1.0 + 3.0 * barrel_k * d * d);
                }
                if r > 0.0 { d / r * scale } else { scale }
            })
            .collect();
        let mut from = Vec::with_capacity(width as usize * height as usize);
        for y in 0..height {
            let dy = (f64::from(y) - cy) / half_diagonal;
            for x in 0..width {
                let dx = (f64::from(x) - cx) / half_diagonal;
                let k = ratio[(((dx * dx + dy * dy).sqrt() * STEPS as f64) as usize).min(STEPS)];
                let sx = (cx + dx * k * half_diagonal).round().clamp(0.0, w - 1.0) as u32;
                let sy = (cy + dy * k * half_diagonal).round().clamp(0.0, h - 1.0) as u32;
                from.push(sy * width + sx);
            }
        }
        Straightening { size: (width, height), from }
    }

    fn apply(&self, img: &GrayImage) -> GrayImage {
        let src = img.as_raw();
        let pixels = self.from.iter().map(|&i| src[i as usize]).collect();
        GrayImage::from_raw(self.size.0, self.size.1, pixels).expect("the map has the frame's size")
    }
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
    (0..RESCUES)
        .map(|n| if n == SHARPENED { grids(&sharpened(img)) } else { rescue(&contrast, n, Doubling::Whole) })
        .find(|f| !f.is_empty())
        .or_else(|| Some(zxing(img)))
        .unwrap_or_default()
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

    /// A ticket in a 1280×720 webcam frame: its code `size` pixels wide, on the desk's beige.
    fn frame(size: u32) -> (String, GrayImage) {
        let code = "BH1.AAAAAIX2RQX2MUX3FOPO5CPFZV4Y4VBVENKIR2JCTW57PCIFRDNFTI2JZDLJYGIZBTFWOUSAJ3QRXRV764ANFH67NKL6OJOSH27DHTB4SPAAE";
        let ticket = image::load_from_memory(&crate::ticket_files::qr_png(code, 8).unwrap()).unwrap().to_luma8();
        let ticket = imageops::resize(&ticket, size, size, imageops::FilterType::Triangle);
        let mut frame = GrayImage::from_pixel(1280, 720, image::Luma([196]));
        imageops::overlay(&mut frame, &ticket, i64::from(640 - size / 2), i64::from(360 - size / 2));
        (code.to_string(), frame)
    }

    /// What the camera's reader finds in the same frame held still, frame after frame.
    fn held_still(img: &GrayImage) -> Vec<String> {
        let mut camera = FrameReader::default();
        (0..FRAMES_TO_TRY_ALL).map(|_| camera.read(img.width(), img.height(), img.as_raw().clone())).find(|f| !f.is_empty()).unwrap_or_default()
    }

    /// ImageMagick's barrel (`-distort Barrel "0 b 0 1-b"`): each pixel shows the picture at
    /// r (1 - b + b r²) from the middle, r in half the frame's height.
    fn barrel(img: &GrayImage, b: f64) -> GrayImage {
        let (cx, cy, unit) = (639.5, 359.5, 360.0);
        GrayImage::from_fn(1280, 720, |x, y| {
            let (dx, dy) = ((f64::from(x) - cx) / unit, (f64::from(y) - cy) / unit);
            let k = 1.0 - b + b * (dx * dx + dy * dy);
            let (sx, sy) = ((cx + dx * k * unit).round(), (cy + dy * k * unit).round());
            if (0.0..1280.0).contains(&sx) && (0.0..720.0).contains(&sy) { *img.get_pixel(sx as u32, sy as u32) } else { image::Luma([196]) }
        })
    }

    #[test]
    fn a_wide_angle_lens_bends_the_code_and_the_camera_straightens_it() {
        let (code, flat) = frame(600);
        assert_eq!(held_still(&flat), vec![code.clone()]);
        for b in [0.12, 0.2] {
            let bent = barrel(&flat, b);
            assert!(grids(&bent).is_empty(), "barrel {b}: not read as it is, or the test shows nothing");
            assert_eq!(held_still(&bent), vec![code.clone()], "barrel {b}");
            assert_eq!(decode_all(&bent), vec![code.clone()], "barrel {b}, a still");
        }
    }

    #[test]
    fn a_ticket_out_of_focus_is_sharpened() {
        // σ 2.6 on a code of under 6 pixels a module: the strongest blur of the bench's pictures.
        let (code, sharp) = frame(260);
        let blurred = imageops::blur(&sharp, 2.6);
        assert!(grids(&blurred).is_empty() && grids(&halved(&blurred)).is_empty(), "not read without the sharpening");
        assert_eq!(grids(&sharpened(&blurred)), vec![code.clone()]);
        assert_eq!(held_still(&blurred), vec![code.clone()]);
        for size in [240, 250, 280, 300] {
            let blurred = imageops::blur(&frame(size).1, 2.6);
            assert_eq!(held_still(&blurred), vec![code.clone()], "{size} px");
        }
    }

    #[test]
    fn the_blur_is_the_mean_of_each_pixels_neighbourhood() {
        // Against the plain 5 × 5 mean (edge pixels repeated), on sizes down to a pixel.
        for (w, h) in [(37usize, 23usize), (5, 5), (4, 3), (2, 7), (1, 1), (6, 1)] {
            let src: Vec<u8> = (0..w * h).map(|i| ((i * 97 + i / w * 31) % 256) as u8).collect();
            let at = |x: isize, y: isize| u32::from(src[y.clamp(0, h as isize - 1) as usize * w + x.clamp(0, w as isize - 1) as usize]);
            let plain: Vec<u8> = (0..w * h)
                .map(|i| {
                    let (x, y) = ((i % w) as isize, (i / w) as isize);
                    ((-2..=2).flat_map(|dy| (-2..=2).map(move |dx| (dx, dy))).map(|(dx, dy)| at(x + dx, y + dy)).sum::<u32>() / 25) as u8
                })
                .collect();
            assert_eq!(blurred5(&src, w, h), plain, "{w} × {h}");
        }
        assert!(blurred5(&[], 0, 0).is_empty());
    }

    /// The two moving means walked pixel after pixel, as [`binarized`] did before its pieces.
    fn binarized_pixel_by_pixel(src: &[u8], w: usize) -> Vec<bool> {
        let s = (w / 8).max(1) as f32;
        let keep = (s - 1.0) / s;
        let (mut a, mut b) = (0f32, 0f32);
        let mut black = Vec::new();
        for (y, line) in src.chunks_exact(w).enumerate() {
            let (back, forth) = if y % 2 == 0 { (&mut a, &mut b) } else { (&mut b, &mut a) };
            let mut backs = vec![0f32; w];
            for x in (0..w).rev() {
                *back = *back * keep + f32::from(line[x]);
                backs[x] = *back;
            }
            for x in 0..w {
                *forth = *forth * keep + f32::from(line[x]);
                black.push(f32::from(line[x]) < (*forth + backs[x]) * 0.95 / (2.0 * s));
            }
        }
        black
    }

    #[test]
    fn a_row_walked_in_pieces_gives_the_same_black_and_white() {
        for (w, h) in [(641usize, 40usize), (13, 9), (8, 3), (3, 4), (1, 5)] {
            let src: Vec<u8> = (0..w * h).map(|i| ((i * 7 + i / w * 13) % 251) as u8 ^ ((i % w / 9 + i / w / 5) % 2 * 90) as u8).collect();
            let (ours, plain) = (binarized(&src, w), binarized_pixel_by_pixel(&src, w));
            let differ = ours.iter().zip(&plain).filter(|(a, b)| a != b).count();
            assert!(differ * 1000 <= w * h, "{w} × {h}: {differ} pixels differ");
        }
    }

    #[test]
    fn the_quick_binarisation_is_rqrrs_own() {
        // The same black and white as rqrr's preparation but for a few pixels, on a picture
        // made of nothing but edges (rqrr rounds its means down at each step, we do not).
        let img = GrayImage::from_fn(640, 360, |x, y| image::Luma([((x * 7 + y * 13) % 251) as u8 ^ ((x / 9 + y / 5) % 2 * 90) as u8]));
        let ours = binarized(img.as_raw(), 640);
        let theirs = rqrr::PreparedImage::prepare(img.clone());
        let differ = (0..360).flat_map(|y| (0..640).map(move |x| (x, y))).filter(|&(x, y)| ours[y * 640 + x] != (format!("{:?}", theirs.get_pixel_at(x, y)) == "Black")).count();
        assert!(differ * 100 < 640 * 360, "{differ} pixels differ");
    }

    #[test]
    fn a_thumb_over_the_code_is_read_by_the_last_rescue() {
        // A thumb (grey, 120 × 90 px) over the alignment pattern of a 400 px code, where rqrr
        // fits its grid.
        let (code, mut img) = frame(400);
        for y in 0..720u32 {
            for x in 0..1280u32 {
                let (dx, dy) = ((f64::from(x) - 770.0) / 60.0, (f64::from(y) - 500.0) / 45.0);
                if dx * dx + dy * dy <= 1.0 {
                    img.put_pixel(x, y, image::Luma([143]));
                }
            }
        }
        assert!(grids(&img).is_empty() && grids(&halved(&img)).is_empty(), "not read by rqrr, or the test shows nothing");
        assert_eq!(held_still(&img), vec![code.clone()]);
        assert_eq!(decode_all(&img), vec![code]);
        // Whatever ZXing's reader makes of nothing, it is nothing.
        assert!(zxing(&GrayImage::new(1, 1)).is_empty() && zxing(&GrayImage::new(0, 0)).is_empty());
    }
}
