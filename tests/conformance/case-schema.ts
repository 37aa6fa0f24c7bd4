/**
 * The format of a conformance case (tests/conformance/cases/<id>.json), strict so that a typo in a case is
 * an error, never a silent pass. A case is a scenario, the mnos-sim flags that stop it at one precise
 * moment, and what upstream 3833797 shows at that moment, with the upstream file, function and line it
 * was read from.
 */
import * as z from "zod";

export const AREAS = [
  "send",
  "recv",
  "ipc",
  "port-out",
  "port-in",
  "wait-irq",
  "spawn-process",
  "alloc-memory",
  "map-memory",
  "delegate",
  "spawn-thread",
  "drop-cap",
  "unknown-syscall",
  "syscall-abi",
  "exception",
  "panic",
  "boot",
  "kernel-threads",
  "init",
  "design",
] as const;

const THREAD_STATES = ["Ready", "Running", "BlockedSend", "BlockedRecv", "Dead"] as const;
const REGISTERS = [
  "rax",
  "rbx",
  "rcx",
  "rdx",
  "rsi",
  "rdi",
  "rbp",
  "rsp",
  "r8",
  "r9",
  "r10",
  "r11",
  "r12",
  "r13",
  "r14",
  "r15",
  "rip",
  "rflags",
] as const;
const CAP_TYPES = [
  "Endpoint",
  "MemoryFrame",
  "Interrupt",
  "IoPort",
  "ThreadControl",
  "Process",
  "PmmAllocator",
] as const;
export const RIGHT_BITS = { READ: 1, WRITE: 2, EXEC: 4, GRANT: 8, REVOKE: 16 } as const;

const number = z.string().regex(/^\d+$/, "expected a decimal number as the key");
const hex = z.string().regex(/^0x[0-9a-fA-F]{1,16}$/, 'expected a 64-bit value as hex, such as "0x1f"');
const regex = z.string().refine(
  (s) => {
    try {
      new RegExp(s);
      return true;
    } catch {
      return false;
    }
  },
  { message: "not a valid regular expression" },
);

/** One console line: the exact text (a trailing \r is not part of a line), or a pattern for values only firmware knows. */
export const lineSchema = z.union([z.string(), z.strictObject({ match: regex })]);
export type LineExpect = z.infer<typeof lineSchema>;

export const rightsSchema = z.union([
  z.int().min(0).max(31),
  z.literal("ALL"),
  z.array(z.enum(Object.keys(RIGHT_BITS) as [keyof typeof RIGHT_BITS])),
]);

const capSchema = z.strictObject({
  type: z.enum(CAP_TYPES),
  /** Only the fields listed are compared (a frame's physical address is the allocator's choice). */
  fields: z.optional(z.record(z.string(), z.number())),
  rights: z.optional(rightsSchema),
});

const threadSchema = z.union([
  z.enum(THREAD_STATES),
  z.null(),
  z.strictObject({
    state: z.optional(z.enum(THREAD_STATES)),
    name: z.optional(z.string()),
    pid: z.optional(z.int()),
  }),
]);

