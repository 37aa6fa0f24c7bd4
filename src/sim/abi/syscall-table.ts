/**
 * The syscall ABI as the engine needs it: numbers, argument registers, errors in check order, availability
 * per profile. Source: kernel/src/arch/x86_64/syscall.rs at 3833797, plus SYS_EXIT from the design docs.
 * What each one means in words lives in syscall-docs.ts; syscalls.ts joins the two for the reference pages.
 */
import type { CapKind } from "./cap-types";
import type { ProfileName } from "./profiles";

export type ArgRegister = "rdi" | "rsi" | "rdx" | "r10";
export type Availability = "implemented" | "broken" | "absent";

export interface SyscallCore {
  readonly number: number;
  /** Without the SYS_ prefix. */
  readonly name: string;
  readonly args: readonly { readonly reg: ArgRegister; readonly name: string }[];
  /** Registers the kernel writes besides RAX on success. */
  readonly writesBack: readonly ArgRegister[];
  /**
   * In check order: the first failing check wins. The result is u64::MAX - offset; the name gives the
   * prelude constant E_<SYSCALL>_<NAME>. `designOnly`: returned only by the design profile.
   */
  readonly errors: readonly { readonly offset: number; readonly name: string; readonly designOnly?: true }[];
  readonly capType?: CapKind;
  /** Rights checked on the capability, as names; empty when none are checked. */
  readonly rightsChecked: readonly string[];
  readonly availability: Readonly<Record<ProfileName, Availability>>;
  /** Whether a successful call prints a `[syscall]` kernel log line on COM1 (errors always log). */
  readonly logsOnSuccess: boolean;
}

const both: Record<ProfileName, Availability> = { "as-built": "implemented", design: "implemented" };

