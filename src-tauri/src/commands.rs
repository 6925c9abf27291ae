//! The webview's commands: parse, call the core, map the error. Each is granted explicitly
//! in src-tauri/capabilities.

use bluehats_core::attendee::{Attendee, Category, NewAttendee};
use bluehats_core::clock::VenueClock;
use bluehats_core::programme::control::{self, LiveAction};
use bluehats_core::programme::live::Screen;
use bluehats_core::programme::{Programme, Speaker, Talk};
use bluehats_core::store::{CheckinRow, ImportPlan, ProgrammeUpdate, Stats};
use bluehats_core::verdict::ScanOutcome;
use bluehats_core::{export, KioskError};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use tauri::State;

use crate::state::AppState;

/// Errors cross IPC as `{code, message}`; the UI picks its words by code and shows the message.
#[derive(Debug, Serialize)]
pub struct IpcError {
    pub code: String,
    pub message: String,
}

impl From<KioskError> for IpcError {
    fn from(e: KioskError) -> Self {
        IpcError { code: e.code().to_string(), message: e.to_string() }
    }
}

type Res<T> = Result<T, IpcError>;

#[derive(Serialize)]
pub struct EventInfo {
    pub event: bluehats_core::event::Event,
    pub desk: String,
    pub clock: VenueClock,
    pub rehearsal: bool,
    pub now: DateTime<Utc>,
    pub programme_source: Option<String>,
    pub screen_position: String,
}

#[tauri::command]
pub fn event_info(state: State<AppState>) -> Res<EventInfo> {
    let store = state.store.lock().expect("store lock");
    let clock = *state.clock.lock().expect("clock lock");
    Ok(EventInfo {
        event: store.event().clone(),
        desk: state.desk.lock().expect("desk lock").clone(),
        clock,
        rehearsal: clock.is_rehearsal(),
        now: clock.now(),
        programme_source: store.setting("programme_source")?,
        screen_position: store.setting("screen_position")?.unwrap_or_else(|| "hall".into()),
    })
}

/// `as_us`: the same keystrokes read on a US layout (see ui/src/keyboard.ts).
#[tauri::command]
pub fn scan(state: State<AppState>, code: String, as_us: Option<String>, desk: Option<String>) -> Res<ScanOutcome> {
    let desk = desk.unwrap_or_else(|| state.desk.lock().expect("desk lock").clone());
    let now = state.now();
    Ok(state.store.lock().expect("store lock").scan_typed(&code, as_us.as_deref(), &desk, now)?)
}

#[tauri::command]
pub fn search(state: State<AppState>, text: String) -> Res<Vec<Attendee>> {
    Ok(state.store.lock().expect("store lock").search(&text, 30)?)
}

#[tauri::command]
pub fn checkin_manual(state: State<AppState>, attendee_id: i64) -> Res<ScanOutcome> {
    let desk = state.desk.lock().expect("desk lock").clone();
    let now = state.now();
    Ok(state.store.lock().expect("store lock").manual_checkin(attendee_id, &desk, now)?)
}

#[derive(Serialize)]
pub struct WalkIn {
    pub attendee: Attendee,
    pub outcome: ScanOutcome,
    pub qr_svg: Option<String>,
}

#[tauri::command]
pub fn walk_in(state: State<AppState>, name: String, organisation: Option<String>, category: Category, email: Option<String>) -> Res<WalkIn> {
    let desk = state.desk.lock().expect("desk lock").clone();
    let now = state.now();
    let (attendee, outcome) =
        state.store.lock().expect("store lock").walk_in(&NewAttendee { name, email, organisation, category }, &desk, now)?;
    let qr_svg = attendee.code.as_deref().map(export::qr_svg).transpose()?;
    Ok(WalkIn { attendee, outcome, qr_svg })
}

#[tauri::command]
pub fn undo_checkin(state: State<AppState>, attendee_id: i64) -> Res<()> {
    let desk = state.desk.lock().expect("desk lock").clone();
    let now = state.now();
    Ok(state.store.lock().expect("store lock").undo_checkin(attendee_id, &desk, now)?)
}

#[tauri::command]
pub fn stats(state: State<AppState>) -> Res<Stats> {
    Ok(state.store.lock().expect("store lock").stats()?)
}

/// The desk's counters, asked after every scan: kept cheaper than `stats`.
#[tauri::command]
pub fn counters(state: State<AppState>) -> Res<serde_json::Value> {
    let (registered, admitted) = state.store.lock().expect("store lock").counts()?;
    Ok(serde_json::json!({ "registered": registered, "admitted": admitted }))
}

#[tauri::command]
pub fn recent_scans(state: State<AppState>, limit: Option<usize>) -> Res<Vec<CheckinRow>> {
    let desk = state.desk.lock().expect("desk lock").clone();
    Ok(state.store.lock().expect("store lock").recent_scans(Some(&desk), limit.unwrap_or(8).min(100))?)
}

#[tauri::command]
pub fn qr_svg(text: String) -> Res<String> {
    Ok(export::qr_svg(&text)?)
}

#[tauri::command]
pub fn set_desk(state: State<AppState>, name: String) -> Res<String> {
    let name: String = name.trim().chars().take(64).collect();
    let name = if name.is_empty() { "Entrée".to_string() } else { name };
    state.store.lock().expect("store lock").set_setting("desk", &name)?;
    *state.desk.lock().expect("desk lock") = name.clone();
    Ok(name)
}

