// The organiser prepares the event here, without touching code: its fields (each checked by
// Rust, the message naming the field), its logo, its rooms, the positions where screens
// stand with the way to each room and a plan, and the event pack to carry to the venue.

import { clear, h } from "./dom.js";
import { getLang, t, Key } from "./i18n.js";
import * as api from "./gen/contract.js";
import { ARROWS, MAX_CATEGORIES, MAX_CATEGORY_NAME, MAX_DAYS, MAX_DIRECTIONS } from "./gen/contract.js";
import type { Arrow, CategoryDef, CategoryEdit, EventEdit, EventInfo, FullPolicy, Gate, Position, Room, WaySet } from "./gen/contract.js";
import { errorText } from "./bridge.js";
import { ask } from "./dialogs.js";

/** Reads a chosen file's bytes (the IPC carries them as numbers). */
export async function readFile(input: HTMLInputElement): Promise<{ name: string; bytes: number[] } | null> {
  const f = input.files?.[0];
  if (!f) return null;
  return { name: f.name, bytes: Array.from(new Uint8Array(await f.arrayBuffer())) };
}

function field(label: string, input: HTMLElement) {
  return h("label", { class: "field" }, label, input);
}

function out(id: string) {
  return h("div", { class: "import-out", id });
}

function done(el: HTMLElement, text: string) {
  clear(el, h("span", { class: "saved" }, `✓ ${text}`));
}

/** After a change the tab is built again from Rust's answer: the outcome is said there. */
async function saidAfter(refresh: Refresh, id: string, text: string) {
  await refresh();
  const el = document.getElementById(id);
  if (el) done(el, text);
}

type Refresh = () => Promise<void>;

function failedIn(el: HTMLElement, e: unknown) {
  clear(el, h("span", { class: "error-text" }, errorText(e)));
}

/** The event's fields, saved together; Rust checks each and names the one that is wrong. */
function eventForm(info: EventInfo, refresh: Refresh) {
  const e = info.event;
  const hm = (s: string) => s.slice(0, 5);
  const inputs = {
    name: h("input", { id: "ev-name", value: e.name, size: 40 }),
    venue: h("input", { id: "ev-venue", value: e.venue, size: 40 }),
    address: h("input", { id: "ev-address", value: e.address, size: 40 }),
    first_day: h("input", { id: "ev-first-day", type: "date", value: e.first_day }),
    days: h("input", { id: "ev-days", type: "number", min: "1", max: String(MAX_DAYS), value: String(e.days) }),
    opens: h("input", { id: "ev-opens", type: "time", value: hm(e.opens) }),
    closes: h("input", { id: "ev-closes", type: "time", value: hm(e.closes) }),
    time_zone: h("input", { id: "ev-tz", value: e.time_zone, list: "time-zones" }),
    contact: h("input", { id: "ev-contact", value: e.contact, size: 30 }),
    colour: h("input", { id: "ev-colour", type: "color", value: e.colour }),
    programme_url: h("input", { id: "ev-url", value: e.programme_url, size: 40 }),
    source: h("input", { id: "ev-credit", value: e.source, size: 40 }),
  };
  const zones = h("datalist", { id: "time-zones" });
  api.timeZones().then((z) => zones.append(...z.map((n) => h("option", { value: n })))).catch(() => {});
  const result = out("ev-out");
  const save = async () => {
    const edit: EventEdit = {
      name: inputs.name.value, venue: inputs.venue.value, address: inputs.address.value,
      first_day: inputs.first_day.value, days: Number(inputs.days.value) || 0, opens: inputs.opens.value, closes: inputs.closes.value,
      time_zone: inputs.time_zone.value, contact: inputs.contact.value, colour: inputs.colour.value,
      programme_url: inputs.programme_url.value, source: inputs.source.value, licence: null,
    };
    try {
      await api.updateEvent(edit);
      await saidAfter(refresh, "ev-out", t("saved"));
    } catch (err) { failedIn(result, err); }
  };
  return h("div", {},
    h("div", { class: "form-grid" },
      field(t("event_name"), inputs.name), field(t("venue"), inputs.venue), field(t("address"), inputs.address),
      field(t("first_day"), inputs.first_day), field(t("days", { max: MAX_DAYS }), inputs.days),
      field(t("opens"), inputs.opens), field(t("closes"), inputs.closes), field(t("time_zone"), inputs.time_zone),
      field(t("contact"), inputs.contact), field(t("colour"), inputs.colour),
      field(t("programme_url"), inputs.programme_url), field(t("credit"), inputs.source)),
    zones,
    h("div", { class: "row" }, h("button", { id: "ev-save", onclick: save }, t("save")), result));
}

