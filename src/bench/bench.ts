/**
 * npm run bench [-- --json]: the simulator's speed and memory, measured in one run and printed as ratios,
 * so a noisy machine moves both sides of each comparison together. A benchmark, not a test: it exits 0.
 */
import { serialize } from "node:v8";
import { getReg, REG } from "../sim/cpu/contract";
import { Session } from "../sim/session";

const json = process.argv.includes("--json");
const log = (s: string) => {
  if (!json) console.log(s);
};

const LOOP_START = 0x7fff_ffff_ffffn;

function scenario(
  programs: Record<string, string>,
  processes: { name: string; program: string; caps?: unknown[] }[],
  quantumCycles = 100_000,
) {
  return {
    version: 1,
    title: "bench",
    profile: "design",
    machine: { cores: 1, quantumCycles, memoryMiB: 64, virtio: false, bootLog: false },
    programs: Object.fromEntries(Object.entries(programs).map(([k, v]) => [k, { builtin: v }])),
    processes: processes.map((p) => ({ caps: [], ...p })),
  };
}

function open(s: object): Session {
  const r = Session.open(s);
  if (!r.ok) throw new Error(r.errors.join("\n"));
  return r.session;
}

function instructionsOf(session: Session): number {
  const ctx = session.current.state.threads.get(1)?.ctx;
  if (!ctx) throw new Error("no loop thread");
  return Number(LOOP_START - getReg(ctx, REG.rcx)) * 2;
}

/** Simulated instructions per second on a tight loop, through the whole engine (kernel, CPU, history). */
function engineSpeed(targetInstructions: number): number {
  const session = open(scenario({ loop: "tight-loop" }, [{ name: "loop", program: "loop" }]));
  session.run(2); // warm-up: reach the loop
  const start = performance.now();
  const before = instructionsOf(session);
  while (instructionsOf(session) - before < targetInstructions) session.run(10);
  const ms = performance.now() - start;
  return ((instructionsOf(session) - before) / ms) * 1000;
}

/**
 * The same loop on a minimal reference interpreter: pre-decoded ops, registers as 32-bit halves, no
 * kernel, no memory, no trace. What the engine costs is the gap between the two.
 */
function referenceSpeed(targetInstructions: number): number {
  const DEC = 0;
  const JNE = 1;
  const code = [
    { op: DEC, reg: 1, target: 0 },
    { op: JNE, reg: 0, target: 0 },
  ];
  const regs = new Uint32Array(32);
  regs[2] = 0xffff_ffff;
  regs[3] = 0x7fff;
  let zf = false;
  let pc = 0;
  let executed = 0;
  const start = performance.now();
  while (executed < targetInstructions) {
    const insn = code[pc];
    if (!insn) break;
    switch (insn.op) {
      case DEC: {
        const r = insn.reg * 2;
        const lo = regs[r] ?? 0;
        const hi = regs[r + 1] ?? 0;
        regs[r] = (lo - 1) >>> 0;
        regs[r + 1] = (hi - (lo === 0 ? 1 : 0)) >>> 0;
        zf = regs[r] === 0 && regs[r + 1] === 0;
        pc++;
        break;
      }
      case JNE:
        pc = zf ? pc + 1 : insn.target;
        break;
    }
    executed++;
  }
  const ms = performance.now() - start;
  return (executed / ms) * 1000;
}

function ipcRoundTrips(seconds: number): number {
  const endpoint = (rights: string[]) => ({ slot: 5, cap: { kind: "Endpoint", id: 1 }, rights });
  const com1 = { slot: 2, cap: { kind: "IoPort", base: 0x3f8, size: 8 }, rights: "ALL" };
  const s = {
    ...scenario({ ping: "ipc-ping", pong: "ipc-pong" }, []),
    programs: {
      ping: {
        source:
          "_start:\n  mov rax, SYS_SEND\n  mov rdi, 5\n  mov rsi, 1\n  mov rdx, 2\n  syscall\n  jmp _start",
      },
      pong: { source: "_start:\n  mov rax, SYS_RECV\n  mov rdi, 5\n  syscall\n  jmp _start" },
    },
    processes: [
      { name: "pong", program: "pong", caps: [com1, endpoint(["READ"])] },
      { name: "ping", program: "ping", caps: [com1, endpoint(["WRITE"])] },
    ],
  };
  const session = open(s);
  let messages = 0;
  const start = performance.now();
  while (performance.now() - start < seconds * 1000) {
    for (let i = 0; i < 1000; i++) for (const e of session.forward()) if (e.kind === "ipc") messages++;
  }
  return (messages / (performance.now() - start)) * 1000;
}

