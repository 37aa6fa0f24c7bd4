/** The kernel's state: plain data, so a snapshot is a structured clone. */
import { type Capability, CNODE_SLOTS, EMPTY_CAP } from "../abi/cap-types";
import type { Profile } from "../abi/profiles";
import type { UserContext } from "../cpu/contract";
import type { GuestState } from "../wasm/wasmi";
import type { AddressSpace } from "./address-space";
import type { HeapState } from "./heap";
import type { PmmState } from "./pmm";

export interface Message {
  label: bigint;
  data: [bigint, bigint, bigint, bigint];
}

/**
 * What a thread is doing: upstream's `ThreadState` (kernel/src/sched/thread.rs) variant by variant, each
 * carrying exactly what that state needs here.
 */
export type ThreadRun =
  /**
   * In a run queue. `boot` is upstream's BOOT_QUEUE: as built, SYS_SPAWN_THREAD puts threads there and it
   * is drained only at boot, so such a thread is Ready and never runs.
   */
  | { kind: "Ready"; queue: "run" | "boot" }
  | { kind: "Running"; core: number }
  | { kind: "BlockedSend"; endpoint: number; message: Message }
  /** Upstream uses BlockedRecv for SYS_WAIT_IRQ too: the thread waits on an endpoint or an IRQ line. */
  | { kind: "BlockedRecv"; on: { endpoint: number } | { irq: number } }
  | { kind: "Dead" };

export type KernelRole = "bsp-main" | "idle" | "reaper" | "test-exiter" | "kern-init";

/**
 * kern-init's progress (kernel/src/main.rs before commit 6bccab6, kernel_init_thread): it prints its start
 * line, spins a while, then sends each byte of a test line to the serial driver's endpoint, then prints
 * its success banner and halts. `sent` counts bytes delivered; `waiting`: its last send blocked.
 */
export interface KernInitWork {
  endpoint: number;
  phase: "start" | "spin" | "send" | "done";
  spinLeft: number;
  sent: number;
  waiting: boolean;
}

export interface Thread {
  tid: number;
  pid: number;
  name: string;
  run: ThreadRun;
  /** Kernel threads have a role and no user context. */
  role: KernelRole | null;
  ctx: UserContext | null;
  kernelStack: number[];
  /** A message delivered while it was blocked, copied into its registers when it next runs. */
  inbox: { message: Message; endpoint: number } | null;
  /** Kernel lines the thread prints when it next runs (upstream prints them after its schedule() returns). */
  onResume: string[];
  /** Whether it has run in ring 3 yet (its first run prints upstream's "entering Ring 3" line). */
  entered: boolean;
  /** The work of the kern-init thread; null for every other thread. */
  kernInit: KernInitWork | null;
  exitCode: bigint | null;
  /** Where its Box<Thread> is in the kernel heap (-1: none, for a thread the model has no box for). */
  box: number;
}

export interface Process {
  pid: number;
  name: string;
  cnode: Capability[];
  space: AddressSpace;
  threads: number[];
  /** Where its Box<Process> is in the kernel heap. */
  box: number;
  /** The Wasm guest instance its wasmi calls share (init's), between calls; see wasm/wasmi.ts. */
  wasm?: GuestState | null;
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
  /** The kernel heap: what is boxed where (heap.ts). */
  heap: HeapState;
  /** KERNEL_PML4: the physical address of the pristine kernel page tables' PML4. */
  kernelPml4: number;
  /**
   * Frames in use that no process or thread holds: every frame outside the map's Usable entries, the
   * bitmap and frame 0, and what boot took for good (the heap, each core's IST stack, page tables).
   */
  kernelFrames: number;
  /** Everything on COM1: the kernel's lines and the programs' bytes, interleaved as the wire has them. */
  console: string;
  /** Only what programs wrote to COM1 (SYS_PORT_OUT), without the kernel's lines. */
  output: string;
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
