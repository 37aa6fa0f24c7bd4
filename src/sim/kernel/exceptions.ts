/**
 * The exception reports of exception_dispatch (kernel/src/arch/x86_64/idt.rs at 3833797), for the faults
 * the simulator's CPU raises in ring 3. User code runs with CS 0x23.
 */
import type { CpuFault } from "../cpu/contract";
import { hexU } from "./format";

const USER_CS = "0x0023";

export interface ExceptionReport {
  /** The vector's short name, as in the report's header: #PF, #GP, #UD, #DE. */
  readonly name: string;
  readonly lines: readonly string[];
}

/** The x86 page-fault error code: P (protection), W (write), U (user), RSVD, I/D (instruction fetch). */
export function pageFaultErrorCode(fault: Extract<CpuFault, { kind: "page-fault" }>): number {
  const present = fault.reason !== "not-present" ? 1 : 0;
  const write = fault.access === "write" ? 2 : 0;
  const fetch = fault.access === "exec" ? 16 : 0;
  return present | write | 4 | fetch;
}

export function exceptionReport(fault: CpuFault, rip: number, rsp: bigint, rflags: number): ExceptionReport {
  switch (fault.kind) {
    case "page-fault": {
      // A non-canonical address is #GP on x86, not #PF; the CPU model reports it with the page faults.
      if (fault.reason === "non-canonical") return generalProtection(rip, rsp);
      const err = pageFaultErrorCode(fault);
      return {
        name: "#PF",
        lines: [
          "",
          "EXCEPTION: #PF Page Fault",
          `  Faulting address (CR2): ${hexU(fault.addr, 18)}`,
          `  Error code: ${hexU(err, 6)}`,
          `    ${err & 1 ? "Protection violation" : "Page not present"}`,
          `    ${err & 2 ? "Write access" : "Read access"}`,
          `    ${err & 4 ? "User mode" : "Supervisor mode"}`,
          `    ${err & 8 ? "Reserved bit set" : "No reserved bit violation"}`,
          `    ${err & 16 ? "Instruction fetch (NX)" : "Data access"}`,
          `  RIP:    ${hexU(rip, 18)}`,
          `  RSP:    ${hexU(rsp, 18)}`,
        ],
      };
    }
    case "general-protection":
      return generalProtection(rip, rsp);
    case "invalid-opcode":
      return {
        name: "#UD",
        lines: ["", "EXCEPTION: #UD Invalid Opcode", `  RIP:    ${hexU(rip, 18)}`, `  CS:     ${USER_CS}`],
      };
    case "divide-error":
      return {
        name: "#DE",
        lines: [
          "",
          "EXCEPTION: #DE Divide Error",
          `  RIP:    ${hexU(rip, 18)}`,
          `  CS:     ${USER_CS}`,
          `  RFLAGS: ${hexU(rflags, 18)}`,
          `  RSP:    ${hexU(rsp, 18)}`,
        ],
      };
  }
}

/** #GP with error code 0 (a privileged instruction or a non-canonical address): no selector lines. */
function generalProtection(rip: number, rsp: bigint): ExceptionReport {
  return {
    name: "#GP",
    lines: [
      "",
      "EXCEPTION: #GP General Protection Fault",
      "  Error code: 0x0000",
      `  RIP:    ${hexU(rip, 18)}`,
      `  CS:     ${USER_CS}`,
      `  RSP:    ${hexU(rsp, 18)}`,
    ],
  };
}
