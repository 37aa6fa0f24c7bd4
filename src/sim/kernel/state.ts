/** The kernel's state: plain data, so a snapshot is a structured clone. */
import { type Capability, CNODE_SLOTS, EMPTY_CAP } from "../abi/cap-types";
import type { Profile } from "../abi/profiles";
import type { UserContext } from "../cpu/contract";
import type { AddressSpace } from "./address-space";
import type { PmmState } from "./pmm";

export interface Message {
  label: bigint;
  data: [bigint, bigint, bigint, bigint];
}

/** What a thread is doing; each variant carries exactly what that state needs. */
export type ThreadRun =
  | { kind: "ready" }
  | { kind: "running"; core: number }
  | { kind: "blocked-send"; endpoint: number; message: Message }
  | { kind: "blocked-recv"; endpoint: number }
  | { kind: "blocked-irq"; irq: number }
  | { kind: "dead" }
  /** Queued on BOOT_QUEUE after boot (as built): it exists but is never scheduled. */
  | { kind: "never-scheduled" };

export type KernelRole = "bsp-main" | "idle" | "reaper" | "test-exiter";

export interface Thread {
  tid: number;
  pid: number;
  name: string;
  run: ThreadRun;
  /** Kernel threads have a role and no user context. */
  role: KernelRole | null;
  ctx: UserContext | null;
  kernelStack: number[];
  /** Delivered message waiting to be copied into registers when the thread next runs. */
  inbox: Message | null;
  exitCode: bigint | null;
}

export interface Process {
  pid: number;
  name: string;
  cnode: Capability[];
  space: AddressSpace;
  threads: number[];
}

export interface Core {
  id: number;
  clock: number;
  current: number | null;
  runQueue: number[];
  quantumLeft: number;
  /** False for application processors that only `hlt` (as built). */
  schedules: boolean;
}

export interface Com1State {
  ier: number;
  rx: number[];
}

export interface KernelState {
  profile: Profile;
  quantum: number;
  cores: Core[];
  processes: Map<number, Process>;
  threads: Map<number, Thread>;
  nextPid: number;
  nextTid: number;
  endpoints: Map<number, { senders: number[]; receivers: number[] }>;
  irqWaiters: (number | null)[];
  deadQueue: number[];
  bootQueue: number[];
  pmm: PmmState;
  console: string;
  com1: Com1State;
  virtioStatus: number;
  hasVirtio: boolean;
  halted: string | null;
  events: ScriptedEvent[];
  nextEvent: number;
  /**
   * A ring-3 slice cut short by a step limit: which core runs it and how many ticks it has left. The next
   * step continues it before anything else, so stepping by one instruction and by whole slices agree.
   */
  slice: { core: number; left: number } | null;
}

export type ScriptedEvent =
  | { at: number; kind: "irq"; irq: number }
  | { at: number; kind: "serial-input"; bytes: number[] };

export function emptyCNode(): Capability[] {
  return Array.from({ length: CNODE_SLOTS }, () => EMPTY_CAP);
}
