//! The command line's words: every subcommand and option, with its help in French and
//! English. Nothing runs here.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

use crate::app::SignageMode;

#[derive(Parser, Debug)]
#[command(name = "bluehats-kiosk", version, about = "Accueil et affichage d'une journée de conférences / Entrance check-in and signage for a one-day conference")]
pub struct Cli {
    /// Dossier des données (un fichier SQLite par événement) / data directory [env: KIOSK_DATA]
    #[arg(long, global = true, env = "KIOSK_DATA")]
    pub data: Option<PathBuf>,
    /// Sortie JSON pour les scripts / JSON output for scripts
    #[arg(long, global = true)]
    pub json: bool,
    /// Horloge de répétition : l'instant de départ (RFC 3339) / rehearsal clock start instant
    #[arg(long, global = true)]
    pub rehearsal: Option<String>,
    /// Vitesse de la répétition / rehearsal speed
    #[arg(long, global = true, default_value_t = 1.0)]
    pub speed: f64,
    /// Ajoute 300 participants fictifs (app) / adds 300 invented attendees (app)
    #[arg(long)]
    pub demo: bool,
    /// Nom de ce poste d'accueil / this desk's name
    #[arg(long, global = true)]
    pub desk: Option<String>,
    /// Fenêtre d'affichage : fenêtrée, plein écran ou aucune / signage window mode
    #[arg(long, value_enum, default_value_t = SignageMode::Windowed)]
    pub signage: SignageMode,
    /// Écran (numéro, à partir de 0) de l'affichage en plein écran / monitor for fullscreen signage
    #[arg(long)]
    pub signage_monitor: Option<usize>,
    /// Sans fenêtre d'accueil : un poste qui n'est qu'un affichage / no desk window: a signage-only machine
    #[arg(long)]
    pub no_desk_window: bool,
    /// Un écran d'affichage seul (plein écran, sans accueil) / a signage-only machine (fullscreen, no desk)
    #[arg(long)]
    pub signage_only: bool,
    /// Fait de ce poste le poste central de la salle (adresse:port d'écoute) / makes this machine the venue's hub (listen address:port)
    #[arg(long, num_args = 0..=1, default_missing_value = "0.0.0.0:8443")]
    pub hub: Option<String>,
    #[command(subcommand)]
    pub cmd: Option<Cmd>,
}

