//! Which room of a multi-room schedule this venue shows: the one asked for, the only one, or
//! an error that lists them.

use super::ProgrammeError;
use crate::bilingual::bi;

/// Picks the room to show among a file's rooms: the one asked for, the only one, or fails
/// listing them.
pub fn choose(rooms: &[String], asked: Option<&str>, file: &str) -> Result<Option<String>, ProgrammeError> {
    let fold = |s: &str| crate::search::fold(s).replace(' ', "");
    match asked {
        Some(a) => rooms.iter().find(|r| fold(r) == fold(a)).cloned().map(Some).ok_or_else(|| ProgrammeError::File {
            file: file.into(),
            message: bi(format!("salle « {a} » absente ; salles du fichier : {}", rooms.join(", ")), format!("room \"{a}\" not found; the file's rooms: {}", rooms.join(", "))),
        }),
        None if rooms.len() <= 1 => Ok(rooms.first().cloned()),
        None => Err(ProgrammeError::File {
            file: file.into(),
            message: bi(format!("plusieurs salles, choisissez-en une (--room) : {}", rooms.join(", ")), format!("several rooms, choose one (--room): {}", rooms.join(", "))),
        }),
    }
}
