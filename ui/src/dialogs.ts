// The app's own dialogs (no browser pop-up), shared by the desk and the organiser's screen:
// an error, a yes/no question, a page of text. Each screen has one #dialog element.

import { $, clear, h } from "./dom.js";
import { t } from "./i18n.js";
import { errorText } from "./bridge.js";

type Child = Node | string | null;

/** Shows `children` in the dialog, with a Close button unless `buttons` are given. */
export function showDialog(children: Child[], buttons?: Node[]) {
  const d = $("#dialog");
  const close = h("button", { onclick: () => closeDialog() }, t("close"));
  clear(d, h("div", { class: "dialog-box" }, ...children, ...(buttons ?? [close])));
  d.classList.remove("hidden");
}

export function closeDialog() {
  $("#dialog").classList.add("hidden");
}

/** An error from Rust, in French and English as Rust wrote it. */
export function showError(e: unknown) {
  showDialog([h("h2", {}, t("error")), h("p", { class: "error-text" }, errorText(e))]);
}

/** A yes/no question; resolves true for yes. */
export function ask(question: string): Promise<boolean> {
  return new Promise((resolve) => {
    const done = (yes: boolean) => { closeDialog(); resolve(yes); };
    showDialog([h("p", { class: "question" }, question)], [
      h("div", { class: "row" },
        h("button", { id: "ask-yes", class: "danger", onclick: () => done(true) }, "OK"),
        h("button", { id: "ask-no", class: "secondary", onclick: () => done(false) }, t("close")),
      ),
    ]);
  });
}
