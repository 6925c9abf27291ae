// The venue network on the real windows: a desk joins a headless hub by scanning its
// pairing code, shows the hub's verdicts, goes HORS LIGNE when the hub dies and still
// admits, uploads when it comes back; a screen-only machine follows the hub's "next".

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { startApp, newDataDir, cli, shot, sleep, BIN } from "./harness.mjs";

let hubData, hub, port, codes;
/** The hub runs a rehearsal of the day from 10:00 (a talk is on); staff commands share it. */
const AT = "2021-11-09T10:00:00+01:00";

/** A headless hub (`serve`) on loopback; resolves once it listens. */
function startHub(p = 0) {
  return new Promise((resolve, reject) => {
    const child = spawn(BIN, ["--data", hubData, "--json", "--rehearsal", AT, "serve", "--listen", `127.0.0.1:${p}`], { stdio: ["ignore", "pipe", "inherit"] });
    const lines = createInterface({ input: child.stdout });
    lines.once("line", (l) => {
      port = Number(JSON.parse(l).listening.split(":").pop());
      resolve(child);
    });
    child.once("exit", (c) => reject(new Error(`hub exited ${c}`)));
    setTimeout(() => reject(new Error("hub did not start")), 20000);
  });
}

function pairing(role) {
  return cli(hubData, "pair", "--role", role, "--address", "127.0.0.1").text;
}

before(async () => {
  hubData = newDataDir();
  cli(hubData, "init", "--demo");
  codes = cli(hubData, "attendees", "list").map((a) => a.code);
  hub = await startHub();
});

after(() => hub?.kill("SIGKILL"));

async function verdict(b) {
  await b.waitUntil(async () => !!(await b.$("#verdict").getAttribute("data-verdict")), { timeout: 5000, timeoutMsg: "no verdict shown" });
  return b.$("#verdict").getAttribute("data-verdict");
}

async function dismiss(b) {
  if (await b.$("#verdict").getAttribute("data-verdict")) await b.$("#verdict").click();
  await b.waitUntil(async () => !(await b.$("#verdict").getAttribute("data-verdict")), { timeout: 3000 });
}

test("a desk joined by scanning the pairing code admits through the hub, and alone when it is gone", async () => {
  const app = await startApp(newDataDir(), ["--signage", "off", "--desk", "Entrée B"]);
  const b = app.browser;
  try {
    await b.$("#scan-field").waitForExist({ timeout: 20000 });
    // The pairing code, scanned like a ticket, asks before joining.
    await b.$("#scan-field").addValue(pairing("desk") + "\uE007");
    await b.$("#ask-yes").waitForClickable({ timeout: 5000 });
    assert.match(await b.$(".question").getText(), /Journée BlueHats 2021/);
    await b.$("#ask-yes").click();
    await b.$("#pair-done").waitForDisplayed({ timeout: 15000 });
    await b.$("#dialog button").click();
    await b.waitUntil(async () => (await b.$("#link-badge").getAttribute("class")).includes("online"), { timeout: 5000, timeoutMsg: "no online badge" });

    await b.$("#scan-field").addValue(codes[0] + "\uE007");
    assert.equal(await verdict(b), "admitted");
    assert.equal(await b.$("#verdict-offline").isExisting(), false, "decided by the hub");
    assert.equal(cli(hubData, "stats").admitted, 1);
    await dismiss(b);

    // The hub dies: the desk goes on alone, and says so.
    hub.kill("SIGKILL");
    await sleep(300);
    await b.$("#scan-field").addValue(codes[1] + "\uE007");
    assert.equal(await verdict(b), "admitted");
    assert.match(await b.$("#verdict-offline").getText(), /HORS LIGNE/);
    await b.waitUntil(async () => /HORS LIGNE/.test(await b.$("#link-badge").getText()), { timeout: 5000, timeoutMsg: "no HORS LIGNE badge" });
    assert.match(await b.$("#link-badge").getText(), /1 en attente/);
    shot("desk-offline");
    await dismiss(b);
    await sleep(500);
    shot("desk-offline-badge");

    // Back: the waiting scan is uploaded, the badge says so.
    hub = await startHub(port);
    await b.waitUntil(async () => (await b.$("#link-badge").getAttribute("class")).includes("online") && !/attente/.test(await b.$("#link-badge").getText()),
      { timeout: 15000, timeoutMsg: "the desk did not reconnect and upload" });
    assert.equal(cli(hubData, "stats").admitted, 2);
  } finally {
    await app.stop();
  }
});

test("a screen-only machine follows the hub's next talk", async () => {
  const screenData = newDataDir();
  cli(screenData, "--desk", "Écran porte", "join", pairing("screen"));
  const app = await startApp(screenData, ["--signage", "windowed"]);
  const b = app.browser;
  try {
    await b.waitUntil(async () => (await b.getUrl()).includes("view=signage"), { timeout: 20000, timeoutMsg: "no signage window" });
    const expected = () => cli(hubData, "--rehearsal", AT, "programme", "now").rooms[0]?.screen.now?.title;
    await b.waitUntil(async () => (await b.$("#now-title").isExisting()) && (await b.$("#now-title").getText()) === expected(),
      { timeout: 10000, timeoutMsg: "the screen does not show the hub's talk" });
    cli(hubData, "--rehearsal", AT, "live", "next");
    const next = expected();
    await b.waitUntil(async () => (await b.$("#now-title").getText()) === next, { timeout: 5000, timeoutMsg: "the screen did not follow the hub's next" });
    shot("screen-follows-hub");
  } finally {
    await app.stop();
  }
});
