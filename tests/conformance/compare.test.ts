/**
 * The conformance runner's own checks: a case file with a typo is rejected, and every kind of expectation
 * reports a difference when the simulator's state differs (so a case cannot pass by checking nothing).
 */
import { describe, expect, test } from "vitest";
import type { RunReport } from "../../src/sim/report/state-schema";
import { caseSchema, type Expect } from "./case-schema";
import { compare, consoleLines } from "./compare";

const report: RunReport = {
  scenario: "t",
  tick: 5,
  stoppedBy: "--break syscall=SEND",
  stateHash: "0",
  events: 1,
  goals: [],
  profile: "as-built",
  cycle: 10,
  halted: null,
  cores: [{ id: 0, schedules: true, current: 1, runQueue: [2] }],
  processes: [
    {
      pid: 1,
      name: "init",
      threads: [1],
      cnode: [{ slot: 2, type: "IoPort", fields: { base: 1016, size: 8 }, rights: 1, rightsNames: "READ" }],
      mappings: [{ vaddr: "0x50000000", phys: "0x800000", writable: true, executable: false }],
    },
  ],
  threads: [
    {
      tid: 1,
      pid: 1,
      name: "init",
      state: "Running",
      where: "core 0",
      core: 0,
      kernelThread: false,
      registers: { rax: "0xfffffffffffffffe", rdi: "0x5" },
    },
  ],
  endpoints: [{ id: 1, senders: [1], receivers: [] }],
  irqWaiters: [{ irq: 4, tid: 1 }],
  bootQueue: [],
  deadQueue: [],
  frames: { total: 100, used: 90, free: 10 },
  console: "[boot] one\r\n[syscall] two\r\nA",
  output: "A",
};

const run = ["--break", "syscall=SEND"];
const differs = (e: Expect) => compare(e, report, run);

describe("conformance runner", () => {
  test("an expectation that matches the report gives no difference", () => {
    expect(
      differs({
        registers: { 1: { rax: "0xFFFFFFFFFFFFFFFE", rdi: "0x5" } },
        threads: { 1: "Running", 9: null },
        processes: { 1: { name: "init" }, 2: null },
        cnode: { 1: { 2: { type: "IoPort", fields: { base: 1016 }, rights: ["READ"] }, 3: null } },
        cnodeSlots: { 1: [2] },
        mappings: {
          1: { "0x50000000": { phys: "0x800000", writable: true, executable: false }, "0x1000": null },
        },
        endpoints: { 1: { senders: [1], receivers: [] } },
        irqWaiters: { 4: 1, 3: null },
        bootQueue: [],
        framesFree: 10,
        halted: false,
        consoleHead: ["[boot] one"],
        consoleLines: ["[boot] one", { match: "^\\[syscall\\] t" }],
        consoleInOrder: ["[boot] one", "A"],
        consoleTail: ["A"],
        consoleAbsent: ["three"],
        consoleCounts: [{ match: "^\\[", count: 2 }],
        consoleRawIncludes: ["two\r\n"],
      }),
    ).toEqual([]);
  });

  test.each<[string, Expect]>([
    ["a register", { registers: { 1: { rax: "0x0" } } }],
    ["a thread state", { threads: { 1: "BlockedRecv" } }],
    ["a thread that should be gone", { threads: { 1: null } }],
    ["a process name", { processes: { 1: { name: "other" } } }],
    ["a capability's rights", { cnode: { 1: { 2: { type: "IoPort", rights: "ALL" } } } }],
    ["an empty slot", { cnode: { 1: { 2: null } } }],
    ["the occupied slots", { cnodeSlots: { 1: [] } }],
    ["a mapping", { mappings: { 1: { "0x50000000": { writable: false, executable: false } } } }],
    ["an endpoint queue", { endpoints: { 1: { senders: [], receivers: [] } } }],
    ["an IRQ waiter", { irqWaiters: { 4: null } }],
    ["BOOT_QUEUE", { bootQueue: [4] }],
    ["free frames", { framesFree: 11 }],
    ["halted", { halted: true }],
    ["the first line", { consoleHead: ["[syscall] two"] }],
    ["a block of lines", { consoleLines: ["[boot] one", "A"] }],
    ["lines in order", { consoleInOrder: ["A", "[boot] one"] }],
    ["the last line", { consoleTail: ["[syscall] two"] }],
    ["a line that must not appear", { consoleAbsent: ["two"] }],
    ["a count of lines", { consoleCounts: [{ match: "^\\[", count: 3 }] }],
    ["raw bytes", { consoleRawIncludes: ["A\r\n"] }],
    ["how the run stopped", { stoppedBy: "halted", halted: false }],
  ])("a different %s is reported", (_, e) => {
    expect(differs(e)).toHaveLength(1);
  });

  test("a run that never reached its --break is reported", () => {
    expect(
      compare({ halted: false }, { ...report, stoppedBy: "steps (--break syscall=SEND not reached)" }, run),
    ).toEqual(['the run never reached its --break (stopped by "steps (--break syscall=SEND not reached)")']);
  });

  test("console lines drop the \\r of upstream's \\r\\n", () => {
    expect(consoleLines("a\r\nb\n\r\nc")).toEqual(["a", "b", "", "c"]);
  });

  test("a case with a misspelt expectation or flag is rejected", () => {
    const ok = {
      id: "x",
      title: "t",
      area: "send",
      source: "kernel/src/arch/x86_64/syscall.rs: sys_send (line 520)",
      scenario: { version: 1, title: "t", profile: "as-built", programs: {} },
      run: ["--break", "syscall=SEND"],
      expect: { halted: false },
    };
    expect(caseSchema.safeParse(ok).success).toBe(true);
    expect(caseSchema.safeParse({ ...ok, expect: { halted: false, consoleTial: ["x"] } }).success).toBe(
      false,
    );
    expect(caseSchema.safeParse({ ...ok, expect: { registers: { 1: { rxa: "0x0" } } } }).success).toBe(false);
    expect(caseSchema.safeParse({ ...ok, expect: { threads: { 1: "Blocked" } } }).success).toBe(false);
    expect(caseSchema.safeParse({ ...ok, run: ["--brake", "syscall=SEND"] }).success).toBe(false);
    expect(caseSchema.safeParse({ ...ok, source: "somewhere" }).success).toBe(false);
    expect(caseSchema.safeParse({ ...ok, expect: { consoleLines: [{ match: "(" }] } }).success).toBe(false);
    expect(caseSchema.safeParse({ ...ok, expect: {} }).success).toBe(false);
  });
});
