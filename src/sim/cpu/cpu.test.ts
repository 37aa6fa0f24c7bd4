import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { assemble } from "../asm/assembler";
import {
  type Access,
  FLAG,
  getReg,
  type MemoryPort,
  newUserContext,
  type PageFault,
  REG,
  setReg,
} from "./contract";
import { runUser } from "./cpu";

/** A test address space: a map of pages with writable / executable flags. */
function testMemory() {
  const pages = new Map<number, { bytes: Uint8Array; w: boolean; x: boolean }>();
  const port: MemoryPort & { generation: number } = {
    generation: 0,
    page(vaddr: number, access: Access): Uint8Array | PageFault {
      const p = pages.get(Math.floor(vaddr / 4096));
      if (!p) return { kind: "page-fault", addr: vaddr, access, reason: "not-present" };
      if (access === "write" && !p.w) return { kind: "page-fault", addr: vaddr, access, reason: "read-only" };
      if (access === "exec" && !p.x) return { kind: "page-fault", addr: vaddr, access, reason: "no-execute" };
      return p.bytes;
    },
  };
  const map = (vaddr: number, w = true, x = false, bytes = new Uint8Array(4096)) => {
    pages.set(vaddr / 4096, { bytes, w, x });
    port.generation++;
  };
  return { port, map, pages };
}

function load(source: string, opts: { stackWritable?: boolean } = {}) {
  const r = assemble(source);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  const mem = testMemory();
  const p = r.program;
  for (let off = 0; off < p.bytes.length; off += 4096) {
    const f = new Uint8Array(4096);
    f.set(p.bytes.subarray(off, off + 4096));
    mem.map(p.origin + off, true, true, f);
  }
  mem.map(0x7ff000, opts.stackWritable ?? true, false);
  const ctx = newUserContext(p.entry, 0x800000);
  return { ctx, mem, program: p };
}

const U64 = (1n << 64n) - 1n;
const u64 = fc.bigInt({ min: 0n, max: U64 });
const signed = (v: bigint) => (v >= 1n << 63n ? v - (1n << 64n) : v);

function runAlu(op: string, a: bigint, b: bigint) {
  const { ctx, mem } = load(`_start:\n  ${op} rax, rbx\n  syscall`);
  setReg(ctx, REG.rax, a);
  setReg(ctx, REG.rbx, b);
  const r = runUser(ctx, mem.port, 10);
  expect(r.stop.kind).toBe("syscall");
  return { value: getReg(ctx, REG.rax), flags: ctx.flags };
}

