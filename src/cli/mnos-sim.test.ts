import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { BUILTIN_SCENARIOS } from "../sim/scenario/builtins";
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
    ]) {
      const r = cli(...argv);
      expect(r.code, argv.join(" ")).toBe(2);
      expect(r.err).toMatch(/^mnos-sim: /);
    }
  });

  test("--help and list", () => {
    expect(cli("--help").out).toContain("Usage:");
    expect(cli("list").out).toContain("ipc-ping-pong");
  });
});
