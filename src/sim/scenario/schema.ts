/**
 * The scenario format as the engine checks it: versioned JSON, every field bounded by the limits in
 * limits.ts, with errors that name the path and the problem. The format is defined once more in Zod
 * (schema-zod.ts), which makes the JSON Schema and its documentation; a test holds the two to the same
 * answers, error for error. The engine uses check.ts instead of Zod to fit a page.
 */
import { CAP_KINDS } from "../abi/cap-types";
import { ALL_RIGHTS, RIGHT_NAMES } from "../abi/rights";
import { REG_NAMES } from "../cpu/contract";
import { FIRST_SCENARIO_FRAME, PAGE_SIZE } from "../kernel/layout";
import {
  arr,
  bool,
  type Issue,
  int,
  obj,
  oneOf,
  opt,
  type Parser,
  type Path,
  rec,
  str,
  tagged,
  union,
} from "./check";
import { describeLimit, LIMITS } from "./limits";
import type { GoalCheck, Scenario, ScenarioInput } from "./schema-zod";

export type { GoalCheck, Scenario, ScenarioInput };

/** Checks that span fields: names that must exist, slots given once, frames that must exist. */
export function crossChecks(s: Scenario): { path: Path; message: string }[] {
  const out: { path: Path; message: string }[] = [];
  s.goals.forEach((g, i) => {
    if (g.after !== undefined && g.after > i)
      out.push({
        path: ["goals", i, "after"],
        message: `a goal can wait only for an earlier goal: this is goal ${i + 1}`,
      });
  });
  // RAM up to 2 GiB; past that it lies above 4 GiB (memory-map.ts), which a scenario's frame may not name.
  const frames = Math.floor((Math.min(s.machine.memoryMiB, 2048) * 1024 * 1024) / PAGE_SIZE);
  s.processes.forEach((p, i) => {
    const at = ["processes", i];
    // Own keys only: a name such as "toString" must not find Object.prototype.
    if (!Object.hasOwn(s.programs, p.program))
      out.push({ path: [...at, "program"], message: `no program named "${p.program}" in programs` });
    const seen = new Set<number>();
    p.caps.forEach((c, j) => {
      const cap = [...at, "caps", j];
      if (seen.has(c.slot)) out.push({ path: [...cap, "slot"], message: `slot ${c.slot} is given twice` });
      seen.add(c.slot);
      const o = c.cap;
      if (o.kind === "MemoryFrame") {
        const frame = o.phys / PAGE_SIZE;
        if (frame < FIRST_SCENARIO_FRAME || frame >= frames)
          out.push({
            path: [...cap, "cap", "phys"],
            message: `frame ${frame} does not exist for a user: usable frames are ${FIRST_SCENARIO_FRAME} to ${frames - 1} (phys 0x${(FIRST_SCENARIO_FRAME * PAGE_SIZE).toString(16)} to 0x${((frames - 1) * PAGE_SIZE).toString(16)}) with ${s.machine.memoryMiB} MiB`,
          });
      }
      if (o.kind === "Process" && o.pid > s.processes.length)
        out.push({
          path: [...cap, "cap", "pid"],
          message: `PID ${o.pid} is not a process of this scenario (it starts ${s.processes.length})`,
        });
    });
  });
  return out;
}

