// Gates on the real window: a desk at the main gate sends a press ticket to the press
// gate (its own colour and words, not let in); the organiser moves the desk to the press
// gate from their screen and the same ticket is let in.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { startApp, newDataDir, cli, shot, openOrganiser } from "./harness.mjs";

let app, b, data, anne;

before(async () => {
  data = newDataDir();
  cli(data, "init", "--demo", "--pin", "2468");
  const csv = join(data, "presse.csv");
  writeFileSync(csv, "Nom;Organisme;Catégorie\nAnne Lestrabée;Le Quotidien du Libre;Presse\n");
  cli(data, "attendees", "import", csv);
  cli(data, "categories", "set", "presse", "--en", "Press");
  cli(data, "gates", "set", "Entrée principale", "--categories", "public_agent,citizen,association,company,other");
  cli(data, "gates", "set", "Orateurs et presse", "--categories", "presse");
  cli(data, "gates", "use", "Entrée principale");
  anne = cli(data, "attendees", "list").find((a) => a.name === "Anne Lestrabée").code;
  app = await startApp(data, ["--signage", "off", "--desk", "Entrée A"]);
  b = app.browser;
  await b.$("#scan-field").waitForExist({ timeout: 20000 });
});

after(async () => app?.stop());

async function verdict() {
  await b.waitUntil(async () => !!(await b.$("#verdict").getAttribute("data-verdict")), { timeout: 5000, timeoutMsg: "no verdict shown" });
  return b.$("#verdict").getAttribute("data-verdict");
}

test("a press ticket at the main gate: WRONG ENTRANCE, sent to the press gate, not let in", async () => {
  assert.match(await b.$("#desk-name").getText(), /Entrée principale/);
  await b.$("#scan-field").addValue(anne + "\uE007");
  assert.equal(await verdict(), "wrong_gate");
  assert.match(await b.$("#verdict-word").getText(), /MAUVAISE ENTRÉE/);
  assert.match(await b.$("#verdict-hint").getText(), /Orateurs et presse/);
  assert.equal(await b.$("#verdict-name").getText(), "Anne Lestrabée");
  shot("desk-wrong-gate");
  await b.$("#verdict").click();
  assert.equal(cli(data, "stats").admitted, 0, "not an entry");
});

test("the organiser moves the desk to the press gate: the same ticket is let in", async () => {
  await openOrganiser(b, "2468");
  await b.$("#otab-tab_event").click();
  await b.waitUntil(async () => (await b.$$("#gates-list .gate-row")).length === 2, { timeout: 5000, timeoutMsg: "the two gates are listed" });
  await b.$("#otab-tab_setup").click();
  await b.$("#desk-gate").waitForExist({ timeout: 5000 });
  await b.$("#desk-gate").selectByAttribute("value", "Orateurs et presse");
  await b.waitUntil(async () => cli(data, "gates", "list").this_desk === "Orateurs et presse", { timeout: 5000, timeoutMsg: "the desk's gate saved" });
  await b.$("#back-to-desk").click();
  await b.$("#scan-field").waitForExist({ timeout: 5000 });
  await b.$("#scan-field").addValue(anne + "\uE007");
  assert.equal(await verdict(), "admitted");
  const st = cli(data, "stats");
  assert.equal(st.admitted_by_gate["Orateurs et presse"], 1, JSON.stringify(st));
});

test("exit mode: the person goes out, the people inside go down, and they come back in", async () => {
  await b.$("#verdict").click().catch(() => {});
  await b.$("#exit-mode").click();
  await b.waitUntil(async () => (await b.$("#ready .ready-word").getText()).match(/SORTIE/i), { timeout: 5000, timeoutMsg: "the desk says it is an exit" });
  await b.$("#scan-field").addValue(anne + "\uE007");
  assert.equal(await verdict(), "exited");
  assert.match(await b.$("#verdict-word").getText(), /SORTIE/);
  shot("desk-exit");
  await b.$("#verdict").click();
  await b.waitUntil(async () => (await b.$("#inside-count").isExisting()) && (await b.$("#inside-count").getText()) === "0", { timeout: 5000, timeoutMsg: "inside went to 0" });
  assert.equal(cli(data, "stats").inside, 0);
  await b.$("#exit-mode").click();
  await b.$("#scan-field").waitForExist({ timeout: 5000 });
  await b.$("#scan-field").addValue(anne + "\uE007");
  assert.equal(await verdict(), "admitted", "back in, not already in");
  const st = cli(data, "stats");
  assert.equal(st.inside, 1);
  assert.equal(st.admitted, 1, "each person counted once");
});
