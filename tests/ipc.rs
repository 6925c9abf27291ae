//! Commands through real IPC on Tauri's mock runtime, with the app's real capabilities.

use bluehats_core::clock::{from_db, VenueClock};
use bluehats_core::service::{Kiosk, Options};
use bluehats_core::Store;
use bluehats_kiosk::state::AppState;
use serde_json::{json, Value};
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{get_ipc_response, mock_builder, MockRuntime, INVOKE_KEY};
use tauri::webview::InvokeRequest;
use tauri::{App, WebviewWindow, WebviewWindowBuilder};

pub fn app(dir: &std::path::Path) -> App<MockRuntime> {
    let clock = VenueClock::Fixed { at: from_db("2021-11-09T09:05:00Z") };
    let kiosk = Kiosk::open(Options { dir: dir.to_path_buf(), clock, desk: Some("Entrée A".into()), demo: true }).unwrap();
    // The organiser chose a PIN (which unlocks the screen for a few minutes).
    kiosk.set_pin("2468").unwrap();
    bluehats_kiosk::app::builder(mock_builder(), AppState::new(kiosk)).build(tauri::generate_context!("tauri.conf.json")).unwrap()
}

pub fn window(app: &App<MockRuntime>, label: &str) -> WebviewWindow<MockRuntime> {
    WebviewWindowBuilder::new(app, label, Default::default()).build().unwrap()
}

/// One call from the app's own page, as the webview makes it: a body and its headers.
fn request(w: &WebviewWindow<MockRuntime>, cmd: &str, body: InvokeBody, headers: tauri::http::HeaderMap) -> Result<Value, Value> {
    get_ipc_response(
        w,
        InvokeRequest {
            cmd: cmd.into(),
            callback: CallbackFn(0),
            error: CallbackFn(1),
            url: "tauri://localhost".parse().unwrap(),
            body,
            headers,
            invoke_key: INVOKE_KEY.to_string(),
        },
    )
    .map(|b| b.deserialize::<Value>().unwrap())
}

pub fn invoke(w: &WebviewWindow<MockRuntime>, cmd: &str, args: Value) -> Result<Value, Value> {
    request(w, cmd, InvokeBody::Json(args), Default::default())
}

#[test]
fn desk_scans_searches_and_registers_walk_ins_through_ipc() {
    let dir = tempfile::tempdir().unwrap();
    let app = app(dir.path());
    let desk = window(&app, "desk");
    let found = invoke(&desk, "search", json!({ "text": "helene" })).unwrap();
    let helene = &found.as_array().unwrap()[0];
    let code = helene["code"].as_str().unwrap();
    let first = invoke(&desk, "scan", json!({ "code": code })).unwrap();
    assert_eq!(first["verdict"], "admitted");
    assert_eq!(first["desk"], "Entrée A");
    assert_eq!(first["at"], "2021-11-09T09:05:00Z", "the venue clock, not the machine's");
    let again = invoke(&desk, "scan", json!({ "code": code, "desk": "Entrée B" })).unwrap();
    assert_eq!(again["verdict"], "already_admitted");
    assert_eq!(invoke(&desk, "scan", json!({ "code": "\u{0}\u{1}garbage" })).unwrap()["verdict"], "malformed");
    // A US-keyboard scanner on an AZERTY machine: the desk sends the US reading beside it.
    let other = found.as_array().unwrap()[1]["code"].as_str().unwrap();
    let azerty = other.replace('1', "&").replace('.', ":");
    let o = invoke(&desk, "scan", json!({ "code": azerty, "asUs": other })).unwrap();
    assert_eq!((o["verdict"].as_str(), o["code"].as_str()), (Some("admitted"), Some(other)));
    let w = invoke(&desk, "walk_in", json!({ "person": { "name": "Zoé Lavoûte", "organisation": null, "category": "citizen", "email": null } })).unwrap();
    assert_eq!(w["outcome"]["verdict"], "admitted");
    assert!(w["qr_svg"].as_str().unwrap().starts_with("<?xml"));
    let stats = invoke(&desk, "stats", json!({})).unwrap();
    assert_eq!((stats["admitted"].as_i64(), stats["registered"].as_i64()), (Some(3), Some(301)));
    // The organiser cancels a ticket: it is refused at the entrance.
    let third = found.as_array().unwrap()[2]["code"].as_str().unwrap();
    assert_eq!(invoke(&desk, "revoke_ticket", json!({ "code": third })).unwrap(), true);
    assert_eq!(invoke(&desk, "scan", json!({ "code": third })).unwrap()["verdict"], "revoked");
    let report = invoke(&desk, "export_tickets", json!({})).unwrap();
    assert_eq!(report["tickets"], 300, "301 people, one ticket cancelled");
    assert!(std::path::Path::new(report["pdf"].as_str().unwrap()).exists());
    let id = helene["id"].as_i64().unwrap();
    invoke(&desk, "undo_checkin", json!({ "attendeeId": id })).unwrap();
    let err = invoke(&desk, "undo_checkin", json!({ "attendeeId": id })).unwrap_err();
    assert_eq!(err["code"], "nothing_to_undo", "errors cross IPC as {{code, message}}: {err}");
    assert!(err["message"].as_str().unwrap().contains("no check-in to undo"));
}

