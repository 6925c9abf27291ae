//! The webview's commands, listed once. Each is a thin face over the service layer
//! (`bluehats_core::service::Kiosk`): take the arguments, call one method, map the error.
//!
//! The list below is the single source: it gives the handler, the windows each command is
//! granted to (the capability files are generated from it), the build script's manifest,
//! and the TypeScript wrappers the screens call (`ui/src/gen/contract.ts`). A test fails
//! when any generated file is stale (see `contract.rs`).

use bluehats_core::attendee::{Attendee, NewAttendee};
use bluehats_core::clock::VenueClock;
use bluehats_core::programme::control::LiveAction;
use bluehats_core::event::Event;
use bluehats_core::programme::live::Screen;
use bluehats_core::programme::Programme;
use bluehats_core::figures::ArrivalsChart;
use bluehats_core::service::{
    CategoryEdit, ClockRequest, SelfScan, Counters, EventEdit, EventInfo, FiguresReport, ImportOptions, LockStatus, NewTalk, PositionSet, ProgrammeImport, RoomsUpdate, ScreenSetting,
    MailRun, MailServer, MailSettings, MailReport, PrintRound, PrintSetup, TalkEdit, WalkIn,
};
use bluehats_core::ticket_mail::MailTemplate;
use bluehats_core::signage::{ScreenModel, View};
use bluehats_core::venue_map::Position;
use bluehats_core::store::{CheckinRow, ExportLogged, ImportPlan, PrintJob, ProgrammeUpdate, PurgeReport, Stats};
use bluehats_core::badge::BadgeSize;
use bluehats_core::ticket_files::{self, ExportReport};
use bluehats_core::verdict::{Person, ScanOutcome};
use bluehats_core::KioskError;
use serde::Serialize;
use ts_rs::Config;

use crate::camera::Frame;
use crate::sounds::Sound;
use crate::state::AppState;
use crate::venue::{self, HubRunning, HubStatus, PairingCode};
use bluehats_core::venue::{LinkStatus, Pairing, Role};

/// Errors cross IPC as `{code, message}`: the message, in French and English, is what the
/// screens show; the code is for tests and scripts.
#[derive(Debug, Serialize, ts_rs::TS)]
pub struct IpcError {
    pub code: String,
    pub message: String,
}

impl From<KioskError> for IpcError {
    fn from(e: KioskError) -> Self {
        IpcError { code: e.code().to_string(), message: e.to_string() }
    }
}

/// An import's progress, pushed to the organiser's screen as `import-progress`.
#[derive(Debug, Clone, Copy, Serialize, ts_rs::TS)]
pub struct ImportProgress {
    pub done: usize,
    pub total: usize,
}

