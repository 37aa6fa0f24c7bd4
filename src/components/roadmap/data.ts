import { getCollection } from "astro:content";
import type { Milestone, Sprint } from "./schema";

export interface SprintEntry extends Sprint {
  /** URL segment of the sprint's page: "sprint-1", "sprint-7-9", "sprint-9-5". */
  slug: string;
}

export function sprintSlug(id: string): string {
  return `sprint-${id.replace(/[^0-9]+/g, "-").replace(/^-|-$/g, "")}`;
}

export async function getSprints(): Promise<SprintEntry[]> {
  const entries = await getCollection("roadmap");
  return entries.map((e) => ({ ...e.data, slug: sprintSlug(e.data.id) })).sort((a, b) => a.order - b.order);
}

export async function getMilestones(): Promise<Milestone[]> {
  return (await getCollection("milestones")).map((e) => e.data).sort((a, b) => a.order - b.order);
}

export { inCode, itemLabel, type Progress, progressOf, standingOf, UPSTREAM_CHECKLIST } from "./progress";

export function formatDate(d: Date): string {
  return d.toISOString().slice(0, 10);
}

export const STATUS_LABEL: Record<Sprint["status"], string> = {
  done: "Done",
  "in-progress": "In progress",
  planned: "Planned",
};

export const VERDICT_LABEL = {
  matches: "Code matches",
  partial: "Code: partial",
  differs: "Code differs",
  "design-only": "Design only",
} as const;
