/**
 * mnos-sim: the simulator on the command line.
 *   mnos-sim run <scenario.json|builtin> [--profile P] [--steps N] [--until X] [--break syscall=NAME[:error]]
 *                [--json] [--trace]
 *   mnos-sim diff <scenario.json|builtin> [--steps N]
 *   mnos-sim list | schema [--state] | --help
 */
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { PROFILE_SWITCHES, type ProfileName } from "../sim/abi/profiles";
import { SYSCALLS } from "../sim/abi/syscalls";
import { goalStatus } from "../sim/goals";
import { machineReport } from "../sim/report/state-report";
import { type RunReport, runReportJsonSchema } from "../sim/report/state-schema";
import { BUILTIN_SCENARIOS } from "../sim/scenario/builtins";
import { LIMITS } from "../sim/scenario/limits";
import { scenarioJsonSchema } from "../sim/scenario/schema-docs";
import { type BreakCondition, Session } from "../sim/session";
import { bySwitch, divergences } from "../sim/trace/diff";
import { compileGuestText } from "../sim/wasm/compile-wat";

export interface Io {
  out(text: string): void;
  err(text: string): void;
}

const HELP = `mnos-sim: run MinimalOS NextGen scenarios in the simulator

Usage:
  mnos-sim run <scenario.json|builtin> [options]
  mnos-sim diff <scenario.json|builtin> [--steps N]
  mnos-sim list              list the built-in scenarios
  mnos-sim schema            print the scenario JSON Schema
  mnos-sim schema --state    print the JSON Schema of run --json

run options:
  --profile as-built|design  which kernel (default: the scenario's)
  --steps N                  at most N engine steps (default 20000)
  --until LABEL              stop when a thread is about to run LABEL (program:LABEL for one program)
  --until cycle:N | tick:N   stop at simulated cycle N, or at tick N (ring-3 instructions retired, plus
                             idle and kernel-thread slices)
  --break syscall=NAME[:error|:ERROR_NAME]
                             stop right after the first such syscall (only a failing one with :error)
  --json                     print the whole final state as one JSON object (see schema --state)
  --trace                    print every event, one JSON object per line

run prints the serial console unless --json or --trace is given.
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
    if (a === "--json" || a === "--trace" || a === "--help" || a === "-h" || a === "--state")
      flags.set(a, true);
    else if (a === "--profile" || a === "--steps" || a === "--until" || a === "--break") {
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
  if (Object.hasOwn(BUILTIN_SCENARIOS, arg)) return arg;
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
  if (!Number.isInteger(n) || n < 0 || n > LIMITS.cliSteps.value)
    throw new UsageError(
      `--steps takes a whole number from 0 to ${LIMITS.cliSteps.value}, got "${String(raw)}"`,
    );
  return n;
}

/** The condition --until or --break asks for, or undefined; a bad value is a usage error. */
type StopCondition =
  | Extract<BreakCondition, { kind: "label" | "syscall" }>
  | { kind: "cycle"; at: number }
  | { kind: "tick"; at: number };

function stopCondition(flags: Map<string, string | true>): StopCondition | undefined {
  const until = flags.get("--until");
  const brk = flags.get("--break");
  if (until !== undefined && brk !== undefined) throw new UsageError("give --until or --break, not both");
  if (typeof until === "string") {
    const time = /^(cycle|tick):(\d+)$/.exec(until);
    if (time)
      return time[1] === "cycle"
        ? { kind: "cycle", at: Number(time[2]) }
        : { kind: "tick", at: Number(time[2]) };
    const label = /^(?:([\w.-]+):)?([A-Za-z_.][\w.]*)$/.exec(until);
    if (!label?.[2])
      throw new UsageError(`--until takes a label, program:label, cycle:N or tick:N, got "${until}"`);
    return label[1]
      ? { kind: "label", program: label[1], label: label[2] }
      : { kind: "label", label: label[2] };
  }
  if (typeof brk === "string") {
    const m = /^syscall=([A-Z_]+)(?::([A-Za-z_]+))?$/.exec(brk);
    if (!m?.[1])
      throw new UsageError(
        `--break takes syscall=NAME, syscall=NAME:error or syscall=NAME:ERROR_NAME, got "${brk}"`,
      );
    const name = m[1].replace(/^SYS_/, "");
    const err = m[2];
    const spec = SYSCALLS.find((x) => x.name === name);
    if (!spec)
      throw new UsageError(
        `--break names no syscall "${m[1]}"; syscalls are ${SYSCALLS.map((x) => x.name).join(", ")}`,
      );
    if (err !== undefined && err !== "error" && !spec.errors.some((e) => e.name === err))
      throw new UsageError(
        `--break names no error "${err}" of SYS_${name}; its errors are ${spec.errors.map((e) => e.name).join(", ")}`,
      );
    return err === undefined || err === "error"
      ? { kind: "syscall", name, errorOnly: err === "error" }
      : { kind: "syscall", name, errorOnly: true, error: err };
  }
  return undefined;
}

/** A usage error unless some program a boot process runs defines the label (in the named program, if one is named). */
function checkLabel(s: Session, stop: Extract<StopCondition, { kind: "label" }>): void {
  const running = [...new Set(s.config.processes.flatMap((p) => (p.programName ? [p.programName] : [])))];
  if (stop.program !== undefined && !running.includes(stop.program))
    throw new UsageError(
      `--until names program "${stop.program}", which no process runs; the programs are ${running.join(", ") || "none"}`,
    );
  const defines = running.filter(
    (name) =>
      (stop.program === undefined || name === stop.program) && s.programs.get(name)?.symbols.has(stop.label),
  );
  if (defines.length === 0)
    throw new UsageError(
      `--until names label "${stop.label}", which ${stop.program ? `program ${stop.program} does` : "no program a process runs does"} not define`,
    );
}

/** Runs the session as the flags say; returns what stopped it. */
function runTo(s: Session, steps: number, flags: Map<string, string | true>): string {
  const stop = stopCondition(flags);
  if (stop?.kind === "label") checkLabel(s, stop);
  if (!stop) {
    s.run(steps);
    return s.current.halted ? "halted" : "steps";
  }
  if (stop.kind === "cycle") {
    s.run(steps, stop.at);
    return s.current.cycle >= stop.at ? `cycle ${stop.at}` : s.current.halted ? "halted" : "steps";
  }
  if (stop.kind === "tick") {
    s.advance(stop.at);
    return s.tick === stop.at ? `tick ${stop.at}` : "halted";
  }
  // Breakpoints search tick by tick for a label; bound them like the step limit bounds a plain run.
  const r = s.runUntil(stop, steps * 100);
  const what = stop.kind === "label" ? `--until ${stop.label}` : `--break syscall=${stop.name}`;
  return r.stopped === "condition" ? what : r.stopped === "halted" ? "halted" : `steps (${what} not reached)`;
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
      io.out(JSON.stringify(flags.has("--state") ? runReportJsonSchema() : scenarioJsonSchema(), null, 2));
      return 0;
    }
    if (command === "run") {
      const profile = flags.get("--profile");
      if (profile !== undefined && profile !== "as-built" && profile !== "design") {
        throw new UsageError(`--profile is as-built or design, got "${String(profile)}"`);
      }
      const opened = Session.open(loadScenario(target), {
        compileGuest: compileGuestText,
        ...(profile ? { profile: profile as ProfileName } : {}),
      });
      if (!opened.ok) {
        for (const e of opened.errors) io.err(e);
        return 2;
      }
      const s = opened.session;
      const stoppedBy = runTo(s, stepsOf(flags), flags);
      if (flags.has("--json")) {
        const report: RunReport = {
          scenario: s.scenario.id ?? s.scenario.title,
          tick: s.tick,
          stoppedBy,
          stateHash: s.stateHash(),
          events: s.events().length,
          goals: goalStatus(s),
          ...machineReport(s.current),
        };
        io.out(JSON.stringify(report));
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
