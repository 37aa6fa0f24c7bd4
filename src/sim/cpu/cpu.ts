/**
 * The ring-3 CPU: runs a thread's code until a syscall, a fault or the end of its budget.
 * Registers are 32-bit halves and all 64-bit arithmetic is done by hand, so the hot loop never touches
 * BigInt. Instructions are decoded once per frame and cached until someone writes to that frame.
 */
import {
  type Access,
  type CpuFault,
  FLAG,
  type MemoryPort,
  PAGE_SIZE,
  type PageFault,
  type RunResult,
  type RunUser,
  type UserContext,
} from "./contract";
import { decodeCache } from "./decode-cache";
import { FORM, INSN_SIZE, NO_REG, OPCODE, OPS, type Op, PRIVILEGED } from "./isa";

export interface Decoded {
  readonly op: number;
  readonly form: number;
  readonly dst: number;
  readonly src: number;
  readonly base: number;
  readonly index: number;
  readonly scale: number;
  readonly size: number;
  readonly immLo: number;
  readonly immHi: number;
  /** The immediate or displacement as a signed double (exact for addresses and small values). */
  readonly immNum: number;
  /** Which case of runUser's fast path runs this instruction (FAST), chosen once when it is decoded. */
  readonly fast: number;
  /**
   * For a jump to immNum: the base address of the target's page, and the target's index in that page
   * (-1 if it is not on an instruction boundary), so a jump within the page costs one comparison.
   */
  readonly jumpPage: number;
  readonly jumpSlot: number;
}

/**
 * The fast path's cases: register-only instructions that touch no memory. Privileged opcodes are never
 * fast, so the fast path needs no privilege check.
 */
const FAST = { none: 0, jcc: 1, inc: 2, dec: 3, mov: 4, add: 5, sub: 6, cmp: 7, jmp: 8 } as const;

function fastCase(op: number, form: number): number {
  if (form === FORM.i && op >= OPCODE.je && op <= OPCODE.jns) return FAST.jcc;
  if (form === FORM.i && op === OPCODE.jmp) return FAST.jmp;
  if (form === FORM.r) return op === OPCODE.inc ? FAST.inc : op === OPCODE.dec ? FAST.dec : FAST.none;
  if (form !== FORM.rr && form !== FORM.ri) return FAST.none;
  switch (op) {
    case OPCODE.mov:
      return FAST.mov;
    case OPCODE.add:
      return FAST.add;
    case OPCODE.sub:
      return FAST.sub;
    case OPCODE.cmp:
      return FAST.cmp;
    default:
      return FAST.none;
  }
}

const TWO32 = 4294967296;
// Low bits by masking, not %: addresses are below 2^47, and ToInt32 keeps their low bits, while % on a
// number that may not be a small integer costs V8 a floating-point remainder on every instruction.
const PAGE_MASK = PAGE_SIZE - 1;
const SLOTS_PER_PAGE = PAGE_SIZE / INSN_SIZE;

export function decodeAt(frame: Uint8Array, offset: number): Decoded | null {
  const op = frame[offset] ?? 0;
  const form = frame[offset + 1] ?? 0;
  if (op < 1 || op > OPS.length || form > FORM.mi) return null;
  const dv = new DataView(frame.buffer, frame.byteOffset + offset, INSN_SIZE);
  const immLo = dv.getUint32(8, true);
  const immHi = dv.getUint32(12, true);
  const size = frame[offset + 7] ?? 8;
  if (size !== 1 && size !== 4 && size !== 8) return null;
  const immNum = (immHi | 0) * TWO32 + immLo;
  return {
    op,
    form,
    dst: frame[offset + 2] ?? 0,
    src: frame[offset + 3] ?? 0,
    base: frame[offset + 4] ?? NO_REG,
    index: frame[offset + 5] ?? NO_REG,
    scale: frame[offset + 6] ?? 1,
    size,
    immLo,
    immHi,
    immNum,
    fast: fastCase(op, form),
    jumpPage: immNum - (immNum & PAGE_MASK),
    jumpSlot: (immNum & (INSN_SIZE - 1)) === 0 ? (immNum & PAGE_MASK) >> 4 : -1,
  };
}

