/**
 * The kernel model: boot, per-core round-robin scheduling, the syscalls with their errors in check order,
 * faults, IRQ delivery and the reaper. Every state change is reported as a TraceEvent.
 */
import { type Capability, CNODE_SLOTS, EMPTY_CAP } from "../abi/cap-types";
import { errorValue, U64_MAX } from "../abi/errors";
import { PROFILES } from "../abi/profiles";
import { ALL_RIGHTS, hasRights, RIGHTS } from "../abi/rights";
import { syscallByNumber } from "../abi/syscalls";
import { type CpuFault, getReg, newUserContext, REG, type RunUser, setReg } from "../cpu/contract";
import { invalidateDecoded } from "../cpu/cpu";
import { portIn, portOut } from "../devices/ports";
import type { MachineConfig } from "../machine/config";
import type { TraceEvent } from "../trace/events";
import { destroyAddressSpace, mapPage, memoryPort, newAddressSpace } from "./address-space";
import { hexU } from "./format";
import { LAYOUT, PAGE_SIZE } from "./layout";
import { allocFrame, frameBytes, freeFrame, newPmm } from "./pmm";
import { emptyCNode, type KernelState, type Message, type Process, type Thread } from "./state";

/** Frames the kernel image, its heap and the PMM bitmap occupy before userspace starts (approximate). */
export const KERNEL_RESERVED_FRAMES = 1024;
const KERNEL_STACK_FRAMES = 4;

type Outcome =
  | { kind: "ok"; value: bigint; writes?: [number, bigint][] }
  | { kind: "err"; offset: number }
  | { kind: "block" }
  | { kind: "exit"; code: bigint };

export class Kernel {
  out: TraceEvent[] = [];
  private ports = new Map<number, ReturnType<typeof memoryPort>>();

  constructor(
    public state: KernelState,
    private readonly runUser: RunUser,
  ) {}

