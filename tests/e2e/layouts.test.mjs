// The signage never loses the essentials: at 1920×1080, 1280×720, 3840×2160 and in portrait
// (1080×1920, a door sign), with a 280-character announcement and "room full", at a busy
// moment and over a long lunch list, for the door sign and for the hall of a multi-room
// congress. Each screen runs fullscreen on an X display of that size; the page itself
// measures what is outside the window or cut (see harness.misses).

import { test, after } from "node:test";
import assert from "node:assert/strict";
import { resolve, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { startApp, startDisplay, newDataDir, cli, switchTo, shotOf, sleep, misses } from "./harness.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const SCHEDULES = resolve(here, "../../src-tauri/core/tests/fixtures/schedules");
const SIZES = [[1920, 1080], [1280, 720], [3840, 2160], [1080, 1920]];
/** 280 characters: the longest announcement there is. */
const LONG = "Le vestiaire ferme à 17 h 45 : pensez à reprendre vos affaires avant la dernière présentation, et à rendre votre badge à la sortie. Le déjeuner est servi au niveau 1 de 12 h à 13 h 30. Les présentations de l'après-midi reprennent à l'heure. Merci à toutes et à tous, bonne fin !!!";

const stops = [];
after(async () => { for (const s of stops.reverse()) await s(); });

/** The default day, at a position, with the announcement (280 characters) and room full. */
function defaultDay(position) {
  const data = newDataDir();
  cli(data, "init");
  cli(data, "live", "announce", LONG);
  cli(data, "live", "room-full");
  cli(data, "screen", "set", "--position", position);
  return data;
}

/** The 31C3 congress: four rooms, four days; the hall screen in the foyer. */
function congress() {
  const data = newDataDir();
  cli(data, "init", "--blank");
  cli(data, "event", "set", "--name", "31C3", "--venue", "CCH", "--tz", "Europe/Berlin", "--colour", "#2d6a4f");
  cli(data, "programme", "import", resolve(SCHEDULES, "31c3.schedule.xml"), "--take-dates");
  for (const [room, arrow] of [["Saal 1", "up"], ["Saal 2", "up-left"], ["Saal G", "right"], ["Saal 6", "down-right"]]) {
    cli(data, "positions", "set", "Foyer", "--name-en", "Lobby", "--room", room, "--arrow", arrow, "--fr", `${room} : suivez les panneaux`, "--en", `${room}: follow the signs`);
  }
  cli(data, "screen", "set", "--hall", "--position", "foyer");
  cli(data, "live", "announce", LONG.slice(0, 200));
  return data;
}

async function screenAt(size, data, instant, name) {
  const [w, h] = size;
  const x = await startDisplay(w, h);
  stops.push(async () => x.stop());
  const app = await startApp(data, ["--rehearsal", instant, "--speed", "1", "--signage", "fullscreen", "--no-desk-window"], { DISPLAY: x.display });
  stops.push(() => app.stop());
  const b = app.browser;
  await switchTo(b, "signage");
  await b.$(".signage").waitForExist({ timeout: 20000 });
  // The pictures (plan, QR) come after the first paint: wait until the page is settled.
  await b.waitUntil(async () => (await b.execute(() => !!document.querySelector("#clock"))), { timeout: 10000 });
  await sleep(1500);
  const inner = await b.execute(() => [window.innerWidth, window.innerHeight]);
  assert.deepEqual(inner, [w, h], `${name}: the signage fills the ${w}×${h} screen`);
  shotOf(x.display, name);
  return { b, app, x };
}

for (const size of SIZES) {
  const [w, h] = size;
  test(`door sign at ${w}×${h}: on stage, next, time left, clock and way stay in view with an announcement and room full`, async () => {
    const { b, app, x } = await screenAt(size, defaultDay("hall"), "2021-11-09T10:05:00+01:00", `layout-door-1005-${w}x${h}`);
    // Read in one go in the page: the screen may repaint at the minute.
    const [missing, announced] = await b.execute((ids) => [ids.filter((id) => !document.querySelector(id)), document.querySelector("#announce-text")?.textContent],
      ["#now-title", "#time-left", "#next-title", "#next-time", "#clock", "#way-text", "#announce-text", "#room-full"]);
    assert.deepEqual(missing, [], `on the ${w}×${h} screen`);
    assert.equal(announced, LONG, "the whole announcement");
    assert.deepEqual(await misses(b), [], `${w}×${h}`);
    await app.stop();
    x.stop();
  });

  test(`door sign at ${w}×${h} over lunch: the talks after the break, whole or counted, never cut`, async () => {
    const { b, app, x } = await screenAt(size, defaultDay("door"), "2021-11-09T12:30:00+01:00", `layout-door-1230-${w}x${h}`);
    const [resume, way, shown, more] = await b.execute(() => [document.querySelector("#resume")?.textContent, !!document.querySelector("#way-text"),
      document.querySelectorAll(".coming-list li").length, document.querySelector(".coming-more")?.textContent ?? ""]);
    assert.match(resume, /13:30/);
    assert.ok(way, "the way at the door: you are here");
    assert.ok(shown === 6 || /et (une|\d+) autres?/.test(more), `6 talks, or the rest counted (${shown} shown, "${more}")`);
    assert.deepEqual(await misses(b), [], `${w}×${h}`);
    await app.stop();
    x.stop();
  });

  test(`hall at ${w}×${h}: every room of a congress, with what is on, what comes and the way`, async () => {
    const { b, app, x } = await screenAt(size, congress(), "2014-12-28T11:40:00+01:00", `layout-hall-${w}x${h}`);
    const rooms = await b.execute(() => [...document.querySelectorAll(".room-card")].map((c) => c.dataset.room));
    assert.deepEqual(rooms, ["Saal 1", "Saal 2", "Saal G", "Saal 6"]);
    assert.match(await b.execute(() => document.querySelector("#day-label")?.textContent ?? ""), /Jour 2 sur 4/);
    assert.deepEqual(await misses(b), [], `${w}×${h}`);
    await app.stop();
    x.stop();
  });
}
