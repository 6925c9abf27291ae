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
    /// Crée le magasin avec l'événement par défaut (--blank : un événement vide à remplir) / creates the store with the default event (--blank: an empty event to fill)
    Init {
        #[arg(long)]
        demo: bool,
        /// Un événement vide (sans salle ni programme) au lieu de l'événement par défaut / an empty event (no room, no programme) instead of the default one
        #[arg(long, conflicts_with = "demo")]
        blank: bool,
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
        /// À cette entrée (sinon celle du poste, s'il en a une) / at this gate (else this desk's own, if any)
        #[arg(long, conflicts_with = "exit")]
        gate: Option<String>,
        /// Une sortie : la personne sort (et rentrera sans « déjà entré·e ») / an exit: the person goes out (and comes back in without "already in")
        #[arg(long)]
        exit: bool,
    },
    /// Annule l'entrée que ce poste a faite avec ce billet, dans les 30 minutes / undoes this desk's own check-in of that ticket, within 30 minutes
    Undo {
        /// Le code du billet / the ticket's code
        code: String,
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
    /// L'événement : nom, dates, horaires, fuseau, lieu, salles, couleur, logo… ; le paquet d'événement / the event: name, dates, hours, zone, venue, rooms, colour, logo…; the event pack
    #[command(subcommand)]
    Event(EventCmd),
    /// Les salles de l'événement / the event's rooms
    #[command(subcommand)]
    Rooms(RoomsCmd),
    /// Les entrées de l'événement et les catégories que chacune admet ; celle de ce poste / the event's gates and the categories each admits; this desk's
    #[command(subcommand)]
    Gates(GatesCmd),
    /// Les catégories de personnes de l'événement (orateur·rice, presse…) / the event's categories of people (speaker, press…)
    #[command(subcommand)]
    Categories(CategoriesCmd),
    /// Les positions des écrans et le chemin vers chaque salle / screen positions and the way to each room
    #[command(subcommand)]
    Positions(PositionsCmd),
    /// Ce que montre l'écran d'affichage de ce poste / what this machine's signage screen shows
    #[command(subcommand)]
    Screen(ScreenCmd),
    /// Les postes et écrans reliés à ce poste central / the desks and screens joined to this hub
    #[command(subcommand)]
    Machines(MachinesCmd),
    /// Programme
    #[command(subcommand)]
    Programme(ProgrammeCmd),
    /// Pilotage en direct, salle par salle / live control, room by room
    Live(LiveArgs),
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
        /// Pour un écran : où il se tient, ce qu'il montre / for a screen: where it stands, what it shows
        #[command(flatten)]
        screen: ScreenArgs,
    },
    /// Envoie au poste central les passages en attente / uploads waiting scans to the hub
    Sync,
    /// L'imprimante à badges de ce poste / this desk's badge printer
    #[command(subcommand)]
    Print(PrintCmd),
    /// Badges : imprimer, réimprimer, PDF / badges: print, reprint, PDF
    #[command(subcommand)]
    Badges(BadgesCmd),
}

