/**
 * The physical memory manager, with the kernel's bitmap semantics (kernel/src/memory/pmm.rs): the lowest
 * free frame is handed out first, frames are zeroed on allocation, a double free only warns. Frame
 * contents exist only once touched, so a 512 MiB machine costs nothing until used.
 */
import { PAGE_SIZE } from "./layout";

export interface PmmState {
  total: number;
  /** Frames below `highWater` that were freed, ascending. */
  freed: number[];
  /** Every frame at or above this index has never been handed out. */
  highWater: number;
  used: number;
  contents: Map<number, Uint8Array>;
}

export function newPmm(total: number, reserved: number): PmmState {
  return { total, freed: [], highWater: reserved, used: reserved, contents: new Map() };
}

export function allocFrame(pmm: PmmState): number | undefined {
  let frame: number | undefined;
  if (pmm.freed.length > 0) frame = pmm.freed.shift();
  else if (pmm.highWater < pmm.total) frame = pmm.highWater++;
  if (frame === undefined) return undefined;
  pmm.contents.delete(frame); // zeroed: recreated empty on first touch
  pmm.used++;
  return frame;
}

/** Returns false for a double free (the kernel prints a warning and ignores it). */
export function freeFrame(pmm: PmmState, frame: number): boolean {
  if (frame >= pmm.highWater || binarySearch(pmm.freed, frame) >= 0) return false;
  pmm.freed.splice(-binarySearch(pmm.freed, frame) - 1, 0, frame);
  pmm.contents.delete(frame);
  pmm.used--;
  return true;
}

export function frameBytes(pmm: PmmState, frame: number): Uint8Array {
  let bytes = pmm.contents.get(frame);
  if (!bytes) {
    bytes = new Uint8Array(PAGE_SIZE);
    pmm.contents.set(frame, bytes);
  }
  return bytes;
}

export function freeCount(pmm: PmmState): number {
  return pmm.total - pmm.used;
}

function binarySearch(a: number[], x: number): number {
  let lo = 0;
  let hi = a.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const v = a[mid] ?? 0;
    if (v === x) return mid;
    if (v < x) lo = mid + 1;
    else hi = mid - 1;
  }
  return -lo - 1;
}
