import { describe, expect, test } from "vitest";
import type { SwitchKey } from "../abi/profiles";
import { BUILTIN_SCENARIOS } from "../scenario/builtins";
import { Session } from "../session";
import { bySwitch, type Divergence, DivergenceSearch, divergences, firstDivergence } from "./diff";

const STEPS = 4000; // what /simulator/design-vs-code/ uses

const runs = new Map<string, Divergence[]>();
/** Both kernels over the same time, once per scenario: each run takes a while on a busy machine. */
function run(id: string): Divergence[] {
  const known = runs.get(id);
  if (known) return known;
  const a = Session.open(id, { profile: "as-built" });
  const b = Session.open(id, { profile: "design" });
  if (!a.ok || !b.ok) throw new Error(`${id} does not open`);
  const found = divergences(a.session, b.session, STEPS);
  runs.set(id, found);
  return found;
}

interface Expected {
  /** The switch that explains the first difference, and what the difference is. */
  first: Pick<Divergence, "switchKey" | "process" | "event" | "field" | "asBuilt" | "design"> | undefined;
  /** Every switch the scenario runs into, in the order of their first difference. */
  switches: SwitchKey[];
  /** Why that is the right explanation, checked against the engine and upstream. */
  why: string;
}

const EXPECTED: Record<string, Expected> = {
  "print-and-errors": {
    first: {
      switchKey: "exitSyscall",
      process: "example (PID 1)",
      event: "SYS_EXIT",
      field: "error",
      asBuilt: "UNKNOWN_SYSCALL",
      design: "no error",
    },
    switches: ["exitSyscall"],
    why: "The worked example prints, fails two calls on purpose (the same errors on both kernels), then calls RAX = 0: syscall.rs at 3833797 has no syscall 0.",
  },
  "virtio-probe": {
    first: {
      switchKey: "exitSyscall",
      process: "probe (PID 1)",
      event: "SYS_EXIT",
      field: "error",
      asBuilt: "UNKNOWN_SYSCALL",
      design: "no error",
    },
    switches: ["exitSyscall"],
    why: "The probe reads the virtio registers the same way on both kernels, then calls RAX = 0, which as built is the unknown-syscall path.",
  },
  "serial-driver-6bccab6": {
    first: undefined,
    switches: [],
    why: "One core, no SYS_EXIT, no fault, no delegation, no spawn: serial_drv receives and writes, kern-init sends, and both kernels do exactly that the same way.",
  },
  "boot-as-built": {
    first: {
      switchKey: "bootStartsSerialDriver",
      process: "serial_drv (PID 2)",
      event: "started at boot",
      field: "exists",
      asBuilt: "(not in this run)",
      design: "yes",
    },
    switches: ["bootStartsSerialDriver", "smpScheduling"],
    why: "The scenario marks serial_drv onlyIn design: at 3833797 main.rs phase 7 starts only init. Its thread is then the first user thread on core 1, which schedules only in the design.",
  },
  boot: {
    first: {
      switchKey: "bootStartsSerialDriver",
      process: "serial_drv (PID 2)",
      event: "started at boot",
      field: "exists",
      asBuilt: "(not in this run)",
      design: "yes",
    },
    switches: ["bootStartsSerialDriver", "smpScheduling"],
    why: "The same scenario as boot-as-built with the other default profile; the diff runs both kernels, so it finds the same two differences.",
  },
  hello: {
    first: {
      switchKey: "exitSyscall",
      process: "hello (PID 1)",
      event: "SYS_EXIT",
      field: "error",
      asBuilt: "UNKNOWN_SYSCALL",
      design: "no error",
    },
    switches: ["exitSyscall"],
    why: "hello prints, then calls RAX = 0. syscall.rs at 3833797 has no syscall 0, so it returns u64::MAX; everything before is the same byte for byte.",
  },
  "ipc-ping-pong": {
    first: {
      switchKey: "smpScheduling",
      process: "the machine",
      event: "scheduling on core 1",
      field: "runs a user thread",
      asBuilt: "never",
      design: "yes, ping's",
    },
    switches: ["smpScheduling", "exitSyscall"],
    why: "The design places ping on core 1 while pong waits on core 0; as built only the BSP schedules. Each process's messages are the same; ping's final SYS_EXIT is not.",
  },
  "delegation-reduced-rights": {
    first: {
      switchKey: "delegateRightsMask",
      process: "parent (PID 1)",
      event: "SYS_DELEGATE",
      field: "user-proc slot 2",
      asBuilt: "IoPort 0x3F8+8, rights ALL",
      design: "IoPort 0x3F8+8, rights READ",
    },
    switches: ["delegateRightsMask"],
    why: "The parent passes rights_mask = READ in R10. sys_delegate at 3833797 copies the capability bit for bit (rights 31); the design ANDs with the mask (rights 1). This is the case the old diff blamed on scheduling.",
  },
  "serial-echo": {
    first: undefined,
    switches: [],
    why: "One driver on core 0 with an Interrupt capability given at start: no exit, no spawn, no delegation, no fault, and the I/O APIC routes IRQ 4 to core 0 in both kernels.",
  },
  "alloc-map": {
    first: {
      switchKey: "exitSyscall",
      process: "app (PID 1)",
      event: "SYS_EXIT",
      field: "error",
      asBuilt: "UNKNOWN_SYSCALL",
      design: "no error",
    },
    switches: ["exitSyscall"],
    why: "ALLOC_MEMORY and MAP_MEMORY behave the same (only the frame's physical address differs, which is not compared); the program ends with SYS_EXIT.",
  },
  "spawn-exit-reap": {
    first: {
      switchKey: "spawnedThreadsRun",
      process: "parent (PID 1)",
      event: "SYS_SPAWN_THREAD",
      field: "new thread runs",
      asBuilt: "never scheduled",
      design: "scheduled",
    },
    switches: ["spawnedThreadsRun", "smpScheduling"],
    why: "scheduler.rs spawn_thread queues on BOOT_QUEUE, drained once at boot, so the child never runs as built. The TID differs too: the design's idle threads on cores 1-3 took ids 4-6.",
  },
  "spawn-from-initrd": {
    first: {
      switchKey: "spawnedThreadsRun",
      process: "loader (PID 1)",
      event: "SYS_SPAWN_THREAD",
      field: "new thread runs",
      asBuilt: "never scheduled",
      design: "scheduled",
    },
    switches: ["spawnedThreadsRun", "smpScheduling"],
    why: "Same mechanism as spawn-exit-reap: the loaded hello gets a thread that only the design schedules, with TID 7 instead of 4.",
  },
  "four-cores-load": {
    first: {
      switchKey: "smpScheduling",
      process: "the machine",
      event: "scheduling on core 1",
      field: "runs a user thread",
      asBuilt: "never",
      design: "yes, load-b's",
    },
    switches: ["smpScheduling"],
    why: "The load processes make no syscalls: the only difference is where they run. As built cores 1-3 halt (smp.rs); in the design load-b goes to core 1 at the first tick.",
  },
  runaway: {
    first: {
      switchKey: "exitSyscall",
      process: "hello (PID 2)",
      event: "SYS_EXIT",
      field: "error",
      asBuilt: "UNKNOWN_SYSCALL",
      design: "no error",
    },
    switches: ["exitSyscall"],
    why: "One core, so scheduling is the same in both; the runaway loop is preempted in both; hello's SYS_EXIT is the only difference.",
  },
  fault: {
    first: {
      switchKey: "faultKillsProcess",
      process: "fault (PID 1)",
      event: "page fault",
      field: "outcome",
      asBuilt: "machine-halted",
      design: "process-killed",
    },
    switches: ["faultKillsProcess"],
    why: "idt.rs at 3833797 prints the exception and halts the CPU for every vector; the design kills the faulting process.",
  },
};

