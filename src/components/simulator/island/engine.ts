/**
 * The one door from the page to the engine. Everything the island needs from src/sim comes through here,
 * shaped like the engine contract (tick-level time travel, breakpoints), so that switching to the engine's
 * own API touches this file only.
 *
 * Until the engine has ticks, this adapter builds them from today's API: the machine steps in slices (a
 * kernel step runs one thread until a syscall, a fault, the end of its quantum or the next device event),
 * and a slice of a user thread that retires n instructions counts as n ticks (a kernel or idle slice as
 * one). The state at a tick inside a slice is computed, not approximated: the machine at the slice's start
 * is copied and stepped once with the CPU stopped after k instructions. The live machine only ever moves
 * whole slices, so runs are the engine's own, bit for bit.
 */
import { errorOffset, formatU64 } from "../../../sim/abi/errors";
import { PROFILE_SWITCHES, type ProfileName, type SwitchKey } from "../../../sim/abi/profiles";
import { formatRights } from "../../../sim/abi/rights";
import { SYSCALLS } from "../../../sim/abi/syscalls";
import type { Program } from "../../../sim/asm/assembler";
import type { AsmError } from "../../../sim/asm/errors";
import { preludeSymbols } from "../../../sim/asm/prelude";
import {
  getReg,
  REG,
  REG_NAMES,
  type RunResult,
  type RunUser,
  type UserContext,
} from "../../../sim/cpu/contract";
import { runUser } from "../../../sim/cpu/cpu";
import { ALIASES, OPS } from "../../../sim/cpu/isa";
import type { KernelState } from "../../../sim/kernel/state";
import type { MachineConfig } from "../../../sim/machine/config";
import { Machine, type MachineSnapshot } from "../../../sim/machine/machine";
import { PROGRAMS } from "../../../sim/programs/programs";
import { BUILTIN_SCENARIOS } from "../../../sim/scenario/builtins";
import { compileScenario } from "../../../sim/scenario/compile";
import { parseScenario, type Scenario, type ScenarioInput } from "../../../sim/scenario/schema";
import { Session } from "../../../sim/session";
import { firstDivergence } from "../../../sim/trace/diff";
import type { TraceEvent, TraceEventKind } from "../../../sim/trace/events";

export type {
  AsmError,
  KernelState,
  Machine,
  ProfileName,
  Program,
  Scenario,
  ScenarioInput,
  SwitchKey,
  TraceEvent,
  TraceEventKind,
  UserContext,
};
export {
  ALIASES,
  BUILTIN_SCENARIOS,
  errorOffset,
  formatRights,
  formatU64,
  getReg,
  OPS,
  PROFILE_SWITCHES,
  PROGRAMS,
  parseScenario,
  preludeSymbols,
  REG,
  REG_NAMES,
  SYSCALLS,
};

export type TimedEvent = { readonly tick: number; readonly event: TraceEvent };
export type StepResult = { ticks: number; stopped: "condition" | "halted" | "limit" };
export type BreakCondition =
  | { kind: "line"; program: string; line: number }
  | { kind: "syscall"; name: string; errorOnly: boolean }
  | { kind: "thread-state" }
  | { kind: "process-state" }
  | { kind: "fault" }
  | { kind: "irq" };

export type OpenResult =
  | { ok: true; session: EngineSession }
  | { ok: false; errors: string[]; asmErrors: { program: string; errors: AsmError[] }[] };

export interface GoalStatus {
  readonly description: string;
  readonly met: boolean;
}

/**
 * Snapshot spacing: this many ticks or slices apart, doubled whenever there are too many. Replaying a
 * million ticks to seek takes about 10 ms; snapshotting more often makes garbage (GC pauses) at full speed.
 */
const SNAPSHOT_TICKS = 1_000_000;
const SNAPSHOT_SLICES = 2_000;
const MAX_SNAPSHOTS = 256;

/** What the CPU wrapper saw during the last slice. */
interface Probe {
  ran: boolean;
  executed: number;
  /** Line breakpoints: addresses per process, and the first hit (instructions into the slice), or -1. */
  watch: Map<number, Set<number>> | null;
  watchFrom: number;
  hit: number;
}

