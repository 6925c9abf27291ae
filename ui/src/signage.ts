// The signage screen: read from five metres. What is on now, what comes next, the time,
// and the way to the room. No personal data: speakers are public, attendees never shown.
// Everything arrives pushed by the app ("screen" events); nothing is polled.

import { clear, h, svg } from "./dom.js";
import { both, Key } from "./i18n.js";
import * as api from "./gen/contract.js";
import type { EventInfo, Programme, Screen, ScreenPosition, Speaker, TalkView } from "./gen/contract.js";
import { hm } from "./format.js";
import { painted } from "./measure.js";

let info: EventInfo;
let programme: Programme;
let qr: string;

function bi(key: Key, vars: Record<string, string | number> = {}, cls = "") {
  const [fr, en] = both(key, vars);
  return h("span", { class: `bi ${cls}` }, h("span", { class: "fr" }, fr), h("span", { class: "en", lang: "en" }, en));
}

function speakers(list: Speaker[]) {
  return list.map((s) => (s.organisation ? `${s.name} (${s.organisation})` : s.name)).join(", ");
}

export async function showSignage(root: HTMLElement) {
  document.body.classList.add("signage-body");
  info = await api.eventInfo();
  programme = await api.programme();
  qr = await api.qrSvg(info.event.programme_url);
  paint(root, await api.screen());
  await api.on("screen", async (s) => {
    // The pushed screen first: a staff action shows at once. Then the programme and the
    // position, which the same action may have changed: painted again only if they did.
    paint(root, s);
    const before = JSON.stringify([programme, info.event, info.screen_position]);
    const url = info.event.programme_url;
    [programme, info] = await Promise.all([api.programme(), api.eventInfo()]);
    if (info.event.programme_url !== url) qr = await api.qrSvg(info.event.programme_url);
    if (JSON.stringify([programme, info.event, info.screen_position]) !== before) paint(root, s);
  });
}

/** Long titles get smaller type, so that nothing is cut at 1280×720 either. */
function titleSize(title: string) {
  return title.length > 110 ? " very-long" : title.length > 60 ? " long" : "";
}

function talkBlock(talk: TalkView, kind: "now" | "next") {
  return h("div", { class: `talk ${kind}` },
    h("div", { class: `talk-title${titleSize(talk.title)}`, id: `${kind}-title` }, talk.title),
    talk.speakers.length ? h("div", { class: "talk-speakers", id: `${kind}-speakers` }, speakers(talk.speakers)) : null,
    talk.remote ? h("div", { class: "badge-remote" }, bi("remote_badge")) : null,
  );
}

/** Minutes left, short enough to read at a glance; the bar shows how far the talk is. */
function progress(talk: TalkView) {
  const el = talk.elapsed_minutes ?? 0;
  const left = talk.remaining_minutes ?? 0;
  const pct = Math.max(0, Math.min(100, (el / Math.max(1, el + Math.max(0, left))) * 100));
  return h("div", { class: "progress-wrap" },
    h("div", { class: "progress" }, h("div", { class: "progress-fill", style: `width:${pct}%` })),
    h("div", { class: "progress-text" },
      talk.overrun_minutes ? bi("overrun", { n: talk.overrun_minutes }, "overrun") : bi("remaining", { n: Math.max(0, left) })),
  );
}

/** What comes next in the room, a break included. */
function upNext(s: Screen) {
  const u = s.up_next;
  if (!u) return null;
  return h("div", { class: "next-wrap" },
    h("div", { class: "label" }, bi("next_up"), h("span", { class: "next-time" }, u.starts)),
    u.talk ? talkBlock(u.talk, "next") : h("div", { class: "talk next" }, h("div", { class: "talk-title", id: "next-title" }, u.title)),
  );
}

/** A break's next block: its title and its talks (all of them, or the first ones and how many more). */
function comingBlock(s: Screen) {
  const nb = s.next_block;
  const coming = nb ? programme.blocks.find((x) => x.id === nb.id) : undefined;
  if (!nb || !coming) return null;
  const shown = coming.talks.slice(0, 5);
  const more = coming.talks.length - shown.length;
  return h("div", { class: "coming" },
    h("div", { class: "coming-title" }, `${nb.starts} · ${coming.title}`),
    shown.length ? h("ol", {}, ...shown.map((x, i) => h("li", {},
      h("span", i === 0 ? { id: "next-title" } : {}, x.title),
      x.speakers.length ? h("span", { class: "coming-who" }, ` — ${speakers(x.speakers)}`) : null))) : null,
    more > 0 ? h("div", { class: "coming-more" }, bi("more_talks", { n: more })) : null,
  );
}

