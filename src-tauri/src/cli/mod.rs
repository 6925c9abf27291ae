//! The command line: the same binary is the app (no subcommand) and a tool for preparing
//! the event, scripting and testing. Every subcommand takes `--data DIR` and `--json`.
//! `args` holds the words, `run` the subcommands, `print` what a person reads.
//!
//! Exit codes: 0 success (or admitted); 1 error; 2 usage; 3 bad input file; 4 store
//! unusable (newer version, database error); 5 no graphical display for the app; 10 already
//! admitted; 11 unknown; 12 forged;
//! 13 revoked; 14 malformed.

mod args;
mod print;
mod run;

pub use args::Cli;

use std::path::PathBuf;

use bluehats_core::clock::{check_speed, parse_instant, VenueClock};
use bluehats_core::service::{Kiosk, Options};
use bluehats_core::KioskError;
use clap::Parser;

use crate::app::{self, Windows};

/// The data directory: `--data`, else KIOSK_DATA (read by clap), else the OS app-data
/// directory (the same one Tauri would use for the app's identifier).
pub fn data_dir(cli: &Cli) -> PathBuf {
    cli.data.clone().unwrap_or_else(|| dirs::data_dir().unwrap_or_else(|| PathBuf::from(".")).join("fr.bluehats.kiosk"))
}

fn options(cli: &Cli, demo: bool) -> Result<Options, KioskError> {
    let clock = match &cli.rehearsal {
        None => VenueClock::Real,
        Some(s) => VenueClock::rehearsal(parse_instant(s)?, check_speed(cli.speed)?),
    };
    Ok(Options { dir: data_dir(cli), clock, desk: cli.desk.clone(), demo })
}

fn exit_code(e: &KioskError) -> i32 {
    match e {
        KioskError::Import(_) | KioskError::Programme(_) | KioskError::InvalidField { .. } | KioskError::Categories(_) | KioskError::Pack { .. } | KioskError::DatesDiffer { .. } => 3,
        KioskError::StoreTooNew { .. } | KioskError::Database(_) => 4,
        KioskError::NoDisplay => 5,
        _ => 1,
    }
}

/// Runs the app (no subcommand) or one subcommand; returns the process exit code.
fn run_cli(cli: &Cli) -> Result<i32, KioskError> {
    match &cli.cmd {
        Some(args::Cmd::Serve { listen }) => serve(cli, listen),
        Some(cmd) => {
            let kiosk = std::sync::Arc::new(Kiosk::open(options(cli, false)?)?);
            // A joined desk's check-ins go through its hub.
            if let Some(link) = kiosk.link()? {
                crate::venue::link::attach(&kiosk, &link)?;
                // A batch is a desk that stays up: as the app's, it keeps its link warm,
                // follows the hub, and uploads what it decided alone once the hub is back.
                if matches!(cmd, args::Cmd::Checkin { batch: Some(_), .. }) && link.role == bluehats_core::venue::Role::Desk {
                    crate::venue::link::spawn_follower(kiosk.clone(), link);
                }
            }
            run::run(cli, cmd, &kiosk)
        }
        None => {
            // GTK would panic with a backtrace: say it in one line instead, before anything.
            #[cfg(all(unix, not(target_os = "macos")))]
            if std::env::var_os("DISPLAY").is_none_or(|d| d.is_empty()) && std::env::var_os("WAYLAND_DISPLAY").is_none_or(|d| d.is_empty()) {
                return Err(KioskError::NoDisplay);
            }
            let kiosk = Kiosk::open(options(cli, cli.demo)?)?;
            let hub = match &cli.hub {
                Some(h) => Some(h.parse().map_err(|_| KioskError::InvalidField { field: bluehats_core::bilingual::bi("adresse du poste central", "hub address"), value: h.clone() })?),
                None => None,
            };
            let signage = if cli.signage_only { app::SignageMode::Fullscreen } else { cli.signage };
            let windows = Windows { desk: !cli.no_desk_window && !cli.signage_only, signage, signage_monitor: cli.signage_monitor, hub };
            app::run(kiosk, windows).map(|()| 0)
        }
    }
}

/// A headless hub: serves until killed. Prints one line when it listens (its address and
/// certificate fingerprint), for scripts and tests that chose port 0.
fn serve(cli: &Cli, listen: &str) -> Result<i32, KioskError> {
    let addr: std::net::SocketAddr = listen
        .parse()
        .map_err(|_| KioskError::InvalidField { field: bluehats_core::bilingual::bi("adresse d'écoute", "listen address"), value: listen.to_string() })?;
    let kiosk = std::sync::Arc::new(Kiosk::open(options(cli, false)?)?);
    let rt = tokio::runtime::Builder::new_multi_thread().enable_all().build().map_err(|e| KioskError::network("tokio", e))?;
    let json = cli.json;
    let k = kiosk.clone();
    rt.block_on(crate::venue::hub::serve(kiosk, addr, move |r| {
        let _ = k.set_hub_listen(r.addr);
        let line = if json {
            serde_json::json!({ "listening": r.addr.to_string(), "fingerprint": r.fingerprint }).to_string()
        } else {
            format!("Poste central à l'écoute / hub listening on {} · empreinte / fingerprint {}", r.addr, r.fingerprint)
        };
        print::line(&line);
    }))?;
    Ok(0)
}

/// The binary's entry.
pub fn main() -> i32 {
    let cli = Cli::parse();
    match run_cli(&cli) {
        Ok(code) => code,
        Err(e) => {
            if cli.json && cli.cmd.is_some() {
                print::line(&serde_json::json!({ "error": e.code(), "message": e.to_string() }).to_string());
            }
            eprintln!("bluehats-kiosk: {e}");
            exit_code(&e)
        }
    }
}
