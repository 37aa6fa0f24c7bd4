/**
 * What a scenario may ask for. Every limit has a name, so an error can say which one was hit, and the
 * scenario-format page lists them from this table. They keep any input, however odd, to a bounded cost:
 * a scenario is accepted or rejected in milliseconds and one engine step stays within a frame.
 */
export interface Limit {
  readonly key: LimitKey;
  readonly value: number;
  readonly unit: string;
  /** What it bounds, in a reader's words. */
  readonly what: string;
}

export type LimitKey =
  | "memoryMiB"
  | "cores"
  | "quantumCycles"
  | "programs"
  | "sourceChars"
  | "imageBytes"
  | "processes"
  | "events"
  | "eventAt"
  | "serialInputChars"
  | "goals"
  | "initrdFiles"
  | "textChars"
  | "cliSteps";

export const LIMITS: Readonly<Record<LimitKey, Limit>> = {
  memoryMiB: { key: "memoryMiB", value: 4096, unit: "MiB", what: "simulated physical memory (at least 8)" },
  cores: { key: "cores", value: 8, unit: "cores", what: "cores the machine has (at least 1)" },
  quantumCycles: {
    key: "quantumCycles",
    value: 100_000,
    unit: "cycles",
    what: "length of a scheduling quantum (at least 100); one engine step runs at most one quantum",
  },
  programs: { key: "programs", value: 32, unit: "programs", what: "programs in one scenario" },
  sourceChars: {
    key: "sourceChars",
    value: 200_000,
    unit: "characters",
    what: "assembly source of one program, included libraries counted",
  },
  imageBytes: {
    key: "imageBytes",
    value: 1 << 20,
    unit: "bytes",
    what: "assembled program image (code and data, 1 MiB)",
  },
  processes: { key: "processes", value: 32, unit: "processes", what: "processes started at boot" },
  events: { key: "events", value: 10_000, unit: "events", what: "scripted hardware events" },
  eventAt: {
    key: "eventAt",
    value: 2 ** 40,
    unit: "cycles",
    what: "the cycle a scripted event happens at",
  },
  serialInputChars: {
    key: "serialInputChars",
    value: 65_536,
    unit: "characters",
    what: "text typed into COM1 by one scripted event",
  },
  goals: { key: "goals", value: 64, unit: "goals", what: "lab goals in one scenario" },
  initrdFiles: { key: "initrdFiles", value: 32, unit: "files", what: "files in the initrd" },
  textChars: {
    key: "textChars",
    value: 4_000,
    unit: "characters",
    what: "a title, description, name or goal text",
  },
  cliSteps: {
    key: "cliSteps",
    value: 10_000_000,
    unit: "steps",
    what: "steps one mnos-sim run may take (--steps)",
  },
};

/** "limit imageBytes (1048576 bytes): assembled program image (code and data, 1 MiB)" */
export function describeLimit(key: LimitKey): string {
  const l = LIMITS[key];
  return `limit ${l.key} (${l.value} ${l.unit}): ${l.what}`;
}
