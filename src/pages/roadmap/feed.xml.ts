import type { APIRoute } from "astro";
import { formatDate, getSprints, STATUS_LABEL } from "../../components/roadmap/data";

const escapeXml = (s: string) =>
  s.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;").replaceAll('"', "&quot;");

/** An Atom feed of the roadmap: one entry per sprint, updated when its status date changes. */
export const GET: APIRoute = async ({ site }) => {
  const root = new URL(import.meta.env.BASE_URL.replace(/\/?$/, "/"), site ?? "http://localhost/");
  const sprints = await getSprints();
  const updated = new Date(Math.max(...sprints.map((s) => s.statusAsOf.getTime())));
  const entries = sprints
    .map((s) => {
      const url = new URL(`roadmap/${s.slug}/`, root).href;
      const done = s.items.filter((i) => i.done).length;
      return `  <entry>
    <title>${escapeXml(`Sprint ${s.id}: ${s.title} (${STATUS_LABEL[s.status]})`)}</title>
    <id>${url}</id>
    <link href="${url}"/>
    <updated>${s.statusAsOf.toISOString()}</updated>
    <summary>${escapeXml(`${s.goal} ${done} of ${s.items.length} items done, as of ${formatDate(s.statusAsOf)}.`)}</summary>
  </entry>`;
    })
    .join("\n");
  const body = `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>MinimalOS NextGen roadmap</title>
  <id>${new URL("roadmap/", root).href}</id>
  <link href="${new URL("roadmap/", root).href}"/>
  <link rel="self" href="${new URL("roadmap/feed.xml", root).href}"/>
  <updated>${updated.toISOString()}</updated>
${entries}
</feed>
`;
  return new Response(body, { headers: { "content-type": "application/atom+xml; charset=utf-8" } });
};
