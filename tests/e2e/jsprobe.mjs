import { startApp, newDataDir, cli, switchTo } from "/work/main/tests/e2e/harness.mjs";
const data = newDataDir();
cli(data, "init", "--demo", "--pin", "2468");
const app = await startApp(data, []);
const b = app.browser;
await switchTo(b, "desk");
await b.$("#scan-field").waitForExist({ timeout: 20000 });
const r = await b.execute(async () => {
  const w = 1280, hgt = 720;
  const out = {};
  for (const bpp of [1, 4]) {
    const bytes = new Uint8Array(w * hgt * bpp).fill(150);
    const ts = [];
    for (let k = 0; k < 12; k++) {
      const t0 = performance.now();
      await window.__TAURI__.core.invoke("read_frame", bytes, { headers: { "x-width": String(w), "x-height": String(hgt) } });
      ts.push(Math.round(performance.now() - t0));
    }
    out[bpp] = ts;
  }
  return out;
});
console.log(JSON.stringify(r));
await app.stop();
process.exit(0);
