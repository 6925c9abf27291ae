// The entrance desk: scan, read a big verdict, find a person, register a walk-in, undo.

import { $, clear, h, svg } from "./dom.js";
import { t, getLang, setLang, Key } from "./i18n.js";
import * as api from "./gen/contract.js";
import type { Attendee, Category, EventInfo, LinkStatus, ScanOutcome, Sound, VerdictKind } from "./gen/contract.js";
import { categoryName, hm, hms, personOf } from "./format.js";
import { ask, showDialog, showError } from "./dialogs.js";
import { scanTimed } from "./measure.js";
import { installScanner } from "./scanner.js";
import { showSelfService } from "./self-service.js";
import { cameraPanel, closeCamera, openCamera } from "./camera.js";
import { showOrganiser, PendingScan } from "./organiser.js";
import { whenUnlocked } from "./lock.js";
import { afterAdmission, loadPrintSetup, printLine, reprintButton } from "./badges.js";

let info: EventInfo;
let verdictTimer: number | undefined;
let tab: "search" | "walk_in" | "history" = "search";
let link: LinkStatus | null = null;
let linkListening = false;

/** The verdict's sound, played by the app (sounds.rs): no audio pipeline in this page. */
function sound(name: Sound) {
  api.playSound(name).catch(() => undefined); // no sound: the colour and words still speak
}

const SOUND: Record<VerdictKind, Sound> = {
  admitted: "admitted",
  already_admitted: "already",
  unknown: "refused",
  forged: "refused",
  revoked: "refused",
  malformed: "malformed",
  wrong_gate: "wrong_gate",
  exited: "admitted",
  not_inside: "malformed",
  room_full: "refused",
  admitted_room_full: "already",
};

const ICON: Record<VerdictKind, string> = {
  admitted: "✓",
  already_admitted: "!",
  unknown: "?",
  forged: "✕",
  revoked: "✕",
  malformed: "⌀",
  wrong_gate: "⇄",
  exited: "↩",
  not_inside: "?",
  room_full: "⊘",
  admitted_room_full: "✓",
};

const tz = () => info.event.time_zone;

/** Runs `f` right after the next frame is painted (a task queued from the frame's callback). */
function afterPaint(f: () => void) {
  requestAnimationFrame(() => {
    const ch = new MessageChannel();
    ch.port1.onmessage = () => {
      // Closed at once: open ports are kept alive by the engine, one per scan, all day.
      ch.port1.close();
      ch.port2.close();
      f();
    };
    ch.port2.postMessage(null);
  });
}

export async function showDesk(root: HTMLElement, pending?: PendingScan) {
  info = await api.eventInfo();
  document.title = `${info.event.name} — ${t("desk")} ${info.desk}`;
  if (info.self_service) return showSelfService(root, info, () => showDesk(root));
  await loadPrintSetup();
  render(root);
  // Badges left waiting (the printer was off, the app restarted) are tried again, and said.
  afterPaint(afterAdmission);
  if (!linkListening) {
    linkListening = true;
    await api.on("link", (l) => { link = l; paintLink(); });
  }
  link = await api.linkStatus().catch(() => null);
  paintLink();
  if (pending) await scan(pending.code, pending.asUs, performance.now(), performance.now());
}

/** The words for why the hub ended this machine's link. */
function endedKey(code: string): Key {
  return code === "event_purged" ? "link_ended_purged" : code === "credential_expired" ? "link_ended_expired" : "link_ended_revoked";
}

/** A joined desk says whether the hub answers: a quiet line when it does, HORS LIGNE and
 * the scans waiting when it does not (the desk then decides alone). */
function paintLink() {
  const el = document.getElementById("link-badge");
  if (!el) return;
  if (!link?.joined) return void el.classList.add("hidden");
  // The hub removed this machine (or the event is over, or was purged): said in full, in
  // place of the verdict, for as long as it lasts.
  const ended = document.getElementById("link-ended");
  if (ended) {
    ended.classList.toggle("hidden", !link.ended);
    // In the desk's language, and the other one beside it (a volunteer reads either).
    const key = link.ended ? endedKey(link.ended) : null;
    clear(ended, ...(key ? [h("span", {}, t(key)), h("span", { class: "other-lang" }, t(key, {}, getLang() === "fr" ? "en" : "fr"))] : []));
  }
  document.getElementById("ready")?.classList.toggle("ended", !!link.ended);
  if (link.ended) {
    el.className = "link-badge ended";
    return void clear(el, h("b", {}, t("link_ended")));
  }
  el.className = `link-badge ${link.online ? "online" : "offline"}`;
  clear(el, link.online
    ? `● ${t("link_online")}`
    : h("span", {}, h("b", {}, `${t("link_offline")}`), link.waiting ? ` · ${t("link_waiting", { n: link.waiting })}` : ""));
  if (link.online && link.waiting) el.append(` · ${t("link_waiting", { n: link.waiting })}`);
}