function logoForm(info: EventInfo) {
  const file = h("input", { id: "logo-file", type: "file", accept: ".png,.jpg,.jpeg,.svg,image/png,image/jpeg,image/svg+xml" });
  const preview = h("div", { class: "logo-preview" });
  const result = out("logo-out");
  const show = () => api.logo().then((u) => clear(preview, u ? h("img", { src: u, alt: "" }) : null)).catch(() => {});
  if (info.logo) show();
  return h("div", { class: "row wrap" }, file, preview,
    h("button", { onclick: async () => {
      const f = await readFile(file);
      if (!f) return;
      try { await api.setLogo(f.name, f.bytes); done(result, t("saved")); show(); } catch (e) { failedIn(result, e); }
    } }, t("save")),
    h("button", { class: "secondary", onclick: async () => { await api.setLogo(null, null).catch((e) => failedIn(result, e)); show(); } }, t("remove")),
    result);
}

function roomsForm(info: EventInfo, refresh: Refresh) {
  const list = h("div", { id: "rooms-list" });
  const row = (name: string) => {
    const input = h("input", { class: "room-name", value: name, size: 24 });
    const r = h("div", { class: "row" }, input, h("button", { class: "small danger", onclick: () => r.remove() }, t("remove")));
    return r;
  };
  list.append(...info.rooms.map((r) => row(r.name)));
  const result = out("rooms-out");
  return h("div", {},
    h("p", { class: "hint" }, t("rooms_hint")),
    list,
    h("div", { class: "row" },
      h("button", { id: "room-add", class: "secondary", onclick: () => list.append(row("")) }, t("add_room")),
      h("button", { id: "rooms-save", onclick: async () => {
        const names = [...list.querySelectorAll<HTMLInputElement>(".room-name")].map((i) => i.value.trim()).filter(Boolean);
        try {
          const up = await api.setRooms(names);
          await saidAfter(refresh, "rooms-out", up.removed.length ? `${t("rooms_saved")} · ${t("rooms_removed", { names: up.removed.join(", ") })}` : t("rooms_saved"));
        } catch (e) { failedIn(result, e); }
      } }, t("save")),
      result),
    capacityForm(info, refresh));
}

/** Each room's capacity, what its door does once full, and the margin below which it
 * opens again: the signage and the door follow the people inside by themselves. */
function capacityForm(info: EventInfo, refresh: Refresh) {
  if (!info.rooms.length) return null;
  const result = out("capacity-out");
  const row = (r: Room) => {
    const cap = h("input", { class: "room-capacity", type: "number", min: "1", max: "100000", value: r.capacity ?? "", size: 6, "aria-label": t("capacity") });
    const margin = h("input", { class: "room-margin", type: "number", min: "0", value: r.margin ?? "", size: 4, "aria-label": t("margin") });
    const policy = h("select", { class: "room-policy" },
      h("option", { value: "warn", selected: r.policy === "warn" }, t("policy_warn")),
      h("option", { value: "refuse", selected: r.policy === "refuse" }, t("policy_refuse")));
    const num = (i: HTMLInputElement) => (i.value.trim() === "" ? null : Number(i.value));
    return h("tr", { "data-room": r.name },
      h("td", {}, r.name), h("td", {}, cap), h("td", {}, policy), h("td", {}, margin),
      h("td", {}, h("button", { class: "small secondary room-capacity-save", onclick: async () => {
        try {
          await api.setRoomCapacity(r.name, num(cap), policy.value as FullPolicy, num(margin));
          await saidAfter(refresh, "capacity-out", t("capacity_saved"));
        } catch (e) { failedIn(result, e); }
      } }, t("save"))));
  };
  return h("div", { id: "capacity" },
    h("h3", {}, t("capacity")),
    h("p", { class: "hint" }, t("capacity_hint")),
    h("table", { class: "capacities", id: "capacity-list" },
      h("thead", {}, h("tr", {}, h("th", {}, t("room")), h("th", {}, t("capacity")), h("th", {}, t("when_full")), h("th", {}, t("margin")), h("th", {}, ""))),
      h("tbody", {}, ...info.rooms.map(row))),
    result);
}

