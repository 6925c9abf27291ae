// Screenshots of the organiser's screen (for review): node shot-organiser.mjs
import { startApp, newDataDir, cli, shot, sleep, openOrganiser } from "./harness.mjs";
const data = newDataDir();
cli(data, "init", "--demo");
const app = await startApp(data, ["--signage", "off", "--rehearsal", "2021-11-09T10:05:00+01:00"]);
const b = app.browser;
await openOrganiser(b);
await b.$("#live-start").click();
await sleep(800);
shot("organiser");
await app.stop();
process.exit(0);
