/**
 * The one door from the page to the engine's core: what an embed needs to run a scenario compiled at
 * build time (no parser, no assembler, no built-in catalog). engine.ts adds opening scenarios from text.
 * The engine's SessionCore does the work (exact time travel at instruction granularity, breakpoints);
 * this adds what only the page needs: "the run has ended", the program behind a process.
 */
import { errorOffset, formatU64 } from "../../../sim/abi/errors";
import type { ProfileName, SwitchKey } from "../../../sim/abi/profiles";
import { formatRights } from "../../../sim/abi/rights";
import { SYSCALL_TABLE } from "../../../sim/abi/syscall-table";
import type { Program } from "../../../sim/asm/assembler";
import type { AsmError } from "../../../sim/asm/errors";
import { getReg, REG, REG_NAMES, type UserContext } from "../../../sim/cpu/contract";
import type { GoalStatus } from "../../../sim/goals";
import { mappings } from "../../../sim/kernel/address-space";
import type { KernelState } from "../../../sim/kernel/state";
import type { Machine } from "../../../sim/machine/machine";
import type { GuestCompiler } from "../../../sim/scenario/compile";
import { PAGE_EVENTS } from "../../../sim/scenario/limits";
import type { Scenario, ScenarioInput } from "../../../sim/scenario/schema";
import {
  type BootedScenario,
  type BreakCondition,
  SessionCore,
  type StepResult,
  type TimedEvent,
} from "../../../sim/session-core";
import type { TraceEvent, TraceEventKind } from "../../../sim/trace/events";

export type {
  AsmError,
  BreakCondition,
  GoalStatus,
  GuestCompiler,
  KernelState,
  Machine,
  ProfileName,
  Program,
  Scenario,
  ScenarioInput,
  StepResult,
  SwitchKey,
  TimedEvent,
  TraceEvent,
  TraceEventKind,
  UserContext,
};
export { errorOffset, formatRights, formatU64, getReg, mappings, REG, REG_NAMES, SYSCALL_TABLE };

export type OpenResult =
  | { ok: true; session: EngineSession }
  | { ok: false; errors: string[]; asmErrors: { program: string; errors: AsmError[] }[] };

/** How many events one session in the page records before a run pauses (LIMITS.pageEvents). */
export const PAGE_EVENT_LIMIT = PAGE_EVENTS;

/** A scenario's machine as the build booted it for a page (see SessionCore.resume). */
export type CompiledScenario = BootedScenario;

/** Judges a scenario's goals; engine.ts passes goals.ts's, so an embed (which shows none) never loads it. */
export type GoalJudge = (s: SessionCore) => GoalStatus[];

export class EngineSession {
  constructor(
    private readonly s: SessionCore,
    private readonly judge?: GoalJudge,
  ) {}

  /** A session on a machine the build booted for this page. */
  static fromCompiled(c: CompiledScenario): OpenResult {
    return { ok: true, session: new EngineSession(SessionCore.resume(c)) };
  }

  get scenario(): Scenario {
    return this.s.scenario;
  }

  get programs(): ReadonlyMap<string, Program> {
    return this.s.programs;
  }

  get tick(): number {
    return this.s.tick;
  }

  /** Ticks recorded so far: the end of the timeline. */
  get length(): number {
    return this.s.length;
  }

  /** True once the machine has halted and the reader is at the end of the run. */
  get ended(): boolean {
    return this.s.current.halted !== null && this.s.tick >= this.s.length;
  }

  get current(): Machine {
    return this.s.current;
  }

  stateHash(): string {
    return this.s.stateHash();
  }

  timeline(): readonly TimedEvent[] {
    return this.s.timeline();
  }

  eventsBefore(tick: number): number {
    return this.s.eventsBefore(tick);
  }

  advance(maxTicks: number): number {
    return this.s.advance(maxTicks);
  }

  stepInstruction(core: number, maxTicks?: number): StepResult {
    return this.s.stepInstruction(core, maxTicks);
  }

  stepEvent(kinds: readonly TraceEventKind[], maxTicks?: number): StepResult {
    return this.s.stepEvent(kinds, maxTicks);
  }

  runUntil(stop: BreakCondition | readonly BreakCondition[], maxTicks: number): StepResult {
    return this.s.runUntil(stop, maxTicks);
  }

  seek(tick: number): void {
    this.s.seek(tick);
  }

  stepBack(): void {
    this.s.stepBack();
  }

  /** One whole kernel step forward; its events. */
  forward(): TraceEvent[] {
    return this.s.forward();
  }

  /** Every event up to the current tick. */
  events(): TraceEvent[] {
    return this.s.events();
  }

  /** The kernel's state at tick 0. */
  initialState(): Readonly<KernelState> {
    return this.s.initialState();
  }

  /** The scenario's goals now; none where no judge was given (an embed). */
  goals(): GoalStatus[] {
    return this.judge?.(this.s) ?? [];
  }

  /** The scenario program a process was started from, by its name. */
  programOf(processName: string): string | undefined {
    return this.s.scenario.processes.find((p) => p.name === processName)?.program;
  }
}
