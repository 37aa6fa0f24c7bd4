/**
 * Where two runs of one scenario, one per kernel profile, differ, and which profile switch explains each
 * difference. The explanation is read from the events themselves: which process, which syscall or event,
 * which field of it, and the switch in ../abi/profiles.ts that decides that field.
 *
 * Each process's history is compared on its own, so that the design's extra cores, which interleave the
 * processes differently, do not show up as differences in what each process does.
 */
import type { Capability } from "../abi/cap-types";
import type { SwitchKey } from "../abi/profiles";
import { formatRights } from "../abi/rights";
import { SYSCALLS } from "../abi/syscalls";
import type { Session } from "../session";
import type { TraceEvent } from "./events";

export interface Divergence {
  /** Position of the differing step in that process's own history (0 is its first). */
  readonly index: number;
  /** Simulated cycle of the difference (the as-built run's when it has the step). */
  readonly cycle: number;
  /** The process it belongs to, e.g. "parent (PID 1)"; "the machine" for which cores run. */
  readonly process: string;
  /** The syscall or event, e.g. "SYS_DELEGATE", "page fault", "started at boot", "scheduling on core 1". */
  readonly event: string;
  /** The field that differs, e.g. "user-proc slot 2", "error", "returned TID". */
  readonly field: string;
  readonly asBuilt: string;
  readonly design: string;
  /** The profile switch that decides this field; undefined when no switch does. */
  readonly switchKey: SwitchKey | undefined;
  /** Why that switch decides it, in terms of this event. */
  readonly reason: string;
}

type SyscallEvent = Extract<TraceEvent, { kind: "syscall" }>;

/** One step of one process: a syscall with what it did, a fault, its start, its exit. */
interface Act {
  readonly cycle: number;
  readonly what: string;
  readonly syscall: string | undefined;
  /** Compared one by one, in this order; keys are what a reader sees as the field's name. */
  readonly fields: Map<string, string>;
  /** For SYS_SPAWN_THREAD: the new thread, to look up whether it ever runs. */
  readonly newTid: number | undefined;
}

interface Actor {
  readonly id: string;
  readonly name: string;
  readonly pid: number;
  readonly atBoot: boolean;
  readonly acts: Act[];
}

/** One run, seen per process. */
interface RunView {
  readonly actors: Map<string, Actor>;
  /** The first time each core ran a user thread, and whose. */
  readonly coreUse: Map<number, { readonly cycle: number; readonly actor: string }>;
  readonly haltedAt: number | undefined;
}

const NOT_SEEN = "(not in this run)";
const SPAWNED_RUNS = "new thread runs";

// Events a syscall handler pushes before the syscall event itself (kernel/syscalls.ts, then kernel.ts
// pushes the syscall): they are the syscall's effects. Anything else ends a run of effects.
function isEffect(e: TraceEvent): boolean {
  switch (e.kind) {
    case "cap":
    case "map":
    case "ipc":
    case "thread-state":
    case "frame":
    case "serial":
      return true;
    case "process":
      return e.action !== "reaped";
    default:
      return false;
  }
}

const hex = (n: number) => `0x${n.toString(16).toUpperCase()}`;

