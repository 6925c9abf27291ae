// Generated from the Rust types and the command list (src-tauri/src/commands.rs) by
// `BLUEHATS_BLESS=1 cargo test contract`. Do not edit: a test fails when it is stale.

import { invoke, invokeRaw, listen } from "../bridge.js";

export type Bilingual = { fr: string, en: string, };

export type Event = { name: string, venue: string, address: string, 
/**
 * The first day (in the event's zone). Older stores called it `date`.
 */
first_day: string, 
/**
 * How many days, 1 to [`MAX_DAYS`].
 */
days: number, 
/**
 * Opening and closing time of each day (closing may be past midnight: before opening).
 */
opens: string, closes: string, 
/**
 * IANA zone name; times are stored in UTC and shown in this zone.
 */
time_zone: string, contact: string, 
/**
 * The branding colour, "#rrggbb".
 */
colour: string, languages: Array<string>, 
/**
 * Where the published programme lives (the signage shows it as a QR code); may be empty.
 */
programme_url: string, 
/**
 * The credit line for the programme's source (shown in *À propos*); may be empty.
 */
source: string, licence: string, 
/**
 * The event's categories of people, in the order forms and charts list them. Older
 * stores and packs had the default day's five.
 */
categories: Array<CategoryDef>, 
/**
 * Entrances that admit some categories only (none: every door takes everyone).
 */
gates: Array<Gate>, };

export type VenueClock = { "mode": "real" } | { "mode": "rehearsal", start: string, anchor: string, speed: number, } | { "mode": "fixed", at: string, };

export type PictureInfo = { mime: string, sha: string, width: number, height: number, 
/**
 * For an SVG: its smallest text, as a fraction of its height. A screen draws the
 * picture no smaller than keeps that text legible from afar (or not at all).
 */
text: number | null, };

export type Room = { 
/**
 * 0 until stored.
 */
id: number, name: string, 
/**
 * How many people it holds, when the organiser said: reached, *Salle complète* shows
 * on its signage by itself and the door says so (see [`FullPolicy`]).
 */
capacity: number | null, 
/**
 * What the door does with a new entry once the room is full.
 */
policy: FullPolicy, 
/**
 * *Salle complète* lifts once the people inside are fewer than the capacity less this
 * (so the strip does not flicker with each person at the door); unset: 5 % of it, at least 1.
 */
margin: number | null, };

export type FullPolicy = "warn" | "refuse";

export type InsideOverTime = { 
/**
 * The room ("" for entries that count for no room), then (quarter's end, people inside).
 */
rooms: Array<[string, Array<[string, number]>]>, };

export type Arrow = "up" | "down" | "left" | "right" | "up-left" | "up-right" | "down-left" | "down-right" | "here";

export type Way = { room: string, arrow: Arrow, fr: string, en: string, };

export type Here = { x: number, y: number, };

export type Position = { id: number, 
/**
 * A short ASCII key for addresses (`/screen?position=door`), unique.
 */
key: string, 
/**
 * Its name, in French, and in English when it differs.
 */
name: string, name_en: string, ways: Array<Way>, 
/**
 * The plan picture, if any (its bytes are fetched on their own).
 */
plan: PictureInfo | null, here: Here | null, };

export type View = { "kind": "room", room: string, } | { "kind": "hall" };

export type ScreenSetting = { 
/**
 * The position's key; `None`: the event's first.
 */
position: string | null, 
/**
 * `None`: the event's one room, or the hall when it has several.
 */
view: View | null, };

export type EventInfo = { event: Event, rooms: Array<Room>, positions: Array<Position>, logo: PictureInfo | null, desk: string, clock: VenueClock, rehearsal: boolean, now: string, programme_source: string | null, screen: ScreenSetting, 
/**
 * This desk faces the attendees (self-service).
 */
self_service: boolean, 
/**
 * The gate this desk stands at, if any.
 */
gate: string | null, };

export type EventEdit = { name: string | null, venue: string | null, address: string | null, 
/**
 * "2026-11-18".
 */
first_day: string | null, days: number | null, 
/**
 * "09:00".
 */
opens: string | null, closes: string | null, 
/**
 * IANA, "Europe/Paris".
 */
time_zone: string | null, contact: string | null, 
/**
 * "#0d5c98".
 */
colour: string | null, 
/**
 * Shown as a QR code on the signage: http(s) only, or empty for none.
 */
programme_url: string | null, 
/**
 * The programme's credit line (*À propos*).
 */
source: string | null, licence: string | null, };

export type CategoryEdit = { 
/**
 * The category's key or one of its names; a new one if the event has none such.
 */
category: string, fr: string | null, en: string | null, colour: string | null, };

export type SelfScan = { 
/**
 * The first name of the person let in; `None`: "Adressez-vous à l'accueil".
 */
welcome: string | null, };

export type CategoryDef = { key: Category, fr: string, en: string, 
/**
 * "#rrggbb": the chart's bars, the desk's badge.
 */
colour: string, };

