// One page, three screens: the desk (default), the signage, and the organiser's screen
// (opened from the desk). The window's URL says which.

import { showDesk } from "./desk.js";
import { showSignage } from "./signage.js";
import { getLang, setLang } from "./i18n.js";

const root = document.getElementById("app")!;
setLang(getLang());
const view = new URLSearchParams(location.search).get("view") ?? "desk";
if (view === "signage") showSignage(root);
else showDesk(root);
