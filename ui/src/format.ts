// Small readings of the contract's types for the screens: times in the event's zone, the
// person a verdict is about, the categories in the order the forms list them.

import type { Category, Person, ScanOutcome } from "./gen/contract.js";

export const CATEGORIES: Category[] = ["public_agent", "citizen", "association", "company", "other"];

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
