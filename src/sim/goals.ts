/**
 * Lab goals: whether a scenario's goal checks hold at one moment of a run, and whether a run has
 * finished (nothing left that could change the programs' state). Apart from the session so that pages
 * which only run a machine load none of it.
 *
 * Event goals (syscall, process, ran, noFault, faulted) look at every event so far; the others (console,
 * output, thread, register, memory, cap, framesFree, halted) look at the machine as it is now.
 */
import type { Capability } from "./abi/cap-types";
import { rightsValue } from "./abi/rights";

import { getReg, REG } from "./cpu/contract";
import { freeCount } from "./kernel/pmm";
import type { KernelState, Process, Thread } from "./kernel/state";
import type { Machine } from "./machine/machine";
import type { GoalCheck, Scenario } from "./scenario/schema";
import type { TraceEvent } from "./trace/events";

const U64 = (1n << 64n) - 1n;

/** What a goal compares with the moment the programs started (tick 0, just after boot). */
export interface StartFacts {
  readonly freeFrames: number;
  /** Kernel stack frames of the kernel's own threads: the reaper gives some back later (test-exiter's). */
  readonly kernelStackFrames: number;
}

export function startFacts(state: Readonly<KernelState>): StartFacts {
  return { freeFrames: freeCount(state.pmm), kernelStackFrames: kernelStackFrames(state) };
}

function kernelStackFrames(state: Readonly<KernelState>): number {
  let n = 0;
  for (const t of state.threads.values()) if (t.role !== null) n += t.kernelStack.length;
  return n;
}

/** A number written in a goal (hex, decimal, negative as two's complement) as an unsigned 64-bit value. */
export function goalValue(text: string): bigint {
  const negative = text.startsWith("-");
  const v = BigInt(negative ? text.slice(1) : text);
  return (negative ? -v : v) & U64;
}

export interface GoalStatus {
  readonly description: string;
  readonly met: boolean;
}

/** What goals read of a session: its scenario, the machine now, the events so far, the state at tick 0. */
export interface GoalSession {
  readonly scenario: Pick<Scenario, "goals">;
  readonly current: Machine;
  events(): TraceEvent[];
  initialState(): Readonly<KernelState>;
}

/** Each goal of the scenario, with whether it holds at this moment of the session. */
export function goalStatus(session: GoalSession): GoalStatus[] {
  // The playground asks at every repaint of a run: copy the timeline only when a goal reads it.
  const goals = session.scenario.goals;
  if (goals.length === 0) return [];
  const start = startFacts(session.initialState());
  const events = goals.some((g) => readsEvents(g.check)) ? session.events() : [];
  const met = goalsHold(session.scenario, session.current, events, start);
  return goals.map((g, i) => ({ description: g.description, met: met[i] ?? false }));
}

/** Whether a check looks at the events so far (the others read the machine as it is now). */
export function readsEvents(check: GoalCheck): boolean {
  return (
    "syscall" in check || "process" in check || "ran" in check || "noFault" in check || "faulted" in check
  );
}

/** Every goal of the scenario: does it hold at this moment? `events` are all events up to now. */
export function goalsHold(
  scenario: Pick<Scenario, "goals">,
  machine: Machine,
  events: readonly TraceEvent[],
  start: StartFacts,
): boolean[] {
  return scenario.goals.map((g) => goalHolds(g.check, machine, events, start));
}

export function goalHolds(
  check: GoalCheck,
  machine: Machine,
  events: readonly TraceEvent[],
  start: StartFacts,
): boolean {
  const s = machine.state;
  if ("console" in check) return machine.console.includes(check.console);
  if ("output" in check) return machine.output.includes(check.output);
  if ("syscall" in check) {
    const pids = check.process === undefined ? null : pidsNamed(events, check.process);
    return events.some(
      (e) =>
        e.kind === "syscall" &&
        e.name === check.syscall &&
        (pids === null || pids.has(e.pid)) &&
        (check.result === "ok" ? e.error === null : e.error === check.result),
    );
  }
  if ("thread" in check) {
    return threadsOf(s, check.thread).some((t) => t.run.kind === check.state);
  }
  if ("register" in check) {
    const want = goalValue(check.equals);
    return threadsOf(s, check.process).some(
      (t) => t.ctx !== null && getReg(t.ctx, REG[check.register]) === want,
    );
  }
  if ("memory" in check) {
    const want = goalValue(check.equals) & ((1n << BigInt(8 * check.size)) - 1n);
    return processesNamed(s, check.process).some((p) => {
      const bytes = machine.readUser(p.pid, Number(goalValue(check.memory)), check.size);
      return bytes !== null && littleEndian(bytes) === want;
    });
  }
  if ("cap" in check) {
    return processesNamed(s, check.process).some((p) => capMatches(p.cnode[check.slot], check));
  }
  if ("process" in check) {
    return events.some((e) => e.kind === "process" && e.name === check.process && e.action === check.state);
  }
  if ("framesFree" in check) {
    // Frames the kernel's own threads gave back since the start are not the programs' doing. More free
    // than at the start is no leak either: a process that was there at the start has been reaped.
    const returnedByKernel = start.kernelStackFrames - kernelStackFrames(s);
    return freeCount(s.pmm) - returnedByKernel >= start.freeFrames;
  }
  if ("ran" in check) {
    return events.some((e) => {
      if (e.kind !== "schedule" || e.core !== check.core || e.to === null) return false;
      const t = s.threads.get(e.to);
      return t !== undefined && s.processes.get(t.pid)?.name === check.ran;
    });
  }
  if ("noFault" in check) return !events.some((e) => e.kind === "fault");
  if ("faulted" in check) {
    const pids = pidsNamed(events, check.faulted);
    return events.some((e) => e.kind === "fault" && pids.has(e.pid));
  }
  return (machine.halted !== null) === check.halted;
}

