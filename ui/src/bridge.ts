// The bridge to the Rust side: Tauri's invoke and listen, and nothing else. Screens never
// call Rust by name: they call the typed wrappers of gen/contract.ts, generated from the
// Rust command list, which come through here.

interface TauriGlobal {
  core: { invoke<T>(cmd: string, args?: Record<string, unknown>): Promise<T> };
  event: { listen<T>(event: string, cb: (e: { payload: T }) => void): Promise<() => void> };
}

const tauri = (window as unknown as { __TAURI__: TauriGlobal }).__TAURI__;

export function invoke<T>(cmd: string, args: Record<string, unknown>): Promise<T> {
  return tauri.core.invoke<T>(cmd, args);
}

export function listen<T>(event: string, cb: (payload: T) => void): Promise<() => void> {
  return tauri.event.listen<T>(event, (e) => cb(e.payload));
}

/** An error from Rust ({code, message}, the message already in French and English) as text. */
export function errorText(e: unknown): string {
  if (e && typeof e === "object" && "message" in e) return String((e as { message: unknown }).message);
  return String(e);
}
