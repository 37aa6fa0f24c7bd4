/**
 * The roadmap's figures, and what each one counts. Pure functions over the sprint data, so the unit tests
 * check the same code the pages use.
 */
import type { Sprint } from "./schema";

type Item = Sprint["items"][number];

/**
 * Where an item stands, from both sources: upstream's check mark and this site's reading of the code at
 * 3833797. An item upstream checks but the code check finds only in the design is not built.
 */
export type ItemStanding = "built" | "partial" | "differs" | "design-only" | "open";

export function standingOf(item: Item): ItemStanding {
  if (!item.done) return "open";
  const verdict = item.code?.verdict;
  if (verdict === "design-only") return "design-only";
  if (verdict === "partial" || verdict === "differs") return verdict;
  return "built";
}

/** Whether the code at 3833797 has the item in some form: checked upstream and not design only. */
export function inCode(item: Item): boolean {
  const s = standingOf(item);
  return s === "built" || s === "partial" || s === "differs";
}

/** Upstream's own roadmap page (docs/roadmap.html at 3833797) lists 80 checklist entries and checks 77. */
export const UPSTREAM_CHECKLIST = { entries: 80, checked: 77 } as const;

export interface Progress {
  /** Sprints upstream's roadmap marks complete. */
  sprintsDone: number;
  sprints: number;
  /** This site's items: upstream's checklist entries grouped one per deliverable. */
  items: number;
  /** Items upstream checks off. */
  markedDone: number;
  /** Items upstream checks off that the code at 3833797 has, in full, in part or differently. */
  inCode: number;
  count: Readonly<Record<ItemStanding, number>>;
  current: (Sprint & { slug: string }) | undefined;
  asOf: Date;
}

export function progressOf(sprints: readonly (Sprint & { slug: string })[]): Progress {
  const items = sprints.flatMap((s) => s.items);
  const count: Record<ItemStanding, number> = { built: 0, partial: 0, differs: 0, "design-only": 0, open: 0 };
  for (const i of items) count[standingOf(i)]++;
  return {
    sprintsDone: sprints.filter((s) => s.status === "done").length,
    sprints: sprints.length,
    items: items.length,
    markedDone: items.filter((i) => i.done).length,
    inCode: items.filter(inCode).length,
    count,
    current: sprints.find((s) => s.status === "in-progress"),
    asOf: new Date(Math.max(...sprints.map((s) => s.statusAsOf.getTime()))),
  };
}

/** How an item is labelled in a sprint's list: upstream's check alone does not make it done. */
export function itemLabel(item: Item): string {
  const s = standingOf(item);
  return s === "open" ? "Open:" : s === "design-only" ? "Checked upstream, not in the code:" : "Done:";
}
