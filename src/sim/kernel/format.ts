/**
 * Rust's format specs as the kernel's log lines use them (see the catalogue of upstream's lines), so the
 * simulator's console reads byte for byte like the real one.
 */
import type { CapObject } from "../abi/cap-types";

/** `{:#X}` and `{:#0wX}`: 0x, upper-case hex, zero-padded to `width` characters including the 0x. */
export function hexU(value: bigint | number, width = 0): string {
  const v = typeof value === "bigint" ? BigInt.asUintN(64, value) : BigInt(value);
  const digits = v.toString(16).toUpperCase();
  return `0x${digits.padStart(Math.max(0, width - 2), "0")}`;
}

/** `{:p}`: a pointer, 0x and lower-case hex. */
export function pointer(value: bigint | number): string {
  return `0x${BigInt.asUintN(64, BigInt(value)).toString(16)}`;
}

/** PhysAddr's Display (kernel/src/memory/address.rs): `P:{:#010X}`. */
export function physAddr(value: number): string {
  return `P:${hexU(value, 10)}`;
}

/** CapObject's derived Debug (kernel/src/cap/cnode.rs): `IoPort { base: 1016, size: 8 }`, integers decimal. */
export function capObjectDebug(o: CapObject): string {
  const { kind, ...fields } = o;
  const parts = Object.entries(fields).map(([k, v]) => `${k}: ${v}`);
  return parts.length === 0 ? kind : `${kind} { ${parts.join(", ")} }`;
}
