/**
 * The engine's own fuzz harness. It feeds the assembler, the scenario parser (and, through Session.open,
 * the compiler and boot), the share-link decoder and the whole machine generated and mutated input, and
 * after every run checks what must always hold: no exception but the documented error results, frames
 * conserved and integral, every thread in at most one queue and in the state that queue means, the
 * kernel's threads alive, and in the design no capability with rights it could not have. On a sample it
 * checks determinism and exact time travel. fast-check shrinks each failure to a minimal reproducer.
 *
 * Every input must be accepted or rejected within SLOW_MS: one that takes longer is timed again on its
 * own (after a collection, when the runtime exposes one), and reported when it is still slow, so that a
 * pause of the garbage collector or a busy machine does not count against it.
 *
 * The harness is asynchronous because the link decoder is: it unpacks with the platform's
 * DecompressionStream, as the page does.
 */
import fc from "fast-check";
import { decodeShare } from "../components/simulator/island/codec";
import { assemble } from "../sim/asm/assembler";
import { bootRights, machineViolations, rightsViolations } from "../sim/invariants";
import { CATALOG } from "../sim/programs/catalog";
import { parseScenario } from "../sim/scenario/schema";
import { Session } from "../sim/session";
import { assembly, randomMachine, scenarioInput, shareLink } from "./arbitraries";

export type Target = "assembler" | "scenario" | "link" | "machine" | (string & {});

/** The longest a reader may wait for any input to be accepted or refused. */
export const SLOW_MS = 100;

export interface Failure {
  readonly target: Target;
  /** The failure's kind, with numbers blanked, so that one bug is reported once. */
  readonly signature: string;
  readonly message: string;
  /** The shrunk input, as JSON. */
  readonly reproducer: string;
}

/** An input that took longer than SLOW_MS to accept or reject, timed again on its own. */
export interface SlowInput {
  readonly target: Target;
  readonly ms: number;
  readonly input: string;
}

export interface TargetReport {
  readonly inputs: number;
  readonly exceptions: number;
  readonly invariantBreaks: number;
  readonly divergences: number;
  /**
   * The slowest input: the time to accept or reject it (open a session, not run it), as timed again alone
   * when the first time passed SLOW_MS.
   */
  readonly slowest: { readonly ms: number; readonly input: string };
  /** The longest first time, pauses of the collector and a busy machine included. */
  readonly worstFirstMs: number;
}

export interface FuzzReport {
  readonly seed: number;
  readonly inputs: number;
  readonly exceptions: number;
  readonly invariantBreaks: number;
  readonly divergences: number;
  readonly failures: readonly Failure[];
  readonly slow: readonly SlowInput[];
  readonly targets: Readonly<Record<string, TargetReport>>;
}

export interface FuzzTarget<T> {
  readonly name: Target;
  /** Share of the inputs this target gets. */
  readonly weight: number;
  readonly arbitrary: fc.Arbitrary<T>;
  /** Accepts or rejects the input (timed: this is what a reader waits for); returns a session to exercise. */
  readonly accept: (input: T) => Session | undefined | Promise<Session | undefined>;
  /** Runs an accepted input and checks it; throws a FuzzError for a broken invariant or a divergence. */
  readonly exercise?: (session: Session, input: T, sample: boolean) => void;
}

export class FuzzError extends Error {
  constructor(
    readonly kind: "invariant" | "divergence",
    message: string,
  ) {
    super(message);
  }
}

const STEPS = 200;

function checkMachine(session: Session): void {
  const atBoot = bootRights(session.current);
  session.run(STEPS);
  const broken = machineViolations(session.current);
  if (session.config.profile === "design") broken.push(...rightsViolations(session.current, atBoot));
  if (broken.length > 0) throw new FuzzError("invariant", broken.slice(0, 3).join("; "));
}

/** Runs the same scenario twice, and once by seeking: all three must agree at the end, bit for bit. */
function checkDeterminism(input: unknown, straight: Session): void {
  const again = Session.open(input as object);
  if (!again.ok) throw new FuzzError("divergence", "opened once, refused the second time");
  again.session.run(STEPS);
  if (again.session.stateHash() !== straight.stateHash())
    throw new FuzzError("divergence", "the same scenario gave two different states");
  const end = straight.tick;
  const travelled = again.session;
  travelled.seek(Math.floor(end / 3));
  travelled.seek(Math.floor((2 * end) / 3));
  travelled.seek(end);
  if (travelled.stateHash() !== straight.stateHash())
    throw new FuzzError("divergence", `seek then forward to tick ${end} differs from the straight run`);
}

export const TARGETS: readonly FuzzTarget<unknown>[] = [
  {
    name: "assembler",
    weight: 3,
    arbitrary: assembly as fc.Arbitrary<unknown>,
    accept: (source) => {
      assemble(source as string, { libraries: CATALOG.libraries });
      return undefined;
    },
  },
  {
    name: "scenario",
    weight: 3,
    arbitrary: scenarioInput,
    accept: (input) => {
      parseScenario(input);
      const opened = Session.open(input as object);
      return opened.ok ? opened.session : undefined;
    },
    exercise: (session) => checkMachine(session),
  },
  {
    name: "link",
    weight: 2,
    arbitrary: shareLink as fc.Arbitrary<unknown>,
    // What the playground does with a link: decode it, then open what it holds.
    accept: async (link) => {
      const decoded = await decodeShare(link as string);
      if (typeof decoded.ok !== "boolean" || (!decoded.ok && typeof decoded.error !== "string"))
        throw new Error("decodeShare returned neither a state nor an error");
      if (!decoded.ok) return undefined;
      if (!parseScenario(decoded.state.scenario).ok)
        throw new FuzzError("invariant", "a decoded link holds a scenario the schema refuses");
      const opened = Session.open(decoded.state.scenario, { profile: decoded.state.profile });
      return opened.ok ? opened.session : undefined;
    },
    exercise: (session) => checkMachine(session),
  },
  {
    name: "machine",
    weight: 4,
    arbitrary: randomMachine as fc.Arbitrary<unknown>,
    accept: (input) => {
      const opened = Session.open(input as object);
      if (!opened.ok)
        throw new Error(`a generated machine was refused: ${opened.errors.slice(0, 2).join("; ")}`);
      return opened.session;
    },
    exercise: (session, input, sample) => {
      checkMachine(session);
      if (sample) checkDeterminism(input, session);
    },
  },
];

