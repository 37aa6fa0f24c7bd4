import { describe, expect, test } from "vitest";
import { type Capability, EMPTY_CAP } from "../abi/cap-types";
import { errorValue } from "../abi/errors";
import { PROFILE_NAMES, type ProfileName } from "../abi/profiles";
import { errorOffsetOf, SYSCALLS, syscallByName } from "../abi/syscalls";
import type { MachineConfig } from "../machine/config";
import { cap, machineWith, rax, reg, runUntilSyscalls } from "../testing";
import { mappingAt } from "./address-space";

type Case = {
  name: string;
  caps: { slot: number; cap: Capability }[];
  args: [bigint | number, (bigint | number)?, (bigint | number)?, (bigint | number)?];
  /** Error name, or null for success. */
  expect: string | null;
  profiles?: ProfileName[];
  /** Machine settings the case needs, e.g. how many frames are free. */
  machine?: Partial<MachineConfig>;
};

const full = (...caps: [number, Capability][]) => caps.map(([slot, c]) => ({ slot, cap: c }));
const FULL = 0x1f;

/** Every syscall's success and each of its errors, in the order the kernel checks them. */
const CASES: Record<string, Case[]> = {
  SEND: [
    { name: "empty slot", caps: [], args: [5, 1, 2, 3], expect: "EMPTY_SLOT" },
    { name: "slot >= 64 behaves as empty", caps: [], args: [64, 1, 2, 3], expect: "EMPTY_SLOT" },
    {
      name: "Endpoint without WRITE",
      caps: full([5, cap.endpoint(1, 0x01)]),
      args: [5, 1, 2, 3],
      expect: "NO_RIGHTS",
    },
    {
      name: "not an Endpoint (rights are checked first only on Endpoints)",
      caps: full([5, cap.pmm(0)]),
      args: [5, 1, 2, 3],
      expect: "WRONG_TYPE",
    },
  ],
  RECV: [
    { name: "empty slot", caps: [], args: [5], expect: "EMPTY_SLOT" },
    { name: "Endpoint without READ", caps: full([5, cap.endpoint(1, 0x02)]), args: [5], expect: "NO_RIGHTS" },
    { name: "not an Endpoint", caps: full([5, cap.com1()]), args: [5], expect: "WRONG_TYPE" },
  ],
  PORT_OUT: [
    { name: "writes a byte to COM1", caps: full([2, cap.com1()]), args: [2, 0x3f8, 0x41, 0], expect: null },
    { name: "empty slot", caps: [], args: [2, 0x3f8, 0x41, 0], expect: "EMPTY_SLOT" },
    {
      name: "IoPort without WRITE",
      caps: full([2, cap.com1(0x01)]),
      args: [2, 0x3f8, 0x41, 0],
      expect: "NO_RIGHTS",
    },
    { name: "not an IoPort", caps: full([2, cap.pmm()]), args: [2, 0x3f8, 0x41, 0], expect: "WRONG_TYPE" },
    {
      name: "port outside the range",
      caps: full([2, cap.com1()]),
      args: [2, 0x400, 0x41, 0],
      expect: "OUT_OF_RANGE",
    },
    {
      name: "port truncated to 16 bits before the check",
      caps: full([2, cap.com1()]),
      args: [2, 0x1_03f8, 0x41, 0],
      expect: null,
    },
  ],
  PORT_IN: [
    { name: "reads the line status", caps: full([2, cap.com1()]), args: [2, 0x3fd, 0, 0], expect: null },
    { name: "empty slot", caps: [], args: [2, 0x3fd], expect: "EMPTY_SLOT" },
    { name: "IoPort without READ", caps: full([2, cap.com1(0x02)]), args: [2, 0x3fd], expect: "NO_RIGHTS" },
    { name: "not an IoPort", caps: full([2, cap.process(1)]), args: [2, 0x3fd], expect: "WRONG_TYPE" },
    { name: "port outside the range", caps: full([2, cap.com1()]), args: [2, 0x3f7], expect: "OUT_OF_RANGE" },
  ],
  WAIT_IRQ: [
    { name: "empty slot", caps: [], args: [2], expect: "EMPTY_SLOT" },
    { name: "not an Interrupt", caps: full([2, cap.com1()]), args: [2], expect: "WRONG_TYPE" },
    { name: "irq >= 16", caps: full([2, cap.irq(16)]), args: [2], expect: "BAD_IRQ" },
    { name: "no rights are needed", caps: full([2, cap.irq(4, 0)]), args: [2], expect: null },
  ],
  SPAWN_PROCESS: [
    { name: "anyone may call it", caps: [], args: [0], expect: null },
    {
      name: "no frame for the PML4 is an error the caller sees (design)",
      caps: [],
      args: [0],
      expect: "OUT_OF_MEMORY",
      profiles: ["design"],
      machine: { freeFrames: 0 },
    },
  ],
  ALLOC_MEMORY: [
    { name: "allocates into the target slot", caps: full([1, cap.pmm()]), args: [1, 10], expect: null },
    { name: "empty alloc slot", caps: [], args: [1, 10], expect: "EMPTY_SLOT" },
    { name: "not a PmmAllocator", caps: full([1, cap.com1()]), args: [1, 10], expect: "WRONG_TYPE" },
    {
      name: "PmmAllocator without WRITE",
      caps: full([1, cap.pmm(0x01)]),
      args: [1, 10],
      expect: "NO_RIGHTS",
    },
    {
      name: "occupied target slot",
      caps: full([1, cap.pmm()], [10, cap.com1()]),
      args: [1, 10],
      expect: "BAD_TARGET",
    },
    { name: "target slot >= 64", caps: full([1, cap.pmm()]), args: [1, 64], expect: "BAD_TARGET" },
  ],
  MAP_MEMORY: [
    { name: "empty proc slot", caps: [], args: [3, 10, 0x5000_0000, 1], expect: "EMPTY_SLOT" },
    {
      name: "proc slot not a Process",
      caps: full([3, cap.com1()]),
      args: [3, 10, 0x5000_0000, 1],
      expect: "NOT_PROCESS",
    },
    {
      name: "empty frame slot",
      caps: full([3, cap.process(1)]),
      args: [3, 10, 0x5000_0000, 1],
      expect: "EMPTY_FRAME_SLOT",
    },
    {
      name: "frame slot not a MemoryFrame",
      caps: full([3, cap.process(1)], [10, cap.com1()]),
      args: [3, 10, 0x5000_0000, 1],
      expect: "NOT_FRAME",
    },
    {
      name: "unaligned vaddr",
      caps: full(
        [3, cap.process(1)],
        [10, { object: { kind: "MemoryFrame", phys: 0x100_0000, order: 0 }, rights: FULL }],
      ),
      args: [3, 10, 0x5000_0008, 1],
      expect: "BAD_VADDR",
    },
    {
      name: "pid not in the table",
      caps: full(
        [3, cap.process(99)],
        [10, { object: { kind: "MemoryFrame", phys: 0x100_0000, order: 0 }, rights: FULL }],
      ),
      args: [3, 10, 0x5000_0000, 1],
      expect: "NO_PROCESS",
    },
    {
      name: "already mapped",
      caps: full(
        [3, cap.process(1)],
        [10, { object: { kind: "MemoryFrame", phys: 0x100_0000, order: 0 }, rights: FULL }],
      ),
      args: [3, 10, 0x40_0000, 1],
      expect: "MAP_FAILED",
    },
    {
      name: "no rights are checked on either capability",
      caps: full(
        [3, cap.process(1, 0)],
        [10, { object: { kind: "MemoryFrame", phys: 0x100_0000, order: 0 }, rights: 0 }],
      ),
      args: [3, 10, 0x5000_0000, 1],
      expect: null,
    },
  ],
  DELEGATE: [
    {
      name: "copies into the target slot",
      caps: full([3, cap.process(1)], [2, cap.com1()]),
      args: [3, 2, 20],
      expect: null,
    },
    { name: "empty proc slot", caps: [], args: [3, 2, 20], expect: "EMPTY_SLOT" },
    { name: "proc slot not a Process", caps: full([3, cap.com1()]), args: [3, 2, 20], expect: "NOT_PROCESS" },
    { name: "empty source", caps: full([3, cap.process(1)]), args: [3, 2, 20], expect: "EMPTY_SRC_SLOT" },
    {
      name: "pid not in the table",
      caps: full([3, cap.process(42)], [2, cap.com1()]),
      args: [3, 2, 20],
      expect: "NO_PROCESS",
    },
    {
      name: "occupied destination",
      caps: full([3, cap.process(1)], [2, cap.com1()]),
      args: [3, 2, 3],
      expect: "BAD_DST",
    },
  ],
  SPAWN_THREAD: [
    { name: "returns a TID", caps: full([3, cap.process(1)]), args: [3, 0x40_0000, 0x80_0000], expect: null },
    { name: "empty proc slot", caps: [], args: [3, 0x40_0000, 0x80_0000], expect: "EMPTY_SLOT" },
    {
      name: "not a Process",
      caps: full([3, cap.pmm()]),
      args: [3, 0x40_0000, 0x80_0000],
      expect: "NOT_PROCESS",
    },
    {
      name: "pid not in the table",
      caps: full([3, cap.process(7)]),
      args: [3, 0x40_0000, 0x80_0000],
      expect: "NO_PROCESS",
    },
    {
      name: "no frames for the kernel stack is an error the caller sees (design)",
      caps: full([3, cap.process(1)]),
      args: [3, 0x40_0000, 0x80_0000],
      expect: "OUT_OF_MEMORY",
      profiles: ["design"],
      machine: { freeFrames: 3 },
    },
  ],
  DROP_CAP: [
    { name: "empties the slot", caps: full([2, cap.com1()]), args: [2], expect: null },
    { name: "already empty", caps: [], args: [2], expect: "EMPTY_SLOT" },
    { name: "slot >= 64", caps: [], args: [64], expect: "EMPTY_SLOT" },
  ],
};