export type Gate = { name: string, categories: Array<Category>, 
/**
 * The room this gate is the door of: its entries count for that room's people inside
 * (and its capacity). None: the event's only room, or the venue when it has several.
 */
room: string | null, };

export type RoomsUpdate = { rooms: Array<Room>, added: Array<string>, renamed: Array<[string, string]>, removed: Array<string>, };

export type WaySet = { room: string, arrow: Arrow | null, fr: string, en: string, };

export type PositionSet = { name: string, 
/**
 * `None` keeps the English name it had.
 */
name_en: string | null, 
/**
 * `None` keeps the mark it had.
 */
here: Here | null, 
/**
 * The ways given are set; the others stay.
 */
ways: Array<WaySet>, };

export type ProgrammeImport = { 
/**
 * Take only this room of the file (a file naming no room goes into it).
 */
room: string | null, 
/**
 * The zone of a file whose times have none (Pentabarf).
 */
tz: string | null, 
/**
 * When the file's days are not the event's: take the file's days for the event.
 */
take_dates: boolean, };

export type Category = string;

export type Source = "import" | "walk_in" | "demo" | "manual";

export type NewAttendee = { name: string, email: string | null, organisation: string | null, category: Category, };

export type Attendee = { id: number, name: string, email: string | null, organisation: string | null, category: Category, source: Source, 
/**
 * The ticket code to print (the first valid one).
 */
code: string | null, 
/**
 * When they were checked in, if they are in.
 */
checked_in_at: string | null, checked_in_desk: string | null, 
/**
 * When their ticket was cancelled, if every ticket they had is: they may not enter,
 * by scan, by name or as a walk-in.
 */
revoked_at: string | null, 
/**
 * A word for the volunteer at the door (*Remettre le badge orateur*, *Accès PMR*).
 */
note: string | null, 
/**
 * The door calls the organisers for this person (the scan is still recorded).
 */
attention: boolean, };

export type VerdictKind = "admitted" | "already_admitted" | "unknown" | "forged" | "revoked" | "malformed" | "wrong_gate" | "exited" | "not_inside" | "room_full" | "admitted_room_full";

export type RecordKind = "admitted" | "already_admitted" | "unknown" | "forged" | "revoked" | "malformed" | "wrong_gate" | "exited" | "not_inside" | "room_full" | "undone";

export type Person = { id: number, name: string, organisation: string | null, category: Category, 
/**
 * What the volunteer is to do or know (shown large on the verdict).
 */
note: string | null, 
/**
 * The door calls the organisers: *APPELEZ L'ORGANISATION* over the verdict.
 */
attention: boolean, };

export type Verdict = { "verdict": "admitted", person: Person, } | { "verdict": "already_admitted", person: Person, first_at: string, first_desk: string, } | { "verdict": "unknown" } | { "verdict": "forged" } | { "verdict": "revoked", person: Person, } | { "verdict": "wrong_gate", person: Person, gates: Array<string>, } | { "verdict": "exited", person: Person, } | { "verdict": "not_inside", person: Person, } | { "verdict": "room_full", person: Person, room: string, } | { "verdict": "admitted_room_full", person: Person, room: string, } | { "verdict": "malformed", reason: string, };

export type ScanOutcome = { scan_id: number, code: string, desk: string, at: string, 
/**
 * The same code at the same desk within a few seconds (scanners that send twice): the
 * first verdict, repeated, so the volunteer sees no false alarm.
 */
repeat: boolean, 
/**
 * Decided by this desk alone, the venue's hub out of reach: the desk's copy said so,
 * and the hub will check it when the scan is uploaded.
 */
offline: boolean, } & ({ "verdict": "admitted", person: Person, } | { "verdict": "already_admitted", person: Person, first_at: string, first_desk: string, } | { "verdict": "unknown" } | { "verdict": "forged" } | { "verdict": "revoked", person: Person, } | { "verdict": "wrong_gate", person: Person, gates: Array<string>, } | { "verdict": "exited", person: Person, } | { "verdict": "not_inside", person: Person, } | { "verdict": "room_full", person: Person, room: string, } | { "verdict": "admitted_room_full", person: Person, room: string, } | { "verdict": "malformed", reason: string, });

export type CheckinRow = { scan_id: number, at: string, desk: string, code: string, verdict: RecordKind, attendee_id: number | null, name: string | null, 
/**
 * This scan let someone in and that check-in still stands (it can be undone).
 */
standing: boolean, };

export type Stats = { registered: number, admitted: number, walk_ins: number, scans: number, by_verdict: { [key in RecordKind]?: number }, admitted_by_category: { [key in string]: number }, 
/**
 * People registered now, by category key (a purge leaves none).
 */
registered_by_category: { [key in string]: number }, 
/**
 * Standing entries by the gate they came through (desks at no gate are not counted).
 */
admitted_by_gate: { [key in string]: number }, 
/**
 * People in now (admitted and not gone out); with no exit desk, the admitted.
 */
inside: number, 
/**
 * People in now, by the room their entry counts for (each room of the event listed;
 * "" for entries that count for no room).
 */
inside_by_room: { [key in string]: number }, 
/**
 * People inside over the day, room by room, quarter hour by quarter hour (anonymous:
 * it survives a purge).
 */
inside_over_time: InsideOverTime, 
/**
 * The rooms full now, as their signage shows it (the organiser's switch, else the counts).
 */
rooms_full: Array<string>, admitted_by_desk: { [key in string]: number }, admitted_by_hour: Array<[string, number]>, };

