// @ts-check

import { readdirSync, readFileSync } from "node:fs";
import { satteri } from "@astrojs/markdown-satteri";
import preact from "@astrojs/preact";
import starlight from "@astrojs/starlight";
import { defineConfig } from "astro/config";
import yaml from "js-yaml";
import { glossaryLinks } from "./src/components/glossary/glossary-links.ts";

// Deployed to GitHub Pages; SITE and BASE_PATH override the address (BASE_PATH="/minimalos-site/" for a
// project page). Every internal link is relative or base-aware, so the site works under any base.
const site = process.env.SITE ?? "https://nadeeshafdo.github.io";
const base = process.env.BASE_PATH ?? "/";
const repo = "https://github.com/nadeeshafdo/minimalos-site";

// One sidebar link per sprint page (src/pages/roadmap/[sprint].astro), from the same data files.
const sprintDir = "./docs/roadmap/sprints";
const sprintLinks = readdirSync(sprintDir)
  .filter((f) => f.endsWith(".yaml"))
  .map(
    (f) =>
      /** @type {{ id: string; order: number; title: string }} */ (
        yaml.load(readFileSync(`${sprintDir}/${f}`, "utf8"))
      ),
  )
  .sort((a, b) => a.order - b.order)
  .map((s) => ({
    label: `Sprint ${s.id}: ${s.title}`,
    link: `/roadmap/sprint-${String(s.id)
      .replace(/[^0-9]+/g, "-")
      .replace(/^-|-$/g, "")}/`,
  }));

export default defineConfig({
  site,
  base,
  trailingSlash: "always",
  // Links the first use of each glossary term on architecture and reference pages to its definition.
  markdown: { processor: satteri({ hastPlugins: [glossaryLinks] }) },
  integrations: [
    starlight({
      title: "MinimalOS NextGen",
      description:
        "A capability-based microkernel for x86_64 in Rust: documentation, roadmap and an in-browser kernel simulator.",
      logo: { src: "./src/assets/logo.svg", alt: "MinimalOS NextGen", replacesTitle: false },
      favicon: "/favicon.svg",
      editLink: { baseUrl: `${repo}/edit/main/` },
      social: [
        { icon: "github", label: "MinimalOS on GitHub", href: "https://github.com/nadeeshafdo/MinimalOS" },
      ],
      lastUpdated: false,
      head: [
        {
          tag: "meta",
          attrs: {
            property: "og:image",
            content: new URL(`${base.replace(/\/?$/, "/")}social-card.png`, site).href,
          },
        },
        {
          tag: "meta",
          attrs: {
            property: "og:image:alt",
            content: "MinimalOS NextGen: a capability-based microkernel for x86_64",
          },
        },
        { tag: "meta", attrs: { name: "twitter:card", content: "summary_large_image" } },
      ],
      components: {
        // Accessible name matches visible text; the search UI loads only when search is opened.
        Search: "./src/components/site/Search.astro",
      },
      routeMiddleware: "./src/routeData.ts",
      customCss: ["./src/styles/site.css"],
      // Each section owns a folder under docs/; groups autogenerate from it.
      sidebar: [
        { label: "Getting started", items: [{ autogenerate: { directory: "getting-started" } }] },
        { label: "Roadmap", items: [{ label: "Overview", link: "/roadmap/" }, ...sprintLinks] },
        { label: "Architecture", items: [{ autogenerate: { directory: "architecture" } }] },
        { label: "Simulator", items: [{ autogenerate: { directory: "simulator" } }] },
        { label: "Reference", items: [{ autogenerate: { directory: "reference" } }] },
        { label: "Contributing", items: [{ autogenerate: { directory: "contributing" } }] },
      ],
    }),
    preact(),
  ],
});