export class EngineSession {
  private machine: Machine;
  /** Slices applied to `machine` (0 = just after boot). */
  private cursor = 0;
  private position = 0;
  /** The machine at `position` when it lies inside a slice; otherwise `machine`. */
  private partial: Machine | null = null;
  /** ends[i] = tick at the end of slice i (ends[0] = 0, boot). */
  private readonly ends: number[] = [0];
  private readonly sliceCore: number[] = [-1];
  private readonly sliceUser: boolean[] = [false];
  private readonly events: TimedEvent[] = [];
  private readonly snapshots = new Map<number, MachineSnapshot>();
  private snapTicks = SNAPSHOT_TICKS;
  private snapSlices = SNAPSHOT_SLICES;
  private lastSnap = 0;
  private finished = false;
  private readonly probe: Probe = { ran: false, executed: 0, watch: null, watchFrom: 0, hit: -1 };
  private readonly runner: RunUser;
  private goalSeen = 0;
  private readonly goalTicks: (number | undefined)[] = [];

  private constructor(
    readonly scenario: Scenario,
    readonly config: MachineConfig,
    readonly programs: ReadonlyMap<string, Program>,
  ) {
    this.runner = (ctx, mem, budget) => this.run(ctx, mem, budget);
    const boot = Machine.boot(config, this.runner);
    this.machine = boot.machine;
    for (const event of boot.bootEvents) this.events.push({ tick: 0, event });
    this.snapshots.set(0, this.machine.snapshot());
  }

  /** From a built-in id, a scenario object or JSON text; never throws. */
  static open(input: string | object, options: { profile?: ProfileName } = {}): OpenResult {
    const builtin = typeof input === "string" ? BUILTIN_SCENARIOS[input] : undefined;
    if (typeof input === "string" && !builtin && !input.trimStart().startsWith("{")) {
      return { ok: false, errors: [`no built-in scenario "${input}"`], asmErrors: [] };
    }
    const parsed = parseScenario(builtin ?? input);
    if (!parsed.ok) return { ...parsed, asmErrors: [] };
    const compiled = compileScenario(parsed.scenario, options.profile);
    if (!compiled.ok) return compiled;
    return { ok: true, session: new EngineSession(parsed.scenario, compiled.config, compiled.programs) };
  }

  get tick(): number {
    return this.position;
  }

  /** Ticks recorded so far: the end of the timeline. */
  get length(): number {
    return this.ends[this.ends.length - 1] ?? 0;
  }

  /** True once the machine has halted and the whole run is recorded. */
  get ended(): boolean {
    return this.finished;
  }

  get current(): Machine {
    return this.partial ?? this.machine;
  }

  stateHash(): string {
    return this.current.stateHash();
  }

  timeline(): readonly TimedEvent[] {
    return this.events;
  }

