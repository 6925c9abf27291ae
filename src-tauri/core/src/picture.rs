//! Pictures the organiser gives: a plan per screen position, the event's logo. Each is
//! checked before it is stored: PNG, JPEG or SVG only, bounded in bytes and in pixels (a
//! small file may unpack into gigabytes), and an SVG is rebuilt from an allow-list of
//! drawing elements: no script, no event handler, no foreignObject, no reference outside the
//! picture itself. Screens show pictures as images, never as markup, on top of that.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::bilingual::{bi, Bilingual};
use crate::error::{KioskError, Result};

/// The largest picture file taken (a plan drawn at 4K, a logo).
pub const MAX_BYTES: usize = 2 * 1024 * 1024;
/// The largest picture, in pixels on a side.
pub const MAX_SIDE: u32 = 8000;

/// A checked picture: its bytes as they will be stored and shown.
#[derive(Debug, Clone, PartialEq)]
pub struct Picture {
    pub mime: &'static str,
    pub bytes: Vec<u8>,
    /// Its proportions (pixels, or an SVG's viewBox): screens size it, and place a mark on
    /// it, from these.
    pub width: u32,
    pub height: u32,
    pub text: Option<f32>,
}

/// What screens learn of a stored picture: its kind, and a fingerprint that changes with it
/// (so a screen fetches the bytes again only when they changed).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct PictureInfo {
    pub mime: String,
    pub sha: String,
    pub width: u32,
    pub height: u32,
    /// For an SVG: its smallest text, as a fraction of its height. A screen draws the
    /// picture no smaller than keeps that text legible from afar (or not at all).
    #[serde(default)]
    pub text: Option<f32>,
}

impl Picture {
    /// Reads a picture file as given (`file` names it in messages).
    pub fn checked(bytes: &[u8], file: &str) -> Result<Picture> {
        let bad = |fr: String, en: String| KioskError::InvalidField { field: bi(format!("image {file}"), format!("picture {file}")), value: format!("{fr} / {en}") };
        if bytes.len() > MAX_BYTES {
            return Err(bad(format!("{} Kio (au plus {} Kio)", bytes.len() / 1024, MAX_BYTES / 1024), format!("{} KiB (at most {} KiB)", bytes.len() / 1024, MAX_BYTES / 1024)));
        }
        let raster = |mime: &'static str, format: image::ImageFormat| -> Result<Picture> {
            let reader = image::ImageReader::with_format(std::io::Cursor::new(bytes), format);
            let (w, h) = reader.into_dimensions().map_err(|e| bad(format!("image illisible ({e})"), format!("unreadable picture ({e})")))?;
            if w == 0 || h == 0 || w > MAX_SIDE || h > MAX_SIDE {
                return Err(bad(format!("{w}×{h} pixels (au plus {MAX_SIDE} de côté)"), format!("{w}×{h} pixels (at most {MAX_SIDE} a side)")));
            }
            Ok(Picture { mime, bytes: bytes.to_vec(), width: w, height: h, text: None })
        };
        if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
            return raster("image/png", image::ImageFormat::Png);
        }
        if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
            return raster("image/jpeg", image::ImageFormat::Jpeg);
        }
        let text = std::str::from_utf8(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes))
            .map_err(|_| bad("ni PNG, ni JPEG, ni SVG".into(), "neither PNG, JPEG nor SVG".into()))?;
        let clean = clean_svg(text).map_err(|m| bad(m.fr, m.en))?;
        let (width, height, text) = svg_size(&clean);
        Ok(Picture { mime: "image/svg+xml", bytes: clean.into_bytes(), width, height, text })
    }

    pub fn info(&self) -> PictureInfo {
        PictureInfo { mime: self.mime.to_string(), sha: fingerprint(&self.bytes), width: self.width, height: self.height, text: self.text }
    }

    /// `data:image/png;base64,…`, as screens show it (the CSP allows data: images only).
    pub fn data_url(&self) -> String {
        format!("data:{};base64,{}", self.mime, data_encoding::BASE64.encode(&self.bytes))
    }

    /// A stored picture, trusted as it was checked on the way in.
    pub fn stored(mime: &str, bytes: Vec<u8>, width: u32, height: u32, text: Option<f32>) -> Picture {
        let mime = match mime {
            "image/png" => "image/png",
            "image/jpeg" => "image/jpeg",
            _ => "image/svg+xml",
        };
        Picture { mime, bytes, width, height, text }
    }
}

