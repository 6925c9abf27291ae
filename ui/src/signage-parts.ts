// Pieces every signage layout uses: words in both languages, a talk, its time left, the way
// to a room (arrow and sentence), the plan with its "you are here" mark, the header and the
// strips (room full, announcement). Read from five metres: nothing here is small.

import { h, svg } from "./dom.js";
import { both, Key } from "./i18n.js";
import type { Arrow, DayView, PositionView, RoomScreen, ScreenModel, Speaker, TalkView, Way } from "./gen/contract.js";

export function bi(key: Key, vars: Record<string, string | number> = {}, cls = "") {
  const [fr, en] = both(key, vars);
  return h("span", { class: `bi ${cls}` }, h("span", { class: "fr" }, fr), h("span", { class: "en", lang: "en" }, en));
}

/** Two texts that are already in both languages (the day's words, a way's sentence). */
export function pair(fr: string, en: string, cls = "") {
  return h("span", { class: `bi ${cls}` }, h("span", { class: "fr" }, fr), en && en !== fr ? h("span", { class: "en", lang: "en" }, en) : null);
}

export function speakers(list: Speaker[]) {
  return list.map((s) => (s.organisation ? `${s.name} (${s.organisation})` : s.name)).join(", ");
}

/** Long titles get smaller type, so that nothing is cut at 1280×720 either. */
export function titleSize(title: string) {
  return title.length > 110 ? " very-long" : title.length > 60 ? " long" : "";
}

export function talkBlock(talk: TalkView, kind: "now" | "next", id = kind) {
  return h("div", { class: `talk ${kind}` },
    h("div", { class: `talk-title${titleSize(talk.title)}`, id: `${id}-title`, "data-essential": "" }, talk.title),
    talk.speakers.length ? h("div", { class: "talk-speakers", id: `${id}-speakers` }, speakers(talk.speakers)) : null,
    talk.remote ? h("div", { class: "badge-remote" }, bi("remote_badge")) : null,
  );
}

/** Minutes left, short enough to read at a glance; the bar shows how far the talk is. */
export function progress(talk: TalkView, id = "time-left") {
  const el = talk.elapsed_minutes ?? 0;
  const left = talk.remaining_minutes ?? 0;
  const pct = Math.max(0, Math.min(100, (el / Math.max(1, el + Math.max(0, left))) * 100));
  return h("div", { class: "progress-wrap" },
    h("div", { class: "progress" }, h("div", { class: "progress-fill", style: `width:${pct}%` })),
    h("div", { class: "progress-text", id, "data-essential": "" },
      talk.overrun_minutes ? bi("overrun", { n: talk.overrun_minutes }, "overrun") : bi("remaining", { n: Math.max(0, left) })),
  );
}

/** The turn of the arrow glyph (➜ points right) for each way. */
const TURN: Record<Exclude<Arrow, "here">, number> = {
  right: 0, "down-right": 45, down: 90, "down-left": 135, left: 180, "up-left": -135, up: -90, "up-right": -45,
};

export function arrowGlyph(a: Arrow, cls = "arrow") {
  return a === "here"
    ? h("div", { class: `here-pin ${cls}-here`, "aria-hidden": "true" }, "●")
    : h("div", { class: cls, style: `transform: rotate(${TURN[a]}deg)`, "aria-hidden": "true" }, "➜");
}

export function wayRow(way: Way, id = "way-text") {
  return h("div", { class: "way-row" }, arrowGlyph(way.arrow),
    h("div", { class: "way-text", id, "data-essential": "" }, pair(way.fr, way.en)));
}

/** The plan, with "you are here" marked where the organiser put it. */
export function planFigure(p: PositionView, url: string | undefined, legend = true) {
  if (!url || !p.plan) return null;
  // The box has the picture's proportions, as wide as the column allows and no taller than
  // the stylesheet's --plan-max: the mark sits on the picture wherever it is drawn.
  const { width, height } = p.plan;
  const box = h("div", { class: "plan-box", style: `aspect-ratio: ${width} / ${height}; width: min(100%, calc(var(--plan-max) * ${width / height}))` },
    h("img", { src: url, alt: "", id: "plan-img" }));
  if (p.here) box.append(h("span", { class: "here-mark", style: `left:${p.here.x * 100}%;top:${p.here.y * 100}%`, "aria-hidden": "true" }));
  // The height below which its smallest text would be under 2 % of the screen's height.
  const minVh = p.plan.text ? Math.min(38, Math.ceil(2 / p.plan.text)) : 15;
  return h("figure", { class: "plan", id: "plan", "data-min-vh": String(minVh), "data-text": String(p.plan.text ?? "") }, box,
    p.here && legend ? h("figcaption", {}, h("div", { class: "here" }, h("span", { class: "here-dot", "aria-hidden": "true" }, "●"), " ", bi("you_are_here"))) : null);
}

export function qrRow(qr: string) {
  return qr ? h("div", { class: "qr-row", id: "qr" }, h("div", { class: "qr" }, svg(qr)), h("div", { class: "qr-text" }, bi("online_programme"))) : null;
}

/** "Jour 2 sur 3 · jeudi 19 novembre" in an event of several days. */
export function dayLabel(d: DayView | null | undefined) {
  if (!d || d.count <= 1) return null;
  const n = d.number > 0 ? `${both("day_of", { n: d.number, count: d.count })[0]} · ` : "";
  const nEn = d.number > 0 ? `${both("day_of", { n: d.number, count: d.count })[1]} · ` : "";
  return h("div", { class: "s-day", id: "day-label" }, pair(`${n}${d.words.fr}`, `${nEn}${d.words.en}`));
}

/** When a room's (next) day starts: "La journée commence à 09:00", "Demain à 09:30",
 *  "Le mercredi 18 novembre à 09:00". */
export function startsWords(r: RoomScreen): [string, string] | null {
  if (!r.opens || !r.day) return null;
  const time = r.opens;
  switch (r.day.relation) {
    case "tomorrow": return both("starts_tomorrow", { time });
    case "later": {
      const [fr] = both("starts_on", { date: r.day.words.fr, time });
      const [, en] = both("starts_on", { date: r.day.words.en, time });
      return [fr, en];
    }
    default: return both("day_starts", { time });
  }
}

export function header(m: ScreenModel, logo: string | undefined, subtitle: string) {
  return h("header", { class: "s-head" },
    logo ? h("img", { class: "s-logo", src: logo, alt: "" }) : null,
    h("div", { class: "s-event" },
      h("div", { class: "s-name", id: "event-name" }, m.event.name),
      h("div", { class: "s-room" }, subtitle),
      dayLabel(m.day)),
    m.rehearsal ? h("div", { class: "rehearsal", id: "rehearsal" }, bi("rehearsal")) : null,
    h("div", { class: "s-clock", id: "clock", "data-essential": "" }, m.clock),
  );
}

/** Announcements and "room full" are strips under the header: they take their room from
 *  the day's list, never from what is on, what comes, the clock or the way. */
export function strips(m: ScreenModel, roomFull: boolean) {
  const a = m.announcement;
  const size = !a ? "" : a.length > 180 ? " small" : a.length > 90 ? " medium" : "";
  return [
    roomFull ? h("div", { class: "room-full", id: "room-full", role: "alert", "data-essential": "" }, bi("room_full")) : null,
    a ? h("div", { class: "announcement", id: "announcement", role: "alert" },
      h("div", { class: "label" }, bi("announcement")), h("div", { class: `announce-text${size}`, id: "announce-text", "data-essential": "" }, a)) : null,
  ];
}