const OP = OPCODE;
// The hot loop switches on literal opcode and form numbers (V8 builds a jump table only for constants);
// this check keeps them in step with the tables in isa.ts.
OPS.forEach((name, i) => {
  if (OPCODE[name] !== i + 1) throw new Error(`opcode table out of order at ${name}`);
});
Object.values(FORM).forEach((value, i) => {
  if (value !== i) throw new Error("operand form table out of order");
});
// The privileged instructions are the last opcodes, so one comparison finds them.
const FIRST_PRIVILEGED = Math.min(...[...PRIVILEGED].map((o) => OP[o]));

class Fault {
  constructor(readonly fault: CpuFault) {}
}

/** Per-run translation cache: page number -> frame, per access kind, valid for one mem.generation. */
class Tlb {
  generation = -1;
  readPage = -1;
  readFrame: Uint8Array | undefined;
  writePage = -1;
  writeFrame: Uint8Array | undefined;
  execPage = -1;
  execFrame: Uint8Array | undefined;
}
const tlbs = new WeakMap<MemoryPort, Tlb>();

function translate(mem: MemoryPort, tlb: Tlb, addr: number, access: Access): Uint8Array {
  if (tlb.generation !== mem.generation) {
    tlb.generation = mem.generation;
    tlb.readPage = tlb.writePage = tlb.execPage = -1;
  }
  const page = Math.floor(addr / PAGE_SIZE);
  if (access === "read" && page === tlb.readPage && tlb.readFrame) return tlb.readFrame;
  if (access === "write" && page === tlb.writePage && tlb.writeFrame) return tlb.writeFrame;
  if (access === "exec" && page === tlb.execPage && tlb.execFrame) return tlb.execFrame;
  const r = mem.page(addr, access);
  if (!(r instanceof Uint8Array)) throw new Fault(r as PageFault);
  if (access === "read") {
    tlb.readPage = page;
    tlb.readFrame = r;
  } else if (access === "write") {
    tlb.writePage = page;
    tlb.writeFrame = r;
  } else {
    tlb.execPage = page;
    tlb.execFrame = r;
  }
  return r;
}

/** Whether the conditional jump `op` (je = 20 to jns = 31, in isa.ts order) is taken under `f`. */
function conditionHolds(op: number, f: number): boolean {
  const zf = (f & FLAG.ZF) !== 0;
  const sf = (f & FLAG.SF) !== 0;
  const cf = (f & FLAG.CF) !== 0;
  const of = (f & FLAG.OF) !== 0;
  switch (op) {
    case 20 /* je */:
      return zf;
    case 21 /* jne */:
      return !zf;
    case 22 /* jl */:
      return sf !== of;
    case 23 /* jle */:
      return zf || sf !== of;
    case 24 /* jg */:
      return !zf && sf === of;
    case 25 /* jge */:
      return sf === of;
    case 26 /* jb */:
      return cf;
    case 27 /* jbe */:
      return cf || zf;
    case 28 /* ja */:
      return !cf && !zf;
    case 29 /* jae */:
      return !cf;
    case 30 /* js */:
      return sf;
    default:
      /* jns */ return !sf;
  }
}

/** execute()'s answer for a syscall instruction: not an address (addresses are never negative). */
const SYSCALL = -1;
/** execute()'s answer for the wasmi instruction: the kernel model's user runtime takes over. */
const HOST_CALL = -2;

