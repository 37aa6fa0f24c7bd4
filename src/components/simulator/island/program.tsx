/** The program panel: the editor, assembler errors at their line and column, and the listing. */
import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import type { PrismEditor } from "./editor";
import type { ViewModel } from "./model";
import type { PlaygroundSim as Sim } from "./playground-store";

type EditorModule = typeof import("./editor");

export function ProgramPanel({
  sim,
  model,
  initial,
}: {
  sim: Sim;
  model: ViewModel | null;
  /** The program shown first (default: the scenario's first). */
  initial?: string;
}) {
  const names = Object.keys(sim.original.value);
  const [chosen, setChosen] = useState<string | null>(initial ?? null);
  const program = chosen && names.includes(chosen) ? chosen : (names[0] ?? "");
  const host = useRef<HTMLDivElement>(null);
  const editor = useRef<PrismEditor | null>(null);
  const mod = useRef<EditorModule | null>(null);
  const heading = useRef<HTMLLabelElement>(null);
  const errors = sim.asmErrors.value.find((e) => e.program === program)?.errors ?? [];
  const source = sim.sources.value[program] ?? "";

  const currentProgram = useRef(program);
  currentProgram.current = program;
  const [, setMounted] = useState(false);
  // Mount the editor once its code has loaded, with the text of the program shown by then.
  useEffect(() => {
    let cancelled = false;
    void import("./editor").then((m) => {
      if (cancelled || !host.current || editor.current) return;
      mod.current = m;
      const name = currentProgram.current;
      editor.current = m.mountEditor(host.current, {
        value: sim.sources.peek()[name] ?? "",
        label: `Assembly source of ${name}`,
        onChange: (v) => sim.setSource(currentProgram.current, v),
        onEscape: () => heading.current?.focus(),
      });
      setMounted(true);
    });
    return () => {
      cancelled = true;
    };
  }, []);
  useEffect(() => {
    const ed = editor.current;
    if (!ed) return;
    // Read the newest text, not this render's: the reader may have typed since the render.
    const latest = sim.sources.peek()[program] ?? "";
    if (ed.value !== latest) ed.setOptions({ value: latest });
    ed.textarea.setAttribute("aria-label", `Assembly source of ${program}`);
  }, [program, source, editor.current]);
  useEffect(() => {
    const ed = editor.current;
    if (ed && mod.current) mod.current.markErrorLines(ed, new Set(errors.map((e) => e.line)));
  });

  return (
    <div class="sim-program">
      <div class="sim-row">
        {names.length > 1 ? (
          <label>
            Program{" "}
            <select
              aria-label="Program"
              value={program}
              onChange={(e) => setChosen((e.target as HTMLSelectElement).value)}
            >
              {names.map((n) => (
                <option key={n} value={n}>
                  {n}
                </option>
              ))}
            </select>
          </label>
        ) : (
          <span>
            Program <code>{program}</code>
          </span>
        )}
        <span class="sim-hint">
          {sim.sources.value[program] !== sim.original.value[program]
            ? "Edited, saved in this browser."
            : "Original."}{" "}
          Tab or Escape leaves the editor.
        </span>
      </div>
      {/* biome-ignore lint/a11y/noLabelWithoutControl: a focus target for Escape, labelled by its text */}
      <label class="sr-only" tabIndex={-1} ref={heading}>
        Editor of {program}
      </label>
      <div class="sim-editor" ref={host} />
      {errors.length > 0 && (
        <div class="sim-asm-errors" role="alert">
          <p>
            {errors.length === 1 ? "One error" : `${errors.length} errors`} in <code>{program}</code>; the
            machine runs again once it assembles.
          </p>
          <ul>
            {errors.map((e) => (
              <li key={`${e.line}:${e.column}:${e.message}`} data-line={e.line}>
                <button
                  type="button"
                  class="sim-link"
                  onClick={() => {
                    if (editor.current && mod.current) mod.current.goTo(editor.current, e.line, e.column);
                  }}
                >
                  Line {e.line}, column {e.column}
                </button>
                : {e.message}
                {e.hint && <span class="sim-hint-text"> Hint: {e.hint}</span>}
              </li>
            ))}
          </ul>
        </div>
      )}
      {sim.openErrors.value.length > 0 && (
        <ul class="sim-asm-errors" role="alert">
          {sim.openErrors.value.map((e) => (
            <li key={e}>{e}</li>
          ))}
        </ul>
      )}
      <Listing sim={sim} model={model} program={program} />
    </div>
  );
}

function Listing({ sim, model, program }: { sim: Sim; model: ViewModel | null; program: string }) {
  const s = sim.session.value;
  const prog = s?.programs.get(program);
  const lines = useMemo(() => (sim.sources.value[program] ?? "").split("\n"), [sim.sources.value, program]);
  const bps = sim.breakpoints.value;
  // Threads of processes started from this program, and where each is about to execute.
  const rips = new Map<number, string[]>();
  for (const t of model?.threads ?? []) {
    if (t.program === program && t.rip !== null && t.state !== "dead") {
      const list = rips.get(t.rip) ?? [];
      list.push(t.name);
      rips.set(t.rip, list);
    }
  }
  const own = lines.length;
  const rows = (prog?.listing ?? []).filter((r) => r.size > 0 && r.line <= own);
  const region = useRef<HTMLDivElement>(null);
  const firstCurrent = rows.find((r) => rips.has(r.address))?.address;
  useEffect(() => {
    const el = region.current?.querySelector<HTMLElement>(".sim-current");
    const box = region.current;
    if (el && box) {
      const top = el.offsetTop - box.offsetTop;
      if (top < box.scrollTop || top > box.scrollTop + box.clientHeight - 30) box.scrollTop = top - 60;
    }
  }, [firstCurrent, program]);
  if (!prog) return null;
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling box must take focus to scroll by keyboard
    // biome-ignore lint/a11y/useSemanticElements: a div that scrolls and is a labelled region
    <div class="sim-listing" ref={region} tabIndex={0} role="region" aria-label={`Listing of ${program}`}>
      <table class="sim-table">
        <caption>
          Listing of {program}: addresses, source lines and breakpoints. The highlighted line is the next
          instruction of a thread.
        </caption>
        <thead>
          <tr>
            <th scope="col">Break</th>
            <th scope="col">Address</th>
            <th scope="col">Line</th>
            <th scope="col">Source</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => {
            const here = rips.get(r.address);
            const isInsn = r.size === 16;
            const on = bps.some((b) => b.kind === "line" && b.program === program && b.line === r.line);
            return (
              <tr
                key={`${r.line}:${r.address}`}
                class={here ? "sim-current" : undefined}
                aria-current={here ? "true" : undefined}
              >
                <td>
                  {isInsn && (
                    <button
                      type="button"
                      class="sim-bp"
                      aria-pressed={on}
                      aria-label={`Breakpoint at line ${r.line}`}
                      onClick={() => sim.toggleLine(program, r.line)}
                    >
                      {on ? "●" : "○"}
                    </button>
                  )}
                </td>
                <td>
                  <code>{r.address.toString(16).toUpperCase().padStart(6, "0")}</code>
                </td>
                <td class="sim-num">{r.line}</td>
                <td>
                  <code>{(lines[r.line - 1] ?? r.source).trim()}</code>
                  {here && <span class="sim-next"> ← next for {here.join(", ")}</span>}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
