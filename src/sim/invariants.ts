/**
 * What must hold of every machine, whatever programs did: the checks the fuzz harness and the property
 * tests run after every run. Each returns the violations it finds, in words; an empty list means it holds.
 */
import { type Capability, CNODE_SLOTS } from "./abi/cap-types";
import { mappings } from "./kernel/address-space";
import type { Thread } from "./kernel/state";
import type { Machine } from "./machine/machine";

/** Frames are whole numbers inside memory, the free runs are sorted and apart, and the counts add up. */
export function frameViolations(m: Machine): string[] {
  const out: string[] = [];
  const pmm = m.state.pmm;
  const isFrame = (f: number) => Number.isInteger(f) && f >= 0 && f < pmm.total;
  const freeFrames = pmm.free.reduce((n, [a, b]) => n + b - a, 0);
  if (pmm.used !== pmm.total - freeFrames)
    out.push(`used ${pmm.used} != total ${pmm.total} - free ${freeFrames}`);
  if (pmm.used < 0 || pmm.used > pmm.total) out.push(`used ${pmm.used} outside 0..${pmm.total}`);
  for (let i = 0; i < pmm.free.length; i++) {
    const [a, b] = pmm.free[i] ?? [-1, -1];
    if (!isFrame(a) || b > pmm.total || b <= a) out.push(`free run ${a}..${b} is not a run of frames`);
    if (i > 0 && (pmm.free[i - 1]?.[1] ?? -1) >= a) out.push(`free runs not ascending and apart at ${i}`);
  }
  for (const f of pmm.contents.keys()) if (!isFrame(f)) out.push(`contents for frame ${f}`);
  const isFree = (f: number) => pmm.free.some(([a, b]) => f >= a && f < b);
  const held = (what: string, f: number) => {
    if (!isFrame(f)) out.push(`${what} frame ${f} is not a frame`);
    // Kernel structures of live objects must be allocated; a user mapping of a freed frame is a real
    // use-after-free the kernel allows (it does not count mappings), so only those are left out here.
    else if (isFree(f)) out.push(`${what} frame ${f} is free`);
  };
  for (const t of m.state.threads.values()) for (const f of t.kernelStack) held(`thread ${t.tid} stack`, f);
  for (const p of m.state.processes.values()) {
    if (p.pid === 0) continue;
    held(`PID ${p.pid} PML4`, p.space.pml4);
    for (const f of p.space.tables.values()) held(`PID ${p.pid} page table`, f);
    for (const [, mapping] of mappings(p.space))
      if (!isFrame(mapping.frame)) out.push(`PID ${p.pid} maps frame ${mapping.frame}`);
    for (const c of p.cnode) {
      if (c.object.kind === "MemoryFrame" && !isFrame(c.object.phys / 4096))
        out.push(`PID ${p.pid} holds a MemoryFrame at ${c.object.phys}`);
    }
  }
  return out;
}

/** Every thread is in at most one place (a core, a run queue, an endpoint, an IRQ line), in the state that place means. */
export function queueViolations(m: Machine): string[] {
  const out: string[] = [];
  const s = m.state;
  const seen = new Map<number, string>();
  const place = (tid: number, where: string, expected: string) => {
    const before = seen.get(tid);
    if (before) out.push(`thread ${tid} is in ${before} and ${where}`);
    seen.set(tid, where);
    const t = s.threads.get(tid);
    if (!t) out.push(`${where} holds thread ${tid}, which does not exist`);
    else if (describeRun(t.run) !== expected)
      out.push(`thread ${tid} in ${where} is ${describeRun(t.run)}, not ${expected}`);
  };
  for (const c of s.cores) {
    if (c.current !== null) place(c.current, `core ${c.id}`, "Running");
    for (const tid of c.runQueue) place(tid, `core ${c.id} queue`, "Ready(run)");
  }
  for (const tid of s.bootQueue) place(tid, "BOOT_QUEUE", "Ready(boot)");
  for (const [id, ep] of s.endpoints) {
    for (const tid of ep.senders) place(tid, `EP${id} senders`, `BlockedSend(EP${id})`);
    for (const tid of ep.receivers) place(tid, `EP${id} receivers`, `BlockedRecv(EP${id})`);
  }
  s.irqWaiters.forEach((tid, irq) => {
    if (tid !== null) place(tid, `IRQ ${irq} waiters`, `BlockedRecv(IRQ ${irq})`);
  });
  for (const t of s.threads.values()) {
    // A thread in no queue is dead, waiting for the reaper.
    if (!seen.has(t.tid) && t.run.kind !== "Dead")
      out.push(`thread ${t.tid} (${describeRun(t.run)}) is in no queue`);
  }
  return out;
}

