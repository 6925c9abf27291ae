// The desk's camera on the real window. WebKitGTK's mock cameras stand in for a webcam
// (BLUEHATS_MOCK_CAMERA=1): the permission request, the preview and the camera choice are the
// real ones. Then a camera made of pictures: photos of the app's own tickets, made hard by
// ImageMagick, painted on a canvas whose stream replaces the webcam's (the only test-only
// part); the frames go through the real path: the video, the frame read by the app's QR
// reader in Rust, the desk's scan, its verdict.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startApp, newDataDir, cli, shot, sleep, SHOTS, ticketPhoto as photo, installTestCamera } from "./harness.mjs";

let app, b, data, people;

/** Waits for the verdict `kind`; says which verdict was there instead, and keeps what the
 * camera saw (shots/camera-missed.png) for the reader to be tried on. */
async function verdictIs(kind, what) {
  let seen = null;
  try {
    await b.waitUntil(async () => (seen = await b.$("#verdict").getAttribute("data-verdict")) === kind, { timeout: 5000 });
  } catch {
    const camera = await b.execute(() => {
      const v = document.getElementById("camera-video");
      if (!v) return null;
      const c = document.createElement("canvas");
      c.width = v.videoWidth;
      c.height = v.videoHeight;
      c.getContext("2d").drawImage(v, 0, 0);
      const f = window.__cameraFrames;
      return { patched: !!window.__testStream && v.srcObject === window.__testStream, label: v.srcObject?.getVideoTracks()[0]?.label, w: v.videoWidth, playing: !v.paused, frames: f.length, found: f.filter((x) => x.found).length, status: document.getElementById("camera-status")?.textContent, png: c.toDataURL("image/png") };
    });
    if (camera?.png) writeFileSync(join(SHOTS, "camera-missed.png"), Buffer.from(camera.png.split(",")[1], "base64"));
    if (camera) delete camera.png;
    assert.fail(`${what}: verdict ${seen}; camera ${JSON.stringify(camera)}`);
  }
}

before(async () => {
  data = newDataDir();
  cli(data, "init", "--demo");
  const dir = mkdtempSync(join(tmpdir(), "bluehats-camera-"));
  cli(data, "tickets", "export", "--out", join(dir, "tickets"));
  const rows = readFileSync(join(dir, "tickets", "tickets.csv"), "utf8").trim().split("\n").slice(1).map((l) => l.split(","));
  // Two people: their name, code, and a hard photo of their ticket.
  people = [rows[3], rows[7]].map((r, i) => ({
    name: r[0],
    code: r[3],
    jpeg: photo(join(dir, "tickets", r[4]), join(dir, `photo-${i}.jpg`), i === 0 ? "tilted" : "dim"),
  }));
  app = await startApp(data, ["--signage", "off", "--desk", "Entrée caméra"], { BLUEHATS_MOCK_CAMERA: "1" });
  b = app.browser;
  await b.$("#camera-open").waitForClickable({ timeout: 20000 });
});

after(async () => app?.stop());

const state = () => b.execute(() => document.getElementById("camera-status")?.dataset.state ?? null);

test("Caméra opens the webcam: the preview runs, with the framing guide and the choice of camera", async () => {
  await b.$("#camera-open").click();
  await b.waitUntil(async () => (await state()) === "camera_hint", { timeout: 10000, timeoutMsg: `camera not started: ${await state()}` });
  const v = await b.execute(() => {
    const video = document.getElementById("camera-video");
    return { w: video.videoWidth, h: video.videoHeight, playing: !video.paused, guide: !!document.querySelector(".camera-guide") };
  });
  assert.ok(v.w >= 640 && v.h >= 360, `preview ${v.w}×${v.h}`);
  assert.ok(v.playing && v.guide);
  // Two mock cameras: the choice is offered.
  assert.ok(await b.$("#camera-choice").isDisplayed());
  assert.ok((await b.$$("#camera-choice option")).length >= 2);
  assert.match(await b.$("#camera-status").getText(), /QR code du billet/);
  shot("desk-camera");
  // The mock's pictures hold no code: nothing scanned.
  await sleep(1000);
  assert.ok(!(await b.$("#verdict").getAttribute("data-verdict")), "no verdict");
  await b.$("#camera-close").click();
  await b.$("#camera-open").waitForClickable({ timeout: 3000 });
});

