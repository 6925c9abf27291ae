//! The spreadsheets the app writes (CSV): every cell defused, whatever it holds (a name, a
//! desk's name, an e-mail, a code), so that no spreadsheet runs it as a formula. One writer
//! for every export, so that no export can forget it.

use std::path::Path;

use crate::error::{KioskError, Result};

/// A spreadsheet runs a cell starting with = + - @ (or a tab or CR) as a formula: such a
/// cell is prefixed with an apostrophe, which spreadsheets show as text.
pub fn csv_safe(cell: &str) -> String {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{cell}"),
        _ => cell.to_string(),
    }
}

/// A CSV sheet built in memory, then written whole.
pub struct Sheet {
    w: csv::Writer<Vec<u8>>,
}

impl Default for Sheet {
    fn default() -> Self {
        Sheet::new()
    }
}

impl Sheet {
    pub fn new() -> Sheet {
        Sheet { w: csv::Writer::from_writer(Vec::new()) }
    }

    /// A line; every cell defused.
    pub fn row<S: AsRef<str>>(&mut self, cells: impl IntoIterator<Item = S>) -> Result<()> {
        let cells: Vec<String> = cells.into_iter().map(|c| csv_safe(c.as_ref())).collect();
        self.w.write_record(&cells).map_err(|e| KioskError::io("CSV", std::io::Error::other(e)))
    }

    pub fn into_bytes(self) -> Result<Vec<u8>> {
        self.w.into_inner().map_err(|e| KioskError::io("CSV", std::io::Error::other(e.to_string())))
    }

    pub fn write_to(self, path: &Path) -> Result<()> {
        let bytes = self.into_bytes()?;
        std::fs::write(path, bytes).map_err(|e| KioskError::io(path, e))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_defused() {
        assert_eq!(csv_safe("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(csv_safe("+33 1 23"), "'+33 1 23");
        assert_eq!(csv_safe("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(csv_safe("Hélène"), "Hélène");
        let mut s = Sheet::new();
        s.row(["=HYPERLINK(\"http://x\")", "Zoé"]).unwrap();
        assert_eq!(String::from_utf8(s.into_bytes().unwrap()).unwrap(), "\"'=HYPERLINK(\"\"http://x\"\")\",Zoé\n");
    }
}
