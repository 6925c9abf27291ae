// Starts the real app under tauri-driver (WebKitWebDriver), in its own data directory,
// and hands a WebdriverIO browser to the tests. Needs DISPLAY (Xvfb in CI).

import { spawn, execFileSync } from "node:child_process";
import { mkdtempSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import net from "node:net";
import { remote } from "webdriverio";

const here = dirname(fileURLToPath(import.meta.url));
export const BIN = process.env.BLUEHATS_BIN ?? resolve(here, "../../target/debug/bluehats-kiosk");
export const SHOTS = join(here, "shots");
mkdirSync(SHOTS, { recursive: true });

export function newDataDir() {
  return mkdtempSync(join(tmpdir(), "bluehats-e2e-"));
}

/** Runs the CLI on a data directory and returns its JSON output. */
export function cli(data, ...args) {
  return JSON.parse(execFileSync(BIN, ["--data", data, "--json", ...args], { encoding: "utf8" }));
}

function freePort() {
  return new Promise((res) => {
    const s = net.createServer();
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => res(port));
    });
  });
}

async function waitForPort(port, ms = 20000) {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    const ok = await new Promise((res) => {
      const c = net.connect(port, "127.0.0.1", () => { c.end(); res(true); });
      c.on("error", () => res(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`tauri-driver did not listen on ${port}`);
}

/** `env`: more environment for the app (it inherits the driver's). */
export async function startApp(data, args = [], env = {}) {
  const port = await freePort();
  const nativePort = await freePort();
  const driver = spawn("tauri-driver", ["--port", String(port), "--native-port", String(nativePort)], { stdio: ["ignore", "inherit", "inherit"], env: { ...process.env, ...env } });
  await waitForPort(port);
  const browser = await remote({
    hostname: "127.0.0.1",
    port,
    logLevel: "error",
    connectionRetryCount: 2,
    capabilities: { "tauri:options": { application: BIN, args: ["--data", data, ...args] } },
  });
  return {
    browser,
    async stop() {
      try { await browser.deleteSession(); } catch { /* the app may be gone already */ }
      driver.kill();
    },
  };
}

/** Opens the organiser's screen from the desk, with its PIN (chosen on first use). */
export async function openOrganiser(browser, pin = "2468") {
  await browser.$("#open-organiser").waitForClickable({ timeout: 20000 });
  await browser.$("#open-organiser").click();
  await browser.$("#pin-input").waitForDisplayed({ timeout: 5000 });
  await browser.$("#pin-input").setValue(pin);
  await browser.$("#pin-unlock").click();
  await browser.$("#live-next").waitForClickable({ timeout: 10000 });
}

/** Switches the session to the window whose URL has `view=<name>`. */
export async function switchTo(browser, view) {
  await browser.waitUntil(async () => {
    for (const h of await browser.getWindowHandles()) {
      await browser.switchToWindow(h);
      if ((await browser.getUrl()).includes(`view=${view}`)) return true;
    }
    return false;
  }, { timeout: 15000, timeoutMsg: `no ${view} window` });
}

/** A screenshot of the real X display (what a person sees), for the README and for review. */
export function shot(name) {
  if (!process.env.DISPLAY) return;
  try {
    execFileSync("import", ["-window", "root", join(SHOTS, `${name}.png`)]);
  } catch { /* imagemagick missing: the test still stands */ }
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
