import { describe, expect, test } from "vitest";
import { SYSCALL_DOCS } from "./syscall-docs";
import { rightCheckedBy, SYSCALL_FACTS } from "./syscall-facts";
import { SYSCALL_TABLE } from "./syscall-table";
import { SYSCALLS } from "./syscalls";

describe("the syscall table and its words", () => {
  test("every syscall, argument and error of the ABI table has its words, and no words are left over", () => {
    for (const s of SYSCALL_TABLE) {
      const docs = SYSCALL_DOCS[s.name];
      expect(docs?.summary, `SYS_${s.name}`).toBeTruthy();
      expect(docs?.returns, `SYS_${s.name} returns`).toBeTruthy();
      for (const a of SYSCALL_FACTS[s.name]?.args ?? [])
        expect(docs?.args[a], `SYS_${s.name} ${a}`).toBeTruthy();
      for (const e of s.errors) expect(docs?.errors[e.name], `SYS_${s.name} ${e.name}`).toBeTruthy();
      expect(Object.keys(docs?.args ?? {}).sort()).toEqual([...(SYSCALL_FACTS[s.name]?.args ?? [])].sort());
      expect(Object.keys(docs?.errors ?? {}).sort()).toEqual(s.errors.map((e) => e.name).sort());
    }
    expect(Object.keys(SYSCALL_DOCS).sort()).toEqual(SYSCALL_TABLE.map((s) => s.name).sort());
    expect(Object.keys(SYSCALL_FACTS).sort()).toEqual(SYSCALL_TABLE.map((s) => s.name).sort());
  });

  test("the joined table keeps the ABI's order and numbers", () => {
    expect(SYSCALLS.map((s) => [s.number, s.name])).toEqual(SYSCALL_TABLE.map((s) => [s.number, s.name]));
    expect(SYSCALLS.every((s) => s.errors.every((e) => e.meaning.length > 0))).toBe(true);
  });

  test("each right lists the syscalls that check it, as the capability reference shows them", () => {
    expect(rightCheckedBy("READ")).toEqual(["SYS_RECV", "SYS_PORT_IN"]);
    expect(rightCheckedBy("WRITE")).toEqual(["SYS_SEND", "SYS_PORT_OUT", "SYS_ALLOC_MEMORY"]);
    expect(rightCheckedBy("GRANT")).toEqual([]);
  });

  test("arguments keep their registers: RDI, RSI, RDX, R10 in order", () => {
    const map = SYSCALLS.find((s) => s.name === "MAP_MEMORY");
    expect(map?.args.map((a) => `${a.reg}=${a.name}`)).toEqual([
      "rdi=proc_slot",
      "rsi=frame_slot",
      "rdx=vaddr",
      "r10=flags",
    ]);
    expect(SYSCALLS.find((s) => s.name === "RECV")?.writesBack).toEqual(["rdi", "rsi", "rdx", "r10"]);
  });
});
