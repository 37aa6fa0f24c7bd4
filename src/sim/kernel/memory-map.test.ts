import { describe, expect, test } from "vitest";
import { mappedSmall, memoryMap, pmmLayout, pristineTables } from "./memory-map";

describe("the memory map and what pmm.rs and pml4.rs derive from it", () => {
  const map = memoryMap(512, 30720);

  test("pmm.rs's three passes: the framebuffer's end is the highest address, as upstream's docs have it", () => {
    const l = pmmLayout(map);
    // docs/subsystems/memory.html: "525288 total frames" for QEMU with 512 MiB.
    expect(l.total).toBe(525288);
    expect([l.bitmapBytes, l.bitmapPages, l.bitmapPhys]).toEqual([65661, 17, 0x10_0000]);
    // Usable frames less frame 0 and the bitmap's 17.
    expect(l.free).toEqual([
      [1, 0xa0],
      [0x111, 0x200],
      [0x308, 0x2_0000],
    ]);
  });

  test("RAM past 2 GiB goes above 4 GiB, and the bitmap grows with the highest address", () => {
    const big = memoryMap(4096, 30720);
    expect(big.at(-1)).toEqual([2 ** 32, 2 ** 32 + 2 ** 31, "Usable"]);
    expect(pmmLayout(big).total).toBe((2 ** 32 + 2 ** 31) / 4096);
  });

  test("pml4::build: 2 MiB pages only where an entry has 2 MiB left from a 2 MiB boundary", () => {
    const t = pristineTables(map, 256);
    expect([t.huge, t.small]).toEqual([255, 1512]);
    expect(t.tables).toHaveLength(12);
    expect(mappedSmall(t.tables, 0x11_9000)).toBe(true);
    expect(mappedSmall(t.tables, 0x40_0000)).toBe(false);
  });
});
