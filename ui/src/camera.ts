// The desk's camera, for events without a USB scanner: the webcam's preview with a framing
// guide, its frames read continuously by the app's QR reader (in Rust, the one `decode` uses),
// and each code found handed to the desk's scan path, as if a scanner had typed it.
//
// A ticket held in front of the camera is read in frame after frame: it is one scan. The
// same code counts again only after it has left the picture for HOLD_MS.

import { clear, h } from "./dom.js";
import { t, Key } from "./i18n.js";
import * as api from "./gen/contract.js";
import { frameTimed } from "./measure.js";

/** How long a code must be out of the picture before it is a new scan. */
const HOLD_MS = 2000;
/** At most one frame read every FRAME_MS (10 a second): quick at the door, light on a laptop. */
const FRAME_MS = 100;
/** Frames wider than this are scaled down before reading (a 1080p webcam: 1280×720). */
const MAX_WIDTH = 1280;
const CHOICE = "bluehats.camera";

type OnCode = (code: string, seenAt: number) => void;

/** The codes seen lately, and when: a code in view frame after frame is reported once. */
export class Sightings {
  private last = new Map<string, number>();
  fresh(codes: string[], now: number): string[] {
    for (const [code, at] of this.last) if (now - at >= HOLD_MS) this.last.delete(code);
    const out = codes.filter((c) => !this.last.has(c));
    for (const c of codes) this.last.set(c, now);
    return out;
  }
}

let panel: HTMLElement | null = null;
let video: HTMLVideoElement | null = null;
let stream: MediaStream | null = null;
let status: HTMLElement | null = null;
let choice: HTMLSelectElement | null = null;
let onCode: OnCode = () => undefined;
let running = 0; // the frame loop's generation: a new start ends the old loop
const sightings = new Sightings();

/** The camera's panel (preview, guide, choice, messages), kept across the desk's repaints. */
export function cameraPanel(): HTMLElement | null {
  return panel;
}

function say(key: Key, vars: Record<string, string> = {}, bad = false) {
  if (!status) return;
  status.className = bad ? "camera-status bad" : "camera-status";
  // No picture to show: the message alone, not a black box.
  panel?.classList.toggle("failed", bad);
  status.dataset.state = key;
  clear(status, t(key, vars));
}

/** What went wrong opening the camera, in the volunteer's words. */
function failure(e: unknown): Key {
  const name = e && typeof e === "object" && "name" in e ? String((e as { name: unknown }).name) : "";
  if (name === "NotFoundError" || name === "OverconstrainedError" || name === "DevicesNotFoundError") return "camera_none";
  if (name === "NotAllowedError" || name === "SecurityError" || name === "PermissionDeniedError") return "camera_refused";
  if (name === "NotReadableError" || name === "AbortError" || name === "TrackStartError") return "camera_busy";
  return "camera_failed";
}

/** Opens the camera panel and starts reading in the background; `found` gets each new code. */
export function openCamera(found: OnCode): HTMLElement {
  onCode = found;
  if (!panel) {
    video = h("video", { id: "camera-video", class: "camera-video", muted: true, playsinline: true, autoplay: true });
    video.muted = true;
    status = h("div", { id: "camera-status", class: "camera-status", role: "status", "aria-live": "polite" });
    choice = h("select", { id: "camera-choice", class: "hidden", "aria-label": t("camera_choice"), onchange: () => start(choice!.value) });
    panel = h("div", { id: "camera", class: "camera" },
      h("div", { class: "camera-view" }, video, h("div", { class: "camera-guide", "aria-hidden": "true" })),
      status,
      h("div", { class: "camera-actions" },
        choice,
        h("button", { id: "camera-close", class: "secondary", onclick: () => closeCamera() }, t("camera_close"))),
    );
  }
  void start(localStorage.getItem(CHOICE) ?? undefined);
  return panel;
}