describe("arithmetic is exact unsigned 64-bit, with x86 flags", () => {
  const reference: Record<string, (a: bigint, b: bigint) => bigint> = {
    add: (a, b) => (a + b) & U64,
    sub: (a, b) => (a - b) & U64,
    and: (a, b) => a & b,
    or: (a, b) => a | b,
    xor: (a, b) => a ^ b,
  };
  for (const [op, f] of Object.entries(reference)) {
    test(`${op} matches a BigInt model`, () => {
      fc.assert(
        fc.property(u64, u64, (a, b) => {
          const { value, flags } = runAlu(op, a, b);
          const want = f(a, b);
          expect(value).toBe(want);
          expect(Boolean(flags & FLAG.ZF)).toBe(want === 0n);
          expect(Boolean(flags & FLAG.SF)).toBe(want >> 63n === 1n);
          if (op === "add") expect(Boolean(flags & FLAG.CF)).toBe(a + b > U64);
          if (op === "sub") expect(Boolean(flags & FLAG.CF)).toBe(a < b);
          if (op === "add") expect(Boolean(flags & FLAG.OF)).toBe(signed(a) + signed(b) !== signed(want));
          if (op === "sub") expect(Boolean(flags & FLAG.OF)).toBe(signed(a) - signed(b) !== signed(want));
        }),
        { numRuns: 300 },
      );
    });
  }

  test("shl and shr by an immediate match a BigInt model", () => {
    fc.assert(
      fc.property(u64, fc.integer({ min: 0, max: 63 }), (a, n) => {
        for (const op of ["shl", "shr"]) {
          const { ctx, mem } = load(`_start:\n  ${op} rax, ${n}\n  syscall`);
          setReg(ctx, REG.rax, a);
          runUser(ctx, mem.port, 10);
          expect(getReg(ctx, REG.rax)).toBe(op === "shl" ? (a << BigInt(n)) & U64 : a >> BigInt(n));
        }
      }),
      { numRuns: 150 },
    );
  });

  test("not, neg, inc and dec wrap around", () => {
    fc.assert(
      fc.property(u64, (a) => {
        for (const [op, want] of [
          ["not", ~a & U64],
          ["neg", -a & U64],
          ["inc", (a + 1n) & U64],
          ["dec", (a - 1n) & U64],
        ] as const) {
          const { ctx, mem } = load(`_start:\n  ${op} rax\n  syscall`);
          setReg(ctx, REG.rax, a);
          runUser(ctx, mem.port, 10);
          expect(getReg(ctx, REG.rax)).toBe(want);
        }
      }),
      { numRuns: 150 },
    );
  });

  test("conditional jumps after cmp agree with unsigned and signed comparison", () => {
    const conds: [string, (a: bigint, b: bigint) => boolean][] = [
      ["je", (a, b) => a === b],
      ["jne", (a, b) => a !== b],
      ["jb", (a, b) => a < b],
      ["jbe", (a, b) => a <= b],
      ["ja", (a, b) => a > b],
      ["jae", (a, b) => a >= b],
      ["jl", (a, b) => signed(a) < signed(b)],
      ["jle", (a, b) => signed(a) <= signed(b)],
      ["jg", (a, b) => signed(a) > signed(b)],
      ["jge", (a, b) => signed(a) >= signed(b)],
      ["js", (a, b) => signed((a - b) & U64) < 0n],
    ];
    const interesting = fc.oneof(u64, fc.constantFrom(0n, 1n, U64, U64 - 1n, 1n << 63n, (1n << 63n) - 1n));
    fc.assert(
      fc.property(interesting, interesting, (a, b) => {
        for (const [jcc, holds] of conds) {
          const { ctx, mem } = load(
            `_start:\n  cmp rax, rbx\n  ${jcc} yes\n  mov rcx, 0\n  syscall\nyes:\n  mov rcx, 1\n  syscall`,
          );
          setReg(ctx, REG.rax, a);
          setReg(ctx, REG.rbx, b);
          runUser(ctx, mem.port, 10);
          expect(getReg(ctx, REG.rcx), `${jcc} ${a} ${b}`).toBe(holds(a, b) ? 1n : 0n);
        }
      }),
      { numRuns: 100 },
    );
  });

  test("an error sentinel reads right unsigned and signed", () => {
    const { ctx, mem } = load(
      "_start:\n  mov rax, E_SEND_NO_RIGHTS\n  cmp rax, -2\n  je ok\n  mov rcx, 0\n  syscall\nok:\n  mov rcx, 1\n  syscall",
    );
    runUser(ctx, mem.port, 10);
    expect(getReg(ctx, REG.rax)).toBe(U64 - 1n);
    expect(getReg(ctx, REG.rcx)).toBe(1n);
  });
});

describe("memory", () => {
  test("byte, dword and qword loads and stores are little-endian; byte and dword loads zero-extend", () => {
    const { ctx, mem } = load(`_start:
  mov rbx, 0x7FF100
  mov rax, 0x1122334455667788
  mov qword [rbx], rax
  mov rcx, byte [rbx]
  mov rdx, dword [rbx + 4]
  mov rax, -1
  mov byte [rbx + 8], rax
  mov rsi, qword [rbx + 8]
  syscall`);
    runUser(ctx, mem.port, 50);
    expect(getReg(ctx, REG.rcx)).toBe(0x88n);
    expect(getReg(ctx, REG.rdx)).toBe(0x11223344n);
    expect(getReg(ctx, REG.rsi)).toBe(0xffn);
  });

  test("[base + index*scale + disp] addressing", () => {
    const { ctx, mem } = load(`_start:
  mov rbx, 0x7FF000
  mov rcx, 3
  mov qword [rbx + rcx*8 + 16], 77
  mov rax, qword [rbx + 40]
  syscall`);
    runUser(ctx, mem.port, 50);
    expect(getReg(ctx, REG.rax)).toBe(77n);
  });

  test("an access that crosses a page boundary reads both pages", () => {
    const { ctx, mem } = load(`_start:
  mov rbx, 0x7FEFFC
  mov rax, 0x0102030405060708
  mov qword [rbx], rax
  mov rcx, qword [rbx]
  syscall`);
    mem.map(0x7fe000, true, false);
    runUser(ctx, mem.port, 50);
    expect(getReg(ctx, REG.rcx)).toBe(0x0102030405060708n);
  });

  test("call, ret, push and pop go through the stack in memory", () => {
    const { ctx, mem } = load(`_start:
  push 5
  call f
  pop rbx
  syscall
f:
  mov rax, 9
  ret`);
    runUser(ctx, mem.port, 50);
    expect(getReg(ctx, REG.rax)).toBe(9n);
    expect(getReg(ctx, REG.rbx)).toBe(5n);
    expect(getReg(ctx, REG.rsp)).toBe(0x800000n);
  });

  test("a write to an unmapped page faults with rip left at the faulting instruction", () => {
    const { ctx, mem, program } = load("_start:\n  mov rbx, 0xDEAD000\n  mov qword [rbx], 1\n  syscall");
    const r = runUser(ctx, mem.port, 50);
    expect(r.stop).toEqual({
      kind: "fault",
      fault: { kind: "page-fault", addr: 0xdead000, access: "write", reason: "not-present" },
    });
    expect(ctx.rip).toBe(program.origin + 16);
    expect(r.executed).toBe(1);
  });

  test("a write to a read-only page and a jump into a no-execute page fault", () => {
    const ro = load("_start:\n  mov qword [rsp - 8], 1", { stackWritable: false });
    expect(runUser(ro.ctx, ro.mem.port, 5).stop).toMatchObject({ fault: { reason: "read-only" } });
    const nx = load("_start:\n  mov rax, 0x7FF000\n  jmp rax");
    expect(runUser(nx.ctx, nx.mem.port, 5).stop).toMatchObject({
      fault: { reason: "no-execute", access: "exec" },
    });
  });

  test("privileged instructions fault in ring 3", () => {
    for (const op of ["hlt", "cli", "sti", "in", "out"]) {
      const { ctx, mem } = load(`_start:\n  ${op}`);
      expect(runUser(ctx, mem.port, 5).stop).toMatchObject({
        kind: "fault",
        fault: { kind: "general-protection" },
      });
    }
  });

  test("code written at run time runs: the decode cache forgets a frame that is written", () => {
    const { ctx, mem } = load(`_start:
  mov rax, 1
  call patch
target:
  mov rax, 2
  syscall
patch:
  lea rbx, [target]
  lea rcx, [replacement]
  mov rdx, qword [rcx]
  mov qword [rbx], rdx
  mov rdx, qword [rcx + 8]
  mov qword [rbx + 8], rdx
  ret
replacement:
  mov rax, 3`);
    // The patch lands before target first runs; the next describe patches an instruction that has run.
    runUser(ctx, mem.port, 100);
    expect(getReg(ctx, REG.rax)).toBe(3n);
  });
});

