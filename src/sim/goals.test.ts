import { describe, expect, test } from "vitest";
import {
  checkGoals,
  finished,
  GoalTracker,
  goalHolds,
  goalStatus,
  goalValue,
  readsEvents,
  startFacts,
} from "./goals";
import { PROGRAMS } from "./programs/programs";
import { BUILTIN_SCENARIOS } from "./scenario/builtins";
import { GOAL_KINDS } from "./scenario/goal-docs";
import type { GoalCheck, ScenarioInput } from "./scenario/schema";
import { Session } from "./session";

const COM1 = { slot: 2, cap: { kind: "IoPort" as const, base: 0x3f8, size: 8 }, rights: "ALL" as const };
const quiet = { cores: 1, quantumCycles: 2_000, memoryMiB: 64, virtio: false, bootLog: false };

function scenario(
  source: string,
  goals: ScenarioInput["goals"],
  extra: Partial<ScenarioInput> = {},
): ScenarioInput {
  return {
    version: 1,
    title: "goal test",
    profile: "design",
    machine: quiet,
    programs: { p: { source } },
    processes: [{ name: "p", program: "p", caps: [COM1] }],
    goals,
    ...extra,
  };
}

function open(input: ScenarioInput | string) {
  const r = Session.open(input);
  if (!r.ok) throw new Error(r.errors.join("; "));
  return r.session;
}

/** Runs a scenario from the start to its end and returns which goals were met, in order. */
function check(input: ScenarioInput | string, maxTicks = 2_000_000) {
  return checkGoals(open(input), maxTicks);
}

const EXIT = "  mov rax, SYS_EXIT\n  mov rdi, 0\n  syscall\nspin:\n  jmp spin\n";

