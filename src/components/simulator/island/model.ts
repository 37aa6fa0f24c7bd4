/**
 * What the views show, as plain data built from the session at its current tick. Views render this and
 * never touch the engine; every cell has a key, so "what the last step changed" is a comparison of two
 * models.
 */
import {
  type EngineSession,
  errorOffset,
  formatRights,
  getReg,
  mappings as mappingsOf,
  REG_NAMES,
  SYSCALL_TABLE,
  type TimedEvent,
  type TraceEvent,
} from "./engine-core";
import { errorMeaning } from "./syscall-words";

export interface RegView {
  readonly name: string;
  readonly hex: string;
  /** Signed decimal, shown when the value is an error sentinel (u64::MAX - k). */
  readonly signed: string | null;
}

export interface ThreadView {
  readonly tid: number;
  readonly pid: number;
  readonly name: string;
  readonly label: string;
  readonly state: string;
  readonly detail: string;
  readonly kernel: boolean;
  readonly regs: readonly RegView[];
  readonly rip: number | null;
  readonly program: string | null;
  readonly lastSyscall: SyscallView | null;
}

export interface SyscallView {
  readonly tick: number;
  readonly name: string;
  readonly args: readonly string[];
  readonly result: string | null;
  readonly error: ErrorView | null;
}

export interface ErrorView {
  readonly syscall: string;
  readonly name: string;
  readonly hex: string;
  readonly signed: string;
  readonly meaning: string;
  /** Anchor of the syscall's entry on the reference page (src/components/reference/format.ts). */
  readonly anchor: string;
}

export interface CapView {
  readonly slot: number;
  readonly kind: string;
  readonly fields: string;
  readonly rights: string;
}

export interface ProcessView {
  readonly pid: number;
  readonly name: string;
  readonly threads: readonly number[];
  readonly cnode: readonly CapView[];
  readonly mappings: readonly { start: string; end: string; pages: number; flags: string; frames: string }[];
  readonly pages: number;
  readonly tables: number;
}

export interface ViewModel {
  readonly tick: number;
  readonly length: number;
  readonly ended: boolean;
  readonly halted: string | null;
  readonly hash: string;
  readonly cycle: number;
  readonly cores: readonly {
    id: number;
    schedules: boolean;
    current: string;
    queue: readonly string[];
    clock: string;
    quantumLeft: number;
  }[];
  readonly processes: readonly ProcessView[];
  readonly threads: readonly ThreadView[];
  readonly endpoints: readonly { id: number; senders: readonly string[]; receivers: readonly string[] }[];
  readonly irqs: readonly { line: number; waiter: string | null }[];
  readonly holders: readonly { object: string; holders: readonly string[] }[];
  readonly frames: { total: number; used: number; free: number };
  readonly console: string;
  readonly kernelLog: string;
  /** Events of the last step (between the previous position and this one, when moving forward). */
  readonly lastEvents: readonly TimedEvent[];
  readonly errors: readonly ErrorView[];
  readonly goals: readonly { description: string; met: boolean }[];
  /** Flat cell values, for change highlighting. */
  readonly cells: ReadonlyMap<string, string>;
}

const hex = (n: number | bigint, width = 0) => `0x${n.toString(16).toUpperCase().padStart(width, "0")}`;
const U64 = (1n << 64n) - 1n;

function capFields(object: { kind: string } & Record<string, unknown>): string {
  return Object.entries(object)
    .filter(([k]) => k !== "kind")
    .map(([k, v]) => `${k}=${k === "phys" || k === "base" ? hex(Number(v)) : String(v)}`)
    .join(" ");
}

/** What to do when the syscall table's words arrive (set by buildModel): draw the model again. */
let redraw: () => void = () => {};

