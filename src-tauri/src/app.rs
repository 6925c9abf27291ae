//! The desktop app: the desk window (check-in, search, walk-ins, organiser's screen) and the
//! signage window, over one kiosk. Staff actions reach every signage window at once: a
//! pusher thread wakes on each change the kiosk announces (and every half second, for the
//! clock) and emits the screen.

use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use bluehats_core::service::{Change, Kiosk};
use bluehats_core::KioskError;
use tauri::{Builder, Emitter, Manager, Runtime, WebviewUrl, WebviewWindowBuilder};

use crate::commands;
use crate::state::AppState;

/// How the signage window opens.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum SignageMode {
    Windowed,
    Fullscreen,
    Off,
}

/// Which windows this machine opens.
#[derive(Debug, Clone, Copy)]
pub struct Windows {
    pub desk: bool,
    pub signage: SignageMode,
    /// The monitor (from 0) of a fullscreen signage.
    pub signage_monitor: Option<usize>,
    /// Serve as the venue's hub on this address (also when this store was a hub before).
    pub hub: Option<std::net::SocketAddr>,
}

/// The app's commands and state on any runtime, so tests can pass Tauri's mock runtime.
pub fn builder<R: Runtime>(builder: Builder<R>, state: AppState) -> Builder<R> {
    builder.manage(state).invoke_handler(commands::handler()).setup(|app| {
        let handle = app.handle().clone();
        let state = app.state::<AppState>();
        let emit_handle = handle.clone();
        state.set_emitter(Box::new(move |event, payload| {
            let _ = emit_handle.emit(event, payload);
        }));
        let changes = state.subscribe();
        std::thread::spawn(move || push_screens(handle, changes));
        Ok(())
    })
}

/// Emits the signage screen when it changes: at once after a staff action, else when the
/// clock's estimate moves (checked every half second, sent only if different: no flicker).
fn push_screens<R: Runtime>(app: tauri::AppHandle<R>, changes: Receiver<Change>) {
    const TICK: Duration = Duration::from_millis(500);
    let mut last = String::new();
    let mut idle_ticks = 0u32;
    let mut next_tick = Instant::now() + TICK;
    let mut entrance_changed = false;
    let mut last_link = None;
    loop {
        let message = changes.recv_timeout(next_tick.saturating_duration_since(Instant::now()));
        let forced = matches!(message, Ok(Change::Signage));
        match message {
            Err(RecvTimeoutError::Disconnected) => return,
            // Scans do not change the signage, and a burst of them must not starve the
            // clock: the desks' counters follow at the next tick (at most twice a second).
            Ok(Change::Entrance) => entrance_changed = true,
            _ => {}
        }
        if !forced && Instant::now() < next_tick {
            continue;
        }
        if std::mem::take(&mut entrance_changed) {
            if let Ok(c) = app.state::<AppState>().counters() {
                let _ = app.emit("counters", c);
            }
        }
        // A joined desk's badge: online or HORS LIGNE, and the scans waiting (asked only
        // on a machine whose entries go through a hub: nothing added elsewhere).
        let state = app.state::<AppState>();
        if state.via_hub() {
            if let Ok(l) = state.link_status() {
                if Some(&l) != last_link.as_ref() {
                    let _ = app.emit("link", &l);
                    last_link = Some(l);
                }
            }
        }
        if !forced {
            next_tick = Instant::now() + TICK;
        }
        idle_ticks += 1;
        if idle_ticks % 60 == 0 {
            // About every 30 s: keep the WAL short, away from the scan path.
            let _ = state.checkpoint();
        }
        let Ok(screen) = state.screen_model() else { continue };
        let text = serde_json::to_string(&screen).unwrap_or_default();
        if forced || text != last {
            let _ = app.emit("screen", &screen);
            last = text;
        }
    }
}

pub fn run(kiosk: Kiosk, mut windows: Windows) -> Result<(), KioskError> {
    let state = AppState::new(kiosk);
    // A machine that joined a hub: its entries through the hub, its follower running. A
    // screen that joined shows the signage only.
    if let Some(link) = crate::venue::link::start(&state.kiosk)? {
        if link.role == bluehats_core::venue::Role::Screen {
            windows.desk = false;
            if windows.signage == SignageMode::Off {
                windows.signage = SignageMode::Fullscreen;
            }
        }
    }
    // The organiser's machine keeps being the hub once it was made one.
    if let Some(addr) = windows.hub.or(state.hub_listen()?.map(|a| std::net::SocketAddr::new([0, 0, 0, 0].into(), a.port()))) {
        state.start_hub(addr)?;
    }
    let app = builder(tauri::Builder::default(), state)
        .build(tauri::generate_context!("tauri.conf.json"))
        .map_err(|e| KioskError::Window(e.to_string()))?;
    let win_err = |e: tauri::Error| KioskError::Window(e.to_string());
    if windows.desk {
        let desk = WebviewWindowBuilder::new(&app, "desk", WebviewUrl::App("index.html?view=desk".into()))
            .title("BlueHats Kiosk — Accueil / Entrance")
            .inner_size(1280.0, 800.0)
            .build()
            .map_err(win_err)?;
        crate::webview::lean(&desk);
        crate::camera::allow_camera(&desk);
    }
    if windows.signage != SignageMode::Off {
        let mut b = WebviewWindowBuilder::new(&app, "signage", WebviewUrl::App("index.html?view=signage".into()))
            .title("BlueHats Kiosk — Affichage / Signage")
            .inner_size(1280.0, 720.0);
        if windows.signage == SignageMode::Fullscreen {
            let monitors = app.available_monitors().unwrap_or_default();
            if let Some(m) = windows.signage_monitor.and_then(|i| monitors.get(i)).or(monitors.first()) {
                // Position and size too: without a window manager (a bare kiosk X session)
                // "fullscreen" alone does not cover the monitor.
                let p = m.position().to_logical::<f64>(m.scale_factor());
                let s = m.size().to_logical::<f64>(m.scale_factor());
                b = b.position(p.x, p.y).inner_size(s.width, s.height).decorations(false);
            }
            b = b.fullscreen(true);
        }
        let signage = b.build().map_err(win_err)?;
        crate::webview::lean(&signage);
    }
    app.run(|_, _| {});
    Ok(())
}