export const runUser: RunUser = (ctx: UserContext, mem: MemoryPort, budget: number): RunResult => {
  let tlb = tlbs.get(mem);
  if (!tlb) {
    tlb = new Tlb();
    tlbs.set(mem, tlb);
  }
  const R = ctx.regs;
  let executed = 0;
  // Scratch for 64-bit values: results of loads and operand fetches.
  let vLo = 0;
  let vHi = 0;
  // Set by a store into a frame that holds decoded code; the loop then drops its fetch cache.
  let codeWritten = false;

  const checkAddr = (addr: number, access: Access) => {
    if (!(addr >= 0 && addr < 0x0000_8000_0000_0000)) {
      throw new Fault({ kind: "page-fault", addr: Math.max(0, addr), access, reason: "non-canonical" });
    }
  };
  const load = (addr: number, size: number) => {
    checkAddr(addr, "read");
    const off = addr & PAGE_MASK;
    if (off + size <= PAGE_SIZE) {
      const f = translate(mem, tlb, addr, "read");
      if (size === 1) {
        vLo = f[off] ?? 0;
        vHi = 0;
      } else {
        vLo =
          ((f[off] ?? 0) |
            ((f[off + 1] ?? 0) << 8) |
            ((f[off + 2] ?? 0) << 16) |
            ((f[off + 3] ?? 0) << 24)) >>>
          0;
        vHi =
          size === 8
            ? ((f[off + 4] ?? 0) |
                ((f[off + 5] ?? 0) << 8) |
                ((f[off + 6] ?? 0) << 16) |
                ((f[off + 7] ?? 0) << 24)) >>>
              0
            : 0;
      }
      return;
    }
    let lo = 0;
    let hi = 0;
    for (let i = 0; i < size; i++) {
      const a = addr + i;
      const b = translate(mem, tlb, a, "read")[a & PAGE_MASK] ?? 0;
      if (i < 4) lo |= b << (8 * i);
      else hi |= b << (8 * (i - 4));
    }
    vLo = lo >>> 0;
    vHi = hi >>> 0;
  };
  const store = (addr: number, size: number, lo: number, hi: number) => {
    checkAddr(addr, "write");
    for (let i = 0; i < size; i++) {
      const a = addr + i;
      const f = translate(mem, tlb, a, "write");
      f[a & PAGE_MASK] = i < 4 ? (lo >>> (8 * i)) & 0xff : (hi >>> (8 * (i - 4))) & 0xff;
      if (decodeCache.has(f)) {
        decodeCache.delete(f);
        codeWritten = true;
      }
    }
  };
  const effective = (d: Decoded): number => {
    let addr = d.immNum;
    if (d.base !== NO_REG) addr += (R[2 * d.base + 1] ?? 0) * TWO32 + (R[2 * d.base] ?? 0);
    if (d.index !== NO_REG) addr += ((R[2 * d.index + 1] ?? 0) * TWO32 + (R[2 * d.index] ?? 0)) * d.scale;
    // Wrap like 64-bit arithmetic for the common case of a negative displacement from a small base.
    if (addr >= 2 ** 64) addr -= 2 ** 64;
    return addr;
  };
  const setFlagsLogic = (lo: number, hi: number) => {
    let f = ctx.flags & ~(FLAG.CF | FLAG.ZF | FLAG.SF | FLAG.OF);
    if (lo === 0 && hi === 0) f |= FLAG.ZF;
    if (hi & 0x8000_0000) f |= FLAG.SF;
    ctx.flags = f;
  };
  const push64 = (lo: number, hi: number) => {
    const sp = (R[9] ?? 0) * TWO32 + (R[8] ?? 0) - 8;
    store(sp, 8, lo, hi);
    R[8] = sp >>> 0;
    R[9] = Math.floor(sp / TWO32) >>> 0;
  };
  const pop64 = () => {
    const sp = (R[9] ?? 0) * TWO32 + (R[8] ?? 0);
    load(sp, 8);
    const next = sp + 8;
    R[8] = next >>> 0;
    R[9] = Math.floor(next / TWO32) >>> 0;
  };

  // Every instruction the fast path does not take: memory operands, stack, calls, shifts, flags logic.
  // Kept out of the loop so the loop stays small enough for V8 to keep its state in registers.
  // Returns the next rip, or SYSCALL; faults are thrown as Fault.
  const execute = (d: Decoded, rip: number): number => {
    const op = d.op;
    const form = d.form;
    let next = rip + INSN_SIZE;
    // Source operand into (sLo, sHi).
    let sLo = 0;
    let sHi = 0;
    if (form === 4 /* rr */) {
      sLo = R[2 * d.src] ?? 0;
      sHi = R[2 * d.src + 1] ?? 0;
    } else if (form === 5 /* ri */ || form === 2 /* i */) {
      sLo = d.immLo;
      sHi = d.immHi;
    } else if (form === 6 /* rm */ && op !== 3 /* lea */) {
      load(effective(d), d.size);
      sLo = vLo;
      sHi = vHi;
    } else if (form === 7 /* mr */) {
      sLo = R[2 * d.src] ?? 0;
      sHi = R[2 * d.src + 1] ?? 0;
    } else if (form === 8 /* mi */) {
      const v16 = (((d.src << 8) | d.dst) << 16) >> 16; // sign-extend 16 bits
      sLo = v16 >>> 0;
      sHi = v16 < 0 ? 0xffff_ffff : 0;
    }

    // Destination operand: a register, or memory for mr / mi / m forms.
    const memDst = form === 7 /* mr */ || form === 8 /* mi */ || form === 3 /* m */;
    let addr = 0;
    let dLo = 0;
    let dHi = 0;
    if (memDst) {
      addr = effective(d);
      if (op !== 2 /* mov */ && op !== 17 /* push */ && op !== 18 /* pop */) {
        load(addr, d.size);
        dLo = vLo;
        dHi = vHi;
      }
    } else if (form !== 2 /* i */ && form !== 0 /* none */) {
      dLo = R[2 * d.dst] ?? 0;
      dHi = R[2 * d.dst + 1] ?? 0;
    }
    const size = memDst ? d.size : 8;
    let wLo = 0;
    let wHi = 0;
    let write = false;

    switch (op) {
      case 1 /* nop */:
        break;
      case 2 /* mov */:
        wLo = sLo;
        wHi = sHi;
        write = true;
        break;
      case 3 /* lea */:
        {
          const a = effective(d);
          wLo = a >>> 0;
          wHi = Math.floor(a / TWO32) >>> 0;
          write = true;
          break;
        }
      case 4 /* add */:
      case 5 /* sub */:
      case 9 /* cmp */:
        {
          const sub = op !== 4 /* add */;
          let lo: number;
          let hi: number;
          let cf: boolean;
          if (sub) {
            lo = (dLo - sLo) >>> 0;
            const borrow = dLo < sLo ? 1 : 0;
            hi = (dHi - sHi - borrow) >>> 0;
            cf = dHi < sHi + borrow;
          } else {
            const l = dLo + sLo;
            lo = l >>> 0;
            const carry = l > 0xffff_ffff ? 1 : 0;
            const h = dHi + sHi + carry;
            hi = h >>> 0;
            cf = h > 0xffff_ffff;
          }
          // On the size actually stored, for byte/dword memory destinations, flags follow that width.
          let f = ctx.flags & ~(FLAG.CF | FLAG.ZF | FLAG.SF | FLAG.OF);
          if (size === 8) {
            const sa = dHi >>> 31;
            const sb = sHi >>> 31;
            const sr = hi >>> 31;
            if (cf) f |= FLAG.CF;
            if (lo === 0 && hi === 0) f |= FLAG.ZF;
            if (sr) f |= FLAG.SF;
            if (sub ? sa !== sb && sr !== sa : sa === sb && sr !== sa) f |= FLAG.OF;
          } else {
            const bits = size * 8;
            const mask = bits === 32 ? 0xffff_ffff : (1 << bits) - 1;
            const a = dLo & mask;
            const b = sLo & mask;
            const r = (sub ? a - b : a + b) >>> 0;
            const rm = bits === 32 ? r : r & mask;
            const top = bits - 1;
            if (sub ? a < b : r > mask || (bits === 32 && a + b > 0xffff_ffff)) f |= FLAG.CF;
            if (rm === 0) f |= FLAG.ZF;
            if ((rm >>> top) & 1) f |= FLAG.SF;
            const sa = (a >>> top) & 1;
            const sb = (b >>> top) & 1;
            const sr = (rm >>> top) & 1;
            if (sub ? sa !== sb && sr !== sa : sa === sb && sr !== sa) f |= FLAG.OF;
          }
          ctx.flags = f;
          if (op !== 9 /* cmp */) {
            wLo = lo;
            wHi = hi;
            write = true;
          }
          break;
        }
      case 6 /* and */:
      case 7 /* or */:
      case 8 /* xor */:
      case 10 /* test */:
        {
          const lo = (op === 7 /* or */ ? dLo | sLo : op === 8 /* xor */ ? dLo ^ sLo : dLo & sLo) >>> 0;
          const hi = (op === 7 /* or */ ? dHi | sHi : op === 8 /* xor */ ? dHi ^ sHi : dHi & sHi) >>> 0;
          if (size === 8) setFlagsLogic(lo, hi);
          else setFlagsLogic(size === 4 ? lo : lo & 0xff, 0);
          if (size !== 8) {
            const top = size * 8 - 1;
            ctx.flags = (ctx.flags & ~FLAG.SF) | ((lo >>> top) & 1 ? FLAG.SF : 0);
          }
          if (op !== 10 /* test */) {
            wLo = lo;
            wHi = hi;
            write = true;
          }
          break;
        }
      case 11 /* shl */:
      case 12 /* shr */:
        {
          const count = form === 4 /* rr */ ? (R[2] ?? 0) & 63 : sLo & 63;
          if (count === 0) break;
          const bits = BigInt(size * 8);
          const mask = (1n << bits) - 1n;
          const v = ((BigInt(dHi) << 32n) | BigInt(dLo)) & mask;
          const n = BigInt(count);
          const r = op === 11 /* shl */ ? (v << n) & mask : v >> n;
          const cf = op === 11 /* shl */ ? (n <= bits ? (v >> (bits - n)) & 1n : 0n) : (v >> (n - 1n)) & 1n;
          let f = ctx.flags & ~(FLAG.CF | FLAG.ZF | FLAG.SF | FLAG.OF);
          if (cf) f |= FLAG.CF;
          if (r === 0n) f |= FLAG.ZF;
          if ((r >> (bits - 1n)) & 1n) f |= FLAG.SF;
          ctx.flags = f;
          wLo = Number(r & 0xffff_ffffn);
          wHi = Number(r >> 32n);
          write = true;
          break;
        }
      case 13 /* not */:
        wLo = ~dLo >>> 0;
        wHi = ~dHi >>> 0;
        write = true;
        break;
      case 14 /* neg */:
      case 15 /* inc */:
      case 16 /* dec */:
        {
          const keepCf = ctx.flags & FLAG.CF;
          let lo: number;
          let hi: number;
          if (op === 14 /* neg */) {
            lo = (0 - dLo) >>> 0;
            hi = (0 - dHi - (dLo !== 0 ? 1 : 0)) >>> 0;
          } else if (op === 15 /* inc */) {
            lo = (dLo + 1) >>> 0;
            hi = (dHi + (lo === 0 ? 1 : 0)) >>> 0;
          } else {
            lo = (dLo - 1) >>> 0;
            hi = (dHi - (dLo === 0 ? 1 : 0)) >>> 0;
          }
          if (size !== 8) {
            const bits = size * 8;
            const mask = bits === 32 ? 0xffff_ffff : (1 << bits) - 1;
            lo = (lo & mask) >>> 0;
            hi = 0;
          }
          let f = ctx.flags & ~(FLAG.CF | FLAG.ZF | FLAG.SF | FLAG.OF);
          const top = size * 8 - 1;
          const sBefore = size === 8 ? dHi >>> 31 : (dLo >>> top) & 1;
          const sAfter = size === 8 ? hi >>> 31 : (lo >>> top) & 1;
          if (lo === 0 && hi === 0) f |= FLAG.ZF;
          if (sAfter) f |= FLAG.SF;
          if (op === 14 /* neg */) {
            if (dLo !== 0 || (size === 8 && dHi !== 0)) f |= FLAG.CF;
            if (sBefore && sAfter) f |= FLAG.OF;
          } else {
            f |= keepCf; // inc and dec leave CF alone
            if (op === 15 /* inc */ ? !sBefore && sAfter : sBefore && !sAfter) f |= FLAG.OF;
          }
          ctx.flags = f;
          wLo = lo;
          wHi = hi;
          write = true;
          break;
        }
      case 17 /* push */:
        if (form === 1 /* r */) push64(dLo, dHi);
        else if (form === 2 /* i */) push64(sLo, sHi);
        else {
          load(addr, 8);
          push64(vLo, vHi);
        }
        break;
      case 18 /* pop */:
        pop64();
        if (form === 1 /* r */) {
          R[2 * d.dst] = vLo;
          R[2 * d.dst + 1] = vHi;
        } else store(addr, 8, vLo, vHi);
        break;
      case 19 /* jmp */:
        next = form === 1 /* r */ ? dHi * TWO32 + dLo : d.immNum;
        break;
      case 32 /* call */:
        {
          const target = form === 1 /* r */ ? dHi * TWO32 + dLo : d.immNum;
          push64(next >>> 0, Math.floor(next / TWO32) >>> 0);
          next = target;
          break;
        }
      case 33 /* ret */:
        pop64();
        next = vHi * TWO32 + vLo;
        break;
      case 34 /* syscall */:
        return SYSCALL;
      case 35 /* wasmi */:
        return HOST_CALL;
      default:
        if (op < 20 /* je */ || op > 31 /* jns */) {
          throw new Fault({ kind: "invalid-opcode", reason: `opcode ${op} at ${hex(rip)}` });
        }
        if (conditionHolds(op, ctx.flags)) next = d.immNum;
    }

    if (write) {
      if (memDst) store(addr, d.size, wLo, wHi);
      else {
        // A register loaded from a byte or dword memory operand is zero-extended.
        R[2 * d.dst] = wLo;
        R[2 * d.dst + 1] = wHi;
      }
    }
    return next;
  };

  // Base address of the page the fetch cache holds; far below zero when it holds none.
  const NO_PAGE = -2 * PAGE_SIZE;
  let fetchBase = NO_PAGE;
  let fetchFrame: Uint8Array | undefined;
  let fetchDecoded: (Decoded | null | undefined)[] = [];
  // rip lives in a local while ring 3 runs (V8 keeps it in a register) and goes back to ctx on the way out.
  let rip = ctx.rip;
  // rip's index in fetchDecoded, or -1 when it must be looked up again (after a jump, a page change or
  // anything the general path did). Straight-line fast instructions just step it.
  let slot = -1;
  try {
    while (executed < budget) {
      if (slot < 0) {
        // Fetch through a one-page cache: the address space cannot change while ring 3 runs, only a store
        // into the code frame can (and that resets the cache). A subtraction and two compares keep this
        // free of division, which V8 does in floating point when rip is not a small integer.
        let off = rip - fetchBase;
        if (!(off >= 0 && off < PAGE_SIZE)) {
          checkAddr(rip, "exec");
          const frame = translate(mem, tlb, rip, "exec");
          let decoded = decodeCache.get(frame);
          if (!decoded) {
            decoded = new Array(SLOTS_PER_PAGE);
            decodeCache.set(frame, decoded);
          }
          fetchBase = rip - (rip & PAGE_MASK);
          fetchFrame = frame;
          fetchDecoded = decoded;
          off = rip - fetchBase;
        }
        if ((off & (INSN_SIZE - 1)) !== 0) {
          return {
            executed,
            stop: {
              kind: "fault",
              fault: { kind: "invalid-opcode", reason: `rip ${hex(rip)} is not on an instruction boundary` },
            },
          };
        }
        slot = off >> 4;
      }
      let d = fetchDecoded[slot];
      if (d === undefined) {
        d = fetchFrame ? decodeAt(fetchFrame, slot * INSN_SIZE) : null;
        fetchDecoded[slot] = d;
      }
      if (d === null) {
        return {
          executed,
          stop: {
            kind: "fault",
            fault: { kind: "invalid-opcode", reason: `bytes at ${hex(rip)} are not an instruction` },
          },
        };
      }
      // Fast path for the register-only instructions most code is made of: no memory, no BigInt.
      // Literal case numbers are FAST's, so V8 builds a jump table.
      const fast = d.fast;
      if (fast !== 0 /* none */) {
        if (fast === 1 /* jcc */ || fast === 8 /* jmp */) {
          executed++;
          if (fast === 8 || conditionHolds(d.op, ctx.flags)) {
            rip = d.immNum;
            slot = d.jumpPage === fetchBase ? d.jumpSlot : -1;
            continue;
          }
        } else {
          const di = 2 * d.dst;
          const aLo = R[di] ?? 0;
          const aHi = R[di + 1] ?? 0;
          if (fast === 2 /* inc */ || fast === 3 /* dec */) {
            const inc = fast === 2;
            const lo = (inc ? aLo + 1 : aLo - 1) >>> 0;
            const hi = (inc ? aHi + (lo === 0 ? 1 : 0) : aHi - (aLo === 0 ? 1 : 0)) >>> 0;
            const sBefore = aHi >>> 31;
            const sAfter = hi >>> 31;
            // inc and dec leave CF alone.
            ctx.flags =
              (ctx.flags & ~(FLAG.ZF | FLAG.SF | FLAG.OF)) |
              (lo === 0 && hi === 0 ? FLAG.ZF : 0) |
              (sAfter ? FLAG.SF : 0) |
              ((inc ? !sBefore && sAfter : sBefore && !sAfter) ? FLAG.OF : 0);
            R[di] = lo;
            R[di + 1] = hi;
          } else {
            const fromReg = d.form === 4; /* rr */
            const bLo = fromReg ? (R[2 * d.src] ?? 0) : d.immLo;
            const bHi = fromReg ? (R[2 * d.src + 1] ?? 0) : d.immHi;
            switch (fast) {
              case 4 /* mov */:
                R[di] = bLo;
                R[di + 1] = bHi;
                break;
              case 5 /* add */:
                {
                  const l = aLo + bLo;
                  const lo = l >>> 0;
                  const h = aHi + bHi + (l > 0xffff_ffff ? 1 : 0);
                  const hi = h >>> 0;
                  const sr = hi >>> 31;
                  ctx.flags =
                    (ctx.flags & ~(FLAG.CF | FLAG.ZF | FLAG.SF | FLAG.OF)) |
                    (h > 0xffff_ffff ? FLAG.CF : 0) |
                    (lo === 0 && hi === 0 ? FLAG.ZF : 0) |
                    (sr ? FLAG.SF : 0) |
                    (aHi >>> 31 === bHi >>> 31 && sr !== aHi >>> 31 ? FLAG.OF : 0);
                  R[di] = lo;
                  R[di + 1] = hi;
                  break;
                }
              default: {
                // sub and cmp: cmp only sets the flags.
                const lo = (aLo - bLo) >>> 0;
                const borrow = aLo < bLo ? 1 : 0;
                const hi = (aHi - bHi - borrow) >>> 0;
                const sr = hi >>> 31;
                ctx.flags =
                  (ctx.flags & ~(FLAG.CF | FLAG.ZF | FLAG.SF | FLAG.OF)) |
                  (aHi < bHi + borrow ? FLAG.CF : 0) |
                  (lo === 0 && hi === 0 ? FLAG.ZF : 0) |
                  (sr ? FLAG.SF : 0) |
                  (aHi >>> 31 !== bHi >>> 31 && sr !== aHi >>> 31 ? FLAG.OF : 0);
                if (fast === 6 /* sub */) {
                  R[di] = lo;
                  R[di + 1] = hi;
                }
              }
            }
          }
          executed++;
        }
        rip += INSN_SIZE;
        slot = slot + 1 < SLOTS_PER_PAGE ? slot + 1 : -1;
        continue;
      }

      slot = -1;
      const op = d.op;
      if (op >= FIRST_PRIVILEGED) {
        return {
          executed,
          stop: {
            kind: "fault",
            fault: {
              kind: "general-protection",
              reason: `${OPS[op - 1]} is privileged: ring 3 may not execute it`,
            },
          },
        };
      }
      const next = execute(d, rip);
      if (codeWritten) {
        codeWritten = false;
        fetchBase = NO_PAGE;
      }
      if (next === SYSCALL || next === HOST_CALL) {
        rip += INSN_SIZE;
        executed++;
        return { executed, stop: { kind: next === SYSCALL ? "syscall" : "host-call" } };
      }
      rip = next;
      executed++;
    }
  } catch (e) {
    if (e instanceof Fault) return { executed, stop: { kind: "fault", fault: e.fault } };
    throw e;
  } finally {
    ctx.rip = rip;
  }
  return { executed, stop: { kind: "budget" } };
};

