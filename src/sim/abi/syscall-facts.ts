/**
 * Facts of the syscall ABI that only the reference pages show (the engine does not need them, so they do
 * not ship with it): arguments, registers written back, the capability and rights checked, whether a
 * success logs. Keyed by the names in syscall-table.ts; syscalls.ts joins the three tables.
 * Source: kernel/src/arch/x86_64/syscall.rs at 3833797.
 */
import type { CapKind } from "./cap-types";
import type { RightName } from "./rights";

export type ArgRegister = "rdi" | "rsi" | "rdx" | "r10";

export interface SyscallFacts {
  /** Argument names in register order: RDI, RSI, RDX, R10. */
  readonly args: readonly string[];
  /** Registers the kernel writes besides RAX on success. */
  readonly writesBack: readonly ArgRegister[];
  readonly capType?: CapKind;
  /** Rights checked on the capability, as names; empty when none are checked. */
  readonly rightsChecked: readonly string[];
  /** Whether a successful call prints a `[syscall]` kernel log line on COM1 (errors always log). */
  readonly logsOnSuccess: boolean;
}

/** The registers that carry arguments, in order. */
export const ARG_REGISTERS: readonly ArgRegister[] = ["rdi", "rsi", "rdx", "r10"];

export const SYSCALL_FACTS: Readonly<Record<string, SyscallFacts>> = {
  EXIT: {
    args: ["code"],
    writesBack: [],
    rightsChecked: [],
    logsOnSuccess: true,
  },
  SEND: {
    args: ["slot", "label", "data0", "data1"],
    writesBack: [],
    capType: "Endpoint",
    rightsChecked: ["WRITE"],
    logsOnSuccess: true,
  },
  RECV: {
    args: ["slot"],
    writesBack: ["rdi", "rsi", "rdx", "r10"],
    capType: "Endpoint",
    rightsChecked: ["READ"],
    logsOnSuccess: true,
  },
  PORT_OUT: {
    args: ["slot", "port", "value", "width"],
    writesBack: [],
    capType: "IoPort",
    rightsChecked: ["WRITE"],
    logsOnSuccess: false,
  },
  PORT_IN: {
    args: ["slot", "port", "unused", "width"],
    writesBack: ["rdi"],
    capType: "IoPort",
    rightsChecked: ["READ"],
    logsOnSuccess: false,
  },
  WAIT_IRQ: {
    args: ["slot"],
    writesBack: [],
    capType: "Interrupt",
    rightsChecked: [],
    logsOnSuccess: true,
  },
  SPAWN_PROCESS: {
    args: [],
    writesBack: [],
    rightsChecked: [],
    logsOnSuccess: true,
  },
  ALLOC_MEMORY: {
    args: ["alloc_slot", "target_slot"],
    writesBack: [],
    capType: "PmmAllocator",
    rightsChecked: ["WRITE"],
    logsOnSuccess: true,
  },
  MAP_MEMORY: {
    args: ["proc_slot", "frame_slot", "vaddr", "flags"],
    writesBack: [],
    capType: "Process",
    rightsChecked: [],
    logsOnSuccess: true,
  },
  DELEGATE: {
    args: ["proc_slot", "src_slot", "dst_slot", "rights_mask"],
    writesBack: [],
    capType: "Process",
    rightsChecked: [],
    logsOnSuccess: true,
  },
  SPAWN_THREAD: {
    args: ["proc_slot", "user_rip", "user_rsp"],
    writesBack: [],
    capType: "Process",
    rightsChecked: [],
    logsOnSuccess: true,
  },
  DROP_CAP: {
    args: ["slot"],
    writesBack: [],
    rightsChecked: [],
    logsOnSuccess: false,
  },
};

/** The syscalls (SYS_ names, by number) on which the as-built kernel checks `right`; empty means none. */
export function rightCheckedBy(right: RightName): string[] {
  return Object.entries(SYSCALL_FACTS)
    .filter(([, f]) => f.rightsChecked.includes(right))
    .map(([name]) => `SYS_${name}`);
}