function snippet(number: number, args: Case["args"]): string {
  const [a0, a1 = 0, a2 = 0, a3 = 0] = args;
  return `
_start:
  mov rax, ${number}
  mov rdi, ${a0}
  mov rsi, ${a1}
  mov rdx, ${a2}
  mov r10, ${a3}
  syscall
spin:
  jmp spin`;
}

describe("every syscall, on both profiles", () => {
  test("the table covers every syscall the code has", () => {
    expect(Object.keys(CASES).sort()).toEqual(
      SYSCALLS.filter((s) => s.number > 0)
        .map((s) => s.name)
        .sort(),
    );
  });

  for (const [name, cases] of Object.entries(CASES)) {
    const spec = syscallByName(name);
    test(`SYS_${name}: the cases name every error the table lists`, () => {
      const tested = new Set(cases.map((c) => c.expect).filter((e) => e !== null));
      const untestable =
        name === "SEND" || name === "RECV"
          ? ["NO_ENDPOINT"]
          : name === "SPAWN_PROCESS"
            ? ["CNODE_FULL"]
            : name === "ALLOC_MEMORY"
              ? ["OUT_OF_MEMORY"]
              : name === "WAIT_IRQ"
                ? ["IRQ_BUSY"]
                : [];
      for (const e of spec.errors)
        if (!untestable.includes(e.name)) expect(tested, `SYS_${name} ${e.name}`).toContain(e.name);
    });
    for (const c of cases) {
      for (const profile of c.profiles ?? PROFILE_NAMES) {
        test(`SYS_${name} (${profile}): ${c.name}`, () => {
          const m = machineWith(profile, [{ source: snippet(spec.number, c.args), caps: c.caps }], c.machine);
          const events = runUntilSyscalls(m, 1, 1);
          const sys = events.find((e) => e.kind === "syscall");
          expect(sys?.kind === "syscall" && sys.error).toBe(c.expect ?? null);
          if (c.expect !== null) expect(rax(m)).toBe(errorValue(errorOffsetOf(spec, c.expect)));
        });
      }
    }
  }
});

