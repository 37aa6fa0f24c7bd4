/**
 * init's CNode as the kernel fills it at boot, read from the simulator's as-built boot scenario, which
 * installs exactly what kernel/src/main.rs (phase 7i) installs at 3833797.
 */
import { CNODE_SLOTS } from "../../sim/abi/cap-types";
import { formatRights, rightsValue } from "../../sim/abi/rights";
import { BUILTIN_SCENARIOS } from "../../sim/scenario/builtins";
import { parseScenario } from "../../sim/scenario/schema";

export interface CNodeSlot {
  readonly slot: number;
  /** The capability's type, or "Empty". */
  readonly kind: string;
  /** The object's fields, in the kernel's notation ("base 0x3F8, size 8"); empty for none. */
  readonly object: string;
  readonly rights: string;
  /** What init uses the slot for, or when it is filled. */
  readonly use: string;
}

const USES: Readonly<Record<number, string>> = {
  1: "allocate frames with ALLOC_MEMORY (the heap, 1000 times)",
  2: "COM1: every character init prints, polled through the line status port",
  3: "itself, to map its heap with MAP_MEMORY",
  4: "the virtio-blk registers; the kernel fills this slot only when the PCI scan found the device",
  10: "init's scratch slot: each heap frame passes through it and is dropped",
};

const hex = (n: number) => `0x${n.toString(16).toUpperCase()}`;

function describeObject(cap: Record<string, unknown> & { kind: string }): string {
  switch (cap.kind) {
    case "IoPort":
      return `base ${hex(Number(cap.base))}, size ${String(cap.size)}`;
    case "Process":
      return `pid ${String(cap.pid)}`;
    case "Endpoint":
      return `id ${String(cap.id)}`;
    case "Interrupt":
      return `irq ${String(cap.irq)}`;
    case "MemoryFrame":
      return `phys ${hex(Number(cap.phys))}`;
    case "ThreadControl":
      return `tid ${String(cap.tid)}`;
    default:
      return "";
  }
}

/** All 64 slots of init's CNode at its first instruction. */
export function initCNode(): CNodeSlot[] {
  const parsed = parseScenario(BUILTIN_SCENARIOS["boot-as-built"]);
  if (!parsed.ok) throw new Error(`boot-as-built does not parse: ${parsed.errors.join("; ")}`);
  const init = parsed.scenario.processes.find((p) => p.name === "init");
  if (!init) throw new Error("boot-as-built has no init process");
  return Array.from({ length: CNODE_SLOTS }, (_, slot) => {
    const c = init.caps.find((x) => x.slot === slot);
    if (!c) return { slot, kind: "Empty", object: "", rights: "none", use: USES[slot] ?? "" };
    return {
      slot,
      kind: c.cap.kind,
      object: describeObject(c.cap),
      rights: formatRights(rightsValue(c.rights)),
      use: USES[slot] ?? "",
    };
  });
}
