/**
 * Time travel: the events of every step, plus a snapshot every `interval` steps. Seeking restores the
 * nearest snapshot at or before the target and replays, which is exact because the engine is deterministic.
 */
import type { MachineSnapshot } from "../machine/machine";
import type { TraceEvent } from "./events";

export interface SteppableMachine {
  step(): TraceEvent[];
  snapshot(): MachineSnapshot;
}

export class History {
  /** events[n] are the events step n+1 produced. */
  readonly events: TraceEvent[][] = [];
  private readonly snapshots = new Map<number, MachineSnapshot>();

  constructor(
    initial: MachineSnapshot,
    readonly interval = 2000,
  ) {
    this.snapshots.set(0, initial);
  }

  get length(): number {
    return this.events.length;
  }

  /** Records step n (1-based) and snapshots when due. */
  record(step: number, events: TraceEvent[], machine: SteppableMachine): void {
    this.events[step - 1] = events;
    if (step % this.interval === 0 && !this.snapshots.has(step)) this.snapshots.set(step, machine.snapshot());
  }

  /** Forgets everything after step n (a new branch of the timeline starts there). */
  truncate(n: number): void {
    this.events.length = Math.min(this.events.length, n);
    for (const k of [...this.snapshots.keys()]) if (k > n) this.snapshots.delete(k);
  }

  nearestSnapshot(n: number): { step: number; snapshot: MachineSnapshot } {
    let best = 0;
    for (const k of this.snapshots.keys()) if (k <= n && k > best) best = k;
    const snapshot = this.snapshots.get(best);
    if (!snapshot) throw new Error("history lost its initial snapshot");
    return { step: best, snapshot };
  }

  snapshotCount(): number {
    return this.snapshots.size;
  }
}
