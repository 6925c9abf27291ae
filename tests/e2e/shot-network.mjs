// Screenshots of what the organiser and a volunteer see of the hostile-LAN work: the hub's
// list of machines (last contact, until when each link holds, the button that removes one)
// with what to check after a split (a double entry, a cancelled ticket let in alone), and a
// desk the organiser removed, saying so. Needs DISPLAY (Xvfb).
//   DISPLAY=:99 node shot-network.mjs → shots/organiser-machines.png, shots/desk-removed.png

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
for (const c of codes.slice(0, 6)) checkin(desks[0], c);
serve.kill("SIGKILL");
await sleep(300);
// A split: both doors let the same person in; a ticket cancelled on the hub meanwhile is
// let in by a desk that did not know.
checkin(desks[0], codes[20]);
checkin(desks[1], codes[20]);
cli(hubData, "tickets", "revoke", codes[30]);
checkin(desks[1], codes[30]);
const app = await startApp(hubData, ["--signage", "off", "--hub", `127.0.0.1:${port}`]);
try {
  const b = app.browser;
  await b.$("#scan-field").waitForExist({ timeout: 20000 });
  for (const d of desks) cli(d, "sync");
  cli(hubData, "machines", "revoke", "Entrée B");
  await openOrganiser(b);
  await b.$("#otab-tab_venue").click();
  await b.$("#hub-conflicts").waitForExist({ timeout: 5000 });
  await b.execute(() => document.getElementById("hub-card").scrollIntoView());
  await sleep(500);
  shot("organiser-machines");
} finally {
  await app.stop();
}
// Desk B, removed: at its first contact it erases its copy and says why.
let serve2;
for (let i = 0; i < 20; i++) {
  // The app's hub may hold the port for a moment after it stopped.
  serve2 = spawn(BIN, ["--data", hubData, "--json", "serve", "--listen", `127.0.0.1:${port}`], { stdio: ["ignore", "pipe", "ignore"] });
  const up = await new Promise((res) => { createInterface({ input: serve2.stdout }).once("line", () => res(true)); serve2.once("exit", () => res(false)); });
  if (up) break;
  await sleep(500);
}
const removed = await startApp(desks[1], ["--signage", "off"]);
try {
  const b = removed.browser;
  await b.$("#scan-field").waitForExist({ timeout: 20000 });
  await b.$("#link-ended").waitForDisplayed({ timeout: 15000 });
  await sleep(800);
  shot("desk-removed");
} finally {
  await removed.stop();
  serve2.kill("SIGKILL");
}
