/**
 * Syscall errors are sentinels counted down from u64::MAX; the meaning of each offset differs per syscall
 * (kernel/src/arch/x86_64/syscall.rs). `errorValue(k)` is M-k as an unsigned 64-bit bigint.
 */
export const U64_MAX = 0xffff_ffff_ffff_ffffn;

export function errorValue(offset: number): bigint {
  return U64_MAX - BigInt(offset);
}

/** The offset k of a result equal to M-k, or undefined when the value is not an error sentinel (k <= 10). */
export function errorOffset(value: bigint): number | undefined {
  const k = U64_MAX - value;
  return k >= 0n && k <= 10n ? Number(k) : undefined;
}

export function formatU64(value: bigint): string {
  return `0x${value.toString(16).toUpperCase().padStart(16, "0")}`;
}
