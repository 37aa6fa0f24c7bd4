import type { Heading } from "../site/toc";

/** The section headings PreludeTable.astro renders, for "On this page" (src/routeData.ts). */
export function headings(): Heading[] {
  return [
    { depth: 2, slug: "instructions", text: "Instructions" },
    { depth: 2, slug: "prelude", text: "Names every program knows" },
  ];
}
