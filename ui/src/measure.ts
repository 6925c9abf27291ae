// What the benchmarks (tests/e2e/bench.mjs) read from the page, kept in one place and out of
// the screens' logic: scan timings, and the wall-clock times of a staff action and of the
// signage's paint.

interface Marks {
  __scanTimes: { typing: number; answer: number }[];
  __actionWall: number;
  __paintWall: number;
}

const marks = window as unknown as Marks;
marks.__scanTimes = [];

/** A scan: the scanner's typing (first key to Enter) and the app's answer (Enter to painted). */
export function scanTimed(typing: number, answer: number) {
  marks.__scanTimes.push({ typing, answer });
}

/** The organiser clicked a live action. */
export function actionTaken() {
  marks.__actionWall = Date.now();
}

/** The signage painted. */
export function painted() {
  marks.__paintWall = Date.now();
}
