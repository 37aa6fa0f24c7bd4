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
  | "spawnedThreadsRun";

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
  },
  design: {
    name: "design",
    exitSyscall: true,
    smpScheduling: true,
    faultKillsProcess: true,
    bootStartsSerialDriver: true,
    delegateRightsMask: true,
    spawnedThreadsRun: true,
  },
};