/** A seeded generator, so the seek targets are the same every run. */
function lcg(seed: number) {
  let x = seed >>> 0;
  return () => {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    return x / 2 ** 32;
  };
}

function runFor(session: Session, instructions: number): void {
  const before = instructionsOf(session);
  while (instructionsOf(session) - before < instructions) session.run(1);
}

/**
 * Seeks to random instructions of a 1 M-instruction boot (init builds its heap: thousands of syscalls and
 * a thousand frames), exactly, tick by tick: the worst of 20.
 */
function seekWorst(): { seekMsMax: number; ticks: number } {
  const session = open({ ...scenario({ init: "init" }, []), ...BOOT_LIKE });
  session.advance(1_000_000);
  const ticks = session.tick;
  const rnd = lcg(42);
  let worst = 0;
  for (let i = 0; i < 20; i++) {
    const target = Math.floor(rnd() * ticks);
    const t = performance.now();
    session.seek(target);
    worst = Math.max(worst, performance.now() - t);
    if (session.tick !== target) throw new Error(`seek(${target}) landed on ${session.tick}`);
  }
  return { seekMsMax: worst, ticks };
}

/** The boot scenario's init, quiet, on one core: a real program with syscalls, memory and output. */
const BOOT_LIKE = {
  machine: { cores: 1, quantumCycles: 10_000, memoryMiB: 64, virtio: true, bootLog: false },
  processes: [
    {
      name: "init",
      program: "init",
      initrd: true,
      caps: [
        { slot: 1, cap: { kind: "PmmAllocator" }, rights: "ALL" },
        { slot: 2, cap: { kind: "IoPort", base: 0x3f8, size: 8 }, rights: "ALL" },
        { slot: 3, cap: { kind: "Process", pid: 1 }, rights: "ALL" },
        { slot: 4, cap: { kind: "IoPort", base: 0xc000, size: 128 }, rights: "ALL" },
      ],
    },
  ],
  initrd: ["init"],
};

/** Instructions per second when a reader steps one instruction at a time (each step a separate call). */
function instructionStepRate(steps: number): number {
  const session = open(scenario({ loop: "tight-loop" }, [{ name: "loop", program: "loop" }], 10_000));
  session.run(2);
  const start = performance.now();
  for (let i = 0; i < steps; i++) session.stepInstruction(0);
  return (steps / (performance.now() - start)) * 1000;
}

function historyBytes(instructions: number): number {
  const session = open(scenario({ loop: "tight-loop" }, [{ name: "loop", program: "loop" }], 10_000));
  session.run(2);
  runFor(session, instructions);
  const h = (session as unknown as { history: { events: unknown; snapshots: Map<number, unknown> } }).history;
  let bytes = serialize(h.events).length;
  for (const snap of h.snapshots.values()) bytes += serialize(snap).length;
  return bytes;
}

/**
 * Heavy memory: a program that allocates a frame, maps it and writes to it, three syscalls a page, for
 * 100 k steps: 33 k frames touched and mapped, and a console of 6 MB (every ALLOC and MAP logs a line).
 * The slowest single step (snapshots and garbage collection included), one more snapshot, a state hash
 * when nothing changed, and the worst of 10 seeks to random ticks, as a reader's time travel over such a
 * run would meet them. The steps still over 50 ms are collections of the timeline's events (node
 * --trace-gc shows them), not snapshots.
 */
