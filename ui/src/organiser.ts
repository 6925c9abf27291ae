// The organiser's screen, inside the desk window: steer each room's programme live, fix it,
// prepare the event (its own tab), set this machine's clock and screen, import files, read
// the figures.

import { clear, h } from "./dom.js";
import { t, colon, Key } from "./i18n.js";
import { installScanner } from "./scanner.js";
import * as api from "./gen/contract.js";
import { MAX_ANNOUNCEMENT } from "./gen/contract.js";
import type { Block, EventInfo, LiveAction, Screen } from "./gen/contract.js";
import { errorText } from "./bridge.js";
import { categoryName, hm } from "./format.js";
import { ask, closeDialog, showDialog, showError } from "./dialogs.js";
import { actionTaken } from "./measure.js";
import { purgeForm, renderFigures } from "./after-the-day.js";
import { eventTab } from "./organiser-event.js";
import { printerCard } from "./badges.js";
import { mailCard } from "./tickets-mail.js";
import { attendeeImport, clockForm, deskForm, notesForm, pinForm, programmeImport, screenForm, ticketTools } from "./organiser-setup.js";
import { renderHub } from "./organiser-venue.js";

let info: EventInfo;
let unlisten: (() => void) | undefined;
/** The room the live card steers (kept for the next opening of the screen). */
let liveRoom: string | null = null;

/** A code scanned while the organiser's screen was open, to check in at the desk. */
export type PendingScan = { code: string; asUs: string | null };
let leaveScreen: ((lock: boolean, pending?: PendingScan) => void) | undefined;
let idleTimer: number | undefined;
/** As Rust's IDLE_LOCK: after this long untouched, the screen locks and gives way to the desk. */
const IDLE_MS = 5 * 60 * 1000;

function leave(lock: boolean) {
  leaveScreen?.(lock);
}

function touched() {
  window.clearTimeout(idleTimer);
  idleTimer = window.setTimeout(() => leave(true), IDLE_MS);
}

/** An organiser command failed: locked (idle in Rust too) means back to the desk. */
function failed(e: unknown) {
  if (e && typeof e === "object" && (e as { code?: string }).code === "locked") leave(false);
  else showError(e);
}

export async function showOrganiser(root: HTMLElement, back: (pending?: PendingScan) => void) {
  leaveScreen = (lock: boolean, pending?: PendingScan) => {
    leaveScreen = undefined;
    document.querySelectorAll(".scan-catcher").forEach((c) => c.remove());
    window.clearTimeout(idleTimer);
    unlisten?.();
    root.removeEventListener("pointerdown", touched);
    root.removeEventListener("keydown", touched);
    (lock ? api.lock() : Promise.resolve()).finally(() => back(pending));
  };
  root.addEventListener("pointerdown", touched);
  root.addEventListener("keydown", touched);
  touched();
  info = await api.eventInfo();
  // The scanner still works here: a code scanned (even into a text box) goes back to the
  // desk and is checked in there, never typed into the announcement.
  const catcher = h("input", { class: "scan-catcher", "aria-hidden": "true", tabindex: "-1", autocomplete: "off" });
  document.body.append(catcher);
  installScanner(catcher, (code, asUs) => leaveScreen?.(false, { code, asUs }));
  build(root);
}

/** The room to steer: the one chosen before if it still exists, else the first. */
function pickRoom() {
  const kept = localStorage.getItem("live-room");
  liveRoom = info.rooms.find((r) => r.name === kept)?.name ?? info.rooms[0]?.name ?? null;
}