export function explainError(syscall: string, error: string): ErrorView | null {
  const spec = SYSCALL_TABLE.find((s) => s.name === syscall);
  const e = spec?.errors.find((x) => x.name === error);
  const offset = e?.offset ?? 0;
  const value = U64 - BigInt(offset);
  return {
    syscall,
    name: error,
    hex: hex(value, 16),
    signed: String(-1 - offset),
    meaning: e
      ? (errorMeaning(syscall, error, redraw) ?? "")
      : "the kernel has no such syscall on this profile",
    anchor: `sys_${syscall.toLowerCase()}`,
  };
}

function syscallView(t: TimedEvent): SyscallView | null {
  const e = t.event;
  if (e.kind !== "syscall") return null;
  return {
    tick: t.tick,
    name: e.name,
    args: e.args,
    result: e.result,
    error: e.error ? explainError(e.name, e.error) : null,
  };
}

/** Serial text split by source, built once per timeline growth and cut at a tick on demand. */
class SerialIndex {
  private seen = 0;
  private readonly user: { tick: number; at: number }[] = [];
  private readonly kernel: { tick: number; at: number }[] = [];
  private userText = "";
  private kernelText = "";

  update(timeline: readonly TimedEvent[]): void {
    for (; this.seen < timeline.length; this.seen++) {
      const t = timeline[this.seen];
      if (t?.event.kind !== "serial") continue;
      if (t.event.source === "user") {
        this.userText += t.event.text;
        this.user.push({ tick: t.tick, at: this.userText.length });
      } else {
        this.kernelText += t.event.text;
        this.kernel.push({ tick: t.tick, at: this.kernelText.length });
      }
    }
  }

  at(tick: number, limit = 12_000): { user: string; kernel: string } {
    const cut = (marks: { tick: number; at: number }[], text: string) => {
      let lo = 0;
      let hi = marks.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if ((marks[mid]?.tick ?? 0) <= tick) lo = mid + 1;
        else hi = mid;
      }
      const end = lo === 0 ? 0 : (marks[lo - 1]?.at ?? 0);
      return text.slice(Math.max(0, end - limit), end);
    };
    return { user: cut(this.user, this.userText), kernel: cut(this.kernel, this.kernelText) };
  }
}

const serialIndexes = new WeakMap<EngineSession, SerialIndex>();

