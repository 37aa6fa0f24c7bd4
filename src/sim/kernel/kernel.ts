/**
 * The kernel model: boot, per-core round-robin scheduling, the syscalls with their errors in check order,
 * faults, IRQ delivery and the reaper. Every state change is reported as a TraceEvent.
 */
import { type Capability, CNODE_SLOTS } from "../abi/cap-types";
import { errorValue, U64_MAX } from "../abi/errors";
import { syscallCore } from "../abi/syscall-table";
import { type CpuFault, getReg, newUserContext, REG, type RunUser, setReg } from "../cpu/contract";
import { invalidateDecoded } from "../cpu/decode-cache";
import { INSN_SIZE } from "../cpu/isa";
import { describeLimit, LIMITS } from "../scenario/limits";
import type { TraceEvent } from "../trace/events";
import { callWasmi, WASMI_STATUS } from "../wasm/wasmi";
import { destroyAddressSpace, memoryPort, newAddressSpace } from "./address-space";
import { exceptionReport } from "./exceptions";
import { hexU, physAddr } from "./format";
import { heapAlloc, heapFree, type QueueName, queueHolds, SIZE, tableInsert } from "./heap";
import { endpointSend } from "./ipc";
import { panicBanner, processCreated, threadCreated } from "./kernel-log";
import { PAGE_SIZE } from "./layout";
import { PhysicalMemory } from "./pmm";
import {
  type Core,
  emptyCNode,
  type KernelState,
  type KernInitWork,
  type Process,
  type Thread,
} from "./state";
import { dispatchSyscall, type Outcome, type SyscallHost } from "./syscalls";

const KERNEL_STACK_FRAMES = 4;
/** kern-init's spin delay (1,000,000 spin_loop iterations upstream), scaled like the quantum. */
const KERN_INIT_SPIN_CYCLES = 10_000;
const KERN_INIT_MESSAGE = "[kern-init] IPC->Ring3->COM1 OK!\r\n";
const KERN_INIT_DONE = [
  "[kern-init] ================================================",
  "[kern-init] SUCCESS: All characters sent to serial driver!",
  "[kern-init] Ring 3 serial driver + IPC + port I/O PROVEN!",
  "[kern-init] ================================================",
];

/** What one call of `Kernel.step` did. */
export interface StepOutcome {
  /** Ticks this call advanced: user instructions retired (a faulting one counts), or 1 for a whole idle or kernel-thread slice. */
  readonly ticks: number;
  /** The core that ran. */
  readonly core: number;
  /** Whether ring-3 instructions ran (not an idle or kernel-thread slice). */
  readonly user: boolean;
  /**
   * The first `lead` events happened as the slice began (interrupts delivered, a message copied in), so
   * they belong to the slice's first tick; the rest to its last.
   */
  readonly lead: number;
}

export class Kernel implements SyscallHost {
  out: TraceEvent[] = [];
  readonly mem: PhysicalMemory;
  /** Problems that make the machine unlike what its config asked for; the session refuses to open it. */
  bootProblems: string[] = [];
  private ports = new Map<number, ReturnType<typeof memoryPort>>();

  constructor(
    public state: KernelState,
    private readonly runUser: RunUser,
  ) {
    this.mem = new PhysicalMemory(state.pmm);
  }

  // ---- logging and events -------------------------------------------------------------------------

  now(core = 0): number {
    const c = this.state.cores[core];
    return c && Number.isFinite(c.clock) ? c.clock : this.frontier();
  }

  frontier(): number {
    let t = Number.POSITIVE_INFINITY;
    for (const c of this.state.cores) if (c.schedules && c.clock < t) t = c.clock;
    return Number.isFinite(t) ? t : 0;
  }

  /** A kernprintln!: one line on COM1 (the serial driver turns its \n into \r\n). */
  log(line: string, core = 0): void {
    const text = `${line}\r\n`;
    this.state.console += text;
    this.out.push({ kind: "serial", cycle: this.now(core), text, source: "kernel" });
  }

  /** What the simulator explains beside the kernel's output: in the trace, never on the console. */
  note(text: string, core = 0): void {
    this.out.push({ kind: "note", cycle: this.now(core), text });
  }

