/**
 * Log lines the running kernel prints after boot as well as during it: a process or a thread created, a
 * panic. Apart from boot-log.ts so a page that resumes a machine booted at build time loads only these.
 */
import { hexU, physAddr } from "./format";

/**
 * Typical values of a QEMU `make run` boot that the simulator does not model. Everything the boot log
 * prints about memory it allocates (the bitmap, the heap, IST stacks, the kernel's PML4, each CpuLocal)
 * comes from the model's memory map and allocators instead (memory-map.ts, heap.ts, boot.ts).
 */
export const TYPICAL_QEMU = {
  hhdm: 0xffff_8000_0000_0000n,
  kernelPhys: 0x0020_0000,
  kernelVirt: 0xffff_ffff_8020_0000n,
  kernelKiB: 1024,
  /** .text, .rodata, .data, .bss sizes in bytes (a debug build). */
  sections: [0x8_b000, 0x3_2000, 0x1000, 0x4_2000] as const,
  rsdp: 0x7f7_7014,
  xsdt: 0x7f7_60e8,
  madt: 0x7f7_5000,
  xsdtEntries: 5,
  lapic: 0xfee0_0000,
  ioapic: 0xfec0_0000,
  lapicVersion: 0x14,
  ioapicVersion: 0x20,
  /** Interrupt source overrides of QEMU's MADT: [irq, gsi, polarity, trigger]. */
  overrides: [
    [0, 2, 0, 0],
    [5, 5, 1, 3],
    [9, 9, 1, 3],
    [10, 10, 1, 3],
    [11, 11, 1, 3],
  ] as const,
  /** QEMU's APIC timer runs at 1 GHz: 10 ms of PIT is ten million ticks. */
  timerTicksIn10ms: 10_000_000,
  framebuffer: { width: 1280, height: 800, bpp: 32, phys: 0x8000_0000 },
  syscallEntry: 0xffff_ffff_8020_3a40n,
  /** Where Limine loads the initrd module: right after the kernel image, in one Kernel & Modules entry. */
  initrdPhys: 0x0030_0000,
} as const;

export const RULE = "==========================================================";

/**
 * build_user_pml4 and Process::new: printed for every process, at boot and by SYS_SPAWN_PROCESS;
 * `kernelPml4` is KERNEL_PML4, the pristine tables' frame.
 */
export function processCreated(pid: number, name: string, pml4Phys: number, kernelPml4: number): string[] {
  return [
    `[pml4] User PML4 built at phys ${physAddr(pml4Phys)} (kernel half mirrored from ${hexU(kernelPml4, 10)})`,
    `[process] Created PID ${pid} '${name}' (PML4 @ phys ${hexU(pml4Phys, 10)})`,
  ];
}

/** Thread::new's line: the thread's 16 KiB kernel stack in the HHDM and its initial kernel rsp. */
export function threadCreated(tid: number, name: string, stackPhys: number): string {
  const base = TYPICAL_QEMU.hhdm + BigInt(stackPhys);
  const top = base + 0x4000n;
  return `[thread] Created thread ${tid} '${name}' (stack=${hexU(base, 18)}—${hexU(top, 18)}, rsp=${hexU(top - 0x38n, 18)})`;
}

/** The kernel's panic banner (kernel/src/util/panic.rs). */
export function panicBanner(location: string, message: string): string[] {
  return [
    "",
    RULE,
    "  KERNEL PANIC — MinimalOS NextGen",
    RULE,
    `  Location: ${location}`,
    `  Message: ${message}`,
    RULE,
    "  System halted. Reboot required.",
    RULE,
  ];
}
