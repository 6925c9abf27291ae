// One page, three screens: the desk (default), the signage, and the organiser's screen
// (opened from the desk). The window's URL says which.

import { showDesk } from "./desk.js";
import { showSignage } from "./signage.js";
import { getLang, setLang } from "./i18n.js";

const root = document.getElementById("app")!;
setLang(getLang());
// The hub's public page (/screen, in any browser on the LAN) is the signage.
const view = location.pathname.startsWith("/screen") ? "signage" : new URLSearchParams(location.search).get("view") ?? "desk";
if (view === "signage") showSignage(root);
else showDesk(root);
