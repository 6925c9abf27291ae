//! Tickets in every inbox: each person with an e-mail and a valid ticket gets one message
//! (see `ticket_mail`), through the organiser's SMTP server (STARTTLS, TLS, or plain on a
//! trusted network, with a login), at a steady pace, once: a run that stopped goes on where
//! it was, and `again` mails everyone anew. A server that refuses one address is noted and
//! the run goes on; one that stops answering ends the run (what was sent stays sent).
//! Every run is logged as an export of personal data.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use lettre::message::Mailbox;
use lettre::transport::smtp::authentication::{Credentials, Mechanism};
use lettre::transport::smtp::client::{Certificate, Tls, TlsParameters};
use lettre::{SmtpTransport, Transport};
use serde::{Deserialize, Serialize};

use super::Kiosk;
use crate::bilingual::bi;
use crate::error::{KioskError, Result};
use crate::settings::Setting;
use crate::ticket_mail::{self, Fields, MailTemplate};

text_enum! {
    /// How the connection to the mail server is protected.
    pub enum MailSecurity {
        /// Plain, then upgraded to TLS (port 587): required, never sent in clear.
        Starttls = "starttls",
        /// TLS from the first byte (port 465).
        Tls = "tls",
        /// No encryption: only for a server on this machine or a trusted network.
        Plain = "plain",
    }
}

/// The outgoing mail server, as kept in the store (the password apart, never shown).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct MailServer {
    pub host: String,
    pub port: u16,
    pub security: MailSecurity,
    pub user: Option<String>,
    /// The sender: "Name <address>" or an address.
    pub from: String,
    /// A certificate (PEM file) to trust besides the system's: a venue's own server.
    #[serde(default)]
    pub ca_file: Option<PathBuf>,
}

/// What the organiser's screen shows of the mailing: the server (never its password), the
/// template, how many people are mailed already and how many would be mailed now.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct MailSettings {
    pub server: Option<MailServer>,
    pub password_kept: bool,
    pub template: MailTemplate,
    pub mailed: usize,
    pub to_mail: usize,
}

/// One mailing run.
#[derive(Debug, Clone, Default)]
pub struct MailRun {
    /// Writes the first messages as .eml files here instead of sending.
    pub dry_run: Option<PathBuf>,
    /// Mails everyone, also those mailed already.
    pub again: bool,
    /// Messages a second at most (a server's limit); 0: as fast as the server takes them.
    pub rate: f64,
}

/// How many .eml files a dry run writes: enough to look at, not a copy of every address.
pub const DRY_RUN_FILES: usize = 5;

/// A person whose message the server refused.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct MailFailure {
    pub name: String,
    pub address: String,
    pub reason: String,
}

/// What a run did.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct MailReport {
    pub sent: usize,
    /// Mailed in an earlier run (not again without `again`).
    pub already: usize,
    /// No e-mail address.
    pub no_email: usize,
    /// Revoked tickets (never mailed).
    pub revoked: usize,
    pub failed: Vec<MailFailure>,
    /// The dry run's files.
    pub written: Vec<PathBuf>,
    /// Messages a second, measured over the run.
    pub per_second: f64,
    /// Why the run stopped before the end (the server stopped answering), if it did.
    pub stopped: Option<String>,
}

fn mailbox(s: &str, what: (&str, &str)) -> Result<Mailbox> {
    s.trim().parse::<Mailbox>().map_err(|e| KioskError::InvalidField { field: bi(what.0, what.1), value: format!("{s} ({e})") })
}

impl Kiosk {
    pub fn mail_template(&self) -> Result<MailTemplate> {
        let stored = self.with_store(|s| s.setting(Setting::MailTemplate))?;
        Ok(stored.and_then(|j| serde_json::from_str(&j).ok()).unwrap_or_default())
    }

    /// Sets the subject, the body, or both (checked: every field named is one there is).
    pub fn set_mail_template(&self, subject: Option<&str>, body: Option<&str>) -> Result<MailTemplate> {
        let mut t = self.mail_template()?;
        if let Some(s) = subject {
            t.subject = s.trim().to_string();
        }
        if let Some(b) = body {
            t.body = b.replace("\r\n", "\n");
        }
        ticket_mail::check(&t)?;
        let json = serde_json::to_string(&t).expect("a template serialises");
        self.with_store(|s| s.set_setting(Setting::MailTemplate, &json))?;
        Ok(t)
    }

