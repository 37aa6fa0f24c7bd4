/**
 * Ids for the simulator embeds of one page, numbered in page order so that two embeds of the same
 * scenario never share an id. Kept in a module, not a component's frontmatter: Astro runs a
 * component's frontmatter afresh for every render, so a counter there would restart at each embed.
 */
const embedsOnPage = new WeakMap<object, number>();

/** The next embed id of the page being rendered (`page` is that render's Astro.request). */
export function nextEmbedId(page: object, scenario: string): string {
  const n = (embedsOnPage.get(page) ?? 0) + 1;
  embedsOnPage.set(page, n);
  return `sim-${scenario}-${n}`;
}
