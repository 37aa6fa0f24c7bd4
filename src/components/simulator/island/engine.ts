/**
 * The one door from the page to the engine: everything the island needs from src/sim comes through here.
 * The engine's Session does the work (exact time travel at instruction granularity, breakpoints); this
 * adds what only the page needs: a flag for "the run has ended", the program behind a process, the words
 * of a syscall error.
 */
import { errorOffset, formatU64 } from "../../../sim/abi/errors";
import { PROFILE_SWITCHES, type ProfileName, type SwitchKey } from "../../../sim/abi/profiles";
import { formatRights } from "../../../sim/abi/rights";
import { SYSCALLS } from "../../../sim/abi/syscalls";
import type { Program } from "../../../sim/asm/assembler";
import type { AsmError } from "../../../sim/asm/errors";
import { preludeSymbols } from "../../../sim/asm/prelude";
import { getReg, REG, REG_NAMES, type UserContext } from "../../../sim/cpu/contract";
import { ALIASES, OPS } from "../../../sim/cpu/isa";
import type { KernelState } from "../../../sim/kernel/state";
import type { Machine } from "../../../sim/machine/machine";
import { CATALOG } from "../../../sim/programs/catalog";
import { PROGRAMS } from "../../../sim/programs/programs";
import { BUILTIN_SCENARIOS } from "../../../sim/scenario/builtins";
import type { GuestCompiler } from "../../../sim/scenario/compile";
import { parseScenario, type Scenario, type ScenarioInput } from "../../../sim/scenario/schema";
import {
  type BreakCondition,
  type GoalStatus,
  Session,
  type StepResult,
  type TimedEvent,
} from "../../../sim/session";
import { firstDivergence } from "../../../sim/trace/diff";
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

export type OpenResult =
  | { ok: true; session: EngineSession }
  | { ok: false; errors: string[]; asmErrors: { program: string; errors: AsmError[] }[] };

export class EngineSession {
  private constructor(private readonly s: Session) {}

  /** From a built-in id, a scenario object or JSON text; never throws. */
  static open(
    input: string | object,
    options: { profile?: ProfileName; compileGuest?: GuestCompiler } = {},
  ): OpenResult {
    const r = Session.open(input, options);
    return r.ok ? { ok: true, session: new EngineSession(r.session) } : r;
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

  goals(): GoalStatus[] {
    return this.s.goals();
  }

  /** The scenario program a process was started from, by its name. */
  programOf(processName: string): string | undefined {
    return this.s.scenario.processes.find((p) => p.name === processName)?.program;
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
    out[name] = "source" in p ? p.source : (CATALOG.programs.get(p.builtin) ?? "");
  }
  return out;
}

export function syscallError(name: string, error: string) {
  const spec = SYSCALLS.find((s) => s.name === name);
  const e = spec?.errors.find((x) => x.name === error);
  return e ? { offset: e.offset, meaning: e.meaning } : undefined;
}
