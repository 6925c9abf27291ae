// What a key would have typed on a US keyboard, from its physical position (KeyboardEvent.code).
// USB scanners are often set up as US keyboards; on a French AZERTY machine their "1" arrives
// as "&" and their "A" as "Q". The desk sends both readings; the core keeps the one that is a
// real ticket.

const SHIFTED_DIGITS = ")!@#$%^&*(";
const PUNCT: Record<string, [string, string]> = {
  Period: [".", ">"], Comma: [",", "<"], Minus: ["-", "_"], Equal: ["=", "+"], Slash: ["/", "?"],
  Semicolon: [";", ":"], Quote: ["'", "\""], BracketLeft: ["[", "{"], BracketRight: ["]", "}"],
  Backslash: ["\\", "|"], Backquote: ["`", "~"], Space: [" ", " "],
  NumpadDecimal: [".", "."], NumpadSubtract: ["-", "-"], NumpadAdd: ["+", "+"], NumpadDivide: ["/", "/"], NumpadMultiply: ["*", "*"],
};

/** The US character for a physical key, or null when it has none (then use the key as typed). */
export function usChar(code: string, shift: boolean): string | null {
  let m = /^Key([A-Z])$/.exec(code);
  if (m) return shift ? m[1] : m[1].toLowerCase();
  m = /^Digit([0-9])$/.exec(code);
  if (m) return shift ? SHIFTED_DIGITS[Number(m[1])] : m[1];
  m = /^Numpad([0-9])$/.exec(code);
  if (m) return m[1];
  const p = PUNCT[code];
  return p ? p[shift ? 1 : 0] : null;
}
