/**
 * The scenario format: versioned JSON, validated with Zod (its mini build, so the engine fits a page).
 * The same schema documents the format (its descriptions), exports a JSON Schema, and produces errors that
 * name the path and the problem. Everything a scenario may ask for is bounded by the limits in limits.ts.
 */

import * as z from "zod/mini";
import { config, type core } from "zod/mini";
import en from "zod/v4/locales/en.js";
import { ALL_RIGHTS, RIGHT_NAMES, RIGHTS, type RightName } from "../abi/rights";
import { KERNEL_RESERVED_FRAMES, PAGE_SIZE } from "../kernel/layout";
import { describeLimit, LIMITS } from "./limits";
import { scenarioMessage } from "./messages";

// Full Zod registers English messages itself; the mini build leaves the locale to us.
config({ localeError: scenarioMessage });

const described = <T extends z.ZodMiniType>(schema: T, text: string): T => schema.check(z.describe(text));
const int = (min: number, max: number) => z.int().check(z.minimum(min), z.maximum(max));
const u16 = int(0, 0xffff);
const text = (min = 0) => z.string().check(z.minLength(min), z.maxLength(LIMITS.textChars.value));

export const capSchema = described(
  z.discriminatedUnion("kind", [
    z.object({
      kind: z.literal("Endpoint"),
      id: described(int(0, 63), "Index in the 64-entry endpoint table"),
    }),
    z.object({
      kind: z.literal("MemoryFrame"),
      phys: described(
        z
          .int()
          .check(
            z.minimum(0),
            z.multipleOf(PAGE_SIZE, { error: "must be 4 KiB aligned (a multiple of 4096)" }),
          ),
        "Physical address, 4 KiB aligned, inside the machine's memory and above the kernel's frames",
      ),
      order: z._default(z.literal(0), 0),
    }),
    z.object({
      kind: z.literal("Interrupt"),
      irq: described(int(0, 255), "ISA IRQ line; WAIT_IRQ accepts 0 to 15"),
    }),
    z.object({
      kind: z.literal("IoPort"),
      base: described(u16, "First port"),
      size: described(u16, "Number of ports"),
    }),
    z.object({ kind: z.literal("ThreadControl"), tid: int(0, 2 ** 32) }),
    z.object({
      kind: z.literal("Process"),
      pid: described(
        int(1, LIMITS.processes.value),
        "1 is the first process of the scenario, 2 the second, ... (PID 0 is the kernel's own)",
      ),
    }),
    z.object({ kind: z.literal("PmmAllocator") }),
  ]),
  "The kernel object the capability names",
);

const RIGHTS_FORMS = `a number (0 to ${ALL_RIGHTS}), "ALL", or a list of ${RIGHT_NAMES.join(", ")}`;
const rightsSchema = described(
  z.union(
    [int(0, ALL_RIGHTS), z.literal("ALL"), z.array(z.enum(RIGHT_NAMES as [RightName, ...RightName[]]))],
    { error: `expected a number from 0 to ${ALL_RIGHTS}, "ALL", or a list of ${RIGHT_NAMES.join(", ")}` },
  ),
  `Rights: ${RIGHTS_FORMS}`,
);
type RightsInput = z.infer<typeof rightsSchema>;

export function rightsValue(r: RightsInput): number {
  if (typeof r === "number") return r;
  if (r === "ALL") return ALL_RIGHTS;
  return r.reduce((acc, name) => acc | RIGHTS[name], 0);
}

const programSchema = z.union(
  [
    z.object({
      source: described(
        z.string().check(z.maxLength(LIMITS.sourceChars.value, { error: describeLimit("sourceChars") })),
        "Assembly source",
      ),
    }),
    z.object({ builtin: described(text(1), "Name of a built-in program, such as init or hello") }),
  ],
  { error: 'expected { "source": "<assembly>" } or { "builtin": "<name>" }' },
);

const goalCheckSchema = z.union(
  [
    z.object({
      console: described(text(), "The serial console (kernel lines and programs' output) contains this text"),
    }),
    z.object({
      output: described(
        text(),
        "What programs wrote to COM1, without the kernel's lines, contains this text",
      ),
    }),
    z.object({
      syscall: described(text(1), "A syscall by name, such as SEND"),
      result: described(text(1), '"ok" or an error name, such as NO_RIGHTS'),
    }),
    z.object({ process: described(text(1), "Process name"), state: z.enum(["exited", "reaped"]) }),
    z.object({ halted: described(z.boolean(), "Whether the machine has stopped") }),
  ],
  { error: "expected one goal check: console, syscall + result, process + state, or halted" },
);