/** Builds the per-process view of one run's events. */
function view(events: readonly TraceEvent[]): RunView {
  const actors = new Map<string, Actor>();
  const byPid = new Map<number, Actor>();
  const tidOwner = new Map<number, number>();
  const nameCount = new Map<string, number>();
  const cnodes = new Map<number, Map<number, Capability | null>>();
  const firstRun = new Map<number, number>();
  const coreUse = new Map<number, { cycle: number; actor: string }>();
  const bootPids: number[] = [];
  const bootTids: number[] = [];
  let booting = true;
  let haltedAt: number | undefined;
  let pending: TraceEvent[] = [];

  const nameOf = (pid: number) => byPid.get(pid)?.id ?? `PID ${pid}`;
  const ownerOf = (tid: number) => {
    const pid = tidOwner.get(tid);
    return pid === undefined ? undefined : byPid.get(pid);
  };
  const capText = (c: Capability | null): string => {
    if (!c) return "empty";
    const o = c.object;
    const what =
      o.kind === "IoPort"
        ? `IoPort ${hex(o.base)}+${o.size}`
        : o.kind === "Endpoint"
          ? `Endpoint ${o.id}`
          : o.kind === "Interrupt"
            ? `Interrupt ${o.irq}`
            : o.kind === "Process"
              ? `Process ${nameOf(o.pid)}`
              : o.kind; // a MemoryFrame's address depends on what the kernel allocated before: not compared
    return `${what}, rights ${formatRights(c.rights)}`;
  };
  const newActor = (pid: number, name: string, atBoot: boolean): Actor => {
    const n = (nameCount.get(name) ?? 0) + 1;
    nameCount.set(name, n);
    const actor = { id: n === 1 ? name : `${name} #${n}`, name, pid, atBoot, acts: [] };
    actors.set(actor.id, actor);
    byPid.set(pid, actor);
    return actor;
  };
  const act = (pid: number, a: Omit<Act, "syscall" | "newTid"> & Partial<Act>) =>
    byPid.get(pid)?.acts.push({ syscall: undefined, newTid: undefined, ...a });
  const applyCap = (e: Extract<TraceEvent, { kind: "cap" }>) => {
    const m = cnodes.get(e.pid) ?? new Map();
    m.set(e.slot, e.cap);
    cnodes.set(e.pid, m);
  };

  /** Effects that no syscall claims: the boot's, and the kernel's own (a fault's kill). */
  const flushStandalone = () => {
    for (const e of pending) {
      if (e.kind === "process" && e.action === "created") {
        const actor = newActor(e.pid, e.name, booting);
        if (booting) {
          bootPids.push(e.pid);
          actor.acts.push({
            cycle: e.cycle,
            what: "started at boot",
            syscall: undefined,
            fields: new Map([["exists", "yes"]]),
            newTid: undefined,
          });
        }
      } else if (e.kind === "process" && e.action === "exited") {
        act(e.pid, { cycle: e.cycle, what: "exit", fields: new Map([["ends", "yes"]]) });
      } else if (e.kind === "cap") {
        applyCap(e);
        const first = byPid.get(e.pid)?.acts[0];
        if (booting && first) first.fields.set(`slot ${e.slot}`, capText(e.cap));
      } else if (e.kind === "thread-state" && booting && e.state === "Ready") bootTids.push(e.tid);
    }
    pending = [];
  };

  const syscallAct = (e: SyscallEvent, effects: readonly TraceEvent[]) => {
    if (!byPid.has(e.pid)) newActor(e.pid, `PID ${e.pid}`, false);
    tidOwner.set(e.tid, e.pid);
    const spec = SYSCALLS.find((s) => s.number === e.number);
    const argNames = spec ? spec.args.map((a) => a.name) : ["rdi", "rsi", "rdx", "r10"];
    const fields = new Map<string, string>();
    fields.set("arguments", argNames.map((n, i) => `${n}=${e.args[i] ?? "?"}`).join(", "));
    fields.set("error", e.error ?? "no error");
    let newTid: number | undefined;
    if (e.name === "SPAWN_THREAD" && e.error === null && e.result !== null) {
      newTid = Number(e.result);
      // The new thread belongs to the process named by the Process cap in proc_slot.
      const cap = cnodes.get(e.pid)?.get(Number(e.args[0]));
      if (cap?.object.kind === "Process") tidOwner.set(newTid, cap.object.pid);
      fields.set(SPAWNED_RUNS, "");
    }
    for (const x of effects) {
      if (x.kind === "cap") {
        applyCap(x);
        fields.set(`${nameOf(x.pid)} slot ${x.slot}`, capText(x.cap));
      } else if (x.kind === "process" && x.action === "created") {
        newActor(x.pid, x.name, false);
        fields.set("creates", x.name);
      } else if (x.kind === "process" && x.action === "exited") {
        fields.set(`${nameOf(x.pid)} ends`, "yes");
      } else if (x.kind === "map") {
        const rights = `${x.writable ? "writable" : "read-only"}${x.executable ? ", executable" : ""}`;
        fields.set(`maps ${hex(x.vaddr)} in ${nameOf(x.pid)}`, rights);
      } else if (x.kind === "ipc") {
        fields.set(`message on endpoint ${x.endpoint}`, `${x.path} path, to ${ownerOf(x.to)?.id ?? "?"}`);
      } else if (x.kind === "thread-state") {
        const who = x.tid === newTid ? "the new thread" : `${ownerOf(x.tid)?.id ?? "a kernel"} thread`;
        fields.set(who, x.state);
      }
    }
    const label = e.name === "SPAWN_THREAD" ? "returned TID" : "result";
    fields.set(label, e.result ?? "does not return");
    act(e.pid, { cycle: e.cycle, what: `SYS_${e.name}`, syscall: e.name, fields, newTid });
  };

  for (const e of events) {
    if (isEffect(e)) {
      pending.push(e);
      continue;
    }
    if (e.kind === "syscall") {
      syscallAct(e, pending);
      pending = [];
      continue;
    }
    flushStandalone();
    if (e.kind === "schedule") {
      if (booting) {
        // Boot makes each process's first thread in process order (kernel.ts bootSequence).
        bootTids.forEach((tid, i) => {
          const pid = bootPids[i];
          if (pid !== undefined) tidOwner.set(tid, pid);
        });
        booting = false;
      }
      if (e.to !== null) {
        if (!firstRun.has(e.to)) firstRun.set(e.to, e.cycle);
        const owner = ownerOf(e.to);
        if (owner && !coreUse.has(e.core)) coreUse.set(e.core, { cycle: e.cycle, actor: owner.id });
      }
    } else if (e.kind === "fault") {
      act(e.pid, {
        cycle: e.cycle,
        what: e.fault.kind.replace("-", " "),
        fields: new Map([["outcome", e.outcome]]),
      });
    } else if (e.kind === "process" && e.action === "reaped") {
      act(e.pid, { cycle: e.cycle, what: "reaped", fields: new Map([["reaped", "yes"]]) });
    } else if (e.kind === "halt") haltedAt ??= e.cycle;
  }
  flushStandalone();

  for (const actor of actors.values()) {
    for (const a of actor.acts) {
      if (a.newTid === undefined) continue;
      const ran = firstRun.get(a.newTid);
      a.fields.set(SPAWNED_RUNS, ran === undefined ? "never scheduled" : "scheduled");
    }
  }
  return { actors, coreUse, haltedAt };
}

