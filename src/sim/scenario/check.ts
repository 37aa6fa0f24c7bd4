/**
 * A small validator for the scenario format, in the engine instead of Zod (which alone is a fifth of the
 * engine's size). Each parser returns the value it accepts, with defaults filled in and unknown keys left
 * out, and adds an issue per mistake, as Zod does and worded as Zod words them (messages.ts): a test checks
 * it against the Zod schema of the same format (schema-zod.ts), which the JSON Schema is made from.
 */
import { scenarioMessage } from "./messages";

export type Path = (string | number)[];
export interface Issue {
  readonly code: string;
  readonly path: Path;
  readonly message: string;
  /**
   * Whether it stops the checks after it, as Zod's do: a wrong type or value, or an array's length. A
   * number or string out of bounds does not: the object's own checks still run (Zod's `continue`).
   */
  readonly abort: boolean;
}
export type Parser = (value: unknown, path: Path, issues: Issue[]) => unknown;

// Zod's raw issues, for its wording (messages.ts takes the zod type; these are the fields it reads).
type Raw = Parameters<typeof scenarioMessage>[0];
const ABORTING = ["invalid_type", "invalid_value", "invalid_union", "invalid_key"];
const add = (issues: Issue[], path: Path, raw: Record<string, unknown>, message?: string, abort?: boolean) =>
  issues.push({
    code: String(raw.code),
    path,
    message: message ?? scenarioMessage(raw as Raw),
    abort: abort ?? ABORTING.includes(String(raw.code)),
  });
const aborted = (issues: readonly Issue[], from = 0) => issues.slice(from).some((i) => i.abort);
const wrongType = (issues: Issue[], path: Path, expected: string, input: unknown) =>
  add(issues, path, { code: "invalid_type", expected, input });
const big = (origin: string, maximum: number) => ({ code: "too_big", origin, maximum, inclusive: true });
const small = (origin: string, minimum: number) => ({ code: "too_small", origin, minimum, inclusive: true });

/** z.int() with minimum and maximum (`maxError` words the maximum) and multipleOf: each failing check adds its issue. */
export const int =
  (min: number, max: number, multipleOf?: { of: number; error: string }, maxError?: string): Parser =>
  (v, path, issues) => {
    if (typeof v !== "number" || !Number.isFinite(v)) wrongType(issues, path, "number", v);
    else if (!Number.isInteger(v)) wrongType(issues, path, "int", v);
    else {
      const safe = Number.MAX_SAFE_INTEGER;
      if (v > safe) add(issues, path, big("int", safe));
      if (v < -safe) add(issues, path, small("int", -safe));
      if (v < min) add(issues, path, small("number", min));
      if (v > max) add(issues, path, big("number", max), maxError);
      if (multipleOf && v % multipleOf.of !== 0)
        add(issues, path, { code: "not_multiple_of" }, multipleOf.error);
    }
    return v;
  };

/**
 * Zod's length checks, which run on anything with a `length` (so after a wrong type too), each where it
 * is given: `order` says whether the minimum comes first.
 */
function lengths(
  v: unknown,
  path: Path,
  issues: Issue[],
  limits: { min?: number; max?: number; maxError?: string; minFirst?: boolean; abort?: boolean },
): void {
  const n = v == null ? undefined : (v as { length?: unknown }).length;
  if (n === undefined) return;
  const origin = Array.isArray(v) ? "array" : typeof v === "string" ? "string" : "unknown";
  const { min, max, maxError, abort } = limits;
  // Comparisons as Zod makes them: a length that is not a number fails both.
  const tooSmall = () => {
    if (min !== undefined && !((n as number) >= min)) add(issues, path, small(origin, min), undefined, abort);
  };
  if (limits.minFirst) tooSmall();
  if (max !== undefined && !((n as number) <= max)) add(issues, path, big(origin, max), maxError, abort);
  if (!limits.minFirst) tooSmall();
}

/** z.string() with a minimum and a maximum length (`maxError` words the maximum) and a pattern. */
export const str =
  (min?: number, max?: number, maxError?: string, pattern?: RegExp): Parser =>
  (v, path, issues) => {
    if (typeof v !== "string") wrongType(issues, path, "string", v);
    else if (pattern && !pattern.test(v))
      add(issues, path, { code: "invalid_format", format: "regex", pattern: String(pattern) });
    lengths(v, path, issues, { min, max, maxError, minFirst: true });
    return v;
  };

