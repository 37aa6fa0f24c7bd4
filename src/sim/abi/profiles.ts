/**
 * The two kernels the simulator runs. `as-built` is upstream commit 3833797 with its quirks; `design` is the
 * kernel as its docs and roadmap describe it. Every difference is one named switch with its source.
 */
export type ProfileName = "as-built" | "design";
export const PROFILE_NAMES: readonly ProfileName[] = ["as-built", "design"];
export const UPSTREAM_COMMIT = "3833797";

export type SwitchKey =
  | "exitSyscall"
  | "smpScheduling"
  | "faultKillsProcess"
  | "bootStartsSerialDriver"
  | "delegateRightsMask"
  | "spawnedThreadsRun"
  | "kernelPanicsOnFailure"
  | "onlyCom1IrqRouted";

export interface ProfileSwitch {
  readonly key: SwitchKey;
  readonly title: string;
  /** What the code at 3833797 does. */
  readonly asBuilt: string;
  /** What the docs and roadmap describe. */
  readonly design: string;
  /** Upstream file(s) behind the as-built behaviour. */
  readonly source: string;
}

export const PROFILE_SWITCHES: readonly ProfileSwitch[] = [
  {
    key: "exitSyscall",
    title: "SYS_EXIT = 0",
    asBuilt: "There is no exit syscall: RAX = 0 takes the unknown-syscall path and returns u64::MAX.",
    design: "SYS_EXIT (RAX = 0) ends the calling thread; the reaper frees the process after its last thread.",
    source: "kernel/src/arch/x86_64/syscall.rs",
  },
  {
    key: "smpScheduling",
    title: "Every core schedules",
    asBuilt: "Only core 0 (the BSP) has a run queue; the other cores loop on sti; hlt forever.",
    design: "Each core runs its own run queue with its own idle thread and LAPIC timer.",
    source: "kernel/src/sched/scheduler.rs, kernel/src/arch/x86_64/smp.rs",
  },
  {
    key: "faultKillsProcess",
    title: "A user fault kills only its process",
    asBuilt: "Every exception, even a user #PF or #GP, prints a report and halts the CPU: the machine stops.",
    design: "A fault in ring 3 kills the faulting process; the reaper reclaims it and the rest keep running.",
    source: "kernel/src/arch/x86_64/idt.rs",
  },
  {
    key: "bootStartsSerialDriver",
    title: "Boot starts the serial driver",
    asBuilt: "serial_drv is packed in the initrd but nothing starts it; no Endpoint or Interrupt cap exists.",
    design:
      "The kernel starts serial_drv with IoPort COM1 (slot 0), Endpoint 2 READ (slot 1) and Interrupt 4 READ (slot 2), as it did before commit 6bccab6.",
    source: "kernel/src/main.rs (phase 7), user/serial_drv/src/main.rs",
  },
  {
    key: "delegateRightsMask",
    title: "Delegation can only remove rights",
    asBuilt: "SYS_DELEGATE copies the capability with exactly the same rights; R10 is ignored.",
    design: "SYS_DELEGATE takes a rights mask in R10 (0 keeps the rights); the copy gets rights AND mask.",
    source: "kernel/src/arch/x86_64/syscall.rs (sys_delegate), kernel/src/cap/cnode.rs (restrict)",
  },
  {
    key: "spawnedThreadsRun",
    title: "Spawned threads run",
    asBuilt:
      "SYS_SPAWN_THREAD returns a TID but queues the thread on BOOT_QUEUE, which is drained only at boot: it never runs.",
    design: "The new thread joins a run queue and runs.",
    source: "kernel/src/sched/scheduler.rs (spawn_thread, init)",
  },
  {
    key: "kernelPanicsOnFailure",
    title: "A failure inside a syscall panics the kernel",
    asBuilt:
      "Where the code expect()s an allocation, or overflows arithmetic in the debug build make run uses, the kernel panics and the machine stops: SYS_SPAWN_PROCESS with no frame for the PML4, SYS_SPAWN_THREAD with no 4 frames in a row for a kernel stack, PORT_IN or PORT_OUT on an IoPort whose base + size passes 0xFFFF. So does running out of the 256 KiB kernel heap (alloc_error): each Process (1592 bytes), Thread (152), PROCESS_TABLE node and queue buffer is boxed there, so about 158 SYS_SPAWN_PROCESS calls exhaust it; the exact call follows from those sizes (the buffers of endpoint queues and what removing a PID from PROCESS_TABLE frees are not modelled).",
    design:
      "The call fails with an error the caller can handle: SYS_SPAWN_PROCESS returns M-1 (the upstream docs' internal error), SYS_SPAWN_THREAD returns M-3, also when the kernel heap is full; an IoPort's range is computed without overflow.",
    source:
      "kernel/src/memory/pml4.rs:235 (build_user_pml4), kernel/src/sched/thread.rs:137 (Thread::new), kernel/src/arch/x86_64/syscall.rs:690 and :774 (port range), kernel/src/memory/heap.rs:418 (alloc_error)",
  },
  {
    key: "onlyCom1IrqRouted",
    title: "Only COM1's interrupt is routed",
    asBuilt:
      "The I/O APIC masks every line but ISA IRQ 4 (COM1, vector 36): an interrupt on any other line never reaches anyone, even a thread waiting on it.",
    design:
      "Every ISA line is routed, so an interrupt wakes the thread that waits on its Interrupt capability.",
    source: "kernel/src/arch/x86_64/ioapic.rs (init, enable_irq), kernel/src/main.rs (phase 4)",
  },
];

