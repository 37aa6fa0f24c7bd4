import type { Lab } from "./lab";

const HEADER = `; Lab 2: no ambient authority.
; This process holds one capability: slot 2 (SLOT_COM1), an IoPort for COM1's ports 0x3F8 to 0x3FF.
; Its other 63 slots are empty, and no other port is its to use. Three tries at writing the same byte.
`;

const TRY_1 = `_start:
  ; Try 1: through slot 5, which holds nothing.
  mov rax, SYS_PORT_OUT
  mov rdi, 5
  mov rsi, COM1
  mov rdx, '!'
  mov r10, 0
  syscall                     ; rax = 0, or an error; the kernel also prints a [syscall] line saying why
`;

const EXIT = `  mov rax, SYS_EXIT
  mov rdi, 0
  syscall
`;

/** A write of '!' through a slot to a port: the lines the solution and the wrong program share. */
const write = (comment: string, slot: string, port: string) => `  ; ${comment}
  mov rax, SYS_PORT_OUT
  mov rdi, ${slot}
  mov rsi, ${port}
  mov rdx, '!'
  mov r10, 0
  syscall
`;

export const noAmbientAuthority: Lab = {
  id: "no-ambient-authority",
  sprints: ["5", "6"],
  title: "No ambient authority",
  summary:
    "Write through a slot that holds nothing and to a port outside your range; read the errors; then write where you may.",
  edit: "probe",
  scenario: {
    version: 1,
    id: "lab-no-ambient-authority",
    title: "Lab 2: No ambient authority",
    profile: "design",
    machine: { cores: 1, quantumCycles: 10_000, memoryMiB: 64, virtio: false, bootLog: false },
    programs: {
      probe: {
        source: `${HEADER}${TRY_1}  ; Try 2 (your code): the same write through slot 2, but to COM2's data port, 0x2F8.

  ; Try 3 (your code): the same write through slot 2 to COM1, where the capability reaches.

${EXIT}`,
      },
    },
    processes: [
      {
        name: "probe",
        program: "probe",
        caps: [{ slot: 2, cap: { kind: "IoPort", base: 0x3f8, size: 8 }, rights: "ALL" }],
      },
    ],
    goals: [
      {
        description: "Try 1: slot 5 holds nothing, and the kernel answers EMPTY_SLOT (u64::MAX)",
        check: { syscall: "PORT_OUT", result: "EMPTY_SLOT", process: "probe" },
      },
      {
        description:
          "Try 2: port 0x2F8 is outside your capability, and the kernel answers OUT_OF_RANGE (u64::MAX − 4)",
        check: { syscall: "PORT_OUT", result: "OUT_OF_RANGE", process: "probe" },
      },
      {
        description: "Try 3: the write through slot 2 to port 0x3F8 works",
        check: { syscall: "PORT_OUT", result: "ok", process: "probe" },
      },
      { description: "The '!' is on COM1", check: { output: "!" } },
      { description: "The program exits", check: { process: "probe", state: "exited" } },
    ],
  },
  hints: [
    "Each try is the same five lines as try 1; only the slot in rdi and the port in rsi change.",
    "The kernel checks the slot before it looks at the port: to see OUT_OF_RANGE, the slot must hold the IoPort, so try 2 uses slot 2 (SLOT_COM1) with port 0x2F8.",
    "Try 3 is try 2 with COM1 (0x3F8) in rsi.",
  ],
  solution: `${HEADER}${TRY_1}${write("Try 2: through slot 2, to COM2's data port.", "SLOT_COM1", "0x2F8")}${write("Try 3: through slot 2, to COM1.", "SLOT_COM1", "COM1")}${EXIT}`,
  wrong: {
    // Try 2 copied from try 1 with only the port changed: the empty slot fails first, so the kernel
    // never gets to the port range.
    source: `${HEADER}${TRY_1}${write("Try 2: COM2's data port.", "5", "0x2F8")}${write("Try 3: through slot 2, to COM1.", "SLOT_COM1", "COM1")}${EXIT}`,
    unmet: [2],
  },
};