/** (Re)builds the whole screen from the event as Rust has it (after an edit of the event). */
async function build(root: HTMLElement, tab = "tab_live") {
  info = await api.eventInfo();
  pickRoom();
  clear(root,
    h("div", { class: "organiser" },
      h("header", { class: "bar" },
        h("div", { class: "bar-title" }, h("strong", {}, t("organiser")), ` · ${info.event.name}`),
        h("div", { class: "bar-actions" },
          h("button", { id: "organiser-lock", class: "secondary", onclick: () => leave(true) }, t("lock_now")),
          h("button", { id: "back-to-desk", onclick: () => leave(false) }, t("back_to_desk"))),
      ),
      // A cockpit for the day: live control, the room and the figures at a glance on the
      // first tab; the event, editing, preparation and the after-the-day tools on their own.
      h("nav", { class: "tabs organiser-tabs" },
        ...(["tab_live", "tab_programme", "tab_event", "tab_setup", "tab_venue", "tab_after"] as const).map((k) =>
          h("button", { class: k === tab ? "tab active" : "tab", id: `otab-${k}`, onclick: (ev: Event) => showTab(k, ev.currentTarget as HTMLElement) }, t(k)))),
      h("div", { class: "organiser-grid", "data-tab": "tab_live" },
        h("section", { class: "card live-card" }, h("h2", {}, t("live")), roomChooser(), h("div", { id: "live-now" }), liveButtons(), announceForm()),
        h("section", { class: "card" }, h("h2", {}, t("figures")), h("div", { id: "glance" })),
        h("section", { class: "card" }, h("h2", {}, t("programme")), h("div", { id: "programme" })),
      ),
      h("div", { class: "organiser-grid hidden", "data-tab": "tab_programme" },
        h("section", { class: "card" }, h("h2", {}, t("import_programme")), programmeImport(() => rebuild(root, "tab_programme"))),
      ),
      h("div", { class: "organiser-grid hidden", "data-tab": "tab_event" }, ...eventTab(info, () => rebuild(root, "tab_event"))),
      h("div", { class: "organiser-grid hidden", "data-tab": "tab_setup" },
        h("section", { class: "card" }, h("h2", {}, t("clock")), clockForm(info, failed), h("h2", {}, t("screen_position")), screenForm(info, failed),
          h("h2", {}, t("desk_name")), deskForm(info, failed), h("h2", {}, t("pin_change")), pinForm(failed),
          h("h2", {}, t("self_start")), h("p", { class: "hint" }, t("self_start_hint")),
          h("button", { id: "self-start", class: "secondary", onclick: async () => {
            if (!(await ask(t("self_start")))) return;
            await api.startSelfService().then(() => leave(false)).catch(failed);
          } }, t("self_start"))),
        h("section", { class: "card" }, h("h2", {}, t("import_attendees")), attendeeImport(info)),
        h("section", { class: "card" }, h("h2", {}, t("tickets")), ticketTools(failed)),
        h("section", { class: "card", id: "printer-card" }, h("h2", {}, t("badges")), printerCard(failed)),
        h("section", { class: "card", id: "mail-card" }, h("h2", {}, t("mail_title")), mailCard(failed)),
        h("section", { class: "card", id: "notes-card" }, h("h2", {}, t("notes")), notesForm()),
      ),
      // The venue network on its own: the machines joined and the conflicts in view at once.
      h("div", { class: "organiser-grid hidden", "data-tab": "tab_venue" },
        h("section", { class: "card wide", id: "hub-card" }, h("h2", {}, t("hub")), h("div", { id: "hub" })),
      ),
      h("div", { class: "organiser-grid hidden", "data-tab": "tab_after" },
        h("section", { class: "card wide" }, h("h2", {}, t("figures")), h("div", { id: "figures" })),
        h("section", { class: "card" }, h("h2", {}, t("purge_title")), purgeForm(info.event.time_zone)),
      ),
    ),
    h("div", { id: "dialog", class: "dialog hidden" }),
  );
  unlisten?.();
  // Any screen change (a staff action, the clock, an edit) refreshes the room's live card.
  const stopScreen = await api.on("screen", () => refreshLive());
  // The figures follow the scans as they come in, at any desk of this machine.
  const stopCounters = await api.on("counters", () => renderGlance());
  unlisten = () => { stopScreen(); stopCounters(); };
  refreshLive();
  renderGlance();
  renderProgramme();
  renderFigures(info.event.time_zone);
  const button = document.getElementById(`otab-${tab}`);
  if (button && tab !== "tab_live") showTab(tab, button);
}

/** After an edit of the event: the whole screen again, on the same tab. */
function rebuild(root: HTMLElement, tab: string): Promise<void> {
  return build(root, tab).catch(failed);
}

function roomChooser() {
  if (info.rooms.length < 2) return null;
  const sel = h("select", { id: "live-room" }, ...info.rooms.map((r) => h("option", { value: r.name, selected: r.name === liveRoom }, r.name)));
  sel.addEventListener("change", () => {
    liveRoom = sel.value;
    localStorage.setItem("live-room", sel.value);
    shownNow = undefined;
    refreshLive();
    renderProgramme();
  });
  return h("label", { class: "field" }, t("live_room"), sel);
}

async function refreshLive() {
  if (!liveRoom) return;
  const s = await api.roomScreen(liveRoom).catch(() => null);
  if (s) showLive(s);
}

function showTab(key: string, button: HTMLElement) {
  document.querySelectorAll<HTMLElement>(".organiser-grid").forEach((g) => g.classList.toggle("hidden", g.dataset.tab !== key));
  document.querySelectorAll(".organiser-tabs .tab").forEach((b) => b.classList.toggle("active", b === button));
  if (key === "tab_after") renderFigures(info.event.time_zone);
  if (key === "tab_venue") renderHub(info, failed);
}

