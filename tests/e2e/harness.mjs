// Starts the real app under tauri-driver (WebKitWebDriver), in its own data directory,
// and hands a WebdriverIO browser to the tests. Needs DISPLAY (Xvfb in CI).

import { spawn, execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, mkdirSync, readdirSync, readFileSync } from "node:fs";
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
    // A click waits for its element to be there and interactable: on a machine busy with a
    // build beside the tests, a screen freshly switched to can take more than wdio's default.
    waitforTimeout: 20000,
    capabilities: { "tauri:options": { application: BIN, args: ["--data", data, ...args] } },
  });
  return {
    browser,
    async stop() {
      try { await browser.deleteSession(); } catch { /* the app may be gone already */ }
      driver.kill();
      // The app itself too: a session the driver could not close (its WebKitWebDriver gone
      // first) leaves the app running, holding the test runner's output open, and the run
      // never ends. Found by its own data directory; waited for, boundedly.
      for (let i = 0; i < 50; i++) {
        const left = appsOf(data);
        if (!left.length) break;
        for (const pid of left) { try { process.kill(pid, "SIGKILL"); } catch { /* gone */ } }
        await sleep(100);
      }
    },
  };
}

/** The app processes running on this data directory (by their command line). */
function appsOf(data) {
  const pids = [];
  for (const d of readdirSync("/proc")) {
    if (!/^\d+$/.test(d)) continue;
    let argv;
    try { argv = readFileSync(`/proc/${d}/cmdline`, "utf8").split("\0"); } catch { continue; }
    const i = argv.indexOf("--data");
    if (i >= 0 && argv[i + 1] === data && argv[0].endsWith("bluehats-kiosk")) pids.push(Number(d));
  }
  return pids;
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

/** A 1280×720 "photo" of a ticket's QR code, made hard the way a webcam at a door makes it. */
export function ticketPhoto(png, out, how) {
  const ways = {
    // tilted in the hand, a little blur and sensor noise, on a grey desk
    tilted: ["(", png, "-resize", "300x300", "-background", "white", "-rotate", "14", ")", "-gravity", "center", "-geometry", "+60+20", "-composite", "-blur", "0x1", "-attenuate", "0.5", "+noise", "Gaussian"],
    // held back, dim and low in contrast, seen at an angle
    dim: ["(", png, "-resize", "220x220", "-background", "white", "-virtual-pixel", "white", "-distort", "Perspective", "0,0 10,20 219,0 205,0 0,219 0,219 219,219 219,205", ")", "-gravity", "center", "-geometry", "-120-30", "-composite", "-level", "25%,85%", "+level", "20%,70%"],
  };
  execFileSync("convert", ["-size", "1280x720", "gradient:#8a8a8a-#c8c8c8", ...ways[how], "-quality", "85", out]);
  return readFileSync(out).toString("base64");
}

/** The test's camera: a canvas showing one of `pictures` (base64 JPEGs, `ticket0`…) at a
 * time, as the webcam's stream (`window.__show(name)`; null: nothing). The only test-only
 * part: the frames then go through the app's real path. */
export async function installTestCamera(b, pictures) {
  await b.execute((pictures) => {
    const canvas = document.createElement("canvas");
    canvas.width = 1280;
    canvas.height = 720;
    const ctx = canvas.getContext("2d");
    const bitmaps = {};
    let current = null;
    const paint = () => {
      ctx.fillStyle = "#a0a0a0";
      ctx.fillRect(0, 0, 1280, 720);
      if (current && bitmaps[current]) ctx.drawImage(bitmaps[current], 0, 0);
    };
    window.__show = (name) => { current = name; paint(); };
    window.__ready = Promise.all(pictures.map(async (p, i) => {
      const bytes = Uint8Array.from(atob(p), (c) => c.charCodeAt(0));
      bitmaps[`ticket${i}`] = await createImageBitmap(new Blob([bytes], { type: "image/jpeg" }));
    })).then(() => true);
    setInterval(paint, 50); // a live camera sends frames all the time
    const stream = canvas.captureStream(20);
    window.__testStream = stream;
    // On the prototype: WebKit may drop and remake navigator.mediaDevices's wrapper (and
    // anything set on it) when it is collected.
    window.__fakeGum = async () => stream;
    MediaDevices.prototype.getUserMedia = window.__fakeGum;
    MediaDevices.prototype.enumerateDevices = async () => [{ kind: "videoinput", deviceId: "test", label: "Test camera", groupId: "" }];
  }, pictures);
  await b.executeAsync((done) => window.__ready.then(done));
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** An X display of its own at `w`×`h` (portrait, 4K…), for the signage's layouts. Another
 *  test run on the machine may take the same free number at the same moment: a display is
 *  ours only once its lock file names our Xvfb; otherwise the next number is tried. */
export async function startDisplay(w, h) {
  let n = 110 + (process.pid % 200);
  for (let attempt = 0; attempt < 20; attempt++, n++) {
    while (existsSync(`/tmp/.X${n}-lock`) || existsSync(`/tmp/.X11-unix/X${n}`)) n++;
    const xvfb = spawn("Xvfb", [`:${n}`, "-screen", "0", `${w}x${h}x24`, "-nolisten", "tcp"], { stdio: "ignore" });
    let exited = false;
    xvfb.on("exit", () => { exited = true; });
    const ours = () => {
      try { return Number(readFileSync(`/tmp/.X${n}-lock`, "utf8").trim()) === xvfb.pid; } catch { return false; }
    };
    for (let i = 0; i < 200 && !exited && !(ours() && existsSync(`/tmp/.X11-unix/X${n}`)); i++) await sleep(50);
    if (!exited && ours()) return { display: `:${n}`, stop: () => xvfb.kill() };
    xvfb.kill();
  }
  throw new Error("no free X display for the test");
}

/** A screenshot of a given display. */
export function shotOf(display, name) {
  try {
    execFileSync("import", ["-window", "root", join(SHOTS, `${name}.png`)], { env: { ...process.env, DISPLAY: display } });
  } catch { /* imagemagick missing: the test still stands */ }
}

/** What a person at five metres would miss, measured in the page: every essential element
 *  (marked data-essential) wholly inside the window and not cut by a parent; a shown plan
 *  drawn large enough that its smallest text is at least 2 % of the screen's height. */
export async function misses(browser) {
  return browser.execute(() => {
    const out = [];
    const inside = (a, b) => a.left >= b.left - 1 && a.top >= b.top - 1 && a.right <= b.right + 1 && a.bottom <= b.bottom + 1;
    const view = { left: 0, top: 0, right: window.innerWidth, bottom: window.innerHeight };
    for (const el of document.querySelectorAll("[data-essential]")) {
      const r = el.getBoundingClientRect();
      const name = `${el.id || el.className} "${el.textContent.trim().slice(0, 40)}"`;
      if (r.width === 0 || r.height === 0) { out.push(`${name}: not drawn`); continue; }
      if (!inside(r, view)) { out.push(`${name}: outside the window`); continue; }
      for (let p = el.parentElement; p; p = p.parentElement) {
        const o = getComputedStyle(p);
        if ((o.overflowX !== "visible" || o.overflowY !== "visible") && !inside(r, p.getBoundingClientRect())) { out.push(`${name}: cut by ${p.className}`); break; }
      }
    }
    const plan = document.querySelector(".plan");
    if (plan && getComputedStyle(plan).display !== "none") {
      const text = Number(plan.dataset.text || "0");
      const hgt = plan.querySelector(".plan-box").getBoundingClientRect().height;
      if (text && hgt * text < 0.02 * window.innerHeight - 0.5) out.push(`plan labels ${(hgt * text).toFixed(1)} px < 2 % of ${window.innerHeight}`);
    }
    return out;
  });
}
