// Screenshots of the desk and the organiser's screen at a window size, for docs/ (not a
// test): DISPLAY=:97 node shot-screens.mjs 1920x1080   (an Xvfb screen of that size)
import { startApp, newDataDir, cli, shot, sleep, openOrganiser } from "./harness.mjs";

const size = process.argv[2] ?? "1920x1080";
const [w, h] = size.split("x").map(Number);
const data = newDataDir();
cli(data, "init", "--demo");
const people = cli(data, "attendees", "list");
const app = await startApp(data, ["--signage", "off", "--desk", "Entrée A", "--rehearsal", "2021-11-09T09:42:00+01:00", "--speed", "1"]);
const b = app.browser;
await b.$("#scan-field").waitForExist({ timeout: 20000 });
await b.setWindowSize(w, h);
await sleep(500);
for (const p of people.slice(0, 6)) await b.$("#scan-field").addValue(p.code + "\uE007");
await sleep(3000);
await b.$("#scan-field").addValue(people[1].code + "\uE007");
await sleep(900);
shot(`desk-already-${size}`);
await b.$("#verdict").click();
await b.$("#tab-search").click();
await b.$("#search-input").setValue("hel");
await sleep(800);
shot(`desk-search-${size}`);
await openOrganiser(b);
await sleep(1000);
shot(`organiser-live-${size}`);
await b.$("#otab-tab_after").click();
await sleep(1000);
shot(`organiser-after-${size}`);
await app.stop();
process.exit(0);
