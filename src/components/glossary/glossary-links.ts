/**
 * Links the first use of every glossary term on a page to the term's entry on the glossary page. It runs on
 * the architecture and reference pages only, as a hast plugin of Astro's Markdown processor (Sätteri), and
 * leaves headings, links, code blocks and components alone: a term inside inline code is linked only when
 * the code is the term itself.
 */
import { fileURLToPath } from "node:url";
import { GLOSSARY, type GlossaryTerm } from "./terms";

/** The few hast shapes the plugin reads; everything else passes through untouched. */
interface HastText {
  readonly type: "text";
  readonly value: string;
}
interface HastElement {
  readonly type: "element";
  readonly tagName: string;
  readonly properties?: Readonly<Record<string, unknown>>;
  readonly children: readonly HastNode[];
}
interface HastOther {
  readonly type: string;
  readonly name?: string | null;
  readonly children?: readonly HastNode[];
}
export type HastNode = HastText | HastElement | HastOther;

/** Sections whose pages get glossary links, as folders under docs/. */
const LINKED_SECTIONS = ["architecture", "reference"];
const SKIP_TAGS = new Set(["a", "pre", "h1", "h2", "h3", "h4", "h5", "h6", "script", "style", "svg", "kbd"]);
/** MDX components whose children are not running text. */
const SKIP_COMPONENTS = new Set(["ScenarioCommand", "SourceFiles", "Source", "Code", "LinkCard", "CardGrid"]);

interface CompiledTerm {
  readonly term: GlossaryTerm;
  readonly anywhere: RegExp;
  readonly whole: RegExp;
}

/** Word boundaries that also hold for terms with symbols in them, such as "W^X" or "I/O APIC". */
export function compileTerm(term: GlossaryTerm): CompiledTerm | undefined {
  if (term.match.length === 0) return undefined;
  const flags = term.caseSensitive ? "" : "i";
  const alternatives = term.match.map((m) => `(?:${m})`).join("|");
  return {
    term,
    anywhere: new RegExp(`(?<![\\w/^])(?:${alternatives})(?![\\w^])`, flags),
    whole: new RegExp(`^(?:${alternatives})$`, flags),
  };
}

const COMPILED_TERMS: readonly CompiledTerm[] = GLOSSARY.map(compileTerm).filter(
  (t): t is CompiledTerm => t !== undefined,
);

/** The page's route under docs/ ("architecture/ipc/"), or undefined when it is not a docs page. */
export function routeOf(filePath: string): string | undefined {
  const m = /(?:^|[/\\])docs[/\\](.+)\.mdx?$/.exec(filePath);
  if (!m?.[1]) return undefined;
  const route = m[1].replaceAll("\\", "/").replace(/(^|\/)index$/, "");
  return route === "" ? "" : `${route}/`;
}

/** Whether a page's running text gets glossary links. */
export function linksGlossary(route: string): boolean {
  return route !== "reference/glossary/" && LINKED_SECTIONS.some((s) => route.startsWith(`${s}/`));
}

/** The relative link from a page's route to a term on the glossary page. */
export function glossaryHref(route: string, term: GlossaryTerm): string {
  const depth = route.split("/").filter(Boolean).length;
  return `${"../".repeat(depth)}reference/glossary/#${term.id}`;
}

function link(route: string, term: GlossaryTerm, children: HastNode[]): HastElement {
  return {
    type: "element",
    tagName: "a",
    properties: {
      href: glossaryHref(route, term),
      className: ["glossary-term"],
      dataGlossary: term.id,
      // A dotted underline tells a glossary link from a link to another page, without a stylesheet.
      style: "text-decoration-style: dotted; text-underline-offset: 0.2em",
    },
    children,
  };
}

/** The earliest use in `text` of a term not linked yet; on a tie the longer match wins. */
function firstUse(text: string, pending: readonly CompiledTerm[]) {
  let best: { term: CompiledTerm; index: number; length: number } | undefined;
  for (const t of pending) {
    const m = t.anywhere.exec(text);
    if (!m) continue;
    if (!best || m.index < best.index || (m.index === best.index && m[0].length > best.length)) {
      best = { term: t, index: m.index, length: m[0].length };
    }
  }
  return best;
}

function textOf(node: HastNode): string {
  if (node.type === "text") return (node as HastText).value;
  return ((node as HastElement).children ?? []).map(textOf).join("");
}

export interface Replacement {
  readonly node: HastNode;
  readonly with: HastNode[];
}

/**
 * The replacements that link each term's first use under `root`, in document order. Reads the tree only, so
 * it works on Sätteri's frozen nodes; the caller applies the replacements.
 */
export function planGlossaryLinks(root: HastNode, route: string): Replacement[] {
  const linked = new Set<string>();
  const plan: Replacement[] = [];
  const pending = () => COMPILED_TERMS.filter((t) => !linked.has(t.term.id));

  const visitText = (node: HastText) => {
    const parts: HastNode[] = [];
    let rest = node.value;
    for (let use = firstUse(rest, pending()); use; use = firstUse(rest, pending())) {
      if (use.index > 0) parts.push({ type: "text", value: rest.slice(0, use.index) });
      const word = rest.slice(use.index, use.index + use.length);
      parts.push(link(route, use.term.term, [{ type: "text", value: word }]));
      linked.add(use.term.term.id);
      rest = rest.slice(use.index + use.length);
    }
    if (parts.length === 0) return;
    if (rest) parts.push({ type: "text", value: rest });
    plan.push({ node, with: parts });
  };

  const visit = (node: HastNode) => {
    if (node.type === "text") return visitText(node as HastText);
    if (node.type === "element") {
      const el = node as HastElement;
      if (el.tagName === "code") {
        const text = textOf(el);
        const exact = pending().find((t) => t.whole.test(text));
        if (!exact) return;
        const code: HastElement = {
          type: "element",
          tagName: "code",
          properties: { ...el.properties },
          children: [{ type: "text", value: text }],
        };
        plan.push({ node, with: [link(route, exact.term, [code])] });
        linked.add(exact.term.id);
        return;
      }
      if (SKIP_TAGS.has(el.tagName)) return;
    } else if (node.type === "mdxJsxFlowElement" || node.type === "mdxJsxTextElement") {
      if (SKIP_COMPONENTS.has((node as HastOther).name ?? "")) return;
    }
    for (const child of (node as HastOther).children ?? []) visit(child);
  };

  visit(root);
  return plan;
}

interface SatteriContext {
  readonly fileURL: URL | undefined;
  replaceNode(node: unknown, newNode: unknown): void;
}

/**
 * The plugin factory for `satteri({ hastPlugins: [glossaryLinks] })` in astro.config.mjs: a plugin for the
 * architecture and reference pages, nothing for the others.
 */
export function glossaryLinks(context: { fileURL: URL | undefined }) {
  const route = context.fileURL ? routeOf(fileURLToPath(context.fileURL)) : undefined;
  if (route === undefined || !linksGlossary(route)) return null;
  return {
    name: "glossary-links",
    after(root: HastNode, ctx: SatteriContext) {
      for (const r of planGlossaryLinks(root, route)) ctx.replaceNode(r.node, r.with);
    },
  };
}
