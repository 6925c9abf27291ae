//! A ticket by e-mail: one message a person, French first then English, from the
//! organiser's template (subject and body, with the person's name, the event's date, venue,
//! room and directions filled in), the QR code inline and attached as PNG, and the event as
//! an .ics. Composition only: sending is `service::mailing`'s.

use lettre::message::header::ContentType;
use lettre::message::{Attachment, Mailbox, MultiPart, SinglePart};
use lettre::Message;
use serde::{Deserialize, Serialize};

use crate::bilingual::bi;
use crate::error::{KioskError, Result};
use crate::event::{day_words, Event};
use crate::programme::ical::escape;

/// The fields a template may name, as `{name}`.
pub const FIELDS: [&str; 9] = ["name", "event", "date", "hours", "venue", "address", "room", "directions", "code"];

/// The organiser's template: subject and plain-text body, with `{field}`s.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct MailTemplate {
    pub subject: String,
    pub body: String,
}

impl Default for MailTemplate {
    fn default() -> Self {
        MailTemplate {
            subject: "Votre billet : {event} / Your ticket: {event}".into(),
            body: "Bonjour {name},\n\n\
                   Voici votre billet pour {event}, le {date.fr} ({hours}), {venue}, salle {room}.\n\
                   {directions.fr}\n\n\
                   À l'entrée, présentez le code QR de ce message (aussi joint en image), sur votre téléphone ou imprimé.\n\n\
                   À bientôt !\n\n\
                   ---\n\n\
                   Hello {name},\n\n\
                   Here is your ticket for {event}, on {date.en} ({hours}), {venue}, room {room}.\n\
                   {directions.en}\n\n\
                   At the entrance, show the QR code in this message (also attached as a picture), on your phone or printed.\n\n\
                   See you soon!\n"
                .into(),
        }
    }
}

/// What a message fills its template with.
#[derive(Debug, Clone)]
pub struct Fields {
    pub name: String,
    pub event: String,
    pub date_fr: String,
    pub date_en: String,
    pub hours: String,
    pub venue: String,
    pub address: String,
    pub room: String,
    pub directions_fr: String,
    pub directions_en: String,
    pub code: String,
}

impl Fields {
    /// The event's part (the person's name and code are set per message).
    pub fn of_event(event: &Event, room: &str, directions: (String, String)) -> Fields {
        let dates = event.dates();
        let (first, last) = (dates[0], *dates.last().unwrap_or(&dates[0]));
        let (fr, en) = if first == last {
            let d = day_words(first, 0);
            (d.fr, d.en)
        } else {
            let (a, b) = (day_words(first, 0), day_words(last, 0));
            (format!("du {} au {}", a.fr, b.fr), format!("from {} to {}", a.en, b.en))
        };
        Fields {
            name: String::new(),
            event: event.name.clone(),
            date_fr: fr,
            date_en: en,
            hours: format!("{}–{}", event.opens.format("%H:%M"), event.closes.format("%H:%M")),
            venue: event.venue.clone(),
            address: event.address.clone(),
            room: room.to_string(),
            directions_fr: directions.0,
            directions_en: directions.1,
            code: String::new(),
        }
    }

    fn get(&self, field: &str) -> Option<&str> {
        Some(match field {
            "name" => &self.name,
            "event" => &self.event,
            "date" | "date.fr" => &self.date_fr,
            "date.en" => &self.date_en,
            "hours" => &self.hours,
            "venue" => &self.venue,
            "address" => &self.address,
            "room" => &self.room,
            "directions" | "directions.fr" => &self.directions_fr,
            "directions.en" => &self.directions_en,
            "code" => &self.code,
            _ => return None,
        })
    }
}