  /** How many timeline events happened at or before `tick`. */
  eventsBefore(tick: number): number {
    let lo = 0;
    let hi = this.events.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((this.events[mid]?.tick ?? 0) <= tick) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** The core a tick ran on (-1 for boot), for "step on this core". */
  coreAt(tick: number): number {
    return this.sliceCore[this.sliceOf(tick)] ?? -1;
  }

  /** Forward at most `maxTicks` ticks (stops at a halt); returns the ticks run. */
  advance(maxTicks: number): number {
    const start = this.position;
    const target = start + Math.max(0, Math.floor(maxTicks));
    while (!this.finished) {
      const next = this.cursor + 1;
      if (next < this.ends.length) {
        if ((this.ends[next] ?? 0) > target) break;
        this.toBoundary(next);
        continue;
      }
      const left = target - (this.ends[this.cursor] ?? 0);
      if (left <= 0) break;
      if (left > this.machine.state.quantum + 1) {
        this.recordNext(); // a slice is at most one quantum: it cannot pass the target
        continue;
      }
      // The next slice may pass the target: record it from a copy and keep the machine at its start.
      const before = this.machine.snapshot();
      if (this.recordNext() && (this.ends[this.cursor] ?? 0) > target) {
        this.machine = Machine.restore(before, this.runner);
        this.cursor--;
      }
      break;
    }
    this.seek(Math.min(target, this.length));
    return this.position - start;
  }

  /** Until the thread on `core` retires one instruction (or a kernel or idle slice there ends). */
  stepInstruction(core: number, maxTicks = 50_000_000): StepResult {
    const start = this.position;
    if (core < 0) return this.finish(start, this.advance(1) > 0 ? "condition" : "halted");
    for (let i = this.sliceOf(start + 1); ; i++) {
      if (!this.ensureRecorded(i)) {
        this.seek(this.length);
        return this.finish(start, "halted");
      }
      if (this.sliceCore[i] === core) {
        this.seek(Math.max(start + 1, (this.ends[i - 1] ?? 0) + 1));
        return this.finish(start, "condition");
      }
      if ((this.ends[i] ?? 0) - start > maxTicks) {
        this.seek(start + maxTicks);
        return this.finish(start, "limit");
      }
    }
  }

  /** Until the next tick that produces an event of one of `kinds`. */
  stepEvent(kinds: readonly TraceEventKind[], maxTicks = 50_000_000): StepResult {
    const set = new Set(kinds);
    return this.scan((e) => set.has(e.kind), [], maxTicks);
  }

  /** Until any of the conditions holds (the contract takes one; the page asks for its whole list at once). */
  runUntil(stop: BreakCondition | readonly BreakCondition[], maxTicks: number): StepResult {
    const conds = Array.isArray(stop) ? stop : [stop as BreakCondition];
    const lines = conds.filter((c): c is Extract<BreakCondition, { kind: "line" }> => c.kind === "line");
    const others = conds.filter((c) => c.kind !== "line");
    const match = (e: TraceEvent) =>
      others.some((c) => {
        switch (c.kind) {
          case "syscall":
            return e.kind === "syscall" && e.name === c.name && (!c.errorOnly || e.error !== null);
          case "thread-state":
            return e.kind === "thread-state";
          case "process-state":
            return e.kind === "process";
          case "fault":
            return e.kind === "fault";
          case "irq":
            return e.kind === "irq";
          default:
            return false;
        }
      });
    return this.scan(match, lines, maxTicks);
  }

  /** Goes to `tick` exactly, backwards or forwards (forwards at most to the end of what can run). */
  seek(tick: number): void {
    let target = Math.max(0, Math.floor(tick));
    while (target > this.length && !this.finished) {
      this.toBoundary(this.ends.length - 1);
      if (!this.recordNext()) break;
    }
    target = Math.min(target, this.length);
    const i = this.sliceOf(target);
    const end = this.ends[i] ?? 0;
    if (end === target) {
      this.toBoundary(i);
      this.partial = null;
    } else {
      // Inside slice i: copy the machine at its start and stop the CPU after k instructions.
      this.toBoundary(i - 1);
      const k = target - (this.ends[i - 1] ?? 0);
      const copy = Machine.restore({ state: this.machine.state as KernelState }, (ctx, mem, budget) =>
        runUser(ctx, mem, Math.min(budget, k)),
      );
      copy.step();
      this.partial = copy;
    }
    this.position = target;
  }

  stepBack(): void {
    if (this.position > 0) this.seek(this.position - 1);
  }

  goals(): GoalStatus[] {
    const m = this.current;
    // Event goals: the first tick each is met, found once over the timeline as it grows.
    for (; this.goalSeen < this.events.length; this.goalSeen++) {
      const t = this.events[this.goalSeen];
      if (!t) continue;
      const e = t.event;
      this.scenario.goals.forEach((g, i) => {
        if (this.goalTicks[i] !== undefined) return;
        const c = g.check;
        const hit =
          ("syscall" in c &&
            e.kind === "syscall" &&
            e.name === c.syscall &&
            (c.result === "ok" ? e.error === null : e.error === c.result)) ||
          ("process" in c && e.kind === "process" && e.name === c.process && e.action === c.state);
        if (hit) this.goalTicks[i] = t.tick;
      });
    }
    return this.scenario.goals.map((g, i) => {
      const c = g.check;
      let met: boolean;
      if ("console" in c) met = m.console.includes(c.console);
      else if ("halted" in c) met = (m.halted !== null) === c.halted;
      else met = (this.goalTicks[i] ?? Number.POSITIVE_INFINITY) <= this.position;
      return { description: g.description, met };
    });
  }

  // ---- internals ------------------------------------------------------------------------------------

  /** The CPU, wrapped: counts what a slice retired and, with line breakpoints, where a watched address ran. */
  private run(ctx: UserContext, mem: Parameters<RunUser>[1], budget: number) {
    const p = this.probe;
    p.ran = true;
    const watched = p.watch ? this.watchedFor(ctx) : undefined;
    if (!watched) {
      const r = runUser(ctx, mem, budget);
      p.executed = r.executed;
      return r;
    }
    // One instruction at a time (the same result as one call: the CPU keeps no state between calls).
    let executed = 0;
    let r: RunResult;
    for (;;) {
      if (p.hit < 0 && executed >= p.watchFrom && watched.has(ctx.rip)) p.hit = executed;
      r = runUser(ctx, mem, 1);
      executed += r.executed;
      if (r.stop.kind !== "budget" || executed >= budget || r.executed === 0) break;
    }
    p.executed = executed;
    return { executed, stop: r.stop };
  }

  private watchedFor(ctx: UserContext): Set<number> | undefined {
    for (const t of this.machine.state.threads.values()) {
      if (t.ctx === ctx) return this.probe.watch?.get(t.pid);
    }
    return undefined;
  }

  /** The slice that holds `tick` (slice 0 is boot, tick 0). */
  private sliceOf(tick: number): number {
    let lo = 0;
    let hi = this.ends.length - 1;
    if (tick > (this.ends[hi] ?? 0)) return hi + 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((this.ends[mid] ?? 0) >= tick) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }

  /** Moves the live machine to the end of slice `i` (replaying recorded slices). */
  private toBoundary(i: number): void {
    const target = Math.max(0, Math.min(i, this.ends.length - 1));
    if (target < this.cursor || target - this.cursor > this.snapSlices) {
      let best = 0;
      for (const k of this.snapshots.keys()) if (k <= target && k > best) best = k;
      if (target < this.cursor || best > this.cursor) {
        const snap = this.snapshots.get(best);
        if (snap) {
          this.machine = Machine.restore(snap, this.runner);
          this.cursor = best;
        }
      }
    }
    while (this.cursor < target) this.applyNext();
  }

  /** Applies the next slice: replays it when recorded, else records it. False when the machine halted. */
  private applyNext(): boolean {
    if (this.cursor + 1 < this.ends.length) {
      this.machine.step();
      this.cursor++;
      return true;
    }
    return this.recordNext();
  }

  private recordNext(): boolean {
    if (this.finished || this.machine.halted) {
      this.finished = true;
      return false;
    }
    this.probe.ran = false;
    this.probe.executed = 0;
    const core = this.nextCore();
    const out = this.machine.step();
    const ticks = this.probe.ran ? Math.max(1, this.probe.executed) : 1;
    const end = (this.ends[this.ends.length - 1] ?? 0) + ticks;
    this.ends.push(end);
    this.sliceCore.push(core);
    this.sliceUser.push(this.probe.ran);
    for (const event of out) this.events.push({ tick: end, event });
    this.cursor = this.ends.length - 1;
    if (this.machine.halted) this.finished = true;
    if (end - this.lastSnap >= this.snapTicks || this.cursor % this.snapSlices === 0) {
      this.snapshots.set(this.cursor, this.machine.snapshot());
      this.lastSnap = end;
      if (this.snapshots.size > MAX_SNAPSHOTS) this.thinSnapshots();
    }
    return true;
  }

  /** Keeps every other snapshot and doubles the spacing: memory stays bounded on long runs. */
  private thinSnapshots(): void {
    const keys = [...this.snapshots.keys()].sort((a, b) => a - b);
    keys.forEach((k, n) => {
      if (k !== 0 && n % 2 === 1) this.snapshots.delete(k);
    });
    this.snapTicks *= 2;
    this.snapSlices *= 2;
  }

  /** The core the kernel will step next: the scheduling core furthest behind (Kernel.step's choice). */
  private nextCore(): number {
    const cores = this.machine.state.cores;
    let best = cores[0];
    for (const c of cores) if (c.schedules && best && c.clock < best.clock) best = c;
    return best?.id ?? 0;
  }

  /** Makes sure slice `i` is recorded; false when the run ended before it. */
  private ensureRecorded(i: number): boolean {
    while (i >= this.ends.length) {
      if (this.finished) return false;
      this.toBoundary(this.ends.length - 1);
      if (!this.recordNext()) return false;
    }
    return true;
  }

  /**
   * Walks slices after the current tick until an event matches or a watched line is about to run. The live
   * machine replays or records each slice; the answer's tick is then reached with seek.
   */
  private scan(
    match: (e: TraceEvent) => boolean,
    lines: readonly { program: string; line: number }[],
    maxTicks: number,
  ): StepResult {
    const start = this.position;
    const limit = start + Math.max(1, maxTicks);
    const watch = this.watchMap(lines);
    let found = -1;
    try {
      let i = this.sliceOf(start + 1);
      // Replay up to the slice before i, so the probe sees slice i run.
      this.toBoundary(Math.min(i - 1, this.ends.length - 1));
      while (found < 0) {
        if (this.finished && i >= this.ends.length) break;
        const before = this.ends[i - 1] ?? 0;
        if (before >= limit) break;
        this.probe.watch = watch;
        this.probe.hit = -1;
        this.probe.watchFrom = Math.max(0, start + 1 - before);
        if (!this.applyNext()) break;
        this.probe.watch = null;
        if (this.probe.hit >= 0) found = before + this.probe.hit;
        else {
          const end = this.ends[i] ?? 0;
          const from = this.eventsBefore(end - 1);
          for (let n = from; n < this.events.length && (this.events[n]?.tick ?? 0) === end; n++) {
            const e = this.events[n];
            if (e && end > start && match(e.event)) {
              found = end;
              break;
            }
          }
        }
        i++;
      }
    } finally {
      this.probe.watch = null;
    }
    if (found >= 0) {
      this.seek(found);
      return this.finish(start, "condition");
    }
    // Out of budget: stay at the slice boundary just reached (at most one slice past the limit), so a
    // run in chunks never rewinds to land exactly.
    if ((this.ends[this.cursor] ?? 0) > start) {
      this.partial = null;
      this.position = this.ends[this.cursor] ?? 0;
    }
    return this.finish(start, this.finished && this.position >= this.length ? "halted" : "limit");
  }

  private watchMap(lines: readonly { program: string; line: number }[]): Map<number, Set<number>> | null {
    if (lines.length === 0) return null;
    const map = new Map<number, Set<number>>();
    for (const [pid, proc] of this.machine.state.processes) {
      const program = this.programOf(proc.name);
      if (!program) continue;
      const prog = this.programs.get(program);
      for (const l of lines) {
        if (l.program !== program) continue;
        const row = prog?.listing.find((r) => r.line === l.line && r.size === 16);
        if (row) {
          const set = map.get(pid) ?? new Set<number>();
          set.add(row.address);
          map.set(pid, set);
        }
      }
    }
    return map.size > 0 ? map : null;
  }

  /** The scenario program a process was started from, by its name. */
  programOf(processName: string): string | undefined {
    return this.scenario.processes.find((p) => p.name === processName)?.program;
  }

  private finish(start: number, stopped: StepResult["stopped"]): StepResult {
    return { ticks: this.position - start, stopped };
  }
}

/** Where the two kernels part for these programs: the first differing event, and the switch behind it. */
export function divergence(
  scenario: object,
  maxSteps = 20_000,
): { cycle: number; asBuilt: string; design: string; switchKey: SwitchKey | undefined } | null | string {
  const a = Session.open(scenario, { profile: "as-built" });
  const b = Session.open(scenario, { profile: "design" });
  if (!a.ok) return a.errors.join("; ");
  if (!b.ok) return b.errors.join("; ");
  const d = firstDivergence(a.session, b.session, maxSteps);
  return d ? { cycle: d.cycle, asBuilt: d.asBuilt, design: d.design, switchKey: d.switchKey } : null;
}

/** The source of every program of a scenario (built-in programs resolved to their text). */
export function programSources(scenario: ScenarioInput): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, p] of Object.entries(scenario.programs)) {
    out[name] = "source" in p ? p.source : (PROGRAMS[p.builtin] ?? "");
  }
  return out;
}

export function syscallError(name: string, error: string) {
  const spec = SYSCALLS.find((s) => s.name === name);
  const e = spec?.errors.find((x) => x.name === error);
  return e ? { offset: e.offset, meaning: e.meaning } : undefined;
}
