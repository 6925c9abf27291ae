// An organiser prepares their own day on the organiser's screen, from nothing: a new empty
// event, its fields, its room, a screen position with the way to the room, a programme file
// written for that day. Then every screen tells that day's truth: the signage window, the
// hub's public routes and `programme now --json` carry none of the default day's words, and
// say the new date before the day.

import { test, after } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { startApp, newDataDir, switchTo, shot, sleep, openOrganiser, cli, BIN } from "./harness.mjs";

const apps = [];
after(async () => { for (const a of apps) await a.stop(); });

/** Words of the embedded default day: none may show on another event's screens. */
const DEFAULT_WORDS = [/223M/, /Palais/i, /escalator/i, /niveau 2/i, /2021/, /DINUM/];

function clean(where, text) {
  for (const w of DEFAULT_WORDS) assert.doesNotMatch(text, w, `${where} says ${w}`);
}

const ORG = `#+title: Journée BlueHats 2026
#+date: 2026-11-18

- *9h30-10h30* : /Présentations courtes du matin/
  - Un logiciel libre pour les mairies, Zoé Lavoûte (Ville de Lyon)
  - Le catalogue des communs, Rémi Déodat
- *10h30-11h* : /Pause café/
- *11h-12h* : /Présentations de fin de matinée/
  - La forge des collectivités, Inès Martin
`;

/** Sets an input's value as a person's typing would end (dates, times and colours have
 *  native pickers that WebDriver cannot type into the same way everywhere). */
async function fill(b, selector, value) {
  await b.execute((sel, v) => {
    const el = document.querySelector(sel);
    el.value = v;
    el.dispatchEvent(new Event("input", { bubbles: true }));
    el.dispatchEvent(new Event("change", { bubbles: true }));
  }, selector, value);
}

async function clickAndConfirm(b, selector) {
  await b.$(selector).click();
  await b.$("#ask-yes").waitForClickable({ timeout: 5000 });
  await b.$("#ask-yes").click();
}

