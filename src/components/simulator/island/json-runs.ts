/**
 * Runs in JSON arrays, for the booted machine a page carries: a machine is full of sequences in which each
 * element is the one before with some numbers one higher (a stack's 64 pages mapped to consecutive
 * frames, the frames boot allocated one after another). gzip cannot shorten "1033, 1034, 1035", so such a
 * sequence becomes its first element and a marker `{ $run: n, $d: step }`: n more elements, each the
 * previous one plus `step`, a copy of the element's shape with the difference of every number (0 where
 * equal). A ping-pong machine shrinks by a quarter, gzip.
 *
 * Only plain JSON goes in (no objects with `$run` keys of their own), and `unpackRuns(packRuns(v))` is
 * structurally equal to `v`: a run is written only where adding the step gives back each element exactly.
 */

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

interface Run {
  $run: number;
  $d: Json;
}

const isObject = (v: Json): v is { [key: string]: Json } =>
  v !== null && typeof v === "object" && !Array.isArray(v);

/** A copy of an object with `f` applied to each value; fromEntries keeps a "__proto__" key an own key. */
const mapValues = (o: { [key: string]: Json }, f: (v: Json, k: string) => Json): Json =>
  Object.fromEntries(Object.keys(o).map((k) => [k, f(o[k] ?? null, k)]));

/** `b` minus `a`, number by number, or undefined when they differ in anything but numbers. */
function difference(a: Json, b: Json): Json | undefined {
  if (typeof a === "number" && typeof b === "number") return b - a;
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return undefined;
    const out: Json[] = [];
    for (let i = 0; i < a.length; i++) {
      const d = difference(a[i] ?? null, b[i] ?? null);
      if (d === undefined) return undefined;
      out.push(d);
    }
    return out;
  }
  if (isObject(a) && isObject(b)) {
    const keys = Object.keys(a);
    if (keys.length !== Object.keys(b).length) return undefined;
    const out: [string, Json][] = [];
    for (const k of keys) {
      if (!Object.hasOwn(b, k)) return undefined;
      const d = difference(a[k] ?? null, b[k] ?? null);
      if (d === undefined) return undefined;
      out.push([k, d]);
    }
    return Object.fromEntries(out);
  }
  return a === b ? 0 : undefined;
}

/** `a` plus `step`: the inverse of difference. */
function add(a: Json, step: Json): Json {
  if (typeof a === "number") return a + (step as number);
  if (Array.isArray(a)) return a.map((x, i) => add(x, (step as Json[])[i] ?? 0));
  if (isObject(a)) return mapValues(a, (x, k) => add(x, (step as { [key: string]: Json })[k] ?? 0));
  return a;
}

/** Exact structural equality, keys in the same order (an overflow to Infinity is not equal to null). */
function equal(a: Json, b: Json): boolean {
  if (Array.isArray(a))
    return Array.isArray(b) && a.length === b.length && a.every((x, i) => equal(x, b[i] ?? null));
  if (isObject(a)) {
    if (!isObject(b)) return false;
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    return ka.length === kb.length && ka.every((k, i) => k === kb[i] && equal(a[k] ?? null, b[k] ?? null));
  }
  return Object.is(a, b);
}

/** Writes every run of two or more steps as a marker; inner arrays are packed first. */
export function packRuns(value: Json): Json {
  if (isObject(value)) return mapValues(value, packRuns);
  if (!Array.isArray(value)) return value;
  const items = value.map(packRuns);
  const out: Json[] = [];
  let i = 0;
  while (i < items.length) {
    const first = items[i] ?? null;
    out.push(first);
    const step = i + 1 < items.length ? difference(first, items[i + 1] ?? null) : undefined;
    let n = 0;
    if (step !== undefined) {
      let prev = first;
      while (i + n + 1 < items.length && equal(add(prev, step), items[i + n + 1] ?? null)) {
        prev = items[i + n + 1] ?? null;
        n++;
      }
    }
    if (n >= 2) {
      out.push({ $run: n, $d: step ?? null } satisfies Run as unknown as Json);
      i += n + 1;
    } else i++;
  }
  return out;
}

/** Expands every run marker back into its elements. */
export function unpackRuns(value: Json): Json {
  if (isObject(value)) return mapValues(value, unpackRuns);
  if (!Array.isArray(value)) return value;
  const items: Json[] = [];
  for (const item of value) {
    const run = isObject(item) && typeof item.$run === "number" ? (item as unknown as Run) : undefined;
    if (!run) {
      items.push(item);
      continue;
    }
    for (let k = 0; k < run.$run; k++) items.push(add(items[items.length - 1] ?? null, run.$d));
  }
  return items.map(unpackRuns);
}

export type { Json };
