import { gzipSync } from "node:zlib";
import { describe, expect, test } from "vitest";
import { BUILTIN_SCENARIOS } from "../../../sim/scenario/builtins";
import { Session, SessionCore } from "../../../sim/session";
import { decodeBooted, encodeBooted } from "./booted-codec";

describe("a booted machine in a page", () => {
  test.each(["ipc-ping-pong", "boot-as-built", "four-cores-load"])(
    "%s resumes from its encoded form exactly where a fresh session runs",
    (id) => {
      const r = Session.open(id);
      if (!r.ok) throw new Error(r.errors.join());
      const resumed = SessionCore.resume(decodeBooted(encodeBooted(r.session.booted())));
      expect(resumed.stateHash()).toBe(r.session.stateHash());
      expect(JSON.stringify(resumed.events(), (_k, v) => (typeof v === "bigint" ? String(v) : v))).toBe(
        JSON.stringify(r.session.events(), (_k, v) => (typeof v === "bigint" ? String(v) : v)),
      );
      r.session.run(300);
      resumed.advance(r.session.tick);
      expect(resumed.tick).toBe(r.session.tick);
      expect(resumed.stateHash()).toBe(r.session.stateHash());
    },
  );
});

describe("every built-in scenario", () => {
  test.each(Object.keys(BUILTIN_SCENARIOS))("%s comes back from its encoded form unchanged", (id) => {
    const r = Session.open(id);
    if (!r.ok) throw new Error(r.errors.join());
    const booted = r.session.booted();
    expect(decodeBooted(encodeBooted(booted))).toEqual(booted);
  });
});

describe("the size of a booted machine in a page", () => {
  test("a boot's log travels once: serial events name their text by its length in the console", () => {
    const r = Session.open("boot-as-built");
    if (!r.ok) throw new Error(r.errors.join());
    const encoded = encodeBooted(r.session.booted());
    expect(encoded.split("[init] Phase 3: Memory management").length - 1).toBe(1);
    // The pages' budget (90 KB with an embed) leaves a boot scenario about this much.
    expect(gzipSync(encoded, { level: 9 }).length).toBeLessThan(11 * 1024);
  });

  test("a serial event that does not continue the console keeps its own text", () => {
    const r = Session.open("hello");
    if (!r.ok) throw new Error(r.errors.join());
    const booted = r.session.booted();
    const odd = { kind: "serial", cycle: 0, text: "not on the console", source: "kernel" } as const;
    const withOdd = { ...booted, bootEvents: [odd, ...booted.bootEvents] };
    expect(decodeBooted(encodeBooted(withOdd)).bootEvents).toEqual(withOdd.bootEvents);
  });
});
