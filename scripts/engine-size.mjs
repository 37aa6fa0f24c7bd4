// The engine's size as the browser gets it: src/sim/session.ts bundled by esbuild (minified ESM) and
// gzipped. Reported twice: the engine itself (session, assembler, kernel, CPU, scenario parsing), with the
// catalog of built-in programs and scenarios left out since it is content a page may load on its own,
// and everything together. Usage: node scripts/engine-size.mjs [--json]; exits 1 above the limit.
import { gzipSync } from "node:zlib";
import { build } from "esbuild";

export const ENGINE_LIMIT_KB = 40;

async function bundle(withoutCatalog) {
  const result = await build({
    entryPoints: ["src/sim/session.ts"],
    bundle: true,
    minify: true,
    format: "esm",
    platform: "browser",
    write: false,
    logLevel: "silent",
    plugins: withoutCatalog
      ? [
          {
            name: "empty-catalog",
            setup(b) {
              b.onResolve({ filter: /programs\/catalog$/ }, () => ({ path: "catalog", namespace: "stub" }));
              b.onLoad({ filter: /.*/, namespace: "stub" }, () => ({
                contents:
                  "export const CATALOG = { programs: new Map(), libraries: new Map(), scenarios: new Map(), wasmGuest: new Uint8Array(0) };",
              }));
            },
          },
        ]
      : [],
  });
  return gzipSync(result.outputFiles[0].contents, { level: 9 }).length / 1024;
}

export async function engineSizes() {
  return { engineKb: await bundle(true), withCatalogKb: await bundle(false) };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { engineKb, withCatalogKb } = await engineSizes();
  if (process.argv.includes("--json")) console.log(JSON.stringify({ engineKb, withCatalogKb }));
  else {
    console.log(
      `Engine (gzip): ${engineKb.toFixed(1)} KB (limit ${ENGINE_LIMIT_KB} KB); with the built-in programs and scenarios: ${withCatalogKb.toFixed(1)} KB`,
    );
  }
  if (engineKb > ENGINE_LIMIT_KB) {
    console.error(`The engine is over its ${ENGINE_LIMIT_KB} KB budget.`);
    process.exit(1);
  }
}