interface Governs {
  readonly switchKey: SwitchKey | undefined;
  readonly reason: string;
}

/**
 * The switch that decides one field of one step. Each rule names the engine code that reads the switch:
 * src/sim/kernel/kernel.ts and src/sim/kernel/syscalls.ts, after kernel/src at 3833797.
 */
function governing(
  actor: Actor,
  index: number,
  field: string,
  built: string,
  design: string,
  threadsBefore: { bootOnlyInDesign: number },
): Governs {
  const a = actor.acts[index];
  const previous = actor.acts[index - 1]?.what;
  const call = a?.syscall;
  if (a?.what === "started at boot")
    return {
      switchKey: "bootStartsSerialDriver",
      reason: `${actor.name} is a process the kernel starts at boot only in one profile: the design starts the serial driver, the code at 3833797 does not.`,
    };
  if (call === "EXIT")
    return {
      switchKey: "exitSyscall",
      reason:
        "SYS_EXIT (RAX = 0) does not exist as built: the call takes the unknown-syscall path and returns u64::MAX; the design ends the thread.",
    };
  if (call === "DELEGATE" && field.includes(" slot "))
    return {
      switchKey: "delegateRightsMask",
      reason: `The copy that SYS_DELEGATE writes into ${field} gets the source's rights unchanged as built (R10 is ignored); the design ANDs them with the rights mask in R10 (${a?.fields.get("arguments")?.split("rights_mask=")[1] ?? "?"}).`,
    };
  if (call === "SPAWN_THREAD" && field === SPAWNED_RUNS)
    return {
      switchKey: "spawnedThreadsRun",
      reason:
        "As built SYS_SPAWN_THREAD queues the new thread on BOOT_QUEUE, which is drained only at boot, so it is never scheduled; the design puts it on a run queue.",
    };
  if (call === "SPAWN_THREAD" && field === "returned TID") {
    const more = Number(design) - Number(built);
    const idle = more - threadsBefore.bootOnlyInDesign;
    return idle > 0
      ? {
          switchKey: "smpScheduling",
          reason: `Thread ids count every thread the kernel has made. Before this call the design kernel had made ${more} more: an idle thread for each extra scheduling core${threadsBefore.bootOnlyInDesign > 0 ? ", and the threads of processes only it starts at boot" : ""}.`,
        }
      : {
          switchKey: "bootStartsSerialDriver",
          reason: `Thread ids count every thread the kernel has made; the design's boot makes ${more} more (the serial driver's).`,
        };
  }
  if ((field.startsWith("message on endpoint") || field.endsWith(" thread")) && call)
    return {
      switchKey: "smpScheduling",
      reason: `Whether SYS_${call} finds its partner already waiting depends on how the threads interleave; in the design they run at the same time on different cores.`,
    };
  if (field === "outcome" || ((a?.what === "exit" || a?.what === "reaped") && previous?.endsWith("fault")))
    return {
      switchKey: "faultKillsProcess",
      reason:
        "As built every exception, even in ring 3, prints a report and halts the CPU; the design kills only the faulting process.",
    };
  if (a?.what === "reaped")
    return {
      switchKey: "exitSyscall",
      reason:
        "The reaper frees a process with its first dead thread as built; the design, which has SYS_EXIT, waits for the last.",
    };
  return {
    switchKey: undefined,
    reason: `No profile switch decides ${field} of ${a?.what ?? "this step"} directly: it follows from an earlier difference.`,
  };
}

