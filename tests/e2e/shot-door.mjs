// Screenshots of what the organiser sees of the door's preparation: the event's categories
// (a file's Presse and Orateur·rice among the default five) and the notes for the door.
// Needs DISPLAY (Xvfb).   DISPLAY=:99 node shot-door.mjs → shots/organiser-categories.png, shots/organiser-notes.png

import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { startApp, newDataDir, cli, shot, sleep, openOrganiser } from "./harness.mjs";

const data = newDataDir();
cli(data, "init", "--demo", "--pin", "2468");
const csv = join(data, "inscrits.csv");
writeFileSync(csv, "Nom;Catégorie;Remarque\nAnne Presse;Presse;Badge presse à remettre\nBob Orateur;Orateur·rice;Remettre le badge orateur\n");
cli(data, "attendees", "import", csv);
cli(data, "categories", "set", "presse", "--en", "Press");
const app = await startApp(data, ["--signage", "off"]);
try {
  const b = app.browser;
  await b.$("#scan-field").waitForExist({ timeout: 20000 });
  await openOrganiser(b);
  await b.$("#otab-tab_event").click();
  await b.$("#categories-card").waitForExist({ timeout: 5000 });
  await b.execute(() => document.getElementById("categories-card").scrollIntoView());
  await sleep(300);
  shot("organiser-categories");
  await b.$("#otab-tab_setup").click();
  await b.$("#notes-search").waitForExist({ timeout: 5000 });
  await b.execute(() => document.getElementById("notes-card").scrollIntoView());
  await b.$("#notes-search").setValue("orateur");
  await b.$(".note-row").waitForExist({ timeout: 5000 });
  await b.execute(() => document.querySelector(".note-row").scrollIntoView({ block: "center" }));
  await sleep(300);
  shot("organiser-notes");
} finally {
  await app.stop();
}
