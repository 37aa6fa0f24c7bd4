/**
 * Syntax highlighting for the simulator's assembly, generated from the assembler's own tables: mnemonics
 * and aliases (src/sim/cpu/isa.ts), registers (src/sim/cpu/contract.ts), the prelude's names
 * (src/sim/asm/prelude.ts) and the directives src/sim/asm/assembler.ts reads. A name the assembler does
 * not know is never coloured as a keyword.
 */
import { ALIASES, OPS, preludeSymbols, REG_NAMES } from "./engine";

/** Directives and size words the assembler's line parser accepts (src/sim/asm/assembler.ts). */
export const DIRECTIVES = [
  "section",
  "global",
  "bits",
  "align",
  "times",
  "db",
  "dw",
  "dd",
  "dq",
  "equ",
  "include",
];
export const SIZE_WORDS = ["byte", "dword", "qword", "ptr"];

const words = (list: Iterable<string>) =>
  new RegExp(
    `\\b(?:${[...list]
      .sort((a, b) => b.length - a.length)
      .map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
      .join("|")})\\b`,
    "i",
  );

export function asmKeywords() {
  return {
    mnemonics: [...OPS, ...Object.keys(ALIASES)],
    registers: [...REG_NAMES],
    prelude: [...preludeSymbols().keys()],
    directives: DIRECTIVES,
  };
}

/** A Prism grammar (plain object), usable by prism-code-editor. */
export function asmGrammar() {
  const k = asmKeywords();
  return {
    comment: /;.*/,
    string: /"(?:\\.|[^"\\\r\n])*"|'(?:\\.|[^'\\\r\n])'/g,
    label: { pattern: /^[ \t]*[A-Za-z_.][\w.]*:/m, alias: "function" },
    directive: { pattern: words([...k.directives, ...SIZE_WORDS]), alias: "atrule" },
    keyword: words(k.mnemonics),
    register: { pattern: words(k.registers), alias: "variable" },
    constant: { pattern: new RegExp(words(k.prelude).source) },
    number: /\b0x[\da-f_]+\b|\b\d[\d_]*\b/i,
    operator: /[-+*]/,
    punctuation: /[[\],:]/,
  };
}