export type Counters = { registered: number, admitted: number, 
/**
 * In now (admitted and not gone out).
 */
inside: number, };

export type WalkIn = { attendee: Attendee, outcome: ScanOutcome, qr_svg: string | null, };

export type ImportOptions = { 
/**
 * Reports what would change, stores nothing.
 */
dry_run: boolean, 
/**
 * Stores the good rows of a file that has bad ones (else nothing is stored).
 */
skip_bad: boolean, };

export type BadRow = { line: number, reason: Bilingual, };

export type ImportPlan = { rows: number, new: number, updated: number, unchanged: number, bad: Array<BadRow>, applied: boolean, 
/**
 * The file's encoding as detected ("UTF-8", "windows-1252"…).
 */
encoding: string, 
/**
 * Rows matched to someone already stored by their e-mail (not their code): each is
 * listed, so that a shared address merging two people would be seen.
 */
matched_by_email: Array<EmailMatch>, 
/**
 * Categories the file named that the event did not have: the event's own from now on.
 */
categories_added: Array<CategoryDef>, };

export type ExportReport = { tickets: number, dir: string, csv: string, pdf: string | null, };

export type BadgeSize = "ql62x100" | "dymo89x36" | "dymo54x101" | "a6" | "a4_sheet8";

export type JobState = "waiting" | "sent" | "dropped";

export type PrintJob = { id: number, 
/**
 * When it was asked (the admission, or *réimprimer*).
 */
at: string, attendee_id: number, name: string, organisation: string | null, category: Category, code: string, state: JobState, 
/**
 * Tries that failed, and the last one's reason (the print system's words).
 */
tries: number, reason: string | null, sent_at: string | null, 
/**
 * The print system's id for the job ("BH-PDF-12").
 */
system_id: string | null, };

export type PrinterState = { "state": "ready" } | { "state": "stopped", reason: string, } | { "state": "missing" } | { "state": "no_print_system", reason: string, };

export type PrintSetup = { 
/**
 * The print system's name of the printer; none: this desk does not print.
 */
printer: string | null, size: BadgeSize, 
/**
 * *Impression automatique*: a badge at each first admission.
 */
auto: boolean, };

export type PrintRound = { 
/**
 * The jobs handed to the print system this round.
 */
sent: Array<PrintJob>, 
/**
 * The jobs still waiting (the printer stopped, missing, or refusing them).
 */
waiting: Array<PrintJob>, 
/**
 * What the print system said of the printer, if one is set.
 */
printer: PrinterState | null, 
/**
 * One line for the desk: nothing when there was nothing to print.
 */
line: Bilingual | null, };

export type MailSecurity = "starttls" | "tls" | "plain";

export type MailServer = { host: string, port: number, security: MailSecurity, user: string | null, 
/**
 * The sender: "Name <address>" or an address.
 */
from: string, 
/**
 * A certificate (PEM file) to trust besides the system's: a venue's own server.
 */
ca_file: string | null, };

export type MailTemplate = { subject: string, body: string, };

export type MailSettings = { server: MailServer | null, password_kept: boolean, template: MailTemplate, mailed: number, to_mail: number, };

export type MailFailure = { name: string, address: string, reason: string, };

export type MailReport = { sent: number, 
/**
 * Mailed in an earlier run (not again without `again`).
 */
already: number, 
/**
 * No e-mail address.
 */
no_email: number, 
/**
 * Revoked tickets (never mailed).
 */
revoked: number, failed: Array<MailFailure>, 
/**
 * The dry run's files.
 */
written: Array<string>, 
/**
 * Messages a second, measured over the run.
 */
per_second: number, 
/**
 * Why the run stopped before the end (the server stopped answering), if it did.
 */
stopped: string | null, };

export type BlockKind = "talks" | "panel" | "break" | "welcome" | "discussion";

export type Speaker = { name: string, organisation: string | null, };

export type Link = { url: string, text: string, };

export type Talk = { 
/**
 * 0 until stored.
 */
id: number, title: string, speakers: Array<Speaker>, remote: boolean, links: Array<Link>, 
/**
 * Set by hand or by a file with per-talk times; otherwise estimated.
 */
minutes: number | null, };

export type Block = { id: number, 
/**
 * The room it takes place in, by name; empty in a file that names no room (it goes to
 * the room the import says).
 */
room: string, starts: string, ends: string, title: string, kind: BlockKind, talks: Array<Talk>, };

export type Programme = { blocks: Array<Block>, 
/**
 * Where it came from, and its licence (kept with the data, as the licence asks).
 */
source: string | null, };

export type Phase = "before" | "on_stage" | "between" | "block_time" | "after";