export type Profile = { readonly name: ProfileName } & { readonly [K in SwitchKey]: boolean };

export const PROFILES: Readonly<Record<ProfileName, Profile>> = {
  "as-built": {
    name: "as-built",
    exitSyscall: false,
    smpScheduling: false,
    faultKillsProcess: false,
    bootStartsSerialDriver: false,
    delegateRightsMask: false,
    spawnedThreadsRun: false,
    kernelPanicsOnFailure: true,
    onlyCom1IrqRouted: true,
  },
  design: {
    name: "design",
    exitSyscall: true,
    smpScheduling: true,
    faultKillsProcess: true,
    bootStartsSerialDriver: true,
    delegateRightsMask: true,
    spawnedThreadsRun: true,
    kernelPanicsOnFailure: false,
    onlyCom1IrqRouted: false,
  },
};

/**
 * Where the two kernels print differently: the design's own lines (formats no kprintln! of upstream's
 * kernel at 3833797 has), each tied to the switch that causes it. Every other kernel line, on either
 * profile, is one of upstream's format strings (tests/unit/design-log-lines.test.ts checks both ways); a
 * design path may reach an upstream line the code at 3833797 never reaches, such as the reaper's lines
 * for a process or Thread::new's line for a core's idle thread. What the simulator adds in its own words
 * is in the trace, as notes, never on the console.
 */
export const DESIGN_LOG_LINES: readonly {
  readonly line: string;
  readonly switchKey: SwitchKey;
  readonly why: string;
}[] = [
  {
    line: "[syscall] SYS_EXIT: thread {} (PID {}) exits with code {}",
    switchKey: "exitSyscall",
    why: "upstream has no exit syscall to print anything",
  },
  {
    line: "[sched] Design: {vector} killed PID {}; the reaper will reclaim it",
    switchKey: "faultKillsProcess",
    why: "as built the exception report is followed by a halted core, so nothing more is printed",
  },
  {
    line: "[syscall] SYS_SPAWN_PROCESS: PID {} out of memory",
    switchKey: "kernelPanicsOnFailure",
    why: "as built the same failure prints the kernel panic banner instead",
  },
  {
    line: "[syscall] SYS_SPAWN_THREAD: PID {} out of memory for a kernel stack",
    switchKey: "kernelPanicsOnFailure",
    why: "as built the same failure prints the kernel panic banner instead",
  },
];
