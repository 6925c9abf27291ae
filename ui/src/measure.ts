// What the benchmarks (tests/e2e/bench.mjs) read from the page, kept in one place and out of
// the screens' logic: scan timings, the wall-clock times of a staff action and of the
// signage's paint, and the camera's frames.

interface Marks {
  __scanTimes: { typing: number; answer: number; decided: number; shown: number }[];
  __actionWall: number;
  __paintWall: number;
  __cameraFrames: { ms: number; found: number }[];
}

const marks = window as unknown as Marks;
marks.__scanTimes = [];
marks.__cameraFrames = [];

/** A scan: the scanner's typing (first key to Enter) and the app's answer (Enter to painted),
 * with its parts: Enter to the decision back from Rust, and to the verdict in the page. */
export function scanTimed(typing: number, answer: number, decided: number, shown: number) {
  marks.__scanTimes.push({ typing, answer, decided, shown });
}

/** The organiser clicked a live action. */
export function actionTaken() {
  marks.__actionWall = Date.now();
}

/** The signage painted. */
export function painted() {
  marks.__paintWall = Date.now();
}

/** A camera frame read: grab, grey, IPC and reader together, and the codes found (the last
 * thousand frames kept). */
export function frameTimed(ms: number, found: number) {
  marks.__cameraFrames.push({ ms, found });
  if (marks.__cameraFrames.length > 1000) marks.__cameraFrames.shift();
}