/// One command as the webview sees it.
#[derive(Debug, Clone)]
pub struct CommandSpec {
    pub name: &'static str,
    /// The windows (capabilities) it is granted to.
    pub windows: Vec<&'static str>,
    /// (name in Rust, TypeScript type, may be left out)
    pub args: Vec<(&'static str, String, bool)>,
    pub returns: String,
    pub doc: String,
}

/// Whether an argument may be left out by the caller (an `Option`).
pub trait Optional {
    const OPTIONAL: bool = false;
}
impl<T> Optional for Option<T> {
    const OPTIONAL: bool = true;
}
macro_rules! required {
    ($($t:ty),*) => { $(impl Optional for $t {})* };
}
required!(String, bool, i64, u32, usize, Vec<u8>, Vec<String>);
impl Optional for bluehats_core::attendee::NewAttendee {}
impl Optional for bluehats_core::programme::control::LiveAction {}
impl Optional for bluehats_core::service::ClockRequest {}
impl Optional for bluehats_core::service::ImportOptions {}
impl Optional for bluehats_core::service::NewTalk {}
impl Optional for bluehats_core::service::TalkEdit {}
impl Optional for bluehats_core::service::EventEdit {}
impl Optional for bluehats_core::service::CategoryEdit {}
impl Optional for bluehats_core::service::PositionSet {}
impl Optional for bluehats_core::service::ProgrammeImport {}
impl Optional for bluehats_core::venue::Role {}
impl Optional for bluehats_core::venue_map::FullPolicy {}
impl Optional for crate::camera::Frame {}
impl Optional for crate::sounds::Sound {}
impl Optional for bluehats_core::badge::BadgeSize {}
impl Optional for bluehats_core::service::MailServer {}

/// Numbers are JavaScript numbers: ids and counts stay far below 2^53.
pub fn ts_config() -> Config {
    Config::new().with_large_int("number")
}

/// What a desk in self-service mode still answers: the event, the camera, the scan of one's
/// own ticket, the way out with the organiser's PIN, and what the signage window reads.
const SELF_SERVICE: &[&str] = &["event_info", "read_frame", "self_scan", "end_self_service", "lock_status", "qr_svg", "screen_model", "plan", "logo"];

/// `[windows] fn name(state, args…) -> Returned { body }`: the body is an expression giving
/// `bluehats_core::Result<Returned>`; `state` is the `AppState` (a `Kiosk` by deref).
macro_rules! commands {
    ($( $(#[doc = $doc:literal])* [$($window:ident),+] fn $name:ident($st:ident $(, $arg:ident : $ty:ty)* $(,)?) -> $ret:ty $body:block )+) => {
        $(
            $(#[doc = $doc])*
            // async: run off the main (GTK) thread, so a busy store never freezes a window.
            #[tauri::command(async)]
            pub fn $name($st: tauri::State<'_, AppState> $(, $arg: $ty)*) -> Result<$ret, IpcError> {
                #[allow(unused_variables)]
                let $st: &AppState = &$st;
                // A self-service desk does what its attendees may, whatever the page asks.
                if !SELF_SERVICE.contains(&stringify!($name)) && [$(stringify!($window)),+].iter().any(|w| *w == "desk" || *w == "organiser") {
                    $st.refuse_in_self_service()?;
                }
                // The organiser's commands ask for the unlocked screen, in Rust, first.
                if [$(stringify!($window)),+].contains(&"organiser") {
                    $st.require_organiser()?;
                }
                let out: bluehats_core::Result<$ret> = $body;
                out.map_err(IpcError::from)
            }
        )+

        /// Every command: name, windows, TypeScript signature, doc.
        pub fn specs() -> Vec<CommandSpec> {
            let cfg = ts_config();
            vec![$(CommandSpec {
                name: stringify!($name),
                windows: vec![$(stringify!($window)),+],
                args: vec![$((stringify!($arg), <$ty as ts_rs::TS>::name(&cfg), <$ty as Optional>::OPTIONAL)),*],
                returns: <$ret as ts_rs::TS>::name(&cfg),
                doc: concat!($($doc, "\n"),*).trim().to_string(),
            }),+]
        }

        /// The handler that routes the webview's calls to the commands above.
        pub fn handler<R: tauri::Runtime>() -> impl Fn(tauri::ipc::Invoke<R>) -> bool + Send + Sync + 'static {
            tauri::generate_handler![$($name),+]
        }
    };
}

commands! {
    /// The event, this desk, the clock: what a window needs at start.
    [desk, signage] fn event_info(k) -> EventInfo { k.event_info() }
    /// A code from the scanner (and the same keys read as a US keyboard would type them).
    [desk] fn scan(k, code: String, as_us: Option<String>, desk: Option<String>) -> ScanOutcome {
        k.scan(&code, as_us.as_deref(), desk.as_deref())
    }
    /// A camera frame (RGBA or grey, sent as raw bytes): the QR codes in it, for the scan path.
    [desk] fn read_frame(k, frame: Frame) -> Vec<String> {
        Ok(frame.codes(&mut k.camera.lock().unwrap_or_else(|e| e.into_inner())))
    }
    /// The verdict's sound, played by the app (the page keeps no audio of its own).
    [desk] fn play_sound(k, sound: Sound) -> () {
        k.speaker.play(sound);
        Ok(())
    }
    /// A code at an exit: the person goes out (inside goes down; they come back in later).
    [desk] fn exit_scan(k, code: String, as_us: Option<String>) -> ScanOutcome { k.exit_scan(&code, as_us.as_deref()) }
    /// A ticket scanned by its holder at a self-service desk: a first name, or nothing.
    [desk] fn self_scan(k, code: String) -> SelfScan { Ok(k.self_scan(&code)) }
    /// Leaves the self-service mode with the organiser's PIN.
    [desk] fn end_self_service(k, pin: String) -> () { k.end_self_service(&pin) }
    /// Turns this desk to face the attendees (self-service); locks the organiser's screen.
    [organiser] fn start_self_service(k) -> () { k.start_self_service() }
    /// People by name, organisation or e-mail, accents and case ignored.
    [desk] fn search(k, text: String) -> Vec<Attendee> { k.search(&text) }
    /// A person found by name, let in by hand.
    [desk] fn manual_checkin(k, attendee_id: i64) -> ScanOutcome { k.manual_checkin(attendee_id) }
    /// Someone not registered: registered, admitted, given a ticket.
    [desk] fn walk_in(k, person: NewAttendee) -> WalkIn { k.walk_in(&person) }
    /// Undoes a check-in made by mistake (kept in the record, marked undone): this desk's
    /// own recent ones freely, any other with the organiser's screen unlocked.
    [desk] fn undo_checkin(k, attendee_id: i64) -> () { k.undo_checkin(attendee_id) }
    /// The desk's two counters, asked after every scan.
    [desk] fn counters(k) -> Counters { k.counters() }
    /// This desk's latest scans, newest first.
    [desk] fn recent_scans(k, limit: Option<usize>) -> Vec<CheckinRow> { k.recent_scans(limit.unwrap_or(8)) }
    /// A QR code as SVG (a walk-in's ticket, the programme's address).
    [desk, signage] fn qr_svg(k, text: String) -> String { ticket_files::qr_svg(&text) }
    /// The event's blocks and talks, every room, every day.
    [desk] fn programme(k) -> Programme { k.programme() }
    /// What this machine's signage screen shows now: the screen model (pushed as `screen`).
    [desk, signage] fn screen_model(k) -> ScreenModel { k.screen_model() }
    /// What is on in a room now (the event's only room when none is named).
    [desk] fn room_screen(k, room: Option<String>) -> Screen { k.room_screen(room.as_deref()) }
    /// A screen position's plan picture, as a `data:` address.
    [desk, signage] fn plan(k, position: String) -> Option<String> { k.plan_url(&position) }
    /// The event's logo, as a `data:` address.
    [desk, signage] fn logo(k) -> Option<String> { k.logo_url() }
    /// The time zones one may choose (IANA names).
    [desk] fn time_zones(k) -> Vec<String> { Ok(bluehats_core::event::time_zones()) }
    /// Whether the organiser's screen has a PIN, is unlocked, or must wait after wrong PINs.
    [desk] fn lock_status(k) -> LockStatus { k.lock_status() }
    /// Unlocks the organiser's screen for a few idle minutes.
    [desk] fn unlock(k, pin: String) -> LockStatus { k.unlock(&pin) }
    /// Locks the organiser's screen at once.
    [desk] fn lock(k) -> () { Ok(k.lock_organiser()) }
    /// The first organiser PIN, or a new one while unlocked.
    [desk] fn choose_pin(k, pin: String) -> () { k.choose_pin(&pin) }
    /// The organiser's figures.
    [organiser] fn stats(k) -> Stats { k.stats() }
    /// Names this desk; returns the name as kept.
    [organiser] fn set_desk(k, name: String) -> String { k.set_desk(&name) }
    /// A registrations CSV, with its progress pushed as `import-progress`.
    [organiser] fn import_attendees(k, file_name: String, bytes: Vec<u8>, options: ImportOptions) -> ImportPlan {
        k.import_attendees(&bytes, &file_name, options, &mut |done, total| k.emit("import-progress", ImportProgress { done, total }))
    }
    /// Start, next, previous, end of block, delay, room full in a room (its name, or the only
    /// one); an announcement for every screen.
    [organiser] fn apply_live(k, room: Option<String>, action: LiveAction) -> Screen { k.apply_live(room.as_deref(), &action) }
    /// A talk withdrawn on the day.
    [organiser] fn withdraw_talk(k, talk_id: i64) -> () { k.withdraw_talk(talk_id) }
    /// A talk's title, speakers or length changed on the day.
    [organiser] fn edit_talk(k, talk_id: i64, edit: TalkEdit) -> () { k.edit_talk(talk_id, &edit) }
    /// A talk added at the end of its block; returns its id.
    [organiser] fn add_talk(k, talk: NewTalk) -> i64 { k.add_talk(&talk) }
    /// A programme file (org, schedule.xml/json, Pentabarf, iCalendar), updated in place,
    /// room by room.
    [organiser] fn import_programme(k, file_name: String, bytes: Vec<u8>, how: ProgrammeImport) -> ProgrammeUpdate {
        k.import_programme(&bytes, &file_name, &how)
    }
    /// The real time, or a rehearsal of the day.
    [organiser] fn set_clock(k, clock: ClockRequest) -> VenueClock { k.set_clock(clock) }
    /// Where this machine's signage screen stands, and which room it shows (or the hall).
    [organiser] fn set_screen(k, position: Option<String>, view: Option<View>) -> ScreenSetting { k.set_screen(position.as_deref(), view.as_ref()) }
    /// The event's fields, each checked (the message names the field).
    [organiser] fn update_event(k, edit: EventEdit) -> Event { k.update_event(&edit) }
    /// The paper list (PDF) beside the store, for when every machine fails; returns its path.
    [organiser] fn door_list(k) -> String { k.door_list(None).map(|(p, _)| p.display().to_string()) }
    /// A note for the door on a person, and whether the door calls the organisers.
    [organiser] fn set_note(k, attendee_id: i64, note: Option<String>, attention: bool) -> Attendee { k.set_note(attendee_id, note.as_deref(), attention) }
    /// A gate added or changed: the categories it admits (keys; none: everyone).
    [organiser] fn set_gate(k, name: String, categories: Vec<String>, room: Option<String>) -> bluehats_core::gates::Gate { k.set_gate(&name, &categories, room.as_deref()) }
    /// A gate removed; its desks admit everyone again.
    [organiser] fn remove_gate(k, name: String) -> bool { k.remove_gate(&name) }
    /// The gate this desk stands at (none: everyone).
    [organiser] fn stand_at_gate(k, name: Option<String>) -> Option<String> { k.stand_at_gate(name.as_deref()) }
    /// A category of people added or changed (names, colour).
    [organiser] fn set_category(k, edit: CategoryEdit) -> bluehats_core::categories::CategoryDef { k.set_category(&edit) }
    /// The event's rooms, in order (a room keeps its programme under its name).
    [organiser] fn set_rooms(k, names: Vec<String>) -> RoomsUpdate { k.set_rooms(&names) }
    [organiser] fn set_room_capacity(k, room: String, capacity: Option<u32>, policy: bluehats_core::venue_map::FullPolicy, margin: Option<u32>) -> bluehats_core::venue_map::Room {
        k.set_room_capacity(&room, Some(capacity), Some(policy), Some(margin))
    }
    /// A screen position and its ways to the rooms.
    [organiser] fn set_position(k, position: PositionSet) -> Position { k.set_position(&position) }
    /// Removes a screen position; false when there was none.
    [organiser] fn remove_position(k, position: String) -> bool { k.remove_position(&position) }
    /// A position's plan (PNG, JPEG or SVG, cleaned); no bytes removes it.
    [organiser] fn set_plan(k, position: String, file_name: Option<String>, bytes: Option<Vec<u8>>) -> () {
        k.set_plan(&position, bytes.as_deref().map(|b| (b, file_name.as_deref().unwrap_or("plan"))))
    }
    /// The event's logo (PNG, JPEG or SVG, cleaned); no bytes removes it.
    [organiser] fn set_logo(k, file_name: Option<String>, bytes: Option<Vec<u8>>) -> () {
        k.set_logo(bytes.as_deref().map(|b| (b, file_name.as_deref().unwrap_or("logo"))))
    }
    /// The prepared event in one file, written beside the store; returns its path.
    [organiser] fn export_pack(k) -> String { k.export_pack_file(None).map(|p| p.display().to_string()) }
    /// A prepared event's file: replaces the event, its rooms, positions and programme.
    [organiser] fn import_pack(k, file_name: String, bytes: Vec<u8>) -> () {
        k.import_pack(&bluehats_core::event_pack::EventPack::read(&bytes, &file_name)?)
    }
    /// A new, empty event to fill (on a store with nobody registered yet).
    [organiser] fn start_blank(k) -> Event { k.start_blank() }
    /// The online programme's address, shown as a QR code on the signage.
    [organiser] fn set_programme_url(k, url: String) -> String { k.set_programme_url(&url) }
    /// Whose ticket a code is, to name them before cancelling it.
    [organiser] fn ticket_holder(k, code: String) -> Option<Person> { k.ticket_holder(&code) }
    /// Cancels a ticket; false when no active ticket has this code.
    [organiser] fn revoke_ticket(k, code: String) -> bool { k.revoke_ticket(&code) }
    /// Every ticket (QR codes, mail-merge CSV, badge sheet) in a new folder beside the store.
    [organiser] fn export_tickets(k) -> ExportReport { k.export_tickets(None, None) }
    /// Check-ins per 5 minutes, by category and by desk (anonymous).
    [organiser] fn arrivals(k) -> ArrivalsChart { k.arrivals_chart() }
    /// The arrivals chart as SVG.
    [organiser] fn arrivals_svg(k) -> String { k.arrivals_svg() }
    /// The arrivals chart as SVG, CSV and (drawn by the screen) PNG, in a new folder.
    [organiser] fn export_figures(k, png: Option<Vec<u8>>) -> FiguresReport {
        let report = k.export_figures(None)?;
        if let Some(png) = png {
            k.save_figure_png(&report, &png)?;
        }
        Ok(report)
    }
    /// Who exported personal data, when, where.
    [organiser] fn exports_log(k) -> Vec<ExportLogged> { k.exports_log() }
    /// Deletes every personal byte, keeps the anonymous figures; `confirm` is the typed word.
    [organiser] fn purge(k, confirm: String) -> PurgeReport { k.purge(&confirm) }
    /// Whether this machine joined a hub, reaches it, and how many scans wait to be uploaded.
    [desk] fn link_status(k) -> LinkStatus { k.link_status() }
    /// What a scanned pairing code offers (which hub, which role), before joining.
    [desk] fn read_pairing(k, text: String) -> Pairing { Pairing::parse(&text).map_err(KioskError::from) }
    /// Joins the hub a pairing code names (on a machine that has registered and scanned
    /// nobody yet): from now on its scans go through the hub.
    [desk] fn join_hub(k, text: String) -> LinkStatus {
        let link = venue::link::join(&k.kiosk, &text, &k.desk())?;
        match link.role {
            Role::Desk => venue::link::spawn_follower(k.kiosk.clone(), link),
            Role::Screen => venue::link::spawn_screen_follower(k.kiosk.clone(), link),
        }
        k.link_status()
    }
    /// This machine as the venue's hub: whether it serves, the machines that joined, conflicts.
    [organiser] fn hub_status(k) -> HubStatus {
        Ok(HubStatus { running: k.hub.lock().unwrap_or_else(|e| e.into_inner()).clone(), report: k.venue_report()? })
    }
    /// Makes this machine the venue's hub (it listens on the LAN from now on, and at every start).
    [organiser] fn start_hub(k) -> HubRunning {
        let listen = k.hub_listen()?.map(|a| std::net::SocketAddr::new("0.0.0.0".parse().expect("address"), a.port()));
        k.start_hub(listen.unwrap_or_else(|| std::net::SocketAddr::from(([0, 0, 0, 0], venue::DEFAULT_PORT))))
    }
    /// Puts a joined screen at a position, showing a room or the hall (it takes them at its
    /// next contact).
    [organiser] fn assign_screen(k, machine: String, position: Option<String>, view: Option<View>) -> bluehats_core::venue::Machine {
        k.assign_screen(&machine, position.as_deref(), view.as_ref())
    }
    /// A one-time pairing QR for a new desk or screen (10 minutes).
    [organiser] fn pairing_code(k, role: Role) -> PairingCode { venue::pairing_code(k, role) }
    /// Removes a desk or screen from the venue network (its name or number).
    [organiser] fn revoke_machine(k, machine: String) -> bluehats_core::venue::Machine { k.revoke_machine(&machine) }
    /// How this desk prints badges: its printer, the label size, auto-print.
    [desk] fn print_setup(k) -> PrintSetup { k.print_setup() }
    /// *Impression automatique* on this desk, on or off (a desk's own choice).
    [desk] fn set_auto_print(k, on: bool) -> PrintSetup { k.set_print_setup(None, None, Some(on)) }
    /// The waiting badges handed to the printer, after the verdict is on screen: the
    /// desk's one line about it.
    [desk] fn print_badges(k) -> PrintRound { k.print_waiting() }
    /// *Réimprimer*: this person's badge, queued and printed.
    [desk] fn reprint(k, attendee_id: i64) -> PrintRound {
        k.reprint(attendee_id)?;
        k.print_waiting()
    }
    /// A waiting badge given up.
    [desk] fn drop_print_job(k, id: i64) -> () { k.drop_print_job(id) }
    /// The latest badges of this desk, newest first.
    [desk] fn print_jobs(k) -> Vec<PrintJob> { k.print_jobs(12) }
    /// The printers the print system knows.
    [organiser] fn printers(k) -> Vec<String> { k.printers() }
    /// The badge printer (none: "") and the label size.
    [organiser] fn set_printer(k, printer: Option<String>, size: Option<BadgeSize>) -> PrintSetup { k.set_print_setup(printer.as_deref(), size, None) }
    /// The mail server (never its password), the tickets' mail template, who is mailed.
    [organiser] fn mail_settings(k) -> MailSettings { k.mail_settings() }
    /// The mail server kept for sending; the password only when given (else the kept one).
    [organiser] fn set_mail_server(k, server: MailServer, password: Option<String>) -> MailSettings {
        k.set_mail_server(&server, password.as_deref().filter(|p| !p.is_empty()))?;
        k.mail_settings()
    }
    /// The tickets' mail template (every field it names checked).
    [organiser] fn set_mail_template(k, subject: String, body: String) -> MailTemplate { k.set_mail_template(Some(&subject), Some(&body)) }
    /// Every person's ticket by e-mail (once each, unless `again`), its progress pushed as
    /// `mail-progress`; `dry_run`: the first messages written as .eml files beside the store.
    [organiser] fn mail_tickets(k, dry_run: bool, again: bool, rate: u32) -> MailReport {
        let run = MailRun { dry_run: dry_run.then(|| k.data_dir().join("courriels-essai")), again, rate: rate as f64 };
        k.mail_tickets(&run, |done, total| k.emit("mail-progress", ImportProgress { done, total }))
    }
}
