/**
 * A simulated machine: the kernel model plus the CPU, stepped deterministically. The same config gives
 * the same events and the same state hash, bit for bit, whatever the step limits.
 *
 * Memory, page tables and the console are most of a machine's state, so hashing and snapshots work per
 * part and redo only what changed since they last looked (the PMM stamps every write with an epoch; the
 * kernel copies a free list or page table a snapshot shares before changing it).
 */
import type { RunUser } from "../cpu/contract";
import { runUser as defaultRunUser } from "../cpu/cpu";
import { memoryPort } from "../kernel/address-space";
import { Kernel, type StepOutcome } from "../kernel/kernel";
import { PAGE_SIZE } from "../kernel/layout";
import { seal } from "../kernel/pmm";
import type { KernelState } from "../kernel/state";
import type { TraceEvent } from "../trace/events";
import { hashBytes, hashLanes, hashString, type Lanes, lanesHex } from "../trace/hash";
import { type FrameGroups, type MachineSnapshot, partSlots } from "./parts";

export type { FrameGroups, MachineSnapshot } from "./parts";

function freezeParts(s: KernelState): void {
  for (const [holder, key] of partSlots(s)) Object.freeze(holder[key]);
  for (const p of s.processes.values()) for (const t of p.space.leaves.values()) Object.freeze(t);
}

/** Puts `parts` (or empty placeholders) in their slots; returns what was there. */
function swapParts(s: KernelState, parts?: readonly unknown[]): unknown[] {
  return partSlots(s).map(([holder, key], i) => {
    const v = holder[key];
    holder[key] = parts ? parts[i] : typeof v === "string" ? "" : v instanceof Map ? new Map() : [];
    return v;
  });
}

/** Hashes of frozen parts, computed once each: a frozen part never changes. */
const partHashes = new WeakMap<object, string>();

/** The frames that have contents, by group. */
function groupsOf(contents: ReadonlyMap<number, Uint8Array>): Map<number, number[]> {
  const groups = new Map<number, number[]>();
  for (const f of contents.keys()) {
    const g = Math.floor(f / 512);
    const list = groups.get(g);
    if (list) list.push(f);
    else groups.set(g, [f]);
  }
  return groups;
}

export interface MachineStep extends StepOutcome {
  readonly events: TraceEvent[];
}

const ZERO_PAGE_HASH = hashBytes(new Uint8Array(PAGE_SIZE));

export class Machine {
  /** The last snapshot this machine took (or was restored from), and the epoch it looked at. */
  private lastSnapshot: { epoch: number; frames: FrameGroups } | undefined;
  private readonly frameHashes = new Map<number, string>();
  /** Each group's hash and how many frames it had then. */
  private readonly groupHashes = new Map<number, { size: number; hash: string }>();
  /** How much of the console and output the last hash read, and the hash lanes there. */
  private readonly textHashes = new Map<string, { length: number; lanes: Lanes }>();
  private hashEpoch = -1;

  /** A machine around a kernel; machine/boot.ts boots one, `restore` brings one back from a snapshot. */
  constructor(private kernel: Kernel) {}

  static restore(snapshot: MachineSnapshot, runUser: RunUser = defaultRunUser): Machine {
    const state = structuredClone(snapshot.state);
    // Parts are shared, not copied: frozen, so the machine copies one before changing it (a snapshot
    // decoded from a page's JSON arrives unfrozen).
    swapParts(state, snapshot.parts);
    freezeParts(state);
    for (const group of snapshot.frames.values())
      for (const [frame, bytes] of group) state.pmm.contents.set(frame, seal(bytes));
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
    const since = prev?.epoch ?? -1;
    const epoch = mem.look();
    const state = this.kernel.state;
    const frames = new Map<number, ReadonlyMap<number, Uint8Array>>();
    for (const [g, members] of groupsOf(state.pmm.contents)) {
      const old = prev?.frames.get(g);
      // Bytes nobody wrote since the last snapshot are the ones it holds, so its group can be reused.
      if (old?.size === members.length && !members.some((f) => mem.changedSince(f, since)))
        frames.set(g, old);
      else frames.set(g, new Map(members.map((f) => [f, seal(mem.bytes(f))])));
    }
    this.lastSnapshot = { epoch, frames };
    freezeParts(state);
    const contents = state.pmm.contents;
    state.pmm.contents = new Map();
    const parts = swapParts(state);
    try {
      return { state: structuredClone(state), frames, parts };
    } finally {
      swapParts(state, parts);
      state.pmm.contents = contents;
    }
  }

  /**
   * A canonical text of the state but frame contents, for hashing and for comparing runs: frozen parts
   * (see `partSlots`) appear as their hashes, the console and output as their length and hash.
   */
  serializeState(): string {
    const state = this.kernel.state;
    freezeParts(state);
    const replacer = (key: string, value: unknown): unknown => {
      if (key === "contents") return undefined;
      if (typeof value === "bigint") return `${value}n`;
      if (ArrayBuffer.isView(value)) return Array.from(value as Uint32Array).join(",");
      if (key !== "" && value instanceof Object && Object.isFrozen(value)) {
        let h = partHashes.get(value);
        if (h === undefined) {
          h = hashString(JSON.stringify(value, replacer));
          partHashes.set(value, h);
        }
        return h;
      }
      if (value instanceof Map) return [...value.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1));
      if (value === Number.POSITIVE_INFINITY) return "inf";
      if (key === "console" || key === "output") {
        // Both only grow (the kernel appends to them), so only what was added since the last look is read.
        const text = value as string;
        const seen = this.textHashes.get(key);
        const lanes = hashLanes(text, seen?.length, seen?.lanes);
        this.textHashes.set(key, { length: text.length, lanes });
        return `${text.length}:${lanesHex(lanes)}`;
      }
      return value;
    };
    return JSON.stringify(state, replacer);
  }

  /**
   * A hash of the whole state: the canonical text plus every frame's contents, hashed again only when
   * written since the last hash. A frame of zeros counts as absent, so the hash depends on what memory
   * holds, not on which frames were ever looked at.
   */
  stateHash(): string {
    const mem = this.kernel.mem;
    const since = this.hashEpoch;
    this.hashEpoch = mem.look();
    const parts = [hashString(this.serializeState())];
    for (const [g, members] of [...groupsOf(this.kernel.state.pmm.contents)].sort((a, b) => a[0] - b[0])) {
      const cached = this.groupHashes.get(g);
      let changed = cached?.size !== members.length;
      for (const f of members) {
        if (this.frameHashes.has(f) && !mem.changedSince(f, since)) continue;
        this.frameHashes.set(f, hashBytes(mem.bytes(f)));
        changed = true;
      }
      let hash = cached?.hash ?? "";
      if (changed) {
        const nonZero = members
          .sort((a, b) => a - b)
          .flatMap((f) => {
            const h = this.frameHashes.get(f);
            return h === ZERO_PAGE_HASH ? [] : [`${f}:${h}`];
          });
        hash = nonZero.length > 0 ? hashString(nonZero.join()) : "";
        this.groupHashes.set(g, { size: members.length, hash });
      }
      if (hash !== "") parts.push(`${g}:${hash}`);
    }
    return hashString(parts.join(";"));
  }
}
