// Keeps the essentials in view whatever is added: after each paint, each column of the
// screen, while it overflows or something that matters in it (what is on, its time left,
// what comes, the way) is outside the screen or clipped, gives up what matters less first —
// the past of the day, the end of a long list of talks, type size, the day's list; on the
// side, the plan's size (never below what keeps its smallest label legible), the QR code,
// the plan. Bounded: a handful of steps, each one measured.

import { both } from "./i18n.js";

type Step = string | ((region: HTMLElement) => boolean);

/** What is given up, in order, and in which column. A function step returns false when it
 *  has nothing more to give. */
const STEPS: [string, Step][] = [
  [".s-main", "fit-past"],
  [".s-side", shrinkPlan],
  [".s-side", "fit-noqr"],
  [".s-main", (r) => trim(r, 3)],
  [".s-main", "fit-tight"],
  [".hall-grid", "fit-tight"],
  [".s-main", "fit-noday"],
  [".s-main", (r) => trim(r, 1)],
  [".s-side", "fit-side-tight"],
  [".s-side", "fit-noplan"],
  [".s-main", "fit-nowho"],
  [".hall-grid", "fit-nowho"],
  [".s-main", "fit-tighter"],
  [".hall-grid", "fit-tighter"],
];

/** Whether `el` is wholly on screen and not cut by a parent that hides its overflow. */
export function wholly(el: Element): boolean {
  const r = el.getBoundingClientRect();
  if (r.width === 0 || r.height === 0) return false;
  const inside = (a: DOMRect, b: { left: number; top: number; right: number; bottom: number }) =>
    a.left >= b.left - 1 && a.top >= b.top - 1 && a.right <= b.right + 1 && a.bottom <= b.bottom + 1;
  if (!inside(r, { left: 0, top: 0, right: window.innerWidth, bottom: window.innerHeight })) return false;
  for (let p = el.parentElement; p; p = p.parentElement) {
    const o = getComputedStyle(p);
    if (o.overflowX !== "visible" || o.overflowY !== "visible") {
      if (!inside(r, p.getBoundingClientRect())) return false;
    }
  }
  // Text cut inside its own box (a title too long for its lines).
  return getComputedStyle(el).overflowY === "visible" || el.scrollHeight <= el.clientHeight + 2;
}

function fits(region: HTMLElement): boolean {
  if (region.scrollHeight > region.clientHeight + 2) return false;
  for (const box of region.querySelectorAll(".main, .room-card")) {
    if (box.scrollHeight > box.clientHeight + 2) return false;
  }
  return [...region.querySelectorAll("[data-essential]")].every(wholly);
}

/** The talks taken off a list, last first, to give back if room is made later. */
const dropped = new WeakMap<Element, Element[]>();

function sayMore(list: Element, more: HTMLElement) {
  const n = dropped.get(list)?.length ?? 0;
  const [fr, en] = both(n === 1 ? "more_talk" : "more_talks", { n });
  more.textContent = `${fr} · ${en}`;
  more.classList.toggle("hidden", n === 0);
}

/** Gives back the talks taken off while they fit (what later steps gave up made room). */
function regrow(sig: HTMLElement, fitsAll: () => boolean) {
  for (const list of sig.querySelectorAll(".coming-list")) {
    const more = list.parentElement?.querySelector<HTMLElement>(".coming-more");
    const taken = dropped.get(list);
    if (!more || !taken) continue;
    while (taken.length) {
      const li = taken.pop()!;
      list.append(li);
      sayMore(list, more);
      if (!fitsAll()) {
        li.remove();
        taken.push(li);
        sayMore(list, more);
        break;
      }
    }
  }
}

/** Drops the last talks of a coming block, keeping at least `keep`, while the column
 *  overflows; says how many more there are. */
function trim(region: HTMLElement, keep: number): boolean {
  const list = region.querySelector(".coming-list");
  const more = region.querySelector<HTMLElement>(".coming-more");
  if (!list || !more || list.children.length <= keep) return false;
  const taken = dropped.get(list) ?? [];
  dropped.set(list, taken);
  while (!fits(region) && list.children.length > keep && taken.length < 60) {
    const last = list.lastElementChild;
    if (!last) break;
    last.remove();
    taken.push(last);
    sayMore(list, more);
  }
  return true;
}

/** The plan a little smaller, down to the height that keeps its smallest text at 2 % of the
 *  screen's height (`data-min-vh`); false once there. */
function shrinkPlan(region: HTMLElement): boolean {
  const plan = region.querySelector<HTMLElement>(".plan");
  if (!plan) return false;
  const min = Number(plan.dataset.minVh ?? "15");
  const now = Number(plan.dataset.maxVh ?? "38");
  if (now <= min) return false;
  const next = Math.max(min, now - 4);
  plan.dataset.maxVh = String(next);
  plan.style.setProperty("--plan-max", `${next}vh`);
  return true;
}

/** A plan drawn smaller than its text allows (a narrow column) is no help: it goes. */
function planLegible(region: HTMLElement) {
  const plan = region.querySelector<HTMLElement>(".plan");
  const box = plan?.querySelector(".plan-box");
  if (!plan || !box) return;
  const min = (Number(plan.dataset.minVh ?? "0") / 100) * window.innerHeight;
  if (box.getBoundingClientRect().height + 1 < min) region.classList.add("fit-noplan");
}

/** Whether the columns share the screen's height (portrait: one above the other), so that
 *  what one gives up makes room for the other. */
function stacked(sig: HTMLElement): boolean {
  const body = sig.querySelector(".s-body");
  return !!body && getComputedStyle(body).display === "flex" && getComputedStyle(body).flexDirection === "column";
}

/** Gives up what matters least until every column fits with its essentials in view. */
export function fit(root: HTMLElement) {
  const sig = root.querySelector<HTMLElement>(".signage");
  if (!sig) return;
  const regions = () => [".s-main", ".s-side", ".hall-grid"].flatMap((s) => [...sig.querySelectorAll<HTMLElement>(s)]);
  for (const side of sig.querySelectorAll<HTMLElement>(".s-side")) planLegible(side);
  const shared = stacked(sig);
  const fitsAll = () => regions().every(fits) && [...sig.querySelectorAll("[data-essential]")].every(wholly);
  for (const [selector, step] of STEPS) {
    const all = regions();
    if (fitsAll()) break;
    const region = sig.querySelector<HTMLElement>(selector);
    if (!region) continue;
    // A column gives up something when it overflows itself, or, stacked, when another does.
    if (fits(region) && !(shared && all.some((r) => !fits(r)))) continue;
    if (typeof step === "string") region.classList.add(step);
    else for (let i = 0; i < 12 && !all.every(fits) && step(region); i++);
  }
  regrow(sig, fitsAll);
}
