//! What the CLI prints for a person: one line or a short list, French first. `--json`
//! prints the serde value instead (see `out`).

use bluehats_core::attendee::Attendee;
use bluehats_core::event::Event;
use bluehats_core::programme::live::Screen;
use bluehats_core::programme::Programme;
use bluehats_core::store::{ImportPlan, ProgrammeUpdate, Stats};
use bluehats_core::verdict::{ScanOutcome, Verdict};
use serde::Serialize;

/// Prints `value` as JSON for scripts, or `human()` for a person.
pub fn out<T: Serialize>(json: bool, value: &T, human: impl FnOnce() -> String) {
    if json {
        println!("{}", serde_json::to_string_pretty(value).expect("serialisable"));
    } else {
        println!("{}", human());
    }
}

pub fn verdict(o: &ScanOutcome, event: &Event) -> String {
    match &o.verdict {
        Verdict::Admitted { person } => format!("ENTRÉE OK / ADMITTED: {}", person.name),
        Verdict::AlreadyAdmitted { person, first_at, first_desk } => format!(
            "DÉJÀ ENTRÉ·E / ALREADY ADMITTED: {} ({}, {})",
            person.name,
            first_at.with_timezone(&event.tz()).format("%H:%M:%S"),
            first_desk
        ),
        Verdict::Unknown => "BILLET INCONNU / UNKNOWN TICKET".into(),
        Verdict::Forged => "BILLET FALSIFIÉ / FORGED TICKET".into(),
        Verdict::Revoked { person } => format!("BILLET ANNULÉ / REVOKED TICKET: {}", person.name),
        Verdict::Malformed { reason } => format!("PAS UN BILLET / NOT A TICKET: {reason}"),
    }
}

pub fn import_plan(plan: &ImportPlan, file: &str) -> String {
    let mut s = format!(
        "{} ({} détecté / detected)\n{} lignes / rows: {} nouveaux / new, {} mis à jour / updated, {} inchangés / unchanged, {} invalides / bad",
        if plan.applied { "Enregistré / stored" } else { "Simulation, rien n'a été enregistré / dry run, nothing was stored" },
        plan.encoding,
        plan.rows,
        plan.new,
        plan.updated,
        plan.unchanged,
        plan.bad.len()
    );
    for m in &plan.matched_by_email {
        s.push_str(&format!("\n  {file}, ligne {} : {} retrouvé·e par son courriel / line {}: {} matched by e-mail", m.line, m.name, m.line, m.name));
    }
    for b in &plan.bad {
        s.push('\n');
        s.push_str(&b.describe(file));
    }
    s
}

pub fn attendees(list: &[Attendee]) -> String {
    list.iter()
        .map(|a| {
            let inside = if a.checked_in_at.is_some() { "entré·e / in" } else { "" };
            format!("{}\t{}\t{}\t{inside}", a.id, a.name, a.organisation.as_deref().unwrap_or(""))
        })
        .collect::<Vec<_>>()
        .join("\n")
}

pub fn found(list: &[Attendee]) -> String {
    list.iter().map(|a| format!("{}\t{}\t{}", a.id, a.name, a.organisation.as_deref().unwrap_or(""))).collect::<Vec<_>>().join("\n")
}

pub fn stats(s: &Stats) -> String {
    format!("{} entrés / admitted sur / of {} inscrits / registered; {} passages / scans", s.admitted, s.registered, s.scans)
}

pub fn event(e: &Event) -> String {
    format!("{}\n{}\n{} {}\n{}\n{}", e.name, e.venue, e.room, e.date, e.programme_url, e.licence)
}

pub fn programme_update(up: &ProgrammeUpdate) -> String {
    format!(
        "{} blocs / blocks, {} exposés / talks ({} nouveaux / new, {} renommés / renamed, {} retirés / removed)",
        up.blocks, up.talks, up.added, up.renamed, up.removed
    )
}

pub fn programme(p: &Programme, e: &Event) -> String {
    let mut lines = Vec::new();
    for b in &p.blocks {
        lines.push(format!("{}–{}  {} [{}]", e.local_hm(b.starts), e.local_hm(b.ends), b.title, b.kind.as_str()));
        for t in &b.talks {
            lines.push(format!("    #{} {} — {}", t.id, t.title, t.speakers.iter().map(|s| s.name.as_str()).collect::<Vec<_>>().join(", ")));
        }
    }
    lines.join("\n")
}

pub fn screen(s: &Screen) -> String {
    let mut lines = vec![format!("{}  ({:?})", s.clock, s.phase)];
    if let Some(a) = &s.announcement {
        lines.push(format!("ANNONCE / ANNOUNCEMENT: {a}"));
    }
    if let Some(b) = &s.block {
        lines.push(format!("Bloc / Block: {} ({}–{})", b.title, b.starts, b.ends));
    }
    if let Some(t) = &s.now {
        lines.push(format!("Maintenant / Now: {} — {}", t.title, t.speakers.iter().map(|p| p.name.as_str()).collect::<Vec<_>>().join(", ")));
    }
    if let Some(t) = &s.next {
        lines.push(format!("Ensuite / Next ({}): {}", t.starts, t.title));
    }
    lines.join("\n")
}

/// The venue part of `stats` on a hub: desks and screens seen, conflicts (empty elsewhere).
pub fn venue(v: &bluehats_core::venue::VenueReport, e: &Event) -> String {
    let tz = e.tz();
    let mut s = String::new();
    for m in &v.machines {
        let seen = m.last_seen.map(|t| t.with_timezone(&tz).format("%H:%M:%S").to_string()).unwrap_or_else(|| "—".into());
        s += &format!("\n{} ({}) : vu à / last seen {seen}", m.name, m.role);
    }
    if !v.conflicts.is_empty() {
        s += &format!("\nCONFLITS / CONFLICTS: {}", v.conflicts.len());
        for c in &v.conflicts {
            let t = |d: chrono::DateTime<chrono::Utc>| d.with_timezone(&tz).format("%H:%M:%S").to_string();
            s += &format!("\n  {} : {} à / at {} · puis / then {} à / at {}", c.name, c.first_desk, t(c.first_at), c.desk, t(c.at));
        }
    }
    s
}
