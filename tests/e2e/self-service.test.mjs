// The self-service desk on the real window: attendees scan their own ticket. The organiser
// turns it on from their screen; the screen says Scannez votre billet, welcomes by first
// name, sends every other case to the front desk in the same words, resets by itself, and
// leaves only with the organiser's PIN. At 1920×1080 and 1280×720, each answer shot.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startApp, newDataDir, cli, shot, sleep, openOrganiser, ticketPhoto, installTestCamera } from "./harness.mjs";

let app, b, people, data;

before(async () => {
  data = newDataDir();
  cli(data, "init", "--demo", "--pin", "2468");
  people = cli(data, "attendees", "list");
  app = await startApp(data, ["--signage", "off", "--desk", "Borne"]);
  b = app.browser;
  await b.$("#scan-field").waitForExist({ timeout: 20000 });
});

after(async () => app?.stop());

async function scan(code) {
  await b.$("#scan-field").addValue(code + "\uE007");
}

/** The answer after a scan: neither the question (`ready`) nor `not` (the answer before,
 * which may reset to the question by itself meanwhile on a busy machine). */
async function answer(not = "ready") {
  await b.waitUntil(async () => !["ready", not].includes(await b.$("#self-answer").getAttribute("data-answer")), { timeout: 5000, timeoutMsg: `still ${not}` });
  return b.$("#self-answer").getAttribute("data-answer");
}

test("the organiser turns the desk to self-service; attendees get a first name or the front desk", async () => {
  await openOrganiser(b, "2468");
  await b.$("#otab-tab_setup").click();
  await b.$("#self-start").waitForClickable({ timeout: 5000 });
  await b.$("#self-start").click();
  await b.$("#ask-yes").click();
  await b.$("#self-service").waitForExist({ timeout: 5000 });
  assert.equal(await b.$("#open-organiser").isExisting(), false, "no organiser button, no search, no history");
  assert.equal(await b.$("#search-input").isExisting(), false);
  const size = [[1920, 1080], [1280, 720]];
  const helene = people.find((p) => p.name.startsWith("Hélène"));
  const others = people.filter((p) => !p.name.startsWith("Hélène"));
  for (const [i, [w, h]] of size.entries()) {
    await b.setWindowSize(w, h);
    await sleep(400);
    assert.match(await b.$("#self-answer").getText(), /Scannez votre billet[\s\S]*Scan your ticket/);
    shot(`self-service-ready-${w}x${h}`);
    const p = i === 0 ? helene : others[0];
    await scan(p.code);
    assert.equal(await answer(), "welcome");
    const first = p.name.split(" ")[0];
    const text = await b.$("#self-answer").getText();
    assert.match(text, new RegExp(`Bienvenue, ${first} !`));
    assert.ok(!text.includes(p.name.split(" ").slice(1).join(" ")), "the first name only");
    shot(`self-service-welcome-${w}x${h}`);
    // The same ticket again, out of the scanner's double-read window: someone else with it.
    await sleep(3300);
    await scan(p.code);
    assert.equal(await answer("welcome"), "desk");
    assert.match(await b.$("#self-answer").getText(), /Adressez-vous à l'accueil[\s\S]*Please go to the front desk/);
    shot(`self-service-desk-${w}x${h}`);
    // Back to its question by itself.
    await b.waitUntil(async () => (await b.$("#self-answer").getAttribute("data-answer")) === "ready", { timeout: 8000, timeoutMsg: "did not reset" });
  }
  // Not a ticket, unknown: the same answer, no word that helps a forger.
  for (const code of ["PRETIX-NOPE-1", "BH1.AAAA"]) {
    await scan(code);
    assert.equal(await answer(), "desk");
    await b.waitUntil(async () => (await b.$("#self-answer").getAttribute("data-answer")) === "ready", { timeout: 8000 });
  }
  const stats = cli(data, "stats");
  assert.equal(stats.admitted, 2, "each welcome was an entry");
});

test("the camera at the self-service screen: a ticket held up to it gets its welcome", async () => {
  const dir = mkdtempSync(join(tmpdir(), "bluehats-self-camera-"));
  cli(data, "tickets", "export", "--out", join(dir, "tickets"));
  const rows = readFileSync(join(dir, "tickets", "tickets.csv"), "utf8").trim().split("\n").slice(1).map((l) => l.split(","));
  const inside = new Set(cli(data, "attendees", "list").filter((a) => a.checked_in_at).map((a) => a.name));
  const r = rows.find((x) => !inside.has(x[0]) && !x[0].startsWith("Hélène"));
  await installTestCamera(b, [ticketPhoto(join(dir, "tickets", r[4]), join(dir, "held.jpg"), "tilted")]);
  await b.setWindowSize(1920, 1080);
  await b.$("#self-camera").click();
  await b.waitUntil(async () => (await b.execute(() => document.getElementById("camera-status")?.dataset.state)) === "camera_hint", { timeout: 10000, timeoutMsg: "the camera did not start" });
  assert.match(await b.$("#self-answer").getText(), /Scannez votre billet/, "the question stays above the camera");
  await b.execute(() => window.__show("ticket0"));
  assert.equal(await answer(), "welcome");
  assert.match(await b.$("#self-answer").getText(), new RegExp(`Bienvenue, ${r[0].split(" ")[0]} !`));
  await sleep(300);
  shot("self-service-camera-1920x1080");
  await b.execute(() => window.__show(null));
  await b.$("#self-camera").click();
  await b.waitUntil(async () => !(await b.$("#camera").isExisting()), { timeout: 3000, timeoutMsg: "the camera did not close" });
});

test("leaving needs the organiser's PIN", async () => {
  await b.$("#self-leave").click();
  await b.$("#pin-input").waitForDisplayed({ timeout: 5000 });
  await b.$("#pin-input").setValue("0000");
  await b.$("#pin-unlock").click();
  await b.waitUntil(async () => (await b.$("#pin-error").getText()).length > 0, { timeout: 5000 });
  assert.ok(await b.$("#self-service").isExisting(), "still self-service");
  await sleep(1200); // the lock's wait after a wrong PIN
  await b.$("#pin-input").setValue("2468");
  await b.$("#pin-unlock").click();
  await b.$("#open-organiser").waitForExist({ timeout: 5000 });
  assert.equal(await b.$("#self-service").isExisting(), false, "a desk again");
});