/** The figures at a glance: who is in, by category, the last half-hour. */
async function renderGlance() {
  const el = document.getElementById("glance");
  if (!el) return;
  const s = await api.stats().catch(() => null);
  if (!s) return;
  clear(el,
    h("p", { class: "figure", id: "glance-admitted" }, h("b", {}, `${s.admitted} / ${s.registered}`), ` ${t("admitted_count")} / ${t("registered_count")}`),
    h("p", {}, `${t("walk_ins")}${colon()}${s.walk_ins} · ${t("scans")}${colon()}${s.scans}`),
    h("p", { class: "figure", id: "glance-inside" }, h("b", {}, String(s.inside)), ` ${t("inside_count")}`),
    // Each room's people inside, against its capacity: what fire safety asks the organiser.
    h("ul", { class: "glance-list", id: "glance-rooms" }, ...Object.entries(s.inside_by_room).map(([room, n]) => {
      const cap = info.rooms.find((r) => r.name === room)?.capacity;
      const full = s.rooms_full.includes(room);
      return h("li", { "data-room": room, class: full ? "room-is-full" : "" },
        `${room || t("no_room")}${colon()}${n}${cap ? ` / ${cap}` : ""}`, full ? h("b", {}, ` · ${t("room_full")}`) : null);
    })),
    h("ul", { class: "glance-list" }, ...Object.entries(s.admitted_by_category).map(([k, n]) => h("li", {}, `${categoryName(k, info.event.categories)}${colon()}${n}`))),
    h("ul", { class: "glance-list" }, ...Object.entries(s.admitted_by_desk).map(([k, n]) => h("li", {}, `${k}${colon()}${n}`))),
  );
}

let shownNow: number | null | undefined;

function showLive(s: Screen) {
  const el = document.getElementById("live-now");
  if (!el) return;
  // The clock moved the talk on stage: move the highlight in the programme too.
  if (shownNow !== undefined && (s.now?.id ?? null) !== shownNow) renderProgramme();
  shownNow = s.now?.id ?? null;
  roomFull = s.room_full;
  const toggle = document.getElementById("room-full-toggle");
  if (toggle) toggle.textContent = t(s.room_full ? "room_full_off" : "room_full_on");
  clear(el,
    h("div", { class: "live-clock" }, s.clock, s.rehearsal ? ` · ${t("rehearsal")}` : ""),
    h("div", {}, h("b", {}, `${t("now_on")}${colon()}`), h("span", { id: "organiser-now" }, s.now ? s.now.title : "—"), s.now?.confirmed ? " ✓" : ""),
    h("div", {}, h("b", {}, `${t("next_up")}${colon()}`), s.next ? `${s.next.starts} ${s.next.title}` : "—"),
    h("div", {}, t("delay_now", { n: s.delay_minutes })),
    s.announcement ? h("div", { class: "announce-preview" }, s.announcement) : null,
  );
}

async function act(action: LiveAction) {
  actionTaken();
  try {
    showLive(await api.applyLive(liveRoom, action));
    renderProgramme();
  } catch (e) {
    failed(e);
  }
}

function liveButtons() {
  const b = (id: string, label: Key, action: LiveAction, cls = "") =>
    h("button", { id, class: cls, onclick: () => act(action) }, t(label));
  return h("div", { class: "row wrap" },
    b("live-prev", "prev", { action: "prev" }, "secondary"),
    b("live-start", "start", { action: "start", talk_id: null }),
    b("live-next", "next", { action: "next" }, "big"),
    b("live-end-block", "end_block", { action: "end_block" }, "secondary"),
    b("live-delay-plus", "delay_plus", { action: "delay", minutes: 5 }, "secondary"),
    b("live-delay-minus", "delay_minus", { action: "delay", minutes: -5 }, "secondary"),
    // One touch: the room is full (a strip on every signage, nothing hidden), or no longer.
    h("button", { id: "room-full-toggle", class: "danger", onclick: () => act({ action: "room_full", full: !roomFull }) }, t("room_full_on")),
  );
}

let roomFull = false;

