import type { Heading } from "../site/toc";

/** The section headings CapabilityTables.astro renders (it renders them from this list). */
export function headings(): Heading[] {
  return [
    { depth: 2, slug: "types", text: "Capability types" },
    { depth: 2, slug: "rights", text: "Rights" },
  ];
}
