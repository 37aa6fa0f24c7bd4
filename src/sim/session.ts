/**
 * A simulator session: one scenario on one machine, with its history. This is what the page's island and
 * the CLI drive: step, step back, run, seek, check goals, share a link to the exact state.
 */
import type { ProfileName } from "./abi/profiles";
import type { MachineConfig } from "./machine/config";
import { Machine } from "./machine/machine";
import { BUILTIN_SCENARIOS } from "./scenario/builtins";
import { compileScenario } from "./scenario/compile";
import { parseScenario, type Scenario } from "./scenario/schema";
import type { TraceEvent } from "./trace/events";
import { History } from "./trace/history";

export type SessionResult = { ok: true; session: Session } | { ok: false; errors: string[] };

export interface GoalStatus {
  readonly description: string;
  readonly met: boolean;
}

export class Session {
  private machine: Machine;
  readonly history: History;
  private position = 0;

  private constructor(
    readonly scenario: Scenario,
    readonly config: MachineConfig,
    readonly bootEvents: TraceEvent[],
    machine: Machine,
    snapshotInterval: number,
  ) {
    this.machine = machine;
    this.history = new History(machine.snapshot(), snapshotInterval);
  }

  /** From a built-in id, a scenario object or JSON text; never throws. */
  static open(
    input: string | object,
    options: { profile?: ProfileName; snapshotInterval?: number } = {},
  ): SessionResult {
    const builtin = typeof input === "string" ? BUILTIN_SCENARIOS[input] : undefined;
    if (typeof input === "string" && !builtin && !input.trimStart().startsWith("{")) {
      return {
        ok: false,
        errors: [`no built-in scenario "${input}"; known: ${Object.keys(BUILTIN_SCENARIOS).join(", ")}`],
      };
    }
    const parsed = parseScenario(builtin ?? input);
    if (!parsed.ok) return parsed;
    const compiled = compileScenario(parsed.scenario, options.profile);
    if (!compiled.ok) return { ok: false, errors: compiled.errors };
    const { machine, bootEvents } = Machine.boot(compiled.config);
    return {
      ok: true,
      session: new Session(
        parsed.scenario,
        compiled.config,
        bootEvents,
        machine,
        options.snapshotInterval ?? 2000,
      ),
    };
  }

  get step(): number {
    return this.position;
  }

  get current(): Machine {
    return this.machine;
  }

  /** One step forward: replays recorded history when there is some, otherwise runs the machine. */
  forward(): TraceEvent[] {
    const events = this.machine.step();
    this.position++;
    if (this.position > this.history.length) this.history.record(this.position, events, this.machine);
    return events;
  }

  /** Runs until `maxSteps` steps have run, the machine halts, or simulated time reaches `untilCycle`. */
  run(maxSteps: number, untilCycle = Number.POSITIVE_INFINITY): number {
    let n = 0;
    while (n < maxSteps && !this.machine.halted && this.machine.cycle < untilCycle) {
      this.forward();
      n++;
    }
    return n;
  }

  /** Goes to step n, backwards or forwards, exactly. */
  seek(n: number): void {
    const target = Math.max(0, Math.floor(n));
    if (target < this.position || target - this.position > this.history.interval) {
      const { step, snapshot } = this.history.nearestSnapshot(target);
      if (step > this.position || target < this.position) {
        this.machine = Machine.restore(snapshot);
        this.position = step;
      }
    }
    while (this.position < target) {
      if (this.machine.halted && this.position >= this.history.length) break;
      this.forward();
    }
  }

  stepBack(): void {
    if (this.position > 0) this.seek(this.position - 1);
  }

  stateHash(): string {
    return this.machine.stateHash();
  }

  /** Every event up to the current step, boot included. */
  events(): TraceEvent[] {
    return [...this.bootEvents, ...this.history.events.slice(0, this.position).flat()];
  }

  goals(): GoalStatus[] {
    const events = this.events();
    const console = this.machine.console;
    return this.scenario.goals.map((g) => {
      const c = g.check;
      let met = false;
      if ("console" in c) met = console.includes(c.console);
      else if ("syscall" in c) {
        met = events.some(
          (e) =>
            e.kind === "syscall" &&
            e.name === c.syscall &&
            (c.result === "ok" ? e.error === null : e.error === c.result),
        );
      } else if ("process" in c) {
        met = events.some((e) => e.kind === "process" && e.name === c.process && e.action === c.state);
      } else met = (this.machine.halted !== null) === c.halted;
      return { description: g.description, met };
    });
  }
}