export const expectSchema = z
  .strictObject({
    /** What ended the run, exactly as mnos-sim reports it; without it a --break or --until must be reached. */
    stoppedBy: z.optional(z.string()),
    halted: z.optional(z.boolean()),
    /** tid -> register -> value. */
    registers: z.optional(z.record(number, z.partialRecord(z.enum(REGISTERS), hex))),
    /** tid -> state (upstream's ThreadState), or null when the thread no longer exists. */
    threads: z.optional(z.record(number, threadSchema)),
    /** pid -> the process, or null when it does not exist. */
    processes: z.optional(z.record(number, z.union([z.null(), z.strictObject({ name: z.string() })]))),
    /** pid -> slot -> capability, or null for an empty slot. */
    cnode: z.optional(z.record(number, z.record(number, z.union([z.null(), capSchema])))),
    /** pid -> exactly the slots that hold a capability. */
    cnodeSlots: z.optional(z.record(number, z.array(z.int().min(0).max(63)))),
    /** pid -> virtual address -> mapping, or null when the page is not mapped. */
    mappings: z.optional(
      z.record(
        number,
        z.record(
          hex,
          z.union([
            z.null(),
            z.strictObject({ phys: z.optional(hex), writable: z.boolean(), executable: z.boolean() }),
          ]),
        ),
      ),
    ),
    /** endpoint id -> its queues of blocked threads. */
    endpoints: z.optional(
      z.record(number, z.strictObject({ senders: z.array(z.int()), receivers: z.array(z.int()) })),
    ),
    /** IRQ line -> the waiting thread, or null. */
    irqWaiters: z.optional(z.record(number, z.union([z.int(), z.null()]))),
    bootQueue: z.optional(z.array(z.int())),
    framesFree: z.optional(z.int().min(0)),
    /** The console starts with these lines. */
    consoleHead: z.optional(z.array(lineSchema).min(1)),
    /** These lines appear one after the other, somewhere. */
    consoleLines: z.optional(z.array(lineSchema).min(1)),
    /** These lines appear in this order, other lines may come between. */
    consoleInOrder: z.optional(z.array(lineSchema).min(1)),
    /** The console ends with these lines (what the syscall a --break stops after printed). */
    consoleTail: z.optional(z.array(lineSchema).min(1)),
    /** No line contains any of these. */
    consoleAbsent: z.optional(z.array(z.string().min(1)).min(1)),
    /** Exactly `count` lines match the pattern. */
    consoleCounts: z.optional(z.array(z.strictObject({ match: regex, count: z.int().min(0) })).min(1)),
    /**
     * These lines appear one after the other in what programs wrote (kernel lines left out): for output
     * that upstream's timer may cut with a kernel line, wherever it happens to fire.
     */
    outputLines: z.optional(z.array(lineSchema).min(1)),
    /** The raw console text (line ends included) contains these. */
    consoleRawIncludes: z.optional(z.array(z.string().min(1)).min(1)),
  })
  .refine((e) => Object.keys(e).some((k) => k !== "stoppedBy"), {
    message: "a case must expect something besides how it stopped",
  });
export type Expect = z.infer<typeof expectSchema>;

const RUN_FLAGS = /^(--break|--until|--steps)$/;

export const caseSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9-]{1,64}$/),
  title: z.string().min(1),
  area: z.enum(AREAS),
  /** Upstream file, function and line at 3833797 (or the design doc) the expectations were read from. */
  source: z
    .string()
    .regex(
      /((kernel|user|apps)\/[\w/.-]+\.rs|docs\/[\w.-]+\.html|Makefile|src\/sim\/abi\/profiles\.ts)/,
      "name the upstream file the case was derived from",
    ),
  /** Why a value is what it is, where the source alone does not say (QEMU device values, docs). */
  note: z.optional(z.string()),
  /**
   * A scenario as `mnos-sim run` takes it; a program's `source` may be an array of lines, which the
   * runner joins with newlines.
   */
  scenario: z.looseObject({
    version: z.literal(1),
    title: z.string(),
    profile: z.enum(["as-built", "design"]),
    programs: z.record(z.string(), z.unknown()),
  }),
  /** Flags after `run <file> --json`: --break syscall=NAME[:error], --until label|cycle:N|tick:N, --steps N. */
  run: z
    .array(z.string())
    .refine((a) => a.every((x, i) => (i % 2 === 0 ? RUN_FLAGS.test(x) : !x.startsWith("--"))), {
      message: "run takes pairs of --break, --until or --steps and their values",
    })
    .refine((a) => a.length % 2 === 0, { message: "every run flag needs a value" }),
  expect: expectSchema,
});
export type ConformanceCase = z.infer<typeof caseSchema>;

export const knownGapsSchema = z.record(
  z.string().regex(/^[a-z0-9-]{1,64}$/),
  z.string().min(10, "say in a line what the engine does instead"),
);
