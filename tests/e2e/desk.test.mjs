// The entrance desk on the real window: what a volunteer does and sees.

import { test, before, after, afterEach } from "node:test";
import assert from "node:assert/strict";
import { startApp, newDataDir, cli, shot, sleep, openOrganiser } from "./harness.mjs";
import { existsSync } from "node:fs";
import { join } from "node:path";

let app, b, codes, data;

before(async () => {
  data = newDataDir();
  cli(data, "init", "--demo");
  codes = cli(data, "attendees", "list").filter((a) => !a.name.startsWith("Hélène")).map((a) => a.code);
  app = await startApp(data, ["--signage", "off", "--desk", "Entrée A"]);
  b = app.browser;
  await b.$("#scan-field").waitForExist({ timeout: 20000 });
});

after(async () => app?.stop());
// A test that failed with a verdict on screen does not leave it over the next test's clicks.
afterEach(async () => { try { await dismiss(); } catch { /* nothing shown, or the app is gone */ } });

async function verdict() {
  await b.waitUntil(async () => !!(await b.$("#verdict").getAttribute("data-verdict")), { timeout: 5000, timeoutMsg: "no verdict shown" });
  return b.$("#verdict").getAttribute("data-verdict");
}

async function dismiss() {
  if (await b.$("#verdict").getAttribute("data-verdict")) await b.$("#verdict").click();
  await b.waitUntil(async () => !(await b.$("#verdict").getAttribute("data-verdict")), { timeout: 3000 });
}

/** Types like a USB scanner: the code, then Enter, key by key, into the focused box.
 *  (WebDriver's element send-keys: its global key actions drop repeated letters on WebKitGTK.) */
async function scan(code, into = "#scan-field") {
  await b.$(into).addValue(code + "\uE007");
}

test("a demo code scanned shows ADMITTED with the person's name", async () => {
  await scan(codes[0]);
  assert.equal(await verdict(), "admitted");
  assert.match(await b.$("#verdict-word").getText(), /ENTRÉE OK/);
  assert.ok((await b.$("#verdict-name").getText()).length > 3);
  shot("desk-admitted");
  await dismiss();
});

test("the same code again shows ALREADY ADMITTED with the time and desk", async () => {
  await sleep(3200); // past the double-read window of the scanner
  await scan(codes[0]);
  assert.equal(await verdict(), "already_admitted");
  const hint = await b.$("#verdict-hint").getText();
  assert.match(hint, /\d\d:\d\d:\d\d/);
  assert.match(hint, /Entrée A/);
  shot("desk-already");
  await dismiss();
});