export function buildModel(
  session: EngineSession,
  previousTick: number | null,
  withHash: boolean,
  onWords: () => void = () => {},
): ViewModel {
  redraw = onWords;
  const m = session.current;
  const s = m.state;
  const tick = session.tick;
  const timeline = session.timeline();
  const upTo = session.eventsBefore(tick);
  const cells = new Map<string, string>();
  const cell = (k: string, v: string) => {
    cells.set(k, v);
    return v;
  };

  const threadLabel = (tid: number | null) => {
    if (tid === null) return "idle";
    const t = s.threads.get(tid);
    return t ? `${t.name} (TID ${tid})` : `TID ${tid}`;
  };

  const cores = s.cores.map((c) => ({
    id: c.id,
    schedules: c.schedules,
    current: cell(`core.${c.id}.current`, c.schedules ? threadLabel(c.current) : "halted (hlt)"),
    queue: c.runQueue.map(threadLabel),
    clock: Number.isFinite(c.clock) ? c.clock.toLocaleString("en") : "—",
    quantumLeft: c.quantumLeft,
  }));
  for (const c of cores) cell(`core.${c.id}.queue`, c.queue.join(","));

  // The last syscall of each thread, from the recent timeline (bounded, so long runs stay cheap).
  const lastSyscall = new Map<number, SyscallView>();
  for (let i = upTo - 1; i >= 0 && i >= upTo - 5_000; i--) {
    const t = timeline[i];
    if (t?.event.kind === "syscall" && !lastSyscall.has(t.event.tid)) {
      const v = syscallView(t);
      if (v) lastSyscall.set(t.event.tid, v);
    }
  }

  const threads: ThreadView[] = [...s.threads.values()]
    .sort((a, b) => a.tid - b.tid)
    .map((t) => {
      const run = t.run;
      const detail =
        run.kind === "Running"
          ? `on core ${run.core}`
          : run.kind === "BlockedSend"
            ? `sending to endpoint ${run.endpoint}`
            : run.kind === "BlockedRecv"
              ? "irq" in run.on
                ? `waiting for IRQ ${run.on.irq}`
                : `waiting on endpoint ${run.on.endpoint}`
              : run.kind === "Ready" && run.queue === "boot"
                ? "on BOOT_QUEUE, never scheduled (as built)"
                : "";
      cell(`thread.${t.tid}.state`, `${run.kind} ${detail}`);
      const regs: RegView[] = [];
      if (t.ctx) {
        for (const [r, name] of REG_NAMES.entries()) {
          const v = getReg(t.ctx, r);
          const offset = errorOffset(v);
          regs.push({
            name,
            hex: cell(`thread.${t.tid}.${name}`, hex(v, 16)),
            signed: offset === undefined ? null : String(-1 - offset),
          });
        }
        regs.push({ name: "rip", hex: cell(`thread.${t.tid}.rip`, hex(t.ctx.rip, 16)), signed: null });
        regs.push({ name: "rflags", hex: cell(`thread.${t.tid}.rflags`, hex(t.ctx.flags, 4)), signed: null });
      }
      const proc = s.processes.get(t.pid);
      return {
        tid: t.tid,
        pid: t.pid,
        name: t.name,
        label: threadLabel(t.tid),
        state: run.kind,
        detail,
        kernel: t.role !== null,
        regs,
        rip: t.ctx?.rip ?? null,
        program: proc ? (session.programOf(proc.name) ?? null) : null,
        lastSyscall: lastSyscall.get(t.tid) ?? null,
      };
    });

  const holders = new Map<string, string[]>();
  const processes: ProcessView[] = [...s.processes.values()]
    .filter((p) => p.pid !== 0)
    .sort((a, b) => a.pid - b.pid)
    .map((p) => {
      const cnode: CapView[] = [];
      p.cnode.forEach((c, slot) => {
        if (c.object.kind === "Empty") return;
        const fields = capFields(c.object as { kind: string } & Record<string, unknown>);
        const rights = formatRights(c.rights);
        cnode.push({ slot, kind: c.object.kind, fields, rights });
        cell(`cnode.${p.pid}.${slot}`, `${c.object.kind} ${fields} ${rights}`);
        const object = `${c.object.kind}${fields ? ` ${fields}` : ""}`;
        const list = holders.get(object) ?? [];
        list.push(`${p.name} (PID ${p.pid}) slot ${slot}: ${rights}`);
        holders.set(object, list);
      });
      // Contiguous pages with the same flags and consecutive frames read as one range.
      const vpns = mappingsOf(p.space);
      const mappings: ProcessView["mappings"][number][] = [];
      let run: { v0: number; v1: number; f0: number; f1: number; flags: string } | null = null;
      const flush = () => {
        if (!run) return;
        const pages = run.v1 - run.v0 + 1;
        mappings.push({
          start: hex(run.v0 * 4096, 8),
          end: hex((run.v1 + 1) * 4096 - 1, 8),
          pages,
          flags: run.flags,
          frames: pages === 1 ? hex(run.f0 * 4096) : `${hex(run.f0 * 4096)}–${hex(run.f1 * 4096)}`,
        });
        cell(`map.${p.pid}.${run.v0}`, `${pages} ${run.flags} ${run.f0}`);
      };
      for (const [vpn, map] of vpns) {
        const flags = `R${map.writable ? "W" : "-"}${map.executable ? "X" : "-"}`;
        if (run && vpn === run.v1 + 1 && map.frame === run.f1 + 1 && flags === run.flags) {
          run.v1 = vpn;
          run.f1 = map.frame;
        } else {
          flush();
          run = { v0: vpn, v1: vpn, f0: map.frame, f1: map.frame, flags };
        }
      }
      flush();
      return {
        pid: p.pid,
        name: p.name,
        threads: p.threads,
        cnode,
        mappings,
        pages: vpns.length,
        tables: p.space.tables.size + 1,
      };
    });

  const endpoints = [...s.endpoints.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([id, ep]) => {
      const v = { id, senders: ep.senders.map(threadLabel), receivers: ep.receivers.map(threadLabel) };
      cell(`ep.${id}`, `${v.senders.join(",")}|${v.receivers.join(",")}`);
      return v;
    });
  const irqs = s.irqWaiters.map((w, line) => ({
    line,
    waiter: w === null ? null : cell(`irq.${line}`, threadLabel(w)),
  }));

  const frames = { total: s.pmm.total, used: s.pmm.used, free: s.pmm.total - s.pmm.used };
  cell("frames.used", String(frames.used));

  let index = serialIndexes.get(session);
  if (!index) {
    index = new SerialIndex();
    serialIndexes.set(session, index);
  }
  index.update(timeline);
  const serial = index.at(tick);

  const from = previousTick !== null && previousTick < tick ? session.eventsBefore(previousTick) : upTo;
  const lastEvents = timeline.slice(Math.max(from, upTo - 200), upTo);
  const errors: ErrorView[] = [];
  for (const t of lastEvents) {
    const v = syscallView(t);
    if (v?.error) errors.push(v.error);
  }

  return {
    tick,
    length: session.length,
    ended: session.ended,
    halted: m.halted,
    hash: withHash ? session.stateHash() : "",
    cycle: m.cycle,
    cores,
    processes,
    threads,
    endpoints,
    irqs,
    holders: [...holders.entries()].map(([object, list]) => ({ object, holders: list })),
    frames,
    console: serial.user,
    kernelLog: serial.kernel,
    lastEvents,
    errors,
    goals: session.goals(),
    cells,
  };
}

