// The self-service desk: attendees face the screen and scan their own ticket. Rust answers
// a first name to welcome, or nothing ("go to the desk"): no verdict word, no other person's
// data, no search, no walk-in, no history. It resets by itself; the organiser's PIN leaves.
// Both languages at once: nobody at the screen chooses one.

import { $, clear, h, svg } from "./dom.js";
import { both } from "./i18n.js";
import * as api from "./gen/contract.js";
import type { EventInfo } from "./gen/contract.js";
import { installScanner } from "./scanner.js";
import { askPin } from "./lock.js";
import { closeCamera, openCamera } from "./camera.js";

/** The self-service screen had its camera on: it comes back on by itself (a kiosk restarts
 * as it was left, nobody there to press a button). */
const CAMERA_ON = "bluehats.selfCamera";

/** A ticket's QR code, drawn: its three corner squares and a few modules. */
const QR_ICON = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 21 21" width="1em" height="1em" fill="currentColor"><path d="M0 0h7v7H0zM1 1v5h5V1zM2 2h3v3H2zM14 0h7v7h-7zM15 1v5h5V1zM16 2h3v3h-3zM0 14h7v7H0zM1 15v5h5v-5zM2 16h3v3H2zM9 0h2v2H9zM9 4h3v2H9zM8 8h5v2H8zM14 9h2v3h-2zM18 9h3v2h-3zM9 12h2v3H9zM13 14h3v2h-3zM17 13h2v4h-2zM9 17h3v4H9zM14 18h2v3h-2zM18 19h3v2h-3z"/></svg>`;

/** How long an answer stays before the screen asks for the next ticket. */
const ANSWER_MS = 4000;
let resetTimer = 0;

function twoLines(fr: string, en: string) {
  return [h("div", { class: "self-fr" }, fr), h("div", { class: "self-en" }, en)];
}

export function showSelfService(root: HTMLElement, info: EventInfo, back: () => void) {
  const field = h("input", { id: "scan-field", class: "self-field", autocomplete: "off", "aria-label": both("self_prompt").join(" / ") });
  const answer = h("div", { id: "self-answer", class: "self-answer" });
  clear(root,
    h("main", { class: "self", id: "self-service" },
      h("div", { class: "self-event" }, info.event.name),
      answer,
      field,
      h("button", { id: "self-camera", class: "self-camera", onclick: () => toggleCamera() }, both("camera_open").join(" · ")),
      h("button", { id: "self-leave", class: "self-leave", onclick: () => leave(() => { closeCamera(); back(); }) }, both("self_leave").join(" · "))),
    h("div", { id: "dialog", class: "dialog hidden" }));
  const ready = () => {
    answer.className = "self-answer self-ready";
    answer.dataset.answer = "ready";
    clear(answer, h("div", { class: "self-icon", "aria-hidden": "true" }, svg(QR_ICON)), ...twoLines(...both("self_prompt")));
  };
  ready();
  const onCode = async (code: string) => {
    const r = await api.selfScan(code).catch(() => ({ welcome: null }));
    window.clearTimeout(resetTimer);
    if (r.welcome) {
      answer.className = "self-answer self-welcome";
      answer.dataset.answer = "welcome";
      clear(answer, h("div", { class: "self-icon", "aria-hidden": "true" }, "✓"),
        ...twoLines(...both("self_welcome", { name: r.welcome })));
    } else {
      answer.className = "self-answer self-desk";
      answer.dataset.answer = "desk";
      clear(answer, h("div", { class: "self-icon", "aria-hidden": "true" }, "→"), ...twoLines(...both("self_go_to_desk")));
    }
    resetTimer = window.setTimeout(ready, ANSWER_MS);
  };
  installScanner(field, onCode);
  // The camera: the ticket held up to the screen, read as a scanner's would be.
  const main = $("#self-service");
  const toggleCamera = () => {
    if (document.getElementById("camera")) {
      closeCamera();
    } else {
      main.classList.add("with-camera");
      main.insertBefore(openCamera((code) => void onCode(code)), field);
      localStorage.setItem(CAMERA_ON, "1");
    }
    field.focus();
  };
  document.addEventListener("camera-closed", () => {
    main.classList.remove("with-camera");
    localStorage.removeItem(CAMERA_ON);
  });
  if (localStorage.getItem(CAMERA_ON)) toggleCamera();
}

/** The organiser's PIN, and the desk is a desk again. */
function leave(back: () => void) {
  const [fr, en] = both("self_leave");
  askPin({
    title: `${fr} / ${en}`,
    hint: "",
    button: "OK",
    submit: (pin) => api.endSelfService(pin),
    done: back,
    closed: () => $("#scan-field").focus(),
  });
}
