//! The QR reader beside zbar (Debian's zbarimg) on the same pictures: the app's own tickets
//! made hard on purpose by ImageMagick (rotated, perspective, blur, noise, low contrast,
//! small in a 1280×720 frame, glare, a 720p photo) and printed badge pages at 100 dpi. Prints
//! each reader's decode rate, and the app's time per 1280×720 frame.
//!
//! `cargo run --release --example decode-bench` (needs convert, pdftoppm and zbarimg).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use bluehats_core::attendee::{Category, NewAttendee, Source};
use bluehats_core::qr_reader;
use bluehats_core::Store;

const TICKETS: usize = 12;

fn convert(src: &Path, args: &[&str], out: &Path) {
    assert!(Command::new("convert").arg(src).args(args).arg(out).status().expect("ImageMagick").success(), "{args:?}");
}

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
    let variants: &[(&str, &[&str])] = &[
        ("rotated", &["-background", "white", "-rotate", "23"]),
        ("perspective", &["-bordercolor", "white", "-border", "40", "-virtual-pixel", "white", "-distort", "Perspective", "0,0 30,20  %[fx:w-1],0 %[fx:w-25],35  0,%[fx:h-1] 15,%[fx:h-10]  %[fx:w-1],%[fx:h-1] %[fx:w-40],%[fx:h-30]"]),
        ("blurred", &["-blur", "0x1.6"]),
        ("noisy", &["-attenuate", "0.5", "+noise", "Gaussian"]),
        ("low-contrast", &["+level", "38%,62%"]),
        ("small-in-720p", &["-resize", "190x190", "-background", "#8a8f96", "-gravity", "center", "-extent", "1280x720"]),
        ("glare", &["-resize", "400x400", "(", "-size", "400x400", "radial-gradient:white-black", "-evaluate", "multiply", "0.85", "-roll", "+70+50", ")", "-compose", "screen", "-composite"]),
        ("photo-720p", &["-resize", "420x420", "-rotate", "-8", "-background", "#d9d4c7", "-gravity", "center", "-extent", "1280x720", "-attenuate", "0.3", "+noise", "Gaussian", "-blur", "0x0.8", "-quality", "80"]),
    ];
    for (i, (_, code)) in tickets.iter().enumerate() {
        let png = dir.path().join("t").join("qr").join(format!("{:06}.png", tickets[i].0.id));
        for (name, args) in variants {
            let ext = if name.starts_with("photo") { "jpg" } else { "png" };
            let out = dir.path().join(format!("{i}-{name}.{ext}"));
            convert(&png, args, &out);
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
