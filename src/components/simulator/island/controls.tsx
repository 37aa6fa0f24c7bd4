/** The control bar, the timeline scrubber with its markers and the status line. */
import { useMemo } from "preact/hooks";
import { type Sim, SPEED_LABELS, SPEEDS } from "./store";
import { ErrorNote } from "./ui";

/**
 * The control bar, the timeline and the status line each read the model themselves, so a repaint during a
 * run re-renders them and the views, not the page around them.
 */
export function Controls({ sim, cores }: { sim: Sim; cores: number }) {
  const model = sim.model.value;
  const ready = sim.session.value !== null;
  const running = sim.running.value;
  const atEnd = !!model && model.ended && model.tick >= model.length;
  return (
    <div class="sim-controls" role="toolbar" aria-label="Simulation controls">
      <div class="sim-buttons">
        <button
          type="button"
          class="sim-primary"
          disabled={!ready || (!running && atEnd)}
          aria-keyshortcuts="Space"
          onClick={() => sim.toggleRun()}
        >
          {running ? "Pause" : "Run"}
        </button>
        <button
          type="button"
          disabled={!ready || atEnd}
          aria-keyshortcuts="ArrowRight"
          title="Step one instruction"
          onClick={() => sim.step()}
        >
          Step
        </button>
        <button
          type="button"
          disabled={!ready || atEnd}
          title="Step to the next syscall, switch, IRQ or fault"
          onClick={() => sim.stepEvent()}
        >
          Step event
        </button>
        <button
          type="button"
          disabled={!ready || !model || model.tick === 0}
          aria-keyshortcuts="ArrowLeft"
          title="Step back one tick"
          onClick={() => sim.stepBack()}
        >
          Step back
        </button>
        <button
          type="button"
          disabled={!ready || !model || model.tick === 0}
          title="Back to tick 0, just after boot"
          onClick={() => sim.reset()}
        >
          Reset
        </button>
      </div>
      <div class="sim-settings">
        {cores > 1 && (
          <label>
            Step on{" "}
            <select
              aria-label="Step on"
              value={String(sim.stepCore.value)}
              onChange={(e) => {
                sim.stepCore.value = Number((e.target as HTMLSelectElement).value);
              }}
            >
              <option value="-1">the next to run</option>
              {Array.from({ length: cores }, (_, i) => (
                <option key={i} value={String(i)}>
                  core {i}
                </option>
              ))}
            </select>
          </label>
        )}
        <label class="sim-speed">
          Speed{" "}
          <input
            type="range"
            aria-label="Speed"
            min={0}
            max={SPEEDS.length - 1}
            step={1}
            value={sim.speed.value}
            aria-valuetext={SPEED_LABELS[sim.speed.value]}
            onInput={(e) => {
              sim.speed.value = Number((e.target as HTMLInputElement).value);
            }}
          />
          <span class="sim-speed-label">{SPEED_LABELS[sim.speed.value]}</span>
        </label>
      </div>
      <p class="sim-where">
        Tick <output class="sim-tick">{model?.tick ?? 0}</output>
        {model && (
          <>
            {" "}
            of {model.length.toLocaleString("en")}
            {model.ended ? " (halted)" : ""}
          </>
        )}{" "}
        · state{" "}
        <code class="sim-hash" title="Same state, same hash">
          {running ? "…" : model?.hash || "—"}
        </code>
      </p>
    </div>
  );
}

const MARKS = [
  { kind: "syscall", label: "syscalls" },
  { kind: "schedule", label: "switches" },
  { kind: "irq", label: "IRQs" },
  { kind: "fault", label: "faults" },
] as const;
const BUCKETS = 240;

/** Ticks of the marked kinds, kept per timeline and extended as it grows (the timeline only appends). */
const markIndex = new WeakMap<object, { seen: number; ticks: number[][] }>();

function markedTicks(timeline: readonly { tick: number; event: { kind: string } }[]): number[][] {
  let idx = markIndex.get(timeline);
  if (!idx) {
    idx = { seen: 0, ticks: MARKS.map(() => []) };
    markIndex.set(timeline, idx);
  }
  for (; idx.seen < timeline.length; idx.seen++) {
    const t = timeline[idx.seen];
    const k = t ? MARKS.findIndex((m) => m.kind === t.event.kind) : -1;
    if (t && k >= 0) idx.ticks[k]?.push(t.tick);
  }
  return idx.ticks;
}

