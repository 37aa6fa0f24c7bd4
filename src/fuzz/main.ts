/**
 * npm run fuzz -- [--seed S] [--count N] [--json]: the engine's fuzz harness (see harness.ts). Prints, per
 * target, the inputs, exceptions, invariant breaks, divergences and the slowest input; then every input
 * that took over 100 ms to accept or reject (timed again on its own) and a minimal reproducer for each
 * distinct failure. Exits 1 when anything failed or was slow.
 */
import { runFuzz, SLOW_MS } from "./harness";

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
const report = await runFuzz({
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
  const row = (cells: (string | number)[]) =>
    console.log(cells.map((c, i) => (i === 0 ? String(c).padEnd(10) : String(c).padStart(12))).join(" "));
  const all = Object.values(report.targets);
  row(["target", "inputs", "exceptions", "invariants", "divergences", "slowest ms", "1st time ms"]);
  for (const [t, r] of Object.entries(report.targets))
    row([
      t,
      r.inputs.toLocaleString("en"),
      r.exceptions,
      r.invariantBreaks,
      r.divergences,
      r.slowest.ms.toFixed(1),
      r.worstFirstMs.toFixed(1),
    ]);
  row([
    "total",
    report.inputs.toLocaleString("en"),
    report.exceptions,
    report.invariantBreaks,
    report.divergences,
    Math.max(...all.map((r) => r.slowest.ms)).toFixed(1),
    Math.max(...all.map((r) => r.worstFirstMs)).toFixed(1),
  ]);
  console.log(`(slowest: timed again alone when the first time passed ${SLOW_MS} ms)`);
  for (const [t, r] of Object.entries(report.targets))
    console.log(`Slowest ${t} input: ${r.slowest.ms.toFixed(1)} ms  ${r.slowest.input.slice(0, 140)}`);
  console.log(`Inputs over ${SLOW_MS} ms to accept or reject, timed again alone: ${report.slow.length}`);
  for (const s of report.slow)
    console.log(`  SLOW ${s.target} ${s.ms.toFixed(1)} ms  ${s.input.slice(0, 300)}`);
  for (const f of report.failures) {
    console.log(
      `\nFAIL ${f.signature}\n  ${f.message.replaceAll("\n", "\n  ")}\n  reproducer: ${f.reproducer}`,
    );
  }
}
process.exitCode = report.failures.length > 0 || report.slow.length > 0 ? 1 : 0;
