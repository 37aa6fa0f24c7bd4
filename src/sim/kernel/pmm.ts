/**
 * The physical memory manager, with the kernel's bitmap semantics (kernel/src/memory/pmm.rs): the lowest
 * free frame is handed out first, a contiguous request takes the lowest run long enough, frames are zeroed
 * on allocation, a double free only warns. Frame contents exist only once touched, so a 512 MiB machine
 * costs nothing until used.
 *
 * A frame's bytes are one Uint8Array until a snapshot holds them: then they are sealed, never written
 * again, and the first write after makes the frame a copy (and drops every translation the CPU cached, so
 * a process that still maps a freed frame writes into the real frame, as on hardware). Snapshots and
 * restored machines thus share the bytes of every frame nobody wrote since.
 */
import { decodeCache, invalidateDecoded } from "../cpu/decode-cache";
import { PAGE_SIZE } from "./layout";

export interface PmmState {
  /** Frames the bitmap tracks, free or not: the memory map's highest address / 4 KiB (see memory-map.ts). */
  total: number;
  /**
   * The free frames, as [first, end) runs: ascending, apart (never touching) and never empty. Frozen once a
   * snapshot or a hash has seen it (they share it); the allocator copies a frozen list, runs and all,
   * before changing it.
   */
  free: [number, number][];
  used: number;
  contents: Map<number, Uint8Array>;
}

/** A PMM tracking `total` frames, of which the `free` runs are free (pmm.rs after its three passes). */
export function newPmm(total: number, free: readonly (readonly [number, number])[]): PmmState {
  const runs = free.map(([a, b]): [number, number] => [a, b]);
  return { total, free: runs, used: total - runs.reduce((n, [a, b]) => n + b - a, 0), contents: new Map() };
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

/** The index of the first run that ends after `frame`. */
function runAfter(runs: readonly [number, number][], frame: number): number {
  let lo = 0;
  let hi = runs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((runs[mid]?.[1] ?? 0) <= frame) lo = mid + 1;
    else hi = mid;
  }
  return lo;
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

  /** alloc_frame: the lowest free frame (the bitmap scan from its cursor finds no lower one). */
  alloc(): number | undefined {
    return this.allocContiguous(1);
  }

  /** alloc_contiguous(n): the first frame of the lowest run of n free frames, all taken; zeroed. */
  allocContiguous(n: number): number | undefined {
    const pmm = this.state;
    const i = pmm.free.findIndex(([a, b]) => b - a >= n);
    if (i < 0) return undefined;
    const runs = this.runs();
    const run = runs[i] as [number, number];
    const first = run[0];
    run[0] += n;
    if (run[0] === run[1]) runs.splice(i, 1);
    for (let f = first; f < first + n; f++) {
      if (!pmm.contents.has(f)) continue;
      const bytes = this.writable(f);
      bytes.fill(0);
      invalidateDecoded(bytes);
    }
    pmm.used += n;
    return first;
  }

  /** Takes a given frame out of the free pool at boot (a scenario's MemoryFrame capability names it). */
  reserve(frame: number): boolean {
    assertFrame(frame, this.state.total);
    const pmm = this.state;
    const i = runAfter(pmm.free, frame);
    const run = pmm.free[i];
    if (!run || run[0] > frame) return false;
    const parts: [number, number][] = [];
    if (run[0] < frame) parts.push([run[0], frame]);
    if (frame + 1 < run[1]) parts.push([frame + 1, run[1]]);
    this.runs().splice(i, 1, ...parts);
    pmm.used++;
    return true;
  }

  /** free_frame; false for a double free (the kernel prints a warning and ignores it). */
  free(frame: number): boolean {
    assertFrame(frame, this.state.total);
    const i = runAfter(this.state.free, frame);
    if ((this.state.free[i]?.[0] ?? Number.POSITIVE_INFINITY) <= frame) return false;
    const runs = this.runs();
    const next = runs[i];
    const prev = runs[i - 1];
    if (prev && prev[1] === frame) {
      prev[1]++;
      if (next && next[0] === frame + 1) {
        prev[1] = next[1];
        runs.splice(i, 1);
      }
    } else if (next && next[0] === frame + 1) next[0]--;
    else runs.splice(i, 0, [frame, frame + 1]);
    this.state.used--;
    return true;
  }

  /** The free runs for changing: copies of them all when a snapshot shares the list. */
  private runs(): [number, number][] {
    const pmm = this.state;
    if (Object.isFrozen(pmm.free)) pmm.free = pmm.free.map(([a, b]): [number, number] => [a, b]);
    return pmm.free;
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
