// The webview serves ui/www only: bring the bundled fonts and sounds in, so that
// nothing is ever fetched from outside the app.
import { cpSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
for (const dir of ["fonts", "sounds"]) {
  const to = join(here, "www", "assets", dir);
  mkdirSync(to, { recursive: true });
  cpSync(join(here, "..", "assets", dir), to, { recursive: true });
}
