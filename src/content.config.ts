import { defineCollection } from "astro:content";
import { docsSchema } from "@astrojs/starlight/schema";
import { glob } from "astro/loaders";

// Content lives in the top-level docs/ folder, not src/content/docs.
const docs = defineCollection({
  loader: glob({ base: "./docs", pattern: "**/[^_]*.{md,mdx}" }),
  schema: docsSchema(),
});

export const collections = { docs };
