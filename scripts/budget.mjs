// Page-weight budget: loads every built page in Chromium from a gzip-serving local server and sums the
// bytes each page transfers. Fails when a page transfers more than the limit; prints median and worst.
import { spawn } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { chromium } from "playwright-core";
import { ENGINE_LIMIT_KB, engineSizes } from "./engine-size.mjs";

const LIMIT_KB = 60;
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
    const context = await browser.newContext({ serviceWorkers: "block" }); // a first visit: no worker yet
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send("Network.enable");
    let bytes = 0;
    // encodedDataLength is what crossed the wire: gzip-compressed bodies plus headers.
    cdp.on("Network.loadingFinished", (e) => {
      bytes += e.encodedDataLength;
    });
    await page.goto(`http://127.0.0.1:${port}${base}${path}`, { waitUntil: "networkidle" });
    await page.waitForTimeout(300);
    rows.push({ path: `/${path}`, kb: bytes / 1024 });
    await context.close();
  }
} finally {
  await browser.close();
  server.kill();
}

rows.sort((a, b) => a.kb - b.kb);
const median = rows[Math.floor((rows.length - 1) / 2)].kb;
const worst = rows[rows.length - 1];
console.log("Page weight (transferred, gzip):");
for (const r of rows)
  console.log(`  ${r.kb.toFixed(1).padStart(6)} KB  ${r.path}${r.kb > LIMIT_KB ? "  OVER BUDGET" : ""}`);
console.log(
  `Pages: ${rows.length}  median: ${median.toFixed(1)} KB (target ${TARGET_MEDIAN_KB} KB)  worst: ${worst.kb.toFixed(1)} KB ${worst.path} (limit ${LIMIT_KB} KB)`,
);
const { engineKb, withCatalogKb } = await engineSizes();
console.log(
  `Simulator engine (gzip, minified): ${engineKb.toFixed(1)} KB (limit ${ENGINE_LIMIT_KB} KB); with its built-in programs and scenarios: ${withCatalogKb.toFixed(1)} KB`,
);
const over = rows.filter((r) => r.kb > LIMIT_KB);
if (over.length > 0) {
  console.error(`${over.length} page(s) over the ${LIMIT_KB} KB budget.`);
  process.exit(1);
}
if (engineKb > ENGINE_LIMIT_KB) {
  console.error(`The simulator engine is over its ${ENGINE_LIMIT_KB} KB budget.`);
  process.exit(1);
}
