/** What each limit in limits.ts bounds, in a reader's words: for the scenario-format page only. */
import type { LimitKey } from "./limits";

export const LIMIT_WORDS: Readonly<Record<LimitKey, string>> = {
  memoryMiB: "simulated physical memory (at least 8)",
  cores: "cores the machine has (at least 1)",
  quantumCycles: "length of a scheduling quantum (at least 100); one engine step runs at most one quantum",
  programs: "programs in one scenario",
  sourceChars: "assembly source of one program, included libraries counted",
  imageBytes: "assembled program image (code and data, 1 MiB)",
  processes: "processes started at boot",
  caps: "capabilities one process starts with (its CNode has 64 slots)",
  events: "scripted hardware events",
  eventAt: "the cycle a scripted event happens at",
  serialInputChars: "text typed into COM1 by one scripted event",
  goals: "lab goals in one scenario",
  initrdFiles: "files in the initrd",
  textChars: "a title, description, name or goal text",
  jsonDepth: "how deep a scenario's JSON text (a file or a link) may nest arrays and objects",
  cliSteps: "steps one mnos-sim run may take (--steps)",
  liveProcesses: "processes alive at once while a machine runs; past it the simulator stops the machine",
  liveThreads:
    "threads alive at once (dead ones count until reaped); past it the simulator stops the machine",
  consoleChars: "text on the serial console (16 MiB); past it the simulator stops the machine",
  pageEvents:
    "events one session in the page records (about 90 MB with their snapshots); a run there pauses and says so, and stepping back or Reset still works",
};