#[tauri::command]
pub fn import_attendees(state: State<AppState>, file_name: String, bytes: Vec<u8>, dry_run: bool, skip_bad: bool) -> Res<ImportPlan> {
    let now = state.now();
    let plan = crate::cli::import_attendees(&mut state.store.lock().expect("store lock"), &bytes, &file_name, dry_run, skip_bad, now, &mut |done, total| {
        state.emit("import-progress", serde_json::json!({ "done": done, "total": total }));
    })?;
    Ok(plan)
}

#[tauri::command]
pub fn programme(state: State<AppState>) -> Res<Programme> {
    Ok(state.store.lock().expect("store lock").programme()?)
}

#[tauri::command]
pub fn screen(state: State<AppState>) -> Res<Screen> {
    let now = state.now();
    Ok(state.store.lock().expect("store lock").screen(now)?)
}

#[tauri::command]
pub fn live(state: State<AppState>, action: LiveAction) -> Res<Screen> {
    let now = state.now();
    let s = control::apply(&mut state.store.lock().expect("store lock"), &action, now)?;
    state.notify();
    Ok(s)
}

#[tauri::command]
pub fn withdraw_talk(state: State<AppState>, talk_id: i64) -> Res<()> {
    state.store.lock().expect("store lock").withdraw_talk(talk_id)?;
    state.notify();
    Ok(())
}

#[tauri::command]
pub fn edit_talk(state: State<AppState>, talk_id: i64, title: Option<String>, speakers: Option<String>, minutes: Option<u32>) -> Res<()> {
    let speakers: Option<Vec<Speaker>> = speakers.map(|s| parse_speakers(&s));
    state.store.lock().expect("store lock").edit_talk(talk_id, title.as_deref(), speakers.as_deref(), minutes.map(Some))?;
    state.notify();
    Ok(())
}

#[tauri::command]
pub fn add_talk(state: State<AppState>, block_id: i64, title: String, speakers: String, remote: bool) -> Res<i64> {
    let talk = Talk { id: 0, title, speakers: parse_speakers(&speakers), remote, links: vec![], minutes: None };
    let id = state.store.lock().expect("store lock").add_talk(block_id, &talk, None)?;
    state.notify();
    Ok(id)
}

#[tauri::command]
pub fn import_programme(state: State<AppState>, file_name: String, bytes: Vec<u8>, room: Option<String>, tz: Option<String>) -> Res<ProgrammeUpdate> {
    let mut store = state.store.lock().expect("store lock");
    let p = bluehats_core::programme::import::read(&bytes, &file_name, store.event(), room.as_deref(), tz.as_deref()).map_err(KioskError::from)?;
    let up = store.save_programme(&p)?;
    drop(store);
    state.notify();
    Ok(up)
}

#[derive(Deserialize)]
#[serde(rename_all = "snake_case", tag = "mode")]
pub enum ClockRequest {
    Real,
    Rehearsal { start: DateTime<Utc>, speed: f64 },
}

#[tauri::command]
pub fn set_clock(state: State<AppState>, clock: ClockRequest) -> Res<VenueClock> {
    let c = match clock {
        ClockRequest::Real => VenueClock::Real,
        ClockRequest::Rehearsal { start, speed } => VenueClock::rehearsal(start, speed),
    };
    *state.clock.lock().expect("clock lock") = c;
    state.notify();
    Ok(c)
}

#[tauri::command]
pub fn set_screen_position(state: State<AppState>, position: String) -> Res<()> {
    let p = match position.as_str() {
        "hall" | "escalator" | "door" => position,
        _ => "hall".to_string(),
    };
    state.store.lock().expect("store lock").set_setting("screen_position", &p)?;
    state.notify();
    Ok(())
}

#[tauri::command]
pub fn set_programme_url(state: State<AppState>, url: String) -> Res<String> {
    let url = crate::cli::checked_url(&url)?;
    let mut store = state.store.lock().expect("store lock");
    let mut e = store.event().clone();
    e.programme_url = url.clone();
    store.update_event(e)?;
    drop(store);
    state.notify();
    Ok(url)
}

#[tauri::command]
pub fn revoke_ticket(state: State<AppState>, code: String) -> Res<bool> {
    let now = state.now();
    Ok(state.store.lock().expect("store lock").revoke(&code, now)?)
}

/// Writes every ticket (QR codes, mail-merge CSV, badge sheet) next to the store, in a new
/// folder, and returns where: the organiser's screen has no file dialog.
#[tauri::command]
pub fn export_tickets(state: State<AppState>) -> Res<export::ExportReport> {
    let store = state.store.lock().expect("store lock");
    let stamp = state.now().with_timezone(&store.event().tz()).format("%Y%m%d-%H%M%S");
    let dir = store.path().parent().unwrap_or(std::path::Path::new(".")).join(format!("billets-{stamp}"));
    let people = store.tickets()?;
    Ok(export::export_tickets(store.event(), &people, &dir, Some(&dir.join("badges.pdf")))?)
}

/// "Name (Org), Other Name" → speakers.
fn parse_speakers(s: &str) -> Vec<Speaker> {
    s.split([',', ';'])
        .map(str::trim)
        .filter(|x| !x.is_empty())
        .map(|x| match (x.find('('), x.ends_with(')')) {
            (Some(i), true) => Speaker { name: x[..i].trim().into(), organisation: Some(x[i + 1..x.len() - 1].trim().into()) },
            _ => Speaker { name: x.into(), organisation: None },
        })
        .collect()
}
