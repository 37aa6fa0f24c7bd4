import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { Session } from "../../../sim/session";
import { type EngineSession, openScenario } from "./engine";

function open(id: string, profile?: "as-built" | "design"): EngineSession {
  const r = openScenario(id, profile ? { profile } : {});
  if (!r.ok) throw new Error(r.errors.join("\n"));
  return r.session;
}

describe("the engine adapter's ticks", () => {
  test("the adapter's run is the engine's own: same events in order, same final state", () => {
    for (const id of ["ipc-ping-pong", "hello", "spawn-exit-reap", "serial-echo"]) {
      const ref = Session.open(id);
      if (!ref.ok) throw new Error("no reference");
      ref.session.run(3000);
      const want = ref.session.events();
      const s = open(id);
      while (s.timeline().length < want.length && !s.ended) s.advance(100_000);
      expect(
        s
          .timeline()
          .slice(0, want.length)
          .map((e) => e.event),
        id,
      ).toEqual(want);
    }
    const halts = open("fault", "as-built");
    halts.advance(10_000_000);
    expect(halts.ended).toBe(true);
    const ref = Session.open("fault", { profile: "as-built" });
    if (!ref.ok) throw new Error("no reference");
    ref.session.run(100_000);
    expect(halts.stateHash()).toBe(ref.session.stateHash());
  });

  test("a tick is one instruction: registers differ from one tick to the next inside a slice", () => {
    const s = open("hello");
    s.seek(5);
    const a = s.stateHash();
    s.advance(1);
    expect(s.tick).toBe(6);
    expect(s.stateHash()).not.toBe(a);
    s.stepBack();
    expect(s.tick).toBe(5);
    expect(s.stateHash()).toBe(a);
  });

  test("seek then forward equals a straight run, at any tick", () => {
    const straight = open("ipc-ping-pong");
    const hashes: string[] = [];
    for (let t = 0; t <= 400; t++) {
      straight.seek(t);
      hashes.push(straight.stateHash());
    }
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 400 }), fc.integer({ min: 0, max: 400 }), (a, b) => {
        const s = open("ipc-ping-pong");
        s.seek(a);
        s.seek(b);
        expect(s.stateHash()).toBe(hashes[b]);
        if (b < 400) {
          s.advance(1);
          expect(s.stateHash()).toBe(hashes[b + 1]);
        }
      }),
      { numRuns: 30 },
    );
  });

  test("breakpoints: a failing syscall, a line, an IRQ; watching a line changes nothing", () => {
    const s = open("fault", "design");
    const r = s.runUntil({ kind: "fault" }, 1_000_000);
    expect(r.stopped).toBe("condition");
    const at = s.timeline().slice(0, s.eventsBefore(s.tick));
    expect(at.some((e) => e.event.kind === "fault" && e.tick === s.tick)).toBe(true);

    const p = open("ipc-ping-pong");
    const hit = p.runUntil({ kind: "line", program: "ping", line: 1 + findLine("ping", "syscall") }, 1e6);
    expect(hit.stopped).toBe("condition");
    const plain = open("ipc-ping-pong");
    plain.seek(p.tick);
    expect(p.stateHash()).toBe(plain.stateHash());

    const echo = open("serial-echo");
    expect(echo.runUntil({ kind: "irq" }, 10_000_000).stopped).toBe("condition");
    expect(echo.timeline().some((e) => e.tick === echo.tick && e.event.kind === "irq")).toBe(true);
  });

  test("step event and step on a core move forward to what they name", () => {
    const s = open("four-cores-load");
    const r = s.stepEvent(["schedule"]);
    expect(r.stopped).toBe("condition");
    const last = s.timeline()[s.eventsBefore(s.tick) - 1];
    expect(last?.event.kind).toBe("schedule");
    const t = s.tick;
    s.stepInstruction(2);
    expect(s.tick).toBeGreaterThan(t);
  });
});

function findLine(program: string, text: string): number {
  const s = open("ipc-ping-pong");
  const prog = s.programs.get(program);
  const row = prog?.listing.find((l) => l.source.includes(text) && l.size === 16);
  return (row?.line ?? 0) - 1;
}
