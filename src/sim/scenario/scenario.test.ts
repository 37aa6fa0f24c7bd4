import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { BUILTIN_SCENARIOS } from "./builtins";
import { compileScenario } from "./compile";
import { GOAL_KINDS } from "./goal-docs";
import { parseScenario } from "./schema";
import { FIELD_DESCRIPTIONS, nodeAt, scenarioJsonSchema } from "./schema-docs";

const hello = BUILTIN_SCENARIOS.hello;

describe("scenarios", () => {
  test.each(Object.keys(BUILTIN_SCENARIOS))("built-in %s validates and compiles", (id) => {
    const parsed = parseScenario(BUILTIN_SCENARIOS[id]);
    if (!parsed.ok) throw new Error(parsed.errors.join("\n"));
    const compiled = compileScenario(parsed.scenario);
    expect(compiled.ok ? [] : compiled.errors).toEqual([]);
  });

  test("a bad value is reported with its path and what was given", () => {
    const bad = structuredClone(hello) as Record<string, unknown> & {
      processes: { caps: { rights: unknown }[] }[];
    };
    const first = bad.processes[0]?.caps[0];
    if (first) first.rights = "ALL!";
    const r = parseScenario(bad);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.join("\n")).toMatch(/^processes\[0\]\.caps\[0\]\.rights: .*got "ALL!"/m);
  });

  test("an unknown profile, a missing field and a dangling program name are all named", () => {
    const r = parseScenario({
      ...hello,
      profile: "fast",
      processes: [{ name: "x", program: "nope", caps: [] }],
      title: undefined,
    });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      const text = r.errors.join("\n");
      expect(text).toMatch(/^profile: /m);
      expect(text).toMatch(/^title: /m);
    }
    const dangling = parseScenario({ ...hello, processes: [{ name: "x", program: "nope", caps: [] }] });
    expect(dangling.ok ? [] : dangling.errors).toEqual([
      'processes[0].program: no program named "nope" in programs',
    ]);
  });

  test("a slot given twice is rejected", () => {
    const caps = [
      { slot: 2, cap: { kind: "PmmAllocator" }, rights: "ALL" },
      { slot: 2, cap: { kind: "PmmAllocator" }, rights: "ALL" },
    ];
    const r = parseScenario({ ...hello, processes: [{ name: "x", program: "hello", caps }] });
    expect(r.ok ? [] : r.errors).toEqual(["processes[0].caps[1].slot: slot 2 is given twice"]);
  });

  test("bad JSON says so instead of throwing", () => {
    const r = parseScenario("{ not json");
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0]).toMatch(/^not valid JSON/);
  });

  test("an assembler error in a scenario's program names the program, line and column", () => {
    const r = parseScenario({ ...hello, programs: { hello: { source: "_start:\n  mvo rax, 1" } } });
    if (!r.ok) throw new Error(r.errors.join());
    const c = compileScenario(r.scenario);
    expect(c.ok ? [] : c.errors).toEqual([
      'programs.hello:2:3: unknown instruction "mvo" (did you mean "mov"?)',
    ]);
  });

  test("parseScenario never throws, whatever it is given", () => {
    fc.assert(
      fc.property(fc.anything(), (x) => void parseScenario(x)),
      { numRuns: 300 },
    );
    fc.assert(
      fc.property(fc.string(), (x) => void parseScenario(x)),
      { numRuns: 300 },
    );
  });

  test("the JSON Schema export describes the format", () => {
    const schema = scenarioJsonSchema() as {
      type: string;
      properties: Record<string, { description?: string }>;
      required: string[];
    };
    expect(schema.type).toBe("object");
    expect(schema.required).toEqual(
      expect.arrayContaining(["version", "title", "profile", "programs", "processes"]),
    );
    expect(schema.properties.profile?.description).toContain("3833797");
  });

  test("every field's words reach the JSON Schema, each on its own field", () => {
    const schema = scenarioJsonSchema() as Record<string, unknown>;
    for (const [path, words] of Object.entries(FIELD_DESCRIPTIONS)) {
      expect(nodeAt(schema, path)?.description, path).toBe(words);
    }
    // Fields of a scenario's processes, capabilities and programs are described where a reader looks.
    expect(nodeAt(schema, "processes[].caps[].cap<MemoryFrame>.phys")?.description).toContain("4 KiB");
    expect(nodeAt(schema, "programs{}<builtin>.builtin")?.description).toContain("built-in");
    expect(nodeAt(schema, "processes[].caps[].cap<Nothing>.phys")).toBeUndefined();
  });
});

describe("the goal checks' words", () => {
  test("every shape of goal check has its words in goal-docs.ts, and no words describe a shape that is not there", () => {
    const schema = scenarioJsonSchema() as Record<string, unknown>;
    const check = nodeAt(schema, "goals[].check") as { anyOf?: { properties?: Record<string, unknown> }[] };
    const shapes = (check.anyOf ?? []).map((v) =>
      Object.keys(v.properties ?? {})
        .sort()
        .join(","),
    );
    const documented = GOAL_KINDS.map((k) => [...k.fields].sort().join(","));
    expect(documented.sort()).toEqual(shapes.sort());
    for (const k of GOAL_KINDS) {
      const parsed = parseScenario({ ...hello, goals: [{ description: "x", check: JSON.parse(k.example) }] });
      expect(parsed.ok ? [] : parsed.errors, k.example).toEqual([]);
    }
  });
});

describe("programs", () => {
  test("programs are checked one by one, each error at the program's own name", () => {
    const r = parseScenario({ ...hello, programs: { hello: { source: 5 }, "": { builtin: "hello" } } });
    expect(r.ok ? [] : r.errors).toEqual(
      expect.arrayContaining([
        'programs.hello: expected { "source": "<assembly>" } or { "builtin": "<name>" }',
        'programs[""]: Invalid key in record',
      ]),
    );
    expect(parseScenario({ ...hello, programs: [] }).ok).toBe(false);
  });
});

describe("limits name themselves", () => {
  const withCaps = (n: number) => ({
    ...hello,
    processes: [
      {
        name: "hello",
        program: "hello",
        caps: Array.from({ length: n }, (_, i) => ({
          slot: i % 64,
          cap: { kind: "PmmAllocator" },
          rights: "ALL",
        })),
      },
    ],
  });

  test("a process may start with a full CNode of 64 capabilities; one more is refused by the caps limit", () => {
    expect(parseScenario(withCaps(64)).ok).toBe(true);
    const r = parseScenario(withCaps(65));
    expect(r.ok ? [] : r.errors).toEqual(["processes[0].caps: limit caps: at most 64 capabilities"]);
  });

  test("an over-long text and an event past the last cycle name their limits", () => {
    const long = parseScenario({ ...hello, title: "t".repeat(4001) });
    expect(long.ok ? [] : long.errors.join()).toMatch(/^title: limit textChars: at most 4000 characters/);
    const late = parseScenario({ ...hello, events: [{ at: 2 ** 41, irq: 4 }] });
    expect(late.ok ? [] : late.errors).toEqual([
      "events[0].at: limit eventAt: at most 1099511627776 cycles, got 2199023255552",
    ]);
  });
});
