/**
 * Booting the kernel model: kmain at 3833797 (kernel/src/main.rs), phase by phase, with the boot log it
 * prints. Kept apart from the running kernel (kernel.ts) so that a page which resumes a machine booted at
 * build time loads none of it.
 */
import { PROFILES } from "../abi/profiles";
import type { RunUser } from "../cpu/contract";
import type { MachineConfig } from "../machine/config";
import { mapPage, newAddressSpace } from "./address-space";
import {
  bannerAndBootInfo,
  cnodeLines,
  cpuPhases,
  initrdPhase,
  interruptPhase,
  liveBanner,
  memoryPhase,
  OLD_STACK,
  pciPhase,
  programLoaded,
  smpPhase,
  userThreadQueued,
} from "./boot-log";
import { hexU } from "./format";
import { heapAlloc, heapFree, newHeap, queueHolds, SIZE, tableInsert } from "./heap";
import { ustar } from "./initrd";
import { Kernel } from "./kernel";
import { TYPICAL_QEMU } from "./kernel-log";
import { LAYOUT, PAGE_SIZE } from "./layout";
import {
  type MapEntry,
  mappedSmall,
  memoryMap,
  type PmmLayout,
  pmmLayout,
  pristineTables,
} from "./memory-map";
import { newPmm } from "./pmm";
import { emptyCNode, type KernelState, type Process, type Thread } from "./state";

export function bootKernel(config: MachineConfig, runUser: RunUser): Kernel {
  const profile = PROFILES[config.profile];
  const cores = Math.max(1, Math.min(8, config.cores));
  const tar = ustar(config.initrd ?? []);
  const map = memoryMap(config.memoryMiB, tar.length);
  const layout = pmmLayout(map);
  const state: KernelState = {
    profile,
    quantum: config.quantumCycles,
    cores: Array.from({ length: cores }, (_, id) => ({
      id,
      clock: id === 0 || profile.smpScheduling ? 0 : Number.POSITIVE_INFINITY,
      current: null,
      runQueue: [],
      quantumLeft: config.quantumCycles,
      schedules: id === 0 || profile.smpScheduling,
    })),
    processes: new Map(),
    threads: new Map(),
    nextPid: 1,
    nextTid: 1,
    endpoints: new Map(),
    irqWaiters: Array.from({ length: 16 }, () => null),
    deadQueue: [],
    bootQueue: [],
    // The PMM as pmm.rs leaves it: every frame up to the map's highest address tracked, the Usable ones
    // free. The framebuffer's frames are counted (and used) as upstream counts them; what programs can
    // allocate is the RAM the scenario's memoryMiB gives, less what the kernel takes at boot.
    pmm: newPmm(layout.total, layout.free),
    heap: newHeap(0),
    kernelPml4: 0,
    kernelFrames: 0,
    console: "",
    output: "",
    com1: { ier: 0, rx: [] },
    virtioStatus: 0,
    hasVirtio: config.virtio,
    halted: null,
    events: [...config.events].sort((a, b) => a.at - b.at),
    nextEvent: 0,
    slice: null,
  };
  const k = new Kernel(state, runUser);
  bootSequence(k, config, tar, map, layout);
  return k;
}

/** gdt::init's double-fault stack: alloc_contiguous(4) (an expect: the kernel panics without it). */
function istStack(k: Kernel, hugeGuard: (phys: number) => boolean) {
  const f = k.allocRun(4);
  if (f === undefined)
    k.panic(
      "kernel/src/arch/x86_64/gdt.rs:268",
      "[gdt] FATAL: cannot allocate IST1 double-fault stack (4 pages)",
    );
  const phys = (f ?? 0) * PAGE_SIZE;
  return { phys, hugeGuard: hugeGuard(phys) };
}