/// `text` with its `{field}`s filled; an unknown field is an error naming it (and the line).
pub fn fill(text: &str, f: &Fields) -> Result<String> {
    let mut out = String::with_capacity(text.len() + 64);
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else {
            out.push_str(&rest[open..]);
            return Ok(out);
        };
        let name = after[..close].trim();
        match f.get(name) {
            Some(v) => out.push_str(v),
            None => {
                let line = text[..text.len() - rest.len() + open].matches('\n').count() + 1;
                let known = FIELDS.join("}, {");
                return Err(KioskError::InvalidField {
                    field: bi(format!("champ du modèle de courriel, ligne {line} (connus : {{{known}}}, et .fr/.en pour date et directions)"), format!("mail template field, line {line} (known: {{{known}}}, and .fr/.en for date and directions)")),
                    value: format!("{{{name}}}"),
                });
            }
        }
        rest = &after[close + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

/// Checks a template: every field it names is one there is.
pub fn check(t: &MailTemplate) -> Result<()> {
    let f = Fields { name: String::new(), event: String::new(), date_fr: String::new(), date_en: String::new(), hours: String::new(), venue: String::new(), address: String::new(), room: String::new(), directions_fr: String::new(), directions_en: String::new(), code: String::new() };
    fill(&t.subject, &f)?;
    fill(&t.body, &f)?;
    if t.subject.trim().is_empty() || t.subject.contains(['\r', '\n']) {
        return Err(KioskError::InvalidField { field: bi("objet du courriel (une ligne)", "mail subject (one line)"), value: t.subject.clone() });
    }
    Ok(())
}

/// The event as a calendar entry: one a day, its hours, at the venue and room.
pub fn event_ics(event: &Event, room: &str) -> String {
    let z = |t: chrono::DateTime<chrono::Utc>| t.format("%Y%m%dT%H%M%SZ").to_string();
    let mut lines = vec![
        "BEGIN:VCALENDAR".to_string(),
        "VERSION:2.0".into(),
        format!("PRODID:-//BlueHats Kiosk//{}//FR", env!("CARGO_PKG_VERSION")),
        "METHOD:PUBLISH".into(),
    ];
    let location = [room, &event.venue, &event.address].iter().filter(|s| !s.is_empty()).cloned().collect::<Vec<_>>().join(", ");
    let stamp = z(chrono::Utc::now());
    for (i, day) in event.dates().into_iter().enumerate() {
        let (opens, closes) = event.hours_of(day);
        lines.push("BEGIN:VEVENT".into());
        lines.push(format!("UID:{}-{}-{i}@bluehats-kiosk", event.first_day, crate::programme::export::slugify(&event.name)));
        lines.push(format!("DTSTAMP:{stamp}"));
        lines.push(format!("DTSTART:{}", z(opens)));
        lines.push(format!("DTEND:{}", z(closes)));
        lines.push(format!("SUMMARY:{}", escape(&event.name)));
        if !location.is_empty() {
            lines.push(format!("LOCATION:{}", escape(&location)));
        }
        lines.push("END:VEVENT".into());
    }
    lines.push("END:VCALENDAR".into());
    lines.iter().map(|l| crate::programme::export::fold_line(l)).collect()
}

fn html_escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// One person's message.
pub fn message(from: &Mailbox, to: &Mailbox, subject: &str, body: &str, qr_png: Vec<u8>, ics: &str) -> Result<Message> {
    let png = ContentType::parse("image/png").expect("a known type");
    let calendar = ContentType::parse("text/calendar; charset=utf-8; method=PUBLISH").expect("a known type");
    // The HTML part: the QR code first (what the person shows at the door), then the same
    // words as the plain text.
    let paragraphs: Vec<String> = body.split("\n\n").map(|p| format!("<p>{}</p>", html_escape(p).replace('\n', "<br>"))).collect();
    let img = r#"<p style="text-align:center"><img src="cid:qr" alt="QR" width="300" height="300" style="image-rendering:pixelated"></p>"#;
    let html = format!(
        "<!doctype html><html><body style=\"font-family:sans-serif;margin:0;padding:16px\"><div style=\"max-width:640px;margin:auto;overflow-wrap:anywhere\">{img}{}</div></body></html>",
        paragraphs.join("")
    );
    let related = MultiPart::related()
        .multipart(MultiPart::alternative().singlepart(SinglePart::plain(body.to_string())).singlepart(SinglePart::html(html)))
        .singlepart(Attachment::new_inline("qr".into()).body(qr_png.clone(), png.clone()));
    let mixed = MultiPart::mixed()
        .multipart(related)
        .singlepart(Attachment::new("billet-ticket.png".into()).body(qr_png, png))
        .singlepart(Attachment::new("evenement-event.ics".into()).body(ics.to_string(), calendar));
    Message::builder()
        .from(from.clone())
        .to(to.clone())
        .subject(subject)
        .multipart(mixed)
        .map_err(|e| KioskError::InvalidField { field: bi("courriel", "e-mail"), value: e.to_string() })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields() -> Fields {
        let mut e = Event::blank(chrono::NaiveDate::from_ymd_opt(2027, 3, 16).unwrap());
        e.name = "Rencontres".into();
        let mut f = Fields::of_event(&e, "B-12", ("Au fond du couloir".into(), "End of the corridor".into()));
        f.name = "Zoé".into();
        f.code = "BH1-XYZ".into();
        f
    }

    #[test]
    fn the_default_template_fills_french_then_english() {
        let t = MailTemplate::default();
        check(&t).unwrap();
        let body = fill(&t.body, &fields()).unwrap();
        let (fr, en) = (body.find("Bonjour Zoé").unwrap(), body.find("Hello Zoé").unwrap());
        assert!(fr < en);
        assert!(body.contains("mardi 16 mars 2027") && body.contains("Tuesday 16 March 2027"), "{body}");
        assert!(body.contains("salle B-12") && body.contains("fond du couloir") && body.contains("End of the corridor"));
        assert_eq!(fill("{code}", &fields()).unwrap(), "BH1-XYZ");
    }

    #[test]
    fn an_unknown_field_is_named_with_its_line() {
        let e = fill("Bonjour\n{nom}", &fields()).unwrap_err().to_string();
        assert!(e.contains("{nom}") && e.contains("ligne 2") && e.contains("line 2") && e.contains("{name}"), "{e}");
    }
}
