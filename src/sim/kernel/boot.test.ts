import { describe, expect, test } from "vitest";
import { goalStatus } from "../goals";
import { bootMachine } from "../machine/boot";
import type { MachineConfig } from "../machine/config";
import { Session } from "../session";
import { cap, program } from "../testing";

const spin = program("_start:\n  jmp _start");
const image = { origin: spin.origin, bytes: spin.bytes, entry: spin.entry };

function boot(processes: MachineConfig["processes"], virtio = true) {
  const { machine, bootEvents } = bootMachine({
    profile: "as-built",
    cores: 1,
    quantumCycles: 1000,
    memoryMiB: 64,
    virtio,
    bootLog: true,
    initrd: [],
    events: [],
    processes,
  });
  const notes = bootEvents.flatMap((e) => (e.kind === "note" ? [e.text] : []));
  return { lines: machine.console.split("\r\n"), notes };
}

const INIT_CAPS = [
  { slot: 1, cap: cap.pmm() },
  { slot: 2, cap: cap.com1() },
  { slot: 3, cap: { object: { kind: "Process" as const, pid: 1 }, rights: 0x1f } },
  { slot: 4, cap: { object: { kind: "IoPort" as const, base: 0xc000, size: 128 }, rights: 0x1f } },
];

describe("kmain 7i's CNode lines (kernel/src/main.rs)", () => {
  test("init's listing is upstream's text, the virtio slot first as it is minted", () => {
    const { lines, notes } = boot([{ name: "init", image, caps: INIT_CAPS }]);
    const at = lines.indexOf("[init] Init CNode (PID=1):");
    expect(lines.slice(at - 1, at + 5)).toEqual([
      "[init]   Slot 4: IoPort(0xC000, 128) [ALL] (Virtio-Blk)",
      "[init] Init CNode (PID=1):",
      "[init]   Slot 1: PmmAllocator [ALL]",
      "[init]   Slot 2: IoPort(0x3F8, 8) [ALL]",
      "[init]   Slot 3: Process(pid=1) [ALL] (self)",
      "[init]   Slot 4: IoPort(0xC000, 128) [ALL] (Virtio-Blk)",
    ]);
    expect(notes.filter((n) => n.includes("slot"))).toEqual([]);
  });

  test("what upstream never prints (another process's listing, a scenario's extra capability) goes to the trace", () => {
    const frame = { object: { kind: "MemoryFrame" as const, phys: 0x80_0000, order: 0 }, rights: 0x1f };
    const { lines, notes } = boot(
      [
        { name: "init", image, caps: [...INIT_CAPS.slice(0, 3), { slot: 7, cap: frame }] },
        { name: "driver", image, caps: [{ slot: 0, cap: cap.com1() }] },
      ],
      false,
    );
    expect(lines.filter((l) => /CNode|Slot \d+:/.test(l))).toEqual([
      "[init]   Slot 4: (empty) — no Virtio-Blk device found",
      "[init] Init CNode (PID=1):",
      "[init]   Slot 1: PmmAllocator [ALL]",
      "[init]   Slot 2: IoPort(0x3F8, 8) [ALL]",
      "[init]   Slot 3: Process(pid=1) [ALL] (self)",
    ]);
    expect(notes.filter((n) => n.includes(" slot "))).toEqual([
      "Boot gives PID 1 slot 7: MemoryFrame(phys=P:0x00800000, order=0) [ALL] (a scenario's capability; upstream's kmain prints no line for it)",
      "Boot gives PID 2 slot 0: IoPort(0x3F8, 8) [ALL] (a scenario's capability; upstream's kmain prints no line for it)",
    ]);
  });
});

describe("the serial-driver-6bccab6 scenario: kmain before 6bccab6 (6bccab6^:kernel/src/main.rs)", () => {
  test("phase 7 prints as that commit did: serial-drv with one stack page, its endpoint and kern-init", () => {
    const r = Session.open("serial-driver-6bccab6");
    if (!r.ok) throw new Error(r.errors.join());
    r.session.run(400);
    const lines = r.session.current.console.split("\r\n");
    const inOrder = [
      "[init] Phase 7: ELF Loader + TarFS Initrd + Process Isolation",
      "[init] Found 'serial_drv' in initrd (5496 bytes)",
      "[process] Created PID 1 'serial-drv' (PML4 @ phys ",
      "[init] Created Process 'serial-drv' (PID=1, PML4=",
      "[init] User stack mapped in PID 1 PML4: 0x00800000 — 0x00801000",
      "[init] Registered serial driver endpoint (ID=2)",
      "[init] Serial driver CNode (Process PID=1):",
      "[init]   Slot 0: IoPort(0x3F8, 8) [ALL]",
      "[init]   Slot 1: Endpoint(id=2) [READ]",
      "[init]   Slot 2: Interrupt(irq=4) [READ]",
      "[syscall] Created user thread 1 'serial-drv' → Ring 3 @ RIP=0x0000000000400000 RSP=0x0000000000801000",
      "[sched] Spawned thread 1 'serial-drv' (pre-built)",
      "[init] Created kernel Process (PID=0, PML4=",
      "[sched] Spawned thread 2 'kern-init'",
      "  Sprint 9 — Process Isolation + CR3 Swap LIVE!",
      "[syscall] Thread 1 'serial-drv' entering Ring 3: RIP=0x0000000000400000 RSP=0x0000000000801000",
    ];
    let at = 0;
    for (const want of inOrder) {
      const i = lines.findIndex((l, j) => j >= at && l.startsWith(want));
      expect(i, want).toBeGreaterThanOrEqual(at);
      at = i + 1;
    }
    expect(lines).not.toContain("[init] Initrd physical base: 0x00300000, size: 30720 bytes");
    expect(goalStatus(r.session).every((g) => g.met)).toBe(true);
  });
});
