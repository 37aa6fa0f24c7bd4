import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { load } from "js-yaml";
import { describe, expect, test } from "vitest";
import { checkGoals } from "../sim/goals";
import { parseScenario } from "../sim/scenario/schema";
import { Session } from "../sim/session";
import { LABS } from "./catalog";
import { CHECK_TICKS, type Lab } from "./lab";

/** The lab's scenario with the edited program replaced, run from the start as the page's Check runs it. */
function checkWith(lab: Lab, source: string) {
  const programs = { ...lab.scenario.programs, [lab.edit]: { source } };
  const opened = Session.open({ ...lab.scenario, programs });
  if (!opened.ok) throw new Error(`${lab.id}: ${opened.errors.join("; ")}`);
  return checkGoals(opened.session, lab.checkTicks ?? CHECK_TICKS);
}

const unmetOf = (met: readonly boolean[]) => met.flatMap((m, i) => (m ? [] : [i + 1]));

describe.each(LABS.map((lab, i) => ({ lab, n: i + 1 })))("lab $n: $lab.id", ({ lab }) => {
  test("its scenario is valid and the program a reader edits is in it", () => {
    const parsed = parseScenario(lab.scenario);
    expect(parsed.ok ? [] : parsed.errors).toEqual([]);
    expect(Object.keys(lab.scenario.programs)).toContain(lab.edit);
    expect(lab.scenario.goals?.length ?? 0).toBeGreaterThan(0);
    expect(lab.hints.length).toBeGreaterThan(0);
  });

  test("the reference solution meets every goal", () => {
    const r = checkWith(lab, lab.solution);
    expect(unmetOf(r.met)).toEqual([]);
  });

  test("the starter does not: there is something to do", () => {
    const r = checkWith(lab, lab.scenario.programs[lab.edit]?.source ?? "");
    expect(unmetOf(r.met).length).toBeGreaterThan(0);
  });

  test("the wrong program leaves exactly the goals it names unmet", () => {
    const r = checkWith(lab, lab.wrong.source);
    expect(unmetOf(r.met)).toEqual(lab.wrong.unmet);
  });
});

test("lab ids are unique and fit a URL", () => {
  const ids = LABS.map((l) => l.id);
  expect(new Set(ids).size).toBe(ids.length);
  for (const id of ids) expect(id).toMatch(/^[a-z0-9-]+$/);
});

test("every sprint a lab names is a sprint of the roadmap, and every lab names one", () => {
  const dir = join(import.meta.dirname, "..", "..", "docs", "roadmap", "sprints");
  const ids = readdirSync(dir).map((f) => (load(readFileSync(join(dir, f), "utf8")) as { id: string }).id);
  for (const lab of LABS) {
    expect(lab.sprints.length, lab.id).toBeGreaterThan(0);
    for (const s of lab.sprints) expect(ids, `${lab.id} names sprint ${s}`).toContain(s);
  }
});