/** Whether a sorted list has a value in [lo, hi). */
function anyIn(sorted: readonly number[], lo: number, hi: number): boolean {
  let a = 0;
  let b = sorted.length;
  while (a < b) {
    const mid = (a + b) >> 1;
    if ((sorted[mid] ?? 0) < lo) a = mid + 1;
    else b = mid;
  }
  return a < sorted.length && (sorted[a] ?? 0) < hi;
}

/**
 * The runs of marked buckets, as [first, end): one element a run, not one a bucket. A long run marks every
 * bucket (a switch each quantum): a few elements to lay out instead of hundreds.
 */
export function runsOf(row: Uint8Array): [number, number][] {
  const runs: [number, number][] = [];
  for (let b = 0; b < row.length; b++) {
    if (!row[b]) continue;
    const from = b;
    while (b + 1 < row.length && row[b + 1]) b++;
    runs.push([from, b + 1]);
  }
  return runs;
}

export function Timeline({ sim }: { sim: Sim }) {
  const model = sim.model.value;
  const s = sim.session.value;
  const length = model?.length ?? 0;
  const count = s?.timeline().length ?? 0;
  // Which buckets hold an event of each marked kind: a binary search per bucket, so long runs stay cheap.
  const marks = useMemo(() => {
    const out = MARKS.map(() => new Uint8Array(BUCKETS));
    if (!s || length === 0) return out;
    const ticks = markedTicks(s.timeline());
    ticks.forEach((list, k) => {
      const row = out[k];
      if (!row) return;
      for (let b = 0; b < BUCKETS; b++) {
        const lo = Math.ceil((b * length) / BUCKETS);
        const hi = b === BUCKETS - 1 ? length + 1 : Math.ceil(((b + 1) * length) / BUCKETS);
        if (anyIn(list, lo, hi)) row[b] = 1;
      }
    });
    return out;
  }, [s, count, length]);
  return (
    <div class="sim-timeline">
      <div class="sim-marks" aria-hidden="true">
        {marks.map((row, k) => (
          <div class={`sim-mark-row sim-mark-${MARKS[k]?.kind}`} key={MARKS[k]?.kind}>
            {runsOf(row).map(([from, to]) => (
              <span
                key={from}
                style={{
                  left: `${(from / BUCKETS) * 100}%`,
                  width: `calc(${((to - 1 - from) / BUCKETS) * 100}% + 2px)`,
                }}
              />
            ))}
          </div>
        ))}
      </div>
      <input
        type="range"
        class="sim-scrub"
        min={0}
        max={Math.max(1, length)}
        value={model?.tick ?? 0}
        disabled={!s}
        aria-label="Timeline"
        aria-valuetext={`tick ${model?.tick ?? 0} of ${length}`}
        onInput={(e) => sim.seek(Number((e.target as HTMLInputElement).value))}
      />
      <p class="sim-legend">
        Markers:{" "}
        {MARKS.map((m) => (
          <span key={m.kind} class={`sim-key sim-mark-${m.kind}`}>
            {m.label}
          </span>
        ))}
      </p>
    </div>
  );
}

export function Status({
  sim,
  base,
  goals = true,
}: {
  sim: Sim;
  base: string;
  /** Whether to list the scenario's goals (a lab shows its own checklist instead). */
  goals?: boolean;
}) {
  const model = sim.model.value;
  if (!model) return null;
  return (
    <div class="sim-status">
      {model.halted && (
        <p class="sim-halted">
          <strong>Halted:</strong> {model.halted}
        </p>
      )}
      {model.errors.slice(0, 3).map((e, i) => (
        <ErrorNote key={`${e.syscall}${e.name}${i}`} error={e} base={base} />
      ))}
      {goals && model.goals.length > 0 && (
        <ul class="sim-goals" aria-label="Goals">
          {model.goals.map((g) => (
            <li key={g.description} class={g.met ? "sim-met" : undefined}>
              <span aria-hidden="true">{g.met ? "✓" : "○"}</span> {g.description}
              <span class="sr-only">{g.met ? " (met)" : " (not yet)"}</span>
            </li>
          ))}
        </ul>
      )}
      {sim.divergence.value && (
        <p class="sim-divergence">
          {sim.divergence.value}{" "}
          {sim.divergenceSwitch && (
            <a href={`${base}reference/profiles/#switch-${sim.divergenceSwitch}`}>What this switch is</a>
          )}
        </p>
      )}
    </div>
  );
}
