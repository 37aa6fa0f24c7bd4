import { defineRouteMiddleware } from "@astrojs/starlight/route-data";
import { type Heading, headingSources, pageHeadings, tocItems } from "./components/site/toc";

/**
 * Headings that components render are invisible to Starlight's "On this page", which it builds from the
 * Markdown alone. A component that renders headings lists them in a `<Name>.headings.ts` beside it; every
 * page that uses such a component gets those headings in its table of contents, where the component sits.
 */
const sources = headingSources(
  import.meta.glob<{ headings: () => readonly Heading[] }>("./components/**/*.headings.ts", { eager: true }),
  "src",
);

export const onRequest = defineRouteMiddleware((context) => {
  const route = context.locals.starlightRoute;
  const { toc, entry } = route;
  const title = toc?.items[0];
  if (!toc || !title || !entry.body || !entry.filePath) return;
  const headings = pageHeadings(entry.body, entry.filePath, route.headings, sources);
  if (headings === route.headings) return;
  route.headings = [...headings];
  toc.items = tocItems(headings, toc, title);
});
