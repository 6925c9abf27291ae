// The signage screen: read from five metres. Everything it shows comes whole in the screen
// model the core computes (pushed as "screen"; nothing is polled): one room's sign at its
// door, or the hall with every room. No personal data: speakers are public, attendees never
// shown. Pictures (the plan, the logo) and the programme's QR code are fetched once each
// and kept until their fingerprint changes.

import { clear, h } from "./dom.js";
import { both } from "./i18n.js";
import * as api from "./gen/contract.js";
import type { ScreenModel } from "./gen/contract.js";
import { painted } from "./measure.js";
import { header, strips } from "./signage-parts.js";
import { doorSign } from "./signage-door.js";
import { hallView } from "./signage-hall.js";
import { fit } from "./signage-fit.js";

/** Pictures by fingerprint, and the QR code of the programme's address. */
const pictures = new Map<string, string>();
let qr = { url: "", svg: "" };
let last: ScreenModel | null = null;

/** Fetches what the model names and this screen does not have yet; true if anything came. */
async function fetchPictures(m: ScreenModel): Promise<boolean> {
  let got = false;
  const plan = m.position?.plan;
  if (m.position && plan && !pictures.has(plan.sha)) {
    const url = await api.plan(m.position.key).catch(() => null);
    if (url) { pictures.set(plan.sha, url); got = true; }
  }
  const logo = m.event.logo;
  if (logo && !pictures.has(logo.sha)) {
    const url = await api.logo().catch(() => null);
    if (url) { pictures.set(logo.sha, url); got = true; }
  }
  if (m.event.programme_url !== qr.url) {
    qr = { url: m.event.programme_url, svg: m.event.programme_url ? await api.qrSvg(m.event.programme_url).catch(() => "") : "" };
    got = true;
  }
  return got;
}

export async function showSignage(root: HTMLElement) {
  document.body.classList.add("signage-body");
  const first = await api.screenModel();
  await fetchPictures(first);
  // The bundled font's text is not the fallback's size: fit with the font that is drawn
  // (fonts load when first used; ask for both weights before the first paint).
  await Promise.all(["400 1em Atkinson", "700 1em Atkinson"].map((f) => document.fonts.load(f).catch(() => []))).catch(() => {});
  paint(root, first);
  document.fonts.addEventListener("loadingdone", () => { if (last) paint(root, last); });
  await api.on("screen", async (m) => {
    // The pushed screen first: a staff action shows at once; pictures follow if new.
    paint(root, m);
    if (await fetchPictures(m)) paint(root, m);
  });
  // A window resized (or turned to portrait) lays out again.
  window.addEventListener("resize", () => { if (last) paint(root, last); });
}

function subtitle(m: ScreenModel): string {
  if (m.view.kind === "room") return `${both("room")[0]} ${m.view.room}${m.event.venue ? ` · ${m.event.venue}` : ""}`;
  return m.event.venue;
}

function paint(root: HTMLElement, m: ScreenModel) {
  last = m;
  const shown = {
    plan: m.position?.plan ? pictures.get(m.position.plan.sha) : undefined,
    qr: qr.url === m.event.programme_url ? qr.svg : "",
  };
  const logo = m.event.logo ? pictures.get(m.event.logo.sha) : undefined;
  const door = m.view.kind === "room" ? m.rooms[0] : undefined;
  clear(root,
    h("div", { class: `signage view-${m.view.kind}`, "data-phase": door?.screen.phase ?? "hall" },
      header(m, logo, subtitle(m)),
      ...strips(m, door?.screen.room_full ?? false),
      door ? doorSign(m, door, shown) : hallView(m, shown),
    ),
  );
  document.documentElement.style.setProperty("--brand", m.event.colour);
  fit(root);
  // Wall-clock time of this paint, read by the benchmark against the organiser's click.
  painted();
}
