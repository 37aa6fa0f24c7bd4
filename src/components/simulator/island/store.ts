/**
 * The island's state and actions. The engine runs on the main thread in slices of at most ~4 ms, one
 * task at a time (a MessageChannel hop between them), so input and painting always get their turn: Pause
 * takes effect before the next slice. The views read plain models (model.ts) built at most once a frame.
 * Why not a Worker: every view reads the machine state directly (maps, frames, registers); on the main
 * thread that costs nothing, in a Worker each frame would copy it across.
 */
import { batch, computed, type Signal, signal } from "@preact/signals";
import type {
  AsmError,
  BreakCondition,
  EngineSession,
  GuestCompiler,
  ProfileName,
  ScenarioInput,
} from "./engine";
import type { CompiledScenario } from "./engine-core";
import type { ViewModel } from "./model";
import { storageGet, storageSet } from "./storage";

export { storageGet, storageSet };

/** What the page loads to run a scenario compiled at build time (an embed). */
export type CoreRuntime = typeof import("./runtime-core");
/** That, plus opening scenarios from text, the catalogue and the comparison of kernels (the playground). */
export type Runtime = typeof import("./runtime");

export interface ScenarioChoice {
  readonly id: string;
  readonly title: string;
}

export type Breakpoint = BreakCondition & { readonly id: number };

/** Ticks per second for each step of the speed control; the last is "as fast as it goes". */
export const SPEEDS = [1, 10, 100, 1_000, 10_000, 100_000, Number.POSITIVE_INFINITY] as const;
export const SPEED_LABELS = [
  "1 tick per second",
  "10 ticks per second",
  "100 ticks per second",
  "1,000 ticks per second",
  "10,000 ticks per second",
  "100,000 ticks per second",
  "full speed",
];
/** Engine time per task; a task yields to input and painting after it. */
const SLICE_MS = 4;
/** How often a full-speed run repaints: the controls, and one lane in turn. */
const FULL_SPEED_REPAINT_MS = 100;

/** The parts of a page that repaint in turn during a full-speed run (Sim.shown). */
export const LANES = 3;
export type Lane = 0 | 1 | 2;
const NO_CHANGES: ReadonlySet<string> = new Set();

export const STEP_EVENT_KINDS = ["syscall", "schedule", "irq", "fault"] as const;

/**
 * Runs `fn` as a task of its own, after the current one. Where the browser has a task scheduler, at
 * background priority: a long run then gives way to every frame and every input. A chain of ordinary
 * tasks would hold rendering back for up to 100 ms at a time (Chrome's limit before it paints anyway).
 * Elsewhere a MessageChannel hop, which input still overtakes.
 */
export const nextTask: (fn: () => void) => void = (() => {
  type PostTask = (fn: () => void, options: { priority: "background" }) => Promise<unknown>;
  const scheduler = (globalThis as { scheduler?: { postTask?: PostTask } }).scheduler;
  if (scheduler?.postTask) {
    const post = scheduler.postTask.bind(scheduler);
    return (fn) => void post(fn, { priority: "background" });
  }
  let channel: MessageChannel | null = null;
  const queue: (() => void)[] = [];
  return (fn) => {
    if (!channel) {
      channel = new MessageChannel();
      channel.port1.onmessage = () => queue.shift()?.();
    }
    queue.push(fn);
    channel.port2.postMessage(0);
  };
})();

export class Sim {
  rt: CoreRuntime | null = null;
  /** The Wasm text compiler, loaded only for a scenario that brings its own guest. */
  private compileGuest: GuestCompiler | undefined;
  readonly loaded = signal(false);
  readonly session: Signal<EngineSession | null> = signal(null);
  /** Bumped whenever the position or the timeline changes; views re-read the model. */
  readonly frame = signal(0);
  readonly running = signal(false);
  readonly speed = signal(SPEEDS.length - 1);
  readonly stepCore = signal(-1);
  readonly scenarioId = signal("");
  readonly scenarioTitle = signal("");
  readonly profile = signal<ProfileName>("design");
  /** The scenario as loaded (built-in or file), before the reader's edits. */
  base: ScenarioInput | null = null;
  readonly sources = signal<Record<string, string>>({});
  readonly original = signal<Record<string, string>>({});
  readonly asmErrors = signal<{ program: string; errors: AsmError[] }[]>([]);
  readonly openErrors = signal<string[]>([]);
  readonly alert = signal<string | null>(null);
  readonly notice = signal<string | null>(null);
  readonly announcement = signal("");
  readonly breakpoints = signal<Breakpoint[]>([]);
  readonly selectedTid = signal<number | null>(null);
  readonly shareLink = signal<{ url: string; long: boolean } | null>(null);
  readonly divergence = signal<string | null>(null);
  /** The profile switch that explains the divergence, when known (a key of PROFILE_SWITCHES). */
  divergenceSwitch: string | null = null;
  private previousTick: number | null = null;
  private prevModel: ViewModel | null = null;
  private lastAnnounce = 0;
  private runGen = 0;
  /** Events a run may record before it pauses: the engine's PAGE_EVENT_LIMIT, unless a test sets less. */
  eventLimit: number | null = null;
  /** Cancels the running run's repaint loop. */
  private stopPainting: () => void = () => {};

