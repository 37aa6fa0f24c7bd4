/** The breakpoints panel: add, list and remove breakpoints; "run to next" any kind of stop. */
import { useState } from "preact/hooks";
import type { BreakCondition } from "./engine";
import type { PlaygroundSim as Sim } from "./playground-store";

type FormKind = BreakCondition["kind"];
const KIND_LABELS: Record<FormKind, string> = {
  line: "a source line",
  syscall: "a syscall",
  "process-state": "a process change (created, exited, reaped)",
  "thread-state": "a thread state change",
  fault: "a fault",
  irq: "an IRQ",
  label: "a label",
};
const SHORT: Record<FormKind, string> = {
  line: "line",
  syscall: "syscall",
  "process-state": "process change",
  "thread-state": "thread state change",
  fault: "fault",
  irq: "IRQ",
  label: "label",
};

export function describeBreak(b: BreakCondition): string {
  switch (b.kind) {
    case "line":
      return `${b.program} line ${b.line}`;
    case "label":
      return `${b.program ? `${b.program}:` : ""}${b.label}`;
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
  const [labelName, setLabelName] = useState("");
  const cond = (): BreakCondition | null => {
    if (kind === "label") return labelName.trim() ? { kind, label: labelName.trim() } : null;
    if (kind === "line") {
      const n = Number(line);
      return Number.isInteger(n) && n > 0
        ? { kind, program: programs.includes(program) ? program : (programs[0] ?? ""), line: n }
        : null;
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
          <select
            aria-label="Stop on"
            value={kind}
            onChange={(e) => setKind((e.target as HTMLSelectElement).value as FormKind)}
          >
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
              <select
                aria-label="Program"
                value={program}
                onChange={(e) => setProgram((e.target as HTMLSelectElement).value)}
              >
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
                aria-label="Line"
                min={1}
                value={line}
                onInput={(e) => setLine((e.target as HTMLInputElement).value)}
              />
            </label>
          </>
        )}
        {kind === "label" && (
          <label>
            Label{" "}
            <input
              type="text"
              aria-label="Label"
              placeholder="puts"
              value={labelName}
              onInput={(e) => setLabelName((e.target as HTMLInputElement).value)}
            />
          </label>
        )}
        {kind === "syscall" && (
          <>
            <label>
              Syscall{" "}
              <select
                aria-label="Syscall"
                value={name}
                onChange={(e) => setName((e.target as HTMLSelectElement).value)}
              >
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
              <button
                type="button"
                onClick={() => sim.removeBreakpoint(b.id)}
                aria-label={`Remove breakpoint: ${describeBreak(b)}`}
              >
                Remove
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
