/**
 * The simulator's instruction set: x86-64 mnemonics and operand forms, encoded in fixed 16-byte slots
 * (not real x86 machine code) so that code lives in memory frames as bytes, like real code:
 *
 *   byte 0  opcode       byte 1  operand form (see FORM)   byte 2  dst register   byte 3  src register
 *   byte 4  base reg     byte 5  index reg (0xFF: none)    byte 6  scale          byte 7  access size (1, 4, 8)
 *   bytes 8-15  a 64-bit little-endian immediate or displacement
 */
export const INSN_SIZE = 16;
export const NO_REG = 0xff;

export const OPS = [
  "nop",
  "mov",
  "lea",
  "add",
  "sub",
  "and",
  "or",
  "xor",
  "cmp",
  "test",
  "shl",
  "shr",
  "not",
  "neg",
  "inc",
  "dec",
  "push",
  "pop",
  "jmp",
  "je",
  "jne",
  "jl",
  "jle",
  "jg",
  "jge",
  "jb",
  "jbe",
  "ja",
  "jae",
  "js",
  "jns",
  "call",
  "ret",
  "syscall",
  // Not x86: stands in for the wasmi interpreter that init links in ring 3 (see src/sim/wasm/wasmi.ts).
  "wasmi",
  "hlt",
  "cli",
  "sti",
  "in",
  "out",
] as const;
export type Op = (typeof OPS)[number];
export const OPCODE: Readonly<Record<Op, number>> = Object.fromEntries(
  OPS.map((op, i) => [op, i + 1]),
) as Record<Op, number>;

/** Operand forms. r = register, i = immediate, m = memory [base + index*scale + disp]. */
export const FORM = {
  none: 0,
  r: 1, // one register operand (not, neg, inc, dec, push, pop, jmp reg)
  i: 2, // one immediate (push imm, jmp/jcc/call target)
  m: 3, // one memory operand (inc qword [x], push/pop [x])
  rr: 4,
  ri: 5,
  rm: 6, // register <- memory
  mr: 7, // memory <- register
  mi: 8, // memory <- immediate
} as const;
export type Form = (typeof FORM)[keyof typeof FORM];

export const PRIVILEGED: ReadonlySet<Op> = new Set(["hlt", "cli", "sti", "in", "out"]);

export const CONDITIONAL_JUMPS: ReadonlySet<Op> = new Set([
  "je",
  "jne",
  "jl",
  "jle",
  "jg",
  "jge",
  "jb",
  "jbe",
  "ja",
  "jae",
  "js",
  "jns",
]);

/** Mnemonic aliases the assembler accepts. */
export const ALIASES: Readonly<Record<string, Op>> = {
  jz: "je",
  jnz: "jne",
  jc: "jb",
  jnc: "jae",
  jnae: "jb",
  jnb: "jae",
};
