import type { Heading } from "../site/toc";
import { scenarioGroups } from "./profile-diff-groups";

/** The headings ProfileDiffs.astro renders, one per group of scenarios, for "On this page" (src/routeData.ts). */
export function headings(): Heading[] {
  return scenarioGroups().map(({ slug, title }) => ({ depth: 3, slug, text: title }));
}