#[derive(Subcommand, Debug)]
pub enum Cmd {
    /// Crée le magasin avec l'événement par défaut / creates the store with the default event
    Init {
        #[arg(long)]
        demo: bool,
        /// Code organisateur (4 caractères ou plus) demandé par l'écran Organisation / organiser PIN asked by the Organiser screen
        #[arg(long)]
        pin: Option<String>,
    },
    /// Choisit le code organisateur (la CLI, lancée par le propriétaire de la machine, ne le demande pas) / sets the organiser PIN (the CLI, run by the machine's owner, does not ask for it)
    Pin { pin: String },
    /// Participants / attendees
    #[command(subcommand)]
    Attendees(AttendeesCmd),
    /// Billets / tickets
    #[command(subcommand)]
    Tickets(TicketsCmd),
    /// Contrôle d'un billet / check a ticket in
    Checkin {
        /// Le code scanné / the scanned code
        #[arg(required_unless_present_any = ["batch", "image"])]
        code: Option<String>,
        /// Un code par ligne (« - » : entrée standard) ; une ligne JSON par verdict, écrite une fois le passage enregistré sur disque / one code a line ("-": stdin); one JSON line per verdict, written once on disk
        #[arg(long, conflicts_with = "code")]
        batch: Option<PathBuf>,
        /// Une photo (PNG, JPEG) : chaque code QR trouvé est contrôlé / a picture: each QR code found is checked in
        #[arg(long, conflicts_with_all = ["code", "batch"])]
        image: Option<PathBuf>,
    },
    /// Lit les codes QR de photos (PNG, JPEG) / reads the QR codes in pictures
    Decode {
        #[arg(required = true)]
        images: Vec<PathBuf>,
    },
    /// Recherche par nom, organisme ou courriel / search by name, organisation or e-mail
    Search { text: String },
    /// Chiffres de l'accueil / entrance figures
    Stats {
        /// Écrit le graphique des arrivées (SVG) et ses données (CSV) dans ce dossier / writes the arrivals chart (SVG) and its data (CSV) to this folder
        #[arg(long)]
        figures: Option<PathBuf>,
    },
    /// Efface toutes les données personnelles, garde les chiffres anonymes / deletes all personal data, keeps the anonymous figures
    Purge {
        /// Le mot EFFACER, tapé / the word EFFACER, typed
        #[arg(long)]
        confirm: String,
    },
    /// L'événement : nom, lieu, salle, adresse du programme en ligne / the event
    #[command(subcommand)]
    Event(EventCmd),
    /// Programme
    #[command(subcommand)]
    Programme(ProgrammeCmd),
    /// Pilotage en direct / live control
    #[command(subcommand)]
    Live(LiveCmd),
    /// Poste central sans fenêtre : les autres postes et écrans s'y relient / headless hub that desks and screens join
    Serve {
        /// Adresse et port d'écoute / address and port to listen on
        #[arg(long, default_value = "0.0.0.0:8443")]
        listen: String,
    },
    /// Texte d'appairage (ce que contient le QR) pour un nouveau poste ou écran / pairing text (what the QR holds) for a new desk or screen
    Pair {
        #[arg(long, value_enum)]
        role: RoleArg,
        /// Adresse du poste central à donner (plusieurs possibles) ; par défaut celles de cette machine / hub address to give (repeatable); default: this machine's
        #[arg(long)]
        address: Vec<String>,
        /// Port du poste central ; par défaut celui de la dernière commande serve / hub port; default: the last serve's
        #[arg(long)]
        port: Option<u16>,
        /// Validité du code en secondes / how long the code is valid, in seconds
        #[arg(long, default_value_t = 600)]
        ttl: i64,
    },
    /// Relie ce poste (dossier vide) à un poste central / joins this machine (empty data dir) to a hub
    Join {
        /// Le texte d'appairage / the pairing text
        text: String,
    },
    /// Envoie au poste central les passages en attente / uploads waiting scans to the hub
    Sync,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum RoleArg {
    Desk,
    Screen,
}

#[derive(Subcommand, Debug)]
pub enum AttendeesCmd {
    /// Importe un CSV d'inscriptions / imports a registrations CSV
    Import {
        file: PathBuf,
        #[arg(long)]
        dry_run: bool,
        #[arg(long)]
        skip_bad: bool,
    },
    /// Ajoute une personne / adds a person
    Add {
        #[arg(long)]
        name: String,
        #[arg(long)]
        org: Option<String>,
        #[arg(long, default_value = "other")]
        category: String,
        #[arg(long)]
        email: Option<String>,
    },
    List,
}

#[derive(Subcommand, Debug)]
pub enum TicketsCmd {
    /// QR codes SVG et PNG, CSV de publipostage, planche de badges PDF / QR codes, mail-merge CSV, PDF badges
    Export {
        #[arg(long)]
        out: PathBuf,
        #[arg(long)]
        pdf: Option<PathBuf>,
    },
    /// Annule un billet / revokes a ticket
    Revoke { code: String },
}

#[derive(Subcommand, Debug)]
pub enum EventCmd {
    Show,
    /// Change ce qui est donné / changes what is given
    Set {
        #[arg(long)]
        name: Option<String>,
        #[arg(long)]
        venue: Option<String>,
        #[arg(long)]
        room: Option<String>,
        /// Adresse du programme en ligne, montrée en QR code sur l'affichage / online programme address (QR on the signage)
        #[arg(long)]
        programme_url: Option<String>,
        #[arg(long)]
        contact: Option<String>,
    },
}

#[derive(Subcommand, Debug)]
pub enum ProgrammeCmd {
    /// org-mode, schedule.xml / schedule.json (frab, pretalx), Pentabarf XML, iCalendar
    Import {
        file: PathBuf,
        #[arg(long)]
        room: Option<String>,
        #[arg(long)]
        tz: Option<String>,
    },
    Export {
        #[arg(long, value_enum)]
        format: ExportFormat,
        #[arg(long)]
        out: PathBuf,
    },
    /// Ce que l'affichage montre à un instant / what the signage shows at an instant
    Now {
        #[arg(long)]
        at: Option<String>,
    },
    Show,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ExportFormat {
    ScheduleJson,
    ScheduleXml,
    Ics,
}

#[derive(Subcommand, Debug)]
pub enum LiveCmd {
    Start { talk_id: Option<i64> },
    Next,
    Prev,
    EndBlock,
    Delay {
        #[arg(allow_hyphen_values = true)]
        minutes: i64,
    },
    Announce { text: String },
    Clear,
    /// Salle complète : un bandeau sur chaque affichage (--off : à nouveau ouverte) / room full: a strip on every signage (--off: open again)
    RoomFull {
        #[arg(long)]
        off: bool,
    },
}
