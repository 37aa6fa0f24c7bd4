import { BUILTIN_SCENARIOS } from "../../sim/scenario/builtins";

/** Built-in scenarios that are one experiment on the design-vs-code page. */
export interface ScenarioGroup {
  /** The scenarios' ids, in the built-ins' order; the first names the section (`#diff-<id>`). */
  ids: string[];
  /** The section's title: the scenarios' titles joined. */
  title: string;
  /** The section's anchor. */
  slug: string;
}

/** A scenario with the fields that only name it, pick its default kernel or judge it left out. */
function program(s: object): string {
  // Goals only judge a run; they change nothing the two kernels do.
  const {
    id: _id,
    title: _t,
    description: _d,
    profile: _p,
    goals: _g,
    ...rest
  } = s as Record<string, unknown>;
  return JSON.stringify(rest);
}

/**
 * The built-in scenarios grouped as the design-vs-code page shows them: scenarios that differ only in
 * their default profile (boot-as-built and boot) are one section, since the diff runs both kernels anyway.
 * ProfileDiffs.astro renders these sections and ProfileDiffs.headings.ts lists them, so the two agree.
 */
export function scenarioGroups(): ScenarioGroup[] {
  const groups: { ids: string[]; titles: string[]; key: string }[] = [];
  for (const [id, s] of Object.entries(BUILTIN_SCENARIOS)) {
    const key = program(s);
    const same = groups.find((g) => g.key === key);
    if (same) {
      same.ids.push(id);
      same.titles.push(s.title);
    } else groups.push({ ids: [id], titles: [s.title], key });
  }
  return groups.map(({ ids, titles }) => ({ ids, title: titles.join(" / "), slug: `diff-${ids[0]}` }));
}