  /**
   * A Rust panic in the kernel (an `expect` or `unwrap` that failed): the banner of kernel/src/util/panic.rs,
   * then the core halts with interrupts off and, as only the BSP schedules, the machine stops.
   */
  panic(location: string, message: string, core = 0): void {
    for (const l of panicBanner(location, message)) this.log(l, core);
    this.halt(`kernel panic at ${location}: ${message}`, core);
  }

  private halt(reason: string, core: number): void {
    this.state.halted = reason;
    this.note(`The core runs cli; hlt: ${reason}. Nothing else runs.`, core);
    this.out.push({ kind: "halt", cycle: this.now(core), reason });
  }

  setRun(t: Thread, run: Thread["run"], core = 0): void {
    t.run = run;
    this.out.push({ kind: "thread-state", cycle: this.now(core), tid: t.tid, state: run.kind });
  }

  setCap(p: Process, slot: number, cap: Capability, core = 0): void {
    p.cnode[slot] = cap;
    this.out.push({
      kind: "cap",
      cycle: this.now(core),
      pid: p.pid,
      slot,
      cap: cap.object.kind === "Empty" ? null : cap,
    });
  }

  alloc(core = 0): number | undefined {
    return this.allocRun(1, core);
  }

  /** pmm::alloc_contiguous(n): the first of n frames in a row, or undefined. */
  allocRun(n: number, core = 0): number | undefined {
    const f = this.mem.allocContiguous(n);
    for (let i = 0; f !== undefined && i < n; i++)
      this.out.push({ kind: "frame", cycle: this.now(core), frame: f + i, action: "alloc" });
    return f;
  }

  /**
   * A kernel heap allocation (Box::new); -1 when the heap has no block for it, after the panic of
   * heap.rs's alloc_error handler where the kernel panics (always at boot, as built at run time).
   */
  box(size: number, core = 0, boot = false): number {
    const at = heapAlloc(this.state.heap, size);
    if (at === null) this.heapFailed(size, core, boot);
    return at ?? -1;
  }

  /** Like box, for the growth of a queue's buffer or of PROCESS_TABLE: `size` is what did not fit, or 0. */
  grew(size: number, core = 0, boot = false): boolean {
    if (size) this.heapFailed(size, core, boot);
    return !size;
  }

  /** A queue of Box<Thread> now holds `length`: its buffer grows when full. */
  holds(q: QueueName, length: number, core = 0): boolean {
    return this.grew(queueHolds(this.state.heap, q, length), core);
  }

  private heapFailed(size: number, core: number, boot: boolean): void {
    if (boot || this.state.profile.kernelPanicsOnFailure)
      this.panic(
        "kernel/src/memory/heap.rs:418",
        `Kernel heap allocation failed: size=${size}, align=8`,
        core,
      );
  }

  free(frame: number, core = 0): boolean {
    const ok = this.mem.free(frame);
    if (ok) this.out.push({ kind: "frame", cycle: this.now(core), frame, action: "free" });
    else
      this.log(
        `[pmm] WARNING: double free detected at frame ${frame} (${physAddr(frame * PAGE_SIZE)}) — skipping`,
        core,
      );
    return ok;
  }

  newThreadRecord(tid: number, pid: number, name: string, role: Thread["role"]): Thread {
    return {
      tid,
      pid,
      name,
      run: { kind: "Ready", queue: "run" },
      role,
      ctx: null,
      kernelStack: [],
      inbox: null,
      onResume: [],
      entered: false,
      kernInit: null,
      exitCode: null,
      box: -1,
    };
  }

  /**
   * Process::new (build_user_pml4: a PML4 frame; its two lines unless quiet), then its Box and its
   * PROCESS_TABLE entry. Undefined when memory runs out, after the kernel's panic where it panics:
   * always at boot (`boot`), as built at run time.
   */
  createProcess(
    name: string,
    options: { quiet?: boolean; boot?: boolean } = {},
    core = 0,
  ): Process | undefined {
    const s = this.state;
    const pml4 = this.alloc(core);
    if (pml4 === undefined) {
      if (options.boot || s.profile.kernelPanicsOnFailure)
        this.panic("kernel/src/memory/pml4.rs:235", "[pml4] FATAL: cannot allocate user PML4 frame", core);
      return undefined;
    }
    const pid = s.nextPid++;
    if (!options.quiet)
      for (const l of processCreated(pid, name, pml4 * PAGE_SIZE, s.kernelPml4)) this.log(l, core);
    const box = this.box(SIZE.process, core, options.boot);
    if (box < 0 || !this.grew(tableInsert(s.heap), core, options.boot)) return undefined;
    const p: Process = { pid, name, cnode: emptyCNode(), space: newAddressSpace(pml4), threads: [], box };
    s.processes.set(p.pid, p);
    this.out.push({ kind: "process", cycle: this.frontier(), pid: p.pid, action: "created", name });
    return p;
  }

