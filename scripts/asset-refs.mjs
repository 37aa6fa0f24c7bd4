// Every file a built script names under _astro/ (the preload lists Vite writes for lazy chunks) must exist:
// a stylesheet that Astro renamed after Vite listed it is a 404 that makes the whole import fail.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

/** The `_astro/…` names each script in dir/_astro refers to that are not files there. */
export function missingAssetRefs(dir) {
  const assets = join(dir, "_astro");
  const missing = [];
  for (const file of readdirSync(assets).filter((f) => f.endsWith(".js"))) {
    const text = readFileSync(join(assets, file), "utf8");
    for (const [, name] of text.matchAll(/_astro\/([\w.-]+\.(?:js|css))/g))
      if (!existsSync(join(assets, name))) missing.push(`${file} names _astro/${name}`);
  }
  return [...new Set(missing)];
}
