import { describe, expect, test } from "vitest";
import { BUILTIN_SCENARIOS } from "../../sim/scenario/builtins";
import { headings } from "./ProfileDiffs.headings";
import { scenarioGroups } from "./profile-diff-groups";

describe("scenarioGroups", () => {
  test("puts every built-in scenario in exactly one section", () => {
    const ids = scenarioGroups().flatMap((g) => g.ids);
    expect(ids.sort()).toEqual(Object.keys(BUILTIN_SCENARIOS).sort());
  });

  test("compares boot and boot-as-built once, since they differ only in their default kernel", () => {
    const boot = scenarioGroups().find((g) => g.ids.includes("boot"));
    expect(boot?.ids.sort()).toEqual(["boot", "boot-as-built"]);
  });

  test("'On this page' lists exactly the sections the page renders", () => {
    expect(headings().map((h) => h.slug)).toEqual(scenarioGroups().map((g) => g.slug));
  });
});
