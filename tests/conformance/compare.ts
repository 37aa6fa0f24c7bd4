/**
 * Compares what `mnos-sim run --json` reports with what a conformance case says upstream shows, and
 * returns every difference as a sentence ("upstream ..., the simulator ...").
 */
import type { CapReport, RunReport, ThreadReport } from "../../src/sim/report/state-schema";
import { type Expect, type LineExpect, RIGHT_BITS } from "./case-schema";

/** Console lines: upstream ends each kernel line with \r\n (serial.rs write_string); a line is its text. */
export function consoleLines(console: string): string[] {
  const lines = console.split("\n").map((l) => l.replace(/\r$/, ""));
  if (lines.at(-1) === "") lines.pop();
  return lines;
}

const show = (l: LineExpect) => (typeof l === "string" ? JSON.stringify(l) : `/${l.match}/`);
const matches = (l: LineExpect, text: string) =>
  typeof l === "string" ? l === text : new RegExp(l.match).test(text);

function rightsValue(r: number | "ALL" | (keyof typeof RIGHT_BITS)[]): number {
  if (typeof r === "number") return r;
  if (r === "ALL") return 0x1f;
  return r.reduce((acc, name) => acc | RIGHT_BITS[name], 0);
}

const hexEq = (a: string, b: string) => BigInt(a) === BigInt(b);

function compareConsole(e: Expect, lines: string[], raw: string): string[] {
  const diffs: string[] = [];
  if (e.consoleHead) {
    e.consoleHead.forEach((l, i) => {
      const got = lines[i];
      if (got === undefined || !matches(l, got))
        diffs.push(
          `console line ${i + 1}: upstream ${show(l)}, the simulator ${JSON.stringify(got ?? null)}`,
        );
    });
  }
  const tail = e.consoleTail;
  if (tail) {
    const start = lines.length - tail.length;
    tail.forEach((l, i) => {
      const got = lines[start + i];
      if (got === undefined || !matches(l, got))
        diffs.push(
          `console line ${tail.length - i} from the end: upstream ${show(l)}, the simulator ${JSON.stringify(got ?? null)}`,
        );
    });
  }
  if (e.consoleLines) {
    const block = e.consoleLines;
    const found = lines.some((_, s) =>
      block.every((l, i) => lines[s + i] !== undefined && matches(l, lines[s + i] ?? "")),
    );
    if (!found) {
      // Say how far the longest partial run of the block got, so the missing line is named.
      let best = 0;
      for (let s = 0; s < lines.length; s++) {
        let n = 0;
        while (
          n < block.length &&
          lines[s + n] !== undefined &&
          matches(block[n] as LineExpect, lines[s + n] ?? "")
        )
          n++;
        best = Math.max(best, n);
      }
      diffs.push(
        `console: upstream prints these ${block.length} lines one after the other; the simulator's longest run of them stops before line ${best + 1} of the block, ${show(block[best] as LineExpect)}`,
      );
    }
  }
  if (e.consoleInOrder) {
    let at = 0;
    for (const l of e.consoleInOrder) {
      const i = lines.findIndex((text, j) => j >= at && matches(l, text));
      if (i < 0) {
        diffs.push(
          `console: upstream prints ${show(l)}${at > 0 ? ` after line ${at}` : ""}; the simulator does not`,
        );
        break;
      }
      at = i + 1;
    }
  }
  for (const s of e.consoleAbsent ?? []) {
    const hit = lines.find((l) => l.includes(s));
    if (hit !== undefined)
      diffs.push(
        `console: upstream never prints ${JSON.stringify(s)}; the simulator printed ${JSON.stringify(hit)}`,
      );
  }
  for (const { match, count } of e.consoleCounts ?? []) {
    const re = new RegExp(match);
    const n = lines.filter((l) => re.test(l)).length;
    if (n !== count)
      diffs.push(`console: upstream prints ${count} lines matching /${match}/, the simulator ${n}`);
  }
  for (const s of e.consoleRawIncludes ?? []) {
    if (!raw.includes(s))
      diffs.push(`console bytes: upstream sends ${JSON.stringify(s)}; the simulator does not`);
  }
  return diffs;
}

