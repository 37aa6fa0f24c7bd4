/**
 * A two-pass assembler for the simulator's x86-64-flavoured assembly (Intel syntax). It never throws:
 * every problem becomes an AsmError with line, column and a hint, and all of them are reported at once.
 */
import { REG, type RegName } from "../cpu/contract";
import { ALIASES, CONDITIONAL_JUMPS, FORM, INSN_SIZE, NO_REG, OPCODE, OPS, type Op } from "../cpu/isa";
import { describeLimit, LIMITS } from "../scenario/limits";
import { type AsmError, nearest } from "./errors";
import { preludeSymbols } from "./prelude";

export interface ListingLine {
  readonly line: number;
  readonly address: number;
  readonly size: number;
  readonly source: string;
}

export interface Program {
  readonly origin: number;
  readonly bytes: Uint8Array;
  readonly entry: number;
  readonly symbols: ReadonlyMap<string, bigint>;
  readonly listing: readonly ListingLine[];
}

export type AssembleResult = { ok: true; program: Program } | { ok: false; errors: AsmError[] };

export interface AssembleOptions {
  origin?: number;
  /** Extra sources by name, for `include "name"`. */
  libraries?: ReadonlyMap<string, string>;
}

type Operand =
  | { kind: "reg"; reg: number; col: number }
  | { kind: "imm"; expr: string; col: number }
  | {
      kind: "mem";
      base: number;
      index: number;
      scale: number;
      disp: string;
      size: number | undefined;
      col: number;
    };

type Item =
  | {
      kind: "insn";
      line: number;
      col: number;
      op: Op;
      operands: Operand[];
      address: number;
      source: string;
      broken: boolean;
    }
  | {
      kind: "data";
      line: number;
      col: number;
      width: number;
      values: { expr: string; col: number }[];
      bytes: number[];
      address: number;
      source: string;
    }
  | { kind: "space"; line: number; address: number; size: number; source: string; fill?: number };

const REG_NAMES = new Set(Object.keys(REG));
// Maps, not object literals: a reader's word such as "constructor" or "__proto__" must find nothing.
const SIZE_WORDS: ReadonlyMap<string, number> = new Map([
  ["byte", 1],
  ["dword", 4],
  ["qword", 8],
]);
const DATA_WIDTH: ReadonlyMap<string, number> = new Map([
  ["db", 1],
  ["dw", 2],
  ["dd", 4],
  ["dq", 8],
]);
const MNEMONIC_OPS: ReadonlyMap<string, Op> = new Map<string, Op>([
  ...OPS.map((op): [string, Op] => [op, op]),
  ...Object.entries(ALIASES),
]);
const MNEMONICS = [...MNEMONIC_OPS.keys()];
/** Directives the assembler understands, for the docs and the editor's highlighting. */
export const DIRECTIVES = [
  "equ",
  "db",
  "dw",
  "dd",
  "dq",
  "times",
  "align",
  "include",
  "section",
  "global",
  "bits",
];
const U64 = (1n << 64n) - 1n;
/** Past this many errors, later ones get no "did you mean" (each costs a scan of every name). */
const SUGGESTION_LIMIT = 20;
/** Reported errors; the rest are counted in one last error. */
const ERROR_LIMIT = 100;
const IMAGE_LIMIT = LIMITS.imageBytes.value;
const ALIGN_LIMIT = IMAGE_LIMIT;
/** Intermediate values beyond this cannot end up fitting in 64 bits; stopping early keeps BigInt cheap. */
const EXPR_LIMIT = 1n << 130n;

