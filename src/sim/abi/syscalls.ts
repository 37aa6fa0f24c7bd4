/**
 * Every syscall, one typed table, read by the engine, the assembler prelude and the reference pages.
 * Source: kernel/src/arch/x86_64/syscall.rs at 3833797, plus SYS_EXIT from the design docs.
 */
import type { CapKind } from "./cap-types";
import type { ProfileName } from "./profiles";

export type ArgRegister = "rdi" | "rsi" | "rdx" | "r10";

export interface SyscallArg {
  readonly reg: ArgRegister;
  readonly name: string;
  readonly meaning: string;
}

export interface SyscallError {
  /** The result is u64::MAX - offset. */
  readonly offset: number;
  /** Short name, used for prelude constants: E_<SYSCALL>_<NAME>. */
  readonly name: string;
  readonly meaning: string;
  /** Returned only by the design profile (as built the same condition panics, or cannot happen). */
  readonly designOnly?: true;
}

export type Availability = "implemented" | "broken" | "absent";

export interface SyscallSpec {
  readonly number: number;
  /** Without the SYS_ prefix. */
  readonly name: string;
  readonly summary: string;
  readonly args: readonly SyscallArg[];
  readonly returns: string;
  /** Registers the kernel writes besides RAX on success. */
  readonly writesBack: readonly ArgRegister[];
  /** In check order: the first failing check wins. */
  readonly errors: readonly SyscallError[];
  readonly capType?: CapKind;
  /** Rights checked on the capability, as names; empty when none are checked. */
  readonly rightsChecked: readonly string[];
  readonly availability: Readonly<Record<ProfileName, Availability>>;
  /** Whether a successful call prints a `[syscall]` kernel log line on COM1 (errors always log). */
  readonly logsOnSuccess: boolean;
  readonly notes: readonly string[];
}

const both: Record<ProfileName, Availability> = { "as-built": "implemented", design: "implemented" };

const emptySlot = (what = "slot"): SyscallError => ({
  offset: 0,
  name: "EMPTY_SLOT",
  meaning: `${what} is empty or >= 64`,
});