export const bool: Parser = (v, path, issues) => {
  if (typeof v !== "boolean") wrongType(issues, path, "boolean", v);
  return v;
};

/** z.literal and z.enum: one of these values. */
export const oneOf =
  (...values: readonly unknown[]): Parser =>
  (v, path, issues) => {
    if (!values.includes(v)) add(issues, path, { code: "invalid_value", values });
    return v;
  };

/** z.array with a maximum length (which, failing, is the only issue) and a minimum. */
export const arr =
  (item: Parser, max?: number, maxError?: string, min?: number): Parser =>
  (v, path, issues) => {
    if (!Array.isArray(v)) {
      wrongType(issues, path, "array", v);
      return lengths(v, path, issues, { min, max, maxError });
    }
    if (max !== undefined && v.length > max) return add(issues, path, big("array", max), maxError, true);
    const out = v.map((x, i) => item(x, [...path, i], issues));
    lengths(v, path, issues, { min, abort: true });
    return out;
  };

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/** z.record(string, value): `limit` is checked only when every key and value passed. */
export const rec =
  (key: Parser, value: Parser, limit: number, limitError: string): Parser =>
  (v, path, issues) => {
    if (!isObject(v)) return wrongType(issues, path, "record", v);
    const before = issues.length;
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) {
      const keyIssues: Issue[] = [];
      key(k, [...path, k], keyIssues);
      if (keyIssues.length > 0) add(issues, [...path, k], { code: "invalid_key", origin: "record" });
      // Defined, not assigned: a key "__proto__" is a key like any other, not the result's prototype.
      else
        Object.defineProperty(out, k, {
          value: value(x, [...path, k], issues),
          enumerable: true,
          writable: true,
          configurable: true,
        });
    }
    if (!aborted(issues, before) && Object.keys(v).length > limit)
      add(issues, path, { code: "custom" }, limitError);
    return out;
  };

/** A field that may be left out: `fallback` is what it then is (z._default), or it stays out (z.optional). */
export const opt = (p: Parser, fallback?: () => unknown): Parser & { fallback?: () => unknown } =>
  Object.assign((v: unknown, path: Path, issues: Issue[]) => p(v, path, issues), {
    optional: true,
    fallback,
  });

type Field = Parser & { optional?: boolean; fallback?: () => unknown };

/** z.object: the shape's fields in order; other keys are dropped. `then` checks the whole when all passed. */
export const obj =
  (shape: Record<string, Field>, then?: (o: Record<string, unknown>, issues: Issue[]) => void): Parser =>
  (v, path, issues) => {
    if (!isObject(v)) return wrongType(issues, path, "object", v);
    const before = issues.length;
    const out: Record<string, unknown> = {};
    for (const [k, p] of Object.entries(shape)) {
      const x = v[k];
      if (x === undefined && p.optional) {
        if (p.fallback) out[k] = p.fallback();
      } else out[k] = p(x, [...path, k], issues);
    }
    if (then && !aborted(issues, before)) then(out, issues);
    return out;
  };

/**
 * z.union with its own error: the first option that takes the value; else, when exactly one option failed
 * only on bounds (nothing that aborts), its issues; else that error.
 */
export const union =
  (error: string, ...options: Parser[]): Parser =>
  (v, path, issues) => {
    const tried = options.map((p) => {
      const mine: Issue[] = [];
      return { out: p(v, path, mine), mine };
    });
    const ok = tried.find((t) => t.mine.length === 0);
    if (ok) return ok.out;
    const near = tried.filter((t) => !aborted(t.mine));
    if (near.length === 1 && near[0]) {
      issues.push(...near[0].mine);
      return near[0].out;
    }
    return add(issues, path, { code: "invalid_union" }, error);
  };

/** z.discriminatedUnion(key, ...): the option whose key matches parses the object. */
export const tagged =
  (key: string, options: Record<string, Parser>): Parser =>
  (v, path, issues) => {
    if (!isObject(v)) return wrongType(issues, path, "object", v);
    const tag = v[key];
    const p = typeof tag === "string" && Object.hasOwn(options, tag) ? options[tag] : undefined;
    if (!p) return add(issues, [...path, key], { code: "invalid_union", options: Object.keys(options) });
    return p(v, path, issues);
  };
