// Screenshots of an event other than the default one, for review and for docs/ (not a
// test): a two-room day prepared by the CLI, its door sign before the day and during it
// (with an announcement and room full), its hall, and the organiser's Event tab.
//   node shot-event.mjs     (starts its own X displays, 1920×1080, 1280×720, 1080×1920)
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { startApp, startDisplay, newDataDir, cli, switchTo, shotOf, sleep, openOrganiser } from "./harness.mjs";

const ORG = `#+title: Journée BlueHats 2026
* Mercredi <2026-11-18>
- *9h-9h30* : /Café de bienvenue/
- *9h30-10h30* : /Présentations courtes du matin/
  - Un logiciel libre pour les mairies, Zoé Lavoûte (Ville de Lyon)
  - Le catalogue des communs numériques, Rémi Déodat (ANCT)
  - Publier le code de l'État, Inès Martin (DINUM) (en visio)
  - La forge des collectivités, Paul Arnaud
- *10h30-11h* : /Pause café/
- *11h-12h30* : Table ronde : mutualiser sans centraliser
  - Léa Moreau (Région Bretagne), Omar Diallo (Adullact)
- *12h30-14h* : /Déjeuner/
- *14h-16h* : /Ateliers/
  - Contribuer à un logiciel libre, Jeanne Petit
  - Documenter pour être réutilisé, Hugo Bernard
`;

function prepared() {
  const data = newDataDir();
  const f = join(data, "2026.org");
  writeFileSync(f, ORG);
  cli(data, "init", "--blank");
  cli(data, "event", "set", "--name", "Journée BlueHats 2026", "--date", "2026-11-18", "--opens", "09:00", "--closes", "18:00",
    "--venue", "Ministère de l'Exemple", "--address", "1 rue de l'Exemple, 75007 Paris", "--room", "Auditorium B", "--room", "Salle Verte",
    "--colour", "#6a1b9a", "--programme-url", "https://exemple.invalid/bluehats-2026");
  cli(data, "programme", "import", f, "--room", "Auditorium B");
  cli(data, "positions", "set", "Accueil", "--name-en", "Reception", "--room", "Auditorium B", "--arrow", "left",
    "--fr", "Auditorium B : 1er étage, ascenseur à gauche", "--en", "Auditorium B: first floor, lift on the left");
  cli(data, "positions", "set", "Accueil", "--room", "Salle Verte", "--arrow", "up-right", "--fr", "Salle Verte : au fond du hall, à droite", "--en", "Green Room: end of the hall, on the right");
  cli(data, "positions", "set", "Porte de l'auditorium", "--name-en", "Auditorium door", "--room", "Auditorium B", "--arrow", "here",
    "--fr", "Vous êtes ici : Auditorium B", "--en", "You are here: Auditorium B");
  return data;
}

async function signage(size, data, instant, name, display) {
  const app = await startApp(data, ["--rehearsal", instant, "--speed", "1", "--signage", "fullscreen", "--no-desk-window"], { DISPLAY: display });
  await switchTo(app.browser, "signage");
  await app.browser.$(".signage").waitForExist({ timeout: 20000 });
  await sleep(2000);
  shotOf(display, `${name}-${size}`);
  await app.stop();
}

for (const size of ["1920x1080", "1280x720", "1080x1920"]) {
  const [w, h] = size.split("x").map(Number);
  const x = await startDisplay(w, h);
  const data = prepared();
  cli(data, "screen", "set", "--position", "accueil", "--room", "Auditorium B");
  await signage(size, data, "2026-11-10T10:00:00+01:00", "signage-new-event-before", x.display);
  cli(data, "live", "announce", "Le déjeuner est servi en salle Verte à 12 h 30. Vestiaire au rez-de-chaussée, à gauche de l'accueil.");
  cli(data, "live", "--room", "Auditorium B", "room-full");
  await signage(size, data, "2026-11-18T10:05:00+01:00", "signage-new-event-announce", x.display);
  cli(data, "screen", "set", "--hall");
  await signage(size, data, "2026-11-18T10:05:00+01:00", "signage-new-event-hall", x.display);
  x.stop();
}

// The organiser's Event tab, at a laptop's size.
const x = await startDisplay(1280, 800);
const data = prepared();
const app = await startApp(data, ["--signage", "off", "--rehearsal", "2026-11-18T10:05:00+01:00"], { DISPLAY: x.display });
await openOrganiser(app.browser);
await app.browser.$("#otab-tab_event").click();
await sleep(1500);
shotOf(x.display, "organiser-event-1280x800");
await app.browser.execute(() => document.querySelector("#positions-card")?.scrollIntoView());
await sleep(800);
shotOf(x.display, "organiser-positions-1280x800");
await app.stop();
x.stop();
process.exit(0);
