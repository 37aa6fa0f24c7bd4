/**
 * What the fuzz harness feeds the engine: assembly (token soup and mutated built-in programs), scenarios
 * (mutated built-ins, random JSON, broken JSON text), random valid machines whose programs make every
 * syscall with boundary arguments and random capabilities, on both profiles, and share links (valid ones,
 * ones whose payload or text is mutated, random text and bytes, links that unpack to a lot).
 */
import { deflateRawSync } from "node:zlib";
import fc from "fast-check";
import { DIRECTIVES } from "../sim/asm/assembler";
import { preludeSymbols } from "../sim/asm/prelude";
import { REG_NAMES } from "../sim/cpu/contract";
import { ALIASES, OPS } from "../sim/cpu/isa";
import { CATALOG } from "../sim/programs/catalog";
import { parseScenario } from "../sim/scenario/schema";

const MNEMONICS = [...OPS, ...Object.keys(ALIASES)];
const PRELUDE = [...preludeSymbols().keys()];
const PROTO_WORDS = ["constructor", "__proto__", "toString", "hasOwnProperty", "isPrototypeOf", "valueOf"];

/** Numbers at the edges: zero, one, powers of two and their neighbours, u64::MAX and the error sentinels. */
export const BOUNDARY_NUMBERS: readonly bigint[] = [
  0n,
  1n,
  2n,
  3n,
  4n,
  5n,
  10n,
  11n,
  12n,
  15n,
  16n,
  63n,
  64n,
  65n,
  255n,
  256n,
  0x3f8n,
  0x3fdn,
  0x3ffn,
  0x400n,
  0xc000n,
  0xffffn,
  0x1_03f8n,
  0x1000n,
  0x40_0000n,
  0x7c_0000n,
  0x80_0000n,
  0x1000_0000n,
  0x2000_0000n,
  0x4000_0000n,
  0x7fff_ffffn,
  0x8000_0000n,
  0xffff_ffffn,
  0x1_0000_0000n,
  0x7fff_ffff_f000n,
  0x8000_0000_0000n,
  0x7fff_ffff_ffff_ffffn,
  0x8000_0000_0000_0000n,
  0xffff_ffff_ffff_fff0n,
  0xffff_ffff_ffff_fffen,
  0xffff_ffff_ffff_ffffn,
];

const hex = (n: bigint) => `0x${n.toString(16)}`;
const boundary = fc.constantFrom(...BOUNDARY_NUMBERS).map(hex);
const number = fc.oneof(
  boundary,
  fc.integer().map(String),
  fc.bigInt({ min: 0n, max: (1n << 80n) - 1n }).map(hex),
  fc.constantFrom(
    "4503599627370496",
    "4294967296",
    "1048577",
    "99999999999999999999999",
    "-1",
    "'a'",
    "'\\n'",
  ),
);
const register = fc.constantFrom(...REG_NAMES, "eax", "al", "r8d", "rip");
const name = fc.oneof(
  fc.constantFrom(...PRELUDE, ...PROTO_WORDS, "_start", "loop", "msg"),
  fc.stringMatching(/^[A-Za-z_.][\w.]{0,12}$/),
);
const operand = fc.oneof(
  register,
  number,
  name,
  fc
    .tuple(fc.constantFrom("", "byte ", "dword ", "qword ", "word "), register, number)
    .map(([size, r, n]) => `${size}[${r} + ${n}]`),
  fc
    .tuple(register, register, fc.constantFrom("1", "2", "3", "4", "8"))
    .map(([a, b, s]) => `[${a} + ${b}*${s}]`),
  fc.string({ maxLength: 8 }),
);
const line = fc.oneof(
  {
    weight: 6,
    arbitrary: fc
      .tuple(fc.constantFrom(...MNEMONICS), fc.array(operand, { maxLength: 3 }))
      .map(([m, ops]) => `  ${m} ${ops.join(", ")}`),
  },
  {
    weight: 2,
    arbitrary: fc
      .tuple(fc.constantFrom(...DIRECTIVES, ...PROTO_WORDS), fc.array(operand, { maxLength: 3 }))
      .map(([d, ops]) => `  ${d} ${ops.join(", ")}`),
  },
  { weight: 2, arbitrary: name.map((n) => `${n}:`) },
  { weight: 1, arbitrary: fc.tuple(name, number).map(([n, v]) => `${n} equ ${v}`) },
  { weight: 1, arbitrary: fc.tuple(number, number).map(([n, v]) => `  times ${n} db ${v}`) },
  { weight: 1, arbitrary: fc.string({ maxLength: 40 }) },
);

