// Page-weight budget: loads every built page in Chromium from a gzip-serving local server and sums the
// bytes each page transfers (simulator embeds scrolled into view, so their code counts). Fails when a page
// transfers more than its limit; prints median and worst, and the simulator's JavaScript.
//   - a docs page: 60 KB, of which 10 KB JavaScript at most (the site's own scripts: search, table of
//     contents, code-block copy; no simulator code); a docs page with a simulator embed: 90 KB; the
//     playground and each lab page (/learn/<lab>/): 120 KB of JavaScript.
//   - The engine itself (session, assembler, kernel, CPU, scenario parsing) has its own budget of 40 KB,
//     measured on its own bundle (scripts/engine-size.mjs).
// Pages are loaded as a first-time visitor loads them: service workers blocked, nothing cached.
import { spawn } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { chromium } from "playwright-core";
import { ENGINE_LIMIT_KB, engineSizes } from "./engine-size.mjs";

const LIMIT_KB = 60;
const DOCS_JS_LIMIT_KB = 10;
const EMBED_LIMIT_KB = 90;
const PLAYGROUND_JS_LIMIT_KB = 120;
const PLAYGROUND = "simulator/playground/";
const TARGET_MEDIAN_KB = 30;
const port = Number(process.env.BUDGET_PORT ?? 4323);
const base = (process.env.BASE_PATH ?? "/").replace(/\/?$/, "/");
const dist = join(import.meta.dirname, "..", "dist");

function pages() {
  const out = [];
  const walk = (dir) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const full = join(dir, e.name);
      if (e.isDirectory() && e.name !== "pagefind" && e.name !== "_astro") walk(full);
      else if (e.name === "index.html") out.push(relative(dist, dir).split(sep).join("/"));
    }
  };
  walk(dist);
  return out.map((p) => (p ? `${p}/` : "")).sort();
}

const executablePath = [process.env.CHROMIUM_PATH, "/usr/bin/chromium", "/usr/bin/chromium-browser"].find(
  (p) => p && existsSync(p),
);
const server = spawn(process.execPath, [join(import.meta.dirname, "serve-dist.mjs"), String(port)], {
  stdio: ["ignore", "pipe", "inherit"],
});
await new Promise((resolve) => server.stdout.once("data", resolve));

const browser = await chromium.launch({
  executablePath,
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
});
const rows = [];
try {
  for (const path of pages()) {
    const context = await browser.newContext({ serviceWorkers: "block" });
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send("Network.enable");
    let bytes = 0;
    let js = 0;
    let engine = 0;
    const urls = new Map();
    cdp.on("Network.responseReceived", (e) => urls.set(e.requestId, e.response.url));
    // encodedDataLength is what crossed the wire: gzip-compressed bodies plus headers.
    cdp.on("Network.loadingFinished", (e) => {
      bytes += e.encodedDataLength;
      const url = urls.get(e.requestId) ?? "";
      if (url.endsWith(".js")) js += e.encodedDataLength;
      // The engine's chunk, named in astro.config.mjs (codeSplitting groups).
      if (/\/sim-engine\.[\w-]+\.js$/.test(url)) engine += e.encodedDataLength;
    });
    await page.goto(`http://127.0.0.1:${port}${base}${path}`, { waitUntil: "networkidle" });
    // Simulator embeds load when scrolled into view: bring each one into view so its code is counted.
    const islands = await page.locator("astro-island").count();
    for (let i = 0; i < islands; i++) {
      await page.locator("astro-island").nth(i).scrollIntoViewIfNeeded();
      await page.waitForLoadState("networkidle");
    }
    // A hydrated island loses its ssr attribute and only then asks for the engine: wait for both, or a
    // busy machine measures an embed without its engine.
    if (islands > 0) {
      await page.waitForFunction(() => !document.querySelector("astro-island[ssr]"), null, {
        timeout: 30_000,
      });
      await page.waitForLoadState("networkidle");
    }
    await page.waitForTimeout(islands > 0 ? 800 : 300);
    // A lab page is a playground with a lesson: the same budget.
    const kind =
      path === PLAYGROUND
        ? "playground"
        : path.startsWith("learn/") && islands > 0
          ? "lab"
          : islands > 0
            ? "embed"
            : "page";
    rows.push({ path: `/${path}`, kb: bytes / 1024, js: js / 1024, engine: engine / 1024, kind });
    await context.close();
  }
} finally {
  await browser.close();
  server.kill();
}

const limitOf = (r) => (r.kind === "embed" ? EMBED_LIMIT_KB : LIMIT_KB);
const fails = (r) =>
  r.kind === "playground" || r.kind === "lab"
    ? r.js > PLAYGROUND_JS_LIMIT_KB
    : r.kb > limitOf(r) || (r.kind === "page" && r.js > DOCS_JS_LIMIT_KB);

rows.sort((a, b) => a.kb - b.kb);
const docs = rows.filter((r) => r.kind === "page");
const median = docs[Math.floor((docs.length - 1) / 2)]?.kb ?? 0;
const worst = docs[docs.length - 1] ?? { kb: 0, path: "-" };
console.log("Page weight (transferred, gzip):");
for (const r of rows) {
  const note =
    r.kind === "playground" || r.kind === "lab"
      ? `  ${r.kind}: JS ${r.js.toFixed(1)} KB (engine ${r.engine.toFixed(1)} KB, the rest ${(r.js - r.engine).toFixed(1)} KB; limit ${PLAYGROUND_JS_LIMIT_KB} KB)`
      : r.kind === "embed"
        ? `  with a simulator embed: JS ${r.js.toFixed(1)} KB, engine ${r.engine.toFixed(1)} KB (limit ${EMBED_LIMIT_KB} KB total)`
        : r.js > DOCS_JS_LIMIT_KB
          ? `  JS ${r.js.toFixed(1)} KB (limit ${DOCS_JS_LIMIT_KB} KB without an embed)`
          : "";
  const flag = fails(r) ? "  OVER BUDGET" : "";
  console.log(`  ${r.kb.toFixed(1).padStart(6)} KB  ${r.path}${note}${flag}`);
}
console.log(
  `Docs pages without an embed: ${docs.length}  median: ${median.toFixed(1)} KB (target ${TARGET_MEDIAN_KB} KB)  worst: ${worst.kb.toFixed(1)} KB ${worst.path} (limit ${LIMIT_KB} KB)`,
);
const { engineKb, withCatalogKb } = await engineSizes();
console.log(
  `Simulator engine (gzip, minified): ${engineKb.toFixed(1)} KB (limit ${ENGINE_LIMIT_KB} KB); with its built-in programs and scenarios: ${withCatalogKb.toFixed(1)} KB`,
);
if (engineKb > ENGINE_LIMIT_KB) {
  console.error(`The simulator engine is over its ${ENGINE_LIMIT_KB} KB budget.`);
  process.exitCode = 1;
}
const failing = rows.filter(fails);
if (failing.length > 0) {
  console.error(`${failing.length} page(s) over budget: ${failing.map((r) => r.path).join(", ")}`);
  process.exit(1);
}