async function start(deviceId?: string) {
  stopStream();
  const gen = ++running;
  const media = navigator.mediaDevices;
  if (!media?.getUserMedia) return say("camera_unavailable", {}, true);
  say("camera_starting");
  let s: MediaStream;
  try {
    const video = { width: { ideal: 1280 }, height: { ideal: 720 }, facingMode: "environment" };
    try {
      s = await media.getUserMedia({ audio: false, video: deviceId ? { ...video, deviceId: { exact: deviceId } } : video });
    } catch (e) {
      // The camera chosen last time is gone (unplugged): take any.
      if (!deviceId || failure(e) !== "camera_none") throw e;
      localStorage.removeItem(CHOICE);
      s = await media.getUserMedia({ audio: false, video });
    }
  } catch (e) {
    const key = failure(e);
    return say(key, { error: String((e as { message?: string })?.message ?? e) }, true);
  }
  if (gen !== running || !panel) return void s.getTracks().forEach((tr) => tr.stop());
  stream = s;
  // Unplugged, or taken by another application: say so rather than show a frozen picture.
  s.getVideoTracks()[0]?.addEventListener("ended", () => {
    if (gen !== running) return;
    stopStream(); // the frame loop ends with it
    say("camera_lost", {}, true);
  });
  video!.srcObject = s;
  await video!.play().catch(() => undefined);
  await listCameras(s);
  say("camera_hint");
  void readFrames(gen);
}

/** The camera choice, shown only when there are several (labels are known once one is open). */
async function listCameras(s: MediaStream) {
  const cams = (await navigator.mediaDevices.enumerateDevices().catch(() => [])).filter((d) => d.kind === "videoinput");
  const current = s.getVideoTracks()[0]?.getSettings().deviceId;
  clear(choice!, ...cams.map((d, i) => {
    const o = h("option", { value: d.deviceId }, d.label || `${t("camera")} ${i + 1}`);
    o.selected = d.deviceId === current;
    return o;
  }));
  choice!.classList.toggle("hidden", cams.length < 2);
  if (current) localStorage.setItem(CHOICE, current);
}

/** Reads frames while this generation runs: one at a time, at most every FRAME_MS. */
async function readFrames(gen: number) {
  const canvas = document.createElement("canvas");
  const ctx = canvas.getContext("2d", { willReadFrequently: true });
  if (!ctx) return;
  while (gen === running && video) {
    const began = performance.now();
    if (video.readyState >= 2 && video.videoWidth && !document.hidden) {
      const scale = Math.min(1, MAX_WIDTH / video.videoWidth);
      const w = Math.round(video.videoWidth * scale);
      const hgt = Math.round(video.videoHeight * scale);
      if (canvas.width !== w || canvas.height !== hgt) {
        canvas.width = w;
        canvas.height = hgt;
      }
      ctx.drawImage(video, 0, 0, w, hgt);
      // The canvas's RGBA as it is: Rust turns it grey (a loop over every pixel here would
      // run without the JIT, 70 ms a frame; see camera.rs).
      const rgba = ctx.getImageData(0, 0, w, hgt).data;
      try {
        const codes = await api.readFrame({ width: w, height: hgt, pixels: new Uint8Array(rgba.buffer, rgba.byteOffset, rgba.byteLength) });
        frameTimed(performance.now() - began, codes.length);
        if (gen !== running) return;
        for (const code of sightings.fresh(codes, performance.now())) onCode(code, began);
      } catch (e) {
        say("camera_failed", { error: String((e as { message?: string })?.message ?? e) }, true);
      }
    }
    const wait = FRAME_MS - (performance.now() - began);
    await new Promise((r) => setTimeout(r, Math.max(10, wait)));
  }
}

function stopStream() {
  running++;
  stream?.getTracks().forEach((tr) => tr.stop());
  stream = null;
  if (video) video.srcObject = null;
}

/** Stops the camera (its light goes off) and removes the panel. */
export function closeCamera() {
  stopStream();
  panel?.remove();
  panel = null;
  video = status = choice = null;
  document.dispatchEvent(new Event("camera-closed"));
}
