/**
 * Splits a built-in program into the steps its `; [n]` comments mark, so a page can explain a program
 * piece by piece while showing the exact source the simulator runs.
 */
export interface ProgramParts {
  /** Everything before the first step. */
  readonly head: string;
  /** Step n is steps[n - 1]. */
  readonly steps: readonly string[];
  /** Everything from `tailLabel` on. */
  readonly tail: string;
}

const MARKER = /^\s*; \[(\d+)\]/;

export function splitProgram(source: string, tailLabel: string): ProgramParts {
  const lines = source.replace(/^\n/, "").replace(/\n$/, "").split("\n");
  const tailAt = lines.findIndex((l) => l.startsWith(`${tailLabel}:`));
  if (tailAt < 0) throw new Error(`the program has no "${tailLabel}:" label`);
  const starts: number[] = [];
  lines.forEach((l, i) => {
    const m = MARKER.exec(l);
    if (!m || i > tailAt) return;
    if (Number(m[1]) !== starts.length + 1) throw new Error(`step markers out of order at "${l.trim()}"`);
    starts.push(i);
  });
  if (starts.length === 0) throw new Error("the program has no ; [1] step marker");
  const first = starts[0] ?? 0;
  return {
    head: lines.slice(0, first).join("\n"),
    steps: starts.map((s, i) => lines.slice(s, starts[i + 1] ?? tailAt).join("\n")),
    tail: lines.slice(tailAt).join("\n"),
  };
}
