import type { Heading } from "../site/toc";

/** The section headings RoadmapOverview.astro renders, for "On this page" (src/routeData.ts). */
export function headings(): Heading[] {
  return [
    { depth: 2, slug: "timeline", text: "Timeline" },
    { depth: 2, slug: "future", text: "After the sprints" },
    { depth: 2, slug: "code-check", text: "Reading the code checks" },
  ];
}
