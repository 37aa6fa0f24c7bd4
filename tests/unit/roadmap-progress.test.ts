import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import yaml from "js-yaml";
import { describe, expect, test } from "vitest";
import { inCode, itemLabel, progressOf, UPSTREAM_CHECKLIST } from "../../src/components/roadmap/progress";
import { parseSprint, type Sprint } from "../../src/components/roadmap/schema";

const dir = join(import.meta.dirname, "..", "..", "docs", "roadmap", "sprints");
const sprints = readdirSync(dir)
  .filter((f) => f.endsWith(".yaml"))
  .map((f) => {
    const r = parseSprint(yaml.load(readFileSync(join(dir, f), "utf8")), f);
    if (!r.ok) throw new Error(r.errors.join("\n"));
    return { ...r.sprint, slug: f };
  });
const items = sprints.flatMap((s) => s.items);

describe("the roadmap's figures count what their labels say", () => {
  test("no item the code check finds design only is counted as in the code or labelled done", () => {
    const designOnly = items.filter((i) => i.code?.verdict === "design-only");
    expect(designOnly.length).toBeGreaterThan(0); // Sprint 4's idle threads and lazy FPU switching
    for (const i of designOnly) {
      expect(inCode(i), i.text).toBe(false);
      expect(itemLabel(i), i.text).not.toBe("Done:");
    }
  });

  test("the in-the-code figure is upstream's checked items minus the design-only ones", () => {
    const p = progressOf(sprints);
    const checked = items.filter((i) => i.done);
    const designOnly = checked.filter((i) => i.code?.verdict === "design-only");
    expect(p.markedDone).toBe(checked.length);
    expect(p.inCode).toBe(checked.length - designOnly.length);
    expect(p.inCode).toBeLessThan(p.markedDone);
    expect(p.count.built + p.count.partial + p.count.differs).toBe(p.inCode);
    expect(p.inCode + p.count["design-only"] + p.count.open).toBe(p.items);
  });

  test("a sprint whose every item is checked but one is design only is not all in the code", () => {
    const sprint4 = sprints.find((s) => s.id === "4") as Sprint & { slug: string };
    const p = progressOf([sprint4]);
    expect(p.sprintsDone).toBe(1); // upstream's claim, labelled as upstream's
    expect(p.markedDone).toBe(sprint4.items.length);
    expect(p.inCode).toBe(sprint4.items.length - 2);
  });

  const mirror = "/work/.mirror/nadeeshafdo+MinimalOS/repo";
  test.skipIf(!existsSync(mirror))("upstream's own checklist figure is what its roadmap page says", () => {
    const html = execFileSync("git", ["-C", mirror, "show", "3833797:docs/roadmap.html"], {
      encoding: "utf8",
    });
    const sections = html.slice(html.indexOf('id="sprint-1"'), html.indexOf('id="future-milestones"'));
    const entries = sections.match(/<li[ >]/g) ?? [];
    const checked = sections.match(/<li class="done">/g) ?? [];
    expect({ entries: entries.length, checked: checked.length }).toEqual(UPSTREAM_CHECKLIST);
    // The site groups them: fewer items than upstream entries, so the two figures must never share a label.
    expect(items.length).toBeLessThan(UPSTREAM_CHECKLIST.entries);
  });
});
