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
  const pin = h("input", { id: "pin-input", type: "password", inputmode: "numeric", autocomplete: "off", minlength: String(api.PIN_MIN), maxlength: String(api.PIN_MAX) });
  const error = h("p", { id: "pin-error", class: "error-text" }, status.retry_in ? t("retry_in", { n: status.retry_in }) : "");
  const go = async () => {
    try {
      if (status.has_pin) await api.unlock(pin.value);
      else await api.choosePin(pin.value);
      closeDialog();
      open();
    } catch (e) {
      error.textContent = errorText(e);
      pin.value = "";
      pin.focus();
    }
  };
  showDialog(
    [
      h("h2", {}, status.has_pin ? t("pin_title") : t("pin_choose_title")),
      h("p", {}, status.has_pin ? t(status.can_choose ? "pin_hint" : "pin_hint_hub") : t("pin_choose_hint")),
      h("label", { class: "field" }, t("pin_title"), pin),
      error,
    ],
    [h("div", { class: "row" },
      h("button", { id: "pin-unlock", onclick: go }, status.has_pin ? t("unlock") : t("pin_save")),
      h("button", { class: "secondary", onclick: () => closeDialog() }, t("close")),
    )],
  );
  pin.addEventListener("keydown", (ev) => { if (ev.key === "Enter") { ev.preventDefault(); go(); } });
  pin.focus();
}
