//! Runs one subcommand: parse what was typed, call the kiosk (the service layer), print.

use std::io::{BufRead, Write};

use bluehats_core::attendee::NewAttendee;
use bluehats_core::bilingual::bi;
use bluehats_core::programme::control::LiveAction;
use bluehats_core::event_pack::EventPack;
use bluehats_core::service::{CategoryEdit, EventEdit, ImportOptions, Kiosk, PositionSet, ProgrammeFormat, ProgrammeImport, WaySet};
use bluehats_core::signage::View;
use bluehats_core::venue_map::{parse_here, Arrow};
use bluehats_core::KioskError;

use super::args::{AttendeesCmd, CategoriesCmd, Cli, GatesCmd, Cmd, EventCmd, ExportFormat, LiveCmd, MachinesCmd, OnOff, PositionsCmd, PrintCmd, BadgesCmd, ProgrammeCmd, RoleArg, RoomsCmd, ScreenCmd, TicketsCmd};
use bluehats_core::venue::Role;
use super::print::{self, out};

/// Runs `cmd`; returns the exit code it asks for (a verdict's, for `checkin`).
pub fn run(cli: &Cli, cmd: &Cmd, k: &Kiosk) -> Result<i32, KioskError> {
    let json = cli.json;
    match cmd {
        Cmd::Init { demo, pin, blank } => {
            if *blank {
                k.start_blank()?;
            }
            if let Some(pin) = pin {
                k.set_pin(pin)?;
            }
            let added = if *demo { k.add_demo()? } else { 0 };
            let registered = k.counters()?.registered;
            let (path, name) = (k.store_path(), k.event().name);
            out(json, &serde_json::json!({ "store": path, "event": name, "demo_added": added, "registered": registered }), || {
                format!("{name} — {} ({registered} inscrits / registered)", path.display())
            });
        }
        Cmd::Pin { pin } => {
            k.set_pin(pin)?;
            out(json, &serde_json::json!({ "pin_set": true }), || "Code organisateur enregistré / organiser PIN saved".into());
        }
        Cmd::Attendees(AttendeesCmd::Import { file, dry_run, skip_bad }) => {
            let bytes = std::fs::read(file).map_err(|e| KioskError::io(file, e))?;
            let name = file.display().to_string();
            let show_progress = !json && bytes.len() > 1_000_000;
            let opts = ImportOptions { dry_run: *dry_run, skip_bad: *skip_bad };
            let plan = k.import_attendees(&bytes, &name, opts, &mut |d, t| {
                if show_progress {
                    eprint!("\r{d}/{t}");
                }
            })?;
            if show_progress {
                eprintln!();
            }
            out(json, &plan, || print::import_plan(&plan, &name));
        }
        Cmd::Attendees(AttendeesCmd::Add { name, org, category, email }) => {
            let category = k.category_named(category)?;
            let person = NewAttendee { name: name.clone(), email: email.clone(), organisation: org.clone(), category };
            // A joined desk registers nobody for later: someone added there is at its door.
            let a = if k.via_hub() { k.walk_in(&person)?.attendee } else { k.add_attendee(&person)? };
            out(json, &a, || format!("{} — {}", a.name, a.code.clone().unwrap_or_default()));
            badges_after(k, json);
        }
        Cmd::Attendees(AttendeesCmd::Sheet { pdf }) => {
            let (path, n) = k.door_list(Some(pdf))?;
            out(json, &serde_json::json!({ "pdf": path, "people": n }), || format!("{n} personnes / people → {}", path.display()));
        }
        Cmd::Attendees(AttendeesCmd::Note { who, text, attention }) => {
            let id = match who.parse::<i64>() {
                Ok(id) => id,
                Err(_) => k.ticket_holder(who)?.map(|p| p.id).ok_or_else(|| KioskError::InvalidField { field: bi("billet", "ticket"), value: who.clone() })?,
            };
            let a = k.set_note(id, Some(text), *attention)?;
            out(json, &a, || {
                let flag = if a.attention { " · APPELEZ L'ORGANISATION / CALL THE ORGANISERS" } else { "" };
                format!("{} — {}{flag}", a.name, a.note.clone().unwrap_or_else(|| "pas de note / no note".into()))
            });
        }
        Cmd::Attendees(AttendeesCmd::List) => {
            let list = k.list_attendees()?;
            k.log_export("liste / list", "stdout", list.len() as i64)?;
            out(json, &list, || print::attendees(&list));
        }
        Cmd::Tickets(TicketsCmd::Export { out: dir, pdf }) => {
            let report = k.export_tickets(Some(dir), pdf.as_deref())?;
            out(json, &report, || format!("{} billets / tickets → {}", report.tickets, report.dir.display()));
        }
        Cmd::Tickets(TicketsCmd::Revoke { code }) => {
            let done = k.revoke_ticket(code)?;
            out(json, &serde_json::json!({ "revoked": done }), || {
                if done { "Billet annulé / ticket revoked".into() } else { "Aucun billet actif avec ce code / no active ticket with this code".into() }
            });
            return Ok(if done { 0 } else { 1 });
        }
        Cmd::Checkin { batch: Some(path), gate, exit, .. } => {
            let reader: Box<dyn BufRead> = if path.as_os_str() == "-" {
                Box::new(std::io::stdin().lock())
            } else {
                Box::new(std::io::BufReader::new(std::fs::File::open(path).map_err(|e| KioskError::io(path, e))?))
            };
            let mut stdout = std::io::stdout().lock();
            let mut failed = 0;
            // Lines as bytes: a misread from a serial scanner (not even UTF-8) gets its
            // "not a ticket" verdict and the queue behind it goes on; so does a line the store
            // could not take (a full disk): said on its own line, and the exit code is 1.
            for (n, line) in reader.split(b'\n').enumerate() {
                let line = line.map_err(|e| KioskError::io(path, e))?;
                let line = String::from_utf8_lossy(&line);
                if line.trim().is_empty() {
                    continue;
                }
                let text = match at_gate(k, &line, gate.as_deref(), *exit) {
                    // Printed only after the commit: a line seen is a check-in on disk.
                    Ok(o) => serde_json::to_string(&o).expect("serialisable"),
                    Err(e) => {
                        failed += 1;
                        eprintln!("bluehats-kiosk: {}:{}: {e}", path.display(), n + 1);
                        serde_json::json!({ "line": n + 1, "error": e.code(), "message": e.to_string() }).to_string()
                    }
                };
                let _ = writeln!(stdout, "{text}");
                let _ = stdout.flush();
                badges_after(k, true);
            }
            // What this desk decided alone goes up now if the hub answers (else it waits).
            if k.via_hub() {
                let _ = k.sync();
            }
            return Ok(if failed > 0 { 1 } else { 0 });
        }
        Cmd::Checkin { image: Some(path), gate, exit, .. } => {
            let bytes = std::fs::read(path).map_err(|e| KioskError::io(path, e))?;
            let codes = bluehats_core::qr_reader::decode_file(&bytes, &path.display().to_string())?;
            if codes.is_empty() {
                return Err(KioskError::InvalidField { field: bi(&format!("image {}", path.display()), &format!("picture {}", path.display())), value: "aucun code QR / no QR code".into() });
            }
            let mut last = 0;
            for c in codes {
                let o = at_gate(k, &c, gate.as_deref(), *exit)?;
                out(json, &o, || print::verdict(&o, &k.event()));
                badges_after(k, json);
                last = o.verdict.exit_code();
            }
            return Ok(last);
        }
        Cmd::Decode { images } => {
            let mut found = Vec::new();
            for path in images {
                let codes = std::fs::read(path)
                    .map_err(|e| KioskError::io(path, e))
                    .and_then(|b| bluehats_core::qr_reader::decode_file(&b, &path.display().to_string()));
                match codes {
                    Ok(codes) => found.push(serde_json::json!({ "file": path, "codes": codes })),
                    Err(e) => found.push(serde_json::json!({ "file": path, "codes": [], "error": e.to_string() })),
                }
            }
            out(json, &found, || {
                found
                    .iter()
                    .map(|f| {
                        let codes: Vec<&str> = f["codes"].as_array().into_iter().flatten().filter_map(|c| c.as_str()).collect();
                        let file = f["file"].as_str().unwrap_or_default();
                        match (codes.is_empty(), f["error"].as_str()) {
                            (_, Some(e)) => format!("{file}: {e}"),
                            (true, None) => format!("{file}: aucun code / no code"),
                            (false, None) => codes.iter().map(|c| format!("{file}: {c}")).collect::<Vec<_>>().join("\n"),
                        }
                    })
                    .collect::<Vec<_>>()
                    .join("\n")
            });
            return Ok(if found.iter().all(|f| f["codes"].as_array().is_some_and(|c| !c.is_empty())) { 0 } else { 1 });
        }
        Cmd::Checkin { code, gate, exit, .. } => {
            let o = at_gate(k, code.as_deref().unwrap_or_default(), gate.as_deref(), *exit)?;
            out(json, &o, || print::verdict(&o, &k.event()));
            // The verdict is out: now the badge, if this desk prints one.
            badges_after(k, json);
            return Ok(o.verdict.exit_code());
        }
        Cmd::Print(PrintCmd::Setup { printer, size, auto }) => {
            let printer = printer.as_deref().map(|p| if p.eq_ignore_ascii_case("none") { "" } else { p });
            let setup = k.set_print_setup(printer, badge_size(size)?, auto.map(|a| a == OnOff::On))?;
            let state = setup.printer.as_deref().map(bluehats_core::printer::status);
            out(json, &serde_json::json!({ "setup": setup, "printer_state": state }), || print::print_setup(&setup, state.as_ref()));
        }
        Cmd::Print(PrintCmd::Status) => {
            let setup = k.print_setup()?;
            let state = setup.printer.as_deref().map(bluehats_core::printer::status);
            let jobs = k.print_jobs(20)?;
            out(json, &serde_json::json!({ "setup": setup, "printer_state": state, "jobs": jobs }), || {
                format!("{}\n{}", print::print_setup(&setup, state.as_ref()), print::print_jobs(&jobs, &k.event()))
            });
        }
        Cmd::Print(PrintCmd::Retry) => {
            let round = k.print_waiting()?;
            out(json, &round, || round.line.as_ref().map(|l| format!("{} / {}", l.fr, l.en)).unwrap_or_else(|| "aucun badge en attente / no badge waiting".into()));
            return Ok(if round.waiting.is_empty() { 0 } else { 1 });
        }
        Cmd::Print(PrintCmd::Drop { id }) => {
            k.drop_print_job(*id)?;
            out(json, &serde_json::json!({ "dropped": id }), || format!("badge {id} abandonné / dropped"));
        }
        Cmd::Print(PrintCmd::Printers) => {
            let list = k.printers()?;
            out(json, &list, || if list.is_empty() { "aucune imprimante / no printer".into() } else { list.join("\n") });
        }
        Cmd::Badges(BadgesCmd::Print { code }) => {
            let job = k.reprint_ticket(code)?;
            let round = k.print_waiting()?;
            let job = round.sent.iter().chain(&round.waiting).find(|j| j.id == job.id).cloned().unwrap_or(job);
            out(json, &serde_json::json!({ "job": job, "printer_state": round.printer, "line": round.line }), || {
                round.line.as_ref().map(|l| format!("{} / {}", l.fr, l.en)).unwrap_or_else(|| format!("badge {} en attente / waiting", job.name))
            });
            return Ok(if job.state == bluehats_core::store::JobState::Sent { 0 } else { 1 });
        }
        Cmd::Badges(BadgesCmd::Pdf { out: path, size, codes }) => {
            k.write_badges_pdf(codes, badge_size(size)?, path)?;
            out(json, &serde_json::json!({ "pdf": path, "badges": codes.len() }), || format!("{} badge(s) → {}", codes.len(), path.display()));
        }
        Cmd::Tickets(TicketsCmd::Template { subject, body }) => {
            let body = body.as_ref().map(|p| std::fs::read_to_string(p).map_err(|e| KioskError::io(p, e))).transpose()?;
            let t = if subject.is_some() || body.is_some() { k.set_mail_template(subject.as_deref(), body.as_deref())? } else { k.mail_template()? };
            out(json, &t, || format!("{}\n\n{}", t.subject, t.body));
        }
        Cmd::Tickets(TicketsCmd::Mail { smtp, starttls, tls, plain, user, password_env, from, ca, dry_run, again, rate }) => {
            use bluehats_core::service::{MailRun, MailSecurity, MailServer};
            let stored = k.mail_server()?;
            // What is given replaces what was kept; what is not keeps it.
            let given = smtp.is_some() || from.is_some() || user.is_some() || password_env.is_some() || ca.is_some() || *starttls || *tls || *plain;
            if given || stored.is_none() {
                let (host, port) = match smtp {
                    Some(s) => bluehats_core::service::parse_host_port(s)?,
                    None => stored.as_ref().map(|s| (s.host.clone(), s.port)).ok_or_else(|| KioskError::Refused(bi("donnez --smtp HÔTE:PORT", "give --smtp HOST:PORT")))?,
                };
                let from = from.clone().or_else(|| stored.as_ref().map(|s| s.from.clone())).ok_or_else(|| KioskError::Refused(bi("donnez --from ADRESSE", "give --from ADDRESS")))?;
                let security = match (*plain, *tls, *starttls) {
                    (true, _, _) => MailSecurity::Plain,
                    (_, true, _) => MailSecurity::Tls,
                    (_, _, true) => MailSecurity::Starttls,
                    _ => stored.as_ref().map_or(MailSecurity::Starttls, |s| s.security),
                };
                let password = match password_env {
                    Some(var) => Some(std::env::var(var).map_err(|_| KioskError::InvalidField { field: bi("variable du mot de passe (--password-env)", "password variable (--password-env)"), value: var.clone() })?),
                    None => None,
                };
                let user = user.clone().or_else(|| stored.as_ref().and_then(|s| s.user.clone()));
                let ca_file = ca.clone().or_else(|| stored.as_ref().and_then(|s| s.ca_file.clone()));
                k.set_mail_server(&MailServer { host, port, security, user, from, ca_file }, password.as_deref())?;
            }
            let run = MailRun { dry_run: dry_run.clone(), again: *again, rate: *rate };
            let report = k.mail_tickets(&run, |done, total| {
                if !json {
                    eprint!("\rcourriels / e-mails : {done}/{total}");
                    if done == total {
                        eprintln!();
                    }
                }
            })?;
            out(json, &report, || print::mail_report(&report));
            return Ok(if report.failed.is_empty() && report.stopped.is_none() { 0 } else { 1 });
        }
        Cmd::Gates(GatesCmd::List) => {
            let (list, here) = (k.gates(), k.gate()?);
            out(json, &serde_json::json!({ "gates": list, "this_desk": here }), || print::gates(&list, here.as_deref(), &k.categories()));
        }
        Cmd::Gates(GatesCmd::Set { name, categories, room }) => {
            let before: Vec<String> = k.gates().into_iter().find(|g| bluehats_core::search::same_name(&g.name, name)).map(|g| g.categories.iter().map(|c| c.as_str().to_string()).collect()).unwrap_or_default();
            let g = k.set_gate(name, categories.as_ref().unwrap_or(&before), room.as_deref())?;
            out(json, &g, || print::gates(std::slice::from_ref(&g), None, &k.categories()));
        }
        Cmd::Gates(GatesCmd::Remove { name }) => {
            let removed = k.remove_gate(name)?;
            out(json, &serde_json::json!({ "removed": removed }), || if removed { format!("{name} retirée / removed") } else { format!("aucune entrée « {name} » / no gate \"{name}\"") });
        }
        Cmd::Gates(GatesCmd::Use { name, .. }) => {
            let g = k.stand_at_gate(name.as_deref())?;
            out(json, &serde_json::json!({ "this_desk": g }), || match &g {
                Some(g) => format!("Ce poste est à l'entrée « {g} » / this desk is at the gate \"{g}\""),
                None => "Ce poste n'est à aucune entrée : il admet tout le monde / this desk is at no gate: it admits everyone".into(),
            });
        }
        Cmd::Categories(CategoriesCmd::List) => {
            let list = k.categories();
            let counts = k.stats()?.registered_by_category;
            out(json, &list, || print::categories(&list, &counts));
        }
        Cmd::Categories(CategoriesCmd::Set { category, fr, en, colour }) => {
            let d = k.set_category(&CategoryEdit { category: category.clone(), fr: fr.clone(), en: en.clone(), colour: colour.clone() })?;
            out(json, &d, || format!("{} — {} / {} ({})", d.key, d.fr, d.en, d.colour));
        }
        Cmd::Machines(MachinesCmd::List) => {
            let list = k.machines()?;
            out(json, &list, || print::machines(&list, &k.event()));
        }
        Cmd::Machines(MachinesCmd::Revoke { machine }) => {
            let m = k.revoke_machine(machine)?;
            out(json, &m, || format!("{} retiré du réseau de la salle / removed from the venue network", m.name));
        }
        Cmd::Undo { code } => {
            let p = k.undo_ticket(code)?;
            out(json, &serde_json::json!({ "undone": true, "attendee_id": p.id, "name": p.name }), || {
                format!("Entrée annulée / check-in undone: {}", p.name)
            });
        }
        Cmd::Search { text } => {
            let found = k.search(text)?;
            out(json, &found, || print::found(&found));
        }
        Cmd::Stats { figures } => {
            let s = k.stats()?;
            // On a hub: the machines that joined (last contact) and any conflicts of a split.
            let venue = k.venue_report()?;
            let mut value = serde_json::to_value(&s).expect("serialisable");
            value["machines"] = serde_json::to_value(&venue.machines).expect("serialisable");
            value["conflicts"] = serde_json::to_value(&venue.conflicts).expect("serialisable");
            value["refused"] = serde_json::to_value(&venue.refused).expect("serialisable");
            let human = || format!("{}{}", print::stats(&s), print::venue(&venue, &k.event()));
            match figures {
                Some(dir) => {
                    let r = k.export_figures(Some(dir))?;
                    out(json, &serde_json::json!({ "stats": value, "figures": r }), || format!("{}\n→ {}, {}", human(), r.svg.display(), r.csv.display()));
                }
                None => out(json, &value, human),
            }
        }
        Cmd::Serve { .. } => unreachable!("served by cli::main, which owns the runtime"),
        Cmd::Pair { role, address, port, ttl } => {
            let role = match role {
                RoleArg::Desk => Role::Desk,
                RoleArg::Screen => Role::Screen,
            };
            let p = crate::venue::pairing(k, role, address, *port, chrono::Duration::seconds(*ttl))?;
            let text = p.to_text();
            out(json, &serde_json::json!({ "text": text, "pairing": p }), || text.clone());
        }
        Cmd::Join { text, screen } => {
            let name = cli.desk.clone().unwrap_or_else(|| k.desk());
            let link = crate::venue::link::join(k, text, &name)?;
            if screen.given() {
                k.set_screen(screen.position.as_deref(), screen.view().as_ref())?;
            }
            out(json, &link_summary(&link), || {
                format!("Relié au poste central / joined the hub: {} ({:?}, {})", link.name, link.role, link.addresses.join(", "))
            });
        }
        Cmd::Sync => {
            let r = k.sync()?;
            out(json, &r, || {
                format!(
                    "Envoyés / uploaded: {} · déjà reçus / already there: {} · à vérifier / to check: {} · refusés / refused: {} · en attente / waiting: {}",
                    r.uploaded, r.duplicates, r.conflicts, r.refused, r.waiting
                )
            });
        }
        Cmd::Purge { confirm } => {
            let r = k.purge(confirm)?;
            out(json, &r, || {
                format!(
                    "Effacé / deleted: {} personnes / people, {} billets / tickets ; gardé / kept: {} arrivées anonymes / anonymous arrivals",
                    r.people, r.tickets, r.arrivals_kept
                )
            });
        }
        Cmd::Event(EventCmd::Show) => {
            let info = k.event_info()?;
            out(json, &info, || print::event(&info));
        }
        Cmd::Event(EventCmd::Set { name, date, days, opens, closes, tz, venue, address, room, contact, colour, logo, no_logo, programme_url, credit, licence }) => {
            let edit = EventEdit {
                name: name.clone(),
                venue: venue.clone(),
                address: address.clone(),
                first_day: date.clone(),
                days: *days,
                opens: opens.clone(),
                closes: closes.clone(),
                time_zone: tz.clone(),
                contact: contact.clone(),
                colour: colour.clone(),
                programme_url: programme_url.clone(),
                source: credit.clone(),
                licence: licence.clone(),
            };
            // Everything checked before anything is kept: the picture first, then the fields.
            let logo_bytes = logo.as_ref().map(|p| std::fs::read(p).map_err(|e| KioskError::io(p, e))).transpose()?;
            if let (Some(b), Some(p)) = (&logo_bytes, logo) {
                bluehats_core::picture::Picture::checked(b, &p.display().to_string())?;
            }
            k.update_event(&edit)?;
            let rooms = if room.is_empty() { None } else { Some(k.set_rooms(room)?) };
            if let (Some(b), Some(p)) = (&logo_bytes, logo) {
                k.set_logo(Some((b, &p.display().to_string())))?;
            } else if *no_logo {
                k.set_logo(None)?;
            }
            let info = k.event_info()?;
            out(json, &serde_json::json!({ "event": info.event, "rooms": info.rooms, "rooms_update": rooms }), || {
                let mut s = print::event(&info);
                if let Some(r) = &rooms {
                    s += &print::rooms_update(r);
                }
                s
            });
        }
        Cmd::Event(EventCmd::Export { out: path }) => {
            let p = k.export_pack_file(Some(path))?;
            out(json, &serde_json::json!({ "out": p }), || format!("→ {}", p.display()));
        }
        Cmd::Event(EventCmd::Import { file }) => {
            let pack = EventPack::read_path(file)?;
            k.import_pack(&pack)?;
            let info = k.event_info()?;
            out(json, &info, || format!("Chargé / loaded: {}\n{}", file.display(), print::event(&info)));
        }
        Cmd::Rooms(RoomsCmd::List) => {
            let rooms = k.rooms()?;
            let inside = k.stats()?.inside_by_room;
            let full = k.rooms_full()?;
            out(json, &serde_json::json!({ "rooms": rooms, "inside": inside, "full": full }), || print::rooms(&rooms, &inside, &full));
        }
        Cmd::Rooms(RoomsCmd::Set { room, capacity, no_capacity, policy, margin }) => {
            let cap = if *no_capacity { Some(None) } else { capacity.map(Some) };
            let policy = policy.map(|p| match p {
                super::args::PolicyArg::Warn => bluehats_core::venue_map::FullPolicy::Warn,
                super::args::PolicyArg::Refuse => bluehats_core::venue_map::FullPolicy::Refuse,
            });
            let r = k.set_room_capacity(room, cap, policy, margin.map(Some))?;
            let inside = k.stats()?.inside_by_room;
            let full = k.rooms_full()?;
            out(json, &r, || print::rooms(std::slice::from_ref(&r), &inside, &full));
        }
        Cmd::Positions(PositionsCmd::Set { name, name_en, room, arrow, fr, en, plan, no_plan, here }) => {
            let ways = match (room, arrow) {
                (Some(room), Some(arrow)) => vec![WaySet { room: room.clone(), arrow: Some(Arrow::parse(arrow)?), fr: fr.clone(), en: en.clone() }],
                _ => vec![],
            };
            let here = here.as_deref().map(parse_here).transpose()?;
            let plan_bytes = plan.as_ref().map(|p| std::fs::read(p).map_err(|e| KioskError::io(p, e))).transpose()?;
            if let (Some(b), Some(p)) = (&plan_bytes, plan) {
                bluehats_core::picture::Picture::checked(b, &p.display().to_string())?;
            }
            let pos = k.set_position(&PositionSet { name: name.clone(), name_en: name_en.clone(), here, ways })?;
            if let (Some(b), Some(p)) = (&plan_bytes, plan) {
                k.set_plan(&pos.key, Some((b, &p.display().to_string())))?;
            } else if *no_plan {
                k.set_plan(&pos.key, None)?;
            }
            let pos = k.positions()?.into_iter().find(|p| p.key == pos.key).unwrap_or(pos);
            out(json, &pos, || print::position(&pos));
        }
        Cmd::Positions(PositionsCmd::List) => {
            let list = k.positions()?;
            out(json, &list, || list.iter().map(print::position).collect::<Vec<_>>().join("\n"));
        }
        Cmd::Positions(PositionsCmd::Remove { name }) => {
            let done = k.remove_position(name)?;
            out(json, &serde_json::json!({ "removed": done }), || if done { "Position retirée / position removed".into() } else { "Aucune position de ce nom / no position of that name".into() });
            return Ok(if done { 0 } else { 1 });
        }
        Cmd::Screen(ScreenCmd::Set { machine: Some(m), screen }) => {
            let placed = k.assign_screen(m, screen.position.as_deref(), screen.view().as_ref())?;
            out(json, &placed, || format!("{} : {} · {}", placed.name, placed.screen_position.as_deref().unwrap_or("—"), placed.screen_view.as_deref().unwrap_or("—")));
        }
        Cmd::Screen(ScreenCmd::Set { machine: None, screen }) => {
            let s = k.set_screen(screen.position.as_deref(), screen.view().as_ref())?;
            let place = s.position.clone().unwrap_or_else(|| "—".into());
            let shows = s.view.as_ref().map(View::as_setting).unwrap_or_else(|| "—".into());
            out(json, &s, || format!("Écran / screen: {place} · {shows}"));
        }
        Cmd::Screen(ScreenCmd::Show) => {
            let m = k.screen_model()?;
            out(json, &m, || print::model(&m));
        }
        Cmd::Programme(ProgrammeCmd::Import { file, room, tz, take_dates }) => {
            let bytes = std::fs::read(file).map_err(|e| KioskError::io(file, e))?;
            let how = ProgrammeImport { room: room.clone(), tz: tz.clone(), take_dates: *take_dates };
            let up = k.import_programme(&bytes, &file.display().to_string(), &how)?;
            out(json, &up, || print::programme_update(&up));
        }
        Cmd::Programme(ProgrammeCmd::Export { format, out: path }) => {
            let format = match format {
                ExportFormat::ScheduleJson => ProgrammeFormat::ScheduleJson,
                ExportFormat::ScheduleXml => ProgrammeFormat::ScheduleXml,
                ExportFormat::Ics => ProgrammeFormat::Ics,
            };
            std::fs::write(path, k.export_programme(format)?).map_err(|e| KioskError::io(path, e))?;
            out(json, &serde_json::json!({ "out": path }), || format!("→ {}", path.display()));
        }
        Cmd::Programme(ProgrammeCmd::Now { at, screen }) => {
            let at = match at {
                Some(at) => k.venue_instant(at)?,
                None => k.now(),
            };
            // The screen this machine is set to, unless the command says another.
            let set = k.event_info()?.screen;
            let view = screen.view().or(set.view);
            // A room asked for that the event does not have is said, not shown as the hall.
            if let Some(View::Room { room }) = &view {
                bluehats_core::venue_map::find_room(&k.rooms()?, Some(room))?;
            }
            let m = k.screen_model_for(screen.position.as_deref().or(set.position.as_deref()), view.as_ref(), at)?;
            out(json, &m, || print::model(&m));
        }
        Cmd::Programme(ProgrammeCmd::Show) => {
            let p = k.programme()?;
            out(json, &p, || print::programme(&p, &k.event()));
        }
        Cmd::Live(l) => {
            let action = match &l.action {
                LiveCmd::Start { talk_id } => LiveAction::Start { talk_id: *talk_id },
                LiveCmd::Next => LiveAction::Next,
                LiveCmd::Prev => LiveAction::Prev,
                LiveCmd::EndBlock => LiveAction::EndBlock,
                LiveCmd::Delay { minutes } => LiveAction::Delay { minutes: *minutes },
                LiveCmd::Announce { text } => LiveAction::Announce { text: text.clone() },
                LiveCmd::Clear => LiveAction::Clear,
                LiveCmd::RoomFull { off } => LiveAction::RoomFull { full: !off },
            };
            let s = k.apply_live(l.room.as_deref(), &action)?;
            out(json, &s, || print::screen(&s));
        }
    }
    Ok(0)
}

