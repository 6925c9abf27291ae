// Every string of the interface, French first, English beside it. One table, one lookup.

export type Lang = "fr" | "en";

const table = {
  ready: { fr: "Prêt", en: "Ready" },
  ready_hint: { fr: "Scannez le billet", en: "Scan the ticket" },
  scan_field: { fr: "Code du billet", en: "Ticket code" },
  admitted: { fr: "Entrée OK", en: "Welcome in" },
  already_admitted: { fr: "Déjà entré·e", en: "Already in" },
  unknown: { fr: "Billet inconnu", en: "Unknown ticket" },
  forged: { fr: "Billet falsifié", en: "Forged ticket" },
  revoked: { fr: "Billet annulé", en: "Cancelled ticket" },
  malformed: { fr: "Ce n'est pas un billet", en: "Not a ticket" },
  admitted_hint: { fr: "Laissez entrer", en: "Let them in" },
  already_hint: { fr: "Entré·e à {time}, {desk}", en: "Came in at {time}, {desk}" },
  unknown_hint: { fr: "Absent de la liste : cherchez le nom, ou inscrivez sur place", en: "Not in the list: search the name, or register on the spot" },
  forged_hint: { fr: "Ne laissez pas entrer : appelez l'organisation", en: "Do not let in: call the organiser" },
  revoked_hint: { fr: "Ne laissez pas entrer : appelez l'organisation", en: "Do not let in: call the organiser" },
  malformed_hint: { fr: "Scannez à nouveau le QR code du billet", en: "Scan the ticket's QR code again" },
  repeat: { fr: "(lecture en double)", en: "(double read)" },
  admitted_count: { fr: "Entré·es", en: "In" },
  registered_count: { fr: "Inscrits", en: "Registered" },
  search: { fr: "Rechercher", en: "Search" },
  search_placeholder: { fr: "Nom, organisme ou courriel", en: "Name, organisation or e-mail" },
  search_empty: { fr: "Aucune personne trouvée", en: "Nobody found" },
  search_more: { fr: "Les {n} premiers seulement : tapez la suite du nom", en: "The first {n} only: type more of the name" },
  name_required: { fr: "Le nom est obligatoire", en: "The name is required" },
  already_registered: { fr: "Déjà inscrit·e ? Si c'est l'une de ces personnes, faites-la entrer :", en: "Already registered? If it is one of these people, check them in:" },
  register_anyway: { fr: "Personne de la liste : inscrire quand même", en: "None of them: register anyway" },
  check_in: { fr: "Faire entrer", en: "Check in" },
  undo: { fr: "Annuler l'entrée", en: "Undo check-in" },
  undo_confirm: { fr: "Annuler l'entrée de {name} ?", en: "Undo {name}'s check-in?" },
  undone: { fr: "Entrée annulée", en: "Check-in undone" },
  in_at: { fr: "entré·e {time}", en: "in at {time}" },
  revoked_at: { fr: "Billet annulé ({time}) : ne pas faire entrer", en: "Ticket cancelled ({time}): do not let in" },
  walk_in: { fr: "Sur place", en: "Walk-in" },
  walk_in_title: { fr: "Inscription sur place", en: "Register a walk-in" },
  name: { fr: "Nom et prénom", en: "Full name" },
  organisation: { fr: "Organisme", en: "Organisation" },
  email: { fr: "Courriel (facultatif)", en: "E-mail (optional)" },
  category: { fr: "Catégorie", en: "Category" },
  register_admit: { fr: "Inscrire et faire entrer", en: "Register and let in" },
  walk_in_done: { fr: "Inscrit·e et entré·e : voici son billet", en: "Registered and in: here is the ticket" },
  history: { fr: "Historique", en: "History" },
  history_empty: { fr: "Aucun passage pour l'instant", en: "No scan yet" },
  public_agent: { fr: "Agent public", en: "Public agent" },
  citizen: { fr: "Citoyen·ne", en: "Citizen" },
  association: { fr: "Association", en: "Association" },
  company: { fr: "Entreprise", en: "Company" },
  other: { fr: "Autre", en: "Other" },
  desk: { fr: "Poste", en: "Desk" },
  organiser: { fr: "Organisation", en: "Organiser" },
  back_to_desk: { fr: "Retour à l'accueil", en: "Back to the desk" },
  about: { fr: "À propos", en: "About" },
  about_text: {
    fr: "BlueHats Kiosk : accueil et affichage d'une journée de conférences, hors ligne.",
    en: "BlueHats Kiosk: entrance check-in and signage for a one-day conference, offline.",
  },
  close: { fr: "Fermer", en: "Close" },
  error: { fr: "Erreur", en: "Error" },
  // The organiser's lock.
  pin_title: { fr: "Code organisateur", en: "Organiser PIN" },
  pin_hint: { fr: "Cet écran pilote l'affichage et les billets : il est protégé par un code.", en: "This screen steers the signage and the tickets: it is protected by a PIN." },
  pin_choose_title: { fr: "Choisissez le code organisateur", en: "Choose the organiser PIN" },
  pin_choose_hint: { fr: "4 caractères ou plus. Il sera demandé pour ouvrir l'écran Organisation ; l'accueil n'en a pas besoin.", en: "4 characters or more. It will be asked to open the Organiser screen; the desk does not need it." },
  unlock: { fr: "Déverrouiller", en: "Unlock" },
  lock_now: { fr: "Verrouiller", en: "Lock" },
  pin_save: { fr: "Enregistrer le code", en: "Save the PIN" },
  pin_change: { fr: "Changer le code organisateur", en: "Change the organiser PIN" },
  pin_saved: { fr: "Code enregistré", en: "PIN saved" },
  retry_in: { fr: "Nouvel essai dans {n} s", en: "Next try in {n} s" },
  // Organiser's screen.
  live: { fr: "En direct", en: "Live" },
  start: { fr: "Lancer", en: "Start" },
  next: { fr: "Suivant", en: "Next" },
  prev: { fr: "Précédent", en: "Previous" },
  end_block: { fr: "Fin du bloc", en: "End of block" },
  delay_plus: { fr: "Retard +5 min", en: "Delay +5 min" },
  delay_minus: { fr: "Retard −5 min", en: "Delay −5 min" },
  delay_now: { fr: "Retard : {n} min", en: "Delay: {n} min" },
  announce: { fr: "Annonce", en: "Announcement" },
  announce_placeholder: { fr: "Ex. : Salle 223M complète", en: "E.g. Room 223M is full" },
  announce_show: { fr: "Afficher", en: "Show" },
  announce_clear: { fr: "Effacer l'annonce", en: "Clear announcement" },
  programme: { fr: "Programme", en: "Programme" },
  withdraw: { fr: "Retirer", en: "Withdraw" },
  withdraw_confirm: { fr: "Retirer « {title} » du programme ?", en: "Withdraw \"{title}\" from the programme?" },
  edit: { fr: "Modifier", en: "Edit" },
  save: { fr: "Enregistrer", en: "Save" },
  title: { fr: "Titre", en: "Title" },
  speakers: { fr: "Intervenant·es (Nom (Organisme), …)", en: "Speakers (Name (Org), …)" },
  minutes: { fr: "Durée estimée (min, vide : partage du bloc)", en: "Estimated length (min, empty: share of the block)" },
  desk_name: { fr: "Nom de ce poste d'accueil", en: "This desk's name" },
  programme_url: { fr: "Adresse du programme en ligne (QR code de l'affichage)", en: "Online programme address (signage QR code)" },
  add_talk: { fr: "Ajouter un exposé", en: "Add a talk" },
  remote: { fr: "En visio", en: "Remote" },
  clock: { fr: "Horloge", en: "Clock" },
  clock_real: { fr: "Heure réelle", en: "Real time" },
  clock_rehearsal: { fr: "Répétition", en: "Rehearsal" },
  speed: { fr: "Vitesse", en: "Speed" },
  apply: { fr: "Appliquer", en: "Apply" },
  screen_position: { fr: "Position de l'écran d'affichage", en: "Signage screen position" },
  pos_hall: { fr: "Entrée du salon", en: "Show entrance" },
  pos_escalator: { fr: "Escalator", en: "Escalator" },
  pos_door: { fr: "Porte de la salle", en: "Room door" },
  import_attendees: { fr: "Importer des inscrits (CSV)", en: "Import attendees (CSV)" },
  import_programme: { fr: "Importer un programme (org, schedule.xml/json, Pentabarf, ics)", en: "Import a programme (org, schedule.xml/json, Pentabarf, ics)" },
  dry_run: { fr: "Essai (ne rien enregistrer)", en: "Dry run (store nothing)" },
  skip_bad: { fr: "Ignorer les lignes invalides", en: "Skip bad rows" },
  room: { fr: "Salle", en: "Room" },
  time_zone: { fr: "Fuseau horaire", en: "Time zone" },
  import: { fr: "Importer", en: "Import" },
  import_stored: { fr: "Enregistré ({encoding} détecté).", en: "Stored ({encoding} detected)." },
  import_simulated: { fr: "Simulation, rien n'a été enregistré ({encoding} détecté).", en: "Dry run, nothing was stored ({encoding} detected)." },
  matched_by_email: { fr: "ligne {line} : {name}, retrouvé·e par son courriel", en: "line {line}: {name}, matched by e-mail" },
  import_result: {
    fr: "{rows} lignes : {new} nouveaux, {updated} mis à jour, {unchanged} inchangés, {bad} invalides",
    en: "{rows} rows: {new} new, {updated} updated, {unchanged} unchanged, {bad} bad",
  },
  programme_result: { fr: "{blocks} blocs, {talks} exposés ({added} nouveaux, {renamed} renommés, {removed} retirés)", en: "{blocks} blocks, {talks} talks ({added} new, {renamed} renamed, {removed} removed)" },
  tickets: { fr: "Billets", en: "Tickets" },
  export_tickets: { fr: "Exporter les billets (QR, CSV, badges PDF)", en: "Export tickets (QR, CSV, PDF badges)" },
  export_done: { fr: "{n} billets écrits dans {dir}", en: "{n} tickets written to {dir}" },
  ticket_code: { fr: "Code du billet à annuler", en: "Code of the ticket to cancel" },
  revoke: { fr: "Annuler le billet", en: "Cancel the ticket" },
  revoke_confirm: { fr: "Annuler le billet de {name} ? Il sera refusé à l'entrée.", en: "Cancel {name}'s ticket? It will be refused at the entrance." },
  saved: { fr: "Enregistré", en: "Saved" },
  tab_live: { fr: "En direct", en: "Live" },
  tab_programme: { fr: "Programme", en: "Programme" },
  tab_setup: { fr: "Préparation", en: "Setup" },
  tab_after: { fr: "Après la journée", en: "After the day" },
  revoked_done: { fr: "Billet annulé", en: "Ticket cancelled" },
  revoke_none: { fr: "Aucun billet actif avec ce code", en: "No active ticket with this code" },
  figures: { fr: "Chiffres", en: "Figures" },
  export_figures: { fr: "Exporter le graphique (SVG, PNG, CSV)", en: "Export the chart (SVG, PNG, CSV)" },
  figures_done: { fr: "Graphique écrit dans {dir}", en: "Chart written to {dir}" },
  exports_log: { fr: "Exports de données personnelles ({n})", en: "Exports of personal data ({n})" },
  purge_title: { fr: "Après la journée : effacer les données personnelles", en: "After the day: delete personal data" },
  purge_hint: {
    fr: "Efface noms, courriels, organismes, codes et scans ; garde les chiffres anonymes (par catégorie, heure, poste). Tapez EFFACER pour confirmer.",
    en: "Deletes names, e-mails, organisations, codes and scans; keeps the anonymous figures (by category, hour, desk). Type EFFACER to confirm.",
  },
  purge: { fr: "Effacer les données personnelles", en: "Delete personal data" },
  purge_confirm: { fr: "Effacer définitivement toutes les données personnelles ?", en: "Delete all personal data for good?" },
  purge_done: { fr: "{people} personnes effacées ; {kept} arrivées anonymes gardées", en: "{people} people deleted; {kept} anonymous arrivals kept" },
  scans: { fr: "Passages", en: "Scans" },
  walk_ins: { fr: "Inscrits sur place", en: "Walk-ins" },
  source: { fr: "Source", en: "Source" },
  licence: { fr: "Licence", en: "Licence" },
  // Signage.
  now_on: { fr: "En ce moment", en: "Now" },
  next_up: { fr: "Ensuite", en: "Next" },
  at_time: { fr: "à {time}", en: "at {time}" },
  elapsed: { fr: "depuis {n} min", en: "{n} min in" },
  remaining: { fr: "encore {n} min", en: "{n} min left" },
  overrun: { fr: "dépassement {n} min", en: "{n} min over" },
  remote_badge: { fr: "En visio", en: "Remote" },
  break_now: { fr: "Pause", en: "Break" },
  resumes_at: { fr: "Reprise à {time}", en: "Resumes at {time}" },
  starts_at: { fr: "Début à {time}", en: "Starts at {time}" },
  more_talks: { fr: "et {n} autres présentations", en: "and {n} more talks" },
  panel_until: { fr: "Table ronde jusqu'à {time}", en: "Round table until {time}" },
  discussion_until: { fr: "Discussion et questions jusqu'à {time}", en: "Discussion and questions until {time}" },
  room_full: { fr: "Salle complète", en: "Room full" },
  room_full_on: { fr: "Salle complète", en: "Room full" },
  room_full_off: { fr: "Salle à nouveau ouverte", en: "Room open again" },
  day_starts: { fr: "La journée commence à {time}", en: "The day starts at {time}" },
  day_over: { fr: "La journée est terminée. Merci et à bientôt !", en: "The day is over. Thank you, see you soon!" },
  between: { fr: "Dans un instant", en: "In a moment" },
  way_hall: { fr: "Salle {room} : niveau 2, prenez l'escalator puis à droite", en: "Room {room}: level 2, take the escalator then turn right" },
  way_escalator: { fr: "Salle {room} : en haut, à droite", en: "Room {room}: at the top, turn right" },
  way_door: { fr: "Vous êtes ici : salle {room}", en: "You are here: room {room}" },
  you_are_here: { fr: "Vous êtes ici", en: "You are here" },
  plan_schematic: { fr: "Plan schématique, non à l'échelle", en: "Schematic plan, not to scale" },
  online_programme: { fr: "Programme en ligne", en: "Online programme" },
  rehearsal: { fr: "Répétition", en: "Rehearsal" },
  the_day: { fr: "La journée", en: "The day" },
  announcement: { fr: "Annonce", en: "Announcement" },
} as const;

export type Key = keyof typeof table;

let lang: Lang = (localStorage.getItem("lang") as Lang) === "en" ? "en" : "fr";

export function getLang(): Lang {
  return lang;
}

export function setLang(l: Lang) {
  lang = l;
  localStorage.setItem("lang", l);
  document.documentElement.lang = l;
}

/** The string in the current language, with {placeholders} filled. */
export function t(key: Key, vars: Record<string, string | number> = {}, l: Lang = lang): string {
  let s: string = table[key][l];
  for (const [k, v] of Object.entries(vars)) s = s.split(`{${k}}`).join(String(v));
  return s;
}

/** "label: value": French puts a space before the colon, English does not. */
export function colon(l: Lang = lang): string {
  return l === "fr" ? " : " : ": ";
}

/** Both languages, for the signage: French first. */
export function both(key: Key, vars: Record<string, string | number> = {}): [string, string] {
  return [t(key, vars, "fr"), t(key, vars, "en")];
}
