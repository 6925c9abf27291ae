// Screenshots of the venue network on the organiser's screen (the hub's card: machines,
// a conflict, a pairing QR), for review and the README. Needs DISPLAY (Xvfb).
//   DISPLAY=:99 node shot-venue.mjs   → shots/organiser-hub.png, shots/organiser-pairing.png

import { spawn, execFileSync } from "node:child_process";
import { createInterface } from "node:readline";
import { startApp, newDataDir, cli, shot, sleep, openOrganiser, BIN } from "./harness.mjs";

const hubData = newDataDir();
cli(hubData, "init", "--demo", "--pin", "2468");
const codes = cli(hubData, "attendees", "list").map((a) => a.code);
const serve = spawn(BIN, ["--data", hubData, "--json", "serve", "--listen", "127.0.0.1:0"], { stdio: ["ignore", "pipe", "inherit"] });
const port = await new Promise((res) => createInterface({ input: serve.stdout }).once("line", (l) => res(Number(JSON.parse(l).listening.split(":").pop()))));
const desks = ["Entrée A", "Entrée B"].map((name) => {
  const d = newDataDir();
  cli(d, "--desk", name, "join", cli(hubData, "pair", "--role", "desk", "--address", "127.0.0.1").text);
  return d;
});
const checkin = (d, c) => { try { execFileSync(BIN, ["--data", d, "checkin", c], { stdio: "ignore" }); } catch { /* a verdict's exit code */ } };
for (const c of codes.slice(0, 12)) checkin(desks[0], c);
serve.kill("SIGKILL");
await sleep(300);
// A split: both doors let the same person in.
checkin(desks[0], codes[20]);
checkin(desks[1], codes[20]);
const app = await startApp(hubData, ["--signage", "off", "--hub", `127.0.0.1:${port}`]);
const b = app.browser;
try {
  await b.$("#scan-field").waitForExist({ timeout: 20000 });
  for (const d of desks) cli(d, "sync");
  await openOrganiser(b);
  await b.$("#otab-tab_venue").click();
  await b.$("#hub-conflicts").waitForExist({ timeout: 5000 });
  await b.execute(() => document.getElementById("hub-card").scrollIntoView());
  await sleep(500);
  shot("organiser-hub");
  await b.$("#pair-desk").click();
  await b.$("#pairing-qr").waitForDisplayed({ timeout: 5000 });
  await sleep(500);
  shot("organiser-pairing");
} finally {
  await app.stop();
}
