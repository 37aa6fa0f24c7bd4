/** The control bar, the timeline scrubber with its markers, the breakpoints panel and the status line. */
import { useMemo, useState } from "preact/hooks";
import type { BreakCondition } from "./engine";
import type { ViewModel } from "./model";
import { SPEED_LABELS, SPEEDS, type Sim } from "./store";
import { ErrorNote } from "./ui";

export function Controls({ sim, model, cores }: { sim: Sim; model: ViewModel | null; cores: number }) {
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
        {model && <> of {model.length.toLocaleString("en")}{model.ended ? " (halted)" : ""}</>} · state{" "}
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

export function Timeline({ sim, model }: { sim: Sim; model: ViewModel | null }) {
  const s = sim.session.value;
  const length = model?.length ?? 0;
  const count = s?.timeline().length ?? 0;
  // Which buckets hold an event of each marked kind (recomputed as the timeline grows).
  const marks = useMemo(() => {
    const out = MARKS.map(() => new Uint8Array(BUCKETS));
    if (!s || length === 0) return out;
    for (const t of s.timeline()) {
      const k = MARKS.findIndex((m) => m.kind === t.event.kind);
      const row = out[k];
      if (row) row[Math.min(BUCKETS - 1, Math.floor((t.tick / length) * BUCKETS))] = 1;
    }
    return out;
  }, [s, count, length]);
  return (
    <div class="sim-timeline">
      <div class="sim-marks" aria-hidden="true">
        {marks.map((row, k) => (
          <div class={`sim-mark-row sim-mark-${MARKS[k]?.kind}`} key={MARKS[k]?.kind}>
            {Array.from(row, (on, b) =>
              on ? <span key={b} style={{ left: `${(b / BUCKETS) * 100}%` }} /> : null,
            )}
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

type FormKind = BreakCondition["kind"];
const KIND_LABELS: Record<FormKind, string> = {
  line: "a source line",
  syscall: "a syscall",
  "process-state": "a process change (created, exited, reaped)",
  "thread-state": "a thread state change",
  fault: "a fault",
  irq: "an IRQ",
};
const SHORT: Record<FormKind, string> = {
  line: "line",
  syscall: "syscall",
  "process-state": "process change",
  "thread-state": "thread state change",
  fault: "fault",
  irq: "IRQ",
};

export function describeBreak(b: BreakCondition): string {
  switch (b.kind) {
    case "line":
      return `${b.program} line ${b.line}`;
    case "syscall":
      return `SYS_${b.name}${b.errorOnly ? " when it fails" : ""}`;
    default:
      return SHORT[b.kind];
  }
}

export function BreakpointsPanel({ sim, syscalls }: { sim: Sim; syscalls: readonly string[] }) {
  const programs = Object.keys(sim.original.value);
  const [kind, setKind] = useState<FormKind>("syscall");
  const [program, setProgram] = useState(programs[0] ?? "");
  const [line, setLine] = useState("1");
  const [name, setName] = useState(syscalls[1] ?? "SEND");
  const [errorOnly, setErrorOnly] = useState(false);
  const cond = (): BreakCondition | null => {
    if (kind === "line") {
      const n = Number(line);
      return Number.isInteger(n) && n > 0 ? { kind, program: programs.includes(program) ? program : (programs[0] ?? ""), line: n } : null;
    }
    if (kind === "syscall") return { kind, name, errorOnly };
    return { kind } as BreakCondition;
  };
  const ready = sim.session.value !== null;
  return (
    <div class="sim-breakpoints">
      <form
        class="sim-bp-form"
        onSubmit={(e) => {
          e.preventDefault();
          const c = cond();
          if (c) sim.addBreakpoint(c);
        }}
      >
        <label>
          Stop on{" "}
          <select value={kind} onChange={(e) => setKind((e.target as HTMLSelectElement).value as FormKind)}>
            {(Object.keys(KIND_LABELS) as FormKind[]).map((k) => (
              <option key={k} value={k}>
                {KIND_LABELS[k]}
              </option>
            ))}
          </select>
        </label>
        {kind === "line" && (
          <>
            <label>
              Program{" "}
              <select value={program} onChange={(e) => setProgram((e.target as HTMLSelectElement).value)}>
                {programs.map((p) => (
                  <option key={p} value={p}>
                    {p}
                  </option>
                ))}
              </select>
            </label>
            <label>
              Line{" "}
              <input
                type="number"
                min={1}
                value={line}
                onInput={(e) => setLine((e.target as HTMLInputElement).value)}
              />
            </label>
          </>
        )}
        {kind === "syscall" && (
          <>
            <label>
              Syscall{" "}
              <select value={name} onChange={(e) => setName((e.target as HTMLSelectElement).value)}>
                {syscalls.map((n) => (
                  <option key={n} value={n}>
                    SYS_{n}
                  </option>
                ))}
              </select>
            </label>
            <label>
              <input
                type="checkbox"
                checked={errorOnly}
                onChange={(e) => setErrorOnly((e.target as HTMLInputElement).checked)}
              />{" "}
              Only when it returns an error
            </label>
          </>
        )}
        <div class="sim-buttons">
          <button type="submit">Add breakpoint</button>
          <button
            type="button"
            disabled={!ready}
            onClick={() => {
              const c = cond();
              if (c) sim.runTo(c, describeBreak(c));
            }}
          >
            Run to next {SHORT[kind]}
          </button>
        </div>
      </form>
      {sim.breakpoints.value.length === 0 ? (
        <p>No breakpoints. Run stops at each one you add; the listing's circles set line breakpoints.</p>
      ) : (
        <ul class="sim-bp-list" aria-label="Breakpoints">
          {sim.breakpoints.value.map((b) => (
            <li key={b.id}>
              <span>{describeBreak(b)}</span>{" "}
              <button type="button" onClick={() => sim.removeBreakpoint(b.id)} aria-label={`Remove breakpoint: ${describeBreak(b)}`}>
                Remove
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

export function Status({ sim, model, base }: { sim: Sim; model: ViewModel | null; base: string }) {
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
      {model.goals.length > 0 && (
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
