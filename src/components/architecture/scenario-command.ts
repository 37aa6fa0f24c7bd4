/**
 * The simulator commands architecture pages show, checked against the built-in scenarios so a page can
 * never print a command that fails.
 */
import { PROFILE_NAMES, type ProfileName } from "../../sim/abi/profiles";
import { BUILTIN_SCENARIOS } from "../../sim/scenario/builtins";

export interface ScenarioRun {
  readonly id: string;
  readonly command?: "run" | "diff";
  readonly profile?: ProfileName;
  readonly trace?: boolean;
}

/** The `npx mnos-sim` command line for one run; throws on an unknown scenario or a bad option. */
export function scenarioCommand(run: ScenarioRun): string {
  if (!BUILTIN_SCENARIOS[run.id]) throw new Error(`no built-in scenario "${run.id}"`);
  const command = run.command ?? "run";
  if (command === "diff" && (run.profile || run.trace)) {
    throw new Error(`mnos-sim diff takes no --profile or --trace (scenario "${run.id}")`);
  }
  if (run.profile && !PROFILE_NAMES.includes(run.profile)) throw new Error(`no profile "${run.profile}"`);
  const parts = ["npx mnos-sim", command, run.id];
  if (run.profile) parts.push("--profile", run.profile);
  if (run.trace) parts.push("--trace");
  return parts.join(" ");
}
