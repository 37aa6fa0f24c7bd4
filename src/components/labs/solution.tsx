/**
 * The solution on request: first a confirmation (a reader who looks too soon learns less), then the
 * solution as a line diff against the reader's own code, and a button that puts it in the editor.
 */
import { useEffect, useRef, useState } from "preact/hooks";
import type { LabSim } from "./lab-store";

type Part = { value: string; added?: boolean; removed?: boolean };

export function SolutionDialog({ sim, onClose }: { sim: LabSim; onClose: () => void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [sure, setSure] = useState(false);
  const [parts, setParts] = useState<Part[] | null>(null);
  useEffect(() => {
    dialog.current?.showModal();
  }, []);
  useEffect(() => {
    if (!sure) return;
    const mine = sim.sources.peek()[sim.lab.edit] ?? "";
    // The diff code loads only when a reader asks to compare.
    void import("diff").then((d) => setParts(d.diffLines(mine, sim.lab.solution)));
  }, [sure]);
  const close = () => {
    dialog.current?.close();
    onClose();
  };
  return (
    <dialog ref={dialog} class="sim-help lab-solution" aria-labelledby="lab-solution-title" onClose={onClose}>
      <h2 id="lab-solution-title">{sure ? "The solution, against your code" : "See the solution?"}</h2>
      {!sure ? (
        <>
          <p>
            Trying first teaches more: the hints get you there one step at a time. Your code stays as it is
            either way; you can compare it with the solution before you take it.
          </p>
          <div class="sim-row">
            <button type="button" class="sim-primary" onClick={() => setSure(true)}>
              Yes, show it
            </button>
            <button type="button" onClick={close}>
              Not yet
            </button>
          </div>
        </>
      ) : (
        <>
          <p class="sim-hint">
            Lines marked <span class="lab-add">+</span> are in the solution only, lines marked{" "}
            <span class="lab-del">−</span> in your code only.
          </p>
          {parts ? <Diff parts={parts} /> : <p class="sim-loading">Comparing…</p>}
          <div class="sim-row">
            <button
              type="button"
              class="sim-primary"
              onClick={() => {
                sim.useSolution();
                close();
              }}
            >
              Use the solution
            </button>
            <button type="button" onClick={close}>
              Close
            </button>
          </div>
        </>
      )}
    </dialog>
  );
}

function Diff({ parts }: { parts: readonly Part[] }) {
  const rows = parts.flatMap((p) =>
    p.value
      .replace(/\n$/, "")
      .split("\n")
      .map((line) => ({ line, kind: p.added ? "add" : p.removed ? "del" : "same" })),
  );
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling box must take focus to scroll by keyboard
    // biome-ignore lint/a11y/useSemanticElements: a pre that scrolls and is a labelled region
    <pre class="lab-diff" tabIndex={0} role="region" aria-label="The solution compared with your code">
      {rows.map((r, i) => (
        <span key={`${i}:${r.line}`} class={`lab-diff-${r.kind}`}>
          <span aria-hidden="true">{r.kind === "add" ? "+ " : r.kind === "del" ? "− " : "  "}</span>
          {r.kind === "add" && <span class="sr-only">added: </span>}
          {r.kind === "del" && <span class="sr-only">removed: </span>}
          {r.line}
          {"\n"}
        </span>
      ))}
    </pre>
  );
}
