import { CRLF, type Lab } from "./lab";

const MESSAGE = `message: db "Hello, COM1!${CRLF}", 0`;

export const helloCom1: Lab = {
  id: "hello-com1",
  sprints: ["1", "6"],
  title: "Hello, COM1",
  summary: "Print a line on the serial port through the IoPort capability in your slot 2.",
  edit: "hello",
  scenario: {
    version: 1,
    id: "lab-hello-com1",
    title: "Lab 1: Hello, COM1",
    profile: "design",
    machine: { cores: 1, quantumCycles: 10_000, memoryMiB: 64, virtio: false, bootLog: false },
    programs: {
      hello: {
        source: `; Lab 1: print the message on COM1, one byte at a time, then exit.
; Slot 2 of this process's CNode (SLOT_COM1) holds an IoPort capability for ports 0x3F8 to 0x3FF.
; For each byte:
;   1. read the line status register (port COM1_LSR) with SYS_PORT_IN until bit 5 (0x20) is set:
;      the UART can take another byte;
;   2. write the byte to the data port (COM1) with SYS_PORT_OUT.
_start:
  lea r12, [message]
next:
  mov r13, byte [r12]
  cmp r13, 0
  je done
  ; Your code: wait until the UART is ready, then write the byte in r13.

  inc r12
  jmp next
done:
  mov rax, SYS_EXIT
  mov rdi, 0
  syscall
${MESSAGE}
`,
      },
    },
    processes: [
      {
        name: "hello",
        program: "hello",
        caps: [{ slot: 2, cap: { kind: "IoPort", base: 0x3f8, size: 8 }, rights: "ALL" }],
      },
    ],
    goals: [
      {
        description: "You ask the UART whether it is ready: SYS_PORT_IN on the line status register works",
        check: { syscall: "PORT_IN", result: "ok", process: "hello" },
      },
      {
        description: "You write through the capability: SYS_PORT_OUT works",
        check: { syscall: "PORT_OUT", result: "ok", process: "hello" },
      },
      { description: "The whole line is on COM1", check: { output: "Hello, COM1!" } },
      { description: "The program exits", check: { process: "hello", state: "exited" } },
      { description: "Nothing faulted on the way", check: { noFault: true }, after: 4 },
    ],
  },
  hints: [
    "SYS_PORT_IN takes the capability's slot in rdi, the port in rsi and 0 in r10 (a byte); the byte read comes back in rdi.",
    "`test rdi, 0x20` sets the zero flag when bit 5 is clear: `jz` back to the read until it is set.",
    "SYS_PORT_OUT takes the slot in rdi, the port in rsi, the byte in rdx and 0 in r10. Keep the byte in r13: syscalls may change rdi, rsi, rdx, r10, r11 and rcx.",
  ],
  solution: `; Lab 1: print the message on COM1, one byte at a time, then exit.
_start:
  lea r12, [message]
next:
  mov r13, byte [r12]
  cmp r13, 0
  je done
wait:
  mov rax, SYS_PORT_IN
  mov rdi, SLOT_COM1
  mov rsi, COM1_LSR
  mov r10, 0
  syscall
  test rdi, 0x20              ; transmit holding register empty?
  jz wait
  mov rax, SYS_PORT_OUT
  mov rdi, SLOT_COM1
  mov rsi, COM1
  mov rdx, r13
  mov r10, 0
  syscall
  inc r12
  jmp next
done:
  mov rax, SYS_EXIT
  mov rdi, 0
  syscall
${MESSAGE}
`,
  wrong: {
    // Writes without asking the UART first: the bytes go out here, but a real UART drops them.
    source: `_start:
  lea r12, [message]
next:
  mov r13, byte [r12]
  cmp r13, 0
  je done
  mov rax, SYS_PORT_OUT
  mov rdi, SLOT_COM1
  mov rsi, COM1
  mov rdx, r13
  mov r10, 0
  syscall
  inc r12
  jmp next
done:
  mov rax, SYS_EXIT
  mov rdi, 0
  syscall
${MESSAGE}
`,
    unmet: [1],
  },
};
