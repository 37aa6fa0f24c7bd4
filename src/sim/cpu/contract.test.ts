import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { getReg, newUserContext, REG, setReg } from "./contract";

describe("UserContext registers", () => {
  test("a 64-bit value written to a register reads back unchanged", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }), fc.integer({ min: 0, max: 15 }), (v, r) => {
        const ctx = newUserContext(0x400000, 0x800000);
        setReg(ctx, r, v);
        expect(getReg(ctx, r)).toBe(v);
      }),
    );
  });

  test("negative values wrap to unsigned 64-bit", () => {
    const ctx = newUserContext(0x400000, 0x800000);
    setReg(ctx, REG.rax, -1n);
    expect(getReg(ctx, REG.rax)).toBe(0xffff_ffff_ffff_ffffn);
  });

  test("a new context starts with rsp set and interrupts enabled", () => {
    const ctx = newUserContext(0x400000, 0x800000);
    expect(getReg(ctx, REG.rsp)).toBe(0x800000n);
    expect(ctx.flags).toBe(0x202);
  });
});
