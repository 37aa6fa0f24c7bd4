/** Helpers for the engine's tests: build a machine around a snippet of assembly. */
import type { Capability } from "./abi/cap-types";
import type { ProfileName } from "./abi/profiles";
import { assemble } from "./asm/assembler";
import { getReg, REG } from "./cpu/contract";
import { bootMachine } from "./machine/boot";
import type { MachineConfig } from "./machine/config";
import type { Machine } from "./machine/machine";
import { LIBMNOS } from "./programs/libmnos";

export function program(source: string) {
  const r = assemble(source, { libraries: new Map([["libmnos", LIBMNOS]]) });
  if (!r.ok) throw new Error(`test program does not assemble: ${JSON.stringify(r.errors)}`);
  return r.program;
}

export function machineWith(
  profile: ProfileName,
  processes: { name?: string; source: string; caps?: { slot: number; cap: Capability }[] }[],
  overrides: Partial<MachineConfig> = {},
): Machine {
  const config: MachineConfig = {
    profile,
    cores: 1,
    quantumCycles: 1000,
    memoryMiB: 64,
    virtio: true,
    bootLog: false,
    initrd: [],
    events: [],
    processes: processes.map((p, i) => {
      const prog = program(p.source);
      return {
        name: p.name ?? `p${i + 1}`,
        image: { origin: prog.origin, bytes: prog.bytes, entry: prog.entry },
        caps: p.caps ?? [],
      };
    }),
    ...overrides,
  };
  return bootMachine(config).machine;
}

/** Steps until the thread has made `count` syscalls or `maxSteps` pass. */
export function runUntilSyscalls(m: Machine, tid: number, count: number, maxSteps = 10_000) {
  let seen = 0;
  const events = [];
  for (let i = 0; i < maxSteps && seen < count && !m.halted; i++) {
    for (const e of m.step().events) {
      events.push(e);
      if (e.kind === "syscall" && e.tid === tid) seen++;
    }
  }
  return events;
}

export function rax(m: Machine, tid = 1): bigint {
  const ctx = m.state.threads.get(tid)?.ctx;
  if (!ctx) throw new Error(`thread ${tid} has no user context`);
  return getReg(ctx, REG.rax);
}

export function reg(m: Machine, name: keyof typeof REG, tid = 1): bigint {
  const ctx = m.state.threads.get(tid)?.ctx;
  if (!ctx) throw new Error(`thread ${tid} has no user context`);
  return getReg(ctx, REG[name]);
}

export const cap = {
  com1: (rights = 0x1f): Capability => ({ object: { kind: "IoPort", base: 0x3f8, size: 8 }, rights }),
  pmm: (rights = 0x1f): Capability => ({ object: { kind: "PmmAllocator" }, rights }),
  process: (pid: number, rights = 0x1f): Capability => ({ object: { kind: "Process", pid }, rights }),
  endpoint: (id: number, rights = 0x1f): Capability => ({ object: { kind: "Endpoint", id }, rights }),
  irq: (irq: number, rights = 0x1f): Capability => ({ object: { kind: "Interrupt", irq }, rights }),
};

const quietMachine = { cores: 1, quantumCycles: 500, memoryMiB: 64, virtio: false, bootLog: false };

/**
 * Issue 13 #6: "writer" maps a frame into itself and into "victim"; the victim faults and is reaped, which
 * frees the frame (the kernel does not count mappings); the writer keeps incrementing a counter in it.
 */
export const SHARED_FRAME_AFTER_FREE = {
  version: 1,
  title: "a frame shared with a process that dies",
  profile: "design",
  machine: quietMachine,
  programs: {
    writer: {
      source: `_start:
  mov rax, SYS_ALLOC_MEMORY
  mov rdi, 1
  mov rsi, 10
  syscall
  mov rax, SYS_MAP_MEMORY
  mov rdi, 3
  mov rsi, 10
  mov rdx, 0x20000000
  mov r10, 1
  syscall
  mov rax, SYS_MAP_MEMORY
  mov rdi, 4
  mov rsi, 10
  mov rdx, 0x20000000
  mov r10, 1
  syscall
  mov rbx, 0x20000000
again:
  inc qword [rbx]
  jmp again`,
    },
    victim: {
      source: `_start:
  mov rcx, 3000
wait:
  dec rcx
  jne wait
  mov rax, qword [0x20000000]
  mov qword [0xDEAD000], rax`,
    },
  },
  processes: [
    {
      name: "writer",
      program: "writer",
      caps: [
        { slot: 1, cap: { kind: "PmmAllocator" }, rights: "ALL" },
        { slot: 3, cap: { kind: "Process", pid: 1 }, rights: "ALL" },
        { slot: 4, cap: { kind: "Process", pid: 2 }, rights: "ALL" },
      ],
    },
    { name: "victim", program: "victim", caps: [] },
  ],
};

/** A program whose PORT_OUT fails for lack of the WRITE right. */
export const PORT_OUT_WITHOUT_WRITE = {
  version: 1,
  title: "a write through a read-only capability",
  profile: "design",
  machine: quietMachine,
  programs: {
    p: {
      source: `_start:
  mov rax, SYS_PORT_OUT
  mov rdi, SLOT_COM1
  mov rsi, COM1
  mov rdx, 'x'
  mov r10, 0
  syscall
spin:
  jmp spin`,
    },
  },
  processes: [
    {
      name: "p",
      program: "p",
      caps: [{ slot: 2, cap: { kind: "IoPort", base: 0x3f8, size: 8 }, rights: ["READ"] }],
    },
  ],
};
