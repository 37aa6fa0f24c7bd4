/**
 * A process's lower-half address space: 4 KiB leaf mappings with present/write/no-execute flags, and the
 * page-table frames a 4-level tree needs, taken from the PMM like the kernel's map_page does
 * (kernel/src/memory/vmm.rs). Teardown frees every leaf frame, every table frame and the PML4.
 */
import type { Access, MemoryPort, PageFault } from "../cpu/contract";
import { PAGE_SIZE } from "./layout";
import type { PhysicalMemory } from "./pmm";

export interface Mapping {
  frame: number;
  writable: boolean;
  executable: boolean;
}

export interface AddressSpace {
  pml4: number;
  /** Virtual page number -> mapping. */
  pages: Map<number, Mapping>;
  /** Table key ("pdpt:i", "pd:i:j", "pt:i:j:k") -> frame. */
  tables: Map<string, number>;
  generation: number;
}

export type MapError = "already-mapped" | "out-of-memory";

export function newAddressSpace(pml4: number): AddressSpace {
  return { pml4, pages: new Map(), tables: new Map(), generation: 0 };
}

function tableKeys(vaddr: number): string[] {
  const i4 = Math.floor(vaddr / 2 ** 39) % 512;
  const i3 = Math.floor(vaddr / 2 ** 30) % 512;
  const i2 = Math.floor(vaddr / 2 ** 21) % 512;
  return [`pdpt:${i4}`, `pd:${i4}:${i3}`, `pt:${i4}:${i3}:${i2}`];
}

export function mapPage(
  mem: PhysicalMemory,
  as: AddressSpace,
  vaddr: number,
  frame: number,
  writable: boolean,
  executable: boolean,
): MapError | undefined {
  const vpn = vaddr / PAGE_SIZE;
  if (as.pages.has(vpn)) return "already-mapped";
  for (const key of tableKeys(vaddr)) {
    if (as.tables.has(key)) continue;
    const t = mem.alloc();
    if (t === undefined) return "out-of-memory";
    as.tables.set(key, t);
  }
  as.pages.set(vpn, { frame, writable, executable });
  as.generation++;
  return undefined;
}

/**
 * destroy_user_address_space (kernel/src/memory/vmm.rs): frees every leaf frame, every table frame and the
 * PML4 through `free` (which warns on a double free), and counts them as upstream does, the PML4 among
 * the tables.
 */
export function destroyAddressSpace(
  mem: PhysicalMemory,
  as: AddressSpace,
  free: (frame: number) => boolean = (f) => mem.free(f),
): { userPages: number; tablePages: number } {
  const userPages = as.pages.size;
  const tablePages = as.tables.size + 1;
  for (const m of as.pages.values()) free(m.frame);
  for (const t of as.tables.values()) free(t);
  free(as.pml4);
  as.pages.clear();
  as.tables.clear();
  as.generation++;
  return { userPages, tablePages };
}

/**
 * The CPU's view of one address space. Its generation changes with the mappings and with the memory's
 * write-tracking epoch, so cached translations are dropped when either changes.
 */
export function memoryPort(mem: PhysicalMemory, as: AddressSpace): MemoryPort {
  return {
    get generation() {
      // Both only grow, so their sum changes whenever either does.
      return as.generation + mem.epoch;
    },
    page(vaddr: number, access: Access): Uint8Array | PageFault {
      const m = as.pages.get(Math.floor(vaddr / PAGE_SIZE));
      if (!m) return { kind: "page-fault", addr: vaddr, access, reason: "not-present" };
      if (access === "write" && !m.writable)
        return { kind: "page-fault", addr: vaddr, access, reason: "read-only" };
      if (access === "exec" && !m.executable)
        return { kind: "page-fault", addr: vaddr, access, reason: "no-execute" };
      return access === "write" ? mem.writable(m.frame) : mem.bytes(m.frame);
    },
  };
}