/** The event's categories of people: each one's French and English name and its colour,
 * saved one by one; a new one added by its name (an import adds those its file names). */
function categoriesForm(info: EventInfo, refresh: Refresh) {
  const result = out("categories-out");
  const save = async (edit: CategoryEdit) => {
    try {
      await api.setCategory(edit);
      await saidAfter(refresh, "categories-out", t("categories_saved"));
    } catch (e) { failedIn(result, e); }
  };
  const row = (c: CategoryDef) => {
    const fr = h("input", { class: "cat-fr", value: c.fr, size: 18, maxlength: String(MAX_CATEGORY_NAME), "aria-label": t("name_fr") });
    const en = h("input", { class: "cat-en", value: c.en, size: 18, maxlength: String(MAX_CATEGORY_NAME), "aria-label": t("name_en") });
    const colour = h("input", { class: "cat-colour", type: "color", value: c.colour, "aria-label": t("colour") });
    return h("tr", { "data-category": c.key },
      h("td", {}, fr), h("td", {}, en), h("td", {}, colour),
      h("td", {}, h("button", { class: "small secondary", onclick: () => save({ category: c.key, fr: fr.value, en: en.value, colour: colour.value }) }, t("save"))));
  };
  const added = h("input", { id: "category-new", size: 18, maxlength: String(MAX_CATEGORY_NAME), placeholder: t("category_new_hint") });
  const full = info.event.categories.length >= MAX_CATEGORIES;
  return h("div", {},
    h("p", { class: "hint" }, t("categories_hint")),
    h("table", { class: "categories", id: "categories-list" },
      h("thead", {}, h("tr", {}, h("th", {}, t("name_fr")), h("th", {}, t("name_en")), h("th", {}, t("colour")), h("th", {}, ""))),
      h("tbody", {}, ...info.event.categories.map(row))),
    h("div", { class: "row" }, added,
      h("button", { id: "category-add", class: "secondary", disabled: full, onclick: () => added.value.trim() && save({ category: added.value, fr: null, en: null, colour: null }) }, t("add_category")),
      result));
}

/** The event's gates: each admits the categories ticked (none: everyone); a desk stands
 * at one (Préparation), and a ticket of another category gets MAUVAISE ENTRÉE there. */
