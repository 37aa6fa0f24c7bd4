import { defineCollection } from "astro:content";
import { docsSchema } from "@astrojs/starlight/schema";
import { file, glob } from "astro/loaders";
import { milestoneSchema, sprintSchema } from "./components/roadmap/schema";

// Content lives in the top-level docs/ folder, not src/content/docs.
const docs = defineCollection({
  loader: glob({ base: "./docs", pattern: "**/[^_]*.{md,mdx}" }),
  schema: docsSchema(),
});

// One data file per sprint: the single source of truth for the roadmap pages, the landing status and the feed.
const roadmap = defineCollection({
  loader: glob({ base: "./docs/roadmap/sprints", pattern: "*.yaml" }),
  schema: sprintSchema,
});

const milestones = defineCollection({
  loader: file("./docs/roadmap/milestones.yaml"),
  schema: milestoneSchema,
});

export const collections = { docs, roadmap, milestones };
