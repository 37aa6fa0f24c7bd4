import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { getReg, REG } from "../cpu/contract";
import { Session } from "../session";
import { PORT_OUT_WITHOUT_WRITE, SHARED_FRAME_AFTER_FREE } from "../testing";

function open(input: string | object, snapshots = { ticks: 5_000, steps: 50 }) {
  const s = Session.open(input, { snapshots });
  if (!s.ok) throw new Error(s.errors.join());
  return s.session;
}

const json = (v: unknown) => JSON.stringify(v, (_k, x) => (typeof x === "bigint" ? String(x) : x));

/** The whole observable result of a run: where it is, its state hash and its timeline up to there. */
function fingerprint(s: Session) {
  return { tick: s.tick, hash: s.stateHash(), timeline: json(s.timeline().slice(0, s.eventsBefore(s.tick))) };
}

const SCENARIOS = ["boot", "ipc-ping-pong", "spawn-exit-reap", "serial-echo", "four-cores-load", "fault"];

describe("determinism and time travel", () => {
  test("the same scenario gives the same events and the same state hash, bit for bit", () => {
    for (const id of ["boot", "ipc-ping-pong", "serial-echo", "four-cores-load"]) {
      const a = open(id);
      const b = open(id);
      a.run(700);
      b.run(700);
      expect(fingerprint(a)).toEqual(fingerprint(b));
    }
  });

  test("different scenarios give different hashes", () => {
    const a = open("hello");
    const b = open("alloc-map");
    a.run(100);
    b.run(100);
    expect(a.stateHash()).not.toBe(b.stateHash());
  });

  test("stepping one tick at a time, in random chunks, or in whole slices gives the same machine", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...SCENARIOS),
        fc.array(fc.integer({ min: 1, max: 3_000 }), { minLength: 1, maxLength: 40 }),
        (id, chunks) => {
          const straight = open(id);
          straight.run(300);
          const target = straight.tick;
          const chunked = open(id);
          let i = 0;
          while (chunked.tick < target)
            chunked.advance(Math.min(chunks[i++ % chunks.length] ?? 1, target - chunked.tick));
          expect(fingerprint(chunked)).toEqual(fingerprint(straight));
        },
      ),
      { numRuns: 15 },
    );
  });

  test("one tick at a time agrees with a straight run on every tick's state", () => {
    const straight = open("ipc-ping-pong");
    const single = open("ipc-ping-pong");
    straight.run(60);
    const hashes = new Map<number, string>();
    // Record the straight run's hash at each of its step boundaries, then walk there one tick at a time.
    const replay = open("ipc-ping-pong");
    while (replay.tick < straight.tick) {
      replay.forward();
      hashes.set(replay.tick, replay.stateHash());
    }
    while (single.tick < straight.tick) {
      single.advance(1);
      const h = hashes.get(single.tick);
      if (h) expect(single.stateHash(), `tick ${single.tick}`).toBe(h);
    }
    expect(fingerprint(single)).toEqual(fingerprint(straight));
  });

  test("seek to any tick, then forward, equals a straight run, at instruction granularity", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...SCENARIOS, "shared-frame"),
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 6 }),
        (id, fractions) => {
          const input = id === "shared-frame" ? SHARED_FRAME_AFTER_FREE : id;
          const straight = open(input);
          straight.run(400);
          const end = straight.tick;
          const travelled = open(input);
          travelled.run(400);
          for (const f of fractions) {
            const k = Math.floor(f * end);
            travelled.seek(k);
            expect(travelled.tick).toBe(k);
            const fresh = open(input);
            fresh.advance(k);
            expect(travelled.stateHash(), `seek(${k}) of ${end}`).toBe(fresh.stateHash());
          }
          travelled.seek(end);
          expect(fingerprint(travelled)).toEqual(fingerprint(straight));
        },
      ),
      { numRuns: 20 },
    );
  });

  test("a frame shared by two processes, freed when one dies, stays one frame for the other (issue 13 #6)", () => {
    const straight = open(SHARED_FRAME_AFTER_FREE);
    straight.run(400);
    const reaped = straight
      .timeline()
      .find((t) => t.event.kind === "process" && t.event.action === "reaped" && t.event.name === "victim");
    expect(reaped, "the victim is reaped and its frames freed").toBeDefined();
    const after = (reaped?.tick ?? 0) + 10;
    for (const k of [after, Math.floor((after + straight.tick) / 2)]) {
      const seeked = open(SHARED_FRAME_AFTER_FREE);
      seeked.run(400);
      seeked.seek(k);
      seeked.advance(straight.tick - k);
      expect(seeked.stateHash()).toBe(straight.stateHash());
    }
    // The writer's counter, read through its own mapping, keeps growing after the free.
    const counter = straight.current.readUser(1, 0x2000_0000, 8);
    expect(counter && new DataView(counter.buffer).getBigUint64(0, true)).toBeGreaterThan(0n);
  });

  test("a program that rewrites its next instruction runs the new one, though a snapshot holds the old", () => {
    // Boot takes a snapshot, so the code frame is shared with it: the first store copies the frame, and the
    // CPU must fetch the rewritten instruction from the copy.
    const source = [
      "  lea rsi, [src]\n  lea rdi, [patch]",
      "  mov rax, qword [rsi]\n  mov qword [rdi], rax\n  mov rax, qword [rsi + 8]\n  mov qword [rdi + 8], rax",
      "patch:\n  nop\nspin:\n  jmp spin\nsrc:\n  inc r14",
    ].join("\n");
    const s = open({
      version: 1,
      title: "self-modifying code",
      profile: "design",
      machine: { cores: 1, bootLog: false, memoryMiB: 64 },
      programs: { p: { source } },
      processes: [{ name: "p", program: "p" }],
    });
    s.run(20);
    const ctx = s.current.state.threads.get(1)?.ctx;
    expect(ctx && getReg(ctx, REG.r14)).toBe(1n);
  });

  test("step back undoes one tick, and stepping forward again redoes it", () => {
    const s = open("ipc-ping-pong");
    s.run(120);
    const end = s.tick;
    const after = s.stateHash();
    s.stepBack();
    expect(s.tick).toBe(end - 1);
    expect(s.stateHash()).not.toBe(after);
    s.advance(1);
    expect(s.stateHash()).toBe(after);
  });

  test("an endless program never blocks a run: every call returns within its budget", () => {
    const s = open("runaway");
    expect(s.run(300)).toBe(300);
    expect(s.advance(1_000)).toBe(1_000);
    expect(s.stepEvent(["fault"], 50_000)).toMatchObject({ stopped: "limit", ticks: 50_000 });
    expect(s.current.halted).toBeNull();
  });
});

