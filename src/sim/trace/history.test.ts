import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { Session } from "../session";

function open(id: string, snapshotInterval = 50) {
  const s = Session.open(id, { snapshotInterval });
  if (!s.ok) throw new Error(s.errors.join());
  return s.session;
}

describe("determinism and time travel", () => {
  test("the same scenario gives the same events and the same state hash, bit for bit", () => {
    for (const id of ["boot", "ipc-ping-pong", "serial-echo", "four-cores-load"]) {
      const a = open(id);
      const b = open(id);
      a.run(700);
      b.run(700);
      expect(a.stateHash()).toBe(b.stateHash());
      expect(JSON.stringify(a.events(), (_k, v) => (typeof v === "bigint" ? String(v) : v))).toBe(
        JSON.stringify(b.events(), (_k, v) => (typeof v === "bigint" ? String(v) : v)),
      );
    }
  });

  test("different scenarios give different hashes", () => {
    const a = open("hello");
    const b = open("alloc-map");
    a.run(100);
    b.run(100);
    expect(a.stateHash()).not.toBe(b.stateHash());
  });

  test("seek(n) back and forth lands on the same state as a straight run to n", () => {
    fc.assert(
      fc.property(
        fc.constantFrom("boot", "ipc-ping-pong", "spawn-exit-reap"),
        fc.array(fc.integer({ min: 0, max: 400 }), { minLength: 1, maxLength: 5 }),
        (id, targets) => {
          const travelled = open(id);
          travelled.run(400);
          for (const n of targets) {
            travelled.seek(n);
            const straight = open(id);
            straight.run(n);
            expect(travelled.step).toBe(n);
            expect(travelled.stateHash()).toBe(straight.stateHash());
          }
        },
      ),
      { numRuns: 12 },
    );
  });

  test("step back undoes one step, and stepping forward again redoes it", () => {
    const s = open("ipc-ping-pong");
    s.run(120);
    const after = s.stateHash();
    s.stepBack();
    expect(s.step).toBe(119);
    expect(s.stateHash()).not.toBe(after);
    s.forward();
    expect(s.stateHash()).toBe(after);
  });

  test("an endless program never blocks a run: every call returns within its step budget", () => {
    const s = open("runaway");
    expect(s.run(300)).toBe(300);
    expect(s.current.halted).toBeNull();
  });
});