pub fn fingerprint(bytes: &[u8]) -> String {
    data_encoding::HEXLOWER.encode(&Sha256::digest(bytes)[..8])
}

/// A font size as an SVG writes it (an attribute, or in a style): "20", "20px".
fn font_size(el: roxmltree::Node) -> Option<f64> {
    let num = |s: &str| s.trim().trim_end_matches("px").trim().parse::<f64>().ok().filter(|v| v.is_finite() && *v > 0.0);
    el.attribute("font-size").and_then(num).or_else(|| {
        el.attribute("style")?.split(';').find_map(|d| {
            let (k, v) = d.split_once(':')?;
            (k.trim() == "font-size").then(|| num(v)).flatten()
        })
    })
}

/// The smallest text an SVG draws, as a fraction of its height (sizes inherited down the
/// tree; SVG's default is 16).
fn smallest_text(root: roxmltree::Node, height: f64) -> Option<f32> {
    fn walk(n: roxmltree::Node, inherited: f64, min: &mut Option<f64>) {
        let size = font_size(n).unwrap_or(inherited);
        if matches!(n.tag_name().name(), "text" | "tspan" | "textPath") && n.children().any(|c| c.is_text() && !c.text().unwrap_or("").trim().is_empty()) {
            *min = Some(min.map_or(size, |m: f64| m.min(size)));
        }
        for c in n.children().filter(|c| c.is_element()) {
            walk(c, size, min);
        }
    }
    let mut min = None;
    walk(root, 16.0, &mut min);
    min.map(|m| (m / height) as f32)
}

/// An SVG's proportions (its viewBox, else its width and height, else 4:3) and its
/// smallest text.
fn svg_size(clean: &str) -> (u32, u32, Option<f32>) {
    let Ok(doc) = roxmltree::Document::parse(clean) else { return (4, 3, None) };
    let root = doc.root_element();
    let num = |s: &str| s.trim().trim_end_matches("px").parse::<f64>().ok().filter(|v| v.is_finite() && *v > 0.0);
    let from_box = root.attribute("viewBox").and_then(|v| {
        let p: Vec<f64> = v.split([' ', ',']).filter(|x| !x.is_empty()).filter_map(|x| x.parse().ok()).collect();
        (p.len() == 4 && p[2] > 0.0 && p[3] > 0.0).then(|| (p[2], p[3]))
    });
    let from_attrs = || Some((num(root.attribute("width")?)?, num(root.attribute("height")?)?));
    let (w, h) = from_box.or_else(from_attrs).unwrap_or((4.0, 3.0));
    // Kept as whole numbers with their proportions (a 400×220 viewBox, a 0.5×0.3 one).
    let scale = if w.max(h) < 100.0 { 1000.0 / w.max(h) } else { 1.0 };
    ((w * scale).round().clamp(1.0, 1e6) as u32, (h * scale).round().clamp(1.0, 1e6) as u32, smallest_text(root, h))
}

const SVG_NS: &str = "http://www.w3.org/2000/svg";
const XLINK_NS: &str = "http://www.w3.org/1999/xlink";

/// The drawing elements a plan or a logo may use. Everything else (script, foreignObject,
/// animations that could rewrite a link, filters that load images, unknown namespaces) goes,
/// with what it holds.
const ELEMENTS: &[&str] = &[
    "svg", "g", "defs", "title", "desc", "symbol", "use", "image", "path", "rect", "circle", "ellipse", "line", "polyline", "polygon",
    "text", "tspan", "textPath", "linearGradient", "radialGradient", "stop", "clipPath", "mask", "pattern", "marker", "style",
];

/// A reference that stays inside the picture: `#id`, or an embedded PNG/JPEG.
fn inner_reference(v: &str) -> bool {
    let v = v.trim();
    v.starts_with('#') || v.starts_with("data:image/png;base64,") || v.starts_with("data:image/jpeg;base64,")
}

