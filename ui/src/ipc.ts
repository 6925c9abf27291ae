// The bridge to the Rust core: commands (invoke) and pushed events (listen).

interface TauriGlobal {
  core: { invoke<T>(cmd: string, args?: Record<string, unknown>): Promise<T> };
  event: { listen<T>(event: string, cb: (e: { payload: T }) => void): Promise<() => void> };
}

const tauri = (window as unknown as { __TAURI__: TauriGlobal }).__TAURI__;

export interface IpcError {
  code: string;
  message: string;
}

export function call<T>(cmd: string, args: Record<string, unknown> = {}): Promise<T> {
  return tauri.core.invoke<T>(cmd, args);
}

export function listen<T>(event: string, cb: (payload: T) => void) {
  return tauri.event.listen<T>(event, (e) => cb(e.payload));
}

export function errorText(e: unknown): string {
  if (e && typeof e === "object" && "message" in e) return String((e as IpcError).message);
  return String(e);
}

// Shapes of what the core returns (see bluehats-core's serde types).
export type Category = "public_agent" | "citizen" | "association" | "company" | "other";
export const CATEGORIES: Category[] = ["public_agent", "citizen", "association", "company", "other"];

export interface Person {
  id: number;
  name: string;
  organisation: string | null;
  category: Category;
}

export type VerdictKind = "admitted" | "already_admitted" | "unknown" | "forged" | "revoked" | "malformed";

export interface ScanOutcome {
  verdict: VerdictKind;
  person?: Person;
  first_at?: string;
  first_desk?: string;
  reason?: string;
  scan_id: number;
  code: string;
  desk: string;
  at: string;
  repeat: boolean;
}

export interface Attendee {
  id: number;
  name: string;
  email: string | null;
  organisation: string | null;
  category: Category;
  source: string;
  code: string | null;
  checked_in_at: string | null;
  checked_in_desk: string | null;
}

export interface Stats {
  registered: number;
  admitted: number;
  walk_ins: number;
  scans: number;
  by_verdict: Record<string, number>;
  admitted_by_category: Record<string, number>;
  admitted_by_desk: Record<string, number>;
  admitted_by_hour: [string, number][];
}

export interface CheckinRow {
  scan_id: number;
  at: string;
  desk: string;
  code: string;
  verdict: string;
  attendee_id: number | null;
  name: string | null;
}

export interface EventInfo {
  event: {
    name: string;
    venue: string;
    address: string;
    room: string;
    date: string;
    time_zone: string;
    contact: string;
    colour: string;
    programme_url: string;
    source: string;
    licence: string;
  };
  desk: string;
  rehearsal: boolean;
  clock: { mode: string; speed?: number; start?: string };
  now: string;
  programme_source: string | null;
  screen_position: "hall" | "escalator" | "door";
}

export interface Speaker {
  name: string;
  organisation: string | null;
}

export interface TalkView {
  id: number;
  title: string;
  speakers: Speaker[];
  remote: boolean;
  starts: string;
  minutes: number;
  elapsed_minutes: number | null;
  remaining_minutes: number | null;
  confirmed: boolean;
}

export interface BlockView {
  id: number;
  title: string;
  kind: "talks" | "panel" | "break" | "welcome" | "discussion";
  starts: string;
  ends: string;
}

export interface Screen {
  at: string;
  clock: string;
  phase: "before" | "on_stage" | "between" | "after";
  block: BlockView | null;
  now: TalkView | null;
  next: TalkView | null;
  next_block: BlockView | null;
  announcement: string | null;
  delay_minutes: number;
  rehearsal?: boolean;
}

export interface Talk {
  id: number;
  title: string;
  speakers: Speaker[];
  remote: boolean;
  minutes: number | null;
}

export interface Block {
  id: number;
  starts: string;
  ends: string;
  title: string;
  kind: BlockView["kind"];
  talks: Talk[];
}

export interface Programme {
  blocks: Block[];
  source: string | null;
}

/** "10:05" in the event's zone. */
export function hm(iso: string, tz: string): string {
  return new Date(iso).toLocaleTimeString("fr-FR", { hour: "2-digit", minute: "2-digit", timeZone: tz });
}

export function hms(iso: string, tz: string): string {
  return new Date(iso).toLocaleTimeString("fr-FR", { hour: "2-digit", minute: "2-digit", second: "2-digit", timeZone: tz });
}
