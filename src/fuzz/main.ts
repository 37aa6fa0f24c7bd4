/**
 * npm run fuzz -- [--seed S] [--count N] [--json]: the engine's fuzz harness (see harness.ts). Prints the
 * counts, the slowest input and a minimal reproducer for each distinct failure; exits 1 when any failed.
 */
import { runFuzz } from "./harness";

function flag(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  if (i < 0) return fallback;
  const v = Number(process.argv[i + 1]);
  if (!Number.isSafeInteger(v) || v < 0) {
    console.error(`fuzz: ${name} takes a whole number, got "${process.argv[i + 1] ?? ""}"`);
    process.exit(2);
  }
  return v;
}

const seed = flag("--seed", 1);
const count = flag("--count", 10_000);
const json = process.argv.includes("--json");
const started = performance.now();
let lastReport = 0;
const report = runFuzz({
  seed,
  count,
  onBatch: (done) => {
    if (!json && performance.now() - lastReport > 5000) {
      lastReport = performance.now();
      console.error(`  ${done.toLocaleString("en")} inputs...`);
    }
  },
});
const seconds = (performance.now() - started) / 1000;

if (json) console.log(JSON.stringify({ ...report, seconds }));
else {
  console.log(`Fuzz: seed ${seed}, ${report.inputs.toLocaleString("en")} inputs in ${seconds.toFixed(1)} s`);
  for (const [t, n] of Object.entries(report.perTarget))
    console.log(`  ${t.padEnd(10)} ${n.toLocaleString("en")}`);
  console.log(
    `Exceptions: ${report.exceptions}  invariant breaks: ${report.invariantBreaks}  divergences: ${report.divergences}`,
  );
  for (const [t, slow] of Object.entries(report.slowest))
    console.log(`Slowest ${t} input: ${slow.ms.toFixed(1)} ms  ${slow.input.slice(0, 140)}`);
  for (const f of report.failures) {
    console.log(
      `\nFAIL ${f.signature}\n  ${f.message.replaceAll("\n", "\n  ")}\n  reproducer: ${f.reproducer}`,
    );
  }
}
process.exitCode = report.failures.length > 0 ? 1 : 0;
