// Runs after `astro build` (npm run build): puts the Content-Security-Policy into every page, writes
// dist/_headers, then bundles the update notice and generates the service worker, last, so it precaches
// the pages as they ship.
// Usage: node scripts/postbuild.mjs [dir]   (dir defaults to dist/)
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { missingAssetRefs } from "./asset-refs.mjs";
import { headersFile, withPolicy } from "./csp.mjs";
import { buildServiceWorker, buildUpdateNotice } from "./service-worker.mjs";

const dir = resolve(process.argv[2] ?? join(import.meta.dirname, "..", "dist"));
const base = (process.env.BASE_PATH ?? "/").replace(/\/?$/, "/");

const missing = missingAssetRefs(dir);
if (missing.length > 0) {
  console.error(`postbuild: scripts name files the build did not write:\n  ${missing.join("\n  ")}`);
  process.exit(1);
}

const pages = readdirSync(dir, { recursive: true, encoding: "utf8" })
  .filter((f) => f.endsWith(".html"))
  .sort();
/**
 * Astro names each island by a hash that takes in the component's absolute path, so the same commit built
 * in two checkouts differs there. Nothing reads the name (it is not a reference), so it becomes the
 * island's place in the page.
 */
function stableIslandIds(html) {
  let n = 0;
  return html.replace(/<astro-island uid="[^"]*"/g, () => `<astro-island uid="island-${++n}"`);
}

const hashes = pages.map((file) => {
  const path = join(dir, file);
  const page = withPolicy(stableIslandIds(readFileSync(path, "utf8")));
  writeFileSync(path, page.html);
  return page.hashes;
});
writeFileSync(join(dir, "_headers"), headersFile(base, hashes));
console.log(`postbuild: Content-Security-Policy written into ${pages.length} pages and _headers`);

await buildUpdateNotice(dir);
const { count, size } = await buildServiceWorker(dir);
console.log(`postbuild: sw.js precaches ${count} files, ${(size / 1024).toFixed(0)} KB`);
