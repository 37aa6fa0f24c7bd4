/**
 * The scenario format in Zod: what the JSON Schema (schema-docs.ts adds each field's words to it) and the
 * types are made from, and the reference the engine's own checks (schema.ts, which ships without Zod) are
 * tested against, error for error. Everything a scenario may ask for is bounded by the limits in limits.ts.
 */

import * as z from "zod/mini";
import { config } from "zod/mini";
import { CAP_KINDS } from "../abi/cap-types";
import { ALL_RIGHTS, RIGHT_NAMES, type RightName } from "../abi/rights";
import { REG_NAMES, type RegName } from "../cpu/contract";
import { PAGE_SIZE } from "../kernel/layout";
import { describeLimit, LIMITS } from "./limits";
import { scenarioMessage } from "./messages";
import { crossChecks, formatIssues, scenarioData } from "./schema";

// Full Zod registers English messages itself; the mini build leaves the locale to us.
config({ localeError: scenarioMessage });

const int = (min: number, max: number, error?: string) =>
  z.int().check(z.minimum(min), z.maximum(max, { error }));
const u16 = () => int(0, 0xffff);
const text = (min = 0) =>
  z
    .string()
    .check(z.minLength(min), z.maxLength(LIMITS.textChars.value, { error: describeLimit("textChars") }));

export const capSchema = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("Endpoint"),
    id: int(0, 63),
  }),
  z.object({
    kind: z.literal("MemoryFrame"),
    phys: z
      .int()
      .check(z.minimum(0), z.multipleOf(PAGE_SIZE, { error: "must be 4 KiB aligned (a multiple of 4096)" })),
    order: z._default(z.literal(0), 0),
  }),
  z.object({
    kind: z.literal("Interrupt"),
    irq: int(0, 255),
  }),
  z.object({
    kind: z.literal("IoPort"),
    base: u16(),
    size: u16(),
  }),
  z.object({ kind: z.literal("ThreadControl"), tid: int(0, 2 ** 32) }),
  z.object({
    kind: z.literal("Process"),
    pid: int(1, LIMITS.processes.value),
  }),
  z.object({ kind: z.literal("PmmAllocator") }),
]);

const rightsSchema = z.union(
  [int(0, ALL_RIGHTS), z.literal("ALL"), z.array(z.enum(RIGHT_NAMES as [RightName, ...RightName[]]))],
  { error: `expected a number from 0 to ${ALL_RIGHTS}, "ALL", or a list of ${RIGHT_NAMES.join(", ")}` },
);
const programSchema = z.union(
  [
    z.object({
      source: z
        .string()
        .check(z.maxLength(LIMITS.sourceChars.value, { error: describeLimit("sourceChars") })),
    }),
    z.object({ builtin: text(1) }),
  ],
  { error: 'expected { "source": "<assembly>" } or { "builtin": "<name>" }' },
);

/** A 64-bit value as text: hex (0x2A) or decimal, negative numbers read as two's complement. */
const u64Text = () => z.string().check(z.regex(/^(0x[0-9a-fA-F]{1,16}|-?\d{1,20})$/));

/**
 * What a lab goal checks: one of these shapes. goal-docs.ts says what each means (outside the engine, so
 * the words do not ship with it); goals.ts evaluates them.
 */
const goalCheckSchema = z.union(
  [
    z.object({ console: text() }),
    z.object({ output: text() }),
    z.object({ syscall: text(1), result: text(1), process: z.optional(text(1)) }),
    z.object({ process: text(1), state: z.enum(["created", "exited", "reaped"]) }),
    z.object({
      thread: text(1),
      state: z.enum(["Ready", "Running", "BlockedSend", "BlockedRecv", "Dead"]),
    }),
    z.object({
      process: text(1),
      register: z.enum(REG_NAMES as [RegName, ...RegName[]]),
      equals: u64Text(),
    }),
    z.object({
      process: text(1),
      memory: u64Text(),
      equals: u64Text(),
      size: z._default(z.literal([1, 2, 4, 8]), 8),
    }),
    z.object({
      process: text(1),
      slot: int(0, 63),
      cap: z.enum(CAP_KINDS),
      rights: z.optional(rightsSchema),
    }),
    z.object({ framesFree: z.literal("start") }),
    z.object({ ran: text(1), core: int(0, LIMITS.cores.value - 1) }),
    z.object({ noFault: z.literal(true) }),
    z.object({ faulted: text(1) }),
    z.object({ halted: z.boolean() }),
  ],
  { error: "expected one of the goal checks the scenario format lists" },
);
export type GoalCheck = z.output<typeof goalCheckSchema>;

