/**
 * The whole machine state as plain JSON, for scripts (`mnos-sim run --json`) and the conformance suite:
 * every process with its CNode and mappings, every thread with its state and registers (hex strings, so
 * 64-bit values survive JSON), run queues, endpoints, IRQ waiters, frames, and why the machine halted.
 * Its JSON Schema, and the types, are in state-schema.ts.
 */
import type { Capability } from "../abi/cap-types";
import { formatRights } from "../abi/rights";
import { getReg, REG_NAMES } from "../cpu/contract";
import { mappings } from "../kernel/address-space";
import type { Thread } from "../kernel/state";
import type { Machine } from "../machine/machine";
import type { CapReport, MachineReport, ThreadReport } from "./state-schema";

const hex = (v: bigint | number) => `0x${BigInt.asUintN(64, BigInt(v)).toString(16)}`;

export function capReport(slot: number, c: Capability): CapReport {
  const { kind, ...fields } = c.object;
  return {
    slot,
    type: kind,
    fields: fields as Record<string, number>,
    rights: c.rights,
    rightsNames: formatRights(c.rights),
  };
}

function whereIs(t: Thread): Pick<ThreadReport, "where" | "core"> {
  const r = t.run;
  switch (r.kind) {
    case "Running":
      return { where: `core ${r.core}`, core: r.core };
    case "Ready":
      return { where: r.queue === "boot" ? "BOOT_QUEUE" : "run queue", core: null };
    case "BlockedSend":
      return { where: `endpoint ${r.endpoint}`, core: null };
    case "BlockedRecv":
      return { where: "irq" in r.on ? `IRQ ${r.on.irq}` : `endpoint ${r.on.endpoint}`, core: null };
    case "Dead":
      return { where: "dead queue", core: null };
  }
}

export function machineReport(m: Machine): MachineReport {
  const s = m.state;
  const pmm = s.pmm;
  return {
    profile: s.profile.name,
    cycle: m.cycle,
    halted: s.halted,
    cores: s.cores.map((c) => ({
      id: c.id,
      schedules: c.schedules,
      current: c.current,
      runQueue: [...c.runQueue],
    })),
    processes: [...s.processes.values()]
      .sort((a, b) => a.pid - b.pid)
      .map((p) => ({
        pid: p.pid,
        name: p.name,
        threads: [...p.threads],
        cnode: p.cnode.flatMap((c, slot) => (c.object.kind === "Empty" ? [] : [capReport(slot, c)])),
        mappings: mappings(p.space).map(([vpn, mp]) => ({
          vaddr: hex(vpn * 4096),
          phys: hex(mp.frame * 4096),
          writable: mp.writable,
          executable: mp.executable,
        })),
      })),
    threads: [...s.threads.values()]
      .sort((a, b) => a.tid - b.tid)
      .map((t) => ({
        tid: t.tid,
        pid: t.pid,
        name: t.name,
        state: t.run.kind,
        ...whereIs(t),
        kernelThread: t.role !== null,
        registers: t.ctx
          ? Object.fromEntries([
              ...REG_NAMES.map((r, i) => [r, hex(getReg(t.ctx as NonNullable<Thread["ctx"]>, i))]),
              ["rip", hex(t.ctx.rip)],
              ["rflags", hex(t.ctx.flags)],
            ])
          : null,
      })),
    endpoints: [...s.endpoints.entries()]
      .sort((a, b) => a[0] - b[0])
      .map(([id, ep]) => ({ id, senders: [...ep.senders], receivers: [...ep.receivers] })),
    irqWaiters: s.irqWaiters.flatMap((tid, irq) => (tid === null ? [] : [{ irq, tid }])),
    bootQueue: [...s.bootQueue],
    deadQueue: [...s.deadQueue],
    frames: { total: pmm.total, used: pmm.used, free: pmm.total - pmm.used },
    console: s.console,
    output: s.output,
  };
}