/// CSS (a style attribute or a style element) with every outside reference taken out:
/// `url(…)` other than `url(#id)`, `@import`, and the old scripting hooks.
fn clean_css(css: &str) -> String {
    let mut out = String::new();
    let lower = css.to_ascii_lowercase();
    let mut i = 0;
    while i < css.len() {
        let rest = &lower[i..];
        if rest.starts_with("url(") {
            let end = rest.find(')').map(|e| i + e + 1).unwrap_or(css.len());
            let inner = css[i + 4..end.saturating_sub(1).max(i + 4)].trim().trim_matches(['"', '\'']);
            out.push_str(if inner.starts_with('#') { &css[i..end] } else { "none" });
            i = end;
        } else if rest.starts_with("@import") {
            i = rest.find(';').map(|e| i + e + 1).unwrap_or(css.len());
        } else if rest.starts_with("expression") || rest.starts_with("javascript") || rest.starts_with("behavior") || rest.starts_with("-moz-binding") {
            out.push_str("none");
            i += rest.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '-').count();
        } else {
            let c = css[i..].chars().next().expect("in bounds");
            // `<` cannot close the style element on the way out: it is escaped, but there is
            // no reason for it in CSS at all.
            if c != '<' {
                out.push(c);
            }
            i += c.len_utf8();
        }
    }
    out
}

fn escape(s: &str, attr: bool) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' if attr => o.push_str("&quot;"),
            c if c.is_control() && !matches!(c, '\n' | '\t' | '\r') => {}
            c => o.push(c),
        }
    }
    o
}

/// Rebuilds an SVG from what is allowed in it (see [`ELEMENTS`]); refuses what is not an SVG.
pub fn clean_svg(text: &str) -> std::result::Result<String, Bilingual> {
    if text.to_ascii_lowercase().contains("<!entity") {
        return Err(bi("SVG avec des entités (DTD) : refusé", "SVG with entities (DTD): refused"));
    }
    let opts = roxmltree::ParsingOptions { allow_dtd: true, nodes_limit: 200_000, entity_resolver: None };
    let doc = roxmltree::Document::parse_with_options(text, opts)
        .map_err(|e| bi(format!("SVG illisible, ligne {} : {e}", e.pos().row), format!("unreadable SVG, line {}: {e}", e.pos().row)))?;
    let root = doc.root_element();
    if root.tag_name().name() != "svg" || root.tag_name().namespace().is_some_and(|n| n != SVG_NS) {
        return Err(bi(format!("élément racine <{}> : ce n'est pas un SVG", root.tag_name().name()), format!("root element <{}>: not an SVG", root.tag_name().name())));
    }
    let mut out = String::new();
    write_node(root, &mut out, true);
    Ok(out)
}

