/**
 * The physical memory manager, with the kernel's bitmap semantics (kernel/src/memory/pmm.rs): the lowest
 * free frame is handed out first, frames are zeroed on allocation, a double free only warns. Frame
 * contents exist only once touched, so a 512 MiB machine costs nothing until used.
 *
 * A frame's bytes are one Uint8Array until a snapshot holds them: then they are sealed, never written
 * again, and the first write after makes the frame a copy (and drops every translation the CPU cached, so
 * a process that still maps a freed frame writes into the real frame, as on hardware). Snapshots and
 * restored machines thus share the bytes of every frame nobody wrote since.
 */
import { decodeCache, invalidateDecoded } from "../cpu/decode-cache";
import { PAGE_SIZE } from "./layout";

export interface PmmState {
  total: number;
  /**
   * Frames below `highWater` that were freed, ascending. Frozen once a snapshot or a hash has seen it (they
   * share it); the allocator copies a frozen list before changing it.
   */
  freed: number[];
  /** Every frame at or above this index has never been handed out. */
  highWater: number;
  used: number;
  contents: Map<number, Uint8Array>;
}

export function newPmm(total: number, reserved: number): PmmState {
  return { total, freed: [], highWater: reserved, used: reserved, contents: new Map() };
}

/** Frame bytes a snapshot holds: never written again (see `writable`). */
const sealed = new WeakSet<Uint8Array>();

/** Seals a frame's bytes and returns them. */
export function seal(bytes: Uint8Array): Uint8Array {
  sealed.add(bytes);
  return bytes;
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
    if (pmm.freed.length > 0) frame = this.freed().shift();
    else if (pmm.highWater < pmm.total) frame = pmm.highWater++;
    if (frame === undefined) return undefined;
    if (pmm.contents.has(frame)) {
      const bytes = this.writable(frame);
      bytes.fill(0);
      invalidateDecoded(bytes);
    }
    pmm.used++;
    return frame;
  }

  /** Takes a given frame out of the free pool at boot (a scenario's MemoryFrame capability names it). */
  reserve(frame: number): boolean {
    assertFrame(frame, this.state.total);
    const pmm = this.state;
    if (frame >= pmm.highWater) {
      for (let f = pmm.highWater; f < frame; f++) this.freed().push(f);
      pmm.highWater = frame + 1;
    } else {
      const i = binarySearch(pmm.freed, frame);
      if (i < 0) return false;
      this.freed().splice(i, 1);
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
    this.freed().splice(-i - 1, 0, frame);
    pmm.used--;
    return true;
  }

  /** The free list for changing: a copy when a snapshot shares it. */
  private freed(): number[] {
    const pmm = this.state;
    if (Object.isFrozen(pmm.freed)) pmm.freed = pmm.freed.slice();
    return pmm.freed;
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

  /** The frame's bytes for writing: stamps the frame as changed in this epoch, copies sealed bytes first. */
  writable(frame: number): Uint8Array {
    this.stamp(frame);
    const bytes = this.bytes(frame);
    if (!sealed.has(bytes)) return bytes;
    const copy = bytes.slice();
    this.state.contents.set(frame, copy);
    // Translations the CPU cached point at the sealed bytes: a new epoch drops them. Decoded code marks
    // the copy too, so a store landing there also drops the CPU's one-page fetch cache.
    this.epoch++;
    if (decodeCache.has(bytes)) decodeCache.set(copy, []);
    return copy;
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