export const SYSCALLS: readonly SyscallSpec[] = [
  {
    number: 0,
    name: "EXIT",
    summary: "End the calling thread.",
    args: [{ reg: "rdi", name: "code", meaning: "exit code, shown in the trace" }],
    returns: "does not return",
    writesBack: [],
    errors: [],
    rightsChecked: [],
    availability: { "as-built": "absent", design: "implemented" },
    logsOnSuccess: true,
    notes: [
      "Upstream docs list SYS_EXIT = 0, but the code has no exit syscall: at 3833797 RAX = 0 returns u64::MAX.",
      "In the design profile the reaper frees the process when its last thread has exited.",
    ],
  },
  {
    number: 1,
    name: "SEND",
    summary: "Send a label and two data words to an endpoint.",
    args: [
      { reg: "rdi", name: "slot", meaning: "CNode slot of an Endpoint capability" },
      { reg: "rsi", name: "label", meaning: "message label" },
      { reg: "rdx", name: "data0", meaning: "first data word" },
      { reg: "r10", name: "data1", meaning: "second data word" },
    ],
    returns: "0 once a receiver has the message",
    writesBack: [],
    errors: [
      emptySlot(),
      { offset: 1, name: "NO_RIGHTS", meaning: "Endpoint without WRITE" },
      { offset: 2, name: "WRONG_TYPE", meaning: "not an Endpoint" },
      { offset: 3, name: "NO_ENDPOINT", meaning: "endpoint id not in the global table" },
    ],
    capType: "Endpoint",
    rightsChecked: ["WRITE"],
    availability: both,
    logsOnSuccess: true,
    notes: [
      "Fast path: if a receiver waits, the message is copied to it, it is made Ready, and the sender returns at once without blocking.",
      "Only two data words travel: the receiver's R10 (data2) is always 0.",
    ],
  },
  {
    number: 2,
    name: "RECV",
    summary: "Receive a message from an endpoint, blocking until one arrives.",
    args: [{ reg: "rdi", name: "slot", meaning: "CNode slot of an Endpoint capability" }],
    returns: "0; RDI = label, RSI = data0, RDX = data1, R10 = data2",
    writesBack: ["rdi", "rsi", "rdx", "r10"],
    errors: [
      emptySlot(),
      { offset: 1, name: "NO_RIGHTS", meaning: "Endpoint without READ" },
      { offset: 2, name: "WRONG_TYPE", meaning: "not an Endpoint" },
      { offset: 3, name: "NO_ENDPOINT", meaning: "endpoint id not in the global table" },
    ],
    capType: "Endpoint",
    rightsChecked: ["READ"],
    availability: both,
    logsOnSuccess: true,
    notes: ["On error RDI and the other registers are left unchanged."],
  },
  {
    number: 3,
    name: "PORT_OUT",
    summary: "Write a byte (or a dword when width = 4) to an I/O port the capability covers.",
    args: [
      { reg: "rdi", name: "slot", meaning: "CNode slot of an IoPort capability" },
      { reg: "rsi", name: "port", meaning: "port number, truncated to 16 bits before the range check" },
      { reg: "rdx", name: "value", meaning: "value to write" },
      { reg: "r10", name: "width", meaning: "4 for 32-bit; any other value means 8-bit" },
    ],
    returns: "0",
    writesBack: [],
    errors: [
      emptySlot(),
      { offset: 1, name: "NO_RIGHTS", meaning: "IoPort without WRITE" },
      { offset: 2, name: "WRONG_TYPE", meaning: "not an IoPort" },
      { offset: 4, name: "OUT_OF_RANGE", meaning: "port outside [base, base + size)" },
    ],
    capType: "IoPort",
    rightsChecked: ["WRITE"],
    availability: both,
    logsOnSuccess: false,
    notes: ["There is no 16-bit access."],
  },
  {
    number: 4,
    name: "PORT_IN",
    summary: "Read a byte (or a dword when width = 4) from an I/O port the capability covers.",
    args: [
      { reg: "rdi", name: "slot", meaning: "CNode slot of an IoPort capability" },
      { reg: "rsi", name: "port", meaning: "port number, truncated to 16 bits before the range check" },
      { reg: "rdx", name: "unused", meaning: "ignored" },
      { reg: "r10", name: "width", meaning: "4 for 32-bit; any other value means 8-bit" },
    ],
    returns: "0; RDI = the value read, zero-extended",
    writesBack: ["rdi"],
    errors: [
      emptySlot(),
      { offset: 1, name: "NO_RIGHTS", meaning: "IoPort without READ" },
      { offset: 2, name: "WRONG_TYPE", meaning: "not an IoPort" },
      { offset: 4, name: "OUT_OF_RANGE", meaning: "port outside [base, base + size)" },
    ],
    capType: "IoPort",
    rightsChecked: ["READ"],
    availability: both,
    logsOnSuccess: false,
    notes: [],
  },
  {
    number: 5,
    name: "WAIT_IRQ",
    summary: "Block until the interrupt line of an Interrupt capability fires.",
    args: [{ reg: "rdi", name: "slot", meaning: "CNode slot of an Interrupt capability" }],
    returns: "0 when woken by the interrupt",
    writesBack: [],
    errors: [
      emptySlot(),
      { offset: 2, name: "WRONG_TYPE", meaning: "not an Interrupt" },
      { offset: 4, name: "BAD_IRQ", meaning: "irq >= 16" },
      { offset: 5, name: "IRQ_BUSY", meaning: "another thread already waits on that IRQ" },
    ],
    capType: "Interrupt",
    rightsChecked: [],
    availability: both,
    logsOnSuccess: true,
    notes: [
      "No rights are checked.",
      "An IRQ that fires while nobody waits is not remembered: a later WAIT_IRQ blocks until the next one.",
    ],
  },
  {
    number: 6,
    name: "SPAWN_PROCESS",
    summary:
      "Create an empty process and put a Process capability (ALL rights) in the caller's first empty slot.",
    args: [],
    returns: "the slot index (0 to 63) holding the new Process capability",
    writesBack: [],
    errors: [
      {
        offset: 0,
        name: "CNODE_FULL",
        meaning: "the caller's CNode is full (the child is still created and leaks)",
      },
      {
        offset: 1,
        name: "OUT_OF_MEMORY",
        meaning: "no frame for the new PML4 (as built the kernel panics instead)",
        designOnly: true,
      },
    ],
    rightsChecked: [],
    availability: both,
    logsOnSuccess: true,
    notes: ["Anyone may call it: no capability is needed.", "The first empty slot is often slot 0."],
  },
  {
    number: 7,
    name: "ALLOC_MEMORY",
    summary: "Allocate one zeroed 4 KiB frame and put a MemoryFrame capability in a chosen slot.",
    args: [
      { reg: "rdi", name: "alloc_slot", meaning: "CNode slot of the PmmAllocator capability" },
      { reg: "rsi", name: "target_slot", meaning: "empty slot for the new MemoryFrame capability" },
    ],
    returns: "0",
    writesBack: [],
    errors: [
      emptySlot("alloc_slot"),
      { offset: 1, name: "WRONG_TYPE", meaning: "not a PmmAllocator" },
      { offset: 2, name: "NO_RIGHTS", meaning: "PmmAllocator without WRITE" },
      { offset: 4, name: "OUT_OF_MEMORY", meaning: "no free frame" },
      { offset: 3, name: "BAD_TARGET", meaning: "target_slot >= 64 or occupied (the frame is freed again)" },
    ],
    capType: "PmmAllocator",
    rightsChecked: ["WRITE"],
    availability: both,
    logsOnSuccess: true,
    notes: ["The frame is allocated before the target slot is checked."],
  },
  {
    number: 8,
    name: "MAP_MEMORY",
    summary: "Map a frame into the address space of a process whose Process capability you hold.",
    args: [
      { reg: "rdi", name: "proc_slot", meaning: "CNode slot of a Process capability" },
      { reg: "rsi", name: "frame_slot", meaning: "CNode slot of a MemoryFrame capability" },
      { reg: "rdx", name: "vaddr", meaning: "4 KiB-aligned user virtual address" },
      { reg: "r10", name: "flags", meaning: "bit 0 = writable, bit 1 = executable" },
    ],
    returns: "0",
    writesBack: [],
    errors: [
      emptySlot("proc_slot"),
      { offset: 1, name: "NOT_PROCESS", meaning: "proc_slot is not a Process" },
      { offset: 2, name: "EMPTY_FRAME_SLOT", meaning: "frame_slot is empty or >= 64" },
      { offset: 3, name: "NOT_FRAME", meaning: "frame_slot is not a MemoryFrame" },
      { offset: 4, name: "BAD_VADDR", meaning: "vaddr not 4 KiB aligned or not below 0x0000_8000_0000_0000" },
      { offset: 5, name: "NO_PROCESS", meaning: "the pid is not in the process table" },
      { offset: 6, name: "MAP_FAILED", meaning: "already mapped, or out of memory for a page-table frame" },
    ],
    capType: "Process",
    rightsChecked: [],
    availability: both,
    logsOnSuccess: true,
    notes: [
      "No rights are checked on either capability.",
      "W^X is not enforced: flags = 3 maps the page writable and executable.",
      "The MemoryFrame capability stays, so the same frame can be mapped again elsewhere.",
    ],
  },
  {
    number: 9,
    name: "DELEGATE",
    summary: "Copy a capability into an empty slot of another process's CNode.",
    args: [
      { reg: "rdi", name: "proc_slot", meaning: "CNode slot of the target's Process capability" },
      { reg: "rsi", name: "src_slot", meaning: "slot of the capability to copy" },
      { reg: "rdx", name: "dst_slot", meaning: "empty slot in the target's CNode" },
      {
        reg: "r10",
        name: "rights_mask",
        meaning: "design only: rights to keep (0 keeps all); ignored as built",
      },
    ],
    returns: "0",
    writesBack: [],
    errors: [
      emptySlot("proc_slot"),
      { offset: 1, name: "NOT_PROCESS", meaning: "proc_slot is not a Process" },
      { offset: 2, name: "EMPTY_SRC_SLOT", meaning: "src_slot is empty or >= 64" },
      { offset: 3, name: "NO_PROCESS", meaning: "target pid not in the process table" },
      { offset: 4, name: "BAD_DST", meaning: "dst_slot >= 64 or occupied" },
    ],
    capType: "Process",
    rightsChecked: [],
    availability: both,
    logsOnSuccess: true,
    notes: [
      "As built the copy has the same rights: GRANT is not checked and nothing can reduce rights.",
      "Design: the copy gets rights AND mask, so delegation can only remove rights.",
    ],
  },
  {
    number: 10,
    name: "SPAWN_THREAD",
    summary: "Create a thread in a process, starting at (rip, rsp) in ring 3.",
    args: [
      { reg: "rdi", name: "proc_slot", meaning: "CNode slot of a Process capability" },
      { reg: "rsi", name: "user_rip", meaning: "entry point" },
      { reg: "rdx", name: "user_rsp", meaning: "initial stack pointer" },
    ],
    returns: "the new thread's TID",
    writesBack: [],
    errors: [
      emptySlot("proc_slot"),
      { offset: 1, name: "NOT_PROCESS", meaning: "proc_slot is not a Process" },
      { offset: 2, name: "NO_PROCESS", meaning: "pid not in the process table" },
      {
        offset: 3,
        name: "OUT_OF_MEMORY",
        meaning: "no 4 frames for the thread's kernel stack (as built the kernel panics instead)",
        designOnly: true,
      },
    ],
    capType: "Process",
    rightsChecked: [],
    availability: { "as-built": "broken", design: "implemented" },
    logsOnSuccess: true,
    notes: ["As built the thread is queued on BOOT_QUEUE, drained only at boot: it never runs."],
  },
  {
    number: 11,
    name: "DROP_CAP",
    summary: "Empty a slot of the caller's CNode.",
    args: [{ reg: "rdi", name: "slot", meaning: "slot to empty" }],
    returns: "0",
    writesBack: [],
    errors: [emptySlot()],
    rightsChecked: [],
    availability: both,
    logsOnSuccess: false,
    notes: ["The object is not freed: a frame stays allocated and mapped; copies elsewhere stay valid."],
  },
];

export function syscallByNumber(n: number): SyscallSpec | undefined {
  return SYSCALLS.find((s) => s.number === n);
}

export function syscallByName(name: string): SyscallSpec {
  const spec = SYSCALLS.find((s) => s.name === name);
  if (!spec) throw new Error(`no syscall named ${name}`);
  return spec;
}

/** The error of `spec` named `name`, as its offset from u64::MAX. */
export function errorOffsetOf(spec: SyscallSpec, name: string): number {
  const e = spec.errors.find((x) => x.name === name);
  if (!e) throw new Error(`SYS_${spec.name} has no error ${name}`);
  return e.offset;
}
