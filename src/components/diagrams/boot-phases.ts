/**
 * The boot, phase by phase, as kmain in kernel/src/main.rs at 3833797 runs it. `header` is the exact line
 * the kernel prints when a phase starts; phases 1 and 2 print none of their own.
 */
export interface BootPhase {
  /** As the log numbers it ("6.5" included). */
  readonly phase: string;
  readonly title: string;
  /** The `[init] Phase N: …` line, exactly as the serial log shows it. */
  readonly header?: string;
  /** A line of the log that shows the phase happened, for a reader comparing with their console. */
  readonly marker: string;
  readonly steps: readonly string[];
}

export const BOOT_PHASES: readonly BootPhase[] = [
  {
    phase: "1",
    title: "Serial port",
    marker: "  MinimalOS NextGen v0.1.0",
    steps: ["COM1 set up: 115200 baud, 8N1, polled", "the banner"],
  },
  {
    phase: "2",
    title: "Boot information",
    marker: "[boot] HHDM offset: 0x…",
    steps: [
      "HHDM offset, kernel base and section sizes",
      "Limine's memory map, the ACPI RSDP",
      "framebuffer text console and its short banner",
    ],
  },
  {
    phase: "3",
    title: "Memory",
    header: "[init] Phase 3: Memory management",
    marker: "[heap] Kernel heap initialized (256 KiB)",
    steps: ["bitmap frame allocator from the memory map", "256 KiB kernel heap, tested with a Vec"],
  },
  {
    phase: "4",
    title: "Interrupts",
    header: "[init] Phase 4: Interrupts & exceptions",
    marker: "[init] Interrupts ENABLED",
    steps: [
      "GDT and TSS with a four-page double-fault stack, then the IDT",
      "ACPI tables mapped, MADT parsed, legacy PICs masked",
      "local APIC on and its timer calibrated; I/O APIC: COM1 only",
      "the kernel's own page tables (W^X) loaded, then sti",
    ],
  },
  {
    phase: "5",
    title: "Per-core data",
    header: "[init] Phase 5: Scheduler initialization",
    marker: "[percpu] Core 0 (LAPIC 0) GS base set to …",
    steps: ["core 0's CpuLocal installed in GS base (the scheduler itself starts in phase 7)"],
  },
  {
    phase: "6",
    title: "Syscalls",
    header: "[init] Phase 6: SYSCALL MSR initialization",
    marker: "[syscall] MSRs configured: STAR=… LSTAR=… FMASK=0x0200",
    steps: ["EFER.SCE on; STAR, LSTAR and FMASK written"],
  },
  {
    phase: "6.5",
    title: "PCI",
    header: "[init] Phase 6.5: PCI Device Discovery",
    marker: "[pci] Enumeration complete: … device(s) found",
    steps: ["every bus, device and function scanned", "virtio BARs decoded; the virtio-blk I/O range kept"],
  },
  {
    phase: "7",
    title: "init and the scheduler",
    header: "[init] Phase 7: Init Process — The God Process",
    marker: "  Sprint 9 Phase 3 — The God Process (Init) LIVE!",
    steps: [
      "init loaded from the initrd as PID 1, with stack, initrd copy and capabilities",
      "kernel process PID 0; run queue: init, reaper, test-exiter; 10 ms timer armed",
      "the other cores started; core 0 idles until the first tick runs init",
    ],
  },
];
