import { GLOSSARY, type GlossaryTerm } from "./terms";

/** A section of the glossary page. */
export interface GlossaryGroup {
  title: string;
  id: string;
  items: GlossaryTerm[];
}

const byTerm = (a: GlossaryTerm, b: GlossaryTerm) => a.term.localeCompare(b.term, "en");

/** The glossary page's sections, read by Glossary.astro and by Glossary.headings.ts for "On this page". */
export function glossaryGroups(): GlossaryGroup[] {
  return [
    { title: "Terms", id: "terms", items: GLOSSARY.filter((t) => t.kind === "concept").sort(byTerm) },
    {
      title: "Capability types",
      id: "capability-types",
      items: GLOSSARY.filter((t) => t.kind === "capability"),
    },
    { title: "Rights", id: "rights-bits", items: GLOSSARY.filter((t) => t.kind === "right") },
  ];
}
