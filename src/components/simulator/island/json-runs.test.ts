import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { type Json, packRuns, unpackRuns } from "./json-runs";

describe("packRuns and unpackRuns", () => {
  test("any JSON value comes back structurally equal", () => {
    fc.assert(
      // Objects with a `$run` key of their own are outside the format (see json-runs.ts).
      fc.property(
        fc.jsonValue().filter((v) => !JSON.stringify(v).includes('"$run"')),
        (v) => {
          expect(unpackRuns(packRuns(v as Json))).toEqual(v);
        },
      ),
      { numRuns: 500 },
    );
  });

  test("arrays with runs of records that step by a constant come back equal", () => {
    const record = fc.record({ n: fc.integer(), s: fc.constantFrom("a", "b"), f: fc.boolean() });
    fc.assert(
      fc.property(fc.array(record, { maxLength: 40 }), fc.integer({ min: -3, max: 3 }), (base, stride) => {
        const seq = base.flatMap((r) => [r, { ...r, n: r.n + stride }, { ...r, n: r.n + 2 * stride }]);
        expect(unpackRuns(packRuns(seq))).toEqual(seq);
      }),
    );
  });

  test("a stack's pages mapped to consecutive frames become one element and a run", () => {
    const pages = Array.from({ length: 64 }, (_, i) => [1984 + i, { frame: 1030 + i, writable: true }]);
    const packed = packRuns(pages) as Json[];
    expect(packed).toEqual([
      [1984, { frame: 1030, writable: true }],
      { $run: 63, $d: [1, { frame: 1, writable: 0 }] },
    ]);
    expect(unpackRuns(packed)).toEqual(pages);
  });

  test("numbers that do not step exactly are left as they are", () => {
    const big = [2 ** 53, 2 ** 53 + 2, 2 ** 53 + 4, 0.1, 0.2, 0.30000000000000004];
    expect(unpackRuns(packRuns(big))).toEqual(big);
    // A step past the largest number gives Infinity, which JSON would write as null.
    const edge = [0, -8.98846567431158e307, null];
    expect(unpackRuns(packRuns(edge))).toEqual(edge);
  });
});