  static boot(config: MachineConfig, runUser: RunUser): Kernel {
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
      com1: { ier: 0, rx: [] },
      virtioStatus: 0,
      hasVirtio: config.virtio,
      halted: null,
      events: [...config.events].sort((a, b) => a.at - b.at),
      nextEvent: 0,
    };
    const k = new Kernel(state, runUser);
    k.bootSequence(config);
    return k;
  }

  // ---- logging and events -------------------------------------------------------------------------

  private now(core = 0): number {
    const c = this.state.cores[core];
    return c && Number.isFinite(c.clock) ? c.clock : this.frontier();
  }

  frontier(): number {
    let t = Number.POSITIVE_INFINITY;
    for (const c of this.state.cores) if (c.schedules && c.clock < t) t = c.clock;
    return Number.isFinite(t) ? t : 0;
  }

  private log(line: string, core = 0): void {
    const text = `${line}\n`;
    this.state.console += text;
    this.out.push({ kind: "serial", cycle: this.now(core), text, source: "kernel" });
  }

  private setRun(t: Thread, run: Thread["run"], core = 0): void {
    t.run = run;
    const state = run.kind === "never-scheduled" ? "ready" : run.kind;
    this.out.push({ kind: "thread-state", cycle: this.now(core), tid: t.tid, state });
  }

  private setCap(p: Process, slot: number, cap: Capability, core = 0): void {
    p.cnode[slot] = cap;
    this.out.push({
      kind: "cap",
      cycle: this.now(core),
      pid: p.pid,
      slot,
      cap: cap.object.kind === "Empty" ? null : cap,
    });
  }

  private alloc(core = 0): number | undefined {
    const f = allocFrame(this.state.pmm);
    if (f !== undefined) this.out.push({ kind: "frame", cycle: this.now(core), frame: f, action: "alloc" });
    return f;
  }

  private free(frame: number, core = 0): boolean {
    const ok = freeFrame(this.state.pmm, frame);
    if (ok) this.out.push({ kind: "frame", cycle: this.now(core), frame, action: "free" });
    else this.log(`[pmm] WARNING: double free of frame ${hexU(frame * PAGE_SIZE, 10)} ignored`, core);
    return ok;
  }

  // ---- boot -----------------------------------------------------------------------------------------

  private bootSequence(config: MachineConfig): void {
    const s = this.state;
    if (config.bootLog) {
      for (const l of [
        "==========================================================",
        "  MinimalOS NextGen v0.1.0",
        "  Capability-based microkernel for x86_64",
        "==========================================================",
        `[boot] Usable memory: ${config.memoryMiB} MiB (${s.pmm.total} pages)`,
        "[init] Phase 3: Memory management",
        "[init] Phase 4: Interrupts & exceptions",
        "[init] Interrupts ENABLED",
        "[init] Phase 5: Scheduler initialization",
        "[init] Phase 6: SYSCALL MSR initialization",
        "[init] Phase 6.5: PCI Device Discovery",
        ...(config.virtio ? ["[pci] virtio-blk (1AF4:1001) I/O BAR0 at 0xC000, size 128"] : []),
        "[init] Phase 7: Init Process — The God Process",
      ]) {
        this.log(l);
      }
      if (config.initrd && config.initrd.length > 0) {
        this.log("[initrd] Archive contents:");
        for (const f of config.initrd) this.log(`[initrd]   ${f.name} (${f.bytes.length} bytes)`);
      }
    }
    // Kernel pseudo-process PID 0 owns the kernel threads; it has no user address space.
    s.processes.set(0, {
      pid: 0,
      name: "kernel",
      cnode: emptyCNode(),
      space: newAddressSpace(0),
      threads: [],
    });

    const userTids: number[] = [];
    for (const pc of config.processes) {
      const p = this.createProcess(pc.name);
      if (!p) break;
      this.loadImage(p, pc.image.origin, pc.image.bytes);
      this.mapRange(p, LAYOUT.stackBottom, LAYOUT.stackTop - LAYOUT.stackBottom, true, false);
      if (pc.mapInitrd && config.initrd) this.mapInitrd(p, config.initrd);
      for (const { slot, cap } of pc.caps) {
        this.setCap(p, slot, cap);
        if (cap.object.kind === "Endpoint" && !s.endpoints.has(cap.object.id)) {
          s.endpoints.set(cap.object.id, { senders: [], receivers: [] });
        }
      }
      const t = this.createThread(p.pid, pc.name, null, pc.image.entry, LAYOUT.stackTop);
      if (!t) break;
      if (config.bootLog) {
        this.log(`[init] Created ${pc.name} (PID=${p.pid}, PML4=${hexU(p.space.pml4 * PAGE_SIZE, 10)})`);
      }
      userTids.push(t.tid);
    }
    // scheduler::init: bsp-main is TID 0; BOOT_QUEUE drains into the BSP queue; then reaper and test-exiter.
    const bsp: Thread = this.newThreadRecord(0, 0, "bsp-main", "bsp-main");
    s.threads.set(0, bsp);
    const reaper = this.createThread(0, "reaper", "reaper", 0, 0);
    const exiter = this.createThread(0, "test-exiter", "test-exiter", 0, 0);
    const core0 = s.cores[0];
    if (!core0) return;
    core0.current = 0;
    bsp.run = { kind: "running", core: 0 };
    for (const tid of userTids) this.enqueue(tid, 0, true);
    if (reaper) core0.runQueue.push(reaper.tid);
    if (exiter) core0.runQueue.push(exiter.tid);
    for (const core of s.cores.slice(1)) {
      if (!core.schedules) continue;
      const idle = this.createThread(0, `idle-${core.id}`, "idle", 0, 0);
      if (idle) {
        core.current = idle.tid;
        idle.run = { kind: "running", core: core.id };
      }
    }
    if (config.bootLog) this.log("Sprint 9 Phase 3 — The God Process (Init) LIVE!");
  }

  private newThreadRecord(tid: number, pid: number, name: string, role: Thread["role"]): Thread {
    return {
      tid,
      pid,
      name,
      run: { kind: "ready" },
      role,
      ctx: null,
      kernelStack: [],
      inbox: null,
      exitCode: null,
    };
  }

  createProcess(name: string): Process | undefined {
    const pml4 = this.alloc();
    if (pml4 === undefined) return undefined;
    const p: Process = {
      pid: this.state.nextPid++,
      name,
      cnode: emptyCNode(),
      space: newAddressSpace(pml4),
      threads: [],
    };
    this.state.processes.set(p.pid, p);
    this.out.push({ kind: "process", cycle: this.frontier(), pid: p.pid, action: "created", name });
    return p;
  }

  private createThread(
    pid: number,
    name: string,
    role: Thread["role"],
    rip: number,
    rsp: number,
  ): Thread | undefined {
    const stack: number[] = [];
    for (let i = 0; i < KERNEL_STACK_FRAMES; i++) {
      const f = this.alloc();
      if (f === undefined) {
        for (const g of stack) this.free(g);
        return undefined;
      }
      stack.push(f);
    }
    const t = this.newThreadRecord(this.state.nextTid++, pid, name, role);
    t.kernelStack = stack;
    if (!role) t.ctx = newUserContext(rip, rsp);
    this.state.threads.set(t.tid, t);
    this.state.processes.get(pid)?.threads.push(t.tid);
    return t;
  }

  private loadImage(p: Process, origin: number, bytes: Uint8Array): void {
    const start = Math.floor(origin / PAGE_SIZE) * PAGE_SIZE;
    for (let va = start; va < origin + bytes.length; va += PAGE_SIZE) {
      const f = this.alloc();
      if (f === undefined) return;
      const frame = frameBytes(this.state.pmm, f);
      for (let i = 0; i < PAGE_SIZE; i++) {
        const src = va + i - origin;
        if (src >= 0 && src < bytes.length) frame[i] = bytes[src] ?? 0;
      }
      invalidateDecoded(frame);
      // One segment holds code and data in this assembler, so image pages are writable and executable.
      mapPage(this.state.pmm, p.space, va, f, true, true);
      this.out.push({
        kind: "map",
        cycle: 0,
        pid: p.pid,
        vaddr: va,
        frame: f,
        writable: true,
        executable: true,
      });
    }
  }

  private mapRange(p: Process, base: number, size: number, writable: boolean, executable: boolean): void {
    for (let va = base; va < base + size; va += PAGE_SIZE) {
      const f = this.alloc();
      if (f === undefined) return;
      mapPage(this.state.pmm, p.space, va, f, writable, executable);
    }
  }

  private mapInitrd(p: Process, files: { name: string; bytes: Uint8Array }[]): void {
    const tar = ustar(files);
    for (let off = 0; off < tar.length; off += PAGE_SIZE) {
      const f = this.alloc();
      if (f === undefined) return;
      frameBytes(this.state.pmm, f).set(tar.subarray(off, off + PAGE_SIZE));
      mapPage(this.state.pmm, p.space, LAYOUT.initrdBase + off, f, false, false);
    }
  }

  // ---- scheduling -----------------------------------------------------------------------------------

  /** Queues a ready thread: as built on the BSP, in the design on the given core or the least loaded. */
  private enqueue(tid: number, wakerCore: number, placeNew = false): void {
    const s = this.state;
    let core = s.cores[s.profile.smpScheduling ? wakerCore : 0];
    if (placeNew && s.profile.smpScheduling) {
      core = [...s.cores]
        .filter((c) => c.schedules)
        .sort((a, b) => a.runQueue.length - b.runQueue.length || a.id - b.id)[0];
    }
    if (!core) return;
    const t = s.threads.get(tid);
    if (!t) return;
    this.setRun(t, { kind: "ready" }, core.id);
    core.runQueue.push(tid);
  }

  /** The current thread gives up the core (blocked, dead or preempted); the next in line runs. */
  private switchAway(coreId: number, reason: "quantum" | "block" | "exit"): void {
    const core = this.state.cores[coreId];
    if (!core) return;
    const from = core.current;
    if (reason === "quantum") {
      if (core.runQueue.length === 0) {
        core.quantumLeft = this.state.quantum;
        return; // nothing else to run: the current thread keeps the core
      }
      if (from !== null) {
        const t = this.state.threads.get(from);
        if (t) this.setRun(t, { kind: "ready" }, coreId);
        core.runQueue.push(from);
      }
    }
    const next = core.runQueue.shift() ?? null;
    core.current = next;
    core.quantumLeft = this.state.quantum;
    if (next !== null) {
      const t = this.state.threads.get(next);
      if (t) this.setRun(t, { kind: "running", core: coreId }, coreId);
    }
    this.out.push({
      kind: "schedule",
      cycle: core.clock,
      core: coreId,
      from,
      to: next,
      reason: next === null ? "idle" : reason,
    });
  }

  // ---- stepping -------------------------------------------------------------------------------------

  /** Runs the core furthest behind in time until its next boundary; returns the events produced. */
  step(): TraceEvent[] {
    this.out = [];
    const s = this.state;
    if (s.halted) return this.out;
    this.deliverEvents();
    let core = s.cores[0];
    for (const c of s.cores) if (c.schedules && core && c.clock < core.clock) core = c;
    if (!core) return this.out;
    const nextAt = s.events[s.nextEvent]?.at ?? Number.POSITIVE_INFINITY;
    const untilEvent = Math.max(1, nextAt - core.clock);
    const cur = core.current === null ? undefined : s.threads.get(core.current);
    if (!cur) {
      // Idle: sleep until the next timer tick or device interrupt.
      const slice = Math.min(core.quantumLeft, untilEvent);
      core.clock += slice;
      core.quantumLeft -= slice;
      if (core.runQueue.length > 0) this.switchAway(core.id, "block");
      else if (core.quantumLeft <= 0) core.quantumLeft = s.quantum;
      return this.out;
    }
    if (cur.role) {
      this.runKernelThread(cur, core.id, untilEvent);
      return this.out;
    }
    const ctx = cur.ctx;
    if (!ctx) return this.out;
    if (cur.inbox) this.deliverInbox(cur);
    const budget = Math.max(1, Math.min(core.quantumLeft, untilEvent));
    const result = this.runUser(ctx, this.port(cur.pid), budget);
    core.clock += Math.max(1, result.executed);
    core.quantumLeft -= Math.max(1, result.executed);
    if (result.stop.kind === "syscall") this.syscall(cur, core.id);
    else if (result.stop.kind === "fault") this.fault(cur, core.id, result.stop.fault);
    if (s.halted) return this.out;
    if (core.current === cur.tid && core.quantumLeft <= 0) this.switchAway(core.id, "quantum");
    return this.out;
  }

  private port(pid: number) {
    let port = this.ports.get(pid);
    const p = this.state.processes.get(pid);
    if (!port && p) {
      port = memoryPort(this.state.pmm, p.space);
      this.ports.set(pid, port);
    }
    if (!port) throw new Error(`no process ${pid}`);
    return port;
  }

  private runKernelThread(t: Thread, coreId: number, untilEvent: number): void {
    const core = this.state.cores[coreId];
    if (!core) return;
    if (t.role === "test-exiter") {
      // kernel/src/main.rs: a kernel thread that returns at once, to exercise the reaper at boot.
      core.clock += 1;
      this.setRun(t, { kind: "dead" }, coreId);
      this.state.deadQueue.push(t.tid);
      this.switchAway(coreId, "exit");
      return;
    }
    if (t.role === "reaper" && this.state.deadQueue.length > 0) {
      core.clock += 1;
      this.reap(coreId);
    }
    // bsp-main, idle threads and an idle reaper halt until the next interrupt.
    const slice = Math.min(core.quantumLeft, untilEvent);
    core.clock += slice;
    core.quantumLeft -= slice;
    if (core.quantumLeft <= 0) this.switchAway(coreId, "quantum");
  }

  private deliverEvents(): void {
    const s = this.state;
    const now = this.frontier();
    while (s.nextEvent < s.events.length && (s.events[s.nextEvent]?.at ?? 0) <= now) {
      const e = s.events[s.nextEvent++];
      if (!e) break;
      if (e.kind === "irq") this.raiseIrq(e.irq);
      else {
        s.com1.rx.push(...e.bytes);
        // The UART raises IRQ 4 for received data only when software enabled it in IER (bit 0).
        if (s.com1.ier & 1) this.raiseIrq(4);
      }
    }
  }

  raiseIrq(irq: number): void {
    const s = this.state;
    const tid = s.irqWaiters[irq] ?? null;
    s.irqWaiters[irq] = null;
    this.out.push({ kind: "irq", cycle: this.frontier(), irq, woke: tid });
    if (tid === null) return; // not remembered: a later WAIT_IRQ waits for the next one
    const t = s.threads.get(tid);
    if (!t || t.ctx === null) return;
    setReg(t.ctx, REG.rax, 0n);
    this.log(`[syscall] IRQ ${irq} woke thread ${tid}`);
    this.enqueue(tid, 0); // the I/O APIC routes to APIC ID 0, so the BSP takes the interrupt
  }

  private deliverInbox(t: Thread): void {
    const m = t.inbox;
    if (!m || !t.ctx) return;
    setReg(t.ctx, REG.rax, 0n);
    setReg(t.ctx, REG.rdi, m.label);
    setReg(t.ctx, REG.rsi, m.data[0]);
    setReg(t.ctx, REG.rdx, m.data[1]);
    setReg(t.ctx, REG.r10, m.data[2]);
    t.inbox = null;
  }

  // ---- faults, exit and the reaper ------------------------------------------------------------------

  private fault(t: Thread, coreId: number, fault: CpuFault): void {
    const rip = t.ctx?.rip ?? 0;
    const killed = this.state.profile.faultKillsProcess;
    this.out.push({
      kind: "fault",
      cycle: this.now(coreId),
      core: coreId,
      tid: t.tid,
      pid: t.pid,
      rip,
      fault,
      outcome: killed ? "process-killed" : "machine-halted",
    });
    const what =
      fault.kind === "page-fault"
        ? `PAGE FAULT at ${hexU(fault.addr, 18)} (${fault.access}, ${fault.reason})`
        : `${fault.kind.toUpperCase()}: ${fault.reason}`;
    this.log(`EXCEPTION: ${what} in thread ${t.tid} (PID ${t.pid}) at RIP=${hexU(rip, 18)}`, coreId);
    if (!killed) {
      this.state.halted = `fault in PID ${t.pid}: the CPU halts (cli; hlt) and the machine stops`;
      this.log("CPU halted.", coreId);
      this.out.push({ kind: "halt", cycle: this.now(coreId), reason: this.state.halted });
      return;
    }
    this.killProcess(t.pid, coreId);
  }

  private killProcess(pid: number, coreId: number): void {
    const p = this.state.processes.get(pid);
    if (!p) return;
    for (const tid of p.threads) {
      const t = this.state.threads.get(tid);
      if (!t || t.run.kind === "dead") continue;
      this.detach(t);
      this.setRun(t, { kind: "dead" }, coreId);
      this.state.deadQueue.push(tid);
      for (const core of this.state.cores) {
        if (core.current === tid) this.switchAway(core.id, "exit");
      }
    }
    this.out.push({ kind: "process", cycle: this.now(coreId), pid, action: "exited", name: p.name });
  }

  /** Removes a thread from every queue it may be in. */
  private detach(t: Thread): void {
    for (const core of this.state.cores) core.runQueue = core.runQueue.filter((x) => x !== t.tid);
    for (const ep of this.state.endpoints.values()) {
      ep.senders = ep.senders.filter((x) => x !== t.tid);
      ep.receivers = ep.receivers.filter((x) => x !== t.tid);
    }
    this.state.irqWaiters = this.state.irqWaiters.map((x) => (x === t.tid ? null : x));
  }

  private reap(coreId: number): void {
    const s = this.state;
    const before = s.pmm.total - s.pmm.used;
    while (s.deadQueue.length > 0) {
      const tid = s.deadQueue.shift();
      const t = tid === undefined ? undefined : s.threads.get(tid);
      if (!t) continue;
      for (const f of t.kernelStack) this.free(f, coreId);
      t.kernelStack = [];
      s.threads.delete(t.tid);
      const p = s.processes.get(t.pid);
      if (!p || p.pid === 0) continue;
      p.threads = p.threads.filter((x) => x !== t.tid);
      // As built the process goes with its first dead user thread; the design waits for the last.
      const last = p.threads.every((x) => s.threads.get(x)?.run.kind === "dead") || p.threads.length === 0;
      if (!s.profile.exitSyscall || last) {
        destroyAddressSpace(s.pmm, p.space);
        s.processes.delete(p.pid);
        this.ports.delete(p.pid);
        this.out.push({
          kind: "process",
          cycle: this.now(coreId),
          pid: p.pid,
          action: "reaped",
          name: p.name,
        });
      }
    }
    const after = s.pmm.total - s.pmm.used;
    this.log(`[reaper] reclaimed ${after - before} frames (free: ${after})`, coreId);
  }

  // ---- syscalls -------------------------------------------------------------------------------------

  private syscall(t: Thread, coreId: number): void {
    const ctx = t.ctx;
    if (!ctx) return;
    const n = getReg(ctx, REG.rax);
    const args = [
      getReg(ctx, REG.rdi),
      getReg(ctx, REG.rsi),
      getReg(ctx, REG.rdx),
      getReg(ctx, REG.r10),
    ] as const;
    const num = n <= 64n ? Number(n) : -1;
    const spec = num >= 0 ? syscallByNumber(num) : undefined;
    const available = spec && spec.availability[this.state.profile.name] !== "absent";
    let outcome: Outcome;
    if (!spec || !available) {
      this.log(`[syscall] UNKNOWN syscall number ${n} from RIP=${hexU(ctx.rip, 18)}`, coreId);
      outcome = { kind: "err", offset: 0 };
    } else outcome = this.dispatch(num, t, coreId, args);

    const name = spec ? spec.name : `#${n}`;
    const error =
      outcome.kind === "err"
        ? (spec?.errors.find((e) => e.offset === outcome.offset)?.name ?? "UNKNOWN_SYSCALL")
        : null;
    const result =
      outcome.kind === "ok" ? outcome.value : outcome.kind === "err" ? errorValue(outcome.offset) : null;
    this.out.push({
      kind: "syscall",
      cycle: this.now(coreId),
      core: coreId,
      tid: t.tid,
      pid: t.pid,
      number: num,
      name,
      args: args.map((a) => hexU(a)),
      result: result === null ? null : hexU(result),
      error,
    });
    if (outcome.kind === "ok") {
      setReg(ctx, REG.rax, outcome.value);
      for (const [r, v] of outcome.writes ?? []) setReg(ctx, r, v);
    } else if (outcome.kind === "err") setReg(ctx, REG.rax, errorValue(outcome.offset));
    else if (outcome.kind === "block") this.switchAway(coreId, "block");
    else {
      t.exitCode = outcome.code;
      this.detach(t);
      this.setRun(t, { kind: "dead" }, coreId);
      this.state.deadQueue.push(t.tid);
      const p = this.state.processes.get(t.pid);
      if (p?.threads.every((x) => this.state.threads.get(x)?.run.kind === "dead")) {
        this.out.push({
          kind: "process",
          cycle: this.now(coreId),
          pid: p.pid,
          action: "exited",
          name: p.name,
        });
      }
      this.switchAway(coreId, "exit");
    }
  }

  private cap(p: Process, slot: bigint): Capability | undefined {
    if (slot >= BigInt(CNODE_SLOTS)) return undefined;
    const c = p.cnode[Number(slot)];
    return c && c.object.kind !== "Empty" ? c : undefined;
  }

  dispatch(
    num: number,
    t: Thread,
    coreId: number,
    [a0, a1, a2, a3]: readonly [bigint, bigint, bigint, bigint],
  ): Outcome {
    const s = this.state;
    const p = s.processes.get(t.pid);
    if (!p) return { kind: "err", offset: 0 };
    const log = (line: string) => this.log(`[syscall] ${line}`, coreId);
    const err = (offset: number, line: string): Outcome => {
      log(line);
      return { kind: "err", offset };
    };
    switch (num) {
      case 0: // SYS_EXIT (design)
        log(`SYS_EXIT: thread ${t.tid} (PID ${p.pid}) exits with code ${a0}`);
        return { kind: "exit", code: a0 };
      case 1: {
        const c = this.cap(p, a0);
        if (!c) return err(0, `SYS_SEND: thread ${t.tid} bad slot ${a0}`);
        if (c.object.kind === "Endpoint" && !hasRights(c.rights, RIGHTS.WRITE))
          return err(1, `SYS_SEND: thread ${t.tid} no WRITE right on slot ${a0}`);
        if (c.object.kind !== "Endpoint")
          return err(2, `SYS_SEND: thread ${t.tid} slot ${a0} is not an Endpoint`);
        const ep = s.endpoints.get(c.object.id);
        if (!ep) return err(3, `SYS_SEND: endpoint ID ${c.object.id} not registered`);
        log(`SYS_SEND: thread ${t.tid} → EP${c.object.id} label=${hexU(a1)} data=[${hexU(a2)}, ${hexU(a3)}]`);
        const message: Message = { label: a1, data: [a2, a3, 0n, 0n] };
        const receiver = ep.receivers.shift();
        if (receiver !== undefined) {
          // kernel/src/ipc/endpoint.rs: the fast path hands the message over and the sender does not block.
          const r = s.threads.get(receiver);
          if (r) {
            r.inbox = message;
            this.out.push({
              kind: "ipc",
              cycle: this.now(coreId),
              endpoint: c.object.id,
              from: t.tid,
              to: receiver,
              label: hexU(a1),
              path: "fast",
            });
            this.enqueue(receiver, coreId);
          }
          return { kind: "ok", value: 0n };
        }
        ep.senders.push(t.tid);
        this.setRun(t, { kind: "blocked-send", endpoint: c.object.id, message }, coreId);
        return { kind: "block" };
      }
      case 2: {
        const c = this.cap(p, a0);
        if (!c) return err(0, `SYS_RECV: thread ${t.tid} bad slot ${a0}`);
        if (c.object.kind === "Endpoint" && !hasRights(c.rights, RIGHTS.READ))
          return err(1, `SYS_RECV: thread ${t.tid} no READ right on slot ${a0}`);
        if (c.object.kind !== "Endpoint")
          return err(2, `SYS_RECV: thread ${t.tid} slot ${a0} is not an Endpoint`);
        const ep = s.endpoints.get(c.object.id);
        if (!ep) return err(3, `SYS_RECV: endpoint ID ${c.object.id} not registered`);
        const senderTid = ep.senders.shift();
        const sender = senderTid === undefined ? undefined : s.threads.get(senderTid);
        if (sender && sender.run.kind === "blocked-send") {
          const m = sender.run.message;
          this.out.push({
            kind: "ipc",
            cycle: this.now(coreId),
            endpoint: c.object.id,
            from: sender.tid,
            to: t.tid,
            label: hexU(m.label),
            path: "fast",
          });
          if (sender.ctx) setReg(sender.ctx, REG.rax, 0n);
          this.enqueue(sender.tid, coreId);
          log(
            `SYS_RECV: thread ${t.tid} got label=${hexU(m.label)} data=[${hexU(m.data[0])}, ${hexU(m.data[1])}, ${hexU(m.data[2])}]`,
          );
          return {
            kind: "ok",
            value: 0n,
            writes: [
              [REG.rdi, m.label],
              [REG.rsi, m.data[0]],
              [REG.rdx, m.data[1]],
              [REG.r10, m.data[2]],
            ],
          };
        }
        log(`SYS_RECV: thread ${t.tid} blocking on EP${c.object.id}`);
        ep.receivers.push(t.tid);
        this.setRun(t, { kind: "blocked-recv", endpoint: c.object.id }, coreId);
        return { kind: "block" };
      }
      case 3:
      case 4: {
        const out = num === 3;
        const name = out ? "SYS_PORT_OUT" : "SYS_PORT_IN";
        const c = this.cap(p, a0);
        if (!c) return err(0, `${name}: thread ${t.tid} bad slot ${a0}`);
        const right = out ? RIGHTS.WRITE : RIGHTS.READ;
        if (c.object.kind === "IoPort" && !hasRights(c.rights, right))
          return err(1, `${name}: thread ${t.tid} no ${out ? "WRITE" : "READ"} right on slot ${a0}`);
        if (c.object.kind !== "IoPort") return err(2, `${name}: thread ${t.tid} slot ${a0} is not an IoPort`);
        const port = Number(a1 & 0xffffn); // truncated to 16 bits before the range check
        const end = (c.object.base + c.object.size) & 0xffff;
        if (port < c.object.base || port >= end) {
          return err(
            4,
            `${name}: thread ${t.tid} port ${hexU(port, 6)} outside cap range [${hexU(c.object.base, 6)}..${hexU(end, 6)})`,
          );
        }
        const width = a3 === 4n ? 4 : 1;
        if (out) {
          const value = Number(a2 & (width === 4 ? 0xffff_ffffn : 0xffn));
          const text = portOut(s, port, value);
          if (text !== undefined) {
            s.console += text;
            this.out.push({ kind: "serial", cycle: this.now(coreId), text, source: "user" });
          }
          return { kind: "ok", value: 0n };
        }
        return { kind: "ok", value: 0n, writes: [[REG.rdi, BigInt(portIn(s, port, width) >>> 0)]] };
      }
      case 5: {
        const c = this.cap(p, a0);
        if (!c) return err(0, `SYS_WAIT_IRQ: thread ${t.tid} bad slot ${a0}`);
        if (c.object.kind !== "Interrupt")
          return err(2, `SYS_WAIT_IRQ: thread ${t.tid} slot ${a0} is not an Interrupt`);
        const irq = c.object.irq;
        if (irq >= 16) return err(4, `SYS_WAIT_IRQ: IRQ ${irq} out of range`);
        log(`SYS_WAIT_IRQ: thread ${t.tid} blocking on IRQ ${irq}`);
        if (s.irqWaiters[irq] !== null) return err(5, `SYS_WAIT_IRQ: IRQ ${irq} already has a waiter`);
        s.irqWaiters[irq] = t.tid;
        this.setRun(t, { kind: "blocked-irq", irq }, coreId);
        return { kind: "block" };
      }
      case 6: {
        const child = this.createProcess("user-proc");
        if (!child) return err(0, `SYS_SPAWN_PROCESS: PID ${p.pid} out of memory`);
        const slot = p.cnode.findIndex((c) => c.object.kind === "Empty");
        if (slot < 0) return err(0, `SYS_SPAWN_PROCESS: PID ${p.pid} CNode full, cannot mint Process cap`);
        this.setCap(p, slot, { object: { kind: "Process", pid: child.pid }, rights: ALL_RIGHTS }, coreId);
        log(`SYS_SPAWN_PROCESS: PID ${p.pid} created child PID ${child.pid} → slot ${slot}`);
        return { kind: "ok", value: BigInt(slot) };
      }
      case 7: {
        const c = this.cap(p, a0);
        if (!c) return err(0, `SYS_ALLOC_MEMORY: PID ${p.pid} bad alloc slot ${a0}`);
        if (c.object.kind !== "PmmAllocator")
          return err(1, `SYS_ALLOC_MEMORY: PID ${p.pid} slot ${a0} is not PmmAllocator`);
        if (!hasRights(c.rights, RIGHTS.WRITE))
          return err(2, `SYS_ALLOC_MEMORY: PID ${p.pid} no WRITE right on PmmAllocator`);
        const f = this.alloc(coreId);
        if (f === undefined) return err(4, "SYS_ALLOC_MEMORY: PMM out of memory");
        if (a1 >= BigInt(CNODE_SLOTS) || p.cnode[Number(a1)]?.object.kind !== "Empty") {
          this.free(f, coreId);
          return err(3, `SYS_ALLOC_MEMORY: PID ${p.pid} target slot ${a1} invalid/occupied`);
        }
        this.setCap(
          p,
          Number(a1),
          { object: { kind: "MemoryFrame", phys: f * PAGE_SIZE, order: 0 }, rights: ALL_RIGHTS },
          coreId,
        );
        log(`SYS_ALLOC_MEMORY: PID ${p.pid} allocated frame P:${hexU(f * PAGE_SIZE, 10)} → slot ${a1}`);
        return { kind: "ok", value: 0n };
      }
      case 8: {
        const pc = this.cap(p, a0);
        if (!pc) return err(0, `SYS_MAP_MEMORY: PID ${p.pid} bad proc slot ${a0}`);
        if (pc.object.kind !== "Process")
          return err(1, `SYS_MAP_MEMORY: PID ${p.pid} slot ${a0} is not a Process cap`);
        const fc = this.cap(p, a1);
        if (!fc) return err(2, `SYS_MAP_MEMORY: PID ${p.pid} bad frame slot ${a1}`);
        if (fc.object.kind !== "MemoryFrame")
          return err(3, `SYS_MAP_MEMORY: PID ${p.pid} slot ${a1} is not a MemoryFrame cap`);
        if (a2 % BigInt(PAGE_SIZE) !== 0n || a2 >= BigInt(LAYOUT.userLimit))
          return err(4, `SYS_MAP_MEMORY: bad vaddr ${hexU(a2, 18)}`);
        const target = s.processes.get(pc.object.pid);
        if (!target) return err(5, `SYS_MAP_MEMORY: PID ${pc.object.pid} not found in process table`);
        const frame = fc.object.phys / PAGE_SIZE;
        const writable = (a3 & 1n) !== 0n;
        const executable = (a3 & 2n) !== 0n;
        const failed = mapPage(s.pmm, target.space, Number(a2), frame, writable, executable);
        if (failed)
          return err(
            6,
            `SYS_MAP_MEMORY: map_page failed for PID ${target.pid}: ${failed === "already-mapped" ? "AlreadyMapped" : "OutOfMemory"}`,
          );
        this.out.push({
          kind: "map",
          cycle: this.now(coreId),
          pid: target.pid,
          vaddr: Number(a2),
          frame,
          writable,
          executable,
        });
        log(
          `SYS_MAP_MEMORY: mapped P:${hexU(fc.object.phys, 10)} → V:${hexU(a2, 10)} in PID ${target.pid} (flags=${hexU(a3)})`,
        );
        return { kind: "ok", value: 0n };
      }
      case 9: {
        const pc = this.cap(p, a0);
        if (!pc) return err(0, `SYS_DELEGATE: PID ${p.pid} bad proc slot ${a0}`);
        if (pc.object.kind !== "Process")
          return err(1, `SYS_DELEGATE: PID ${p.pid} slot ${a0} is not a Process cap`);
        const src = this.cap(p, a1);
        if (!src) return err(2, `SYS_DELEGATE: PID ${p.pid} bad source slot ${a1}`);
        const target = s.processes.get(pc.object.pid);
        if (!target) return err(3, `SYS_DELEGATE: PID ${pc.object.pid} not found in process table`);
        if (a2 >= BigInt(CNODE_SLOTS) || target.cnode[Number(a2)]?.object.kind !== "Empty") {
          return err(4, `SYS_DELEGATE: PID ${p.pid} target slot ${a2} invalid/occupied`);
        }
        // Design: R10 is a rights mask (0 keeps the rights); AND can only remove bits.
        const mask = s.profile.delegateRightsMask && a3 !== 0n ? Number(a3 & 0xffn) : 0xff;
        const copy: Capability = { object: src.object, rights: src.rights & mask };
        this.setCap(target, Number(a2), copy, coreId);
        log(`SYS_DELEGATE: PID ${p.pid} [${a1}] → PID ${target.pid} [${a2}]: ${src.object.kind}`);
        return { kind: "ok", value: 0n };
      }
      case 10: {
        const pc = this.cap(p, a0);
        if (!pc) return err(0, `SYS_SPAWN_THREAD: PID ${p.pid} bad proc slot ${a0}`);
        if (pc.object.kind !== "Process")
          return err(1, `SYS_SPAWN_THREAD: PID ${p.pid} slot ${a0} is not a Process cap`);
        const target = s.processes.get(pc.object.pid);
        if (!target) return err(2, `SYS_SPAWN_THREAD: PID ${pc.object.pid} not found in process table`);
        const nt = this.createThread(
          target.pid,
          `${target.name}-t`,
          null,
          Number(a1 & 0xffff_ffff_ffffn),
          Number(a2 & 0xffff_ffff_ffffn),
        );
        if (!nt) return err(2, `SYS_SPAWN_THREAD: out of memory for a kernel stack`);
        log(
          `SYS_SPAWN_THREAD: PID ${p.pid} spawning thread ${nt.tid} → RIP=${hexU(a1, 18)} RSP=${hexU(a2, 18)}`,
        );
        if (s.profile.spawnedThreadsRun) this.enqueue(nt.tid, coreId, true);
        else {
          // kernel/src/sched/scheduler.rs: BOOT_QUEUE is drained only at boot, so this thread never runs.
          s.bootQueue.push(nt.tid);
          this.setRun(nt, { kind: "never-scheduled" }, coreId);
        }
        return { kind: "ok", value: BigInt(nt.tid) };
      }
      case 11: {
        if (a0 >= BigInt(CNODE_SLOTS) || p.cnode[Number(a0)]?.object.kind === "Empty") {
          return err(0, `SYS_DROP_CAP: PID ${p.pid} slot ${a0} already empty or invalid`);
        }
        this.setCap(p, Number(a0), EMPTY_CAP, coreId);
        return { kind: "ok", value: 0n };
      }
      default:
        return { kind: "err", offset: 0 };
    }
  }
}

