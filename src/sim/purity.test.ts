import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { expect, test } from "vitest";

const root = import.meta.dirname;

function engineFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = join(dir, e.name);
    if (e.isDirectory()) return engineFiles(full);
    return e.name.endsWith(".ts") && !e.name.endsWith(".test.ts") ? [full] : [];
  });
}

test("the engine runs in a browser, a worker and Node alike: no DOM, no Node APIs, no clocks, no randomness", () => {
  const forbidden = [
    /from ["']node:/,
    /\brequire\(/,
    /Math\.random/,
    /Date\.now|new Date\(/,
    /performance\.now/,
    /\bdocument\./,
    /\bwindow\./,
    /from ["']astro/,
    /setTimeout|setInterval/,
  ];
  const hits: string[] = [];
  for (const file of engineFiles(root)) {
    const text = readFileSync(file, "utf8");
    for (const re of forbidden) if (re.test(text)) hits.push(`${relative(root, file)}: ${re}`);
  }
  expect(hits).toEqual([]);
});