#[derive(Subcommand, Debug)]
pub enum PrintCmd {
    /// Choisit l'imprimante (nom CUPS), le format des badges, l'impression automatique à l'entrée / sets the printer (CUPS name), the badge size, auto-print on admission
    Setup {
        /// Nom de l'imprimante dans le système d'impression (lpstat -e) ; « none » : aucune / the printer's name in the print system (lpstat -e); "none": no printer
        #[arg(long)]
        printer: Option<String>,
        /// 62x100 (Brother QL), 89x36, 54x101 (DYMO), a6, a4-8 (planche de 8 / sheet of 8)
        #[arg(long)]
        size: Option<String>,
        /// Un badge à chaque première entrée / a badge at each first admission
        #[arg(long, value_enum)]
        auto: Option<OnOff>,
    },
    /// L'imprimante, son état, les badges en attente / the printer, its state, the waiting badges
    Status,
    /// Imprime les badges en attente / prints the waiting badges
    Retry,
    /// Abandonne un badge en attente / drops a waiting badge
    Drop { id: i64 },
    /// Les imprimantes que connaît le système d'impression / the printers the print system knows
    Printers,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OnOff {
    On,
    Off,
}

#[derive(Subcommand, Debug)]
pub enum BadgesCmd {
    /// Imprime (ou réimprime) le badge du titulaire de ce billet / prints (or reprints) the badge of this ticket's holder
    Print { code: String },
    /// Écrit les badges de ces billets en PDF, au format choisi / writes these tickets' badges as a PDF, at the size chosen
    Pdf {
        #[arg(long)]
        out: PathBuf,
        /// Le format (sinon celui du poste) / the size (else this desk's)
        #[arg(long)]
        size: Option<String>,
        #[arg(required = true)]
        codes: Vec<String>,
    },
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
    /// Ajoute une personne ; sur un poste relié, c'est une arrivée sur place à ce poste / adds a person; on a joined desk, a walk-in at that desk
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
    /// La liste papier pour quand toutes les machines lâchent : A4, par nom, une case à cocher / the paper list for when every machine fails: A4, by surname, a box to tick
    Sheet {
        #[arg(long)]
        pdf: PathBuf,
    },
    /// Une note pour l'accueil sur une personne, montrée en grand au contrôle ; --attention : l'accueil appelle l'organisation / a note for the door on a person, shown large on the verdict; --attention: the door calls the organisers
    Note {
        /// Son code de billet ou son numéro / their ticket code or number
        who: String,
        /// La note (vide : aucune) / the note (empty: none)
        #[arg(default_value = "")]
        text: String,
        #[arg(long)]
        attention: bool,
    },
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
    /// Envoie à chaque personne son billet par courriel (une fois) / mails each person their ticket (once)
    Mail {
        /// Serveur SMTP HÔTE:PORT (gardé pour la fois suivante) / SMTP server HOST:PORT (kept for next time)
        #[arg(long)]
        smtp: Option<String>,
        /// STARTTLS (par défaut, port 587) / STARTTLS (default, port 587)
        #[arg(long, conflicts_with_all = ["tls", "plain"])]
        starttls: bool,
        /// TLS dès la connexion (port 465) / TLS from the start (port 465)
        #[arg(long, conflicts_with = "plain")]
        tls: bool,
        /// Sans chiffrement (serveur local ou réseau de confiance) / no encryption (local server or trusted network)
        #[arg(long)]
        plain: bool,
        /// Identifiant SMTP / SMTP login
        #[arg(long)]
        user: Option<String>,
        /// Variable d'environnement qui contient le mot de passe (jamais affiché) / environment variable holding the password (never printed)
        #[arg(long, requires = "user")]
        password_env: Option<String>,
        /// Expéditeur : adresse ou « Nom <adresse> » / sender: address or "Name <address>"
        #[arg(long)]
        from: Option<String>,
        /// Certificat (PEM) à accepter en plus de ceux du système / a certificate (PEM) to trust besides the system's
        #[arg(long)]
        ca: Option<PathBuf>,
        /// Écrit les premiers messages en .eml dans ce dossier, sans rien envoyer / writes the first messages as .eml files here, sends nothing
        #[arg(long)]
        dry_run: Option<PathBuf>,
        /// Renvoie aussi à ceux qui l'ont déjà reçu / also mails those mailed already
        #[arg(long)]
        again: bool,
        /// Messages par seconde au plus / messages a second at most
        #[arg(long, default_value_t = 5.0)]
        rate: f64,
    },
    /// Le modèle du courriel : objet, corps (fichier texte), avec {name}, {event}, {date}, {venue}, {room}, {directions}… / the mail's template: subject, body (text file), with {name}, {event}, {date}, {venue}, {room}, {directions}…
    Template {
        #[arg(long)]
        subject: Option<String>,
        #[arg(long)]
        body: Option<PathBuf>,
    },
}

#[derive(Subcommand, Debug)]
pub enum EventCmd {
    /// Affiche l'événement, ses salles et ses positions / shows the event, its rooms and positions
    Show,
    /// Change ce qui est donné ; chaque valeur est vérifiée / changes what is given; each value is checked
    Set {
        #[arg(long)]
        name: Option<String>,
        /// Premier jour, AAAA-MM-JJ / first day, YYYY-MM-DD
        #[arg(long)]
        date: Option<String>,
        /// Nombre de jours (1 à 7) / number of days (1 to 7)
        #[arg(long)]
        days: Option<u32>,
        /// Ouverture, HH:MM / opening time
        #[arg(long)]
        opens: Option<String>,
        /// Fermeture, HH:MM / closing time
        #[arg(long)]
        closes: Option<String>,
        /// Fuseau horaire IANA (Europe/Paris) / IANA time zone
        #[arg(long)]
        tz: Option<String>,
        #[arg(long)]
        venue: Option<String>,
        #[arg(long)]
        address: Option<String>,
        /// Les salles, dans l'ordre (répétable) ; une salle garde son programme sous son nom, une seule salle changée est renommée / the rooms, in order (repeatable); a room keeps its programme under its name, a single changed room is renamed
        #[arg(long)]
        room: Vec<String>,
        #[arg(long)]
        contact: Option<String>,
        /// Couleur, #rrvvbb / colour, #rrggbb
        #[arg(long)]
        colour: Option<String>,
        /// Logo (PNG, JPEG ou SVG) / logo (PNG, JPEG or SVG)
        #[arg(long, conflicts_with = "no_logo")]
        logo: Option<PathBuf>,
        /// Retire le logo / removes the logo
        #[arg(long)]
        no_logo: bool,
        /// Adresse du programme en ligne, montrée en QR code sur l'affichage ("" : aucune) / online programme address (QR on the signage; "": none)
        #[arg(long)]
        programme_url: Option<String>,
        /// Ligne de crédit du programme (À propos) / the programme's credit line (About)
        #[arg(long)]
        credit: Option<String>,
        #[arg(long)]
        licence: Option<String>,
    },
    /// Écrit l'événement préparé (salles, programme, positions, plans, logo ; jamais les inscrits) dans un fichier / writes the prepared event (rooms, programme, positions, plans, logo; never attendees) to a file
    Export {
        #[arg(long)]
        out: PathBuf,
    },
    /// Charge un événement préparé ; un fichier abîmé ou étranger est refusé et rien ne change / loads a prepared event; a damaged or foreign file is refused and nothing changes
    Import { file: PathBuf },
}

#[derive(Subcommand, Debug)]
pub enum RoomsCmd {
    /// Chaque salle : capacité, politique, présents / each room: capacity, policy, people inside
    List,
    /// La capacité d'une salle : atteinte, « Salle complète » s'affiche d'elle-même et la porte le dit / a room's capacity: reached, "Room full" shows by itself and the door says so
    Set {
        room: String,
        /// Personnes au plus / people at most
        #[arg(long, conflicts_with = "no_capacity")]
        capacity: Option<u32>,
        /// Plus de capacité / no capacity any more
        #[arg(long)]
        no_capacity: bool,
        /// Salle complète : warn (entrée avec avertissement) ou refuse (pas d'entrée) / room full: warn (admitted, warned) or refuse (not admitted)
        #[arg(long, value_enum)]
        policy: Option<PolicyArg>,
        /// Rouverte quand les présents sont moins que la capacité moins cette marge (défaut : 5 %) / open again below the capacity less this margin (default: 5 %)
        #[arg(long)]
        margin: Option<u32>,
    },
}

#[derive(clap::ValueEnum, Clone, Copy, Debug)]
pub enum PolicyArg {
    Warn,
    Refuse,
}

#[derive(Subcommand, Debug)]
pub enum PositionsCmd {
    /// Ajoute ou change une position, et le chemin vers une salle / adds or changes a position, and the way to a room
    Set {
        /// Nom de la position (ou sa clé) / the position's name (or key)
        name: String,
        /// Son nom en anglais / its English name
        #[arg(long)]
        name_en: Option<String>,
        /// La salle dont on donne le chemin / the room the way leads to
        #[arg(long, requires = "arrow")]
        room: Option<String>,
        /// up, down, left, right, up-left, up-right, down-left, down-right, here (à la porte / at the door)
        #[arg(long, requires = "room")]
        arrow: Option<String>,
        /// Indications en français / directions in French
        #[arg(long, default_value = "")]
        fr: String,
        /// Indications en anglais / directions in English
        #[arg(long, default_value = "")]
        en: String,
        /// Plan (SVG, PNG ou JPEG) / plan picture
        #[arg(long, conflicts_with = "no_plan")]
        plan: Option<PathBuf>,
        #[arg(long)]
        no_plan: bool,
        /// Repère « vous êtes ici » sur le plan, X,Y en % / "you are here" mark on the plan, X,Y in %
        #[arg(long)]
        here: Option<String>,
    },
    List,
    /// Retire une position / removes a position
    Remove { name: String },
}

/// Which screen: where it stands, and what it shows (a room's door sign, or the hall).
#[derive(clap::Args, Debug, Default)]
pub struct ScreenArgs {
    /// Où se tient l'écran (clé ou nom de la position) / where the screen stands (position key or name)
    #[arg(long)]
    pub position: Option<String>,
    /// Le panneau de porte de cette salle / the door sign of this room
    #[arg(long, conflicts_with = "hall")]
    pub room: Option<String>,
    /// Toutes les salles (hall) / every room (hall)
    #[arg(long)]
    pub hall: bool,
}

impl ScreenArgs {
    /// What it shows, if said.
    pub fn view(&self) -> Option<bluehats_core::signage::View> {
        use bluehats_core::signage::View;
        match (&self.room, self.hall) {
            (_, true) => Some(View::Hall),
            (Some(r), false) => Some(View::Room { room: r.clone() }),
            (None, false) => None,
        }
    }