function gatesForm(info: EventInfo, refresh: Refresh) {
  const result = out("gates-out");
  const boxes = (chosen: string[]) => info.event.categories.map((c) =>
    h("label", { class: "check" }, h("input", { type: "checkbox", class: "gate-cat", value: c.key, checked: chosen.includes(c.key) }), ` ${getLang() === "en" ? c.en : c.fr}`));
  const ticked = (row: HTMLElement) => [...row.querySelectorAll<HTMLInputElement>(".gate-cat")].filter((b) => b.checked).map((b) => b.value);
  const roomSelect = (chosen: string | null) => h("select", { class: "gate-room", "aria-label": t("gate_room") },
    h("option", { value: "", selected: !chosen }, "—"),
    ...info.rooms.map((r) => h("option", { value: r.name, selected: chosen === r.name }, `${t("gate_room")} ${r.name}`)));
  const roomOf = (row: HTMLElement) => row.querySelector<HTMLSelectElement>(".gate-room")?.value ?? "";
  const save = async (name: string, categories: string[], room: string) => {
    try {
      await api.setGate(name, categories, room);
      await saidAfter(refresh, "gates-out", t("gates_saved"));
    } catch (e) { failedIn(result, e); }
  };
  const row = (g: Gate) => {
    const r: HTMLElement = h("div", { class: "gate-row", "data-gate": g.name },
      h("b", {}, g.name), h("div", { class: "row wrap" }, ...boxes(g.categories)),
      info.rooms.length > 1 ? roomSelect(g.room) : null,
      h("div", { class: "row" },
        h("button", { class: "small secondary", onclick: () => save(g.name, ticked(r), roomOf(r)) }, t("save")),
        h("button", { class: "small danger", onclick: async () => {
          try { await api.removeGate(g.name); await saidAfter(refresh, "gates-out", t("gates_saved")); } catch (e) { failedIn(result, e); }
        } }, t("remove"))));
    return r;
  };
  const name = h("input", { id: "gate-new", size: 24, placeholder: t("gate_new_hint") });
  const fresh: HTMLElement = h("div", { class: "row wrap" }, ...boxes([]), info.rooms.length > 1 ? roomSelect(null) : null);
  return h("div", {},
    h("p", { class: "hint" }, t("gates_hint")),
    h("div", { id: "gates-list" }, ...info.event.gates.map(row)),
    h("div", { class: "gate-row" }, name, fresh,
      h("button", { id: "gate-add", class: "secondary", onclick: () => name.value.trim() && save(name.value, ticked(fresh), roomOf(fresh)) }, t("add_gate"))),
    result);
}

function arrowSelect(current: Arrow | null) {
  return h("select", { class: "way-arrow" },
    h("option", { value: "", selected: current === null }, t("arrow_none")),
    ...ARROWS.map((a) => h("option", { value: a, selected: current === a }, t(`arrow_${a}` as Key))));
}

/** One position: its names, the way to each room, its plan with the "you are here" mark. */
function positionCard(p: Position, info: EventInfo, refresh: Refresh) {
  const name = h("input", { class: "pos-name", value: p.name, size: 24 });
  const nameEn = h("input", { class: "pos-name-en", value: p.name_en, size: 24 });
  const rows = info.rooms.map((room) => {
    const w = p.ways.find((x) => x.room === room.name);
    const arrow = arrowSelect(w?.arrow ?? null);
    const fr = h("input", { class: "way-fr", value: w?.fr ?? "", size: 36, maxlength: String(MAX_DIRECTIONS) });
    const en = h("input", { class: "way-en", value: w?.en ?? "", size: 36, maxlength: String(MAX_DIRECTIONS) });
    return { room: room.name, arrow, fr, en, el: h("tr", { "data-room": room.name }, h("td", {}, room.name), h("td", {}, arrow), h("td", {}, fr), h("td", {}, en)) };
  });
  let here = p.here;
  const mark = h("span", { class: "here-mark small" });
  const planBox = h("div", { class: "plan-edit" });
  const showPlan = () => api.plan(p.key).then((u) => {
    clear(planBox);
    if (!u) return;
    const img = h("img", { src: u, alt: "" });
    // Where the organiser touches the plan is where "you are here" goes.
    img.addEventListener("click", (ev: MouseEvent) => {
      const r = img.getBoundingClientRect();
      here = { x: Math.round(((ev.clientX - r.left) / r.width) * 1000) / 1000, y: Math.round(((ev.clientY - r.top) / r.height) * 1000) / 1000 };
      place();
    });
    planBox.append(img, mark, h("p", { class: "hint" }, t("plan_here_hint")));
    place();
  }).catch(() => {});
  const place = () => {
    mark.classList.toggle("hidden", !here);
    if (here) mark.style.cssText = `left:${here.x * 100}%;top:${here.y * 100}%`;
  };
  if (p.plan) showPlan();
  const planFile = h("input", { class: "plan-file", type: "file", accept: ".svg,.png,.jpg,.jpeg,image/svg+xml,image/png,image/jpeg" });
  const result = out(`pos-out-${p.key}`);
  const save = async () => {
    const ways: WaySet[] = rows.map((r) => ({ room: r.room, arrow: (r.arrow.value || null) as Arrow | null, fr: r.fr.value, en: r.en.value }));
    try {
      const kept = await api.setPosition({ name: name.value || p.name, name_en: nameEn.value, here: here ?? null, ways });
      const f = await readFile(planFile);
      if (f) await api.setPlan(kept.key, f.name, f.bytes);
      await saidAfter(refresh, `pos-out-${kept.key}`, t("position_saved"));
    } catch (e) { failedIn(result, e); }
  };
  return h("section", { class: "position-card", "data-position": p.key },
    h("div", { class: "row wrap" }, field(t("position_name"), name), field(t("position_name_en"), nameEn), h("code", {}, p.key)),
    rows.length ? h("table", { class: "ways" },
      h("tr", {}, h("th", {}, t("room")), h("th", {}, t("arrow")), h("th", {}, t("directions_fr")), h("th", {}, t("directions_en"))),
      ...rows.map((r) => r.el)) : h("p", { class: "hint" }, t("rooms_hint")),
    h("div", { class: "row wrap" }, field(t("plan"), planFile), planBox),
    h("div", { class: "row" },
      h("button", { class: "pos-save", onclick: save }, t("save")),
      h("button", { class: "small danger", onclick: async () => {
        if (await ask(t("remove_position_confirm", { name: p.name }))) { await api.removePosition(p.key).catch((e) => failedIn(result, e)); await refresh(); }
      } }, t("remove")),
      result));
}