/** A pairing code scanned into the scan field: which hub, which role, then join. */
async function pairWith(text: string) {
  try {
    const p = await api.readPairing(text);
    const role = t(p.role === "desk" ? "role_desk" : "role_screen");
    if (!(await ask(t("pair_confirm", { event: p.event, role })))) return;
    link = await api.joinHub(text);
    info = await api.eventInfo();
    paintLink();
    showDialog([h("p", { id: "pair-done" }, t("pair_done"))]);
  } catch (e) {
    showError(e);
  }
}

/** This desk records people going out (kept per window: a desk turned to the exit for
 * the lunch break goes back in one touch). */
let exitMode = sessionStorage.getItem("exit-mode") === "1";

function render(root: HTMLElement) {
  const field = h("input", { id: "scan-field", class: "scan-field", autocomplete: "off", spellcheck: "false", "aria-label": t("scan_field"), placeholder: t("scan_field") });
  clear(
    root,
    h("div", { class: "desk" },
      h("header", { class: "bar" },
        h("div", { class: "bar-title" }, h("strong", {}, info.event.name), placeLine()),
        h("div", { class: "counters", id: "counters" }),
        h("div", { class: "link-badge hidden", id: "link-badge", role: "status" }),
        h("div", { class: "bar-actions" },
          h("span", { class: "desk-name", id: "desk-name" }, `${t("desk")} : ${info.desk}${info.gate ? ` · ${t("gate")} : ${info.gate}` : ""}`),
          h("button", { class: "lang", onclick: () => { setLang(getLang() === "fr" ? "en" : "fr"); render(root); } }, getLang() === "fr" ? "English" : "Français"),
          h("button", { id: "exit-mode", class: exitMode ? "exit-on" : "", "aria-pressed": String(exitMode), onclick: () => {
            exitMode = !exitMode;
            sessionStorage.setItem("exit-mode", exitMode ? "1" : "0");
            render(root);
          } }, exitMode ? t("exit_mode_on") : t("exit_mode")),
          h("button", { id: "open-organiser", onclick: () => whenUnlocked(() => { closeCamera(); showOrganiser(root, (pending) => showDesk(root, pending)); }) }, t("organiser")),
          h("button", { onclick: () => about() }, t("about")),
        ),
      ),
      h("main", { class: cameraPanel() ? "stage camera-on" : "stage", id: "stage" },
        h("div", { class: exitMode ? "ready exit" : "ready", id: "ready" },
          h("p", { class: "link-ended hidden", id: "link-ended", role: "alert" }),
          h("div", { class: "ready-word" }, exitMode ? t("exit_ready") : t("ready")),
          h("div", { class: "ready-hint" }, exitMode ? t("exit_ready_hint") : t("ready_hint")),
          field,
          cameraPanel() ? null : cameraButton(),
          printLine(),
        ),
        cameraPanel(),
      ),
      h("aside", { class: "side" },
        h("nav", { class: "tabs" },
          tabButton("search", "search", root),
          tabButton("walk_in", "walk_in", root),
          tabButton("history", "history", root),
        ),
        h("section", { id: "panel", class: "panel" }),
      ),
    ),
    h("div", { id: "verdict", class: "verdict hidden", role: "status", "aria-live": "assertive", onclick: () => hideVerdict() }),
    h("div", { id: "dialog", class: "dialog hidden" }),
  );
  installScanner(field, (code, asUs, startedAt, enterAt) => scan(code, asUs, startedAt, enterAt));
  renderPanel();
  refreshCounters();
}

function cameraButton() {
  return h("button", { id: "camera-open", class: "secondary camera-open", onclick: () => startCamera() }, `📷 ${t("camera_open")}`);
}

/** The camera instead of a USB scanner: each code it reads goes to the same scan path. */
function startCamera() {
  const panel = openCamera((code, seenAt) => void scan(code, null, seenAt, performance.now()));
  const stage = $("#stage");
  stage.classList.add("camera-on");
  stage.append(panel);
  document.getElementById("camera-open")?.remove();
}

