/**
 * A reader's progress through the labs, kept in this browser only: which labs are done and how many
 * hints each has shown. Read by the lab pages and the lab index.
 */
import { storageGet, storageSet } from "../simulator/island/storage";

interface Progress {
  done: string[];
  hints: Record<string, number>;
}

const KEY = "labs";

export function readProgress(): Progress {
  try {
    const raw = JSON.parse(storageGet(KEY) ?? "{}") as Partial<Progress>;
    const done = Array.isArray(raw.done) ? raw.done.filter((d): d is string => typeof d === "string") : [];
    const hints: Record<string, number> = {};
    for (const [id, n] of Object.entries(raw.hints ?? {})) if (typeof n === "number") hints[id] = n;
    return { done, hints };
  } catch {
    return { done: [], hints: {} };
  }
}

function write(p: Progress): void {
  storageSet(KEY, JSON.stringify(p));
}

export function markDone(id: string): void {
  const p = readProgress();
  if (!p.done.includes(id)) write({ ...p, done: [...p.done, id] });
}

export function isDone(id: string): boolean {
  return readProgress().done.includes(id);
}

export function hintsShown(id: string): number {
  return readProgress().hints[id] ?? 0;
}

export function setHintsShown(id: string, n: number): void {
  const p = readProgress();
  write({ ...p, hints: { ...p.hints, [id]: n } });
}
