// The hub's public signage page in a real browser engine (WebKitGTK's MiniBrowser, driven by
// WebKitWebDriver), over loopback: from a staff action on the hub (a `live next` by the CLI
// on the hub's folder, as a second organiser tool would) to the page repainted with the new
// talk. Prints p50 / p95. Needs DISPLAY (Xvfb) and a release build:
//   cargo build --release && DISPLAY=:99 node bench-public.mjs

import { spawn, execFileSync } from "node:child_process";
import { createInterface } from "node:readline";
import net from "node:net";
import { remote } from "webdriverio";
import { newDataDir } from "./harness.mjs";

const BIN = process.env.BLUEHATS_BIN ?? "../../target/release/bluehats-kiosk";
const MINI = "/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser";
const AT = "2021-11-09T09:30:00+01:00";
const N = Number(process.env.N ?? 60);

const data = newDataDir();
execFileSync(BIN, ["--data", data, "init", "--demo"]);
const hub = spawn(BIN, ["--data", data, "--json", "--rehearsal", AT, "serve", "--listen", "127.0.0.1:0"], { stdio: ["ignore", "pipe", "inherit"] });
// Whatever happens below, the hub goes with this script.
process.on("exit", () => hub.kill("SIGKILL"));
const port = await new Promise((res) => createInterface({ input: hub.stdout }).once("line", (l) => res(Number(JSON.parse(l).listening.split(":").pop()))));

const freePort = () => new Promise((res) => { const s = net.createServer(); s.listen(0, "127.0.0.1", () => { const { port } = s.address(); s.close(() => res(port)); }); });
const wdPort = await freePort();
const wd = spawn("WebKitWebDriver", [`--port=${wdPort}`], { stdio: "ignore" });
await new Promise((r) => setTimeout(r, 1000));
const b = await remote({
  hostname: "127.0.0.1", port: wdPort, logLevel: "error",
  capabilities: { "wdio:enforceWebDriverClassic": true, browserName: "MiniBrowser", "webkitgtk:browserOptions": { binary: MINI, args: ["--automation"] } },
});
try {
  await b.url(`http://127.0.0.1:${port}/screen?position=hall`);
  await b.$("#now-title").waitForExist({ timeout: 20000 });
  const live = (a) => execFileSync(BIN, ["--data", data, "--json", "--rehearsal", AT, "live", a], { encoding: "utf8" });
  const times = [];
  const cliTimes = [];
  for (let i = 0; i < N; i++) {
    const action = i % 2 ? "prev" : "next";
    const t0 = Date.now();
    const title = JSON.parse(live(action)).now?.title;
    cliTimes.push(Date.now() - t0);
    await b.waitUntil(async () => (await b.$("#now-title").getText()) === title, { timeout: 5000, interval: 5 });
    const painted = await b.execute(() => window.__paintWall);
    times.push(painted - t0);
  }
  times.sort((a, c) => a - c);
  const q = (p) => times[Math.round((times.length - 1) * p)];
  console.log(`public page (MiniBrowser, loopback): staff action → repainted, ${N} changes: p50 ${q(0.5)} ms, p95 ${q(0.95)} ms, max ${q(1)} ms`);
  cliTimes.sort((a, c) => a - c);
  console.log(`BENCH public page, staff action → repainted, p95 = ${q(0.95)} ms`);
  console.log(`  of which the CLI process that makes the change (start, commit, exit): p50 ${cliTimes[Math.round((N - 1) / 2)]} ms`);
} finally {
  await b.deleteSession().catch(() => {});
  wd.kill();
  hub.kill("SIGKILL");
}
