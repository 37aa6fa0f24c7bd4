/**
 * The core of a simulator session (session.ts adds opening one from scenario text). A session: one scenario on one machine, with its history. This is what the page's island and
 * the CLI drive: run, step by instruction or by event, stop at breakpoints, seek to any tick and back,
 * share the exact state. Lab goals are judged apart, in goals.ts.
 *
 * Time is counted in ticks: one ring-3 instruction retired on some core, or one whole idle or kernel-thread
 * slice. The machine is the same at a given tick however it got there.
 */
import type { Program } from "./asm/assembler";
import type { KernelState } from "./kernel/state";
import type { MachineConfig } from "./machine/config";
import { Machine, type MachineSnapshot, type MachineStep } from "./machine/machine";
import type { Scenario } from "./scenario/schema";
import type { TraceEvent, TraceEventKind } from "./trace/events";
import { DEFAULT_SNAPSHOTS, History, type SnapshotPolicy, type TimedEvent } from "./trace/history";

export type { TimedEvent };

/** Why a run stopped: its condition held, the machine halted, or it used the ticks it was given. */
export interface StepResult {
  readonly ticks: number;
  readonly stopped: "condition" | "halted" | "limit";
}

/** Where "run to next" stops. */
export type BreakCondition =
  | { readonly kind: "line"; readonly program: string; readonly line: number }
  /** A label of a program (any program that defines it, when `program` is not given). */
  | { readonly kind: "label"; readonly label: string; readonly program?: string }
  | {
      readonly kind: "syscall";
      readonly name: string;
      readonly errorOnly: boolean;
      /** Only this error (by its name in the syscall table, such as NO_RIGHTS). */
      readonly error?: string;
    }
  | { readonly kind: "thread-state" }
  | { readonly kind: "process-state" }
  | { readonly kind: "fault" }
  | { readonly kind: "irq" };

/** How far one stepInstruction or stepEvent may look before it gives up: an endless wait ends. */
export const STEP_SEARCH_TICKS = 2_000_000;

/** A scenario's machine just after boot, with the boot's events: enough to resume it anywhere. */
export interface BootedScenario {
  readonly scenario: Scenario;
  readonly config: MachineConfig;
  readonly snapshot: MachineSnapshot;
  readonly bootEvents: readonly TraceEvent[];
}

export class SessionCore {
  private machine: Machine;
  private readonly history: History;
  private position = 0;

  protected constructor(
    readonly scenario: Scenario,
    readonly config: MachineConfig,
    readonly programs: ReadonlyMap<string, Program>,
    machine: Machine,
    bootEvents: readonly TraceEvent[],
    policy: SnapshotPolicy,
  ) {
    this.machine = machine;
    this.history = new History(machine.snapshot(), bootEvents, policy);
  }

  /**
   * A session on a machine booted elsewhere (at build time, for a page's embed): the page then needs no
   * parser, no assembler and no boot code, only what runs the machine.
   */
  static resume(booted: BootedScenario, snapshots: Partial<SnapshotPolicy> = {}): SessionCore {
    const machine = Machine.restore(booted.snapshot);
    const policy = { ...DEFAULT_SNAPSHOTS, ...snapshots };
    return new SessionCore(booted.scenario, booted.config, new Map(), machine, booted.bootEvents, policy);
  }

  /** What `resume` needs: this session right after boot. */
  booted(): BootedScenario {
    if (this.position !== 0) throw new Error("engine bug: booted() after the session moved");
    // The images are in the snapshot's frames already; the config keeps what they were, not their bytes.
    const empty = new Uint8Array(0);
    const config: MachineConfig = {
      ...this.config,
      processes: this.config.processes.map((p) => ({ ...p, image: { ...p.image, bytes: empty } })),
      initrd: (this.config.initrd ?? []).map((f) => ({ ...f, bytes: empty })),
    };
    return {
      scenario: this.scenario,
      config,
      snapshot: this.machine.snapshot(),
      bootEvents: this.history.events.filter((t) => t.tick === 0).map((t) => t.event),
    };
  }

  /** The current position on the timeline. */
  get tick(): number {
    return this.position;
  }

  /** The furthest tick reached so far. */
  get length(): number {
    return this.history.length;
  }

