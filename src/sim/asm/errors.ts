/** An assembler error: where it is (1-based line and column), what is wrong, and how to fix it. */
export interface AsmError {
  readonly line: number;
  readonly column: number;
  readonly message: string;
  readonly hint?: string;
}

export function formatAsmError(e: AsmError, file = "program"): string {
  return `${file}:${e.line}:${e.column}: ${e.message}${e.hint ? ` (${e.hint})` : ""}`;
}

/** The closest candidate within a small edit distance, for "did you mean" hints. */
export function nearest(word: string, candidates: Iterable<string>): string | undefined {
  if (word.length > 64) return undefined; // nobody mistypes a 65-character name; it would cost O(n^2) each
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(word.length / 3)) + 1;
  const w = word.toLowerCase();
  for (const c of candidates) {
    // The distance is at least the difference in length: skip the table when that is already too far.
    if (Math.abs(c.length - w.length) >= bestDistance) continue;
    const d = editDistance(w, c.toLowerCase());
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0] ?? 0;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j] ?? 0;
      row[j] = Math.min((row[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length] ?? 0;
}