/** Lines of plausible assembly: mnemonics, directives and names, with boundary numbers everywhere. */
export const tokenSoup = fc.array(line, { maxLength: 60 }).map((lines) => lines.join("\n"));

/** A built-in program with a few of its lines deleted, duplicated, swapped or garbled. */
export const mutatedProgram = fc
  .tuple(
    fc.constantFrom(...CATALOG.programs.values()),
    fc.array(fc.tuple(fc.nat(), fc.constantFrom("delete", "duplicate", "swap", "replace", "number")), {
      maxLength: 6,
    }),
    line,
    number,
  )
  .map(([source, edits, replacement, big]) => {
    const lines = source.split("\n");
    for (const [at, edit] of edits) {
      const i = at % Math.max(1, lines.length);
      if (edit === "delete") lines.splice(i, 1);
      else if (edit === "duplicate") lines.splice(i, 0, lines[i] ?? "");
      else if (edit === "swap") [lines[i], lines[0]] = [lines[0] ?? "", lines[i] ?? ""];
      else if (edit === "replace") lines[i] = replacement;
      else lines[i] = (lines[i] ?? "").replace(/\b\d+\b/, big);
    }
    return lines.join("\n");
  });

export const assembly = fc.oneof(tokenSoup, mutatedProgram);

/** Replace one value deep inside a JSON object with something else. */
function mutateAt(value: unknown, path: readonly number[], replacement: unknown): unknown {
  if (path.length === 0 || value === null || typeof value !== "object") return replacement;
  const [head = 0, ...rest] = path;
  if (Array.isArray(value)) {
    if (value.length === 0) return [replacement];
    const i = head % value.length;
    return value.map((v, j) => (j === i ? mutateAt(v, rest, replacement) : v));
  }
  const keys = Object.keys(value);
  if (keys.length === 0) return replacement;
  const key = keys[head % keys.length] ?? "";
  return {
    ...(value as Record<string, unknown>),
    [key]: mutateAt((value as Record<string, unknown>)[key], rest, replacement),
  };
}

const oddValue = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  fc.constantFrom(...PROTO_WORDS, -1, 0, 1.5, 4096, 0x500001, 2 ** 53, 1e308, "", "ALL!", null, [], {}),
  number,
);

export const scenarioInput = fc.oneof(
  fc
    .tuple(fc.constantFrom(...CATALOG.scenarios.values()), fc.array(fc.nat(), { maxLength: 5 }), oddValue)
    .map(([s, path, v]) => mutateAt(s, path, v)),
  fc.jsonValue({ maxDepth: 4 }),
  fc
    .tuple(
      fc.constantFrom(...CATALOG.scenarios.values()),
      fc.nat(),
      fc.nat({ max: 40 }),
      fc.string({ maxLength: 6 }),
    )
    .map(([s, at, cut, insert]) => {
      const text = JSON.stringify(s);
      const i = at % text.length;
      return text.slice(0, i) + insert + text.slice(i + cut);
    }),
);

// ---- random valid machines -------------------------------------------------------------------------

const SYSCALL_NUMBERS = [0n, 1n, 2n, 3n, 4n, 5n, 6n, 7n, 8n, 9n, 10n, 11n, 12n, 64n, 0xffff_ffff_ffff_ffffn];
const argument = fc.oneof(
  { weight: 3, arbitrary: fc.integer({ min: 0, max: 66 }).map(BigInt) },
  { weight: 3, arbitrary: fc.constantFrom(...BOUNDARY_NUMBERS) },
  { weight: 1, arbitrary: fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }) },
);

const syscallBlock = fc
  .tuple(fc.constantFrom(...SYSCALL_NUMBERS), argument, argument, argument, argument)
  .map(([n, a, b, c, d]) =>
    [
      `  mov rax, ${hex(n)}`,
      `  mov rdi, ${hex(a)}`,
      `  mov rsi, ${hex(b)}`,
      `  mov rdx, ${hex(c)}`,
      `  mov r10, ${hex(d)}`,
      "  syscall",
    ].join("\n"),
  );
