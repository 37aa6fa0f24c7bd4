import { z } from "astro/zod";

/** How the code at the named commit compares with what a roadmap item claims. */
export const VERDICTS = ["matches", "partial", "differs", "design-only"] as const;
export const STATUSES = ["done", "in-progress", "planned"] as const;

export const itemSchema = z.object({
  text: z.string().min(1).describe("What the sprint set out to deliver, in the roadmap's words."),
  done: z.boolean().describe("Whether the upstream roadmap marks it done."),
  code: z
    .object({
      verdict: z.enum(VERDICTS).describe("How the code compares with the claim."),
      note: z.string().min(1).describe("What the code actually does, with the file where it does it."),
    })
    .optional()
    .describe("Present where the code differs from, or qualifies, the claim."),
});

export const sprintSchema = z
  .object({
    id: z.string().min(1).describe('The sprint number as upstream writes it: "1", "7–9", "9.5".'),
    order: z.number().describe("Position in the timeline."),
    title: z.string().min(1),
    goal: z.string().min(1),
    status: z.enum(STATUSES),
    statusAsOf: z.coerce.date().describe("The date the status reflects."),
    source: z.string().min(1).describe("Where the status comes from."),
    simulator: z.string().optional().describe("Id of a simulator scenario that shows this sprint at work."),
    items: z.array(itemSchema).min(1),
  })
  .superRefine((sprint, ctx) => {
    const open = sprint.items.filter((i) => !i.done).length;
    if (sprint.status === "done" && open > 0) {
      ctx.addIssue({
        code: "custom",
        path: ["status"],
        message: `a done sprint cannot have open items (${open} of ${sprint.items.length} are not done)`,
      });
    }
    if (sprint.status === "in-progress" && open === 0) {
      ctx.addIssue({
        code: "custom",
        path: ["status"],
        message: "an in-progress sprint needs at least one open item",
      });
    }
  });

export const milestoneSchema = z.object({
  order: z.number().describe("Position in the upstream list."),
  id: z.string().min(1),
  title: z.string().min(1),
  description: z.string().min(1),
});

export type Sprint = z.infer<typeof sprintSchema>;
export type Milestone = z.infer<typeof milestoneSchema>;

export type ParseResult = { ok: true; sprint: Sprint } | { ok: false; errors: string[] };

/** Validates one sprint file and says, for each problem, which field is wrong and why. */
export function parseSprint(data: unknown, fileName: string): ParseResult {
  const result = sprintSchema.safeParse(data);
  if (result.success) return { ok: true, sprint: result.data };
  return {
    ok: false,
    errors: result.error.issues.map((issue) => {
      const path = issue.path
        .map((p, i) => (typeof p === "number" ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`))
        .join("");
      return `${fileName}: ${path || "(file)"}: ${issue.message}`;
    }),
  };
}