describe("stepping by instruction, by event and to breakpoints", () => {
  test("stepInstruction retires exactly one instruction of the thread on that core", () => {
    const s = open("hello");
    s.run(3);
    const t = s.current.state.threads.get(1);
    const rip = t?.ctx?.rip;
    const r = s.stepInstruction(0);
    expect(r.stopped).toBe("condition");
    expect(s.current.state.threads.get(1)?.ctx?.rip).not.toBe(rip);
  });

  test("stepInstruction on any core (-1, the page's default) retires one instruction, wherever it runs", () => {
    const s = open("ipc-ping-pong");
    s.run(2);
    const before = s.tick;
    const r = s.stepInstruction(-1);
    expect(r.stopped).toBe("condition");
    // One user instruction, perhaps after a few idle or kernel-thread slices: never a long search.
    expect(s.tick - before).toBeLessThan(100);
  });

  test("stepEvent stops on the tick of the next syscall, and the timeline has it there", () => {
    const s = open("hello");
    const r = s.stepEvent(["syscall"]);
    expect(r.stopped).toBe("condition");
    const last = s.timeline()[s.eventsBefore(s.tick) - 1];
    expect(last?.tick).toBe(s.tick);
    expect(last?.event.kind).toBe("syscall");
  });

  test("a syscall breakpoint that waits for an error stops at the first failing call", () => {
    const s = open(PORT_OUT_WITHOUT_WRITE);
    const r = s.runUntil({ kind: "syscall", name: "PORT_OUT", errorOnly: true }, 1_000_000);
    expect(r.stopped).toBe("condition");
    const e = s.timeline()[s.eventsBefore(s.tick) - 1]?.event;
    expect(e).toMatchObject({ kind: "syscall", name: "PORT_OUT", error: "NO_RIGHTS" });
  });

  test("an IRQ breakpoint stops on the tick the interrupt is delivered, not at the end of that slice", () => {
    const s = open("serial-echo");
    const r = s.runUntil({ kind: "irq" }, 5_000_000);
    expect(r.stopped).toBe("condition");
    const at = s.tick;
    const timeline = s.timeline();
    const irqs = timeline.filter((t) => t.event.kind === "irq");
    expect(irqs[0]?.tick).toBe(at);
    expect(timeline.slice(0, s.eventsBefore(at - 1)).some((t) => t.event.kind === "irq")).toBe(false);
  });

  test("a line breakpoint stops with the thread about to run that line", () => {
    const s = open("hello");
    const listing = s.programs.get("hello")?.listing ?? [];
    const syscallLine = listing.find((l) => /^\s*syscall\b/.test(l.source));
    if (!syscallLine) throw new Error("hello has no syscall line");
    const r = s.runUntil({ kind: "line", program: "hello", line: syscallLine.line }, 1_000_000);
    expect(r.stopped).toBe("condition");
    expect(s.current.state.threads.get(1)?.ctx?.rip).toBe(syscallLine.address);
  });
});