  readonly model = computed<ViewModel | null>(() => {
    this.frame.value;
    const s = this.session.value;
    if (!s || !this.rt) return null;
    const m = this.rt.buildModel(s, this.previousTick, !this.running.value, () => this.frame.value++);
    return m;
  });
  readonly changed = computed(() => {
    const m = this.model.value;
    const changed = m && this.rt ? this.rt.changedCells(this.prevModel, m) : new Set<string>();
    return changed;
  });

  /**
   * During a full-speed run the panels take turns: each repaint refreshes the controls and one part of
   * the page (a lane), so no repaint costs the whole page's render. Otherwise every lane shows the model.
   */
  private readonly staggered = signal(false);
  private readonly lanes = Array.from({ length: LANES }, () => signal<ViewModel | null>(null));

  /** The model as the views in `lane` show it (see `staggered`). */
  shown(lane: Lane): ViewModel | null {
    return this.staggered.value ? (this.lanes[lane]?.value ?? null) : this.model.value;
  }

  /** What the last step changed, for the views in `lane`; nothing is marked while lanes take turns. */
  shownChanges(_lane: Lane): ReadonlySet<string> {
    return this.staggered.value ? NO_CHANGES : this.changed.value;
  }

  constructor(
    readonly scenarios: readonly ScenarioChoice[],
    private readonly loader: () => Promise<CoreRuntime> = () => import("./runtime"),
  ) {}

  async load(): Promise<CoreRuntime> {
    if (!this.rt) {
      this.rt = await this.loader();
      this.loaded.value = true;
    }
    return this.rt;
  }

  /** The whole runtime, or null when only the core was loaded (an embed runs a compiled scenario). */
  protected fullRuntime(): Runtime | null {
    const rt = this.rt;
    return rt && "openScenario" in rt ? (rt as Runtime) : null;
  }

  /** Runs a scenario the build compiled for this page (an embed): no parsing, no assembling here. */
  openCompiled(id: string, compiled: CompiledScenario): boolean {
    const rt = this.rt;
    if (!rt) return false;
    this.stop();
    const r = rt.EngineSession.fromCompiled(compiled);
    batch(() => {
      this.scenarioId.value = id;
      this.scenarioTitle.value = compiled.scenario.title;
      this.profile.value = compiled.config.profile;
      this.openErrors.value = r.ok ? [] : r.errors;
      this.session.value = r.ok ? r.session : null;
      this.frame.value++;
    });
    return r.ok;
  }

  // ---- opening scenarios --------------------------------------------------------------------------

  /** Opens a built-in scenario with the reader's saved edits, if any. */
  openBuiltin(id: string, profile?: ProfileName): boolean {
    const rt = this.fullRuntime();
    const base = rt?.BUILTIN_SCENARIOS[id];
    if (!rt || !base) return false;
    this.setBase(base, id, profile ?? base.profile);
    this.opened(id);
    this.reopen(0);
    return true;
  }

  /** A hook for the playground: bring back saved edits, remember the scenario. */
  protected opened(_id: string): void {}

  protected setBase(base: ScenarioInput, id: string, profile: ProfileName): void {
    this.stop();
    this.base = base;
    batch(() => {
      this.scenarioId.value = id;
      this.scenarioTitle.value = base.title;
      this.profile.value = profile;
      const rt = this.fullRuntime();
      const sources = rt ? rt.programSources(base) : {};
      this.original.value = sources;
      this.sources.value = sources;
      this.breakpoints.value = [];
      this.divergence.value = null;
      this.shareLink.value = null;
      this.selectedTid.value = null;
    });
  }

  /** The scenario as it stands: the base with the reader's programs (unchanged ones stay built-in). */
  currentScenario(): ScenarioInput | null {
    if (!this.base) return null;
    const programs: ScenarioInput["programs"] = {};
    for (const [name, p] of Object.entries(this.base.programs)) {
      const src = this.sources.value[name];
      programs[name] = src !== undefined && src !== this.original.value[name] ? { source: src } : p;
    }
    return { ...this.base, programs, profile: this.profile.value };
  }