export type TalkView = { id: number, title: string, speakers: Array<Speaker>, remote: boolean, 
/**
 * Estimated (or actual, when staff started it) start, in the event's zone ("10:05").
 */
starts: string, starts_at: string, minutes: number, 
/**
 * For the talk on stage: minutes since it started and minutes left (negative when it overruns).
 */
elapsed_minutes: number | null, remaining_minutes: number | null, 
/**
 * True when started by staff, false when inferred from the clock.
 */
confirmed: boolean, 
/**
 * Minutes over time, only when it is a real overrun: a talk staff started that runs
 * past its block's end, or past its own estimate while another talk waits.
 */
overrun_minutes: number | null, };

export type BlockView = { id: number, title: string, kind: BlockKind, starts: string, ends: string, starts_at: string, };

export type UpNext = { title: string, 
/**
 * "10:30", in the event's zone.
 */
starts: string, starts_at: string, kind: BlockKind, 
/**
 * When it is a talk.
 */
talk: TalkView | null, };

export type ItemState = "past" | "current" | "coming";

export type DayItem = { block_id: number, title: string, kind: BlockKind, 
/**
 * Estimated start and end, in the event's zone ("10:35" after a delay of 5).
 */
starts: string, ends: string, state: ItemState, };

export type ComingTalk = { title: string, speakers: Array<Speaker>, remote: boolean, };

export type Coming = { title: string, starts: string, kind: BlockKind, talks: Array<ComingTalk>, };

export type Screen = { at: string, clock: string, phase: Phase, block: BlockView | null, now: TalkView | null, next: TalkView | null, 
/**
 * The next block, with its time (during a break: what comes next and when).
 */
next_block: BlockView | null, announcement: string | null, room_full: boolean, delay_minutes: number, 
/**
 * The next thing in the room, a break included: a talk, or a block without talks.
 */
up_next: UpNext | null, 
/**
 * Something of the day has already started (so a break's end is a resumption, not
 * the start).
 */
started: boolean, 
/**
 * The venue clock is a rehearsal's (the signage says RÉPÉTITION).
 */
rehearsal: boolean, 
/**
 * The day in this room, block by block, at its estimated times (a delay moves them).
 */
day: Array<DayItem>, 
/**
 * The next block with its talks (during a break, before the day: what comes).
 */
coming: Coming | null, };

export type PublicEvent = { name: string, venue: string, colour: string, programme_url: string, time_zone: string, days: number, logo: PictureInfo | null, };

export type DayRelation = "past" | "today" | "tomorrow" | "later";

export type DayView = { date: string, 
/**
 * 1-based, within the event's days (0 for a programme day outside them).
 */
number: number, count: number, words: Bilingual, relation: DayRelation, };

export type PositionView = { key: string, name: string, name_en: string, plan: PictureInfo | null, here: Here | null, };

export type RoomScreen = { room: string, way: Way | null, screen: Screen, 
/**
 * The day this room's screen is about (today, or the next day it has a programme).
 */
day: DayView | null, 
/**
 * Before its day: when the day starts ("09:30"), said with `day` ("Demain à 09:30",
 * "Le mercredi 18 novembre à 09:00").
 */
opens: string | null, };

export type ScreenModel = { 
/**
 * The minute shown: what a screen shows changes at most once a minute by the clock, so
 * the same model twice is the same screen (nothing is repainted for nothing).
 */
at: string, 
/**
 * "10:05" in the event's zone.
 */
clock: string, rehearsal: boolean, event: PublicEvent, view: View, position: PositionView | null, 
/**
 * The day shown (the hall's: the earliest of its rooms').
 */
day: DayView | null, rooms: Array<RoomScreen>, announcement: string | null, 
/**
 * The event is over: no screen sends anyone anywhere.
 */
over: boolean, };

export type LiveAction = { "action": "start", talk_id: number | null, } | { "action": "next" } | { "action": "prev" } | { "action": "end_block" } | { "action": "delay", minutes: number, } | { "action": "announce", text: string, } | { "action": "clear" } | { "action": "room_full", full: boolean, };

export type TalkEdit = { title: string | null, 
/**
 * "Name (Organisation), Other Name", read by the one speaker parser.
 */
speakers: string | null, minutes: number | null, };

export type NewTalk = { block_id: number, title: string, speakers: string, remote: boolean, };

export type ClockRequest = { "mode": "real" } | { "mode": "rehearsal", start: string, speed: number, };

export type ProgrammeUpdate = { blocks: number, talks: number, added: number, kept: number, 
/**
 * Talks found at their place (same block, same position) under a new title, by the
 * same speakers or with most of the same words: an edit, not a new talk.
 */
renamed: number, removed: number, 
/**
 * The rooms whose programme was replaced.
 */
rooms: Array<string>, 
/**
 * The days the programme covers ("2026-11-18").
 */
days: Array<string>, };

export type LockStatus = { 
/**
 * A PIN was chosen (else, on a machine of its own, the first person to open the screen
 * chooses one).
 */
has_pin: boolean, 
/**
 * A PIN may be chosen here: false on a machine that joined a hub (the hub's is asked).
 */
can_choose: boolean, unlocked: boolean, 
/**
 * Seconds before a PIN may be tried again (after wrong ones).
 */
retry_in: number, };

