import { describe, expect, it } from "vitest";
import { type Heading, headingSources, pageHeadings, tocItems } from "./toc";

const h = (depth: number, slug: string): Heading => ({ depth, slug, text: slug });

const sources = headingSources(
  {
    "./components/reference/Details.headings.ts": { headings: () => [h(2, "sys_send"), h(3, "args")] },
    "./components/other/Quiet.headings.ts": { headings: () => [h(2, "unused")] },
  },
  "src",
);

const page = (body: string) =>
  `import Details from "../../src/components/reference/Details.astro";\n\n${body}`;

describe("pageHeadings", () => {
  it("puts a component's headings where the page uses it, between the Markdown headings", () => {
    const body = page("## Intro\n\ntext\n\n<Details />\n\n## After\n");
    expect(pageHeadings(body, "docs/reference/x.mdx", [h(2, "intro"), h(2, "after")], sources)).toEqual([
      h(2, "intro"),
      h(2, "sys_send"),
      h(3, "args"),
      h(2, "after"),
    ]);
  });

  it("leaves a page alone when it uses no component that renders headings", () => {
    const markdown = [h(2, "intro")];
    const body = 'import Other from "../../src/components/x/Other.astro";\n\n## Intro\n\n<Other />\n';
    expect(pageHeadings(body, "docs/a/b.mdx", markdown, sources)).toBe(markdown);
  });

  it("resolves the import against the page's own folder", () => {
    const body = 'import D from "../src/components/reference/Details.astro";\n\n<D />\n';
    expect(pageHeadings(body, "docs/top.mdx", [], sources).map((x) => x.slug)).toEqual(["sys_send", "args"]);
    expect(pageHeadings(body, "docs/deeper/page.mdx", [], sources)).toEqual([]);
  });

  it("ignores headings and tags inside code fences", () => {
    const body = page("```sh\n# not a heading\n<Details />\n```\n\n## Real\n\n<Details/>\n");
    expect(pageHeadings(body, "docs/reference/x.mdx", [h(2, "real")], sources).map((x) => x.slug)).toEqual([
      "real",
      "sys_send",
      "args",
    ]);
  });

  it("keeps Markdown headings it could not place", () => {
    const body = page("<Details />\n");
    expect(pageHeadings(body, "docs/reference/x.mdx", [h(2, "from-jsx")], sources).at(-1)).toEqual(
      h(2, "from-jsx"),
    );
  });
});

describe("tocItems", () => {
  const title = { depth: 2, slug: "_top", text: "Overview", children: [] };

  it("nests deeper headings under the one before, as Starlight does", () => {
    const items = tocItems(
      [h(2, "a"), h(3, "a1"), h(3, "a2"), h(2, "b")],
      { minHeadingLevel: 2, maxHeadingLevel: 3 },
      title,
    );
    expect(items.map((i) => [i.slug, i.children.map((c) => c.slug)])).toEqual([
      ["_top", []],
      ["a", ["a1", "a2"]],
      ["b", []],
    ]);
  });

  it("drops headings outside the configured levels", () => {
    const items = tocItems([h(2, "a"), h(4, "deep")], { minHeadingLevel: 2, maxHeadingLevel: 3 }, title);
    expect(items.flatMap((i) => [i.slug, ...i.children.map((c) => c.slug)])).toEqual(["_top", "a"]);
  });
});
