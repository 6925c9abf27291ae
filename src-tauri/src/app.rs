//! The desktop app: the desk window (check-in, search, walk-ins, organiser's screen) and the
//! signage window, over one store. Staff actions reach every signage window at once: a
//! pusher thread wakes on each change (and each second, for the clock) and emits the screen.

use std::time::Duration;

use bluehats_core::KioskError;
use tauri::{Builder, Emitter, Manager, Runtime, WebviewUrl, WebviewWindowBuilder};

use crate::cli::{self, Cli, SignageMode};
use crate::commands;
use crate::state::AppState;

/// The app's commands and state on any runtime, so tests can pass Tauri's mock runtime.
pub fn builder<R: Runtime>(builder: Builder<R>, state: AppState) -> Builder<R> {
    builder
        .manage(state)
        .invoke_handler(tauri::generate_handler![
            commands::event_info,
            commands::scan,
            commands::search,
            commands::checkin_manual,
            commands::walk_in,
            commands::undo_checkin,
            commands::stats,
            commands::counters,
            commands::recent_scans,
            commands::qr_svg,
            commands::set_desk,
            commands::import_attendees,
            commands::programme,
            commands::screen,
            commands::live,
            commands::withdraw_talk,
            commands::edit_talk,
            commands::add_talk,
            commands::import_programme,
            commands::set_clock,
            commands::set_screen_position,
            commands::set_programme_url,
            commands::revoke_ticket,
            commands::export_tickets,
        ])
        .setup(|app| {
            let handle = app.handle().clone();
            let state = app.state::<AppState>();
            let emit_handle = handle.clone();
            state.set_emitter(Box::new(move |event, payload| {
                let _ = emit_handle.emit(event, payload);
            }));
            if let Some(rx) = state.changes.lock().expect("changes lock").take() {
                std::thread::spawn(move || push_screens(handle, rx));
            }
            Ok(())
        })
}

/// Emits the signage screen when it changes: at once after a staff action, else when the
/// clock's estimate moves (checked every half second, sent only if different: no flicker).
fn push_screens<R: Runtime>(app: tauri::AppHandle<R>, rx: std::sync::mpsc::Receiver<()>) {
    let mut last = String::new();
    let mut idle_ticks = 0u32;
    loop {
        let forced = match rx.recv_timeout(Duration::from_millis(500)) {
            Ok(()) => true,
            Err(std::sync::mpsc::RecvTimeoutError::Timeout) => false,
            Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => return,
        };
        let state = app.state::<AppState>();
        idle_ticks += 1;
        if idle_ticks % 60 == 0 {
            // About every 30 s: keep the WAL short, away from the scan path.
            let _ = state.store.lock().expect("store lock").checkpoint();
        }
        let now = state.now();
        let screen = match state.store.lock().expect("store lock").screen(now) {
            Ok(s) => s,
            Err(_) => continue,
        };
        let mut value = serde_json::to_value(&screen).expect("screen serialises");
        value["rehearsal"] = serde_json::json!(state.clock.lock().expect("clock lock").is_rehearsal());
        let text = value.to_string();
        if forced || text != last {
            let _ = app.emit("screen", value);
            last = text;
        }
    }
}

pub fn run(cli: &Cli) -> Result<(), KioskError> {
    let dir = cli::data_dir(cli);
    let clock = cli::clock(cli)?;
    let mut store = cli::open_store(&dir)?;
    if cli.demo {
        cli::add_demo(&mut store, clock.now())?;
    }
    let desk = cli.desk.clone().or(store.setting("desk")?).unwrap_or_else(|| "Entrée A".into());
    let state = AppState::new(store, clock, desk);
    let app = builder(tauri::Builder::default(), state)
        .build(tauri::generate_context!("tauri.conf.json"))
        .map_err(|e| KioskError::Window(e.to_string()))?;
    let win_err = |e: tauri::Error| KioskError::Window(e.to_string());
    if !cli.no_desk_window {
        WebviewWindowBuilder::new(&app, "desk", WebviewUrl::App("index.html?view=desk".into()))
            .title("BlueHats Kiosk — Accueil / Entrance")
            .inner_size(1280.0, 800.0)
            .build()
            .map_err(win_err)?;
    }
    if cli.signage != SignageMode::Off {
        let mut b = WebviewWindowBuilder::new(&app, "signage", WebviewUrl::App("index.html?view=signage".into()))
            .title("BlueHats Kiosk — Affichage / Signage")
            .inner_size(1280.0, 720.0);
        if cli.signage == SignageMode::Fullscreen {
            let monitors = app.available_monitors().unwrap_or_default();
            if let Some(m) = cli.signage_monitor.and_then(|i| monitors.get(i)).or(monitors.first()) {
                // Position and size too: without a window manager (a bare kiosk X session)
                // "fullscreen" alone does not cover the monitor.
                let p = m.position().to_logical::<f64>(m.scale_factor());
                let s = m.size().to_logical::<f64>(m.scale_factor());
                b = b.position(p.x, p.y).inner_size(s.width, s.height).decorations(false);
            }
            b = b.fullscreen(true);
        }
        b.build().map_err(win_err)?;
    }
    app.run(|_, _| {});
    Ok(())
}
