// The organiser's screen, inside the desk window: steer the programme live, fix it, set
// the clock and the signage position, import files, read the figures.

import { clear, h, svg } from "./dom.js";
import { t, Key } from "./i18n.js";
import { installScanner } from "./scanner.js";
import * as api from "./gen/contract.js";
import type { EventInfo, LiveAction, Screen, ScreenPosition } from "./gen/contract.js";
import { errorText } from "./bridge.js";
import { hm } from "./format.js";
import { ask, closeDialog, showDialog, showError } from "./dialogs.js";
import { actionTaken } from "./measure.js";

let info: EventInfo;
let unlisten: (() => void) | undefined;

let leaveScreen: ((lock: boolean) => void) | undefined;
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

export async function showOrganiser(root: HTMLElement, back: () => void) {
  leaveScreen = (lock: boolean) => {
    leaveScreen = undefined;
    window.clearTimeout(idleTimer);
    unlisten?.();
    root.removeEventListener("pointerdown", touched);
    root.removeEventListener("keydown", touched);
    (lock ? api.lock() : Promise.resolve()).finally(back);
  };
  root.addEventListener("pointerdown", touched);
  root.addEventListener("keydown", touched);
  touched();
  info = await api.eventInfo();
  installScanner(null);
  clear(root,
    h("div", { class: "organiser" },
      h("header", { class: "bar" },
        h("div", { class: "bar-title" }, h("strong", {}, t("organiser")), ` · ${info.event.name}`),
        h("div", { class: "bar-actions" },
          h("button", { id: "organiser-lock", class: "secondary", onclick: () => leave(true) }, t("lock_now")),
          h("button", { id: "back-to-desk", onclick: () => leave(false) }, t("back_to_desk"))),
      ),
      h("div", { class: "organiser-grid" },
        h("section", { class: "card live-card" }, h("h2", {}, t("live")), h("div", { id: "live-now" }), liveButtons(), announceForm()),
        h("section", { class: "card" }, h("h2", {}, t("programme")), h("div", { id: "programme" })),
        h("section", { class: "card" }, h("h2", {}, t("clock")), clockForm(), h("h2", {}, t("screen_position")), positionForm(), h("h2", {}, t("programme_url")), urlForm(), h("h2", {}, t("desk_name")), deskForm(), h("h2", {}, t("pin_change")), pinForm()),
        h("section", { class: "card" }, h("h2", {}, t("import_attendees")), attendeeImport(), h("h2", {}, t("import_programme")), programmeImport()),
        h("section", { class: "card" }, h("h2", {}, t("tickets")), ticketTools()),
        h("section", { class: "card" }, h("h2", {}, t("figures")), h("div", { id: "figures" })),
        h("section", { class: "card" }, h("h2", {}, t("purge_title")), purgeForm()),
      ),
    ),
    h("div", { id: "dialog", class: "dialog hidden" }),
  );
  unlisten?.();
  unlisten = await api.on("screen", (s) => showLive(s));
  showLive(await api.screen());
  renderProgramme();
  renderFigures();
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
    h("div", {}, h("b", {}, `${t("now_on")} : `), h("span", { id: "organiser-now" }, s.now ? s.now.title : "—"), s.now?.confirmed ? " ✓" : ""),
    h("div", {}, h("b", {}, `${t("next_up")} : `), s.next ? `${s.next.starts} ${s.next.title}` : "—"),
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
  const mi = h("input", { type: "number", min: "1", max: "180", value: minutes ? String(minutes) : "" });
  showDialog([
    h("label", { class: "field" }, t("title"), ti),
    h("label", { class: "field" }, t("speakers"), sp),
    h("label", { class: "field" }, t("minutes"), mi),
  ], [
    h("div", { class: "row" },
      h("button", { onclick: async () => {
        await api.editTalk(id, { title: ti.value, speakers: sp.value, minutes: mi.value ? Number(mi.value) : null }).catch(failed);
        closeDialog();
        renderProgramme();
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

function clockForm() {
  const c = info.clock;
  const start = h("input", { id: "clock-start", value: c.mode === "rehearsal" ? c.start : `${info.event.date}T09:25:00+01:00` });
  const speed = h("input", { id: "clock-speed", type: "number", min: "0.1", step: "0.5", value: String(c.mode === "rehearsal" ? c.speed : 1) });
  return h("div", {},
    h("div", {}, c.mode === "rehearsal" ? `${t("clock_rehearsal")} (×${c.speed})` : t("clock_real")),
    h("div", { class: "row wrap" },
      h("label", { class: "field" }, t("clock_rehearsal"), start),
      h("label", { class: "field" }, t("speed"), speed),
      h("button", { onclick: () => api.setClock({ mode: "rehearsal", start: new Date(start.value).toISOString(), speed: Number(speed.value) }).catch(failed) }, t("apply")),
      h("button", { class: "secondary", onclick: () => api.setClock({ mode: "real" }).catch(failed) }, t("clock_real")),
    ));
}

function deskForm() {
  const name = h("input", { id: "desk-name", value: info.desk });
  return h("div", { class: "row wrap" }, name,
    h("button", { onclick: () => api.setDesk(name.value).catch(failed) }, t("save")));
}

function pinForm() {
  const pin = h("input", { id: "new-pin", type: "password", autocomplete: "off", minlength: "4" });
  const out = h("span", { class: "import-out" });
  return h("div", { class: "row wrap" }, pin,
    h("button", { onclick: () => api.choosePin(pin.value).then(() => { pin.value = ""; out.textContent = t("pin_saved"); }).catch(failed) }, t("pin_save")), out);
}

function urlForm() {
  const url = h("input", { id: "programme-url", value: info.event.programme_url, size: 40 });
  return h("div", { class: "row wrap" }, url,
    h("button", { onclick: () => api.setProgrammeUrl(url.value).catch(failed) }, t("save")));
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
        renderFigures();
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
        clear(out, t("programme_result", { blocks: r.blocks, talks: r.talks, added: r.added, removed: r.removed }));
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
        if (!(await ask(t("revoke_confirm", { code: code.value.slice(0, 24) })))) return;
        const done = await api.revokeTicket(code.value).catch((e) => { failed(e); return false; });
        clear(out, done ? t("revoked_done") : t("revoke_none"));
      } }, t("revoke"))),
    out);
}

async function renderFigures() {
  const el = document.getElementById("figures");
  if (!el) return;
  const [s, chart, log] = await Promise.all([api.stats(), api.arrivalsSvg(), api.exportsLog()]);
  const out = h("div", { class: "import-out", id: "figures-out" });
  clear(el,
    h("p", { class: "figure" }, h("b", {}, `${s.admitted} / ${s.registered}`), ` ${t("admitted_count")} / ${t("registered_count")}`),
    h("p", {}, `${t("walk_ins")} : ${s.walk_ins} · ${t("scans")} : ${s.scans}`),
    h("div", { class: "chart", id: "arrivals-chart" }, svg(chart)),
    h("div", { class: "row wrap" },
      h("button", { id: "export-figures", onclick: async () => {
        try {
          const r = await api.exportFigures(await chartPng(chart));
          clear(out, t("figures_done", { dir: r.dir }));
        } catch (e) { clear(out, h("span", { class: "error-text" }, errorText(e))); }
      } }, t("export_figures"))),
    out,
    log.length ? h("details", {}, h("summary", {}, t("exports_log", { n: log.length })),
      h("ul", {}, ...log.map((l) => h("li", {}, `${hm(l.at, info.event.time_zone)} · ${l.desk} · ${l.what} · ${l.people} · ${l.place}`)))) : null,
  );
}

/** The chart drawn to a PNG by the webview (the bundled font included), for reports. */
async function chartPng(markup: string): Promise<number[] | null> {
  try {
    const img = new Image();
    img.src = "data:image/svg+xml;charset=utf-8," + encodeURIComponent(markup);
    await img.decode();
    const canvas = document.createElement("canvas");
    canvas.width = img.naturalWidth * 2;
    canvas.height = img.naturalHeight * 2;
    const ctx = canvas.getContext("2d")!;
    ctx.scale(2, 2);
    ctx.drawImage(img, 0, 0);
    const blob = await new Promise<Blob | null>((res) => canvas.toBlob(res, "image/png"));
    return blob ? Array.from(new Uint8Array(await blob.arrayBuffer())) : null;
  } catch {
    return null; // SVG and CSV are still written
  }
}

function purgeForm() {
  const word = h("input", { id: "purge-word", autocomplete: "off", placeholder: "EFFACER" });
  const out = h("div", { class: "import-out", id: "purge-out" });
  return h("div", {},
    h("p", {}, t("purge_hint")),
    h("div", { class: "row wrap" }, word,
      h("button", { id: "purge", class: "danger", onclick: async () => {
        if (!(await ask(t("purge_confirm")))) return;
        try {
          const r = await api.purge(word.value);
          clear(out, t("purge_done", { people: r.people, kept: r.arrivals_kept }));
          renderFigures();
        } catch (e) { clear(out, h("span", { class: "error-text" }, errorText(e))); }
      } }, t("purge"))),
    out);
}
