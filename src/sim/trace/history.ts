/**
 * Time travel: every event with the tick it happened at, plus snapshots along the way. Seeking restores
 * the nearest snapshot at or before the target and replays, which is exact because the engine is
 * deterministic at every step granularity. Snapshots are taken often enough that a replay runs at most
 * `snapshotTicks` ticks or `snapshotSteps` steps.
 */
import type { MachineSnapshot } from "../machine/machine";
import type { TraceEvent } from "./events";

export interface TimedEvent {
  readonly tick: number;
  readonly event: TraceEvent;
}

export interface SnapshotPolicy {
  /** At most this many ticks between snapshots. */
  readonly ticks: number;
  /** At most this many kernel steps between snapshots (idle and kernel-thread slices are one tick each). */
  readonly steps: number;
}

export const DEFAULT_SNAPSHOTS: SnapshotPolicy = { ticks: 1_000_000, steps: 1_000 };

export class History {
  private readonly timed: TimedEvent[] = [];
  /** Snapshot ticks, ascending, and the snapshots. */
  private readonly marks: number[] = [0];
  private readonly snapshots = new Map<number, MachineSnapshot>();
  private recorded = 0;
  private stepsSinceSnapshot = 0;

  constructor(
    initial: MachineSnapshot,
    bootEvents: readonly TraceEvent[],
    readonly policy: SnapshotPolicy = DEFAULT_SNAPSHOTS,
  ) {
    this.snapshots.set(0, initial);
    for (const event of bootEvents) this.timed.push({ tick: 0, event });
  }

  /** The furthest tick recorded: the timeline's end so far. */
  get length(): number {
    return this.recorded;
  }

  get events(): readonly TimedEvent[] {
    return this.timed;
  }

  /**
   * Records one step that ran from tick `from` for `ticks` ticks. The first `lead` events belong to the
   * step's first tick, the rest to its last. Takes a snapshot when one is due.
   */
  record(
    from: number,
    ticks: number,
    events: readonly TraceEvent[],
    lead: number,
    snapshot: () => MachineSnapshot,
  ): void {
    if (from !== this.recorded) throw new Error(`engine bug: recording tick ${from} after ${this.recorded}`);
    events.forEach((event, i) => {
      this.timed.push({ tick: i < lead ? from + Math.min(1, ticks) : from + ticks, event });
    });
    this.recorded = from + ticks;
    this.stepsSinceSnapshot++;
    const last = this.marks[this.marks.length - 1] ?? 0;
    if (
      this.recorded > last &&
      (this.recorded - last >= this.policy.ticks || this.stepsSinceSnapshot >= this.policy.steps)
    ) {
      this.marks.push(this.recorded);
      this.snapshots.set(this.recorded, snapshot());
      this.stepsSinceSnapshot = 0;
    }
  }

  /** The last snapshot at or before tick n. */
  nearestSnapshot(n: number): { tick: number; snapshot: MachineSnapshot } {
    const tick = this.marks[upperBound(this.marks, n) - 1] ?? 0;
    const snapshot = this.snapshots.get(tick);
    if (!snapshot) throw new Error("engine bug: history lost a snapshot");
    return { tick, snapshot };
  }

  /** How many events happened at or before tick n. */
  eventsBefore(n: number): number {
    let lo = 0;
    let hi = this.timed.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((this.timed[mid]?.tick ?? 0) <= n) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  snapshotCount(): number {
    return this.snapshots.size;
  }
}

/** Index of the first element greater than x in an ascending array. */
function upperBound(a: readonly number[], x: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((a[mid] ?? 0) <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