function mainPanel(s: Screen) {
  if (s.phase === "on_stage" && s.now) {
    return h("section", { class: "main" },
      h("div", { class: "label now-label" }, bi("now_on")),
      talkBlock(s.now, "now"),
      progress(s.now),
      upNext(s),
    );
  }
  if (s.phase === "before") {
    const first = s.next_block;
    return h("section", { class: "main" },
      h("div", { class: "big-message" }, bi("day_starts", { time: first?.starts ?? "" })),
      comingBlock(s),
    );
  }
  if (s.phase === "after") {
    return h("section", { class: "main centre" }, h("div", { class: "big-message", id: "day-over" }, bi("day_over")));
  }
  const b = s.block;
  if (s.phase === "block_time" && b) {
    // The block's talks are over, the block is not: its own time (discussion, questions).
    return h("section", { class: "main" },
      h("div", { class: "label now-label" }, bi("now_on")),
      h("div", { class: `break-title${titleSize(b.title)}`, id: "now-title" }, b.title),
      h("div", { class: "resume", id: "block-time" }, bi(b.kind === "panel" ? "panel_until" : "discussion_until", { time: b.ends })),
      upNext(s),
    );
  }
  // Between: a break, the welcome, or a block staff ended early.
  const isBreak = b && (b.kind === "break" || b.kind === "welcome");
  if (isBreak && s.next_block) {
    return h("section", { class: "main" },
      h("div", { class: "label now-label" }, bi("now_on")),
      h("div", { class: "break-title", id: "now-title" }, b!.title),
      h("div", { class: "resume" }, bi(s.started ? "resumes_at" : "starts_at", { time: s.next_block.starts })),
      comingBlock(s),
    );
  }
  return h("section", { class: "main" },
    h("div", { class: "label now-label" }, bi("now_on")),
    h("div", { class: "break-title", id: "now-title" }, b ? b.title : bi("between")),
    upNext(s),
  );
}

const ARROWS: Record<ScreenPosition, number> = { hall: -45, escalator: 0, door: 0 };

function wayfinding() {
  const pos = info.screen_position;
  const arrow = pos === "door"
    ? h("div", { class: "here-pin", "aria-hidden": "true" }, "●")
    : h("div", { class: "arrow", style: `transform: rotate(${ARROWS[pos]}deg)`, "aria-hidden": "true" }, "➜");
  return h("section", { class: "way" },
    h("div", { class: "way-row" }, arrow, h("div", { class: "way-text", id: "way-text" }, bi(`way_${pos}` as Key, { room: info.event.room }))),
    h("figure", { class: "plan" },
      h("img", { src: `assets/plans/plan-${pos}.svg`, alt: "" }),
      h("figcaption", {},
        h("div", { class: "here" }, h("span", { class: "here-dot", "aria-hidden": "true" }, "●"), " ", bi("you_are_here")),
        h("div", { class: "schematic" }, bi("plan_schematic")))),
  );
}

/** The whole day, in two columns, what is past dimmed: it always fits. */
function dayList(s: Screen) {
  const tz = info.event.time_zone;
  const now = new Date(s.at).getTime();
  return h("section", { class: "day" },
    h("div", { class: "label" }, bi("the_day")),
    h("ol", { class: "day-list" }, ...programme.blocks.map((b) => {
      const current = s.block?.id === b.id;
      const past = !current && new Date(b.ends).getTime() <= now;
      return h("li", { class: `day-item k-${b.kind}${current ? " current" : ""}${past ? " past" : ""}` },
        h("span", { class: "day-time" }, hm(b.starts, tz)),
        h("span", { class: "day-title" }, b.title),
      );
    })),
  );
}

/** The way to the room and the QR code change with the settings, not with the minute:
 *  built once and kept, so that a whole day of repaints does not rebuild them. */
let side: { key: string; el: HTMLElement } | null = null;
function sidePanel(): HTMLElement {
  const key = `${info.screen_position}|${info.event.room}|${qr}`;
  if (side?.key !== key) {
    side = { key, el: h("aside", { class: "s-side" },
      wayfinding(),
      h("div", { class: "qr-row" }, h("div", { class: "qr" }, svg(qr)), h("div", { class: "qr-text" }, bi("online_programme"))),
    ) };
  }
  return side.el;
}

function paint(root: HTMLElement, s: Screen) {
  const rehearsal = s.rehearsal;
  clear(root,
    h("div", { class: "signage", "data-phase": s.phase },
      h("header", { class: "s-head" },
        h("div", { class: "s-event" }, h("div", { class: "s-name" }, info.event.name), h("div", { class: "s-room" }, `${both("room")[0]} ${info.event.room} · ${info.event.venue}`)),
        rehearsal ? h("div", { class: "rehearsal", id: "rehearsal" }, bi("rehearsal")) : null,
        h("div", { class: "s-clock", id: "clock" }, s.clock),
      ),
      // Announcements and "room full" are strips: the clock and the way stay on screen.
      s.room_full ? h("div", { class: "room-full", id: "room-full", role: "alert" }, bi("room_full")) : null,
      s.announcement ? h("div", { class: "announcement", id: "announcement", role: "alert" },
        h("div", { class: "label" }, bi("announcement")), h("div", { class: "announce-text" }, s.announcement)) : null,
      h("div", { class: "s-body" },
        h("div", { class: "s-main" }, mainPanel(s), dayList(s)),
        sidePanel(),
      ),
    ),
  );
  // Wall-clock time of this paint, read by the benchmark against the organiser's click.
  painted();
}