    pub fn mail_settings(&self) -> Result<MailSettings> {
        let mailed = self.with_store(|s| s.mailed_people())?;
        let to_mail = self.list_attendees()?.iter().filter(|a| a.email.is_some() && a.code.is_some() && a.revoked_at.is_none() && !mailed.contains(&a.id)).count();
        Ok(MailSettings {
            server: self.mail_server()?,
            password_kept: self.with_store(|s| s.setting(Setting::MailPassword))?.is_some_and(|p| !p.is_empty()),
            template: self.mail_template()?,
            mailed: mailed.len(),
            to_mail,
        })
    }

    pub fn mail_server(&self) -> Result<Option<MailServer>> {
        Ok(self.with_store(|s| s.setting(Setting::MailServer))?.and_then(|j| serde_json::from_str(&j).ok()))
    }

    /// Keeps the server's settings (and its password, if given) for this and later runs.
    pub fn set_mail_server(&self, server: &MailServer, password: Option<&str>) -> Result<()> {
        if server.host.trim().is_empty() || server.port == 0 {
            return Err(KioskError::InvalidField { field: bi("serveur de courriel (HÔTE:PORT)", "mail server (HOST:PORT)"), value: format!("{}:{}", server.host, server.port) });
        }
        mailbox(&server.from, ("expéditeur (--from)", "sender (--from)"))?;
        if let Some(ca) = &server.ca_file {
            std::fs::read(ca).map_err(|e| KioskError::io(ca, e))?;
        }
        let json = serde_json::to_string(server).expect("settings serialise");
        self.with_store(|s| {
            s.set_setting(Setting::MailServer, &json)?;
            if let Some(p) = password {
                s.set_setting(Setting::MailPassword, p)?;
            }
            Ok(())
        })
    }

    /// What the template says for the event: its (first) room, and the way there from the
    /// first position (where people come in).
    fn mail_fields(&self) -> Result<Fields> {
        let event = self.event();
        let rooms = self.rooms()?;
        let room = rooms.first().map(|r| r.name.clone()).unwrap_or_default();
        let positions = self.positions()?;
        let way = positions.first().and_then(|p| p.ways.iter().find(|w| w.room == room));
        let directions = way.map(|w| (w.fr.clone(), w.en.clone())).unwrap_or_default();
        Ok(Fields::of_event(&event, &room, directions))
    }

    /// Sends (or, dry, writes) every person's ticket; `progress(done, total)` after each.
    pub fn mail_tickets(&self, run: &MailRun, mut progress: impl FnMut(usize, usize)) -> Result<MailReport> {
        let server = self.mail_server()?.ok_or_else(|| {
            KioskError::Refused(bi("aucun serveur de courriel : donnez --smtp HÔTE:PORT et --from", "no mail server: give --smtp HOST:PORT and --from"))
        })?;
        let template = self.mail_template()?;
        ticket_mail::check(&template)?;
        let from = mailbox(&server.from, ("expéditeur (--from)", "sender (--from)"))?;
        let base = self.mail_fields()?;
        let ics = ticket_mail::event_ics(&self.event(), &base.room);
        let people = self.list_attendees()?;
        let mailed = if run.again { Default::default() } else { self.with_store(|s| s.mailed_people())? };
        let mut report = MailReport::default();
        let mut todo = Vec::new();
        for a in people {
            match (&a.email, &a.code, a.revoked_at) {
                (_, _, Some(_)) => report.revoked += 1,
                (None, _, _) => report.no_email += 1,
                (_, None, _) => report.revoked += 1,
                (Some(_), Some(_), None) if mailed.contains(&a.id) => report.already += 1,
                (Some(e), Some(c), None) => todo.push((a.id, a.name.clone(), e.clone(), c.clone())),
            }
        }
        if let Some(dir) = &run.dry_run {
            todo.truncate(DRY_RUN_FILES);
            std::fs::create_dir_all(dir).map_err(|e| KioskError::io(dir, e))?;
        }
        let transport = match (&run.dry_run, todo.is_empty()) {
            (Some(_), _) | (None, true) => None,
            (None, false) => {
                let t = self.transport(&server)?;
                // Connected, encrypted and logged in before the first message: a wrong
                // password or a certificate not trusted is said once, not once a person.
                if let Err(e) = t.test_connection() {
                    return Err(KioskError::Refused(bi(
                        format!("serveur de courriel {}:{} : {e} ; rien n'a été envoyé", server.host, server.port),
                        format!("mail server {}:{}: {e}; nothing was sent", server.host, server.port),
                    )));
                }
                Some(t)
            }
        };
        let total = todo.len();
        let gap = if run.rate > 0.0 { Duration::from_secs_f64(1.0 / run.rate) } else { Duration::ZERO };
        let started = Instant::now();
        let mut written = Vec::new();
        for (i, (id, name, email, code)) in todo.iter().enumerate() {
            // A steady pace: message i leaves no earlier than i gaps after the start.
            if let Some(wait) = (gap * i as u32).checked_sub(started.elapsed()) {
                std::thread::sleep(wait);
            }
            let mut f = base.clone();
            f.name = name.clone();
            f.code = code.clone();
            let subject = ticket_mail::fill(&template.subject, &f)?;
            let body = ticket_mail::fill(&template.body, &f)?;
            let to = match mailbox(&format!("{} <{}>", name.replace(['<', '>', '"', ','], " ").trim(), email), ("adresse", "address")) {
                Ok(m) => m,
                Err(e) => {
                    report.failed.push(MailFailure { name: name.clone(), address: email.clone(), reason: e.to_string() });
                    progress(i + 1, total);
                    continue;
                }
            };
            let png = crate::ticket_files::qr_png(code, 10)?;
            let message = ticket_mail::message(&from, &to, &subject, &body, png, &ics)?;
            match (&transport, &run.dry_run) {
                (None, Some(dir)) => {
                    let path = dir.join(format!("{:03}-{id}.eml", i + 1));
                    std::fs::write(&path, message.formatted()).map_err(|e| KioskError::io(&path, e))?;
                    written.push(path);
                }
                (Some(t), _) => {
                    let now = self.now();
                    match t.send(&message) {
                        Ok(_) => {
                            self.with_store(|s| s.record_mail(*id, email, now, None))?;
                            report.sent += 1;
                        }
                        Err(e) if e.is_permanent() => {
                            let reason = e.to_string();
                            self.with_store(|s| s.record_mail(*id, email, now, Some(&reason)))?;
                            report.failed.push(MailFailure { name: name.clone(), address: email.clone(), reason });
                        }
                        Err(e) => {
                            // The server went away or is busy: stop; a new run goes on here.
                            report.stopped = Some(e.to_string());
                            break;
                        }
                    }
                }
                (None, None) => unreachable!("a run with people to mail either sends or writes"),
            }
            progress(i + 1, total);
        }
        let secs = started.elapsed().as_secs_f64();
        let done = report.sent + report.failed.len() + written.len();
        report.per_second = if secs > 0.0 { done as f64 / secs } else { 0.0 };
        let place = match &run.dry_run {
            Some(d) => d.display().to_string(),
            None => format!("smtp://{}:{}", server.host, server.port),
        };
        let people = (report.sent + written.len()) as i64;
        self.log_export("billets par courriel / tickets by e-mail", &place, people)?;
        if !written.is_empty() {
            let (now, files) = (self.now(), written.clone());
            self.with_store(|s| s.note_written(&files, "courriels / e-mails", now))?;
        }
        report.written = written;
        Ok(report)
    }

