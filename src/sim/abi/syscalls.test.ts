import { describe, expect, test } from "vitest";
import { SYSCALL_DOCS } from "./syscall-docs";
import { SYSCALL_TABLE } from "./syscall-table";
import { SYSCALLS } from "./syscalls";

describe("the syscall table and its words", () => {
  test("every syscall, argument and error of the ABI table has its words, and no words are left over", () => {
    for (const s of SYSCALL_TABLE) {
      const docs = SYSCALL_DOCS[s.name];
      expect(docs?.summary, `SYS_${s.name}`).toBeTruthy();
      expect(docs?.returns, `SYS_${s.name} returns`).toBeTruthy();
      for (const a of s.args) expect(docs?.args[a.name], `SYS_${s.name} ${a.name}`).toBeTruthy();
      for (const e of s.errors) expect(docs?.errors[e.name], `SYS_${s.name} ${e.name}`).toBeTruthy();
      expect(Object.keys(docs?.args ?? {}).sort()).toEqual(s.args.map((a) => a.name).sort());
      expect(Object.keys(docs?.errors ?? {}).sort()).toEqual(s.errors.map((e) => e.name).sort());
    }
    expect(Object.keys(SYSCALL_DOCS).sort()).toEqual(SYSCALL_TABLE.map((s) => s.name).sort());
  });

  test("the joined table keeps the ABI's order and numbers", () => {
    expect(SYSCALLS.map((s) => [s.number, s.name])).toEqual(SYSCALL_TABLE.map((s) => [s.number, s.name]));
    expect(SYSCALLS.every((s) => s.errors.every((e) => e.meaning.length > 0))).toBe(true);
  });
});
