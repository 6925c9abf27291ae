//! The org-mode programme, as the BlueHats day published it: a list of time blocks
//! ("- *9h30-10h30* : /Présentations courtes du matin/") with talks as nested items, no
//! per-talk times, and speakers written in several ways (", Name", " : Name", " par Name",
//! "(Org)", "(en visio)").

use crate::bilingual::bi;
use chrono::{NaiveDate, NaiveTime};

use super::{speakers, Block, BlockKind, Link, Programme, ProgrammeError, Talk};
use crate::event::Event;

/// "9h", "9h30", "14h45", "9:30", "09h05".
fn parse_hour(s: &str) -> Option<NaiveTime> {
    let s = s.trim().to_lowercase();
    let (h, m) = s.split_once(['h', ':']).unwrap_or((&s, ""));
    let h: u32 = h.trim().parse().ok()?;
    let m: u32 = if m.trim().is_empty() { 0 } else { m.trim().parse().ok()? };
    NaiveTime::from_hms_opt(h, m, 0)
}

/// Replaces org links by their text and collects them.
pub fn strip_links(s: &str) -> (String, Vec<Link>) {
    let mut out = String::new();
    let mut links = Vec::new();
    let mut rest = s;
    while let Some(start) = rest.find("[[") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let Some(end) = after.find("]]") else {
            out.push_str(&rest[start..]);
            rest = "";
            break;
        };
        let inner = &after[..end];
        let (url, text) = match inner.split_once("][") {
            Some((u, t)) => (u, t),
            None => (inner, inner),
        };
        out.push_str(text);
        links.push(Link { url: url.to_string(), text: text.to_string() });
        rest = &after[end + 2..];
    }
    out.push_str(rest);
    (out, links)
}

/// Drops org emphasis around a whole phrase: /italic/, *bold*.
fn unemphasise(s: &str) -> String {
    let t = s.trim();
    for m in ['/', '*', '_', '='] {
        if t.len() >= 2 && t.starts_with(m) && t.ends_with(m) {
            return t[1..t.len() - 1].trim().to_string();
        }
    }
    t.to_string()
}

fn looks_like_names(s: &str) -> bool {
    let s = s.trim();
    let words = s.split_whitespace().count();
    (1..=12).contains(&words) && s.chars().next().is_some_and(char::is_uppercase)
}

/// Splits a talk item into title and speakers at the last separator that leaves names after it.
pub fn parse_talk(item: &str) -> Talk {
    let (text, links) = strip_links(item);
    let mut text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut remote = false;
    for mark in ["(en visio)", "(visio)", "(remote)", "(à distance)"] {
        if let Some(i) = crate::search::fold(&text).find(&crate::search::fold(mark)) {
            // Folding keeps byte lengths for these ASCII marks but not always before them:
            // locate the mark in the original text by its char offset.
            let prefix_chars = crate::search::fold(&text)[..i].chars().count();
            let start = text.char_indices().nth(prefix_chars).map(|(b, _)| b).unwrap_or(text.len());
            let end = text[start..].find(')').map(|e| start + e + 1).unwrap_or(text.len());
            text = format!("{}{}", &text[..start], &text[end..]).trim().to_string();
            remote = true;
        }
    }
    let mut best: Option<(usize, usize)> = None;
    for sep in [", ", " : ", " par ", " by ", " - ", " – "] {
        let mut from = 0;
        while let Some(i) = text[from..].find(sep) {
            let at = from + i;
            let after = text[at + sep.len()..].trim_start_matches("par ");
            if looks_like_names(after) || (sep == " par " && !after.is_empty()) {
                if best.is_none_or(|(b, _)| at > b) {
                    best = Some((at, sep.len()));
                }
            }
            from = at + sep.len();
        }
    }
    let (title, speakers) = match best {
        Some((at, len)) => {
            let who = text[at + len..].trim();
            let who = who.strip_prefix("par ").unwrap_or(who);
            (text[..at].trim().trim_end_matches(',').to_string(), speakers::parse(who))
        }
        None => (text.clone(), Vec::new()),
    };
    Talk { id: 0, title, speakers, remote, links, minutes: None }
}

/// The first "2026-11-18" in a line (an org timestamp `<2026-11-18 mer.>` included).
fn date_in(line: &str) -> Option<NaiveDate> {
    let b = line.as_bytes();
    (0..b.len().saturating_sub(9)).find_map(|i| {
        let w = &b[i..i + 10];
        let digits = |r: std::ops::Range<usize>| w[r].iter().all(u8::is_ascii_digit);
        if digits(0..4) && w[4] == b'-' && digits(5..7) && w[7] == b'-' && digits(8..10) {
            NaiveDate::parse_from_str(std::str::from_utf8(w).ok()?, "%Y-%m-%d").ok()
        } else {
            None
        }
    })
}

