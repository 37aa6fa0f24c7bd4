import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { config } from "zod/mini";
import en from "zod/v4/locales/en.js";
import { BUILTIN_SCENARIOS } from "./builtins";
import { scenarioMessage } from "./messages";
import { parseScenario } from "./schema";
import { parseScenarioZod } from "./schema-zod";

/** Parses with the Zod schema and Zod's own English locale instead of ours, then puts ours back. */
function withZodEnglish(input: unknown) {
  config(en());
  try {
    return parseScenarioZod(input);
  } finally {
    config({ localeError: scenarioMessage });
  }
}

const hello = BUILTIN_SCENARIOS.hello as Record<string, unknown>;

describe("the scenario's error messages", () => {
  test("are the Zod schema's, word for word in Zod's English, for every kind of mistake a scenario can make", () => {
    const bad: unknown[] = [
      {},
      [],
      null,
      { ...hello, version: 2 },
      { ...hello, profile: "fast" },
      { ...hello, title: "" },
      { ...hello, title: 5 },
      { ...hello, title: Number.NaN },
      { ...hello, title: Number.POSITIVE_INFINITY },
      { ...hello, id: "A B" },
      { ...hello, machine: { cores: 0 } },
      { ...hello, machine: { cores: 1.5, memoryMiB: 1e9 } },
      { ...hello, programs: { a: {} } },
      { ...hello, processes: [] },
      {
        ...hello,
        processes: [{ name: "x", program: "hello", caps: [{ slot: 64, cap: { kind: "Nope" }, rights: 1 }] }],
      },
      {
        ...hello,
        processes: [
          {
            name: "x",
            program: "hello",
            caps: [{ slot: 1, cap: { kind: "MemoryFrame", phys: 5 }, rights: [] }],
          },
        ],
      },
      { ...hello, events: [{ at: -1, irq: 3 }, { at: 1 }], goals: [{ description: 3, check: {} }] },
      { ...hello, initrd: Array.from({ length: 40 }, () => "x") },
    ];
    for (const input of bad)
      expect(parseScenario(input), JSON.stringify(input).slice(0, 80)).toEqual(withZodEnglish(input));
  });

  test("agree with Zod's English on random mutations too", () => {
    fc.assert(
      fc.property(
        fc.jsonValue({ maxDepth: 3 }),
        fc.constantFrom("version", "title", "machine", "processes", "programs", "events"),
        (v, key) => {
          const input = { ...hello, [key]: v };
          expect(parseScenario(input)).toEqual(withZodEnglish(input));
        },
      ),
      { numRuns: 200 },
    );
  });

  test("the engine's checks and the Zod schema agree on every built-in scenario, defaults and all", () => {
    for (const [id, input] of Object.entries(BUILTIN_SCENARIOS)) {
      const ours = parseScenario(input);
      expect(ours.ok, id).toBe(true);
      expect(ours, id).toEqual(withZodEnglish(input));
    }
  });

  test("and on random changes deep inside a scenario", () => {
    const process0 = (hello.processes as Record<string, unknown>[])[0] ?? {};
    fc.assert(
      fc.property(
        fc.jsonValue({ maxDepth: 3 }),
        fc.constantFrom(
          ["processes", 0, "caps"],
          ["processes", 0, "caps", 0],
          ["processes", 0, "caps", 0, "cap"],
          ["processes", 0, "caps", 0, "rights"],
          ["processes", 0, "initrd"],
          ["machine", "cores"],
          ["machine", "freeFrames"],
          ["goals", 0],
          ["goals", 0, "check"],
          ["events", 0],
          ["programs", "x"],
          ["initrd"],
          ["endpoints"],
          ["kernInit"],
          ["id"],
          ["wasmGuest"],
        ),
        (v, path) => {
          const input = structuredClone({
            ...hello,
            processes: [{ ...process0, caps: [{ slot: 1, cap: { kind: "PmmAllocator" }, rights: "ALL" }] }],
            goals: [{ description: "d", check: { console: "x" } }],
            events: [{ at: 1, irq: 3 }],
          }) as Record<string, unknown>;
          let at: Record<string | number, unknown> = input;
          for (const key of path.slice(0, -1)) at = at[key] as Record<string | number, unknown>;
          at[path[path.length - 1] as string | number] = v;
          expect(parseScenario(input)).toEqual(withZodEnglish(input));
        },
      ),
      { numRuns: 600 },
    );
  });
});