export function assemble(source: string, options: AssembleOptions = {}): AssembleResult {
  const origin = options.origin ?? 0x40_0000;
  const errors: AsmError[] = [];
  let suppressed = 0;
  const err = (line: number, column: number, message: string, hint?: string) => {
    if (errors.length >= ERROR_LIMIT) suppressed++;
    else errors.push(hint ? { line, column, message, hint } : { line, column, message });
  };
  /** Suggestions only while there are few errors, so a page of garbage is rejected in linear time. */
  const suggest = (word: string, candidates: () => Iterable<string>) =>
    errors.length < SUGGESTION_LIMIT ? nearest(word, candidates()) : undefined;
  const suggestName: NameHint = (word) => suggest(word, () => [...symbols.keys(), ...labels.keys()]);
  const symbols = preludeSymbols();
  const labels = new Map<string, number>();
  const equs: { name: string; expr: string; line: number; col: number }[] = [];
  const items: Item[] = [];

  // Includes are spliced in before the program's own lines keep their numbers: included text is appended.
  let text = source;
  const includeRe = /^\s*include\s+"([^"]*)"\s*(;.*)?$/i;
  const lines = text.split(/\r?\n/);
  const appended: string[] = [];
  lines.forEach((l, i) => {
    const m = includeRe.exec(l);
    if (!m) return;
    const lib = options.libraries?.get(m[1] ?? "");
    if (lib === undefined) {
      err(
        i + 1,
        l.indexOf('"') + 1,
        `unknown library "${m[1]}"`,
        `known: ${[...(options.libraries?.keys() ?? [])].join(", ") || "none"}`,
      );
    } else if (!appended.includes(lib)) appended.push(lib);
    lines[i] = "";
  });
  text = [...lines, ...appended].join("\n");
  if (text.length > LIMITS.sourceChars.value) {
    err(1, 1, `the program is too long: ${describeLimit("sourceChars")}`, "split it or remove unused code");
    return { ok: false, errors };
  }
  const allLines = text.split("\n");
  const ownLines = lines.length;

  let address = origin;
  // Labels seen since the last emitted item: they move with the padding before the next instruction.
  let labelsAt: string[] = [];
  let imageFull = false;
  let lastLine = 1;
  const imageTooBig = () => {
    if (imageFull || address - origin <= IMAGE_LIMIT) return imageFull;
    err(lastLine, 1, `the program image is too big: ${describeLimit("imageBytes")}`);
    imageFull = true;
    return true;
  };
  allLines.forEach((raw, i) => {
    if (imageTooBig()) return;
    const lineNo = i + 1;
    lastLine = lineNo;
    const reportLine = lineNo <= ownLines ? lineNo : lineNo; // library lines are reported past the end
    let code = stripComment(raw);
    let col = 1;
    // Labels (possibly several) at the start of the line.
    for (;;) {
      const m = /^(\s*)([A-Za-z_.][\w.]*):/.exec(code);
      if (!m) break;
      const name = m[2] ?? "";
      const at = (m[1]?.length ?? 0) + col;
      if (labels.has(name) || symbols.has(name))
        err(reportLine, at, `duplicate label "${name}"`, "each label may be defined once");
      else {
        labels.set(name, address);
        labelsAt.push(name);
      }
      col += m[0].length;
      code = code.slice(m[0].length);
    }
    const lead = code.length - code.trimStart().length;
    col += lead;
    code = code.trim();
    if (code === "") return;
    const head = /^([A-Za-z_.][\w.]*)/.exec(code)?.[1] ?? "";
    const rest = code.slice(head.length).trim();
    const restCol = col + code.length - code.slice(head.length).trimStart().length;
    const lower = head.toLowerCase();

    // name equ expr
    const equ = /^([A-Za-z_][\w.]*)\s+equ\s+(.+)$/i.exec(code);
    if (equ) {
      equs.push({
        name: equ[1] ?? "",
        expr: equ[2] ?? "",
        line: reportLine,
        col: col + code.indexOf(equ[2] ?? ""),
      });
      return;
    }
    if (lower === "section" || lower === "global" || lower === "bits") return;
    if (lower === "align") {
      const n = Number(rest);
      // Bounded before the bit test: & works on 32 bits, so 2^32 and its multiples would pass it.
      if (!Number.isInteger(n) || n <= 0 || n > ALIGN_LIMIT || (n & (n - 1)) !== 0) {
        err(reportLine, restCol, `align needs a power of two from 1 to ${ALIGN_LIMIT}, got "${rest}"`);
        return;
      }
      const pad = (n - ((address - origin) % n)) % n;
      items.push({ kind: "space", line: reportLine, address, size: pad, source: raw });
      address += pad;
      return;
    }
    if (lower === "times") {
      const m = /^(\d+)\s+db\s+(.+)$/i.exec(rest);
      if (!m) {
        err(reportLine, restCol, "times supports only `times N db value`");
        return;
      }
      const n = Number(m[1]);
      const value = evalExpr(m[2] ?? "", symbols, labels, suggestName);
      if (typeof value === "string" || !(n <= IMAGE_LIMIT)) {
        err(
          reportLine,
          restCol,
          typeof value === "string" ? value : `times count too large: ${describeLimit("imageBytes")}`,
        );
        return;
      }
      labelsAt = [];
      items.push({
        kind: "space",
        line: reportLine,
        address,
        size: n,
        source: raw,
        fill: Number(value & 0xffn),
      });
      address += n;
      return;
    }
    const width = DATA_WIDTH.get(lower);
    if (width !== undefined) {
      const parts = splitOperands(rest, restCol);
      const bytes: number[] = [];
      const values: { expr: string; col: number }[] = [];
      for (const p of parts) {
        const str = /^"((?:[^"\\]|\\.)*)"$/.exec(p.text);
        if (str) {
          if (width !== 1) err(reportLine, p.col, "strings are allowed only with db");
          for (const ch of unescapeString(str[1] ?? "")) bytes.push(ch);
        } else {
          values.push({ expr: p.text, col: p.col });
          for (let k = 0; k < width; k++) bytes.push(0);
        }
      }
      // Strings and values interleave; remember order by encoding in pass 2.
      labelsAt = [];
      items.push({
        kind: "data",
        line: reportLine,
        col: restCol,
        width,
        values: parts.map((p) => ({ expr: p.text, col: p.col })),
        bytes,
        address,
        source: raw,
      });
      address += bytes.length;
      return;
    }
    const op = MNEMONIC_OPS.get(lower);
    if (!op) {
      const guess = suggest(lower, () => MNEMONICS);
      err(
        reportLine,
        col,
        `unknown instruction "${head}"`,
        guess ? `did you mean "${guess}"?` : "see the instruction list in the simulator docs",
      );
      return;
    }
    const operands: Operand[] = [];
    let broken = false;
    for (const p of rest === "" ? [] : splitOperands(rest, restCol)) {
      const parsed = parseOperand(p.text, p.col);
      if (typeof parsed === "string") {
        err(reportLine, p.col, parsed);
        broken = true;
      } else operands.push(parsed);
    }
    // Instructions sit on 16-byte boundaries, so one never straddles a page.
    const pad = (INSN_SIZE - ((address - origin) % INSN_SIZE)) % INSN_SIZE;
    if (pad > 0) {
      items.push({ kind: "space", line: reportLine, address, size: pad, source: "" });
      address += pad;
    }
    for (const name of labelsAt) labels.set(name, address);
    labelsAt = [];
    items.push({ kind: "insn", line: reportLine, col, op, operands, address, source: raw, broken });
    address += INSN_SIZE;
  });

  if (imageTooBig()) return { ok: false, errors };
  // Constants may refer to each other and to labels; resolve in order, then once more for forward uses.
  for (let pass = 0; pass < 2; pass++) {
    for (const e of equs) {
      const v = evalExpr(e.expr, symbols, labels, suggestName);
      if (typeof v !== "string") symbols.set(e.name, v);
      else if (pass === 1) err(e.line, e.col, v);
    }
  }

  const bytes = new Uint8Array(address - origin);
  const view = new DataView(bytes.buffer);
  const listing: ListingLine[] = [];
  for (const item of items) {
    const offset = item.address - origin;
    if (item.kind === "space") {
      if (item.fill) bytes.fill(item.fill, offset, offset + item.size);
      listing.push({ line: item.line, address: item.address, size: item.size, source: item.source });
      continue;
    }
    if (item.kind === "data") {
      let at = offset;
      for (const v of item.values) {
        const str = /^"((?:[^"\\]|\\.)*)"$/.exec(v.expr);
        if (str) {
          for (const ch of unescapeString(str[1] ?? "")) bytes[at++] = ch;
          continue;
        }
        const value = evalExpr(v.expr, symbols, labels, suggestName);
        if (typeof value === "string") {
          err(item.line, v.col, value);
          at += item.width;
          continue;
        }
        const masked = BigInt.asUintN(64, value);
        for (let k = 0; k < item.width; k++) bytes[at++] = Number((masked >> BigInt(8 * k)) & 0xffn);
      }
      if (item.values.length === 0) bytes.set(item.bytes, offset);
      listing.push({
        line: item.line,
        address: item.address,
        size: at - offset || item.bytes.length,
        source: item.source,
      });
      continue;
    }
    // An instruction whose operands did not parse was reported already; don't pile on a second error.
    const problem = item.broken ? undefined : encode(item, view, offset, symbols, labels, suggestName);
    if (problem) err(item.line, problem.col, problem.message, problem.hint);
    listing.push({ line: item.line, address: item.address, size: INSN_SIZE, source: item.source });
  }

  if (errors.length > 0) {
    errors.sort((a, b) => a.line - b.line || a.column - b.column);
    if (suppressed > 0) {
      const last = errors[errors.length - 1];
      errors.push({
        line: last?.line ?? 1,
        column: 1,
        message: `${suppressed} more error${suppressed === 1 ? "" : "s"} not shown`,
        hint: "fix the ones above first",
      });
    }
    return { ok: false, errors };
  }
  const entryLabel = labels.get("_start") ?? labels.get("start");
  for (const [name, addr] of labels) symbols.set(name, BigInt(addr));
  return { ok: true, program: { origin, bytes, entry: entryLabel ?? origin, symbols, listing } };
}

