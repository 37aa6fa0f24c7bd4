/**
 * Capability objects (kernel/src/cap/cnode.rs, `CapObject`). One variant per kind, each carrying exactly
 * the fields the kernel stores, so a capability that mixes kinds cannot be written down.
 */
export type CapObject =
  | { readonly kind: "Empty" }
  | { readonly kind: "Endpoint"; readonly id: number }
  | { readonly kind: "MemoryFrame"; readonly phys: number; readonly order: number }
  | { readonly kind: "Interrupt"; readonly irq: number }
  | { readonly kind: "IoPort"; readonly base: number; readonly size: number }
  | { readonly kind: "ThreadControl"; readonly tid: number }
  | { readonly kind: "Process"; readonly pid: number }
  | { readonly kind: "PmmAllocator" };

export type CapKind = CapObject["kind"];

export const CAP_KINDS = [
  "Empty",
  "Endpoint",
  "MemoryFrame",
  "Interrupt",
  "IoPort",
  "ThreadControl",
  "Process",
  "PmmAllocator",
] as const satisfies readonly CapKind[];

export interface Capability {
  readonly object: CapObject;
  /** Rights bits, see rights.ts. */
  readonly rights: number;
}

export const EMPTY_CAP: Capability = { object: { kind: "Empty" }, rights: 0 };
export const CNODE_SLOTS = 64;

export interface CapTypeSpec {
  readonly kind: CapKind;
  readonly fields: readonly string[];
  readonly mintedBy: string;
  readonly usedBy: readonly string[];
  /** What upstream's HTML docs call it, when the name differs. */
  readonly docsName?: string;
}

export const CAP_TYPE_SPECS: readonly CapTypeSpec[] = [
  { kind: "Empty", fields: [], mintedBy: "default state of every slot", usedBy: [] },
  {
    kind: "Endpoint",
    fields: ["id"],
    mintedBy: "nobody at 3833797 (historically the kernel, for serial_drv); design: the kernel at boot",
    usedBy: ["SYS_SEND", "SYS_RECV"],
    docsName: "IpcEndpoint",
  },
  {
    kind: "MemoryFrame",
    fields: ["phys", "order"],
    mintedBy: "SYS_ALLOC_MEMORY (order always 0)",
    usedBy: ["SYS_MAP_MEMORY"],
  },
  {
    kind: "Interrupt",
    fields: ["irq"],
    mintedBy: "nobody at 3833797 (historically serial_drv slot 2, irq 4); design: the kernel at boot",
    usedBy: ["SYS_WAIT_IRQ"],
    docsName: "IrqLine",
  },
  {
    kind: "IoPort",
    fields: ["base", "size"],
    mintedBy: "the kernel at boot (init slots 2 and 4)",
    usedBy: ["SYS_PORT_OUT", "SYS_PORT_IN"],
  },
  { kind: "ThreadControl", fields: ["tid"], mintedBy: "nobody", usedBy: [] },
  {
    kind: "Process",
    fields: ["pid"],
    mintedBy: "the kernel (init slot 3), SYS_SPAWN_PROCESS",
    usedBy: ["SYS_MAP_MEMORY", "SYS_DELEGATE", "SYS_SPAWN_THREAD"],
  },
  { kind: "PmmAllocator", fields: [], mintedBy: "the kernel (init slot 1)", usedBy: ["SYS_ALLOC_MEMORY"] },
];