function bootSequence(
  k: Kernel,
  config: MachineConfig,
  tar: Uint8Array,
  map: MapEntry[],
  layout: PmmLayout,
): void {
  const s = k.state;
  const boot = (lines: readonly string[]) => {
    if (config.bootLog) for (const l of lines) k.log(l);
  };
  const initrd = config.initrd ?? [];
  boot(bannerAndBootInfo(map));

  // Frames a scenario's MemoryFrame capabilities name leave the free pool before anything else is
  // allocated, so no kernel structure is ever built in them.
  for (const pc of config.processes) {
    for (const { cap } of pc.caps) {
      if (cap.object.kind === "MemoryFrame" && !k.mem.reserve(cap.object.phys / PAGE_SIZE))
        k.bootProblems.push(
          `MemoryFrame ${hexU(cap.object.phys)} is not a free frame of this machine (or is named twice)`,
        );
    }
  }

  // Phase 3: heap::init takes the first run of 64 free frames; its self-test Vec<u64> comes and goes.
  const heapFrame = k.allocRun(64) ?? 0;
  s.heap = newHeap(heapFrame * PAGE_SIZE);
  heapFree(s.heap, heapAlloc(s.heap, 32) ?? 0, 32);
  boot(memoryPhase(layout, s.heap.phys));

  // Phase 4. The BSP's IST guard page is in Limine's HHDM, which maps RAM with huge pages (Limine v8's
  // build_pagemap: 1 GiB pages, 2 MiB where the CPU has none), so unmap_page fails and gdt.rs warns.
  const ist = istStack(k, () => true);
  const before = s.pmm.used;
  // Limine's tables map no MMIO (main.rs 4e): mapping the LAPIC and I/O APIC pages there takes a page
  // directory for 3-4 GiB and a page table for each (vmm::map_page, frames from the PMM).
  for (let i = 0; i < 3; i++) k.alloc();
  const pristine = pristineTables(map, TYPICAL_QEMU.kernelKiB / 4);
  const pml4 = k.alloc() ?? 0;
  for (const _ of pristine.tables) k.alloc();
  s.kernelPml4 = pml4 * PAGE_SIZE;
  // The heap (64), the BSP's IST (4) and the tables: with what the map left out, the kernel's for good.
  s.kernelFrames = s.pmm.total - layout.free.reduce((n, [a, b]) => n + b - a, 0) + 68 + s.pmm.used - before;
  boot(interruptPhase(s.cores.length, ist, [pristine.huge, pristine.small], s.kernelPml4));

  // Phase 5: the BSP's CpuLocal, the heap's first block since the self-test Vec went.
  boot(cpuPhases(s.heap.phys + k.box(SIZE.cpuLocal, 0, true)));
  boot(pciPhase(config.virtio));
  // kmain before 6bccab6 started serial_drv and kern-init itself; its phase 7 printed its own lines.
  const old = config.kernInit !== undefined;
  boot(initrdPhase(initrd, tar.length, old));

  for (const id of config.endpoints ?? []) s.endpoints.set(id, { senders: [], receivers: [] });
  // kmain registered the serial driver's endpoint itself before it started kern-init (7h, before 6bccab6).
  if (config.kernInit && !s.endpoints.has(config.kernInit.endpoint))
    s.endpoints.set(config.kernInit.endpoint, { senders: [], receivers: [] });
  const userTids: number[] = [];
  for (const pc of config.processes) {
    // kernel/src/main.rs phase 7: every allocation here is an expect(): running out panics.
    const p = k.createProcess(pc.name, { quiet: true, boot: true });
    if (!p) return;
    if (!loadImage(k, p, pc.image.origin, pc.image.bytes)) {
      k.panic("kernel/src/main.rs:704", "[init] FATAL: failed to load init ELF: OutOfMemory");
      return;
    }
    const [stackBottom, stackTop] = old
      ? [OLD_STACK, OLD_STACK + PAGE_SIZE]
      : [LAYOUT.stackBottom, LAYOUT.stackTop];
    if (!mapRange(k, p, stackBottom, stackTop - stackBottom, true, false)) {
      k.panic("kernel/src/main.rs:722", "[init] FATAL: cannot allocate user stack page");
      return;
    }
    const initrdPages = pc.mapInitrd ? mapInitrd(k, p, tar) : undefined;
    if (initrdPages === null) {
      k.panic("kernel/src/main.rs:761", "[init] FATAL: cannot allocate frame for initrd copy");
      return;
    }
    boot(
      programLoaded({
        pid: p.pid,
        name: pc.name,
        pml4Phys: p.space.pml4 * PAGE_SIZE,
        kernelPml4: s.kernelPml4,
        entry: pc.image.entry,
        origin: pc.image.origin,
        imageBytes: pc.image.bytes.length,
        found: initrd
          .filter((f) => f.name === (pc.file ?? pc.name))
          .map((f) => ({ name: f.name, bytes: f.bytes.length }))[0],
        initrdPages,
        old,
      }),
    );
    if (old && p.pid === 1)
      boot([`[init] Registered serial driver endpoint (ID=${config.kernInit?.endpoint})`]);
    for (const { slot, cap } of pc.caps) {
      k.setCap(p, slot, cap);
      if (cap.object.kind === "Endpoint" && !config.endpoints && !s.endpoints.has(cap.object.id)) {
        s.endpoints.set(cap.object.id, { senders: [], receivers: [] });
      }
    }
    const listing = cnodeLines(p.pid, pc.caps, config.virtio, old);
    boot(listing.lines);
    for (const n of listing.notes) k.note(n);
    const t = k.createThread(p.pid, pc.name, null, pc.image.entry, stackTop, {
      quiet: !config.bootLog,
      boot: true,
    });
    if (!t) return;
    boot(userThreadQueued(t.tid, t.name, pc.image.entry, stackTop));
    userTids.push(t.tid);
    // spawn_thread pushes it onto BOOT_QUEUE, a VecDeque<Box<Thread>> on the heap.
    if (!queued(k, "boot", userTids.length)) return;
  }
  // Kernel pseudo-process PID 0 owns the kernel threads; its PML4 is the kernel's and it has no user half.
  const kernelBox = k.box(SIZE.process, 0, true);
  if (kernelBox < 0 || !k.grew(tableInsert(s.heap, true), 0, true)) return;
  s.processes.set(0, {
    pid: 0,
    name: "kernel",
    cnode: emptyCNode(),
    space: newAddressSpace(0),
    threads: [],
    box: kernelBox,
  });
  boot([`[init] Created kernel Process (PID=0, PML4=${hexU(s.kernelPml4, 10)})`]);
  if (config.kernInit) {
    // scheduler::spawn("kern-init", ...) before scheduler::init, as kmain did before 6bccab6.
    const kernInit = k.createThread(0, "kern-init", "kern-init", 0, 0, {
      quiet: !config.bootLog,
      boot: true,
    });
    if (!kernInit || !queued(k, "boot", userTids.length + 1)) return;
    boot([`[sched] Spawned thread ${kernInit.tid} 'kern-init'`]);
    kernInit.kernInit = {
      endpoint: config.kernInit.endpoint,
      phase: "start",
      spinLeft: 0,
      sent: 0,
      waiting: false,
    };
    userTids.push(kernInit.tid);
  }

  // scheduler::init: the BSP's RunQueue and bsp-main (TID 0) are boxed; BOOT_QUEUE drains into the BSP
  // queue; then reaper and test-exiter.
  boot(["[sched] Initializing preemptive scheduler on BSP"]);
  k.box(SIZE.runQueue, 0, true);
  const bsp: Thread = k.newThreadRecord(0, 0, "bsp-main", "bsp-main");
  bsp.box = k.box(SIZE.thread, 0, true);
  if (s.halted) return;
  s.threads.set(0, bsp);
  const core0 = s.cores[0];
  if (!core0) return;
  core0.current = 0;
  bsp.run = { kind: "Running", core: 0 };
  for (const tid of userTids) k.enqueue(tid, 0, true);
  boot([`[sched] Drained ${userTids.length} threads from boot queue to BSP run queue`]);
  const reaper = k.createThread(0, "reaper", "reaper", 0, 0, { quiet: !config.bootLog, boot: true });
  if (!reaper) return;
  core0.runQueue.push(reaper.tid);
  if (!queued(k, "run", core0.runQueue.length)) return;
  boot(["[sched] Reaper daemon spawned"]);
  const exiter = k.createThread(0, "test-exiter", "test-exiter", 0, 0, {
    quiet: !config.bootLog,
    boot: true,
  });
  if (!exiter) return;
  core0.runQueue.push(exiter.tid);
  if (!queued(k, "run", core0.runQueue.length)) return;
  boot([
    "[sched] Spawned test-exiter to exercise reaper",
    "[sched] LAPIC timer armed (10ms quantum)",
    "[sched] Preemptive scheduler active on BSP",
  ]);
  // Design: every core schedules, each with an idle thread of its own (not in the code at 3833797).
  for (const core of s.cores.slice(1)) {
    if (!core.schedules) continue;
    const idle = k.createThread(0, `idle-${core.id}`, "idle", 0, 0, { quiet: !config.bootLog });
    if (idle) {
      core.current = idle.tid;
      idle.run = { kind: "Running", core: core.id };
    }
  }
  // smp::init: each AP's gdt::init takes its IST stack (on the pristine tables, whose 4 KiB HHDM pages
  // unmap_page can remove), then it boxes its CpuLocal.
  const aps = s.cores.slice(1).map(() => {
    const apIst = istStack(k, (phys) => !mappedSmall(pristine.tables, phys));
    return { ist: apIst, local: s.heap.phys + k.box(SIZE.cpuLocal, 0, true) };
  });
  if (s.halted) return;
  s.kernelFrames += 4 * aps.length;
  boot(smpPhase(aps));
  boot(liveBanner(old));
  if (config.freeFrames !== undefined) holdBackFrames(k, config.freeFrames);
}

