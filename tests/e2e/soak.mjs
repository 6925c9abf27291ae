// A day at the door, for memory (figures printed, nothing asserted): the app with its desk
// and signage windows, 5,000 scans (the verdict painted, then dismissed, as a volunteer
// does) and 500 live changes by the organiser (`live next` / `live prev` by the CLI on the
// same folder, which the running app follows). The memory of the app and its webview
// processes together is read as PSS (each shared page counted once across them) after the
// warm-up and every 1,000 scans: flat after warm-up is what must hold.
// Run: DISPLAY=:99 node soak.mjs   (after `cargo build --release`, BLUEHATS_BIN to choose;
// SCANS and CHANGES for a shorter run)

import { execFileSync } from "node:child_process";
import { readFileSync, readdirSync } from "node:fs";
import { BIN, startApp, newDataDir, cli } from "./harness.mjs";

const SCANS = Number(process.env.SCANS ?? 5000);
const CHANGES = Number(process.env.CHANGES ?? 500);
const AT = "2021-11-09T09:35:00+01:00";

/** The processes of this run: the app (its own data folder on its command line) and the
 * webview processes it started — not a build or another app running beside the bench. */
function ours(data) {
  const all = readdirSync("/proc").filter((d) => /^\d+$/.test(d)).map((pid) => {
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0");
      const parent = /^PPid:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1];
      return { pid, cmd, parent };
    } catch { return null; }
  }).filter(Boolean);
  const app = all.filter((p) => /bluehats-kiosk$/.test(p.cmd[0]) && p.cmd.includes(data)).map((p) => p.pid);
  const web = all.filter((p) => app.includes(p.parent) && /WebKit(Web|Network)Process/.test(p.cmd[0])).map((p) => p.pid);
  return { app, web };
}

/** MiB of PSS of these processes (each shared page counted once across them). */
function pssOf(pids) {
  let kb = 0;
  for (const pid of pids) {
    try {
      const m = /^Pss:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, "utf8"));
      if (m) kb += Number(m[1]);
    } catch { /* gone */ }
  }
  return kb / 1024;
}
const memory = () => {
  const { app, web } = ours(data);
  const a = pssOf(app);
  const w = pssOf(web);
  return { app: a, web: w, all: a + w, processes: app.length + web.length };
};

const data = newDataDir();
cli(data, "init", "--demo");
const codes = cli(data, "attendees", "list").map((a) => a.code).filter(Boolean);
const live = (a) => execFileSync(BIN, ["--data", data, "--json", "--rehearsal", AT, "live", a], { encoding: "utf8" });
live("start");

const app = await startApp(data, ["--rehearsal", AT, "--speed", "1"]);
const b = app.browser;
await b.$("#scan-field").waitForExist({ timeout: 20000 });

/** `n` scans typed into the page as a scanner's Enter ends them, each verdict awaited. */
async function scans(from, n) {
  const batch = Array.from({ length: n }, (_, i) => codes[(from + i) % codes.length]);
  await b.execute(async (list) => {
    for (const code of list) {
      const before = window.__scanTimes.length;
      const field = document.getElementById("scan-field");
      field.value = code;
      window.dispatchEvent(new KeyboardEvent("keydown", { key: "Enter", bubbles: true }));
      const until = performance.now() + 5000;
      while (window.__scanTimes.length === before && performance.now() < until) await new Promise((r) => requestAnimationFrame(r));
      document.getElementById("verdict")?.click();
    }
  }, batch);
}

const warmup = Math.min(500, SCANS);
await scans(0, warmup);
const samples = [{ scans: warmup, ...memory() }];
let done = warmup;
let changes = 0;
const perChange = Math.max(1, Math.floor(SCANS / Math.max(1, CHANGES)));
while (done < SCANS) {
  const n = Math.min(perChange, SCANS - done);
  await scans(done, n);
  done += n;
  if (changes < CHANGES) {
    live(changes % 2 ? "prev" : "next");
    changes += 1;
  }
  if (done % 1000 === 0 || done === SCANS) samples.push({ scans: done, ...memory() });
}
while (changes < CHANGES) {
  live(changes % 2 ? "prev" : "next");
  changes += 1;
}
samples.push({ scans: done, after: "all changes", ...memory() });
const count = await b.execute(() => window.__scanTimes.length);
await app.stop();

for (const s of samples) console.log(`after ${s.scans} scans${s.after ? `, ${s.after}` : ""}: app ${s.app.toFixed(0)} MiB, webviews ${s.web.toFixed(0)} MiB, together ${s.all.toFixed(0)} MiB PSS (${s.processes} processes)`);
const first = samples[0].all;
const last = samples[samples.length - 1].all;
const peak = Math.max(...samples.map((s) => s.all));
console.log(`${count} verdicts painted, ${changes} live changes`);
console.log(`BENCH memory over a day (${done} scans, ${changes} live changes), both windows and the app, PSS at the end = ${last.toFixed(0)} MiB`);
console.log(`BENCH memory over a day, PSS peak = ${peak.toFixed(0)} MiB`);
console.log(`BENCH memory over a day, growth after warm-up = ${(last - first).toFixed(0)} MiB`);
process.exit(0);
