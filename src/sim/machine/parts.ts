/**
 * What a machine's snapshot holds, and where: the parts of a state that a snapshot shares rather than
 * copies. Apart from machine.ts so a page can read a snapshot without loading the kernel.
 */
import type { KernelState } from "../kernel/state";

/** Frame numbers -> bytes, by group of 512 frames (2 MiB): what a snapshot keeps of memory. */
export type FrameGroups = ReadonlyMap<number, ReadonlyMap<number, Uint8Array>>;

/**
 * A machine at one moment. `state` holds everything but frame contents and the parts in `parts` (see
 * `partSlots`), which it holds as empty placeholders. Frame contents are in `frames`: bytes sealed against
 * writes (the machine copies a frame before writing it again, see PhysicalMemory), so the live machine,
 * its snapshots and machines restored from them share every frame, and every group of frames, that
 * nobody wrote in between.
 */
export interface MachineSnapshot {
  readonly state: KernelState;
  readonly frames: FrameGroups;
  readonly parts: readonly unknown[];
}

/**
 * The parts of a state that grow with what programs do, as [holder, key]: the free list, the console and
 * output (text that only grows), the scripted events, and each process's leaf page tables. Snapshots and
 * hashes freeze them (and each leaf table); the kernel copies a frozen part before changing it. So a
 * snapshot shares them instead of copying, and a hash of a frozen part is computed once.
 */
export function partSlots(s: KernelState): [Record<string, unknown>, string][] {
  const slots: [object, string][] = [
    [s.pmm, "free"],
    [s, "console"],
    [s, "output"],
    [s, "events"],
  ];
  for (const p of s.processes.values()) slots.push([p.space, "leaves"]);
  return slots as [Record<string, unknown>, string][];
}

/** The console's text in a snapshot: kept in its part, the state holds a placeholder. */
export function snapshotConsole(snapshot: MachineSnapshot): string {
  const text = snapshot.parts[1]; // partSlots puts the console second
  return typeof text === "string" ? text : snapshot.state.console;
}
