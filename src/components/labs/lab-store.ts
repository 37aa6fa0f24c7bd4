/**
 * A lab in the page: the playground's editing and running, plus the lab's checklist. Goals are judged
 * as the reader steps and runs (a goal met once stays met), and Check runs the programs again from the
 * start, judging after every kernel step, until nothing is left to run.
 */
import { signal } from "@preact/signals";
import { CHECK_TICKS, type Lab } from "../../labs/lab";
import { type CheckEnd, finished, GoalRun, GoalTracker, type StartFacts, startFacts } from "../../sim/goals";
import type { EngineSession } from "../simulator/island/engine";
import { PlaygroundSim } from "../simulator/island/playground-store";
import { nextTask } from "../simulator/island/store";
import { hintsShown, isDone, markDone, setHintsShown } from "./progress";

/** Engine time per task while checking: the page stays responsive. */
const SLICE_MS = 4;

export class LabSim extends PlaygroundSim {
  readonly met = signal<readonly boolean[]>([]);
  readonly checking = signal(false);
  /** What the last Check found, in words. */
  readonly verdict = signal<string | null>(null);
  readonly hints = signal(0);
  readonly done = signal(false);
  /** The reader's code before "Use the solution", to go back to. */
  readonly beforeSolution = signal<string | null>(null);
  private tracker: GoalTracker | null = null;
  private judged: { session: EngineSession; start: StartFacts } | null = null;
  private checkToken = 0;

  constructor(readonly lab: Lab) {
    super([]);
  }

  /** A lab's run stops where nothing is left to run: from there on only the idle threads would. */
  protected override endOfRun(s: EngineSession): boolean {
    return finished(s.current);
  }

  /** The playground remembers its last scenario; a lab never takes its place. */
  protected override rememberLast(): void {}

  /** Opens the lab with the reader's saved code and progress. */
  async openLab(): Promise<void> {
    await this.load();
    this.hints.value = hintsShown(this.lab.id);
    this.done.value = isDone(this.lab.id);
    this.setBase(this.lab.scenario, `lab-${this.lab.id}`, this.lab.scenario.profile);
    const saved = this.savedEdits(`lab-${this.lab.id}`);
    if (saved) this.sources.value = { ...this.sources.value, ...saved };
    this.reopen(0);
  }

  /** Judges the goals at the current moment; called whenever the view refreshes. */
  judge(): void {
    const s = this.session.peek();
    if (!s) return;
    if (this.judged?.session !== s) {
      // New programs or another kernel: a new run, so the checklist starts over.
      this.judged = { session: s, start: startFacts(s.initialState()) };
      this.tracker = new GoalTracker(s.scenario);
    }
    if (this.checking.peek() || !this.tracker) return;
    if (this.tracker.update(s.current, s.events(), this.judged.start)) this.showMet();
    else if (this.met.peek().length !== this.tracker.met.length) this.met.value = [...this.tracker.met];
  }

  private showMet(): void {
    const t = this.tracker;
    if (!t) return;
    this.met.value = [...t.met];
    if (t.allMet && !this.done.peek()) {
      markDone(this.lab.id);
      this.done.value = true;
      this.say("Every goal is met: lab done.", true);
    }
  }

  /** Runs the programs from the start and judges every goal on the way, a few milliseconds at a time. */
  check(): void {
    this.flushEdits();
    const s = this.session.peek();
    if (!s) {
      this.verdict.value = "The programs do not assemble yet: fix the errors shown under the editor first.";
      this.say(this.verdict.value, true);
      return;
    }
    this.stop();
    const before = s.tick;
    s.seek(0);
    const run = new GoalRun(s, this.lab.checkTicks ?? CHECK_TICKS);
    this.tracker = run.tracker;
    this.judged = { session: s, start: startFacts(s.initialState()) };
    const token = ++this.checkToken;
    this.checking.value = true;
    this.running.value = true;
    this.verdict.value = "Checking: running your programs from the start…";
    this.say(this.verdict.value, true);
    this.moved(before);
    let painted = performance.now();
    const slice = () => {
      if (token !== this.checkToken || !this.running.peek()) {
        this.checking.value = false;
        this.verdict.value = "Check stopped before the end. Goals met so far stay ticked.";
        this.showMet();
        return;
      }
      const t0 = performance.now();
      let end: CheckEnd | null = null;
      while (end === null && performance.now() - t0 < SLICE_MS) end = run.advance(25);
      if (end !== null || t0 - painted > 200) {
        painted = t0;
        this.showMet();
        this.moved(s.tick);
      }
      if (end === null) {
        nextTask(slice);
        return;
      }
      this.checking.value = false;
      this.running.value = false;
      this.frame.value++;
      this.verdict.value = this.describe(end, run.tracker.met, run.ticks);
      this.say(this.verdict.value, true);
    };
    nextTask(slice);
  }

  private describe(end: CheckEnd, met: readonly boolean[], ticks: number): string {
    const goals = this.lab.scenario.goals ?? [];
    const n = met.filter(Boolean).length;
    const how =
      end === "finished"
        ? `Your programs ran to the end (tick ${ticks.toLocaleString("en")}).`
        : end === "halted"
          ? `The machine halted at tick ${ticks.toLocaleString("en")}.`
          : `Your programs were still running after ${ticks.toLocaleString("en")} ticks, so Check stopped there.`;
    if (n === goals.length) return `${how} All ${n} goals are met: lab done.`;
    const first = met.findIndex((m) => !m);
    return `${how} ${n} of ${goals.length} goals met. Not yet: goal ${first + 1}, “${goals[first]?.description}”.`;
  }

  /** Shows one more hint. */
  nextHint(): void {
    const n = Math.min(this.lab.hints.length, this.hints.peek() + 1);
    this.hints.value = n;
    setHintsShown(this.lab.id, n);
  }

  /** Puts the reference solution in the editor; the reader's code can come back once. */
  useSolution(): void {
    const name = this.lab.edit;
    const mine = this.sources.peek()[name] ?? "";
    if (mine !== this.lab.solution) this.beforeSolution.value = mine;
    this.setSource(name, this.lab.solution);
    this.notice.value = "The solution is in the editor. Press Check to see it meet every goal.";
  }

  backToMine(): void {
    const mine = this.beforeSolution.peek();
    if (mine === null) return;
    this.beforeSolution.value = null;
    this.setSource(this.lab.edit, mine);
    this.notice.value = "Your code is back.";
  }
}
