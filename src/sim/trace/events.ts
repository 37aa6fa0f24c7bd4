/** Every state change the engine makes is one of these events; the trace is the list of them. */
import type { Capability } from "../abi/cap-types";
import type { CpuFault } from "../cpu/contract";

/** Upstream's ThreadState names (kernel/src/sched/thread.rs). */
export type ThreadStateName = "Ready" | "Running" | "BlockedSend" | "BlockedRecv" | "Dead";

export type TraceEvent =
  | {
      readonly kind: "syscall";
      readonly cycle: number;
      readonly core: number;
      readonly tid: number;
      readonly pid: number;
      readonly number: number;
      readonly name: string;
      readonly args: readonly string[];
      readonly result: string | null;
      readonly error: string | null;
    }
  | {
      readonly kind: "thread-state";
      readonly cycle: number;
      readonly tid: number;
      readonly state: ThreadStateName;
    }
  | {
      readonly kind: "schedule";
      readonly cycle: number;
      readonly core: number;
      readonly from: number | null;
      readonly to: number | null;
      readonly reason: "quantum" | "block" | "exit" | "idle" | "start";
    }
  | {
      readonly kind: "cap";
      readonly cycle: number;
      readonly pid: number;
      readonly slot: number;
      readonly cap: Capability | null;
    }
  | {
      readonly kind: "frame";
      readonly cycle: number;
      readonly frame: number;
      readonly action: "alloc" | "free";
    }
  | {
      readonly kind: "map";
      readonly cycle: number;
      readonly pid: number;
      readonly vaddr: number;
      readonly frame: number;
      readonly writable: boolean;
      readonly executable: boolean;
    }
  | {
      readonly kind: "ipc";
      readonly cycle: number;
      readonly endpoint: number;
      readonly from: number;
      readonly to: number;
      readonly label: string;
      readonly path: "fast" | "slow";
    }
  | { readonly kind: "irq"; readonly cycle: number; readonly irq: number; readonly woke: number | null }
  | {
      readonly kind: "serial";
      readonly cycle: number;
      readonly text: string;
      readonly source: "kernel" | "user";
    }
  | {
      readonly kind: "fault";
      readonly cycle: number;
      readonly core: number;
      readonly tid: number;
      readonly pid: number;
      readonly rip: number;
      readonly fault: CpuFault;
      readonly outcome: "machine-halted" | "process-killed";
    }
  | {
      readonly kind: "process";
      readonly cycle: number;
      readonly pid: number;
      readonly action: "created" | "exited" | "reaped";
      readonly name: string;
    }
  | { readonly kind: "halt"; readonly cycle: number; readonly reason: string }
  /** The simulator's own explanation of what happened: shown beside the console, never on it. */
  | { readonly kind: "note"; readonly cycle: number; readonly text: string };

export type TraceEventKind = TraceEvent["kind"];