/** A USTAR archive of the initrd files, as `tar --format=ustar` writes them. */
export function ustar(files: { name: string; bytes: Uint8Array }[]): Uint8Array {
  const blocks: Uint8Array[] = [];
  for (const f of files) {
    const h = new Uint8Array(512);
    const put = (s: string, at: number) => {
      for (let i = 0; i < s.length; i++) h[at + i] = s.charCodeAt(i) & 0xff;
    };
    put(f.name.slice(0, 99), 0);
    put("0000644", 100);
    put("0000000", 108);
    put("0000000", 116);
    put(f.bytes.length.toString(8).padStart(11, "0"), 124);
    put("00000000000", 136);
    put("        ", 148);
    put("0", 156);
    put("ustar", 257);
    put("00", 263);
    let sum = 0;
    for (const b of h) sum += b;
    put(`${sum.toString(8).padStart(6, "0")}\0 `, 148);
    blocks.push(h);
    const body = new Uint8Array(Math.ceil(f.bytes.length / 512) * 512);
    body.set(f.bytes);
    blocks.push(body);
  }
  blocks.push(new Uint8Array(1024));
  const total = blocks.reduce((n, b) => n + b.length, 0);
  const out = new Uint8Array(total);
  let at = 0;
  for (const b of blocks) {
    out.set(b, at);
    at += b.length;
  }
  return out;
}

export { U64_MAX };
