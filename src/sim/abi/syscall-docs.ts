/**
 * The syscalls in words, for the reference pages and the simulator's explanations: what each does, what
 * each argument and error means, notes. Keyed by the names in syscall-table.ts; a test checks that every
 * syscall, argument and error there has its words here.
 */
export interface SyscallDocs {
  readonly summary: string;
  readonly args: Readonly<Record<string, string>>;
  readonly returns: string;
  readonly errors: Readonly<Record<string, string>>;
  readonly notes: readonly string[];
}

export const SYSCALL_DOCS: Readonly<Record<string, SyscallDocs>> = {
  EXIT: {
    summary: "End the calling thread.",
    args: {
      code: "exit code, shown in the trace",
    },
    returns: "does not return",
    errors: {},
    notes: [
      "Upstream docs list SYS_EXIT = 0, but the code has no exit syscall: at 3833797 RAX = 0 returns u64::MAX.",
      "In the design profile the reaper frees the process when its last thread has exited.",
    ],
  },
  SEND: {
    summary: "Send a label and two data words to an endpoint.",
    args: {
      slot: "CNode slot of an Endpoint capability",
      label: "message label",
      data0: "first data word",
      data1: "second data word",
    },
    returns: "0 once a receiver has the message",
    errors: {
      EMPTY_SLOT: "slot is empty or >= 64",
      NO_RIGHTS: "Endpoint without WRITE",
      WRONG_TYPE: "not an Endpoint",
      NO_ENDPOINT: "endpoint id not in the global table",
    },
    notes: [
      "Fast path: if a receiver waits, the message is copied to it, it is made Ready, and the sender returns at once without blocking.",
      "Only two data words travel: the receiver's R10 (data2) is always 0.",
    ],
  },
  RECV: {
    summary: "Receive a message from an endpoint, blocking until one arrives.",
    args: {
      slot: "CNode slot of an Endpoint capability",
    },
    returns: "0; RDI = label, RSI = data0, RDX = data1, R10 = data2",
    errors: {
      EMPTY_SLOT: "slot is empty or >= 64",
      NO_RIGHTS: "Endpoint without READ",
      WRONG_TYPE: "not an Endpoint",
      NO_ENDPOINT: "endpoint id not in the global table",
    },
    notes: ["On error RDI and the other registers are left unchanged."],
  },
  PORT_OUT: {
    summary: "Write a byte (or a dword when width = 4) to an I/O port the capability covers.",
    args: {
      slot: "CNode slot of an IoPort capability",
      port: "port number, truncated to 16 bits before the range check",
      value: "value to write",
      width: "4 for 32-bit; any other value means 8-bit",
    },
    returns: "0",
    errors: {
      EMPTY_SLOT: "slot is empty or >= 64",
      NO_RIGHTS: "IoPort without WRITE",
      WRONG_TYPE: "not an IoPort",
      OUT_OF_RANGE: "port outside [base, base + size)",
    },
    notes: ["There is no 16-bit access."],
  },
  PORT_IN: {
    summary: "Read a byte (or a dword when width = 4) from an I/O port the capability covers.",
    args: {
      slot: "CNode slot of an IoPort capability",
      port: "port number, truncated to 16 bits before the range check",
      unused: "ignored",
      width: "4 for 32-bit; any other value means 8-bit",
    },
    returns: "0; RDI = the value read, zero-extended",
    errors: {
      EMPTY_SLOT: "slot is empty or >= 64",
      NO_RIGHTS: "IoPort without READ",
      WRONG_TYPE: "not an IoPort",
      OUT_OF_RANGE: "port outside [base, base + size)",
    },
    notes: [],
  },
  WAIT_IRQ: {
    summary: "Block until the interrupt line of an Interrupt capability fires.",
    args: {
      slot: "CNode slot of an Interrupt capability",
    },
    returns: "0 when woken by the interrupt",
    errors: {
      EMPTY_SLOT: "slot is empty or >= 64",
      WRONG_TYPE: "not an Interrupt",
      BAD_IRQ: "irq >= 16",
      IRQ_BUSY: "another thread already waits on that IRQ",
    },
    notes: [
      "No rights are checked.",
      "An IRQ that fires while nobody waits is not remembered: a later WAIT_IRQ blocks until the next one.",
    ],
  },
  SPAWN_PROCESS: {
    summary:
      "Create an empty process and put a Process capability (ALL rights) in the caller's first empty slot.",
    args: {},
    returns: "the slot index (0 to 63) holding the new Process capability",
    errors: {
      CNODE_FULL: "the caller's CNode is full (the child is still created and leaks)",
      OUT_OF_MEMORY: "no frame for the new PML4 (as built the kernel panics instead)",
    },
    notes: ["Anyone may call it: no capability is needed.", "The first empty slot is often slot 0."],
  },
  ALLOC_MEMORY: {
    summary: "Allocate one zeroed 4 KiB frame and put a MemoryFrame capability in a chosen slot.",
    args: {
      alloc_slot: "CNode slot of the PmmAllocator capability",
      target_slot: "empty slot for the new MemoryFrame capability",
    },
    returns: "0",
    errors: {
      EMPTY_SLOT: "alloc_slot is empty or >= 64",
      WRONG_TYPE: "not a PmmAllocator",
      NO_RIGHTS: "PmmAllocator without WRITE",
      OUT_OF_MEMORY: "no free frame",
      BAD_TARGET: "target_slot >= 64 or occupied (the frame is freed again)",
    },
    notes: ["The frame is allocated before the target slot is checked."],
  },
  MAP_MEMORY: {
    summary: "Map a frame into the address space of a process whose Process capability you hold.",
    args: {
      proc_slot: "CNode slot of a Process capability",
      frame_slot: "CNode slot of a MemoryFrame capability",
      vaddr: "4 KiB-aligned user virtual address",
      flags: "bit 0 = writable, bit 1 = executable",
    },
    returns: "0",
    errors: {
      EMPTY_SLOT: "proc_slot is empty or >= 64",
      NOT_PROCESS: "proc_slot is not a Process",
      EMPTY_FRAME_SLOT: "frame_slot is empty or >= 64",
      NOT_FRAME: "frame_slot is not a MemoryFrame",
      BAD_VADDR: "vaddr not 4 KiB aligned or not below 0x0000_8000_0000_0000",
      NO_PROCESS: "the pid is not in the process table",
      MAP_FAILED: "already mapped, or out of memory for a page-table frame",
    },
    notes: [
      "No rights are checked on either capability.",
      "W^X is not enforced: flags = 3 maps the page writable and executable.",
      "The MemoryFrame capability stays, so the same frame can be mapped again elsewhere.",
    ],
  },
  DELEGATE: {
    summary: "Copy a capability into an empty slot of another process's CNode.",
    args: {
      proc_slot: "CNode slot of the target's Process capability",
      src_slot: "slot of the capability to copy",
      dst_slot: "empty slot in the target's CNode",
      rights_mask: "design only: rights to keep (0 keeps all); ignored as built",
    },
    returns: "0",
    errors: {
      EMPTY_SLOT: "proc_slot is empty or >= 64",
      NOT_PROCESS: "proc_slot is not a Process",
      EMPTY_SRC_SLOT: "src_slot is empty or >= 64",
      NO_PROCESS: "target pid not in the process table",
      BAD_DST: "dst_slot >= 64 or occupied",
    },
    notes: [
      "As built the copy has the same rights: GRANT is not checked and nothing can reduce rights.",
      "Design: the copy gets rights AND mask, so delegation can only remove rights.",
    ],
  },
  SPAWN_THREAD: {
    summary: "Create a thread in a process, starting at (rip, rsp) in ring 3.",
    args: {
      proc_slot: "CNode slot of a Process capability",
      user_rip: "entry point",
      user_rsp: "initial stack pointer",
    },
    returns: "the new thread's TID",
    errors: {
      EMPTY_SLOT: "proc_slot is empty or >= 64",
      NOT_PROCESS: "proc_slot is not a Process",
      NO_PROCESS: "pid not in the process table",
      OUT_OF_MEMORY: "no 4 frames for the thread's kernel stack (as built the kernel panics instead)",
    },
    notes: ["As built the thread is queued on BOOT_QUEUE, drained only at boot: it never runs."],
  },
  DROP_CAP: {
    summary: "Empty a slot of the caller's CNode.",
    args: {
      slot: "slot to empty",
    },
    returns: "0",
    errors: {
      EMPTY_SLOT: "slot is empty or >= 64",
    },
    notes: ["The object is not freed: a frame stays allocated and mapped; copies elsewhere stay valid."],
  },
};
