/**
 * The page's door to the whole engine: engine-core.ts plus opening scenarios from text (validated and
 * assembled in the page), the built-in catalog, the assembler's tables for the editor, and the comparison
 * of the two kernels.
 */
import { PROFILE_SWITCHES, type ProfileName } from "../../../sim/abi/profiles";
import { SYSCALLS } from "../../../sim/abi/syscalls";
import { preludeSymbols } from "../../../sim/asm/prelude";
import { ALIASES, OPS } from "../../../sim/cpu/isa";
import { goalStatus } from "../../../sim/goals";
import { CATALOG } from "../../../sim/programs/catalog";
import { PROGRAMS } from "../../../sim/programs/programs";
import { BUILTIN_SCENARIOS } from "../../../sim/scenario/builtins";
import type { GuestCompiler } from "../../../sim/scenario/compile";
import { parseScenario, type ScenarioInput } from "../../../sim/scenario/schema";
import { Session } from "../../../sim/session";
import { type Divergence, DivergenceSearch } from "../../../sim/trace/diff";
import { EngineSession, type OpenResult } from "./engine-core";

export * from "./engine-core";
export {
  ALIASES,
  BUILTIN_SCENARIOS,
  OPS,
  PROFILE_SWITCHES,
  PROGRAMS,
  parseScenario,
  preludeSymbols,
  SYSCALLS,
};

/** From a built-in id, a scenario object or JSON text; never throws. */
export function openScenario(
  input: string | object,
  options: { profile?: ProfileName; compileGuest?: GuestCompiler } = {},
): OpenResult {
  const r = Session.open(input, options);
  return r.ok ? { ok: true, session: new EngineSession(r.session, goalStatus) } : r;
}

/**
 * A search for where the two kernels part for these programs (the first differing event, and the switch
 * behind it), to run a few steps at a time; or why the programs cannot run.
 */
export function divergenceSearch(scenario: object, maxSteps = 20_000): DivergenceSearch | string {
  const a = Session.open(scenario, { profile: "as-built" });
  const b = Session.open(scenario, { profile: "design" });
  if (!a.ok) return a.errors.join("; ");
  if (!b.ok) return b.errors.join("; ");
  return new DivergenceSearch(a.session, b.session, maxSteps);
}

export type { Divergence, DivergenceSearch };

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
