// The organiser's screen, after the day: the arrivals chart (exported as SVG, PNG and CSV),
// the log of exports of personal data, and the purge that leaves figures only.

import { clear, h, svg } from "./dom.js";
import { t } from "./i18n.js";
import * as api from "./gen/contract.js";
import { errorText } from "./bridge.js";
import { hm } from "./format.js";
import { ask } from "./dialogs.js";

export async function renderFigures(tz: string) {
  const el = document.getElementById("figures");
  if (!el) return;
  const [s, chart, log] = await Promise.all([api.stats(), api.arrivalsSvg(), api.exportsLog()]);
  const out = h("div", { class: "import-out", id: "figures-out" });
  clear(el,
    h("p", { class: "figure" }, h("b", {}, `${s.admitted} / ${s.registered}`), ` ${t("admitted_count")} / ${t("registered_count")}`),
    h("p", {}, `${t("walk_ins")} : ${s.walk_ins} · ${t("scans")} : ${s.scans}`),
    h("div", { class: "chart", id: "arrivals-chart" }, svg(chart)),
    h("div", { class: "row wrap" },
      h("button", { id: "export-figures", onclick: async () => {
        try {
          const r = await api.exportFigures(await chartPng(chart));
          clear(out, t("figures_done", { dir: r.dir }));
        } catch (e) { clear(out, h("span", { class: "error-text" }, errorText(e))); }
      } }, t("export_figures"))),
    out,
    log.length ? h("details", {}, h("summary", {}, t("exports_log", { n: log.length })),
      h("ul", {}, ...log.map((l) => h("li", {}, `${hm(l.at, tz)} · ${l.desk} · ${l.what} · ${l.people} · ${l.place}`)))) : null,
  );
}

/** The chart drawn to a PNG by the webview (the bundled font included), for reports. */
async function chartPng(markup: string): Promise<number[] | null> {
  try {
    const img = new Image();
    img.src = "data:image/svg+xml;charset=utf-8," + encodeURIComponent(markup);
    await img.decode();
    const canvas = document.createElement("canvas");
    canvas.width = img.naturalWidth * 2;
    canvas.height = img.naturalHeight * 2;
    const ctx = canvas.getContext("2d")!;
    ctx.scale(2, 2);
    ctx.drawImage(img, 0, 0);
    const blob = await new Promise<Blob | null>((res) => canvas.toBlob(res, "image/png"));
    return blob ? Array.from(new Uint8Array(await blob.arrayBuffer())) : null;
  } catch {
    return null; // SVG and CSV are still written
  }
}

export function purgeForm(tz: string) {
  const word = h("input", { id: "purge-word", autocomplete: "off", placeholder: "EFFACER" });
  const out = h("div", { class: "import-out", id: "purge-out" });
  return h("div", {},
    h("p", {}, t("purge_hint")),
    h("div", { class: "row wrap" }, word,
      h("button", { id: "purge", class: "danger", onclick: async () => {
        if (!(await ask(t("purge_confirm")))) return;
        try {
          const r = await api.purge(word.value);
          clear(out, t("purge_done", { people: r.people, kept: r.arrivals_kept }));
          renderFigures(tz);
        } catch (e) { clear(out, h("span", { class: "error-text" }, errorText(e))); }
      } }, t("purge"))),
    out);
}