export type Bucket = { 
/**
 * "09:05", in the event's zone.
 */
start: string, at: string, total: number, 
/**
 * In the order of `ArrivalsChart::categories`.
 */
by_category: Array<number>, 
/**
 * In the order of `ArrivalsChart::desks`.
 */
by_desk: Array<number>, };

export type ArrivalsChart = { step_minutes: number, 
/**
 * The event's categories (and any a stored arrival names that the event lost).
 */
categories: Array<CategoryDef>, desks: Array<string>, buckets: Array<Bucket>, total: number, };

export type FiguresReport = { dir: string, svg: string, csv: string, 
/**
 * The conflicts of a split (people admitted at two desks while cut off), if any.
 */
conflicts: string | null, 
/**
 * People inside each room over the day (`presents.csv`), once anyone went in.
 */
inside: string | null, };

export type ExportLogged = { at: string, desk: string, what: string, place: string, people: number, };

export type PurgeReport = { people: number, tickets: number, scans_blanked: number, 
/**
 * Arrivals kept, anonymous, for the figures.
 */
arrivals_kept: number, 
/**
 * Files that exports wrote with names in them, deleted (wherever they were).
 */
files_deleted: number, };

export type EmailMatch = { line: number, name: string, };

export type Role = "desk" | "screen";

export type Pairing = { role: Role, 
/**
 * One-time secret; the hub keeps only its hash.
 */
token: string, 
/**
 * The hub's addresses (IP or host names), tried in order.
 */
addresses: Array<string>, port: number, 
/**
 * SHA-256 of the hub's TLS certificate (hex): the joining machine pins it.
 */
fingerprint: string, expires_at: string, 
/**
 * The event's name, shown before the person confirms.
 */
event: string, };

export type Machine = { id: number, role: Role, name: string, paired_at: string, last_seen: string | null, 
/**
 * For a screen: where the organiser put it (a position's key), and what it shows
 * ("hall" or a room), when set from the hub.
 */
screen_position: string | null, screen_view: string | null, 
/**
 * The venue clock's time when it joined: its offline entries may not be older.
 */
joined_venue_at: string | null, 
/**
 * When the organiser removed it from the venue network: its credential is refused.
 */
revoked_at: string | null, 
/**
 * When its credential stops working: after the event's last day (at least a day after
 * it joined, for a rehearsal of a past event).
 */
expires_at: string | null, 
/**
 * When it was told of the hub's purge (and erased its copy).
 */
purge_told_at: string | null, };

export type Conflict = { kind: ConflictKind, attendee_id: number, name: string, 
/**
 * The desk whose entry came second to the hub (uploaded after the split).
 */
desk: string, at: string, 
/**
 * The check-in that stands (twice), the cancellation (revoked), the time the desk
 * said (clock).
 */
first_desk: string, first_at: string, };

export type ConflictKind = "twice" | "revoked" | "clock";

export type RefusedEntry = { machine: string, at: string, 
/**
 * What the desk did, in a few words ("arrivée sur place : Zoé Martin / walk-in: …").
 */
what: string, reason: string, };

export type VenueReport = { machines: Array<Machine>, conflicts: Array<Conflict>, refused: Array<RefusedEntry>, 
/**
 * When the organiser purged the event's personal data here; the machines not told yet
 * are those whose `purge_told_at` is empty.
 */
purged_at: string | null, };

export type LinkStatus = { joined: boolean, 
/**
 * The hub ended this machine's link: why, as a stable code ("machine_revoked",
 * "credential_expired", "event_purged") that the screens word.
 */
ended: string | null, role: Role | null, online: boolean, 
/**
 * Entries logged but not yet acknowledged by the hub.
 */
waiting: number, last_contact: string | null, };

export type HubRunning = { listen: string, fingerprint: string, };

export type HubStatus = { running: HubRunning | null, report: VenueReport, };

export type PairingCode = { pairing: Pairing, text: string, qr_svg: string, };

export type Frame = { width: number, height: number, pixels: Uint8Array, };

export type Sound = "admitted" | "already" | "refused" | "malformed" | "wrong_gate";

export type IpcError = { code: string, message: string, };

export type ImportProgress = { done: number, total: number, };

/** The longest announcement a screen shows. */
export const MAX_ANNOUNCEMENT = 280;
/** The most days an event may last. */
export const MAX_DAYS = 7;
/** The longest direction sentence. */
export const MAX_DIRECTIONS = 200;
/** Every arrow a way may have, in the order the forms list them. */
export const ARROWS: Arrow[] = ["up", "down", "left", "right", "up-left", "up-right", "down-left", "down-right", "here"];
/** What a pairing code starts with (either keyboard reading). */
export const PAIRING_PREFIX = "BHPAIR1:";
/** What a signed ticket's text starts with (the scanner finds a code typed into a text box by it). */
export const TICKET_PREFIX = "BH1.";
/** An organiser PIN's length, in characters. */
export const PIN_MIN = 4;
export const PIN_MAX = 64;
/** The longest name or organisation, and e-mail, a form takes. */
export const MAX_NAME = 200;
export const MAX_EMAIL = 254;
/** The longest note for the door. */
export const MAX_NOTE = 200;
/** The longest desk name. */
export const MAX_DESK_NAME = 64;
/** The longest category name, and the most categories an event has. */
export const MAX_CATEGORY_NAME = 40;
export const MAX_CATEGORIES = 24;

