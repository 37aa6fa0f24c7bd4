import { z } from "astro/zod";
import { PROFILE_NAMES, type ProfileName } from "../../sim/abi/profiles";
import { BUILTIN_SCENARIOS } from "../../sim/scenario/builtins";

const scenarioIds = Object.keys(BUILTIN_SCENARIOS);

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

/**
 * The simulator scenario that shows what a sprint delivered, opened in the playground from the sprint's
 * page (scenario, profile and shows); or, when no scenario fits, why not (none), printed as it is. One
 * object rather than a union, so a mistake is reported at its field ("simulator.profile: ...").
 */
export const sprintSimulatorSchema = z
  .object({
    scenario: z
      .string()
      .refine((id) => scenarioIds.includes(id), {
        message: `not a built-in scenario; known: ${scenarioIds.join(", ")}`,
      })
      .optional()
      .describe("Id of the built-in scenario (npx mnos-sim list)."),
    profile: z
      .enum(PROFILE_NAMES as [ProfileName, ...ProfileName[]])
      .optional()
      .describe("The kernel it runs on: as-built where the scenario shows the code, design where it cannot."),
    shows: z
      .string()
      .min(1)
      .optional()
      .describe("What a reader sees the scenario do, and how that ties to the sprint."),
    none: z.string().min(1).optional().describe("Why no scenario shows this sprint, printed on its page."),
  })
  .strict()
  .superRefine((v, ctx) => {
    const given = (["scenario", "profile", "shows"] as const).filter((k) => v[k] !== undefined);
    if (v.none !== undefined) {
      for (const k of given)
        ctx.addIssue({
          code: "custom",
          path: [k],
          message: "give a scenario or say why there is none, not both",
        });
      return;
    }
    for (const k of ["scenario", "profile", "shows"] as const)
      if (v[k] === undefined)
        ctx.addIssue({
          code: "custom",
          path: [k],
          message: "required, unless `none` says why no scenario fits",
        });
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
    simulator: sprintSimulatorSchema.describe(
      "The scenario that shows this sprint at work, or why there is none.",
    ),
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
