/**
 * The trace's scroll geometry. A browser caps an element's height (Chrome near 33.5 M px, so about 1.2 M
 * rows of 28 px; a full-speed run passes that in under a minute). Up to `MAX_BODY_PX` the list is as
 * tall as its rows; past it the list keeps that height and its scroll position stands for a proportional
 * place in the whole list, so the last event stays reachable by scrolling as by keyboard.
 */
export const MAX_BODY_PX = 4_000_000;

export interface TraceScroll {
  /** The scrolling body's height, in pixels. */
  readonly body: number;
  /** Pixels of the whole list per pixel scrolled (1 while the list is under the cap). */
  readonly ratio: number;
}

/** `viewPx` is the part of the body in view: the grid's height less its sticky header row. */
export function traceScroll(rows: number, rowPx: number, viewPx: number, max = MAX_BODY_PX): TraceScroll {
  const full = rows * rowPx;
  if (full <= max || max <= viewPx) return { body: full, ratio: 1 };
  return { body: max, ratio: (full - viewPx) / (max - viewPx) };
}

/** Where in the whole list the view starts, for the body's scrollTop. */
export function listOffset(s: TraceScroll, scrollTop: number): number {
  return scrollTop * s.ratio;
}

/** The body's scrollTop that shows the whole list from `offset`. */
export function scrollTopFor(s: TraceScroll, offset: number): number {
  return Math.max(0, offset / s.ratio);
}

/** A row's top inside the body, while the body is scrolled to `scrollTop`. */
export function rowTop(s: TraceScroll, row: number, rowPx: number, scrollTop: number): number {
  return row * rowPx - listOffset(s, scrollTop) + scrollTop;
}
