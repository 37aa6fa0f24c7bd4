/**
 * The syscalls, as kernel/src/syscall/ handles them: one case per number, each checking its errors in the
 * kernel's order (the first failing check wins) and logging what the real kernel logs. Profile switches
 * decide where the design parts from the code.
 */
import { type Capability, CNODE_SLOTS, EMPTY_CAP } from "../abi/cap-types";
import { ALL_RIGHTS, hasRights, RIGHTS } from "../abi/rights";
import { REG, setReg } from "../cpu/contract";
import { portIn, portOut } from "../devices/ports";
import type { TraceEvent } from "../trace/events";
import { mapPage } from "./address-space";
import { capObjectDebug, hexU } from "./format";
import { endpointSend } from "./ipc";
import { LAYOUT, PAGE_SIZE } from "./layout";
import type { PhysicalMemory } from "./pmm";
import type { KernelState, Message, Process, Thread } from "./state";

export type Outcome =
  | { kind: "ok"; value: bigint; writes?: [number, bigint][] }
  | { kind: "err"; offset: number }
  | { kind: "block" }
  | { kind: "exit"; code: bigint }
  /** The kernel panicked handling it: nothing returns to the caller. */
  | { kind: "halted" };

/** What a syscall may do to the kernel: read and change its state through the kernel's own helpers. */
export interface SyscallHost {
  readonly state: KernelState;
  readonly mem: PhysicalMemory;
  readonly out: TraceEvent[];
  now(core?: number): number;
  log(line: string, core?: number): void;
  cap(p: Process, slot: bigint): Capability | undefined;
  setCap(p: Process, slot: number, cap: Capability, core?: number): void;
  setRun(t: Thread, run: Thread["run"], core?: number): void;
  alloc(core?: number): number | undefined;
  free(frame: number, core?: number): boolean;
  /** Process::new and its Box and PROCESS_TABLE entry; undefined when memory runs out (after a panic as built). */
  createProcess(name: string, options: object, core: number): Process | undefined;
  /** Thread::new; undefined when memory runs out (after a panic as built). */
  createThread(
    pid: number,
    name: string,
    role: Thread["role"],
    rip: number,
    rsp: number,
    options: object,
    core: number,
  ): Thread | undefined;
  /** A queue of Box<Thread> holds `length`; false when its buffer could not grow (the kernel panicked). */
  holds(q: "boot", length: number, core: number): boolean;
  /** A kernel panic: the banner, then the machine stops. */
  panic(location: string, message: string, core?: number): void;
  enqueue(tid: number, wakerCore: number, placeNew?: boolean): void;
}

