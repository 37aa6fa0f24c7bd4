// Serves the built site (dist/) under its base path, gzip-compressed like a real host, for the browser
// tests and the page-weight budget. Usage: node scripts/serve-dist.mjs [port]
import { createReadStream, existsSync, statSync } from "node:fs";
import { createServer } from "node:http";
import { extname, join, normalize, resolve } from "node:path";
import { createGzip } from "node:zlib";

// DIST_DIR serves another build (npm run test:base-path builds under /repo/ into its own folder).
const root = process.env.DIST_DIR ? resolve(process.env.DIST_DIR) : join(import.meta.dirname, "..", "dist");
const port = Number(process.argv[2] ?? process.env.PORT ?? 4322);
const base = (process.env.BASE_PATH ?? "/").replace(/\/?$/, "/");

const types = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css",
  ".js": "text/javascript",
  ".mjs": "text/javascript",
  ".json": "application/json",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".xml": "application/xml",
  ".txt": "text/plain",
  ".wasm": "application/wasm",
};
const compressible = new Set([".html", ".css", ".js", ".mjs", ".json", ".svg", ".xml", ".txt"]);

function resolveFile(urlPath) {
  if (!urlPath.startsWith(base)) return undefined;
  const rel = normalize(decodeURIComponent(urlPath.slice(base.length))).replace(/^(\.\.[/\\])+/, "");
  let file = join(root, rel);
  if (existsSync(file) && statSync(file).isDirectory()) file = join(file, "index.html");
  return existsSync(file) && statSync(file).isFile() ? file : undefined;
}

createServer((req, res) => {
  const url = new URL(req.url ?? "/", "http://localhost");
  const file = resolveFile(url.pathname);
  const status = file ? 200 : 404;
  const path = file ?? join(root, "404.html");
  const ext = extname(path);
  const headers = { "content-type": types[ext] ?? "application/octet-stream", "cache-control": "no-cache" };
  const gzip = compressible.has(ext) && /\bgzip\b/.test(String(req.headers["accept-encoding"]));
  if (gzip) headers["content-encoding"] = "gzip";
  res.writeHead(status, headers);
  const stream = createReadStream(path);
  (gzip ? stream.pipe(createGzip()) : stream).pipe(res);
}).listen(port, "127.0.0.1", () => {
  console.log(`Serving ${root} at http://127.0.0.1:${port}${base}`);
});
