/**
 * The syscall ABI as the engine needs it: numbers, errors in check order, availability per profile.
 * Source: kernel/src/arch/x86_64/syscall.rs at 3833797, plus SYS_EXIT from the design docs. The facts only
 * the reference pages show (arguments, rights checked, ...) live in syscall-facts.ts, what each one means
 * in words in syscall-docs.ts; syscalls.ts joins the three for the reference pages.
 */
import type { ProfileName } from "./profiles";

export type Availability = "implemented" | "broken" | "absent";

export interface SyscallCore {
  readonly number: number;
  /** Without the SYS_ prefix. */
  readonly name: string;
  /**
   * In check order: the first failing check wins. The result is u64::MAX - offset; the name gives the
   * prelude constant E_<SYSCALL>_<NAME>. `designOnly`: returned only by the design profile.
   */
  readonly errors: readonly { readonly offset: number; readonly name: string; readonly designOnly?: true }[];
  readonly availability: Readonly<Record<ProfileName, Availability>>;
}

const both: Record<ProfileName, Availability> = { "as-built": "implemented", design: "implemented" };

export const SYSCALL_TABLE: readonly SyscallCore[] = [
  {
    number: 0,
    name: "EXIT",
    errors: [],
    availability: { "as-built": "absent", design: "implemented" },
  },
  {
    number: 1,
    name: "SEND",
    errors: [
      { offset: 0, name: "EMPTY_SLOT" },
      { offset: 1, name: "NO_RIGHTS" },
      { offset: 2, name: "WRONG_TYPE" },
      { offset: 3, name: "NO_ENDPOINT" },
    ],
    availability: both,
  },
  {
    number: 2,
    name: "RECV",
    errors: [
      { offset: 0, name: "EMPTY_SLOT" },
      { offset: 1, name: "NO_RIGHTS" },
      { offset: 2, name: "WRONG_TYPE" },
      { offset: 3, name: "NO_ENDPOINT" },
    ],
    availability: both,
  },
  {
    number: 3,
    name: "PORT_OUT",
    errors: [
      { offset: 0, name: "EMPTY_SLOT" },
      { offset: 1, name: "NO_RIGHTS" },
      { offset: 2, name: "WRONG_TYPE" },
      { offset: 4, name: "OUT_OF_RANGE" },
    ],
    availability: both,
  },
  {
    number: 4,
    name: "PORT_IN",
    errors: [
      { offset: 0, name: "EMPTY_SLOT" },
      { offset: 1, name: "NO_RIGHTS" },
      { offset: 2, name: "WRONG_TYPE" },
      { offset: 4, name: "OUT_OF_RANGE" },
    ],
    availability: both,
  },
  {
    number: 5,
    name: "WAIT_IRQ",
    errors: [
      { offset: 0, name: "EMPTY_SLOT" },
      { offset: 2, name: "WRONG_TYPE" },
      { offset: 4, name: "BAD_IRQ" },
      { offset: 5, name: "IRQ_BUSY" },
    ],
    availability: both,
  },
  {
    number: 6,
    name: "SPAWN_PROCESS",
    errors: [
      { offset: 0, name: "CNODE_FULL" },
      { offset: 1, name: "OUT_OF_MEMORY", designOnly: true },
    ],
    availability: both,
  },
  {
    number: 7,
    name: "ALLOC_MEMORY",
    errors: [
      { offset: 0, name: "EMPTY_SLOT" },
      { offset: 1, name: "WRONG_TYPE" },
      { offset: 2, name: "NO_RIGHTS" },
      { offset: 4, name: "OUT_OF_MEMORY" },
      { offset: 3, name: "BAD_TARGET" },
    ],
    availability: both,
  },
  {
    number: 8,
    name: "MAP_MEMORY",
    errors: [
      { offset: 0, name: "EMPTY_SLOT" },
      { offset: 1, name: "NOT_PROCESS" },
      { offset: 2, name: "EMPTY_FRAME_SLOT" },
      { offset: 3, name: "NOT_FRAME" },
      { offset: 4, name: "BAD_VADDR" },
      { offset: 5, name: "NO_PROCESS" },
      { offset: 6, name: "MAP_FAILED" },
    ],
    availability: both,
  },
  {
    number: 9,
    name: "DELEGATE",
    errors: [
      { offset: 0, name: "EMPTY_SLOT" },
      { offset: 1, name: "NOT_PROCESS" },
      { offset: 2, name: "EMPTY_SRC_SLOT" },
      { offset: 3, name: "NO_PROCESS" },
      { offset: 4, name: "BAD_DST" },
    ],
    availability: both,
  },
  {
    number: 10,
    name: "SPAWN_THREAD",
    errors: [
      { offset: 0, name: "EMPTY_SLOT" },
      { offset: 1, name: "NOT_PROCESS" },
      { offset: 2, name: "NO_PROCESS" },
      { offset: 3, name: "OUT_OF_MEMORY", designOnly: true },
    ],
    availability: { "as-built": "broken", design: "implemented" },
  },
  {
    number: 11,
    name: "DROP_CAP",
    errors: [{ offset: 0, name: "EMPTY_SLOT" }],
    availability: both,
  },
];

export function syscallCore(n: number): SyscallCore | undefined {
  return SYSCALL_TABLE.find((s) => s.number === n);
}
