import type { Lab } from "./lab";

const HEADER = `; Lab 6: your own heap.
; Slots: 1 PmmAllocator (SLOT_PMM), 2 COM1, 3 this process (SLOT_SELF). Nothing is mapped at
; HEAP_BASE (0x4000_0000) yet. Page 1 is done: a frame from the allocator, mapped writable there,
; written and read back.
_start:
  mov rax, SYS_ALLOC_MEMORY
  mov rdi, SLOT_PMM
  mov rsi, 10                   ; the new frame's MemoryFrame capability goes in slot 10
  syscall
  mov rax, SYS_MAP_MEMORY
  mov rdi, SLOT_SELF            ; into this process...
  mov rsi, 10                   ; ...the frame in slot 10...
  mov rdx, HEAP_BASE            ; ...at this address...
  mov r10, 1                    ; ...with these flags: bit 0 writable, bit 1 executable
  syscall
  mov rbx, HEAP_BASE
  mov qword [rbx], 0x1111
  mov rbx, qword [rbx]          ; read back: rbx = 0x1111
`;

const EXIT = `  mov rax, SYS_EXIT
  mov rdi, 0
  syscall
`;

/** Page 3, mapped with `flags`, then written to. */
const page3 = (flags: string, comment: string) => `  ; Page 3: read-only, then a write to it.
  mov rax, SYS_ALLOC_MEMORY
  mov rdi, SLOT_PMM
  mov rsi, 12
  syscall
  mov rax, SYS_MAP_MEMORY
  mov rdi, SLOT_SELF
  mov rsi, 12
  mov rdx, HEAP_BASE + 2 * PAGE_SIZE
  mov r10, ${flags}${comment}
  syscall
  mov rbx, HEAP_BASE + 2 * PAGE_SIZE
  mov qword [rbx], 0x3333
`;

const PAGE_2 = `  ; Page 2: writable, right after page 1.
  mov rax, SYS_ALLOC_MEMORY
  mov rdi, SLOT_PMM
  mov rsi, 11
  syscall
  mov rax, SYS_MAP_MEMORY
  mov rdi, SLOT_SELF
  mov rsi, 11
  mov rdx, HEAP_BASE + PAGE_SIZE
  mov r10, 1
  syscall
  mov rbx, HEAP_BASE + PAGE_SIZE
  mov qword [rbx], 0x2222
  mov rbx, qword [rbx]
`;

export const yourOwnHeap: Lab = {
  id: "your-own-heap",
  sprints: ["2", "7–9"],
  title: "Your own heap",
  summary:
    "Allocate frames and map them into your address space, write and read back, then map a page read-only and write to it.",
  edit: "heap",
  scenario: {
    version: 1,
    id: "lab-your-own-heap",
    title: "Lab 6: Your own heap",
    profile: "design",
    machine: { cores: 1, quantumCycles: 10_000, memoryMiB: 64, virtio: false, bootLog: false },
    programs: {
      heap: {
        source: `${HEADER}  ; TODO 1: page 2, writable, at HEAP_BASE + PAGE_SIZE (its capability in slot 11). Write 0x2222 at
  ;         its start and read it back into rbx.
  ; TODO 2: page 3, read-only, at HEAP_BASE + 2 * PAGE_SIZE (slot 12). Then write to it, and read the
  ;         report the kernel prints.

${EXIT}`,
      },
    },
    processes: [
      {
        name: "heap",
        program: "heap",
        caps: [
          { slot: 1, cap: { kind: "PmmAllocator" }, rights: "ALL" },
          { slot: 2, cap: { kind: "IoPort", base: 0x3f8, size: 8 }, rights: "ALL" },
          { slot: 3, cap: { kind: "Process", pid: 1 }, rights: "ALL" },
        ],
      },
    ],
    goals: [
      {
        description: "Your second page holds 0x2222 at 0x4000_1000",
        check: { process: "heap", memory: "0x40001000", equals: "0x2222", size: 8 },
      },
      {
        description: "You read it back: rbx holds 0x2222",
        check: { process: "heap", register: "rbx", equals: "0x2222" },
      },
      {
        description: "Writing to the read-only page at 0x4000_2000 faults",
        check: { console: "Faulting address (CR2): 0x0000000040002000" },
      },
      {
        description: "The report says why: a protection violation, the page is there but not writable",
        check: { console: "Protection violation" },
      },
      {
        description: "Only your process dies: the reaper takes it apart and the machine runs on",
        check: { process: "heap", state: "reaped" },
        after: 3,
      },
    ],
  },
  hints: [
    "Each page is the same two syscalls as page 1, with its own slot (11, 12) and its own address (HEAP_BASE + PAGE_SIZE, HEAP_BASE + 2 * PAGE_SIZE).",
    "MAP_MEMORY's flags are not mmap's: bit 0 means writable, not readable. A read-only page has flags 0.",
    "The write that faults: `mov rbx, HEAP_BASE + 2 * PAGE_SIZE` then `mov qword [rbx], 0x3333`. Nothing after it runs.",
  ],
  solution: `${HEADER}${PAGE_2}${page3("0", "                    ; not writable, not executable")}${EXIT}`,
  wrong: {
    // mmap's habit: PROT_READ is 1. Here 1 means writable, so the write to page 3 succeeds.
    source: `${HEADER}${PAGE_2}${page3("1", "                    ; read")}${EXIT}`,
    unmet: [3, 4, 5],
  },
};
