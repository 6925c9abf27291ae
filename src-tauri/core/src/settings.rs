//! What this machine is set to, kept in the store's settings table: its desk name, where its
//! signage screen stands and what it shows, where the programme came from. Keys are a type,
//! not strings.

text_enum! {
    pub enum Setting {
        /// This machine's desk name (see `desk::name`).
        Desk = "desk",
        /// Where this machine's signage screen stands: a position's key (its ways follow).
        ScreenPosition = "screen_position",
        /// What it shows: "hall", or a room's name (a door sign).
        ScreenView = "screen_view",
        /// The file the programme was last imported from.
        ProgrammeSource = "programme_source",
        /// The organiser's PIN, as a slow hash (Argon2id, PHC string): never the PIN itself.
        /// On a joined machine, the hub's (the event's PIN), taken with every copy.
        OrganiserPin = "organiser_pin",
        /// Wrong PINs in a row, and until when (the machine's real time) the next try must
        /// wait: "3 2026-12-01T10:00:04.000Z". Kept here so that a restart resets nothing.
        PinFailures = "pin_failures",
        /// On a machine that joined a hub: the hub's addresses, its pinned certificate,
        /// this machine's credential (`venue::Link`, JSON).
        HubLink = "hub_link",
        /// On a desk: how far its copy of the entrance follows the hub's journal.
        HubCursor = "hub_cursor",
        /// On a hub: its TLS certificate and key (PEM), made once per event.
        HubCertificate = "hub_certificate",
        HubKey = "hub_key",
        /// On a hub: the address and port it last listened on (pairing codes give the port).
        HubListen = "hub_listen",
        /// On a hub: when (real time) its organiser purged the event's personal data; every
        /// machine that joined before is told at its next contact.
        PurgedAt = "purged_at",
        /// On a joined machine: why it no longer holds the event's people (the code of what
        /// the hub said: removed, expired, purged).
        LinkEnded = "link_ended",
        /// This desk faces the attendees (self-service): scans only, first names only,
        /// the organiser's PIN to leave. Kept, so a restart does not hand the desk over.
        SelfService = "self_service",
        /// The gate this desk stands at (one of the event's), if any.
        Gate = "gate",
        /// The badge printer, by its name in the print system (CUPS's queue name).
        Printer = "printer",
        /// What the printer is loaded with (`badge::BadgeSize`).
        BadgeSize = "badge_size",
        /// "on": this desk prints a badge when it lets a person in for the first time.
        AutoPrint = "auto_print",
        /// The outgoing mail server: host, port, security, login, sender (`MailServer`, JSON).
        MailServer = "mail_server",
        /// Its password: kept for the next run, never printed nor exported.
        MailPassword = "mail_password",
        /// The tickets' mail template (`ticket_mail::MailTemplate`, JSON); none: the default.
        MailTemplate = "mail_template",
    }
}