const signatureOf = (target: Target, message: string) =>
  `${target}: ${message
    .split("\n")[0]
    ?.replace(/-?\d+(\.\d+)?/g, "#")
    .slice(0, 120)}`;

/** Milliseconds `accept` takes on `input`. */
async function timed<T>(target: FuzzTarget<T>, input: T): Promise<{ ms: number; session?: Session }> {
  const start = performance.now();
  const session = await target.accept(input);
  return { ms: performance.now() - start, ...(session ? { session } : {}) };
}

/** The best of three runs on its own, after a collection when the runtime offers one (node --expose-gc). */
async function retime<T>(target: FuzzTarget<T>, input: T): Promise<number> {
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < 3; i++) {
    (globalThis as { gc?: () => void }).gc?.();
    try {
      best = Math.min(best, (await timed(target, input)).ms);
    } catch {
      return best; // it threw the first time too: reported as an exception
    }
  }
  return best;
}

/**
 * Runs `count` inputs spread over the targets by weight, in batches so that one failure does not stop
 * the search for others. Determinism and time travel are checked on every `sampleEvery`-th machine.
 */
export async function runFuzz(options: {
  seed: number;
  count: number;
  targets?: readonly FuzzTarget<unknown>[];
  sampleEvery?: number;
  batch?: number;
  onBatch?: (done: number) => void;
}): Promise<FuzzReport> {
  const targets = options.targets ?? TARGETS;
  const sampleEvery = options.sampleEvery ?? 10;
  const batch = options.batch ?? 500;
  const totalWeight = targets.reduce((a, t) => a + t.weight, 0);
  const failures = new Map<string, Failure>();
  const slow: SlowInput[] = [];
  const reports: Record<string, TargetReport> = {};
  let inputs = 0;
  let batchNo = 0;

  for (const target of targets) {
    const share = Math.round((options.count * target.weight) / totalWeight);
    const stats = {
      inputs: 0,
      exceptions: 0,
      invariantBreaks: 0,
      divergences: 0,
      slowest: { ms: -1, input: "" },
      worstFirstMs: 0,
    };
    let n = 0;
    while (stats.inputs < share) {
      const runs = Math.min(batch, share - stats.inputs);
      const seed = (options.seed + 7919 * batchNo++) >>> 0;
      const property = fc.asyncProperty(target.arbitrary, async (input) => {
        n++;
        const first = await timed(target, input);
        const session = first.session;
        stats.worstFirstMs = Math.max(stats.worstFirstMs, first.ms);
        let ms = first.ms;
        if (ms > SLOW_MS) {
          ms = await retime(target, input);
          const text = preview(input, 4000);
          // Shrinking a failure replays inputs: report each slow one once.
          if (ms > SLOW_MS && !slow.some((x) => x.input === text))
            slow.push({ target: target.name, ms, input: text });
        }
        if (ms > stats.slowest.ms) stats.slowest = { ms, input: preview(input) };
        if (session) target.exercise?.(session, input, n % sampleEvery === 0);
      });
      const details = await fc.check(property, { seed, numRuns: runs });
      // numRuns counts the inputs tried before a failure, not the shrinking that follows it.
      const ran = details.failed ? Math.max(1, details.numRuns) : runs;
      inputs += ran;
      stats.inputs += ran;
      if (details.failed) {
        const error = details.errorInstance;
        const message = error instanceof Error ? error.message : String(error);
        const kind = error instanceof FuzzError ? error.kind : "exception";
        if (kind === "invariant") stats.invariantBreaks++;
        else if (kind === "divergence") stats.divergences++;
        else stats.exceptions++;
        const signature = signatureOf(target.name, `${kind}: ${message}`);
        if (!failures.has(signature)) {
          failures.set(signature, {
            target: target.name,
            signature,
            message: `${kind}: ${message}${error instanceof Error && kind === "exception" ? `\n${error.stack?.split("\n").slice(1, 4).join("\n")}` : ""}`,
            reproducer: preview(details.counterexample?.[0], 4000),
          });
        }
      }
      options.onBatch?.(inputs);
    }
    reports[target.name] = stats;
  }
  const sum = (k: "exceptions" | "invariantBreaks" | "divergences") =>
    Object.values(reports).reduce((a, r) => a + r[k], 0);
  return {
    seed: options.seed,
    inputs,
    exceptions: sum("exceptions"),
    invariantBreaks: sum("invariantBreaks"),
    divergences: sum("divergences"),
    failures: [...failures.values()],
    slow,
    targets: reports,
  };
}

function preview(input: unknown, max = 300): string {
  const text = typeof input === "string" ? JSON.stringify(input) : JSON.stringify(input, bigintSafe);
  return text === undefined ? String(input) : text.length > max ? `${text.slice(0, max)}…` : text;
}

function bigintSafe(_key: string, v: unknown): unknown {
  return typeof v === "bigint" ? `${v}n` : v;
}
