import { CRLF, type Lab } from "./lab";

/** The child, read-only in the lab: prints through slot 2, then exits with code 7. */
const CHILD = `; The child: prints a line through the COM1 capability in its slot 2, then exits with code 7.
_start:
  lea r12, [line]
next:
  mov r13, byte [r12]
  cmp r13, 0
  je done
wait:
  mov rax, SYS_PORT_IN
  mov rdi, 2
  mov rsi, COM1_LSR
  mov r10, 0
  syscall
  test rdi, 0x20
  jz wait
  mov rax, SYS_PORT_OUT
  mov rdi, 2
  mov rsi, COM1
  mov rdx, r13
  mov r10, 0
  syscall
  inc r12
  jmp next
done:
  mov rax, SYS_EXIT
  mov rdi, 7
  syscall
line: db "[child] built by my parent, and done${CRLF}", 0
`;

const HEADER = `; Lab 7: spawn and reap.
; Slots: 1 PmmAllocator, 2 COM1, 3 this process. The initrd holds "child", which prints a line and exits.
; Start it, let it exit, and let the reaper take back every frame it used.
include "libmnos"
SCRATCH equ 20
_start:
`;

const TAIL = `stay:
  jmp stay                      ; never exit: see the page
child_name: db "child", 0
`;

const build = (window: string) => `  lea rdi, [child_name]
  mov rsi, SLOT_PMM
  mov rdx, SLOT_SELF
  mov rcx, SCRATCH
  mov r8, ${window}
  call spawn_initrd
  mov r12, rax                  ; our Process capability for the child
  mov r13, rdx                  ; its entry point
  mov rax, SYS_DELEGATE
  mov rdi, r12
  mov rsi, SLOT_COM1
  mov rdx, 2
  mov r10, 0                    ; the same rights as ours
  syscall
  mov rax, SYS_SPAWN_THREAD
  mov rdi, r12
  mov rsi, r13
  mov rdx, CHILD_STACK_TOP
  syscall
`;

export const spawnAndReap: Lab = {
  id: "spawn-and-reap",
  sprints: ["7–9", "9.5"],
  title: "Spawn and reap",
  summary:
    "Build a child process from the initrd, start it, let it exit, and check the reaper gives back every frame.",
  edit: "parent",
  // The parent spins (see the page), so Check runs to this limit; every goal is met by tick 21,000.
  checkTicks: 200_000,
  scenario: {
    version: 1,
    id: "lab-spawn-and-reap",
    title: "Lab 7: Spawn and reap",
    profile: "design",
    machine: { cores: 2, quantumCycles: 10_000, memoryMiB: 64, virtio: false, bootLog: false },
    programs: {
      parent: {
        source: `${HEADER}  ; TODO 1: build the child with libmnos's spawn_initrd. rdi = the name (child_name), rsi = SLOT_PMM,
  ;   rdx = SLOT_SELF, rcx = SCRATCH (a free slot it uses for each frame), r8 = a free page-aligned
  ;   address in this process where it maps each of the child's pages to fill them (the window).
  ;   It returns our Process capability's slot for the child in rax and its entry point in rdx.
  ; TODO 2: SYS_DELEGATE your COM1 capability into the child's slot 2.
  ; TODO 3: SYS_SPAWN_THREAD in the child, at its entry point, with CHILD_STACK_TOP as its stack.

${TAIL}`,
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
      { description: "The child runs and prints its line", check: { output: "[child] built by my parent" } },
      { description: "The child exits", check: { process: "user-proc", state: "exited" } },
      { description: "The reaper takes the child apart", check: { process: "user-proc", state: "reaped" } },
      {
        description: "Not one frame is missing: as many are free as at the start",
        check: { framesFree: "start" },
        after: 3,
      },
      { description: "Nothing faulted", check: { noFault: true }, after: 3 },
    ],
  },
  hints: [
    "Lab 3's start_child does the same three steps; here the rights mask (r10) can stay 0.",
    "Page tables are frames too. The reaper's line `PMM free: a → b (+n frames)` says what came back; the kernel's `[pml4]` and `SYS_MAP_MEMORY` lines say what was taken. Is anything taken in your own address space?",
    "Mapping a page where your process has no page table yet makes the kernel allocate tables for it, and they stay yours. Your stack's page table covers 0x60_0000 to 0x7F_FFFF, and 0x70_0000 is free: put the window there.",
  ],
  solution: `${HEADER}${build("0x700000                ; inside the page table our stack already uses")}${TAIL}`,
  wrong: {
    // A window far from anything mapped: the kernel builds two page tables for it in the parent, and
    // they stay with the parent after the child is gone.
    source: `${HEADER}${build("0x50000000")}${TAIL}`,
    unmet: [4],
  },
};
