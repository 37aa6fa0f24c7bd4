import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { FuzzError, type FuzzTarget, runFuzz, SLOW_MS } from "./harness";

describe("the fuzz harness", () => {
  test("a fixed-seed run of 2,400 inputs, links included, finds no exception, invariant break, divergence or slow input", async () => {
    const report = await runFuzz({ seed: 20261125, count: 2400 });
    expect(report.failures.map((f) => `${f.signature}\n${f.reproducer}`)).toEqual([]);
    expect(report.slow).toEqual([]);
    expect(report.inputs).toBe(2400);
    expect(Object.keys(report.targets)).toEqual(["assembler", "scenario", "link", "machine"]);
    expect(report.targets.link?.inputs).toBe(400);
  }, 180_000);

  test("it reports each distinct failure once, with a shrunk reproducer, and goes on looking", async () => {
    const flaky: FuzzTarget<unknown> = {
      name: "toy",
      weight: 1,
      arbitrary: fc.integer({ min: 0, max: 1000 }),
      accept: (n) => {
        if ((n as number) >= 500) throw new RangeError(`too big: ${n}`);
        return undefined;
      },
    };
    const broken: FuzzTarget<unknown> = {
      name: "toy-invariant",
      weight: 1,
      arbitrary: fc.string(),
      accept: (s) => {
        if ((s as string).includes("x")) throw new FuzzError("invariant", "x seen");
        return undefined;
      },
    };
    const report = await runFuzz({ seed: 1, count: 600, targets: [flaky, broken], batch: 50 });
    const toy = report.failures.filter((f) => f.target === "toy");
    expect(toy).toHaveLength(1); // many failing batches, one signature
    expect(toy[0]?.reproducer).toBe("500"); // shrunk to the smallest failing input
    expect(toy[0]?.message).toMatch(/^exception: too big/);
    expect(report.exceptions).toBeGreaterThan(1);
    const inv = report.failures.find((f) => f.target === "toy-invariant");
    expect(inv?.reproducer).toBe('"x"');
    expect(report.invariantBreaks).toBeGreaterThan(0);
  });

  test("an input slower than 100 ms is reported once it is slow again on its own; a one-off pause is not", async () => {
    let pauses = 0;
    const sleep = (ms: number) => {
      const end = performance.now() + ms;
      while (performance.now() < end);
    };
    const toy: FuzzTarget<unknown> = {
      name: "toy-slow",
      weight: 1,
      arbitrary: fc.integer({ min: 0, max: 9 }),
      accept: (n) => {
        if (n === 7) sleep(SLOW_MS + 30); // slow every time
        if (n === 3 && pauses++ === 0) sleep(SLOW_MS + 30); // slow once, like a collection
        return undefined;
      },
    };
    const report = await runFuzz({ seed: 5, count: 60, targets: [toy] });
    expect(report.slow.map((s) => s.input)).toEqual(["7"]);
    expect(report.slow[0]?.ms).toBeGreaterThan(SLOW_MS);
    expect(pauses).toBeGreaterThan(1);
    expect(report.failures).toEqual([]);
  });
});