test("an event made from nothing on the organiser's screen: every screen tells its date, its room, its way", async () => {
  const data = newDataDir();
  const programme = join(data, "programme-2026.org");
  writeFileSync(programme, ORG);
  // Eight days before the day.
  const app = await startApp(data, ["--rehearsal", "2026-11-10T10:00:00+01:00", "--speed", "1", "--signage", "windowed"]);
  apps.push(app);
  const b = app.browser;
  await switchTo(b, "desk");
  await openOrganiser(b);

  // A new empty event, and its fields.
  await b.$("#otab-tab_event").click();
  await clickAndConfirm(b, "#start-blank");
  await b.$("#ev-name").waitForDisplayed({ timeout: 10000 });
  await b.waitUntil(async () => (await b.$("#ev-name").getValue()) === "Nouvel événement", { timeout: 10000, timeoutMsg: "the blank event did not load" });
  await b.$("#ev-name").setValue("Journée BlueHats 2026");
  await b.$("#ev-venue").setValue("Ministère, Auditorium B");
  await b.$("#ev-address").setValue("1 rue de l'Exemple, 75007 Paris");
  await fill(b, "#ev-first-day", "2026-11-18");
  await fill(b, "#ev-opens", "09:00");
  await fill(b, "#ev-closes", "18:00");
  await fill(b, "#ev-colour", "#6a1b9a");
  await b.$("#ev-credit").setValue("Programme : équipe BlueHats 2026");
  // A field a person got wrong is named, and nothing is kept.
  await fill(b, "#ev-tz", "Paris");
  await b.$("#ev-save").click();
  await b.waitUntil(async () => /fuseau horaire/.test(await b.$("#ev-out").getText()), { timeout: 5000, timeoutMsg: "a wrong time zone was not named" });
  await fill(b, "#ev-tz", "Europe/Paris");
  await b.$("#ev-save").click();
  await b.waitUntil(async () => /Enregistré/.test(await b.$("#ev-out").getText()), { timeout: 5000, timeoutMsg: "the event was not saved" }).catch(async (e) => { shot("debug-ev"); console.log("OUT:", await b.$("#ev-out").getText()); throw e; });

  // Its room.
  await b.$("#room-add").click();
  await b.$("#rooms-list .room-name").setValue("Auditorium B");
  await b.$("#rooms-save").click();
  await b.$(`.position-card`).waitForExist({ reverse: true, timeout: 1000 }).catch(() => {});
  await b.waitUntil(async () => (await b.$$("#rooms-list .room-name")).length === 1 && (await b.$("#rooms-list .room-name").getValue()) === "Auditorium B", { timeout: 5000 });

  // A screen position, and from it the way to the room.
  await b.$("#pos-new-name").setValue("Accueil");
  await b.$("#pos-add").click();
  await b.$('.position-card[data-position="accueil"]').waitForExist({ timeout: 5000 });
  const card = '.position-card[data-position="accueil"]';
  await b.execute((sel) => { const s = document.querySelector(`${sel} tr[data-room="Auditorium B"] .way-arrow`); s.value = "left"; }, card);
  await b.$(`${card} tr[data-room="Auditorium B"] .way-fr`).setValue("Auditorium B : 1er étage, ascenseur à gauche");
  await b.$(`${card} tr[data-room="Auditorium B"] .way-en`).setValue("Auditorium B: first floor, lift on the left");
  await b.$(`${card} .pos-name-en`).setValue("Reception");
  await b.$(`${card} .pos-save`).click();
  await b.waitUntil(async () => (await b.execute(() => document.querySelector('.position-card[data-position="accueil"] .way-fr')?.value)) === "Auditorium B : 1er étage, ascenseur à gauche",
    { timeout: 5000, timeoutMsg: "the way was not kept" });

  // The programme written for that day.
  await b.$("#otab-tab_programme").click();
  await b.$("#programme-file").setValue(programme);
  await b.$("#programme-import").waitForClickable({ timeout: 20000 });
  await b.$("#programme-import").click();
  await b.waitUntil(async () => /Auditorium B/.test(await b.$("#programme-out").getText()), { timeout: 10000, timeoutMsg: "the programme was not imported" });
  assert.match(await b.$("#programme-out").getText(), /2026-11-18/);
  shot("organiser-new-event");

  // The signage window, eight days before: the date, the room, the way.
  await switchTo(b, "signage");
  await b.waitUntil(async () => /18 novembre/.test(await b.execute(() => document.querySelector("#starts")?.textContent ?? "")), { timeout: 10000, timeoutMsg: "the signage does not say the new date" });
  const dom = await b.execute(() => document.body.innerText);
  clean("the signage window", dom);
  assert.match(dom, /Journée BlueHats 2026/);
  assert.match(dom, /Le mercredi 18 novembre à 09:30/);
  assert.match(await b.execute(() => document.querySelector("#way-text")?.textContent ?? ""), /ascenseur à gauche/);
  await sleep(700);
  shot("signage-new-event-before");

  // The About box tells the new event's place, day and credit, nothing of the default's.
  await switchTo(b, "desk");
  await b.$("#back-to-desk").click();
  await b.$("button=À propos").click();
  const about = await b.$("#about-event").getText();
  assert.match(about, /Ministère, Auditorium B/);
  assert.match(about, /2026-11-18/);
  clean("À propos", await b.$("#dialog").getText());

  // programme now --json, the day before and on the day.
  const before = cli(data, "programme", "now", "--at", "2026-11-17T18:00:00+01:00");
  clean("programme now", JSON.stringify(before));
  assert.equal(before.rooms[0].day.relation, "tomorrow");
  const during = cli(data, "programme", "now", "--at", "2026-11-18T09:40:00+01:00");
  assert.equal(during.rooms[0].screen.now.title, "Un logiciel libre pour les mairies");

  // The hub's public routes, as a browser on the LAN reads them.
  const hub = spawn(BIN, ["--data", data, "--json", "serve", "--listen", "127.0.0.1:0"], { stdio: ["ignore", "pipe", "inherit"] });
  try {
    const line = await new Promise((res, rej) => {
      hub.stdout.on("data", (d) => res(String(d)));
      setTimeout(() => rej(new Error("the hub did not start")), 20000);
    });
    const addr = JSON.parse(line).listening;
    for (const path of ["/api/public/screen_model", "/api/public/screen_model?view=hall&position=accueil", "/screen", "/js/signage.js", "/js/signage-parts.js"]) {
      const body = await (await fetch(`http://${addr}${path}`)).text();
      clean(path, body);
    }
    const model = await (await fetch(`http://${addr}/api/public/screen_model`)).json();
    assert.equal(model.rooms[0].day.words.fr, "mercredi 18 novembre");
  } finally {
    hub.kill();
  }
});
