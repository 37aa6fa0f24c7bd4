import { BUILTIN_SCENARIOS } from "../../sim/scenario/builtins";
import type { Heading } from "../site/toc";

/** The headings ProfileDiffs.astro renders, one per built-in scenario, for "On this page" (src/routeData.ts). */
export function headings(): Heading[] {
  return Object.entries(BUILTIN_SCENARIOS).map(([id, s]) => ({
    depth: 3,
    slug: `diff-${id}`,
    text: s.title,
  }));
}