/// The programme of an org file. Its blocks fall on the event's first day, unless the file
/// gives its date (`#+date: 2026-11-18`) or a heading does (`* Jeudi 2026-11-19`): a heading's
/// date holds for the blocks under it, as a day of a programme of several.
pub fn parse_org(text: &str, file: &str, event: &Event) -> Result<Programme, ProgrammeError> {
    let mut blocks: Vec<Block> = Vec::new();
    let mut title = None;
    let mut block_indent = None;
    let mut day = event.first_day;
    for (n, raw) in text.lines().enumerate() {
        let line_no = n + 1;
        if let Some(t) = raw.strip_prefix("#+title:").or_else(|| raw.strip_prefix("#+TITLE:")) {
            title = Some(t.trim().to_string());
            continue;
        }
        if let Some(t) = raw.strip_prefix("#+date:").or_else(|| raw.strip_prefix("#+DATE:")) {
            day = date_in(t).ok_or_else(|| ProgrammeError::AtLine {
                file: file.into(),
                line: line_no,
                message: bi(format!("date illisible « {} » (AAAA-MM-JJ)", t.trim()), format!("unreadable date \"{}\" (YYYY-MM-DD)", t.trim())),
            })?;
            continue;
        }
        if raw.starts_with('*') && raw.trim_start_matches('*').starts_with(' ') {
            // A new heading closes the current list; a date in it starts a day.
            block_indent = None;
            if let Some(d) = date_in(raw) {
                day = d;
            }
            continue;
        }
        let indent = raw.len() - raw.trim_start().len();
        let Some(item) = raw.trim_start().strip_prefix("- ") else { continue };
        let item = item.trim();
        // A block: "*9h30-10h30* : title".
        if let Some(rest) = item.strip_prefix('*') {
            if let Some((range, after)) = rest.split_once('*') {
                if let Some((a, b)) = range.split_once(['-', '–']) {
                    if a.trim().chars().next().is_some_and(|c| c.is_ascii_digit()) {
                        let bad = |what: &str, what_en: &str| ProgrammeError::AtLine {
                            file: file.into(),
                            line: line_no,
                            message: bi(format!("{what} « {range} »"), format!("{what_en} \"{range}\"")),
                        };
                        let start = parse_hour(a).ok_or_else(|| bad("heure de début illisible", "unreadable start time"))?;
                        let end = parse_hour(b).ok_or_else(|| bad("heure de fin illisible", "unreadable end time"))?;
                        if end <= start {
                            return Err(bad("la fin précède le début", "the end comes before the start"));
                        }
                        let (t, _) = strip_links(after.trim_start_matches([' ', ':']).trim());
                        let t = unemphasise(&t);
                        blocks.push(Block {
                            id: 0,
                            room: String::new(),
                            starts: event.at_on(day, start),
                            ends: event.at_on(day, end),
                            title: t,
                            kind: BlockKind::Talks,
                            talks: Vec::new(),
                        });
                        block_indent = Some(indent);
                        continue;
                    }
                }
            }
        }
        match (block_indent, blocks.last_mut()) {
            (Some(bi), Some(block)) if indent > bi => block.talks.push(parse_talk(item)),
            _ => block_indent = None,
        }
    }
    if blocks.is_empty() {
        return Err(ProgrammeError::File {
            file: file.into(),
            message: bi("aucun bloc horaire trouvé (lignes « - *9h30-10h30* : titre »)", "no time block found (lines \"- *9h30-10h30* : title\")"),
        });
    }
    for b in &mut blocks {
        b.kind = BlockKind::guess(&b.title, !b.talks.is_empty());
    }
    blocks.sort_by_key(|b| b.starts);
    Ok(Programme { blocks, source: title })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::programme::Speaker;

    /// An event on 9 November 2021, in Paris.
    fn paris_day() -> Event {
        Event::blank(NaiveDate::from_ymd_opt(2021, 11, 9).unwrap())
    }

    #[test]
    fn speaker_separators_of_the_fixture() {
        let t = parse_talk("Déploiement et intégration de [[https://x][RocketChat]] à l'Université de Lorraine : Benjamin Seclier");
        assert_eq!(t.title, "Déploiement et intégration de RocketChat à l'Université de Lorraine");
        assert_eq!(t.speakers[0].name, "Benjamin Seclier");
        assert_eq!(t.links[0].url, "https://x");

        let t = parse_talk("Présentation d'[[https://y][Esup-Pod]] par Nicolas Can (en visio)");
        assert!(t.remote);
        assert_eq!(t.title, "Présentation d'Esup-Pod");
        assert_eq!(t.speakers[0].name, "Nicolas Can");

        let t = parse_talk("[[https://z][Onyxia]]: présentation de la plateforme par Frédéric Comte (INSEE)");
        assert_eq!(t.title, "Onyxia: présentation de la plateforme");
        assert_eq!(t.speakers[0], Speaker { name: "Frédéric Comte".into(), organisation: Some("INSEE".into()) });

        let t = parse_talk("[[https://h][Multi]] : une nouvelle coopérative, [[https://t/j][Julien Paris]] et [[https://t/r][Johan Richer]]");
        assert_eq!(t.speakers.len(), 2);
        assert_eq!(t.speakers[1].name, "Johan Richer");

        let t = parse_talk("[[https://s][Démarches simplifiées]] par la [[https://n][DINUM]] Philippe Vrignaud");
        assert_eq!(t.title, "Démarches simplifiées");
        assert_eq!(t.speakers[0], Speaker { name: "Philippe Vrignaud".into(), organisation: Some("DINUM".into()) });
    }

    #[test]
    fn bad_times_name_the_line() {
        let e = parse_org("* x\n- *9h-9h30* : ok\n- *11h-10h* : nope\n", "p.org", &paris_day()).unwrap_err();
        assert!(e.to_string().contains("p.org, line 3"), "{e}");
    }

    #[test]
    fn the_file_and_its_headings_give_the_days() {
        let text = "#+title: Deux jours\n#+date: 2026-11-18\n* Mercredi\n- *9h-10h* : /Accueil/\n* Jeudi <2026-11-19 jeu.>\n- *9h30-10h* : /Café/\n";
        let p = parse_org(text, "j.org", &paris_day()).unwrap();
        assert_eq!(p.blocks[0].starts.to_rfc3339(), "2026-11-18T08:00:00+00:00");
        assert_eq!(p.blocks[1].starts.to_rfc3339(), "2026-11-19T08:30:00+00:00");
        let e = parse_org("#+date: demain\n", "j.org", &paris_day()).unwrap_err();
        assert!(e.to_string().contains("j.org, line 1"), "{e}");
    }
}