const memoryBlock = fc
  .tuple(fc.constantFrom(...BOUNDARY_NUMBERS), fc.constantFrom("byte", "qword"), fc.boolean())
  .map(([addr, size, write]) =>
    write
      ? `  mov rbx, ${hex(addr)}\n  mov ${size} [rbx], 7`
      : `  mov rbx, ${hex(addr)}\n  mov rax, ${size} [rbx]`,
  );
const loopBlock = fc.integer({ min: 1, max: 3000 }).map((n) => `  mov rcx, ${n}\n@@:\n  dec rcx\n  jne @@`);
const block = fc.oneof(
  { weight: 6, arbitrary: syscallBlock },
  { weight: 2, arbitrary: memoryBlock },
  { weight: 1, arbitrary: loopBlock },
);

const randomProgram = fc
  .tuple(fc.array(block, { minLength: 1, maxLength: 16 }), fc.boolean())
  .map(([blocks, loopForever]) => {
    let label = 0;
    const body = blocks.map((b) => b.replaceAll("@@", `l${label++}`)).join("\n");
    return `_start:\n${body}\n${loopForever ? "  jmp _start" : "spin:\n  jmp spin"}`;
  });

const capability = (processes: number) =>
  fc.oneof(
    fc.constant({ kind: "PmmAllocator" }),
    fc.constantFrom({ kind: "IoPort", base: 0x3f8, size: 8 }, { kind: "IoPort", base: 0xc000, size: 128 }),
    fc.record({
      kind: fc.constant("IoPort"),
      base: fc.integer({ min: 0, max: 0xffff }),
      size: fc.integer({ min: 0, max: 0xffff }),
    }),
    fc.integer({ min: 1, max: processes }).map((pid) => ({ kind: "Process", pid })),
    fc.integer({ min: 0, max: 63 }).map((id) => ({ kind: "Endpoint", id })),
    fc.integer({ min: 0, max: 20 }).map((irq) => ({ kind: "Interrupt", irq })),
    fc.integer({ min: 0x400, max: 0x800 }).map((frame) => ({ kind: "MemoryFrame", phys: frame * 4096 })),
    fc.integer({ min: 0, max: 40 }).map((tid) => ({ kind: "ThreadControl", tid })),
  );

const rights = fc.oneof(fc.integer({ min: 0, max: 31 }), fc.constant("ALL"));

/** A scenario the schema accepts, with 1 to 3 random programs and random capabilities and events. */
export const randomMachine = fc.integer({ min: 1, max: 3 }).chain((n) =>
  fc
    .record({
      profile: fc.constantFrom("as-built", "design"),
      cores: fc.integer({ min: 1, max: 4 }),
      quantumCycles: fc.constantFrom(100, 500, 2000, 10_000),
      programs: fc.array(randomProgram, { minLength: n, maxLength: n }),
      caps: fc.array(
        fc.uniqueArray(fc.record({ slot: fc.integer({ min: 0, max: 63 }), cap: capability(n), rights }), {
          selector: (c) => c.slot,
          maxLength: 8,
        }),
        { minLength: n, maxLength: n },
      ),
      events: fc.array(
        fc.oneof(
          fc.record({ at: fc.integer({ min: 0, max: 200_000 }), irq: fc.integer({ min: 0, max: 15 }) }),
          fc.record({ at: fc.integer({ min: 0, max: 200_000 }), serialInput: fc.string({ maxLength: 4 }) }),
        ),
        { maxLength: 4 },
      ),
    })
    .map((r) => {
      const seen = new Set<number>();
      return {
        version: 1,
        title: "fuzz",
        profile: r.profile,
        machine: {
          cores: r.cores,
          quantumCycles: r.quantumCycles,
          memoryMiB: 16,
          virtio: true,
          bootLog: false,
        },
        programs: Object.fromEntries(r.programs.map((source, i) => [`p${i + 1}`, { source }])),
        processes: r.programs.map((_, i) => ({
          name: `p${i + 1}`,
          program: `p${i + 1}`,
          caps: (r.caps[i] ?? []).filter((c) => firstUse(c.cap, seen)),
        })),
        events: r.events,
      };
    }),
);

/** False for a MemoryFrame already handed out: a scenario names each frame once (the schema says so). */
function firstUse(cap: { kind: string; phys?: number }, seen: Set<number>): boolean {
  if (cap.kind !== "MemoryFrame" || cap.phys === undefined) return true;
  if (seen.has(cap.phys)) return false;
  seen.add(cap.phys);
  return true;
}

