// The organiser's screen, inside the desk window: steer the programme live, fix it, set
// the clock and the signage position, import files, read the figures.

import { clear, h, svg } from "./dom.js";
import { t, colon, Key } from "./i18n.js";
import { installScanner } from "./scanner.js";
import * as api from "./gen/contract.js";
import type { ClockRequest, EventInfo, LiveAction, Role, Screen, ScreenPosition, VenueClock } from "./gen/contract.js";
import { errorText } from "./bridge.js";
import { hm, hms } from "./format.js";
import { ask, closeDialog, showDialog, showError } from "./dialogs.js";
import { actionTaken } from "./measure.js";
import { purgeForm, renderFigures } from "./after-the-day.js";

let info: EventInfo;
let unlisten: (() => void) | undefined;

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
  clear(root,
    h("div", { class: "organiser" },
      h("header", { class: "bar" },
        h("div", { class: "bar-title" }, h("strong", {}, t("organiser")), ` · ${info.event.name}`),
        h("div", { class: "bar-actions" },
          h("button", { id: "organiser-lock", class: "secondary", onclick: () => leave(true) }, t("lock_now")),
          h("button", { id: "back-to-desk", onclick: () => leave(false) }, t("back_to_desk"))),
      ),
      // A cockpit for the day: live control, the room and the figures at a glance on the
      // first tab; editing, preparation and the after-the-day tools on their own.
      h("nav", { class: "tabs organiser-tabs" },
        ...(["tab_live", "tab_programme", "tab_setup", "tab_venue", "tab_after"] as const).map((k, i) =>
          h("button", { class: i === 0 ? "tab active" : "tab", id: `otab-${k}`, onclick: (ev: Event) => showTab(k, ev.currentTarget as HTMLElement) }, t(k)))),
      h("div", { class: "organiser-grid", "data-tab": "tab_live" },
        h("section", { class: "card live-card" }, h("h2", {}, t("live")), h("div", { id: "live-now" }), liveButtons(), announceForm()),
        h("section", { class: "card" }, h("h2", {}, t("figures")), h("div", { id: "glance" })),
        h("section", { class: "card" }, h("h2", {}, t("programme")), h("div", { id: "programme" })),
      ),
      h("div", { class: "organiser-grid hidden", "data-tab": "tab_programme" },
        h("section", { class: "card" }, h("h2", {}, t("import_programme")), programmeImport()),
      ),
      h("div", { class: "organiser-grid hidden", "data-tab": "tab_setup" },
        h("section", { class: "card" }, h("h2", {}, t("clock")), clockForm(), h("h2", {}, t("screen_position")), positionForm(), h("h2", {}, t("programme_url")), urlForm(), h("h2", {}, t("desk_name")), deskForm(), h("h2", {}, t("pin_change")), pinForm()),
        h("section", { class: "card" }, h("h2", {}, t("import_attendees")), attendeeImport()),
        h("section", { class: "card" }, h("h2", {}, t("tickets")), ticketTools()),
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
  const stopScreen = await api.on("screen", (s) => showLive(s));
  // The figures follow the scans as they come in, at any desk of this machine.
  const stopCounters = await api.on("counters", () => renderGlance());
  unlisten = () => { stopScreen(); stopCounters(); };
  showLive(await api.screen());
  renderGlance();
  renderProgramme();
  renderFigures(info.event.time_zone);
}

function showTab(key: string, button: HTMLElement) {
  document.querySelectorAll<HTMLElement>(".organiser-grid").forEach((g) => g.classList.toggle("hidden", g.dataset.tab !== key));
  document.querySelectorAll(".organiser-tabs .tab").forEach((b) => b.classList.toggle("active", b === button));
  if (key === "tab_after") renderFigures(info.event.time_zone);
  if (key === "tab_venue") renderHub();
}

/** The venue network, on the hub: start it, pair desks and screens, see who is there and
 * any conflicts of a split. */
async function renderHub() {
  const el = document.getElementById("hub");
  if (!el) return;
  const s = await api.hubStatus().catch(failed);
  if (!s) return;
  const tz = info.event.time_zone;
  const running = s.running;
  clear(el,
    running
      ? h("p", { id: "hub-listening" }, t("hub_listening", { addr: running.listen, fp: running.fingerprint.slice(0, 16) + "…" }))
      : h("div", { class: "row wrap" }, h("span", {}, t("hub_off")),
          h("button", { id: "hub-start", onclick: () => api.startHub().then(() => renderHub()).catch(failed) }, t("hub_start"))),
    running ? h("div", { class: "row wrap" },
      h("button", { id: "pair-desk", onclick: () => showPairing("desk") }, t("pair_desk")),
      h("button", { id: "pair-screen", onclick: () => showPairing("screen") }, t("pair_screen"))) : null,
    running ? h("p", { class: "hint" }, t("public_page", { addr: running.listen.replace("0.0.0.0", location.hostname || "HUB") })) : null,
    h("h3", {}, t("machines")),
    s.report.machines.length
      ? h("ul", { class: "hub-list", id: "hub-machines" }, ...s.report.machines.map((m) =>
          h("li", {}, `${m.name} (${t(m.role === "desk" ? "role_desk" : "role_screen")}) · ${m.last_seen ? t("last_seen", { time: hms(m.last_seen, tz) }) : t("never_seen")}`)))
      : h("p", { id: "hub-machines" }, t("no_machines")),
    h("h3", {}, t("conflicts")),
    s.report.conflicts.length
      ? h("ul", { class: "hub-list conflicts", id: "hub-conflicts" }, ...s.report.conflicts.map((c) =>
          h("li", {}, t("conflict_line", { name: c.name, first_desk: c.first_desk, first_at: hms(c.first_at, tz), desk: c.desk, at: hms(c.at, tz) }))))
      : h("p", { id: "hub-conflicts" }, t("no_conflicts")),
  );
}

async function showPairing(role: Role) {
  const p = await api.pairingCode(role).catch(failed);
  if (!p) return;
  const qr = h("div", { class: "pairing-qr", id: "pairing-qr" });
  qr.append(svg(p.qr_svg));
  showDialog([
    h("h2", {}, t(role === "desk" ? "pair_desk" : "pair_screen")),
    qr,
    h("p", {}, t("pair_hint", { time: hm(p.pairing.expires_at, info.event.time_zone) })),
    h("p", { class: "hint" }, `${p.pairing.addresses.join(", ")} : ${p.pairing.port}`),
  ]);
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
    h("ul", { class: "glance-list" }, ...Object.entries(s.admitted_by_category).map(([k, n]) => h("li", {}, `${t(k as Key)}${colon()}${n}`))),
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
    showLive(await api.applyLive(action));
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
  const text = h("input", { id: "announce-text", placeholder: t("announce_placeholder") });
  return h("div", { class: "row" },
    h("label", { class: "field grow" }, t("announce"), text),
    h("button", { id: "announce-show", onclick: () => act({ action: "announce", text: text.value }) }, t("announce_show")),
    h("button", { id: "announce-clear", class: "secondary", onclick: () => act({ action: "clear" }) }, t("announce_clear")),
  );
}

async function renderProgramme() {
  const el = document.getElementById("programme");
  if (!el) return;
  const [p, s] = await Promise.all([api.programme(), api.screen()]);
  const tz = info.event.time_zone;
  const onStage = s.now?.id;
  clear(el, ...p.blocks.map((b) =>
    h("div", { class: `block k-${b.kind}` },
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
    )));
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

/** "2021-11-09T09:35" in the event's zone (what the venue's clocks say). */
function venueLocal(iso: string): string {
  return new Intl.DateTimeFormat("sv-SE", { timeZone: info.event.time_zone, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit" })
    .format(new Date(iso)).replace(" ", "T");
}

function clockStatus(c: VenueClock): string {
  return c.mode === "real" ? t("clock_real") : `${t("clock_rehearsal")} (×${c.mode === "rehearsal" ? c.speed : 1})`;
}

function clockForm() {
  const c = info.clock;
  const status = h("div", { id: "clock-status" }, clockStatus(c));
  // The venue's time now, in the event's zone, as the place to start a rehearsal from.
  const start = h("input", { id: "clock-start", value: venueLocal(info.now) });
  const speed = h("input", { id: "clock-speed", type: "number", min: "0.1", max: "3600", step: "0.5", value: String(c.mode === "rehearsal" ? c.speed : 1) });
  const set = (r: ClockRequest) => api.setClock(r).then((done) => { status.textContent = clockStatus(done); }).catch(failed);
  return h("div", {},
    status,
    h("div", { class: "row wrap" },
      h("label", { class: "field" }, `${t("clock_rehearsal")} (${info.event.time_zone})`, start),
      h("label", { class: "field" }, t("speed"), speed),
      h("button", { id: "clock-apply", onclick: () => set({ mode: "rehearsal", start: start.value, speed: Number(speed.value) }) }, t("apply")),
      h("button", { class: "secondary", onclick: () => set({ mode: "real" }) }, t("clock_real")),
    ));
}

/** "Saved" beside a field, for a few seconds. */
function saved(el: HTMLElement) {
  el.textContent = `✓ ${t("saved")}`;
  window.setTimeout(() => { el.textContent = ""; }, 4000);
}

function deskForm() {
  const name = h("input", { id: "desk-name", value: info.desk });
  const ok = h("span", { class: "saved", id: "desk-saved" });
  return h("div", { class: "row wrap" }, name,
    h("button", { onclick: () => api.setDesk(name.value).then((n) => { name.value = n; info.desk = n; saved(ok); }).catch(failed) }, t("save")), ok);
}

function pinForm() {
  const pin = h("input", { id: "new-pin", type: "password", autocomplete: "off", minlength: "4" });
  const out = h("span", { class: "import-out" });
  return h("div", { class: "row wrap" }, pin,
    h("button", { onclick: () => api.choosePin(pin.value).then(() => { pin.value = ""; out.textContent = t("pin_saved"); }).catch(failed) }, t("pin_save")), out);
}

function urlForm() {
  const url = h("input", { id: "programme-url", value: info.event.programme_url, size: 40 });
  const ok = h("span", { class: "saved", id: "url-saved" });
  return h("div", { class: "row wrap" }, url,
    h("button", { onclick: () => api.setProgrammeUrl(url.value).then((u) => { url.value = u; saved(ok); }).catch(failed) }, t("save")), ok);
}

function positionForm() {
  const sel = h("select", { id: "screen-position", onchange: () => api.setScreenPosition(sel.value as ScreenPosition).catch(failed) },
    ...(["hall", "escalator", "door"] as const).map((p) => h("option", { value: p, selected: info.screen_position === p }, t(`pos_${p}` as Key))));
  return sel;
}

async function readFile(input: HTMLInputElement): Promise<{ name: string; bytes: number[] } | null> {
  const f = input.files?.[0];
  if (!f) return null;
  return { name: f.name, bytes: Array.from(new Uint8Array(await f.arrayBuffer())) };
}

function attendeeImport() {
  const file = h("input", { type: "file", accept: ".csv,text/csv" });
  const dry = h("input", { type: "checkbox", checked: true });
  const skip = h("input", { type: "checkbox" });
  const out = h("div", { class: "import-out" });
  const progress = h("progress", { max: "1", value: "0" });
  return h("div", {}, file,
    h("label", {}, dry, ` ${t("dry_run")}`), h("label", {}, skip, ` ${t("skip_bad")}`),
    h("button", { onclick: async () => {
      const f = await readFile(file);
      if (!f) return;
      const stop = await api.on("import-progress", (p) => { progress.max = p.total; progress.value = p.done; });
      try {
        const plan = await api.importAttendees(f.name, f.bytes, { dry_run: dry.checked, skip_bad: skip.checked });
        clear(out,
          h("p", { id: "import-outcome" }, t(plan.applied ? "import_stored" : "import_simulated", { encoding: plan.encoding })),
          t("import_result", { rows: plan.rows, new: plan.new, updated: plan.updated, unchanged: plan.unchanged, bad: plan.bad.length }),
          h("ul", {}, ...plan.matched_by_email.slice(0, 50).map((m) => h("li", {}, t("matched_by_email", { line: m.line, name: m.name })))),
          h("ul", {}, ...plan.bad.slice(0, 50).map((b) => h("li", {}, `${f.name}:${b.line} — ${b.reason.fr} / ${b.reason.en}`))));
        renderFigures(info.event.time_zone);
      } catch (e) {
        clear(out, h("span", { class: "error-text" }, errorText(e)));
      } finally {
        stop();
      }
    } }, t("import")), progress, out);
}

function programmeImport() {
  const file = h("input", { type: "file", accept: ".org,.xml,.json,.ics" });
  const room = h("input", { placeholder: t("room") });
  const tzIn = h("input", { placeholder: `${t("time_zone")} (Europe/Brussels)` });
  const out = h("div", { class: "import-out" });
  return h("div", {}, file, h("div", { class: "row wrap" }, room, tzIn),
    h("button", { onclick: async () => {
      const f = await readFile(file);
      if (!f) return;
      try {
        const r = await api.importProgramme(f.name, f.bytes, room.value || null, tzIn.value || null);
        clear(out, t("programme_result", { blocks: r.blocks, talks: r.talks, added: r.added, renamed: r.renamed, removed: r.removed }));
        renderProgramme();
      } catch (e) {
        clear(out, h("span", { class: "error-text" }, errorText(e)));
      }
    } }, t("import")), out);
}

function ticketTools() {
  const out = h("div", { class: "import-out", id: "tickets-out" });
  const code = h("input", { id: "revoke-code", placeholder: t("ticket_code") });
  return h("div", {},
    h("button", { id: "export-tickets", onclick: async () => {
      try {
        const r = await api.exportTickets();
        clear(out, t("export_done", { n: r.tickets, dir: r.dir }));
      } catch (e) { clear(out, h("span", { class: "error-text" }, errorText(e))); }
    } }, t("export_tickets")),
    h("div", { class: "row wrap" }, code,
      h("button", { class: "danger", onclick: async () => {
        if (!code.value.trim()) return;
        // Name the person, not a cut code: the organiser sees whom they turn away.
        const who = await api.ticketHolder(code.value).catch(() => null);
        if (!who) { clear(out, t("revoke_none")); return; }
        if (!(await ask(t("revoke_confirm", { name: `${who.name}${who.organisation ? ` (${who.organisation})` : ""}` })))) return;
        const done = await api.revokeTicket(code.value).catch((e) => { failed(e); return false; });
        clear(out, done ? t("revoked_done") : t("revoke_none"));
      } }, t("revoke"))),
    out);
}

