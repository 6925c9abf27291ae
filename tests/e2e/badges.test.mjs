// Badges on the real window, through a real CUPS (a cupsd of the test's own with the
// virtual PDF printer): the organiser picks the printer, the desk turns auto-print on, a
// scan gives its verdict and then the badge comes out holding that person's code; with the
// printer stopped the verdict is the same and the desk's print line says the badge waits,
// printed by *Réessayer* once the printer is back; *Réimprimer* from the history.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join, resolve, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { startApp, newDataDir, cli, shot, openOrganiser } from "./harness.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const CUPSD = resolve(here, "../print/cupsd.sh");
let app, b, data, cups, zoe, ana;

const pdfs = () => (existsSync(join(cups, "pdf")) ? readdirSync(join(cups, "pdf")).filter((f) => f.endsWith(".pdf")).map((f) => join(cups, "pdf", f)).sort((x, y) => statSync(x).mtimeMs - statSync(y).mtimeMs) : []);

/** The code zbarimg reads on a PDF's page (rendered by pdftoppm). */
function codeOn(pdf) {
  const png = join(cups, "page");
  execFileSync("pdftoppm", ["-r", "300", "-png", "-singlefile", pdf, png]);
  return execFileSync("zbarimg", ["-q", "--raw", `${png}.png`], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
}

async function nthPdf(n) {
  await b.waitUntil(async () => pdfs().length >= n && statSync(pdfs()[n - 1]).size > 0, { timeout: 30000, timeoutMsg: `badge ${n} did not come out of the printer` });
  // cups-pdf writes then closes: wait until poppler reads it whole.
  await b.waitUntil(async () => { try { execFileSync("pdfinfo", [pdfs()[n - 1]], { stdio: "ignore" }); return true; } catch { return false; } }, { timeout: 10000 });
  return pdfs()[n - 1];
}

async function verdictGone() {
  await b.$("#verdict").click();
  await b.waitUntil(async () => !(await b.$("#verdict").getAttribute("data-verdict")), { timeout: 5000, timeoutMsg: "the verdict did not hide" });
}

async function verdict() {
  await b.waitUntil(async () => !!(await b.$("#verdict").getAttribute("data-verdict")), { timeout: 5000, timeoutMsg: "no verdict shown" });
  return b.$("#verdict").getAttribute("data-verdict");
}

before(async () => {
  cups = newDataDir();
  process.env.CUPS_SERVER = execFileSync("bash", [CUPSD, "start", cups], { encoding: "utf8" }).trim();
  data = newDataDir();
  cli(data, "init", "--demo", "--pin", "2468");
  const list = cli(data, "attendees", "list");
  zoe = list[0];
  ana = list[1];
  app = await startApp(data, ["--signage", "off", "--desk", "Entrée A"]);
  b = app.browser;
  await b.$("#scan-field").waitForExist({ timeout: 20000 });
});

after(async () => {
  await app?.stop();
  if (cups) execFileSync("bash", [CUPSD, "stop", cups]);
});

test("the organiser picks the printer and the label size; the desk turns auto-print on", async () => {
  assert.equal(await b.$("#auto-print").isExisting(), false, "no switch without a printer");
  await openOrganiser(b, "2468");
  await b.$("#otab-tab_setup").click();
  await b.$("#printer-select option[value='BH-PDF']").waitForExist({ timeout: 10000, timeoutMsg: "the print system's printer is listed" });
  await b.$("#printer-select").selectByAttribute("value", "BH-PDF");
  await b.$("#badge-size").selectByAttribute("value", "ql62x100");
  await b.$("#printer-save").click();
  await b.waitUntil(async () => (await b.$("#printer-out").getText()).includes("BH-PDF"), { timeout: 5000, timeoutMsg: "saved" });
  shot("organiser-printer");
  await b.$("#back-to-desk").click();
  await b.$("#auto-print").waitForExist({ timeout: 5000, timeoutMsg: "the desk shows its auto-print switch" });
  assert.match(await b.$("#auto-print").getText(), /Impression auto : non/);
  await b.$("#auto-print").click();
  await b.waitUntil(async () => (await b.$("#auto-print").getText()).includes("oui"), { timeout: 5000, timeoutMsg: "auto-print on" });
  const status = JSON.parse(execFileSync(process.env.BLUEHATS_BIN ?? resolve(here, "../../target/debug/bluehats-kiosk"), ["--data", data, "--json", "print", "status"], { encoding: "utf8" }));
  assert.deepEqual([status.setup.printer, status.setup.auto], ["BH-PDF", true]);
});

test("a scan: the verdict, then the badge with that person's code", async () => {
  await b.$("#scan-field").addValue(zoe.code + "\uE007");
  assert.equal(await verdict(), "admitted");
  const pdf = await nthPdf(1);
  assert.equal(codeOn(pdf), zoe.code);
  await b.waitUntil(async () => (await b.$("#print-text").getText().catch(() => "")).includes("badge imprimé"), { timeout: 10000, timeoutMsg: "the desk says the badge was printed" });
  await verdictGone();
  shot("desk-badge-printed");
});

test("the printer stopped: the same verdict, the badge waits, Retry prints it once back", async () => {
  execFileSync("cupsdisable", ["-r", "Media empty", "BH-PDF"]);
  await b.$("#scan-field").addValue(ana.code + "\uE007");
  assert.equal(await verdict(), "admitted", "the verdict does not wait for the printer");
  await b.waitUntil(async () => (await b.$("#print-line").getAttribute("data-waiting")) === "1", { timeout: 15000, timeoutMsg: "the desk says one badge waits" });
  assert.match(await b.$("#print-text").getText(), /arrêtée/);
  await verdictGone();
  shot("desk-printer-stopped");
  assert.equal(pdfs().length, 1, "nothing printed while stopped");
  execFileSync("cupsenable", ["BH-PDF"]);
  await b.$("#print-retry").click();
  const pdf = await nthPdf(2);
  assert.equal(codeOn(pdf), ana.code);
  await b.waitUntil(async () => (await b.$("#print-line").getAttribute("data-waiting")) === "0", { timeout: 10000, timeoutMsg: "nothing waits any more" });
});

test("Reprint from the history", async () => {
  await b.$("#tab-history").click();
  await b.$(".hist .reprint").waitForExist({ timeout: 5000, timeoutMsg: "a reprint button in the history" });
  await b.$(".hist .reprint").click();
  const pdf = await nthPdf(3);
  assert.ok([zoe.code, ana.code].includes(codeOn(pdf)));
});