/** What the Rust side pushes, by event name. */
export interface Pushed {
  "screen": ScreenModel;
  "import-progress": ImportProgress;
  "mail-progress": ImportProgress;
  "counters": Counters;
  "link": LinkStatus;
}

/** Listens to a pushed event; resolves to the function that stops listening. */
export function on<K extends keyof Pushed>(event: K, cb: (payload: Pushed[K]) => void): Promise<() => void> {
  return listen<Pushed[K]>(event, cb);
}

/** The event, this desk, the clock: what a window needs at start. */
export function eventInfo(): Promise<EventInfo> {
  return invoke("event_info", {});
}

/** A code from the scanner (and the same keys read as a US keyboard would type them). */
export function scan(code: string, asUs?: string | null, desk?: string | null): Promise<ScanOutcome> {
  return invoke("scan", { code, asUs, desk });
}

/** A camera frame (RGBA or grey, sent as raw bytes): the QR codes in it, for the scan path. */
export function readFrame(frame: Frame): Promise<Array<string>> {
  return invokeRaw("read_frame", frame.pixels, { "x-width": String(frame.width), "x-height": String(frame.height) });
}

/** The verdict's sound, played by the app (the page keeps no audio of its own). */
export function playSound(sound: Sound): Promise<void> {
  return invoke("play_sound", { sound });
}

/** A code at an exit: the person goes out (inside goes down; they come back in later). */
export function exitScan(code: string, asUs?: string | null): Promise<ScanOutcome> {
  return invoke("exit_scan", { code, asUs });
}

/** A ticket scanned by its holder at a self-service desk: a first name, or nothing. */
export function selfScan(code: string): Promise<SelfScan> {
  return invoke("self_scan", { code });
}

/** Leaves the self-service mode with the organiser's PIN. */
export function endSelfService(pin: string): Promise<void> {
  return invoke("end_self_service", { pin });
}

/** Turns this desk to face the attendees (self-service); locks the organiser's screen. */
export function startSelfService(): Promise<void> {
  return invoke("start_self_service", {});
}

/** People by name, organisation or e-mail, accents and case ignored. */
export function search(text: string): Promise<Array<Attendee>> {
  return invoke("search", { text });
}

/** A person found by name, let in by hand. */
export function manualCheckin(attendeeId: number): Promise<ScanOutcome> {
  return invoke("manual_checkin", { attendeeId });
}

/** Someone not registered: registered, admitted, given a ticket. */
export function walkIn(person: NewAttendee): Promise<WalkIn> {
  return invoke("walk_in", { person });
}

/** Undoes a check-in made by mistake (kept in the record, marked undone): this desk's  own recent ones freely, any other with the organiser's screen unlocked. */
export function undoCheckin(attendeeId: number): Promise<void> {
  return invoke("undo_checkin", { attendeeId });
}

/** The desk's two counters, asked after every scan. */
export function counters(): Promise<Counters> {
  return invoke("counters", {});
}

/** This desk's latest scans, newest first. */
export function recentScans(limit?: number | null): Promise<Array<CheckinRow>> {
  return invoke("recent_scans", { limit });
}

/** A QR code as SVG (a walk-in's ticket, the programme's address). */
export function qrSvg(text: string): Promise<string> {
  return invoke("qr_svg", { text });
}

/** The event's blocks and talks, every room, every day. */
export function programme(): Promise<Programme> {
  return invoke("programme", {});
}

/** What this machine's signage screen shows now: the screen model (pushed as `screen`). */
export function screenModel(): Promise<ScreenModel> {
  return invoke("screen_model", {});
}

/** What is on in a room now (the event's only room when none is named). */
export function roomScreen(room?: string | null): Promise<Screen> {
  return invoke("room_screen", { room });
}

/** A screen position's plan picture, as a `data:` address. */
export function plan(position: string): Promise<string | null> {
  return invoke("plan", { position });
}

/** The event's logo, as a `data:` address. */
export function logo(): Promise<string | null> {
  return invoke("logo", {});
}

/** The time zones one may choose (IANA names). */
export function timeZones(): Promise<Array<string>> {
  return invoke("time_zones", {});
}

/** Whether the organiser's screen has a PIN, is unlocked, or must wait after wrong PINs. */
export function lockStatus(): Promise<LockStatus> {
  return invoke("lock_status", {});
}

/** Unlocks the organiser's screen for a few idle minutes. */
export function unlock(pin: string): Promise<LockStatus> {
  return invoke("unlock", { pin });
}

/** Locks the organiser's screen at once. */
export function lock(): Promise<void> {
  return invoke("lock", {});
}

