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
    // The programme and the position may have changed with the action that pushed this.
    [programme, info] = await Promise.all([api.programme(), api.eventInfo()]);
    paint(root, s);
  });
}

function talkBlock(talk: TalkView, kind: "now" | "next") {
  return h("div", { class: `talk ${kind}` },
    h("div", { class: "talk-title", id: `${kind}-title` }, talk.title),
    talk.speakers.length ? h("div", { class: "talk-speakers", id: `${kind}-speakers` }, speakers(talk.speakers)) : null,
    talk.remote ? h("div", { class: "badge-remote" }, bi("remote_badge")) : null,
  );
}

function progress(talk: TalkView) {
  const el = talk.elapsed_minutes ?? 0;
  const left = talk.remaining_minutes ?? 0;
  const pct = Math.max(0, Math.min(100, (el / Math.max(1, talk.minutes)) * 100));
  return h("div", { class: "progress-wrap" },
    h("div", { class: "progress" }, h("div", { class: "progress-fill", style: `width:${pct}%` })),
    h("div", { class: "progress-text" },
      bi("elapsed", { n: el }), " · ", left >= 0 ? bi("remaining", { n: left }) : bi("overrun", { n: -left }, "overrun")),
  );
}

function mainPanel(s: Screen) {
  if (s.phase === "on_stage" && s.now) {
    return h("section", { class: "main" },
      h("div", { class: "label now-label" }, bi("now_on")),
      talkBlock(s.now, "now"),
      progress(s.now),
      s.next ? h("div", { class: "next-wrap" },
        h("div", { class: "label" }, bi("next_up"), h("span", { class: "next-time" }, s.next.starts)),
        talkBlock(s.next, "next")) : null,
    );
  }
  if (s.phase === "before") {
    const first = s.next_block;
    return h("section", { class: "main centre" },
      h("div", { class: "big-message" }, bi("day_starts", { time: first?.starts ?? "" })),
      s.next ? h("div", { class: "next-wrap" }, h("div", { class: "label" }, bi("next_up"), h("span", { class: "next-time" }, s.next.starts)), talkBlock(s.next, "next")) : null,
    );
  }
  if (s.phase === "after") {
    return h("section", { class: "main centre" }, h("div", { class: "big-message", id: "day-over" }, bi("day_over")));
  }
  // Between: a break, the welcome, or a block's end.
  const b = s.block;
  const isBreak = b && (b.kind === "break" || b.kind === "welcome");
  const coming = s.next_block ? programme.blocks.find((x) => x.id === s.next_block!.id) : undefined;
  return h("section", { class: "main" },
    h("div", { class: "label now-label" }, bi("now_on")),
    h("div", { class: "break-title", id: "now-title" }, b ? b.title : bi("between")),
    isBreak && s.next_block ? h("div", { class: "resume" }, bi("resumes_at", { time: s.next_block.starts })) : null,
    isBreak && coming && coming.talks.length > 1
      ? h("div", { class: "coming" },
          h("div", { class: "coming-title" }, `${s.next_block!.starts} · ${coming.title}`),
          h("ol", {}, ...coming.talks.slice(0, 3).map((x) => h("li", {}, x.title, h("span", { class: "coming-who" }, ` — ${speakers(x.speakers)}`)))),
          coming.talks.length > 3 ? h("div", { class: "coming-more" }, `+ ${coming.talks.length - 3}`) : null)
      : null,
    s.next ? h("div", { class: "next-wrap" },
      h("div", { class: "label" }, bi("next_up"), h("span", { class: "next-time" }, s.next.starts)),
      talkBlock(s.next, "next")) : null,
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
      h("figcaption", {}, h("span", { class: "here-dot", "aria-hidden": "true" }, "●"), " ", bi("you_are_here"), " — ", bi("plan_schematic"))),
  );
}

function dayColumn(s: Screen) {
  const tz = info.event.time_zone;
  return h("section", { class: "day" },
    h("div", { class: "label" }, bi("the_day")),
    h("ol", { class: "day-list" }, ...programme.blocks.slice(Math.max(0, programme.blocks.findIndex((b) => b.id === s.block?.id) - 1)).map((b) => {
      const current = s.block?.id === b.id;
      return h("li", { class: `day-item k-${b.kind}${current ? " current" : ""}` },
        h("span", { class: "day-time" }, hm(b.starts, tz)),
        h("span", { class: "day-title" }, b.title),
      );
    })),
  );
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
      h("div", { class: "s-body" },
        mainPanel(s),
        h("aside", { class: "s-side" },
          wayfinding(),
          h("div", { class: "qr-row" }, h("div", { class: "qr" }, svg(qr)), h("div", { class: "qr-text" }, bi("online_programme"))),
          dayColumn(s),
        ),
      ),
      s.announcement ? h("div", { class: "announcement", id: "announcement", role: "alert" },
        h("div", { class: "label" }, bi("announcement")), h("div", { class: "announce-text" }, s.announcement)) : null,
    ),
  );
  // Wall-clock time of this paint, read by the benchmark against the organiser's click.
  painted();
}