  /** Assembles the programs and starts a fresh session at `tick` (0: just after boot). */
  reopen(tick: number): void {
    const rt = this.fullRuntime();
    const scenario = this.currentScenario();
    if (!rt || !scenario) return;
    if (scenario.wasmGuest !== undefined && !this.compileGuest) {
      void import("../../../sim/wasm/compile-wat").then((m) => {
        this.compileGuest = m.compileGuestText;
        this.reopen(tick);
      });
      return;
    }
    this.stop();
    const r = rt.openScenario(scenario, {
      profile: this.profile.value,
      ...(this.compileGuest ? { compileGuest: this.compileGuest } : {}),
    });
    batch(() => {
      if (!r.ok) {
        this.session.value = null;
        this.asmErrors.value = r.asmErrors;
        this.openErrors.value = r.asmErrors.length > 0 ? [] : r.errors;
        return;
      }
      this.asmErrors.value = [];
      this.openErrors.value = [];
      this.previousTick = null;
      this.prevModel = null;
      this.session.value = r.session;
      if (tick > 0) r.session.seek(tick);
      this.frame.value++;
    });
  }

  // ---- editing ------------------------------------------------------------------------------------

  // ---- moving in time -----------------------------------------------------------------------------

  protected moved(before: number): void {
    this.prevModel = this.model.peek();
    this.previousTick = before;
    this.frame.value++;
  }

  /** Applies edits still waiting to be assembled, so an action never lands on the old programs. */
  protected flushEdits(): void {}

  private act(label: string, f: (s: EngineSession) => void): void {
    this.flushEdits();
    const s = this.session.value;
    if (!s) return;
    this.stop();
    const before = s.tick;
    f(s);
    this.moved(before);
    this.say(`${label}: tick ${s.tick}. ${this.summary()}`, true);
  }

  step(): void {
    this.act("Step", (s) => s.stepInstruction(this.stepCore.value));
  }
  stepEvent(): void {
    this.act("Step event", (s) => s.stepEvent(STEP_EVENT_KINDS));
  }
  stepBack(): void {
    this.act("Step back", (s) => s.stepBack());
  }
  reset(): void {
    this.act("Reset", (s) => s.seek(0));
  }
  seek(tick: number): void {
    this.act("Seek", (s) => s.seek(tick));
  }

  /** A short account of the last step, for the live region. */
  private summary(): string {
    const m = this.model.peek();
    if (!m) return "";
    const err = m.errors[0];
    if (err) return `${err.syscall} returned ${err.name} (${err.signed}): ${err.meaning}.`;
    const s = this.session.peek();
    const pidName = (pid: number) => m.processes.find((p) => p.pid === pid)?.name ?? `PID ${pid}`;
    const interesting = m.lastEvents.filter((e) => e.event.kind !== "frame" && e.event.kind !== "map");
    const last = interesting[interesting.length - 1];
    if (last && this.rt) return this.rt.describeEvent(last.event, pidName);
    return s?.ended ? "The machine has halted." : "";
  }

  /** Announces through the one polite live region, at most once a second unless asked for at once. */
  say(text: string, now = false): void {
    const t = performance.now();
    if (!now && t - this.lastAnnounce < 1000) return;
    this.lastAnnounce = t;
    this.announcement.value = text;
  }

  toggleRun(): void {
    if (this.running.value) this.stop(true);
    else this.start([]);
  }