/** The first organiser PIN, or a new one while unlocked. */
export function choosePin(pin: string): Promise<void> {
  return invoke("choose_pin", { pin });
}

/** The organiser's figures. */
export function stats(): Promise<Stats> {
  return invoke("stats", {});
}

/** Names this desk; returns the name as kept. */
export function setDesk(name: string): Promise<string> {
  return invoke("set_desk", { name });
}

/** A registrations CSV, with its progress pushed as `import-progress`. */
export function importAttendees(fileName: string, bytes: Array<number>, options: ImportOptions): Promise<ImportPlan> {
  return invoke("import_attendees", { fileName, bytes, options });
}

/** Start, next, previous, end of block, delay, room full in a room (its name, or the only  one); an announcement for every screen. */
export function applyLive(room: string | null, action: LiveAction): Promise<Screen> {
  return invoke("apply_live", { room, action });
}

/** A talk withdrawn on the day. */
export function withdrawTalk(talkId: number): Promise<void> {
  return invoke("withdraw_talk", { talkId });
}

/** A talk's title, speakers or length changed on the day. */
export function editTalk(talkId: number, edit: TalkEdit): Promise<void> {
  return invoke("edit_talk", { talkId, edit });
}

/** A talk added at the end of its block; returns its id. */
export function addTalk(talk: NewTalk): Promise<number> {
  return invoke("add_talk", { talk });
}

/** A programme file (org, schedule.xml/json, Pentabarf, iCalendar), updated in place,  room by room. */
export function importProgramme(fileName: string, bytes: Array<number>, how: ProgrammeImport): Promise<ProgrammeUpdate> {
  return invoke("import_programme", { fileName, bytes, how });
}

/** The real time, or a rehearsal of the day. */
export function setClock(clock: ClockRequest): Promise<VenueClock> {
  return invoke("set_clock", { clock });
}

/** Where this machine's signage screen stands, and which room it shows (or the hall). */
export function setScreen(position?: string | null, view?: View | null): Promise<ScreenSetting> {
  return invoke("set_screen", { position, view });
}

/** The event's fields, each checked (the message names the field). */
export function updateEvent(edit: EventEdit): Promise<Event> {
  return invoke("update_event", { edit });
}

/** The paper list (PDF) beside the store, for when every machine fails; returns its path. */
export function doorList(): Promise<string> {
  return invoke("door_list", {});
}

/** A note for the door on a person, and whether the door calls the organisers. */
export function setNote(attendeeId: number, note: string | null, attention: boolean): Promise<Attendee> {
  return invoke("set_note", { attendeeId, note, attention });
}

/** A gate added or changed: the categories it admits (keys; none: everyone). */
export function setGate(name: string, categories: Array<string>, room?: string | null): Promise<Gate> {
  return invoke("set_gate", { name, categories, room });
}

/** A gate removed; its desks admit everyone again. */
export function removeGate(name: string): Promise<boolean> {
  return invoke("remove_gate", { name });
}

/** The gate this desk stands at (none: everyone). */
export function standAtGate(name?: string | null): Promise<string | null> {
  return invoke("stand_at_gate", { name });
}

/** A category of people added or changed (names, colour). */
export function setCategory(edit: CategoryEdit): Promise<CategoryDef> {
  return invoke("set_category", { edit });
}

/** The event's rooms, in order (a room keeps its programme under its name). */
export function setRooms(names: Array<string>): Promise<RoomsUpdate> {
  return invoke("set_rooms", { names });
}

export function setRoomCapacity(room: string, capacity: number | null, policy: FullPolicy, margin?: number | null): Promise<Room> {
  return invoke("set_room_capacity", { room, capacity, policy, margin });
}

/** A screen position and its ways to the rooms. */
export function setPosition(position: PositionSet): Promise<Position> {
  return invoke("set_position", { position });
}

/** Removes a screen position; false when there was none. */
export function removePosition(position: string): Promise<boolean> {
  return invoke("remove_position", { position });
}

/** A position's plan (PNG, JPEG or SVG, cleaned); no bytes removes it. */
export function setPlan(position: string, fileName?: string | null, bytes?: Array<number> | null): Promise<void> {
  return invoke("set_plan", { position, fileName, bytes });
}

/** The event's logo (PNG, JPEG or SVG, cleaned); no bytes removes it. */
export function setLogo(fileName?: string | null, bytes?: Array<number> | null): Promise<void> {
  return invoke("set_logo", { fileName, bytes });
}

/** The prepared event in one file, written beside the store; returns its path. */
export function exportPack(): Promise<string> {
  return invoke("export_pack", {});
}

/** A prepared event's file: replaces the event, its rooms, positions and programme. */
export function importPack(fileName: string, bytes: Array<number>): Promise<void> {
  return invoke("import_pack", { fileName, bytes });
}

/** A new, empty event to fill (on a store with nobody registered yet). */
export function startBlank(): Promise<Event> {
  return invoke("start_blank", {});
}

/** The online programme's address, shown as a QR code on the signage. */
export function setProgrammeUrl(url: string): Promise<string> {
  return invoke("set_programme_url", { url });
}