  get current(): Machine {
    return this.machine;
  }

  /** Every event so far, boot events at tick 0, in order (also those after the current tick). */
  timeline(): readonly TimedEvent[] {
    return this.history.events;
  }

  /** How many timeline events happened at or before tick n. */
  eventsBefore(n: number): number {
    return this.history.eventsBefore(n);
  }

  /** Every event up to the current tick, boot included. */
  events(): TraceEvent[] {
    return this.history.events.slice(0, this.eventsBefore(this.position)).map((t) => t.event);
  }

  /** One kernel step of at most `limit` ticks; records it when it extends the timeline. */
  private stepOnce(limit = Number.POSITIVE_INFINITY): MachineStep {
    const from = this.position;
    const replaying = from < this.history.length;
    // A replay stops at the end of what is recorded, so recording picks up exactly there.
    const cap = replaying ? Math.min(limit, this.history.length - from) : limit;
    const step = this.machine.step(cap);
    this.position += step.ticks;
    if (!replaying && step.ticks > 0) {
      this.history.record(from, step.ticks, step.events, step.lead, () => this.machine.snapshot());
    }
    return step;
  }

  /** One whole kernel step forward (a slice, or the rest of one); returns its events. */
  forward(): TraceEvent[] {
    return this.stepOnce().events;
  }

  /** Runs until `maxSteps` kernel steps have run, the machine halts, or simulated time reaches `untilCycle`. */
  run(maxSteps: number, untilCycle = Number.POSITIVE_INFINITY): number {
    let n = 0;
    while (n < maxSteps && !this.machine.halted && this.machine.cycle < untilCycle) {
      this.stepOnce();
      n++;
    }
    return n;
  }

  /** Forward at most `maxTicks` ticks (fewer when the machine halts); returns the ticks run. */
  advance(maxTicks: number): number {
    const start = this.position;
    const target = start + Math.max(0, Math.floor(maxTicks));
    while (this.position < target && !this.machine.halted) {
      if (this.stepOnce(target - this.position).ticks === 0) break;
    }
    return this.position - start;
  }

  /** Goes to tick n, backwards or forwards, exactly. */
  seek(n: number): void {
    const target = Math.max(0, Math.floor(n));
    const near = this.history.nearestSnapshot(target);
    // Restore when going back, or when a snapshot is closer than where we are.
    if (target < this.position || near.tick > this.position) {
      this.machine = Machine.restore(near.snapshot);
      this.position = near.tick;
    }
    this.advance(target - this.position);
  }

  stepBack(): void {
    if (this.position > 0) this.seek(this.position - 1);
  }

  /** Until the thread on `core` (any core when `core` is negative) retires one instruction or faults trying. */
  stepInstruction(core: number, maxTicks = STEP_SEARCH_TICKS): StepResult {
    const start = this.position;
    while (this.position - start < maxTicks) {
      if (this.machine.halted) return { ticks: this.position - start, stopped: "halted" };
      const step = this.stepOnce(1);
      if (step.ticks === 0) return { ticks: this.position - start, stopped: "halted" };
      if (step.user && (core < 0 || step.core === core))
        return { ticks: this.position - start, stopped: "condition" };
    }
    return { ticks: this.position - start, stopped: "limit" };
  }

  /** Until the next tick that produces an event of one of these kinds. */
  stepEvent(kinds: readonly TraceEventKind[], maxTicks = STEP_SEARCH_TICKS): StepResult {
    const wanted = new Set(kinds);
    return this.runUntilEvent((e) => wanted.has(e.kind), maxTicks);
  }

  /** Runs until one of the conditions holds, the machine halts, or `maxTicks` ticks have run. */
  runUntil(stop: BreakCondition | readonly BreakCondition[], maxTicks: number): StepResult {
    const conditions: readonly BreakCondition[] = Array.isArray(stop) ? stop : [stop as BreakCondition];
    const matchers = conditions.flatMap((c) =>
      c.kind === "line" || c.kind === "label" ? [] : [eventMatcher(c)],
    );
    const match = (e: TraceEvent) => matchers.some((m) => m(e));
    const targets = new Map<number, Set<number>>();
    for (const c of conditions) {
      if (c.kind !== "line" && c.kind !== "label") continue;
      for (const [pid, addresses] of this.addressesOf(c)) {
        const set = targets.get(pid) ?? new Set<number>();
        for (const a of addresses) set.add(a);
        targets.set(pid, set);
      }
    }
    const places = conditions.some((c) => c.kind === "line" || c.kind === "label");
    if (!places) return this.runUntilEvent(match, maxTicks);
    return this.runToAddresses(targets, maxTicks, matchers.length > 0 ? match : undefined);
  }

