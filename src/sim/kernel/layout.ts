/** The real user address-space layout (kernel-facts §7.3). */
export const LAYOUT = {
  userBase: 0x40_0000,
  stackBottom: 0x7c_0000,
  stackTop: 0x80_0000,
  initrdBase: 0x1000_0000,
  heapBase: 0x4000_0000,
  userLimit: 0x0000_8000_0000_0000,
} as const;

export const PAGE_SIZE = 4096;

/**
 * The lowest frame a scenario's MemoryFrame capability may name (4 MiB): past the kernel image and the
 * initrd module in the memory map (memory-map.ts), in the RAM its Usable entries give the programs.
 */
export const FIRST_SCENARIO_FRAME = 1024;