/**
 * Whether nothing is left to run: the machine halted, or no user thread can run again (each is dead or
 * blocked with no event scripted to come), no kernel thread has work, and the reaper's queue is empty.
 * From here on only the idle threads run, so every goal is as it will stay.
 */
export function finished(machine: Machine): boolean {
  const s = machine.state;
  if (s.halted !== null) return true;
  if (s.nextEvent < s.events.length || s.deadQueue.length > 0) return false;
  for (const t of s.threads.values()) {
    if (t.role === "idle" || t.role === "reaper" || t.role === "bsp-main") continue;
    // A thread in upstream's BOOT_QUEUE (as built) is Ready but never runs.
    if (t.run.kind === "Running" || (t.run.kind === "Ready" && t.run.queue === "run")) return false;
  }
  return true;
}

function processesNamed(s: Readonly<KernelState>, name: string): Process[] {
  return [...s.processes.values()].filter((p) => p.name === name);
}

function threadsOf(s: Readonly<KernelState>, processName: string): Thread[] {
  return processesNamed(s, processName).flatMap((p) =>
    p.threads.flatMap((tid) => [s.threads.get(tid)].filter((t): t is Thread => t !== undefined)),
  );
}

/** The PIDs of processes by that name, from the events (a process may have been reaped since). */
function pidsNamed(events: readonly TraceEvent[], name: string): Set<number> {
  const pids = new Set<number>();
  for (const e of events)
    if (e.kind === "process" && e.action === "created" && e.name === name) pids.add(e.pid);
  return pids;
}

function capMatches(cap: Capability | undefined, check: Extract<GoalCheck, { cap: string }>): boolean {
  if (!cap || cap.object.kind !== check.cap) return false;
  return check.rights === undefined || cap.rights === rightsValue(check.rights);
}

function littleEndian(bytes: Uint8Array): bigint {
  let v = 0n;
  for (let i = bytes.length - 1; i >= 0; i--) v = (v << 8n) | BigInt(bytes[i] ?? 0);
  return v;
}

/**
 * A lab's checklist: a goal counts once it has held. A goal with `after` is judged only once that earlier
 * goal has been met, so "frames free as at the start" after "the child is reaped" means after it, not at
 * tick 0 where it trivially holds. Met goals stay met when the reader steps back; `reset` starts over.
 */
export class GoalTracker {
  private readonly reached: boolean[];

  constructor(private readonly scenario: Pick<Scenario, "goals">) {
    this.reached = scenario.goals.map(() => false);
  }

  get met(): readonly boolean[] {
    return this.reached;
  }

  get allMet(): boolean {
    return this.reached.every(Boolean);
  }

  /** Judges the goals at this moment; returns whether a goal was newly met. */
  update(machine: Machine, events: readonly TraceEvent[], start: StartFacts): boolean {
    let changed = false;
    this.scenario.goals.forEach((goal, i) => {
      if (this.reached[i] || (goal.after !== undefined && !this.reached[goal.after - 1])) return;
      if (!goalHolds(goal.check, machine, events, start)) return;
      this.reached[i] = true;
      changed = true;
    });
    return changed;
  }

  reset(): void {
    this.reached.fill(false);
  }
}

/** How a check from the start ended: nothing left to run, the machine halted, or out of ticks. */
export type CheckEnd = "finished" | "halted" | "limit";

/** What a check needs of a session: what goals read, plus stepping forward. */
export type CheckableSession = GoalSession & { forward(): TraceEvent[]; readonly tick: number };

/**
 * A check from where the session is (a fresh one, or one sought back to tick 0): step by step until
 * nothing is left to run, judging the goals after every kernel step. `advance` runs a bounded number of
 * steps so a page can do it between frames.
 */
export class GoalRun {
  readonly tracker: GoalTracker;
  private readonly start: StartFacts;
  private readonly events: TraceEvent[];
  private readonly from: number;

  constructor(
    private readonly session: CheckableSession,
    readonly maxTicks: number,
  ) {
    this.tracker = new GoalTracker(session.scenario);
    this.start = startFacts(session.initialState());
    this.events = session.events();
    this.from = session.tick;
  }

  /** Ticks run since the check began. */
  get ticks(): number {
    return this.session.tick - this.from;
  }

  /** Runs at most `steps` kernel steps; returns how the check ended, or null when it goes on. */
  advance(steps: number): CheckEnd | null {
    for (let n = 0; ; n++) {
      this.tracker.update(this.session.current, this.events, this.start);
      const m = this.session.current;
      if (m.halted !== null) return "halted";
      if (finished(m)) return "finished";
      if (this.ticks >= this.maxTicks) return "limit";
      if (n >= steps) return null;
      for (const e of this.session.forward()) this.events.push(e);
    }
  }
}

/** A whole check at once: what the lab tests assert. */
export function checkGoals(
  session: CheckableSession,
  maxTicks: number,
): { met: readonly boolean[]; end: CheckEnd; ticks: number } {
  const run = new GoalRun(session, maxTicks);
  const end = run.advance(Number.POSITIVE_INFINITY) ?? "limit";
  return { met: run.tracker.met, end, ticks: run.ticks };
}
