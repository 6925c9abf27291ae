//! BlueHats Kiosk's Tauri shell: the app's windows, its commands, and the CLI. Everything
//! the venue needs lives in the core crate (`bluehats-core`); this crate only wires it.

pub mod app;
pub mod cli;
pub mod commands;
pub mod state;