    pub fn given(&self) -> bool {
        self.position.is_some() || self.view().is_some()
    }
}

#[derive(Subcommand, Debug)]
pub enum GatesCmd {
    /// Chaque entrée et ce qu'elle admet ; celle de ce poste / each gate and what it admits; this desk's
    List,
    /// Ajoute une entrée ou change ce qu'elle admet (aucune catégorie : tout le monde) / adds a gate or changes what it admits (no category: everyone)
    Set {
        name: String,
        /// Clés ou noms, séparés par des virgules (absent : comme avant) / keys or names, comma-separated (absent: as before)
        #[arg(long, value_delimiter = ',')]
        categories: Option<Vec<String>>,
        /// La salle dont elle est la porte (« » : aucune) ; ses entrées comptent pour les présents de cette salle / the room it is the door of ("": none); its entries count for that room's people inside
        #[arg(long)]
        room: Option<String>,
    },
    /// Retire une entrée / removes a gate
    Remove { name: String },
    /// Place ce poste à une entrée (--none : à aucune) / puts this desk at a gate (--none: at none)
    Use {
        #[arg(required_unless_present = "none")]
        name: Option<String>,
        #[arg(long, conflicts_with = "name")]
        none: bool,
    },
}

#[derive(Subcommand, Debug)]
pub enum CategoriesCmd {
    /// Chaque catégorie : clé, noms, couleur, personnes inscrites / each category: key, names, colour, people registered
    List,
    /// Ajoute une catégorie ou la change / adds a category or changes one
    Set {
        /// Sa clé ou un de ses noms ; nouvelle si l'événement n'en a pas de tel nom / its key or one of its names; a new one if the event has none such
        category: String,
        /// Son nom en français / its French name
        #[arg(long)]
        fr: Option<String>,
        /// Son nom en anglais / its English name
        #[arg(long)]
        en: Option<String>,
        /// Sa couleur, #rrvvbb / its colour, #rrggbb
        #[arg(long)]
        colour: Option<String>,
    },
}

#[derive(Subcommand, Debug)]
pub enum MachinesCmd {
    /// Chaque poste et écran : rôle, dernier contact, expiration, retrait / each desk and screen: role, last contact, expiry, removal
    List,
    /// Retire un poste ou un écran du réseau : refusé aussitôt, il efface sa copie au prochain contact / removes a desk or screen: refused at once, it erases its copy at its next contact
    Revoke {
        /// Son nom ou son numéro / its name or number
        machine: String,
    },
}

#[derive(Subcommand, Debug)]
pub enum ScreenCmd {
    /// Choisit la position de l'écran et ce qu'il montre ; sur le poste central, --machine le fait pour un écran relié / sets where the screen stands and what it shows; on the hub, --machine does it for a joined screen
    Set {
        /// Un écran relié à ce poste central (nom ou numéro) / a screen joined to this hub (name or number)
        #[arg(long)]
        machine: Option<String>,
        #[command(flatten)]
        screen: ScreenArgs,
    },
    Show,
}

#[derive(Subcommand, Debug)]
pub enum ProgrammeCmd {
    /// org-mode, schedule.xml / schedule.json (frab, pretalx), Pentabarf XML, iCalendar ; chaque salle du fichier, ou --room / every room of the file, or --room
    Import {
        file: PathBuf,
        /// La seule salle à prendre (un fichier sans salle va dans celle-ci) / the only room to take (a file with no room goes into it)
        #[arg(long)]
        room: Option<String>,
        #[arg(long)]
        tz: Option<String>,
        /// Prend les jours du programme pour l'événement quand ils diffèrent / takes the programme's days for the event when they differ
        #[arg(long)]
        take_dates: bool,
    },
    Export {
        #[arg(long, value_enum)]
        format: ExportFormat,
        #[arg(long)]
        out: PathBuf,
    },
    /// Ce que montre un écran à un instant (--json : le modèle d'écran) / what a screen shows at an instant (--json: the screen model)
    Now {
        #[arg(long)]
        at: Option<String>,
        #[command(flatten)]
        screen: ScreenArgs,
    },
    Show,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ExportFormat {
    ScheduleJson,
    ScheduleXml,
    Ics,
}

/// A live action, in a room (`--room`: its name; the event's only room when left out).
#[derive(clap::Args, Debug)]
pub struct LiveArgs {
    /// La salle / the room
    #[arg(long, global = true)]
    pub room: Option<String>,
    #[command(subcommand)]
    pub action: LiveCmd,
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