/** A boot queue push: its buffer grows when full; false when the heap could not (the kernel panicked). */
function queued(k: Kernel, q: "boot" | "run", length: number): boolean {
  return k.grew(queueHolds(k.state.heap, q, length), 0, true);
}

/** Allocates frames no one will free, so that exactly `free` frames are left for the programs. */
function holdBackFrames(k: Kernel, free: number): void {
  const pmm = k.state.pmm;
  const available = pmm.total - pmm.used;
  if (available < free) {
    k.bootProblems.push(
      `machine.freeFrames: ${free} frames asked for, but only ${available} are free after boot`,
    );
    return;
  }
  for (let i = free; i < available; i++) k.mem.alloc();
}

/** Loads a program image into fresh frames; false when memory runs out. */
function loadImage(k: Kernel, p: Process, origin: number, bytes: Uint8Array): boolean {
  const start = Math.floor(origin / PAGE_SIZE) * PAGE_SIZE;
  for (let va = start; va < origin + bytes.length; va += PAGE_SIZE) {
    const f = k.alloc();
    if (f === undefined) return false;
    const frame = k.mem.writable(f);
    for (let i = 0; i < PAGE_SIZE; i++) {
      const src = va + i - origin;
      if (src >= 0 && src < bytes.length) frame[i] = bytes[src] ?? 0;
    }
    // One segment holds code and data in this assembler, so image pages are writable and executable.
    mapPage(k.mem, p.space, va, f, true, true);
    k.out.push({
      kind: "map",
      cycle: 0,
      pid: p.pid,
      vaddr: va,
      frame: f,
      writable: true,
      executable: true,
    });
  }
  return true;
}

/** Maps fresh frames over a range; false when memory runs out. */
function mapRange(
  k: Kernel,
  p: Process,
  base: number,
  size: number,
  writable: boolean,
  executable: boolean,
): boolean {
  for (let va = base; va < base + size; va += PAGE_SIZE) {
    const f = k.alloc();
    if (f === undefined) return false;
    mapPage(k.mem, p.space, va, f, writable, executable);
  }
  return true;
}

/** Copies the initrd into fresh frames mapped read-only at 0x1000_0000; its page count, or null when memory runs out. */
function mapInitrd(k: Kernel, p: Process, tar: Uint8Array): number | null {
  let pages = 0;
  for (let off = 0; off < tar.length; off += PAGE_SIZE) {
    const f = k.alloc();
    if (f === undefined) return null;
    k.mem.writable(f).set(tar.subarray(off, off + PAGE_SIZE));
    mapPage(k.mem, p.space, LAYOUT.initrdBase + off, f, false, false);
    pages++;
  }
  return pages;
}
