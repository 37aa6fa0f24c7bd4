import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { errorValue } from "../abi/errors";
import { PROFILE_NAMES } from "../abi/profiles";
import { goalStatus } from "../goals";
import { queueViolations } from "../invariants";
import type { Machine } from "../machine/machine";
import { Session } from "../session";
import { cap, machineWith, rax, runUntilSyscalls } from "../testing";
import { mappings } from "./address-space";

const SPIN = "spin:\n  jmp spin";

/** Frames in use must be exactly what the live objects hold: no leak, no double count. */
function expectFramesAccountedFor(m: Machine) {
  const s = m.state;
  const shared = new Set<number>();
  let held = s.kernelFrames;
  for (const t of s.threads.values()) held += t.kernelStack.length;
  for (const p of s.processes.values()) {
    if (p.pid === 0) continue;
    held += 1 + p.space.tables.size;
    for (const [, mapping] of mappings(p.space)) shared.add(mapping.frame);
  }
  // A frame allocated but not yet mapped is held by its MemoryFrame capability. (One whose capability is
  // dropped before it is mapped leaks for good, as in the real kernel; no scenario here does that.)
  for (const p of s.processes.values()) {
    for (const c of p.cnode) if (c.object.kind === "MemoryFrame") shared.add(c.object.phys / 4096);
  }
  held += shared.size;
  expect(s.pmm.used).toBeLessThanOrEqual(s.pmm.total);
  expect(s.pmm.used).toBe(held);
}

function expectQueuesConsistent(m: Machine) {
  expect(queueViolations(m)).toEqual([]);
}

describe("IPC", () => {
  const sender = `
_start:
  mov rax, SYS_SEND
  mov rdi, 5
  mov rsi, 0x77
  mov rdx, 11
  mov r10, 22
  syscall
  mov r15, 1
${SPIN}`;
  const receiver = `
_start:
  mov rax, SYS_RECV
  mov rdi, 5
  syscall
${SPIN}`;

  test("a receiver that arrives first blocks; the sender's fast path does not block and wakes it to the queue tail", () => {
    const m = machineWith("as-built", [
      { name: "rx", source: receiver, caps: [{ slot: 5, cap: cap.endpoint(1) }] },
      { name: "tx", source: sender, caps: [{ slot: 5, cap: cap.endpoint(1) }] },
    ]);
    runUntilSyscalls(m, 1, 1);
    expect(m.state.threads.get(1)?.run.kind).toBe("BlockedRecv");
    const events = runUntilSyscalls(m, 2, 1);
    expect(events.find((e) => e.kind === "ipc")).toMatchObject({ from: 2, to: 1, path: "fast" });
    expect(m.state.threads.get(2)?.run.kind).toBe("Running");
    expect(m.state.cores[0]?.runQueue.at(-1)).toBe(1);
    runUntilSyscalls(m, 1, 0, 50);
    // The receiver gets label, data0, data1 and a zero third word when it runs.
    for (let i = 0; i < 20; i++) m.step();
    const ctx = m.state.threads.get(1)?.ctx;
    expect(ctx).toBeTruthy();
  });

  test("a sender that arrives first blocks until the receiver takes the message", () => {
    const m = machineWith("as-built", [
      { name: "tx", source: sender, caps: [{ slot: 5, cap: cap.endpoint(1) }] },
      { name: "rx", source: receiver, caps: [{ slot: 5, cap: cap.endpoint(1) }] },
    ]);
    runUntilSyscalls(m, 1, 1);
    expect(m.state.threads.get(1)?.run.kind).toBe("BlockedSend");
    runUntilSyscalls(m, 2, 1);
    expect(rax(m, 2)).toBe(0n);
    expect(m.state.threads.get(1)?.run.kind).toBe("Ready");
  });
});

