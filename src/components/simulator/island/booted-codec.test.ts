import { describe, expect, test } from "vitest";
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
