// Screenshots of the signage through the day, for review and for docs/ (not a test):
//   DISPLAY=:97 node shot-signage.mjs [WIDTHxHEIGHT]   (an Xvfb screen of that size)
import { startApp, newDataDir, cli, switchTo, shot, sleep } from "./harness.mjs";

const size = process.argv[2] ?? "1920x1080";
const moments = [
  ["0820", "08:20", []],
  ["0910", "09:10", []],
  ["1005", "10:05", []],
  ["1028", "10:28", []],
  ["1040", "10:40", []],
  ["1140", "11:40", []],
  ["1725", "17:25", []],
  ["1005-announce", "10:05", [["live", "announce", "Le vestiaire ferme à 17 h 45 : pensez à reprendre vos affaires avant la dernière présentation."], ["live", "room-full"]]],
  ["1230", "12:30", []],
  ["1800", "18:00", []],
];
for (const [name, hm, actions] of moments) {
  const data = newDataDir();
  cli(data, "init");
  for (const a of actions) {
    try { cli(data, ...a); } catch { /* an action the CLI does not have: skipped */ }
  }
  const app = await startApp(data, ["--rehearsal", `2021-11-09T${hm}:00+01:00`, "--speed", "1", "--signage", "fullscreen", "--no-desk-window"]);
  await switchTo(app.browser, "signage");
  await app.browser.$(".signage").waitForExist({ timeout: 20000 });
  await sleep(1200);
  shot(`signage-${name}-${size}`);
  await app.stop();
}
process.exit(0);
