import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import yaml from "js-yaml";
import { describe, expect, test } from "vitest";
import { milestoneSchema, parseSprint } from "../../src/components/roadmap/schema";
import { BUILTIN_SCENARIOS } from "../../src/sim/scenario/builtins";

const dir = join(import.meta.dirname, "..", "..", "docs", "roadmap", "sprints");
const files = readdirSync(dir).filter((f) => f.endsWith(".yaml"));
const load = (f: string) => yaml.load(readFileSync(join(dir, f), "utf8")) as Record<string, unknown>;

describe("sprint data files", () => {
  test.each(files)("%s validates", (f) => {
    const result = parseSprint(load(f), f);
    expect(result.ok ? [] : result.errors).toEqual([]);
  });

  test("cover sprints 1 to 11 in order, with Sprint 10 done and Sprint 11 in progress", () => {
    const sprints = files.map(load).sort((a, b) => Number(a.order) - Number(b.order));
    expect(sprints.map((s) => s.id)).toEqual(["1", "2", "3", "4", "5", "6", "7–9", "9.5", "10", "11"]);
    expect(sprints.find((s) => s.id === "10")?.status).toBe("done");
    expect(sprints.find((s) => s.id === "11")?.status).toBe("in-progress");
  });

  test("the milestones file validates", () => {
    const milestones = yaml.load(readFileSync(join(dir, "..", "milestones.yaml"), "utf8")) as unknown[];
    for (const m of milestones) expect(milestoneSchema.safeParse(m).success).toBe(true);
    expect(milestones.length).toBeGreaterThan(5);
  });
});

describe("parseSprint", () => {
  const good = load("sprint-11.yaml");

  test("names the file and the field of a bad status", () => {
    const result = parseSprint({ ...good, status: "finished" }, "sprint-11.yaml");
    expect(result.ok).toBe(false);
    if (!result.ok)
      expect(result.errors.join("\n")).toMatch(/^sprint-11\.yaml: status: .*done.*in-progress.*planned/m);
  });

  test("names a missing title", () => {
    const { title: _, ...noTitle } = good;
    const result = parseSprint(noTitle, "x.yaml");
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors.some((e) => e.startsWith("x.yaml: title:"))).toBe(true);
  });

  test("names the item whose done flag is not a boolean", () => {
    const items = [...(good.items as object[])];
    items[2] = { text: "x", done: "yes" };
    const result = parseSprint({ ...good, items }, "x.yaml");
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors.some((e) => e.startsWith("x.yaml: items[2].done:"))).toBe(true);
  });

  test("rejects a done sprint that still has open items, saying how many", () => {
    const result = parseSprint({ ...good, status: "done" }, "x.yaml");
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors.join()).toContain("3 of 13 are not done");
  });

  test("rejects an in-progress sprint with nothing open", () => {
    const sprint1 = load("sprint-01.yaml");
    const result = parseSprint({ ...sprint1, status: "in-progress" }, "x.yaml");
    expect(result.ok).toBe(false);
  });
});

describe("a sprint's simulator scenario", () => {
  const good = load("sprint-11.yaml");
  const check = (simulator: unknown) => parseSprint({ ...good, simulator }, "x.yaml");
  const errors = (simulator: unknown) => {
    const r = check(simulator);
    return r.ok ? [] : r.errors;
  };

  test("every sprint file names a built-in scenario and a kernel, or says why none fits", () => {
    for (const f of files) {
      const r = parseSprint(load(f), f);
      if (!r.ok) throw new Error(r.errors.join("\n"));
      const sim = r.sprint.simulator;
      if (sim.none) continue;
      expect(Object.keys(BUILTIN_SCENARIOS), f).toContain(sim.scenario);
      expect(sim.shows?.split(" ").length ?? 0, f).toBeGreaterThan(5);
    }
  });

  test("names a scenario that does not exist, and lists the ones that do", () => {
    expect(errors({ scenario: "boot-as-bulit", profile: "as-built", shows: "x" }).join()).toMatch(
      /^x\.yaml: simulator\.scenario: not a built-in scenario; known: boot-as-built, /,
    );
  });

  test("names a kernel that does not exist", () => {
    expect(errors({ scenario: "boot", profile: "built", shows: "x" }).join()).toMatch(/simulator\.profile:/);
  });

  test("takes a reason instead of a scenario, but not both, and not neither", () => {
    expect(check({ none: "No scenario models the bootloader." }).ok).toBe(true);
    expect(errors({ none: "why", scenario: "boot" }).join()).toContain(
      "simulator.scenario: give a scenario or say why there is none, not both",
    );
    expect(errors({}).join()).toContain("simulator.shows: required, unless `none` says why no scenario fits");
    expect(check({ ...good, simulator: undefined }).ok).toBe(false);
  });
});