document.addEventListener("camera-closed", () => {
  const stage = document.getElementById("stage");
  if (!stage) return;
  stage.classList.remove("camera-on");
  const ready = document.getElementById("ready");
  if (ready && !document.getElementById("camera-open")) {
    ready.append(cameraButton());
  }
});

function tabButton(id: typeof tab, label: Key, root: HTMLElement) {
  return h("button", { class: tab === id ? "tab active" : "tab", id: `tab-${id}`, onclick: () => { tab = id; render(root); } }, t(label));
}

async function refreshCounters() {
  const s = await api.counters();
  clear($("#counters"),
    h("span", { class: "count" }, h("b", { id: "admitted-count" }, String(s.admitted)), ` ${t("admitted_count")}`),
    h("span", { class: "count" }, h("b", {}, String(s.registered)), ` ${t("registered_count")}`),
    // Inside now, once anyone went out: what fire safety asks.
    s.inside !== s.admitted ? h("span", { class: "count" }, h("b", { id: "inside-count" }, String(s.inside)), ` ${t("inside_count")}`) : null,
  );
}

async function scan(code: string, asUs: string | null, startedAt: number, enterAt: number) {
  // A pairing code (a scanner in US mode on an AZERTY machine garbles it: take either reading).
  const pairing = [code, asUs].find((c) => c && c.trim().toUpperCase().startsWith(api.PAIRING_PREFIX));
  if (pairing) return pairWith(pairing.trim());
  try {
    const o = exitMode ? await api.exitScan(code, asUs) : await api.scan(code, asUs);
    const decided = performance.now() - enterAt;
    showVerdict(o);
    const shown = performance.now() - enterAt;
    if (o.offline || link?.joined) link = await api.linkStatus().catch(() => link);
    afterPaint(afterAdmission);
    paintLink();
    afterPaint(() => scanTimed(enterAt - startedAt, performance.now() - enterAt, decided, shown));
  } catch (e) {
    // No old verdict left on screen (a green one could let the wrong person in).
    hideVerdict();
    showError(e);
  }
}

function categoryLabel(c: Category) {
  return categoryName(c, info.event.categories);
}

function showVerdict(o: ScanOutcome, extra?: Node) {
  const v = $("#verdict");
  const person = personOf(o);
  // A person flagged for the organisers is let in (the scan is recorded) but the door calls
  // them first: its own colour, icon and words over the admission.
  const attention = o.verdict === "admitted" && !!person?.attention;
  const hint = attention
    ? t("attention_hint")
    : o.verdict === "already_admitted"
      ? t("already_hint", { time: hms(o.first_at, tz()), desk: o.first_desk })
      : o.verdict === "wrong_gate"
        ? (o.gates.length ? t("wrong_gate_hint", { gates: o.gates.join(", ") }) : t("wrong_gate_nowhere"))
        : o.verdict === "room_full" || o.verdict === "admitted_room_full"
          ? t(`${o.verdict}_hint`, { room: o.room })
          : t(`${o.verdict}_hint` as Key);
  clear(v,
    h("div", { class: "verdict-icon", "aria-hidden": "true" }, attention ? "☎" : ICON[o.verdict]),
    h("div", { class: "verdict-word", id: "verdict-word" }, attention ? t("attention") : t(o.verdict)),
    person ? h("div", { class: "verdict-name", id: "verdict-name" }, person.name) : null,
    person?.note ? h("div", { class: "verdict-note", id: "verdict-note" }, person.note) : null,
    person ? h("div", { class: "verdict-org" }, [person.organisation, categoryLabel(person.category)].filter(Boolean).join(" · ")) : null,
    h("div", { class: "verdict-hint", id: "verdict-hint" }, hint),
    h("div", { class: "verdict-time" }, `${hms(o.at, tz())} · ${o.desk}${o.repeat ? " " + t("repeat") : ""}`),
    o.offline ? h("div", { class: "verdict-offline", id: "verdict-offline" }, `${t("link_offline")} · ${t("decided_offline")}`) : null,
    extra ?? null,
  );
  v.className = `verdict v-${o.verdict}${attention ? " v-attention" : ""}${person?.note ? " with-note" : ""}${extra ? " with-extra" : ""}`;
  v.dataset.verdict = o.verdict;
  v.dataset.attention = String(attention);
  v.dataset.scanId = String(o.scan_id);
  // The verdict first; the sound and the counters just after it is on screen.
  afterPaint(() => {
    if (!o.repeat) sound(attention ? "already" : SOUND[o.verdict]);
    refreshCounters();
  });
  window.clearTimeout(verdictTimer);
  // A note or a call for the organisers stays until it is read, like a refusal.
  const ms = extra ? 12000 : o.verdict === "admitted" && !attention && !person?.note ? 2500 : 6000;
  verdictTimer = window.setTimeout(hideVerdict, ms);
  if (tab === "history") renderPanel();
}

