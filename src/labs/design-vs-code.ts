import { CRLF, type Lab } from "./lab";

const HEADER = `; Lab 9: design vs code. This runs on the kernel AS BUILT at 3833797.
; Written for the design kernel, the program starts a helper thread to print a line, waits for it, and
; exits. Make it do the right thing on the code as it is, and still on the design.
include "libmnos"
_start:
  mov rax, SYS_SPAWN_THREAD
  mov rdi, SLOT_SELF              ; a second thread in this process...
  lea rsi, [helper]               ; ...starting at helper...
  mov rdx, STACK_TOP - 0x4000     ; ...on its own part of our stack
  syscall
`;

/** The unbounded wait of the starter: fine on the design kernel, for ever as built. */
const WAIT_FOR_EVER = `wait:
  mov rax, qword [done]           ; the helper sets done once it has printed
  cmp rax, 0
  je wait
`;

const WAIT_BOUNDED = `  mov rcx, 20000                  ; wait, but not for ever: a few quanta
wait:
  mov rax, qword [done]           ; the helper sets done once it has printed
  cmp rax, 0
  jne exit
  dec rcx
  jne wait
  ; As built the helper never runs: SYS_SPAWN_THREAD queued it where the scheduler no longer looks.
  mov rdi, SLOT_COM1
  lea rsi, [by_main]
  call puts
`;

const EXIT = `exit:
  mov rax, SYS_EXIT
  mov rdi, 0
  syscall
`;

const PARK = `  ; Still here: as built there is no SYS_EXIT, the call returned u64::MAX (UNKNOWN_SYSCALL).
  mov rdi, SLOT_COM1
  lea rsi, [parked]
  call puts
park:
  jmp park                        ; a thread cannot end as built, and hlt is for ring 0
`;

const TAIL = `
helper:
  mov rdi, SLOT_COM1
  lea rsi, [by_helper]
  call puts
  mov rax, 1
  mov qword [done], rax
  mov rax, SYS_EXIT
  mov rdi, 0
  syscall
by_helper: db "[work] done by the helper thread${CRLF}", 0
by_main: db "[work] done by main: the helper never ran${CRLF}", 0
parked: db "[main] no SYS_EXIT here: parked${CRLF}", 0
  align 8
done: dq 0
`;

export const designVsCode: Lab = {
  id: "design-vs-code",
  sprints: ["4", "7–9"],
  title: "Design vs code",
  summary:
    "For contributors: make a program written for the design kernel behave on the code at 3833797, and find the source and roadmap items that would close each gap.",
  edit: "main",
  // As built the program ends parked in a loop, so Check runs to this limit; every goal is met by tick 110,000.
  checkTicks: 300_000,
  scenario: {
    version: 1,
    id: "lab-design-vs-code",
    title: "Lab 9: Design vs code",
    profile: "as-built",
    machine: { cores: 1, quantumCycles: 10_000, memoryMiB: 64, virtio: false, bootLog: false },
    programs: {
      main: {
        source: `${HEADER}  ; TODO 1: as built the helper never runs. Stop waiting after a while, and print its line yourself.
${WAIT_FOR_EVER}${EXIT}  ; TODO 2: as built SYS_EXIT returns u64::MAX. Do not run on into the bytes below: say so, and park.
${TAIL}`,
      },
    },
    processes: [
      {
        name: "main",
        program: "main",
        caps: [
          { slot: 2, cap: { kind: "IoPort", base: 0x3f8, size: 8 }, rights: "ALL" },
          { slot: 3, cap: { kind: "Process", pid: 1 }, rights: "ALL" },
        ],
      },
    ],
    goals: [
      {
        description: "SYS_SPAWN_THREAD returns a thread ID, as if all were well",
        check: { syscall: "SPAWN_THREAD", result: "ok", process: "main" },
      },
      {
        description: "The work gets done anyway: main stops waiting for a thread that never runs",
        check: { output: "[work] done" },
      },
      {
        description: "SYS_EXIT answers UNKNOWN_SYSCALL here",
        check: { syscall: "EXIT", result: "UNKNOWN_SYSCALL", process: "main" },
      },
      {
        description: "Your program notices and parks, instead of running on into its data",
        check: { output: "[main] no SYS_EXIT here: parked" },
      },
      { description: "The machine runs on: nothing faulted", check: { noFault: true }, after: 4 },
    ],
  },
  hints: [
    "Run it first and read the console: `[sched] Spawned thread … (pre-built)`, and then nothing from the helper, ever.",
    "Count down in a register while you wait (`dec rcx` / `jne wait`); when it reaches 0, print by_main with puts and go on to exit. Keep the jump to exit for when done is set.",
    "After SYS_EXIT's `syscall`, the next instruction runs only if the call failed: print `parked` with puts, then loop on a `jmp` to itself.",
  ],
  solution: `${HEADER}${WAIT_BOUNDED}${EXIT}${PARK}${TAIL}`,
  wrong: {
    // Handles the helper but trusts SYS_EXIT: as built the call returns, main runs on into helper's code,
    // prints its line, calls SYS_EXIT again and then runs into the strings, and the machine halts on #UD.
    source: `${HEADER}${WAIT_BOUNDED}${EXIT}${TAIL}`,
    unmet: [4, 5],
  },
};
