import type { Lab } from "./lab";

const HEADER = `; Lab 5: an interrupt-driven serial driver.
; Slot 2 (SLOT_COM1): COM1's ports 0x3F8 to 0x3FF. Slot 4: an Interrupt capability for IRQ 4, COM1's line.
; Someone types into COM1 while this runs. Echo every byte back, and sleep while nothing comes.
SLOT_IRQ equ 4
_start:
  ; The kernel leaves the UART's interrupts off. Bit 0 of its interrupt enable register (COM1_IER) asks
  ; it to raise IRQ 4 when a byte arrives.
  mov rax, SYS_PORT_OUT
  mov rdi, SLOT_COM1
  mov rsi, COM1_IER
  mov rdx, 1
  mov r10, 0
  syscall
`;

const SLEEP = `sleep:
  mov rax, SYS_WAIT_IRQ
  mov rdi, SLOT_IRQ
  syscall                       ; blocks until IRQ 4
`;

const READ_ONE = `  mov rax, SYS_PORT_IN
  mov rdi, SLOT_COM1
  mov rsi, COM1_LSR
  mov r10, 0
  syscall
  test rdi, 1                   ; bit 0: a byte is waiting
  jz sleep
  mov rax, SYS_PORT_IN
  mov rdi, SLOT_COM1
  mov rsi, COM1
  mov r10, 0
  syscall                       ; rdi = the byte
  mov rdx, rdi
  mov rax, SYS_PORT_OUT
  mov rdi, SLOT_COM1
  mov rsi, COM1
  mov r10, 0
  syscall
`;

export const serialDriver: Lab = {
  id: "serial-driver",
  sprints: ["3", "5"],
  title: "An interrupt-driven serial driver",
  summary: "Sleep on IRQ 4 until COM1 receives, then read every waiting byte and echo it back.",
  edit: "driver",
  scenario: {
    version: 1,
    id: "lab-serial-driver",
    title: "Lab 5: An interrupt-driven serial driver",
    profile: "design",
    machine: { cores: 1, quantumCycles: 10_000, memoryMiB: 64, virtio: false, bootLog: false },
    programs: {
      driver: {
        source: `${HEADER}wait:
  ; TODO: 1. SYS_WAIT_IRQ on slot 4: sleep until the UART interrupts.
  ;       2. Read the line status register (COM1_LSR). While its bit 0 is set, a byte is waiting:
  ;          read it from COM1 with SYS_PORT_IN and write it back with SYS_PORT_OUT.
  jmp wait
`,
      },
    },
    processes: [
      {
        name: "driver",
        program: "driver",
        caps: [
          { slot: 2, cap: { kind: "IoPort", base: 0x3f8, size: 8 }, rights: "ALL" },
          { slot: 4, cap: { kind: "Interrupt", irq: 4 }, rights: ["READ"] },
        ],
      },
    ],
    events: [
      { at: 40_000, serialInput: "Hello" },
      { at: 90_000, serialInput: ", kernel!" },
    ],
    goals: [
      {
        description: "The driver sleeps on its Interrupt capability: SYS_WAIT_IRQ works",
        check: { syscall: "WAIT_IRQ", result: "ok", process: "driver" },
      },
      {
        description: "A typed byte wakes it: IRQ 4 reaches the driver",
        check: { console: "IRQ 4 woke thread" },
      },
      { description: "Everything typed comes back: Hello, kernel!", check: { output: "Hello, kernel!" } },
      {
        description: "After an interrupt, the driver goes back to sleep instead of polling",
        check: { thread: "driver", state: "BlockedRecv" },
        after: 2,
      },
    ],
  },
  hints: [
    "SYS_WAIT_IRQ takes only the slot of the Interrupt capability, in rdi. It blocks; when it returns, the interrupt came.",
    'One interrupt can announce several bytes: "Hello" arrives at once and raises IRQ 4 once. Read until the line status register\'s bit 0 is clear, then go back to sleep.',
    "SYS_PORT_IN from COM1 returns the byte in rdi; move it to rdx for SYS_PORT_OUT to COM1.",
  ],
  solution: `${HEADER}${SLEEP}drain:
${READ_ONE}  jmp drain                     ; more bytes may be waiting
`,
  wrong: {
    // One byte per interrupt: "Hello" raises IRQ 4 once, so only its first byte comes back before the
    // driver sleeps again with four bytes still waiting.
    source: `${HEADER}${SLEEP}${READ_ONE}  jmp sleep
`,
    unmet: [3],
  },
};
