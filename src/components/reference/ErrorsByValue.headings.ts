import type { Heading } from "../site/toc";
import { errorsByValue } from "./errors-by-value";
import { describeError, errorAnchor } from "./format";

/** The section headings ErrorsByValue.astro renders, one per error value, for "On this page". */
export function headings(): Heading[] {
  return errorsByValue().map(({ offset }) => ({
    depth: 2,
    slug: errorAnchor(offset),
    text: describeError(offset).symbolic,
  }));
}
