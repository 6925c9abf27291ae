//! The badge printer, through the operating system's print system: CUPS on Linux (and
//! macOS), by its client tools `lpstat` and `lp`, which find the server the way every
//! program on the machine does (`CUPS_SERVER`, `~/.cups/client.conf`, the local socket).
//! Windows' print spooler is planned, not built: there `status` says the print system is
//! missing and jobs wait.
//!
//! Every call is bounded in time: a print system that hangs must never hold a desk. The
//! desk gives its verdict before it prints (see `service::printing`).

use std::io::{Read, Write};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

use crate::bilingual::{bi, Bilingual};

/// How long a call to the print system may take before the job is kept for later.
pub const CALL_LIMIT: Duration = Duration::from_secs(10);

/// What the print system says of a printer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum PrinterState {
    /// Accepting and printing.
    Ready,
    /// Known but not printing (stopped by hand, out of paper, off): the print system's reason.
    Stopped { reason: String },
    /// No printer of that name on this machine's print system.
    Missing,
    /// No print system answering (CUPS not installed or not running).
    NoPrintSystem { reason: String },
}

impl PrinterState {
    /// One line for the desk, French then English.
    pub fn said(&self, printer: &str) -> Bilingual {
        match self {
            PrinterState::Ready => bi(format!("imprimante {printer} prête"), format!("printer {printer} ready")),
            PrinterState::Stopped { reason } if reason.is_empty() => bi(format!("imprimante {printer} arrêtée"), format!("printer {printer} stopped")),
            PrinterState::Stopped { reason } => bi(format!("imprimante {printer} arrêtée ({reason})"), format!("printer {printer} stopped ({reason})")),
            PrinterState::Missing => bi(format!("imprimante {printer} introuvable"), format!("printer {printer} not found")),
            PrinterState::NoPrintSystem { reason } => bi(format!("pas de système d'impression ({reason})"), format!("no print system ({reason})")),
        }
    }
}

/// Runs a print-system tool with `input` on its standard input, within [`CALL_LIMIT`]:
/// (exit success, stdout, stderr), or why it could not run.
fn run(program: &str, args: &[&str], input: Option<&[u8]>) -> Result<(bool, String, String), String> {
    let mut child = Command::new(program)
        .args(args)
        // Messages in a language the parsing below knows, whatever the desk's locale.
        .env("LC_ALL", "C")
        .env("LANG", "C")
        .stdin(if input.is_some() { Stdio::piped() } else { Stdio::null() })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("{program}: {e}"))?;
    if let (Some(data), Some(mut stdin)) = (input, child.stdin.take()) {
        // A PDF of a few kB fits the pipe's buffer; a tool that exits early is an error said below.
        let data = data.to_vec();
        std::thread::spawn(move || {
            let _ = stdin.write_all(&data);
        });
    }
    let (mut out, mut err) = (child.stdout.take(), child.stderr.take());
    let reader = std::thread::spawn(move || {
        let (mut o, mut e) = (String::new(), String::new());
        if let Some(s) = out.as_mut() {
            let _ = s.read_to_string(&mut o);
        }
        if let Some(s) = err.as_mut() {
            let _ = s.read_to_string(&mut e);
        }
        (o, e)
    });
    let started = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(s)) => break s,
            Ok(None) if started.elapsed() < CALL_LIMIT => std::thread::sleep(Duration::from_millis(5)),
            Ok(None) => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(format!("{program}: pas de réponse en {} s / no answer in {} s", CALL_LIMIT.as_secs(), CALL_LIMIT.as_secs()));
            }
            Err(e) => return Err(format!("{program}: {e}")),
        }
    };
    let (o, e) = reader.join().unwrap_or_default();
    Ok((status.success(), o, e))
}

/// The printers this machine's print system knows (for the organiser to pick one).
pub fn printers() -> Result<Vec<String>, String> {
    let (ok, out, err) = run("lpstat", &["-e"], None)?;
    if !ok {
        return Err(err.trim().to_string());
    }
    Ok(out.lines().map(str::trim).filter(|l| !l.is_empty()).map(str::to_string).collect())
}

/// What the print system says of `name` now.
pub fn status(name: &str) -> PrinterState {
    match run("lpstat", &["-p", name], None) {
        Err(reason) => PrinterState::NoPrintSystem { reason },
        Ok((_, out, err)) => read_status(&out, &err),
    }
}

/// `lpstat -p NAME`'s answer read: "printer X is idle.  enabled since …", or "printer X
/// disabled since … -\n\treason", or an error on stderr.
fn read_status(out: &str, err: &str) -> PrinterState {
    let first = out.lines().next().unwrap_or("");
    if first.starts_with("printer ") {
        if first.contains(" disabled since ") || first.contains(" is stopped") {
            let reason = out.lines().skip(1).map(str::trim).filter(|l| !l.is_empty()).collect::<Vec<_>>().join(" ");
            return PrinterState::Stopped { reason };
        }
        return PrinterState::Ready;
    }
    let e = err.trim();
    if e.contains("Invalid destination") || e.contains("not exist") || e.contains("Unknown destination") || (e.is_empty() && out.trim().is_empty()) {
        PrinterState::Missing
    } else {
        PrinterState::NoPrintSystem { reason: e.lines().next().unwrap_or("").to_string() }
    }
}

/// Hands a PDF to the print system for `printer`, on `media` (its CUPS name): the job's id
/// ("BH-PDF-12"), or what the print system said. The PDF goes by a pipe: no copy of a
/// person's badge is left in a file.
pub fn submit(printer: &str, media: &str, title: &str, pdf: &[u8]) -> Result<String, String> {
    let media = format!("media={media}");
    // `fit-to-page` off: the badge is already the label's size; scaling would change the
    // QR code's modules.
    let (ok, out, err) = run("lp", &["-d", printer, "-o", &media, "-o", "print-scaling=none", "-t", title], Some(pdf))?;
    if !ok {
        let e = err.trim();
        return Err(if e.is_empty() { out.trim().to_string() } else { e.to_string() });
    }
    // "request id is BH-PDF-12 (1 file(s))"
    Ok(out.split_whitespace().skip_while(|w| *w != "is").nth(1).unwrap_or("").to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lpstat_is_read_as_the_desk_says_it() {
        assert_eq!(read_status("printer BH-PDF is idle.  enabled since Wed Dec  2 10:00:00 2026\n", ""), PrinterState::Ready);
        assert_eq!(
            read_status("printer BH-PDF disabled since Wed Dec  2 10:00:00 2026 -\n\tMedia empty\n", ""),
            PrinterState::Stopped { reason: "Media empty".into() }
        );
        assert_eq!(read_status("", "lpstat: Invalid destination name in list \"NOPE\".\n"), PrinterState::Missing);
        assert!(matches!(read_status("", "lpstat: Unable to connect to server\n"), PrinterState::NoPrintSystem { .. }));
        let said = PrinterState::Stopped { reason: "Media empty".into() }.said("QL");
        assert!(said.fr.contains("arrêtée") && said.en.contains("stopped") && said.en.contains("Media empty"));
    }
}
