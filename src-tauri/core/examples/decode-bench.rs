//! The QR reader beside zbar (Debian's zbarimg) on the same pictures: the app's own tickets
//! made hard on purpose by ImageMagick, 24 kinds (`tests/pictures.rs`: blur up to σ 2.6,
//! a wide-angle barrel, motion, a dim hall, perspective, ...), and printed badge pages at
//! 100 dpi. Prints, for each kind, how many tickets the still reader, the camera's reader
//! (frame after frame, until it has tried every rescue) and zbar read; and the camera
//! reader's time per 1280×720 frame, with a code and without (most of a webcam's frames).
//!
//! `cargo run --release -p bluehats-core --example decode-bench` (needs convert, pdftoppm
//! and zbarimg); `--features compare-rxing` also measures rxing (a Rust port of ZXing), the
//! alternative the reader was chosen against.

use std::path::PathBuf;
use std::process::Command;
use std::time::Instant;

use bluehats_core::attendee::{Category, NewAttendee, Source};
use bluehats_core::qr_reader;
use bluehats_core::Store;

const TICKETS: usize = 12;

#[path = "../../../tests/pictures.rs"]
mod pictures;

fn main() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open_dir(&dir.path().join("store")).unwrap();
    let people: Vec<NewAttendee> = (0..TICKETS)
        .map(|i| NewAttendee { name: format!("Essai {i}"), email: None, organisation: None, category: Category::other() })
        .collect();
    store.add_attendees(&people, Source::Demo, chrono::Utc::now()).unwrap();
    let tickets = store.tickets().unwrap();
    let report = bluehats_core::ticket_files::export_tickets(store.event(), &tickets, &dir.path().join("t"), Some(&dir.path().join("b.pdf"))).unwrap();
    let _ = report;
    // (name, picture, codes it holds)
    let mut set: Vec<(String, PathBuf, Vec<String>)> = Vec::new();
    for (i, (a, code)) in tickets.iter().enumerate() {
        let png = dir.path().join("t").join("qr").join(format!("{:06}.png", a.id));
        let sub = dir.path().join(format!("ticket-{i}"));
        std::fs::create_dir_all(&sub).unwrap();
        for (name, out) in pictures::hard_pictures(&sub, &png) {
            set.push((name.to_string(), out, vec![code.clone()]));
        }
    }
    let pages = dir.path().join("page");
    assert!(Command::new("pdftoppm").args(["-r", "100", "-png"]).arg(dir.path().join("b.pdf")).arg(&pages).status().unwrap().success());
    for (n, chunk) in tickets.chunks(8).enumerate() {
        let page = dir.path().join(format!("page-{}.png", n + 1));
        set.push(("badge-page-100dpi".into(), page, chunk.iter().map(|(_, c)| c.clone()).collect()));
    }

    let total: usize = set.iter().map(|(_, _, c)| c.len()).sum();
    let (mut ours, mut zbar) = (0usize, 0usize);
    #[cfg(feature = "compare-rxing")]
    let (mut rx, mut rx_ms, mut ours_ms) = (0usize, Vec::new(), Vec::new());
    let mut frame_ms = Vec::new();
    // For each kind: (tickets, read still, read by the camera in its round of rescues, read by zbar).
    let mut kinds: Vec<(String, [usize; 4], Vec<f64>)> = Vec::new();
    let mut camera_at = vec![0usize; qr_reader::FRAMES_TO_TRY_ALL];
    let mut misses = Vec::new();
    // One reader for every picture, as the desk keeps one while its camera is open (the
    // straightening's map is made for the first frame, not for each ticket held up).
    let mut camera = qr_reader::FrameReader::default();
    for (name, path, codes) in &set {
        let bytes = std::fs::read(path).unwrap();
        let img = image::load_from_memory(&bytes).unwrap().to_luma8();
        let t = Instant::now();
        let found = qr_reader::decode_all(&img);
        let ms = t.elapsed().as_secs_f64() * 1000.0;
        let got = codes.iter().filter(|c| found.contains(c)).count();
        ours += got;
        // The same picture held still before the desk's webcam: its reader, frame after frame,
        // until it reads it or has tried every rescue. Only the badge pages are not frames.
        let mut camera_got = 0;
        let mut kind_ms = Vec::new();
        if name != "badge-page-100dpi" {
            for n in 0..qr_reader::FRAMES_TO_TRY_ALL {
                let luma = img.as_raw().clone();
                let t = Instant::now();
                let read = camera.read(img.width(), img.height(), luma);
                if img.dimensions() == (1280, 720) {
                    frame_ms.push(t.elapsed().as_secs_f64() * 1000.0);
                    kind_ms.push(t.elapsed().as_secs_f64() * 1000.0);
                }
                if read.iter().any(|c| codes.contains(c)) {
                    camera_at[n] += 1;
                    camera_got = 1;
                    break;
                }
            }
        }
        #[cfg(feature = "compare-rxing")]
        {
            // rxing's own "try harder" reading, every code in the picture.
            let t = Instant::now();
            let r = rxing::helpers::detect_multiple_in_luma(img.as_raw().clone(), img.width(), img.height()).unwrap_or_default();
            rx_ms.push(t.elapsed().as_secs_f64() * 1000.0);
            ours_ms.push(ms);
            let texts: Vec<String> = r.iter().map(|x| x.getText().to_string()).collect();
            let rgot = codes.iter().filter(|c| texts.contains(c)).count();
            rx += rgot;
            if rgot < codes.len() {
                misses.push(format!("{name}: rxing {rgot}/{n}", n = codes.len()));
            }
        }
        let z = Command::new("zbarimg").args(["--raw", "-q", "-Sdisable", "-Sqrcode.enable"]).arg(path).output().unwrap();
        let zfound: Vec<String> = String::from_utf8_lossy(&z.stdout).lines().map(str::to_string).collect();
        let zgot = codes.iter().filter(|c| zfound.contains(c)).count();
        zbar += zgot;
        if got < codes.len() || zgot < codes.len() {
            misses.push(format!("{name}: app {got}/{n}, zbar {zgot}/{n} ({ms:.0} ms)", n = codes.len()));
        }
        if name != "badge-page-100dpi" {
            let i = kinds.iter().position(|(k, _, _)| k == name).unwrap_or_else(|| {
                kinds.push((name.clone(), [0; 4], Vec::new()));
                kinds.len() - 1
            });
            kinds[i].2.extend(kind_ms);
            let k = &mut kinds[i].1;
            k[0] += 1;
            k[1] += usize::from(got == codes.len());
            k[2] += camera_got;
            k[3] += usize::from(zgot == codes.len());
        }
    }
    // A kind is read when every ticket of it is.
    let read = |i: usize| kinds.iter().filter(|(_, k, _)| k[i] == k[0]).count();
    println!("{} kinds of hard pictures, {TICKETS} tickets each:", kinds.len());
    println!("  {:<20} {:>6} {:>7} {:>6}  camera's slowest 1280×720 frame", "kind", "still", "camera", "zbar");
    for (name, k, ms) in &kinds {
        let slowest = ms.iter().cloned().fold(f64::NAN, f64::max);
        let slowest = if slowest.is_nan() { "-".to_string() } else { format!("{slowest:.1} ms") };
        println!("  {:<20} {:>3}/{:<2} {:>4}/{:<2} {:>3}/{:<2}  {slowest}", name, k[1], k[0], k[2], k[0], k[3], k[0]);
    }
    println!("kinds read (every ticket): still {}, camera {}, zbar {} of {}", read(1), read(2), read(3), kinds.len());
    println!("BENCH QR reader, kinds of hard pictures read by the camera = {} kinds", read(2));
    println!("BENCH zbar, kinds of hard pictures read = {} kinds", read(3));
    // Frames with no code, which are most of a webcam's: a blank wall, a busy picture, noise.
    let mut empty_ms = Vec::new();
    let mut empty_found = 0;
    for (n, recipe) in [["-size", "1280x720", "gradient:#777-#ccc"], ["logo:", "-resize", "1280x720!"], ["-size", "1280x720", "plasma:fractal"]].iter().enumerate() {
        let out = dir.path().join(format!("empty-{n}.png"));
        assert!(Command::new("convert").args(recipe).args(["-colorspace", "Gray"]).arg(&out).status().unwrap().success());
        let img = image::open(&out).unwrap().to_luma8();
        for _ in 0..30 {
            let luma = img.as_raw().clone();
            let t = Instant::now();
            empty_found += camera.read(img.width(), img.height(), luma).len();
            empty_ms.push(t.elapsed().as_secs_f64() * 1000.0);
        }
    }
    frame_ms.sort_by(|a, b| a.partial_cmp(b).unwrap());
    empty_ms.sort_by(|a, b| a.partial_cmp(b).unwrap());
    println!("{} pictures, {total} codes", set.len());
    println!("app (rqrr): {ours}/{total} decoded ({:.1} %)", 100.0 * ours as f64 / total as f64);
    println!("BENCH QR reader, codes read of {total} = {ours} codes");
    println!("zbarimg:    {zbar}/{total} decoded ({:.1} %)", 100.0 * zbar as f64 / total as f64);
    #[cfg(feature = "compare-rxing")]
    {
        rx_ms.sort_by(|a, b| a.partial_cmp(b).unwrap());
        ours_ms.sort_by(|a, b| a.partial_cmp(b).unwrap());
        println!("rxing:      {rx}/{total} decoded ({:.1} %)", 100.0 * rx as f64 / total as f64);
        println!(
            "per picture, every code: app median {:.1} ms, max {:.1} ms; rxing median {:.1} ms, max {:.1} ms",
            ours_ms[ours_ms.len() / 2],
            ours_ms[ours_ms.len() - 1],
            rx_ms[rx_ms.len() / 2],
            rx_ms[rx_ms.len() - 1]
        );
    }
    // Sorted timings as "N frames: median, p95, max".
    let spread = |v: &[f64]| {
        let pct = |p: f64| v[((v.len() as f64 * p) as usize).min(v.len() - 1)];
        format!("{} frames: median {:.1} ms, p95 {:.1} ms, max {:.1} ms per frame", v.len(), pct(0.5), pct(0.95), v[v.len() - 1])
    };
    if !frame_ms.is_empty() {
        println!("camera, 1280×720 frames holding a code ({})", spread(&frame_ms));
        println!("BENCH camera frame holding a code, p95 = {:.1} ms", frame_ms[((frame_ms.len() as f64 * 0.95) as usize).min(frame_ms.len() - 1)]);
        let at: Vec<String> = camera_at.iter().enumerate().map(|(n, c)| format!("{}: {c}", n + 1)).collect();
        println!("camera, a code held still: read at frame {}", at.join(", "));
    }
    println!("camera, 1280×720 frames with no code ({}; {empty_found} codes found)", spread(&empty_ms));
    println!("BENCH camera frame with no code, p95 = {:.1} ms", empty_ms[((empty_ms.len() as f64 * 0.95) as usize).min(empty_ms.len() - 1)]);
    for m in misses {
        println!("  missed: {m}");
    }
}
