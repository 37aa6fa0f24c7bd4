import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import * as z from "zod/mini";
import { runReportSchema } from "../sim/report/state-schema";
import { BUILTIN_SCENARIOS } from "../sim/scenario/builtins";
import { PORT_OUT_WITHOUT_WRITE } from "../sim/testing";
import { main } from "./mnos-sim";

function cli(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = main(argv, { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, out: out.join("\n"), err: err.join("\n") };
}

describe("mnos-sim", () => {
  test("run boot --profile as-built prints the real boot console", () => {
    const r = cli("run", "boot-as-built", "--steps", "7000");
    expect(r.code).toBe(0);
    expect(r.out).toContain("MinimalOS NextGen v0.1.0");
    expect(r.out).toContain("Hello from the Wasm Sandbox!");
  });

  test("--json prints one object with the hash and the goals", () => {
    const r = cli("run", "hello", "--json", "--steps", "2000");
    const j = JSON.parse(r.out);
    expect(j).toMatchObject({ scenario: "hello", profile: "design", halted: null });
    expect(j.stateHash).toMatch(/^[0-9a-f]{16}$/);
    expect(j.goals.every((g: { met: boolean }) => g.met)).toBe(true);
  });

  test("--json prints the whole machine state, in the shape schema --state documents", () => {
    const r = cli("run", "ipc-ping-pong", "--json", "--steps", "40");
    const j = JSON.parse(r.out);
    const checked = z.safeParse(runReportSchema, j);
    expect(checked.success ? [] : checked.error.issues).toEqual([]);
    const pong = j.processes.find((p: { name: string }) => p.name === "pong");
    expect(pong.cnode).toContainEqual({
      slot: 5,
      type: "Endpoint",
      fields: { id: 1 },
      rights: 1,
      rightsNames: "READ",
    });
    expect(pong.mappings.length).toBeGreaterThan(0);
    const t = j.threads.find((x: { pid: number }) => x.pid === pong.pid);
    expect(t.registers.rip).toMatch(/^0x[0-9a-f]+$/);
    expect(j.endpoints).toEqual([expect.objectContaining({ id: 1 })]);
    expect(j.frames.used + j.frames.free).toBe(j.frames.total);
    const schema = JSON.parse(cli("schema", "--state").out);
    expect(schema.properties.threads.type).toBe("array");
    expect(schema.properties.tick.description).toMatch(/ring-3 instructions/);
  });

  test("--until stops at a label, a tick or a cycle; --break at a syscall, or only a failing one", () => {
    const label = JSON.parse(cli("run", "hello", "--until", "hello:puts", "--json").out);
    expect(label.stoppedBy).toBe("--until puts");
    const rip = label.threads.find((t: { pid: number }) => t.pid === 1).registers.rip;
    expect(rip).toMatch(/^0x4/);
    expect(JSON.parse(cli("run", "hello", "--until", "tick:123", "--json").out).tick).toBe(123);
    expect(
      JSON.parse(cli("run", "hello", "--until", "cycle:5000", "--json").out).cycle,
    ).toBeGreaterThanOrEqual(5000);
    const dir = mkdtempSync(join(tmpdir(), "mnos-sim-"));
    const file = join(dir, "ro.json");
    writeFileSync(file, JSON.stringify(PORT_OUT_WITHOUT_WRITE));
    for (const spec of ["syscall=PORT_OUT:error", "syscall=SYS_PORT_OUT:NO_RIGHTS", "syscall=PORT_OUT"]) {
      const j = JSON.parse(cli("run", file, "--break", spec, "--json").out);
      expect(j.stoppedBy, spec).toBe("--break syscall=PORT_OUT");
      expect(j.threads.find((t: { pid: number }) => t.pid === 1).registers.rax).toBe("0xfffffffffffffffe");
    }
    const never = JSON.parse(cli("run", "hello", "--break", "syscall=SEND", "--json", "--steps", "50").out);
    expect(never.stoppedBy).toMatch(/not reached/);
  });

  test("--trace prints one JSON event per line", () => {
    const r = cli("run", "hello", "--trace", "--steps", "50");
    const first = JSON.parse(r.out.split("\n")[0] ?? "");
    expect(first).toHaveProperty("kind");
  });

  test("a scenario file runs, and a broken one exits 2 naming the problem", () => {
    const dir = mkdtempSync(join(tmpdir(), "mnos-sim-"));
    const good = join(dir, "good.json");
    writeFileSync(good, JSON.stringify(BUILTIN_SCENARIOS.hello));
    expect(cli("run", good, "--steps", "500").out).toContain("Hello from ring 3!");
    const bad = join(dir, "bad.json");
    writeFileSync(bad, JSON.stringify({ ...BUILTIN_SCENARIOS.hello, profile: "turbo" }));
    const r = cli("run", bad);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^profile: /);
  });

  test("diff reports the first point where the profiles part and the switch that explains it", () => {
    const r = cli("diff", "fault", "--steps", "3000");
    expect(r.code).toBe(0);
    expect(r.out).toContain("as built:");
    expect(r.out).toContain("A user fault kills only its process");
  });

  test("diff names the process, syscall and field, and blames the switch that decides that field", () => {
    const r = cli("diff", "delegation-reduced-rights", "--steps", "4000");
    expect(r.code).toBe(0);
    expect(r.out).toContain("parent (PID 1), SYS_DELEGATE, user-proc slot 2.");
    expect(r.out).toContain("as built: IoPort 0x3F8+8, rights ALL");
    expect(r.out).toContain("design:   IoPort 0x3F8+8, rights READ");
    expect(r.out).toContain("Why: Delegation can only remove rights.");
    expect(r.out).not.toContain("Every core schedules");
  });

  test("diff lists the first difference for each further switch a scenario runs into", () => {
    const r = cli("diff", "boot", "--steps", "4000");
    expect(r.out).toMatch(/^The profiles part at cycle 0: serial_drv \(PID 2\), started at boot, exists\./m);
    expect(r.out).toContain("Other switches this scenario runs into");
    expect(r.out).toContain("Why: Every core schedules.");
  });

  test("bad input exits 2 with a message on stderr", () => {
    for (const argv of [
      ["run", "nope"],
      ["run"],
      ["run", "hello", "--profile", "fast"],
      ["run", "hello", "--steps", "x"],
      ["frobnicate"],
      ["run", "hello", "--colour"],
      ["run", "hello", "--until", "not a label"],
      ["run", "hello", "--break", "syscall"],
      ["run", "hello", "--break", "syscall=SEND", "--until", "tick:3"],
    ]) {
      const r = cli(...argv);
      expect(r.code, argv.join(" ")).toBe(2);
      expect(r.err).toMatch(/^mnos-sim: /);
    }
  });

  test("--until a label no program defines, or a program no process runs, exits 2 naming it", () => {
    for (const [until, named] of [
      ["hello:nolabel", /"nolabel"/],
      ["nolabel", /"nolabel"/],
      ["nosuch:puts", /"nosuch"/],
    ] as const) {
      const r = cli("run", "hello", "--until", until);
      expect(r.code, until).toBe(2);
      expect(r.err, until).toMatch(named);
      expect(r.out, until).toBe("");
    }
    expect(cli("run", "hello", "--until", "hello:puts").code).toBe(0);
  });

  test("--break with a syscall or error name the kernel does not have exits 2 naming it", () => {
    const unknown = cli("run", "hello", "--break", "syscall=FOO");
    expect(unknown.code).toBe(2);
    expect(unknown.err).toMatch(/no syscall "FOO".*PORT_OUT/);
    const badError = cli("run", "hello", "--break", "syscall=SEND:NOPE");
    expect(badError.code).toBe(2);
    expect(badError.err).toMatch(/no error "NOPE" of SYS_SEND; its errors are EMPTY_SLOT, NO_RIGHTS/);
    expect(cli("run", "hello", "--break", "syscall=SYS_PORT_OUT", "--steps", "50").code).toBe(0);
  });

  test("--help and list", () => {
    expect(cli("--help").out).toContain("Usage:");
    expect(cli("list").out).toContain("ipc-ping-pong");
  });
});
