/**
 * The contract between the CPU (cpu/, asm/) and the kernel model (everything else in src/sim).
 * The CPU runs ring-3 code of one thread until a syscall, a fault or the end of its budget; the kernel
 * owns memory and decides what a syscall or a fault does.
 */

/** x86-64 register numbers, in encoding order. */
export const REG = {
  rax: 0,
  rcx: 1,
  rdx: 2,
  rbx: 3,
  rsp: 4,
  rbp: 5,
  rsi: 6,
  rdi: 7,
  r8: 8,
  r9: 9,
  r10: 10,
  r11: 11,
  r12: 12,
  r13: 13,
  r14: 14,
  r15: 15,
} as const;
export type RegName = keyof typeof REG;
export const REG_NAMES = Object.keys(REG) as RegName[];

/** Flag bits kept in UserContext.flags (RFLAGS positions). */
export const FLAG = { CF: 1 << 0, ZF: 1 << 6, SF: 1 << 7, IF: 1 << 9, OF: 1 << 11 } as const;

/**
 * A thread's user-mode register state. Each 64-bit register is two unsigned 32-bit halves:
 * regs[2*i] is the low half of register i, regs[2*i+1] the high half.
 */
export interface UserContext {
  readonly regs: Uint32Array; // length 32
  rip: number; // a user virtual address (< 2^47, exact in a double)
  flags: number;
}

export function newUserContext(rip: number, rsp: number): UserContext {
  const ctx: UserContext = { regs: new Uint32Array(32), rip, flags: 0x202 };
  setReg(ctx, REG.rsp, BigInt(rsp));
  return ctx;
}

export function getReg(ctx: UserContext, r: number): bigint {
  return (BigInt(ctx.regs[2 * r + 1] ?? 0) << 32n) | BigInt(ctx.regs[2 * r] ?? 0);
}

export function setReg(ctx: UserContext, r: number, value: bigint): void {
  const v = BigInt.asUintN(64, value);
  ctx.regs[2 * r] = Number(v & 0xffff_ffffn);
  ctx.regs[2 * r + 1] = Number(v >> 32n);
}

export type Access = "read" | "write" | "exec";

export const PAGE_SIZE = 4096;

/** Why a memory access failed (the kernel's page tables said no). */
export type PageFaultReason = "not-present" | "read-only" | "no-execute" | "non-canonical";

export interface PageFault {
  readonly kind: "page-fault";
  readonly addr: number;
  readonly access: Access;
  readonly reason: PageFaultReason;
}

/**
 * The user address space as the CPU sees it. `page` returns the 4096 bytes of the frame that backs the
 * page holding `vaddr`, after checking present/user/write/no-execute, or the fault. The kernel bumps
 * `generation` whenever a mapping changes, so the CPU may cache translations while it is unchanged.
 */
export interface MemoryPort {
  readonly generation: number;
  page(vaddr: number, access: Access): Uint8Array | PageFault;
}

/** A CPU exception raised in ring 3, by x86 vector. */
export type CpuFault =
  | PageFault
  | { readonly kind: "general-protection"; readonly reason: string } // #GP (13): privileged instruction, bad address form
  | { readonly kind: "invalid-opcode"; readonly reason: string } // #UD (6): bytes that do not decode
  | { readonly kind: "divide-error"; readonly reason: string }; // #DE (0)

export type StopReason =
  | { readonly kind: "budget" } // ran `budget` instructions
  | { readonly kind: "syscall" } // rip already points past the syscall instruction
  | { readonly kind: "host-call" } // the wasmi instruction: rip points past it
  | { readonly kind: "fault"; readonly fault: CpuFault }; // rip still points at the faulting instruction

export interface RunResult {
  /** Instructions retired (a faulting instruction does not count; a syscall does). */
  readonly executed: number;
  readonly stop: StopReason;
}

/** What the CPU module exports: runs ring-3 code for at most `budget` instructions. */
export type RunUser = (ctx: UserContext, mem: MemoryPort, budget: number) => RunResult;