const text = (min = 0) => str(min, LIMITS.textChars.value, describeLimit("textChars"));
const eventAt = int(0, LIMITS.eventAt.value, undefined, describeLimit("eventAt"));
const limited = (key: keyof typeof LIMITS) => str(undefined, LIMITS[key].value, describeLimit(key));
const bounded = (item: Parser, key: keyof typeof LIMITS) => arr(item, LIMITS[key].value, describeLimit(key));
const u16 = int(0, 0xffff);
const kinds: Record<string, Record<string, Parser>> = {
  Endpoint: { id: int(0, 63) },
  MemoryFrame: {
    phys: int(0, Number.POSITIVE_INFINITY, {
      of: PAGE_SIZE,
      error: "must be 4 KiB aligned (a multiple of 4096)",
    }),
    order: opt(oneOf(0), () => 0),
  },
  Interrupt: { irq: int(0, 255) },
  IoPort: { base: u16, size: u16 },
  ThreadControl: { tid: int(0, 2 ** 32) },
  Process: { pid: int(1, LIMITS.processes.value) },
  PmmAllocator: {},
};
const cap = tagged(
  "kind",
  Object.fromEntries(
    Object.entries(kinds).map(([kind, shape]) => [kind, obj({ kind: oneOf(kind), ...shape })]),
  ),
);
const rights = union(
  `expected a number from 0 to ${ALL_RIGHTS}, "ALL", or a list of ${RIGHT_NAMES.join(", ")}`,
  int(0, ALL_RIGHTS),
  oneOf("ALL"),
  arr(oneOf(...RIGHT_NAMES)),
);
const program = union(
  'expected { "source": "<assembly>" } or { "builtin": "<name>" }',
  obj({ source: limited("sourceChars") }),
  obj({ builtin: text(1) }),
);
/** A 64-bit value as text: hex (0x2A) or decimal, negative numbers read as two's complement. */
const u64Text = str(undefined, undefined, undefined, /^(0x[0-9a-fA-F]{1,16}|-?\d{1,20})$/);
/** What a lab goal checks: goal-docs.ts says what each shape means, goals.ts evaluates them. */
const goalCheck = union(
  "expected one of the goal checks the scenario format lists",
  obj({ console: text() }),
  obj({ output: text() }),
  obj({ syscall: text(1), result: text(1), process: opt(text(1)) }),
  obj({ process: text(1), state: oneOf("created", "exited", "reaped") }),
  obj({ thread: text(1), state: oneOf("Ready", "Running", "BlockedSend", "BlockedRecv", "Dead") }),
  obj({ process: text(1), register: oneOf(...REG_NAMES), equals: u64Text }),
  obj({ process: text(1), memory: u64Text, equals: u64Text, size: opt(oneOf(1, 2, 4, 8), () => 8) }),
  obj({ process: text(1), slot: int(0, 63), cap: oneOf(...CAP_KINDS), rights: opt(rights) }),
  obj({ framesFree: oneOf("start") }),
  obj({ ran: text(1), core: int(0, LIMITS.cores.value - 1) }),
  obj({ noFault: oneOf(true) }),
  obj({ faulted: text(1) }),
  obj({ halted: bool }),
);
const event = union(
  'expected { "at": <cycle>, "irq": <0-15> } or { "at": <cycle>, "serialInput": "<text>" }',
  obj({ at: eventAt, irq: int(0, 15) }),
  obj({ at: eventAt, serialInput: limited("serialInputChars") }),
);
const machine = obj({
  cores: opt(int(1, LIMITS.cores.value), () => 4),
  quantumCycles: opt(int(100, LIMITS.quantumCycles.value), () => 10_000),
  memoryMiB: opt(int(8, LIMITS.memoryMiB.value), () => 512),
  virtio: opt(bool, () => true),
  bootLog: opt(bool, () => true),
  freeFrames: opt(int(0, LIMITS.memoryMiB.value * 256)),
});
const process = obj({
  name: text(1),
  program: text(1),
  caps: opt(bounded(obj({ slot: int(0, 63), cap, rights }), "caps"), () => []),
  initrd: opt(bool, () => false),
  onlyIn: opt(oneOf("as-built", "design")),
});

const scenario = obj(
  {
    version: oneOf(1),
    id: opt(str(undefined, undefined, undefined, /^[a-z0-9-]{1,64}$/)),
    title: text(1),
    description: opt(text(), () => ""),
    profile: oneOf("as-built", "design"),
    machine: opt(machine, () => ({
      cores: 4,
      quantumCycles: 10_000,
      memoryMiB: 512,
      virtio: true,
      bootLog: true,
    })),
    programs: rec(text(1), program, LIMITS.programs.value, describeLimit("programs")),
    processes: arr(process, LIMITS.processes.value, describeLimit("processes"), 1),
    initrd: opt(bounded(text(1), "initrdFiles"), () => []),
    wasmGuest: opt(limited("sourceChars")),
    kernInit: opt(obj({ endpoint: int(0, 63) })),
    endpoints: opt(arr(int(0, 63), 64)),
    events: opt(bounded(event, "events"), () => []),
    goals: opt(
      bounded(
        obj({ description: text(), check: goalCheck, after: opt(int(1, LIMITS.goals.value)) }),
        "goals",
      ),
      () => [],
    ),
  },
  (s, issues) => {
    for (const { path, message } of crossChecks(s as Scenario))
      issues.push({ code: "custom", path, message, abort: false });
  },
);

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

/** Each issue as `path: message`, quoting what was given there when it reads in one line. */
export function formatIssues(
  data: unknown,
  issues: readonly { code: string; path: readonly PropertyKey[]; message: string }[],
): string[] {
  return issues.map((issue) => {
    const value = issue.code === "custom" ? undefined : receivedAt(data, issue.path);
    const got = ["string", "number", "boolean"].includes(typeof value) ? value : undefined;
    const quoted = typeof got === "string" && got.length > 80 ? `${got.slice(0, 80)}…` : got;
    return `${formatPath(issue.path)}: ${issue.message}${quoted !== undefined ? `, got ${JSON.stringify(quoted)}` : ""}`;
  });
}

/** JSON text or a value, before it is checked; an error when the text is not JSON. */
export function scenarioData(input: unknown): { data: unknown } | { error: string } {
  if (typeof input !== "string") return { data: input };
  const json = parseJson(input);
  return json.ok ? { data: json.data } : { error: json.error };
}

/** Validates a scenario (an object or JSON text); never throws. */
export function parseScenario(input: unknown): ParseScenarioResult {
  const read = scenarioData(input);
  if ("error" in read) return { ok: false, errors: [read.error] };
  const issues: Issue[] = [];
  const value = scenario(read.data, [], issues);
  if (issues.length === 0) return { ok: true, scenario: value as Scenario };
  return { ok: false, errors: formatIssues(read.data, issues) };
}

function receivedAt(data: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = data;
  for (const p of path) {
    if (v === null || typeof v !== "object" || !Object.hasOwn(v, p)) return undefined;
    v = (v as Record<PropertyKey, unknown>)[p];
  }
  return v;
}
