import { describe, expect, test } from "vitest";
import {
  glossaryHref,
  glossaryLinks,
  type HastNode,
  linksGlossary,
  planGlossaryLinks,
  routeOf,
} from "../../src/components/glossary/glossary-links";
import { GLOSSARY } from "../../src/components/glossary/terms";

type El = { type: "element"; tagName: string; properties?: Record<string, unknown>; children: HastNode[] };
const text = (value: string): HastNode => ({ type: "text", value });
const el = (tagName: string, children: HastNode[], properties: Record<string, unknown> = {}): El => ({
  type: "element",
  tagName,
  properties,
  children,
});
const root = (children: HastNode[]) => ({ type: "root", children });

/** Applies a plan the way Sätteri's replaceNode does, to a plain tree, and returns the tree. */
function apply(tree: { children?: HastNode[] }, route = "architecture/ipc/") {
  const plan = planGlossaryLinks(tree as HastNode, route);
  const replace = (parent: { children?: HastNode[] }) => {
    if (!parent.children) return;
    parent.children = parent.children.flatMap((c) => {
      const r = plan.find((p) => p.node === c);
      if (r) return r.with;
      replace(c as { children?: HastNode[] });
      return [c];
    });
  };
  replace(tree);
  return tree;
}

/** The glossary ids linked in a tree, in document order, with the text they wrap. */
function links(tree: unknown): [string, string][] {
  const out: [string, string][] = [];
  const walk = (n: unknown) => {
    const node = n as El & { value?: string };
    if (node.type === "element" && node.tagName === "a" && node.properties?.dataGlossary) {
      const t = (x: unknown): string => {
        const y = x as { type: string; value?: string; children?: unknown[] };
        return y.type === "text" ? (y.value ?? "") : (y.children ?? []).map(t).join("");
      };
      out.push([String(node.properties.dataGlossary), t(node)]);
      return;
    }
    for (const c of node.children ?? []) walk(c);
  };
  walk(tree);
  return out;
}

describe("planGlossaryLinks", () => {
  test("links only the first use of a term on the page", () => {
    const tree = apply(
      root([el("p", [text("A CNode has 64 slots.")]), el("p", [text("Each CNode is kernel memory.")])]),
    );
    expect(links(tree).filter(([id]) => id === "cnode")).toEqual([["cnode", "CNode"]]);
  });

  test("keeps the text around the link, word for word", () => {
    const tree = apply(root([el("p", [text("The reaper frees stacks.")])]));
    const p = (tree.children?.[0] as El | undefined)?.children ?? [];
    expect(p.map((c) => (c.type === "text" ? (c as { value: string }).value : "<a>"))).toEqual([
      "The ",
      "<a>",
      " frees stacks.",
    ]);
  });

  test("skips headings, links and code blocks, and links the next use in running text", () => {
    const tree = apply(
      root([
        el("h2", [text("The reaper")]),
        el("p", [el("a", [text("reaper")], { href: "x/" })]),
        el("pre", [el("code", [text("reaper")])]),
        el("p", [text("Then the reaper runs.")]),
      ]),
    );
    expect(links(tree).filter(([id]) => id === "reaper")).toEqual([["reaper", "reaper"]]);
    expect((tree.children?.[0] as El | undefined)?.children).toEqual([text("The reaper")]);
  });

  test("links inline code only when the code is the term itself", () => {
    const tree = apply(
      root([el("p", [el("code", [text("IoPort { base }")]), text(" and "), el("code", [text("IoPort")])])]),
    );
    expect(links(tree)).toEqual([["cap-ioport", "IoPort"]]);
  });

  test("prefers the longer term at the same place", () => {
    const tree = apply(root([el("p", [text("An Endpoint capability names an endpoint.")])]));
    expect(links(tree)).toEqual([
      ["cap-endpoint", "Endpoint capability"],
      ["endpoint", "endpoint"],
    ]);
  });

  test("respects word boundaries, symbols included", () => {
    const tree = apply(root([el("p", [text("The APIC, the I/O APIC, W^X and SYS_SEND's IPC.")])]));
    const ids = links(tree).map(([id]) => id);
    expect(ids).toContain("io-apic");
    expect(ids).toContain("wx");
    expect(ids).toContain("ipc");
    expect(ids).not.toContain("ap");
  });

  test("a case-sensitive acronym does not match an ordinary word", () => {
    const tree = apply(root([el("p", [text("Read the bar and the ist of it.")])]));
    expect(links(tree)).toEqual([]);
  });

  test("leaves components such as ScenarioCommand alone but reads inside asides", () => {
    const tree = apply(
      root([
        { type: "mdxJsxFlowElement", name: "ScenarioCommand", children: [el("p", [text("the reaper")])] },
        { type: "mdxJsxFlowElement", name: "Aside", children: [el("p", [text("the quantum")])] },
      ] as HastNode[]),
    );
    expect(links(tree).map(([id]) => id)).toEqual(["quantum"]);
  });
});

describe("where links point and which pages get them", () => {
  test("routes come from the docs path, index pages included", () => {
    expect(routeOf("/x/docs/architecture/ipc.mdx")).toBe("architecture/ipc/");
    expect(routeOf("/x/docs/architecture/index.mdx")).toBe("architecture/");
    expect(routeOf("/x/src/pages/roadmap.astro")).toBeUndefined();
  });

  test("hrefs are relative, so the site works under any base path", () => {
    const reaper = GLOSSARY.find((t) => t.id === "reaper");
    if (!reaper) throw new Error("no reaper term");
    expect(glossaryHref("architecture/ipc/", reaper)).toBe("../../reference/glossary/#reaper");
    expect(glossaryHref("architecture/", reaper)).toBe("../reference/glossary/#reaper");
  });

  test("architecture and reference pages get links; the glossary itself and other sections do not", () => {
    expect(linksGlossary("architecture/memory/")).toBe(true);
    expect(linksGlossary("reference/syscalls/")).toBe(true);
    expect(linksGlossary("reference/glossary/")).toBe(false);
    expect(linksGlossary("getting-started/install/")).toBe(false);
    expect(glossaryLinks({ fileURL: new URL("file:///repo/docs/getting-started/install.mdx") })).toBeNull();
    expect(glossaryLinks({ fileURL: new URL("file:///repo/docs/architecture/ipc.mdx") })?.name).toBe(
      "glossary-links",
    );
  });
});
