/**
 * A simulated machine: the kernel model plus the CPU, stepped deterministically. The same config gives
 * the same events and the same state hash, bit for bit, whatever the step limits.
 *
 * Memory is most of a machine's state, so hashing and snapshots work per frame and only redo frames
 * written since they last looked (the PMM stamps every write with an epoch).
 */
import type { RunUser } from "../cpu/contract";
import { runUser as defaultRunUser } from "../cpu/cpu";
import { memoryPort } from "../kernel/address-space";
import { Kernel, type StepOutcome } from "../kernel/kernel";
import { PAGE_SIZE } from "../kernel/layout";
import type { KernelState } from "../kernel/state";
import type { TraceEvent } from "../trace/events";
import { hashBytes, hashString } from "../trace/hash";

/**
 * A machine at one moment. `state` holds everything but frame contents, which are in `frames`: copies
 * that are never written, so consecutive snapshots share the frames that did not change between them.
 */
export interface MachineSnapshot {
  readonly state: KernelState;
  readonly frames: ReadonlyMap<number, Uint8Array>;
}

export interface MachineStep extends StepOutcome {
  readonly events: TraceEvent[];
}

const ZERO_PAGE_HASH = hashBytes(new Uint8Array(PAGE_SIZE));

export class Machine {
  /** The last snapshot this machine took (or was restored from), and the epoch it looked at. */
  private lastSnapshot: { epoch: number; frames: ReadonlyMap<number, Uint8Array> } | undefined;
  private readonly frameHashes = new Map<number, string>();
  private hashEpoch = -1;

  /** A machine around a kernel; machine/boot.ts boots one, `restore` brings one back from a snapshot. */
  constructor(private kernel: Kernel) {}

  static restore(snapshot: MachineSnapshot, runUser: RunUser = defaultRunUser): Machine {
    const state = structuredClone(snapshot.state);
    for (const [frame, bytes] of snapshot.frames) state.pmm.contents.set(frame, bytes.slice());
    const m = new Machine(new Kernel(state, runUser));
    // Nothing is stamped on a new machine yet, so every frame is as the snapshot has it.
    m.lastSnapshot = { epoch: -1, frames: snapshot.frames };
    return m;
  }

  get state(): Readonly<KernelState> {
    return this.kernel.state;
  }

  /** Simulated time: the clock of the core furthest behind. */
  get cycle(): number {
    return this.kernel.frontier();
  }

  get halted(): string | null {
    return this.kernel.state.halted;
  }

  get console(): string {
    return this.kernel.state.console;
  }

  /** What programs wrote to COM1, without the kernel's lines. */
  get output(): string {
    return this.kernel.state.output;
  }

  /** One kernel step: a whole slice, or at most `limit` ticks of a ring-3 slice (see Kernel.step). */
  step(limit = Number.POSITIVE_INFINITY): MachineStep {
    const outcome = this.kernel.step(limit);
    return { ...outcome, events: this.kernel.out };
  }

  /**
   * Bytes of a process's memory as its page tables map them, for memory views and tests; null when the
   * process does not exist or a page in the range is not mapped. Reads never change the machine.
   */
  readUser(pid: number, vaddr: number, length: number): Uint8Array | null {
    const p = this.kernel.state.processes.get(pid);
    if (!p) return null;
    const port = memoryPort(this.kernel.mem, p.space);
    const out = new Uint8Array(length);
    for (let i = 0; i < length; i++) {
      const a = vaddr + i;
      const page = port.page(a, "read");
      if (!(page instanceof Uint8Array)) return null;
      out[i] = page[a % PAGE_SIZE] ?? 0;
    }
    return out;
  }

  snapshot(): MachineSnapshot {
    const mem = this.kernel.mem;
    const prev = this.lastSnapshot;
    const epoch = mem.look();
    const frames = new Map<number, Uint8Array>();
    for (const [frame, bytes] of this.kernel.state.pmm.contents) {
      const old = prev?.frames.get(frame);
      frames.set(frame, old && !mem.changedSince(frame, prev?.epoch ?? -1) ? old : bytes.slice());
    }
    this.lastSnapshot = { epoch, frames };
    return { state: this.cloneWithoutMemory(), frames };
  }

  /** A canonical text of everything but frame contents, for hashing and for comparing runs. */
  serializeState(): string {
    const state = this.kernel.state;
    const contents = state.pmm.contents;
    state.pmm.contents = new Map();
    try {
      return JSON.stringify(state, (_key, value: unknown) => {
        if (typeof value === "bigint") return `${value}n`;
        if (value instanceof Uint8Array || value instanceof Uint32Array) return Array.from(value).join(",");
        if (value instanceof Map) return [...value.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1));
        if (value === Number.POSITIVE_INFINITY) return "inf";
        return value;
      });
    } finally {
      state.pmm.contents = contents;
    }
  }

  /**
   * A hash of the whole state: the serialized state plus every frame's contents. A frame of zeros counts
   * as absent, so the hash depends on what memory holds, not on which frames were ever looked at.
   */
  stateHash(): string {
    const mem = this.kernel.mem;
    const since = this.hashEpoch;
    this.hashEpoch = mem.look();
    const contents = this.kernel.state.pmm.contents;
    const parts: string[] = [hashString(this.serializeState())];
    for (const frame of [...contents.keys()].sort((a, b) => a - b)) {
      let h = this.frameHashes.get(frame);
      if (h === undefined || mem.changedSince(frame, since)) {
        h = hashBytes(contents.get(frame) ?? new Uint8Array(0));
        this.frameHashes.set(frame, h);
      }
      if (h !== ZERO_PAGE_HASH) parts.push(`${frame}:${h}`);
    }
    return hashString(parts.join(";"));
  }

  private cloneWithoutMemory(): KernelState {
    const state = this.kernel.state;
    const contents = state.pmm.contents;
    state.pmm.contents = new Map();
    try {
      return structuredClone(state);
    } finally {
      state.pmm.contents = contents;
    }
  }
}