function hideVerdict() {
  const v = $("#verdict");
  v.className = "verdict hidden";
  v.dataset.verdict = "";
  document.getElementById("scan-field")?.focus();
}

/** " · Salle <its name>" for a one-room event, " · the venue" for several rooms. */
function placeLine(): string {
  if (info.rooms.length === 1) return ` · ${t("room")} ${info.rooms[0].name}`;
  return info.event.venue ? ` · ${info.event.venue}` : "";
}

/** The event's days as people write them: "2026-11-18", or "2026-11-18 → 2026-11-20". */
function daysLine(): string {
  const e = info.event;
  if (e.days <= 1) return e.first_day;
  const last = new Date(`${e.first_day}T12:00:00Z`);
  last.setUTCDate(last.getUTCDate() + e.days - 1);
  return `${e.first_day} → ${last.toISOString().slice(0, 10)}`;
}

function about() {
  const e = info.event;
  const rooms = info.rooms.map((r) => r.name).join(", ");
  showDialog([
    h("h2", {}, t("about")),
    h("p", {}, t("about_text")),
    h("p", { id: "about-event" }, h("strong", {}, e.name),
      e.venue ? h("br") : null, e.venue || null, e.address ? h("br") : null, e.address || null,
      h("br"), `${rooms ? `${t(info.rooms.length === 1 ? "room" : "rooms")} ${rooms} · ` : ""}${daysLine()}`),
    // The programme's source and licence, when the organiser gave them (the licence asks).
    e.source ? h("p", {}, h("strong", {}, `${t("source")} : `), e.source) : null,
    e.licence ? h("p", {}, h("strong", {}, `${t("licence")} : `), e.licence) : null,
    h("p", {}, "Atkinson Hyperlegible © Braille Institute of America (SIL OFL 1.1)"),
  ]);
}

function renderPanel() {
  const p = $("#panel");
  if (tab === "search") renderSearch(p);
  else if (tab === "walk_in") renderWalkIn(p);
  else renderHistory(p);
}

function renderSearch(p: HTMLElement) {
  const results = h("ul", { class: "results", id: "search-results" });
  let seq = 0;
  let timer: number | undefined;
  const search = async () => {
    const mine = ++seq;
    const text = input.value;
    if (!text.trim()) return clear(results);
    const found = await api.search(text);
    // E-mail addresses stay hidden unless the volunteer typed one.
    if (mine === seq) showResults(results, found, text.includes("@"));
  };
  const input = h("input", {
    id: "search-input", type: "search", autocomplete: "off", spellcheck: "false", placeholder: t("search_placeholder"),
    // Searched once typing pauses (60 ms: a person sees no wait): a scanner's burst typed
    // here by mistake is not a hundred searches that slow the page while the keys arrive.
    oninput: () => {
      window.clearTimeout(timer);
      timer = window.setTimeout(search, 60);
    },
  });
  clear(p, h("label", { class: "field" }, t("search"), input), results);
}

function showResults(list: HTMLElement, found: Attendee[], emails: boolean) {
  if (!found.length) return clear(list, h("li", { class: "empty", id: "search-none" }, t("search_empty")));
  clear(list, ...found.map((a) => resultRow(a, emails)),
    found.length >= SEARCH_SHOWN ? h("li", { class: "empty", id: "search-more" }, t("search_more", { n: found.length })) : null);
}

/** As many as the core returns at most: when reached, the volunteer is asked to type more. */
const SEARCH_SHOWN = 30;