test("a note for the door shows large on the verdict; a flagged person calls the organisers", async () => {
  cli(data, "attendees", "note", codes[20], "Remettre le badge orateur");
  await scan(codes[20]);
  assert.equal(await verdict(), "admitted");
  assert.equal(await b.$("#verdict").getAttribute("data-attention"), "false");
  assert.equal(await b.$("#verdict-note").getText(), "Remettre le badge orateur");
  assert.match(await b.$("#verdict-word").getText(), /ENTRÉE OK/);
  shot("desk-note");
  await dismiss();
  cli(data, "attendees", "note", codes[21], "Accès PMR : accompagner jusqu'à la salle", "--attention");
  await scan(codes[21]);
  assert.equal(await verdict(), "admitted", "the scan is recorded as an entry");
  assert.equal(await b.$("#verdict").getAttribute("data-attention"), "true");
  assert.match(await b.$("#verdict-word").getText(), /APPELEZ L'ORGANISATION/);
  assert.match(await b.$("#verdict-note").getText(), /Accès PMR/);
  const bg = await b.execute(() => getComputedStyle(document.getElementById("verdict")).backgroundColor);
  const ok = await b.execute(() => { const d = document.createElement("div"); d.className = "verdict v-admitted"; document.body.append(d); const c = getComputedStyle(d).backgroundColor; d.remove(); return c; });
  assert.notEqual(bg, ok, "not the green of a plain admission");
  shot("desk-attention");
  await dismiss();
});

test("a forged code shows FORGED", async () => {
  const c = codes[1];
  const i = c.length - 6;
  const forged = c.slice(0, i) + (c[i] === "A" ? "B" : "A") + c.slice(i + 1);
  await scan(forged);
  assert.equal(await verdict(), "forged");
  assert.match(await b.$("#verdict-word").getText(), /FALSIFIÉ/);
  shot("desk-forged");
  await dismiss();
});

test("searching 'helene' finds Hélène and checks her in by hand", async () => {
  await b.$("#tab-search").click();
  await b.$("#search-input").addValue("helene");
  await b.waitUntil(async () => (await b.$$("#search-results li.result")).length > 0, { timeout: 5000, timeoutMsg: "no result" });
  const first = await b.$("#search-results li.result");
  const name = await first.$(".who-name").getText();
  assert.match(name, /^Hélène /);
  assert.doesNotMatch(await b.$("#search-results").getText(), /@/, "no e-mail shown unless the volunteer typed one");
  await first.$("button.checkin").click();
  assert.equal(await verdict(), "admitted");
  assert.equal(await b.$("#verdict-name").getText(), name);
  await dismiss();
});

test("a scan typed while the search box has focus is still a scan", async () => {
  await scan(codes[2], "#search-input");
  assert.equal(await verdict(), "admitted");
  await dismiss();
  assert.equal(await b.$("#search-input").getValue(), "helene", "the code did not land in the search box");
  // A machine busy enough to hold the scanner's keys back for most of a second in the
  // middle of a code: still that code, scanned whole.
  const code = codes[3];
  await b.$("#search-input").addValue(code.slice(0, 40));
  await sleep(900);
  await scan(code.slice(40), "#search-input");
  assert.equal(await verdict(), "admitted");
  await dismiss();
  assert.equal(await b.$("#search-input").getValue(), "helene", "no piece of the code left in the search box");
});

test("a walk-in is registered, admitted and shown their QR code", async () => {
  await b.$("#tab-walk_in").click();
  await b.$("#walkin-name").setValue("Anaïs Testeuse");
  await b.$("#walkin-org").setValue("Association Libre-Écran");
  await b.$("#walkin-category").selectByAttribute("value", "association");
  await b.$("#walkin-submit").click();
  assert.equal(await verdict(), "admitted");
  assert.equal(await b.$("#verdict-name").getText(), "Anaïs Testeuse");
  assert.ok(await b.$("#walkin-qr svg").isExisting(), "the new ticket's QR code is shown");
  shot("desk-walk-in");
  await dismiss();
  await b.waitUntil(async () => (await b.$("#admitted-count").getText()) === "7", { timeout: 3000, timeoutMsg: "the counter did not reach 7 people in" });
});

test("no screen misleads the volunteer: long names, a word, nothing found, an empty walk-in, a known name, history, a scan on the organiser's screen", async () => {
  const long = "Marie-Christine Apollonie Bérénice de La Tour d'Auvergne-Lauraguais et des Marches de Bretagne du Sud-Ouest Atlantique";
  const unbroken = "Xavier" + "x".repeat(80);
  for (const n of [long, unbroken]) cli(data, "attendees", "add", "--name", n, "--category", "citizen");
  const people = cli(data, "attendees", "list");
  await b.setWindowSize(1024, 600);
  await sleep(300);
  for (const n of [long, unbroken]) {
    await scan(people.find((p) => p.name === n).code);
    assert.equal(await verdict(), "admitted");
    assert.ok(await b.$("#verdict-word").isDisplayed({ withinViewport: true }), `the verdict word stays on screen (${n.length} characters)`);
    assert.ok(await b.execute(() => document.getElementById("verdict-name").getBoundingClientRect().right <= window.innerWidth + 1), "the name stays inside the window");
    shot(`desk-1024-long-name-${n.length}`);
    await dismiss();
  }
  assert.ok(await b.execute(() => document.documentElement.scrollWidth <= window.innerWidth), "no horizontal scrollbar at 1024 wide");
  assert.ok(await b.execute(() => document.querySelector(".bar").getBoundingClientRect().height < 80), "the header on one line");
  // A word is not a ticket.
  await scan("bonjour");
  assert.equal(await verdict(), "malformed");
  await dismiss();
  // Nothing found says so.
  await b.$("#tab-search").click();
  await b.$("#search-input").setValue("zzzqqq");
  await b.$("#search-none").waitForExist({ timeout: 5000 });
  assert.match(await b.$("#search-none").getText(), /Aucune personne/);
  // An empty walk-in says what is missing; a name already registered is shown first.
  await b.$("#tab-walk_in").click();
  await b.$("#walkin-submit").click();
  await b.$("#walkin-error").waitForExist({ timeout: 3000 });
  await b.$("#walkin-name").setValue(long);
  await b.$("#walkin-submit").click();
  await b.$("#walkin-matches").waitForExist({ timeout: 3000, timeoutMsg: "the likely match was not shown" });
  // History: readable rows; an undone entry offers no second undo.
  await b.$("#tab-history").click();
  await b.$(".hist").waitForExist({ timeout: 3000 });
  const bg = await b.execute(() => getComputedStyle(document.querySelector(".hist")).backgroundColor);
  assert.equal(bg, "rgb(255, 255, 255)", "history rows on white, not the verdict's colour");
  shot("desk-1024-history");
  await b.setWindowSize(1280, 800);
  // A scan while the organiser's screen is open is checked in at the desk.
  await openOrganiser(b, "2468");
  await b.$("#announce-text").click();
  await scan(codes[5], "#announce-text");
  assert.equal(await verdict(), "admitted");
  assert.equal(await b.$("#scan-field").isExisting(), true, "back at the desk");
  await dismiss();
  // Still unlocked for a few idle minutes: lock it before leaving the desk.
  await b.$("#open-organiser").click();
  await b.$("#organiser-lock").waitForClickable({ timeout: 5000 });
  await b.$("#organiser-lock").click();
  await b.$("#scan-field").waitForExist({ timeout: 5000 });
});

test("the organiser's screen asks for its PIN, slows down a wrong one, and locks on demand", async () => {
  cli(data, "pin", "1357");
  await b.$("#open-organiser").click();
  await b.$("#pin-input").waitForDisplayed({ timeout: 5000 });
  await b.$("#pin-input").setValue("0000");
  await b.$("#pin-unlock").click();
  await b.waitUntil(async () => /incorrect/.test(await b.$("#pin-error").getText()), { timeout: 5000, timeoutMsg: "a wrong PIN was not refused" });
  assert.equal(await b.$("#live-next").isExisting(), false, "the organiser's screen stays closed");
  shot("desk-pin-refused");
  // Straight away, even the right PIN waits: wrong tries slow the next ones down.
  await b.$("#pin-input").setValue("1357");
  await b.$("#pin-unlock").click();
  await b.waitUntil(async () => /attendez|wait/.test(await b.$("#pin-error").getText()), { timeout: 5000, timeoutMsg: "no wait after a wrong PIN" });
  await sleep(1200);
  await b.$("#pin-input").setValue("1357");
  await b.$("#pin-unlock").click();
  await b.$("#live-next").waitForClickable({ timeout: 5000 });
  await b.$("#organiser-lock").click();
  await b.$("#scan-field").waitForExist({ timeout: 5000 });
  await b.$("#open-organiser").click();
  await b.$("#pin-input").waitForDisplayed({ timeout: 5000, timeoutMsg: "locked again: the PIN is asked" });
});

test("after the day: the arrivals chart is exported (SVG, PNG, CSV) and the purge leaves figures only", async () => {
  await b.$("#pin-input").setValue("1357");
  await b.$("#pin-unlock").click();
  await b.$("#otab-tab_after").click();
  await b.$("#arrivals-chart svg").waitForExist({ timeout: 5000 });
  await b.$("#export-figures").scrollIntoView();
  await b.$("#export-figures").click();
  await b.waitUntil(async () => /chiffres-/.test(await b.$("#figures-out").getText()), { timeout: 10000, timeoutMsg: "no figures written" });
  const dir = (await b.$("#figures-out").getText()).match(/(\/\S*chiffres-\S+)/)[1];
  for (const f of ["arrivees.svg", "arrivees.csv", "arrivees.png"]) assert.ok(existsSync(join(dir, f)), `${f} written`);
  shot("organiser-figures");
  const before = cli(data, "stats");
  await b.$("#purge-word").scrollIntoView();
  await b.$("#purge-word").setValue("EFFACER");
  await b.$("#purge").click();
  await b.$("#ask-yes").click();
  await b.waitUntil(async () => /effacées|deleted/.test(await b.$("#purge-out").getText()), { timeout: 20000, timeoutMsg: "no purge" });
  const stats = cli(data, "stats");
  assert.ok(stats.admitted === before.admitted && stats.registered === before.registered && stats.admitted >= 4, "the anonymous figures stay");
  assert.equal(cli(data, "search", "a").length, 0, "nobody left to find");
});
