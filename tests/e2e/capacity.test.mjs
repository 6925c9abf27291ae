// A room's capacity on the real windows: the door turns the next person away with SALLE
// COMPLÈTE (or lets them in, warned), and the signage shows "Salle complète" by itself when
// the people inside reach the capacity, and lifts it when they go out.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startApp, newDataDir, cli, shot, switchTo, sleep, openOrganiser } from "./harness.mjs";

let data, codes, room;
const apps = [];

before(() => {
  data = newDataDir();
  cli(data, "init", "--demo", "--pin", "2468");
  room = cli(data, "rooms", "list").rooms[0].name;
  // Two seats; open again below one (everyone out).
  cli(data, "rooms", "set", room, "--capacity", "2", "--policy", "refuse", "--margin", "1");
  codes = cli(data, "attendees", "list").map((a) => a.code);
});

after(async () => { for (const a of apps) await a.stop(); });

async function verdict(b) {
  await b.waitUntil(async () => !!(await b.$("#verdict").getAttribute("data-verdict")), { timeout: 5000, timeoutMsg: "no verdict shown" });
  return b.$("#verdict").getAttribute("data-verdict");
}

async function scan(b, code) {
  if (await b.$("#verdict").getAttribute("data-verdict")) await b.$("#verdict").click();
  await b.waitUntil(async () => !(await b.$("#verdict").getAttribute("data-verdict")), { timeout: 3000 });
  await b.$("#scan-field").addValue(code + "\uE007");
  return verdict(b);
}

test("the door at capacity: SALLE COMPLÈTE, not let in; a door that only warns lets in, told", async () => {
  const app = await startApp(data, ["--signage", "off", "--desk", "Porte 223M"]);
  apps.push(app);
  const b = app.browser;
  await b.$("#scan-field").waitForExist({ timeout: 20000 });
  assert.equal(await scan(b, codes[0]), "admitted");
  assert.equal(await scan(b, codes[1]), "admitted");
  assert.equal(await scan(b, codes[2]), "room_full");
  assert.match(await b.$("#verdict-word").getText(), /SALLE COMPLÈTE/);
  assert.match(await b.$("#verdict-hint").getText(), new RegExp(`Ne pas faire entrer.*${room}`));
  await sleep(300);
  shot("desk-room-full");
  assert.equal(cli(data, "stats").admitted, 2, "turned away: not an entry");
  // The organiser sets the door to warn: the same person is let in, the volunteer told.
  cli(data, "rooms", "set", room, "--policy", "warn");
  assert.equal(await scan(b, codes[2]), "admitted_room_full");
  assert.match(await b.$("#verdict-hint").getText(), /Entrée enregistrée/);
  await sleep(300);
  shot("desk-admitted-room-full");
  const st = cli(data, "stats");
  assert.equal(st.inside_by_room[room], 3);
  assert.deepEqual(st.rooms_full, [room]);
  await app.stop();
  apps.pop();
});

test("the signage shows Salle complète by itself at capacity and lifts it when people go out", async () => {
  const app = await startApp(data, ["--rehearsal", "2021-11-09T10:05:00+01:00", "--speed", "1", "--signage", "fullscreen", "--desk", "Porte 223M"]);
  apps.push(app);
  const b = app.browser;
  await switchTo(b, "signage");
  await b.$(".signage").waitForExist({ timeout: 20000 });
  await b.$("#room-full").waitForExist({ timeout: 10000, timeoutMsg: "three inside a room of two: no Salle complète" });
  assert.ok(await b.$("#now-title").isDisplayed({ withinViewport: true }), "the strip hides nothing");
  await sleep(700);
  shot("signage-room-full-by-capacity");
  // Out go two: one still inside, not below the margin: the strip stays (no flicker).
  cli(data, "checkin", codes[0], "--exit");
  cli(data, "checkin", codes[1], "--exit");
  await sleep(1500);
  assert.ok(await b.$("#room-full").isExisting(), "one inside of two seats less a margin of one: still full");
  cli(data, "checkin", codes[2], "--exit");
  await b.$("#room-full").waitForExist({ reverse: true, timeout: 10000, timeoutMsg: "everyone out: Salle complète did not lift" });
  // Back in, two of them: full again by itself.
  cli(data, "checkin", codes[0]);
  cli(data, "checkin", codes[1]);
  await b.$("#room-full").waitForExist({ timeout: 10000, timeoutMsg: "full again: no Salle complète" });
  assert.equal(cli(data, "stats").inside, 2);
  // The organiser's screen says the people inside the room against its capacity.
  await switchTo(b, "desk");
  await openOrganiser(b, "2468");
  await b.waitUntil(async () => (await b.$("#glance-rooms").getText()).includes(`${room} : 2 / 2`), { timeout: 10000, timeoutMsg: "no people inside against the capacity on the organiser's screen" });
  assert.match(await b.$("#glance-rooms").getText(), /Salle complète/);
  assert.equal(await b.$("#room-full-toggle").getText(), "Salle à nouveau ouverte", "the switch offers to open the room");
  await b.$("#room-full-toggle").click();
  await switchTo(b, "signage");
  await b.$("#room-full").waitForExist({ reverse: true, timeout: 10000, timeoutMsg: "the organiser's switch did not win" });
});