describe("goal checks", () => {
  test("a 64-bit value in a goal reads as hex, decimal or two's complement", () => {
    expect(goalValue("0x2A")).toBe(42n);
    expect(goalValue("42")).toBe(42n);
    expect(goalValue("-1")).toBe(0xffff_ffff_ffff_ffffn);
  });

  test("console, syscall results (by process too), process states and no fault", () => {
    const r = check(
      scenario(
        `include "libmnos"\n_start:\n  mov rdi, SLOT_COM1\n  lea rsi, [m]\n  call puts\n${EXIT}m: db "hi", 0\n`,
        [
          { description: "prints", check: { console: "hi" } },
          {
            description: "writes through the port",
            check: { syscall: "PORT_OUT", result: "ok", process: "p" },
          },
          { description: "not another process", check: { syscall: "PORT_OUT", result: "ok", process: "q" } },
        ],
      ),
    );
    expect(r.end).toBe("finished");
    expect(r.met).toEqual([true, true, false]);
    const s = check(
      scenario(`_start:\n${EXIT}`, [
        { description: "exits", check: { process: "p", state: "exited" } },
        { description: "is reaped", check: { process: "p", state: "reaped" } },
        { description: "no fault", check: { noFault: true } },
      ]),
    );
    expect(s.met).toEqual([true, true, true]);
  });

  test("a fault fails noFault; a named error is told from ok", () => {
    const r = check(
      scenario(
        "_start:\n  mov rax, SYS_PORT_OUT\n  mov rdi, 9\n  mov rsi, COM1\n  mov rdx, 65\n  syscall\n  mov rbx, 0\n  mov rax, qword [rbx]\n",
        [
          { description: "the empty slot is refused", check: { syscall: "PORT_OUT", result: "EMPTY_SLOT" } },
          { description: "it never works", check: { syscall: "PORT_OUT", result: "ok" } },
        ],
      ),
    );
    expect(r.met).toEqual([true, false]);
    const f = open(
      scenario("_start:\n  mov rbx, 0\n  mov rax, qword [rbx]\n", [
        { description: "x", check: { noFault: true } },
        { description: "p faults", check: { faulted: "p" } },
        { description: "q does not", check: { faulted: "q" } },
      ]),
    );
    expect(goalStatus(f).map((g) => g.met)).toEqual([true, false, false]);
    f.run(50);
    expect(goalStatus(f).map((g) => g.met)).toEqual([false, true, false]);
  });

  test("register, memory and capability goals read the machine as it is", () => {
    const src = `include "libmnos"
_start:
  mov rax, SYS_ALLOC_MEMORY
  mov rdi, SLOT_PMM
  mov rsi, 10
  syscall
  mov rax, SYS_MAP_MEMORY
  mov rdi, SLOT_SELF
  mov rsi, 10
  mov rdx, 0x50000000
  mov r10, 1
  syscall
  mov rbx, 0x50000000
  mov qword [rbx], 0x2A
  mov r15, -1
done:
  jmp done
`;
    const caps = [
      COM1,
      { slot: 1, cap: { kind: "PmmAllocator" as const }, rights: "ALL" as const },
      { slot: 3, cap: { kind: "Process" as const, pid: 1 }, rights: "ALL" as const },
    ];
    const r = check(
      scenario(
        src,
        [
          {
            description: "a frame in slot 10",
            check: { process: "p", slot: 10, cap: "MemoryFrame", rights: "ALL" },
          },
          { description: "42 in memory", check: { process: "p", memory: "0x50000000", equals: "42" } },
          {
            description: "one byte of it",
            check: { process: "p", memory: "0x50000000", equals: "0x2A", size: 1 },
          },
          { description: "r15 is -1", check: { process: "p", register: "r15", equals: "-1" } },
        ],
        { processes: [{ name: "p", program: "p", caps }] },
      ),
      200_000,
    );
    // The program spins at the end, so the run ends on its tick limit with every goal met.
    expect(r.end).toBe("limit");
    expect(r.met).toEqual([true, true, true, true]);
    const wrongRights = check(
      scenario(
        src,
        [
          {
            description: "READ only",
            check: { process: "p", slot: 10, cap: "MemoryFrame", rights: ["READ"] },
          },
        ],
        {
          processes: [{ name: "p", program: "p", caps }],
        },
      ),
      100_000,
    );
    expect(wrongRights.met).toEqual([false]);
  });

  test("a thread's state, and which core ran a process", () => {
    const r = check("four-cores-load", 200_000);
    expect(r.end).toBe("limit");
    const s = open({
      ...BUILTIN_SCENARIOS["four-cores-load"],
      goals: [
        { description: "load-a runs on some core", check: { thread: "load-a", state: "Running" } },
        { description: "core 3 ran load-d", check: { ran: "load-d", core: 3 } },
        { description: "core 0 ran load-d", check: { ran: "load-d", core: 0 } },
      ],
    } as ScenarioInput);
    expect(checkGoals(s, 200_000).met).toEqual([true, true, false]);
  });

  test("frames free as at the start: met after the child is reaped, not before; a leak keeps it unmet", () => {
    const goals: ScenarioInput["goals"] = [
      { description: "the child is reaped", check: { process: "user-proc", state: "reaped" } },
      { description: "every frame is back", check: { framesFree: "start" }, after: 1 },
    ];
    const s = open({ ...BUILTIN_SCENARIOS["spawn-exit-reap"], goals } as ScenarioInput);
    // At tick 0 the frames are trivially as at the start, but the goal before it is not met yet.
    const tracker = new GoalTracker(s.scenario);
    tracker.update(s.current, s.events(), startFacts(s.initialState()));
    expect(tracker.met).toEqual([false, false]);
    // The built-in parent maps the child's code page into itself at 0x6000_0000, where it had no page
    // tables: two table pages stay with the parent, so not every frame comes back.
    expect(checkGoals(s, 3_000_000).met).toEqual([true, false]);
    // Filling the page through a window where the parent's tables already exist leaks nothing.
    const source = PROGRAMS["spawn-exit"]?.replaceAll("0x60000000", "0x700000");
    const fixed = open({
      ...BUILTIN_SCENARIOS["spawn-exit-reap"],
      programs: { parent: { source: source ?? "" } },
      goals,
    } as ScenarioInput);
    expect(checkGoals(fixed, 3_000_000).met).toEqual([true, true]);
  });

  test("a goal that waits for another is judged only once that one is met; others in any order", () => {
    const s = open(
      scenario(
        `include "libmnos"\n_start:\n  mov rdi, SLOT_COM1\n  lea rsi, [m]\n  call puts\n${EXIT}m: db "hi", 0\n`,
        [
          { description: "exits", check: { process: "p", state: "exited" } },
          { description: "prints", check: { console: "hi" } },
          { description: "no fault by then", check: { noFault: true }, after: 1 },
        ],
      ),
    );
    const tracker = new GoalTracker(s.scenario);
    const start = startFacts(s.initialState());
    tracker.update(s.current, s.events(), start);
    expect(tracker.met).toEqual([false, false, false]);
    expect(checkGoals(s, 100_000).met).toEqual([true, true, true]);
    expect(
      Session.open({ ...s.scenario, goals: [{ description: "x", check: { noFault: true }, after: 1 }] }).ok,
    ).toBe(false);
  });

  test("met goals stay met when the reader steps back", () => {
    const s = open("hello");
    const tracker = new GoalTracker(s.scenario);
    const start = startFacts(s.initialState());
    while (!finished(s.current)) s.forward();
    tracker.update(s.current, s.events(), start);
    expect(tracker.allMet).toBe(true);
    s.seek(0);
    tracker.update(s.current, s.events(), start);
    expect(tracker.allMet).toBe(true);
    expect(goalStatus(s).every((g) => g.met)).toBe(false);
    tracker.reset();
    expect(tracker.met.some(Boolean)).toBe(false);
  });

  test("a runaway program never finishes: the check ends on its tick limit", () => {
    const r = check("runaway", 100_000);
    expect(r.end).toBe("limit");
    expect(r.ticks).toBeGreaterThanOrEqual(100_000);
  });

  test("every built-in scenario's goals are met by its own programs", () => {
    for (const id of Object.keys(BUILTIN_SCENARIOS)) {
      const r = check(id, 300_000);
      expect(r.met.every(Boolean), id).toBe(true);
    }
  });

  test("a goal that does not read the events judges the same without them (the page skips copying them)", () => {
    const examples = GOAL_KINDS.map((k) => JSON.parse(k.example) as GoalCheck);
    let differs = 0;
    for (const id of Object.keys(BUILTIN_SCENARIOS)) {
      const s = open(id);
      s.advance(300_000);
      const start = startFacts(s.initialState());
      const events = s.events();
      for (const c of [...examples, ...s.scenario.goals.map((g) => g.check)]) {
        const withEvents = goalHolds(c, s.current, events, start);
        if (!readsEvents(c))
          expect(goalHolds(c, s.current, [], start), `${id}: ${JSON.stringify(c)}`).toBe(withEvents);
        else if (goalHolds(c, s.current, [], start) !== withEvents) differs++;
      }
    }
    // The event goals do depend on the events: otherwise this test could not tell a wrong answer.
    expect(differs).toBeGreaterThan(5);
  });
});
