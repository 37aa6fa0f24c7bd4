/** Where two runs of one scenario, on the two profiles, first differ, and which switch explains it. */
import type { SwitchKey } from "../abi/profiles";
import type { Session } from "../session";
import type { TraceEvent } from "./events";

export interface Divergence {
  index: number;
  cycle: number;
  asBuilt: string;
  design: string;
  switchKey: SwitchKey | undefined;
}

/**
 * What an event means for behaviour, without incidental detail: timing, thread ids and frame addresses
 * differ between the profiles (the design's idle threads take kernel stacks) without meaning anything.
 * Events with no behavioural key are skipped.
 */
function behaviour(e: TraceEvent): string | undefined {
  switch (e.kind) {
    case "syscall":
      return `PID ${e.pid} SYS_${e.name} -> ${e.error ?? "ok"}`;
    case "fault":
      return `PID ${e.pid} ${e.fault.kind} -> ${e.outcome}`;
    case "process":
      return `${e.name} ${e.action}`;
    case "serial":
      return e.source === "user" ? `prints ${JSON.stringify(e.text)}` : undefined;
    case "ipc":
      return `EP${e.endpoint} ${e.path}`;
    case "irq":
      return `IRQ ${e.irq}`;
    case "cap":
      return `PID ${e.pid} slot ${e.slot} = ${e.cap ? `${e.cap.object.kind} rights ${e.cap.rights}` : "empty"}`;
    case "schedule":
      return e.core > 0 && e.to !== null ? `core ${e.core} runs a thread` : undefined;
    default:
      return undefined;
  }
}

const LOG_PATTERNS: [RegExp, SwitchKey][] = [
  [/SYS_EXIT|UNKNOWN syscall number 0 /, "exitSyscall"],
  [/EXCEPTION|CPU halted/, "faultKillsProcess"],
  [/SYS_DELEGATE/, "delegateRightsMask"],
  [/SYS_SPAWN_THREAD/, "spawnedThreadsRun"],
  [/serial_drv/, "bootStartsSerialDriver"],
];

function explain(a: TraceEvent | undefined, b: TraceEvent | undefined): SwitchKey | undefined {
  const both = [a, b];
  for (const e of both) {
    if (e?.kind !== "serial") continue;
    const hit = LOG_PATTERNS.find(([re]) => re.test(e.text));
    if (hit) return hit[1];
  }
  if (both.some((e) => e?.kind === "syscall" && e.number === 0)) return "exitSyscall";
  if (both.some((e) => e?.kind === "process" && e.action === "reaped")) return "faultKillsProcess";
  if (both.some((e) => e?.kind === "fault")) return "faultKillsProcess";
  if (both.some((e) => e?.kind === "syscall" && e.name === "DELEGATE")) return "delegateRightsMask";
  if (both.some((e) => e?.kind === "syscall" && e.name === "SPAWN_THREAD")) return "spawnedThreadsRun";
  if (both.some((e) => e?.kind === "process" && e.name === "serial_drv")) return "bootStartsSerialDriver";
  if (both.some((e) => (e?.kind === "schedule" && e.core > 0) || (e?.kind === "syscall" && e.core > 0)))
    return "smpScheduling";
  if (both.some((e) => e?.kind === "cap" && e.cap?.object.kind === "Endpoint"))
    return "bootStartsSerialDriver";
  return "smpScheduling";
}

export function firstDivergence(asBuilt: Session, design: Session, maxSteps: number): Divergence | undefined {
  // Compare the same stretch of simulated time: the design's extra cores take steps of their own.
  asBuilt.run(maxSteps);
  design.run(maxSteps * 8, asBuilt.current.cycle);
  const keyed = (s: Session) =>
    s.events().flatMap((e) => {
      const k = behaviour(e);
      return k === undefined ? [] : [{ e, k }];
    });
  const a = keyed(asBuilt);
  const b = keyed(design);
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a[i];
    const y = b[i];
    if (x && y && x.k === y.k) continue;
    return {
      index: i,
      cycle: (x ?? y)?.e.cycle ?? 0,
      asBuilt: x?.k ?? "(nothing more happens)",
      design: y?.k ?? "(nothing more happens)",
      switchKey: explain(x?.e, y?.e),
    };
  }
  return undefined;
}