function hex(n: number): string {
  return `0x${n.toString(16).toUpperCase()}`;
}

/** Intel-syntax text of a decoded instruction, for listings of memory. */
export function disassemble(d: Decoded): string {
  const name = OPS[d.op - 1] as Op;
  const reg = (r: number) =>
    [
      "rax",
      "rcx",
      "rdx",
      "rbx",
      "rsp",
      "rbp",
      "rsi",
      "rdi",
      "r8",
      "r9",
      "r10",
      "r11",
      "r12",
      "r13",
      "r14",
      "r15",
    ][r] ?? "?";
  const mem = () => {
    const parts: string[] = [];
    if (d.base !== NO_REG) parts.push(reg(d.base));
    if (d.index !== NO_REG) parts.push(`${reg(d.index)}*${d.scale}`);
    if (d.immNum !== 0 || parts.length === 0) parts.push(hex(d.immNum));
    const size = d.size === 1 ? "byte" : d.size === 4 ? "dword" : "qword";
    return `${size} [${parts.join(" + ")}]`;
  };
  const imm = () => hex(d.immNum < 0 ? d.immNum + 2 ** 64 : d.immNum);
  switch (d.form) {
    case FORM.none:
      return name;
    case FORM.r:
      return `${name} ${reg(d.dst)}`;
    case FORM.i:
      return `${name} ${imm()}`;
    case FORM.m:
      return `${name} ${mem()}`;
    case FORM.rr:
      return `${name} ${reg(d.dst)}, ${reg(d.src)}`;
    case FORM.ri:
      return `${name} ${reg(d.dst)}, ${imm()}`;
    case FORM.rm:
      return `${name} ${reg(d.dst)}, ${mem()}`;
    case FORM.mr:
      return `${name} ${mem()}, ${reg(d.src)}`;
    default:
      return `${name} ${mem()}, ${(((d.src << 8) | d.dst) << 16) >> 16}`;
  }
}
export { invalidateDecoded } from "./decode-cache";
