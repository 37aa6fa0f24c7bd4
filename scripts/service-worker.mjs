// Generates dist/sw.js with Workbox after `astro build`: it precaches every page, its CSS and JS, the icons
// and the search index, so a reader who has visited once can read and search the site offline.
// A new build's worker waits until the reader presses "Reload" (src/components/site/OfflineSupport.astro),
// so code is never swapped under an open page.
import { join } from "node:path";
import { build } from "esbuild";
import { generateSW } from "workbox-build";

/** What a reader needs offline, relative to dist/. Globs, not lists: new pages and islands join by name. */
export const precacheGlobs = [
  "**/*.html",
  // Every bundled script and stylesheet, including islands loaded only when they scroll into view.
  "_astro/**/*",
  "update-notice.{js,css}",
  "favicon.svg",
  "manifest.webmanifest",
  "icons/*.png",
  // Pagefind: the loader, its worker, the WebAssembly engine (.pagefind) and the index files.
  // Search.astro bundles the UI from @pagefind/default-ui into _astro, so Pagefind's own UI bundles
  // (pagefind-ui.js, pagefind-component-ui.js, pagefind-modular-ui.js, pagefind-highlight.js) stay out.
  "pagefind/pagefind.js",
  "pagefind/pagefind-worker.js",
  "pagefind/pagefind-entry.json",
  "pagefind/**/*.{pf_meta,pf_index,pf_fragment,pf_filter,pagefind}",
];

/**
 * Bundles the "new version available" notice (src/components/site/update-notice.ts) into
 * `${dir}/update-notice.js` and `.css`, beside sw.js, where the registration script finds it.
 * @param {string} dir the built site
 */
export async function buildUpdateNotice(dir) {
  await build({
    entryPoints: [join(import.meta.dirname, "..", "src/components/site/update-notice.ts")],
    bundle: true,
    format: "esm",
    target: "es2022",
    minify: true,
    legalComments: "none",
    outdir: dir,
    logLevel: "warning",
  });
}

/**
 * Writes `${dir}/sw.js`. Revisions are MD5 hashes of the files' bytes and entries are sorted, so the same
 * dist/ always gives the same sw.js, and any changed file gives a new one (which the browser installs as an
 * update).
 * @param {string} dir the built site
 */
export async function buildServiceWorker(dir) {
  const { count, size, warnings } = await generateSW({
    globDirectory: dir,
    globPatterns: precacheGlobs,
    // Every page declares lang="en", so Pagefind never loads the engine for pages without a language.
    globIgnores: ["pagefind/wasm.unknown.pagefind"],
    swDest: `${dir}/sw.js`,
    // URLs resolve against sw.js, which sits at the base path: the same file works under any base.
    modifyURLPrefix: {},
    // _astro/ names already carry a content hash: no revision needed, no cache-busting query.
    dontCacheBustURLsMatching: /^_astro\//,
    manifestTransforms: [
      async (entries) => ({ manifest: [...entries].sort((a, b) => (a.url < b.url ? -1 : 1)), warnings: [] }),
    ],
    // "getting-started/" is served from the precached "getting-started/index.html".
    directoryIndex: "index.html",
    ignoreURLParametersMatching: [/.*/],
    // Installs and waits; the page asks it to take over (a SKIP_WAITING message) when the reader agrees.
    skipWaiting: false,
    // A first visit has no older worker, so taking control at once swaps nothing: it lets the page that
    // installed the worker be served offline too.
    clientsClaim: true,
    cleanupOutdatedCaches: true,
    inlineWorkboxRuntime: true,
    sourcemap: false,
    mode: "production",
  });
  for (const w of warnings) console.warn(`service worker: ${w}`);
  return { count, size };
}
