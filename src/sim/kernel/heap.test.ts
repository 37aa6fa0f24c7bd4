import { describe, expect, test } from "vitest";
import { HEAP_BYTES, heapAlloc, heapFree, newHeap, queueHolds, SIZE, tableInsert } from "./heap";

describe("the kernel heap (kernel/src/memory/heap.rs)", () => {
  test("first fit without headers; a freed block coalesces with both neighbours", () => {
    const h = newHeap(0x1000);
    const a = heapAlloc(h, 32);
    const b = heapAlloc(h, 64);
    const c = heapAlloc(h, 8); // at least a free-block header: 16 bytes
    expect([a, b, c]).toEqual([0, 32, 96]);
    expect(h.used).toBe(112);
    heapFree(h, 0, 32);
    heapFree(h, 96, 8);
    expect(h.free).toEqual([
      [0, 32],
      [96, HEAP_BYTES - 96],
    ]);
    expect(heapAlloc(h, 24)).toBe(0); // the first block that fits, not the best
    heapFree(h, 32, 64);
    expect(h.free).toEqual([[32, HEAP_BYTES - 32]]);
    heapFree(h, 0, 24);
    // The 8 bytes after the 24 were too small for a free block when it was carved out: lost for good.
    expect(h.free).toEqual([
      [0, 24],
      [32, HEAP_BYTES - 32],
    ]);
    expect(h.used).toBe(0);
  });

  test("an allocation no block can hold fails; a back gap under 16 bytes is lost, as in Heap::alloc", () => {
    const h = newHeap(0);
    expect(heapAlloc(h, HEAP_BYTES - 8)).toBe(0);
    expect(h.free).toEqual([]);
    expect(heapAlloc(h, 16)).toBeNull();
  });

  test("a queue's buffer starts at 4 Box<Thread>s and doubles, freeing the old one (RawVec's growth)", () => {
    const h = newHeap(0);
    expect(queueHolds(h, "boot", 1)).toBe(0);
    expect(h.queues.boot).toEqual([4, 0]);
    expect(queueHolds(h, "boot", 4)).toBe(0);
    expect(queueHolds(h, "boot", 5)).toBe(0);
    expect(h.queues.boot).toEqual([8, 32]);
    expect(h.used).toBe(64);
  });

  test("PROCESS_TABLE: a leaf at the first insert, then a leaf per 7 inserts once 11 keys filled it", () => {
    const h = newHeap(0);
    const sizes: number[] = [];
    for (let pid = 1; pid <= 25; pid++) {
      const before = h.used;
      expect(tableInsert(h, pid === 2)).toBe(0);
      sizes.push(h.used - before);
    }
    // PID 1 makes the leaf; the 12th key splits it (a leaf and a root); then the 19th key, the 26th...
    expect(sizes.flatMap((s, i) => (s ? [[i + 1, s]] : []))).toEqual([
      [1, SIZE.leaf],
      [12, SIZE.leaf + SIZE.internal],
      [19, SIZE.leaf],
    ]);
    expect(h.table).toEqual([2, 11]);
  });
});
