//! Which rooms of a schedule to take: every one, or the one asked for (an error lists the
//! file's rooms when it has no such room).

use super::ProgrammeError;
use crate::bilingual::bi;

/// The file's room matching `asked` (`None`: keep them all).
pub fn choose(rooms: &[String], asked: Option<&str>, file: &str) -> Result<Option<String>, ProgrammeError> {
    let Some(a) = asked else { return Ok(None) };
    if rooms.is_empty() {
        // A file that names no room: its programme goes to the room asked for.
        return Ok(None);
    }
    rooms.iter().find(|r| crate::search::same_name(r, a)).cloned().map(Some).ok_or_else(|| ProgrammeError::File {
        file: file.into(),
        message: bi(format!("salle « {a} » absente ; salles du fichier : {}", rooms.join(", ")), format!("room \"{a}\" not found; the file's rooms: {}", rooms.join(", "))),
    })
}
