import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { errorValue } from "../abi/errors";
import { INSN_SIZE } from "../cpu/isa";
import { LIBMNOS } from "../programs/libmnos";
import { PROGRAMS } from "../programs/programs";
import { assemble } from "./assembler";
import { preludeSymbols, preludeText } from "./prelude";

function errorsOf(source: string) {
  const r = assemble(source);
  if (r.ok) throw new Error("expected errors");
  return r.errors;
}

describe("assemble", () => {
  test("accepts every instruction and operand form", () => {
    const r = assemble(`
K equ 4 * 2 + 1
_start:
  mov rax, 1
  mov rax, rbx
  mov rax, qword [rbx + rcx*8 + 16]
  mov rax, byte [rbx - 1]
  mov dword ptr [rsp + 8], rax
  mov qword [rbx], -1
  lea rsi, [msg]
  add rax, K
  sub rax, rcx
  and rax, 0xFF
  or rax, rbx
  xor rax, rax
  cmp rax, 'a'
  test rax, 1
  shl rax, 3
  shr rax, rcx
  not rax
  neg rax
  inc qword [rbx]
  dec rcx
  push rax
  push 5
  pop rbx
  jz _start
  jnz _start
  je _start
  jl _start
  jle _start
  jg _start
  jge _start
  jb _start
  jbe _start
  ja _start
  jae _start
  js _start
  jns _start
  call _start
  jmp rax
  ret
  syscall
  nop
  hlt
msg: db "hi\\n", 0
  dq 1, 2
  dd 3
  align 16
  times 4 db 0
`);
    expect(r.ok ? [] : r.errors).toEqual([]);
  });

  test("instructions sit on 16-byte boundaries and labels point at them", () => {
    const r = assemble(`_start:\n  nop\ndata: db 1\nnext:\n  nop`);
    if (!r.ok) throw new Error("did not assemble");
    const next = Number(r.program.symbols.get("next"));
    expect(next % INSN_SIZE).toBe(0);
    expect(next).toBe(0x400000 + 32);
  });

  test("the prelude names syscalls, errors per syscall, rights and slots from the ABI tables", () => {
    const p = preludeSymbols();
    expect(p.get("SYS_SEND")).toBe(1n);
    expect(p.get("SYS_DROP_CAP")).toBe(11n);
    expect(p.get("E_SEND_NO_RIGHTS")).toBe(errorValue(1));
    expect(p.get("E_ALLOC_MEMORY_WRONG_TYPE")).toBe(errorValue(1));
    expect(p.get("RIGHT_ALL")).toBe(0x1fn);
    expect(p.get("SLOT_COM1")).toBe(2n);
    expect(preludeText()).toContain("SYS_MAP_MEMORY equ 0x8");
  });

  test("every built-in program assembles", () => {
    for (const [name, source] of Object.entries(PROGRAMS)) {
      const r = assemble(source, { libraries: new Map([["libmnos", LIBMNOS]]) });
      expect(r.ok ? [] : r.errors, name).toEqual([]);
    }
  });
});

describe("assembler errors name line, column and a hint", () => {
  test("an unknown instruction suggests the nearest one", () => {
    expect(errorsOf("_start:\n  mvo rax, 1")).toEqual([
      { line: 2, column: 3, message: 'unknown instruction "mvo"', hint: 'did you mean "mov"?' },
    ]);
  });

  test("an undefined label suggests the nearest name", () => {
    const [e] = errorsOf("loop:\n  jmp lop");
    expect(e).toMatchObject({ line: 2, column: 7 });
    expect(e?.message).toContain('undefined name "lop"; did you mean "loop"?');
  });

  test("a duplicate label", () => {
    expect(errorsOf("a:\n  nop\na:\n  nop")[0]).toMatchObject({
      line: 3,
      column: 1,
      message: 'duplicate label "a"',
    });
  });

  test("the wrong number of operands", () => {
    expect(errorsOf("  add rax")[0]).toMatchObject({
      line: 1,
      column: 3,
      message: "add takes 2 operands, got 1",
    });
  });

  test("a partial register", () => {
    expect(errorsOf("  mov eax, 1")[0]?.message).toContain('"eax" is a partial register');
  });

  test("memory to memory", () => {
    expect(errorsOf("  mov qword [rax], qword [rbx]")[0]).toMatchObject({
      message: "x86 has no memory-to-memory form",
      hint: "load into a register first",
    });
  });

  test("a memory operand without a size", () => {
    expect(errorsOf("  inc [rax]")[0]).toMatchObject({
      column: 7,
      message: "the memory operand needs a size",
    });
  });

  test("a bad scale", () => {
    expect(errorsOf("  mov rax, qword [rbx + rcx*3]")[0]?.message).toContain(
      "the scale must be 1, 2, 4 or 8",
    );
  });

  test("a value that does not fit in 64 bits", () => {
    expect(errorsOf("  mov rax, 0x1FFFFFFFFFFFFFFFF")[0]?.message).toContain("does not fit in 64 bits");
  });

  test("an unknown library", () => {
    expect(errorsOf('include "libc"')[0]).toMatchObject({ line: 1, message: 'unknown library "libc"' });
  });

  test("all errors are reported at once, in order", () => {
    const errors = errorsOf("  mvo rax, 1\n  nop\n  jmp nowhere");
    expect(errors.map((e) => e.line)).toEqual([1, 3]);
  });

  test("any input gives a program or errors, never an exception", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (text) => {
        const r = assemble(text);
        if (!r.ok) for (const e of r.errors) expect(e.line).toBeGreaterThanOrEqual(1);
      }),
      { numRuns: 400 },
    );
    const pieces = fc.constantFrom(
      "mov",
      "rax",
      ",",
      "[",
      "]",
      "+",
      "*",
      "qword",
      "'",
      '"',
      "db",
      "equ",
      ":",
      "\n",
      " ",
      "0x",
      "-",
      "label",
      "jmp",
      "8",
    );
    fc.assert(
      fc.property(fc.array(pieces, { maxLength: 40 }), (parts) => void assemble(parts.join(""))),
      { numRuns: 400 },
    );
  });
});