  /**
   * Thread::new: a 16 KiB kernel stack (alloc_contiguous(4), whose failure panics), then its Box; prints
   * upstream's line unless told to be quiet. Undefined when memory runs out, after the panic.
   */
  createThread(
    pid: number,
    name: string,
    role: Thread["role"],
    rip: number,
    rsp: number,
    options: { quiet?: boolean; boot?: boolean } = {},
    core = 0,
  ): Thread | undefined {
    const s = this.state;
    const stack = this.allocRun(KERNEL_STACK_FRAMES, core);
    if (stack === undefined) {
      if (options.boot || s.profile.kernelPanicsOnFailure)
        this.panic("kernel/src/sched/thread.rs:137", "Thread: failed to allocate kernel stack", core);
      return undefined;
    }
    const tid = s.nextTid++;
    const box = this.box(SIZE.thread, core, options.boot);
    if (box < 0) return undefined;
    const t = this.newThreadRecord(tid, pid, name, role);
    t.kernelStack = Array.from({ length: KERNEL_STACK_FRAMES }, (_, i) => stack + i);
    t.box = box;
    if (!role) t.ctx = newUserContext(rip, rsp);
    s.threads.set(t.tid, t);
    s.processes.get(pid)?.threads.push(t.tid);
    if (!options.quiet) this.log(threadCreated(t.tid, name, stack * PAGE_SIZE), core);
    return t;
  }

  // ---- scheduling -----------------------------------------------------------------------------------

  /** Queues a ready thread: as built on the BSP, in the design on the given core or the least loaded. */
  enqueue(tid: number, wakerCore: number, placeNew = false): void {
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
    this.setRun(t, { kind: "Ready", queue: "run" }, core.id);
    core.runQueue.push(tid);
    // The BSP's RunQueue is a VecDeque<Box<Thread>> on the kernel heap.
    if (core.id === 0) this.holds("run", core.runQueue.length, wakerCore);
  }

