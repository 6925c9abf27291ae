// The US reading of keystrokes (ui/src/keyboard.ts), as the desk sends it with each scan.
import { test } from "node:test";
import assert from "node:assert/strict";
import { usChar } from "../../ui/www/js/keyboard.js";

test("an AZERTY machine's keys read back as the US scanner meant them", () => {
  // "BH1." typed by a US-keyboard scanner: shift+KeyB, shift+KeyH, Digit1, Period.
  const keys = [["KeyB", true], ["KeyH", true], ["Digit1", false], ["Period", false], ["KeyQ", true]];
  assert.equal(keys.map(([c, s]) => usChar(c, s)).join(""), "BH1.Q");
  assert.equal(usChar("Digit1", true), "!");
  assert.equal(usChar("Numpad7", false), "7");
  assert.equal(usChar("F5", false), null, "no US character: the key as typed is kept");
});
