import { CRLF, type Lab } from "./lab";

/** The child, read-only in the lab: prints a line through slot 2; a refused call ends it with the error as exit code. */
const CHILD = `; The child: prints a line through the COM1 capability its parent put in slot 2, then exits.
; If the kernel refuses a call, the child exits with the error as its code.
_start:
  lea r12, [line]
next:
  mov r13, byte [r12]
  cmp r13, 0
  je done
wait:
  mov rax, SYS_PORT_IN          ; needs READ
  mov rdi, 2
  mov rsi, COM1_LSR
  mov r10, 0
  syscall
  cmp rax, 0
  jne refused
  test rdi, 0x20
  jz wait
  mov rax, SYS_PORT_OUT         ; needs WRITE
  mov rdi, 2
  mov rsi, COM1
  mov rdx, r13
  mov r10, 0
  syscall
  cmp rax, 0
  jne refused
  inc r12
  jmp next
done:
  mov rax, 0
refused:
  mov rdi, rax
  mov rax, SYS_EXIT
  syscall
line: db "[child] hello through my own copy of COM1${CRLF}", 0
`;

const HEADER = `; Lab 3: delegation with fewer rights.
; Slots: 1 PmmAllocator, 2 COM1 IoPort (all rights), 3 this process.
; start_child loads the program "child" from the initrd into a new process and starts its thread. The
; child prints a line through slot 2 of its own CNode, which starts empty: give it a copy of your COM1
; capability there, with only the rights it needs.
include "libmnos"
SCRATCH equ 20
`;

const FIRST = `_start:
  mov rdi, RIGHT_READ           ; the first child may only read COM1
  mov rsi, 0x50000000           ; a free address where start_child maps the child's pages to fill them
  call start_child
`;

const secondChild = (rights: string) => `  mov rdi, ${rights}
  mov rsi, 0x50100000           ; its own window: the first child's pages stay mapped at 0x5000_0000
  call start_child
`;

const STAY = `stay:
  jmp stay                      ; never exit: the children's pages are still mapped here too
`;

const startChild = (delegate: string) => `
; start_child: rdi = the rights the child's copy of COM1 keeps, rsi = the copy window.
start_child:
  push r12
  push r13
  push r14
  mov r14, rdi
  mov r8, rsi
  lea rdi, [child_name]
  mov rsi, SLOT_PMM
  mov rdx, SLOT_SELF
  mov rcx, SCRATCH
  call spawn_initrd
  mov r12, rax                  ; the slot of our Process capability for the child
  mov r13, rdx                  ; the child's entry point
${delegate}  mov rax, SYS_SPAWN_THREAD
  mov rdi, r12
  mov rsi, r13
  mov rdx, CHILD_STACK_TOP
  syscall
  pop r14
  pop r13
  pop r12
  ret
child_name: db "child", 0
`;

const DELEGATE = `  mov rax, SYS_DELEGATE
  mov rdi, r12                  ; into the child...
  mov rsi, SLOT_COM1            ; ...a copy of our COM1 capability...
  mov rdx, 2                    ; ...in its slot 2...
  mov r10, r14                  ; ...keeping only these rights
  syscall
`;

export const delegation: Lab = {
  id: "delegation",
  sprints: ["7–9"],
  title: "Delegation with fewer rights",
  summary:
    "Start two children from the initrd and give each a copy of COM1: one that may only read, and one with just what printing needs.",
  edit: "parent",
  // The parent spins (see the page), so Check runs to this limit; every goal is met by tick 11,000.
  checkTicks: 200_000,
  scenario: {
    version: 1,
    id: "lab-delegation",
    title: "Lab 3: Delegation with fewer rights",
    profile: "design",
    machine: { cores: 4, quantumCycles: 10_000, memoryMiB: 64, virtio: false, bootLog: false },
    programs: {
      parent: {
        source: `${HEADER}${FIRST}  ; TODO: then start a second child, with the rights a child that prints needs, and no more.
${STAY}${startChild("  ; TODO: SYS_DELEGATE our SLOT_COM1 into the child's slot 2, with the rights in r14 as the mask.\n\n")}`,
      },
      child: { source: CHILD },
    },
    initrd: ["child"],
    processes: [
      {
        name: "parent",
        program: "parent",
        initrd: true,
        caps: [
          { slot: 1, cap: { kind: "PmmAllocator" }, rights: "ALL" },
          { slot: 2, cap: { kind: "IoPort", base: 0x3f8, size: 8 }, rights: "ALL" },
          { slot: 3, cap: { kind: "Process", pid: 1 }, rights: "ALL" },
        ],
      },
    ],
    goals: [
      {
        description: "The first child holds a copy of COM1 in its slot 2 with READ only",
        check: { process: "user-proc", slot: 2, cap: "IoPort", rights: ["READ"] },
      },
      {
        description: "Its write is refused for lack of rights: SYS_PORT_OUT answers NO_RIGHTS",
        check: { syscall: "PORT_OUT", result: "NO_RIGHTS", process: "user-proc" },
      },
      {
        description: "The second child's copy holds READ and WRITE, and nothing more",
        check: { process: "user-proc", slot: 2, cap: "IoPort", rights: ["READ", "WRITE"] },
      },
      {
        description: "The second child's line is on COM1",
        check: { output: "[child] hello through my own copy" },
      },
      { description: "Nothing faulted", check: { noFault: true }, after: 4 },
    ],
  },
  hints: [
    "SYS_DELEGATE takes your Process capability for the child in rdi, the slot to copy from in rsi, the child's slot to copy into in rdx and the rights mask in r10. The copy gets your rights AND the mask.",
    "The child polls the line status register with SYS_PORT_IN, which needs READ, and writes with SYS_PORT_OUT, which needs WRITE.",
    "The second child: `mov rdi, RIGHT_READ + RIGHT_WRITE`, a window of its own in rsi (0x50100000), then `call start_child`.",
  ],
  solution: `${HEADER}${FIRST}${secondChild("RIGHT_READ + RIGHT_WRITE ; the second may read the line status and write")}${STAY}${startChild(DELEGATE)}`,
  wrong: {
    // The second child gets everything we have: it prints, but holds rights it never uses.
    source: `${HEADER}${FIRST}${secondChild("RIGHT_ALL")}${STAY}${startChild(DELEGATE)}`,
    unmet: [3],
  },
};
