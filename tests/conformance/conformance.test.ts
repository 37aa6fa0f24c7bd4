/**
 * The conformance suite: every case under cases/ runs through the CLI (`mnos-sim run <scenario> --json`)
 * and what the simulator reports is checked against what upstream 3833797 shows, as the case says.
 * known-gaps.json lists the cases today's engine fails, each with what it does instead: those must fail,
 * every other case must pass, so the list can never go stale. A scenario mnos-sim rejects fails the run
 * whatever the list says.
 */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { main } from "../../src/cli/mnos-sim";
import type { RunReport } from "../../src/sim/report/state-schema";
import { type ConformanceCase, caseSchema, knownGapsSchema } from "./case-schema";
import { compare, consoleLines } from "./compare";

const HERE = import.meta.dirname;
const CASES_DIR = join(HERE, "cases");
const caseFiles = readdirSync(CASES_DIR)
  .filter((f) => f.endsWith(".json"))
  .sort();
const knownGaps = knownGapsSchema.parse(JSON.parse(readFileSync(join(HERE, "known-gaps.json"), "utf8")));
const scratch = mkdtempSync(join(tmpdir(), "mnos-conformance-"));

function loadCase(file: string): ConformanceCase {
  const parsed = caseSchema.safeParse(JSON.parse(readFileSync(join(CASES_DIR, file), "utf8")));
  if (!parsed.success)
    throw new Error(
      `${file} is not a valid case:\n${parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`).join("\n")}`,
    );
  if (`${parsed.data.id}.json` !== file)
    throw new Error(`${file}: its id is "${parsed.data.id}", not the file name`);
  return parsed.data;
}

/** The scenario as mnos-sim reads it: a program's source given as lines is joined. */
function scenarioText(c: ConformanceCase): string {
  const programs = Object.fromEntries(
    Object.entries(c.scenario.programs).map(([name, p]) => {
      const source = (p as { source?: unknown }).source;
      return [name, Array.isArray(source) ? { ...(p as object), source: source.join("\n") } : p];
    }),
  );
  return JSON.stringify({ ...c.scenario, programs });
}

function run(c: ConformanceCase): RunReport {
  const file = join(scratch, `${c.id}.json`);
  writeFileSync(file, scenarioText(c));
  const out: string[] = [];
  const err: string[] = [];
  const code = main(["run", file, "--json", ...c.run], { out: (t) => out.push(t), err: (t) => err.push(t) });
  if (code !== 0)
    throw new Error(`case ${c.id}: mnos-sim exited ${code}, the case is broken:\n${err.join("\n")}`);
  return JSON.parse(out.join("\n")) as RunReport;
}

function describeFailure(c: ConformanceCase, diffs: string[], r: RunReport): string {
  const tail = consoleLines(r.console).slice(-12);
  return [
    `case ${c.id}: ${c.title}`,
    `upstream source: ${c.source}`,
    ...diffs.map((d) => `  - ${d}`),
    `last console lines of the simulator (stopped by ${r.stoppedBy}):`,
    ...tail.map((l) => `  | ${l}`),
  ].join("\n");
}

const cases = caseFiles.map((f) => ({ file: f, load: () => loadCase(f) }));

describe("conformance with upstream 3833797", () => {
  test("the suite has at least 60 cases, and known-gaps.json names only cases that exist", () => {
    expect(cases.length).toBeGreaterThanOrEqual(60);
    const ids = new Set(caseFiles.map((f) => f.replace(/\.json$/, "")));
    expect(Object.keys(knownGaps).filter((id) => !ids.has(id))).toEqual([]);
  });

  for (const { file, load } of cases) {
    const id = file.replace(/\.json$/, "");
    const gap = knownGaps[id];
    test(`${id}${gap ? " (known gap)" : ""}`, () => {
      const c = load();
      const r = run(c);
      const diffs = compare(c.expect, r, c.run);
      if (gap !== undefined) {
        if (diffs.length === 0)
          throw new Error(
            `case ${id} now passes: remove it from tests/conformance/known-gaps.json (it said: ${gap})`,
          );
        return;
      }
      if (diffs.length > 0) throw new Error(describeFailure(c, diffs, r));
    });
  }
});
