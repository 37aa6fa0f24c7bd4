// @ts-check
import preact from "@astrojs/preact";
import starlight from "@astrojs/starlight";
import { defineConfig } from "astro/config";

// Deploy target: GitHub Pages under /<repo>/ by default; SITE and BASE_PATH override it.
const site = process.env.SITE ?? "https://nadeeshafdo.github.io";
const base = process.env.BASE_PATH ?? "/";

export default defineConfig({
  site,
  base,
  trailingSlash: "always",
  integrations: [
    starlight({
      title: "MinimalOS NextGen",
      description:
        "A capability-based microkernel for x86_64 in Rust: documentation, roadmap and an in-browser kernel simulator.",
      editLink: { baseUrl: "https://github.com/nadeeshafdo/minimalos-site/edit/main/" },
      social: [
        { icon: "github", label: "MinimalOS on GitHub", href: "https://github.com/nadeeshafdo/MinimalOS" },
      ],
      lastUpdated: false,
      // Each section owns a folder under docs/; groups autogenerate from it.
      sidebar: [
        { label: "Getting started", items: [{ autogenerate: { directory: "getting-started" } }] },
        { label: "Roadmap", items: [{ autogenerate: { directory: "roadmap" } }] },
        { label: "Architecture", items: [{ autogenerate: { directory: "architecture" } }] },
        { label: "Reference", items: [{ autogenerate: { directory: "reference" } }] },
        { label: "Contributing", items: [{ autogenerate: { directory: "contributing" } }] },
      ],
    }),
    preact(),
  ],
});