  /** Runs until one of the breakpoints (plus `extra`) holds, the machine halts, or Pause. */
  start(extra: readonly BreakCondition[], label?: string): void {
    this.flushEdits();
    const s = this.session.value;
    if (!s) return;
    if (s.ended && s.tick >= s.length) {
      this.say("The machine has halted: step back or reset to run again.", true);
      return;
    }
    if (this.historyFull(s)) return;
    const conds = [...this.breakpoints.value.map(({ id: _, ...c }) => c as BreakCondition), ...extra];
    const gen = ++this.runGen;
    this.running.value = true;
    this.say(label ?? "Running.", true);
    // The first chunks run cold code (V8's interpreter, before its compilers have seen it), up to 50 times
    // slower than warm: start small and let the chunk grow to a millisecond's worth.
    let chunk = 500;
    let carry = 0;
    let last = performance.now();
    let paint = 0;
    let painted = 0;
    let turn = 0;
    const frame = (now: number) => {
      if (gen !== this.runGen) return;
      // At full speed the views refresh a few times a second, a lane at a time: what they show is a blur
      // anyway, and repainting them all every frame would take the time the run needs (and the input's).
      const full = SPEEDS[this.speed.value] === Number.POSITIVE_INFINITY;
      if (full && !this.staggered.peek()) {
        const m = this.model.peek();
        batch(() => {
          for (const lane of this.lanes) lane.value = m;
          this.staggered.value = true;
        });
      } else if (!full && this.staggered.peek()) this.staggered.value = false;
      if (now - painted >= (full ? FULL_SPEED_REPAINT_MS : 0)) {
        painted = now;
        this.prevModel = this.model.peek();
        this.previousTick = s.tick;
        this.frame.value++;
        if (full) {
          const lane = this.lanes[turn];
          if (lane) lane.value = this.model.peek();
          turn = (turn + 1) % LANES;
        }
      }
      paint = requestAnimationFrame(frame);
    };
    paint = requestAnimationFrame(frame);
    this.stopPainting = () => cancelAnimationFrame(paint);
    const tick = () => {
      if (gen !== this.runGen) return;
      if (this.endOfRun(s)) {
        this.stop();
        this.frame.value++;
        this.say(`Stopped at tick ${s.tick}: nothing is left to run.`, true);
        return;
      }
      const speed = SPEEDS[this.speed.value] ?? Number.POSITIVE_INFINITY;
      const t0 = performance.now();
      let stopped: "condition" | "halted" | "limit" = "limit";
      if (speed === Number.POSITIVE_INFINITY) {
        // Full speed: chunks sized to take about a millisecond each, until this slice has used its time.
        while (performance.now() - t0 < SLICE_MS) {
          const c0 = performance.now();
          const r = s.runUntil(conds, chunk);
          const took = performance.now() - c0;
          chunk = Math.max(
            500,
            Math.min(5_000_000, Math.round(chunk * (took > 1.5 ? 0.5 : took < 0.5 ? 2 : 1))),
          );
          stopped = r.stopped;
          if (stopped !== "limit") break;
        }
      } else {
        carry += ((t0 - last) / 1000) * speed;
        const n = Math.floor(carry);
        carry -= n;
        if (n > 0) {
          const r = conds.length > 0 ? s.runUntil(conds, n) : s.advance(n);
          stopped = typeof r === "number" ? (r < n ? "halted" : "limit") : r.stopped;
        }
      }
      last = t0;
      if (this.historyFull(s)) {
        this.stop();
        return;
      }
      if (stopped !== "limit") {
        this.stop();
        this.prevModel = this.model.peek();
        this.frame.value++;
        this.say(
          stopped === "halted"
            ? `Stopped: the machine has halted at tick ${s.tick}.`
            : `Stopped at tick ${s.tick}: ${this.summary()}`,
          true,
        );
        return;
      }
      if (speed === Number.POSITIVE_INFINITY) nextTask(tick);
      else setTimeout(tick, Math.max(4, Math.min(250, 1000 / speed)));
    };
    nextTask(tick);
  }

  /**
   * Whether this session's history is as long as a page keeps (PAGE_EVENT_LIMIT): a run past its end would
   * grow it without bound (an endless program records about 100,000 events a second at full speed, and
   * the tab would run out of memory within minutes). Says so when it is.
   */
  private historyFull(s: EngineSession): boolean {
    const max = this.eventLimit ?? this.rt?.PAGE_EVENT_LIMIT ?? Number.POSITIVE_INFINITY;
    if (s.tick < s.length || s.timeline().length < max) return false;
    const text = `Paused at tick ${s.tick}: this run has recorded ${max.toLocaleString("en")} events, as many as the page keeps. Step back, seek or Reset to look at any moment of it, or open the scenario again to start afresh.`;
    this.notice.value = text;
    this.say(text, true);
    return true;
  }

  /** Whether a run should stop here though nothing it waits for happened (a lab: nothing left to run). */
  protected endOfRun(_s: EngineSession): boolean {
    return false;
  }

  /** Stops a run; with `announce`, says where. Always takes effect before the next slice of work. */
  stop(announce = false): void {
    if (!this.running.peek()) return;
    this.runGen++;
    this.stopPainting();
    this.stopPainting = () => {};
    batch(() => {
      this.running.value = false;
      this.staggered.value = false;
      this.frame.value++;
    });
    if (announce) this.say(`Paused at tick ${this.session.peek()?.tick ?? 0}.`, true);
  }

  runTo(cond: BreakCondition, label: string): void {
    this.start([cond], `Running to the next ${label}.`);
  }

  // ---- breakpoints --------------------------------------------------------------------------------

  /** The playground URL fragment of this exact state, for an embed's "Open in playground". */
  async playgroundFragment(): Promise<string | null> {
    const s = this.session.peek();
    if (!s) return null;
    // The playground's edits make a new scenario to validate; an embed shares the one it runs.
    const sc = this.currentScenario();
    const rt = this.fullRuntime();
    const parsed = rt && sc ? rt.parseScenario(sc) : { ok: true as const, scenario: s.scenario };
    if (!parsed.ok) return null;
    const codec = await import("./codec");
    const r = await codec.encodeShare({
      scenario: parsed.scenario,
      profile: this.profile.value,
      tick: s.tick,
    });
    return r.ok ? r.fragment : null;
  }
}