    fn transport(&self, server: &MailServer) -> Result<SmtpTransport> {
        let tls = |host: &str| -> Result<TlsParameters> {
            let mut b = TlsParameters::builder(host.to_string());
            if let Some(ca) = &server.ca_file {
                let pem = std::fs::read(ca).map_err(|e| KioskError::io(ca, e))?;
                let cert = Certificate::from_pem(&pem).map_err(|e| KioskError::InvalidField { field: bi("certificat (--ca)", "certificate (--ca)"), value: format!("{} ({e})", ca.display()) })?;
                b = b.add_root_certificate(cert);
            }
            b.build_rustls().map_err(|e| KioskError::Tls(e.to_string()))
        };
        let tls = match server.security {
            MailSecurity::Starttls => Tls::Required(tls(&server.host)?),
            MailSecurity::Tls => Tls::Wrapper(tls(&server.host)?),
            MailSecurity::Plain => Tls::None,
        };
        let mut b = SmtpTransport::builder_dangerous(&server.host).port(server.port).tls(tls).timeout(Some(Duration::from_secs(30)));
        if let Some(user) = &server.user {
            let password = self.with_store(|s| s.setting(Setting::MailPassword))?.unwrap_or_default();
            // PLAIN first (every server over TLS takes it); LOGIN for the old ones.
            b = b.credentials(Credentials::new(user.clone(), password)).authentication(vec![Mechanism::Plain, Mechanism::Login]);
        }
        Ok(b.build())
    }
}

/// `HOST:PORT` as typed (`[::1]:25` for an IPv6 address).
pub fn parse_host_port(s: &str) -> Result<(String, u16)> {
    let bad = || KioskError::InvalidField { field: bi("serveur de courriel (HÔTE:PORT)", "mail server (HOST:PORT)"), value: s.to_string() };
    let (host, port) = s.trim().rsplit_once(':').ok_or_else(bad)?;
    let host = host.trim_start_matches('[').trim_end_matches(']');
    let port: u16 = port.parse().map_err(|_| bad())?;
    if host.is_empty() || port == 0 {
        return Err(bad());
    }
    Ok((host.to_string(), port))
}
