// Small readings of the contract's types for the screens: times in the event's zone, the
// person a verdict is about, a category's name in the language shown.

import type { Category, CategoryDef, Person, ScanOutcome } from "./gen/contract.js";
import { getLang } from "./i18n.js";

/** A category's name as the event words it, in the language shown (a key the event lost
 * reads as itself). */
export function categoryName(key: Category, categories: CategoryDef[]): string {
  const d = categories.find((c) => c.key === key);
  if (!d) return key;
  return getLang() === "en" ? d.en : d.fr;
}

/** "10:05" in the event's zone. */
export function hm(iso: string, tz: string): string {
  return new Date(iso).toLocaleTimeString("fr-FR", { hour: "2-digit", minute: "2-digit", timeZone: tz });
}

export function hms(iso: string, tz: string): string {
  return new Date(iso).toLocaleTimeString("fr-FR", { hour: "2-digit", minute: "2-digit", second: "2-digit", timeZone: tz });
}

/** The person a verdict names (admitted, already in, cancelled ticket), if any. */
/** A day and time, for what may be far from today (a desk's wrong clock). */
export function dayTime(iso: string, tz: string): string {
  return new Date(iso).toLocaleString("fr-FR", { timeZone: tz, dateStyle: "short", timeStyle: "short" });
}

export function personOf(o: ScanOutcome): Person | null {
  return "person" in o ? o.person : null;
}