test("a ticket held in front of the camera is one scan: ADMITTED, then ALREADY ADMITTED when shown again", async () => {
  await installTestCamera(b, people.map((p) => p.jpeg));
  assert.ok(await b.execute(() => navigator.mediaDevices.getUserMedia === window.__fakeGum), "the test camera is in place");
  await b.$("#camera-open").click();
  await b.waitUntil(async () => (await state()) === "camera_hint", { timeout: 10000, timeoutMsg: "test camera not started" });
  assert.ok(await b.execute(() => document.getElementById("camera-video").srcObject === window.__testStream), "the desk shows the test camera");
  await sleep(500);
  assert.ok(!(await b.$("#verdict").getAttribute("data-verdict")), "no verdict");

  // Held up: the verdict, with the person's name.
  const shown = Date.now();
  await b.execute(() => window.__show("ticket0"));
  await verdictIs("admitted", "the camera's ticket");
  console.log(`# camera: ticket shown → verdict on screen: ${Date.now() - shown} ms (WebDriver round trips included)`);
  assert.equal(await b.$("#verdict-name").getText(), people[0].name);
  await sleep(200); // painted, for the screenshot
  shot("desk-camera-admitted");
  // Kept in front of the camera for 3 s more (some 30 frames): still one scan.
  await sleep(3000);
  await b.execute(() => window.__show(null));
  await b.$("#tab-history").click();
  await b.$(".hist").waitForExist({ timeout: 3000 });
  const rows = await b.execute((name) => [...document.querySelectorAll(".hist-name")].filter((e) => e.textContent === name).length, people[0].name);
  assert.equal(rows, 1, "one scan for a ticket held in front of the camera");
  assert.equal(await b.$("#admitted-count").getText(), "1");

  // Taken away, then shown again: a new scan, already in.
  await sleep(3500);
  await b.execute(() => window.__show("ticket0"));
  await verdictIs("already_admitted", "the ticket shown again");
  await b.execute(() => window.__show(null));
  await b.$("#verdict").click();

  // Another ticket, dim, small and at an angle.
  await b.execute(() => window.__show("ticket1"));
  await verdictIs("admitted", "the dim ticket");
  assert.equal(await b.$("#verdict-name").getText(), people[1].name);
  await b.execute(() => window.__show(null));
  assert.equal(await b.$("#admitted-count").getText(), "2");
  // The frames' cost in the window (grab, grey, IPC, reader), printed, not asserted.
  const ms = await b.execute(() => window.__cameraFrames.map((f) => f.ms).sort((x, y) => x - y));
  console.log(`# camera: ${ms.length} frames read in the window, median ${ms[ms.length >> 1].toFixed(1)} ms, p95 ${ms[Math.floor(ms.length * 0.95)].toFixed(1)} ms a frame (grab, grey, IPC, reader)`);
  // The camera unplugged: the desk says so instead of showing a frozen picture.
  await b.execute(() => window.__testStream.getVideoTracks()[0].dispatchEvent(new Event("ended")));
  await b.waitUntil(async () => (await state()) === "camera_lost", { timeout: 3000, timeoutMsg: "no message when the camera stops" });
  // Closed: the stream is stopped (the camera's light goes off).
  await b.$("#verdict").click();
  await b.$("#camera-close").click();
  assert.equal(await b.execute(() => document.getElementById("camera")), null);
});

test("without a camera, the desk says so in words and the scanner still works", async () => {
  const data2 = newDataDir();
  cli(data2, "init", "--demo");
  const code = cli(data2, "attendees", "list")[0].code;
  const other = await startApp(data2, ["--signage", "off"]);
  try {
    const b2 = other.browser;
    await b2.$("#camera-open").waitForClickable({ timeout: 20000 });
    await b2.$("#camera-open").click();
    await b2.waitUntil(async () => (await b2.execute(() => document.getElementById("camera-status")?.dataset.state)) === "camera_none", { timeout: 10000, timeoutMsg: "no message for a machine without a camera" });
    assert.match(await b2.$("#camera-status").getText(), /Aucune caméra trouvée/);
    assert.equal(await b2.$(".camera-view").isDisplayed(), false, "no black preview box, the message alone");
    shot("desk-camera-none");
    await b2.$("#scan-field").addValue(code + "\uE007");
    await b2.waitUntil(async () => (await b2.$("#verdict").getAttribute("data-verdict")) === "admitted", { timeout: 5000, timeoutMsg: "the scanner stopped working" });
  } finally {
    await other.stop();
  }
});
