import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { listOffset, MAX_BODY_PX, rowTop, scrollTopFor, traceScroll } from "./trace-scroll";

const ROW = 28;
const VIEW = 360;

describe("the trace's scroll geometry", () => {
  test("a list under the cap is as tall as its rows, each row where it always was", () => {
    const s = traceScroll(10_000, ROW, VIEW);
    expect(s).toEqual({ body: 280_000, ratio: 1 });
    expect(rowTop(s, 500, ROW, 1_234)).toBe(500 * ROW);
  });

  test("ten million events: the body stays under the cap and the last event is reachable", () => {
    const rows = 10_000_000;
    const s = traceScroll(rows, ROW, VIEW);
    expect(s.body).toBe(MAX_BODY_PX);
    const bottom = s.body - VIEW;
    // Scrolled to the bottom, the last row sits inside the view, at its foot.
    const top = rowTop(s, rows - 1, ROW, bottom);
    expect(top).toBeGreaterThanOrEqual(bottom);
    expect(top + ROW).toBeCloseTo(bottom + VIEW, 3);
    // Scrolled to the top, the first row is at the top.
    expect(rowTop(s, 0, ROW, 0)).toBe(0);
  });

  test("scrolling to a row's place in the list and reading it back lands on that row", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 50_000_000 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (rows, at) => {
          const s = traceScroll(rows, ROW, VIEW);
          const row = Math.floor(at * (rows - 1));
          const offset = Math.min(row * ROW, Math.max(0, rows * ROW - VIEW));
          const scrollTop = scrollTopFor(s, offset);
          expect(scrollTop).toBeLessThanOrEqual(Math.max(s.body - VIEW, 0) + 1e-6);
          expect(listOffset(s, scrollTop)).toBeCloseTo(offset, 3);
          // The row is drawn inside the body, where the view is.
          const top = rowTop(s, row, ROW, scrollTop);
          expect(top).toBeGreaterThanOrEqual(scrollTop - 1e-6);
          expect(top).toBeLessThanOrEqual(scrollTop + VIEW);
        },
      ),
    );
  });
});