const bounded = <T extends z.ZodMiniType>(item: T, key: keyof typeof LIMITS) =>
  z.array(item).check(z.maxLength(LIMITS[key].value, { error: describeLimit(key) }));

const machineSchema = z.object({
  cores: z._default(int(1, LIMITS.cores.value), 4),
  quantumCycles: z._default(
    described(int(100, LIMITS.quantumCycles.value), "Cycles per scheduling quantum"),
    10_000,
  ),
  memoryMiB: z._default(int(8, LIMITS.memoryMiB.value), 512),
  virtio: z._default(described(z.boolean(), "Attach the 1 MiB virtio-blk disk of make run"), true),
  bootLog: z._default(described(z.boolean(), "Print the kernel's boot log"), true),
  freeFrames: described(
    z.optional(int(0, LIMITS.memoryMiB.value * 256)),
    "Frames free when the first program starts: the kernel holds back the rest (default: all unused frames are free)",
  ),
});

const processSchema = z.object({
  name: text(1),
  program: described(text(1), "A key of programs"),
  caps: z._default(
    bounded(z.object({ slot: int(0, 63), cap: capSchema, rights: rightsSchema }), "processes"),
    [],
  ),
  initrd: z._default(described(z.boolean(), "Map the initrd read-only at 0x1000_0000"), false),
  onlyIn: described(
    z.optional(z.enum(["as-built", "design"])),
    "Start this process only on this kernel profile (the design starts serial_drv at boot)",
  ),
});

const eventSchema = z.union(
  [
    z.object({ at: int(0, LIMITS.eventAt.value), irq: int(0, 15) }),
    z.object({
      at: int(0, LIMITS.eventAt.value),
      serialInput: z
        .string()
        .check(z.maxLength(LIMITS.serialInputChars.value, { error: describeLimit("serialInputChars") })),
    }),
  ],
  { error: 'expected { "at": <cycle>, "irq": <0-15> } or { "at": <cycle>, "serialInput": "<text>" }' },
);

export const scenarioSchema = z
  .object({
    version: described(z.literal(1), "Format version"),
    id: described(z.optional(z.string().check(z.regex(/^[a-z0-9-]{1,64}$/))), "Short id, used in links"),
    title: text(1),
    description: z._default(text(), ""),
    profile: described(
      z.enum(["as-built", "design"]),
      "Which kernel runs: the code at 3833797, or its design",
    ),
    machine: z._default(machineSchema, {
      cores: 4,
      quantumCycles: 10_000,
      memoryMiB: 512,
      virtio: true,
      bootLog: true,
    }),
    programs: described(
      z.record(text(1), programSchema).check(
        z.refine((r) => Object.keys(r).length <= LIMITS.programs.value, {
          error: describeLimit("programs"),
        }),
      ),
      "Programs by name",
    ),
    processes: described(
      bounded(processSchema, "processes").check(z.minLength(1)),
      "Processes started at boot, in order: the first is PID 1",
    ),
    initrd: z._default(
      described(bounded(text(1), "initrdFiles"), "Files of the initrd: program names, or hello_wasm.wasm"),
      [],
    ),
    wasmGuest: described(
      z.optional(
        z.string().check(z.maxLength(LIMITS.sourceChars.value, { error: describeLimit("sourceChars") })),
      ),
      "The Wasm guest init runs, in the WebAssembly text format, in place of hello_wasm.wasm: it imports env.host_print(ptr, len) and exports add(i32, i32) -> i32 and run_guest()",
    ),
    kernInit: described(
      z.optional(z.object({ endpoint: int(0, 63) })),
      "Start the kernel's kern-init thread, which sends a test line to this endpoint one byte per message (the kernel did this for serial_drv before commit 6bccab6)",
    ),
    endpoints: described(
      z.optional(z.array(int(0, 63)).check(z.maxLength(64))),
      "Endpoint ids registered in the kernel's table (default: every id a capability names); a capability may name one that is not registered",
    ),
    events: z._default(
      described(bounded(eventSchema, "events"), "Scripted hardware events at given cycles"),
      [],
    ),
    goals: z._default(
      described(
        bounded(z.object({ description: text(), check: goalCheckSchema }), "goals"),
        "Lab goals the page checks",
      ),
      [],
    ),
  })
  .check(z.superRefine((s, ctx) => crossChecks(s, ctx)));

