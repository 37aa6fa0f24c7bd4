import { describe, expect, test } from "vitest";
import { errorValue, formatU64 } from "../../src/sim/abi/errors";
import { goalStatus } from "../../src/sim/goals";
import { BUILTIN_SCENARIOS } from "../../src/sim/scenario/builtins";
import { Session } from "../../src/sim/session";

/**
 * Runs a scenario (a built-in id or an object) as the CLI does, 20 000 steps, and returns its console and
 * goals. As built the programs spin at the end (there is no SYS_EXIT), so a run never ends by itself.
 */
function run(input: string | object, profile?: "as-built" | "design") {
  const opened = Session.open(input, profile ? { profile } : {});
  if (!opened.ok) throw new Error(opened.errors.join("\n"));
  opened.session.run(20_000);
  return {
    console: opened.session.current.console,
    goals: goalStatus(opened.session),
    session: opened.session,
  };
}

const hex = (k: number) => `0x${errorValue(k).toString(16).toUpperCase()}`;

describe("print-and-errors, the worked example", () => {
  test("prints through slot 2, then reports each failure with the value the kernel returns", () => {
    const { console, goals } = run("print-and-errors");
    const lines = console.split("\n").map((l) => l.replace(/\r$/, ""));
    const mine = lines.filter((l) => l.startsWith("[example]") || l === "!");
    expect(mine).toEqual([
      "[example] hello through the capability in slot 2",
      "!",
      `[example] slot 9 is empty: ${hex(0)}`,
      `[example] port 0x2F8 is outside the capability: ${hex(4)}`,
      `[example] slot 1 is not an IoPort: ${hex(2)}`,
      `[example] SYS_EXIT returned ${hex(0)}`,
    ]);
    expect(goals.every((g) => g.met)).toBe(true);
  });

  test("every failure also logs a kernel line, before the program prints the value", () => {
    const { console } = run("print-and-errors");
    expect(console.indexOf("[syscall] SYS_PORT_OUT: thread 1 bad slot 9")).toBeLessThan(
      console.indexOf("[example] slot 9 is empty"),
    );
    expect(console).toContain("outside cap range [0x03F8..0x0400)");
    expect(console).toContain("[syscall] UNKNOWN syscall number 0");
  });

  test("in the design kernel SYS_EXIT ends the program instead of returning", () => {
    const { console } = run("print-and-errors", "design");
    expect(console).not.toContain("[example] SYS_EXIT returned");
    expect(console).toContain("[syscall] SYS_EXIT: thread 1 (PID 1) exits with code 0");
  });

  test("the hex the page quotes for each value is what formatU64 prints", () => {
    expect(formatU64(errorValue(4))).toBe("0xFFFFFFFFFFFFFFFB");
  });
});

describe("virtio-probe", () => {
  test("reads features, status and the 1 MiB disk's 2048 sectors through slot 4", () => {
    const { console, goals } = run("virtio-probe");
    expect(console).toMatch(/\[virtio\] device features: 0x[0-9A-F]+\r?\n/);
    expect(console).toContain("[virtio] capacity: 2048 sectors");
    expect(goals.every((g) => g.met)).toBe(true);
  });

  test("without the capability in slot 4 (no virtio drive, as with make run-release) the first read fails", () => {
    const scenario = structuredClone(BUILTIN_SCENARIOS["virtio-probe"]) as {
      processes: { caps: { slot: number }[] }[];
    };
    const probe = scenario.processes[0];
    if (!probe) throw new Error("virtio-probe has no process");
    probe.caps = probe.caps.filter((c) => c.slot !== 4);
    const { console } = run(scenario);
    expect(console).toContain(`[virtio] cannot read the device (err=${errorValue(0).toString(10)})`);
    expect(console).not.toContain("capacity");
  });
});