  /** A thread is Dead: schedule() pushes it onto DEAD_QUEUE, a Vec<Box<Thread>> on the kernel heap. */
  private buried(tid: number, core: number): void {
    this.state.deadQueue.push(tid);
    this.holds("dead", this.state.deadQueue.length, core);
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
        if (t) this.setRun(t, { kind: "Ready", queue: "run" }, coreId);
        core.runQueue.push(from);
      }
    }
    const next = core.runQueue.shift() ?? null;
    core.current = next;
    core.quantumLeft = this.state.quantum;
    if (next !== null) {
      const t = this.state.threads.get(next);
      if (t) {
        this.setRun(t, { kind: "Running", core: coreId }, coreId);
        this.resume(t, coreId);
      }
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

  /**
   * Runs the core furthest behind in time until its next boundary, or for at most `limit` ticks of a
   * ring-3 slice. A slice cut short by `limit` is kept in the state and the next call continues it, before
   * anything else happens, so the machine is the same at every tick whatever the calls' limits were.
   */
  step(limit = Number.POSITIVE_INFINITY): StepOutcome {
    const outcome = this.stepOnce(limit);
    // The simulator's own bounds on what a machine holds (limits.ts), which keep hashes, snapshots and the
    // page fast: past one the machine stops. The kernel has no such limit, so the reason says whose it is.
    const s = this.state;
    const held = {
      liveProcesses: s.processes.size,
      liveThreads: s.threads.size,
      consoleChars: s.console.length,
    };
    const over = (Object.keys(held) as (keyof typeof held)[]).find((k) => held[k] > LIMITS[k].value);
    if (over && !s.halted) {
      s.halted = `the simulator's ${describeLimit(over)} (the kernel has no such limit)`;
      this.out.push({ kind: "halt", cycle: this.now(outcome.core), reason: s.halted });
    }
    return outcome;
  }

  private stepOnce(limit: number): StepOutcome {
    this.out = [];
    const s = this.state;
    if (s.halted) return { ticks: 0, core: 0, user: false, lead: 0 };
    if (s.slice) return this.continueSlice(limit, 0);
    this.deliverEvents();
    let core = s.cores[0];
    for (const c of s.cores) if (c.schedules && core && c.clock < core.clock) core = c;
    if (!core) return { ticks: 0, core: 0, user: false, lead: 0 };
    const nextAt = s.events[s.nextEvent]?.at ?? Number.POSITIVE_INFINITY;
    const untilEvent = Math.max(1, nextAt - core.clock);
    const cur = core.current === null ? undefined : s.threads.get(core.current);
    const whole = { ticks: 1, core: core.id, user: false, lead: 0 };
    if (!cur) {
      // Idle: sleep until the next timer tick or device interrupt.
      const slice = Math.min(core.quantumLeft, untilEvent);
      core.clock += slice;
      core.quantumLeft -= slice;
      if (core.runQueue.length > 0) this.switchAway(core.id, "block");
      else if (core.quantumLeft <= 0) core.quantumLeft = s.quantum;
      return whole;
    }
    if (cur.role || !cur.ctx) {
      this.runKernelThread(cur, core.id, untilEvent);
      return whole;
    }
    s.slice = { core: core.id, left: Math.max(1, Math.min(core.quantumLeft, untilEvent)) };
    return this.continueSlice(limit, this.out.length);
  }

  /** Runs the ring-3 slice in progress for at most `limit` ticks, and ends it when it is used up. */
  private continueSlice(limit: number, lead: number): StepOutcome {
    const s = this.state;
    const slice = s.slice;
    const core = slice ? s.cores[slice.core] : undefined;
    const cur = core?.current == null ? undefined : s.threads.get(core.current);
    if (!slice || !core || !cur?.ctx) {
      s.slice = null;
      return { ticks: 0, core: slice?.core ?? 0, user: false, lead };
    }
    const result = this.runUser(cur.ctx, this.port(cur.pid), Math.max(1, Math.min(slice.left, limit)));
    // A faulting instruction retires nothing but takes its tick, so a fault costs the same however the
    // run is cut.
    const ticks = result.executed + (result.stop.kind === "fault" ? 1 : 0);
    core.clock += ticks;
    core.quantumLeft -= ticks;
    slice.left -= ticks;
    const outcome = { ticks, core: core.id, user: true, lead };
    if (result.stop.kind === "budget" && slice.left > 0) return outcome;
    s.slice = null;
    if (result.stop.kind === "syscall") this.syscall(cur, core.id);
    else if (result.stop.kind === "host-call") this.wasmiCall(cur, core.id);
    else if (result.stop.kind === "fault") this.fault(cur, core.id, result.stop.fault);
    if (s.halted) return outcome;
    if (core.current === cur.tid && core.quantumLeft <= 0) this.switchAway(core.id, "quantum");
    return outcome;
  }

  private port(pid: number) {
    let port = this.ports.get(pid);
    const p = this.state.processes.get(pid);
    if (!port && p) {
      port = memoryPort(this.mem, p.space);
      this.ports.set(pid, port);
    }
    if (!port) throw new Error(`no process ${pid}`);
    return port;
  }

  private runKernelThread(t: Thread, coreId: number, untilEvent: number): void {
    const core = this.state.cores[coreId];
    if (!core) return;
    for (const l of t.onResume) this.log(l, coreId);
    t.onResume = [];
    if (t.kernInit && t.kernInit.phase !== "done") {
      this.runKernInit(t, t.kernInit, core, untilEvent);
      return;
    }
    if (t.role === "test-exiter") {
      // kernel/src/sched/scheduler.rs test_exiter_entry: returns at once, to exercise the reaper at boot;
      // thread_exit (kernel/src/sched/thread.rs) marks it Dead.
      core.clock += 1;
      this.log("[test-exiter] running and will return", coreId);
      this.log("[thread] Thread exited — marking Dead", coreId);
      this.setRun(t, { kind: "Dead" }, coreId);
      this.buried(t.tid, coreId);
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

  /** One slice of kern-init (see KernInitWork); the slice ends when it blocks, finishes or uses its time. */
  private runKernInit(t: Thread, w: KernInitWork, core: Core, untilEvent: number): void {
    const slice = Math.max(1, Math.min(core.quantumLeft, untilEvent));
    let used = 1;
    if (w.waiting) {
      w.waiting = false;
      w.sent++; // the receiver took the byte it blocked on
    }
    if (w.phase === "start") {
      this.log("[kern-init] Kernel init thread started", core.id);
      w.phase = "spin";
      w.spinLeft = KERN_INIT_SPIN_CYCLES;
    }
    if (w.phase === "spin") {
      const spin = Math.min(w.spinLeft, slice - used);
      w.spinLeft -= spin;
      used += spin;
      if (w.spinLeft === 0) {
        this.log("[kern-init] Sending test message to serial driver via EP2...", core.id);
        w.phase = "send";
      }
    }
    while (w.phase === "send" && used < slice) {
      const byte = KERN_INIT_MESSAGE.charCodeAt(w.sent);
      if (Number.isNaN(byte)) {
        for (const l of KERN_INIT_DONE) this.log(l, core.id);
        w.phase = "done";
        break;
      }
      used++;
      const sent = endpointSend(
        this,
        t,
        w.endpoint,
        { label: 1n, data: [BigInt(byte), 0n, 0n, 0n] },
        core.id,
      );
      if (sent === "blocked") {
        w.waiting = true;
        core.clock += used;
        core.quantumLeft -= used;
        this.switchAway(core.id, "block");
        return;
      }
      w.sent++;
    }
    core.clock += used;
    core.quantumLeft -= used;
    if (core.quantumLeft <= 0) this.switchAway(core.id, "quantum");
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
    if (s.profile.onlyCom1IrqRouted && irq !== 4) {
      this.note(`IRQ ${irq} is masked in the I/O APIC: as built only COM1's IRQ 4 is routed`);
      return;
    }
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

  /**
   * What a thread does as it gets the CPU back, before its ring-3 code runs: upstream prints the
   * "entering Ring 3" line the first time, and a thread woken from an IPC block finishes its syscall
   * (prints its resume lines, and a receiver copies the message into its registers).
   */
  private resume(t: Thread, coreId: number): void {
    if (!t.ctx) return;
    if (!t.entered) {
      t.entered = true;
      this.log(
        `[syscall] Thread ${t.tid} '${t.name}' entering Ring 3: RIP=${hexU(t.ctx.rip, 18)} RSP=${hexU(getReg(t.ctx, REG.rsp), 18)}`,
        coreId,
      );
    }
    for (const l of t.onResume) this.log(l, coreId);
    t.onResume = [];
    const inbox = t.inbox;
    if (inbox) {
      const m = inbox.message;
      setReg(t.ctx, REG.rax, 0n);
      setReg(t.ctx, REG.rdi, m.label);
      setReg(t.ctx, REG.rsi, m.data[0]);
      setReg(t.ctx, REG.rdx, m.data[1]);
      setReg(t.ctx, REG.r10, m.data[2]);
      t.inbox = null;
    }
  }

  /**
   * The wasmi instruction: init's Wasm interpreter, which upstream runs inside init in ring 3 (no kernel
   * involvement: the guest's output still reaches COM1 through init's own PORT_OUT syscalls). Registers:
   * rdi/rsi the module's address and length, rdx the export's NUL-terminated name (0: only parse and
   * instantiate), r8/r9 its i32 arguments, r12 how many, r13 = 1 when it must return an i32, r10/rcx the
   * buffer for host_print and its size. Returns rax = status (WASMI_STATUS), rbx = the i32 result,
   * rdx = bytes written to the buffer. Reading or writing memory it may not is init's page fault.
   */
  private wasmiCall(t: Thread, coreId: number): void {
    const ctx = t.ctx;
    if (!ctx) return;
    const port = this.port(t.pid);
    const reg = (r: number) => getReg(ctx, r);
    // A fault reports the instruction that faulted: step rip back over the wasmi instruction.
    const faulted = (f: CpuFault) => {
      ctx.rip -= INSN_SIZE;
      this.fault(t, coreId, f);
    };
    const read = (addr: number, length: number): Uint8Array | CpuFault => {
      const out = new Uint8Array(length);
      for (let i = 0; i < length; i++) {
        const page = port.page(addr + i, "read");
        if (!(page instanceof Uint8Array)) return page;
        out[i] = page[(addr + i) % PAGE_SIZE] ?? 0;
      }
      return out;
    };
    const moduleBytes = read(
      Number(reg(REG.rdi) & 0xffff_ffff_ffffn),
      Math.min(Number(reg(REG.rsi) & 0xffffn), 0x1_0000),
    );
    if (!(moduleBytes instanceof Uint8Array)) {
      faulted(moduleBytes);
      return;
    }
    let name = "";
    const nameAt = Number(reg(REG.rdx) & 0xffff_ffff_ffffn);
    for (let i = 0; nameAt !== 0 && i < 64; i++) {
      const b = read(nameAt + i, 1);
      if (!(b instanceof Uint8Array)) {
        faulted(b);
        return;
      }
      if (b[0] === 0) break;
      name += String.fromCharCode(b[0] ?? 0);
    }
    const argc = Math.min(2, Number(reg(REG.r12) & 3n));
    const args = [REG.r8, REG.r9].slice(0, argc).map((r) => Number(BigInt.asIntN(32, reg(r))));
    const p = this.state.processes.get(t.pid);
    const call = callWasmi(
      {
        module: moduleBytes,
        exportName: name,
        args,
        wantsI32: (reg(REG.r13) & 1n) === 1n,
        printCapacity: Math.min(Number(reg(REG.rcx) & 0xffffn), 4096),
      },
      p?.wasm,
    );
    if (p) p.wasm = call.guest;
    const bufferAt = Number(reg(REG.r10) & 0xffff_ffff_ffffn);
    for (let i = 0; i < call.printed.length; i++) {
      const page = port.page(bufferAt + i, "write");
      if (!(page instanceof Uint8Array)) {
        faulted(page);
        return;
      }
      page[(bufferAt + i) % PAGE_SIZE] = call.printed[i] ?? 0;
      invalidateDecoded(page);
    }
    setReg(ctx, REG.rax, BigInt(WASMI_STATUS[call.status]));
    setReg(ctx, REG.rbx, BigInt(call.result));
    setReg(ctx, REG.rdx, BigInt(call.printed.length));
    const what = name === "" ? "parse and instantiate" : `${name}(${args.join(", ")})`;
    this.note(
      `wasmi in PID ${t.pid}: ${what} → ${call.status}${call.status === "ok" && call.result !== 0 ? ` = ${call.result}` : ""}${call.detail ? `: ${call.detail}` : ""}`,
      coreId,
    );
  }

  // ---- faults, exit and the reaper ------------------------------------------------------------------

  /**
   * A CPU exception in ring 3. As built, exception_dispatch (kernel/src/arch/x86_64/idt.rs) prints its
   * report and halts the core: the machine stops. The design kills only the faulting process.
   */
  private fault(t: Thread, coreId: number, fault: CpuFault): void {
    const ctx = t.ctx;
    const rip = ctx?.rip ?? 0;
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
    const report = exceptionReport(fault, rip, ctx ? getReg(ctx, REG.rsp) : 0n, ctx?.flags ?? 0);
    for (const l of report.lines) this.log(l, coreId);
    if (!killed) {
      this.halt(`${report.name} in PID ${t.pid} (thread ${t.tid}) at RIP=${hexU(rip, 18)}`, coreId);
      return;
    }
    this.log(`[sched] Design: ${report.name} killed PID ${t.pid}; the reaper will reclaim it`, coreId);
    this.killProcess(t.pid, coreId);
  }

  private killProcess(pid: number, coreId: number): void {
    // PID 0 owns the reaper and the idle threads; nothing a user does may end them.
    if (pid === 0) throw new Error("engine bug: a user action tried to kill the kernel's own threads");
    const p = this.state.processes.get(pid);
    if (!p) return;
    for (const tid of p.threads) {
      const t = this.state.threads.get(tid);
      if (!t || t.run.kind === "Dead") continue;
      this.detach(t);
      this.setRun(t, { kind: "Dead" }, coreId);
      this.buried(tid, coreId);
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

  /**
   * reaper_entry (kernel/src/sched/scheduler.rs): pops dead threads from DEAD_QUEUE (a Vec: last in, first
   * out), frees each one's kernel stack and, for a user thread, its process; prints what it freed.
   */
  private reap(coreId: number): void {
    const s = this.state;
    for (let tid = s.deadQueue.pop(); tid !== undefined; tid = s.deadQueue.pop()) {
      const t = s.threads.get(tid);
      if (!t) continue;
      const before = s.pmm.total - s.pmm.used;
      const stack = t.kernelStack;
      for (const f of stack) this.free(f, coreId);
      t.kernelStack = [];
      s.threads.delete(t.tid);
      if (t.box >= 0) heapFree(s.heap, t.box, SIZE.thread);
      if (stack.length > 0)
        this.log(
          `[reaper] Thread ${t.tid} '${t.name}': freed ${stack.length} kernel stack pages (phys ${hexU((stack[0] ?? 0) * PAGE_SIZE, 10)})`,
          coreId,
        );
      const p = s.processes.get(t.pid);
      if (p && p.pid !== 0 && t.ctx) {
        p.threads = p.threads.filter((x) => x !== t.tid);
        // As built the process goes with its first dead user thread; the design waits for the last.
        const last = p.threads.every((x) => s.threads.get(x)?.run.kind === "Dead");
        if (!s.profile.exitSyscall || last) {
          const { userPages, tablePages } = destroyAddressSpace(this.mem, p.space, (f) =>
            this.free(f, coreId),
          );
          s.processes.delete(p.pid);
          // Its Box goes back to the heap; the PROCESS_TABLE node it leaves is not modelled (heap.ts).
          heapFree(s.heap, p.box, SIZE.process);
          this.ports.delete(p.pid);
          this.log(
            `[reaper] PID ${p.pid} address space destroyed: ${userPages} user pages + ${tablePages} table pages freed`,
            coreId,
          );
          this.log(`[reaper] PID ${p.pid} purged from PROCESS_TABLE`, coreId);
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
      const delta = after - before;
      this.log(
        `[reaper] Thread ${t.tid} done — PMM free: ${before} → ${after} (${delta >= 0 ? "+" : ""}${delta} frames)`,
        coreId,
      );
    }
  }

  // ---- syscalls -------------------------------------------------------------------------------------

  private syscall(t: Thread, coreId: number): void {
    const ctx = t.ctx;
    if (!ctx) return;
    // The SYSCALL instruction itself keeps the return address in RCX and RFLAGS in R11; SYSRET restores
    // them, so user code sees both clobbered.
    setReg(ctx, REG.rcx, BigInt(ctx.rip));
    setReg(ctx, REG.r11, BigInt(ctx.flags));
    const n = getReg(ctx, REG.rax);
    const args = [
      getReg(ctx, REG.rdi),
      getReg(ctx, REG.rsi),
      getReg(ctx, REG.rdx),
      getReg(ctx, REG.r10),
    ] as const;
    const num = n <= 64n ? Number(n) : -1;
    const spec = num >= 0 ? syscallCore(num) : undefined;
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
    else if (outcome.kind === "exit") {
      t.exitCode = outcome.code;
      this.detach(t);
      this.setRun(t, { kind: "Dead" }, coreId);
      this.buried(t.tid, coreId);
      const p = this.state.processes.get(t.pid);
      if (p?.threads.every((x) => this.state.threads.get(x)?.run.kind === "Dead")) {
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

  cap(p: Process, slot: bigint): Capability | undefined {
    if (slot >= BigInt(CNODE_SLOTS)) return undefined;
    const c = p.cnode[Number(slot)];
    return c && c.object.kind !== "Empty" ? c : undefined;
  }

  dispatch(num: number, t: Thread, coreId: number, args: readonly [bigint, bigint, bigint, bigint]): Outcome {
    return dispatchSyscall(this, num, t, coreId, args);
  }
}

export { U64_MAX };
