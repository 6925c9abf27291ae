//! The command line: the same binary is the app (no subcommand) and a tool for preparing
//! the event, scripting and testing. Every subcommand takes `--data DIR` and `--json`.
//!
//! Exit codes: 0 success (or admitted); 1 error; 2 usage; 3 bad input file; 4 store
//! unusable (newer version, database error); 10 already admitted; 11 unknown; 12 forged;
//! 13 revoked; 14 malformed.

use std::path::{Path, PathBuf};

use bluehats_core::attendee::{Category, NewAttendee, Source};
use bluehats_core::clock::VenueClock;
use bluehats_core::import::{parse_csv, ImportError};
use bluehats_core::programme::control::{self, LiveAction};
use bluehats_core::programme::live::Screen;
use bluehats_core::store::ImportPlan;
use bluehats_core::verdict::Verdict;
use bluehats_core::{demo, export, KioskError, Store};
use chrono::{DateTime, Utc};
use clap::{Parser, Subcommand, ValueEnum};
use serde::Serialize;

#[derive(Parser, Debug)]
#[command(name = "bluehats-kiosk", version, about = "Accueil et affichage d'une journée de conférences / Entrance check-in and signage for a one-day conference")]
pub struct Cli {
    /// Dossier des données (un fichier SQLite par événement) / data directory [env: KIOSK_DATA]
    #[arg(long, global = true, env = "KIOSK_DATA")]
    pub data: Option<PathBuf>,
    /// Sortie JSON pour les scripts / JSON output for scripts
    #[arg(long, global = true)]
    pub json: bool,
    /// Horloge de répétition : l'instant de départ (RFC 3339) / rehearsal clock start instant
    #[arg(long, global = true)]
    pub rehearsal: Option<String>,
    /// Vitesse de la répétition / rehearsal speed
    #[arg(long, global = true, default_value_t = 1.0)]
    pub speed: f64,
    /// Ajoute 300 participants fictifs (app) / adds 300 invented attendees (app)
    #[arg(long)]
    pub demo: bool,
    /// Nom de ce poste d'accueil / this desk's name
    #[arg(long, global = true)]
    pub desk: Option<String>,
    /// Fenêtre d'affichage : fenêtrée, plein écran ou aucune / signage window mode
    #[arg(long, value_enum, default_value_t = SignageMode::Windowed)]
    pub signage: SignageMode,
    /// Écran (numéro, à partir de 0) de l'affichage en plein écran / monitor for fullscreen signage
    #[arg(long)]
    pub signage_monitor: Option<usize>,
    /// Sans fenêtre d'accueil : un poste qui n'est qu'un affichage / no desk window: a signage-only machine
    #[arg(long)]
    pub no_desk_window: bool,
    #[command(subcommand)]
    pub cmd: Option<Cmd>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SignageMode {
    Windowed,
    Fullscreen,
    Off,
}

#[derive(Subcommand, Debug)]
pub enum Cmd {
    /// Crée le magasin avec l'événement par défaut / creates the store with the default event
    Init {
        #[arg(long)]
        demo: bool,
    },
    /// Participants / attendees
    #[command(subcommand)]
    Attendees(AttendeesCmd),
    /// Billets / tickets
    #[command(subcommand)]
    Tickets(TicketsCmd),
    /// Contrôle d'un billet / check a ticket in
    Checkin {
        /// Le code scanné / the scanned code
        #[arg(required_unless_present = "batch")]
        code: Option<String>,
        /// Un code par ligne (« - » : entrée standard) ; une ligne JSON par verdict, écrite une fois le passage enregistré sur disque / one code a line ("-": stdin); one JSON line per verdict, written once on disk
        #[arg(long, conflicts_with = "code")]
        batch: Option<PathBuf>,
    },
    /// Recherche par nom, organisme ou courriel / search by name, organisation or e-mail
    Search {
        text: String,
    },
    /// Chiffres de l'accueil / entrance figures
    Stats,
    /// L'événement : nom, lieu, salle, adresse du programme en ligne / the event
    #[command(subcommand)]
    Event(EventCmd),
    /// Programme
    #[command(subcommand)]
    Programme(ProgrammeCmd),
    /// Pilotage en direct / live control
    #[command(subcommand)]
    Live(LiveCmd),
}

#[derive(Subcommand, Debug)]
pub enum AttendeesCmd {
    /// Importe un CSV d'inscriptions / imports a registrations CSV
    Import {
        file: PathBuf,
        #[arg(long)]
        dry_run: bool,
        #[arg(long)]
        skip_bad: bool,
    },
    /// Ajoute une personne / adds a person
    Add {
        #[arg(long)]
        name: String,
        #[arg(long)]
        org: Option<String>,
        #[arg(long, default_value = "other")]
        category: String,
        #[arg(long)]
        email: Option<String>,
    },
    List,
}

#[derive(Subcommand, Debug)]
pub enum TicketsCmd {
    /// QR codes SVG et PNG, CSV de publipostage, planche de badges PDF / QR codes, mail-merge CSV, PDF badges
    Export {
        #[arg(long)]
        out: PathBuf,
        #[arg(long)]
        pdf: Option<PathBuf>,
    },
    /// Annule un billet / revokes a ticket
    Revoke { code: String },
}

#[derive(Subcommand, Debug)]
pub enum EventCmd {
    Show,
    /// Change ce qui est donné / changes what is given
    Set {
        #[arg(long)]
        name: Option<String>,
        #[arg(long)]
        venue: Option<String>,
        #[arg(long)]
        room: Option<String>,
        /// Adresse du programme en ligne, montrée en QR code sur l'affichage / online programme address (QR on the signage)
        #[arg(long)]
        programme_url: Option<String>,
        #[arg(long)]
        contact: Option<String>,
    },
}

#[derive(Subcommand, Debug)]
pub enum ProgrammeCmd {
    /// org-mode, schedule.xml / schedule.json (frab, pretalx), Pentabarf XML, iCalendar
    Import {
        file: PathBuf,
        #[arg(long)]
        room: Option<String>,
        #[arg(long)]
        tz: Option<String>,
    },
    Export {
        #[arg(long, value_enum)]
        format: ExportFormat,
        #[arg(long)]
        out: PathBuf,
    },
    /// Ce que l'affichage montre à un instant / what the signage shows at an instant
    Now {
        #[arg(long)]
        at: Option<String>,
    },
    Show,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ExportFormat {
    ScheduleJson,
    ScheduleXml,
    Ics,
}

#[derive(Subcommand, Debug)]
pub enum LiveCmd {
    Start { talk_id: Option<i64> },
    Next,
    Prev,
    EndBlock,
    Delay {
        #[arg(allow_hyphen_values = true)]
        minutes: i64,
    },
    Announce { text: String },
    Clear,
}

/// The data directory: `--data`, else KIOSK_DATA (read by clap), else the OS app-data
/// directory (the same one Tauri would use for the app's identifier).
pub fn data_dir(cli: &Cli) -> PathBuf {
    cli.data.clone().unwrap_or_else(|| {
        dirs::data_dir().unwrap_or_else(|| PathBuf::from(".")).join("fr.bluehats.kiosk")
    })
}

pub fn clock(cli: &Cli) -> Result<VenueClock, KioskError> {
    match &cli.rehearsal {
        None => Ok(VenueClock::Real),
        Some(s) => Ok(VenueClock::rehearsal(parse_instant(s)?, cli.speed)),
    }
}

pub fn parse_instant(s: &str) -> Result<DateTime<Utc>, KioskError> {
    DateTime::parse_from_rfc3339(s.trim()).map(|d| d.with_timezone(&Utc)).map_err(|_| KioskError::InvalidField {
        field: "instant (RFC 3339, ex. 2021-11-09T10:05:00+01:00)",
        field_en: "instant (RFC 3339, e.g. 2021-11-09T10:05:00+01:00)",
        value: s.to_string(),
    })
}

/// A web address for the programme's QR code: http(s) only.
pub fn checked_url(url: &str) -> Result<String, KioskError> {
    let u = url.trim();
    if (u.starts_with("https://") || u.starts_with("http://")) && u.len() > 10 && !u.contains(char::is_whitespace) {
        Ok(u.to_string())
    } else {
        Err(KioskError::InvalidField { field: "adresse web", field_en: "web address", value: url.to_string() })
    }
}

/// Opens the store, with the default programme if it has none yet.
pub fn open_store(dir: &Path) -> Result<Store, KioskError> {
    let mut store = Store::open_dir(dir)?;
    if store.programme()?.blocks.is_empty() {
        let p = bluehats_core::programme::org::parse_org(bluehats_core::DEFAULT_PROGRAMME_ORG, "bluehats-osx-2021.org", store.event())?;
        store.save_programme(&p)?;
    }
    Ok(store)
}

/// Adds the demo attendees once.
pub fn add_demo(store: &mut Store, now: DateTime<Utc>) -> Result<usize, KioskError> {
    if store.stats()?.registered > 0 {
        return Ok(0);
    }
    store.add_attendees(&demo::attendees(300), Source::Demo, now)
}

/// Parses and applies an attendee CSV: with bad rows, nothing is stored unless `skip_bad`.
pub fn import_attendees(
    store: &mut Store,
    bytes: &[u8],
    file: &str,
    dry_run: bool,
    skip_bad: bool,
    now: DateTime<Utc>,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<ImportPlan, KioskError> {
    let parsed = parse_csv(bytes, file)?;
    if let (Some(first), false, false) = (parsed.bad.first(), skip_bad, dry_run) {
        // Every bad row (up to 50), so the organiser fixes the file in one go.
        let details: String = parsed
            .bad
            .iter()
            .skip(1)
            .take(49)
            .map(|b| format!("\n  {file}, ligne {} : {} / line {}: {}", b.line, b.reason, b.line, b.reason_en))
            .collect();
        return Err(ImportError::BadRows {
            file: file.to_string(),
            count: parsed.bad.len(),
            line: first.line,
            reason: first.reason.clone(),
            reason_en: first.reason_en.clone(),
            details,
        }
        .into());
    }
    store.import_attendees(&parsed.rows, parsed.bad, !dry_run, now, progress)
}

fn out<T: Serialize>(json: bool, value: &T, human: impl FnOnce() -> String) {
    if json {
        println!("{}", serde_json::to_string_pretty(value).expect("serialisable"));
    } else {
        println!("{}", human());
    }
}

fn exit_code(e: &KioskError) -> i32 {
    match e {
        KioskError::Import(_) | KioskError::Programme(_) | KioskError::InvalidField { .. } => 3,
        KioskError::StoreTooNew { .. } | KioskError::Database(_) => 4,
        _ => 1,
    }
}

/// Runs a subcommand; returns the process exit code.
pub fn run(cli: &Cli, cmd: &Cmd) -> i32 {
    match run_inner(cli, cmd) {
        Ok(code) => code,
        Err(e) => {
            if cli.json {
                println!("{}", serde_json::json!({ "error": e.code(), "message": e.to_string() }));
            }
            eprintln!("bluehats-kiosk: {e}");
            exit_code(&e)
        }
    }
}

fn screen_text(s: &Screen) -> String {
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

fn run_inner(cli: &Cli, cmd: &Cmd) -> Result<i32, KioskError> {
    let dir = data_dir(cli);
    let clock = clock(cli)?;
    let mut store = open_store(&dir)?;
    let now = clock.now();
    let desk = cli.desk.clone().or(store.setting("desk")?).unwrap_or_else(|| "cli".into());
    match cmd {
        Cmd::Init { demo } => {
            let added = if *demo { add_demo(&mut store, now)? } else { 0 };
            let stats = store.stats()?;
            out(cli.json, &serde_json::json!({ "store": store.path(), "event": store.event().name, "demo_added": added, "registered": stats.registered }), || {
                format!("{} — {} ({} inscrits / registered)", store.event().name, store.path().display(), stats.registered)
            });
        }
        Cmd::Attendees(AttendeesCmd::Import { file, dry_run, skip_bad }) => {
            let bytes = std::fs::read(file).map_err(|e| KioskError::io(file, e))?;
            let name = file.display().to_string();
            let show_progress = !cli.json && bytes.len() > 1_000_000;
            let plan = import_attendees(&mut store, &bytes, &name, *dry_run, *skip_bad, now, &mut |d, t| {
                if show_progress {
                    eprint!("\r{d}/{t}");
                }
            })?;
            if show_progress {
                eprintln!();
            }
            out(cli.json, &plan, || {
                let mut s = format!(
                    "{}{} lignes / rows: {} nouveaux / new, {} mis à jour / updated, {} inchangés / unchanged, {} invalides / bad",
                    if plan.applied { "" } else { "(essai / dry run) " },
                    plan.rows, plan.new, plan.updated, plan.unchanged, plan.bad.len()
                );
                for b in &plan.bad {
                    s.push_str(&format!("\n  {name}, ligne {} : {} / line {}: {}", b.line, b.reason, b.line, b.reason_en));
                }
                s
            });
        }
        Cmd::Attendees(AttendeesCmd::Add { name, org, category, email }) => {
            let category = Category::parse(category).ok_or_else(|| KioskError::InvalidField {
                field: "catégorie",
                field_en: "category",
                value: category.clone(),
            })?;
            let a = store.add_attendee(&NewAttendee { name: name.clone(), email: email.clone(), organisation: org.clone(), category }, Source::Manual, now)?;
            out(cli.json, &a, || format!("{} — {}", a.name, a.code.clone().unwrap_or_default()));
        }
        Cmd::Attendees(AttendeesCmd::List) => {
            let list = store.list_attendees()?;
            out(cli.json, &list, || {
                list.iter()
                    .map(|a| format!("{}\t{}\t{}\t{}", a.id, a.name, a.organisation.as_deref().unwrap_or(""), if a.checked_in_at.is_some() { "entré·e / in" } else { "" }))
                    .collect::<Vec<_>>()
                    .join("\n")
            });
        }
        Cmd::Tickets(TicketsCmd::Export { out: dir, pdf }) => {
            let people = store.tickets()?;
            let report = export::export_tickets(store.event(), &people, dir, pdf.as_deref())?;
            out(cli.json, &report, || format!("{} billets / tickets → {}", report.tickets, report.dir.display()));
        }
        Cmd::Tickets(TicketsCmd::Revoke { code }) => {
            let done = store.revoke(code, now)?;
            out(cli.json, &serde_json::json!({ "revoked": done }), || {
                if done { "Billet annulé / ticket revoked".into() } else { "Aucun billet actif avec ce code / no active ticket with this code".into() }
            });
            return Ok(if done { 0 } else { 1 });
        }
        Cmd::Checkin { batch: Some(path), .. } => {
            use std::io::{BufRead, Write};
            let reader: Box<dyn BufRead> = if path.as_os_str() == "-" {
                Box::new(std::io::stdin().lock())
            } else {
                Box::new(std::io::BufReader::new(std::fs::File::open(path).map_err(|e| KioskError::io(path, e))?))
            };
            let mut stdout = std::io::stdout().lock();
            for line in reader.lines() {
                let line = line.map_err(|e| KioskError::io(path, e))?;
                if line.trim().is_empty() {
                    continue;
                }
                let o = store.scan(&line, &desk, clock.now())?;
                // Printed only after the commit: a line seen is a check-in on disk.
                let _ = writeln!(stdout, "{}", serde_json::to_string(&o).expect("serialisable"));
                let _ = stdout.flush();
            }
        }
        Cmd::Checkin { code, .. } => {
            let code = code.as_deref().unwrap_or_default();
            let o = store.scan(code, &desk, now)?;
            out(cli.json, &o, || {
                let tz = store.event().tz();
                match &o.verdict {
                    Verdict::Admitted { person } => format!("ENTRÉE OK / ADMITTED: {}", person.name),
                    Verdict::AlreadyAdmitted { person, first_at, first_desk } => format!(
                        "DÉJÀ ENTRÉ·E / ALREADY ADMITTED: {} ({}, {})",
                        person.name,
                        first_at.with_timezone(&tz).format("%H:%M:%S"),
                        first_desk
                    ),
                    Verdict::Unknown => "BILLET INCONNU / UNKNOWN TICKET".into(),
                    Verdict::Forged => "BILLET FALSIFIÉ / FORGED TICKET".into(),
                    Verdict::Revoked { person } => format!("BILLET ANNULÉ / REVOKED TICKET: {}", person.name),
                    Verdict::Malformed { reason } => format!("PAS UN BILLET / NOT A TICKET: {reason}"),
                }
            });
            return Ok(o.verdict.exit_code());
        }
        Cmd::Search { text } => {
            let found = store.search(text, 30)?;
            out(cli.json, &found, || {
                found.iter().map(|a| format!("{}\t{}\t{}", a.id, a.name, a.organisation.as_deref().unwrap_or(""))).collect::<Vec<_>>().join("\n")
            });
        }
        Cmd::Stats => {
            let s = store.stats()?;
            out(cli.json, &s, || format!("{} entrés / admitted sur / of {} inscrits / registered; {} passages / scans", s.admitted, s.registered, s.scans));
        }
        Cmd::Event(EventCmd::Show) => {
            let e = store.event().clone();
            out(cli.json, &e, || format!("{}\n{}\n{} {}\n{}\n{}", e.name, e.venue, e.room, e.date, e.programme_url, e.licence));
        }
        Cmd::Event(EventCmd::Set { name, venue, room, programme_url, contact }) => {
            let mut e = store.event().clone();
            let set = |field: &mut String, v: &Option<String>| {
                if let Some(v) = v.as_deref().map(str::trim).filter(|v| !v.is_empty()) {
                    *field = v.to_string();
                }
            };
            set(&mut e.name, name);
            set(&mut e.venue, venue);
            set(&mut e.room, room);
            set(&mut e.contact, contact);
            if let Some(url) = programme_url {
                e.programme_url = checked_url(url)?;
            }
            store.update_event(e.clone())?;
            out(cli.json, &e, || format!("{} — {}", e.name, e.programme_url));
        }
        Cmd::Programme(ProgrammeCmd::Import { file, room, tz }) => {
            let bytes = std::fs::read(file).map_err(|e| KioskError::io(file, e))?;
            let p = bluehats_core::programme::import::read(&bytes, &file.display().to_string(), store.event(), room.as_deref(), tz.as_deref())?;
            let up = store.save_programme(&p)?;
            out(cli.json, &up, || format!("{} blocs / blocks, {} exposés / talks ({} nouveaux / new, {} retirés / removed)", up.blocks, up.talks, up.added, up.removed));
        }
        Cmd::Programme(ProgrammeCmd::Export { format, out: path }) => {
            let p = store.programme()?;
            let text = match format {
                ExportFormat::ScheduleJson => bluehats_core::programme::export::schedule_json(store.event(), &p),
                ExportFormat::ScheduleXml => bluehats_core::programme::export::schedule_xml(store.event(), &p),
                ExportFormat::Ics => bluehats_core::programme::export::ics(store.event(), &p),
            };
            std::fs::write(path, text).map_err(|e| KioskError::io(path, e))?;
            out(cli.json, &serde_json::json!({ "out": path }), || format!("→ {}", path.display()));
        }
        Cmd::Programme(ProgrammeCmd::Now { at }) => {
            let at = match at {
                Some(s) => parse_instant(s)?,
                None => now,
            };
            let s = store.screen(at)?;
            out(cli.json, &s, || screen_text(&s));
        }
        Cmd::Programme(ProgrammeCmd::Show) => {
            let p = store.programme()?;
            out(cli.json, &p, || {
                let e = store.event();
                let mut lines = Vec::new();
                for b in &p.blocks {
                    lines.push(format!("{}–{}  {} [{}]", e.local_hm(b.starts), e.local_hm(b.ends), b.title, b.kind.as_str()));
                    for t in &b.talks {
                        lines.push(format!("    #{} {} — {}", t.id, t.title, t.speakers.iter().map(|s| s.name.as_str()).collect::<Vec<_>>().join(", ")));
                    }
                }
                lines.join("\n")
            });
        }
        Cmd::Live(l) => {
            let action = match l {
                LiveCmd::Start { talk_id } => LiveAction::Start { talk_id: *talk_id },
                LiveCmd::Next => LiveAction::Next,
                LiveCmd::Prev => LiveAction::Prev,
                LiveCmd::EndBlock => LiveAction::EndBlock,
                LiveCmd::Delay { minutes } => LiveAction::Delay { minutes: *minutes },
                LiveCmd::Announce { text } => LiveAction::Announce { text: text.clone() },
                LiveCmd::Clear => LiveAction::Clear,
            };
            let s = control::apply(&mut store, &action, now)?;
            out(cli.json, &s, || screen_text(&s));
        }
    }
    Ok(0)
}

/// The binary's entry: a subcommand runs and exits; none opens the app.
pub fn main() -> i32 {
    let cli = Cli::parse();
    match &cli.cmd {
        Some(cmd) => run(&cli, cmd),
        None => match crate::app::run(&cli) {
            Ok(()) => 0,
            Err(e) => {
                eprintln!("bluehats-kiosk: {e}");
                exit_code(&e)
            }
        },
    }
}
