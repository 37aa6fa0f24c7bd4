import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { FuzzError, type FuzzTarget, runFuzz } from "./harness";

describe("the fuzz harness", () => {
  test("a fixed-seed run of 2,400 inputs finds no exception, invariant break or divergence", () => {
    const report = runFuzz({ seed: 20261125, count: 2400 });
    expect(report.failures.map((f) => `${f.signature}\n${f.reproducer}`)).toEqual([]);
    expect(report.inputs).toBe(2400);
    expect(Object.keys(report.perTarget)).toEqual(["assembler", "scenario", "machine"]);
  }, 120_000);

  test("it reports each distinct failure once, with a shrunk reproducer, and goes on looking", () => {
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
    const report = runFuzz({ seed: 1, count: 600, targets: [flaky, broken], batch: 50 });
    const toy = report.failures.filter((f) => f.target === "toy");
    expect(toy).toHaveLength(1); // many failing batches, one signature
    expect(toy[0]?.reproducer).toBe("500"); // shrunk to the smallest failing input
    expect(toy[0]?.message).toMatch(/^exception: too big/);
    expect(report.exceptions).toBeGreaterThan(1);
    const inv = report.failures.find((f) => f.target === "toy-invariant");
    expect(inv?.reproducer).toBe('"x"');
    expect(report.invariantBreaks).toBeGreaterThan(0);
  });
});