describe("syscall semantics", () => {
  test("as built, running out of memory in SPAWN_PROCESS or SPAWN_THREAD panics the kernel", () => {
    for (const [number, caps, free, location, message] of [
      [6, [], 0, "kernel/src/memory/pml4.rs:235", "[pml4] FATAL: cannot allocate user PML4 frame"],
      [
        10,
        full([3, cap.process(1)]),
        3,
        "kernel/src/sched/thread.rs:137",
        "Thread: failed to allocate kernel stack",
      ],
    ] as const) {
      const m = machineWith(
        "as-built",
        [{ source: snippet(number, [3, 0x40_0000, 0x80_0000]), caps: [...caps] }],
        {
          freeFrames: free,
        },
      );
      runUntilSyscalls(m, 1, 1);
      expect(m.halted).toMatch(/^kernel panic/);
      expect(m.console).toContain(
        [
          "==========================================================",
          "  KERNEL PANIC — MinimalOS NextGen",
          "==========================================================",
          `  Location: ${location}`,
          `  Message: ${message}`,
          "==========================================================",
          "  System halted. Reboot required.",
        ].join("\r\n"),
      );
    }
  });

  test("SEND and RECV need a registered endpoint: NO_ENDPOINT when the id is not in the table", () => {
    // Endpoints are registered at boot for the endpoints boot-time capabilities name; 9 is not.
    const m = machineWith("design", [{ source: snippet(1, [5, 1, 2, 3]), caps: full([5, cap.endpoint(9)]) }]);
    m.state.endpoints.delete(9);
    runUntilSyscalls(m, 1, 1);
    expect(rax(m)).toBe(errorValue(3));
  });

  test("PORT_IN returns the value in RDI and leaves RAX 0", () => {
    const m = machineWith("as-built", [
      { source: snippet(4, [2, 0x3fd, 0, 0]), caps: full([2, cap.com1()]) },
    ]);
    runUntilSyscalls(m, 1, 1);
    expect(rax(m)).toBe(0n);
    expect(reg(m, "rdi")).toBe(0x60n);
  });

  test("PORT_IN with width 4 reads 32 bits from the virtio-blk registers", () => {
    const virtio: Capability = { object: { kind: "IoPort", base: 0xc000, size: 128 }, rights: FULL };
    const m = machineWith("as-built", [{ source: snippet(4, [4, 0xc000, 0, 4]), caps: full([4, virtio]) }]);
    runUntilSyscalls(m, 1, 1);
    expect(reg(m, "rdi")).toBe(0x79007e54n);
  });

  test("SPAWN_PROCESS puts the Process capability in the first empty slot, often slot 0", () => {
    const m = machineWith("as-built", [{ source: snippet(6, [0]), caps: full([1, cap.pmm()]) }]);
    runUntilSyscalls(m, 1, 1);
    expect(rax(m)).toBe(0n);
    expect(m.state.processes.get(1)?.cnode[0]?.object).toEqual({ kind: "Process", pid: 2 });
  });

  test("SPAWN_PROCESS with a full CNode fails but the child is still created (it leaks)", () => {
    const caps = Array.from({ length: 64 }, (_, slot) => ({ slot, cap: cap.com1() }));
    const m = machineWith("as-built", [{ source: snippet(6, [0]), caps }]);
    runUntilSyscalls(m, 1, 1);
    expect(rax(m)).toBe(errorValue(0));
    expect(m.state.processes.has(2)).toBe(true);
  });

  test("ALLOC_MEMORY returns the frame to the PMM when the target slot is bad", () => {
    const m = machineWith("as-built", [
      { source: snippet(7, [1, 10]), caps: full([1, cap.pmm()], [10, cap.com1()]) },
    ]);
    const used = m.state.pmm.used;
    runUntilSyscalls(m, 1, 1);
    expect(m.state.pmm.used).toBe(used);
  });

  test("MAP_MEMORY maps flags: bit 0 writable, bit 1 executable, no W^X", () => {
    const frame: Capability = { object: { kind: "MemoryFrame", phys: 0x100_0000, order: 0 }, rights: FULL };
    const m = machineWith("as-built", [
      { source: snippet(8, [3, 10, 0x5000_0000, 3]), caps: full([3, cap.process(1)], [10, frame]) },
    ]);
    runUntilSyscalls(m, 1, 1);
    const space = m.state.processes.get(1)?.space;
    expect(space && mappingAt(space, 0x5000_0000 / 4096)).toEqual({
      frame: 0x1000,
      writable: true,
      executable: true,
    });
  });

  test("DELEGATE as built copies the rights unchanged, ignoring R10", () => {
    const m = machineWith("as-built", [
      { source: snippet(9, [3, 2, 20, 0x01]), caps: full([3, cap.process(1)], [2, cap.com1()]) },
    ]);
    runUntilSyscalls(m, 1, 1);
    expect(m.state.processes.get(1)?.cnode[20]?.rights).toBe(0x1f);
  });

  test("DELEGATE in the design keeps only the rights in the R10 mask; 0 keeps them all", () => {
    const masked = machineWith("design", [
      { source: snippet(9, [3, 2, 20, 0x01]), caps: full([3, cap.process(1)], [2, cap.com1()]) },
    ]);
    runUntilSyscalls(masked, 1, 1);
    expect(masked.state.processes.get(1)?.cnode[20]?.rights).toBe(0x01);
    const kept = machineWith("design", [
      { source: snippet(9, [3, 2, 20, 0]), caps: full([3, cap.process(1)], [2, cap.com1()]) },
    ]);
    runUntilSyscalls(kept, 1, 1);
    expect(kept.state.processes.get(1)?.cnode[20]?.rights).toBe(0x1f);
  });

  test("DROP_CAP empties the slot and frees nothing", () => {
    const frame: Capability = { object: { kind: "MemoryFrame", phys: 0x100_0000, order: 0 }, rights: FULL };
    const m = machineWith("as-built", [{ source: snippet(11, [10]), caps: full([10, frame]) }]);
    const used = m.state.pmm.used;
    runUntilSyscalls(m, 1, 1);
    expect(m.state.processes.get(1)?.cnode[10]).toEqual(EMPTY_CAP);
    expect(m.state.pmm.used).toBe(used);
  });

  test("SYS_EXIT does not exist as built: RAX = 0 is an unknown syscall returning u64::MAX", () => {
    const m = machineWith("as-built", [{ source: snippet(0, [0]) }]);
    runUntilSyscalls(m, 1, 1);
    expect(rax(m)).toBe(errorValue(0));
    expect(m.console).toContain("UNKNOWN syscall number 0");
  });

  test("an unknown number (12) returns u64::MAX on both profiles", () => {
    for (const profile of PROFILE_NAMES) {
      const m = machineWith(profile, [{ source: snippet(12, [0]) }]);
      runUntilSyscalls(m, 1, 1);
      expect(rax(m)).toBe(errorValue(0));
    }
  });
});
