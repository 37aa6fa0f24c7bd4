/**
 * The lab goal checks in words, for the scenario-format page and the guide to writing labs. Kept apart
 * from schema.ts so the words do not ship with the engine; a test keeps one entry per shape of check.
 */
export interface GoalKindDoc {
  /** The fields that tell this check from the others, as they appear in `check`. */
  readonly fields: readonly string[];
  readonly example: string;
  readonly meaning: string;
  /** Event checks look at everything so far; state checks at the machine as it is at that moment. */
  readonly looksAt: "events" | "state";
}

export const GOAL_KINDS: readonly GoalKindDoc[] = [
  {
    fields: ["console"],
    example: '{ "console": "Hello" }',
    meaning: "The serial console, the kernel's lines and the programs' output together, contains the text.",
    looksAt: "events",
  },
  {
    fields: ["output"],
    example: '{ "output": "Hello" }',
    meaning: "What programs wrote to COM1, without the kernel's lines, contains the text.",
    looksAt: "events",
  },
  {
    fields: ["syscall", "result", "process"],
    example: '{ "syscall": "PORT_OUT", "result": "NO_RIGHTS", "process": "child" }',
    meaning:
      'A call of that syscall returned "ok" or the named error; with `process`, only that process\'s calls count (spawned processes are named user-proc).',
    looksAt: "events",
  },
  {
    fields: ["process", "state"],
    example: '{ "process": "hello", "state": "exited" }',
    meaning: "A process by that name has been created, has exited or has been reaped.",
    looksAt: "events",
  },
  {
    fields: ["thread", "state"],
    example: '{ "thread": "pong", "state": "BlockedRecv" }',
    meaning:
      "A thread of the named process is in that ThreadState now: Ready, Running, BlockedSend, BlockedRecv or Dead.",
    looksAt: "state",
  },
  {
    fields: ["process", "register", "equals"],
    example: '{ "process": "ping", "register": "r12", "equals": "10" }',
    meaning: "A thread of the process holds the value in the register (decimal, -1 style, or 0x hex).",
    looksAt: "state",
  },
  {
    fields: ["process", "memory", "equals", "size"],
    example: '{ "process": "heap", "memory": "0x50000000", "equals": "42", "size": 8 }',
    meaning:
      "The process's memory at that address, read through its page tables, holds the value (little-endian, 1, 2, 4 or 8 bytes).",
    looksAt: "state",
  },
  {
    fields: ["process", "slot", "cap", "rights"],
    example: '{ "process": "child", "slot": 2, "cap": "IoPort", "rights": ["READ"] }',
    meaning:
      "The CNode slot of the process holds a capability of that type, with exactly those rights when given.",
    looksAt: "state",
  },
  {
    fields: ["framesFree"],
    example: '{ "framesFree": "start" }',
    meaning:
      "At least as many physical frames are free as at tick 0: nothing leaked (frames the kernel's own boot threads give back do not count). Holds at the start, so give it an `after`.",
    looksAt: "state",
  },
  {
    fields: ["ran", "core"],
    example: '{ "ran": "worker", "core": 2 }',
    meaning: "A thread of the named process has run on that core.",
    looksAt: "events",
  },
  {
    fields: ["noFault"],
    example: '{ "noFault": true }',
    meaning: "No thread has faulted so far. Holds at the start, so give it an `after`.",
    looksAt: "events",
  },
  {
    fields: ["faulted"],
    example: '{ "faulted": "heap" }',
    meaning: "A thread of the named process has faulted (a page fault, a general protection fault...).",
    looksAt: "events",
  },
  {
    fields: ["halted"],
    example: '{ "halted": true }',
    meaning: "The machine has stopped (a kernel panic or a fault the kernel halts on), or has not.",
    looksAt: "state",
  },
];
