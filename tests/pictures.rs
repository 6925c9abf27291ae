//! A ticket's QR code made hard to read on purpose, as a webcam or a photo at the door
//! gives it (ImageMagick's convert): 24 kinds. The first eight are the ticket's picture
//! itself made hard; the others are 1280×720 webcam frames of a ticket held at the desk.
//! Shared by the tests (`tests/cli.rs`) and the decode benchmark
//! (`src-tauri/core/examples/decode-bench.rs`), so both read the same pictures.

/// (kind, the arguments that make it from the ticket's PNG)
const KINDS: &[(&str, &[&str])] = &[
    ("rotated", &["-background", "white", "-rotate", "23"]),
    ("perspective", &["-bordercolor", "white", "-border", "40", "-virtual-pixel", "white", "-distort", "Perspective", "0,0 30,20  %[fx:w-1],0 %[fx:w-25],35  0,%[fx:h-1] 15,%[fx:h-10]  %[fx:w-1],%[fx:h-1] %[fx:w-40],%[fx:h-30]"]),
    ("blurred", &["-blur", "0x1.6"]),
    ("noisy", &["-attenuate", "0.5", "+noise", "Gaussian"]),
    ("low-contrast", &["+level", "38%,62%"]),
    ("small-in-frame", &["-resize", "190x190", "-background", "#8a8f96", "-gravity", "center", "-extent", "1280x720"]),
    ("glare", &["-resize", "400x400", "(", "-size", "400x400", "radial-gradient:white-black", "-evaluate", "multiply", "0.85", "-roll", "+70+50", ")", "-compose", "screen", "-composite"]),
    ("photo-720p", &["-resize", "420x420", "-rotate", "-8", "-background", "#d9d4c7", "-gravity", "center", "-extent", "1280x720", "-attenuate", "0.3", "+noise", "Gaussian", "-blur", "0x0.8", "-quality", "80"]),
    // The strongest blur: a ticket out of focus, small in the frame (under 6 pixels a module).
    ("strong-blur", &["-resize", "260x260", "-background", "#c9c4ba", "-gravity", "center", "-extent", "1280x720", "-blur", "0x2.6"]),
    // A wide-angle webcam's barrel: the ticket close, its lines bent.
    ("barrel-wide-angle", &["-resize", "600x600", "-background", "#c9c4ba", "-gravity", "center", "-extent", "1280x720", "-distort", "Barrel", "0.0 0.12 0.0 0.88"]),
    ("rotated-45", &["-resize", "380x380", "-background", "#c9c4ba", "-rotate", "45", "-gravity", "center", "-extent", "1280x720"]),
    ("upside-down", &["-resize", "400x400", "-background", "#c9c4ba", "-rotate", "176", "-gravity", "center", "-extent", "1280x720"]),
    ("motion-blur", &["-resize", "400x400", "-background", "#c9c4ba", "-gravity", "center", "-extent", "1280x720", "-motion-blur", "0x7+20"]),
    ("dim-hall", &["-resize", "400x400", "-background", "#c9c4ba", "-gravity", "center", "-extent", "1280x720", "-evaluate", "multiply", "0.2", "-attenuate", "0.6", "+noise", "Gaussian"]),
    ("washed-out", &["-resize", "400x400", "-background", "#c9c4ba", "-gravity", "center", "-extent", "1280x720", "+level", "58%,100%"]),
    ("jpeg-q12", &["-resize", "360x360", "-background", "#c9c4ba", "-gravity", "center", "-extent", "1280x720", "-quality", "12"]),
    ("half-shadow", &["-resize", "400x400", "-background", "#c9c4ba", "-gravity", "center", "-extent", "1280x720", "(", "-size", "720x1280", "gradient:#444-#fff", "-rotate", "90", ")", "-compose", "multiply", "-composite"]),
    ("wavy-paper", &["-background", "white", "-wave", "8x300", "-resize", "420x420", "-background", "#c9c4ba", "-gravity", "center", "-extent", "1280x720"]),
    // Held too close: the white margin cut by the frame's edges.
    ("close-up", &["-resize", "760x760", "-gravity", "center", "-extent", "1280x720"]),
    // A ticket trimmed to its code on a busy poster.
    ("busy-background", &["-shave", "28x28", "-resize", "360x360", "(", "-seed", "7", "-size", "1280x720", "plasma:fractal", "-colorspace", "Gray", ")", "+swap", "-gravity", "center", "-compose", "over", "-composite"]),
    // A 640×360 webcam's frame, shown at 1280×720.
    ("low-res-webcam", &["-resize", "200x200", "-background", "#c9c4ba", "-gravity", "center", "-extent", "640x360", "-resize", "1280x720"]),
    ("steep-tilt", &["-resize", "440x440", "-bordercolor", "#c9c4ba", "-border", "20", "-virtual-pixel", "background", "-background", "#c9c4ba", "-distort", "Perspective", "0,0 120,40  479,0 360,0  0,479 120,440  479,479 360,479", "-gravity", "center", "-extent", "1280x720"]),
    ("thumb-on-code", &["-resize", "400x400", "-fill", "#b08870", "-draw", "ellipse 330,340 60,45 0,360", "-background", "#c9c4ba", "-gravity", "center", "-extent", "1280x720"]),
    // Out of focus through a lens (a disc, not a Gaussian).
    ("defocus-disc", &["-resize", "400x400", "-background", "#c9c4ba", "-gravity", "center", "-extent", "1280x720", "-define", "convolve:scale=!", "-morphology", "Convolve", "Disk:3.5"]),
];

/// (kind, the picture's path), written in `dir`.
pub fn hard_pictures(dir: &std::path::Path, ticket_png: &std::path::Path) -> Vec<(&'static str, std::path::PathBuf)> {
    KINDS
        .iter()
        .map(|(name, args)| {
            let ext = if matches!(*name, "photo-720p" | "jpeg-q12") { "jpg" } else { "png" };
            let out = dir.join(format!("{name}.{ext}"));
            let st = std::process::Command::new("convert").arg(ticket_png).args(*args).arg(&out).status().expect("ImageMagick's convert is installed");
            assert!(st.success(), "{name}");
            (*name, out)
        })
        .collect()
}