function announceForm() {
  const text = h("input", { id: "announce-text", placeholder: t("announce_placeholder"), maxlength: String(MAX_ANNOUNCEMENT) });
  // How many characters are left: the screens show the whole announcement, up to its bound.
  const left = h("small", { id: "announce-left" }, t("announce_left", { n: MAX_ANNOUNCEMENT }));
  text.addEventListener("input", () => { left.textContent = t("announce_left", { n: MAX_ANNOUNCEMENT - [...text.value].length }); });
  return h("div", { class: "row" },
    h("label", { class: "field grow" }, t("announce"), text, left),
    h("button", { id: "announce-show", onclick: () => act({ action: "announce", text: text.value }) }, t("announce_show")),
    h("button", { id: "announce-clear", class: "secondary", onclick: () => act({ action: "clear" }) }, t("announce_clear")),
  );
}

/** The steered room's programme, day by day, the talk on stage marked. */
async function renderProgramme() {
  const el = document.getElementById("programme");
  if (!el) return;
  const [p, s] = await Promise.all([api.programme(), liveRoom ? api.roomScreen(liveRoom).catch(() => null) : null]);
  const tz = info.event.time_zone;
  const onStage = s?.now?.id;
  const day = (iso: string) => new Intl.DateTimeFormat("fr-FR", { timeZone: tz, weekday: "long", day: "numeric", month: "long" }).format(new Date(iso));
  const mine = p.blocks.filter((b) => b.room === liveRoom);
  const parts: HTMLElement[] = [];
  let lastDay = "";
  for (const b of mine) {
    const d = day(b.starts);
    if (info.event.days > 1 && d !== lastDay) parts.push(h("h3", { class: "day-head" }, d));
    lastDay = d;
    parts.push(blockView(b, tz, onStage));
  }
  clear(el, ...parts);
}

function blockView(b: Block, tz: string, onStage: number | undefined) {
  return h("div", { class: `block k-${b.kind}` },
    h("div", { class: "block-head" }, h("b", {}, `${hm(b.starts, tz)}–${hm(b.ends, tz)}`), ` ${b.title}`),
    h("ol", {}, ...b.talks.map((talk) =>
      h("li", { class: talk.id === onStage ? "talk-row on-stage" : "talk-row" },
        h("span", { class: "grow" }, talk.title, talk.remote ? ` (${t("remote")})` : "", h("small", {}, " — " + talk.speakers.map((s) => s.name).join(", "))),
        h("button", { class: "small", onclick: () => act({ action: "start", talk_id: talk.id }) }, t("start")),
        h("button", { class: "small secondary", onclick: () => editTalk(talk.id, talk.title, talk.speakers.map((s) => s.organisation ? `${s.name} (${s.organisation})` : s.name).join(", "), talk.minutes) }, t("edit")),
        h("button", { class: "small danger", onclick: async () => {
          if (await ask(t("withdraw_confirm", { title: talk.title }))) {
            await api.withdrawTalk(talk.id).catch(failed);
            renderProgramme();
          }
        } }, t("withdraw")),
      ))),
    b.kind === "talks" || b.kind === "panel" ? addTalkForm(b.id) : null,
  );
}

function editTalk(id: number, title: string, speakers: string, minutes: number | null) {
  const ti = h("input", { value: title });
  const sp = h("input", { value: speakers });
  const mi = h("input", { id: "edit-minutes", type: "number", min: "1", max: "1440", value: minutes ? String(minutes) : "" });
  const error = h("p", { class: "error-text", id: "edit-error" });
  showDialog([
    h("label", { class: "field" }, t("title"), ti),
    h("label", { class: "field" }, t("speakers"), sp),
    h("label", { class: "field" }, t("minutes"), mi),
    error,
  ], [
    h("div", { class: "row" },
      h("button", { id: "edit-save", onclick: async () => {
        try {
          await api.editTalk(id, { title: ti.value, speakers: sp.value, minutes: mi.value ? Number(mi.value) : null });
          closeDialog();
          renderProgramme();
        } catch (e) {
          // The dialog stays open with what is wrong (a length of 0 minutes, say).
          error.textContent = errorText(e);
        }
      } }, t("save")),
      h("button", { class: "secondary", onclick: () => closeDialog() }, t("close")),
    ),
  ]);
}

function addTalkForm(blockId: number) {
  const title = h("input", { placeholder: t("title") });
  const speakers = h("input", { placeholder: t("speakers") });
  const remote = h("input", { type: "checkbox" });
  return h("details", {}, h("summary", {}, t("add_talk")),
    h("div", { class: "row wrap" }, title, speakers, h("label", {}, remote, ` ${t("remote")}`),
      h("button", { class: "small", onclick: async () => {
        if (!title.value.trim()) return;
        await api.addTalk({ block_id: blockId, title: title.value, speakers: speakers.value, remote: remote.checked }).catch(failed);
        renderProgramme();
      } }, t("add_talk"))));
}
