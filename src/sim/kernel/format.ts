/** Rust's {:#X}-style formatting, for log lines that read exactly like the kernel's. */
export function hexU(value: bigint | number, width = 0): string {
  const v = typeof value === "bigint" ? BigInt.asUintN(64, value) : BigInt(value);
  const digits = v.toString(16).toUpperCase();
  return `0x${digits.padStart(Math.max(0, width - 2), "0")}`;
}
