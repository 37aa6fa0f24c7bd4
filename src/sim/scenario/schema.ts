/**
 * The scenario format: versioned JSON, validated with Zod. The same schema documents the format (its
 * `.describe()` texts), exports a JSON Schema, and produces errors that name the path and the problem.
 */
import { z } from "zod";
import { ALL_RIGHTS, RIGHT_NAMES, RIGHTS, type RightName } from "../abi/rights";

const u16 = z.number().int().min(0).max(0xffff);

export const capSchema = z
  .discriminatedUnion("kind", [
    z.object({
      kind: z.literal("Endpoint"),
      id: z.number().int().min(0).max(63).describe("Index in the 64-entry endpoint table"),
    }),
    z.object({
      kind: z.literal("MemoryFrame"),
      phys: z.number().int().min(0).describe("Physical address, 4 KiB aligned"),
      order: z.literal(0).default(0),
    }),
    z.object({
      kind: z.literal("Interrupt"),
      irq: z.number().int().min(0).max(255).describe("ISA IRQ line; WAIT_IRQ accepts 0 to 15"),
    }),
    z.object({
      kind: z.literal("IoPort"),
      base: u16.describe("First port"),
      size: u16.describe("Number of ports"),
    }),
    z.object({ kind: z.literal("ThreadControl"), tid: z.number().int().min(0) }),
    z.object({
      kind: z.literal("Process"),
      pid: z.number().int().min(0).describe("1 is the first process of the scenario, 2 the second, ..."),
    }),
    z.object({ kind: z.literal("PmmAllocator") }),
  ])
  .describe("The kernel object the capability names");

const rightsSchema = z
  .union(
    [
      z.number().int().min(0).max(ALL_RIGHTS),
      z.literal("ALL"),
      z.array(z.enum(RIGHT_NAMES as [RightName, ...RightName[]])),
    ],
    { error: `expected a number from 0 to ${ALL_RIGHTS}, "ALL", or a list of ${RIGHT_NAMES.join(", ")}` },
  )
  .describe(`Rights: a number (0 to ${ALL_RIGHTS}), "ALL", or a list of ${RIGHT_NAMES.join(", ")}`);

export function rightsValue(r: z.infer<typeof rightsSchema>): number {
  if (typeof r === "number") return r;
  if (r === "ALL") return ALL_RIGHTS;
  return r.reduce((acc, name) => acc | RIGHTS[name], 0);
}

const programSchema = z.union([
  z.object({ source: z.string().describe("Assembly source") }),
  z.object({ builtin: z.string().describe("Name of a built-in program, such as init or hello") }),
]);

const goalCheckSchema = z.union([
  z.object({ console: z.string().describe("The serial console contains this text") }),
  z.object({
    syscall: z.string().describe("A syscall by name, such as SEND"),
    result: z.string().describe('"ok" or an error name, such as NO_RIGHTS'),
  }),
  z.object({ process: z.string().describe("Process name"), state: z.enum(["exited", "reaped"]) }),
  z.object({ halted: z.boolean().describe("Whether the machine has stopped") }),
]);

export const scenarioSchema = z
  .object({
    version: z.literal(1).describe("Format version"),
    id: z
      .string()
      .regex(/^[a-z0-9-]+$/)
      .optional()
      .describe("Short id, used in links"),
    title: z.string().min(1),
    description: z.string().default(""),
    profile: z.enum(["as-built", "design"]).describe("Which kernel runs: the code at 3833797, or its design"),
    machine: z
      .object({
        cores: z.number().int().min(1).max(8).default(4),
        quantumCycles: z
          .number()
          .int()
          .min(100)
          .max(10_000_000)
          .default(10_000)
          .describe("Cycles per scheduling quantum"),
        memoryMiB: z.number().int().min(8).max(8192).default(512),
        virtio: z.boolean().default(true).describe("Attach the 1 MiB virtio-blk disk of make run"),
        bootLog: z.boolean().default(true).describe("Print the kernel's boot log"),
      })
      .default({ cores: 4, quantumCycles: 10_000, memoryMiB: 512, virtio: true, bootLog: true }),
    programs: z.record(z.string(), programSchema).describe("Programs by name"),
    processes: z
      .array(
        z.object({
          name: z.string().min(1),
          program: z.string().describe("A key of programs"),
          caps: z
            .array(z.object({ slot: z.number().int().min(0).max(63), cap: capSchema, rights: rightsSchema }))
            .default([]),
          initrd: z.boolean().default(false).describe("Map the initrd read-only at 0x1000_0000"),
          onlyIn: z
            .enum(["as-built", "design"])
            .optional()
            .describe(
              "Start this process only on this kernel profile (the design starts serial_drv at boot)",
            ),
        }),
      )
      .min(1)
      .describe("Processes started at boot, in order: the first is PID 1"),
    initrd: z
      .array(z.string())
      .default([])
      .describe("Files of the initrd: program names, or hello_wasm.wasm"),
    events: z
      .array(
        z.union([
          z.object({ at: z.number().int().min(0), irq: z.number().int().min(0).max(15) }),
          z.object({ at: z.number().int().min(0), serialInput: z.string() }),
        ]),
      )
      .default([])
      .describe("Scripted hardware events at given cycles"),
    goals: z
      .array(z.object({ description: z.string(), check: goalCheckSchema }))
      .default([])
      .describe("Lab goals the page checks"),
  })
  .superRefine((s, ctx) => {
    s.processes.forEach((p, i) => {
      if (!(p.program in s.programs)) {
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
      });
    });
  });

export type Scenario = z.infer<typeof scenarioSchema>;
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
  const r = scenarioSchema.safeParse(data);
  if (r.success) return { ok: true, scenario: r.data };
  return {
    ok: false,
    errors: r.error.issues.map((issue) => {
      const value = issue.code === "custom" ? undefined : receivedAt(data, issue.path);
      // Quote what was given when it reads in one line.
      const got = ["string", "number", "boolean"].includes(typeof value) ? value : undefined;
      return `${formatPath(issue.path)}: ${issue.message}${got !== undefined ? `, got ${JSON.stringify(got)}` : ""}`;
    }),
  };
}

function receivedAt(data: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = data;
  for (const p of path) {
    if (v === null || typeof v !== "object") return undefined;
    v = (v as Record<PropertyKey, unknown>)[p];
  }
  return v;
}

export function scenarioJsonSchema(): unknown {
  return z.toJSONSchema(scenarioSchema, { io: "input", unrepresentable: "any" });
}
