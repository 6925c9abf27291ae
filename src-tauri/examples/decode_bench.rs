//! The QR reader beside zbar (Debian's zbarimg) on the same pictures: the app's own tickets
//! made hard on purpose by ImageMagick (rotated, perspective, blur, noise, low contrast,
//! small in a 1280×720 frame, glare, a 720p photo) and printed badge pages at 100 dpi. Prints
//! each reader's decode rate, and the app's time per 1280×720 frame.
//!
//! `cargo run --release --example decode-bench` (needs convert, pdftoppm and zbarimg).

use std::path::PathBuf;
use std::process::Command;
use std::time::Instant;

use bluehats_core::attendee::{Category, NewAttendee, Source};
use bluehats_core::qr_reader;
use bluehats_core::Store;

const TICKETS: usize = 12;

#[path = "../../tests/pictures.rs"]
mod pictures;

fn main() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open_dir(&dir.path().join("store")).unwrap();
    let people: Vec<NewAttendee> = (0..TICKETS)
        .map(|i| NewAttendee { name: format!("Essai {i}"), email: None, organisation: None, category: Category::Other })
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
    let mut frame_ms = Vec::new();
    let mut misses = Vec::new();
    for (name, path, codes) in &set {
        let bytes = std::fs::read(path).unwrap();
        let img = image::load_from_memory(&bytes).unwrap().to_luma8();
        let t = Instant::now();
        let found = qr_reader::decode_all(&img);
        let ms = t.elapsed().as_secs_f64() * 1000.0;
        if img.width() == 1280 && img.height() == 720 {
            // A webcam frame: the camera path's reader (first code found is enough).
            let t = Instant::now();
            let _ = qr_reader::decode_gray(&img);
            frame_ms.push(t.elapsed().as_secs_f64() * 1000.0);
        }
        let got = codes.iter().filter(|c| found.contains(c)).count();
        ours += got;
        let z = Command::new("zbarimg").args(["--raw", "-q", "-Sdisable", "-Sqrcode.enable"]).arg(path).output().unwrap();
        let zfound: Vec<String> = String::from_utf8_lossy(&z.stdout).lines().map(str::to_string).collect();
        let zgot = codes.iter().filter(|c| zfound.contains(c)).count();
        zbar += zgot;
        if got < codes.len() || zgot < codes.len() {
            misses.push(format!("{name}: app {got}/{n}, zbar {zgot}/{n} ({ms:.0} ms)", n = codes.len()));
        }
    }
    frame_ms.sort_by(|a, b| a.partial_cmp(b).unwrap());
    println!("{} pictures, {total} codes", set.len());
    println!("app (rqrr): {ours}/{total} decoded ({:.1} %)", 100.0 * ours as f64 / total as f64);
    println!("zbarimg:    {zbar}/{total} decoded ({:.1} %)", 100.0 * zbar as f64 / total as f64);
    if !frame_ms.is_empty() {
        println!(
            "1280×720 frames ({}): median {:.1} ms, max {:.1} ms per frame",
            frame_ms.len(),
            frame_ms[frame_ms.len() / 2],
            frame_ms[frame_ms.len() - 1]
        );
    }
    for m in misses {
        println!("  missed: {m}");
    }
}