describe("fetch: jumps, pages and code that changes", () => {
  test("an instruction already run and then overwritten runs in its new form", () => {
    const { ctx, mem } = load(`_start:
  mov rcx, 0
  mov rsi, 0
again:
  add rcx, 1
  inc rsi
  cmp rsi, 2
  je done
  lea rbx, [again]
  lea rdx, [replacement]
  mov rax, qword [rdx]
  mov qword [rbx], rax
  mov rax, qword [rdx + 8]
  mov qword [rbx + 8], rax
  jmp again
done:
  syscall
replacement:
  add rcx, 100`);
    expect(runUser(ctx, mem.port, 100).stop.kind).toBe("syscall");
    expect(getReg(ctx, REG.rcx)).toBe(101n);
  });

  test("a loop whose body spans two pages runs every instruction on both", () => {
    const body = Array.from({ length: 300 }, () => "  inc rax").join("\n");
    const { ctx, mem, program } = load(`_start:
  mov rax, 0
  mov rcx, 3
again:
${body}
  dec rcx
  jne again
  syscall`);
    expect(program.bytes.length).toBeGreaterThan(4096);
    expect(runUser(ctx, mem.port, 10_000).stop.kind).toBe("syscall");
    expect(getReg(ctx, REG.rax)).toBe(900n);
  });

  test("a jump into the middle of an instruction raises #UD with rip at the target", () => {
    const { ctx, mem } = load("_start:\n  mov rax, 1\n  jmp 0x400008");
    expect(runUser(ctx, mem.port, 10).stop).toMatchObject({
      kind: "fault",
      fault: { kind: "invalid-opcode", reason: expect.stringMatching(/instruction boundary/) },
    });
    expect(ctx.rip).toBe(0x400008);
  });
});

describe("the run loop", () => {
  test("stops after exactly `budget` instructions", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 500 }), (budget) => {
        const { ctx, mem } = load("_start:\n  inc rax\n  jmp _start");
        const r = runUser(ctx, mem.port, budget);
        expect(r).toEqual({ executed: budget, stop: { kind: "budget" } });
        expect(getReg(ctx, REG.rax)).toBe(BigInt(Math.ceil(budget / 2)));
      }),
      { numRuns: 50 },
    );
  });

  test("random bytes never throw: they decode or raise #UD", () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 16, maxLength: 256 }), (bytes) => {
        const mem = testMemory();
        const f = new Uint8Array(4096);
        f.set(bytes);
        mem.map(0x400000, true, true, f);
        mem.map(0x7ff000, true, false);
        const ctx = newUserContext(0x400000, 0x800000);
        const r = runUser(ctx, mem.port, 100);
        expect(["budget", "syscall", "host-call", "fault"]).toContain(r.stop.kind);
      }),
      { numRuns: 300 },
    );
  });
});