#[test]
fn the_signage_window_can_read_the_programme_but_not_check_anyone_in() {
    let dir = tempfile::tempdir().unwrap();
    let app = app(dir.path());
    let signage = window(&app, "signage");
    let screen = invoke(&signage, "screen_model", json!({})).unwrap();
    assert_eq!(screen["rooms"][0]["screen"]["now"]["title"], "Présentation d'Esup-Pod");
    assert!(invoke(&signage, "scan", json!({ "code": "x" })).is_err(), "not granted to the signage window");
    assert!(invoke(&signage, "search", json!({ "text": "helene" })).is_err(), "no personal data on signage");
    assert!(invoke(&signage, "apply_live", json!({ "action": { "action": "next" } })).is_err());
}

#[test]
fn live_control_through_ipc_changes_what_the_signage_reads() {
    let dir = tempfile::tempdir().unwrap();
    let app = app(dir.path());
    let desk = window(&app, "desk");
    let signage = window(&app, "signage");
    let s = invoke(&desk, "apply_live", json!({ "action": { "action": "next" } })).unwrap();
    assert!(s["now"]["title"].as_str().unwrap().contains("PLUME"));
    assert!(invoke(&signage, "screen_model", json!({})).unwrap()["rooms"][0]["screen"]["now"]["title"].as_str().unwrap().contains("PLUME"));
    invoke(&desk, "apply_live", json!({ "action": { "action": "announce", "text": "Salle 223M complète" } })).unwrap();
    assert_eq!(invoke(&signage, "screen_model", json!({})).unwrap()["announcement"], "Salle 223M complète");
    drop(app);
    // The live state is in the store: it survives a restart.
    let store = Store::open_dir(dir.path()).unwrap();
    assert_eq!(store.lives().unwrap().1.as_deref(), Some("Salle 223M complète"));
}

#[test]
fn a_rooms_capacity_set_through_ipc_turns_the_door_and_the_signage_full() {
    let dir = tempfile::tempdir().unwrap();
    let app = app(dir.path());
    let desk = window(&app, "desk");
    let signage = window(&app, "signage");
    let room = invoke(&desk, "event_info", json!({})).unwrap()["rooms"][0]["name"].as_str().unwrap().to_string();
    let r = invoke(&desk, "set_room_capacity", json!({ "room": room, "capacity": 1, "policy": "refuse", "margin": null })).unwrap();
    assert_eq!((r["capacity"].as_i64(), r["policy"].as_str()), (Some(1), Some("refuse")));
    let bad = invoke(&desk, "set_room_capacity", json!({ "room": "Salle Z", "capacity": 5, "policy": "warn", "margin": null })).unwrap_err();
    assert!(bad["message"].as_str().unwrap().contains("Salle Z"), "{bad}");
    assert!(invoke(&signage, "set_room_capacity", json!({ "room": room, "capacity": 9, "policy": "warn", "margin": null })).is_err(), "not the signage's");
    let people = invoke(&desk, "search", json!({ "text": "a" })).unwrap();
    let code = |i: usize| people[i]["code"].as_str().unwrap().to_string();
    assert_eq!(invoke(&desk, "scan", json!({ "code": code(0) })).unwrap()["verdict"], "admitted");
    assert_eq!(invoke(&signage, "screen_model", json!({})).unwrap()["rooms"][0]["screen"]["room_full"], true);
    let full = invoke(&desk, "scan", json!({ "code": code(1) })).unwrap();
    assert_eq!((full["verdict"].as_str(), full["room"].as_str()), (Some("room_full"), Some(room.as_str())));
    let stats = invoke(&desk, "stats", json!({})).unwrap();
    assert_eq!((stats["inside_by_room"][&room].as_i64(), stats["rooms_full"][0].as_str()), (Some(1), Some(room.as_str())));
}

