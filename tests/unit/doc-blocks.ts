/** Reads what a docs page tells the reader to type, so tests run the page's own text, not a copy. */
import { readFileSync } from "node:fs";
import { join } from "node:path";

export const root = join(import.meta.dirname, "..", "..");

export function page(path: string): string {
  return readFileSync(join(root, "docs", path), "utf8");
}

export interface CodeBlock {
  readonly lang: string;
  readonly meta: string;
  readonly code: string;
}

/** Every fenced code block, indentation removed (blocks inside tabs and lists are indented). */
export function codeBlocks(source: string): CodeBlock[] {
  const out: CodeBlock[] = [];
  const re = /^([ \t]*)```(\w*)([^\n]*)\n([\s\S]*?)^\1```[ \t]*$/gm;
  for (const m of source.matchAll(re)) {
    const indent = m[1] ?? "";
    const code = (m[4] ?? "")
      .split("\n")
      .map((l) => (l.startsWith(indent) ? l.slice(indent.length) : l))
      .join("\n")
      .replace(/\n$/, "");
    out.push({ lang: m[2] ?? "", meta: (m[3] ?? "").trim(), code });
  }
  return out;
}

/** The text of one section: from its heading to the next heading of the same or a higher level. */
export function section(source: string, heading: string): string {
  const lines = source.split("\n");
  const start = lines.findIndex((l) => /^#{2,4} /.test(l) && l.replace(/^#+ /, "") === heading);
  if (start < 0) throw new Error(`no section "${heading}"`);
  const level = (lines[start]?.match(/^#+/)?.[0] ?? "").length;
  const rest = lines.slice(start + 1);
  const end = rest.findIndex((l) => {
    const h = l.match(/^(#+) /);
    return h !== null && (h[1] ?? "").length <= level;
  });
  return (end < 0 ? rest : rest.slice(0, end)).join("\n");
}

/** The content of one `<TabItem label="…">` in a piece of MDX. */
export function tab(source: string, label: string): string {
  const open = `<TabItem label="${label}">`;
  const start = source.indexOf(open);
  if (start < 0) throw new Error(`no tab "${label}"`);
  const end = source.indexOf("</TabItem>", start);
  return source.slice(start + open.length, end);
}

/** The one code block whose info string contains `title="…"`. */
export function titledBlock(source: string, title: string): CodeBlock {
  const found = codeBlocks(source).filter((b) => b.meta.includes(`title="${title}"`));
  if (found.length !== 1) throw new Error(`expected one block titled "${title}", found ${found.length}`);
  return found[0] as CodeBlock;
}

/** Every `<TabItem label="…">` in a piece of MDX with its content, in page order, nested tabs included. */
export function tabItems(source: string): { label: string; start: number; end: number; body: string }[] {
  const out: { label: string; start: number; end: number; body: string }[] = [];
  for (const m of source.matchAll(/<TabItem label="([^"]+)">/g)) {
    const start = m.index ?? 0;
    const end = source.indexOf("</TabItem>", start);
    out.push({ label: m[1] ?? "", start, end, body: source.slice(start + m[0].length, end) });
  }
  return out;
}
