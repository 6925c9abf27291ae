// The hall: every room at once — what is on in each, what comes next there, and the way
// to it from where the screen stands. One card a room; the plan and the programme's QR
// code beside them.

import { h } from "./dom.js";
import type { RoomScreen, ScreenModel } from "./gen/contract.js";
import { arrowGlyph, bi, pair, planFigure, qrRow, speakers, startsWords } from "./signage-parts.js";

function nowLine(r: RoomScreen) {
  const s = r.screen;
  if (s.phase === "on_stage" && s.now) {
    const left = s.now.remaining_minutes ?? 0;
    return [
      h("div", { class: "card-now", "data-essential": "" }, s.now.title),
      s.now.speakers.length ? h("div", { class: "card-who" }, speakers(s.now.speakers)) : null,
      h("div", { class: "card-left" }, s.now.overrun_minutes ? bi("overrun", { n: s.now.overrun_minutes }, "overrun") : bi("remaining", { n: Math.max(0, left) })),
    ];
  }
  if (s.phase === "before") {
    // In the hall the day has begun elsewhere: this room "starts at", today.
    const w = r.day?.relation === "today" && r.opens ? null : startsWords(r);
    return [h("div", { class: "card-now", "data-essential": "" },
      w ? pair(w[0], w[1]) : r.opens ? bi("starts_at", { time: r.opens }) : bi("programme_to_come"))];
  }
  if (s.phase === "after") return [h("div", { class: "card-now done", "data-essential": "" }, bi("room_done"))];
  const b = s.block;
  const resume = s.coming && b && (b.kind === "break" || b.kind === "welcome") ? bi(s.started ? "resumes_at" : "starts_at", { time: s.coming.starts }) : null;
  return [
    h("div", { class: "card-now", "data-essential": "" }, b ? b.title : bi("between")),
    resume ? h("div", { class: "card-left" }, resume) : null,
  ];
}

function card(r: RoomScreen, over: boolean, i: number) {
  const u = r.screen.up_next;
  return h("section", { class: `room-card${r.screen.room_full ? " full" : ""}`, "data-room": r.room, id: `room-${i}` },
    h("div", { class: "card-head" },
      h("div", { class: "card-room", "data-essential": "" }, r.room),
      r.screen.room_full ? h("div", { class: "card-full" }, bi("room_full")) : null),
    !over && r.way ? h("div", { class: "card-way" }, arrowGlyph(r.way.arrow, "card-arrow"), h("div", { class: "card-way-text", "data-essential": "" }, pair(r.way.fr, r.way.en))) : null,
    h("div", { class: "card-body" }, ...nowLine(r)),
    u && r.screen.phase !== "after"
      ? h("div", { class: "card-next" }, h("span", { class: "card-next-label" }, bi("next_up")), h("span", { class: "card-next-time", "data-essential": "" }, u.starts), h("span", { class: "card-next-title" }, u.title))
      : null,
  );
}

export function hallView(m: ScreenModel, pictures: { plan?: string; qr: string }) {
  const rooms = m.rooms;
  const plan = !m.over && m.position ? planFigure(m.position, pictures.plan) : null;
  const qr = qrRow(pictures.qr);
  return h("div", { class: `s-body hall${plan || qr ? "" : " no-side"}` },
    h("div", { class: `hall-grid n${Math.min(rooms.length, 9)}` },
      ...(rooms.length ? rooms.map((r, i) => card(r, m.over, i)) : [h("div", { class: "big-message" }, bi("programme_to_come"))])),
    plan || qr ? h("aside", { class: "s-side" },
      plan && m.position ? h("div", { class: "here-name" }, pair(m.position.name, m.position.name_en)) : null,
      plan, qr) : null,
  );
}