#[test]
fn organiser_commands_need_the_pin_checked_in_rust() {
    let dir = tempfile::tempdir().unwrap();
    let app = app(dir.path());
    let desk = window(&app, "desk");
    invoke(&desk, "lock", json!({})).unwrap();
    // Locked: the organiser's commands are refused by Rust, whatever the page does.
    for (cmd, args) in [
        ("apply_live", json!({ "action": { "action": "announce", "text": "Fermé" } })),
        ("revoke_ticket", json!({ "code": "x" })),
        ("set_programme_url", json!({ "url": "https://example.invalid/x" })),
        ("export_tickets", json!({})),
        ("stats", json!({})),
    ] {
        assert_eq!(invoke(&desk, cmd, args).unwrap_err()["code"], "locked", "{cmd}");
    }
    // The desk's own work needs no PIN.
    let found = invoke(&desk, "search", json!({ "text": "helene" })).unwrap();
    let code = found[0]["code"].as_str().unwrap();
    assert_eq!(invoke(&desk, "scan", json!({ "code": code })).unwrap()["verdict"], "admitted");
    invoke(&desk, "undo_checkin", json!({ "attendeeId": found[0]["id"] })).expect("a desk undoes its own recent check-in");
    // A wrong PIN is refused and slows the next try down, even with the right PIN.
    let wrong = invoke(&desk, "unlock", json!({ "pin": "0000" })).unwrap_err();
    assert_eq!(wrong["code"], "wrong_pin");
    assert!(wrong["message"].as_str().unwrap().contains("next try in 1 s"), "{wrong}");
    assert_eq!(invoke(&desk, "unlock", json!({ "pin": "2468" })).unwrap_err()["code"], "too_many_tries");
    std::thread::sleep(std::time::Duration::from_millis(1100));
    assert_eq!(invoke(&desk, "unlock", json!({ "pin": "2468" })).unwrap()["unlocked"], true);
    assert_eq!(invoke(&desk, "apply_live", json!({ "action": { "action": "clear" } })).is_ok(), true);
    // A rehearsal speed that once crashed the app is refused with its bounds.
    let e = invoke(&desk, "set_clock", json!({ "clock": { "mode": "rehearsal", "start": "2021-11-09T08:00:00Z", "speed": 1e300 } })).unwrap_err();
    assert!(e["message"].as_str().unwrap().contains("0.1 to 3600"), "{e}");
    // The store keeps a slow hash, never the PIN.
    drop(app);
    let store = Store::open_dir(dir.path()).unwrap();
    let kept = store.setting(bluehats_core::settings::Setting::OrganiserPin).unwrap().unwrap();
    assert!(kept.starts_with("$argon2id$") && !kept.contains("2468"));
}

/// A camera frame as the desk sends it: grey bytes as the raw body, its size in headers.
fn send_frame(w: &WebviewWindow<MockRuntime>, width: u32, height: u32, luma: Vec<u8>) -> Result<Value, Value> {
    let mut headers = tauri::http::HeaderMap::new();
    headers.insert("x-width", width.to_string().parse().unwrap());
    headers.insert("x-height", height.to_string().parse().unwrap());
    request(w, "read_frame", InvokeBody::Raw(luma), headers)
}

/// The QR code over a coloured background, as RGBA bytes (a canvas's getImageData).
fn frame_rgba(qr: &image::GrayImage, width: u32, height: u32) -> Vec<u8> {
    let mut frame = image::RgbaImage::from_pixel(width, height, image::Rgba([170, 150, 120, 255]));
    let qr = image::DynamicImage::ImageLuma8(qr.clone()).to_rgba8();
    image::imageops::overlay(&mut frame, &qr, 300, 200);
    frame.into_raw()
}

#[test]
fn the_desks_sounds_are_played_by_the_app_by_name() {
    let dir = tempfile::tempdir().unwrap();
    let app = app(dir.path());
    let desk = window(&app, "desk");
    // No sound device here: still answered at once, nothing said to the page.
    for name in ["admitted", "already", "refused", "malformed", "wrong_gate"] {
        assert_eq!(invoke(&desk, "play_sound", json!({ "sound": name })).unwrap(), Value::Null, "{name}");
    }
    // A name that is not one of them (a path, say) is refused; the signage plays nothing.
    assert!(invoke(&desk, "play_sound", json!({ "sound": "../../etc/passwd" })).is_err());
    assert!(invoke(&window(&app, "signage"), "play_sound", json!({ "sound": "admitted" })).is_err());
}

