/** Where two runs of one scenario, on the two profiles, first differ, and which switch explains it. */
import type { SwitchKey } from "../abi/profiles";
import type { Session } from "../session";
import type { TraceEvent } from "../trace/events";

export interface Divergence {
  index: number;
  cycle: number;
  asBuilt: string;
  design: string;
  switchKey: SwitchKey | undefined;
}

function describeEvent(e: TraceEvent | undefined): string {
  if (!e) return "(no more events)";
  switch (e.kind) {
    case "syscall":
      return `thread ${e.tid} SYS_${e.name} -> ${e.error ?? e.result ?? "blocks"}`;
    case "fault":
      return `thread ${e.tid} faults (${e.fault.kind}): ${e.outcome}`;
    case "schedule":
      return `core ${e.core} switches ${e.from ?? "idle"} -> ${e.to ?? "idle"} (${e.reason})`;
    case "serial":
      return `prints ${JSON.stringify(e.text)}`;
    default:
      return `${e.kind} ${JSON.stringify(e)}`;
  }
}

/** Events compared without timing, so that the first difference in behaviour is found. */
function key(e: TraceEvent): string {
  const { cycle: _cycle, ...rest } = e as TraceEvent & { cycle: number };
  return JSON.stringify(rest);
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
  asBuilt.run(maxSteps);
  design.run(maxSteps);
  const a = asBuilt.events().filter((e) => e.kind !== "thread-state" && e.kind !== "frame");
  const b = design.events().filter((e) => e.kind !== "thread-state" && e.kind !== "frame");
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a[i];
    const y = b[i];
    if (x && y && key(x) === key(y)) continue;
    return {
      index: i,
      cycle: (x ?? y)?.cycle ?? 0,
      asBuilt: describeEvent(x),
      design: describeEvent(y),
      switchKey: explain(x, y),
    };
  }
  return undefined;
}
