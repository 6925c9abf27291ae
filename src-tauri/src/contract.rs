//! The contract between Rust and the webview, derived from one source: the command list in
//! `commands.rs` and the serde types of the core. From them come
//! - `ui/src/gen/contract.ts`: every type the screens receive or send (by ts-rs, from the
//!   serde types themselves, so a field added in Rust reaches TypeScript with no hand edit)
//!   and one typed wrapper per command;
//! - `src-tauri/capabilities/*.json`: which window may call which command;
//! - `src-tauri/commands.list`: the build script's manifest of commands.
//!
//! `cargo test` fails when any of them is stale; `BLUEHATS_BLESS=1 cargo test contract`
//! rewrites them.

use std::path::{Path, PathBuf};

use ts_rs::{Config, TS};

use crate::commands::{specs, ts_config};

/// Every type declared in the generated file, in the order written.
fn declarations(cfg: &Config) -> Vec<String> {
    use bluehats_core as c;
    macro_rules! decls {
        ($($t:ty),* $(,)?) => { vec![$(<$t as TS>::decl(cfg)),*] };
    }
    decls![
        c::bilingual::Bilingual,
        c::event::Event,
        c::clock::VenueClock,
        c::picture::PictureInfo,
        c::venue_map::Room,
        c::venue_map::FullPolicy,
        c::store::InsideOverTime,
        c::venue_map::Arrow,
        c::venue_map::Way,
        c::venue_map::Here,
        c::venue_map::Position,
        c::signage::View,
        c::service::ScreenSetting,
        c::service::EventInfo,
        c::service::EventEdit,
        c::service::CategoryEdit,
        c::service::SelfScan,
        c::categories::CategoryDef,
        c::gates::Gate,
        c::service::RoomsUpdate,
        c::service::WaySet,
        c::service::PositionSet,
        c::service::ProgrammeImport,
        c::attendee::Category,
        c::attendee::Source,
        c::attendee::NewAttendee,
        c::attendee::Attendee,
        c::verdict::VerdictKind,
        c::verdict::RecordKind,
        c::verdict::Person,
        c::verdict::Verdict,
        c::verdict::ScanOutcome,
        c::store::CheckinRow,
        c::store::Stats,
        c::service::Counters,
        c::service::WalkIn,
        c::service::ImportOptions,
        c::registrations::BadRow,
        c::store::ImportPlan,
        c::ticket_files::ExportReport,
        c::badge::BadgeSize,
        c::store::JobState,
        c::store::PrintJob,
        c::printer::PrinterState,
        c::service::PrintSetup,
        c::service::PrintRound,
        c::service::MailSecurity,
        c::service::MailServer,
        c::ticket_mail::MailTemplate,
        c::service::MailSettings,
        c::service::MailFailure,
        c::service::MailReport,
        c::programme::BlockKind,
        c::programme::Speaker,
        c::programme::Link,
        c::programme::Talk,
        c::programme::Block,
        c::programme::Programme,
        c::programme::live::Phase,
        c::programme::live::TalkView,
        c::programme::live::BlockView,
        c::programme::live::UpNext,
        c::programme::live::ItemState,
        c::programme::live::DayItem,
        c::programme::live::ComingTalk,
        c::programme::live::Coming,
        c::programme::live::Screen,
        c::signage::PublicEvent,
        c::signage::DayRelation,
        c::signage::DayView,
        c::signage::PositionView,
        c::signage::RoomScreen,
        c::signage::ScreenModel,
        c::programme::control::LiveAction,
        c::service::TalkEdit,
        c::service::NewTalk,
        c::service::ClockRequest,
        c::store::ProgrammeUpdate,
        c::service::LockStatus,
        c::figures::Bucket,
        c::figures::ArrivalsChart,
        c::service::FiguresReport,
        c::store::ExportLogged,
        c::store::PurgeReport,
        c::store::EmailMatch,
        c::venue::Role,
        c::venue::Pairing,
        c::venue::Machine,
        c::venue::Conflict,
        c::venue::ConflictKind,
        c::venue::RefusedEntry,
        c::venue::VenueReport,
        c::venue::LinkStatus,
        crate::venue::HubRunning,
        crate::venue::HubStatus,
        crate::venue::PairingCode,
        crate::camera::Frame,
        crate::sounds::Sound,
        crate::commands::IpcError,
        crate::commands::ImportProgress,
    ]
}

