// Builds the site under a base path (BASE_PATH=/repo/, as a GitHub project page serves it) into a folder
// of its own, never dist/, and runs the browser tests that depend on the base against that build: sidebar
// and internal links, a simulator embed and the playground loading their code, search, and the service
// worker's scope. Usage: npm run test:base-path [-- --keep]
// The server listens on BASE_PATH_PORT, else E2E_PORT + 2 (so it never meets a server on E2E_PORT that
// serves dist/ at "/").
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const root = join(import.meta.dirname, "..");
const base = "/repo/";
const out = mkdtempSync(join(tmpdir(), "mnos-base-path-"));
const port = process.env.BASE_PATH_PORT ?? String(Number(process.env.E2E_PORT ?? 4322) + 2);
const env = { ...process.env, BASE_PATH: base, DIST_DIR: out, E2E_PORT: port };

/** Runs a command in the checkout; stops this script when it fails. */
function run(cmd, args) {
  const started = Date.now();
  const { status } = spawnSync(cmd, args, { cwd: root, env, stdio: "inherit" });
  if (status !== 0) {
    if (!process.argv.includes("--keep")) rmSync(out, { recursive: true, force: true });
    console.error(`test:base-path: ${cmd} ${args.join(" ")} failed`);
    process.exit(status ?? 1);
  }
  return (Date.now() - started) / 1000;
}

const started = Date.now();
const build = run("astro", ["build", "--outDir", out]) + run("node", ["scripts/postbuild.mjs", out]);
const tests = run("playwright", [
  "test",
  "tests/e2e/base-path.spec.ts",
  "tests/e2e/site.spec.ts",
  "--project",
  "desktop",
  "--grep",
  "under the base path|every internal link and #fragment resolves",
]);
console.log(
  `test:base-path: built under ${base} in ${build.toFixed(0)} s, tested in ${tests.toFixed(0)} s, ` +
    `${((Date.now() - started) / 1000).toFixed(0)} s in all`,
);
if (process.argv.includes("--keep")) console.log(`test:base-path: the build is in ${out}`);
else rmSync(out, { recursive: true, force: true });