const bounded = <T extends z.ZodMiniType>(item: T, key: keyof typeof LIMITS) =>
  z.array(item).check(z.maxLength(LIMITS[key].value, { error: describeLimit(key) }));

const machineSchema = z.object({
  cores: z._default(int(1, LIMITS.cores.value), 4),
  quantumCycles: z._default(int(100, LIMITS.quantumCycles.value), 10_000),
  memoryMiB: z._default(int(8, LIMITS.memoryMiB.value), 512),
  virtio: z._default(z.boolean(), true),
  bootLog: z._default(z.boolean(), true),
  freeFrames: z.optional(int(0, LIMITS.memoryMiB.value * 256)),
});

const processSchema = z.object({
  name: text(1),
  program: text(1),
  caps: z._default(bounded(z.object({ slot: int(0, 63), cap: capSchema, rights: rightsSchema }), "caps"), []),
  initrd: z._default(z.boolean(), false),
  onlyIn: z.optional(z.enum(["as-built", "design"])),
});

const eventSchema = z.union(
  [
    z.object({ at: int(0, LIMITS.eventAt.value, describeLimit("eventAt")), irq: int(0, 15) }),
    z.object({
      at: int(0, LIMITS.eventAt.value, describeLimit("eventAt")),
      serialInput: z
        .string()
        .check(z.maxLength(LIMITS.serialInputChars.value, { error: describeLimit("serialInputChars") })),
    }),
  ],
  { error: 'expected { "at": <cycle>, "irq": <0-15> } or { "at": <cycle>, "serialInput": "<text>" }' },
);

export const scenarioSchema = z
  .object({
    version: z.literal(1),
    id: z.optional(z.string().check(z.regex(/^[a-z0-9-]{1,64}$/))),
    title: text(1),
    description: z._default(text(), ""),
    profile: z.enum(["as-built", "design"]),
    machine: z._default(machineSchema, {
      cores: 4,
      quantumCycles: 10_000,
      memoryMiB: 512,
      virtio: true,
      bootLog: true,
    }),
    programs: z.record(text(1), programSchema).check(
      z.refine((r) => Object.keys(r).length <= LIMITS.programs.value, {
        error: describeLimit("programs"),
      }),
    ),
    processes: bounded(processSchema, "processes").check(z.minLength(1)),
    initrd: z._default(bounded(text(1), "initrdFiles"), []),
    wasmGuest: z.optional(
      z.string().check(z.maxLength(LIMITS.sourceChars.value, { error: describeLimit("sourceChars") })),
    ),
    kernInit: z.optional(z.object({ endpoint: int(0, 63) })),
    endpoints: z.optional(z.array(int(0, 63)).check(z.maxLength(64))),
    events: z._default(bounded(eventSchema, "events"), []),
    goals: z._default(
      bounded(
        z.object({
          description: text(),
          check: goalCheckSchema,
          after: z.optional(int(1, LIMITS.goals.value)),
        }),
        "goals",
      ),
      [],
    ),
  })
  .check(
    z.superRefine((s, ctx) => {
      for (const { path, message } of crossChecks(s)) ctx.addIssue({ code: "custom", path, message });
    }),
  );

export type Scenario = z.output<typeof scenarioSchema>;
export type ScenarioInput = z.input<typeof scenarioSchema>;

/** The reference parse: Zod's, for tests to hold the engine's checks (schema.ts parseScenario) to. */
export function parseScenarioZod(
  input: unknown,
): { ok: true; scenario: Scenario } | { ok: false; errors: string[] } {
  const read = scenarioData(input);
  if ("error" in read) return { ok: false, errors: [read.error] };
  const r = z.safeParse(scenarioSchema, read.data);
  if (r.success) return { ok: true, scenario: r.data };
  return { ok: false, errors: formatIssues(read.data, r.error.issues) };
}
