/**
 * Why a component's text gets no glossary links. The glossary links the first use of each term in a page's
 * running text (glossary-links.ts); a component that renders text of its own marks it
 * `data-glossary-skip={reason}` with one of these short reasons, which the built page carries, and
 * tests/e2e/architecture.spec.ts fails on a mark with no reason and on any other unlinked first use.
 */
export const GLOSSARY_SKIP = {
  /**
   * Tables and entries generated from the simulator's or the site's tables. A reader reaches one entry at a
   * time, from search or a link, not top to bottom, so a link at the page's first use would sit rows away
   * from where a term is read; the page's introduction and the architecture pages link the glossary.
   */
  generated: "generated reference entries, read one at a time",
  /** The commit a page describes, a box's heading. */
  label: "a label, not running text",
  /** Commands to copy, and the scenario's one-line description, kept as the CLI prints it. */
  commands: "commands to copy and a scenario's own description",
  /** Links to upstream source files: a glossary link beside each would crowd the list. */
  files: "a list of links to upstream source files",
} as const;