function label(actor: Actor): string {
  return actor.name === actor.id ? `${actor.name} (PID ${actor.pid})` : `${actor.id} (PID ${actor.pid})`;
}

/** Every field that differs between two steps, in the order the step lists its fields. */
function fieldDiffs(x: Act | undefined, y: Act | undefined): [string, string, string][] {
  if (!x || !y) return [["exists", x ? "yes" : NOT_SEEN, y ? "yes" : NOT_SEEN]];
  if (x.what !== y.what) return [["what happens", x.what, y.what]];
  const keys = [...new Set([...x.fields.keys(), ...y.fields.keys()])];
  return keys
    .map((k): [string, string, string] => [k, x.fields.get(k) ?? NOT_SEEN, y.fields.get(k) ?? NOT_SEEN])
    .filter(([, a, b]) => a !== b);
}

/** The first difference in each process's own history, every differing field of it, and core use. */
function compareViews(built: RunView, design: RunView): Divergence[] {
  const out: Divergence[] = [];
  const bootOnlyInDesign = [...design.actors.values()].filter(
    (a) => a.atBoot && !built.actors.get(a.id)?.atBoot,
  ).length;
  for (const id of new Set([...built.actors.keys(), ...design.actors.keys()])) {
    const a = built.actors.get(id);
    const b = design.actors.get(id);
    const actor = a ?? b;
    if (!actor) continue;
    const n = Math.max(a?.acts.length ?? 0, b?.acts.length ?? 0);
    for (let i = 0; i < n; i++) {
      const x = a?.acts[i];
      const y = b?.acts[i];
      // One run simply got further in the same time (or had stopped): that is not a different step,
      // unless the process exists in one run only and was started at boot.
      if ((!x || !y) && !(a === undefined || b === undefined)) break;
      if ((!x || !y) && !(x ?? y)?.what.startsWith("started")) break;
      const diffs = fieldDiffs(x, y);
      if (diffs.length === 0) continue;
      const at = x ?? y;
      for (const [field, asBuilt, inDesign] of diffs) {
        const g = governing(actor, i, field, asBuilt, inDesign, { bootOnlyInDesign });
        out.push({
          index: i,
          cycle: at?.cycle ?? 0,
          process: label(actor),
          event: at?.what ?? "",
          field,
          asBuilt,
          design: inDesign,
          ...g,
        });
      }
      break;
    }
  }
  // Which cores run user threads at all is the scheduler's business (kernel.ts: only core 0 schedules
  // unless smpScheduling).
  for (const core of new Set([...built.coreUse.keys(), ...design.coreUse.keys()])) {
    const x = built.coreUse.get(core);
    const y = design.coreUse.get(core);
    if ((x === undefined) === (y === undefined)) continue;
    const used = (x ?? y) as { cycle: number; actor: string };
    out.push({
      index: 0,
      cycle: used.cycle,
      process: "the machine",
      event: `scheduling on core ${core}`,
      field: "runs a user thread",
      asBuilt: x ? `yes, ${x.actor}'s` : "never",
      design: y ? `yes, ${y.actor}'s` : "never",
      switchKey: "smpScheduling",
      reason: `As built only core 0 has a run queue and cores 1 and up halt forever; in the design core ${core} runs its own queue.`,
    });
  }
  return out.sort((p, q) => p.cycle - q.cycle);
}

