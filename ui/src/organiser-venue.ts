// The venue network on the hub's organiser screen: make this machine the hub, pair desks
// and screens, see who is there, put each screen at its position, read the conflicts of a
// split.

import { clear, h, svg } from "./dom.js";
import { t } from "./i18n.js";
import * as api from "./gen/contract.js";
import type { Conflict, EventInfo, Machine, Role, View } from "./gen/contract.js";
import { dayTime, hm, hms } from "./format.js";
import { ask, showDialog } from "./dialogs.js";

/** Where a joined screen stands and what it shows, set from here. */
function screenPlace(m: Machine, info: EventInfo, failed: (e: unknown) => void) {
  const pos = h("select", { class: "machine-position" },
    h("option", { value: "" }, "—"),
    ...info.positions.map((p) => h("option", { value: p.key, selected: m.screen_position === p.key }, p.name)));
  const view = h("select", { class: "machine-view" },
    h("option", { value: "" }, "—"),
    h("option", { value: "hall", selected: m.screen_view === "hall" }, t("screen_view_hall")),
    ...info.rooms.map((r) => h("option", { value: r.name, selected: m.screen_view === r.name }, `${t("room")} ${r.name}`)));
  const save = () => {
    const v: View | null = view.value === "" ? null : view.value === "hall" ? { kind: "hall" } : { kind: "room", room: view.value };
    api.assignScreen(String(m.id), pos.value || null, v).catch(failed);
  };
  pos.addEventListener("change", save);
  view.addEventListener("change", save);
  return h("span", { class: "machine-place" }, ` · ${t("screen_at")} `, pos, view);
}

/** A joined machine: who, when last heard, until when its credential holds; a screen's
 * place; the button that removes it from the network (refused at once, its copy erased at
 * its next contact). */
function machineLine(m: Machine, purgedAt: string | null, info: EventInfo, failed: (e: unknown) => void) {
  const tz = info.event.time_zone;
  const seen = m.last_seen ? t("last_seen", { time: hms(m.last_seen, tz) }) : t("never_seen");
  const state = m.revoked_at
    ? h("b", { class: "machine-removed" }, ` · ${t("machine_removed", { time: hm(m.revoked_at, tz) })}`)
    : m.expires_at ? ` · ${t("machine_expires", { when: dayTime(m.expires_at, tz) })}` : "";
  const purge = purgedAt && !m.revoked_at && new Date(m.paired_at) < new Date(purgedAt)
    ? ` · ${m.purge_told_at ? t("purge_told") : t("purge_not_told")}` : "";
  const remove = m.revoked_at ? null : h("button", {
    class: "secondary machine-revoke",
    onclick: async () => {
      if (!(await ask(t("machine_revoke_confirm", { name: m.name })))) return;
      api.revokeMachine(String(m.id)).then(() => renderHub(info, failed)).catch(failed);
    },
  }, t("machine_revoke"));
  return h("li", { "data-machine": String(m.id) }, `${m.name} (${t(m.role === "desk" ? "role_desk" : "role_screen")}) · ${seen}`, state, purge,
    m.role === "screen" && !m.revoked_at ? screenPlace(m, info, failed) : null, remove ? " " : null, remove);
}

/** A line of what to check after a split, in the words of its kind. */
function conflictLine(c: Conflict, tz: string): string {
  const at = hms(c.at, tz);
  switch (c.kind) {
    case "twice": return t("conflict_twice", { name: c.name, first_desk: c.first_desk, first_at: hms(c.first_at, tz), desk: c.desk, at });
    case "revoked": return t("conflict_revoked", { name: c.name, desk: c.desk, at, first_at: hms(c.first_at, tz) });
    case "clock": return t("conflict_clock", { desk: c.desk, claimed: dayTime(c.first_at, tz), at });
    default: return `${c.name} ${c.desk} ${at}`;
  }
}

export async function renderHub(info: EventInfo, failed: (e: unknown) => void) {
  const el = document.getElementById("hub");
  if (!el) return;
  const s = await api.hubStatus().catch(failed);
  if (!s) return;
  const tz = info.event.time_zone;
  const running = s.running;
  const door = info.positions[info.positions.length - 1]?.key ?? "";
  clear(el,
    running
      ? h("p", { id: "hub-listening" }, t("hub_listening", { addr: running.listen, fp: running.fingerprint.slice(0, 16) + "…" }))
      : h("div", { class: "row wrap" }, h("span", {}, t("hub_off")),
          h("button", { id: "hub-start", onclick: () => api.startHub().then(() => renderHub(info, failed)).catch(failed) }, t("hub_start"))),
    running ? h("div", { class: "row wrap" },
      h("button", { id: "pair-desk", onclick: () => showPairing("desk", tz, failed) }, t("pair_desk")),
      h("button", { id: "pair-screen", onclick: () => showPairing("screen", tz, failed) }, t("pair_screen"))) : null,
    running ? h("p", { class: "hint" }, t("public_page", { addr: running.listen.replace("0.0.0.0", location.hostname || "HUB"), position: door })) : null,
    h("h3", {}, t("machines")),
    s.report.machines.length
      ? h("ul", { class: "hub-list", id: "hub-machines" }, ...s.report.machines.map((m) => machineLine(m, s.report.purged_at, info, failed)))
      : h("p", { id: "hub-machines" }, t("no_machines")),
    h("h3", {}, t("conflicts")),
    s.report.conflicts.length
      ? h("ul", { class: "hub-list conflicts", id: "hub-conflicts" }, ...s.report.conflicts.map((c) =>
          h("li", { class: `conflict-${c.kind}` }, conflictLine(c, tz))))
      : h("p", { id: "hub-conflicts" }, t("no_conflicts")),
    s.report.refused.length ? h("h3", {}, t("refused_entries")) : null,
    s.report.refused.length
      ? h("ul", { class: "hub-list refused", id: "hub-refused" }, ...s.report.refused.map((r) =>
          h("li", {}, t("refused_line", { machine: r.machine, at: hms(r.at, tz), what: r.what, reason: r.reason }))))
      : null,
  );
}

async function showPairing(role: Role, tz: string, failed: (e: unknown) => void) {
  const p = await api.pairingCode(role).catch(failed);
  if (!p) return;
  const qr = h("div", { class: "pairing-qr", id: "pairing-qr" });
  qr.append(svg(p.qr_svg));
  showDialog([
    h("h2", {}, t(role === "desk" ? "pair_desk" : "pair_screen")),
    qr,
    h("p", {}, t("pair_hint", { time: hm(p.pairing.expires_at, tz) })),
    h("p", { class: "hint" }, `${p.pairing.addresses.join(", ")} : ${p.pairing.port}`),
  ]);
}