function heavyMemory(steps: number) {
  const source = `_start:
  mov r12, 0x10000000
again:
  mov rax, SYS_ALLOC_MEMORY
  mov rdi, SLOT_PMM
  mov rsi, 10
  syscall
  mov rax, SYS_MAP_MEMORY
  mov rdi, SLOT_SELF
  mov rsi, 10
  mov rdx, r12
  mov r10, 1
  syscall
  mov qword [r12], r12
  mov rax, SYS_DROP_CAP
  mov rdi, 10
  syscall
  add r12, 4096
  jmp again`;
  const session = open({
    ...scenario({}, []),
    machine: { cores: 1, quantumCycles: 10_000, memoryMiB: 512, virtio: false, bootLog: false },
    programs: { p: { source } },
    processes: [
      {
        name: "p",
        program: "p",
        caps: [
          { slot: 1, cap: { kind: "PmmAllocator" }, rights: "ALL" },
          { slot: 3, cap: { kind: "Process", pid: 1 }, rights: "ALL" },
        ],
      },
    ],
  });
  let stepMsMax = 0;
  let slowSteps = 0;
  let pages = 0;
  for (let i = 0; i < steps; i++) {
    const t = performance.now();
    for (const e of session.forward()) if (e.kind === "map") pages++;
    const ms = performance.now() - t;
    stepMsMax = Math.max(stepMsMax, ms);
    if (ms > 50) slowSteps++;
  }
  let t = performance.now();
  session.current.snapshot();
  const snapshotMs = performance.now() - t;
  session.stateHash();
  t = performance.now();
  session.stateHash();
  const hashMs = performance.now() - t;
  const ticks = session.tick;
  const rnd = lcg(7);
  let seekMsMax = 0;
  for (let i = 0; i < 10; i++) {
    const target = Math.floor(rnd() * ticks);
    t = performance.now();
    session.seek(target);
    seekMsMax = Math.max(seekMsMax, performance.now() - t);
  }
  return {
    stepMsMax,
    slowSteps,
    snapshotMs,
    hashMs,
    seekMsMax,
    pages,
    consoleBytes: session.current.console.length,
  };
}

const N = 20_000_000;
log(`Simulated instructions, tight loop, ${N / 1e6} M instructions each:`);
const refInstrPerSec = referenceSpeed(N);
const instrPerSec = engineSpeed(N);
const ratio = instrPerSec / refInstrPerSec;
log(`  engine     ${(instrPerSec / 1e6).toFixed(1)} M instr/s`);
log(`  reference  ${(refInstrPerSec / 1e6).toFixed(1)} M instr/s (no kernel, no memory, no trace)`);
log(`  ratio      ${ratio.toFixed(2)}`);
const ipcRoundTripsPerSec = ipcRoundTrips(1);
log(
  `IPC: ${Math.round(ipcRoundTripsPerSec).toLocaleString("en")} messages delivered per second (send + receive)`,
);
const { seekMsMax, ticks } = seekWorst();
log(
  `Seek: worst of 20 seeks to a random instruction of a ${(ticks / 1e6).toFixed(1)} M-tick boot: ${seekMsMax.toFixed(1)} ms`,
);
const stepRate = instructionStepRate(200_000);
log(`Step by instruction: ${Math.round(stepRate).toLocaleString("en")} single-instruction steps per second`);
const historyBytes10M = historyBytes(10_000_000);
log(
  `History for 10 M instructions: ${(historyBytes10M / 1e6).toFixed(2)} MB (serialized events and snapshots)`,
);

const heavy = heavyMemory(100_000);
log(
  `Heavy memory, 100 k steps of ALLOC + MAP (${Math.round(heavy.pages / 1000)} k pages mapped, ${(heavy.consoleBytes / 1e6).toFixed(1)} MB console):`,
);
log(`  worst step ${heavy.stepMsMax.toFixed(1)} ms (${heavy.slowSteps} steps over 50 ms)`);
log(`  snapshot: ${heavy.snapshotMs.toFixed(1)} ms`);
log(`  state hash, nothing changed: ${heavy.hashMs.toFixed(1)} ms`);
log(`  seek: worst of 10 to random ticks: ${heavy.seekMsMax.toFixed(1)} ms`);

const targets = [
  ["instrPerSec >= 20 M", instrPerSec >= 20e6],
  ["ratio >= 0.5", ratio >= 0.5],
  ["seek < 50 ms", seekMsMax < 50],
  ["instruction steps >= 100 k/s", stepRate >= 100_000],
  ["history <= 64 MB", historyBytes10M <= 64e6],
  ["heavy memory: snapshot < 16 ms (a frame)", heavy.snapshotMs < 16],
  ["heavy memory: unchanged hash < 16 ms", heavy.hashMs < 16],
  ["heavy memory: seek < 100 ms", heavy.seekMsMax < 100],
] as const;
log("Targets:");
for (const [name, ok] of targets) log(`  ${ok ? "PASS" : "FAIL"}  ${name}`);
if (json)
  console.log(
    JSON.stringify({
      instrPerSec,
      refInstrPerSec,
      ratio,
      ipcRoundTripsPerSec,
      seekMsMax,
      stepRate,
      historyBytes10M,
      heavy,
    }),
  );
