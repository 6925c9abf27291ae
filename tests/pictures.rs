//! A ticket's QR code made hard to read on purpose, as a webcam or a photo at the door
//! gives it (ImageMagick's convert). Shared by the tests (`tests/cli.rs`) and the decode
//! benchmark (`src-tauri/examples/decode_bench.rs`), so both read the same pictures.

/// (name, the picture's path), written in `dir`.
pub fn hard_pictures(dir: &std::path::Path, ticket_png: &std::path::Path) -> Vec<(&'static str, std::path::PathBuf)> {
    let variants: &[(&str, &[&str])] = &[
        ("rotated", &["-background", "white", "-rotate", "23"]),
        ("perspective", &["-bordercolor", "white", "-border", "40", "-virtual-pixel", "white", "-distort", "Perspective", "0,0 30,20  %[fx:w-1],0 %[fx:w-25],35  0,%[fx:h-1] 15,%[fx:h-10]  %[fx:w-1],%[fx:h-1] %[fx:w-40],%[fx:h-30]"]),
        ("blurred", &["-blur", "0x1.6"]),
        ("noisy", &["-attenuate", "0.5", "+noise", "Gaussian"]),
        ("low-contrast", &["+level", "38%,62%"]),
        ("small-in-frame", &["-resize", "190x190", "-background", "#8a8f96", "-gravity", "center", "-extent", "1280x720"]),
        ("glare", &["-resize", "400x400", "(", "-size", "400x400", "radial-gradient:white-black", "-evaluate", "multiply", "0.85", "-roll", "+70+50", ")", "-compose", "screen", "-composite"]),
        ("photo-720p", &["-resize", "420x420", "-rotate", "-8", "-background", "#d9d4c7", "-gravity", "center", "-extent", "1280x720", "-attenuate", "0.3", "+noise", "Gaussian", "-blur", "0x0.8", "-quality", "80"]),
    ];
    variants
        .iter()
        .map(|(name, args)| {
            let ext = if *name == "photo-720p" { "jpg" } else { "png" };
            let out = dir.join(format!("{name}.{ext}"));
            let st = std::process::Command::new("convert").arg(ticket_png).args(*args).arg(&out).status().expect("ImageMagick's convert is installed");
            assert!(st.success(), "{name}");
            (*name, out)
        })
        .collect()
}