export const SYSCALL_TABLE: readonly SyscallCore[] = [
  {
    number: 0,
    name: "EXIT",
    args: [{ reg: "rdi", name: "code" }],
    writesBack: [],
    errors: [],
    rightsChecked: [],
    availability: { "as-built": "absent", design: "implemented" },
    logsOnSuccess: true,
  },
  {
    number: 1,
    name: "SEND",
    args: [
      { reg: "rdi", name: "slot" },
      { reg: "rsi", name: "label" },
      { reg: "rdx", name: "data0" },
      { reg: "r10", name: "data1" },
    ],
    writesBack: [],
    errors: [
      { offset: 0, name: "EMPTY_SLOT" },
      { offset: 1, name: "NO_RIGHTS" },
      { offset: 2, name: "WRONG_TYPE" },
      { offset: 3, name: "NO_ENDPOINT" },
    ],
    capType: "Endpoint",
    rightsChecked: ["WRITE"],
    availability: both,
    logsOnSuccess: true,
  },
  {
    number: 2,
    name: "RECV",
    args: [{ reg: "rdi", name: "slot" }],
    writesBack: ["rdi", "rsi", "rdx", "r10"],
    errors: [
      { offset: 0, name: "EMPTY_SLOT" },
      { offset: 1, name: "NO_RIGHTS" },
      { offset: 2, name: "WRONG_TYPE" },
      { offset: 3, name: "NO_ENDPOINT" },
    ],
    capType: "Endpoint",
    rightsChecked: ["READ"],
    availability: both,
    logsOnSuccess: true,
  },
  {
    number: 3,
    name: "PORT_OUT",
    args: [
      { reg: "rdi", name: "slot" },
      { reg: "rsi", name: "port" },
      { reg: "rdx", name: "value" },
      { reg: "r10", name: "width" },
    ],
    writesBack: [],
    errors: [
      { offset: 0, name: "EMPTY_SLOT" },
      { offset: 1, name: "NO_RIGHTS" },
      { offset: 2, name: "WRONG_TYPE" },
      { offset: 4, name: "OUT_OF_RANGE" },
    ],
    capType: "IoPort",
    rightsChecked: ["WRITE"],
    availability: both,
    logsOnSuccess: false,
  },
  {
    number: 4,
    name: "PORT_IN",
    args: [
      { reg: "rdi", name: "slot" },
      { reg: "rsi", name: "port" },
      { reg: "rdx", name: "unused" },
      { reg: "r10", name: "width" },
    ],
    writesBack: ["rdi"],
    errors: [
      { offset: 0, name: "EMPTY_SLOT" },
      { offset: 1, name: "NO_RIGHTS" },
      { offset: 2, name: "WRONG_TYPE" },
      { offset: 4, name: "OUT_OF_RANGE" },
    ],
    capType: "IoPort",
    rightsChecked: ["READ"],
    availability: both,
    logsOnSuccess: false,
  },
  {
    number: 5,
    name: "WAIT_IRQ",
    args: [{ reg: "rdi", name: "slot" }],
    writesBack: [],
    errors: [
      { offset: 0, name: "EMPTY_SLOT" },
      { offset: 2, name: "WRONG_TYPE" },
      { offset: 4, name: "BAD_IRQ" },
      { offset: 5, name: "IRQ_BUSY" },
    ],
    capType: "Interrupt",
    rightsChecked: [],
    availability: both,
    logsOnSuccess: true,
  },
  {
    number: 6,
    name: "SPAWN_PROCESS",
    args: [],
    writesBack: [],
    errors: [
      { offset: 0, name: "CNODE_FULL" },
      { offset: 1, name: "OUT_OF_MEMORY", designOnly: true },
    ],
    rightsChecked: [],
    availability: both,
    logsOnSuccess: true,
  },
  {
    number: 7,
    name: "ALLOC_MEMORY",
    args: [
      { reg: "rdi", name: "alloc_slot" },
      { reg: "rsi", name: "target_slot" },
    ],
    writesBack: [],
    errors: [
      { offset: 0, name: "EMPTY_SLOT" },
      { offset: 1, name: "WRONG_TYPE" },
      { offset: 2, name: "NO_RIGHTS" },
      { offset: 4, name: "OUT_OF_MEMORY" },
      { offset: 3, name: "BAD_TARGET" },
    ],
    capType: "PmmAllocator",
    rightsChecked: ["WRITE"],
    availability: both,
    logsOnSuccess: true,
  },
  {
    number: 8,
    name: "MAP_MEMORY",
    args: [
      { reg: "rdi", name: "proc_slot" },
      { reg: "rsi", name: "frame_slot" },
      { reg: "rdx", name: "vaddr" },
      { reg: "r10", name: "flags" },
    ],
    writesBack: [],
    errors: [
      { offset: 0, name: "EMPTY_SLOT" },
      { offset: 1, name: "NOT_PROCESS" },
      { offset: 2, name: "EMPTY_FRAME_SLOT" },
      { offset: 3, name: "NOT_FRAME" },
      { offset: 4, name: "BAD_VADDR" },
      { offset: 5, name: "NO_PROCESS" },
      { offset: 6, name: "MAP_FAILED" },
    ],
    capType: "Process",
    rightsChecked: [],
    availability: both,
    logsOnSuccess: true,
  },
  {
    number: 9,
    name: "DELEGATE",
    args: [
      { reg: "rdi", name: "proc_slot" },
      { reg: "rsi", name: "src_slot" },
      { reg: "rdx", name: "dst_slot" },
      { reg: "r10", name: "rights_mask" },
    ],
    writesBack: [],
    errors: [
      { offset: 0, name: "EMPTY_SLOT" },
      { offset: 1, name: "NOT_PROCESS" },
      { offset: 2, name: "EMPTY_SRC_SLOT" },
      { offset: 3, name: "NO_PROCESS" },
      { offset: 4, name: "BAD_DST" },
    ],
    capType: "Process",
    rightsChecked: [],
    availability: both,
    logsOnSuccess: true,
  },
  {
    number: 10,
    name: "SPAWN_THREAD",
    args: [
      { reg: "rdi", name: "proc_slot" },
      { reg: "rsi", name: "user_rip" },
      { reg: "rdx", name: "user_rsp" },
    ],
    writesBack: [],
    errors: [
      { offset: 0, name: "EMPTY_SLOT" },
      { offset: 1, name: "NOT_PROCESS" },
      { offset: 2, name: "NO_PROCESS" },
      { offset: 3, name: "OUT_OF_MEMORY", designOnly: true },
    ],
    capType: "Process",
    rightsChecked: [],
    availability: { "as-built": "broken", design: "implemented" },
    logsOnSuccess: true,
  },
  {
    number: 11,
    name: "DROP_CAP",
    args: [{ reg: "rdi", name: "slot" }],
    writesBack: [],
    errors: [{ offset: 0, name: "EMPTY_SLOT" }],
    rightsChecked: [],
    availability: both,
    logsOnSuccess: false,
  },
];

export function syscallCore(n: number): SyscallCore | undefined {
  return SYSCALL_TABLE.find((s) => s.number === n);
}
