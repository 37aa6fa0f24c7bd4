/**
 * mnos-sim: the simulator on the command line.
 *   mnos-sim run <scenario.json|builtin> [--profile as-built|design] [--steps N] [--json] [--trace]
 *   mnos-sim diff <scenario.json|builtin> [--steps N]
 *   mnos-sim list | schema | --help
 */
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { PROFILE_SWITCHES, type ProfileName } from "../sim/abi/profiles";
import { BUILTIN_SCENARIOS } from "../sim/scenario/builtins";
import { scenarioJsonSchema } from "../sim/scenario/schema";
import { Session } from "../sim/session";
import { bySwitch, divergences } from "../sim/trace/diff";

export interface Io {
  out(text: string): void;
  err(text: string): void;
}

const HELP = `mnos-sim: run MinimalOS NextGen scenarios in the simulator

Usage:
  mnos-sim run <scenario.json|builtin> [--profile as-built|design] [--steps N] [--json] [--trace]
  mnos-sim diff <scenario.json|builtin> [--steps N]
  mnos-sim list              list the built-in scenarios
  mnos-sim schema            print the scenario JSON Schema

run prints the serial console; --trace prints every event; --json prints one JSON object.
diff runs the scenario on both kernel profiles and reports where they part: the first difference,
which process, syscall and field it is in, and the profile switch that decides it, then the first
difference for each other switch.
Exit codes: 0 ok, 2 bad input.`;

class UsageError extends Error {}

function parseArgs(argv: string[]) {
  const flags = new Map<string, string | true>();
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] ?? "";
    if (a === "--json" || a === "--trace" || a === "--help" || a === "-h") flags.set(a, true);
    else if (a === "--profile" || a === "--steps") {
      const v = argv[++i];
      if (v === undefined) throw new UsageError(`${a} needs a value`);
      flags.set(a, v);
    } else if (a.startsWith("--")) throw new UsageError(`unknown option ${a}`);
    else positional.push(a);
  }
  return { flags, positional };
}

function loadScenario(arg: string | undefined): string | object {
  if (!arg) throw new UsageError("name a scenario: a built-in id (see mnos-sim list) or a .json file");
  if (BUILTIN_SCENARIOS[arg]) return arg;
  if (!arg.endsWith(".json"))
    throw new UsageError(`no built-in scenario "${arg}" and not a .json file; try mnos-sim list`);
  try {
    return readFileSync(arg, "utf8");
  } catch (e) {
    throw new UsageError(`cannot read ${arg}: ${(e as Error).message}`);
  }
}

function stepsOf(flags: Map<string, string | true>): number {
  const raw = flags.get("--steps");
  if (raw === undefined) return 20_000;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0)
    throw new UsageError(`--steps takes a whole number, got "${String(raw)}"`);
  return n;
}

export function main(argv: string[], io: Io): number {
  try {
    const { flags, positional } = parseArgs(argv);
    const [command, target] = positional;
    if (flags.has("--help") || flags.has("-h") || !command) {
      io.out(HELP);
      return command || flags.size > 0 ? 0 : 2;
    }
    if (command === "list") {
      for (const [id, s] of Object.entries(BUILTIN_SCENARIOS))
        io.out(`${id.padEnd(28)}${s.title} (${s.profile})`);
      return 0;
    }
    if (command === "schema") {
      io.out(JSON.stringify(scenarioJsonSchema(), null, 2));
      return 0;
    }
    if (command === "run") {
      const profile = flags.get("--profile");
      if (profile !== undefined && profile !== "as-built" && profile !== "design") {
        throw new UsageError(`--profile is as-built or design, got "${String(profile)}"`);
      }
      const opened = Session.open(loadScenario(target), profile ? { profile: profile as ProfileName } : {});
      if (!opened.ok) {
        for (const e of opened.errors) io.err(e);
        return 2;
      }
      const s = opened.session;
      s.run(stepsOf(flags));
      if (flags.has("--json")) {
        io.out(
          JSON.stringify({
            scenario: s.scenario.id ?? s.scenario.title,
            profile: s.config.profile,
            steps: s.step,
            cycle: s.current.cycle,
            halted: s.current.halted,
            events: s.events().length,
            stateHash: s.stateHash(),
            goals: s.goals(),
            console: s.current.console,
          }),
        );
        return 0;
      }
      if (flags.has("--trace")) for (const e of s.events()) io.out(JSON.stringify(e));
      else io.out(s.current.console);
      return 0;
    }
    if (command === "diff") {
      const input = loadScenario(target);
      const built = Session.open(input, { profile: "as-built" });
      const design = Session.open(input, { profile: "design" });
      if (!built.ok || !design.ok) {
        for (const e of built.ok ? [] : built.errors) io.err(e);
        return 2;
      }
      const all = divergences(built.session, design.session, stepsOf(flags));
      const first = all[0];
      if (!first) {
        io.out(`No difference in ${stepsOf(flags)} steps: both profiles behave the same on this scenario.`);
        return 0;
      }
      for (const [i, d] of bySwitch(all).entries()) {
        if (i === 1) io.out("\nOther switches this scenario runs into, each at its first difference:");
        io.out(
          `${i === 0 ? "The profiles part" : "-"} at cycle ${d.cycle}: ${d.process}, ${d.event}, ${d.field}.`,
        );
        io.out(`  as built: ${d.asBuilt}`);
        io.out(`  design:   ${d.design}`);
        const sw = PROFILE_SWITCHES.find((x) => x.key === d.switchKey);
        io.out(sw ? `  Why: ${sw.title}. ${d.reason} (${sw.source})` : `  Why: ${d.reason}`);
      }
      return 0;
    }
    throw new UsageError(`unknown command "${command}"; see mnos-sim --help`);
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`mnos-sim: ${e.message}`);
      return 2;
    }
    throw e;
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  process.exitCode = main(process.argv.slice(2), {
    out: (t) => process.stdout.write(`${t}\n`),
    err: (t) => process.stderr.write(`${t}\n`),
  });
}
