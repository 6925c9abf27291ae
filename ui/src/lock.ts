// The organiser's lock, as the desk shows it: a PIN to open the organiser's screen (or, the
// first time, a PIN to choose). Rust decides (ui never holds the PIN or the state): it
// checks the PIN's slow hash, slows down wrong tries, and refuses every organiser command
// while locked.

import { h } from "./dom.js";
import { t } from "./i18n.js";
import * as api from "./gen/contract.js";
import { errorText } from "./bridge.js";
import { closeDialog, showDialog } from "./dialogs.js";

/** Runs `open` once the organiser's screen is unlocked (at once if it already is). */
export async function whenUnlocked(open: () => void) {
  const status = await api.lockStatus();
  if (status.unlocked) return open();
  // A joined machine asks the event's PIN, chosen on the hub: nobody chooses one here.
  if (!status.has_pin && !status.can_choose) {
    showDialog([h("h2", {}, t("pin_title")), h("p", { id: "pin-from-hub" }, t("pin_none_on_hub"))],
      [h("button", { class: "secondary", onclick: () => closeDialog() }, t("close"))]);
    return;
  }
  askPin({
    title: status.has_pin ? t("pin_title") : t("pin_choose_title"),
    hint: status.has_pin ? t(status.can_choose ? "pin_hint" : "pin_hint_hub") : t("pin_choose_hint"),
    button: status.has_pin ? t("unlock") : t("pin_save"),
    waiting: status.retry_in ? t("retry_in", { n: status.retry_in }) : "",
    submit: (pin) => (status.has_pin ? api.unlock(pin).then(() => undefined) : api.choosePin(pin)),
    done: open,
  });
}

/** The PIN dialog: `submit` sends what was typed to Rust (which decides); a refusal is
 * said under the field, which is cleared for the next try; `done` runs once accepted. */
export function askPin(o: { title: string; hint: string; button: string; waiting?: string; submit: (pin: string) => Promise<void>; done: () => void; closed?: () => void }) {
  const pin = h("input", { id: "pin-input", type: "password", inputmode: "numeric", autocomplete: "off", minlength: String(api.PIN_MIN), maxlength: String(api.PIN_MAX) });
  const error = h("p", { id: "pin-error", class: "error-text" }, o.waiting ?? "");
  const go = async () => {
    try {
      await o.submit(pin.value);
      closeDialog();
      o.done();
    } catch (e) {
      error.textContent = errorText(e);
      pin.value = "";
      pin.focus();
    }
  };
  showDialog(
    [h("h2", {}, o.title), o.hint ? h("p", {}, o.hint) : null, h("label", { class: "field" }, t("pin_title"), pin), error],
    [h("div", { class: "row" },
      h("button", { id: "pin-unlock", onclick: go }, o.button),
      h("button", { class: "secondary", onclick: () => { closeDialog(); o.closed?.(); } }, t("close")),
    )],
  );
  pin.addEventListener("keydown", (ev) => { if (ev.key === "Enter") { ev.preventDefault(); go(); } });
  pin.focus();
}
