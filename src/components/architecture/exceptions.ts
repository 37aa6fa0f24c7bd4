/**
 * The exception vectors the IDT fills at 3833797 (kernel/src/arch/x86_64/idt.rs) and what the handler does
 * for each. Every one ends in `cli; hlt` forever.
 */
export interface ExceptionVector {
  readonly vector: number;
  readonly mnemonic: string;
  readonly name: string;
  /** Whether the CPU pushes an error code; the stub pushes a 0 for the others so every frame looks alike. */
  readonly errorCode: boolean;
  /** What the report on COM1 shows before the halt. */
  readonly report: string;
}

const generic = "generic report: vector, RIP, error code";

export const EXCEPTIONS: readonly ExceptionVector[] = [
  { vector: 0, mnemonic: "#DE", name: "Divide error", errorCode: false, report: "RIP, CS, RFLAGS, RSP" },
  { vector: 1, mnemonic: "#DB", name: "Debug", errorCode: false, report: generic },
  { vector: 2, mnemonic: "NMI", name: "Non-maskable interrupt", errorCode: false, report: generic },
  { vector: 3, mnemonic: "#BP", name: "Breakpoint (int3)", errorCode: false, report: generic },
  { vector: 4, mnemonic: "#OF", name: "Overflow", errorCode: false, report: generic },
  { vector: 5, mnemonic: "#BR", name: "Bound range exceeded", errorCode: false, report: generic },
  { vector: 6, mnemonic: "#UD", name: "Invalid opcode", errorCode: false, report: "RIP, CS" },
  { vector: 7, mnemonic: "#NM", name: "Device not available", errorCode: false, report: generic },
  {
    vector: 8,
    mnemonic: "#DF",
    name: "Double fault, on its own stack (IST1)",
    errorCode: true,
    report: "every register, framed as unrecoverable",
  },
  { vector: 10, mnemonic: "#TS", name: "Invalid TSS", errorCode: true, report: generic },
  { vector: 11, mnemonic: "#NP", name: "Segment not present", errorCode: true, report: generic },
  { vector: 12, mnemonic: "#SS", name: "Stack-segment fault", errorCode: true, report: generic },
  {
    vector: 13,
    mnemonic: "#GP",
    name: "General protection",
    errorCode: true,
    report: "error code decoded (selector index, table, external), RIP, CS, RSP",
  },
  {
    vector: 14,
    mnemonic: "#PF",
    name: "Page fault",
    errorCode: true,
    report:
      "faulting address (CR2), error code decoded (not present or protection, read or write, user or supervisor, reserved bit, instruction fetch), RIP, RSP",
  },
  { vector: 16, mnemonic: "#MF", name: "x87 floating-point error", errorCode: false, report: generic },
  { vector: 17, mnemonic: "#AC", name: "Alignment check", errorCode: true, report: generic },
  { vector: 18, mnemonic: "#MC", name: "Machine check", errorCode: false, report: generic },
  { vector: 19, mnemonic: "#XM", name: "SIMD floating-point error", errorCode: false, report: generic },
];
