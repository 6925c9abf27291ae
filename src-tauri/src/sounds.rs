//! The desk's sounds: a verdict heard as well as seen, played by the app, not by the page.
//! In the page, each `<audio>` is a GStreamer pipeline in the desk's web process: measured
//! (soak, 1,000 scans) about 6 MiB more in that process over a day, for five short beeps.
//! Here they are played through the system's default output (ALSA, which PulseAudio and
//! PipeWire serve) on one thread of their own; the page asks by name (`play_sound`).
//!
//! No sound device (a machine without speakers, a test under Xvfb): the colour and the words
//! still speak; the device is looked for again at a later sound, in case one is plugged in.

use std::io::Cursor;
use std::sync::mpsc::{channel, Receiver, RecvTimeoutError, Sender};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// A sound the desk plays, named as the page asks for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum Sound {
    /// Let in.
    Admitted,
    /// Let in already, or admitted to a full room: look at the screen.
    Already,
    /// Refused (unknown, forged, revoked, room full).
    Refused,
    /// Not a ticket of this app, or not inside.
    Malformed,
    /// A ticket for the other door.
    WrongGate,
}

impl Sound {
    /// The WAV file, in the binary (`assets/sounds/`).
    pub fn wav(self) -> &'static [u8] {
        match self {
            Sound::Admitted => include_bytes!("../../assets/sounds/admitted.wav"),
            Sound::Already => include_bytes!("../../assets/sounds/already.wav"),
            Sound::Refused => include_bytes!("../../assets/sounds/refused.wav"),
            Sound::Malformed => include_bytes!("../../assets/sounds/malformed.wav"),
            Sound::WrongGate => include_bytes!("../../assets/sounds/wrong_gate.wav"),
        }
    }

    pub const ALL: [Sound; 5] = [Sound::Admitted, Sound::Already, Sound::Refused, Sound::Malformed, Sound::WrongGate];
}

/// How long after a failed look for the sound device the next sound looks again: 30 s, then
/// twice as long after each failure, up to 16 min (ALSA prints its own lines at each look).
const RETRY: Duration = Duration::from_secs(30);
const RETRY_MAX: Duration = Duration::from_secs(16 * 60);

/// The app's speaker: sounds sent to the thread that plays them, which starts at the first.
#[derive(Default)]
pub struct Speaker {
    to_player: Mutex<Option<Sender<Sound>>>,
}

impl Speaker {
    /// Plays `sound` now, without waiting for it (a beep never delays the next scan).
    pub fn play(&self, sound: Sound) {
        let mut to = self.to_player.lock().unwrap_or_else(|e| e.into_inner());
        let tx = to.get_or_insert_with(|| {
            let (tx, rx) = channel();
            let started = std::thread::Builder::new().name("sounds".into()).spawn(move || player(rx));
            if let Err(e) = started {
                eprintln!("sons : pas de fil pour les jouer / sounds: no thread to play them: {e}");
            }
            tx
        });
        let _ = tx.send(sound);
    }
}

/// How long the output stays open after the last sound (an open output is fed silence).
const IDLE: Duration = Duration::from_secs(60);

/// The sound thread: opens the default output at a sound, plays each one mixed over what
/// still plays (two quick scans, two beeps), and closes the output after a quiet minute.
fn player(sounds: Receiver<Sound>) {
    let mut sink: Option<rodio::MixerDeviceSink> = None;
    let mut looked: Option<Instant> = None;
    let mut retry = RETRY;
    let mut said = false;
    loop {
        let sound = match sounds.recv_timeout(IDLE) {
            Ok(sound) => sound,
            Err(RecvTimeoutError::Timeout) => {
                if sink.take().is_some() {
                    looked = None;
                }
                continue;
            }
            Err(RecvTimeoutError::Disconnected) => return,
        };
        if sink.is_none() && looked.is_none_or(|t| t.elapsed() >= retry) {
            if looked.is_some() {
                retry = (retry * 2).min(RETRY_MAX);
            }
            looked = Some(Instant::now());
            match rodio::DeviceSinkBuilder::open_default_sink() {
                Ok(mut s) => {
                    s.log_on_drop(false);
                    sink = Some(s);
                    retry = RETRY;
                }
                Err(e) if !said => {
                    said = true;
                    eprintln!("sons : pas de sortie audio, le bureau reste muet / sounds: no audio output, the desk is silent: {e}");
                }
                Err(_) => {}
            }
        }
        let Some(s) = &sink else { continue };
        match rodio::Decoder::new(Cursor::new(sound.wav())) {
            Ok(source) => s.mixer().add(source),
            Err(e) => eprintln!("son illisible / unreadable sound {sound:?}: {e}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rodio::Source;

    #[test]
    fn every_sound_is_a_short_beep_the_player_reads() {
        for sound in Sound::ALL {
            let source = rodio::Decoder::new(Cursor::new(sound.wav())).unwrap();
            let rate = source.sample_rate().get() as f64;
            let channels = source.channels().get() as f64;
            let seconds = source.count() as f64 / rate / channels;
            assert!(seconds > 0.05 && seconds < 2.0, "{sound:?}: {seconds} s");
        }
    }

    #[test]
    fn the_page_names_them_as_the_files() {
        for (sound, name) in Sound::ALL.iter().zip(["admitted", "already", "refused", "malformed", "wrong_gate"]) {
            assert_eq!(serde_json::from_value::<Sound>(serde_json::json!(name)).unwrap(), *sound);
        }
        assert!(serde_json::from_value::<Sound>(serde_json::json!("../../etc/passwd")).is_err());
    }

    #[test]
    fn without_a_sound_device_playing_is_silent_and_never_blocks() {
        let speaker = Speaker::default();
        for _ in 0..20 {
            speaker.play(Sound::Refused);
        }
    }
}
