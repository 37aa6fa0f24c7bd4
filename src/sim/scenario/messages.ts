/**
 * Zod's English messages for the issues a scenario can raise, word for word as zod/v4/locales/en.js words
 * them (a test compares the two), in a fraction of its size: the mini build leaves the locale to us, and
 * the engine must fit a page.
 */
import type { core } from "zod/mini";

const sizing: Readonly<Record<string, string>> = {
  string: "characters",
  array: "items",
  set: "items",
  map: "entries",
};

function typeName(input: unknown): string {
  if (typeof input === "number")
    return Number.isNaN(input) ? "NaN" : Number.isFinite(input) ? "number" : String(input);
  if (input === null) return "null";
  if (Array.isArray(input)) return "array";
  return typeof input;
}

const literal = (v: unknown) => (typeof v === "bigint" ? `${v}n` : typeof v === "string" ? `"${v}"` : `${v}`);

export function scenarioMessage(issue: core.$ZodRawIssue): string {
  switch (issue.code) {
    case "invalid_type":
      return `Invalid input: expected ${issue.expected}, received ${typeName(issue.input)}`;
    case "invalid_value":
      return issue.values.length === 1
        ? `Invalid input: expected ${literal(issue.values[0])}`
        : `Invalid option: expected one of ${issue.values.map(literal).join("|")}`;
    case "too_big":
    case "too_small": {
      const big = issue.code === "too_big";
      const adj = issue.exact ? "exactly " : issue.inclusive ? (big ? "<=" : ">=") : big ? "<" : ">";
      const bound = big ? issue.maximum : issue.minimum;
      const unit = sizing[issue.origin ?? ""];
      const what = `${big ? "Too big" : "Too small"}: expected ${issue.origin ?? "value"}`;
      return unit ? `${what} to have ${adj}${bound} ${unit}` : `${what} to be ${adj}${bound}`;
    }
    case "invalid_format":
      return issue.format === "regex"
        ? `Invalid string: must match pattern ${issue.pattern}`
        : `Invalid ${issue.format}`;
    case "not_multiple_of":
      return `Invalid number: must be a multiple of ${issue.divisor}`;
    case "invalid_key":
      return `Invalid key in ${issue.origin}`;
    case "invalid_union": {
      // A discriminated union names its options; a plain one does not.
      const options = (issue as { options?: unknown }).options;
      return Array.isArray(options) && options.length > 0
        ? `Invalid discriminator value. Expected ${options.map((o) => `'${String(o)}'`).join(" | ")}`
        : "Invalid input";
    }
    case "invalid_element":
      return `Invalid value in ${issue.origin}`;
    default:
      return "Invalid input";
  }
}
