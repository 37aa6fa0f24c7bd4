/**
 * The machine's physical memory as Limine hands it to kmain, and what the kernel derives from it: the PMM's
 * bitmap and free frames (kernel/src/memory/pmm.rs, BitmapAllocator::new) and the pristine kernel page
 * tables' HHDM (kernel/src/memory/pml4.rs, build). The boot log prints these figures and the PMM model
 * starts from them, so a printed number and the machine agree.
 *
 * The map is a simplified one of QEMU's (`-m` decides the RAM; firmware would report more, smaller
 * entries): low memory, the legacy hole, the kernel image and the initrd module, the rest of RAM and the
 * framebuffer. RAM past 2 GiB goes above 4 GiB, clear of the framebuffer at 2 GiB.
 */
import { TYPICAL_QEMU } from "./kernel-log";
import { PAGE_SIZE } from "./layout";

export type MapType = "Usable" | "Reserved" | "Kernel & Modules" | "Framebuffer";
export type MapEntry = readonly [base: number, end: number, type: MapType];

const MiB = 1 << 20;
const GiB = 2 ** 30;
const M2 = 2 * MiB;

/** The memory map of a machine with `memoryMiB` of RAM and an initrd module of `moduleBytes`. */
export function memoryMap(memoryMiB: number, moduleBytes: number): MapEntry[] {
  const q = TYPICAL_QEMU;
  const ram = memoryMiB * MiB;
  const modulesEnd = q.initrdPhys + Math.ceil(moduleBytes / PAGE_SIZE) * PAGE_SIZE;
  const fb = q.framebuffer;
  const map: MapEntry[] = [
    [0, 0xa_0000, "Usable"],
    [0xa_0000, 0x10_0000, "Reserved"],
    [0x10_0000, q.kernelPhys, "Usable"],
    [q.kernelPhys, modulesEnd, "Kernel & Modules"],
    [modulesEnd, Math.min(ram, 2 * GiB), "Usable"],
    [fb.phys, fb.phys + fb.width * fb.height * 4, "Framebuffer"],
  ];
  if (ram > 2 * GiB) map.push([4 * GiB, 2 * GiB + ram, "Usable"]);
  return map;
}

/** What pmm.rs computes from the map: its three passes, before anything is allocated. */
export interface PmmLayout {
  /** The highest end of a Usable, Kernel & Modules or Framebuffer entry (pass 1). */
  highest: number;
  /** Frames the bitmap tracks: highest / 4 KiB. */
  total: number;
  bitmapBytes: number;
  bitmapPages: number;
  /** The first Usable entry above 0 big enough for the bitmap (pass 2). */
  bitmapPhys: number;
  /** Free frames as [first, end) runs: Usable entries, less the bitmap's frames and frame 0 (pass 3). */
  free: [number, number][];
}

export function pmmLayout(map: readonly MapEntry[]): PmmLayout {
  const highest = Math.max(...map.filter((e) => e[2] !== "Reserved").map((e) => e[1]));
  const total = Math.floor(highest / PAGE_SIZE);
  const bitmapBytes = Math.ceil(total / 8);
  const bitmapPages = Math.ceil(bitmapBytes / PAGE_SIZE);
  const usable = map.filter((e) => e[2] === "Usable");
  const home = usable.find(([base, end]) => base > 0 && end - base >= bitmapPages * PAGE_SIZE);
  if (!home) throw new Error("engine bug: no usable region for the PMM bitmap");
  const bitmapPhys = home[0];
  const bitmapEnd = bitmapPhys / PAGE_SIZE + bitmapPages;
  const free: [number, number][] = [];
  for (const [base, end] of usable) {
    // Frame 0 and the bitmap's own frames are marked used again after the Usable entries are freed.
    const first = Math.max(base / PAGE_SIZE, 1, base === bitmapPhys ? bitmapEnd : 0);
    const last = Math.min(Math.floor(end / PAGE_SIZE), total);
    if (first < last) free.push([first, last]);
  }
  return { highest, total, bitmapBytes, bitmapPages, bitmapPhys, free };
}

/** The key of the page table that maps `phys` in the HHDM at 2 MiB (`pd`) or 4 KiB (`pt`) granularity. */
const hhdmKey = (phys: number, level: "pd" | "pt") =>
  level === "pd"
    ? `pd:256:${Math.floor(phys / GiB)}`
    : `pt:256:${Math.floor(phys / GiB)}:${Math.floor(phys / M2) % 512}`;

/**
 * pml4::build's walk: every entry but bad memory into the HHDM, 2 MiB pages where an address is 2 MiB
 * aligned with 2 MiB left in its entry, 4 KiB pages otherwise; then the kernel image in 4 KiB pages at
 * its higher-half address, then the LAPIC and I/O APIC pages. Returns the page counts it prints and the
 * tables it creates, in the order map_page creates them (each one frame from the PMM).
 */
export function pristineTables(map: readonly MapEntry[], kernelPages: number) {
  const tables = new Set<string>();
  const need = (...keys: string[]) => {
    for (const k of keys) tables.add(k);
  };
  let huge = 0;
  let small = 0;
  for (const [base, end] of map) {
    for (let phys = base; phys < end; ) {
      need("pdpt:256", hhdmKey(phys, "pd"));
      if (phys % M2 === 0 && end - phys >= M2) {
        huge++;
        phys += M2;
      } else {
        need(hhdmKey(phys, "pt"));
        small++;
        phys += PAGE_SIZE;
      }
    }
  }
  // The kernel at 0xFFFFFFFF80000000 + its physical base: PML4 entry 511, PDPT entry 510.
  const q = TYPICAL_QEMU;
  for (let i = 0; i < kernelPages; i++)
    need("pdpt:511", "pd:511:510", `pt:511:510:${Math.floor((q.kernelPhys + i * PAGE_SIZE) / M2)}`);
  for (const mmio of [q.lapic, q.ioapic]) need(hhdmKey(mmio, "pd"), hhdmKey(mmio, "pt"));
  return { huge, small, tables: [...tables] };
}

/** Whether the pristine tables map `phys` in the HHDM with a 4 KiB page, which unmap_page can remove. */
export function mappedSmall(tables: readonly string[], phys: number): boolean {
  return tables.includes(hhdmKey(phys, "pt"));
}
