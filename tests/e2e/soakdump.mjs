// Memory over a day, on the real windows (a benchmark: figures printed, nothing asserted).
// The desk and the signage open, the day rehearsed at ×60 from 9:00; 5,000 scans through
// the desk's own scan path (the scan field and Enter, in the page) and 500 live changes
// from the organiser's commands; PSS of the app and of each of its webview processes,
// sampled as it goes. Its BENCH lines (scripts/bench.sh): the total at the end, its peak, and
// what it grew after the warm-up (the first 500 scans).
// Run: DISPLAY=:99 node soak.mjs   (BLUEHATS_BIN to choose the build; SCANS, CHANGES)

import { readFileSync, readdirSync } from "node:fs";
import { startApp, newDataDir, cli, switchTo } from "./harness.mjs";

const SCANS = Number(process.env.SCANS ?? 5000);
const CHANGES = Number(process.env.CHANGES ?? 500);

/** PSS in MiB of every process of the app (the binary and its WebKit children), by kind. */
function pss() {
  const out = {};
  for (const pid of readdirSync("/proc").filter((d) => /^\d+$/.test(d))) {
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0")[0];
      const kind = /bluehats-kiosk$/.test(cmd) ? "app" : /WebKitWebProcess/.test(cmd) ? `web:${pid}` : /WebKitNetworkProcess/.test(cmd) ? "network" : null;
      if (!kind) continue;
      const m = /^Pss:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, "utf8"));
      if (m) out[kind] = (out[kind] ?? 0) + Number(m[1]) / 1024;
    } catch { /* gone */ }
  }
  const total = Object.values(out).reduce((a, b) => a + b, 0);
  return { total: Math.round(total), ...Object.fromEntries(Object.entries(out).map(([k, v]) => [k, Math.round(v)])) };
}

async function dump(tag) { for (const pid of readdirSync("/proc").filter((d) => /^\d+$/.test(d))) { try { const cmd = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0")[0]; if (/bluehats-kiosk$|WebKit/.test(cmd)) (await import("node:fs")).writeFileSync(`/tmp/smaps/${tag}-${pid}-${cmd.split("/").pop()}`, readFileSync(`/proc/${pid}/smaps`, "utf8")); } catch {} } }
const data = newDataDir();
cli(data, "init", "--demo", "--pin", "2468");
// More people than the demo's 300, so that 5,000 scans are mostly first entries.
const extra = Array.from({ length: 2000 }, (_, i) => `Personne Soak${i};soak${i}@exemple.invalid`).join("\n");
const csv = `${data}/soak.csv`;
(await import("node:fs")).writeFileSync(csv, `Nom;Courriel\n${extra}\n`);
cli(data, "attendees", "import", csv);
const codes = cli(data, "attendees", "list").map((a) => a.code);
const app = await startApp(data, ["--rehearsal", "2021-11-09T09:00:00+01:00", "--speed", "60"]);
const b = app.browser;
await switchTo(b, "desk");
await b.$("#scan-field").waitForExist({ timeout: 20000 });
await new Promise((r) => setTimeout(r, 3000));
console.log(`scans ${SCANS}, live changes ${CHANGES}, ${codes.length} people; PSS in MiB`);
console.log("start", JSON.stringify(pss())); await dump("a");
await b.execute(() => window.__TAURI__.core.invoke("unlock", { pin: "2468" }));
const started = Date.now();
const totals = [];
for (let i = 0; i < SCANS; i++) {
  const code = codes[i % codes.length];
  // The scan path of a USB scanner: the code in the scan field, then Enter.
  await b.execute((c) => {
    const f = document.getElementById("scan-field");
    f.value = c;
    f.dispatchEvent(new KeyboardEvent("keydown", { key: "Enter", bubbles: true }));
  }, code);
  if (i % 10 === 0 && i / 10 < CHANGES) {
    await b.execute(() => window.__TAURI__.core.invoke("apply_live", { action: { action: Math.random() < 0.8 ? "next" : "prev" } }));
  }
  if ((i + 1) % 500 === 0) {
    const m = pss();
    totals.push(m.total);
    console.log(`after ${i + 1} scans (${Math.round((Date.now() - started) / 1000)} s)`, JSON.stringify(m));
  }
}
await new Promise((r) => setTimeout(r, 5000));
const settled = pss();
console.log("settled", JSON.stringify(settled));
await dump("b");
await app.stop();
totals.push(settled.total);
console.log(`BENCH memory over a day (${SCANS} scans, ${CHANGES} live changes), app and webviews, PSS at the end = ${settled.total} MiB`);
console.log(`BENCH memory over a day, PSS peak = ${Math.max(...totals)} MiB`);
console.log(`BENCH memory over a day, growth after the first 500 scans = ${settled.total - totals[0]} MiB`);
process.exit(0);