function describeRun(run: Thread["run"]): string {
  switch (run.kind) {
    case "Ready":
      return `Ready(${run.queue})`;
    case "BlockedSend":
      return `BlockedSend(EP${run.endpoint})`;
    case "BlockedRecv":
      return "irq" in run.on ? `BlockedRecv(IRQ ${run.on.irq})` : `BlockedRecv(EP${run.on.endpoint})`;
    default:
      return run.kind;
  }
}

/** The kernel's own threads (bsp-main, the reaper, idle threads) are alive, and PID 0 exists. */
export function kernelThreadViolations(m: Machine): string[] {
  const out: string[] = [];
  if (!m.state.processes.has(0)) out.push("the kernel's PID 0 is gone");
  const roles = [...m.state.threads.values()].filter((t) => t.role !== null && t.role !== "test-exiter");
  if (!roles.some((t) => t.role === "reaper")) out.push("the reaper is gone");
  if (!roles.some((t) => t.role === "bsp-main")) out.push("bsp-main is gone");
  for (const t of roles) if (t.run.kind === "Dead") out.push(`kernel thread ${t.name} is dead`);
  for (const t of m.state.threads.values()) {
    if (t.pid === 0 && t.role === null) out.push(`user thread ${t.tid} runs in the kernel's PID 0`);
  }
  return out;
}

const objectKey = (c: Capability) => JSON.stringify(c.object);

/**
 * The most rights anything held on each object at boot. Process objects that did not exist then are minted
 * by SPAWN_PROCESS with every right; frames by ALLOC_MEMORY, likewise.
 */
export function bootRights(m: Machine): Map<string, number> {
  const max = new Map<string, number>();
  for (const p of m.state.processes.values())
    for (const c of p.cnode) {
      if (c.object.kind === "Empty") continue;
      const k = objectKey(c);
      max.set(k, (max.get(k) ?? 0) | c.rights);
    }
  return max;
}

/** In the design no capability has rights that nothing held on its object at boot, or that minting gave. */
export function rightsViolations(m: Machine, atBoot: ReadonlyMap<string, number>): string[] {
  const out: string[] = [];
  for (const p of m.state.processes.values()) {
    for (let slot = 0; slot < CNODE_SLOTS; slot++) {
      const c = p.cnode[slot];
      if (!c || c.object.kind === "Empty") continue;
      // ALLOC_MEMORY mints any frame with every right, so frames have no boot limit to keep.
      if (c.object.kind === "MemoryFrame") continue;
      const limit = atBoot.get(objectKey(c));
      if (limit === undefined) {
        if (c.object.kind !== "Process")
          out.push(`PID ${p.pid} slot ${slot} holds a ${c.object.kind} nobody held at boot`);
        continue;
      }
      if ((c.rights & ~limit) !== 0)
        out.push(
          `PID ${p.pid} slot ${slot}: rights ${c.rights} exceed ${limit} held at boot on ${objectKey(c)}`,
        );
    }
  }
  return out;
}

/** Every invariant that holds on both profiles. */
export function machineViolations(m: Machine): string[] {
  return [...frameViolations(m), ...queueViolations(m), ...kernelThreadViolations(m)];
}
