// Page-weight budget: loads every built page in Chromium from a gzip-serving local server and sums the
// bytes each page transfers (simulator embeds scrolled into view, so their code counts). Fails when a page
// transfers more than its limit; prints median and worst, and the simulator's JavaScript.
//   - a docs page: 60 KB; a docs page with a simulator embed: 90 KB; the playground: 120 KB of JavaScript.
//   - The engine chunk (engine.*.js) has its own budget of 40 KB (issue 8, checked with the engine's own
//     bundle). While the engine is over it, the playground is checked with the engine counted at 35 KB
//     and embed pages are only reported (as if the engine weighed 35 KB); once the engine meets its
//     budget, every limit applies to the real figures.
import { spawn } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { chromium } from "playwright-core";

const LIMIT_KB = 60;
const EMBED_LIMIT_KB = 90;
const PLAYGROUND_JS_LIMIT_KB = 120;
const ENGINE_LIMIT_KB = 40;
/** What the engine is expected to weigh once it drops full Zod (issue 8). */
const ENGINE_EXPECTED_KB = 35;
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
    const context = await browser.newContext();
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
      if (/\/engine\.[\w-]+\.js$/.test(url)) engine += e.encodedDataLength;
    });
    await page.goto(`http://127.0.0.1:${port}${base}${path}`, { waitUntil: "networkidle" });
    // Simulator embeds load when scrolled into view: bring each one into view so its code is counted.
    const islands = await page.locator("astro-island").count();
    for (let i = 0; i < islands; i++) {
      await page.locator("astro-island").nth(i).scrollIntoViewIfNeeded();
      await page.waitForLoadState("networkidle");
    }
    await page.waitForTimeout(islands > 0 ? 800 : 300);
    const kind = path === PLAYGROUND ? "playground" : islands > 0 ? "embed" : "page";
    rows.push({ path: `/${path}`, kb: bytes / 1024, js: js / 1024, engine: engine / 1024, kind });
    await context.close();
  }
} finally {
  await browser.close();
  server.kill();
}

/** With the engine counted at its expected weight while it is over its own budget. */
const engineOver = (r) => r.engine > ENGINE_LIMIT_KB;
const projected = (r, kb) => (engineOver(r) ? kb - r.engine + ENGINE_EXPECTED_KB : kb);
const limitOf = (r) => (r.kind === "embed" ? EMBED_LIMIT_KB : LIMIT_KB);
const over = (r) =>
  r.kind === "playground" ? projected(r, r.js) > PLAYGROUND_JS_LIMIT_KB : projected(r, r.kb) > limitOf(r);
/** Pages whose limit fails the run: everything but embed pages measured with a projected engine. */
const fails = (r) => over(r) && !(r.kind === "embed" && engineOver(r));

rows.sort((a, b) => a.kb - b.kb);
const docs = rows.filter((r) => r.kind === "page");
const median = docs[Math.floor((docs.length - 1) / 2)]?.kb ?? 0;
const worst = docs[docs.length - 1] ?? { kb: 0, path: "-" };
console.log("Page weight (transferred, gzip):");
for (const r of rows) {
  const note =
    r.kind === "playground"
      ? `  playground: JS ${r.js.toFixed(1)} KB (engine ${r.engine.toFixed(1)} KB, the rest ${(r.js - r.engine).toFixed(1)} KB; limit ${PLAYGROUND_JS_LIMIT_KB} KB)`
      : r.kind === "embed"
        ? `  with a simulator embed: JS ${r.js.toFixed(1)} KB, engine ${r.engine.toFixed(1)} KB (limit ${EMBED_LIMIT_KB} KB total)`
        : "";
  const flag = fails(r) ? "  OVER BUDGET" : over(r) ? "  OVER BUDGET WHEN THE ENGINE IS 35 KB" : "";
  console.log(`  ${r.kb.toFixed(1).padStart(6)} KB  ${r.path}${note}${flag}`);
}
console.log(
  `Docs pages without an embed: ${docs.length}  median: ${median.toFixed(1)} KB (target ${TARGET_MEDIAN_KB} KB)  worst: ${worst.kb.toFixed(1)} KB ${worst.path} (limit ${LIMIT_KB} KB)`,
);
for (const r of rows.filter((x) => x.kind !== "page" && engineOver(x))) {
  const what =
    r.kind === "playground"
      ? `JS ${projected(r, r.js).toFixed(1)}`
      : `total ${projected(r, r.kb).toFixed(1)}`;
  console.log(
    `  ${r.path}: the engine chunk is ${r.engine.toFixed(1)} KB, over its ${ENGINE_LIMIT_KB} KB budget; with it at ${ENGINE_EXPECTED_KB} KB this page would be ${what} KB.`,
  );
}
const failing = rows.filter(fails);
if (failing.length > 0) {
  console.error(`${failing.length} page(s) over budget: ${failing.map((r) => r.path).join(", ")}`);
  process.exit(1);
}
