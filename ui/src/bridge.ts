// The bridge to the Rust side: Tauri's invoke and listen, and nothing else. Screens never
// call Rust by name: they call the typed wrappers of gen/contract.ts, generated from the
// Rust command list, which come through here.
//
// Outside the app (a browser on the LAN opening the hub's public signage page, /screen),
// there is no Tauri: the same calls read the hub's public routes, and pushes arrive as
// server-sent events. Only the signage's read-only commands exist there.

interface TauriGlobal {
  core: { invoke<T>(cmd: string, args?: Record<string, unknown> | Uint8Array, options?: { headers: Record<string, string> }): Promise<T> };
  event: { listen<T>(event: string, cb: (e: { payload: T }) => void): Promise<() => void> };
}

const tauri = (window as unknown as { __TAURI__?: TauriGlobal }).__TAURI__;

/** The page's own query (?position=door) goes with every public call. */
function publicQuery(args: Record<string, unknown>): string {
  const q = new URLSearchParams(location.search);
  for (const [k, v] of Object.entries(args)) if (v !== undefined && v !== null) q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : "";
}

export async function invoke<T>(cmd: string, args: Record<string, unknown>): Promise<T> {
  if (tauri) return tauri.core.invoke<T>(cmd, args);
  const resp = await fetch(`/api/public/${cmd}${publicQuery(args)}`);
  const body = await resp.json();
  if (!resp.ok) throw body;
  return body as T;
}

/** A call whose argument is raw bytes (a camera frame), with its headers; in the app only. */
export async function invokeRaw<T>(cmd: string, bytes: Uint8Array, headers: Record<string, string>): Promise<T> {
  if (!tauri) throw new Error(`${cmd}: only in the app`);
  return tauri.core.invoke<T>(cmd, bytes, { headers });
}

export function listen<T>(event: string, cb: (payload: T) => void): Promise<() => void> {
  if (tauri) return tauri.event.listen<T>(event, (e) => cb(e.payload));
  if (event !== "screen") return Promise.resolve(() => {});
  // EventSource reconnects by itself when the hub comes back.
  const source = new EventSource(`/api/public/events${publicQuery({})}`);
  source.addEventListener("screen", (e) => cb(JSON.parse((e as MessageEvent<string>).data) as T));
  return Promise.resolve(() => source.close());
}

/** An error from Rust ({code, message}, the message already in French and English) as text. */
export function errorText(e: unknown): string {
  if (e && typeof e === "object" && "message" in e) return String((e as { message: unknown }).message);
  return String(e);
}
