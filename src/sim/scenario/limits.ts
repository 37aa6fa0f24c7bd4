/**
 * What a scenario may ask for, and what a running machine may hold. Every limit has a name, so an error
 * can say which one was hit; the scenario-format page lists them from this table, with the words in
 * limits-docs.ts (kept apart so they do not ship with the engine). They keep any input, however odd, to a
 * bounded cost: a scenario is accepted or rejected in milliseconds, one engine step stays within a frame,
 * and a machine never holds more than its hashes and snapshots can handle (past a run-time limit the
 * simulator stops the machine, naming the limit; the kernel has no such limit).
 */
export interface Limit {
  readonly value: number;
  readonly unit: string;
}

export type LimitKey =
  | "memoryMiB"
  | "cores"
  | "quantumCycles"
  | "programs"
  | "sourceChars"
  | "imageBytes"
  | "processes"
  | "caps"
  | "events"
  | "eventAt"
  | "serialInputChars"
  | "goals"
  | "initrdFiles"
  | "textChars"
  | "jsonDepth"
  | "cliSteps"
  | "liveProcesses"
  | "liveThreads"
  | "consoleChars"
  | "pageEvents";

/** Events one session in the page records; the island imports just this number, not the table. */
export const PAGE_EVENTS = 1_000_000;

export const LIMITS: Readonly<Record<LimitKey, Limit>> = {
  memoryMiB: { value: 4096, unit: "MiB" },
  cores: { value: 8, unit: "cores" },
  quantumCycles: { value: 100_000, unit: "cycles" },
  programs: { value: 32, unit: "programs" },
  sourceChars: { value: 200_000, unit: "characters" },
  imageBytes: { value: 1 << 20, unit: "bytes" },
  processes: { value: 32, unit: "processes" },
  caps: { value: 64, unit: "capabilities" },
  events: { value: 10_000, unit: "events" },
  eventAt: { value: 2 ** 40, unit: "cycles" },
  serialInputChars: { value: 65_536, unit: "characters" },
  goals: { value: 64, unit: "goals" },
  initrdFiles: { value: 32, unit: "files" },
  textChars: { value: 4_000, unit: "characters" },
  jsonDepth: { value: 32, unit: "levels" },
  cliSteps: { value: 10_000_000, unit: "steps" },
  liveProcesses: { value: 256, unit: "processes" },
  liveThreads: { value: 1_024, unit: "threads" },
  consoleChars: { value: 16_777_216, unit: "characters" },
  pageEvents: { value: PAGE_EVENTS, unit: "events" },
};

/** "limit imageBytes: at most 1048576 bytes" */
export function describeLimit(key: LimitKey): string {
  const l = LIMITS[key];
  return `limit ${key}: at most ${l.value} ${l.unit}`;
}