/// After a verdict is out: the badges this desk has waiting handed to its printer, and
/// one line about it (to standard error under `--json` and in batches, so that standard
/// output stays one verdict a line). Nothing when the desk prints nothing.
fn badges_after(k: &Kiosk, json: bool) {
    let round = match k.print_waiting() {
        Ok(r) => r,
        Err(e) => {
            eprintln!("bluehats-kiosk: badges: {e}");
            return;
        }
    };
    if let Some(line) = round.line {
        let text = format!("{} / {}", line.fr, line.en);
        if json {
            eprintln!("{text}");
        } else {
            print::line(&text);
        }
    }
}

fn badge_size(s: &Option<String>) -> Result<Option<bluehats_core::badge::BadgeSize>, KioskError> {
    s.as_deref().map(bluehats_core::badge::BadgeSize::parse).transpose()
}

/// What `join` prints: never the credential.
fn link_summary(l: &bluehats_core::venue::Link) -> serde_json::Value {
    serde_json::json!({ "role": l.role, "name": l.name, "machine_id": l.machine_id, "addresses": l.addresses, "port": l.port, "fingerprint": l.fingerprint })
}

/// A scan at the gate asked for, else at this desk's own; or at an exit.
fn at_gate(k: &Kiosk, code: &str, gate: Option<&str>, exit: bool) -> Result<bluehats_core::verdict::ScanOutcome, KioskError> {
    match (exit, gate) {
        (true, _) => k.exit_scan(code, None),
        (false, Some(g)) => k.scan_at_gate(code, None, None, Some(g)),
        (false, None) => k.scan(code, None, None),
    }
}