describe("interrupts", () => {
  test("a second waiter on the same IRQ gets IRQ_BUSY", () => {
    const wait = `_start:\n  mov rax, SYS_WAIT_IRQ\n  mov rdi, 2\n  syscall\n${SPIN}`;
    const m = machineWith("as-built", [
      { source: wait, caps: [{ slot: 2, cap: cap.irq(4) }] },
      { source: wait, caps: [{ slot: 2, cap: cap.irq(4) }] },
    ]);
    runUntilSyscalls(m, 2, 1);
    expect(rax(m, 2)).toBe(errorValue(5));
  });

  test("an IRQ with nobody waiting is not remembered", () => {
    const wait = `_start:\n  mov rax, SYS_WAIT_IRQ\n  mov rdi, 2\n  syscall\n  mov r15, 1\n${SPIN}`;
    const m = machineWith("design", [{ source: wait, caps: [{ slot: 2, cap: cap.irq(3) }] }], {
      events: [{ at: 0, kind: "irq", irq: 3 }],
    });
    for (let i = 0; i < 50; i++) m.step();
    expect(m.state.threads.get(1)?.run).toEqual({ kind: "BlockedRecv", on: { irq: 3 } });
  });
});

describe("profiles", () => {
  const spawnThread = `
_start:
  mov rax, SYS_SPAWN_THREAD
  mov rdi, 3
  lea rsi, [worker]
  mov rdx, 0x7F0000
  syscall
${SPIN}
worker:
  mov r15, 0x1234
  jmp worker`;

  test("as built, a thread spawned after boot gets a TID but never runs", () => {
    const m = machineWith("as-built", [{ source: spawnThread, caps: [{ slot: 3, cap: cap.process(1) }] }]);
    runUntilSyscalls(m, 1, 1);
    const tid = Number(rax(m));
    for (let i = 0; i < 200; i++) m.step();
    expect(m.state.threads.get(tid)?.run).toEqual({ kind: "Ready", queue: "boot" });
  });

  test("in the design, a spawned thread runs", () => {
    const m = machineWith("design", [{ source: spawnThread, caps: [{ slot: 3, cap: cap.process(1) }] }]);
    runUntilSyscalls(m, 1, 1);
    const tid = Number(rax(m));
    let ran = false;
    for (let i = 0; i < 200 && !ran; i++)
      for (const e of m.step().events)
        if (e.kind === "thread-state" && e.tid === tid && e.state === "Running") ran = true;
    expect(ran).toBe(true);
  });

  test("as built, a user fault halts the whole machine", () => {
    const s = Session.open("fault", { profile: "as-built" });
    if (!s.ok) throw new Error(s.errors.join());
    s.session.run(5000);
    expect(s.session.current.halted).toMatch(/^#PF in PID 1/);
    expect(s.session.current.console).toContain(
      [
        "EXCEPTION: #PF Page Fault",
        "  Faulting address (CR2): 0x000000000DEAD000",
        "  Error code: 0x0006",
        "    Page not present",
        "    Write access",
        "    User mode",
        "    No reserved bit violation",
        "    Data access",
      ].join("\r\n"),
    );
  });

  test("in the design, a fault kills only that process and the reaper returns all its frames", () => {
    const s = Session.open("fault", { profile: "design" });
    if (!s.ok) throw new Error(s.errors.join());
    s.session.run(5000);
    const m = s.session.current;
    expect(m.halted).toBeNull();
    expect(m.state.processes.has(1)).toBe(false);
    expectFramesAccountedFor(m);
  });

  test("in the design, a process that exits is reaped and nothing leaks", () => {
    const s = Session.open("hello", { profile: "design" });
    if (!s.ok) throw new Error(s.errors.join());
    s.session.run(5000);
    expect(goalStatus(s.session).every((g) => g.met)).toBe(true);
    expect(s.session.current.state.processes.size).toBe(1); // only the kernel's PID 0 is left
    expectFramesAccountedFor(s.session.current);
  });

  test("as built, only core 0 runs threads; in the design all four cores do", () => {
    for (const profile of PROFILE_NAMES) {
      const s = Session.open("four-cores-load", { profile });
      if (!s.ok) throw new Error(s.errors.join());
      s.session.run(400);
      const busy = new Set(
        s.session.events().flatMap((e) => (e.kind === "schedule" && e.to !== null ? [e.core] : [])),
      );
      expect([...busy].sort()).toEqual(profile === "as-built" ? [0] : [0, 1, 2, 3]);
    }
  });
});

describe("boot", () => {
  test("the as-built boot prints what the real kernel and init print on serial", () => {
    const s = Session.open("boot-as-built");
    if (!s.ok) throw new Error(s.errors.join());
    s.session.run(20_000, 3_000_000);
    const out = s.session.current.console;
    for (const line of [
      "  MinimalOS NextGen v0.1.0",
      "[initrd] Archive contents:",
      "Sprint 9 Phase 3 — The God Process (Init) LIVE!",
      "  [init] The God Process (PID 1) -- Ring 3",
      "[init] Found 3 file(s) in initrd",
      "[init]   OK: Heap initialized (4 MiB at 0x4000_0000)",
      "[init]   Result: 42",
      "Hello from the Wasm Sandbox!",
      "[init]   Device Features: 0x79007E54",
      "[init]   Disk Capacity: 2048 sectors",
    ]) {
      expect(out).toContain(line);
    }
    // The heap costs 1000 data frames and is built with 3000 syscalls.
    const syscalls = s.session
      .events()
      .filter((e) => e.kind === "syscall" && ["ALLOC_MEMORY", "MAP_MEMORY", "DROP_CAP"].includes(e.name));
    expect(syscalls).toHaveLength(3000);
  });

  test("kernel threads get the real TIDs: bsp-main 0, init 1, reaper 2, test-exiter 3", () => {
    const s = Session.open("boot-as-built");
    if (!s.ok) throw new Error(s.errors.join());
    const names = Object.fromEntries(
      [...s.session.current.state.threads.values()].map((t) => [t.name, t.tid]),
    );
    expect(names).toMatchObject({ "bsp-main": 0, init: 1, reaper: 2, "test-exiter": 3 });
  });
});

describe("engine invariants (property tests)", () => {
  const ids = [
    "boot",
    "boot-as-built",
    "hello",
    "ipc-ping-pong",
    "spawn-exit-reap",
    "four-cores-load",
    "fault",
    "serial-echo",
    "alloc-map",
  ];

  test("frames are conserved and every thread is in at most one queue, in a state that matches", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...ids),
        fc.constantFrom(...PROFILE_NAMES),
        fc.integer({ min: 0, max: 600 }),
        (id, profile, steps) => {
          const s = Session.open(id, { profile });
          if (!s.ok) throw new Error(s.errors.join());
          for (let i = 0; i < steps && !s.session.current.halted; i++) {
            s.session.forward();
            if (i % 50 === 0) expectQueuesConsistent(s.session.current);
          }
          expectQueuesConsistent(s.session.current);
          if (id !== "spawn-exit-reap") expectFramesAccountedFor(s.session.current);
        },
      ),
      { numRuns: 25 },
    );
  });

  test("in the design, delegation never gives a capability rights its source lacks", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0x1f }), fc.integer({ min: 0, max: 0xff }), (srcRights, mask) => {
        const src = `_start:\n  mov rax, SYS_DELEGATE\n  mov rdi, 3\n  mov rsi, 2\n  mov rdx, 20\n  mov r10, ${mask}\n  syscall\n${SPIN}`;
        const m = machineWith("design", [
          {
            source: src,
            caps: [
              { slot: 3, cap: cap.process(1) },
              { slot: 2, cap: cap.com1(srcRights) },
            ],
          },
        ]);
        runUntilSyscalls(m, 1, 1);
        const copy = m.state.processes.get(1)?.cnode[20]?.rights ?? 0;
        expect(copy & ~srcRights).toBe(0);
      }),
      { numRuns: 60 },
    );
  });

  test("random programs never throw: every failure is a modelled fault", () => {
    const insn = fc.constantFrom(
      "add rax, rbx",
      "sub rcx, 3",
      "mov qword [rsp - 8], rax",
      "push rax",
      "pop rbx",
      "mov rax, qword [rax]",
      "syscall",
      "mov rax, 7",
      "mov rdi, 1",
      "mov rsi, 10",
      "jmp _start",
      "call _start",
      "ret",
      "shl rax, 13",
      "hlt",
      "mov rdi, 0xDEAD000",
      "mov byte [rdi], rax",
      "neg rax",
    );
    fc.assert(
      fc.property(
        fc.array(insn, { minLength: 1, maxLength: 25 }),
        fc.constantFrom(...PROFILE_NAMES),
        (lines, profile) => {
          const m = machineWith(profile, [
            {
              source: `_start:\n${lines.map((l) => `  ${l}`).join("\n")}\n${SPIN}`,
              caps: [{ slot: 1, cap: cap.pmm() }],
            },
          ]);
          for (let i = 0; i < 100 && !m.halted; i++) m.step();
          expectQueuesConsistent(m);
        },
      ),
      { numRuns: 80 },
    );
  });
});