function compareCap(
  where: string,
  want: NonNullable<NonNullable<Expect["cnode"]>[string][string]>,
  got: CapReport | undefined,
): string[] {
  if (!got) return [`${where}: upstream holds a ${want.type} capability, the simulator's slot is empty`];
  const diffs: string[] = [];
  if (got.type !== want.type) diffs.push(`${where}: upstream ${want.type}, the simulator ${got.type}`);
  for (const [k, v] of Object.entries(want.fields ?? {}))
    if (got.fields[k] !== v) diffs.push(`${where} field ${k}: upstream ${v}, the simulator ${got.fields[k]}`);
  if (want.rights !== undefined && rightsValue(want.rights) !== got.rights)
    diffs.push(
      `${where} rights: upstream ${rightsValue(want.rights)}, the simulator ${got.rights} (${got.rightsNames})`,
    );
  return diffs;
}

function compareThread(
  tid: string,
  want: NonNullable<Expect["threads"]>[string],
  got: ThreadReport | undefined,
): string[] {
  if (want === null)
    return got ? [`thread ${tid}: upstream no longer has it, the simulator has it ${got.state}`] : [];
  if (!got) return [`thread ${tid}: upstream has it, the simulator has no such thread`];
  const w = typeof want === "string" ? { state: want } : want;
  const diffs: string[] = [];
  if (w.state !== undefined && w.state !== got.state)
    diffs.push(`thread ${tid} state: upstream ${w.state}, the simulator ${got.state} (${got.where})`);
  if (w.name !== undefined && w.name !== got.name)
    diffs.push(`thread ${tid} name: upstream '${w.name}', the simulator '${got.name}'`);
  if (w.pid !== undefined && w.pid !== got.pid)
    diffs.push(`thread ${tid} PID: upstream ${w.pid}, the simulator ${got.pid}`);
  return diffs;
}