/// Events the Rust side pushes to the windows, and their payloads.
const EVENTS: &[(&str, &str)] =
    &[("screen", "ScreenModel"), ("import-progress", "ImportProgress"), ("mail-progress", "ImportProgress"), ("counters", "Counters"), ("link", "LinkStatus")];

/// The core's constants the screens need, so that none is copied by hand.
fn constants() -> String {
    use bluehats_core as c;
    let arrows: Vec<String> = c::venue_map::Arrow::ALL.iter().map(|a| format!("\"{}\"", a.as_str())).collect();
    format!(
        "/** The longest announcement a screen shows. */\nexport const MAX_ANNOUNCEMENT = {};\n\
         /** The most days an event may last. */\nexport const MAX_DAYS = {};\n\
         /** The longest direction sentence. */\nexport const MAX_DIRECTIONS = {};\n\
         /** Every arrow a way may have, in the order the forms list them. */\nexport const ARROWS: Arrow[] = [{}];\n\
         /** What a pairing code starts with (either keyboard reading). */\nexport const PAIRING_PREFIX = \"{}\";\n\
         /** What a signed ticket's text starts with (the scanner finds a code typed into a text box by it). */\nexport const TICKET_PREFIX = \"{}\";\n\
         /** An organiser PIN's length, in characters. */\nexport const PIN_MIN = {};\nexport const PIN_MAX = {};\n\
         /** The longest name or organisation, and e-mail, a form takes. */\nexport const MAX_NAME = {};\nexport const MAX_EMAIL = {};\n\
         /** The longest note for the door. */\nexport const MAX_NOTE = {};\n\
         /** The longest desk name. */\nexport const MAX_DESK_NAME = {};\n\
         /** The longest category name, and the most categories an event has. */\nexport const MAX_CATEGORY_NAME = {};\nexport const MAX_CATEGORIES = {};\n\n",
        c::programme::control::MAX_ANNOUNCEMENT,
        c::event::MAX_DAYS,
        c::venue_map::MAX_DIRECTIONS,
        arrows.join(", "),
        c::venue::PAIRING_PREFIX,
        c::ticket::PREFIX,
        c::service::PIN_MIN,
        c::service::PIN_MAX,
        c::attendee::MAX_NAME,
        c::attendee::MAX_EMAIL,
        c::attendee::MAX_NOTE,
        c::desk::MAX_CHARS,
        c::categories::MAX_CATEGORY_NAME,
        c::categories::MAX_CATEGORIES,
    )
}

fn camel(s: &str) -> String {
    let mut out = String::new();
    let mut up = false;
    for c in s.chars() {
        if c == '_' {
            up = true;
        } else if up {
            out.extend(c.to_uppercase());
            up = false;
        } else {
            out.push(c);
        }
    }
    out
}