export function dispatchSyscall(
  k: SyscallHost,
  num: number,
  t: Thread,
  coreId: number,
  [a0, a1, a2, a3]: readonly [bigint, bigint, bigint, bigint],
): Outcome {
  const s = k.state;
  const p = s.processes.get(t.pid);
  if (!p) return { kind: "err", offset: 0 };
  const log = (line: string) => k.log(`[syscall] ${line}`, coreId);
  const err = (offset: number, line: string): Outcome => {
    log(line);
    return { kind: "err", offset };
  };
  switch (num) {
    case 0: // SYS_EXIT (design)
      log(`SYS_EXIT: thread ${t.tid} (PID ${p.pid}) exits with code ${a0}`);
      return { kind: "exit", code: a0 };
    case 1: {
      const c = k.cap(p, a0);
      if (!c) return err(0, `SYS_SEND: thread ${t.tid} bad slot ${a0}`);
      if (c.object.kind === "Endpoint" && !hasRights(c.rights, RIGHTS.WRITE))
        return err(1, `SYS_SEND: thread ${t.tid} no WRITE right on slot ${a0}`);
      if (c.object.kind !== "Endpoint")
        return err(2, `SYS_SEND: thread ${t.tid} slot ${a0} is not an Endpoint`);
      const ep = s.endpoints.get(c.object.id);
      if (!ep) return err(3, `SYS_SEND: endpoint ID ${c.object.id} not registered`);
      const id = c.object.id;
      log(`SYS_SEND: thread ${t.tid} → EP${id} label=${hexU(a1)} data=[${hexU(a2)}, ${hexU(a3)}]`);
      const message: Message = { label: a1, data: [a2, a3, 0n, 0n] };
      return endpointSend(k, t, id, message, coreId) === "delivered"
        ? { kind: "ok", value: 0n }
        : { kind: "block" };
    }
    case 2: {
      const c = k.cap(p, a0);
      if (!c) return err(0, `SYS_RECV: thread ${t.tid} bad slot ${a0}`);
      if (c.object.kind === "Endpoint" && !hasRights(c.rights, RIGHTS.READ))
        return err(1, `SYS_RECV: thread ${t.tid} no READ right on slot ${a0}`);
      if (c.object.kind !== "Endpoint")
        return err(2, `SYS_RECV: thread ${t.tid} slot ${a0} is not an Endpoint`);
      const ep = s.endpoints.get(c.object.id);
      if (!ep) return err(3, `SYS_RECV: endpoint ID ${c.object.id} not registered`);
      const id = c.object.id;
      // Printed before the endpoint is even looked at, so also on the fast path (syscall.rs:621).
      log(`SYS_RECV: thread ${t.tid} blocking on EP${id}`);
      const senderTid = ep.senders.shift();
      const sender = senderTid === undefined ? undefined : s.threads.get(senderTid);
      if (sender && sender.run.kind === "BlockedSend") {
        const m = sender.run.message;
        k.log(`[ipc] EP${id}: recv fastpath — woke sender thread ${sender.tid}, label=${m.label}`, coreId);
        k.out.push({
          kind: "ipc",
          cycle: k.now(coreId),
          endpoint: id,
          from: sender.tid,
          to: t.tid,
          label: hexU(m.label),
          path: "fast",
        });
        if (sender.ctx) setReg(sender.ctx, REG.rax, 0n);
        sender.onResume.push(`[ipc] EP${id}: sender thread ${sender.tid} resumed after block`);
        k.enqueue(sender.tid, coreId);
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
      k.log(`[ipc] EP${id}: recv slowpath — thread ${t.tid} blocking (no sender)`, coreId);
      ep.receivers.push(t.tid);
      k.setRun(t, { kind: "BlockedRecv", on: { endpoint: id } }, coreId);
      return { kind: "block" };
    }
    case 3:
    case 4: {
      const out = num === 3;
      const name = out ? "SYS_PORT_OUT" : "SYS_PORT_IN";
      const c = k.cap(p, a0);
      if (!c) return err(0, `${name}: thread ${t.tid} bad slot ${a0}`);
      const right = out ? RIGHTS.WRITE : RIGHTS.READ;
      if (c.object.kind === "IoPort" && !hasRights(c.rights, right))
        return err(1, `${name}: thread ${t.tid} no ${out ? "WRITE" : "READ"} right on slot ${a0}`);
      if (c.object.kind !== "IoPort") return err(2, `${name}: thread ${t.tid} slot ${a0} is not an IoPort`);
      const port = Number(a1 & 0xffffn); // truncated to 16 bits before the range check
      let end = c.object.base + c.object.size;
      if (end > 0xffff && s.profile.kernelPanicsOnFailure) {
        // base + size is u16 arithmetic; make run's debug build checks it and panics (syscall.rs:690, :774).
        k.panic(
          `kernel/src/arch/x86_64/syscall.rs:${out ? 690 : 774}`,
          "attempt to add with overflow",
          coreId,
        );
        return { kind: "halted" };
      }
      end = Math.min(end, 0x1_0000);
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
          s.output += text;
          k.out.push({ kind: "serial", cycle: k.now(coreId), text, source: "user" });
        }
        return { kind: "ok", value: 0n };
      }
      return { kind: "ok", value: 0n, writes: [[REG.rdi, BigInt(portIn(s, port, width) >>> 0)]] };
    }
    case 5: {
      const c = k.cap(p, a0);
      if (!c) return err(0, `SYS_WAIT_IRQ: thread ${t.tid} bad slot ${a0}`);
      if (c.object.kind !== "Interrupt")
        return err(2, `SYS_WAIT_IRQ: thread ${t.tid} slot ${a0} is not an Interrupt`);
      const irq = c.object.irq;
      if (irq >= 16) return err(4, `SYS_WAIT_IRQ: IRQ ${irq} out of range`);
      log(`SYS_WAIT_IRQ: thread ${t.tid} blocking on IRQ ${irq}`);
      if (s.irqWaiters[irq] !== null) return err(5, `SYS_WAIT_IRQ: IRQ ${irq} already has a waiter`);
      s.irqWaiters[irq] = t.tid;
      k.setRun(t, { kind: "BlockedRecv", on: { irq } }, coreId);
      return { kind: "block" };
    }
    case 6: {
      // Box::new(Process::new(..)), then register_process: a PML4 frame, then kernel heap.
      const child = k.createProcess("user-proc", {}, coreId);
      if (!child)
        return s.halted ? { kind: "halted" } : err(1, `SYS_SPAWN_PROCESS: PID ${p.pid} out of memory`);
      const slot = p.cnode.findIndex((c) => c.object.kind === "Empty");
      if (slot < 0) return err(0, `SYS_SPAWN_PROCESS: PID ${p.pid} CNode full, cannot mint Process cap`);
      k.setCap(p, slot, { object: { kind: "Process", pid: child.pid }, rights: ALL_RIGHTS }, coreId);
      log(`SYS_SPAWN_PROCESS: PID ${p.pid} created child PID ${child.pid} → slot ${slot}`);
      return { kind: "ok", value: BigInt(slot) };
    }
    case 7: {
      const c = k.cap(p, a0);
      if (!c) return err(0, `SYS_ALLOC_MEMORY: PID ${p.pid} bad alloc slot ${a0}`);
      if (c.object.kind !== "PmmAllocator")
        return err(1, `SYS_ALLOC_MEMORY: PID ${p.pid} slot ${a0} is not PmmAllocator`);
      if (!hasRights(c.rights, RIGHTS.WRITE))
        return err(2, `SYS_ALLOC_MEMORY: PID ${p.pid} no WRITE right on PmmAllocator`);
      const f = k.alloc(coreId);
      if (f === undefined) return err(4, "SYS_ALLOC_MEMORY: PMM out of memory");
      if (a1 >= BigInt(CNODE_SLOTS) || p.cnode[Number(a1)]?.object.kind !== "Empty") {
        k.free(f, coreId);
        return err(3, `SYS_ALLOC_MEMORY: PID ${p.pid} target slot ${a1} invalid/occupied`);
      }
      k.setCap(
        p,
        Number(a1),
        { object: { kind: "MemoryFrame", phys: f * PAGE_SIZE, order: 0 }, rights: ALL_RIGHTS },
        coreId,
      );
      log(`SYS_ALLOC_MEMORY: PID ${p.pid} allocated frame P:${hexU(f * PAGE_SIZE, 10)} → slot ${a1}`);
      return { kind: "ok", value: 0n };
    }
    case 8: {
      const pc = k.cap(p, a0);
      if (!pc) return err(0, `SYS_MAP_MEMORY: PID ${p.pid} bad proc slot ${a0}`);
      if (pc.object.kind !== "Process")
        return err(1, `SYS_MAP_MEMORY: PID ${p.pid} slot ${a0} is not a Process cap`);
      const fc = k.cap(p, a1);
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
      const failed = mapPage(k.mem, target.space, Number(a2), frame, writable, executable);
      if (failed)
        return err(
          6,
          `SYS_MAP_MEMORY: map_page failed for PID ${target.pid}: ${failed === "already-mapped" ? "AlreadyMapped" : "OutOfMemory"}`,
        );
      k.out.push({
        kind: "map",
        cycle: k.now(coreId),
        pid: target.pid,
        vaddr: Number(a2),
        frame,
        writable,
        executable,
      });
      // The page-table flags map_page gets (vmm.rs): PRESENT | USER, WRITABLE for bit 0, NO_EXECUTE unless bit 1.
      const flags = 0x5n | (writable ? 0x2n : 0n) | (executable ? 0n : 1n << 63n);
      log(
        `SYS_MAP_MEMORY: mapped P:${hexU(fc.object.phys, 10)} → V:${hexU(a2, 10)} in PID ${target.pid} (flags=${hexU(flags)})`,
      );
      return { kind: "ok", value: 0n };
    }
    case 9: {
      const pc = k.cap(p, a0);
      if (!pc) return err(0, `SYS_DELEGATE: PID ${p.pid} bad proc slot ${a0}`);
      if (pc.object.kind !== "Process")
        return err(1, `SYS_DELEGATE: PID ${p.pid} slot ${a0} is not a Process cap`);
      const src = k.cap(p, a1);
      if (!src) return err(2, `SYS_DELEGATE: PID ${p.pid} bad source slot ${a1}`);
      const target = s.processes.get(pc.object.pid);
      if (!target) return err(3, `SYS_DELEGATE: PID ${pc.object.pid} not found in process table`);
      if (a2 >= BigInt(CNODE_SLOTS) || target.cnode[Number(a2)]?.object.kind !== "Empty") {
        return err(4, `SYS_DELEGATE: PID ${target.pid} target slot ${a2} invalid/occupied`);
      }
      // Design: R10 is a rights mask (0 keeps the rights); AND can only remove bits.
      const mask = s.profile.delegateRightsMask && a3 !== 0n ? Number(a3 & 0xffn) : 0xff;
      const copy: Capability = { object: src.object, rights: src.rights & mask };
      k.setCap(target, Number(a2), copy, coreId);
      // The unbalanced bracket is upstream's (syscall.rs:1226).
      log(`SYS_DELEGATE: PID ${p.pid} [${a1} → PID ${target.pid} [${a2}]: ${capObjectDebug(src.object)}`);
      return { kind: "ok", value: 0n };
    }
    case 10: {
      const pc = k.cap(p, a0);
      if (!pc) return err(0, `SYS_SPAWN_THREAD: PID ${p.pid} bad proc slot ${a0}`);
      if (pc.object.kind !== "Process")
        return err(1, `SYS_SPAWN_THREAD: PID ${p.pid} slot ${a0} is not a Process cap`);
      const target = s.processes.get(pc.object.pid);
      if (!target) return err(2, `SYS_SPAWN_THREAD: PID ${pc.object.pid} not found in process table`);
      const nt = k.createThread(
        target.pid,
        "user-thread",
        null,
        Number(a1 & 0xffff_ffff_ffffn),
        Number(a2 & 0xffff_ffff_ffffn),
        {},
        coreId,
      );
      if (!nt)
        return s.halted
          ? { kind: "halted" }
          : err(3, `SYS_SPAWN_THREAD: PID ${target.pid} out of memory for a kernel stack`);
      log(
        `SYS_SPAWN_THREAD: PID ${target.pid} spawning thread ${nt.tid} → RIP=${hexU(a1, 18)} RSP=${hexU(a2, 18)}`,
      );
      k.log(`[sched] Spawned thread ${nt.tid} '${nt.name}' (pre-built)`, coreId);
      if (s.profile.spawnedThreadsRun) k.enqueue(nt.tid, coreId, true);
      else {
        // kernel/src/sched/scheduler.rs: BOOT_QUEUE is drained only at boot, so this thread never runs.
        s.bootQueue.push(nt.tid);
        k.setRun(nt, { kind: "Ready", queue: "boot" }, coreId);
        if (!k.holds("boot", s.bootQueue.length, coreId) && s.halted) return { kind: "halted" };
      }
      return { kind: "ok", value: BigInt(nt.tid) };
    }
    case 11: {
      if (a0 >= BigInt(CNODE_SLOTS) || p.cnode[Number(a0)]?.object.kind === "Empty") {
        return err(0, `SYS_DROP_CAP: PID ${p.pid} slot ${a0} already empty or invalid`);
      }
      k.setCap(p, Number(a0), EMPTY_CAP, coreId);
      return { kind: "ok", value: 0n };
    }
    default:
      return { kind: "err", offset: 0 };
  }
}
