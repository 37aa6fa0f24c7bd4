import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { LANES, type Lane, nextTask, Sim, SPEEDS } from "./store";

/** requestAnimationFrame by hand: each `frame(now)` runs the callbacks waiting for that frame. */
function fakeFrames() {
  let waiting: FrameRequestCallback[] = [];
  vi.stubGlobal("requestAnimationFrame", (cb: FrameRequestCallback) => {
    waiting.push(cb);
    return waiting.length;
  });
  vi.stubGlobal("cancelAnimationFrame", () => {});
  return (now: number) => {
    const run = waiting;
    waiting = [];
    for (const cb of run) cb(now);
  };
}

/** Lets the engine run a few slices: each is a task of its own, queued before this one. */
async function slices(n = 3): Promise<void> {
  for (let i = 0; i < n; i++) await new Promise<void>((r) => nextTask(r));
}

let sims: Sim[] = [];

async function runaway(): Promise<Sim> {
  const sim = new Sim([]);
  sims.push(sim);
  await sim.load();
  const rt = await import("./runtime");
  const scenario = rt.BUILTIN_SCENARIOS.runaway;
  if (!scenario) throw new Error("no runaway scenario");
  const r = rt.openScenario(scenario, { profile: "design" });
  if (!r.ok) throw new Error(r.errors.join("\n"));
  sim.session.value = r.session;
  return sim;
}

const ticks = (sim: Sim) => Array.from({ length: LANES }, (_, k) => sim.shown(k as Lane)?.tick);

let frame: (now: number) => void;
beforeEach(() => {
  frame = fakeFrames();
});
afterEach(async () => {
  for (const sim of sims) sim.stop();
  sims = [];
  await slices();
  vi.unstubAllGlobals();
});

describe("a full-speed run repaints the page a lane at a time", () => {
  test("each repaint refreshes one lane; Pause shows every lane the exact state again", async () => {
    const sim = await runaway();
    sim.speed.value = SPEEDS.length - 1;
    sim.start([]);
    // The run's first frame: every lane shows where the run starts, and lane 0 takes the first turn.
    frame(1_000);
    expect(ticks(sim)).toEqual([0, 0, 0]);
    await slices();
    frame(1_200);
    const [a, b, c] = ticks(sim);
    expect(a).toBe(0);
    expect(b).toBeGreaterThan(0);
    expect(c).toBe(0);
    await slices();
    frame(1_400);
    expect(ticks(sim)[2]).toBeGreaterThan(b ?? 0);
    expect(ticks(sim)[0]).toBe(0);
    // Nothing is marked as changed while the lanes take turns: the marks would be a blur.
    expect(sim.shownChanges(1).size).toBe(0);

    const lastShown = ticks(sim)[2] ?? 0;
    await slices();
    sim.stop();
    const now = sim.model.value?.tick;
    expect(now).toBeGreaterThan(lastShown);
    expect(ticks(sim)).toEqual([now, now, now]);
  });

  test("at any other speed every lane shows the model as it is", async () => {
    const sim = await runaway();
    sim.speed.value = SPEEDS.indexOf(1_000);
    sim.start([]);
    for (let t = 1_000; t <= 1_400; t += 100) {
      frame(t);
      await new Promise((r) => setTimeout(r, 10));
    }
    const now = sim.model.value?.tick;
    expect(now).toBeGreaterThan(0);
    expect(ticks(sim)).toEqual([now, now, now]);
    sim.stop();
  });
});

describe("a run in the page keeps its history bounded", () => {
  test("an endless program pauses once the page holds its limit of events, says so, and stays paused", async () => {
    const sim = await runaway();
    sim.eventLimit = 5_000;
    sim.start([]);
    for (let i = 0; i < 2_000 && sim.running.value; i++) await slices(1);
    expect(sim.running.value).toBe(false);
    const s = sim.session.value;
    const events = s?.timeline().length ?? 0;
    expect(events).toBeGreaterThanOrEqual(5_000);
    // One slice past the limit at most, not a run that goes on growing.
    expect(events).toBeLessThan(5_000 * 4);
    expect(sim.notice.value).toMatch(/recorded 5,000 events, as many as the page keeps/);
    // Run again: it refuses at once; stepping back into the history still works.
    sim.start([]);
    expect(sim.running.value).toBe(false);
    const end = s?.tick ?? 0;
    sim.seek(Math.floor(end / 2));
    expect(s?.tick).toBe(Math.floor(end / 2));
    sim.start([]);
    expect(sim.running.value).toBe(true);
  });
});
