/**
 * Every error value a syscall can return, in each form a reader meets it: the sentinel, hex as a debugger
 * prints it, decimal as init's error messages print it, and signed. Built from the syscall table.
 */
import { errorValue } from "../../sim/abi/errors";
import { SYSCALLS } from "../../sim/abi/syscalls";

export interface ErrorValueRow {
  readonly offset: number;
  readonly symbolic: string;
  readonly hex: string;
  readonly decimal: string;
  readonly signed: string;
  /** What the value means for each syscall that returns it, in syscall-number order. */
  readonly meanings: readonly { readonly syscall: string; readonly meaning: string }[];
}

export function errorValueRows(): ErrorValueRow[] {
  const offsets = [...new Set(SYSCALLS.flatMap((s) => s.errors.map((e) => e.offset)))].sort((a, b) => a - b);
  return offsets.map((k) => {
    const value = errorValue(k);
    return {
      offset: k,
      symbolic: k === 0 ? "u64::MAX" : `u64::MAX - ${k}`,
      hex: `0x${value.toString(16).toUpperCase()}`,
      decimal: value.toString(10),
      signed: String(-1 - k),
      meanings: SYSCALLS.flatMap((s) =>
        s.errors.filter((e) => e.offset === k).map((e) => ({ syscall: `SYS_${s.name}`, meaning: e.meaning })),
      ),
    };
  });
}