function positionsForm(info: EventInfo, refresh: Refresh) {
  const newName = h("input", { id: "pos-new-name", placeholder: t("position_name"), size: 24 });
  const result = out("pos-new-out");
  return h("div", {},
    h("p", { class: "hint" }, t("positions_hint")),
    ...info.positions.map((p) => positionCard(p, info, refresh)),
    h("div", { class: "row" }, newName,
      h("button", { id: "pos-add", class: "secondary", onclick: async () => {
        if (!newName.value.trim()) return;
        try {
          const p = await api.setPosition({ name: newName.value, name_en: null, here: null, ways: [] });
          await saidAfter(refresh, `pos-out-${p.key}`, t("position_saved"));
        } catch (e) { failedIn(result, e); }
      } }, t("add_position")), result));
}

function packForm(refresh: Refresh) {
  const file = h("input", { id: "pack-file", type: "file", accept: ".json,application/json" });
  const result = out("pack-out");
  return h("div", {},
    h("p", { class: "hint" }, t("event_pack_hint")),
    h("div", { class: "row wrap" },
      h("button", { id: "pack-export", onclick: () => api.exportPack().then((path) => done(result, t("pack_written", { path }))).catch((e) => failedIn(result, e)) }, t("export_pack")),
      file,
      h("button", { id: "pack-import", class: "secondary", onclick: async () => {
        const f = await readFile(file);
        if (!f || !(await ask(t("import_pack_confirm")))) return;
        try { await api.importPack(f.name, f.bytes); await saidAfter(refresh, "pack-out", t("pack_loaded")); } catch (e) { failedIn(result, e); }
      } }, t("import_pack")),
      h("button", { id: "start-blank", class: "danger", onclick: async () => {
        if (!(await ask(t("start_blank_confirm")))) return;
        try { await api.startBlank(); await refresh(); } catch (e) { failedIn(result, e); }
      } }, t("start_blank"))),
    result);
}

/** Builds the tab; `refresh` rebuilds it (and the rest of the screen) from Rust's answer. */
export function eventTab(info: EventInfo, refresh: Refresh) {
  return [
    h("section", { class: "card wide", id: "event-card" }, h("h2", {}, t("event_fields")), eventForm(info, refresh), h("h3", {}, t("logo")), logoForm(info)),
    h("section", { class: "card", id: "rooms-card" }, h("h2", {}, t("rooms")), roomsForm(info, refresh), h("h2", {}, t("event_pack")), packForm(refresh)),
    h("section", { class: "card wide", id: "positions-card" }, h("h2", {}, t("positions")), positionsForm(info, refresh)),
    h("section", { class: "card wide", id: "categories-card" }, h("h2", {}, t("categories")), categoriesForm(info, refresh)),
    h("section", { class: "card wide", id: "gates-card" }, h("h2", {}, t("gates")), gatesForm(info, refresh)),
  ];
}