describe("firstDivergence explains each built-in scenario from its events", { timeout: 60_000 }, () => {
  test("every built-in scenario has a stated explanation", () => {
    expect(Object.keys(EXPECTED).sort()).toEqual(Object.keys(BUILTIN_SCENARIOS).sort());
  });

  for (const [id, want] of Object.entries(EXPECTED)) {
    test(`${id}: ${want.first?.switchKey ?? "no difference"}`, () => {
      const all = run(id);
      if (want.first === undefined) expect(all).toEqual([]);
      else expect(all[0]).toMatchObject(want.first);
      expect(bySwitch(all).map((d) => d.switchKey)).toEqual(want.switches);
    });
  }

  test("no difference in any built-in scenario is left without a switch", () => {
    for (const id of Object.keys(BUILTIN_SCENARIOS)) {
      for (const d of run(id)) expect(d.switchKey, `${id}: ${d.event} ${d.field}`).toBeDefined();
    }
  });

  test("the reason names the event's own values", () => {
    const d = run("delegation-reduced-rights")[0];
    expect(d?.reason).toContain("user-proc slot 2");
    expect(d?.reason).toContain("0x1");
  });

  test("firstDivergence is the earliest difference, found the same way", () => {
    const a = Session.open("fault", { profile: "as-built" });
    const b = Session.open("fault", { profile: "design" });
    if (!a.ok || !b.ok) throw new Error("fault does not open");
    expect(firstDivergence(a.session, b.session, STEPS)).toEqual(run("fault")[0]);
  });

  test("the same kernel twice has no difference", () => {
    const a = Session.open("delegation-reduced-rights", { profile: "design" });
    const b = Session.open("delegation-reduced-rights", { profile: "design" });
    if (!a.ok || !b.ok) throw new Error("does not open");
    expect(divergences(a.session, b.session, STEPS)).toEqual([]);
  });
});

describe("a search in slices", () => {
  test("finds what one whole run finds, a few steps at a time", () => {
    for (const id of ["fault", "delegation-reduced-rights", "spawn-from-initrd", "four-cores-load"]) {
      const pair = () => {
        const a = Session.open(id, { profile: "as-built" });
        const b = Session.open(id, { profile: "design" });
        if (!a.ok || !b.ok) throw new Error(id);
        return [a.session, b.session] as const;
      };
      const whole = divergences(...pair(), 2_000);
      const search = new DivergenceSearch(...pair(), 2_000);
      let slices = 0;
      while (!search.advance(7)) slices++;
      expect(slices, id).toBeGreaterThan(1);
      expect(search.result(), id).toEqual(whole);
    }
  });
});
