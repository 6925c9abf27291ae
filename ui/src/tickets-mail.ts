// Tickets by e-mail, from the organiser's screen: the mail server (its password kept, never
// shown), the template (subject and body, French first then English, with {name}, {date},
// {room}…), a dry run that writes the first messages as .eml files to look at, and the run:
// each person once, at a steady pace, with its progress and the addresses refused.

import { clear, h } from "./dom.js";
import { t } from "./i18n.js";
import * as api from "./gen/contract.js";
import type { MailReport, MailSecurity, MailSettings } from "./gen/contract.js";
import { errorText } from "./bridge.js";
import { ask } from "./dialogs.js";

function report(r: MailReport) {
  if (r.written.length) return h("div", { id: "mail-report" }, t("mail_written", { n: r.written.length }), h("ul", {}, ...r.written.map((p) => h("li", {}, p))));
  return h("div", { id: "mail-report" },
    h("p", { id: "mail-counts" }, t("mail_counts", { sent: r.sent, already: r.already, none: r.no_email, revoked: r.revoked })),
    r.failed.length ? h("p", { class: "error-text" }, t("mail_failed", { n: r.failed.length })) : null,
    r.failed.length ? h("ul", { id: "mail-failures" }, ...r.failed.map((f) => h("li", {}, `${f.name} <${f.address}> — ${f.reason}`))) : null,
    r.stopped ? h("p", { class: "error-text", id: "mail-stopped" }, t("mail_stopped", { why: r.stopped })) : null);
}

export function mailCard(failed: (e: unknown) => void) {
  const host = h("input", { id: "mail-host", placeholder: "smtp.exemple.fr:587" });
  const security = h("select", { id: "mail-security" },
    ...(["starttls", "tls", "plain"] as MailSecurity[]).map((s) => h("option", { value: s }, t(`mail_${s}`))));
  const user = h("input", { id: "mail-user", autocomplete: "off" });
  const password = h("input", { id: "mail-password", type: "password", autocomplete: "new-password" });
  const from = h("input", { id: "mail-from", placeholder: "Accueil <accueil@exemple.fr>" });
  const subject = h("input", { id: "mail-subject" });
  const body = h("textarea", { id: "mail-body", rows: "12" });
  const status = h("p", { class: "hint", id: "mail-status" });
  const out = h("div", { class: "import-out", id: "mail-out" });
  const progress = h("progress", { id: "mail-progress", max: "1", value: "0" });
  const again = h("input", { type: "checkbox", id: "mail-again" });
  const rate = h("input", { id: "mail-rate", type: "number", min: "0", max: "100", value: "5" });
  let settings: MailSettings | null = null;
  const show = (s: MailSettings) => {
    settings = s;
    if (s.server) {
      host.value = `${s.server.host}:${s.server.port}`;
      security.value = s.server.security;
      user.value = s.server.user ?? "";
      from.value = s.server.from;
    }
    password.placeholder = s.password_kept ? t("mail_password_kept") : "";
    subject.value = s.template.subject;
    body.value = s.template.body;
    status.textContent = t("mail_status", { mailed: s.mailed, todo: s.to_mail });
  };
  api.mailSettings().then(show).catch(failed);
  const fail = (e: unknown) => clear(out, h("span", { class: "error-text" }, errorText(e)));
  const saveServer = async () => {
    const [h0, p0] = host.value.trim().split(/:(?=\d+$)/);
    const port = Number(p0 ?? (security.value === "tls" ? 465 : security.value === "plain" ? 25 : 587));
    show(await api.setMailServer({ host: h0 ?? "", port, security: security.value as MailSecurity, user: user.value.trim() || null, from: from.value, ca_file: settings?.server?.ca_file ?? null }, password.value || null));
    password.value = "";
  };
  const run = async (dry: boolean) => {
    try {
      // The template first: saving the server shows what is stored, template included.
      await api.setMailTemplate(subject.value, body.value);
      await saveServer();
      if (!dry && !(await ask(t("mail_confirm", { n: settings?.to_mail ?? 0 })))) return;
      const stop = await api.on("mail-progress", (p) => { progress.max = p.total; progress.value = p.done; });
      try {
        clear(out, report(await api.mailTickets(dry, again.checked, Number(rate.value) || 0)));
      } finally {
        stop();
      }
      show(await api.mailSettings());
    } catch (e) { fail(e); }
  };
  return h("div", {},
    status,
    h("div", { class: "row wrap" },
      h("label", { class: "field" }, t("mail_server"), host),
      h("label", { class: "field" }, t("mail_security"), security)),
    h("div", { class: "row wrap" },
      h("label", { class: "field" }, t("mail_user"), user),
      h("label", { class: "field" }, t("mail_password"), password)),
    h("label", { class: "field" }, t("mail_from"), from),
    h("label", { class: "field" }, t("mail_subject"), subject),
    h("label", { class: "field" }, t("mail_body"), body),
    h("p", { class: "hint" }, t("mail_fields")),
    h("div", { class: "row wrap" },
      h("label", {}, again, ` ${t("mail_again")}`),
      h("label", { class: "field" }, t("mail_rate"), rate)),
    h("div", { class: "row wrap" },
      h("button", { id: "mail-dry", class: "secondary", onclick: () => run(true) }, t("mail_dry")),
      h("button", { id: "mail-send", onclick: () => run(false) }, t("mail_send"))),
    progress, out);
}