#[test]
fn the_desks_camera_frames_are_read_by_the_apps_qr_reader_and_bad_frames_refused() {
    let dir = tempfile::tempdir().unwrap();
    let app = app(dir.path());
    let desk = window(&app, "desk");
    let found = invoke(&desk, "search", json!({ "text": "helene" })).unwrap();
    let code = found[0]["code"].as_str().unwrap().to_string();
    // The ticket's QR code in the middle of a grey 1280×720 frame, as a webcam sees it.
    let png = bluehats_core::ticket_files::qr_png(&code, 6).unwrap();
    let qr = image::load_from_memory(&png).unwrap().to_luma8();
    let mut frame = image::GrayImage::from_pixel(1280, 720, image::Luma([150]));
    image::imageops::overlay(&mut frame, &qr, 400, 120);
    let got = send_frame(&desk, 1280, 720, frame.into_raw()).unwrap();
    assert_eq!(got, json!([code]));
    // What the desk then scans is the same code: ENTRÉE OK.
    assert_eq!(invoke(&desk, "scan", json!({ "code": code })).unwrap()["verdict"], "admitted");
    // The same frame as the page sends it, the canvas's RGBA (four bytes a pixel): read too.
    let rgba: Vec<u8> = frame_rgba(&qr, 1280, 720);
    assert_eq!(send_frame(&desk, 1280, 720, rgba).unwrap(), json!([code]));
    // A frame with no code, frame after frame: nothing (every rescue taken in turn).
    for _ in 0..3 {
        assert_eq!(send_frame(&desk, 64, 48, vec![200; 64 * 48]).unwrap(), json!([]));
    }
    // A frame whose bytes do not match its size, or without its size: refused, saying why.
    let short = send_frame(&desk, 1280, 720, vec![0; 1000]).unwrap_err();
    assert!(short.to_string().contains("wrong length"), "{short}");
    let none = invoke(&desk, "read_frame", json!({})).unwrap_err();
    assert!(none.to_string().contains("x-width"), "{none}");
    // The signage window has no camera.
    let signage = window(&app, "signage");
    assert!(send_frame(&signage, 64, 48, vec![200; 64 * 48]).is_err());
}

/// A desk turned to the attendees: through real IPC, its page can scan a ticket and learn a
/// first name, and nothing else; search, walk-ins, history, the desk's own scan and the
/// organiser's commands are refused by Rust; the organiser's PIN turns it back.
#[test]
fn a_self_service_desk_answers_a_first_name_and_refuses_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    let app = app(dir.path());
    let desk = window(&app, "desk");
    let people = invoke(&desk, "search", json!({ "text": "helene" })).unwrap();
    let helene = people.as_array().unwrap()[0].clone();
    let code = helene["code"].as_str().unwrap().to_string();
    // Someone let in at another desk earlier.
    let other = people.as_array().unwrap()[1]["code"].as_str().unwrap().to_string();
    invoke(&desk, "scan", json!({ "code": other, "desk": "Entrée B" })).unwrap();
    invoke(&desk, "start_self_service", json!({})).unwrap();
    assert_eq!(invoke(&desk, "event_info", json!({})).unwrap()["self_service"], true);
    let first = invoke(&desk, "self_scan", json!({ "code": code })).unwrap();
    assert_eq!(first, json!({ "welcome": "Hélène" }), "a first name and nothing else");
    // Already in, unknown, forged, not a ticket: one answer for all, no word that helps.
    for c in [other.clone(), "PRETIX-NOPE".into(), format!("{}A", &code[..code.len() - 6]), "\u{0}x".into()] {
        assert_eq!(invoke(&desk, "self_scan", json!({ "code": c })).unwrap(), json!({ "welcome": null }));
    }
    for (cmd, args) in [
        ("search", json!({ "text": "a" })),
        ("scan", json!({ "code": code })),
        ("walk_in", json!({ "person": { "name": "X", "organisation": null, "category": "other", "email": null } })),
        ("recent_scans", json!({})),
        ("stats", json!({})),
        ("unlock", json!({ "pin": "2468" })),
    ] {
        let e = invoke(&desk, cmd, args).unwrap_err();
        assert!(e.to_string().contains("libre-service"), "{cmd}: {e}");
    }
    assert!(invoke(&desk, "end_self_service", json!({ "pin": "0000" })).is_err(), "a wrong PIN stays");
    assert_eq!(invoke(&desk, "event_info", json!({})).unwrap()["self_service"], true);
    // After a wrong PIN the lock makes one wait a second: tried again until it has passed.
    let mut left = Err(json!("not tried"));
    for _ in 0..20 {
        left = invoke(&desk, "end_self_service", json!({ "pin": "2468" }));
        if left.is_ok() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(250));
    }
    left.unwrap();
    assert!(invoke(&desk, "search", json!({ "text": "a" })).is_ok(), "a desk again");
    let stats = invoke(&desk, "stats", json!({})).unwrap();
    assert_eq!(stats["admitted"], 2, "the self-service scan was recorded");
}

