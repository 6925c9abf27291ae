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
        line(&serde_json::to_string_pretty(value).expect("serialisable"));
    } else {
        line(&human());
    }
}

/// One line to standard output. A reader that went away (`… | head`) ends the command
/// quietly: what it asked for was done, the rest was not wanted.
pub fn line(text: &str) {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    if let Err(e) = writeln!(out, "{text}").and_then(|()| out.flush()) {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            std::process::exit(0);
        }
    }
}

pub fn verdict(o: &ScanOutcome, event: &Event) -> String {
    let said = verdict_words(o, event);
    match o.verdict.person().and_then(|p| p.note.as_deref()) {
        Some(note) => format!("{said}\n  ▶ {note}"),
        None => said,
    }
}

fn verdict_words(o: &ScanOutcome, event: &Event) -> String {
    match &o.verdict {
        Verdict::Admitted { person } if person.attention => format!("APPELEZ L'ORGANISATION / CALL THE ORGANISERS (entré·e / admitted): {}", person.name),
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
        Verdict::Exited { person } => format!("SORTIE / EXIT: {}", person.name),
        Verdict::NotInside { person } => format!("PAS À L'INTÉRIEUR / NOT INSIDE: {}", person.name),
        Verdict::WrongGate { person, gates } => {
            let to = if gates.is_empty() { "l'accueil / the front desk".to_string() } else { gates.join(", ") };
            format!("MAUVAISE ENTRÉE / WRONG ENTRANCE: {} → {to}", person.name)
        }
        Verdict::RoomFull { person, room } => format!("SALLE COMPLÈTE / ROOM FULL ({room}): {} — pas entré·e, attendre une sortie / not admitted, wait for someone to leave", person.name),
        Verdict::AdmittedRoomFull { person, room } => format!("SALLE COMPLÈTE / ROOM FULL ({room}) — entré·e / admitted: {}", person.name),
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
    if !plan.categories_added.is_empty() {
        let names = plan.categories_added.iter().map(|d| d.fr.as_str()).collect::<Vec<_>>().join(", ");
        s.push_str(&format!("\nNouvelles catégories / new categories: {names} (categories set … pour les nommer en anglais et les colorer / to name them in English and colour them)"));
    }
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
    let mut out = format!("{} entrés / admitted sur / of {} inscrits / registered; {} passages / scans", s.admitted, s.registered, s.scans);
    out += &format!("\nPrésents / inside: {}", s.inside);
    if s.inside_by_room.len() > 1 || s.inside_by_room.keys().any(|k| k.is_empty()) {
        for (room, n) in &s.inside_by_room {
            out += &format!("\n  {}: {n}", if room.is_empty() { "hors salle / no room" } else { room });
        }
    }
    let mut gates: Vec<_> = s.admitted_by_gate.iter().collect();
    gates.sort();
    for (g, n) in gates {
        out += &format!("\nEntrée / gate {g}: {n}");
    }
    out
}

/// Each room: its capacity, what its door does once full, people inside, full or not.
pub fn rooms(list: &[bluehats_core::venue_map::Room], inside: &std::collections::BTreeMap<String, i64>, full: &[String]) -> String {
    use bluehats_core::venue_map::FullPolicy;
    list.iter()
        .map(|r| {
            let n = inside.get(&r.name).copied().unwrap_or(0);
            let cap = match (r.capacity, r.reopens_below()) {
                (Some(c), Some(low)) => format!(
                    " · {n}/{c} présent·es / inside · {} · rouverte sous / reopens below {low}",
                    match r.policy {
                        FullPolicy::Warn => "complète : avertir / full: warn",
                        FullPolicy::Refuse => "complète : refuser / full: refuse",
                    }
                ),
                _ => format!(" · {n} présent·es / inside · sans capacité / no capacity"),
            };
            let mark = if full.contains(&r.name) { "  SALLE COMPLÈTE / ROOM FULL" } else { "" };
            format!("{}{cap}{mark}", r.name)
        })
        .collect::<Vec<_>>()
        .join("\n")
}

pub fn event(info: &bluehats_core::service::EventInfo) -> String {
    let e = &info.event;
    let days = if e.days == 1 { e.first_day.to_string() } else { format!("{} → {} ({} jours / days)", e.first_day, e.last_day(), e.days) };
    let mut s = format!(
        "{}\n{}{}\n{days}, {}–{} ({})\n",
        e.name,
        e.venue,
        if e.address.is_empty() { String::new() } else { format!(", {}", e.address) },
        e.opens.format("%H:%M"),
        e.closes.format("%H:%M"),
        e.time_zone
    );
    let rooms: Vec<&str> = info.rooms.iter().map(|r| r.name.as_str()).collect();
    s += &format!("Salles / rooms: {}\n", if rooms.is_empty() { "—".to_string() } else { rooms.join(", ") });
    let positions: Vec<&str> = info.positions.iter().map(|p| p.key.as_str()).collect();
    s += &format!("Positions: {}\n", if positions.is_empty() { "—".to_string() } else { positions.join(", ") });
    s += &format!("Couleur / colour: {}{}", e.colour, if info.logo.is_some() { " · logo" } else { "" });
    for (label, v) in [("Contact", &e.contact), ("Programme en ligne / online programme", &e.programme_url), ("Crédit / credit", &e.source), ("Licence", &e.licence)] {
        if !v.is_empty() {
            s += &format!("\n{label}: {v}");
        }
    }
    s
}

pub fn rooms_update(r: &bluehats_core::service::RoomsUpdate) -> String {
    let mut s = String::new();
    for (a, b) in &r.renamed {
        s += &format!("\nSalle renommée / room renamed: {a} → {b}");
    }
    for a in &r.added {
        s += &format!("\nSalle ajoutée / room added: {a}");
    }
    for a in &r.removed {
        s += &format!("\nSalle retirée, avec son programme / room removed, with its programme: {a}");
    }
    s
}

pub fn position(p: &bluehats_core::venue_map::Position) -> String {
    let mut s = format!("{} ({}){}", p.name, p.key, if p.plan.is_some() { " · plan" } else { "" });
    for w in &p.ways {
        s += &format!("\n  → {} [{}] {} / {}", w.room, w.arrow.as_str(), w.fr, w.en);
    }
    s
}

/// The screen model, as a person reads it in a terminal.
pub fn model(m: &bluehats_core::signage::ScreenModel) -> String {
    let mut lines = vec![format!("{} · {}{}", m.clock, m.event.name, m.day.as_ref().map(|d| format!(" · {} / {}", d.words.fr, d.words.en)).unwrap_or_default())];
    if let Some(a) = &m.announcement {
        lines.push(format!("ANNONCE / ANNOUNCEMENT: {a}"));
    }
    for r in &m.rooms {
        lines.push(format!("[{}] {}", r.room, screen(&r.screen).replace('\n', "\n  ")));
        if let (Some(t), Some(d)) = (&r.opens, &r.day) {
            lines.push(format!("  Début / starts: {} {t}", d.words.fr));
        }
        if let Some(w) = &r.way {
            lines.push(format!("  {} {} / {}", w.arrow.as_str(), w.fr, w.en));
        }
    }
    if m.over {
        lines.push("Terminé / over".into());
    }
    lines.join("\n")
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
/// The machines joined to this hub, one a line.
pub fn gates(list: &[bluehats_core::gates::Gate], here: Option<&str>, defs: &[bluehats_core::categories::CategoryDef]) -> String {
    if list.is_empty() {
        return "Aucune entrée : chaque poste admet tout le monde / no gate: every desk admits everyone".into();
    }
    list.iter()
        .map(|g| {
            let cats = if g.categories.is_empty() {
                "tout le monde / everyone".to_string()
            } else {
                g.categories.iter().map(|c| bluehats_core::categories::words(defs, c).0).collect::<Vec<_>>().join(", ")
            };
            let mark = if here == Some(g.name.as_str()) { "  ← ce poste / this desk" } else { "" };
            let room = g.room.as_ref().map(|r| format!("  → salle / room {r}")).unwrap_or_default();
            format!("{}: {cats}{room}{mark}", g.name)
        })
        .collect::<Vec<_>>()
        .join("\n")
}

pub fn categories(list: &[bluehats_core::categories::CategoryDef], registered: &std::collections::HashMap<String, i64>) -> String {
    list.iter()
        .map(|d| {
            let n = registered.get(d.key.as_str()).copied().unwrap_or(0);
            format!("{:<16} {} / {}  {}  · {n} inscrit·es / registered", d.key.as_str(), d.fr, d.en, d.colour)
        })
        .collect::<Vec<_>>()
        .join("\n")
}

pub fn machines(list: &[bluehats_core::venue::Machine], e: &Event) -> String {
    let tz = e.tz();
    let t = |d: chrono::DateTime<chrono::Utc>| d.with_timezone(&tz).format("%Y-%m-%d %H:%M").to_string();
    if list.is_empty() {
        return "Aucun poste ni écran relié / no desk or screen joined".into();
    }
    list.iter()
        .map(|m| {
            let seen = m.last_seen.map(t).unwrap_or_else(|| "—".into());
            let state = match (m.revoked_at, m.expires_at) {
                (Some(r), _) => format!("retiré / removed {}", t(r)),
                (None, Some(x)) => format!("expire / expires {}", t(x)),
                (None, None) => String::new(),
            };
            format!("{:>3}  {:<6}  {}  · vu / seen {seen} · {state}", m.id, m.role, m.name)
        })
        .collect::<Vec<_>>()
        .join("\n")
}

pub fn venue(v: &bluehats_core::venue::VenueReport, e: &Event) -> String {
    use bluehats_core::venue::ConflictKind;
    let tz = e.tz();
    let mut s = String::new();
    for m in &v.machines {
        let seen = m.last_seen.map(|t| t.with_timezone(&tz).format("%H:%M:%S").to_string()).unwrap_or_else(|| "—".into());
        s += &format!("\n{} ({}) : vu à / last seen {seen}", m.name, m.role);
    }
    let t = |d: chrono::DateTime<chrono::Utc>| d.with_timezone(&tz).format("%H:%M:%S").to_string();
    if !v.conflicts.is_empty() {
        s += &format!("\nÀ VÉRIFIER / TO CHECK: {}", v.conflicts.len());
        for c in &v.conflicts {
            s += &match c.kind {
                ConflictKind::Twice => format!("\n  {} : entré·e deux fois / admitted twice: {} à / at {} · puis / then {} à / at {}", c.name, c.first_desk, t(c.first_at), c.desk, t(c.at)),
                ConflictKind::Revoked => format!("\n  {} : billet annulé à / ticket cancelled at {} · entré·e à / let in at {} à / at {}", c.name, t(c.first_at), c.desk, t(c.at)),
                ConflictKind::Clock => {
                    let claimed = c.first_at.with_timezone(&tz).format("%Y-%m-%d %H:%M");
                    format!("\n  {} : horloge à régler, entrée datée du {claimed}, gardée à {} / set its clock: entry dated {claimed}, kept at {}", c.desk, t(c.at), t(c.at))
                }
            };
        }
    }
    if !v.refused.is_empty() {
        s += &format!("\nREFUSÉES / REFUSED: {}", v.refused.len());
        for r in &v.refused {
            s += &format!("\n  {} {} : {} — {}", r.machine, t(r.at), r.what, r.reason);
        }
    }
    s
}

/// `print setup` / `print status`: the printer, its size, auto-print, what CUPS says.
pub fn print_setup(setup: &bluehats_core::service::PrintSetup, state: Option<&bluehats_core::printer::PrinterState>) -> String {
    let auto = if setup.auto { "impression automatique / auto-print: oui / on" } else { "impression automatique / auto-print: non / off" };
    match (&setup.printer, state) {
        (Some(p), Some(s)) => {
            let said = s.said(p);
            format!("{} / {} · badges {} · {auto}", said.fr, said.en, setup.size)
        }
        _ => format!("aucune imprimante / no printer · badges {} · {auto}", setup.size),
    }
}

/// The latest badges: id, state, name, when, the print system's last word.
pub fn print_jobs(jobs: &[bluehats_core::store::PrintJob], event: &Event) -> String {
    use bluehats_core::store::JobState;
    if jobs.is_empty() {
        return "aucun badge / no badge".into();
    }
    jobs.iter()
        .map(|j| {
            let state = match j.state {
                JobState::Waiting => "EN ATTENTE / WAITING",
                JobState::Sent => "imprimé / printed",
                JobState::Dropped => "abandonné / dropped",
            };
            let at = j.at.with_timezone(&event.tz()).format("%H:%M");
            let reason = j.reason.as_deref().map(|r| format!(" — {r}")).unwrap_or_default();
            format!("{:>5}  {at}  {state}  {}{reason}", j.id, j.name)
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// `tickets mail`'s report: counts, then each address refused and why.
pub fn mail_report(r: &bluehats_core::service::MailReport) -> String {
    let mut lines = vec![if r.written.is_empty() {
        format!(
            "{} envoyé(s) / sent ({:.1}/s) · {} déjà reçu(s) / mailed already · {} sans courriel / without e-mail · {} billet(s) annulé(s) / revoked",
            r.sent, r.per_second, r.already, r.no_email, r.revoked
        )
    } else {
        format!("{} message(s) écrit(s), rien d'envoyé / written, nothing sent:", r.written.len())
    }];
    lines.extend(r.written.iter().map(|p| format!("  {}", p.display())));
    if !r.failed.is_empty() {
        lines.push(format!("{} échec(s) / failure(s):", r.failed.len()));
        lines.extend(r.failed.iter().map(|f| format!("  {} <{}> — {}", f.name, f.address, f.reason)));
    }
    if let Some(why) = &r.stopped {
        lines.push(format!("arrêté, le serveur n'a pas pu prendre la suite ({why}) ; ce qui est parti est noté, relancez pour reprendre / stopped, the server could not take the rest ({why}); what was sent is recorded, run again to go on"));
    }
    lines.join("\n")
}