/// The text of `ui/src/gen/contract.ts`.
pub fn typescript() -> String {
    let cfg = ts_config();
    let mut out = String::from(
        "// Generated from the Rust types and the command list (src-tauri/src/commands.rs) by\n\
         // `BLUEHATS_BLESS=1 cargo test contract`. Do not edit: a test fails when it is stale.\n\n\
         import { invoke, invokeRaw, listen } from \"../bridge.js\";\n\n",
    );
    for d in declarations(&cfg) {
        out.push_str("export ");
        out.push_str(d.trim());
        out.push_str("\n\n");
    }
    out.push_str(&constants());
    out.push_str("/** What the Rust side pushes, by event name. */\nexport interface Pushed {\n");
    for (name, ty) in EVENTS {
        out.push_str(&format!("  \"{name}\": {ty};\n"));
    }
    out.push_str("}\n\n/** Listens to a pushed event; resolves to the function that stops listening. */\n");
    out.push_str("export function on<K extends keyof Pushed>(event: K, cb: (payload: Pushed[K]) => void): Promise<() => void> {\n  return listen<Pushed[K]>(event, cb);\n}\n\n");
    for c in specs() {
        // Optional arguments may be left out only at the end of the list.
        let last_required = c.args.iter().rposition(|a| !a.2);
        let params: Vec<String> = c
            .args
            .iter()
            .enumerate()
            .map(|(i, (n, t, opt))| {
                let q = if *opt && last_required.is_none_or(|r| i > r) { "?" } else { "" };
                format!("{}{q}: {t}", camel(n))
            })
            .collect();
        let keys: Vec<String> = c.args.iter().map(|(n, _, _)| camel(n)).collect();
        let keys = if keys.is_empty() { "{}".to_string() } else { format!("{{ {} }}", keys.join(", ")) };
        let returns = if c.returns == "null" { "void".to_string() } else { c.returns.clone() };
        if !c.doc.is_empty() {
            out.push_str(&format!("/** {} */\n", c.doc.replace('\n', " ")));
        }
        // A camera frame travels as raw bytes, its size in headers (see camera.rs).
        if let [(name, ty, _)] = c.args.as_slice() {
            if *ty == <crate::camera::Frame as TS>::name(&cfg) {
                let arg = camel(name);
                out.push_str(&format!(
                    "export function {}({arg}: Frame): Promise<{returns}> {{\n  return invokeRaw(\"{}\", {arg}.pixels, {{ \"x-width\": String({arg}.width), \"x-height\": String({arg}.height) }});\n}}\n\n",
                    camel(c.name),
                    c.name,
                ));
                continue;
            }
        }
        out.push_str(&format!(
            "export function {}({}): Promise<{returns}> {{\n  return invoke(\"{}\", {keys});\n}}\n\n",
            camel(c.name),
            params.join(", "),
            c.name,
        ));
    }
    out.trim_end().to_string() + "\n"
}

/// What each window may do, in words (the capability file's description).
/// (capability, the windows it is for, what it allows in words)
const CAPABILITIES: &[(&str, &str, &str)] = &[
    ("desk", "desk", "The entrance desk: check-in, search, walk-ins, undo of its own check-ins, the organiser's lock."),
    ("organiser", "desk", "The organiser's screen, in the desk window: live control, imports, exports, settings. Each command also asks Rust for the unlocked screen (PIN)."),
    ("signage", "signage", "The signage screen reads the programme and listens; it cannot check anyone in nor see attendees."),
];

/// The capability files, by file name.
pub fn capabilities() -> Vec<(String, String)> {
    let specs = specs();
    CAPABILITIES
        .iter()
        .map(|(capability, window, description)| {
            // Every window listens; none emits (the signage can only read and listen).
            let mut permissions = match *capability {
                "organiser" => vec![],
                _ => vec!["core:event:allow-listen".to_string(), "core:event:allow-unlisten".to_string()],
            };
            permissions.extend(specs.iter().filter(|c| c.windows.contains(capability)).map(|c| format!("allow-{}", c.name.replace('_', "-"))));
            let value = serde_json::json!({
                "identifier": capability,
                "description": description,
                "windows": [window],
                "permissions": permissions,
            });
            (format!("{capability}.json"), serde_json::to_string_pretty(&value).expect("json") + "\n")
        })
        .collect()
}

/// The build script's manifest: one command name a line.
pub fn command_list() -> String {
    specs().iter().map(|c| format!("{}\n", c.name)).collect()
}

/// Every generated file, by path from the repository's root, with its text.
pub fn generated(root: &Path) -> Vec<(PathBuf, String)> {
    let mut files = vec![
        (root.join("ui/src/gen/contract.ts"), typescript()),
        (root.join("src-tauri/commands.list"), command_list()),
    ];
    for (name, text) in capabilities() {
        files.push((root.join("src-tauri/capabilities").join(name), text));
    }
    files
}
