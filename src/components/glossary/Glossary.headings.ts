import type { Heading } from "../site/toc";
import { glossaryGroups } from "./groups";

/** The section headings Glossary.astro renders, for "On this page" (src/routeData.ts). */
export function headings(): Heading[] {
  return glossaryGroups().map(({ id, title }) => ({ depth: 2, slug: id, text: title }));
}
