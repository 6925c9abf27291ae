// Badges at the door: the desk's print line (what the printer did, one line, never in the
// verdict's way), *impression automatique*, *réimprimer*, and the organiser's printer card.
// The verdict is painted first; the printer is asked afterwards (see `afterAdmission`).

import { clear, h } from "./dom.js";
import { t, getLang } from "./i18n.js";
import * as api from "./gen/contract.js";
import type { BadgeSize, PrintRound, PrintSetup } from "./gen/contract.js";
import { errorText } from "./bridge.js";

let setup: PrintSetup | null = null;

export async function loadPrintSetup(): Promise<PrintSetup | null> {
  setup = await api.printSetup().catch(() => null);
  return setup;
}

export function printsBadges(): boolean {
  return !!setup?.printer;
}

/** The desk's print line, under the scan field: the *impression automatique* switch, and
 * one line about what the printer did (empty until there is something to say). Nothing at
 * all on a desk without a printer: the desk looks as it always did. */
export function printLine() {
  if (!setup?.printer) return null;
  return h("div", { id: "print-line", class: "print-line", "data-waiting": "0" },
    autoPrintButton(),
    h("span", { id: "print-say", role: "status", "aria-live": "polite" }));
}

function paint(r: PrintRound) {
  const el = document.getElementById("print-line");
  const say = document.getElementById("print-say");
  if (!el || !say) return;
  const waiting = r.waiting.length > 0;
  el.className = waiting ? "print-line waiting" : "print-line";
  el.dataset.waiting = String(r.waiting.length);
  if (!r.line) return clear(say);
  clear(say,
    h("span", { id: "print-text" }, r.line[getLang()]),
    waiting ? h("button", { class: "secondary small", id: "print-retry", onclick: () => run(api.printBadges()) }, t("print_retry")) : null,
    waiting ? h("button", { class: "secondary small", id: "print-drop", onclick: () => dropAll(r) }, t("print_drop")) : null,
  );
}

function run(p: Promise<PrintRound>) {
  p.then(paint).catch((e) => {
    const say = document.getElementById("print-say");
    if (say) clear(say, h("span", { class: "error-text" }, errorText(e)));
  });
}

async function dropAll(r: PrintRound) {
  for (const j of r.waiting) await api.dropPrintJob(j.id).catch(() => undefined);
  run(api.printBadges());
}

/** After a verdict is on screen: the badges waiting go to the printer. */
export function afterAdmission() {
  if (printsBadges()) run(api.printBadges());
}

/** The desk's *impression automatique* switch. */
function autoPrintButton() {
  const b = h("button", { id: "auto-print", class: "small" });
  const show = () => {
    const on = !!setup?.auto;
    b.className = on ? "small auto-on" : "small";
    b.setAttribute("aria-pressed", String(on));
    b.textContent = on ? t("auto_print_on") : t("auto_print_off");
  };
  b.addEventListener("click", async () => {
    setup = await api.setAutoPrint(!setup?.auto).catch(() => setup);
    show();
    document.getElementById("scan-field")?.focus();
  });
  show();
  return b;
}

/** *Réimprimer* for a person (only with a printer chosen). */
export function reprintButton(attendeeId: number) {
  if (!setup?.printer) return null;
  return h("button", { class: "secondary small reprint", onclick: (ev: Event) => {
    ev.stopPropagation();
    run(api.reprint(attendeeId));
  } }, t("reprint"));
}

const SIZES: BadgeSize[] = ["ql62x100", "dymo89x36", "dymo54x101", "a6", "a4_sheet8"];

/** The organiser's card: which printer, which labels; what the print system says. */
export function printerCard(failed: (e: unknown) => void) {
  const out = h("div", { class: "import-out", id: "printer-out" });
  const printer = h("select", { id: "printer-select" }, h("option", { value: "" }, t("printer_none")));
  const size = h("select", { id: "badge-size" }, ...SIZES.map((s) => h("option", { value: s }, t(`size_${s}`))));
  (async () => {
    const [list, now] = await Promise.all([api.printers().catch((e) => { clear(out, errorText(e)); return [] as string[]; }), api.printSetup()]);
    for (const p of list) printer.append(h("option", { value: p }, p));
    if (now.printer && !list.includes(now.printer)) printer.append(h("option", { value: now.printer }, `${now.printer} (${t("printer_missing")})`));
    printer.value = now.printer ?? "";
    size.value = now.size;
  })().catch(failed);
  return h("div", {},
    h("p", { class: "hint" }, t("printer_hint")),
    h("label", { class: "field" }, t("printer"), printer),
    h("label", { class: "field" }, t("badge_size"), size),
    h("button", { id: "printer-save", onclick: async () => {
      try {
        setup = await api.setPrinter(printer.value, size.value as BadgeSize);
        clear(out, setup.printer ? t("printer_saved", { printer: setup.printer }) : t("printer_none"));
      } catch (e) { clear(out, h("span", { class: "error-text" }, errorText(e))); }
    } }, t("apply")),
    out);
}
