import { errorValue, formatU64 } from "../../sim/abi/errors";
import type { Availability } from "../../sim/abi/syscalls";

/** How an error sentinel reads: hex, and as the signed value -1-k a C or Rust caller sees. */
export function describeError(offset: number): { hex: string; signed: string; symbolic: string } {
  return {
    hex: formatU64(errorValue(offset)),
    signed: String(-1 - offset),
    symbolic: offset === 0 ? "u64::MAX" : `u64::MAX − ${offset}`,
  };
}

export function hex(n: number, width = 0): string {
  return `0x${n.toString(16).toUpperCase().padStart(width, "0")}`;
}

export const AVAILABILITY_TEXT: Record<Availability, string> = {
  implemented: "Built",
  broken: "Built, broken",
  absent: "Not in code",
};

export function syscallAnchor(name: string): string {
  return `sys_${name.toLowerCase()}`;
}

/** Anchor of the errors page's section for the value u64::MAX − k. */
export function errorAnchor(offset: number): string {
  return `max-${offset}`;
}

/**
 * The name the simulator's assembler prelude gives an error (src/sim/asm/prelude.ts). The kernel has no
 * such names: it returns bare values, so pages must label this name as the simulator's.
 */
export function simulatorErrorName(syscall: string, error: string): string {
  return `E_${syscall}_${error}`;
}