fn write_node(n: roxmltree::Node, out: &mut String, is_root: bool) {
    let tag = n.tag_name();
    if tag.namespace().is_some_and(|ns| ns != SVG_NS) {
        return;
    }
    // A link does nothing in a picture shown as an image: keep what it draws.
    let name = if tag.name() == "a" { "g" } else { tag.name() };
    if !ELEMENTS.contains(&name) {
        return;
    }
    out.push('<');
    out.push_str(name);
    if is_root {
        out.push_str(&format!(" xmlns=\"{SVG_NS}\" xmlns:xlink=\"{XLINK_NS}\""));
    }
    for a in n.attributes() {
        let (ns, local) = (a.namespace(), a.name());
        let value = a.value();
        let lower = local.to_ascii_lowercase();
        let kept = match ns {
            None if lower.starts_with("on") => None,
            None if lower == "href" || lower == "src" => inner_reference(value).then(|| ("href".to_string(), value.to_string())),
            None if lower == "style" => Some(("style".to_string(), clean_css(value))),
            None => {
                let v = value.to_ascii_lowercase();
                if v.contains("javascript:") || v.contains("vbscript:") || (v.contains("url(") && !v.replace(' ', "").contains("url(#")) {
                    None
                } else {
                    Some((local.to_string(), value.to_string()))
                }
            }
            Some(XLINK_NS) if lower == "href" => inner_reference(value).then(|| ("xlink:href".to_string(), value.to_string())),
            Some("http://www.w3.org/XML/1998/namespace") if lower == "space" => Some(("xml:space".to_string(), value.to_string())),
            Some(_) => None,
        };
        if let Some((k, v)) = kept {
            if is_root && (k == "xmlns" || k.starts_with("xmlns:")) {
                continue;
            }
            out.push_str(&format!(" {k}=\"{}\"", escape(&v, true)));
        }
    }
    out.push('>');
    for c in n.children() {
        if c.is_element() {
            write_node(c, out, false);
        } else if c.is_text() {
            let t = c.text().unwrap_or("");
            out.push_str(&escape(&if name == "style" { clean_css(t) } else { t.to_string() }, false));
        }
    }
    out.push_str(&format!("</{name}>"));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hostile_svg_is_neutralised() {
        let hostile = r##"<?xml version="1.0"?>
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" onload="alert(1)" viewBox="0 0 10 10">
  <script>alert(2)</script>
  <foreignObject><iframe xmlns="http://www.w3.org/1999/xhtml" src="https://evil.example/"/></foreignObject>
  <style>@import url(https://evil.example/x.css); rect { fill: url(https://evil.example/p.svg#g); stroke: url(#ok) }</style>
  <a xlink:href="javascript:alert(3)"><rect width="5" height="5" onclick="alert(4)" style="fill:url('https://evil.example/i.png')"/></a>
  <image href="https://evil.example/track.png" width="1" height="1"/>
  <use xlink:href="https://evil.example/s.svg#x"/>
  <set attributeName="href" to="javascript:alert(5)"/>
  <text x="1" y="9" font-size="3">Salle &amp; hall</text>
</svg>"##;
        let clean = clean_svg(hostile).unwrap();
        let lower = clean.to_ascii_lowercase();
        for gone in ["script", "onload", "onclick", "foreignobject", "iframe", "evil.example", "javascript", "@import", "<set", "<a "] {
            assert!(!lower.contains(gone), "{gone} left in {clean}");
        }
        assert!(clean.contains("url(#ok)"), "{clean}");
        assert!(clean.contains(">Salle &amp; hall</text>"), "{clean}");
        assert!(clean.contains("<rect width=\"5\" height=\"5\""), "the drawing stays: {clean}");
        assert_eq!(svg_size(&clean).0, 1000, "a 10×10 viewBox");
        assert_eq!(svg_size(&clean).2, Some(0.3), "its text is 3 of its 10 high");
        // The clean picture is itself an SVG that cleans to itself.
        assert_eq!(clean_svg(&clean).unwrap(), clean);
    }

    #[test]
    fn entities_and_non_svg_are_refused() {
        let laughs = r#"<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]><svg xmlns="http://www.w3.org/2000/svg"><text>&b;</text></svg>"#;
        assert!(Picture::checked(laughs.as_bytes(), "plan.svg").unwrap_err().to_string().contains("entités"));
        let html = "<html><body>hi</body></html>";
        assert!(Picture::checked(html.as_bytes(), "plan.svg").unwrap_err().to_string().contains("pas un SVG"));
        assert!(Picture::checked(b"GIF89a....", "plan.gif").unwrap_err().to_string().contains("plan.gif"));
        assert!(Picture::checked(&vec![b' '; MAX_BYTES + 1], "big.svg").unwrap_err().to_string().contains("Kio"));
    }

    #[test]
    fn a_picture_too_large_in_pixels_is_refused_by_its_header() {
        let png = |w: u32, h: u32| {
            let mut out = Vec::new();
            let mut enc = png::Encoder::new(&mut out, w, h);
            enc.set_color(png::ColorType::Grayscale);
            let mut wr = enc.write_header().unwrap();
            wr.write_image_data(&vec![255u8; (w * h) as usize]).unwrap();
            wr.finish().unwrap();
            out
        };
        // A few hundred bytes that a webview would unpack into a 9,000-pixel-wide bitmap.
        let wide = png(9000, 2);
        assert!(wide.len() < 2000);
        let e = Picture::checked(&wide, "bomb.png").unwrap_err().to_string();
        assert!(e.contains("bomb.png") && e.contains("9000×2"), "{e}");
        let ok = Picture::checked(&png(40, 30), "plan.png").unwrap();
        assert_eq!(ok.mime, "image/png");
        assert!(ok.data_url().starts_with("data:image/png;base64,"));
    }
}