/** Every way the report differs from the expectation; empty when they agree. */
export function compare(e: Expect, r: RunReport, runFlags: readonly string[]): string[] {
  const diffs: string[] = [];
  const stopFlag = runFlags.find((f) => f === "--break" || f === "--until");
  if (e.stoppedBy !== undefined) {
    if (r.stoppedBy !== e.stoppedBy)
      diffs.push(`the run stopped by "${r.stoppedBy}", the case expects "${e.stoppedBy}"`);
  } else if (stopFlag && /^(steps|halted)/.test(r.stoppedBy)) {
    diffs.push(`the run never reached its ${stopFlag} (stopped by "${r.stoppedBy}")`);
  }
  if (e.halted !== undefined && (r.halted !== null) !== e.halted)
    diffs.push(
      `halted: upstream ${e.halted ? "halts" : "keeps running"}, the simulator ${r.halted === null ? "keeps running" : `halted (${r.halted})`}`,
    );

  const threads = new Map(r.threads.map((t) => [String(t.tid), t]));
  for (const [tid, regs] of Object.entries(e.registers ?? {})) {
    const t = threads.get(tid);
    if (!t?.registers) {
      diffs.push(`registers: thread ${tid} has no user registers in the simulator`);
      continue;
    }
    for (const [name, want] of Object.entries(regs)) {
      const got = t.registers[name];
      if (want === undefined) continue;
      if (got === undefined || !hexEq(got, want))
        diffs.push(`thread ${tid} ${name}: upstream ${want}, the simulator ${got ?? "nothing"}`);
    }
  }
  for (const [tid, want] of Object.entries(e.threads ?? {}))
    diffs.push(...compareThread(tid, want, threads.get(tid)));

  const procs = new Map(r.processes.map((p) => [String(p.pid), p]));
  for (const [pid, want] of Object.entries(e.processes ?? {})) {
    const got = procs.get(pid);
    if (want === null && got)
      diffs.push(`process ${pid}: upstream has none, the simulator has '${got.name}'`);
    if (want && !got)
      diffs.push(`process ${pid}: upstream has '${want.name}', the simulator has no such process`);
    if (want && got && got.name !== want.name)
      diffs.push(`process ${pid} name: upstream '${want.name}', the simulator '${got.name}'`);
  }
  for (const [pid, slots] of Object.entries(e.cnode ?? {})) {
    const p = procs.get(pid);
    if (!p) {
      diffs.push(`cnode: the simulator has no process ${pid}`);
      continue;
    }
    for (const [slot, want] of Object.entries(slots)) {
      const got = p.cnode.find((c) => c.slot === Number(slot));
      const where = `PID ${pid} slot ${slot}`;
      if (want === null) {
        if (got) diffs.push(`${where}: upstream empty, the simulator holds ${got.type}`);
      } else diffs.push(...compareCap(where, want, got));
    }
  }
  for (const [pid, want] of Object.entries(e.cnodeSlots ?? {})) {
    const got = (procs.get(pid)?.cnode ?? []).map((c) => c.slot);
    const w = [...want].sort((a, b) => a - b);
    if (JSON.stringify(w) !== JSON.stringify(got))
      diffs.push(`PID ${pid} occupied slots: upstream [${w.join(", ")}], the simulator [${got.join(", ")}]`);
  }
  for (const [pid, pages] of Object.entries(e.mappings ?? {})) {
    const p = procs.get(pid);
    for (const [vaddr, want] of Object.entries(pages)) {
      const got = p?.mappings.find((m) => hexEq(m.vaddr, vaddr));
      const where = `PID ${pid} page ${vaddr}`;
      if (want === null) {
        if (got) diffs.push(`${where}: upstream unmapped, the simulator maps it to ${got.phys}`);
        continue;
      }
      if (!got) {
        diffs.push(`${where}: upstream mapped, the simulator has no mapping`);
        continue;
      }
      if (want.phys !== undefined && !hexEq(want.phys, got.phys))
        diffs.push(`${where} frame: upstream ${want.phys}, the simulator ${got.phys}`);
      if (want.writable !== got.writable)
        diffs.push(`${where} writable: upstream ${want.writable}, the simulator ${got.writable}`);
      if (want.executable !== got.executable)
        diffs.push(`${where} executable: upstream ${want.executable}, the simulator ${got.executable}`);
    }
  }
  for (const [id, want] of Object.entries(e.endpoints ?? {})) {
    const got = r.endpoints.find((x) => String(x.id) === id);
    if (!got) diffs.push(`endpoint ${id}: upstream registered, the simulator has no such endpoint`);
    else if (
      JSON.stringify(got.senders) !== JSON.stringify(want.senders) ||
      JSON.stringify(got.receivers) !== JSON.stringify(want.receivers)
    )
      diffs.push(
        `endpoint ${id} queues: upstream senders [${want.senders}] receivers [${want.receivers}], the simulator senders [${got.senders}] receivers [${got.receivers}]`,
      );
  }
  for (const [irq, want] of Object.entries(e.irqWaiters ?? {})) {
    const got = r.irqWaiters.find((w) => String(w.irq) === irq)?.tid ?? null;
    if (got !== want)
      diffs.push(`IRQ ${irq} waiter: upstream ${want ?? "none"}, the simulator ${got ?? "none"}`);
  }
  if (e.bootQueue && JSON.stringify(e.bootQueue) !== JSON.stringify(r.bootQueue))
    diffs.push(`BOOT_QUEUE: upstream [${e.bootQueue}], the simulator [${r.bootQueue}]`);
  if (e.framesFree !== undefined && e.framesFree !== r.frames.free)
    diffs.push(`free frames: upstream ${e.framesFree}, the simulator ${r.frames.free}`);

  diffs.push(...compareConsole(e, consoleLines(r.console), r.console));
  if (e.outputLines) {
    const inOutput = compareConsole(
      { consoleLines: e.outputLines } as Expect,
      consoleLines(r.output),
      r.output,
    );
    diffs.push(...inOutput.map((d) => `programs' output, without kernel lines: ${d}`));
  }
  return diffs;
}
