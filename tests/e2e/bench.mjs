// Benchmarks on the real window (figures printed, nothing asserted):
//  - scan-to-verdict: keystrokes typed into the scan field until the verdict is painted,
//    measured in the page, over 200 scans;
//  - staff action to signage updated: the organiser's click until the signage window has
//    repainted, over 100 changes;
//  - memory of the app and of its webview processes.
// Run: DISPLAY=:99 node bench.mjs   (after `cargo build --release`, BLUEHATS_BIN to choose)

import { readFileSync, readdirSync } from "node:fs";
import { startApp, newDataDir, cli, switchTo, openOrganiser } from "./harness.mjs";

const pct = (v, p) => { const s = [...v].sort((a, b) => a - b); return s[Math.round((s.length - 1) * p)]; };

function rssOf(pattern) {
  let total = 0;
  for (const pid of readdirSync("/proc").filter((d) => /^\d+$/.test(d))) {
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, "utf8");
      if (!pattern.test(cmd)) continue;
      const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
      if (m) total += Number(m[1]);
    } catch { /* gone */ }
  }
  return (total / 1024).toFixed(0);
}

const data = newDataDir();
const n = Number(process.env.ATTENDEES ?? 10000);
cli(data, "init", "--demo");
const codes = cli(data, "attendees", "list").map((a) => a.code).slice(0, 210);
console.log(`scan-to-verdict with ${codes.length} codes (store: 300 demo attendees)`);

{
  const app = await startApp(data, ["--signage", "off"]);
  const b = app.browser;
  await b.$("#scan-field").waitForExist({ timeout: 20000 });
  for (const code of codes.slice(0, 200)) {
    const before = await b.execute(() => window.__scanTimes.length);
    await b.$("#scan-field").addValue(code + "\uE007");
    await b.waitUntil(async () => (await b.execute(() => window.__scanTimes.length)) > before, { timeout: 5000 });
    await b.execute(() => document.getElementById("verdict").click());
  }
  const all = await b.execute(() => window.__scanTimes);
  const answer = all.map((x) => x.answer);
  const typing = all.map((x) => x.typing);
  console.log(`scan-to-verdict (Enter → verdict painted), ${answer.length} scans: p50 ${pct(answer, 0.5).toFixed(1)} ms, p95 ${pct(answer, 0.95).toFixed(1)} ms, max ${Math.max(...answer).toFixed(1)} ms`);
  console.log(`BENCH scan → verdict painted, p95 = ${pct(answer, 0.95).toFixed(1)} ms`);
  // Where the time goes: the decision back from Rust (IPC and the durable check-in), the
  // verdict put in the page, then the wait for the next frame and its painting.
  const decided = all.map((x) => x.decided);
  const painting = all.map((x) => x.answer - x.shown);
  console.log(`  of which Enter → decision back p50 ${pct(decided, 0.5).toFixed(1)} ms, p95 ${pct(decided, 0.95).toFixed(1)} ms; verdict in the page → painted p50 ${pct(painting, 0.5).toFixed(1)} ms, p95 ${pct(painting, 0.95).toFixed(1)} ms`);
  console.log(`  (the typing itself, first key → Enter, by WebDriver: p50 ${pct(typing, 0.5).toFixed(0)} ms for ${codes[0].length} characters; a USB scanner's own speed adds to it)`);
  console.log(`memory: app ${rssOf(/bluehats-kiosk/)} MiB RSS, webview processes ${rssOf(/WebKit(Web|Network)Process/)} MiB RSS (desk window only)`);
  await app.stop();
}

{
  const app = await startApp(newDataDir(), ["--rehearsal", "2021-11-09T09:35:00+01:00", "--speed", "1"]);
  const b = app.browser;
  await switchTo(b, "signage");
  await b.$(".signage").waitForExist({ timeout: 20000 });
  const signage = await b.getWindowHandle();
  await switchTo(b, "desk");
  const desk = await b.getWindowHandle();
  await openOrganiser(b);
  await b.$("#live-start").click();
  const lat = [];
  for (let i = 0; i < 100; i++) {
    await b.switchToWindow(desk);
    const before = Date.now();
    await b.execute((id) => document.getElementById(id).click(), i % 2 ? "live-prev" : "live-next");
    await b.switchToWindow(signage);
    await b.waitUntil(async () => (await b.execute(() => window.__paintWall ?? 0)) >= before, { timeout: 5000 });
    await b.switchToWindow(desk);
    const actionAt = await b.execute(() => window.__actionWall);
    await b.switchToWindow(signage);
    const paintAt = await b.execute(() => window.__paintWall);
    lat.push(paintAt - actionAt);
  }
  console.log(`staff action → signage repainted, ${lat.length} changes: p50 ${pct(lat, 0.5)} ms, p95 ${pct(lat, 0.95)} ms, max ${Math.max(...lat)} ms`);
  console.log(`BENCH staff action → signage repainted, p95 = ${pct(lat, 0.95)} ms`);
  console.log(`memory: app ${rssOf(/bluehats-kiosk/)} MiB RSS, webview processes ${rssOf(/WebKit(Web|Network)Process/)} MiB RSS (desk + signage windows)`);
  console.log(`BENCH memory, app and webviews (desk + signage windows) = ${Number(rssOf(/bluehats-kiosk/)) + Number(rssOf(/WebKit(Web|Network)Process/))} MiB RSS`);
  await app.stop();
}
process.exit(0);
