import { dirname, join, normalize } from "node:path/posix";

/** A heading as Astro collects them from Markdown (`MarkdownHeading`). */
export interface Heading {
  depth: number;
  slug: string;
  text: string;
}

/** A table-of-contents entry as Starlight nests them. */
export interface TocItem extends Heading {
  children: TocItem[];
}

/** Component file (from the project root, "src/components/x/Y.astro") to the headings it renders. */
export type HeadingSources = ReadonlyMap<string, () => readonly Heading[]>;

/**
 * Collects the `*.headings.ts` modules found next to components (a module's `headings()` lists what
 * its component renders), keyed by the component they describe.
 * @param modules the result of `import.meta.glob("./components/** /*.headings.ts", { eager: true })`
 * @param from where the glob's keys are relative to, from the project root ("src")
 */
export function headingSources(
  modules: Record<string, { headings: () => readonly Heading[] }>,
  from: string,
): HeadingSources {
  return new Map(
    Object.entries(modules).map(([path, mod]) => [
      normalize(join(from, path.replace(/\.headings\.ts$/, ".astro"))),
      mod.headings,
    ]),
  );
}

const IMPORT = /^import\s+(\w+)\s+from\s+["']([^"']+\.astro)["']/gm;
const FENCE = /^\s*(```|~~~)/;
const MD_HEADING = /^#{1,6}\s+\S/;
const COMPONENT = /^\s*<([A-Z]\w*)[\s/>]/;

/**
 * A page's headings in reading order: those Astro found in its Markdown, with the headings of each
 * component that renders its own (Starlight's "On this page" sees only the Markdown ones) put where the
 * component is used.
 * @param body the page's MDX source, front matter excluded
 * @param filePath the page's file from the project root ("docs/reference/syscalls.mdx")
 * @param markdown the headings Astro collected from the page's Markdown, in order
 */
export function pageHeadings(
  body: string,
  filePath: string,
  markdown: readonly Heading[],
  sources: HeadingSources,
): readonly Heading[] {
  const used = new Map<string, () => readonly Heading[]>();
  for (const [, name, from] of body.matchAll(IMPORT)) {
    const source = sources.get(normalize(join(dirname(filePath), from ?? "")));
    if (name && source) used.set(name, source);
  }
  if (used.size === 0) return markdown;

  const out: Heading[] = [];
  let next = 0;
  let fenced = false;
  for (const line of body.split("\n")) {
    if (FENCE.test(line)) fenced = !fenced;
    if (fenced) continue;
    if (MD_HEADING.test(line) && next < markdown.length) {
      out.push(markdown[next++] as Heading);
      continue;
    }
    const name = COMPONENT.exec(line)?.[1];
    const source = name ? used.get(name) : undefined;
    if (source) out.push(...source());
  }
  out.push(...markdown.slice(next));
  return out;
}

/**
 * Starlight's nesting of headings into a table of contents (its utils/generateToC.ts, which it does not
 * export): keeps the page-title entry, drops levels outside the range, nests deeper levels.
 */
export function tocItems(
  headings: readonly Heading[],
  opts: { minHeadingLevel: number; maxHeadingLevel: number },
  titleItem: TocItem,
): TocItem[] {
  const items: TocItem[] = [{ ...titleItem, children: [] }];
  for (const h of headings) {
    if (h.depth < opts.minHeadingLevel || h.depth > opts.maxHeadingLevel) continue;
    let list = items;
    for (let last = list.at(-1); last && last.depth < h.depth; last = list.at(-1)) list = last.children;
    list.push({ ...h, children: [] });
  }
  return items;
}
