/**
 * The kernel heap (kernel/src/memory/heap.rs): 64 pages (256 KiB) taken once from the PMM, never grown, and
 * a first-fit free list sorted by address that coalesces on free. An allocation has no header: a block is
 * max(size, 16) bytes. When no block fits, alloc_error panics and the machine stops.
 *
 * The model allocates what the kernel boxes, at the sizes of upstream's structs as rustc lays them out
 * (x86_64): the Process, each Thread, each core's CpuLocal, the BSP's RunQueue, the buffers of the run
 * queue, BOOT_QUEUE and DEAD_QUEUE (8 bytes a Box<Thread>, capacity doubling from 4 as RawVec grows,
 * realloc being alloc + copy + free) and the nodes of PROCESS_TABLE's BTreeMap.
 */
export const HEAP_BYTES = 64 * 4096;

/**
 * Sizes in bytes. Process: pid, pml4_phys, name_len (8 each), name (32) and a 64-slot CNode of 24-byte
 * Capabilities (a 16-byte CapObject enum and a u8 of rights). Thread (#[repr(C)]): 152 with its 48-byte
 * IpcMessage. CpuLocal: 64 (its offsets are asserted in percpu.rs). RunQueue: one VecDeque, 32. BTreeMap
 * leaf: parent, len, parent_idx and 11 keys and values, 192; an internal node adds 12 edges, 288.
 */
export const SIZE = { process: 1592, thread: 152, cpuLocal: 64, runQueue: 32, leaf: 192, internal: 288 };

/** Queues whose buffers the model grows: BOOT_QUEUE, the BSP's run queue, DEAD_QUEUE. */
export type QueueName = "boot" | "run" | "dead";

export interface HeapState {
  /** Physical address of the heap's first byte. */
  phys: number;
  /** Free blocks as [offset, size], by offset. */
  free: [number, number][];
  /** heap::allocated_bytes. */
  used: number;
  /** Each queue's buffer: [capacity, offset]; capacity 0 before its first push. */
  queues: Record<QueueName, [number, number]>;
  /** PROCESS_TABLE's B-tree, as the key counts of the nodes on its rightmost path, root first. */
  table: number[];
}

export function newHeap(phys: number): HeapState {
  return {
    phys,
    free: [[0, HEAP_BYTES]],
    used: 0,
    queues: { boot: [0, 0], run: [0, 0], dead: [0, 0] },
    table: [],
  };
}

/** Heap::alloc with alignment 8: the offset of the first block that fits, or null (out of memory). */
export function heapAlloc(h: HeapState, bytes: number): number | null {
  const size = Math.max(bytes, 16);
  const i = h.free.findIndex((b) => b[1] >= size);
  const block = h.free[i];
  if (!block) return null;
  const [at, blockSize] = block;
  // The back gap goes back to the free list only if it can hold a free-block header (16 bytes).
  if (blockSize - size >= 16) h.free[i] = [at + size, blockSize - size];
  else h.free.splice(i, 1);
  h.used += size;
  return at;
}

/** Heap::dealloc: the block goes back into the list by address, merged with free neighbours. */
export function heapFree(h: HeapState, at: number, bytes: number): void {
  const size = Math.max(bytes, 16);
  h.used -= size;
  let i = h.free.findIndex((b) => b[0] > at);
  if (i < 0) i = h.free.length;
  h.free.splice(i, 0, [at, size]);
  const next = h.free[i + 1];
  if (next && at + size === next[0]) {
    (h.free[i] as [number, number])[1] += next[1];
    h.free.splice(i + 1, 1);
  }
  const prev = h.free[i - 1];
  const cur = h.free[i] as [number, number];
  if (prev && prev[0] + prev[1] === at) {
    prev[1] += cur[1];
    h.free.splice(i, 1);
  }
}

/**
 * A queue now holds `length` threads: grows its buffer first if it is full (RawVec::grow_amortized).
 * Returns the size that could not be allocated, or 0.
 */
export function queueHolds(h: HeapState, q: QueueName, length: number): number {
  const [cap, at] = h.queues[q];
  if (length <= cap) return 0;
  const grown = Math.max(4, cap * 2, length);
  const to = heapAlloc(h, grown * 8);
  if (to === null) return grown * 8;
  if (cap > 0) heapFree(h, at, cap * 8);
  h.queues[q] = [grown, to];
  return 0;
}

/**
 * register_process's BTreeMap::insert. PIDs only grow, so a key goes in at the right end, except the
 * kernel's PID 0 (`first`), which goes in at the left: into the leftmost leaf, which holds at most 6 keys
 * once the map has split, or into the root leaf before that. A full node (11 keys) splits as std's
 * splitpoint says: at the right end it keeps 6 keys, sends one up and leaves 5 on its right; at the left
 * the right part keeps 6. It allocates a new leaf, then a new internal node per full ancestor, then a
 * new root. Returns the size that could not be allocated, or 0.
 */
export function tableInsert(h: HeapState, first = false): number {
  const path = h.table;
  if (path.length === 0) {
    if (heapAlloc(h, SIZE.leaf) === null) return SIZE.leaf;
    h.table = [1];
    return 0;
  }
  if (first && (path.length > 1 || (path[0] ?? 0) < 11)) {
    if (path.length === 1) path[0] = (path[0] ?? 0) + 1;
    return 0;
  }
  if (first) {
    if (heapAlloc(h, SIZE.leaf) === null) return SIZE.leaf;
    if (heapAlloc(h, SIZE.internal) === null) return SIZE.internal;
    h.table = [1, 6];
    return 0;
  }
  for (let level = path.length - 1; level >= -1; level--) {
    const size = level === path.length - 1 ? SIZE.leaf : SIZE.internal;
    if (level < 0) {
      if (heapAlloc(h, SIZE.internal) === null) return SIZE.internal;
      path.unshift(1);
      return 0;
    }
    if ((path[level] ?? 0) < 11) {
      path[level] = (path[level] ?? 0) + 1;
      return 0;
    }
    if (heapAlloc(h, size) === null) return size;
    path[level] = 5;
  }
  return 0;
}
