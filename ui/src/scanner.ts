// USB scanners type the code then Enter, like a keyboard. The scan field owns the keyboard:
// keys typed outside any text box go to it, and a scanner's burst typed into a dialog's
// text box (search, walk-in) is taken back out of it and scanned.

import { usChar } from "./keyboard.js";
import { TICKET_PREFIX } from "./gen/contract.js";

const BURST_MS = 35; // a person does not type 6 keys at under 35 ms each
const BURST_MIN = 6;
// A busy machine (a build beside it, a slow disk) can hold a key of a scanner's burst back
// this long: a few such pauses inside a burst that is fast otherwise do not cut it. A
// person typing a name is slow all along (their median pause is far above BURST_MS).
const HICCUP_MS = 250;
const MAX_HICCUPS = 3;

type Key = { ch: string; us: string; at: number };

/** A scanner never stops this long inside one code, however busy the machine. */
const CODE_PAUSE_MS = 2000;

/** Where the last signed ticket's text typed in `keys` starts (either keyboard reading), when
 * everything from it to the end came without a pause a scanner never makes; -1 otherwise.
 * The code's own shape says where it starts: a busy machine (a build beside it) can hold a
 * scanner's keys back longer than the timing rule below allows, and a word a person typed
 * just before it is not part of it. */
function ticketAt(keys: Key[]): number {
  let from = keys.length - 1;
  while (from > 0 && keys[from].at - keys[from - 1].at <= CODE_PAUSE_MS) from--;
  for (let i = keys.length - TICKET_PREFIX.length; i >= Math.max(from, 0); i--) if (prefixAt(keys, i)) return i;
  return -1;
}

function prefixAt(keys: Key[], at: number): boolean {
  const run = keys.slice(at, at + TICKET_PREFIX.length);
  return [run.map((k) => k.ch), run.map((k) => k.us)].some((cs) => cs.join("").toUpperCase() === TICKET_PREFIX);
}

/** The scanner's burst at the end of `keys`: from a signed ticket's start if one was typed
 * there; else fast keys back to the last long pause, a few hiccups tolerated; empty when
 * the keys are a person's typing. */
function burstAtEnd(keys: Key[]): Key[] {
  const ticket = ticketAt(keys);
  if (ticket >= 0) return keys.slice(ticket);
  let start = keys.length - 1;
  let hiccups = 0;
  while (start > 0) {
    const gap = keys[start].at - keys[start - 1].at;
    if (gap > BURST_MS && (gap > HICCUP_MS || ++hiccups > MAX_HICCUPS)) break;
    start--;
  }
  const burst = keys.slice(Math.max(start, 0));
  const gaps = burst.slice(1).map((k, i) => k.at - burst[i].at).sort((a, b) => a - b);
  const median = gaps.length ? gaps[Math.floor(gaps.length / 2)] : 0;
  return median <= BURST_MS ? burst : [];
}

function isTextBox(el: Element | null): el is HTMLInputElement | HTMLTextAreaElement {
  if (!el) return false;
  if (el instanceof HTMLTextAreaElement) return true;
  return el instanceof HTMLInputElement && !["button", "submit", "checkbox", "radio", "file"].includes(el.type);
}

/** What a scan does; a promise keeps the code in the field until it is settled (below). */
type OnScan = (code: string, asUs: string | null, startedAt: number, enterAt: number) => void | Promise<unknown>;
let current: { field: HTMLInputElement; onScan: OnScan } | null = null;
/** The code being typed in the scan field, read as a US keyboard would have typed it. */
let usText = "";
/** When the first key of the code being typed arrived (for the scan-to-verdict figure). */
let startedAt = 0;
let installed = false;
let keys: Key[] = [];
/** The field still shows the code sent: it is emptied once the scan is answered, not at Enter.
 * Emptying it at Enter made the page draw a frame while the IPC was under way, and the answer
 * waited behind that frame's work before the verdict could be drawn. */
let stale = false;

function emptied(field: HTMLInputElement) {
  if (!stale) return;
  field.value = "";
  stale = false;
}

/** Gives the keyboard to `field` (the desk's scan field); `null` releases it (organiser's screen). */
export function installScanner(field: HTMLInputElement | null, onScan: OnScan = () => undefined) {
  current = field ? { field, onScan } : null;
  keys = [];
  field?.focus();
  if (installed) return;
  installed = true;

  window.addEventListener(
    "keydown",
    (ev) => {
      if (!current) return;
      const { field, onScan } = current;
      const active = document.activeElement;
      const elsewhere = isTextBox(active) && active !== field;
      if (ev.key === "Enter") {
        if (!elsewhere) {
          // (A code already sent is not sent again by a second Enter.)
          const code = stale ? "" : field.value;
          const asUs = usText.length === code.length && usText !== code ? usText : null;
          usText = "";
          keys = [];
          if (code.trim()) {
            ev.preventDefault();
            stale = true;
            const answered = onScan(code, asUs, startedAt, performance.now());
            if (answered instanceof Promise) void answered.finally(() => emptied(field));
            else emptied(field);
          } else {
            field.value = "";
          }
          return;
        }
        // In a dialog's text box: a fast burst just before Enter is a scanner.
        const found = burstAtEnd(keys);
        const burst = found.map((k) => k.ch);
        const burstUs = found.map((k) => k.us);
        const firstAt = found.length ? found[0].at : performance.now();
        keys = [];
        const text = burst.join("");
        const box = active as HTMLInputElement;
        if (burst.length >= BURST_MIN && box.value.endsWith(text)) {
          ev.preventDefault();
          box.value = box.value.slice(0, box.value.length - text.length);
          box.dispatchEvent(new Event("input"));
          const us = burstUs.join("");
          onScan(text, us !== text ? us : null, firstAt, performance.now());
        }
        return;
      }
      if (ev.key.length === 1 && !ev.ctrlKey && !ev.metaKey && !ev.altKey) {
        const now = performance.now();
        const us = usChar(ev.code, ev.shiftKey) ?? ev.key;
        if (!elsewhere) {
          // The next code starts before the last one's answer: it starts in an empty field.
          emptied(field);
          if (field.value === "") {
            startedAt = now;
            usText = "";
          }
          usText += us;
        }
        keys.push({ ch: ev.key, us, at: now });
        if (keys.length > 300) keys = keys.slice(-300);
        // Outside text boxes, the key goes to the scan field.
        if (!elsewhere && active !== field) field.focus();
      }
    },
    true,
  );

  // Back to the scan field whenever focus falls on nothing.
  document.addEventListener("focusout", () => {
    setTimeout(() => {
      if (current && !isTextBox(document.activeElement) && !(document.activeElement instanceof HTMLSelectElement)) current.field.focus();
    }, 0);
  });
}