function stripComment(line: string): string {
  let inString = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === '"' && line[i - 1] !== "\\") inString = !inString;
    if (!inString && c === ";") return line.slice(0, i);
    if (!inString && c === "'" && line[i + 2] === "'") i += 2;
  }
  return line;
}

function splitOperands(text: string, startCol: number): { text: string; col: number }[] {
  const parts: { text: string; col: number }[] = [];
  let depth = 0;
  let inString = false;
  let start = 0;
  for (let i = 0; i <= text.length; i++) {
    const c = text[i];
    if (c === '"' && text[i - 1] !== "\\") inString = !inString;
    if (inString) continue;
    if (c === "[") depth++;
    if (c === "]") depth--;
    if (c === "'" && text[i + 2] === "'") {
      i += 2;
      continue;
    }
    if ((c === "," && depth === 0) || i === text.length) {
      const raw = text.slice(start, i);
      const lead = raw.length - raw.trimStart().length;
      parts.push({ text: raw.trim(), col: startCol + start + lead });
      start = i + 1;
    }
  }
  return parts;
}

function unescapeString(s: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const c = s[i] ?? "";
    if (c === "\\") {
      const n = s[++i] ?? "";
      out.push(n === "n" ? 10 : n === "r" ? 13 : n === "t" ? 9 : n === "0" ? 0 : n.charCodeAt(0));
    } else out.push(c.charCodeAt(0) & 0xff);
  }
  return out;
}