/** Keys whose value differs from the previous model's (new keys count as changed). */
export function changedCells(prev: ViewModel | null, next: ViewModel): Set<string> {
  const out = new Set<string>();
  if (!prev) return out;
  for (const [k, v] of next.cells) if (prev.cells.get(k) !== v) out.add(k);
  return out;
}

/** One line describing an event, for the trace and the live region. */
export function describeEvent(e: TraceEvent, name: (pid: number) => string): string {
  switch (e.kind) {
    case "syscall":
      return `${name(e.pid)} SYS_${e.name}(${e.args.slice(0, 2).join(", ")}) → ${e.error ?? e.result ?? "blocks"}`;
    case "thread-state":
      return `TID ${e.tid} is ${e.state}`;
    case "schedule":
      return `core ${e.core}: ${e.from ?? "idle"} → ${e.to ?? "idle"} (${e.reason})`;
    case "cap":
      return `${name(e.pid)} slot ${e.slot} = ${e.cap ? `${e.cap.object.kind} ${formatRights(e.cap.rights)}` : "empty"}`;
    case "frame":
      return `frame ${hex(e.frame * 4096)} ${e.action === "alloc" ? "allocated" : "freed"}`;
    case "map":
      return `${name(e.pid)} maps ${hex(e.vaddr)} → ${hex(e.frame * 4096)}`;
    case "ipc":
      return `endpoint ${e.endpoint}: TID ${e.from} → TID ${e.to}, label ${e.label} (${e.path} path)`;
    case "irq":
      return `IRQ ${e.irq}${e.woke === null ? " (nobody waits)" : ` wakes TID ${e.woke}`}`;
    case "serial":
      return `${e.source === "user" ? "prints" : "kernel log"} ${JSON.stringify(e.text)}`;
    case "fault":
      return `${name(e.pid)} ${e.fault.kind} at ${hex(e.rip)} → ${e.outcome}`;
    case "process":
      return `${e.name} (PID ${e.pid}) ${e.action}`;
    case "halt":
      return `machine halted: ${e.reason}`;
    case "note":
      return `simulator: ${e.text}`;
  }
}

export const EVENT_KINDS = [
  "syscall",
  "schedule",
  "thread-state",
  "ipc",
  "irq",
  "fault",
  "process",
  "cap",
  "map",
  "frame",
  "serial",
  "halt",
  "note",
] as const;
