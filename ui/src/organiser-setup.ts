// The organiser's preparation tools: the venue clock, what this machine's signage screen
// shows, the desk's name, the PIN, imports of attendees and programmes, tickets.

import { clear, h } from "./dom.js";
import { t } from "./i18n.js";
import * as api from "./gen/contract.js";
import type { Attendee, ClockRequest, EventInfo, View, VenueClock } from "./gen/contract.js";
import { MAX_NOTE } from "./gen/contract.js";
import { errorText } from "./bridge.js";
import { ask } from "./dialogs.js";
import { renderFigures } from "./after-the-day.js";
import { readFile } from "./organiser-event.js";

type Failed = (e: unknown) => void;

/** "2026-11-18T09:35" in the event's zone (what the venue's clocks say). */
function venueLocal(info: EventInfo, iso: string): string {
  return new Intl.DateTimeFormat("sv-SE", { timeZone: info.event.time_zone, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit" })
    .format(new Date(iso)).replace(" ", "T");
}

function clockStatus(c: VenueClock): string {
  return c.mode === "real" ? t("clock_real") : `${t("clock_rehearsal")} (×${c.mode === "rehearsal" ? c.speed : 1})`;
}

export function clockForm(info: EventInfo, failed: Failed) {
  const c = info.clock;
  const status = h("div", { id: "clock-status" }, clockStatus(c));
  // The venue's time now, in the event's zone, as the place to start a rehearsal from.
  const start = h("input", { id: "clock-start", value: venueLocal(info, info.now) });
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

export function deskForm(info: EventInfo, failed: Failed) {
  const name = h("input", { id: "desk-name", value: info.desk, maxlength: String(api.MAX_DESK_NAME) });
  const ok = h("span", { class: "saved", id: "desk-saved" });
  // The gate this desk stands at, when the event has gates.
  const gate = info.event.gates.length
    ? h("select", { id: "desk-gate", onchange: () => api.standAtGate(gate!.value || null).then((g) => { info.gate = g; saved(ok); }).catch(failed) },
        h("option", { value: "", selected: !info.gate }, t("gate_none")),
        ...info.event.gates.map((g) => h("option", { value: g.name, selected: info.gate === g.name }, g.name)))
    : null;
  return h("div", { class: "row wrap" }, name,
    h("button", { onclick: () => api.setDesk(name.value).then((n) => { name.value = n; info.desk = n; saved(ok); }).catch(failed) }, t("save")),
    gate ? h("label", { class: "check" }, `${t("gate")} `, gate) : null, ok);
}

export function pinForm(failed: Failed) {
  const pin = h("input", { id: "new-pin", type: "password", autocomplete: "off", minlength: String(api.PIN_MIN), maxlength: String(api.PIN_MAX) });
  const out = h("span", { class: "import-out" });
  return h("div", { class: "row wrap" }, pin,
    h("button", { onclick: () => api.choosePin(pin.value).then(() => { pin.value = ""; out.textContent = t("pin_saved"); }).catch(failed) }, t("pin_save")), out);
}

/** Where this machine's signage screen stands, and what it shows: a room, or the hall. */
export function screenForm(info: EventInfo, failed: Failed) {
  const pos = h("select", { id: "screen-position" },
    ...(info.positions.length
      ? info.positions.map((p) => h("option", { value: p.key, selected: (info.screen.position ?? info.positions[0].key) === p.key }, p.name))
      : [h("option", { value: "" }, t("no_position"))]));
  const current: View = info.screen.view ?? (info.rooms.length === 1 ? { kind: "room", room: info.rooms[0].name } : { kind: "hall" });
  const view = h("select", { id: "screen-view" },
    h("option", { value: "hall", selected: current.kind === "hall" }, t("screen_view_hall")),
    ...info.rooms.map((r) => h("option", { value: r.name, selected: current.kind === "room" && current.room === r.name }, `${t("room")} ${r.name}`)));
  const save = () => {
    const v: View = view.value === "hall" ? { kind: "hall" } : { kind: "room", room: view.value };
    api.setScreen(pos.value || null, v).then((s) => { info.screen = s; }).catch(failed);
  };
  pos.addEventListener("change", save);
  view.addEventListener("change", save);
  return h("div", { class: "row wrap" }, pos, view);
}

export function attendeeImport(info: EventInfo) {
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

/** A programme file: every room of it, or one; a file whose days are not the event's says
 *  so and offers to take its days. */
export function programmeImport(refresh: () => Promise<void>) {
  const file = h("input", { id: "programme-file", type: "file", accept: ".org,.xml,.json,.ics" });
  const room = h("input", { id: "programme-room", placeholder: t("import_room_hint"), size: 30 });
  const tzIn = h("input", { placeholder: `${t("time_zone")} (Europe/Brussels)` });
  const out = h("div", { class: "import-out", id: "programme-out" });
  const run = async (takeDates: boolean) => {
    const f = await readFile(file);
    if (!f) return;
    try {
      const r = await api.importProgramme(f.name, f.bytes, { room: room.value || null, tz: tzIn.value || null, take_dates: takeDates });
      await refresh();
      const said = document.getElementById("programme-out");
      if (said) clear(said, h("span", { id: "programme-outcome" },
        t("programme_result", { blocks: r.blocks, talks: r.talks, added: r.added, renamed: r.renamed, removed: r.removed, rooms: r.rooms.join(", "), days: r.days.join(", ") })));
    } catch (e) {
      const code = e && typeof e === "object" ? (e as { code?: string }).code : undefined;
      clear(out, h("span", { class: "error-text" }, errorText(e)),
        code === "dates_differ" ? h("button", { id: "take-dates", onclick: () => run(true) }, t("take_dates")) : null);
    }
  };
  return h("div", {}, file, h("div", { class: "row wrap" }, room, tzIn), h("button", { id: "programme-import", onclick: () => run(false) }, t("import")), out);
}

/** Notes for the door on a person (*Remettre le badge orateur*, *Accès PMR*), and the flag
 * that makes the door call the organisers: found by name, saved one by one. */
export function notesForm() {
  const list = h("div", { id: "notes-list" });
  const find = h("input", { id: "notes-search", type: "search", placeholder: t("search_placeholder"), autocomplete: "off" });
  const row = (a: Attendee) => {
    const note = h("input", { class: "note-text", value: a.note ?? "", size: 36, maxlength: String(MAX_NOTE), placeholder: t("note_placeholder") });
    const flag = h("input", { class: "note-attention", type: "checkbox", checked: a.attention });
    const said = h("span", { class: "hint note-said" });
    return h("div", { class: "note-row", "data-id": String(a.id) },
      h("div", {}, h("b", {}, a.name), a.organisation ? ` · ${a.organisation}` : ""),
      h("div", { class: "row wrap" }, note, h("label", { class: "check" }, flag, ` ${t("attention_flag")}`),
        h("button", { class: "small secondary note-save", onclick: async () => {
          try {
            await api.setNote(a.id, note.value, flag.checked);
            clear(said, t("note_saved"));
          } catch (e) { clear(said, h("span", { class: "error-text" }, errorText(e))); }
        } }, t("save")), said));
  };
  let asked = 0;
  find.addEventListener("input", async () => {
    const n = ++asked;
    const text = find.value.trim();
    const found = text ? await api.search(text).catch(() => []) : [];
    if (n === asked) clear(list, ...found.slice(0, 8).map(row));
  });
  return h("div", {}, h("p", { class: "hint" }, t("notes_hint")), find, list);
}

export function ticketTools(failed: Failed) {
  const out = h("div", { class: "import-out", id: "tickets-out" });
  const code = h("input", { id: "revoke-code", placeholder: t("ticket_code") });
  return h("div", {},
    h("button", { id: "export-tickets", onclick: async () => {
      try {
        const r = await api.exportTickets();
        clear(out, t("export_done", { n: r.tickets, dir: r.dir }));
      } catch (e) { clear(out, h("span", { class: "error-text" }, errorText(e))); }
    } }, t("export_tickets")),
    h("button", { id: "door-list", class: "secondary", onclick: async () => {
      try {
        clear(out, t("door_list_done", { path: await api.doorList() }));
      } catch (e) { clear(out, h("span", { class: "error-text" }, errorText(e))); }
    } }, t("door_list")),
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
