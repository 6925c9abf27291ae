// The webview serves ui/www only: bring the bundled fonts in, so that nothing is ever
// fetched from outside the app. (The desk's sounds are played by the app, from its binary:
// src-tauri/src/sounds.rs.)
import { cpSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
for (const dir of ["fonts"]) {
  const to = join(here, "www", "assets", dir);
  mkdirSync(to, { recursive: true });
  cpSync(join(here, "..", "assets", dir), to, { recursive: true });
}
