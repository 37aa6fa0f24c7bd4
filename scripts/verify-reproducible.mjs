// Builds the site twice from clean copies of this checkout, in two directories with different paths, and
// compares every file of the two dist/ directories byte for byte. Fails, listing the files that differ,
// if the build depends on the clock, randomness or where the checkout lives. The second build runs with
// its clock 400 days ahead and in another time zone, so a date taken from the build clock shows up too.
// Usage: npm run verify:reproducible [-- --keep]   (--keep leaves the two copies for inspection)
import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative, sep } from "node:path";

const root = join(import.meta.dirname, "..");
const keep = process.argv.includes("--keep");

/** Tracked and new (not ignored) files: what a clean clone of this commit, plus local edits, holds. */
const sources = execFileSync("git", ["ls-files", "--cached", "--others", "--exclude-standard", "-z"], {
  cwd: root,
  encoding: "utf8",
})
  .split("\0")
  .filter(Boolean);

/** A fresh copy of the checkout; node_modules is hard-linked (instant), without its build caches. */
function cleanCopy(dir) {
  for (const file of sources) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    try {
      cpSync(join(root, file), join(dir, file));
    } catch (e) {
      if (e.code !== "ENOENT") throw e; // deleted locally but still tracked
    }
  }
  execFileSync("cp", ["-al", join(root, "node_modules"), join(dir, "node_modules")]);
  for (const cache of [".astro", ".vite", ".cache"])
    rmSync(join(dir, "node_modules", cache), { recursive: true, force: true });
}

/** Preloaded into every Node process of the second build: Date reads a clock 400 days ahead. */
const shiftedClock = `const shift = 400 * 86400000;
const RealDate = Date;
globalThis.Date = class extends RealDate {
  constructor(...args) { super(...(args.length ? args : [RealDate.now() + shift])); }
  static now() { return RealDate.now() + shift; }
};
`;

function build(dir, env = {}) {
  const started = Date.now();
  const result = spawnSync("npm", ["run", "build"], {
    cwd: dir,
    encoding: "utf8",
    env: { ...process.env, ...env },
  });
  if (result.status !== 0) {
    process.stderr.write(result.stdout + result.stderr);
    throw new Error(`the build in ${dir} failed`);
  }
  return (Date.now() - started) / 1000;
}

function files(dir) {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)).split(sep).join("/"))
    .sort();
}

// Different names and lengths, so an absolute path baked into the output shows up as a difference.
const a = mkdtempSync(join(tmpdir(), "mnos-repro-a-"));
const b = mkdtempSync(join(tmpdir(), "mnos-repro-bb-"));
let failed = false;
try {
  cleanCopy(a);
  console.log(`built ${a} in ${build(a).toFixed(1)} s`);
  cleanCopy(b);
  const clock = join(b, "shifted-clock.mjs");
  writeFileSync(clock, shiftedClock);
  const env = { NODE_OPTIONS: `--import=${clock}`, TZ: "Pacific/Kiritimati" };
  console.log(`built ${b} in ${build(b, env).toFixed(1)} s (clock 400 days ahead, time zone UTC+14)`);
  const distA = join(a, "dist");
  const distB = join(b, "dist");
  const listA = files(distA);
  const listB = new Set(files(distB));
  const differing = [];
  for (const f of listA) {
    if (!listB.has(f)) differing.push(`${f} (only in the first build)`);
    else if (!readFileSync(join(distA, f)).equals(readFileSync(join(distB, f)))) differing.push(f);
    listB.delete(f);
  }
  for (const f of listB) differing.push(`${f} (only in the second build)`);
  if (differing.length > 0) {
    failed = true;
    console.error(`${differing.length} of ${listA.length} files differ between the two builds:`);
    for (const d of differing) console.error(`  ${d}`);
  } else {
    console.log(`reproducible: both builds produced the same ${listA.length} files, byte for byte`);
  }
} finally {
  if (keep) console.log(`kept ${a} and ${b}`);
  else for (const dir of [a, b]) rmSync(dir, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
