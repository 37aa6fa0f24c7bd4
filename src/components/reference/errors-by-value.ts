import { SYSCALLS, type SyscallError, type SyscallSpec } from "../../sim/abi/syscalls";

export interface ErrorUse {
  syscall: SyscallSpec;
  error: SyscallError;
}

/** Every error value any syscall returns, smallest offset first, with what it means for each syscall. */
export function errorsByValue(): { offset: number; uses: ErrorUse[] }[] {
  const offsets = [...new Set(SYSCALLS.flatMap((s) => s.errors.map((e) => e.offset)))].sort((a, b) => a - b);
  return offsets.map((offset) => ({
    offset,
    uses: SYSCALLS.flatMap((syscall) =>
      syscall.errors.filter((e) => e.offset === offset).map((error) => ({ syscall, error })),
    ),
  }));
}
