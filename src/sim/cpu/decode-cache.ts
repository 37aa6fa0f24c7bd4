/**
 * Decoded instructions per frame, cached until something writes to that frame. Keyed by the frame's bytes
 * (stable for a machine's life), so a restored machine, whose frames are new arrays, starts cold.
 */
import type { Decoded } from "./cpu";

export const decodeCache = new WeakMap<Uint8Array, (Decoded | null | undefined)[]>();

/** Forget decoded instructions of a frame, after anything writes to it. */
export function invalidateDecoded(frame: Uint8Array): void {
  decodeCache.delete(frame);
}
