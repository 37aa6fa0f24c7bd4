/**
 * The physical memory manager, with the kernel's bitmap semantics (kernel/src/memory/pmm.rs): the lowest
 * free frame is handed out first, frames are zeroed on allocation, a double free only warns. Frame
 * contents exist only once touched, so a 512 MiB machine costs nothing until used.
 *
 * A frame's bytes are one Uint8Array for the life of a machine: zeroing and freeing never replace it, so a
 * translation the CPU cached stays right even when the frame is freed and handed out again (a process that
 * still maps a freed frame writes into the real frame, as on hardware).
 */
import { invalidateDecoded } from "../cpu/decode-cache";
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

export function freeCount(pmm: PmmState): number {
  return pmm.total - pmm.used;
}

/**
 * The PMM of one running machine: its plain state plus write tracking, which is bookkeeping for hashing
 * and snapshots and never part of the state. Every write into a frame goes through `writable` (the CPU's
 * translation cache asks for it once per page per `epoch`), which stamps the frame with the current epoch.
 */
export class PhysicalMemory {
  /** Bumped by `look`: every cached write translation is dropped, so the next write stamps again. */
  epoch = 0;
  private readonly stamps = new Map<number, number>();

  constructor(readonly state: PmmState) {}

  alloc(): number | undefined {
    const pmm = this.state;
    let frame: number | undefined;
    if (pmm.freed.length > 0) frame = pmm.freed.shift();
    else if (pmm.highWater < pmm.total) frame = pmm.highWater++;
    if (frame === undefined) return undefined;
    const bytes = pmm.contents.get(frame);
    if (bytes) {
      bytes.fill(0);
      invalidateDecoded(bytes);
      this.stamp(frame);
    }
    pmm.used++;
    return frame;
  }

  /** Takes a given frame out of the free pool at boot (a scenario's MemoryFrame capability names it). */
  reserve(frame: number): boolean {
    assertFrame(frame, this.state.total);
    const pmm = this.state;
    if (frame >= pmm.highWater) {
      for (let f = pmm.highWater; f < frame; f++) pmm.freed.push(f);
      pmm.highWater = frame + 1;
    } else {
      const i = binarySearch(pmm.freed, frame);
      if (i < 0) return false;
      pmm.freed.splice(i, 1);
    }
    pmm.used++;
    return true;
  }

  /** Returns false for a double free (the kernel prints a warning and ignores it). */
  free(frame: number): boolean {
    assertFrame(frame, this.state.total);
    const pmm = this.state;
    if (frame >= pmm.highWater) return false;
    const i = binarySearch(pmm.freed, frame);
    if (i >= 0) return false;
    pmm.freed.splice(-i - 1, 0, frame);
    pmm.used--;
    return true;
  }

  /** The frame's bytes for reading. */
  bytes(frame: number): Uint8Array {
    let bytes = this.state.contents.get(frame);
    if (!bytes) {
      bytes = new Uint8Array(PAGE_SIZE);
      this.state.contents.set(frame, bytes);
    }
    return bytes;
  }

  /** The frame's bytes for writing: stamps the frame as changed in this epoch. */
  writable(frame: number): Uint8Array {
    this.stamp(frame);
    return this.bytes(frame);
  }

  private stamp(frame: number): void {
    this.stamps.set(frame, this.epoch);
  }

  /**
   * Starts a new epoch and returns the one that ends. A frame has changed since a look that returned `e`
   * when its stamp is greater than `e`; a frame never stamped is as it was when this machine was made
   * (booted or restored), so a caller that has not seen it yet must read it once.
   */
  look(): number {
    return this.epoch++;
  }

  changedSince(frame: number, epoch: number): boolean {
    const s = this.stamps.get(frame);
    return s !== undefined && s > epoch;
  }
}

/** Frame numbers are whole numbers inside memory; anything else is an engine bug, never user input. */
function assertFrame(frame: number, total: number): void {
  if (!Number.isInteger(frame) || frame < 0 || frame >= total) {
    throw new Error(`engine bug: frame ${frame} is not a frame of this machine (0 to ${total - 1})`);
  }
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
