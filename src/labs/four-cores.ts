import { CRLF, type Lab } from "./lab";

const HEADER = `; Lab 8: four cores.
; Sum 1 to 80,000 in eight chunks of 10,000, one chunk per thread, on a machine with four cores.
; Slots: 2 COM1, 3 this process (SLOT_SELF). The threads of a process share its memory: each thread
; stores its chunk's sum in results[k], and main adds them up.
include "libmnos"
CHUNK equ 10000
THREADS equ 8
_start:
`;

/** The spawn loop; `handOver` is how worker k learns its k. */
const spawn = (handOver: string) => `  mov r12, 1
spawn:
  mov rbx, r12                  ; worker r12's stack: its own 16 KiB of this process's stack
  shl rbx, 14
  mov rdx, STACK_TOP
  sub rdx, rbx
${handOver}  mov rax, SYS_SPAWN_THREAD
  mov rdi, SLOT_SELF
  lea rsi, [worker]
  syscall
  inc r12
  cmp r12, THREADS
  jne spawn
`;

const rest = (workerStart: string) => `  mov r12, 0
  call sum_chunk                ; main sums chunk 0 itself
  mov r12, 0                    ; then waits for every results[k], and adds them up
  mov r13, 0
collect:
  lea rbx, [results]
  mov rax, r12
  shl rax, 3
  add rbx, rax
wait:
  mov rax, qword [rbx]
  cmp rax, 0
  je wait                       ; not there yet
  add r13, rax
  inc r12
  cmp r12, THREADS
  jne collect
  mov rdi, SLOT_COM1
  lea rsi, [total]
  call puts
  mov rdi, SLOT_COM1
  mov rsi, r13
  call print_dec
  mov rdi, SLOT_COM1
  lea rsi, [crlf]
  call puts
  mov rax, SYS_EXIT
  mov rdi, 0
  syscall

worker:
${workerStart}  call sum_chunk
  mov rax, SYS_EXIT             ; ends this thread; the process goes with its last one
  mov rdi, 0
  syscall

; sum_chunk: r12 = k. Stores (k * CHUNK + 1) + ... + (k + 1) * CHUNK in results[k].
sum_chunk:
  mov rcx, r12
  mov rdx, 0
first:
  cmp rcx, 0
  je add_up
  add rdx, CHUNK
  dec rcx
  jmp first
add_up:
  mov rax, 0
  mov rcx, CHUNK
next:
  inc rdx
  add rax, rdx
  dec rcx
  jne next
  lea rbx, [results]
  mov rcx, r12
  shl rcx, 3
  add rbx, rcx
  mov qword [rbx], rax
  ret
total: db "[work] 1 + 2 + ... + 80000 = ", 0
crlf: db "${CRLF}", 0
  align 8
results: times 64 db 0
`;

const ON_STACK = `  sub rdx, 8                     ; and k on top of it, for the worker to pop
  mov qword [rdx], r12
`;
const POP = `  pop r12                       ; k: the chunk main put on this thread's stack
`;

export const fourCores: Lab = {
  id: "four-cores",
  sprints: ["4"],
  title: "Four cores",
  summary:
    "Spread a sum over eight threads of one process and watch four cores share them, each from its own run queue.",
  edit: "work",
  // Every goal is met by tick 352,000; a worker that never stores its sum leaves main waiting for ever.
  checkTicks: 1_000_000,
  scenario: {
    version: 1,
    id: "lab-four-cores",
    title: "Lab 8: Four cores",
    profile: "design",
    machine: { cores: 4, quantumCycles: 10_000, memoryMiB: 64, virtio: false, bootLog: false },
    programs: {
      work: {
        source: `${HEADER}  ; TODO: start THREADS - 1 workers, for chunks 1 to 7: SYS_SPAWN_THREAD on SLOT_SELF, at \`worker\`.
  ;   A new thread gets only RIP and RSP from you. Give each its own stack, 16 KiB apart in this
  ;   process's stack (STACK_TOP - k * 0x4000), and store k on top of it: the worker pops it.

${rest(POP)}`,
      },
    },
    processes: [
      {
        name: "work",
        program: "work",
        caps: [
          { slot: 2, cap: { kind: "IoPort", base: 0x3f8, size: 8 }, rights: "ALL" },
          { slot: 3, cap: { kind: "Process", pid: 1 }, rights: "ALL" },
        ],
      },
    ],
    goals: [
      {
        description: "Your workers start: SYS_SPAWN_THREAD works",
        check: { syscall: "SPAWN_THREAD", result: "ok", process: "work" },
      },
      { description: "Your process runs on core 1", check: { ran: "work", core: 1 } },
      { description: "…and on core 2", check: { ran: "work", core: 2 } },
      { description: "…and on core 3", check: { ran: "work", core: 3 } },
      { description: "The total is right: 3200040000", check: { output: "80000 = 3200040000" } },
      {
        description: "Every thread exits, and the process goes with the last",
        check: { process: "work", state: "reaped" },
      },
    ],
  },
  hints: [
    "SYS_SPAWN_THREAD takes the Process capability's slot in rdi (SLOT_SELF: a thread in this same process), the entry point in rsi and the stack pointer in rdx.",
    "Registers do not carry over to a new thread: it starts at `worker` with only RSP set. That is why k goes on its stack.",
    "A loop with k in r12 from 1 to 7: rdx = STACK_TOP - (r12 shl 14) - 8, `mov qword [rdx], r12`, then the syscall with `lea rsi, [worker]`.",
  ],
  solution: `${HEADER}${spawn(ON_STACK)}${rest(POP)}`,
  wrong: {
    // Leaves k in r12 as for a function call: a new thread starts with its registers at 0, so every
    // worker sums chunk 0 and main waits for results[1] for ever.
    source: `${HEADER}${spawn("")}${rest("")}`,
    unmet: [5, 6],
  },
};
