/**
 * A simulator session opened from a scenario: a built-in id, an object or JSON text, validated, assembled
 * and booted. Everything else a session does is SessionCore's (session-core.ts).
 */
import type { ProfileName } from "./abi/profiles";
import type { AsmError } from "./asm/errors";
import { bootMachine } from "./machine/boot";
import { CATALOG } from "./programs/catalog";
import { compileScenario, type GuestCompiler } from "./scenario/compile";
import { parseScenario } from "./scenario/schema";
import { SessionCore } from "./session-core";
import { DEFAULT_SNAPSHOTS, type SnapshotPolicy } from "./trace/history";

export {
  type BootedScenario,
  type BreakCondition,
  SessionCore,
  STEP_SEARCH_TICKS,
  type StepResult,
  type TimedEvent,
} from "./session-core";

export type SessionResult =
  | { ok: true; session: Session }
  /** Assembler errors come twice: in words in `errors`, and with line and column per program for an editor. */
  | { ok: false; errors: string[]; asmErrors: { program: string; errors: AsmError[] }[] };

export class Session extends SessionCore {
  /** From a built-in id, a scenario object or JSON text; never throws. */
  static open(
    input: string | object,
    options: {
      profile?: ProfileName;
      snapshots?: Partial<SnapshotPolicy>;
      compileGuest?: GuestCompiler;
    } = {},
  ): SessionResult {
    const builtin = typeof input === "string" ? CATALOG.scenarios.get(input) : undefined;
    if (typeof input === "string" && !builtin && !input.trimStart().startsWith("{")) {
      return {
        ok: false,
        errors: [`no built-in scenario "${input}"; known: ${[...CATALOG.scenarios.keys()].join(", ")}`],
        asmErrors: [],
      };
    }
    const parsed = parseScenario(builtin ?? input);
    if (!parsed.ok) return { ...parsed, asmErrors: [] };
    const compiled = compileScenario(parsed.scenario, options.profile, options.compileGuest);
    if (!compiled.ok) return compiled;
    const { machine, bootEvents, problems } = bootMachine(compiled.config);
    if (problems.length > 0) return { ok: false, errors: [...problems], asmErrors: [] };
    const policy = { ...DEFAULT_SNAPSHOTS, ...options.snapshots };
    return {
      ok: true,
      session: new Session(parsed.scenario, compiled.config, compiled.programs, machine, bootEvents, policy),
    };
  }
}