#[test]
fn badges_and_mail_through_ipc_the_printer_and_the_server_behind_the_pin() {
    let dir = tempfile::tempdir().unwrap();
    let app = app(dir.path());
    let desk = window(&app, "desk");
    invoke(&desk, "lock", json!({})).unwrap();
    // The printer, the mail server and the mailing are the organiser's: refused while locked.
    for (cmd, args) in [
        ("set_printer", json!({ "printer": "QL-800", "size": "dymo89x36" })),
        ("printers", json!({})),
        ("mail_settings", json!({})),
        ("set_mail_server", json!({ "server": { "host": "127.0.0.1", "port": 25, "security": "plain", "user": null, "from": "a@b.invalid", "ca_file": null } })),
        ("mail_tickets", json!({ "dryRun": true, "again": false, "rate": 0 })),
    ] {
        assert_eq!(invoke(&desk, cmd, args).unwrap_err()["code"], "locked", "{cmd}");
    }
    // No printer: the desk has nothing to switch and nothing waits.
    let setup = invoke(&desk, "print_setup", json!({})).unwrap();
    assert_eq!(setup["printer"], Value::Null);
    invoke(&desk, "unlock", json!({ "pin": "2468" })).unwrap();
    let set = invoke(&desk, "set_printer", json!({ "printer": "BH-IPC-NONE", "size": "dymo89x36" })).unwrap();
    assert_eq!((set["printer"].as_str(), set["size"].as_str()), (Some("BH-IPC-NONE"), Some("dymo89x36")));
    // Auto-print is the desk's own switch.
    invoke(&desk, "lock", json!({})).unwrap();
    assert_eq!(invoke(&desk, "set_auto_print", json!({ "on": true })).unwrap()["auto"], true);
    let found = invoke(&desk, "search", json!({ "text": "helene" })).unwrap();
    let code = found[0]["code"].as_str().unwrap();
    assert_eq!(invoke(&desk, "scan", json!({ "code": code })).unwrap()["verdict"], "admitted", "the verdict, printer or not");
    let round = invoke(&desk, "print_badges", json!({})).unwrap();
    assert_eq!(round["waiting"].as_array().unwrap().len(), 1, "{round}");
    assert!(round["line"]["fr"].as_str().unwrap().contains("en attente"), "{round}");
    let job = round["waiting"][0]["id"].as_i64().unwrap();
    invoke(&desk, "drop_print_job", json!({ "id": job })).unwrap();
    assert_eq!(invoke(&desk, "print_jobs", json!({})).unwrap()[0]["state"], "dropped");
    // Réimprimer queues a new one for that person.
    let again = invoke(&desk, "reprint", json!({ "attendeeId": found[0]["id"] })).unwrap();
    assert_eq!(again["waiting"][0]["name"], found[0]["name"]);
    // The signage window prints nothing.
    let signage = window(&app, "signage");
    assert!(invoke(&signage, "print_badges", json!({})).is_err());
    // The mail: the server kept, its password never sent back; a dry run writes 5 .eml files.
    invoke(&desk, "unlock", json!({ "pin": "2468" })).unwrap();
    let server = json!({ "host": "127.0.0.1", "port": 25, "security": "plain", "user": "accueil", "from": "Accueil <a@bluehats.invalid>", "ca_file": null });
    let settings = invoke(&desk, "set_mail_server", json!({ "server": server, "password": "s3cr3t" })).unwrap();
    assert_eq!(settings["password_kept"], true);
    assert!(!settings.to_string().contains("s3cr3t"));
    assert_eq!(settings["to_mail"], 300);
    let bad = invoke(&desk, "set_mail_template", json!({ "subject": "Billet", "body": "Bonjour {prénom}" })).unwrap_err();
    assert!(bad["message"].as_str().unwrap().contains("{prénom}"), "{bad}");
    let report = invoke(&desk, "mail_tickets", json!({ "dryRun": true, "again": false, "rate": 0 })).unwrap();
    assert_eq!(report["written"].as_array().unwrap().len(), 5, "{report}");
    assert_eq!(report["sent"], 0);
    let log = invoke(&desk, "exports_log", json!({})).unwrap();
    assert!(log.to_string().contains("billets par courriel"), "the run is logged as an export: {log}");
}