function parseOperand(text: string, col: number): Operand | string {
  const lower = text.toLowerCase();
  if (REG_NAMES.has(lower)) return { kind: "reg", reg: REG[lower as RegName], col };
  if (/^(e[a-d]x|e[sd]i|e[sb]p|[a-d][lh]|r\d+[dwb])$/.test(lower)) {
    return `"${text}" is a partial register: use the 64-bit register and a sized memory operand (byte, dword, qword)`;
  }
  const mem = /^(?:(byte|dword|qword)\s+(?:ptr\s+)?)?\[(.*)\]$/i.exec(text);
  if (mem) {
    const size = mem[1] ? SIZE_WORDS.get(mem[1].toLowerCase()) : undefined;
    let base = NO_REG;
    let index = NO_REG;
    let scale = 1;
    const dispParts: string[] = [];
    // Split on + and - at top level, keeping the sign with the term.
    const terms = (mem[2] ?? "").replace(/\s+/g, "").match(/[+-]?[^+-]+/g) ?? [];
    for (const t of terms) {
      const bare = t.replace(/^\+/, "").toLowerCase();
      const scaled = /^([a-z0-9]+)\*([1248])$/.exec(bare) ?? /^([1248])\*([a-z0-9]+)$/.exec(bare);
      if (REG_NAMES.has(bare)) {
        if (base === NO_REG) base = REG[bare as RegName];
        else if (index === NO_REG) index = REG[bare as RegName];
        else return "a memory operand has at most two registers";
      } else if (scaled && (REG_NAMES.has(scaled[1] ?? "") || REG_NAMES.has(scaled[2] ?? ""))) {
        const regName = REG_NAMES.has(scaled[1] ?? "") ? scaled[1] : scaled[2];
        const factor = REG_NAMES.has(scaled[1] ?? "") ? scaled[2] : scaled[1];
        if (index !== NO_REG) return "a memory operand has one index register";
        index = REG[regName as RegName];
        scale = Number(factor);
      } else if (/^-?[a-z]+\*/.test(bare) || /\*[a-z]/.test(bare)) {
        return `bad memory operand "${t}": the scale must be 1, 2, 4 or 8`;
      } else dispParts.push(t);
    }
    if (base === NO_REG && index === NO_REG && dispParts.length === 0) return "empty memory operand";
    return { kind: "mem", base, index, scale, disp: dispParts.join("") || "0", size, col };
  }
  if (text === "") return "missing operand";
  return { kind: "imm", expr: text, col };
}