type ScenarioShape = z.output<typeof scenarioSchema>;

/** Checks that span fields: names that must exist, slots given once, frames that must exist. */
function crossChecks(s: ScenarioShape, ctx: core.$RefinementCtx<ScenarioShape>): void {
  const frames = Math.floor((s.machine.memoryMiB * 1024 * 1024) / PAGE_SIZE);
  s.processes.forEach((p, i) => {
    // Own keys only: a name such as "toString" must not find Object.prototype.
    if (!Object.hasOwn(s.programs, p.program)) {
      ctx.addIssue({
        code: "custom",
        path: ["processes", i, "program"],
        message: `no program named "${p.program}" in programs`,
      });
    }
    const seen = new Set<number>();
    p.caps.forEach((c, j) => {
      if (seen.has(c.slot))
        ctx.addIssue({
          code: "custom",
          path: ["processes", i, "caps", j, "slot"],
          message: `slot ${c.slot} is given twice`,
        });
      seen.add(c.slot);
      const o = c.cap;
      if (o.kind === "MemoryFrame") {
        const frame = o.phys / PAGE_SIZE;
        if (frame < KERNEL_RESERVED_FRAMES || frame >= frames)
          ctx.addIssue({
            code: "custom",
            path: ["processes", i, "caps", j, "cap", "phys"],
            message: `frame ${frame} does not exist for a user: usable frames are ${KERNEL_RESERVED_FRAMES} to ${frames - 1} (phys 0x${(KERNEL_RESERVED_FRAMES * PAGE_SIZE).toString(16)} to 0x${((frames - 1) * PAGE_SIZE).toString(16)}) with ${s.machine.memoryMiB} MiB`,
          });
      }
      if (o.kind === "Process" && o.pid > s.processes.length)
        ctx.addIssue({
          code: "custom",
          path: ["processes", i, "caps", j, "cap", "pid"],
          message: `PID ${o.pid} is not a process of this scenario (it starts ${s.processes.length})`,
        });
    });
  });
}

export type Scenario = z.output<typeof scenarioSchema>;
export type ScenarioInput = z.input<typeof scenarioSchema>;

export type ParseScenarioResult = { ok: true; scenario: Scenario } | { ok: false; errors: string[] };

function formatPath(path: readonly PropertyKey[]): string {
  return (
    path.map((p, i) => (typeof p === "number" ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`)).join("") ||
    "(scenario)"
  );
}

/** Validates a scenario (an object or JSON text); never throws. */
export function parseScenario(input: unknown): ParseScenarioResult {
  let data = input;
  if (typeof input === "string") {
    try {
      data = JSON.parse(input);
    } catch (e) {
      return { ok: false, errors: [`not valid JSON: ${(e as Error).message}`] };
    }
  }
  const r = z.safeParse(scenarioSchema, data);
  if (r.success) return { ok: true, scenario: r.data };
  return {
    ok: false,
    errors: r.error.issues.map((issue) => {
      const value = issue.code === "custom" ? undefined : receivedAt(data, issue.path);
      // Quote what was given when it reads in one line.
      const got = ["string", "number", "boolean"].includes(typeof value) ? value : undefined;
      const quoted = typeof got === "string" && got.length > 80 ? `${got.slice(0, 80)}…` : got;
      return `${formatPath(issue.path)}: ${issue.message}${quoted !== undefined ? `, got ${JSON.stringify(quoted)}` : ""}`;
    }),
  };
}

function receivedAt(data: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = data;
  for (const p of path) {
    if (v === null || typeof v !== "object" || !Object.hasOwn(v, p)) return undefined;
    v = (v as Record<PropertyKey, unknown>)[p];
  }
  return v;
}

export function scenarioJsonSchema(): unknown {
  return z.toJSONSchema(scenarioSchema, { io: "input", unrepresentable: "any" });
}
