/**
 * The scenario format: versioned JSON, validated with Zod (its mini build, so the engine fits a page).
 * The same schema documents the format (its descriptions), exports a JSON Schema, and produces errors that
 * name the path and the problem. Everything a scenario may ask for is bounded by the limits in limits.ts.
 */

import * as z from "zod/mini";
import { config, type core } from "zod/mini";
import { ALL_RIGHTS, RIGHT_NAMES, RIGHTS, type RightName } from "../abi/rights";
import { KERNEL_RESERVED_FRAMES, PAGE_SIZE } from "../kernel/layout";
import { describeLimit, LIMITS } from "./limits";
import { scenarioMessage } from "./messages";
import type { FieldKey } from "./schema-docs";

// Full Zod registers English messages itself; the mini build leaves the locale to us.
config({ localeError: scenarioMessage });

/** Fields and the key of their words in schema-docs.ts, which describes them in the JSON Schema. */
export const DESCRIBED: [z.ZodMiniType, FieldKey][] = [];
const described = <T extends z.ZodMiniType>(schema: T, key: FieldKey): T => {
  DESCRIBED.push([schema, key]);
  return schema;
};
const int = (min: number, max: number, error?: string) =>
  z.int().check(z.minimum(min), z.maximum(max, { error }));
const u16 = () => int(0, 0xffff);
const text = (min = 0) =>
  z
    .string()
    .check(z.minLength(min), z.maxLength(LIMITS.textChars.value, { error: describeLimit("textChars") }));

export const capSchema = described(
  z.discriminatedUnion("kind", [
    z.object({
      kind: z.literal("Endpoint"),
      id: described(int(0, 63), "cap.endpoint.id"),
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
        "cap.frame.phys",
      ),
      order: z._default(z.literal(0), 0),
    }),
    z.object({
      kind: z.literal("Interrupt"),
      irq: described(int(0, 255), "cap.interrupt.irq"),
    }),
    z.object({
      kind: z.literal("IoPort"),
      base: described(u16(), "cap.ioPort.base"),
      size: described(u16(), "cap.ioPort.size"),
    }),
    z.object({ kind: z.literal("ThreadControl"), tid: int(0, 2 ** 32) }),
    z.object({
      kind: z.literal("Process"),
      pid: described(int(1, LIMITS.processes.value), "cap.process.pid"),
    }),
    z.object({ kind: z.literal("PmmAllocator") }),
  ]),
  "cap",
);

const rightsSchema = described(
  z.union(
    [int(0, ALL_RIGHTS), z.literal("ALL"), z.array(z.enum(RIGHT_NAMES as [RightName, ...RightName[]]))],
    { error: `expected a number from 0 to ${ALL_RIGHTS}, "ALL", or a list of ${RIGHT_NAMES.join(", ")}` },
  ),
  "rights",
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
        "program.source",
      ),
    }),
    z.object({ builtin: described(text(1), "program.builtin") }),
  ],
  { error: 'expected { "source": "<assembly>" } or { "builtin": "<name>" }' },
);

/** One program with its name, checked together (schema-docs.ts builds the JSON Schema of `programs` from it). */
export const namedProgram = z.object({ name: text(1), program: programSchema });

/**
 * Programs by name. Not z.record, which builds its result by assignment: a program named "__proto__"
 * would set the result's prototype instead of becoming a key. The object passes through as given (the
 * program schema changes nothing), each program checked on its own, so any own key is a name.
 */
export const programsSchema = z
  .custom<Record<string, z.output<typeof programSchema>>>(
    (v) => v !== null && typeof v === "object" && !Array.isArray(v),
    { error: "expected an object of programs by name" },
  )
  .check(
    z.superRefine((programs, ctx) => {
      const names = Object.keys(programs);
      if (names.length > LIMITS.programs.value)
        ctx.addIssue({ code: "custom", message: describeLimit("programs") });
      for (const name of names) {
        const r = z.safeParse(namedProgram, { name, program: programs[name] });
        // An issue with the name (["name"]) or the program (["program", ...]) belongs at programs.<name>...
        for (const issue of r.error?.issues ?? [])
          ctx.addIssue({ ...issue, path: [name, ...issue.path.slice(1)] });
      }
    }),
  );

const goalCheckSchema = z.union(
  [
    z.object({
      console: described(text(), "goal.console"),
    }),
    z.object({
      output: described(text(), "goal.output"),
    }),
    z.object({
      syscall: described(text(1), "goal.syscall"),
      result: described(text(1), "goal.result"),
    }),
    z.object({ process: described(text(1), "goal.process"), state: z.enum(["exited", "reaped"]) }),
    z.object({ halted: described(z.boolean(), "goal.halted") }),
  ],
  { error: "expected one goal check: console, syscall + result, process + state, or halted" },
);