function resultRow(a: Attendee, emails: boolean) {
  return h("li", { class: a.revoked_at ? "result revoked" : a.checked_in_at ? "result in" : "result" },
    h("div", { class: "who" },
      h("div", { class: "who-name" }, a.name),
      h("div", { class: "who-org" }, [a.organisation, categoryLabel(a.category), emails ? a.email : null].filter(Boolean).join(" · ")),
      a.checked_in_at ? h("div", { class: "who-in" }, t("in_at", { time: hm(a.checked_in_at, tz()) })) : null,
      a.revoked_at ? h("div", { class: "who-revoked" }, t("revoked_at", { time: hm(a.revoked_at, tz()) })) : null,
    ),
    a.revoked_at
      ? null
      : a.checked_in_at
      ? h("div", { class: "row" }, reprintButton(a.id), h("button", { class: "secondary", onclick: () => undo(a) }, t("undo")))
      : h("button", { class: "checkin", onclick: async () => {
          try {
            showVerdict(await api.manualCheckin(a.id));
            afterPaint(afterAdmission);
            const input = document.getElementById("search-input") as HTMLInputElement | null;
            input?.dispatchEvent(new Event("input"));
          } catch (e) { showError(e); }
        } }, t("check_in")),
  );
}

async function undo(a: { id: number; name: string | null }) {
  if (!(await ask(t("undo_confirm", { name: a.name ?? "" })))) return;
  try {
    await api.undoCheckin(a.id);
    refreshCounters();
    renderPanel();
  } catch (e) {
    showError(e);
  }
}

function renderWalkIn(p: HTMLElement) {
  const name = h("input", { id: "walkin-name", required: true, autocomplete: "off", maxlength: String(api.MAX_NAME) });
  const org = h("input", { id: "walkin-org", autocomplete: "off", maxlength: String(api.MAX_NAME) });
  const email = h("input", { id: "walkin-email", type: "email", autocomplete: "off", maxlength: String(api.MAX_EMAIL) });
  const cat = h("select", { id: "walkin-category" }, ...info.event.categories.map((c) => h("option", { value: c.key }, categoryLabel(c.key))));
  const note = h("div", { id: "walkin-note", "aria-live": "polite" });
  const register = async () => {
    try {
      const r = await api.walkIn({ name: name.value, organisation: org.value || null, category: cat.value, email: email.value || null });
      const qr = r.qr_svg ? h("div", { class: "verdict-qr", id: "walkin-qr" }, svg(r.qr_svg), h("div", {}, t("walk_in_done"))) : undefined;
      showVerdict(r.outcome, qr);
      afterPaint(afterAdmission);
      form.reset();
      clear(note);
    } catch (e) {
      showError(e);
    }
  };
  const form = h("form", { class: "walkin", novalidate: true, onsubmit: async (ev: Event) => {
    ev.preventDefault();
    if (!name.value.trim()) {
      clear(note, h("p", { class: "error-text", id: "walkin-error" }, t("name_required")));
      name.focus();
      return;
    }
    // Someone already registered under this name: show them first, register only if not.
    const likely = await api.search(name.value).catch(() => [] as Attendee[]);
    if (likely.length && !note.querySelector("#walkin-anyway")) {
      clear(note,
        h("p", { class: "question" }, t("already_registered")),
        h("ul", { class: "results", id: "walkin-matches" }, ...likely.slice(0, 5).map((a) => resultRow(a, false))),
        h("button", { type: "button", id: "walkin-anyway", class: "secondary", onclick: register }, t("register_anyway")));
      return;
    }
    await register();
  } },
    h("h3", {}, t("walk_in_title")),
    h("label", { class: "field" }, t("name"), name),
    h("label", { class: "field" }, t("organisation"), org),
    h("label", { class: "field" }, t("category"), cat),
    h("label", { class: "field" }, t("email"), email),
    h("button", { type: "submit", id: "walkin-submit", class: "checkin" }, t("register_admit")),
    note,
  );
  clear(p, form);
}

async function renderHistory(p: HTMLElement) {
  const rows = await api.recentScans(12);
  if (!rows.length) return clear(p, h("p", { class: "empty" }, t("history_empty")));
  clear(p, h("ul", { class: "history" }, ...rows.map((r) =>
    h("li", { class: `hist h-${r.verdict}` },
      h("span", { class: "hist-time" }, hms(r.at, tz())),
      h("span", { class: "hist-name" }, r.name ?? r.code.slice(0, 24)),
      h("span", { class: "hist-verdict" }, t(r.verdict)),
      r.standing && r.attendee_id ? h("span", { class: "hist-actions" }, reprintButton(r.attendee_id), h("button", { class: "secondary small", onclick: () => undo({ id: r.attendee_id!, name: r.name }) }, t("undo"))) : h("span"),
    ))));
}