// ---- valid scenarios and share links ---------------------------------------------------------------

/** A built-in scenario with some of its programs replaced by generated or mutated assembly. */
const editedBuiltin = fc
  .tuple(
    fc.constantFrom(...CATALOG.scenarios.values()),
    fc.array(fc.option(assembly, { nil: undefined }), { maxLength: 3 }),
    fc.constantFrom("as-built", "design"),
  )
  .map(([s, edits, profile]) => {
    const programs = Object.entries((s as { programs: Record<string, unknown> }).programs);
    return {
      ...s,
      profile,
      programs: Object.fromEntries(
        programs.map(([name, p], i) => [name, edits[i] === undefined ? p : { source: edits[i] }]),
      ),
    };
  });

/** Scenarios the schema accepts: random machines, edited built-ins, and mutated built-ins that still pass. */
export const validScenario: fc.Arbitrary<object> = fc.oneof(
  randomMachine,
  editedBuiltin,
  scenarioInput.filter((s) => parseScenario(s).ok) as fc.Arbitrary<object>,
);

const base64url = (bytes: Uint8Array) => Buffer.from(bytes).toString("base64url");

/** A share link holding `payload` (JSON text), packed as the page packs it: deflate-raw, base64url. */
export function linkOf(payload: string): string {
  return `#share=v1.${base64url(deflateRawSync(Buffer.from(payload, "utf8")))}`;
}

const position = fc.record({ p: fc.constantFrom("as-built", "design"), t: fc.nat({ max: 2 ** 40 }) });

/** Links a reader might paste: made by the page, edited by hand, cut short, or not links at all. */
export const shareLink: fc.Arbitrary<string> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.tuple(validScenario, position).map(([s, pt]) => linkOf(JSON.stringify({ s, ...pt }))),
  },
  {
    weight: 3,
    arbitrary: fc
      .tuple(validScenario, position, fc.array(fc.nat(), { maxLength: 6 }), oddValue)
      .map(([s, pt, path, v]) => linkOf(JSON.stringify(mutateAt({ s, ...pt }, path, v)))),
  },
  {
    weight: 2,
    arbitrary: fc
      .tuple(validScenario, position, fc.nat(), fc.nat({ max: 40 }), fc.string({ maxLength: 6 }))
      .map(([s, pt, at, cut, insert]) => {
        const text = JSON.stringify({ s, ...pt });
        const i = at % text.length;
        return linkOf(text.slice(0, i) + insert + text.slice(i + cut));
      }),
  },
  {
    weight: 3,
    arbitrary: fc
      .tuple(
        fc.constantFrom(...CATALOG.scenarios.values()),
        fc.array(fc.tuple(fc.nat(), fc.constantFrom("replace", "insert", "delete", "cut")), { maxLength: 4 }),
        fc.constantFrom(..."ABCxyz019-_.=!%+/ #é"),
      )
      .map(([s, edits, ch]) => {
        let link = linkOf(JSON.stringify({ s, p: "design", t: 0 }));
        for (const [at, edit] of edits) {
          const i = at % link.length;
          if (edit === "replace") link = link.slice(0, i) + ch + link.slice(i + 1);
          else if (edit === "insert") link = link.slice(0, i) + ch + link.slice(i);
          else if (edit === "delete") link = link.slice(0, i) + link.slice(i + 1);
          else link = link.slice(0, i);
        }
        return link;
      }),
  },
  { weight: 1, arbitrary: fc.string({ maxLength: 300 }).map((s) => `#share=${s}`) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 600 }).map((b) => `#share=v1.${base64url(b)}`) },
  {
    weight: 1,
    arbitrary: fc.uint8Array({ maxLength: 600 }).map((b) => `#share=v1.${base64url(deflateRawSync(b))}`),
  },
  // Small links that unpack to a lot, or to JSON nested deep: the decoder must stop at its 1 MiB bound.
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.integer({ min: 1, max: 3 << 20 }), fc.constantFrom("x", " ", "["))
      .map(([n, ch]) =>
        linkOf(ch === "[" ? `{"s":${"[".repeat(n >> 2)}${"]".repeat(n >> 2)}}` : `{"s":"${ch.repeat(n)}"}`),
      ),
  },
);