const bounded = <T extends z.ZodMiniType>(item: T, key: keyof typeof LIMITS) =>
  z.array(item).check(z.maxLength(LIMITS[key].value, { error: describeLimit(key) }));

const machineSchema = z.object({
  cores: z._default(int(1, LIMITS.cores.value), 4),
  quantumCycles: z._default(described(int(100, LIMITS.quantumCycles.value), "machine.quantumCycles"), 10_000),
  memoryMiB: z._default(int(8, LIMITS.memoryMiB.value), 512),
  virtio: z._default(described(z.boolean(), "machine.virtio"), true),
  bootLog: z._default(described(z.boolean(), "machine.bootLog"), true),
  freeFrames: described(z.optional(int(0, LIMITS.memoryMiB.value * 256)), "machine.freeFrames"),
});

const processSchema = z.object({
  name: text(1),
  program: described(text(1), "process.program"),
  caps: z._default(bounded(z.object({ slot: int(0, 63), cap: capSchema, rights: rightsSchema }), "caps"), []),
  initrd: z._default(described(z.boolean(), "process.initrd"), false),
  onlyIn: described(z.optional(z.enum(["as-built", "design"])), "process.onlyIn"),
});

const eventAt = () => int(0, LIMITS.eventAt.value, describeLimit("eventAt"));

const eventSchema = z.union(
  [
    z.object({ at: eventAt(), irq: int(0, 15) }),
    z.object({
      at: eventAt(),
      serialInput: z
        .string()
        .check(z.maxLength(LIMITS.serialInputChars.value, { error: describeLimit("serialInputChars") })),
    }),
  ],
  { error: 'expected { "at": <cycle>, "irq": <0-15> } or { "at": <cycle>, "serialInput": "<text>" }' },
);

export const scenarioSchema = z
  .object({
    version: described(z.literal(1), "version"),
    id: described(z.optional(z.string().check(z.regex(/^[a-z0-9-]{1,64}$/))), "id"),
    title: text(1),
    description: z._default(text(), ""),
    profile: described(z.enum(["as-built", "design"]), "profile"),
    machine: z._default(machineSchema, {
      cores: 4,
      quantumCycles: 10_000,
      memoryMiB: 512,
      virtio: true,
      bootLog: true,
    }),
    programs: described(programsSchema, "programs"),
    processes: described(bounded(processSchema, "processes").check(z.minLength(1)), "processes"),
    initrd: z._default(described(bounded(text(1), "initrdFiles"), "initrd"), []),
    wasmGuest: described(
      z.optional(
        z.string().check(z.maxLength(LIMITS.sourceChars.value, { error: describeLimit("sourceChars") })),
      ),
      "wasmGuest",
    ),
    kernInit: described(z.optional(z.object({ endpoint: int(0, 63) })), "kernInit"),
    endpoints: described(z.optional(z.array(int(0, 63)).check(z.maxLength(64))), "endpoints"),
    events: z._default(described(bounded(eventSchema, "events"), "events"), []),
    goals: z._default(
      described(bounded(z.object({ description: text(), check: goalCheckSchema }), "goals"), "goals"),
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

/** `processes[0].caps`, `programs.p.source`; a key that is not a plain word (a program's name) is quoted. */
function formatPath(path: readonly PropertyKey[]): string {
  return (
    path
      .map((p, i) =>
        typeof p === "number"
          ? `[${p}]`
          : !/^[\w-]+$/.test(String(p))
            ? `[${JSON.stringify(String(p))}]`
            : i === 0
              ? String(p)
              : `.${String(p)}`,
      )
      .join("") || "(scenario)"
  );
}

/**
 * JSON.parse, after checking how deep the text nests: V8 takes most of a second to parse a megabyte of
 * `[[[[`, and no scenario nests deeper than a few levels. Never throws.
 */
export function parseJson(text: string): { ok: true; data: unknown } | { ok: false; error: string } {
  let depth = 0;
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === "\\") i++;
      else if (c === '"') quoted = false;
    } else if (c === '"') quoted = true;
    else if (c === "[" || c === "{") {
      if (++depth > LIMITS.jsonDepth.value)
        return { ok: false, error: `nested too deep: ${describeLimit("jsonDepth")}` };
    } else if (c === "]" || c === "}") depth--;
  }
  try {
    return { ok: true, data: JSON.parse(text) };
  } catch (e) {
    return { ok: false, error: `not valid JSON: ${(e as Error).message}` };
  }
}

/** Validates a scenario (an object or JSON text); never throws. */
export function parseScenario(input: unknown): ParseScenarioResult {
  let data = input;
  if (typeof input === "string") {
    const json = parseJson(input);
    if (!json.ok) return { ok: false, errors: [json.error] };
    data = json.data;
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