/** Whose ticket a code is, to name them before cancelling it. */
export function ticketHolder(code: string): Promise<Person | null> {
  return invoke("ticket_holder", { code });
}

/** Cancels a ticket; false when no active ticket has this code. */
export function revokeTicket(code: string): Promise<boolean> {
  return invoke("revoke_ticket", { code });
}

/** Every ticket (QR codes, mail-merge CSV, badge sheet) in a new folder beside the store. */
export function exportTickets(): Promise<ExportReport> {
  return invoke("export_tickets", {});
}

/** Check-ins per 5 minutes, by category and by desk (anonymous). */
export function arrivals(): Promise<ArrivalsChart> {
  return invoke("arrivals", {});
}

/** The arrivals chart as SVG. */
export function arrivalsSvg(): Promise<string> {
  return invoke("arrivals_svg", {});
}

/** The arrivals chart as SVG, CSV and (drawn by the screen) PNG, in a new folder. */
export function exportFigures(png?: Array<number> | null): Promise<FiguresReport> {
  return invoke("export_figures", { png });
}

/** Who exported personal data, when, where. */
export function exportsLog(): Promise<Array<ExportLogged>> {
  return invoke("exports_log", {});
}

/** Deletes every personal byte, keeps the anonymous figures; `confirm` is the typed word. */
export function purge(confirm: string): Promise<PurgeReport> {
  return invoke("purge", { confirm });
}

/** Whether this machine joined a hub, reaches it, and how many scans wait to be uploaded. */
export function linkStatus(): Promise<LinkStatus> {
  return invoke("link_status", {});
}

/** What a scanned pairing code offers (which hub, which role), before joining. */
export function readPairing(text: string): Promise<Pairing> {
  return invoke("read_pairing", { text });
}

/** Joins the hub a pairing code names (on a machine that has registered and scanned  nobody yet): from now on its scans go through the hub. */
export function joinHub(text: string): Promise<LinkStatus> {
  return invoke("join_hub", { text });
}

/** This machine as the venue's hub: whether it serves, the machines that joined, conflicts. */
export function hubStatus(): Promise<HubStatus> {
  return invoke("hub_status", {});
}

/** Makes this machine the venue's hub (it listens on the LAN from now on, and at every start). */
export function startHub(): Promise<HubRunning> {
  return invoke("start_hub", {});
}

/** Puts a joined screen at a position, showing a room or the hall (it takes them at its  next contact). */
export function assignScreen(machine: string, position?: string | null, view?: View | null): Promise<Machine> {
  return invoke("assign_screen", { machine, position, view });
}

/** A one-time pairing QR for a new desk or screen (10 minutes). */
export function pairingCode(role: Role): Promise<PairingCode> {
  return invoke("pairing_code", { role });
}

/** Removes a desk or screen from the venue network (its name or number). */
export function revokeMachine(machine: string): Promise<Machine> {
  return invoke("revoke_machine", { machine });
}

/** How this desk prints badges: its printer, the label size, auto-print. */
export function printSetup(): Promise<PrintSetup> {
  return invoke("print_setup", {});
}

/** *Impression automatique* on this desk, on or off (a desk's own choice). */
export function setAutoPrint(on: boolean): Promise<PrintSetup> {
  return invoke("set_auto_print", { on });
}

/** The waiting badges handed to the printer, after the verdict is on screen: the  desk's one line about it. */
export function printBadges(): Promise<PrintRound> {
  return invoke("print_badges", {});
}

/** *Réimprimer*: this person's badge, queued and printed. */
export function reprint(attendeeId: number): Promise<PrintRound> {
  return invoke("reprint", { attendeeId });
}

/** A waiting badge given up. */
export function dropPrintJob(id: number): Promise<void> {
  return invoke("drop_print_job", { id });
}

/** The latest badges of this desk, newest first. */
export function printJobs(): Promise<Array<PrintJob>> {
  return invoke("print_jobs", {});
}

/** The printers the print system knows. */
export function printers(): Promise<Array<string>> {
  return invoke("printers", {});
}

/** The badge printer (none: "") and the label size. */
export function setPrinter(printer?: string | null, size?: BadgeSize | null): Promise<PrintSetup> {
  return invoke("set_printer", { printer, size });
}

/** The mail server (never its password), the tickets' mail template, who is mailed. */
export function mailSettings(): Promise<MailSettings> {
  return invoke("mail_settings", {});
}

/** The mail server kept for sending; the password only when given (else the kept one). */
export function setMailServer(server: MailServer, password?: string | null): Promise<MailSettings> {
  return invoke("set_mail_server", { server, password });
}

/** The tickets' mail template (every field it names checked). */
export function setMailTemplate(subject: string, body: string): Promise<MailTemplate> {
  return invoke("set_mail_template", { subject, body });
}

/** Every person's ticket by e-mail (once each, unless `again`), its progress pushed as  `mail-progress`; `dry_run`: the first messages written as .eml files beside the store. */
export function mailTickets(dryRun: boolean, again: boolean, rate: number): Promise<MailReport> {
  return invoke("mail_tickets", { dryRun, again, rate });
}