/**
 * Both sessions run over the same stretch of simulated time, a bounded number of steps at a time so a
 * page can search between frames: the as-built run first, then the design up to the same cycle.
 */
export class DivergenceSearch {
  private asBuiltSteps = 0;
  private designSteps = 0;

  constructor(
    private readonly asBuilt: Session,
    private readonly design: Session,
    private readonly maxSteps: number,
  ) {}

  /** Runs at most `steps` more kernel steps; true once both runs are done. */
  advance(steps: number): boolean {
    let left = steps;
    if (this.asBuiltSteps < this.maxSteps && !this.asBuilt.current.halted) {
      const n = this.asBuilt.run(Math.min(left, this.maxSteps - this.asBuiltSteps));
      this.asBuiltSteps += n;
      left -= n;
      if (this.asBuiltSteps < this.maxSteps && !this.asBuilt.current.halted) return false;
    }
    // The design's extra cores take steps of their own: compare the same simulated time, not step count.
    const until = this.asBuilt.current.cycle;
    const limit = this.maxSteps * 8;
    if (this.designSteps < limit && !this.design.current.halted && this.design.current.cycle < until) {
      const n = this.design.run(Math.min(Math.max(left, 0), limit - this.designSteps), until);
      this.designSteps += n;
      if (n === 0 && left <= 0) return false;
      return this.designSteps >= limit || !!this.design.current.halted || this.design.current.cycle >= until;
    }
    return true;
  }

  /** Every difference, earliest first: per process the first step that differs (one entry per differing field), and core use. */
  result(): Divergence[] {
    return compareViews(view(this.asBuilt.events()), view(this.design.events()));
  }
}

/** Runs both sessions over the same stretch of simulated time and returns every difference, earliest first. */
export function divergences(asBuilt: Session, design: Session, maxSteps: number): Divergence[] {
  const search = new DivergenceSearch(asBuilt, design, maxSteps);
  search.advance(Number.POSITIVE_INFINITY);
  return search.result();
}

/** The earliest difference for each switch (and for none), earliest first. */
export function bySwitch(all: readonly Divergence[]): Divergence[] {
  const seen = new Set<SwitchKey | undefined>();
  return all.filter((d) => !seen.has(d.switchKey) && seen.add(d.switchKey));
}

/** Where two runs of one scenario first differ, and which switch explains it. */
export function firstDivergence(asBuilt: Session, design: Session, maxSteps: number): Divergence | undefined {
  return divergences(asBuilt, design, maxSteps)[0];
}
