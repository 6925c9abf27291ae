//! BlueHats Kiosk's Tauri shell: the app's windows, its commands and the CLI, three thin
//! faces over the core's service layer (`bluehats_core::service`). Nothing the venue needs is
//! decided here.

pub mod app;
pub mod camera;
pub mod cli;
pub mod commands;
pub mod contract;
pub mod sounds;
pub mod state;
pub mod venue;
pub mod webview;