/** A "did you mean" for an undefined name, or undefined when there is none (or no budget for one). */
type NameHint = (word: string) => string | undefined;

/** Evaluates + - * expressions over numbers, 'c' characters, constants and labels; an error is a string. */
export function evalExpr(
  expr: string,
  symbols: ReadonlyMap<string, bigint>,
  labels: ReadonlyMap<string, number>,
  hint: NameHint = (word) => nearest(word, [...symbols.keys(), ...labels.keys()]),
): bigint | string {
  try {
    return evalExprUnchecked(expr, symbols, labels, hint);
  } catch {
    return `bad number in "${expr.slice(0, 40)}"`;
  }
}

function evalExprUnchecked(
  expr: string,
  symbols: ReadonlyMap<string, bigint>,
  labels: ReadonlyMap<string, number>,
  hint: NameHint,
): bigint | string {
  const tokens = expr.match(/0x[0-9a-f_]+|\d[\d_]*|'(?:\\.|[^'])'|[A-Za-z_.][\w.]*|[-+*()]|\S/gi) ?? [];
  let pos = 0;
  const peek = () => tokens[pos];
  const primary = (): bigint | string => {
    const t = tokens[pos++];
    if (t === undefined) return `incomplete expression "${expr}"`;
    if (t === "+") return primary();
    if (t === "-") {
      const v = primary();
      return typeof v === "string" ? v : -v;
    }
    if (t === "(") {
      const v = sum();
      if (tokens[pos++] !== ")") return `missing ")" in "${expr}"`;
      return v;
    }
    if (/^0x/i.test(t) || /^\d/.test(t)) {
      const digits = t.replaceAll("_", "");
      // 40 characters covers any 64-bit value in decimal or hex; longer ones cannot fit.
      if (digits.replace(/^0x0*|^0+(?=\d)/i, "").length > 40)
        return `value ${t.slice(0, 24)}… does not fit in 64 bits`;
      return BigInt(digits);
    }
    if (t.startsWith("'")) {
      const body = t.slice(1, -1);
      return BigInt(body.startsWith("\\") ? (unescapeString(body)[0] ?? 0) : body.charCodeAt(0));
    }
    if (/^[A-Za-z_.]/.test(t)) {
      const v = symbols.get(t) ?? (labels.has(t) ? BigInt(labels.get(t) ?? 0) : undefined);
      if (v !== undefined) return v;
      const guess = hint(t);
      return `undefined name "${t}"${guess ? `; did you mean "${guess}"?` : ""}`;
    }
    return `unexpected "${t}" in "${expr}"`;
  };
  const product = (): bigint | string => {
    let v = primary();
    while (peek() === "*") {
      pos++;
      const r = primary();
      if (typeof v === "string") return v;
      if (typeof r === "string") return r;
      v = v * r;
      if (v > EXPR_LIMIT || v < -EXPR_LIMIT) return `value of "${expr.slice(0, 40)}" does not fit in 64 bits`;
    }
    return v;
  };
  const sum = (): bigint | string => {
    let v = product();
    while (peek() === "+" || peek() === "-") {
      const sign = tokens[pos++];
      const r = product();
      if (typeof v === "string") return v;
      if (typeof r === "string") return r;
      v = sign === "+" ? v + r : v - r;
      if (v > EXPR_LIMIT || v < -EXPR_LIMIT) return `value of "${expr.slice(0, 40)}" does not fit in 64 bits`;
    }
    return v;
  };
  const result = sum();
  if (typeof result !== "string" && pos < tokens.length) return `unexpected "${tokens[pos]}" in "${expr}"`;
  return result;
}