  private runUntilEvent(match: (e: TraceEvent) => boolean, maxTicks: number): StepResult {
    const start = this.position;
    while (this.position - start < maxTicks) {
      if (this.machine.halted) return { ticks: this.position - start, stopped: "halted" };
      const from = this.position;
      const step = this.stepOnce(maxTicks - (from - start));
      const hit = step.events.findIndex(match);
      if (hit >= 0) {
        // A lead event happened on the step's first tick: go back there if the step ran on.
        if (hit < step.lead && step.ticks > 1) this.seek(from + 1);
        return { ticks: this.position - start, stopped: "condition" };
      }
      if (step.ticks === 0) return { ticks: this.position - start, stopped: "halted" };
    }
    return { ticks: this.position - start, stopped: "limit" };
  }

  /** The boot processes running the program a line or label is in, and the addresses it names there. */
  private addressesOf(stop: Extract<BreakCondition, { kind: "line" | "label" }>): Map<number, Set<number>> {
    const targets = new Map<number, Set<number>>();
    this.config.processes.forEach((p, i) => {
      const name = p.programName;
      const program = name === undefined ? undefined : this.programs.get(name);
      if (!program || (stop.program !== undefined && stop.program !== name)) return;
      const addresses =
        stop.kind === "line"
          ? program.listing.filter((l) => l.line === stop.line && l.size > 0).map((l) => l.address)
          : [program.symbols.get(stop.label)].flatMap((a) => (a === undefined ? [] : [Number(a)]));
      if (addresses.length > 0) targets.set(i + 1, new Set(addresses));
    });
    return targets;
  }

  /** Tick by tick until a thread is about to run a target address, or an event matches when `match` is given. */
  private runToAddresses(
    targets: ReadonlyMap<number, ReadonlySet<number>>,
    maxTicks: number,
    match?: (e: TraceEvent) => boolean,
  ): StepResult {
    const start = this.position;
    if (targets.size === 0 && !match) return { ticks: 0, stopped: "limit" };
    while (this.position - start < maxTicks) {
      if (this.machine.halted) return { ticks: this.position - start, stopped: "halted" };
      const step = this.stepOnce(1);
      if (step.ticks === 0) return { ticks: this.position - start, stopped: "halted" };
      if (this.aboutToRun(targets) || (match && step.events.some(match)))
        return { ticks: this.position - start, stopped: "condition" };
    }
    return { ticks: this.position - start, stopped: "limit" };
  }

  /** Whether a thread current on a core is about to execute one of its process's target addresses. */
  private aboutToRun(targets: ReadonlyMap<number, ReadonlySet<number>>): boolean {
    const s = this.machine.state;
    for (const core of s.cores) {
      const t = core.current === null ? undefined : s.threads.get(core.current);
      if (t?.ctx && targets.get(t.pid)?.has(t.ctx.rip)) return true;
    }
    return false;
  }

  stateHash(): string {
    return this.machine.stateHash();
  }

  /** The kernel's state at tick 0, just after boot (what lab goals compare with). */
  initialState(): Readonly<KernelState> {
    return this.history.nearestSnapshot(0).snapshot.state;
  }
}

function eventMatcher(stop: Exclude<BreakCondition, { kind: "line" | "label" }>): (e: TraceEvent) => boolean {
  switch (stop.kind) {
    case "syscall":
      return (e) =>
        e.kind === "syscall" &&
        e.name === stop.name &&
        (stop.error !== undefined ? e.error === stop.error : !stop.errorOnly || e.error !== null);
    case "thread-state":
      return (e) => e.kind === "thread-state";
    case "process-state":
      return (e) => e.kind === "process";
    case "fault":
      return (e) => e.kind === "fault";
    case "irq":
      return (e) => e.kind === "irq";
  }
}
