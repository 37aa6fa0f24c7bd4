import { describe, expect, test } from "vitest";
import { asmGrammar } from "./asm-language";
import { ALIASES, OPS, PROGRAMS, preludeSymbols, REG_NAMES } from "./engine";

const whole = (re: RegExp, word: string) => {
  const m = new RegExp(re.source, re.flags.replace("g", "")).exec(word);
  return m?.[0] === word;
};

describe("the editor's highlighting comes from the assembler's tables", () => {
  const g = asmGrammar();
  test("every mnemonic and alias is a keyword, every register a register, every prelude name a constant", () => {
    for (const op of [...OPS, ...Object.keys(ALIASES)]) expect(whole(g.keyword, op), op).toBe(true);
    for (const r of REG_NAMES) expect(whole(g.register.pattern, r), r).toBe(true);
    for (const name of preludeSymbols().keys()) expect(whole(g.constant.pattern, name), name).toBe(true);
  });

  test("names the assembler does not know are not keywords", () => {
    for (const word of ["mvo", "movq", "eax", "loop", "int", "SYS_NOPE"]) {
      expect(whole(g.keyword, word), word).toBe(false);
      expect(whole(g.constant.pattern, word), word).toBe(false);
    }
  });

  test("every built-in program's mnemonics are highlighted", () => {
    const known = new Set([...OPS, ...Object.keys(ALIASES)]);
    for (const [name, source] of Object.entries(PROGRAMS)) {
      for (const line of source.split("\n")) {
        const head = /^\s*(?:[A-Za-z_.][\w.]*:\s*)*([a-z]+)\b/.exec(line.replace(/;.*/, ""))?.[1];
        if (head && known.has(head)) expect(whole(g.keyword, head), `${name}: ${line}`).toBe(true);
      }
    }
  });
});
