// Tickets by e-mail from the organiser's screen, to a real SMTP server (aiosmtpd, on
// 127.0.0.1, in the venv tests/mail/check.sh installs): the server and the template typed
// in, a dry run writes .eml files and sends nothing, the run sends each person with an
// address their ticket once (its QR read back as their code), the refused address is listed.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import net from "node:net";
import { startApp, newDataDir, cli, shot, openOrganiser } from "./harness.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const VENV = process.env.MAIL_VENV ?? resolve(here, "../../target/mail-venv");
let app, b, data, box, smtpd, port, people;

const received = () => (existsSync(join(box, "in")) ? readdirSync(join(box, "in")).filter((f) => f.endsWith(".eml")) : []);

before(async () => {
  assert.ok(existsSync(join(VENV, "bin/python")), `aiosmtpd's venv (${VENV}): run tests/mail/check.sh first`);
  box = newDataDir();
  port = await new Promise((res) => { const s = net.createServer(); s.listen(0, "127.0.0.1", () => { const p = s.address().port; s.close(() => res(p)); }); });
  smtpd = spawn(join(VENV, "bin/python"), [resolve(here, "../mail/smtpd.py"), "--port", String(port), "--out", join(box, "in"), "--ready", join(box, "ready"), "--refuse", "refuse@exemple.invalid"], { stdio: "ignore" });
  for (let i = 0; i < 100 && !existsSync(join(box, "ready")); i++) await new Promise((r) => setTimeout(r, 100));
  assert.ok(existsSync(join(box, "ready")), "the SMTP server started");
  data = newDataDir();
  cli(data, "init", "--pin", "2468");
  const csv = join(data, "inscrits.csv");
  writeFileSync(csv, "Nom;Courriel;Organisme\nZoé Lefèvre;zoe@exemple.invalid;DINUM\nAna Lopez;ana@exemple.invalid;Inria\nRefusé Dupont;refuse@exemple.invalid;\nSans Courriel;;\n");
  cli(data, "attendees", "import", csv);
  people = cli(data, "attendees", "list");
  app = await startApp(data, ["--signage", "off", "--desk", "Entrée A"]);
  b = app.browser;
  await b.$("#scan-field").waitForExist({ timeout: 20000 });
});

after(async () => {
  await app?.stop();
  smtpd?.kill();
});

async function settled() {
  await b.waitUntil(async () => (await b.$("#mail-report").isExisting()) || (await b.$("#mail-out .error-text").isExisting()), { timeout: 30000, timeoutMsg: "the run did not end" });
  if (await b.$("#mail-out .error-text").isExisting()) throw new Error(await b.$("#mail-out").getText());
}

test("the organiser types the server and the template; a dry run writes messages and sends none", async () => {
  await openOrganiser(b, "2468");
  await b.$("#otab-tab_setup").click();
  await b.$("#mail-host").waitForExist({ timeout: 5000 });
  await b.waitUntil(async () => (await b.$("#mail-status").getText()).includes("3 à envoyer"), { timeout: 5000, timeoutMsg: "three people to mail" });
  await b.$("#mail-host").setValue(`127.0.0.1:${port}`);
  await b.$("#mail-security").selectByAttribute("value", "plain");
  await b.$("#mail-from").setValue("Accueil <accueil@bluehats.invalid>");
  await b.$("#mail-subject").setValue("Votre billet pour {event}, {name} / Your ticket");
  await b.$("#mail-dry").click();
  await settled();
  assert.match(await b.$("#mail-report").getText(), /3 message\(s\) écrit\(s\)/);
  assert.equal(readdirSync(join(data, "courriels-essai")).filter((f) => f.endsWith(".eml")).length, 3);
  assert.equal(received().length, 0, "a dry run sends nothing");
});

test("the run: each person with an address once, the refused one listed; a second run sends none", async () => {
  await b.$("#mail-send").click();
  await b.$("#ask-yes").waitForClickable({ timeout: 5000 });
  await b.$("#ask-yes").click();
  await settled();
  assert.match(await b.$("#mail-counts").getText(), /2 envoyé\(s\)/);
  assert.match(await b.$("#mail-failures").getText(), /refuse@exemple\.invalid/);
  assert.equal(received().length, 2);
  for (const f of received()) {
    const eml = readFileSync(join(box, "in", f), "utf8");
    const who = people.find((p) => p.email && eml.includes(`<${p.email}>`));
    assert.ok(who, `a message to someone registered: ${f}`);
    // Read as a mail client reads it: the subject decoded, the attached PNG saved.
    const png = join(box, "qr.png");
    const subject = execFileSync("python3", ["-c", `import email,sys
from email import policy
m=email.message_from_bytes(open(sys.argv[1],'rb').read(), policy=policy.default)
p=[x for x in m.walk() if x.get_filename()=='billet-ticket.png'][0]
open(sys.argv[2],'wb').write(p.get_content())
print(m['Subject'])`, join(box, "in", f), png], { encoding: "utf8" }).trim();
    assert.equal(subject, `Votre billet pour Journée BlueHats 2021, ${who.name} / Your ticket`);
    const code = execFileSync("zbarimg", ["-q", "--raw", png], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
    assert.equal(code, who.code);
  }
  shot("organiser-mail");
  await b.$("#mail-send").click();
  await b.$("#ask-yes").waitForClickable({ timeout: 5000 });
  await b.$("#ask-yes").click();
  await b.waitUntil(async () => /0 envoyé\(s\) · 2 déjà reçu\(s\)/.test(await b.$("#mail-counts").getText().catch(() => "")), { timeout: 30000, timeoutMsg: "the second run says nothing new was sent" });
  assert.equal(received().length, 2, "nobody mailed twice");
});
