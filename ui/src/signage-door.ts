// The sign of one room (at its door, or in the hall of a one-room event): what is on now,
// what comes next, the room's day, the way from where the screen stands. Landscape or
// portrait: the same parts, laid out by the stylesheet.

import { h } from "./dom.js";
import type { Coming, DayItem, RoomScreen, ScreenModel } from "./gen/contract.js";
import { bi, pair, planFigure, progress, qrRow, speakers, startsWords, talkBlock, titleSize, wayRow } from "./signage-parts.js";

/** What comes next in the room, a break included. */
function upNext(r: RoomScreen) {
  const u = r.screen.up_next;
  if (!u) return null;
  return h("div", { class: "next-wrap" },
    h("div", { class: "label" }, bi("next_up"), h("span", { class: "next-time", id: "next-time", "data-essential": "" }, u.starts)),
    u.talk ? talkBlock(u.talk, "next") : h("div", { class: "talk next" }, h("div", { class: "talk-title", id: "next-title", "data-essential": "" }, u.title)),
  );
}

/** A block to come with its talks: all of them, until the screen is full (then "and N more"). */
function coming(c: Coming | null | undefined) {
  if (!c) return null;
  return h("div", { class: "coming" },
    h("div", { class: "coming-title" }, `${c.starts} · ${c.title}`),
    c.talks.length ? h("ol", { class: "coming-list" }, ...c.talks.map((x, i) => h("li", {},
      h("span", i === 0 ? { id: "next-title", "data-essential": "" } : {}, x.title),
      x.speakers.length ? h("span", { class: "coming-who" }, ` — ${speakers(x.speakers)}`) : null))) : null,
    h("div", { class: "coming-more hidden" }),
  );
}

function mainPanel(m: ScreenModel, r: RoomScreen) {
  const s = r.screen;
  if (s.phase === "on_stage" && s.now) {
    return h("section", { class: "main" },
      h("div", { class: "label now-label" }, bi("now_on")),
      talkBlock(s.now, "now"),
      progress(s.now),
      upNext(r),
    );
  }
  if (s.phase === "before") {
    const words = startsWords(r);
    return h("section", { class: "main" },
      h("div", { class: "big-message", id: "starts", "data-essential": "" }, words ? pair(words[0], words[1]) : bi("programme_to_come")),
      coming(s.coming),
    );
  }
  if (s.phase === "after") {
    return h("section", { class: "main centre" }, h("div", { class: "big-message", id: "day-over" }, bi(m.over ? "event_over" : "day_over")));
  }
  const b = s.block;
  if (s.phase === "block_time" && b) {
    // The block's talks are over, the block is not: its own time (discussion, questions).
    return h("section", { class: "main" },
      h("div", { class: "label now-label" }, bi("now_on")),
      h("div", { class: `break-title${titleSize(b.title)}`, id: "now-title", "data-essential": "" }, b.title),
      h("div", { class: "resume", id: "block-time" }, bi(b.kind === "panel" ? "panel_until" : "discussion_until", { time: b.ends })),
      upNext(r),
    );
  }
  // Between: a break, the welcome, or a block staff ended early.
  const isBreak = b && (b.kind === "break" || b.kind === "welcome");
  if (isBreak && s.coming) {
    return h("section", { class: "main" },
      h("div", { class: "label now-label" }, bi("now_on")),
      h("div", { class: "break-title", id: "now-title", "data-essential": "" }, b!.title),
      h("div", { class: "resume", id: "resume", "data-essential": "" }, bi(s.started ? "resumes_at" : "starts_at", { time: s.coming.starts })),
      coming(s.coming),
    );
  }
  return h("section", { class: "main" },
    h("div", { class: "label now-label" }, bi("now_on")),
    h("div", { class: "break-title", id: "now-title", "data-essential": "" }, b ? b.title : bi("between")),
    upNext(r),
  );
}

/** The room's day in two columns, what is past dimmed, at the times the delays give. */
function dayList(items: DayItem[]) {
  if (!items.length) return null;
  return h("section", { class: "day" },
    h("div", { class: "label" }, bi("the_day")),
    h("ol", { class: "day-list" }, ...items.map((d) =>
      h("li", { class: `day-item k-${d.kind} s-${d.state}` },
        h("span", { class: "day-time" }, d.starts),
        h("span", { class: "day-title" }, d.title),
      ))),
  );
}

export function doorSign(m: ScreenModel, r: RoomScreen, pictures: { plan?: string; qr: string }) {
  // After the event, a screen sends nobody anywhere.
  const way = m.over ? null : r.way;
  const side = h("aside", { class: "s-side" },
    way ? wayRow(way) : null,
    // At the room's door the way already says "you are here": the plan's legend would say it twice.
    !m.over && m.position ? planFigure(m.position, pictures.plan, way?.arrow !== "here") : null,
    qrRow(pictures.qr),
  );
  return h("div", { class: "s-body door" },
    h("div", { class: "s-main" }, mainPanel(m, r), r.screen.phase === "after" ? null : dayList(r.screen.day)),
    side,
  );
}
