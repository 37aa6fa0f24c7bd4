/**
 * The whole virtual address space of a MinimalOS process, from address 0 to the top. The user half comes
 * from the simulator's layout constants (src/sim/kernel/layout.ts), so the map and the simulator cannot
 * disagree; the kernel half comes from the kernel's linker script and page-table code at 3833797.
 */
import { LAYOUT, PAGE_SIZE } from "../../sim/kernel/layout";
import type { UpstreamPath } from "../architecture/upstream";

/** init's heap: 1000 pages (user/init/src/main.rs, HEAP_PAGES). */
export const INIT_HEAP_PAGES = 1000;
/** The kernel's link base plus the 2 MiB offset its linker script adds (kernel/linker.ld). */
export const KERNEL_IMAGE_BASE = 0xffff_ffff_8020_0000n;
/** Limine's HHDM offset under four-level paging, as upstream's sample boot log prints it. */
export const HHDM_BASE = 0xffff_8000_0000_0000n;
/** The first address of the kernel half: PML4 entry 256. */
export const KERNEL_HALF_BASE = 0xffff_8000_0000_0000n;
export const LAPIC_PHYS = 0xfee0_0000n;
export const IOAPIC_PHYS = 0xfec0_0000n;

export type Half = "user" | "hole" | "kernel";

export interface Region {
  readonly id: string;
  readonly name: string;
  readonly half: Half;
  readonly start: bigint;
  /** Exclusive. Absent when the end depends on the build or the machine (the size says how). */
  readonly end?: bigint;
  /** How big, in words, when `end` is absent or worth saying. */
  readonly size: string;
  /** Page permissions: R, W, X as mapped, or "none". */
  readonly access: string;
  readonly holds: string;
  readonly source: UpstreamPath;
  /** The layout constant the start comes from, when it comes from one. */
  readonly layoutKey?: keyof typeof LAYOUT;
}

const big = (n: number) => BigInt(n);

/** Every region, lowest address first. */
export const MEMORY_MAP: readonly Region[] = [
  {
    id: "below-program",
    name: "Nothing mapped",
    half: "user",
    start: 0n,
    end: big(LAYOUT.userBase),
    size: "4 MiB",
    access: "none",
    holds:
      "No page, so a null pointer faults. MAP_MEMORY would accept an address here (even 0); nothing asks for one.",
    source: "kernel/src/arch/x86_64/syscall.rs",
  },
  {
    id: "program",
    name: "Program",
    half: "user",
    start: big(LAYOUT.userBase),
    size: "the ELF's segments, rounded up to pages",
    access: "as each segment's flags say: text R X, data R W",
    holds:
      "The program's PT_LOAD segments, placed by its linker script at 0x40_0000; the kernel's loader maps init's, a parent maps a child's.",
    source: "kernel/src/fs/elf.rs",
    layoutKey: "userBase",
  },
  {
    id: "stack",
    name: "Stack (init)",
    half: "user",
    start: big(LAYOUT.stackBottom),
    end: big(LAYOUT.stackTop),
    size: `${(LAYOUT.stackTop - LAYOUT.stackBottom) / PAGE_SIZE} pages, 256 KiB`,
    access: "R W",
    holds:
      "init's stack; the first RSP is the top. There is no guard page: the page below is the program's last page or nothing.",
    source: "kernel/src/main.rs",
    layoutKey: "stackBottom",
  },
  {
    id: "initrd",
    name: "initrd copy (init)",
    half: "user",
    start: big(LAYOUT.initrdBase),
    size: "the archive's size, rounded up to pages",
    access: "R",
    holds: "A copy of the USTAR archive in fresh frames, so the reaper could free it like any other page.",
    source: "kernel/src/main.rs",
    layoutKey: "initrdBase",
  },
  {
    id: "heap",
    name: "Heap (init)",
    half: "user",
    start: big(LAYOUT.heapBase),
    end: big(LAYOUT.heapBase) + big(INIT_HEAP_PAGES * PAGE_SIZE),
    size: `${INIT_HEAP_PAGES} pages, 4000 KiB`,
    access: "R W",
    holds: "Mapped by init itself, one ALLOC_MEMORY and MAP_MEMORY per page, then handed to its allocator.",
    source: "user/libmnos/src/heap.rs",
    layoutKey: "heapBase",
  },
  {
    id: "hole",
    name: "Non-canonical hole",
    half: "hole",
    start: big(LAYOUT.userLimit),
    end: KERNEL_HALF_BASE,
    size: "almost 16 EiB, unaddressable",
    access: "none",
    holds:
      "Addresses the CPU refuses: using one raises a general-protection fault. MAP_MEMORY refuses anything from the start of this range up.",
    source: "kernel/src/arch/x86_64/syscall.rs",
    layoutKey: "userLimit",
  },
  {
    id: "hhdm",
    name: "Direct map of physical memory (HHDM)",
    half: "kernel",
    start: HHDM_BASE,
    size: "the size of physical memory",
    access: "R W, never X",
    holds:
      "Every frame at offset + its physical address, in 2 MiB pages where it can: the kernel heap, kernel stacks, page tables, the frame bitmap. The APIC registers sit at offset + 0xFEE0_0000 and + 0xFEC0_0000, uncached.",
    source: "kernel/src/memory/pml4.rs",
  },
  {
    id: "kernel-image",
    name: "Kernel image",
    half: "kernel",
    start: KERNEL_IMAGE_BASE,
    size: "the kernel's size (printed at boot)",
    access: ".text R X; .rodata R; .data and .bss R W",
    holds: "The kernel's code and data, each section on its own pages so W^X holds.",
    source: "kernel/linker.ld",
  },
];

/**
 * An address in groups of four hex digits, the way the kernel's comments write them: eight digits below
 * 4 GiB (`0x007C_0000`), sixteen above (`0x0000_8000_0000_0000`).
 */
export function hexAddress(n: bigint): string {
  const digits = n
    .toString(16)
    .toUpperCase()
    .padStart(n < 0x1_0000_0000n ? 8 : 16, "0");
  return `0x${digits.replace(/(?!^)(?=(?:[0-9A-F]{4})+$)/g, "_")}`;
}
