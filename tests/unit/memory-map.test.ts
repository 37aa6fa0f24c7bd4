import { describe, expect, test } from "vitest";
import {
  hexAddress,
  INIT_HEAP_PAGES,
  KERNEL_IMAGE_BASE,
  MEMORY_MAP,
} from "../../src/components/diagrams/memory-map";
import { LAYOUT, PAGE_SIZE } from "../../src/sim/kernel/layout";

const byId = (id: string) => {
  const r = MEMORY_MAP.find((x) => x.id === id);
  if (!r) throw new Error(`no region ${id}`);
  return r;
};

describe("the memory map", () => {
  test("every layout constant the simulator maps appears in the map with the same value", () => {
    for (const [key, value] of Object.entries(LAYOUT)) {
      const hits = MEMORY_MAP.filter((r) => r.start === BigInt(value) || r.end === BigInt(value));
      expect(hits.length, `${key} = ${hexAddress(BigInt(value))} is not in the map`).toBeGreaterThan(0);
    }
    for (const r of MEMORY_MAP) if (r.layoutKey) expect(r.start).toBe(BigInt(LAYOUT[r.layoutKey]));
  });

  test("the regions the simulator defines start where it says", () => {
    expect(byId("program").start).toBe(BigInt(LAYOUT.userBase));
    expect([byId("stack").start, byId("stack").end]).toEqual([
      BigInt(LAYOUT.stackBottom),
      BigInt(LAYOUT.stackTop),
    ]);
    expect(byId("initrd").start).toBe(BigInt(LAYOUT.initrdBase));
    expect(byId("heap").start).toBe(BigInt(LAYOUT.heapBase));
    expect(byId("hole").start).toBe(BigInt(LAYOUT.userLimit));
  });

  test("init's heap ends 1000 pages after its base", () => {
    expect(byId("heap").end).toBe(BigInt(LAYOUT.heapBase + INIT_HEAP_PAGES * PAGE_SIZE));
    expect(hexAddress(byId("heap").end ?? 0n)).toBe("0x403E_8000");
  });

  test("regions run from low to high and never overlap", () => {
    for (let i = 1; i < MEMORY_MAP.length; i++) {
      const prev = MEMORY_MAP[i - 1];
      const cur = MEMORY_MAP[i];
      if (!prev || !cur) continue;
      expect(cur.start > prev.start, `${cur.id} after ${prev.id}`).toBe(true);
      if (prev.end !== undefined) expect(prev.end <= cur.start, `${prev.id} overlaps ${cur.id}`).toBe(true);
    }
  });

  test("the kernel image sits 2 MiB above the top 2 GiB, as kernel/linker.ld links it", () => {
    expect(KERNEL_IMAGE_BASE).toBe(0xffff_ffff_8000_0000n + 2n * 1024n * 1024n);
  });

  test("addresses print in groups of four hex digits, eight or sixteen wide", () => {
    expect(hexAddress(0x40_0000n)).toBe("0x0040_0000");
    expect(hexAddress(0n)).toBe("0x0000_0000");
    expect(hexAddress(0x0000_8000_0000_0000n)).toBe("0x0000_8000_0000_0000");
    expect(hexAddress(0xffff_ffff_8020_0000n)).toBe("0xFFFF_FFFF_8020_0000");
  });
});
