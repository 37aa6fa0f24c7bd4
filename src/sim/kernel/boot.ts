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
  LIVE_BANNER,
  memoryPhase,
  pciPhase,
  programLoaded,
  smpPhase,
  userThreadQueued,
} from "./boot-log";
import { hexU } from "./format";
import { ustar } from "./initrd";
import { Kernel } from "./kernel";
import { TYPICAL_QEMU } from "./kernel-log";
import { KERNEL_RESERVED_FRAMES, LAYOUT, PAGE_SIZE } from "./layout";
import { newPmm } from "./pmm";
import { emptyCNode, type KernelState, type Process, type Thread } from "./state";

export function bootKernel(config: MachineConfig, runUser: RunUser): Kernel {
  const profile = PROFILES[config.profile];
  const cores = Math.max(1, Math.min(8, config.cores));
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
    pmm: newPmm(Math.floor((config.memoryMiB * 1024 * 1024) / PAGE_SIZE), KERNEL_RESERVED_FRAMES),
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
  bootSequence(k, config);
  return k;
}

function bootSequence(k: Kernel, config: MachineConfig): void {
  const s = k.state;
  const boot = (lines: readonly string[]) => {
    if (config.bootLog) for (const l of lines) k.log(l);
  };
  const initrd = config.initrd ?? [];
  const tar = ustar(initrd);
  boot(bannerAndBootInfo(config.memoryMiB));
  boot(memoryPhase(s.pmm.total, KERNEL_RESERVED_FRAMES));
  boot(interruptPhase(s.cores.length, config.memoryMiB));
  boot(cpuPhases());
  boot(pciPhase(config.virtio));
  boot(initrdPhase(initrd, tar.length));

  // Kernel pseudo-process PID 0 owns the kernel threads; it has no user address space.
  s.processes.set(0, {
    pid: 0,
    name: "kernel",
    cnode: emptyCNode(),
    space: newAddressSpace(0),
    threads: [],
  });

  // Frames a scenario's MemoryFrame capabilities name leave the free pool before anything else is
  // allocated, so no kernel structure is ever built in them.
  for (const pc of config.processes) {
    for (const { cap } of pc.caps) {
      if (cap.object.kind === "MemoryFrame") k.mem.reserve(cap.object.phys / PAGE_SIZE);
    }
  }

  for (const id of config.endpoints ?? []) s.endpoints.set(id, { senders: [], receivers: [] });
  // kmain registered the serial driver's endpoint itself before it started kern-init (7h, before 6bccab6).
  if (config.kernInit && !s.endpoints.has(config.kernInit.endpoint))
    s.endpoints.set(config.kernInit.endpoint, { senders: [], receivers: [] });
  const userTids: number[] = [];
  for (const pc of config.processes) {
    // kernel/src/main.rs phase 7: every allocation here is an expect(): running out panics.
    const p = k.createProcess(pc.name, { quiet: true });
    if (!p) {
      k.panic("kernel/src/memory/pml4.rs:235", "[pml4] FATAL: cannot allocate user PML4 frame");
      return;
    }
    if (!loadImage(k, p, pc.image.origin, pc.image.bytes)) {
      k.panic("kernel/src/main.rs:704", "[init] FATAL: failed to load init ELF: OutOfMemory");
      return;
    }
    if (!mapRange(k, p, LAYOUT.stackBottom, LAYOUT.stackTop - LAYOUT.stackBottom, true, false)) {
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
        entry: pc.image.entry,
        origin: pc.image.origin,
        imageBytes: pc.image.bytes.length,
        fromInitrd: initrd.find((f) => f.name === pc.name)?.bytes.length,
        initrdPages,
      }),
    );
    for (const { slot, cap } of pc.caps) {
      k.setCap(p, slot, cap);
      if (cap.object.kind === "Endpoint" && !config.endpoints && !s.endpoints.has(cap.object.id)) {
        s.endpoints.set(cap.object.id, { senders: [], receivers: [] });
      }
    }
    boot(cnodeLines(p.pid, pc.caps, config.virtio));
    const t = k.createThread(p.pid, pc.name, null, pc.image.entry, LAYOUT.stackTop, {
      quiet: !config.bootLog,
    });
    if (!t) {
      k.panic("kernel/src/sched/thread.rs:137", "Thread: failed to allocate kernel stack");
      return;
    }
    boot(userThreadQueued(t.tid, t.name, pc.image.entry, LAYOUT.stackTop));
    userTids.push(t.tid);
  }
  boot([`[init] Created kernel Process (PID=0, PML4=${hexU(TYPICAL_QEMU.kernelPml4, 10)})`]);
  if (config.kernInit) {
    // scheduler::spawn("kern-init", ...) before scheduler::init, as kmain did before 6bccab6.
    const kernInit = k.createThread(0, "kern-init", "kern-init", 0, 0, { quiet: !config.bootLog });
    if (kernInit) {
      kernInit.kernInit = {
        endpoint: config.kernInit.endpoint,
        phase: "start",
        spinLeft: 0,
        sent: 0,
        waiting: false,
      };
      userTids.push(kernInit.tid);
    }
  }

  // scheduler::init: bsp-main is TID 0; BOOT_QUEUE drains into the BSP queue; then reaper and test-exiter.
  boot(["[sched] Initializing preemptive scheduler on BSP"]);
  const bsp: Thread = k.newThreadRecord(0, 0, "bsp-main", "bsp-main");
  s.threads.set(0, bsp);
  const core0 = s.cores[0];
  if (!core0) return;
  core0.current = 0;
  bsp.run = { kind: "Running", core: 0 };
  for (const tid of userTids) k.enqueue(tid, 0, true);
  boot([`[sched] Drained ${userTids.length} threads from boot queue to BSP run queue`]);
  const reaper = k.createThread(0, "reaper", "reaper", 0, 0, { quiet: !config.bootLog });
  if (!reaper) {
    k.panic("kernel/src/sched/thread.rs:137", "Thread: failed to allocate kernel stack");
    return;
  }
  core0.runQueue.push(reaper.tid);
  boot(["[sched] Reaper daemon spawned"]);
  const exiter = k.createThread(0, "test-exiter", "test-exiter", 0, 0, { quiet: !config.bootLog });
  if (!exiter) {
    k.panic("kernel/src/sched/thread.rs:137", "Thread: failed to allocate kernel stack");
    return;
  }
  core0.runQueue.push(exiter.tid);
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
  boot(smpPhase(s.cores.length));
  boot(LIVE_BANNER);
  if (config.freeFrames !== undefined) holdBackFrames(k, config.freeFrames);
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
