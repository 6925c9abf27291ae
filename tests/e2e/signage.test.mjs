// The signage on the real window, in rehearsal, steered from the organiser's screen.

import { test, after } from "node:test";
import assert from "node:assert/strict";
import { startApp, newDataDir, switchTo, shot, sleep, openOrganiser } from "./harness.mjs";

const apps = [];
after(async () => { for (const a of apps) await a.stop(); });

async function signageAt(instant, ...more) {
  const speed = more.includes("--speed") ? [] : ["--speed", "1"];
  const app = await startApp(newDataDir(), ["--rehearsal", instant, ...speed, "--signage", "fullscreen", ...more]);
  apps.push(app);
  await switchTo(app.browser, "signage");
  await app.browser.$(".signage").waitForExist({ timeout: 20000 });
  return app;
}

test("at 10:05 the signage shows the talk on stage and the next one; 'next' on the organiser's screen moves it", async () => {
  const app = await signageAt("2021-11-09T10:05:00+01:00");
  const b = app.browser;
  await b.waitUntil(async () => (await b.$("#now-title").getText()).includes("Esup-Pod"), { timeout: 10000, timeoutMsg: "not the Esup-Pod talk" });
  assert.match(await b.$("#next-title").getText(), /PLUME/);
  assert.match(await b.$("#clock").getText(), /^10:0[5-6]$/);
  assert.ok(await b.$("#rehearsal").isExisting(), "a rehearsal is marked");
  assert.match(await b.$(".badge-remote").getText(), /EN VISIO/);
  await sleep(700);
  shot("signage-1005-talk");
  await switchTo(b, "desk");
  await openOrganiser(b);
  await b.$("#live-next").click();
  await switchTo(b, "signage");
  await b.waitUntil(async () => (await b.$("#now-title").getText()).includes("PLUME"), { timeout: 5000, timeoutMsg: "the signage did not follow 'next'" });
  // An announcement overrides the signage until cleared.
  await switchTo(b, "desk");
  await b.$("#announce-text").setValue("Salle 223M complète");
  await b.$("#announce-show").click();
  await switchTo(b, "signage");
  await b.$("#announcement").waitForExist({ timeout: 5000 });
  assert.match(await b.$("#announcement").getText(), /Salle 223M complète/);
  assert.ok(await b.$("#clock").isDisplayed({ withinViewport: true }) && await b.$("#way-text").isDisplayed({ withinViewport: true }), "the announcement hides neither the clock nor the way");
  // One touch on the organiser's screen: room full, shown as a strip.
  await switchTo(b, "desk");
  await b.$("#room-full-toggle").click();
  await switchTo(b, "signage");
  await b.$("#room-full").waitForExist({ timeout: 5000 });
  assert.ok(await b.$("#now-title").isDisplayed({ withinViewport: true }), "room full hides nothing");
  shot("signage-announcement");
  await switchTo(b, "desk");
  await b.$("#announce-clear").click();
  await switchTo(b, "signage");
  await b.$("#announcement").waitForExist({ reverse: true, timeout: 5000 });
});

test("during the coffee break the signage says when it resumes and what comes next", async () => {
  const app = await signageAt("2021-11-09T10:40:00+01:00", "--no-desk-window");
  const b = app.browser;
  await b.waitUntil(async () => (await b.$("#now-title").getText()).includes("Pause café"), { timeout: 10000 });
  assert.match(await b.$(".resume").getText(), /11:00/);
  assert.match(await b.$("#next-title").getText(), /GouvTech/);
  await sleep(700); // let the frame reach the screen before the picture
  shot("signage-1040-break");
});

test("before the day opens it says when it starts", async () => {
  const app = await signageAt("2021-11-09T08:20:00+01:00", "--no-desk-window");
  const b = app.browser;
  await b.waitUntil(async () => (await b.$(".big-message").getText()).includes("9:00") || (await b.$(".big-message").getText()).includes("09:00"), { timeout: 10000 });
  await sleep(700);
  shot("signage-0820-before");
});

test("at 10:28 the next thing is the coffee break; at 11:40 the round table is the block's own time, not an overrun", async () => {
  // Each instant at the real pace: a faster rehearsal clock runs past 10:30 while a busy
  // machine is still opening the window.
  const early = await signageAt("2021-11-09T10:28:00+01:00", "--no-desk-window");
  let b = early.browser;
  await b.waitUntil(async () => /Pause café/.test(await b.$("#next-title").getText()), { timeout: 20000, timeoutMsg: "the break is not what comes next" });
  assert.match(await b.$(".next-time").getText(), /10:30/);
  await early.stop();
  // At 11:40 the panel's two items are over, the round table is not.
  const late = await signageAt("2021-11-09T11:40:00+01:00", "--no-desk-window");
  b = late.browser;
  await b.waitUntil(async () => /Table ronde/.test(await b.$("#now-title").getText()), { timeout: 20000, timeoutMsg: "the round table is not on" });
  assert.match(await b.$("#block-time").getText(), /12:00/);
  assert.equal(await b.$(".overrun").isExisting(), false, "no overrun shown");
});
