/**
 * A process's lower-half address space: 4 KiB leaf mappings with present/write/no-execute flags, and the
 * page-table frames a 4-level tree needs, taken from the PMM like the kernel's map_page does
 * (kernel/src/memory/vmm.rs). Teardown frees every leaf frame, every table frame and the PML4.
 *
 * Leaf mappings are grouped by the page table that holds them (512 pages, 2 MiB). Tables a snapshot or a
 * hash has seen are frozen and shared with it (so is the map of them); mapping into one copies it first,
 * so a snapshot of a process with 30,000 pages copies nothing, and the next map copies one table of at
 * most 512 entries and the map of tables. Teardown walks the leaves by ascending address, as upstream's
 * table walk does.
 */
import type { Access, MemoryPort, PageFault } from "../cpu/contract";
import { PAGE_SIZE } from "./layout";
import type { PhysicalMemory } from "./pmm";

export interface Mapping {
  frame: number;
  writable: boolean;
  executable: boolean;
}

/** One page table's leaf mappings: virtual page number -> mapping. Frozen once shared, never changed then. */
export type LeafTable = Map<number, Mapping>;

const TABLE_PAGES = 512;

export interface AddressSpace {
  pml4: number;
  /** Leaf mappings by page table (virtual page number / 512). */
  leaves: Map<number, LeafTable>;
  /** Table key ("pdpt:i", "pd:i:j", "pt:i:j:k") -> frame. */
  tables: Map<string, number>;
  generation: number;
}

export type MapError = "already-mapped" | "out-of-memory";

export function newAddressSpace(pml4: number): AddressSpace {
  return { pml4, leaves: new Map(), tables: new Map(), generation: 0 };
}

/** The mapping of one virtual page, if any. */
export function mappingAt(as: AddressSpace, vpn: number): Mapping | undefined {
  return as.leaves.get(Math.floor(vpn / TABLE_PAGES))?.get(vpn);
}

/** Every mapping as [virtual page number, mapping], by ascending address (the order a table walk sees). */
export function mappings(as: AddressSpace): [number, Mapping][] {
  return [...as.leaves.values()].flatMap((t) => [...t]).sort((a, b) => a[0] - b[0]);
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
  const key = Math.floor(vpn / TABLE_PAGES);
  let leaves = as.leaves.get(key);
  if (leaves?.has(vpn)) return "already-mapped";
  for (const k of tableKeys(vaddr)) {
    if (as.tables.has(k)) continue;
    const t = mem.alloc();
    if (t === undefined) return "out-of-memory";
    as.tables.set(k, t);
  }
  // Copy on write: a frozen map or table belongs to a snapshot too.
  if (Object.isFrozen(as.leaves)) as.leaves = new Map(as.leaves);
  if (!leaves || Object.isFrozen(leaves)) {
    leaves = new Map(leaves);
    as.leaves.set(key, leaves);
  }
  leaves.set(vpn, { frame, writable, executable });
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
  const pages = mappings(as);
  const tablePages = as.tables.size + 1;
  for (const [, m] of pages) free(m.frame);
  for (const t of as.tables.values()) free(t);
  free(as.pml4);
  as.leaves = new Map();
  as.tables.clear();
  as.generation++;
  return { userPages: pages.length, tablePages };
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
      const m = mappingAt(as, Math.floor(vaddr / PAGE_SIZE));
      if (!m) return { kind: "page-fault", addr: vaddr, access, reason: "not-present" };
      if (access === "write" && !m.writable)
        return { kind: "page-fault", addr: vaddr, access, reason: "read-only" };
      if (access === "exec" && !m.executable)
        return { kind: "page-fault", addr: vaddr, access, reason: "no-execute" };
      return access === "write" ? mem.writable(m.frame) : mem.bytes(m.frame);
    },
  };
}
