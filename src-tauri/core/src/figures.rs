//! The figures after the day: who arrived when, per 5 minutes, by category and by desk. Only
//! anonymous facts (a time, a category, a desk), so they survive the purge of personal data.

use std::collections::BTreeSet;

use chrono::{DateTime, Duration, DurationRound, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use crate::categories::{Category, CategoryDef};

/// One check-in, as the figures keep it: nothing that names anyone.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Arrival {
    pub at: DateTime<Utc>,
    pub category: Category,
    pub desk: String,
    /// The gate it came through, if the desk stood at one.
    pub gate: Option<String>,
}

/// The chart's width of a bar.
pub const STEP_MINUTES: i64 = 5;
/// The most bars drawn: two days of 5-minute steps (a rehearsal's odd times stay bounded).
const MAX_BUCKETS: usize = 576;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct Bucket {
    /// "09:05", in the event's zone.
    pub start: String,
    pub at: DateTime<Utc>,
    pub total: i64,
    /// In the order of `ArrivalsChart::categories`.
    pub by_category: Vec<i64>,
    /// In the order of `ArrivalsChart::desks`.
    pub by_desk: Vec<i64>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct ArrivalsChart {
    pub step_minutes: i64,
    /// The event's categories (and any a stored arrival names that the event lost).
    pub categories: Vec<CategoryDef>,
    pub desks: Vec<String>,
    pub buckets: Vec<Bucket>,
    pub total: i64,
}

/// Arrivals per 5 minutes, from the first to the last (empty steps included).
pub fn chart(arrivals: &[Arrival], defs: &[CategoryDef], tz: Tz) -> ArrivalsChart {
    let step = Duration::minutes(STEP_MINUTES);
    let mut categories: Vec<CategoryDef> = defs.to_vec();
    for a in arrivals {
        if !categories.iter().any(|d| d.key == a.category) {
            let colour = crate::categories::PALETTE[categories.len() % crate::categories::PALETTE.len()].to_string();
            categories.push(CategoryDef { key: a.category.clone(), fr: a.category.to_string(), en: a.category.to_string(), colour });
        }
    }
    let desks: Vec<String> = arrivals.iter().map(|a| a.desk.clone()).collect::<BTreeSet<_>>().into_iter().collect();
    let floor = |t: DateTime<Utc>| t.duration_trunc(step).unwrap_or(t);
    let (Some(first), Some(last)) = (arrivals.iter().map(|a| floor(a.at)).min(), arrivals.iter().map(|a| floor(a.at)).max()) else {
        return ArrivalsChart { step_minutes: STEP_MINUTES, categories, desks, ..Default::default() };
    };
    let n = (((last - first).num_minutes() / STEP_MINUTES) as usize + 1).min(MAX_BUCKETS);
    let mut buckets: Vec<Bucket> = (0..n)
        .map(|i| {
            let at = first + step * i as i32;
            Bucket {
                start: at.with_timezone(&tz).format("%H:%M").to_string(),
                at,
                total: 0,
                by_category: vec![0; categories.len()],
                by_desk: vec![0; desks.len()],
            }
        })
        .collect();
    for a in arrivals {
        let i = ((floor(a.at) - first).num_minutes() / STEP_MINUTES) as usize;
        let Some(b) = buckets.get_mut(i) else { continue };
        b.total += 1;
        if let Some(c) = categories.iter().position(|c| c.key == a.category) {
            b.by_category[c] += 1;
        }
        if let Some(d) = desks.iter().position(|d| *d == a.desk) {
            b.by_desk[d] += 1;
        }
    }
    let total = buckets.iter().map(|b| b.total).sum();
    ArrivalsChart { step_minutes: STEP_MINUTES, categories, desks, buckets, total }
}


fn colour(list: &[String], k: usize) -> &str {
    list.get(k).or(list.get(k % list.len().max(1))).map(String::as_str).unwrap_or("#000000")
}

fn xml(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// Two stacked bar charts, by category and by desk, with their legends: a picture the
/// organiser can put in a report (SVG; the organiser's screen also saves it as PNG).
pub fn svg(c: &ArrivalsChart, title: &str) -> String {
    let (w, left, bar_h) = (1000.0_f64, 50.0, 170.0);
    let n = c.buckets.len().max(1) as f64;
    // A short day keeps thin bars: time reads left to right at the same scale.
    let bw = ((w - left - 20.0) / n).min(14.0);
    let max = c.buckets.iter().map(|b| b.total).max().unwrap_or(0).max(1) as f64;
    let mut out = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"560\" viewBox=\"0 0 {w} 560\" font-family=\"Atkinson Hyperlegible, sans-serif\" font-size=\"13\">\n<rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>\n<text x=\"{left}\" y=\"24\" font-size=\"18\" font-weight=\"700\">{}</text>\n<text x=\"{left}\" y=\"44\" fill=\"#333\">Arrivées par {} minutes : {} au total / arrivals per {} minutes: {} in all</text>\n",
        xml(title), c.step_minutes, c.total, c.step_minutes, c.total
    );
    let category_colours: Vec<String> = c.categories.iter().map(|d| d.colour.clone()).collect();
    let desk_colours: Vec<String> = crate::categories::PALETTE.iter().map(|s| s.to_string()).collect();
    let colours = [&category_colours, &desk_colours];
    let series: [(&str, Vec<String>, Box<dyn Fn(&Bucket) -> &Vec<i64>>); 2] = [
        (
            "Par catégorie / by category",
            c.categories.iter().map(|d| if d.fr == d.en { d.fr.clone() } else { format!("{} / {}", d.fr, d.en) }).collect(),
            Box::new(|b: &Bucket| &b.by_category),
        ),
        ("Par poste / by desk", c.desks.clone(), Box::new(|b: &Bucket| &b.by_desk)),
    ];
    for (si, (label, names, values)) in series.iter().enumerate() {
        let top = 70.0 + si as f64 * 245.0;
        let base = top + bar_h;
        out.push_str(&format!("<text x=\"{left}\" y=\"{}\" font-weight=\"700\">{}</text>\n", top - 6.0, xml(label)));
        out.push_str(&format!("<text x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text><text x=\"{}\" y=\"{base}\" text-anchor=\"end\">0</text>\n", left - 6.0, top + 12.0, max as i64, left - 6.0));
        out.push_str(&format!("<line x1=\"{left}\" y1=\"{base}\" x2=\"{}\" y2=\"{base}\" stroke=\"#333\"/>\n", w - 20.0));
        for (i, b) in c.buckets.iter().enumerate() {
            let x = left + i as f64 * bw;
            let mut y = base;
            for (k, v) in values(b).iter().enumerate() {
                if *v == 0 {
                    continue;
                }
                let h = *v as f64 / max * bar_h;
                y -= h;
                out.push_str(&format!(
                    "<rect x=\"{x:.1}\" y=\"{y:.1}\" width=\"{:.1}\" height=\"{h:.1}\" fill=\"{}\"><title>{} {}: {v}</title></rect>\n",
                    (bw - 1.0).max(0.5),
                    colour(colours[si], k),
                    b.start,
                    xml(names.get(k).map(String::as_str).unwrap_or(""))
                ));
            }
            if b.start.ends_with(":00") || c.buckets.len() <= 12 {
                out.push_str(&format!("<text x=\"{x:.1}\" y=\"{}\" fill=\"#333\">{}</text>\n", base + 16.0, b.start));
            }
        }
        let mut lx = left;
        for (k, name) in names.iter().enumerate() {
            out.push_str(&format!(
                "<rect x=\"{lx:.1}\" y=\"{}\" width=\"12\" height=\"12\" fill=\"{}\"/><text x=\"{:.1}\" y=\"{}\">{}</text>\n",
                base + 26.0,
                colour(colours[si], k),
                lx + 16.0,
                base + 37.0,
                xml(name)
            ));
            lx += 24.0 + name.chars().count() as f64 * 7.0;
        }
    }
    out.push_str("</svg>\n");
    out
}

/// One line per step: its start, the total, then a column per category and per desk.
pub fn csv(c: &ArrivalsChart) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut head = vec!["debut_start".to_string(), "total".to_string()];
    head.extend(c.categories.iter().map(|d| d.key.as_str().to_string()));
    head.extend(c.desks.iter().map(|d| format!("poste_desk:{}", crate::sheet::csv_safe(d))));
    let _ = w.write_record(&head);
    for b in &c.buckets {
        let mut row = vec![b.start.clone(), b.total.to_string()];
        row.extend(b.by_category.iter().map(i64::to_string));
        row.extend(b.by_desk.iter().map(i64::to_string));
        let _ = w.write_record(&row);
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arrivals_per_five_minutes_by_category_and_desk() {
        let at = |s: &str| DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc);
        let a = |t: &str, c: Category, d: &str| Arrival { at: at(t), category: c, desk: d.into(), gate: None };
        let list = [
            a("2021-11-09T08:01:00Z", Category::citizen(), "Entrée A"),
            a("2021-11-09T08:04:59Z", Category::public_agent(), "Entrée B"),
            a("2021-11-09T08:16:00Z", Category::citizen(), "Entrée A"),
        ];
        let c = chart(&list, &crate::categories::the_five(), chrono_tz::Europe::Paris);
        assert_eq!(c.buckets.iter().map(|b| (b.start.as_str(), b.total)).collect::<Vec<_>>(), [("09:00", 2), ("09:05", 0), ("09:10", 0), ("09:15", 1)]);
        assert_eq!(c.desks, ["Entrée A", "Entrée B"]);
        assert_eq!(c.buckets[0].by_desk, [1, 1]);
        let svg = svg(&c, "Journée BlueHats 2021");
        assert!(svg.starts_with("<svg") && svg.contains("Entrée B") && svg.contains("Citoyen·ne / Citizen"));
        assert!(csv(&c).lines().nth(1).unwrap().starts_with("09:00,2,"));
    }
}