interface EncodeProblem {
  col: number;
  message: string;
  hint?: string;
}

const ONE_OPERAND: ReadonlySet<Op> = new Set(["not", "neg", "inc", "dec", "push", "pop", "jmp", "call"]);
const NO_OPERAND: ReadonlySet<Op> = new Set([
  "nop",
  "ret",
  "syscall",
  "wasmi",
  "hlt",
  "cli",
  "sti",
  "in",
  "out",
]);

function encode(
  item: Extract<Item, { kind: "insn" }>,
  view: DataView,
  offset: number,
  symbols: ReadonlyMap<string, bigint>,
  labels: ReadonlyMap<string, number>,
  hint: NameHint,
): EncodeProblem | undefined {
  const { op, operands } = item;
  const put = (
    form: number,
    dst: number,
    src: number,
    base: number,
    index: number,
    scale: number,
    size: number,
    imm: bigint,
  ) => {
    view.setUint8(offset, OPCODE[op]);
    view.setUint8(offset + 1, form);
    view.setUint8(offset + 2, dst);
    view.setUint8(offset + 3, src);
    view.setUint8(offset + 4, base);
    view.setUint8(offset + 5, index);
    view.setUint8(offset + 6, scale);
    view.setUint8(offset + 7, size);
    view.setBigUint64(offset + 8, BigInt.asUintN(64, imm), true);
  };
  const value = (o: { expr: string; col: number }): bigint | EncodeProblem => {
    const v = evalExpr(o.expr, symbols, labels, hint);
    if (typeof v === "string") return { col: o.col, message: v };
    if (v > U64 || v < -(1n << 63n))
      return { col: o.col, message: `value ${o.expr} does not fit in 64 bits` };
    return v;
  };
  const want = (n: number): EncodeProblem | undefined =>
    operands.length === n
      ? undefined
      : { col: item.col, message: `${op} takes ${n} operand${n === 1 ? "" : "s"}, got ${operands.length}` };

  if (NO_OPERAND.has(op)) {
    const p = want(0);
    if (p) return p;
    put(FORM.none, 0, 0, NO_REG, NO_REG, 1, 8, 0n);
    return undefined;
  }
  if (CONDITIONAL_JUMPS.has(op) || op === "jmp" || op === "call") {
    const p = want(1);
    if (p) return p;
    const t = operands[0];
    if (t?.kind === "imm") {
      const v = value(t);
      if (typeof v !== "bigint") return v;
      put(FORM.i, 0, 0, NO_REG, NO_REG, 1, 8, v);
      return undefined;
    }
    if (t?.kind === "reg" && !CONDITIONAL_JUMPS.has(op)) {
      put(FORM.r, t.reg, 0, NO_REG, NO_REG, 1, 8, 0n);
      return undefined;
    }
    return { col: t?.col ?? item.col, message: `${op} takes a label`, hint: `for example: ${op} loop` };
  }
  if (ONE_OPERAND.has(op)) {
    const p = want(1);
    if (p) return p;
    const t = operands[0];
    if (!t) return { col: item.col, message: "missing operand" };
    if (t.kind === "reg") put(FORM.r, t.reg, 0, NO_REG, NO_REG, 1, 8, 0n);
    else if (t.kind === "imm") {
      if (op !== "push") return { col: t.col, message: `${op} cannot take an immediate` };
      const v = value(t);
      if (typeof v !== "bigint") return v;
      put(FORM.i, 0, 0, NO_REG, NO_REG, 1, 8, v);
    } else {
      const d = value({ expr: t.disp, col: t.col });
      if (typeof d !== "bigint") return d;
      const size = t.size ?? (op === "push" || op === "pop" ? 8 : undefined);
      if (size === undefined)
        return {
          col: t.col,
          message: "the memory operand needs a size",
          hint: `write qword [${t.disp}] or byte [...]`,
        };
      if ((op === "push" || op === "pop") && size !== 8)
        return { col: t.col, message: `${op} moves 8 bytes: use qword` };
      put(FORM.m, 0, 0, t.base, t.index, t.scale, size, d);
    }
    return undefined;
  }
  // Two-operand forms.
  const p = want(2);
  if (p) return p;
  const [a, b] = operands as [Operand, Operand];
  if (op === "lea") {
    if (a.kind !== "reg" || b.kind !== "mem")
      return {
        col: a.col,
        message: "lea takes a register and a memory operand",
        hint: "lea rax, [rip_label]",
      };
    const d = value({ expr: b.disp, col: b.col });
    if (typeof d !== "bigint") return d;
    put(FORM.rm, a.reg, 0, b.base, b.index, b.scale, 8, d);
    return undefined;
  }
  if ((op === "shl" || op === "shr") && b.kind === "reg" && b.reg !== REG.rcx) {
    return { col: b.col, message: `${op} shifts by an immediate or by rcx (cl)` };
  }
  if (a.kind === "imm") return { col: a.col, message: `the destination of ${op} cannot be an immediate` };
  if (a.kind === "reg") {
    if (b.kind === "reg") put(FORM.rr, a.reg, b.reg, NO_REG, NO_REG, 1, 8, 0n);
    else if (b.kind === "imm") {
      const v = value(b);
      if (typeof v !== "bigint") return v;
      put(FORM.ri, a.reg, 0, NO_REG, NO_REG, 1, 8, v);
    } else {
      const d = value({ expr: b.disp, col: b.col });
      if (typeof d !== "bigint") return d;
      put(FORM.rm, a.reg, 0, b.base, b.index, b.scale, b.size ?? 8, d);
    }
    return undefined;
  }
  // Memory destination.
  if (b.kind === "mem")
    return { col: b.col, message: "x86 has no memory-to-memory form", hint: "load into a register first" };
  const d = value({ expr: a.disp, col: a.col });
  if (typeof d !== "bigint") return d;
  if (b.kind === "reg") {
    put(FORM.mr, 0, b.reg, a.base, a.index, a.scale, a.size ?? 8, d);
    return undefined;
  }
  if (a.size === undefined)
    return {
      col: a.col,
      message: "the memory operand needs a size",
      hint: `write qword [${a.disp}] or byte [...]`,
    };
  const v = value(b);
  if (typeof v !== "bigint") return v;
  // The displacement lives in the immediate field; memory-immediate forms carry the value in src/dst bytes
  // when it fits in 16 bits, so both fit in one 16-byte slot.
  if (v < -0x8000n || v > 0x7fffn)
    return {
      col: b.col,
      message: `a memory destination takes a signed 16-bit immediate, got ${b.expr}`,
      hint: "move it into a register first",
    };
  const v16 = Number(BigInt.asUintN(16, v));
  put(FORM.mi, v16 & 0xff, v16 >> 8, a.base, a.index, a.scale, a.size, d);
  return undefined;
}
